"""Writes of the receiving level's inbox: a commune sends its district bundle or its summary report, the
receiving level (Phòng Nội vụ huyện, from 01/07/2025 Sở Nội vụ tỉnh) receives it, returns it for
correction with a reason, or records the outcome of the bundle with its decision's number and date.

State machine (``tanbinh_portal.transitions``; docs/receiving.md)::

    (none) ──send──▶ sent ──receive──▶ received ──outcome──▶ decided   (bundle only)
                     ▲  │                 │
                     │  └─────return──────┤
                     └──send again── returned ◀┘

Every step is a :class:`~documents.models.SubmissionStep` (who, which day, why), an audit row in the same
transaction and a notification to the other side. Dates are the papers' (``on``: entered, back-dated
when a paper is entered later, or today; never in the future nor before the campaign started).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, District
from documents.kinds.award_state import summary_official_from
from documents.kinds.base import KindCode
from documents.models import (
    DocumentStatus,
    GeneratedDocument,
    StepAction,
    Submission,
    SubmissionKind,
    SubmissionStatus,
    SubmissionStep,
)
from rewards.models import Nomination, NominationStatus
from rewards.policies import commune_users, holds_receiving_role, place_label, receiving_users
from rewards.services import nomination_record_outcome
from rewards.services.common import clean_line, clean_text
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.periods import event_date
from tanbinh_portal.roles import CHAIRMAN, OFFICER, require_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.transitions import transition

# Which generated document each kind of submission sends.
KIND_DOCUMENTS = {SubmissionKind.BUNDLE: KindCode.DISTRICT_BUNDLE, SubmissionKind.SUMMARY: KindCode.SUMMARY_REPORT}
DOCUMENT_KINDS = {code: kind for kind, code in KIND_DOCUMENTS.items()}
MOVED_ELSEWHERE = "Hồ sơ vừa được xử lý ở một phiên khác; hãy tải lại trang."


def submission_link(submission: Submission) -> str:
    """The commune's view of its submission: the documents page of the campaign."""
    return reverse("documents:document-list", args=[submission.campaign.slug])


def inbox_link(submission: Submission) -> str:
    return reverse("documents:submission-detail", args=[submission.pk])


def _step(submission: Submission, *, step: str, actor: User, on: dt.date, reason: str = "", document=None) -> None:
    SubmissionStep.objects.create(
        submission=submission, action=step, actor=actor, on=on, reason=reason, document=document
    )


def _day(on: dt.date | None, campaign: Campaign, what: str) -> dt.date:
    try:
        return event_date(on, what=what, earliest=campaign.start_date)
    except ValidationError as error:  # event_date speaks Django's ValidationError, a service ServiceError
        raise ServiceError(" ".join(error.messages), code="bad_date", field="on") from None


def _sendable(document: GeneratedDocument) -> str:
    """The submission kind of a finished document that may be sent, else a refusal."""
    kind = DOCUMENT_KINDS.get(document.kind)
    if kind is None:
        raise ServiceError("Chỉ gửi cấp trên hồ sơ đề nghị khen thưởng hoặc báo cáo tổng kết.", code="not_sendable")
    if document.status != DocumentStatus.DONE:
        raise ServiceError("Văn bản chưa tạo xong (hoặc chưa ký số): chưa gửi được.", code="not_done")
    if kind == SubmissionKind.BUNDLE and document.signed_at is None:
        raise ServiceError("Hồ sơ trình cấp trên phải được Chủ tịch ký số trước khi gửi.", code="not_signed")
    if kind == SubmissionKind.SUMMARY:
        # A fresh campaign row: the award state is remembered on the instance (award_state._state).
        since = summary_official_from(Campaign.objects.get(pk=document.campaign_id))
        if since is None or document.started_at is None or document.started_at < since:
            raise ServiceError(
                "Bản báo cáo tổng kết này là dự thảo (tạo trước khi Chủ tịch duyệt, chưa có số): hãy để Chủ tịch "
                "duyệt báo cáo, tạo lại văn bản rồi gửi.",
                code="draft",
            )
    return kind


