"""Enforces docs/permissions.md: every URL for every role, and anonymous users sent to login."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from campaigns.models import Criterion, Person, Unit
from rewards.models import BallotItem, CouncilMeeting, Decision, EligibilityRule, EvidenceFile
from tanbinh_portal.models import Notification
from tests.conftest import ROLE_USERS
from tests.factories import SECOND_COMMUNE_MARKERS
from tests.rewards.helpers import draft_with_evidence_file, ensure_award_round, nomination_of

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
ROLE_COLUMNS = ["CT", "PCT", "VP", "HĐ", "MC", "CB", "NV", "QT", "SNV"]
# column -> demo username: the seven roles of ROLE_USERS, then the commune's account administrator and the
# province's reviewer (issue 15).
COLUMN_ROLE = dict(zip(ROLE_COLUMNS, [*ROLE_USERS.values(), "quantri", "sonoivu"], strict=True))
# Commune B lies in the same province (another district): the province's reviewer sees it by design, so
# the cross-commune pass covers every other column.
CROSS_COMMUNE_COLUMNS = [column for column in ROLE_COLUMNS if column != "SNV"]
XA = "giay-khen-chu-tich-xa-2017"
NOT_IN_MATRIX = {"login", "logout"}
HIDDEN = "404"  # the role may not see the object the row opens: it answers exactly like a missing one
PUBLIC = "công khai"  # a public page (no login): every role and anonymous visitors open it


def matrix_rows() -> list[dict]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 + len(ROLE_COLUMNS) or cells[0] in {"URL name", ""} or set(cells[0]) <= {"-"}:
            continue
        rows.append(
            {
                "name": cells[0],
                "method": cells[1],
                "allowed": {col for col, cell in zip(ROLE_COLUMNS, cells[3:], strict=True) if cell in ("✓", PUBLIC)},
                "public": all(cell == PUBLIC for cell in cells[3:]),
                "hidden": {col for col, cell in zip(ROLE_COLUMNS, cells[3:], strict=True) if cell == HIDDEN},
            }
        )
    return rows


def portal_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def plan_document(campaign):
    """A finished plan PDF (rendered once per test, through the service and the eager task)."""
    from documents.models import GeneratedDocument
    from documents.services import document_render, document_request

    existing = GeneratedDocument.objects.filter(campaign=campaign, kind="ke-hoach", status="done").first()
    if existing:
        return existing
    queued = document_request(actor=User.objects.get(username="vanphong"), campaign=campaign, kind="ke-hoach")
    # Tests run inside a transaction, so the on-commit task never fires: run its service here.
    return document_render(document_id=queued.pk)


def any_dossier_import(campaign, username: str):
    """A finished (rejected) import record uploaded by this user, created on first use.

    The user's own: the one-stop desk sees only the imports it uploaded (tests/kpi/test_import_access.py
    checks that another's answers 404).
    """
    from kpi.models import DossierImport

    user = User.objects.get(username=username)
    record = DossierImport.objects.filter(created_by=user).first()
    if record is None:
        record = DossierImport.objects.create(
            commune=campaign.commune,
            file_name="so.csv",
            sha256="0" * 64,
            status="rejected",
            created_by=user,
            errors=[{"row": 2, "column": "Kênh nộp", "value": "9", "reason": "Kênh nộp không hợp lệ."}],
        )
    return record


def signing_image(campaign, kind: str):
    """The chairman's signature or the commune's seal (a demo sample), uploaded through the service once."""
    from demo.signing_images import sample_seal_png, sample_signature_png
    from documents.models import SigningImage
    from documents.services import signing_image_upload

    chairman = User.objects.get(username="chutich")
    existing = SigningImage.objects.filter(commune=campaign.commune, kind=kind).first()
    if existing:
        return existing
    data = sample_signature_png("Lê Văn Tài") if kind == "signature" else sample_seal_png("UBND xã Tân Bình")
    return signing_image_upload(actor=chairman, commune=campaign.commune, kind=kind, data=data)


def matrix_dossier(campaign, officer: str = "vanphong", desk: str = "motcua"):
    """A dossier still in progress (its rating code stays valid) with its code issued, imported on first use."""
    import tempfile
    from pathlib import Path

    from kpi.models import Dossier
    from kpi.services import dossier_import_from_path, rating_ticket_issue
    from tests.kpi.conftest import row, write_csv

    dossier = Dossier.objects.filter(commune=campaign.commune, code="HS-MATRIX").first()
    if dossier is None:
        pending = row("HS-MATRIX", **{"Trạng thái": "4", "Ngày có kết quả": "", "Ngày hẹn trả": "10/03/2022"})
        with tempfile.TemporaryDirectory() as folder:
            path = write_csv(Path(folder) / "so.csv", [pending])
            dossier_import_from_path(
                actor=User.objects.get(username=officer), commune=campaign.commune, path=path, dry_run=False
            )
        dossier = Dossier.objects.get(commune=campaign.commune, code="HS-MATRIX")
    if not hasattr(dossier, "rating_ticket"):
        rating_ticket_issue(actor=User.objects.get(username=desk), dossier=dossier)
    return dossier


def rating_token(campaign) -> str:
    from kpi.ratings_tokens import token_for

    return token_for(matrix_dossier(campaign).rating_ticket)


def sent_bundle(campaign):
    """A bundle of the demo's round, signed and sent to huyện Tân Biên on 20/11/2022 (once)."""
    import datetime as dt

    from documents.kinds import KindCode
    from documents.models import Submission
    from documents.services import submission_send
    from tests.documents.test_receiving import finished

    existing = Submission.objects.filter(campaign=campaign).first()
    if existing:
        return existing
    chairman = User.objects.get(username="chutich")
    bundle = finished(campaign, KindCode.DISTRICT_BUNDLE, chairman)
    return submission_send(actor=chairman, document=bundle, on=dt.date(2022, 11, 20))


