"""Reads for campaigns: object access, the plan page, registration overviews, home tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from campaigns.models import (
    Amendment,
    Campaign,
    CampaignStatus,
    Commitment,
    Commune,
    Indicator,
    MonthlyField,
    Person,
    Registration,
    RoleAssignment,
    Unit,
)
from campaigns.monthly_field_hooks import field_usage
from campaigns.places import COMMUNE, DISTRICT_KIND, Place, current_place
from campaigns.places import places_of as _places_of
from campaigns.policies import can_view_campaign, person_of
from tanbinh_portal.audit import AuditAction
from tanbinh_portal.models import AuditEvent, PasswordChangeDue
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import ALL_ROLES, MANAGERS, has_role


def commune_for(user) -> Commune | None:
    """The commune of the user's current place; None at a district or province place (or no place)."""
    place = current_place(user)
    return place.commune if place is not None else None


def communes_visible_to(user) -> QuerySet[Commune]:
    """The communes the user's current place sees: a commune itself; a district its communes; the
    province every commune under it. None for a user without a place."""
    place = current_place(user)
    communes = Commune.objects.select_related("district", "province")
    if place is None:
        return communes.none()
    if place.kind == COMMUNE:
        return communes.filter(pk=place.commune.pk)
    if place.kind == DISTRICT_KIND:
        return communes.filter(district=place.district)
    return communes.filter(province=place.province)


def places_of(user) -> list[Place]:
    """Every place the user holds a role at (see ``campaigns.places``)."""
    return _places_of(user)


def campaign_list_for(user) -> QuerySet[Campaign]:
    """The campaigns of the communes the user's current place sees; drafts for the commune's managers."""
    campaigns = (
        Campaign.objects.filter(commune__in=communes_visible_to(user)).select_related("commune").order_by("-start_date")
    )
    if not has_role(user, *MANAGERS):
        campaigns = campaigns.exclude(status=CampaignStatus.DRAFT)
    return campaigns


def campaign_get_for(user, slug: str) -> Campaign:
    """The campaign if the user may see it; a hidden campaign answers exactly like a missing one (404).

    A 403 would tell the district or a staff member that a draft plan exists under this address.
    """
    try:
        # The plan revision comes along: the cached plan and dashboard fragments are keyed by it.
        campaign = Campaign.objects.select_related("commune", "plan_revision").get(slug=slug)
    except Campaign.DoesNotExist:
        raise Http404("Không có phong trào này.") from None
    if not can_view_campaign(user, campaign):
        raise Http404("Không có phong trào này.")
    return campaign


def campaign_plan(campaign: Campaign) -> dict:
    """Everything the plan page shows, materialised."""
    criteria = list(
        campaign.criteria.prefetch_related(
            "targets", Prefetch("monthly_fields", queryset=MonthlyField.objects.filter(is_active=True))
        )
    )
    labels = {f.key: f.label for c in criteria for f in c.monthly_fields.all()}
    for criterion in criteria:
        for target in criterion.targets.all():
            target.field_labels = labels
    return {
        "criteria": criteria,
        "award_options": list(campaign.award_options.select_related("award_form")),
        "steps": list(campaign.steps.all()),
        "amendments": list(Amendment.objects.filter(campaign=campaign).select_related("by")),
    }


def campaign_day(campaign: Campaign) -> dt.date:
    """The day a list about the campaign speaks of: today while it runs, its last day once it has ended, its
    first day before it starts (a unit renamed after the campaign keeps, in its lists, the name it had then)."""
    return min(max(local_today(), campaign.start_date), campaign.end_date)


