"""Council meetings: quorum, paper tallies, online secret ballots, results against quota, closing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from campaigns.models import Campaign
from rewards.models import (
    ApprovalRound,
    ApprovalStatus,
    AwardQuota,
    BallotItem,
    BallotMethod,
    BallotParticipation,
    CouncilMeeting,
    CouncilMember,
    CouncilRole,
    Issuer,
    MeetingAttendance,
    MeetingStatus,
    Nomination,
    NominationStatus,
)
from rewards.policies import council_seat, is_meeting_secretary
from rewards.services.common import clean_text, lock, move, require_status, users_with_role
from rewards.services.decisions import number_next
from rewards.voting import quorum_met, quorum_text, vote_result
from tanbinh_portal.audit import audit_record
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.roles import CHAIRMAN, OFFICER, has_role

# Statuses that use up the quota of an award form once the council has passed a nomination.
QUOTA_USING = (
    NominationStatus.PASSED,
    NominationStatus.APPROVED,
    NominationStatus.DECIDED,
    NominationStatus.PROPOSED,
    NominationStatus.AWARDED,
    NominationStatus.NOT_AWARDED,
)


def _meeting_link(meeting: CouncilMeeting) -> str:
    return f"/khen-thuong/{meeting.campaign.slug}/hoi-dong/hop/{meeting.pk}/"


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
) -> CouncilMeeting:
    """Open a meeting: attendance ({member id: (present, written opinion)}), quorum check, one ballot per
    accepted nomination."""
    members = list(CouncilMember.objects.filter(campaign=campaign))
    seat = council_seat(actor, campaign)
    if not (has_role(actor, OFFICER) or (seat and seat.role == CouncilRole.SECRETARY)):
        raise PermissionDenied("Chỉ thư ký Hội đồng hoặc công chức Văn phòng – Thống kê mở cuộc họp.")
    chair = next((m for m in members if m.role == CouncilRole.CHAIR), None)
    secretary = next((m for m in members if m.role == CouncilRole.SECRETARY), None)
    if chair is None or secretary is None:
        raise ValidationError("Hội đồng cần có Chủ tịch Hội đồng và Thư ký trước khi họp.", code="no_chair")
    if not quorum_denominator > 0 or not 0 < quorum_numerator <= quorum_denominator:
        raise ValidationError("Tỷ lệ có mặt tối thiểu không hợp lệ.", code="quorum_fraction")
    present = sum(1 for m in members if attendance.get(m.pk, (False, ""))[0])
    if not quorum_met(present=present, total=len(members), numerator=quorum_numerator, denominator=quorum_denominator):
        raise ValidationError(
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
            raise ValidationError("Đang có một cuộc họp chưa kết thúc.", code="meeting_open")
        nominations = list(
            Nomination.objects.select_for_update(of=("self",)).filter(
                campaign=campaign, status=NominationStatus.ACCEPTED
            )
        )
        if not nominations:
            raise ValidationError("Chưa có đề nghị nào được tiếp nhận để Hội đồng xét.", code="nothing")
        with_quota = set(AwardQuota.objects.filter(campaign=campaign).values_list("award_form_id", flat=True))
        missing = sorted({str(n.award_form) for n in nominations if n.award_form_id not in with_quota})
        if missing:
            raise ValidationError("Chưa đặt chỉ tiêu cho: " + ", ".join(missing) + ".", code="no_quota")
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
        BallotItem.objects.bulk_create([BallotItem(meeting=meeting, nomination=n) for n in nominations])
        audit_record(
            actor=actor,
            action="meeting.create",
            obj=meeting,
            changes={"present": [None, present], "members": [None, len(members)], "ballots": [None, len(nominations)]},
        )
        if method == BallotMethod.ONLINE:
            voters = User.objects.filter(pk__in=[m.user_id for m in members if attendance.get(m.pk, (False, ""))[0]])
            notify_users(voters, title="Bỏ phiếu kín trực tuyến xét khen thưởng", link=_meeting_link(meeting))
    return meeting


def _lock_ballot(ballot: BallotItem) -> BallotItem:
    return (
        BallotItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "meeting__campaign", "meeting__secretary")
        .get(pk=ballot.pk)
    )


def _present_count(meeting: CouncilMeeting) -> int:
    return meeting.attendance.filter(present=True).count()


def _resolve(ballot: BallotItem, actor: User) -> BallotItem:
    """Close the ballot, apply the award form's threshold and quota, move the nomination."""
    meeting = ballot.meeting
    nomination = lock(ballot.nomination)
    require_status(nomination, NominationStatus.ACCEPTED, doing="ghi kết quả bỏ phiếu")
    quota = AwardQuota.objects.get(campaign=meeting.campaign, award_form=nomination.award_form)
    passed, text = vote_result(
        agree=ballot.agree,
        present=_present_count(meeting),
        total=meeting.members_total,
        base=quota.threshold_base,
        percent=quota.threshold_percent,
        inclusive=quota.threshold_inclusive,
    )
    if passed:
        used = Nomination.objects.filter(
            campaign=meeting.campaign, award_form=nomination.award_form, status__in=QUOTA_USING
        ).count()
        if used >= quota.quota:
            passed = False
            text += f"; tuy nhiên đã đủ chỉ tiêu ({used}/{quota.quota}) nên Hội đồng không thông qua thêm"
    ballot.closed, ballot.passed, ballot.explanation = True, passed, text
    ballot.save()
    target = NominationStatus.PASSED if passed else NominationStatus.NOT_PASSED
    move(nomination, actor=actor, target=target, action="nomination.council_vote", fields={"council_result": text})
    return ballot