def url_for(name: str, campaign, username: str) -> str:
    """A concrete URL for a row, using objects of the demo (the user's own where that matters)."""
    slug = campaign.slug
    own = Person.objects.filter(user__username=username).first() or Person.objects.first()
    args = {
        "notification-open": lambda: [Notification.objects.filter(recipient__username=username).first().pk],
        "campaigns:criterion-edit": lambda: [slug, Criterion.objects.filter(campaign=campaign).first().pk],
        "campaigns:criterion-delete": lambda: [slug, Criterion.objects.get(campaign=campaign, order=10).pk],
        "campaigns:step-edit": lambda: [slug, 1],
        "campaigns:registration-edit": lambda: [slug, "ca-nhan", own.pk],
        "campaigns:unit-edit": lambda: [Unit.objects.first().pk],
        "campaigns:person-edit": lambda: [Person.objects.first().pk],
        "documents:document-generate": lambda: [slug, "ke-hoach"],
        "documents:document-progress": lambda: [slug, plan_document(campaign).pk],
        "documents:document-download": lambda: [slug, plan_document(campaign).pk],
        "documents:document-receive": lambda: [slug, plan_document(campaign).pk],
        "documents:document-sign": lambda: [slug, plan_document(campaign).pk],
        "documents:submission-send": lambda: [slug, plan_document(campaign).pk],
        **{
            f"documents:submission-{step}": lambda: [sent_bundle(campaign).pk]
            for step in ("detail", "receive", "return", "outcome")
        },
        # The chairman's signature: only its owner sees it (the office officer gets 404, like a missing one).
        "documents:signing-image": lambda: [signing_image(campaign, "signature").pk],
        "documents:signing-image-delete": lambda: [signing_image(campaign, "seal").pk],
        **_rewards_args(campaign),
        "rewards:progress-person": lambda: [slug, own.pk],
        "rewards:progress-unit": lambda: [slug, Unit.objects.get(name="Hội Nông dân xã").pk],
        "kpi:import-detail": lambda: [any_dossier_import(campaign, username).pk],
        "kpi:import-progress": lambda: [any_dossier_import(campaign, username).pk],
        "kpi:import-errors": lambda: [any_dossier_import(campaign, username).pk],
        "kpi:import-retry": lambda: [any_dossier_import(campaign, username).pk],
        "kpi:monthly-edit": lambda: [slug, "2022-03"],
        "campaigns:monthly-field-edit": lambda: [slug, campaign.monthly_fields.get(key="surveys").pk],
        "campaigns:monthly-field-delete": lambda: [slug, campaign.monthly_fields.get(key="e_documents").pk],
        "kpi:monthly-submit": lambda: [slug, "2022-03"],
        "kpi:monthly-lock": lambda: [slug, "2022-03"],
        "kpi:monthly-unlock": lambda: [slug, "2022-03"],
        "kpi:dossier-ticket": lambda: [matrix_dossier(campaign).pk],
        "kpi:dossier-receipt": lambda: [matrix_dossier(campaign).pk],
        "kpi:dossier-slip": lambda: [matrix_dossier(campaign).pk],
        "kpi:dossier-screen": lambda: [matrix_dossier(campaign).pk],
        "public:rating": lambda: [rating_token(campaign)],
        "public:rating-done": lambda: [rating_token(campaign)],
        "public:results": lambda: [campaign.commune.code, slug],
        **_account_args(),
    }.get(name)
    if args:
        return reverse(name, args=args())
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse(name, args=[slug])