def submission_send(
    *, actor: User, document: GeneratedDocument, on: dt.date | None = None, note: str = ""
) -> Submission:
    """The commune sends a finished bundle or summary report (``document``) to its receiving level on
    ``on``; a returned one is sent again with the new version, a sent one not yet received is replaced
    by it. The receiving level is ``Commune.receiving_level(on)``."""
    campaign = document.campaign
    commune = campaign.commune
    require_role(
        actor, CHAIRMAN, OFFICER, at=commune, message="Chỉ Chủ tịch UBND xã hoặc Văn phòng – Thống kê gửi hồ sơ."
    )
    kind = _sendable(document)
    on = _day(on, campaign, "Ngày gửi")
    note = clean_text(note)
    level = commune.receiving_level(on)
    place = (
        {"district": level, "province": None} if isinstance(level, District) else {"district": None, "province": level}
    )
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()  # one submission per kind, even at once
        submission = Submission.objects.select_for_update().filter(campaign=campaign, kind=kind).first()
        if submission is None:
            submission = Submission.objects.create(
                campaign=campaign,
                commune=commune,
                kind=kind,
                document=document,
                status=SubmissionStatus.SENT,
                sent_on=on,
                first_sent_on=on,
                sent_by=actor,
                **place,
            )
            step = StepAction.SEND
        else:
            if submission.status not in (SubmissionStatus.SENT, SubmissionStatus.RETURNED):
                raise ServiceError(
                    f"{submission.get_kind_display()} đã được {place_label(submission.receiving_level)} tiếp "
                    "nhận; chỉ gửi lại khi cấp trên trả lại để bổ sung, chỉnh sửa.",
                    code="already_received",
                )
            if submission.status == SubmissionStatus.SENT and submission.document_id == document.pk:
                raise ServiceError("Phiên bản này đã được gửi, đang chờ cấp trên tiếp nhận.", code="already_sent")
            if on < submission.sent_on:
                raise ServiceError(
                    f"Ngày gửi lại ({on:%d/%m/%Y}) không được sớm hơn lần gửi trước ({submission.sent_on:%d/%m/%Y}).",
                    code="bad_date",
                    field="on",
                )
            transition(
                submission,
                to=SubmissionStatus.SENT,
                allowed=[submission.status],
                refusal=MOVED_ELSEWHERE,
                values={
                    "document": document,
                    "sent_on": on,
                    "sent_by": actor,
                    "received_on": None,
                    "received_by": None,
                    **place,
                },
            )
            step = StepAction.RESEND
        _step(submission, step=step, actor=actor, on=on, reason=note, document=document)
        audit_record(
            actor=actor,
            action=AuditAction.SUBMISSION_SEND,
            obj=submission,
            changes={"document": [None, f"{document.kind} v{document.version}"], "sent_on": [None, on.isoformat()]},
        )
        notify_users(
            _receivers(submission),
            title=f"Xã {commune.name} gửi {submission.get_kind_display().lower()}: {campaign.title}",
            body=note,
            link=inbox_link(submission),
        )
    return submission


def _receivers(submission: Submission) -> list[User]:
    return receiving_users(submission.receiving_level)


def _require_receiver(actor: User, submission: Submission) -> None:
    if not holds_receiving_role(actor, submission.receiving_level):
        raise NotPermitted(f"Chỉ {place_label(submission.receiving_level)} xử lý hồ sơ này.")


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",)).select_related("campaign", "commune").get(pk=submission.pk)
    )


def _tell_commune(submission: Submission, title: str, body: str = "") -> None:
    notify_users(
        commune_users(submission.commune, CHAIRMAN, OFFICER), title=title, body=body, link=submission_link(submission)
    )


def _refusal(doing: str):
    return lambda current: f"Không thể {doing}: hồ sơ đang ở trạng thái “{current}”."


def submission_receive(*, actor: User, submission: Submission, on: dt.date | None = None) -> Submission:
    """The receiving level receives (tiếp nhận) a sent submission on ``on``; the document records it too."""
    _require_receiver(actor, submission)
    with transaction.atomic():
        submission = _lock(submission)
        on = _day(on, submission.campaign, "Ngày tiếp nhận")
        if on < submission.sent_on:
            raise ServiceError(
                f"Ngày tiếp nhận ({on:%d/%m/%Y}) sớm hơn ngày xã gửi ({submission.sent_on:%d/%m/%Y}).",
                code="bad_date",
                field="on",
            )
        transition(
            submission,
            to=SubmissionStatus.RECEIVED,
            allowed=[SubmissionStatus.SENT],
            refusal=_refusal("tiếp nhận"),
            values={"received_on": on, "received_by": actor},
        )
        GeneratedDocument.objects.filter(pk=submission.document_id, received_at__isnull=True).update(
            received_at=timezone.now(), received_by=actor
        )
        _step(submission, step=StepAction.RECEIVE, actor=actor, on=on, document=submission.document)
        audit_record(
            actor=actor,
            action=AuditAction.SUBMISSION_RECEIVE,
            obj=submission,
            changes={"status": [SubmissionStatus.SENT, SubmissionStatus.RECEIVED]},
        )
        _tell_commune(
            submission,
            f"{place_label(submission.receiving_level)} đã tiếp nhận {submission.get_kind_display().lower()} "
            f"ngày {on:%d/%m/%Y}",
            submission.campaign.title,
        )
    return submission


