"""Council ballots: paper tallies and their corrections, online secret ballots, results against quota.

The online ballot's guarantees (docs/ballot.md): choices wait sealed (:class:`SealedChoice`, no voter,
no time, random ids) and are counted only when every member present has voted or the chair closes the
meeting; until then every count on the ballot is zero (a database check) and the cast path does the
same work whatever the choice."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from rewards.models import (
    QUOTA_USING,
    AwardQuota,
    BallotItem,
    BallotMethod,
    BallotParticipation,
    MeetingStatus,
    Nomination,
    NominationStatus,
    SealedChoice,
)
from rewards.policies import council_seat, is_meeting_secretary
from rewards.services.common import clean_text, lock, move, require_status
from rewards.voting import vote_result
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.service_errors import NotPermitted, ServiceError


def _lock_ballot(ballot: BallotItem) -> BallotItem:
    return (
        BallotItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "meeting__campaign", "meeting__secretary", "meeting__chair")
        .get(pk=ballot.pk)
    )


def _decide(ballot: BallotItem, nomination: Nomination) -> tuple[bool, str]:
    """The award form's threshold, then its quota (counting the other nominations already passed).

    Members present who did not vote count as not agreeing: they stay in the base whichever base the
    quota uses (all members or members present), so abstaining never makes a pass easier."""
    quota = AwardQuota.objects.get(campaign=ballot.meeting.campaign, award_form=nomination.award_form)
    passed, text = vote_result(
        agree=ballot.agree,
        present=ballot.present,
        total=ballot.meeting.members_total,
        base=quota.threshold_base,
        percent=quota.threshold_percent,
        inclusive=quota.threshold_inclusive,
    )
    if passed:
        used = (
            Nomination.objects.filter(
                campaign=ballot.meeting.campaign, award_form=nomination.award_form, status__in=QUOTA_USING
            )
            .exclude(pk=nomination.pk)
            .count()
        )
        if used >= quota.quota:
            passed = False
            text += f"; tuy nhiên đã đủ chỉ tiêu ({used}/{quota.quota}) nên Hội đồng không thông qua thêm"
    return passed, text


def _resolve(ballot: BallotItem, actor: User) -> BallotItem:
    """Close the ballot with its counts set, apply threshold and quota, move the nomination."""
    nomination = lock(ballot.nomination)
    require_status(nomination, NominationStatus.ACCEPTED, doing="ghi kết quả bỏ phiếu")
    passed, text = _decide(ballot, nomination)
    ballot.closed, ballot.passed, ballot.explanation = True, passed, text
    ballot.save()
    target = NominationStatus.PASSED if passed else NominationStatus.NOT_PASSED
    move(
        nomination,
        actor=actor,
        target=target,
        action=AuditAction.NOMINATION_COUNCIL_VOTE,
        fields={"council_result": text},
    )
    return ballot


def _require_open(ballot: BallotItem, method: str) -> None:
    if ballot.closed or ballot.meeting.status != MeetingStatus.OPEN:
        raise ServiceError("Phiếu bầu này đã kết thúc.", code="closed")
    if ballot.meeting.method != method:
        raise ServiceError(
            f"Cuộc họp này bỏ phiếu theo cách: {ballot.meeting.get_method_display().lower()}.", code="method"
        )


def _check_counts(ballot: BallotItem, agree: int, disagree: int, invalid: int) -> None:
    if min(agree, disagree, invalid) < 0:
        raise ServiceError("Số phiếu không được âm.", code="negative")
    if agree + disagree + invalid > ballot.present:
        raise ServiceError(
            f"Tổng số phiếu ({agree + disagree + invalid}) vượt số thành viên có mặt ({ballot.present}).",
            code="too_many",
        )


def _counts(ballot: BallotItem) -> list[int]:
    return [ballot.agree, ballot.disagree, ballot.invalid, ballot.not_voting]


def ballot_tally(*, actor: User, ballot: BallotItem, agree: int, disagree: int, invalid: int) -> BallotItem:
    """The secretary records the Ban kiểm phiếu's count of a paper secret ballot (the Ban elected first,
    :func:`rewards.services.meetings.meeting_tellers_elect`); members present whose paper was not
    returned are recorded as not voting, and the result follows."""
    with transaction.atomic():
        ballot = _lock_ballot(ballot)
        if not is_meeting_secretary(actor, ballot.meeting):
            raise NotPermitted("Chỉ thư ký Hội đồng ghi kết quả kiểm phiếu.")
        _require_open(ballot, BallotMethod.PAPER)
        if not ballot.meeting.tellers.exists():
            raise ServiceError(
                "Hãy ghi Ban kiểm phiếu do Hội đồng bầu trước khi ghi kết quả kiểm phiếu.", code="no_tellers"
            )
        _check_counts(ballot, agree, disagree, invalid)
        ballot.agree, ballot.disagree, ballot.invalid = agree, disagree, invalid
        ballot.not_voting = ballot.present - agree - disagree - invalid
        ballot = _resolve(ballot, actor)
        audit_record(
            actor=actor, action=AuditAction.BALLOT_TALLY, obj=ballot, changes={"tally": [None, _counts(ballot)]}
        )
    return ballot


def ballot_correct(
    *, actor: User, ballot: BallotItem, agree: int, disagree: int, invalid: int, reason: str
) -> BallotItem:
    """Correct a mistyped paper count, with a reason, while the meeting is still open: once the meeting
    is closed the minutes are numbered and the list is with the chairman, so the result has moved past
    the council (the chairman then returns the list for a new vote)."""
    reason = clean_text(reason)
    with transaction.atomic():
        ballot = _lock_ballot(ballot)
        if not is_meeting_secretary(actor, ballot.meeting):
            raise NotPermitted("Chỉ thư ký Hội đồng sửa kết quả kiểm phiếu.")
        if ballot.meeting.method != BallotMethod.PAPER:
            raise ServiceError("Chỉ sửa được số phiếu của cuộc họp bỏ phiếu giấy.", code="method")
        if ballot.meeting.status != MeetingStatus.OPEN:
            raise ServiceError(
                "Cuộc họp đã kết thúc, danh sách đã trình Chủ tịch: không sửa được số phiếu nữa.", code="closed"
            )
        if not ballot.closed:
            raise ServiceError("Đề nghị này chưa có kết quả kiểm phiếu để sửa.", code="not_counted")
        if not reason:
            raise ServiceError("Hãy ghi lý do sửa số phiếu.", code="no_reason")
        _check_counts(ballot, agree, disagree, invalid)
        old = _counts(ballot)
        ballot.agree, ballot.disagree, ballot.invalid = agree, disagree, invalid
        ballot.not_voting = ballot.present - agree - disagree - invalid
        if _counts(ballot) == old:
            raise ServiceError("Số phiếu mới giống số phiếu đã ghi.", code="unchanged")
        nomination = lock(ballot.nomination)
        require_status(nomination, NominationStatus.PASSED, NominationStatus.NOT_PASSED, doing="sửa số phiếu")
        ballot.passed, ballot.explanation = _decide(ballot, nomination)
        ballot.save()
        target = NominationStatus.PASSED if ballot.passed else NominationStatus.NOT_PASSED
        move(
            nomination,
            actor=actor,
            target=target,
            action=AuditAction.NOMINATION_COUNCIL_VOTE,
            reason=reason,
            fields={"council_result": ballot.explanation},
        )
        audit_record(
            actor=actor,
            action=AuditAction.BALLOT_CORRECT,
            obj=ballot,
            changes={"tally": [old, _counts(ballot)]},
            reason=reason,
        )
    return ballot


def _seal(ballot: BallotItem, actor: User) -> BallotItem:
    """Count the sealed choices of a locked online ballot, record who did not vote, destroy the choices."""
    choices = SealedChoice.objects.filter(ballot=ballot)
    ballot.agree = choices.filter(agree=True).count()
    ballot.disagree = choices.filter(agree=False).count()
    ballot.invalid = 0
    ballot.not_voting = ballot.present - ballot.agree - ballot.disagree
    choices.delete()
    ballot = _resolve(ballot, actor)
    audit_record(actor=actor, action=AuditAction.BALLOT_CLOSE, obj=ballot, changes={"tally": [None, _counts(ballot)]})
    return ballot


def ballot_cast(*, actor: User, ballot: BallotItem, agree: bool) -> None:
    """A present member votes online: the fact of voting and a sealed choice, never a running count.

    The same statements run whatever the choice. The ballot closes by itself when the last member
    present has voted."""
    with transaction.atomic():
        ballot = _lock_ballot(ballot)
        _require_open(ballot, BallotMethod.ONLINE)
        seat = council_seat(actor, ballot.meeting.campaign)
        if seat is None or not ballot.meeting.attendance.filter(member=seat, present=True).exists():
            raise NotPermitted("Chỉ thành viên Hội đồng có mặt tại cuộc họp được bỏ phiếu.")
        try:
            with transaction.atomic():
                BallotParticipation.objects.create(ballot=ballot, member=seat)
        except IntegrityError:
            raise ServiceError("Bạn đã bỏ phiếu cho đề nghị này.", code="already_voted") from None
        SealedChoice.objects.create(ballot=ballot, agree=bool(agree))
        audit_record(actor=actor, action=AuditAction.BALLOT_PARTICIPATE, obj=ballot)  # deliberately without the choice
        if ballot.participations.count() >= ballot.present:
            _seal(ballot, actor)