def _account_args() -> dict:
    """The account administration rows use the office officer's account and its role."""

    def account():
        return [User.objects.get(username="vanphong").pk]

    def assignment():
        user = User.objects.get(username="vanphong")
        return [user.pk, user.role_assignments.filter(withdrawn_at__isnull=True).first().pk]

    names = ("detail", "edit", "role-grant", "password-reset", "deactivate", "reactivate")
    return {f"campaigns:account-{name}": account for name in names} | {"campaigns:account-role-withdraw": assignment}


def _rewards_args(campaign) -> dict:
    """Rewards rows use the demo's award round (built by the ``award_round`` fixture)."""
    slug = campaign.slug

    def decided():
        return [slug, nomination_of(campaign, "Võ Thị Lan", XA).pk]  # MC sees its own

    def ineligible():
        return [slug, nomination_of(campaign, "Trương Văn Lợi").pk]

    def meeting():
        return [slug, CouncilMeeting.objects.filter(campaign=campaign).first().pk]

    def ballot():
        return [slug, BallotItem.objects.filter(meeting__campaign=campaign).first().pk]

    args = {
        "rewards:index": list,
        "rewards:nomination-detail": decided,
        "rewards:nomination-propose": decided,
        "rewards:nomination-outcome": lambda: [
            slug,
            nomination_of(campaign, "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã").pk,
        ],
        "rewards:rule-delete": lambda: [slug, EligibilityRule.objects.filter(campaign=campaign).first().pk],
        "rewards:decision-detail": lambda: [slug, Decision.objects.filter(campaign=campaign).first().pk],
        "rewards:history-person": lambda: [Person.objects.get(full_name="Võ Thị Lan").pk],
        "rewards:history-unit": lambda: [Unit.objects.get(name="Bộ phận Tiếp nhận và Trả kết quả").pk],
    }
    for name in (
        "nomination-edit",
        "nomination-submit",
        "nomination-return",
        "nomination-override",
        "nomination-accept",
    ):
        args[f"rewards:{name}"] = ineligible

    def evidence_file():
        record = EvidenceFile.objects.get(nomination__campaign=campaign, original_name="bien-ban.pdf")
        return [slug, record.nomination_id, record.pk]

    args["rewards:evidence-file-add"] = lambda: evidence_file()[:2]
    for name in ("evidence-file-download", "evidence-file-replace", "evidence-file-delete"):
        args[f"rewards:{name}"] = evidence_file
    for name in ("meeting-detail", "meeting-minutes", "meeting-minutes-save", "meeting-close", "meeting-tellers"):
        args[f"rewards:{name}"] = meeting
    for name in ("ballot-tally", "ballot-vote", "ballot-correct"):
        args[f"rewards:{name}"] = ballot
    return args


@pytest.fixture
def award_round(campaign):
    ensure_award_round(campaign)
    draft_with_evidence_file(campaign)


def test_every_portal_url_is_in_the_matrix():
    documented = {row["name"] for row in matrix_rows()}
    assert portal_url_names() - NOT_IN_MATRIX - documented == set()
    assert documented - portal_url_names() == set()


