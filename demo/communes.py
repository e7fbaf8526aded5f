"""Two more communes of huyện Tân Biên for the demo, and the list of every demo account and its place.

xã Thạnh Tây and xã Tân Phong are communes of huyện Tân Biên, tỉnh Tây Ninh, like xã Tân Bình. Each has
its own collectives and people, its own chairman and office officer (accounts ``thanhtay.chutich``,
``thanhtay.vanphong``, ``tanphong.chutich``, ``tanphong.vanphong``), its own 2022 plan (the district's
common model, numbered and dated by the commune, launched in January 2022), its registrations, its
one-stop log of 2022 and its monthly figures, entered and sent; the indicators are computed by the
import, as for Tân Bình. The hamlet names, the people and every figure are invented for the demo.

The accounts of the levels above are among Tân Bình's demo accounts (demo/plan.py, built by
demo/campaigns.py and mirrored by tests/factories.py): ``noivu`` (Phòng Nội vụ huyện, at huyện Tân
Biên: it sees the three communes' 2022 campaigns), ``sonoivu`` (Sở Nội vụ tỉnh, at tỉnh Tây Ninh: the
receiving level from 01/07/2025, it sees the 2026 campaign of the new xã Tân Bình these three communes
form on 01/07/2025, and their 2022 ones as the district's archive) and ``quantri`` (Quản trị tài khoản
xã, at xã Tân Bình).

Everything goes through the services, as the rest of the demo, and a second run writes nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from campaigns import services
from campaigns.models import AwardForm, Campaign, CampaignStatus, Commune, Person, Unit
from campaigns.selectors import places_of
from demo import plan
from demo.campaigns import _ensure_criteria, _register, ensure_role
from demo.kpi import HANDLERS, RECEIVERS, add_working_days, is_working_day, iter_demo_rows, write_demo_csv
from kpi.models import DossierImport, ImportStatus, MonthlyReport, MonthStatus
from kpi.services import dossier_import_from_path
from kpi.services.compute import indicators_recompute
from kpi.services.imports import file_sha256
from kpi.services.monthly import monthly_report_submit, monthly_values_save
from tanbinh_portal import roles
from tanbinh_portal.optimistic import UNCHECKED

UBND = "Ủy ban nhân dân xã"
ONE_STOP = "Bộ phận Tiếp nhận và Trả kết quả"


@dataclass(frozen=True)
class CommuneStory:
    """One more commune of the demo: its organisation, its 2022 plan's own particulars, its log."""

    code: str
    name: str
    slug: str
    document_number: str
    document_date: dt.date
    registration_days: tuple[dt.date, ...]
    # (name, type, member count)
    units: tuple[tuple[str, str, int], ...]
    # (full name, position, unit, sex, year of birth, username or "", unit head?)
    people: tuple[tuple[str, str, str, str, int, str, bool], ...]
    unregistered: frozenset[str]
    # The one-stop log: its seed, dossiers a working day, the share submitted online above the model's,
    # the prefix of its dossier codes; who receives and who handles each field's dossiers.
    seed: int
    per_day: int
    online_boost: float
    code_prefix: str
    receivers: tuple[str, ...]
    handlers: dict[str, tuple[str, ...]]
    # The hand-entered monthly figures: (base, rise a month) of e-documents and of digital signatures.
    e_documents: tuple[int, int]
    digital_signatures: tuple[int, int]
    camera_days_lost: dict[int, int]
    # The share of the dossiers with a deadline of some days that a short-handed desk answers late on
    # top of the model's, so the communes do not all meet the target alike.
    late_extra: float = 0.0

    @property
    def chairman(self) -> str:
        return next(p[5] for p in self.people if p[1] == "Chủ tịch UBND xã")

    @property
    def officer(self) -> str:
        return next(p[5] for p in self.people if p[1] == "Công chức Văn phòng – Thống kê" and p[5])

    @property
    def commune_data(self) -> dict:
        return {"code": self.code, "name": self.name, "district_name": "Tân Biên", "province_name": "Tây Ninh"}

    def plan_data(self) -> dict:
        """The district's common model plan (Tân Bình's text), with this commune's name, number, date
        and signatory."""
        chairman = next(p[0] for p in self.people if p[1] == "Chủ tịch UBND xã")
        data = {
            key: value.replace("TÂN BÌNH", self.name.upper()).replace("Tân Bình", self.name)
            if isinstance(value, str)
            else value
            for key, value in plan.PLAN.items()
        }
        return data | {
            "document_number": self.document_number,
            "document_date": self.document_date,
            "start_date": self.document_date,
            "signatory_name": chairman,
        }


