"""Registration for the campaign: its deadline, registering units and people with their commitments,
and reminding those who have not registered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus, Commitment, Criterion, Person, Registration, Unit
from campaigns.policies import PLAN_EDITORS_ONLY, can_register_for
from campaigns.selectors import registration_missing, registration_open_problem
from tanbinh_portal.audit import AuditAction, audit_record, diff_fields
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.optimistic import Unchecked, check_version, first_save
from tanbinh_portal.periods import event_date, local_today
from tanbinh_portal.roles import OFFICER, has_role, require_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.text import clean_line, clean_text


def registration_link(campaign: Campaign) -> str:
    """The registration page of the campaign: where the launch notice and the reminders lead."""
    return reverse("campaigns:registration-home", args=[campaign.slug])


def campaign_set_registration_deadline(*, actor: User, campaign: Campaign, deadline) -> Campaign:
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY, at=campaign.commune)
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
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY, at=campaign.commune)
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
