"""Document numbers, the commune's award decision, proposals to the district and their outcome."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from campaigns.models import AwardLevel, Campaign, Commune
from rewards.models import ApprovalRound, Decision, Issuer, Nomination, NominationStatus, NumberSeries, Outcome
from rewards.policies import place_label, receives_from, receiving_users
from rewards.services.common import (
    clean_line,
    clean_text,
    decision_link,
    lock,
    move,
    notify,
    require_status,
    users_with_role,
)
from rewards.wording import decision_summary
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.periods import event_date
from tanbinh_portal.roles import CHAIRMAN, OFFICER, has_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError


def number_next(*, commune: Commune, issuer: str, year: int, issued_on: dt.date | None = None) -> int:
    """The next number of an issuing body's yearly series (01 on 1 January), under a row lock.

    Called inside the transaction that uses the number, so a rolled-back document frees it. With
    ``issued_on`` (the document's date) the series stays in date order: a number may not carry a date
    earlier than the number before it (a BC 02 dated after TTr 03 is impossible), nor a date in the
    future or outside ``year``.
    """
    if issued_on is not None:
        if issued_on.year != year:
            raise ServiceError(
                f"Ngày văn bản {issued_on:%d/%m/%Y} không thuộc năm {year} của sổ số.", code="wrong_year"
            )
        event_date(issued_on, what="Ngày văn bản")
    with transaction.atomic():
        series = (
            NumberSeries.objects.select_for_update(of=("self",))
            .filter(commune=commune, issuer=issuer, year=year)
            .first()
        )
        if series is None:
            try:
                with transaction.atomic():
                    series = NumberSeries.objects.create(commune=commune, issuer=issuer, year=year)
            except IntegrityError:
                series = NumberSeries.objects.select_for_update(of=("self",)).get(
                    commune=commune, issuer=issuer, year=year
                )
        if issued_on is not None and series.last_issued_on and issued_on < series.last_issued_on:
            raise ServiceError(
                f"Văn bản số {series.last_number:02d} của {series.get_issuer_display()} năm {year} đã ghi ngày "
                f"{series.last_issued_on:%d/%m/%Y}; văn bản số sau không được ghi ngày sớm hơn "
                f"({issued_on:%d/%m/%Y}). Hãy ghi ngày từ {series.last_issued_on:%d/%m/%Y} trở đi.",
                code="number_order",
            )
        series.last_number += 1
        if issued_on is not None:
            series.last_issued_on = max(issued_on, series.last_issued_on or issued_on)
        series.save(update_fields=["last_number", "last_issued_on"])
    return series.last_number


def decision_title(campaign: Campaign) -> str:
    return decision_summary(campaign)[:300]


def decision_issue(*, actor: User, campaign: Campaign, issued_on: dt.date, signatory_name: str = "") -> Decision:
    """The Quyết định khen thưởng for every approved commune-level nomination; numbered now."""
    if not has_role(actor, OFFICER, CHAIRMAN, at=campaign.commune):
        raise NotPermitted("Chỉ Chủ tịch UBND xã hoặc công chức Văn phòng – Thống kê ban hành quyết định.")
    with transaction.atomic():
        round_ = ApprovalRound.objects.select_for_update(of=("self",)).filter(campaign=campaign).first()
        if round_ is None or not round_.is_frozen:
            raise ServiceError("Danh sách chưa được Chủ tịch phê duyệt.", code="not_approved")
        nominations = list(
            Nomination.objects.select_for_update(of=("self",)).filter(
                campaign=campaign, status=NominationStatus.APPROVED, award_form__level=AwardLevel.COMMUNE
            )
        )
        if not nominations:
            issued = Decision.objects.filter(campaign=campaign).order_by("-issued_on").first()
            if issued is not None:
                raise ServiceError(
                    f"Quyết định khen thưởng số {issued.reference} đã được ban hành cho mọi đề nghị đã phê duyệt; "
                    "không còn đề nghị nào chờ quyết định.",
                    code="nothing",
                )
            raise ServiceError("Không có đề nghị Giấy khen cấp xã nào đã được phê duyệt.", code="nothing")
        year = issued_on.year
        decision = Decision.objects.create(
            campaign=campaign,
            commune=campaign.commune,
            issuer=Issuer.UBND,
            year=year,
            number=number_next(commune=campaign.commune, issuer=Issuer.UBND, year=year, issued_on=issued_on),
            issued_on=issued_on,
            signatory_name=clean_text(signatory_name) or campaign.signatory_name,
            title=decision_title(campaign),
            issued_by=actor,
        )
        audit_record(
            actor=actor, action=AuditAction.DECISION_ISSUE, obj=decision, changes={"number": [None, decision.reference]}
        )
        for nomination in nominations:
            move(
                lock(nomination),
                actor=actor,
                target=NominationStatus.DECIDED,
                action=AuditAction.NOMINATION_DECIDE,
                fields={"decision": decision},
            )
        proposers = {n.proposed_by for n in nominations}
        notify_users(
            proposers,
            title=f"Đã có Quyết định khen thưởng số {decision.reference}",
            link=decision_link(decision),
        )
    return decision


def nomination_propose(*, actor: User, nomination: Nomination, on: dt.date | None = None) -> Nomination:
    """Approved higher-level nomination → proposed to the commune's receiving level on ``on`` (default
    today; a paper entered later gives its date): Phòng Nội vụ huyện until 30/06/2025, Sở Nội vụ tỉnh
    from 01/07/2025 (``Commune.receiving_level``), whose reviewers are told."""
    commune = nomination.campaign.commune
    if not has_role(actor, OFFICER, at=commune):
        raise NotPermitted("Chỉ công chức Văn phòng – Thống kê gửi đề nghị lên cấp trên.")
    on = event_date(on, what="Ngày đề nghị", earliest=nomination.campaign.start_date)
    level = commune.receiving_level(on)
    with transaction.atomic():
        nomination = lock(nomination)
        require_status(nomination, NominationStatus.APPROVED, doing="đề nghị cấp trên")
        if nomination.award_form.level == AwardLevel.COMMUNE:
            raise ServiceError("Giấy khen cấp xã do xã quyết định, không đề nghị lên cấp trên.", code="commune_level")
        # The typed day decides the receiving level; the audit row keeps it, with the body it went to.
        sent = f"Gửi {place_label(level)} ngày {on:%d/%m/%Y}"
        move(
            nomination,
            actor=actor,
            target=NominationStatus.PROPOSED,
            action=AuditAction.NOMINATION_PROPOSE,
            reason=sent,
        )
        notify(
            receiving_users(level),
            nomination,
            f"{commune} đề nghị {nomination.award_form}: {nomination.nominee}",
        )
    return nomination


def nomination_record_outcome(
    *,
    actor: User,
    nomination: Nomination,
    outcome: str,
    reason: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> Nomination:
    """Proposed → awarded, or not awarded with the higher level's reason; with the number and date of the
    higher level's decision when known. Recorded by the commune's officer from the paper it received, or
    by the receiving level itself (through its inbox: ``documents.services.submission_record_outcome``)."""
    reason = clean_text(reason)
    decision_number = clean_line(decision_number)
    commune = nomination.campaign.commune
    if not (has_role(actor, OFFICER, at=commune) or receives_from(actor, commune)):
        raise NotPermitted("Chỉ công chức Văn phòng – Thống kê hoặc cấp trên tiếp nhận hồ sơ ghi kết quả.")
    if outcome not in Outcome.values:
        raise ServiceError("Hãy chọn kết quả: được hoặc không được khen thưởng.", code="no_outcome")
    if outcome == Outcome.NOT_AWARDED and not reason:
        raise ServiceError(f"Hãy ghi lý do cấp trên không khen thưởng {nomination.nominee}.", code="no_reason")
    if bool(decision_number) != bool(decision_date):
        raise ServiceError("Hãy ghi cả số và ngày quyết định của cấp trên (hoặc để trống cả hai).", code="decision")
    with transaction.atomic():
        nomination = lock(nomination)
        require_status(nomination, NominationStatus.PROPOSED, doing="ghi kết quả của cấp trên")
        target = NominationStatus.AWARDED if outcome == Outcome.AWARDED else NominationStatus.NOT_AWARDED
        move(
            nomination,
            actor=actor,
            target=target,
            action=AuditAction.NOMINATION_OUTCOME,
            reason=reason,
            fields={
                "outcome_reason": reason if target == NominationStatus.NOT_AWARDED else "",
                "outcome_decision_number": decision_number,
                "outcome_decision_date": decision_date,
            },
        )
        notify(
            {nomination.proposed_by, *users_with_role(OFFICER, commune)},
            nomination,
            f"Kết quả đề nghị {nomination.award_form}: {Outcome(outcome).label.lower()}",
            reason,
        )
    return nomination
