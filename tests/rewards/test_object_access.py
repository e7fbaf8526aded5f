"""Object-level checks (issue 6): a role that may open a kind of page still sees only its own objects.

Answers follow the rest of the portal (issue 10 §3): an object the user may not see answers exactly like
a missing one (404), in any campaign; 403 is for a role refused an action on an object it may see (a
colleague's registration form: the colleague is no secret).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from campaigns.models import AwardForm, Person, Registration, Unit
from demo.rewards import SECTIONS_EXAMPLE
from rewards import services
from rewards.models import Nomination, NominationStatus, SealedChoice
from tests.rewards.conftest import XA

OTHER_UNIT = "Bộ phận Tiếp nhận và Trả kết quả"  # headed by phochutich; canbo heads Hội Nông dân xã


@pytest.fixture
def other_units_nomination(configured, users) -> Nomination:
    """A draft of phochutich (head of the one-stop desk) for one of the desk's people."""
    return services.nomination_create(
        actor=users["phochutich"],
        campaign=configured,
        award_form=AwardForm.objects.get(code=XA),
        sections=SECTIONS_EXAMPLE,
        person=Person.objects.get(full_name="Huỳnh Văn Sang"),
    )


def _urls(nomination) -> dict[str, str]:
    args = [nomination.campaign.slug, nomination.pk]
    return {name: reverse(f"rewards:nomination-{name}", args=args) for name in ("detail", "edit", "submit")}


def test_unit_head_cannot_view_edit_or_submit_another_units_draft(other_units_nomination, client_as):
    urls = _urls(other_units_nomination)
    canbo = client_as("canbo")
    assert canbo.get(urls["detail"]).status_code == 404
    assert canbo.get(urls["edit"]).status_code == 404
    posted = canbo.post(urls["edit"], {**SECTIONS_EXAMPLE, "achievements": "Sửa trộm.", "version": 1})
    assert posted.status_code == 404
    assert canbo.post(urls["submit"]).status_code == 404
    other_units_nomination.refresh_from_db()
    assert other_units_nomination.status == NominationStatus.DRAFT
    assert other_units_nomination.achievements == SECTIONS_EXAMPLE["achievements"]
    listing = canbo.get(reverse("rewards:nomination-list", args=[other_units_nomination.campaign.slug]))
    assert "Huỳnh Văn Sang" not in listing.content.decode()
    # The unit's own head sees and edits it: the 404 above is about the object, not the pages.
    assert client_as("phochutich").get(urls["edit"]).status_code == 200


def test_unit_head_cannot_touch_another_units_nomination_once_submitted_or_returned(
    other_units_nomination, users, client_as
):
    nomination = services.nomination_submit(actor=users["phochutich"], nomination=other_units_nomination)
    urls = _urls(nomination)
    assert client_as("canbo").get(urls["detail"]).status_code == 404
    services.nomination_return(actor=users["vanphong"], nomination=nomination, reason="Bổ sung số liệu.")
    assert client_as("canbo").get(urls["edit"]).status_code == 404
    assert client_as("canbo").post(urls["submit"]).status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED


def test_unit_head_cannot_nominate_someone_of_another_unit_by_forging_the_form(configured, client_as):
    sang = Person.objects.get(full_name="Huỳnh Văn Sang")
    desk = Unit.objects.get(name=OTHER_UNIT)
    url = reverse("rewards:nomination-create", args=[configured.slug])
    form = AwardForm.objects.get(code=XA)
    for nominee in (f"person:{sang.pk}", f"unit:{desk.pk}"):
        response = client_as("canbo").post(url, {"award_form": form.pk, "nominee": nominee, **SECTIONS_EXAMPLE})
        assert response.status_code == 200
        assert "Hãy chọn tập thể hoặc cá nhân trong danh sách." in response.content.decode()
    assert not Nomination.objects.filter(campaign=configured).exists()


def test_unit_head_cannot_open_another_units_registration_page(campaign, client_as):
    desk = Unit.objects.get(name=OTHER_UNIT)
    sang = Person.objects.get(full_name="Huỳnh Văn Sang")
    canbo = client_as("canbo")
    for kind, pk in (("tap-the", desk.pk), ("ca-nhan", sang.pk)):
        url = reverse("campaigns:registration-edit", args=[campaign.slug, kind, pk])
        assert canbo.get(url).status_code == 403
        criterion = campaign.criteria.first()
        assert canbo.post(url, {f"commit_{criterion.pk}": "on", "commitment_text": "Giả mạo."}).status_code == 403
    assert not Registration.objects.filter(campaign=campaign, commitment_text="Giả mạo.").exists()
    own = Unit.objects.get(name="Hội Nông dân xã")
    assert canbo.get(reverse("campaigns:registration-edit", args=[campaign.slug, "tap-the", own.pk])).status_code == 200