def registration_overview(campaign: Campaign) -> dict:
    """Units and people of the campaign's commune with their registration, if any. Each unit (and each
    person's unit) carries ``name_then``: its name on the day it registered, else on :func:`campaign_day`
    (``Unit.name_on``: the 2026 list prints the one-stop desk's 2025 name, the 2022 list its 2022 name)."""
    unit_reg = Registration.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    person_reg = Registration.objects.filter(campaign=campaign, person=OuterRef("pk"))
    units = (
        Unit.objects.filter(commune=campaign.commune, is_active=True)
        .annotate(is_registered=Exists(unit_reg))
        .select_related("head")
        .prefetch_related("dated_names")
        .order_by("name")
    )
    people = (
        Person.objects.filter(commune=campaign.commune, is_active=True)
        .annotate(is_registered=Exists(person_reg))
        .select_related("unit")
        .prefetch_related("unit__dated_names")
        .order_by("unit__name", "full_name")
    )
    registrations = (
        Registration.objects.filter(campaign=campaign)
        .select_related("unit", "person", "registered_by")
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.select_related("criterion")))
    )
    by_unit = {r.unit_id: r for r in registrations if r.unit_id}
    by_person = {r.person_id: r for r in registrations if r.person_id}
    units, people = list(units), list(people)
    day = campaign_day(campaign)
    for unit in units:
        unit.registration = by_unit.get(unit.pk)
        unit.name_then = unit.name_on(_registered_day(unit.registration) or day)
    for person in people:
        person.registration = by_person.get(person.pk)
        person.unit_name_then = person.unit.name_on(_registered_day(person.registration) or day)
    return {
        "units": units,
        "people": people,
        "units_registered": sum(1 for u in units if u.is_registered),
        "people_registered": sum(1 for p in people if p.is_registered),
    }


def _registered_day(registration: Registration | None) -> dt.date | None:
    """The day of a registration: the date the pledge bears, else the day it was recorded."""
    if registration is None:
        return None
    return registration.registered_on or timezone.localdate(registration.registered_at)


def registration_missing(campaign: Campaign) -> dict:
    unit_reg = Registration.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    person_reg = Registration.objects.filter(campaign=campaign, person=OuterRef("pk"))
    return {
        "units": list(
            Unit.objects.filter(commune=campaign.commune, is_active=True)
            .exclude(Exists(unit_reg))
            .select_related("head")
        ),
        "people": list(Person.objects.filter(commune=campaign.commune, is_active=True).exclude(Exists(person_reg))),
    }


def registration_open_problem(campaign: Campaign, *, on_behalf: bool = False) -> str | None:
    """Why registration is closed now, or None when it is open."""
    if campaign.status != CampaignStatus.LAUNCHED:
        return "Chỉ đăng ký thi đua khi phong trào đang được phát động."
    if campaign.registration_deadline and local_today() > campaign.registration_deadline and not on_behalf:
        return f"Đã hết hạn đăng ký thi đua ({campaign.registration_deadline:%d/%m/%Y})."
    return None


def registration_options_for(user, campaign: Campaign) -> dict:
    """What the user can register: themself and the units they head, each marked when registered."""
    me = person_of(user)
    if me is None or me.commune_id != campaign.commune_id:
        return {"person": None, "person_registered": False, "units": []}
    units = list(
        Unit.objects.filter(head=me, is_active=True)
        .annotate(is_registered=Exists(Registration.objects.filter(campaign=campaign, unit=OuterRef("pk"))))
        .prefetch_related("dated_names")
        .order_by("name")
    )
    day = campaign_day(campaign)
    for unit in units:
        unit.name_then = unit.name_on(day)
    return {
        "person": me,
        "person_registered": Registration.objects.filter(campaign=campaign, person=me).exists(),
        "units": units,
    }


def registration_for(campaign: Campaign, *, unit: Unit | None = None, person: Person | None = None):
    lookup = {"unit": unit} if unit is not None else {"person": person}
    return (
        Registration.objects.filter(campaign=campaign, **lookup)
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.select_related("criterion")))
        .first()
    )


def units_for(commune: Commune) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(commune=commune)
        .select_related("head")
        .prefetch_related("dated_names")
        .annotate(staff_count=Count("members"))
        .order_by("-is_active", "name")
    )


def people_for(commune: Commune, *, unit_id: int | None = None, query: str = "") -> QuerySet[Person]:
    people = Person.objects.filter(commune=commune).select_related("unit", "user").prefetch_related("unit__dated_names")
    if unit_id:
        people = people.filter(unit_id=unit_id)
    if query:
        people = people.filter(full_name__icontains=query)
    return people.order_by("-is_active", "unit__name", "full_name")


def target_indicator_choices(campaign: Campaign) -> list[tuple[str, str]]:
    """What a target of this campaign may measure: log indicators, then its active monthly fields."""
    fields = MonthlyField.objects.filter(campaign=campaign, is_active=True).order_by("criterion__order", "order", "id")
    return [*Indicator.choices, *((f.key, f"{f.label} (số liệu tháng)") for f in fields)]


def account_identities(users) -> dict[int, tuple[str, str]]:
    """Each account's full name and position: from its staff record, else its display name (one query)."""
    users = list(users)
    people = {p.user_id: p for p in Person.objects.filter(user__in=users).only("user_id", "full_name", "position")}
    identities = {}
    for user in users:
        person = people.get(user.pk)
        if person is not None:
            identities[user.pk] = (person.full_name, person.position)
        else:
            identities[user.pk] = (user.get_full_name() or user.username, "")
    return identities


