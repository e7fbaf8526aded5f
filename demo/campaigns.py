"""Building the demo commune and its 2022 campaign through the same services as the UI.

Idempotent: every step looks up what exists and the services skip writes that change nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

from campaigns import services
from campaigns.models import AwardForm, Campaign, CampaignStatus, Commune, Indicator, Person, RoleAssignment, Unit
from campaigns.monthly_fields import monthly_field_create
from campaigns.next_year import campaign_copy_next_year, next_slug, next_year_preview
from campaigns.places import forget_roles
from campaigns.reference_data import MONTHLY_FIELDS_2022, ensure_reference_data
from demo import plan
from tanbinh_portal import roles
from tanbinh_portal.optimistic import UNCHECKED

# A file name, not a password.
PASSWORD_FILE = "demo-password.txt"  # nosec B105


def demo_password() -> tuple[str, bool]:
    """The demo password: DEMO_PASSWORD, else one generated once and kept under var/."""
    if settings.DEMO_PASSWORD:
        return settings.DEMO_PASSWORD, False
    path = Path(settings.VAR_DIR) / PASSWORD_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), False
    password = "TanBinh-" + secrets.token_urlsafe(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password, True


def ensure_accounts(password: str) -> dict[str, User]:
    """The demo's accounts, each with its role at the demo commune (the district reviewer's at its
    district); the commune is created here, since its roles need it."""
    users = {}
    names = {person[5]: person[0] for person in plan.PEOPLE if person[5]} | plan.ACCOUNT_NAMES
    for username in plan.ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@tanbinh.local"})
        user.first_name = names.get(username, "")
        user.set_password(password)
        user.save()
        users[username] = user
    commune = services.commune_get_or_create(**plan.COMMUNE)
    for username, role_name in plan.ACCOUNTS.items():
        ensure_role(users[username], getattr(roles, role_name), commune)
    ensure_role(users["chutich"], roles.COUNCIL, commune)  # the chairman chairs the council
    admin, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@tanbinh.local"})
    admin.is_staff = admin.is_superuser = True
    admin.first_name = names["admin"]
    admin.set_password(password)
    admin.save()
    # Site administration only: no commune role (an older demo database may have given it some).
    admin.groups.clear()
    for assignment in RoleAssignment.objects.filter(user=admin, withdrawn_at__isnull=True):
        services.role_withdraw(actor=None, assignment=assignment, reason="Quản trị hệ thống không giữ vai trò của xã.")
    users["admin"] = admin
    return users


def ensure_role(user: User, role: str, commune: Commune) -> None:
    """``user`` holds ``role`` at ``commune`` (the district reviewer: at its district). Idempotent."""
    place = commune.district if role == roles.DISTRICT else commune.province if role == roles.PROVINCE else commune
    field = {roles.DISTRICT: "district", roles.PROVINCE: "province"}.get(role, "commune")
    if not RoleAssignment.objects.filter(user=user, role=role, withdrawn_at__isnull=True, **{field: place}).exists():
        services.role_grant(actor=None, user=user, role=role, place=place)


def ensure_organisation(actor: User, users: dict[str, User]):
    commune = services.commune_get_or_create(actor=actor, **plan.COMMUNE)
    units = {}
    for name, unit_type, member_count in plan.UNITS:
        unit = Unit.objects.filter(commune=commune, name=name).first()
        if unit is None:
            data = {"name": name, "unit_type": unit_type, "member_count": member_count}
            unit = services.unit_save(actor=actor, commune=commune, data=data, expected_version=UNCHECKED)
        elif unit.member_count != member_count:  # a demo database from before the count was recorded
            unit = services.unit_save(
                actor=actor,
                commune=commune,
                unit=unit,
                data={"member_count": member_count},
                expected_version=UNCHECKED,
            )
        units[name] = unit
    people = {}
    for full_name, position, unit_name, sex, year_of_birth, username, is_head, discipline in plan.PEOPLE:
        data = {
            "full_name": full_name,
            "position": position,
            "unit": units[unit_name],
            "sex": sex,
            "year_of_birth": year_of_birth,
            "user": users.get(username),
            "has_open_disciplinary_matter": discipline,
        }
        # By name alone: a demo database built before a person changed collective moves them, not doubles them.
        person = Person.objects.filter(commune=commune, full_name=full_name).order_by("id").first()
        if commune.successor_id is not None:  # merged in 2025: the accounts followed their officials
            data["user"] = person.user if person else None
        person = services.person_save(
            actor=actor,
            commune=commune,
            data=data,
            person=person,
            reason="Dữ liệu mẫu" if person else "",
            expected_version=UNCHECKED,
        )
        people[full_name] = person
        if is_head and units[unit_name].head_id != person.pk:
            unit = units[unit_name]
            units[unit_name] = services.unit_save(
                actor=actor,
                commune=commune,
                unit=unit,
                data={"name": unit.name, "unit_type": unit.unit_type, "head": person, "is_active": True},
                expected_version=UNCHECKED,
            )
    for unit_name, full_name in plan.HEADS_ELSEWHERE.items():
        unit = units[unit_name]
        if unit.head_id != people[full_name].pk:
            units[unit_name] = services.unit_save(
                actor=actor,
                commune=commune,
                unit=unit,
                data={"name": unit.name, "unit_type": unit.unit_type, "head": people[full_name], "is_active": True},
                expected_version=UNCHECKED,
            )
    return commune, units, people


def ensure_campaign(actor: User, chairman: User, commune) -> Campaign:
    campaign = Campaign.objects.filter(slug=plan.SLUG).first()
    if campaign is None:
        campaign = services.campaign_create(actor=actor, commune=commune, slug=plan.SLUG, data=plan.PLAN)
    if campaign.status == CampaignStatus.DRAFT:
        _ensure_criteria(actor, campaign)
        options = [(AwardForm.objects.get(code=code), wording) for code, wording in plan.AWARD_OPTIONS]
        services.campaign_set_award_forms(actor=actor, campaign=campaign, options=options)
        for order, (heading, paragraphs) in enumerate(plan.STEPS, start=1):
            services.step_save(actor=actor, campaign=campaign, order=order, heading=heading, body="\n".join(paragraphs))
        campaign = services.campaign_launch(actor=chairman, campaign=campaign)
    return campaign


def _save_criteria(actor: User, campaign: Campaign, *, log_targets_only: bool) -> None:
    for order, (text, targets) in enumerate(plan.CRITERIA, start=1):
        if log_targets_only:
            targets = [t for t in targets if t["indicator"] in Indicator.values]
        kind = "measured" if targets else "assessed"
        services.criterion_save(
            actor=actor,
            campaign=campaign,
            criterion=campaign.criteria.filter(order=order).first(),
            data={"order": order, "text": text, "kind": kind, "targets": targets},
        )


def _ensure_criteria(actor: User, campaign: Campaign) -> None:
    """Criteria, then their monthly fields, then the targets that name a monthly field's key."""
    _save_criteria(actor, campaign, log_targets_only=True)
    existing = set(campaign.monthly_fields.values_list("key", flat=True))
    for key, order, label, unit, help_text, position in MONTHLY_FIELDS_2022:
        if key not in existing:
            monthly_field_create(
                actor=actor,
                campaign=campaign,
                data={
                    "key": key,
                    "criterion": campaign.criteria.get(order=order),
                    "label": label,
                    "unit": unit,
                    "help_text": help_text,
                    "order": position,
                },
            )
    _save_criteria(actor, campaign, log_targets_only=False)


