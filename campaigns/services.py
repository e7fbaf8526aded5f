"""Writes for campaigns: organisation, the plan and its state machine, registration.

Every service validates, runs in one transaction, writes its audit row in it, and queues side
effects after commit. Errors are ``ServiceError`` with a Vietnamese message for the user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from campaigns.models import (
    AwardForm,
    Campaign,
    CampaignAwardForm,
    CampaignStatus,
    Commitment,
    Commune,
    Comparator,
    Criterion,
    CriterionKind,
    CriterionTarget,
    ImplementationStep,
    Person,
    Registration,
    Unit,
)
from campaigns.plan_revision import plan_change_record
from campaigns.policies import (
    ORGANISATION_EDITORS_ONLY,
    PLAN_DECIDERS_ONLY,
    PLAN_EDITORS_ONLY,
    can_register_for,
)
from campaigns.selectors import launch_review, registration_missing, target_indicator_choices
from tanbinh_portal.audit import AuditAction, audit_record, diff_fields
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.optimistic import Unchecked, check_version, first_save
from tanbinh_portal.periods import event_date, local_today
from tanbinh_portal.roles import CHAIRMAN, OFFICER, has_role, require_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.text import clean_line, clean_model_text, clean_text
from tanbinh_portal.transitions import require_state, transition

# --- Organisation -----------------------------------------------------------------------------


def commune_get_or_create(*, code: str, name: str, district_name: str, province_name: str, actor=None) -> Commune:
    with transaction.atomic():
        commune, created = Commune.objects.get_or_create(
            code=code, defaults={"name": name, "district_name": district_name, "province_name": province_name}
        )
        if created:
            audit_record(actor=actor, action=AuditAction.COMMUNE_CREATE, obj=commune)
    return commune


def unit_save(
    *,
    actor: User,
    commune: Commune,
    data: dict[str, Any],
    unit: Unit | None = None,
    expected_version: int | Unchecked,
) -> Unit:
    """Create a unit (``unit`` None) or update one; ``data`` holds model field values."""
    require_role(actor, OFFICER, message=ORGANISATION_EDITORS_ONLY)
    data = clean_model_text(Unit, data)
    head = data.get("head")
    if head is not None and head.commune_id != commune.pk:
        raise ServiceError("Người đứng đầu phải là cán bộ của xã này.", code="head_commune")
    with transaction.atomic():
        if unit is None:
            check_version(None, expected_version)
            if Unit.objects.filter(commune=commune, name=data["name"]).exists():
                raise ServiceError(f"Đã có tập thể tên “{data['name']}”.", code="duplicate")
            unit = Unit.objects.create(commune=commune, **data)
            audit_record(actor=actor, action=AuditAction.UNIT_CREATE, obj=unit, changes={"name": [None, unit.name]})
            return unit
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        check_version(unit, expected_version)
        changes = diff_fields(unit, data)
        if not changes:
            return unit
        if "name" in changes and Unit.objects.filter(commune=commune, name=data["name"]).exclude(pk=unit.pk).exists():
            raise ServiceError(f"Đã có tập thể tên “{data['name']}”.", code="duplicate")
        for field, value in data.items():
            setattr(unit, field, value)
        unit.version += 1
        unit.save()
        audit_record(actor=actor, action=AuditAction.UNIT_UPDATE, obj=unit, changes=changes)
    return unit


def person_save(
    *,
    actor: User,
    commune: Commune,
    data: dict[str, Any],
    person: Person | None = None,
    expected_version: int | Unchecked,
    reason: str = "",
) -> Person:
    """Create or update a person. Changing the disciplinary flag needs a reason."""
    require_role(actor, OFFICER, message=ORGANISATION_EDITORS_ONLY)
    data = clean_model_text(Person, data)
    reason = clean_text(reason)
    unit = data.get("unit")
    if unit is not None and unit.commune_id != commune.pk:
        raise ServiceError("Tập thể phải thuộc xã này.", code="unit_commune")
    user = data.get("user")
    if user is not None and Person.objects.filter(user=user).exclude(pk=getattr(person, "pk", None)).exists():
        raise ServiceError(f"Tài khoản “{user.username}” đã gắn với một cán bộ khác.", code="user_taken")
    with transaction.atomic():
        if person is None:
            check_version(None, expected_version)
            person = Person(commune=commune, **data)
            _person_unique_check(person)
            person.save()
            audit_record(
                actor=actor,
                action=AuditAction.PERSON_CREATE,
                obj=person,
                changes={"full_name": [None, person.full_name]},
                reason=reason,
            )
            return person
        person = Person.objects.select_for_update().get(pk=person.pk)
        check_version(person, expected_version)
        changes = diff_fields(person, data)
        if not changes:
            return person
        if "has_open_disciplinary_matter" in changes and not reason.strip():
            raise ServiceError("Hãy ghi lý do khi thay đổi tình trạng xem xét kỷ luật.", code="reason_required")
        for field, value in data.items():
            setattr(person, field, value)
        _person_unique_check(person)
        person.version += 1
        person.save()
        audit_record(actor=actor, action=AuditAction.PERSON_UPDATE, obj=person, changes=changes, reason=reason)
    return person


def _person_unique_check(person: Person) -> None:
    clash = Person.objects.filter(commune=person.commune, full_name=person.full_name, unit=person.unit)
    if person.pk:
        clash = clash.exclude(pk=person.pk)
    if clash.exists():
        raise ServiceError(f"Tập thể “{person.unit}” đã có cán bộ tên “{person.full_name}”.", code="duplicate")


# --- The plan -----------------------------------------------------------------------------------

PLAN_FIELDS = (
    "parent_body",
    "issuing_body",
    "document_number",
    "document_date",
    "place_name",
    "title",
    "introduction",
    "purposes",
    "slogan",
    "start_date",
    "end_date",
    "closing_text",
    "recipients",
    "signatory_authority",
    "signatory_position",
    "signatory_name",
)


def campaign_create(*, actor: User, commune: Commune, slug: str, data: dict[str, Any]) -> Campaign:
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY)
    data = clean_model_text(Campaign, data)
    if Campaign.objects.filter(slug=slug).exists():
        raise ServiceError(f"Mã phong trào “{slug}” đã được dùng.", code="duplicate_slug")
    _check_period(data["start_date"], data["end_date"])
    with transaction.atomic():
        campaign = Campaign.objects.create(commune=commune, slug=slug, **data)
        audit_record(actor=actor, action=AuditAction.CAMPAIGN_CREATE, obj=campaign, changes={"slug": [None, slug]})
    return campaign


def _check_period(start, end) -> None:
    if start and end and end < start:
        raise ServiceError("Ngày kết thúc đợt thi đua phải sau ngày bắt đầu.", code="period_order")


def _require_editable(campaign: Campaign, reason: str) -> None:
    """A draft is freely editable; a launched plan only by a recorded amendment."""
    if campaign.status == CampaignStatus.DRAFT:
        return
    if campaign.status != CampaignStatus.LAUNCHED:
        raise ServiceError("Phong trào đã kết thúc, không thể sửa kế hoạch.", code="not_editable")
    if not reason.strip():
        raise ServiceError(
            "Kế hoạch đã phát động: mọi sửa đổi phải ghi rõ lý do (văn bản sửa đổi).", code="reason_required"
        )


def campaign_update(
    *, actor: User, campaign: Campaign, data: dict[str, Any], reason: str = "", expected_version: int | Unchecked
) -> Campaign:
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY)
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"not plan fields: {sorted(unknown)}")
    data, reason = clean_model_text(Campaign, data), clean_text(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        check_version(campaign, expected_version)
        changes = diff_fields(campaign, data)
        if not changes:
            return campaign
        _require_editable(campaign, reason)
        _check_period(data.get("start_date", campaign.start_date), data.get("end_date", campaign.end_date))
        for field, value in data.items():
            setattr(campaign, field, value)
        campaign.version += 1
        campaign.save()
        plan_change_record(
            actor=actor,
            campaign=campaign,
            action=AuditAction.CAMPAIGN_UPDATE,
            obj=campaign,
            changes=changes,
            reason=reason,
        )
    return campaign


def criterion_save(
    *, actor: User, campaign: Campaign, data: dict[str, Any], criterion: Criterion | None = None, reason: str = ""
) -> Criterion:
    """Add or change a content of section III.

    ``data``: order, text, kind, and ``targets`` (a list of dicts with indicator, comparator, target,
    unit_label) for a measured criterion.
    """
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY)
    data, targets = _normalise_criterion(clean_model_text(Criterion, data))
    reason = clean_text(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _check_target_indicators(campaign, targets)
        if criterion is not None and criterion.campaign_id != campaign.pk:
            raise NotPermitted("Nội dung thi đua không thuộc phong trào này.")
        before_targets = _target_snapshot(criterion.targets.all()) if criterion else []
        changes = diff_fields(criterion, data) if criterion else {k: [None, v] for k, v in data.items()}
        after_targets = _target_snapshot(targets)
        if before_targets != after_targets:
            changes["targets"] = [before_targets, after_targets]
        if not changes:
            return criterion
        _require_editable(campaign, reason)
        clash = Criterion.objects.filter(campaign=campaign, order=data["order"])
        if criterion is not None:
            clash = clash.exclude(pk=criterion.pk)
        if clash.exists():
            raise ServiceError(f"Đã có nội dung thi đua số {data['order']}.", code="duplicate_order")
        if criterion is None:
            criterion = Criterion.objects.create(campaign=campaign, **data)
            action = AuditAction.CRITERION_CREATE
        else:
            for field, value in data.items():
                setattr(criterion, field, value)
            criterion.save()
            action = AuditAction.CRITERION_UPDATE
        if "targets" in changes:
            criterion.targets.all().delete()
            CriterionTarget.objects.bulk_create([CriterionTarget(criterion=criterion, **t) for t in targets])
        plan_change_record(actor=actor, campaign=campaign, action=action, obj=criterion, changes=changes, reason=reason)
    return criterion


def _check_target_indicators(campaign: Campaign, targets: list[dict[str, Any]]) -> None:
    allowed = {key for key, _ in target_indicator_choices(campaign)}
    for target in targets:
        if target["indicator"] not in allowed:
            raise ServiceError(
                f"Chỉ số “{target['indicator']}” không có trong phong trào: chọn một chỉ số tính từ sổ một cửa "
                "hoặc một số liệu tháng đang dùng của kế hoạch.",
                code="unknown_indicator",
            )


def _target_snapshot(targets) -> list[list]:
    rows = []
    for t in targets:
        get = t.get if isinstance(t, dict) else lambda key, t=t: getattr(t, key)
        value = get("target")
        rows.append(
            [
                get("indicator"),
                get("comparator"),
                None if value is None else str(Decimal(value).normalize()),
                get("unit_label"),
            ]
        )
    return rows


def _normalise_criterion(data: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data = dict(data)
    targets = [dict(t) for t in data.pop("targets", [])]
    if data.get("kind") == CriterionKind.ASSESSED:
        return data, []
    if not targets:
        raise ServiceError("Nội dung đo lường bằng chỉ số phải có ít nhất một chỉ tiêu.", code="target_required")
    indicators = [t.get("indicator") for t in targets]
    if len(set(indicators)) != len(indicators):
        raise ServiceError("Mỗi chỉ số chỉ được đặt một chỉ tiêu trong cùng nội dung.", code="duplicate_indicator")
    for target in targets:
        if not target.get("indicator") or not target.get("comparator"):
            raise ServiceError("Mỗi chỉ tiêu phải có chỉ số và cách so sánh.", code="indicator_required")
        if target["comparator"] == Comparator.INCREASE:
            target["target"] = None
        elif target.get("target") is None:
            raise ServiceError("Hãy nhập giá trị chỉ tiêu (ví dụ 95 hoặc 1,3).", code="target_required")
        target["unit_label"] = clean_line(target.get("unit_label", "%"), label="Đơn vị")
    return data, targets


def criterion_delete(*, actor: User, criterion: Criterion, reason: str = "") -> None:
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=criterion.campaign_id)
        _require_editable(campaign, reason)
        if criterion.commitments.exists():
            raise ServiceError("Đã có đơn vị, cá nhân cam kết nội dung này; không thể xóa.", code="in_use")
        if criterion.monthly_fields.exists():
            raise ServiceError(
                "Nội dung này có số liệu tháng: hãy xóa hoặc chuyển các số liệu tháng sang nội dung khác trước.",
                code="has_monthly_fields",
            )
        plan_change_record(
            actor=actor,
            campaign=campaign,
            action=AuditAction.CRITERION_DELETE,
            obj=criterion,
            changes={"text": [criterion.text, None]},
            reason=reason,
        )
        criterion.delete()


def campaign_set_award_forms(
    *, actor: User, campaign: Campaign, options: list[tuple[AwardForm, str]], reason: str = ""
) -> None:
    """Replace section IV with ``options`` ((award form, wording) in order)."""
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY)
    options = [(award_form, clean_line(wording, label="Cách ghi trong kế hoạch")) for award_form, wording in options]
    reason = clean_text(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        before = [str(o) for o in campaign.award_options.all()]
        after = [wording for _, wording in options]
        if before == after and [o.award_form_id for o in campaign.award_options.all()] == [f.pk for f, _ in options]:
            return
        _require_editable(campaign, reason)
        for award_form, _ in options:
            if not award_form.is_valid_on(campaign.start_date):
                raise ServiceError(
                    f"Hình thức “{award_form}” không còn hiệu lực vào ngày {campaign.start_date:%d/%m/%Y}.",
                    code="award_form_invalid",
                )
        campaign.award_options.all().delete()
        for order, (award_form, wording) in enumerate(options, start=1):
            CampaignAwardForm.objects.create(campaign=campaign, award_form=award_form, order=order, wording=wording)
        plan_change_record(
            actor=actor,
            campaign=campaign,
            action=AuditAction.CAMPAIGN_AWARD_FORMS,
            obj=campaign,
            changes={"award_forms": [before, after]},
            reason=reason,
        )


def step_save(
    *, actor: User, campaign: Campaign, order: int, heading: str, body: str, reason: str = ""
) -> ImplementationStep:
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY)
    heading, body, reason = clean_line(heading, label="Tiêu đề"), clean_text(body), clean_text(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        step = ImplementationStep.objects.filter(campaign=campaign, order=order).first()
        new = {"heading": heading, "body": body}
        changes = diff_fields(step, new) if step else {"heading": [None, heading], "body": [None, body]}
        if not changes:
            return step
        _require_editable(campaign, reason)
        if step is None:
            step = ImplementationStep.objects.create(campaign=campaign, order=order, **new)
        else:
            step.heading, step.body = heading, body
            step.save()
        plan_change_record(
            actor=actor, campaign=campaign, action=AuditAction.STEP_SAVE, obj=step, changes=changes, reason=reason
        )
    return step


def _transition(
    *,
    actor: User,
    campaign: Campaign,
    source: str,
    target: str,
    action: str,
    stamp: str,
    check=None,
    reason: str = "",
) -> Campaign:
    """Move the campaign from ``source`` to ``target`` on a fresh, locked row; ``check`` may refuse."""
    require_role(actor, CHAIRMAN, message=PLAN_DECIDERS_ONLY)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)

        def refusal(current: str) -> str:
            return f"Không thể chuyển phong trào từ “{current}” sang “{CampaignStatus(target).label}”."

        require_state(campaign, [source], refusal=refusal)
        if check is not None:
            check(campaign)
        values = {stamp: timezone.now()}
        if target == CampaignStatus.LAUNCHED:
            values["launched_by"] = actor
        old = transition(campaign, to=target, allowed=[source], refusal=refusal, values=values)
        audit_record(actor=actor, action=action, obj=campaign, changes={"status": [old, target]}, reason=reason)
    return campaign


def _check_launchable(campaign: Campaign) -> None:
    problems = launch_review(campaign)["blocking"]
    if problems:
        raise ServiceError("Chưa thể phát động: " + "; ".join(problems) + ".", code="incomplete")


def campaign_launch(*, actor: User, campaign: Campaign) -> Campaign:
    """Draft → launched (the chairman). Only a complete plan can be launched."""
    with transaction.atomic():
        campaign = _transition(
            actor=actor,
            campaign=campaign,
            source=CampaignStatus.DRAFT,
            target=CampaignStatus.LAUNCHED,
            action=AuditAction.CAMPAIGN_LAUNCH,
            stamp="launched_at",
            check=_check_launchable,
        )
        _notify_launch(campaign)
    return campaign


def registration_link(campaign: Campaign) -> str:
    """The registration page of the campaign: where the launch notice and the reminders lead."""
    return reverse("campaigns:registration-home", args=[campaign.slug])


def _notify_launch(campaign: Campaign) -> None:
    users = User.objects.filter(person__commune=campaign.commune, person__is_active=True, is_active=True)
    notify_users(
        users,
        title=f"Phát động: {campaign.title}",
        body=f"UBND xã đã phát động thi đua. Hãy đăng ký thi đua trước {campaign.registration_deadline:%d/%m/%Y}."
        if campaign.registration_deadline
        else "UBND xã đã phát động thi đua. Hãy đăng ký thi đua.",
        link=registration_link(campaign),
    )


def campaign_close(*, actor: User, campaign: Campaign) -> Campaign:
    return _transition(
        actor=actor,
        campaign=campaign,
        source=CampaignStatus.LAUNCHED,
        target=CampaignStatus.CLOSED,
        action=AuditAction.CAMPAIGN_CLOSE,
        stamp="closed_at",
    )


def campaign_mark_summarised(*, actor: User, campaign: Campaign) -> Campaign:
    return _transition(
        actor=actor,
        campaign=campaign,
        source=CampaignStatus.CLOSED,
        target=CampaignStatus.SUMMARISED,
        action=AuditAction.CAMPAIGN_SUMMARISE,
        stamp="summarised_at",
    )


def campaign_set_registration_deadline(*, actor: User, campaign: Campaign, deadline) -> Campaign:
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY)
    if deadline is not None and not campaign.start_date <= deadline <= campaign.end_date:
        raise ServiceError(
            f"Hạn đăng ký phải nằm trong đợt thi đua ({campaign.start_date:%d/%m/%Y} – {campaign.end_date:%d/%m/%Y}).",
            code="deadline_out_of_period",
        )
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.LAUNCHED):
            raise ServiceError("Phong trào đã kết thúc.", code="not_editable")
        changes = diff_fields(campaign, {"registration_deadline": deadline})
        if changes:
            campaign.registration_deadline = deadline
            campaign.save(update_fields=["registration_deadline"])
            audit_record(actor=actor, action=AuditAction.CAMPAIGN_REGISTRATION_DEADLINE, obj=campaign, changes=changes)
    return campaign


# --- Registration -------------------------------------------------------------------------------


def registration_open_problem(campaign: Campaign, *, on_behalf: bool = False) -> str | None:
    """Why registration is closed now, or None when it is open."""
    if campaign.status != CampaignStatus.LAUNCHED:
        return "Chỉ đăng ký thi đua khi phong trào đang được phát động."
    if campaign.registration_deadline and local_today() > campaign.registration_deadline and not on_behalf:
        return f"Đã hết hạn đăng ký thi đua ({campaign.registration_deadline:%d/%m/%Y})."
    return None


def registration_submit(
    *,
    actor: User,
    campaign: Campaign,
    unit: Unit | None = None,
    person: Person | None = None,
    commitments: list[tuple[Criterion, str]],
    commitment_text: str = "",
    expected_version: int | Unchecked,
    registered_on: dt.date | None = None,
) -> Registration:
    """Register (or update the registration of) a unit or a person, with its commitments.

    ``registered_on`` is the date on the registration form (a paper form entered later keeps its own
    date): it lies between the plan's date (or the start) and the campaign's end, never in the future.
    Without it a new registration is dated today (the campaign's last day when entered after the end)
    and an existing one keeps its date.
    """
    if (unit is None) == (person is None):
        raise ValueError("register exactly one of unit or person")
    registrant = unit or person
    if registrant.commune_id != campaign.commune_id:
        raise ServiceError("Chỉ tập thể, cá nhân của xã mới đăng ký được.", code="wrong_commune")
    if not can_register_for(actor, registrant):
        raise NotPermitted("Bạn không được đăng ký thi đua thay cho đối tượng này.")
    problem = registration_open_problem(campaign, on_behalf=has_role(actor, OFFICER))
    if problem:
        raise ServiceError(problem, code="closed")
    commitments = [(criterion, clean_line(text, label="Chỉ tiêu cam kết")) for criterion, text in commitments]
    commitment_text = clean_text(commitment_text)
    if not commitments:
        raise ServiceError("Hãy chọn ít nhất một nội dung thi đua để cam kết.", code="no_commitment")
    if any(criterion.campaign_id != campaign.pk for criterion, _ in commitments):
        raise ServiceError("Nội dung cam kết không thuộc phong trào này.", code="wrong_criterion")
    earliest = min(d for d in (campaign.document_date, campaign.start_date) if d)
    entered = registered_on
    if entered is not None:
        registered_on = event_date(entered, what="Ngày đăng ký", earliest=earliest, latest=campaign.end_date)
    else:
        # No date entered: today, or the campaign's last day for a form entered after the campaign ended.
        registered_on = max(min(local_today(), campaign.end_date), earliest)
    with transaction.atomic():
        lookup = {"campaign": campaign, "unit": unit} if unit else {"campaign": campaign, "person": person}
        registration = Registration.objects.select_for_update().filter(**lookup).first()
        check_version(registration, expected_version)
        before = _registration_snapshot(registration)
        if registration is None:
            with first_save():
                registration = Registration.objects.create(
                    **lookup, commitment_text=commitment_text, registered_by=actor, registered_on=registered_on
                )
            action = AuditAction.REGISTRATION_CREATE
        else:
            wanted = {"text": commitment_text, "criteria": {str(c.order): t for c, t in commitments}}
            new_date = entered or registration.registered_on or registered_on
            if wanted == before and new_date == registration.registered_on:
                return registration
            registration.commitment_text = commitment_text
            registration.registered_on = new_date
            registration.version += 1
            registration.save()
            registration.commitments.all().delete()
            action = AuditAction.REGISTRATION_UPDATE
        Commitment.objects.bulk_create(
            [Commitment(registration=registration, criterion=c, target_text=t) for c, t in commitments]
        )
        after = _registration_snapshot(registration)
        audit_record(actor=actor, action=action, obj=registration, changes={"commitments": [before, after]})
    return registration


def _registration_snapshot(registration: Registration | None) -> dict | None:
    if registration is None:
        return None
    return {
        "text": registration.commitment_text,
        "criteria": {
            str(c.criterion.order): c.target_text for c in registration.commitments.select_related("criterion")
        },
    }


@dataclass(frozen=True)
class RemindResult:
    """Who got the reminder, and who could not be reached through the portal (no active account)."""

    sent: int
    unreachable_people: list[str] = field(default_factory=list)
    unreachable_units: list[str] = field(default_factory=list)

    @property
    def unreachable(self) -> int:
        return len(self.unreachable_people) + len(self.unreachable_units)


def registration_remind(*, actor: User, campaign: Campaign) -> RemindResult:
    """Notify everyone who has not registered yet (people, and heads of unregistered units), and
    name those who cannot be notified (no account, or a disabled one) so they are reminded in person."""
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY)
    if campaign.status != CampaignStatus.LAUNCHED:
        raise ServiceError("Chỉ nhắc đăng ký khi phong trào đang được phát động.", code="not_launched")
    missing = registration_missing(campaign)
    wanted = {p.user_id for p in missing["people"] if p.user_id}
    wanted |= {u.head.user_id for u in missing["units"] if u.head and u.head.user_id}
    active = set(User.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True))
    people = sorted(p.full_name for p in missing["people"] if p.user_id not in active)
    units = sorted(u.name for u in missing["units"] if not (u.head and u.head.user_id in active))
    deadline = f" trước ngày {campaign.registration_deadline:%d/%m/%Y}" if campaign.registration_deadline else ""
    with transaction.atomic():
        notify_users(
            User.objects.filter(pk__in=active),
            title=f"Nhắc đăng ký thi đua: {campaign.title}",
            body=f"Bạn (hoặc tập thể bạn phụ trách) chưa đăng ký thi đua. Hãy đăng ký{deadline}.",
            link=registration_link(campaign),
        )
        changes = {"recipients": len(active), "unreachable": len(people) + len(units)}
        audit_record(actor=actor, action=AuditAction.REGISTRATION_REMIND, obj=campaign, changes=changes)
    return RemindResult(sent=len(active), unreachable_people=people, unreachable_units=units)
