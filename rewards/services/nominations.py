"""Nominations: create, edit, submit (freezing evidence, checking eligibility), return, accept, override."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import AwardForm, AwardTarget, Campaign, CampaignStatus, Person, Unit
from rewards.evidence import collect_evidence
from rewards.models import CouncilMember, Nomination, NominationStatus
from rewards.policies import can_edit_nomination, can_nominate
from rewards.selectors import nomination_eligibility
from rewards.services.common import (
    clean_text,
    lock,
    move,
    notify,
    require_status,
    users_with_role,
)
from rewards.services.evidence import evidence_freeze
from rewards.services.evidence_files import evidence_files_freeze
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.optimistic import UNCHECKED, Unchecked, check_version
from tanbinh_portal.periods import event_date
from tanbinh_portal.roles import CHAIRMAN, COUNCIL, OFFICER, has_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError

SECTIONS = ("profile", "achievements", "initiatives", "discipline", "confirmation")
NOMINATION_OPEN = (CampaignStatus.LAUNCHED, CampaignStatus.CLOSED)


def _clean_sections(sections: dict) -> dict:
    return {name: clean_text(sections.get(name, "")) for name in SECTIONS}


def _check_nominee(campaign: Campaign, award_form: AwardForm, nominee: Unit | Person) -> None:
    if campaign.status not in NOMINATION_OPEN:
        raise ServiceError("Chỉ đề nghị khen thưởng khi phong trào đang diễn ra hoặc vừa kết thúc.", code="closed")
    if not campaign.award_options.filter(award_form=award_form).exists():
        raise ServiceError("Hình thức khen thưởng này không có trong kế hoạch của phong trào.", code="wrong_form")
    collective = isinstance(nominee, Unit)
    if award_form.applies_to == AwardTarget.COLLECTIVE and not collective:
        raise ServiceError(f"“{award_form}” chỉ dành cho tập thể.", code="wrong_target")
    if award_form.applies_to == AwardTarget.INDIVIDUAL and collective:
        raise ServiceError(f"“{award_form}” chỉ dành cho cá nhân.", code="wrong_target")
    if nominee.commune_id != campaign.commune_id:
        raise ServiceError("Chỉ đề nghị khen thưởng tập thể, cá nhân của xã.", code="wrong_commune")


def nomination_create(
    *,
    actor: User,
    campaign: Campaign,
    award_form: AwardForm,
    unit: Unit | None = None,
    person: Person | None = None,
    sections: dict,
) -> Nomination:
    """A draft nomination of a unit or a person, with the báo cáo thành tích sections."""
    if (unit is None) == (person is None):
        raise ValueError("nominate exactly one of unit or person")
    nominee = unit or person
    _check_nominee(campaign, award_form, nominee)
    if not can_nominate(actor, nominee):
        raise NotPermitted("Bạn chỉ đề nghị khen thưởng cho tập thể mình đứng đầu và cán bộ của tập thể đó.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                nomination = Nomination.objects.create(
                    campaign=campaign,
                    award_form=award_form,
                    unit=unit,
                    person=person,
                    proposing_unit=unit or person.unit,
                    proposed_by=actor,
                    **_clean_sections(sections),
                )
        except IntegrityError:
            raise ServiceError(
                f"{'Tập thể' if unit else 'Cá nhân'} này đã được đề nghị “{award_form}” trong phong trào.",
                code="duplicate",
            ) from None
        audit_record(actor=actor, action=AuditAction.NOMINATION_CREATE, obj=nomination)
    return nomination


def nomination_update(
    *, actor: User, nomination: Nomination, sections: dict, expected_version: int | Unchecked
) -> Nomination:
    with transaction.atomic():
        nomination = lock(nomination)
        check_version(nomination, expected_version)
        if not can_edit_nomination(actor, nomination):
            require_status(nomination, NominationStatus.DRAFT, NominationStatus.RETURNED, doing="sửa báo cáo")
            raise NotPermitted("Bạn không được sửa đề nghị này.")
        new = _clean_sections(sections)
        changes = {k: [getattr(nomination, k), v] for k, v in new.items() if getattr(nomination, k) != v}
        if not changes:
            return nomination
        for name, value in new.items():
            setattr(nomination, name, value)
        nomination.version += 1
        nomination.save()
        audit_record(actor=actor, action=AuditAction.NOMINATION_UPDATE, obj=nomination, changes=changes)
    return nomination


def nomination_submit(
    *,
    actor: User,
    nomination: Nomination,
    expected_version: int | Unchecked = UNCHECKED,
    submitted_on: dt.date | None = None,
) -> Nomination:
    """Draft or returned → submitted: freeze the evidence and evaluate the eligibility checklist.

    A transition, not an edit form: the state guard refuses a second submit, so the version is optional.
    ``submitted_on`` is the date of the proposal and of its báo cáo thành tích (entered when a paper
    proposal is entered later; by default today: a resubmitted report is a new report with a new date).
    It is not before the campaign's start and not in the future.
    """
    with transaction.atomic():
        nomination = lock(nomination)
        check_version(nomination, expected_version)
        require_status(nomination, NominationStatus.DRAFT, NominationStatus.RETURNED, doing="gửi đề nghị")
        if not can_edit_nomination(actor, nomination):
            raise NotPermitted("Chỉ người lập đề nghị hoặc công chức Văn phòng – Thống kê được gửi đề nghị.")
        missing = [
            label
            for name, label in (
                ("profile", "sơ lược lý lịch / đặc điểm tình hình"),
                ("achievements", "thành tích đạt được"),
            )
            if not getattr(nomination, name)
        ]
        if missing:
            raise ServiceError("Báo cáo thành tích còn thiếu phần " + " và ".join(missing) + ".", code="incomplete")
        submitted_on = event_date(submitted_on, what="Ngày đề nghị", earliest=nomination.campaign.start_date)
        evidence = collect_evidence(nomination.campaign, unit=nomination.unit, person=nomination.person)
        evidence_freeze(nomination=nomination, items=evidence)
        evidence_files_freeze(nomination=nomination, at=timezone.now())  # attached files: no change after this
        results = nomination_eligibility(nomination, evidence)
        move(
            nomination,
            actor=actor,
            target=NominationStatus.SUBMITTED,
            action=AuditAction.NOMINATION_SUBMIT,
            fields={
                "eligibility": results,
                "is_eligible": all(r["passed"] for r in results),
                "return_reason": "",
                "submitted_on": submitted_on,
            },
        )
        notify(
            users_with_role(OFFICER, nomination.campaign.commune), nomination, f"Đề nghị khen thưởng mới: {nomination}"
        )
    return nomination


def nomination_return(*, actor: User, nomination: Nomination, reason: str) -> Nomination:
    """Submitted or accepted → returned to the proposer for revision, with a reason."""
    reason = clean_text(reason)
    if not has_role(actor, OFFICER, at=nomination.campaign.commune):
        raise NotPermitted("Chỉ công chức Văn phòng – Thống kê trả lại đề nghị.")
    if not reason:
        raise ServiceError("Hãy ghi lý do trả lại để người đề nghị biết cần bổ sung gì.", code="no_reason")
    with transaction.atomic():
        nomination = lock(nomination)
        require_status(nomination, NominationStatus.SUBMITTED, NominationStatus.ACCEPTED, doing="trả lại")
        move(
            nomination,
            actor=actor,
            target=NominationStatus.RETURNED,
            action=AuditAction.NOMINATION_RETURN,
            reason=reason,
            fields={"return_reason": reason},
        )
        notify([nomination.proposed_by], nomination, f"Đề nghị bị trả lại để bổ sung: {nomination}", reason)
    return nomination


def nomination_override(*, actor: User, nomination: Nomination, reason: str) -> Nomination:
    """The chairman lets an ineligible nomination reach the council, with a written reason."""
    reason = clean_text(reason)
    if not has_role(actor, CHAIRMAN, at=nomination.campaign.commune):
        raise NotPermitted("Chỉ Chủ tịch UBND xã cho phép xét đề nghị chưa đủ điều kiện.")
    if not reason:
        raise ServiceError("Hãy ghi rõ lý do cho phép đưa ra Hội đồng xét.", code="no_reason")
    with transaction.atomic():
        nomination = lock(nomination)
        require_status(nomination, NominationStatus.SUBMITTED, doing="cho phép xét")
        if nomination.is_eligible:
            raise ServiceError("Đề nghị này đã đủ điều kiện, không cần Chủ tịch cho phép.", code="not_needed")
        nomination.override_reason = reason
        nomination.override_by = actor
        nomination.version += 1
        nomination.save()
        audit_record(actor=actor, action=AuditAction.NOMINATION_OVERRIDE, obj=nomination, reason=reason)
        notify(
            users_with_role(OFFICER, nomination.campaign.commune),
            nomination,
            f"Chủ tịch cho phép đưa ra Hội đồng: {nomination}",
            reason,
        )
    return nomination


def nomination_accept(*, actor: User, nomination: Nomination) -> Nomination:
    """Submitted → accepted for the council (eligible, or overridden by the chairman)."""
    if not has_role(actor, OFFICER, at=nomination.campaign.commune):
        raise NotPermitted("Chỉ công chức Văn phòng – Thống kê tiếp nhận đề nghị.")
    with transaction.atomic():
        nomination = lock(nomination)
        require_status(nomination, NominationStatus.SUBMITTED, doing="tiếp nhận")
        if not nomination.reaches_council:
            raise ServiceError(
                "Đề nghị chưa đủ điều kiện: chỉ đưa ra Hội đồng khi Chủ tịch UBND xã cho phép bằng văn bản.",
                code="ineligible",
            )
        move(nomination, actor=actor, target=NominationStatus.ACCEPTED, action=AuditAction.NOMINATION_ACCEPT)
        seats = CouncilMember.objects.filter(campaign=nomination.campaign).values_list("user_id", flat=True)
        council = (
            User.objects.filter(pk__in=seats, is_active=True)
            if seats
            else users_with_role(COUNCIL, nomination.campaign.commune)
        )
        notify(council, nomination, f"Đề nghị chờ Hội đồng xét: {nomination}")
    return nomination