def ensure_registrations(campaign: Campaign, officer: User, units, people) -> None:
    _register(
        campaign,
        officer,
        units=[unit for name, unit in units.items() if name not in plan.UNREGISTERED_UNITS],
        people=[person for name, person in people.items() if name not in plan.UNREGISTERED_PEOPLE],
        days=plan.REGISTRATION_DAYS,
        year=campaign.start_date.year,
    )


def _register(campaign: Campaign, officer: User, *, units, people, days, year: int) -> None:
    """Register ``units`` (every criterion's default target) and ``people`` (Nội dung 2, 5, 8), in that
    order, on the story's ``days`` in turn."""
    if campaign.status != CampaignStatus.LAUNCHED:
        return
    criteria = list(campaign.criteria.prefetch_related("targets"))
    unit_commitments = [(c, c.default_target_text()) for c in criteria]
    person_commitments = [(c, c.default_target_text()) for c in criteria if c.order in (2, 5, 8)]
    days = iter(days * 20)
    for unit in units:
        services.registration_submit(
            actor=officer,
            campaign=campaign,
            unit=unit,
            commitments=unit_commitments,
            commitment_text=f"Tập thể cam kết hoàn thành xuất sắc nhiệm vụ cải cách hành chính năm {year}.",
            expected_version=UNCHECKED,
            registered_on=next(days),
        )
    for person in people:
        services.registration_submit(
            actor=officer,
            campaign=campaign,
            person=person,
            commitments=person_commitments,
            commitment_text="Không để xảy ra nhũng nhiễu, gây phiền hà cho tổ chức, cá nhân.",
            expected_version=UNCHECKED,
            registered_on=next(days),
        )


def build_demo() -> dict:
    password, generated = demo_password()
    with transaction.atomic():
        ensure_reference_data(Group=Group, Permission=Permission, AwardForm=AwardForm)
        users = ensure_accounts(password)
        commune, units, people = ensure_organisation(users["vanphong"], users)
        campaign = ensure_campaign(users["vanphong"], users["chutich"], commune)
        ensure_registrations(campaign, users["vanphong"], units, people)
    return {"password": password, "generated": generated, "campaign": campaign, "users": users}


# --- The 2025 reform: the new commune of xã Tân Bình ----------------------------------------------------