THANH_TAY = CommuneStory(
    code="thanh-tay",
    name="Thạnh Tây",
    slug="thanh-tay-cchc-2022",
    document_number="03/KH-UBND",
    document_date=dt.date(2022, 1, 7),
    registration_days=tuple(dt.date(2022, 1, day) for day in (12, 13, 14)),
    units=(
        (UBND, "other", 21),
        (ONE_STOP, "one_stop", 5),
        ("Công an xã", "department", 7),
        ("Ấp Thạnh Hiệp", "hamlet", 9),
        ("Ấp Thạnh Phước", "hamlet", 8),
        ("Hội Liên hiệp Phụ nữ xã", "mass_org", 742),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "mass_org", 168),
    ),
    people=(
        ("Nguyễn Văn Hùng", "Chủ tịch UBND xã", UBND, "male", 1974, "thanhtay.chutich", True),
        ("Lê Thị Bích", "Phó Chủ tịch UBND xã", UBND, "female", 1980, "", False),
        ("Phạm Văn Tín", "Công chức Văn phòng – Thống kê", UBND, "male", 1987, "thanhtay.vanphong", False),
        ("Trần Thị Ngân", "Công chức Tư pháp – Hộ tịch", ONE_STOP, "female", 1989, "", True),
        ("Võ Văn Tâm", "Công chức Địa chính – Xây dựng", ONE_STOP, "male", 1985, "", False),
        ("Huỳnh Thị Thảo", "Công chức Văn hóa – Xã hội", ONE_STOP, "female", 1992, "", False),
        ("Đặng Văn Lâm", "Trưởng Công an xã", "Công an xã", "male", 1979, "", True),
        ("Nguyễn Văn Sáu", "Trưởng ấp Thạnh Hiệp", "Ấp Thạnh Hiệp", "male", 1965, "", True),
        ("Lý Thị Kiều", "Trưởng ấp Thạnh Phước", "Ấp Thạnh Phước", "female", 1970, "", True),
        ("Phan Thị Hoa", "Chủ tịch Hội Liên hiệp Phụ nữ xã", "Hội Liên hiệp Phụ nữ xã", "female", 1977, "", True),
        (
            "Mai Văn Quý",
            "Phó Bí thư Đoàn Thanh niên xã",
            "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
            "male",
            1996,
            "",
            False,
        ),
    ),
    unregistered=frozenset({"Ấp Thạnh Phước", "Mai Văn Quý"}),
    seed=2207,
    per_day=7,
    online_boost=-0.03,  # a border commune: fewer dossiers online than Tân Bình
    code_prefix="TT-",
    receivers=("Trần Thị Ngân", "Võ Văn Tâm", "Huỳnh Thị Thảo"),
    handlers={
        "Chứng thực": ("Trần Thị Ngân",),
        "Hộ tịch": ("Trần Thị Ngân", "Huỳnh Thị Thảo"),
        "Đất đai": ("Võ Văn Tâm",),
        "Xây dựng": ("Võ Văn Tâm",),
        "Bảo trợ xã hội": ("Huỳnh Thị Thảo",),
        "Người có công": ("Huỳnh Thị Thảo",),
    },
    e_documents=(64, 5),
    digital_signatures=(21, 6),
    camera_days_lost={3: 2},  # the camera of the one-stop desk out for two days in March
    late_extra=0.12,  # three civil servants for every field: below the 95% on-time target
)

