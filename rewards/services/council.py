"""Council meetings: quorum, paper tallies and their corrections, online secret ballots, the minutes,
results against quota, closing.

The online ballot's guarantees (docs/ballot.md): choices wait sealed (:class:`SealedChoice`, no voter,
no time, random ids) and are counted only when every member present has voted or the chair closes the
meeting; until then every count on the ballot is zero (a database check) and the cast path does the
same work whatever the choice."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from campaigns.models import Campaign
from rewards.models import (
    ApprovalRound,
    ApprovalStatus,
    AwardQuota,
    BallotItem,
    BallotMethod,
    BallotParticipation,
    CouncilConvocation,
    CouncilMeeting,
    CouncilMember,
    CouncilRole,
    Issuer,
    MeetingAttendance,
    MeetingStatus,
    Nomination,
    NominationStatus,
    SealedChoice,
)
from rewards.policies import council_seat, is_meeting_chair, is_meeting_secretary, may_close_meeting
from rewards.services.common import (
    approval_link,
    clean_line,
    clean_text,
    lock,
    meeting_link,
    move,
    require_status,
    users_with_role,
)
from rewards.services.decisions import number_next
from rewards.voting import quorum_met, quorum_text, vote_result
from tanbinh_portal.audit import AuditAction, audit_record, diff_fields
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.optimistic import Unchecked, check_version
from tanbinh_portal.roles import CHAIRMAN, OFFICER, has_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError

# Statuses that use up the quota of an award form once the council has passed a nomination.
QUOTA_USING = (
    NominationStatus.PASSED,
    NominationStatus.APPROVED,
    NominationStatus.DECIDED,
    NominationStatus.PROPOSED,
    NominationStatus.AWARDED,
    NominationStatus.NOT_AWARDED,
)


def meeting_convene(
    *,
    actor: User,
    campaign: Campaign,
    issued_on: dt.date,
    meeting_on: dt.date,
    meeting_at: dt.time,
    place: str,
) -> CouncilConvocation:
    """The Giấy mời họp Hội đồng: numbered from the council's yearly series on the date written on it
    (never in the future, never before the series' last number), for a meeting on or after that date."""
    seat = council_seat(actor, campaign)
    if not (has_role(actor, OFFICER) or (seat and seat.role == CouncilRole.SECRETARY)):
        raise NotPermitted("Chỉ thư ký Hội đồng hoặc công chức Văn phòng – Thống kê gửi giấy mời họp.")
    place = clean_line(place, label="Địa điểm")
    if not place:
        raise ServiceError("Hãy ghi địa điểm họp.", code="no_place")
    if meeting_on < issued_on:
        raise ServiceError(
            f"Ngày họp ({meeting_on:%d/%m/%Y}) không được trước ngày ký giấy mời ({issued_on:%d/%m/%Y}).",
            code="meeting_before_invitation",
        )
    if not CouncilMember.objects.filter(campaign=campaign, role=CouncilRole.CHAIR).exists():
        raise ServiceError("Hội đồng cần có Chủ tịch Hội đồng để ký giấy mời.", code="no_chair")
    with transaction.atomic():
        number = number_next(commune=campaign.commune, issuer=Issuer.COUNCIL, year=issued_on.year, issued_on=issued_on)
        convocation = CouncilConvocation.objects.create(
            campaign=campaign,
            year=issued_on.year,
            number=number,
            issued_on=issued_on,
            meeting_on=meeting_on,
            meeting_at=meeting_at,
            place=place,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.MEETING_CONVENE,
            obj=convocation,
            changes={
                "number": [None, convocation.reference],
                "issued_on": [None, issued_on.isoformat()],
                "meeting_on": [None, meeting_on.isoformat()],
                "place": [None, place],
            },
        )
    return convocation


def meeting_create(
    *,
    actor: User,
    campaign: Campaign,
    held_on: dt.date,
    place: str,
    method: str,
    attendance: dict[int, tuple[bool, str]],
    quorum_numerator: int = 2,
    quorum_denominator: int = 3,
    started_at: dt.time | None = None,
) -> CouncilMeeting:
    """Open a meeting: attendance ({member id: (present, written opinion)}), quorum check, one ballot per
    accepted nomination."""
    members = list(CouncilMember.objects.filter(campaign=campaign))
    seat = council_seat(actor, campaign)
    if not (has_role(actor, OFFICER) or (seat and seat.role == CouncilRole.SECRETARY)):
        raise NotPermitted("Chỉ thư ký Hội đồng hoặc công chức Văn phòng – Thống kê mở cuộc họp.")
    chair = next((m for m in members if m.role == CouncilRole.CHAIR), None)
    secretary = next((m for m in members if m.role == CouncilRole.SECRETARY), None)
    if chair is None or secretary is None:
        raise ServiceError("Hội đồng cần có Chủ tịch Hội đồng và Thư ký trước khi họp.", code="no_chair")
    if not quorum_denominator > 0 or not 0 < quorum_numerator <= quorum_denominator:
        raise ServiceError("Tỷ lệ có mặt tối thiểu không hợp lệ.", code="quorum_fraction")
    present = sum(1 for m in members if attendance.get(m.pk, (False, ""))[0])
    if not quorum_met(present=present, total=len(members), numerator=quorum_numerator, denominator=quorum_denominator):
        raise ServiceError(
            quorum_text(
                present=present, total=len(members), numerator=quorum_numerator, denominator=quorum_denominator
            ),
            code="no_quorum",
        )
    with transaction.atomic():
        if (
            CouncilMeeting.objects.select_for_update(of=("self",))
            .filter(campaign=campaign, status=MeetingStatus.OPEN)
            .exists()
        ):
            raise ServiceError("Đang có một cuộc họp chưa kết thúc.", code="meeting_open")
        nominations = list(
            Nomination.objects.select_for_update(of=("self",)).filter(
                campaign=campaign, status=NominationStatus.ACCEPTED
            )
        )
        if not nominations:
            raise ServiceError("Chưa có đề nghị nào được tiếp nhận để Hội đồng xét.", code="nothing")
        with_quota = set(AwardQuota.objects.filter(campaign=campaign).values_list("award_form_id", flat=True))
        missing = sorted({str(n.award_form) for n in nominations if n.award_form_id not in with_quota})
        if missing:
            raise ServiceError("Chưa đặt chỉ tiêu cho: " + ", ".join(missing) + ".", code="no_quota")
        meeting = CouncilMeeting.objects.create(
            campaign=campaign,
            held_on=held_on,
            place=clean_text(place),
            chair=chair,
            secretary=secretary,
            method=method,
            quorum_numerator=quorum_numerator,
            quorum_denominator=quorum_denominator,
            members_total=len(members),
            started_at=started_at,
            created_by=actor,
        )
        MeetingAttendance.objects.bulk_create(
            [
                MeetingAttendance(
                    meeting=meeting,
                    member=m,
                    present=attendance.get(m.pk, (False, ""))[0],
                    written_opinion=""
                    if attendance.get(m.pk, (False, ""))[0]
                    else clean_text(attendance.get(m.pk, (False, ""))[1]),
                )
                for m in members
            ]
        )
        BallotItem.objects.bulk_create(
            [BallotItem(meeting=meeting, nomination=n, present=present) for n in nominations]
        )
        audit_record(
            actor=actor,
            action=AuditAction.MEETING_CREATE,
            obj=meeting,
            changes={"present": [None, present], "members": [None, len(members)], "ballots": [None, len(nominations)]},
        )
        if method == BallotMethod.ONLINE:
            voters = User.objects.filter(pk__in=[m.user_id for m in members if attendance.get(m.pk, (False, ""))[0]])
            notify_users(voters, title="Bỏ phiếu kín trực tuyến xét khen thưởng", link=meeting_link(meeting))
    return meeting


def _lock_ballot(ballot: BallotItem) -> BallotItem:
    return (
        BallotItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "meeting__campaign", "meeting__secretary", "meeting__chair")
        .get(pk=ballot.pk)
    )