def account_identity(user) -> tuple[str, str]:
    return account_identities([user])[user.pk]


def monthly_field_labels(keys: set[str]) -> dict[str, str]:
    """Monthly-field keys in words, for the audit log (a key reused by a later plan takes its newest label)."""
    rows = MonthlyField.objects.filter(key__in=keys).order_by("id").values_list("key", "label")
    return dict(rows)


def monthly_fields_of(campaign: Campaign, *, active_only: bool = False) -> list[MonthlyField]:
    """The campaign's monthly fields in form order (criterion order, then the field's order)."""
    fields = MonthlyField.objects.filter(campaign=campaign).select_related("criterion")
    if active_only:
        fields = fields.filter(is_active=True)
    return list(fields.order_by("criterion__order", "order", "id"))


def monthly_fields_overview(campaign: Campaign) -> list[dict]:
    """Every field of the campaign (inactive ones too), how many months have a value, and whether it
    can still be deleted (no value row was ever saved for it; kpi answers through the usage hook)."""
    usage = field_usage(campaign)
    return [
        {
            "field": f,
            "months_entered": usage[f.pk].months_entered if f.pk in usage else 0,
            "deletable": f.pk not in usage,
        }
        for f in monthly_fields_of(campaign)
    ]


def launch_review(campaign: Campaign) -> dict:
    """What the chairman sees before launching: what blocks the launch, what is still empty, the contents.

    ``blocking``: without these the plan cannot be launched (``campaigns.services`` refuses it too).
    ``missing``: parts a complete plan usually has, left empty; launching is still allowed, but only
    after the chairman has read the list and confirmed.
    """
    criteria = list(campaign.criteria.prefetch_related("targets").order_by("order"))
    blocking = []
    if not campaign.document_number or not campaign.document_date:
        blocking.append("chưa có số và ngày ban hành kế hoạch")
    if not criteria:
        blocking.append("chưa có nội dung thi đua")
    if not campaign.award_options.exists():
        blocking.append("chưa có hình thức khen thưởng")
    missing = [
        label
        for empty, label in (
            (not campaign.introduction.strip(), "phần mở đầu (căn cứ, sự cần thiết) còn trống"),
            (not campaign.slogan.strip(), "chưa có khẩu hiệu thi đua"),
            (not campaign.steps.exists(), "chưa có phần tổ chức thực hiện"),
            (campaign.registration_deadline is None, "chưa đặt hạn đăng ký thi đua"),
        )
        if empty
    ]
    missing += [
        f"nội dung {c.order} đo lường bằng chỉ số nhưng chưa có chỉ tiêu"
        for c in criteria
        if c.kind == "measured" and not c.targets.all()
    ]
    return {"blocking": blocking, "missing": missing, "criteria": criteria}


# --- The commune's accounts (account administration) -------------------------------------------------


@dataclass(frozen=True)
class RoleHistoryRow:
    """One role given at the commune: when and by whom, and when it was withdrawn, by whom and why."""

    role: str
    granted_at: dt.datetime
    granted_by: str
    withdrawn_at: dt.datetime | None
    withdrawn_by: str
    reason: str


@dataclass(frozen=True)
class AccountSummary:
    """One account as the commune administrator sees it."""

    user: User
    person: Person | None
    roles: tuple[str, ...]  # active at this commune, in the order of ALL_ROLES
    assignments: tuple[RoleAssignment, ...]  # active at this commune
    history: tuple[RoleHistoryRow, ...]  # every role given at this commune, newest first
    elsewhere: tuple[str, ...]  # the other places where the account holds an active role
    must_change_password: bool
    problem: str  # why the password and the on/off switch are not this administrator's ("" if they are)


def _accounts_filter(commune: Commune) -> Q:
    return Q(role_assignments__commune=commune) | Q(person__commune=commune)


def account_users_of(commune: Commune) -> QuerySet[User]:
    """The commune's accounts as a query (a form's choices): roles held there now or before, or a person."""
    return User.objects.filter(_accounts_filter(commune)).distinct()


def is_account_of(user: User, commune: Commune) -> bool:
    """Whether ``user`` is an account of ``commune``: a role held there (now or before), or one of its people."""
    return User.objects.filter(_accounts_filter(commune), pk=user.pk).exists()


