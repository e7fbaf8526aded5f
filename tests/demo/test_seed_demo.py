import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from campaigns.models import Campaign, Person, Registration, Unit
from tanbinh_portal import roles
from tanbinh_portal.models import AuditEvent
from tests.shared_world import SEEDED, SHARED


def counts():
    return (
        Campaign.objects.count(),
        Unit.objects.count(),
        Person.objects.count(),
        Registration.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def seeded_demo(db):
    """The database after a first `seed_demo` (dossiers included). The tests that read it or run the command
    again over it share one run per process (tests/shared_world.py, SEEDED); each test's writes are rolled back."""
    if not SHARED.has(SEEDED):
        call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_twice_gives_the_same_data(seeded_demo, capsys):
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    out = capsys.readouterr().out
    assert "chutich" in out and "demo-password-for-tests" in out


def test_the_2026_campaign_belongs_to_the_new_commune_and_2022_stays_with_the_district(seeded_demo):
    """The 2025 reform in the demo: the three communes of huyện Tân Biên end on 30/06/2025 and merge into the
    new xã Tân Bình under the province, which holds the 2026 campaign and its log, units and staff."""
    import datetime as dt

    from campaigns.places import place_choose
    from campaigns.selectors import campaign_list_for
    from documents.models import SigningImage
    from kpi.models import DossierImport

    current = Campaign.objects.select_related("commune").get(slug="tan-binh-cchc-2026")
    new = current.commune
    assert (new.code, new.name, new.district, new.valid_from) == (
        "tan-binh-2025",
        "Tân Bình",
        None,
        dt.date(2025, 7, 1),
    )
    for slug in ("tan-binh-cchc-2022", "thanh-tay-cchc-2022", "tan-phong-cchc-2022"):
        old = Campaign.objects.select_related("commune__district").get(slug=slug).commune
        assert old.district.code == "tan-bien" and old.valid_until == dt.date(2025, 6, 30) and old.successor == new
    desk = Unit.objects.get(commune=new, name="Bộ phận Tiếp nhận và Trả kết quả")
    assert desk.name_on(dt.date(2026, 1, 1)) == "Trung tâm Phục vụ hành chính công xã"
    assert set(current.registrations.values_list("unit__commune", flat=True)) <= {new.pk, None}
    assert DossierImport.objects.filter(commune=new, status="applied").count() == 1
    assert set(SigningImage.objects.filter(commune=new).values_list("kind", flat=True)) == {"signature", "seal"}
    assert Person.objects.get(user__username="canbo").commune == new
    noivu, sonoivu, chutich = (User.objects.get(username=name) for name in ("noivu", "sonoivu", "chutich"))
    for user in (noivu, sonoivu, chutich):
        place_choose(user, None)
    assert set(campaign_list_for(noivu).values_list("slug", flat=True)) == {
        "tan-binh-cchc-2022",
        "thanh-tay-cchc-2022",
        "tan-phong-cchc-2022",
    }
    assert "tan-binh-cchc-2026" in set(campaign_list_for(sonoivu).values_list("slug", flat=True))
    # The officials of xã Tân Bình land at the new commune; the old one's 2022 campaign is a switch away.
    assert list(campaign_list_for(chutich).values_list("slug", flat=True)) == ["tan-binh-cchc-2026"]


@pytest.mark.django_db
def test_seed_demo_builds_the_2022_plan_and_one_account_per_role():
    call_command("seed_demo", "--no-dossiers")
    campaign = Campaign.objects.get(slug="tan-binh-cchc-2022")
    # The award round closes the campaign; the chairman's approval of the summary report marks it summarised.
    assert campaign.status == "summarised"
    assert campaign.criteria.count() == 10 and campaign.award_options.count() == 3
    tan_binh = {"commune__code": "tan-binh"}
    assert 10 <= Unit.objects.filter(**tan_binh).count() <= 14 and 25 <= Person.objects.filter(**tan_binh).count() <= 35
    expected = {
        "chutich": roles.CHAIRMAN,
        "phochutich": roles.VICE_CHAIRMAN,
        "vanphong": roles.OFFICER,
        "hoidong": roles.COUNCIL,
        "motcua": roles.ONE_STOP,
        "canbo": roles.STAFF,
        "noivu": roles.DISTRICT,
        "quantri": roles.COMMUNE_ADMIN,
        "sonoivu": roles.PROVINCE,
        "thanhtay.chutich": roles.CHAIRMAN,
        "tanphong.vanphong": roles.OFFICER,
    }
    for username, role in expected.items():
        assert User.objects.get(username=username).role_assignments.filter(role=role, withdrawn_at=None).exists()
        assert User.objects.get(username=username).check_password("demo-password-for-tests")
    places = {
        "noivu": ("district", "tan-bien"),
        "sonoivu": ("province", "tay-ninh"),
        "quantri": ("commune", "tan-binh"),
        "thanhtay.chutich": ("commune", "thanh-tay"),
    }
    for username, (kind, code) in places.items():
        assert User.objects.get(username=username).role_assignments.filter(**{f"{kind}__code": code}).exists()
    # The two more communes are built without their logs too (--no-dossiers), their plans launched.
    assert set(
        Campaign.objects.filter(slug__in=["thanh-tay-cchc-2022", "tan-phong-cchc-2022"]).values_list(
            "status", flat=True
        )
    ) == {"launched"}
    assert User.objects.get(username="admin").is_superuser
    _assert_a_realistic_organisation()


def _assert_a_realistic_organisation():
    """Every collective has its own headcount, never fewer than the people the portal records in it (a
    mass organisation far more than its recorded head and deputy); every person a year of birth that
    makes them of working age in 2022 and still in office in 2026."""
    for unit in Unit.objects.all():
        recorded = unit.members.count()
        assert unit.member_count is not None and unit.member_count >= max(recorded, 1), unit.name
        if unit.unit_type == "mass_org":
            assert unit.member_count > 10 * recorded, unit.name
    for person in Person.objects.all():
        assert person.year_of_birth is not None, person.full_name
        assert 2022 - person.year_of_birth >= 18 and 2026 - person.year_of_birth <= 66, person.full_name
    # The Đoàn's secretary is a young cán bộ (Đoàn members are 16–30); the CCB's chairman a veteran.
    # (In every commune of the demo.)
    assert all(2022 - p.year_of_birth <= 30 for p in Person.objects.filter(position__startswith="Bí thư Đoàn"))
    veterans = Person.objects.filter(position="Chủ tịch Hội Cựu chiến binh xã")
    assert veterans.exists() and all(2022 - p.year_of_birth >= 50 for p in veterans)


def test_an_older_demo_database_gets_the_member_counts_on_the_next_run(db):
    """Seeding a database built before the member count existed fills it in (idempotent, audited)."""
    from demo.campaigns import build_demo
    from tanbinh_portal.models import AuditEvent

    build_demo()
    Unit.objects.update(member_count=None)
    Person.objects.update(year_of_birth=None)
    build_demo()
    _assert_a_realistic_organisation()
    assert (
        AuditEvent.objects.filter(action="unit.update", changes__has_key="member_count").count() == Unit.objects.count()
    )


@pytest.mark.django_db
def test_seed_demo_refuses_when_debug_is_off(settings):
    """Production settings do not load the demo app (tests/demo/test_commands.py); loaded by hand there
    (DEBUG and DEMO_DATA off), the command still refuses and writes nothing."""
    settings.DEBUG = False
    settings.DEMO_DATA = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert Campaign.objects.count() == 0


def test_seed_demo_if_empty_leaves_existing_data_alone(seeded_demo, capsys):
    before = counts()
    call_command("seed_demo", "--if-empty")
    assert counts() == before
    assert "bỏ qua" in capsys.readouterr().out


def test_generated_demo_password_is_kept_for_the_next_run(settings, tmp_path):
    from demo.campaigns import demo_password

    settings.DEMO_PASSWORD = None
    settings.VAR_DIR = tmp_path
    password, generated = demo_password()
    again, generated_again = demo_password()
    assert generated and not generated_again and password == again
    assert (tmp_path / "demo-password.txt").stat().st_mode & 0o077 == 0


def test_the_districts_inbox_holds_each_communes_2022_summary_report(seeded_demo, client):
    """January 2023: Tân Bình's summary report received, Thạnh Tây's returned with a reason, Tân Phong's sent;
    all to huyện Tân Biên, on the dates of the story. Phòng Nội vụ's inbox lists them, Sở Nội vụ's does not."""
    import datetime as dt

    from django.urls import reverse

    from documents.models import Submission

    by_commune = {s.commune.code: s for s in Submission.objects.select_related("commune", "district")}
    assert {code: s.status for code, s in by_commune.items()} == {
        "tan-binh": "received",
        "thanh-tay": "returned",
        "tan-phong": "sent",
    }
    for submission in by_commune.values():
        assert submission.district.code == "tan-bien" and submission.province is None
        assert submission.sent_on == dt.date(2023, 1, 13) and submission.kind == "summary"
        assert submission.document.status == "done" and submission.document.file
    assert by_commune["tan-binh"].received_on == dt.date(2023, 1, 16)
    assert "Hộ tịch" in by_commune["thanh-tay"].steps.get(action="return").reason
    client.force_login(User.objects.get(username="noivu"))
    page = client.get(reverse("documents:inbox")).content.decode()  # the district's year: 2022
    assert page.count("13/01/2023") >= 3 and all(name in page for name in ("Tân Bình", "Thạnh Tây", "Tân Phong"))
    # The province's inbox holds what was sent to the province: none of 2022's papers.
    client.force_login(User.objects.get(username="sonoivu"))
    page = client.get(reverse("documents:inbox"), {"nam": 2022}).content.decode()
    assert "13/01/2023" not in page


def test_the_2026_demo_has_portal_ratings_inside_the_story_and_codes_valid_today(seeded_demo):
    import datetime as dt

    from django.conf import settings

    from kpi.models import CitizenRating, RatingTicket
    from kpi.ratings_tokens import token_problem
    from tanbinh_portal.scoping import all_communes

    with all_communes():
        ratings = list(CitizenRating.objects.filter(dossier__received_date__year=2026).select_related("dossier"))
        assert len(ratings) == 80
        for rating in ratings:
            returned = rating.dossier.returned_at or rating.dossier.result_at
            assert returned <= rating.created_at <= returned + dt.timedelta(days=settings.RATING_VALID_DAYS)
            assert rating.created_at.date() <= dt.date(2026, 10, 30)
            assert rating.level != 3 or rating.reasons
        assert sum(r.level == 3 for r in ratings) == 7 and sum(r.harassment for r in ratings) == 2
        in_process = RatingTicket.objects.filter(dossier__result_date__isnull=True).select_related("dossier")
        assert in_process.count() == 5 and all(token_problem(t.dossier) is None for t in in_process)
        assert all(t.short_code for t in in_process)


def test_the_new_communes_counter_has_its_address_and_phone_set_once_by_the_officer(seeded_demo):
    from campaigns.models import Commune
    from demo.campaigns import ONE_STOP_CONTACT
    from tanbinh_portal.audit import AuditAction

    new = Commune.objects.get(code="tan-binh-2025")
    assert (new.one_stop_address, new.one_stop_phone) == (ONE_STOP_CONTACT["address"], ONE_STOP_CONTACT["phone"])
    call_command("seed_demo", stdout=io.StringIO())  # idempotent: no second change, no second audit row
    event = AuditEvent.objects.get(action=AuditAction.COMMUNE_CONTACT_SET)
    assert event.actor.username == "vanphong" and event.commune_id == new.pk