def ensure_merged_commune(users: dict[str, User]) -> Commune:
    """The three demo communes merged into the new xã Tân Bình on 01/07/2025, which takes over Tân Bình's
    collectives, staff (their accounts with them) and roles (demo/plan.py, NEW_COMMUNE). Idempotent."""
    predecessors = list(Commune.objects.filter(code__in=plan.MERGED_CODES).order_by("id"))
    successor = services.commune_merge(
        actor=None, predecessors=predecessors, formed_on=plan.MERGED_ON, **plan.NEW_COMMUNE
    )
    old = next(c for c in predecessors if c.code == plan.COMMUNE["code"])
    old.refresh_from_db()
    services.commune_carry_over(actor=None, source=old, target=successor)
    for user in users.values():  # these account objects remember their roles from before the carry-over
        forget_roles(user)
    return successor


# The new commune's one-stop counter, printed on its receipts and shown to a citizen whose rating code has
# expired [R: demo: the address and the number are the demo's own, not the real commune's].
ONE_STOP_CONTACT = {
    "address": "Trụ sở UBND xã Tân Bình, số 1 đường Lê Lợi, ấp Thạnh Phú, xã Tân Bình, tỉnh Tây Ninh",
    "phone": "0276 3 123 456",
}


def ensure_one_stop_contact(commune: Commune, officer: User) -> Commune:
    """The counter's address and phone, set by the office officer through the service. Idempotent (the
    service writes nothing, and no audit row, when they are unchanged)."""
    return services.commune_contact_set(actor=officer, commune=commune, **ONE_STOP_CONTACT)


# --- The 2026 campaign, created from the 2022 one by “Tạo kế hoạch năm sau từ kế hoạch này” ------------
NEXT_YEAR = 2026
NEXT_YEAR_NUMBER = "03/KH-UBND"
NEXT_YEAR_REGISTRATION_DAYS = [dt.date(2026, 1, day) for day in (12, 13, 14, 15, 16)]
# Left unregistered in 2026 too, so a new user (canbo is Đặng Văn Minh) can register themself.
NEXT_YEAR_UNREGISTERED_UNITS = plan.UNREGISTERED_UNITS | {"Ấp Tân Đông"}
NEXT_YEAR_UNREGISTERED_PEOPLE = plan.UNREGISTERED_PEOPLE | {"Lâm Thị Thu", "Huỳnh Văn Sang"}


# The 2025 reform renamed the commune's one-stop desk: papers dated from 1 July 2025 print its new name.
REFORM_NAMES = [(plan.ONE_STOP, "Trung tâm Phục vụ hành chính công xã", dt.date(2025, 7, 1))]


def ensure_next_year_campaign(source: Campaign, users: dict[str, User]) -> Campaign:
    """The 2026 plan copied from ``source`` through the copy service (its preview confirmed as is), numbered,
    launched by the chairman, with registration open to the end of the campaign and most units and people
    registered in January 2026. Idempotent."""
    campaign = Campaign.objects.filter(slug=next_slug(source, NEXT_YEAR)).first()
    if campaign is None:
        preview = next_year_preview(source=source, year=NEXT_YEAR)
        campaign = campaign_copy_next_year(
            actor=users["vanphong"], source=source, year=NEXT_YEAR, fingerprint=preview.fingerprint
        )
    if campaign.status == CampaignStatus.DRAFT:
        campaign = services.campaign_update(
            actor=users["vanphong"],
            campaign=campaign,
            data={"document_number": NEXT_YEAR_NUMBER},
            expected_version=UNCHECKED,
        )
        campaign = services.campaign_launch(actor=users["chutich"], campaign=campaign)
    if campaign.registration_deadline != campaign.end_date:
        campaign = services.campaign_set_registration_deadline(
            actor=users["vanphong"], campaign=campaign, deadline=campaign.end_date
        )
    for unit_name, name, valid_from in REFORM_NAMES:
        unit = Unit.objects.get(commune=campaign.commune, name=unit_name)
        services.unit_rename(actor=users["vanphong"], unit=unit, name=name, valid_from=valid_from)
    _ensure_next_year_registrations(campaign, users["vanphong"])
    return campaign


def _ensure_next_year_registrations(campaign: Campaign, officer: User) -> None:
    registered_units = campaign.registrations.filter(unit__isnull=False).values_list("unit_id", flat=True)
    registered_people = campaign.registrations.filter(person__isnull=False).values_list("person_id", flat=True)
    units = Unit.objects.filter(commune=campaign.commune, is_active=True).exclude(pk__in=list(registered_units))
    people = Person.objects.filter(commune=campaign.commune, is_active=True).exclude(pk__in=list(registered_people))
    _register(
        campaign,
        officer,
        units=[unit for unit in units if unit.name not in NEXT_YEAR_UNREGISTERED_UNITS],
        people=[person for person in people if person.full_name not in NEXT_YEAR_UNREGISTERED_PEOPLE],
        days=NEXT_YEAR_REGISTRATION_DAYS,
        year=NEXT_YEAR,
    )