def _lock_meeting(meeting: CouncilMeeting) -> CouncilMeeting:
    return (
        CouncilMeeting.objects.select_for_update(of=("self",))
        .select_related("campaign", "secretary", "chair")
        .get(pk=meeting.pk)
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
    """The secretary records the count of a paper secret ballot; members present whose paper was not
    cast are recorded as not voting, and the result follows."""
    with transaction.atomic():
        ballot = _lock_ballot(ballot)
        if not is_meeting_secretary(actor, ballot.meeting):
            raise NotPermitted("Chỉ thư ký Hội đồng ghi kết quả kiểm phiếu.")
        _require_open(ballot, BallotMethod.PAPER)
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


def meeting_minutes_record(
    *,
    actor: User,
    meeting: CouncilMeeting,
    started_at: dt.time | None,
    ended_at: dt.time | None,
    discussion: str,
    expected_version: int | Unchecked,
) -> CouncilMeeting:
    """The secretary writes the minutes while the meeting is open: start and end times, the discussion."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if not is_meeting_secretary(actor, meeting):
            raise NotPermitted("Chỉ thư ký Hội đồng ghi biên bản cuộc họp.")
        if meeting.status != MeetingStatus.OPEN:
            raise ServiceError("Cuộc họp đã kết thúc: biên bản đã chốt.", code="closed")
        check_version(meeting, expected_version)
        if started_at and ended_at and ended_at <= started_at:
            raise ServiceError("Giờ kết thúc phải sau giờ bắt đầu cuộc họp.", code="times")
        values = {"started_at": started_at, "ended_at": ended_at, "discussion": clean_text(discussion)}
        changes = diff_fields(meeting, values)
        if changes:
            for name, value in values.items():
                setattr(meeting, name, value)
            meeting.version += 1
            meeting.save()
            audit_record(actor=actor, action=AuditAction.MEETING_MINUTES, obj=meeting, changes=changes)
    return meeting


def _close_open_ballots(meeting: CouncilMeeting, actor: User) -> None:
    open_ballots = list(meeting.ballots.select_for_update(of=("self",)).filter(closed=False).order_by("id"))
    if open_ballots and meeting.method == BallotMethod.PAPER:
        raise ServiceError("Còn đề nghị chưa có kết quả kiểm phiếu.", code="open_ballots")
    if open_ballots and not is_meeting_chair(actor, meeting):
        raise ServiceError(
            "Còn thành viên có mặt chưa bỏ phiếu kín. Phiếu kết thúc khi mọi thành viên có mặt đã bỏ phiếu, "
            "hoặc khi Chủ tịch Hội đồng kết thúc cuộc họp (người chưa bỏ phiếu được ghi là không biểu quyết).",
            code="open_ballots",
        )
    for ballot in open_ballots:
        ballot.meeting = meeting
        _seal(ballot, actor)


def meeting_close(*, actor: User, meeting: CouncilMeeting) -> CouncilMeeting:
    """The chair or the secretary closes the meeting; the minutes take a number from the council's series.

    Online ballots still waiting for members present are closed only by the chair: those members are
    recorded as not voting."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if not may_close_meeting(actor, meeting):
            raise NotPermitted("Chỉ Chủ tịch Hội đồng hoặc Thư ký Hội đồng kết thúc cuộc họp.")
        if meeting.status != MeetingStatus.OPEN:
            raise ServiceError("Cuộc họp đã kết thúc.", code="closed")
        if meeting.started_at is None or meeting.ended_at is None:
            raise ServiceError(
                "Hãy ghi giờ bắt đầu và giờ kết thúc cuộc họp vào biên bản trước khi kết thúc cuộc họp.",
                code="no_times",
            )
        _close_open_ballots(meeting, actor)
        meeting.minutes_year = meeting.held_on.year
        meeting.minutes_number = number_next(
            commune=meeting.campaign.commune,
            issuer=Issuer.COUNCIL,
            year=meeting.held_on.year,
            issued_on=meeting.held_on,
        )
        meeting.status = MeetingStatus.CLOSED
        meeting.version += 1
        meeting.save()
        round_, created = ApprovalRound.objects.select_for_update(of=("self",)).get_or_create(campaign=meeting.campaign)
        if not created and round_.status == ApprovalStatus.RETURNED:
            round_.status = ApprovalStatus.PENDING
            round_.version += 1
            round_.save()
        audit_record(
            actor=actor,
            action=AuditAction.MEETING_CLOSE,
            obj=meeting,
            changes={"minutes": [None, meeting.minutes_reference]},
        )
        notify_users(
            users_with_role(CHAIRMAN),
            title="Danh sách Hội đồng đề nghị chờ Chủ tịch phê duyệt",
            link=approval_link(meeting.campaign),
        )
    return meeting
