"""Council meetings: the invitation, opening with attendance and quorum (one ballot per accepted
nomination), the minutes, closing (the minutes' number, online ballots still open, the list to the chairman).

The votes themselves: ``rewards.services.ballots``."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from campaigns.models import Campaign
from rewards.models import (
    ApprovalRound,
    ApprovalStatus,
    AwardQuota,
    BallotItem,
    BallotMethod,
    BallotTeller,
    CouncilConvocation,
    CouncilMeeting,
    CouncilMember,
    CouncilRole,
    Issuer,
    MeetingAttendance,
    MeetingStatus,
    Nomination,
    NominationStatus,
)
from rewards.policies import council_seat, is_meeting_chair, is_meeting_secretary, may_close_meeting
from rewards.services.ballots import _seal
from rewards.services.common import approval_link, clean_line, clean_text, meeting_link, users_with_role
from rewards.services.decisions import number_next
from rewards.voting import quorum_met, quorum_text
from tanbinh_portal.audit import AuditAction, audit_record, diff_fields
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.optimistic import Unchecked, check_version
from tanbinh_portal.roles import CHAIRMAN, OFFICER, has_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError


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
    if not (has_role(actor, OFFICER, at=campaign.commune) or (seat and seat.role == CouncilRole.SECRETARY)):
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
    if not (has_role(actor, OFFICER, at=campaign.commune) or (seat and seat.role == CouncilRole.SECRETARY)):
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


def _lock_meeting(meeting: CouncilMeeting) -> CouncilMeeting:
    return (
        CouncilMeeting.objects.select_for_update(of=("self",))
        .select_related("campaign", "secretary", "chair")
        .get(pk=meeting.pk)
    )


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


# The Ban kiểm phiếu: a head and at least one member, elected by the council among the members present.
TELLERS_MIN = 2


def meeting_tellers_elect(
    *, actor: User, meeting: CouncilMeeting, head: CouncilMember, members: list[CouncilMember]
) -> list[BallotTeller]:
    """The secretary records the Ban kiểm phiếu the council elected for a paper ballot: its head and members,
    all present at the meeting, none of them proposed for an award at it (nobody counts their own votes).
    It may be recorded again until the first count is entered; then it is the one that counted."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if not is_meeting_secretary(actor, meeting):
            raise NotPermitted("Chỉ thư ký Hội đồng ghi Ban kiểm phiếu.")
        if meeting.method != BallotMethod.PAPER:
            raise ServiceError("Cuộc họp bỏ phiếu kín trực tuyến: không có Ban kiểm phiếu.", code="method")
        if meeting.status != MeetingStatus.OPEN:
            raise ServiceError("Cuộc họp đã kết thúc: biên bản đã chốt.", code="closed")
        if meeting.ballots.filter(closed=True).exists():
            raise ServiceError("Ban kiểm phiếu đã kiểm phiếu: không thay đổi được nữa.", code="counted")
        chosen = list(dict.fromkeys([head, *members]))
        if len(chosen) < TELLERS_MIN:
            raise ServiceError(f"Ban kiểm phiếu có Trưởng ban và ít nhất {TELLERS_MIN - 1} thành viên.", code="too_few")
        present = set(meeting.attendance.filter(present=True).values_list("member_id", flat=True))
        if any(m.campaign_id != meeting.campaign_id or m.pk not in present for m in chosen):
            raise ServiceError("Ban kiểm phiếu gồm các thành viên Hội đồng có mặt tại cuộc họp.", code="absent")
        nominees = set(meeting.ballots.filter(nomination__person__user__isnull=False).values_list(
            "nomination__person__user_id", flat=True))  # fmt: skip
        own = [m.full_name for m in chosen if m.user_id in nominees]
        if own:
            raise ServiceError(
                f"{', '.join(own)} được đề nghị khen thưởng tại cuộc họp này nên không tham gia Ban kiểm phiếu.",
                code="nominee",
            )
        before = [t.member.full_name for t in meeting.tellers.select_related("member")]
        meeting.tellers.all().delete()
        tellers = BallotTeller.objects.bulk_create(
            [BallotTeller(meeting=meeting, member=m, is_head=m.pk == head.pk) for m in chosen]
        )
        after = [m.full_name for m in chosen]
        if before != after:
            audit_record(
                actor=actor, action=AuditAction.MEETING_TELLERS, obj=meeting, changes={"tellers": [before, after]}
            )
    return tellers


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
            users_with_role(CHAIRMAN, meeting.campaign.commune),
            title="Danh sách Hội đồng đề nghị chờ Chủ tịch phê duyệt",
            link=approval_link(meeting.campaign),
        )
    return meeting