@pytest.fixture
def every_user_has_a_notification(users):
    for user in users.values():
        Notification.objects.create(recipient=user, title="Thử", link="/")


@pytest.mark.parametrize("column", ROLE_COLUMNS)
def test_each_role_gets_exactly_what_the_matrix_says(
    column, campaign, client_as, every_user_has_a_notification, award_round, second_commune
):
    username = COLUMN_ROLE[column]
    client = client_as(username)
    wrong = []
    for row in matrix_rows():
        url = url_for(row["name"], campaign, username)
        response = client.post(url) if row["method"] == "POST" else client.get(url)
        expected = "ok" if column in row["allowed"] else 404 if column in row["hidden"] else 403
        got = "ok" if response.status_code in (200, 302) else response.status_code
        if got != expected:
            wrong.append(f"{row['method']} {url}: {response.status_code}, expected {expected}")
    assert wrong == [], "\n".join(wrong)


def test_anonymous_users_are_sent_to_login_everywhere(campaign, every_user_has_a_notification, award_round, client):
    wrong = []
    for row in matrix_rows():
        url = url_for(row["name"], campaign, "vanphong")
        response = client.post(url) if row["method"] == "POST" else client.get(url)
        if row["public"]:
            if response.status_code != 200:
                wrong.append(f"{url} (public): {response.status_code}")
        elif response.status_code != 302 or not re.match(r"^/dang-nhap/\?next=", response["Location"]):
            wrong.append(f"{url}: {response.status_code}")
    assert wrong == [], "\n".join(wrong)


def test_a_hidden_draft_plan_answers_like_a_missing_one(draft_campaign, client_as):
    for username in ("noivu", "canbo", "motcua", "hoidong"):
        response = client_as(username).get(reverse("campaigns:campaign-detail", args=[draft_campaign.slug]))
        missing = client_as(username).get(reverse("campaigns:campaign-detail", args=["khong-co-phong-trao-nay"]))
        assert response.status_code == missing.status_code == 404
        assert _comparable(response, draft_campaign.slug) == _comparable(missing, "khong-co-phong-trao-nay")
    listing = client_as("noivu").get(reverse("campaigns:campaign-list")).content.decode()
    assert draft_campaign.title not in listing


def _comparable(response, slug: str) -> str:
    """The page without what differs by construction: the requested address and the CSRF token."""
    page = response.content.decode().replace(slug, "SLUG")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_staff_cannot_open_a_colleagues_registration_form(campaign, client_as):
    colleague = Person.objects.get(full_name="Mai Văn Toàn")
    url = reverse("campaigns:registration-edit", args=[campaign.slug, "ca-nhan", colleague.pk])
    assert client_as("canbo").get(url).status_code == 403  # the colleague is no secret: the action is refused
    assert client_as("vanphong").get(url).status_code == 200


def test_unknown_campaign_gives_404_not_500(client_as):
    assert client_as("vanphong").get("/phong-trao/khong-co/").status_code == 404


# --- Two communes: nothing of commune B is found from commune A ------------------------------------
# Every URL that opens an object, with commune B's object (B is in another district: no role of A, its
# district reviewer included, has business there): the role refused the row gets its 403 before any
# lookup, as for a missing object; every other role gets 404, exactly like a missing object. Every URL
# that opens no object (lists, forms, home): none of B's rows on the page. One request per URL per role.


def b_dossier(b: dict):
    """Commune B's dossier with its rating code, issued by B's own officer."""
    if "dossier" not in b:
        b["dossier"] = matrix_dossier(b["campaign"], officer=b["officer"].username, desk=b["officer"].username)
    return b["dossier"]


def sent_bundle_b(b: dict):
    """Commune B's bundle sent to its own district (huyện Tân Châu) on 20/11/2022 (once)."""
    import datetime as dt

    from documents.kinds import KindCode
    from documents.models import Submission
    from documents.services import submission_send
    from tests.documents.test_receiving import finished

    existing = Submission.objects.filter(campaign=b["campaign"]).first()
    if existing:
        return existing
    bundle = finished(b["campaign"], KindCode.DISTRICT_BUNDLE, b["chairman"])
    return submission_send(actor=b["chairman"], document=bundle, on=dt.date(2022, 11, 20))