TAN_PHONG = CommuneStory(
    code="tan-phong",
    name="Tân Phong",
    slug="tan-phong-cchc-2022",
    document_number="04/KH-UBND",
    document_date=dt.date(2022, 1, 10),
    registration_days=tuple(dt.date(2022, 1, day) for day in (17, 18, 19, 20)),
    units=(
        (UBND, "other", 23),
        (ONE_STOP, "one_stop", 6),
        ("Công an xã", "department", 8),
        ("Ấp Tân Thanh", "hamlet", 11),
        ("Ấp Tân Hòa", "hamlet", 10),
        ("Hội Nông dân xã", "mass_org", 865),
        ("Hội Cựu chiến binh xã", "mass_org", 121),
    ),
    people=(
        ("Trần Văn Thành", "Chủ tịch UBND xã", UBND, "male", 1972, "tanphong.chutich", True),
        ("Nguyễn Thị Loan", "Phó Chủ tịch UBND xã", UBND, "female", 1981, "", False),
        ("Lê Thị Mỹ", "Công chức Văn phòng – Thống kê", UBND, "female", 1990, "tanphong.vanphong", False),
        ("Hồ Văn Bình", "Công chức Tư pháp – Hộ tịch", ONE_STOP, "male", 1986, "", True),
        ("Dương Thị Trang", "Công chức Tư pháp – Hộ tịch", ONE_STOP, "female", 1993, "", False),
        ("Phạm Văn Khoa", "Công chức Địa chính – Xây dựng", ONE_STOP, "male", 1984, "", False),
        ("Tô Thị Nhung", "Công chức Văn hóa – Xã hội", ONE_STOP, "female", 1991, "", False),
        ("Bùi Văn Phát", "Trưởng Công an xã", "Công an xã", "male", 1980, "", True),
        ("Lâm Văn Được", "Trưởng ấp Tân Thanh", "Ấp Tân Thanh", "male", 1963, "", True),
        ("Châu Thị Lệ", "Trưởng ấp Tân Hòa", "Ấp Tân Hòa", "female", 1972, "", True),
        ("Huỳnh Văn Tư", "Chủ tịch Hội Nông dân xã", "Hội Nông dân xã", "male", 1966, "", True),
        ("Ngô Văn Út", "Chủ tịch Hội Cựu chiến binh xã", "Hội Cựu chiến binh xã", "male", 1962, "", True),
    ),
    unregistered=frozenset({"Hội Cựu chiến binh xã", "Phạm Văn Khoa"}),
    seed=2214,
    per_day=9,
    online_boost=0.05,  # Tân Phong promoted online submission early
    code_prefix="TP-",
    receivers=("Hồ Văn Bình", "Dương Thị Trang", "Tô Thị Nhung"),
    handlers={
        "Chứng thực": ("Hồ Văn Bình", "Dương Thị Trang"),
        "Hộ tịch": ("Dương Thị Trang", "Hồ Văn Bình"),
        "Đất đai": ("Phạm Văn Khoa",),
        "Xây dựng": ("Phạm Văn Khoa",),
        "Bảo trợ xã hội": ("Tô Thị Nhung",),
        "Người có công": ("Tô Thị Nhung",),
    },
    e_documents=(82, 7),
    digital_signatures=(35, 8),
    camera_days_lost={},
)

STORIES = (THANH_TAY, TAN_PHONG)

# --- Accounts ----------------------------------------------------------------------------------------