# --- Secret ballot -----------------------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _pages_seen(client_as, ballot) -> dict[tuple[str, str], str]:
    slug, meeting = ballot.meeting.campaign.slug, ballot.meeting
    urls = [
        reverse("rewards:meeting-list", args=[slug]),
        reverse("rewards:meeting-detail", args=[slug, meeting.pk]),
        reverse("rewards:meeting-minutes", args=[slug, meeting.pk]),
        reverse("rewards:nomination-detail", args=[slug, ballot.nomination_id]),
        reverse("rewards:nomination-list", args=[slug]),
        reverse("rewards:approval", args=[slug]),
        reverse("documents:document-list", args=[slug]),
        reverse("home"),
    ]
    seen = {}
    for username in ("hoidong", "vanphong", "chutich"):
        client = client_as(username)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            seen[(username, url)] = CSRF.sub("", response.content.decode())
    audit = client_as("vanphong").get(reverse("audit-log"))
    seen[("vanphong", "audit")] = CSRF.sub("", audit.content.decode())
    return seen


def test_no_page_reveals_what_a_member_chose_while_the_ballot_is_open(online_ballot, users, client_as):
    """Every page the members and managers can open is the same whichever way the first voter chose:
    the pages depend on who voted, never on the choice (the tally is shown only once closed)."""
    url = reverse("rewards:ballot-vote", args=[online_ballot.meeting.campaign.slug, online_ballot.pk])
    client_as("phochutich").post(url, {"choice": "agree"})
    online_ballot.refresh_from_db()
    assert SealedChoice.objects.get(ballot=online_ballot).agree
    after_agree = _pages_seen(client_as, online_ballot)
    # The same world, except that the vote was "disagree" (what the service would have stored).
    SealedChoice.objects.filter(ballot=online_ballot).update(agree=False)
    after_disagree = _pages_seen(client_as, online_ballot)
    differing = [key for key in after_agree if after_agree[key] != after_disagree[key]]
    assert differing == []
    slug = online_ballot.meeting.campaign.slug
    meeting_url = reverse("rewards:meeting-detail", args=[slug, online_ballot.meeting_id])
    detail = after_agree[("hoidong", meeting_url)]
    assert "1/4 thành viên có mặt đã bỏ phiếu" in detail


def test_minutes_show_the_tally_of_an_online_ballot_once_it_is_closed(online_ballot, users, client_as):
    slug = online_ballot.meeting.campaign.slug
    minutes_url = reverse("rewards:meeting-minutes", args=[slug, online_ballot.meeting_id])
    for username in ("chutich", "phochutich", "hoidong"):
        services.ballot_cast(actor=users[username], ballot=online_ballot, agree=True)
    open_page = client_as("hoidong").get(minutes_url).content.decode()
    assert "Chưa có kết quả: số phiếu chỉ có khi phiếu kết thúc" in open_page
    services.ballot_cast(actor=users["vanphong"], ballot=online_ballot, agree=False)  # the last one present
    closed_page = client_as("hoidong").get(minutes_url).content.decode()
    assert "<td>4</td><td>3</td><td>1</td><td>0</td><td>0</td>" in closed_page


def test_who_may_nominate_at_all(world, users):
    # The officer anyone, a unit head their unit, the district never (one query: the list shows it).
    from rewards.policies import headed_units, may_nominate_at_all
    from tanbinh_portal.roles import DISTRICT, OFFICER, has_role

    def expected(user) -> bool:
        return has_role(user, OFFICER) or (not has_role(user, DISTRICT) and bool(headed_units(user)))

    assert any(headed_units(u) and not has_role(u, OFFICER) for u in users.values())
    assert any(not headed_units(u) and not has_role(u, OFFICER) for u in users.values())
    for user in users.values():
        assert may_nominate_at_all(user) == expected(user), user.username
    head = next(u for u in users.values() if headed_units(u) and not has_role(u, OFFICER))
    Unit.objects.filter(head__user=head).update(is_active=False)
    assert not may_nominate_at_all(head)