def url_for_b(name: str, b: dict) -> str | None:
    """The row's URL opening commune B's object, or None when the row opens no object of a commune."""
    slug = b["campaign"].slug
    nomination = [slug, b["draft"].pk]
    args = {
        "notification-open": None,  # a notification is its recipient's, not a commune's
        "campaigns:criterion-edit": [slug, b["criterion"].pk],
        "campaigns:criterion-delete": [slug, b["criterion"].pk],
        "campaigns:step-edit": [slug, 1],
        "campaigns:registration-edit": [slug, "ca-nhan", b["person"].pk],
        "campaigns:unit-edit": [b["unit"].pk],
        "campaigns:person-edit": [b["person"].pk],
        "documents:document-generate": [slug, "ke-hoach"],
        "documents:document-progress": [slug, b["document"].pk],
        "documents:document-download": [slug, b["document"].pk],
        "documents:document-receive": [slug, b["document"].pk],
        "documents:document-sign": [slug, b["document"].pk],
        "documents:submission-send": [slug, b["document"].pk],
        **{
            f"documents:submission-{step}": [sent_bundle_b(b).pk] for step in ("detail", "receive", "return", "outcome")
        },
        "documents:signing-image": [b["signature"].pk],
        "documents:signing-image-delete": [b["seal"].pk],
        "rewards:nomination-detail": nomination,
        "rewards:nomination-edit": nomination,
        "rewards:nomination-submit": nomination,
        "rewards:nomination-return": nomination,
        "rewards:nomination-override": nomination,
        "rewards:nomination-accept": nomination,
        "rewards:nomination-propose": [slug, b["accepted"].pk],
        "rewards:nomination-outcome": [slug, b["accepted"].pk],
        "rewards:evidence-file-add": nomination,
        "rewards:evidence-file-download": [*nomination, b["evidence"].pk],
        "rewards:evidence-file-replace": [*nomination, b["evidence"].pk],
        "rewards:evidence-file-delete": [*nomination, b["evidence"].pk],
        "rewards:rule-delete": [slug, b["rule"].pk],
        "rewards:decision-detail": [slug, b["decision"].pk],
        "rewards:history-person": [b["person"].pk],
        "rewards:history-unit": [b["unit"].pk],
        "rewards:progress-person": [slug, b["person"].pk],
        "rewards:progress-unit": [slug, b["unit"].pk],
        "kpi:import-detail": [b["dossier_import"].pk],
        "kpi:import-progress": [b["dossier_import"].pk],
        "kpi:import-errors": [b["dossier_import"].pk],
        "kpi:import-retry": [b["dossier_import"].pk],
        "kpi:monthly-edit": [slug, "2022-03"],
        "kpi:monthly-submit": [slug, "2022-03"],
        "kpi:monthly-lock": [slug, "2022-03"],
        "kpi:monthly-unlock": [slug, "2022-03"],
        "campaigns:monthly-field-edit": [slug, b["field"].pk],
        "campaigns:monthly-field-delete": [slug, b["field"].pk],
        **{
            f"kpi:{n}": [b_dossier(b).pk]
            for n in ("dossier-ticket", "dossier-receipt", "dossier-slip", "dossier-screen")
        },
        # Public pages (no login) open any commune's published results and any valid rating code by
        # design: they name no officials and no citizens (docs/security.md).
        "public:rating": None,
        "public:rating-done": None,
        "public:rating-short": None,
        "public:results": None,
        **{
            f"rewards:{n}": [slug, b["meeting"].pk]
            for n in ("meeting-detail", "meeting-minutes", "meeting-minutes-save", "meeting-close", "meeting-tellers")
        },
        **{f"rewards:{n}": [slug, b["ballot"].pk] for n in ("ballot-tally", "ballot-vote", "ballot-correct")},
        # Commune B's office officer's account, and its role there.
        **{
            f"campaigns:account-{n}": [b["officer"].pk]
            for n in ("detail", "edit", "role-grant", "password-reset", "deactivate", "reactivate")
        },
        "campaigns:account-role-withdraw": [
            b["officer"].pk,
            b["officer"].role_assignments.filter(withdrawn_at__isnull=True).first().pk,
        ],
    }
    if name in args:
        return reverse(name, args=args[name]) if args[name] is not None else None
    try:
        reverse(name)
        return None  # a URL without arguments opens no object: a list, a form, the home page
    except NoReverseMatch:
        return reverse(name, args=[slug])  # every other row opens the campaign itself