def submission_return(*, actor: User, submission: Submission, reason: str, on: dt.date | None = None) -> Submission:
    """The receiving level returns a sent or received submission for correction, with its reason."""
    _require_receiver(actor, submission)
    reason = clean_text(reason)
    if not reason:
        raise ServiceError(
            "Hãy ghi lý do trả lại: xã cần bổ sung, chỉnh sửa những gì.", code="no_reason", field="reason"
        )
    with transaction.atomic():
        submission = _lock(submission)
        on = _day(on, submission.campaign, "Ngày trả lại")
        old = transition(
            submission,
            to=SubmissionStatus.RETURNED,
            allowed=[SubmissionStatus.SENT, SubmissionStatus.RECEIVED],
            refusal=_refusal("trả lại"),
            values={"return_reason": reason},
        )
        _step(submission, step=StepAction.RETURN, actor=actor, on=on, reason=reason, document=submission.document)
        audit_record(
            actor=actor,
            action=AuditAction.SUBMISSION_RETURN,
            obj=submission,
            changes={"status": [old, SubmissionStatus.RETURNED]},
            reason=reason,
        )
        _tell_commune(
            submission,
            f"{place_label(submission.receiving_level)} trả lại {submission.get_kind_display().lower()} "
            "để bổ sung, chỉnh sửa",
            reason,
        )
    return submission


def submission_record_outcome(
    *,
    actor: User,
    submission: Submission,
    decision_number: str,
    decision_date: dt.date,
    outcomes: dict[int, tuple[str, str]],
) -> Submission:
    """The receiving level records the outcome of a received bundle: the decision's number and date, and for
    every nomination the commune proposed in it and still waiting ``outcomes[pk] = (Outcome, reason)`` (all of
    them, or none is recorded; one the officer already recorded from the paper needs none). Each nomination
    moves through ``rewards.services.nomination_record_outcome``."""
    _require_receiver(actor, submission)
    decision_number = clean_line(decision_number)
    if not decision_number:
        raise ServiceError("Hãy ghi số quyết định, ví dụ 125/QĐ-UBND.", code="no_number", field="decision_number")
    if submission.kind != SubmissionKind.BUNDLE:
        raise ServiceError("Chỉ hồ sơ đề nghị khen thưởng có kết quả xét.", code="not_bundle")
    with transaction.atomic():
        submission = _lock(submission)
        decision_date = _day(decision_date, submission.campaign, "Ngày quyết định")
        if submission.received_on and decision_date < submission.received_on:
            raise ServiceError(
                f"Ngày quyết định ({decision_date:%d/%m/%Y}) sớm hơn ngày tiếp nhận hồ sơ "
                f"({submission.received_on:%d/%m/%Y}).",
                code="bad_date",
                field="decision_date",
            )
        transition(
            submission,
            to=SubmissionStatus.DECIDED,
            allowed=[SubmissionStatus.RECEIVED],
            refusal=_refusal("ghi kết quả"),
            values={"decision_number": decision_number, "decision_date": decision_date},
        )
        proposed = list(
            Nomination.objects.filter(campaign=submission.campaign, status=NominationStatus.PROPOSED).order_by("pk")
        )
        missing = [n for n in proposed if n.pk not in outcomes]
        if missing:
            raise ServiceError(
                "Hãy ghi kết quả cho từng đề nghị trong hồ sơ "
                f"(còn thiếu: {', '.join(str(n.nominee) for n in missing)}).",
                code="missing_outcomes",
            )
        for nomination in proposed:
            outcome, reason = outcomes[nomination.pk]
            nomination_record_outcome(
                actor=actor,
                nomination=nomination,
                outcome=outcome,
                reason=reason,
                decision_number=decision_number,
                decision_date=decision_date,
            )
        reference = submission.decision_reference
        _step(submission, step=StepAction.OUTCOME, actor=actor, on=decision_date, reason=reference)
        audit_record(
            actor=actor,
            action=AuditAction.SUBMISSION_OUTCOME,
            obj=submission,
            changes={"status": [SubmissionStatus.RECEIVED, SubmissionStatus.DECIDED], "decision": [None, reference]},
        )
        _tell_commune(submission, f"{place_label(submission.receiving_level)} đã có kết quả xét hồ sơ: {reference}", "")
    return submission