def _require_open(ballot: BallotItem, method: str) -> None:
    if ballot.closed or ballot.meeting.status != MeetingStatus.OPEN:
        raise ValidationError("Phiếu bầu này đã kết thúc.", code="closed")
    if ballot.meeting.method != method:
        raise ValidationError(
            f"Cuộc họp này bỏ phiếu theo cách: {ballot.meeting.get_method_display().lower()}.", code="method"
        )


def ballot_tally(*, actor: User, ballot: BallotItem, agree: int, disagree: int, invalid: int) -> BallotItem:
    """The secretary records the count of a paper secret ballot; the result follows."""
    with transaction.atomic():
        ballot = _lock_ballot(ballot)
        if not is_meeting_secretary(actor, ballot.meeting):
            raise PermissionDenied("Chỉ thư ký Hội đồng ghi kết quả kiểm phiếu.")
        _require_open(ballot, BallotMethod.PAPER)
        present = _present_count(ballot.meeting)
        if min(agree, disagree, invalid) < 0:
            raise ValidationError("Số phiếu không được âm.", code="negative")
        if agree + disagree + invalid > present:
            raise ValidationError(
                f"Tổng số phiếu ({agree + disagree + invalid}) vượt số thành viên có mặt ({present}).", code="too_many"
            )
        ballot.agree, ballot.disagree, ballot.invalid = agree, disagree, invalid
        ballot = _resolve(ballot, actor)
        audit_record(
            actor=actor, action="ballot.tally", obj=ballot, changes={"tally": [None, [agree, disagree, invalid]]}
        )
    return ballot


def ballot_cast(*, actor: User, ballot: BallotItem, agree: bool) -> None:
    """A present member votes online. Only the tallies and the fact of voting are stored, never the choice."""
    with transaction.atomic():
        ballot = _lock_ballot(ballot)
        _require_open(ballot, BallotMethod.ONLINE)
        seat = council_seat(actor, ballot.meeting.campaign)
        if seat is None or not ballot.meeting.attendance.filter(member=seat, present=True).exists():
            raise PermissionDenied("Chỉ thành viên Hội đồng có mặt tại cuộc họp được bỏ phiếu.")
        try:
            with transaction.atomic():
                BallotParticipation.objects.create(ballot=ballot, member=seat)
        except IntegrityError:
            raise ValidationError("Bạn đã bỏ phiếu cho đề nghị này.", code="already_voted") from None
        field = "agree" if agree else "disagree"
        BallotItem.objects.filter(pk=ballot.pk).update(**{field: F(field) + 1})
        audit_record(actor=actor, action="ballot.participate", obj=ballot)  # deliberately without the choice


def ballot_close(*, actor: User, ballot: BallotItem) -> BallotItem:
    """The secretary closes an online ballot; the result follows from the tallies."""
    with transaction.atomic():
        ballot = _lock_ballot(ballot)
        if not is_meeting_secretary(actor, ballot.meeting):
            raise PermissionDenied("Chỉ thư ký Hội đồng kết thúc bỏ phiếu.")
        _require_open(ballot, BallotMethod.ONLINE)
        ballot = _resolve(ballot, actor)
        audit_record(
            actor=actor, action="ballot.close", obj=ballot, changes={"tally": [None, [ballot.agree, ballot.disagree]]}
        )
    return ballot


def meeting_close(*, actor: User, meeting: CouncilMeeting) -> CouncilMeeting:
    """Close the meeting once every ballot is counted; the minutes take a number from the council's series."""
    with transaction.atomic():
        meeting = (
            CouncilMeeting.objects.select_for_update(of=("self",))
            .select_related("campaign", "secretary")
            .get(pk=meeting.pk)
        )
        if not is_meeting_secretary(actor, meeting):
            raise PermissionDenied("Chỉ thư ký Hội đồng kết thúc cuộc họp.")
        if meeting.status != MeetingStatus.OPEN:
            raise ValidationError("Cuộc họp đã kết thúc.", code="closed")
        if meeting.ballots.filter(closed=False).exists():
            raise ValidationError("Còn đề nghị chưa có kết quả bỏ phiếu.", code="open_ballots")
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
            actor=actor, action="meeting.close", obj=meeting, changes={"minutes": [None, meeting.minutes_reference]}
        )
        notify_users(
            users_with_role(CHAIRMAN),
            title="Danh sách Hội đồng đề nghị chờ Chủ tịch phê duyệt",
            link=f"/khen-thuong/{meeting.campaign.slug}/phe-duyet/",
        )
    return meeting