def _account(username: str, full_name: str, password: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@tanbinh.local"})
    if created or user.first_name != full_name or not user.check_password(password):
        user.first_name = full_name
        user.set_password(password)
        user.save()
    return user


def _commune_accounts(story: CommuneStory, commune: Commune, password: str) -> dict[str, User]:
    users = {}
    for full_name, position, _unit, _sex, _year, username, _head in story.people:
        if not username:
            continue
        user = _account(username, full_name, password)
        role = roles.CHAIRMAN if position == "Chủ tịch UBND xã" else roles.OFFICER
        ensure_role(user, role, commune)
        if role == roles.CHAIRMAN:
            ensure_role(user, roles.COUNCIL, commune)  # the chairman chairs the council
        users[username] = user
    return users


# --- Organisation, plan, registrations ---------------------------------------------------------------


def _ensure_organisation(story: CommuneStory, commune: Commune, actor: User, users: dict[str, User]):
    units = {}
    for name, unit_type, member_count in story.units:
        unit = Unit.objects.filter(commune=commune, name=name).first()
        if unit is None:
            data = {"name": name, "unit_type": unit_type, "member_count": member_count}
            unit = services.unit_save(actor=actor, commune=commune, data=data, expected_version=UNCHECKED)
        units[name] = unit
    people = {}
    for full_name, position, unit_name, sex, year_of_birth, username, is_head in story.people:
        person = Person.objects.filter(commune=commune, full_name=full_name).first()
        if person is None:
            data = {
                "full_name": full_name,
                "position": position,
                "unit": units[unit_name],
                "sex": sex,
                "year_of_birth": year_of_birth,
                "user": users.get(username),
            }
            person = services.person_save(actor=actor, commune=commune, data=data, expected_version=UNCHECKED)
        people[full_name] = person
        unit = units[unit_name]
        if is_head and unit.head_id != person.pk:
            data = {"name": unit.name, "unit_type": unit.unit_type, "head": person, "is_active": True}
            units[unit_name] = services.unit_save(
                actor=actor, commune=commune, unit=unit, data=data, expected_version=UNCHECKED
            )
    return units, people


def _ensure_campaign(story: CommuneStory, commune: Commune, officer: User, chairman: User) -> Campaign:
    campaign = Campaign.objects.filter(slug=story.slug).first()
    if campaign is None:
        campaign = services.campaign_create(actor=officer, commune=commune, slug=story.slug, data=story.plan_data())
    if campaign.status == CampaignStatus.DRAFT:
        _ensure_criteria(officer, campaign)
        options = [(AwardForm.objects.get(code=code), wording) for code, wording in plan.AWARD_OPTIONS]
        services.campaign_set_award_forms(actor=officer, campaign=campaign, options=options)
        for order, (heading, paragraphs) in enumerate(plan.STEPS, start=1):
            services.step_save(
                actor=officer, campaign=campaign, order=order, heading=heading, body="\n".join(paragraphs)
            )
        campaign = services.campaign_launch(actor=chairman, campaign=campaign)
    return campaign


def build_commune(story: CommuneStory, password: str) -> dict:
    """The commune, its accounts, organisation, launched 2022 plan and registrations (idempotent)."""
    with transaction.atomic():
        commune = services.commune_get_or_create(**story.commune_data)
        users = _commune_accounts(story, commune, password)
        officer, chairman = users[story.officer], users[story.chairman]
        units, people = _ensure_organisation(story, commune, officer, users)
        campaign = _ensure_campaign(story, commune, officer, chairman)
        registered = set(campaign.registrations.values_list("unit_id", "person_id"))
        _register(
            campaign,
            officer,
            units=[u for n, u in units.items() if n not in story.unregistered and (u.pk, None) not in registered],
            people=[p for n, p in people.items() if n not in story.unregistered and (None, p.pk) not in registered],
            days=list(story.registration_days),
            year=campaign.start_date.year,
        )
    return {"commune": commune, "campaign": campaign, "users": users}


# --- The one-stop log and the monthly figures --------------------------------------------------------


def story_rows(story: CommuneStory) -> Iterator[list[str]]:
    """The commune's 2022 log: the demo's generator with its own seed, volume and online share, its own
    dossier codes, and its own civil servants receiving and handling the dossiers."""
    receivers = dict(zip(RECEIVERS, story.receivers, strict=True))
    handlers = {
        (field, name): story.handlers[field][index % len(story.handlers[field])]
        for field, names in HANDLERS.items()
        for index, name in enumerate(names)
    }
    late = random.Random(story.seed + 1)  # nosec B311: demo data
    for row in iter_demo_rows(seed=story.seed, per_day=story.per_day, online_boost=story.online_boost):
        row[0] = story.code_prefix + row[0].removeprefix("TB-")
        field = row[3]
        row[11] = receivers.get(row[11], row[11])
        row[12] = handlers.get((field, row[12]), row[12]) if row[12] else ""
        if story.late_extra:
            _answer_late(row, late, story.late_extra)
        yield row


LOG_CUT_OFF = dt.date(2022, 12, 30)
MOMENT = "%d/%m/%Y %H:%M"


def _answer_late(row: list[str], rng: random.Random, share: float) -> None:
    """With probability ``share``, a dossier answered on time becomes answered one to three working days
    after its due date (only one with a deadline of its own, finished, and still within the log)."""
    due, answered = row[6], row[7]
    if row[9] != "10" or not due or not answered or due[:10] == row[5][:10]:
        return
    due_at = dt.datetime.strptime(due, MOMENT)
    if dt.datetime.strptime(answered, MOMENT) > due_at or rng.random() >= share:
        return
    late_day = add_working_days(due_at.date(), rng.randint(1, 3))
    if late_day > LOG_CUT_OFF:
        return
    row[7] = row[8] = dt.datetime.combine(late_day, dt.time(10, 0)).strftime(MOMENT)
    row[15] = ""  # answered days later: not “4 tại chỗ”


def monthly_values(story: CommuneStory, month: int) -> dict[str, int]:
    """The figures the commune's officer entered by hand for one month of 2022."""
    days = calendar.monthrange(2022, month)[1]
    working_days = sum(1 for day in range(1, days + 1) if is_working_day(dt.date(2022, month, day)))
    return {
        "promotion_sessions": 1 + (month + story.seed) % 2,
        "e_documents": story.e_documents[0] + story.e_documents[1] * month,
        "digital_signatures": story.digital_signatures[0] + story.digital_signatures[1] * month,
        "camera_days": working_days - story.camera_days_lost.get(month, 0),
        "surveys": 1 if month % 3 == 0 else 0,
    }


def build_commune_kpi(story: CommuneStory, campaign: Campaign, officer: User) -> DossierImport:
    """The twelve months' figures entered and sent, then the log imported through the real import
    service (which recomputes the commune's campaigns). Idempotent: a sent month and an imported file
    are left alone."""
    keys = set(campaign.monthly_fields.values_list("key", flat=True))
    entered = False
    for month in range(1, 13):
        key = f"2022-{month:02d}"
        report = MonthlyReport.objects.filter(campaign=campaign, month=key).first()
        if report is not None and report.status != MonthStatus.DRAFT:
            continue
        values = {k: v for k, v in monthly_values(story, month).items() if k in keys}
        monthly_values_save(actor=officer, campaign=campaign, month=key, values=values, expected_version=UNCHECKED)
        monthly_report_submit(actor=officer, campaign=campaign, month=key)
        entered = True
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"so-theo-doi-ho-so-{story.code}-2022.csv"
        write_demo_csv(path, story_rows(story))
        with open(path, "rb") as stream:
            sha, _ = file_sha256(stream)
        record = DossierImport.objects.filter(
            commune=campaign.commune,
            sha256=sha,
            dry_run=False,
            status__in=[ImportStatus.APPLIED, ImportStatus.UNCHANGED],
        ).first()
        if record is None:
            return dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    if entered:  # figures entered after the log: their recompute is otherwise only queued
        indicators_recompute(campaign=campaign)
    return record


def build_communes_demo(password: str, *, dossiers: bool = True) -> list[dict]:
    """Both communes, with their logs unless ``dossiers`` is False."""
    built = []
    for story in STORIES:
        result = build_commune(story, password)
        if dossiers:
            result["import"] = build_commune_kpi(story, result["campaign"], result["users"][story.officer])
        built.append(result)
    return built


def demo_usernames() -> list[str]:
    """Every demo account in the order ``demo_accounts`` prints them: Tân Bình's, then this module's."""
    return [*plan.ACCOUNTS, *(p[5] for story in STORIES for p in story.people if p[5])]


def account_lines(password: str) -> list[str]:
    """Every demo account and where it works (“Xã Tân Bình · Chủ tịch UBND xã, …”), read from the
    database, then the site administrator and the common password; for ``demo_accounts`` and
    ``seed_demo``."""
    users = User.objects.in_bulk(demo_usernames(), field_name="username")
    width = max(len(name) for name in demo_usernames()) + 1
    lines = []
    for username in demo_usernames():
        user = users.get(username)
        places = places_of(user) if user is not None else []
        where = "; ".join(place.label for place in places) or "(chưa có: chạy manage.py seed_demo)"
        lines.append(f"  {username:<{width}} {where}")
    lines.append(f"  {'admin':<{width}} Quản trị hệ thống (chỉ trang /quan-tri/, không có vai trò của xã)")
    lines.append(f"  Mật khẩu chung: {password}")
    return lines