def account_manage_problem(commune: Commune, user: User) -> str:
    """Why the commune's administrator may not edit this account, reset its password or switch it off
    ("" if they may): the page shows it, the services enforce it (``campaigns.services.accounts``)."""
    return _manage_problem(user, _places_elsewhere(user, commune))


def _manage_problem(user: User, elsewhere: tuple[str, ...]) -> str:
    if user.is_staff or user.is_superuser:
        return "Đây là tài khoản quản trị hệ thống: chỉ quản trị hệ thống thay đổi được."
    if elsewhere:
        return (
            f"Tài khoản này còn làm việc ở {', '.join(elsewhere)}: sửa thông tin, đặt lại mật khẩu hay khóa tài "
            "khoản do quản trị hệ thống thực hiện. Ở đây chỉ giao hoặc thu hồi được vai trò tại xã."
        )
    return ""


def _places_elsewhere(user: User, commune: Commune) -> tuple[str, ...]:
    rows = (
        RoleAssignment.objects.filter(user=user, withdrawn_at__isnull=True)
        .exclude(commune=commune)
        .select_related("commune", "district", "province")
    )
    return tuple(sorted({str(row.place) for row in rows}))


def accounts_of(commune: Commune) -> list[AccountSummary]:
    """Every account of the commune with its roles there, by username (four queries in all)."""
    users = list(User.objects.filter(_accounts_filter(commune)).distinct().order_by("username"))
    return list(_summaries_of(commune, users))


def _summary(commune: Commune, user: User, person: Person | None, due: bool, withdrawals: dict) -> AccountSummary:
    here = [a for a in user.portal_all_assignments if a.commune_id == commune.pk]
    active = [a for a in here if a.withdrawn_at is None]
    elsewhere = tuple(
        sorted(
            {str(a.place) for a in user.portal_all_assignments if a.withdrawn_at is None and a.commune_id != commune.pk}
        )
    )
    return AccountSummary(
        user=user,
        person=person,
        roles=tuple(sorted({a.role for a in active}, key=ALL_ROLES.index)),
        assignments=tuple(sorted(active, key=lambda a: ALL_ROLES.index(a.role))),
        history=tuple(
            RoleHistoryRow(
                role=a.role,
                granted_at=a.granted_at,
                granted_by=a.granted_by.username if a.granted_by else "",
                withdrawn_at=a.withdrawn_at,
                withdrawn_by=withdrawals.get(a.pk, ("", ""))[0],
                reason=withdrawals.get(a.pk, ("", ""))[1],
            )
            for a in sorted(here, key=lambda a: (a.withdrawn_at or a.granted_at, a.pk), reverse=True)
        ),
        elsewhere=elsewhere,
        must_change_password=due,
        problem=_manage_problem(user, elsewhere),
    )


def account_get_for(commune: Commune, pk: int) -> User:
    """An account of ``commune``; another commune's account answers exactly like a missing one (404)."""
    user = User.objects.filter(_accounts_filter(commune), pk=pk).distinct().first()
    if user is None:
        raise Http404("Không có tài khoản này.")
    return user


def account_summary(commune: Commune, user: User) -> AccountSummary:
    return next(s for s in _summaries_of(commune, [user]))


def _summaries_of(commune: Commune, users: list[User]):
    assignments = list(
        RoleAssignment.objects.filter(user__in=users).select_related("commune", "district", "province", "granted_by")
    )
    people = {p.user_id: p for p in Person.objects.filter(user__in=users).select_related("unit")}
    due = set(PasswordChangeDue.objects.filter(user__in=users).values_list("user_id", flat=True))
    withdrawals = _withdrawals([a for a in assignments if a.withdrawn_at and a.commune_id == commune.pk])
    for user in users:
        user.portal_all_assignments = [a for a in assignments if a.user_id == user.pk]
        yield _summary(commune, user, people.get(user.pk), user.pk in due, withdrawals)


def _withdrawals(assignments: list[RoleAssignment]) -> dict[int, tuple[str, str]]:
    """{assignment id: (who withdrew it, why)}, read from the audit log."""
    events = AuditEvent.objects.filter(
        action=AuditAction.ROLE_WITHDRAW,
        object_type=RoleAssignment._meta.label,
        object_id__in=[str(a.pk) for a in assignments],
    ).select_related("actor")
    return {int(e.object_id): (e.actor.username if e.actor else "quản trị hệ thống", e.reason) for e in events}