def _b_state(b: dict) -> tuple:
    """What a refused request must not have changed in commune B."""
    from documents.models import GeneratedDocument
    from rewards.models import Nomination

    return (
        b["campaign"].__class__.objects.filter(pk=b["campaign"].pk).values_list("status", "version").get(),
        sorted(Nomination.objects.filter(campaign=b["campaign"]).values_list("pk", "status", "version")),
        Criterion.objects.filter(campaign=b["campaign"]).count(),
        GeneratedDocument.objects.filter(campaign=b["campaign"]).count(),
        EligibilityRule.objects.filter(campaign=b["campaign"]).count(),
        EvidenceFile.objects.filter(nomination__campaign=b["campaign"]).count(),
    )


def _cross_pass(column: str, b: dict, markers: tuple[str, ...], campaign, client_as) -> None:
    """Every matrix URL as ``column``'s account: 404 (or the row's 403) on ``b``'s objects, and none of
    ``markers`` on a page that opens no object; nothing of ``b`` changed."""
    sent_bundle_b(b)  # B's submission to its own district exists before the state is taken
    client = client_as(COLUMN_ROLE[column])
    before = _b_state(b)
    wrong = []
    for row in matrix_rows():
        b_url = url_for_b(row["name"], b)
        url = b_url or url_for(row["name"], campaign, COLUMN_ROLE[column])
        response = client.post(url) if row["method"] == "POST" else client.get(url)
        if b_url is not None:
            refused = column not in row["allowed"] and column not in row["hidden"]
            expected = {403, 404} if refused else {404}
            if response.status_code not in expected:
                wrong.append(f"{row['method']} {url}: {response.status_code}, expected {sorted(expected)}")
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            page = response.content.decode()
            shown = [marker for marker in markers if marker in page]
            if shown:
                wrong.append(f"{row['method']} {url} shows {b['commune']}'s {shown}")
    assert wrong == [], "\n".join(wrong)
    assert _b_state(b) == before


@pytest.mark.parametrize("column", CROSS_COMMUNE_COLUMNS)
def test_no_role_of_commune_a_finds_anything_of_commune_b(
    column, campaign, client_as, every_user_has_a_notification, award_round, second_commune
):
    _cross_pass(column, second_commune, SECOND_COMMUNE_MARKERS, campaign, client_as)


# --- Two provinces: Sở Nội vụ of province 1 (tỉnh Tây Ninh) on a commune of province 2 -----------------
# The province's reviewer sees every commune of its own province by design; a commune of another
# province (tỉnh An Giang, huyện Châu Phú until 30/06/2025) is as foreign to it as commune B to commune A.
SECOND_PROVINCE_MARKERS = ("Ấp Vĩnh Thạnh Một", "Lê Văn Cê", "Kế hoạch thi đua riêng của xã Vĩnh Thạnh")


@pytest.fixture
def second_province(world) -> dict:
    """A commune of another province, built like commune B (``tests.factories.second_commune_world``)."""
    from tests.factories import DistrictFactory, ProvinceFactory, second_commune_world

    province = ProvinceFactory(code="an-giang", name="An Giang")
    district = DistrictFactory(code="chau-phu", name="Châu Phú", province=province)
    return second_commune_world(code="vinh-thanh", name="Vĩnh Thạnh", person_name="Lê Văn Cê", district=district)


def test_the_province_reviewer_finds_nothing_of_another_province(
    campaign, client_as, every_user_has_a_notification, award_round, second_province
):
    assert second_province["commune"].province.code != campaign.commune.province.code
    _cross_pass("SNV", second_province, SECOND_PROVINCE_MARKERS, campaign, client_as)
