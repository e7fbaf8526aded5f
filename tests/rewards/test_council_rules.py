"""The council's rules, each on the smallest state that shows it (tests/rewards/test_services_council.py
walks the flows): one open meeting at a time, the quota counting every nomination the council has
passed whatever happened to it since, a returned list reset by the next meeting, the tally's bounds,
the sealed online ballot's count, and what closing a meeting writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rewards import services
from rewards.models import (
    ApprovalRound,
    ApprovalStatus,
    AwardQuota,
    CouncilMeeting,
    Decision,
    MeetingStatus,
    Nomination,
    NominationStatus,
    SealedChoice,
)
from tanbinh_portal.models import AuditEvent, Notification
from tanbinh_portal.optimistic import UNCHECKED
from tests.rewards.conftest import HUYEN, XA, attendance, elect_tellers, import_lan_log, open_meeting, record_times

# Every status of a nomination the council has passed: it holds its place in the quota (written out
# here, not imported from the code under test).
AFTER_PASSING = ["passed", "approved", "decided", "proposed", "awarded", "not_awarded"]
NOT_USING = ["draft", "submitted", "returned", "not_passed", "rejected"]


@pytest.fixture
def lan(configured, accepted, kpi_log):
    import_lan_log(kpi_log)
    return accepted("Võ Thị Lan")


def _quota(users, campaign, code, quota):
    services.quota_set(
        actor=users["vanphong"],
        campaign=campaign,
        award_form=AwardQuota.objects.get(campaign=campaign, award_form__code=code).award_form,
        quota=quota,
        expected_version=UNCHECKED,
    )


def _move_directly(nomination, status, users):
    """Put a nomination where the later steps (approval, decisions, the upper level) would have taken it:
    their services need a whole award round, the quota rule only the status (and, for a decided one,
    the decision the database requires)."""
    decision = None
    if status == "decided":
        decision = Decision.objects.create(
            campaign=nomination.campaign,
            commune=nomination.campaign.commune,
            year=2023,
            number=1,
            issued_on=dt.date(2023, 1, 10),
            signatory_name="Lê Văn Tài",
            title="Về việc khen thưởng",
            issued_by=users["chutich"],
        )
    Nomination.objects.filter(pk=nomination.pk).update(status=status, decision=decision)


def _tally(users, ballot, agree, disagree=0, invalid=0):
    return services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=agree, disagree=disagree, invalid=invalid)


def _close(users, meeting, actor="hoidong"):
    meeting = record_times(meeting, users["hoidong"])
    return services.meeting_close(actor=users[actor], meeting=meeting)


# --- one open meeting at a time ------------------------------------------------------------------


def test_a_second_meeting_cannot_open_while_one_is_open(configured, users, lan, accepted):
    first = open_meeting(configured, users)
    accepted("Hội Liên hiệp Phụ nữ xã")  # something new to vote on
    with pytest.raises(ValidationError) as error:
        open_meeting(configured, users)
    assert error.value.code == "meeting_open"
    assert CouncilMeeting.objects.filter(campaign=configured).count() == 1
    _tally(users, first.ballots.get(), 8)
    _close(users, first)
    second = open_meeting(configured, users)  # once the first is closed, the next one opens
    assert [b.nomination.unit.name for b in second.ballots.all()] == ["Hội Liên hiệp Phụ nữ xã"]


def test_a_meeting_opens_with_a_ballot_for_each_accepted_nomination_only(configured, users, lan, accepted, nominate):
    accepted("Hội Liên hiệp Phụ nữ xã")
    nominate("Bộ phận Tiếp nhận và Trả kết quả")  # a draft: not before the council
    meeting = open_meeting(configured, users, absent=2)
    assert meeting.ballots.count() == 2
    assert {b.present for b in meeting.ballots.all()} == {7}
    assert (meeting.members_total, meeting.chair.user.username, meeting.secretary.user.username) == (
        9,
        "chutich",
        "hoidong",
    )
    event = AuditEvent.objects.get(action="meeting.create")
    assert event.changes == {"present": [None, 7], "members": [None, 9], "ballots": [None, 2]}


def test_a_meeting_needs_an_accepted_nomination(configured, users):
    with pytest.raises(ValidationError) as error:
        open_meeting(configured, users)
    assert error.value.code == "nothing"


@pytest.mark.parametrize(("numerator", "denominator"), [(0, 3), (4, 3), (1, 0), (-1, 2)])
def test_a_meeting_refuses_a_quorum_fraction_that_is_not_a_fraction_of_the_members(
    configured, users, lan, numerator, denominator
):
    with pytest.raises(ValidationError) as error:
        open_meeting(configured, users, quorum_numerator=numerator, quorum_denominator=denominator)
    assert error.value.code == "quorum_fraction"


def test_a_quorum_of_all_members_is_allowed(configured, users, lan):
    meeting = open_meeting(configured, users, absent=0, quorum_numerator=3, quorum_denominator=3)
    assert (meeting.quorum_numerator, meeting.quorum_denominator) == (3, 3)


# --- the quota --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", AFTER_PASSING)
def test_a_nomination_passed_earlier_holds_its_place_in_the_quota_whatever_its_status(
    configured, users, lan, accepted, status
):
    earlier = accepted("Hội Liên hiệp Phụ nữ xã")
    _move_directly(earlier, status, users)  # where later steps took it
    _quota(users, configured, XA, 1)
    ballot = _tally(users, open_meeting(configured, users).ballots.get(), 8)
    ballot.refresh_from_db()
    assert ballot.passed is False
    assert ballot.explanation == (
        "8/9 = 88,89% tổng số thành viên, trên mức 50% theo quy định; "
        "tuy nhiên đã đủ chỉ tiêu (1/1) nên Hội đồng không thông qua thêm"
    )
    lan.refresh_from_db()
    assert lan.status == NominationStatus.NOT_PASSED
    assert lan.council_result == ballot.explanation


@pytest.mark.parametrize("status", NOT_USING)
def test_a_nomination_the_council_has_not_passed_takes_no_place_in_the_quota(configured, users, lan, accepted, status):
    other = accepted("Hội Liên hiệp Phụ nữ xã")
    Nomination.objects.filter(pk=other.pk).update(status=status)
    _quota(users, configured, XA, 1)
    ballot = _tally(users, open_meeting(configured, users).ballots.get(), 8)
    assert ballot.passed
    assert ballot.explanation == "8/9 = 88,89% tổng số thành viên, trên mức 50% theo quy định"


def test_the_quota_counts_only_the_same_award_form(configured, users, lan, accepted):
    district = accepted("Ấp Tân Đông", HUYEN)
    Nomination.objects.filter(pk=district.pk).update(status="awarded")
    _quota(users, configured, XA, 1)
    assert _tally(users, open_meeting(configured, users).ballots.get(), 8).passed


def test_the_last_place_of_the_quota_can_be_filled(configured, users, lan, accepted):
    earlier = accepted("Hội Liên hiệp Phụ nữ xã")
    _move_directly(earlier, "decided", users)
    _quota(users, configured, XA, 2)  # one used, one left
    assert _tally(users, open_meeting(configured, users).ballots.get(), 8).passed


def test_a_vote_that_fails_its_threshold_says_so_without_mentioning_the_quota(configured, users, lan):
    _quota(users, configured, XA, 0)
    ballot = _tally(users, open_meeting(configured, users).ballots.get(), 4, 4)
    assert not ballot.passed
    assert ballot.explanation == "4/9 = 44,44% tổng số thành viên, không vượt quá mức 50% theo quy định"


# --- the paper tally --------------------------------------------------------------------------


def test_a_tally_records_who_did_not_vote_and_counts_invalid_papers_as_not_agreeing(configured, users, lan):
    ballot = open_meeting(configured, users, absent=1).ballots.get()  # 8 present
    ballot = _tally(users, ballot, 5, 1, 1)
    assert (ballot.agree, ballot.disagree, ballot.invalid, ballot.not_voting, ballot.closed) == (5, 1, 1, 1, True)
    assert ballot.passed  # 5/9 of all members
    lan.refresh_from_db()
    assert lan.council_result == "5/9 = 55,56% tổng số thành viên, trên mức 50% theo quy định"
    event = AuditEvent.objects.get(action="ballot.tally")
    assert event.changes == {"tally": [None, [5, 1, 1, 1]]}


def test_a_tally_may_use_every_paper_of_the_members_present_but_not_one_more(configured, users, lan):
    ballot = open_meeting(configured, users, absent=1).ballots.get()
    with pytest.raises(ValidationError) as error:
        _tally(users, ballot, 4, 4, 1)
    assert error.value.code == "too_many"
    assert error.value.messages == ["Tổng số phiếu (9) vượt số thành viên có mặt (8)."]
    ballot = _tally(users, ballot, 4, 3, 1)
    assert ballot.not_voting == 0


@pytest.mark.parametrize(("agree", "disagree", "invalid"), [(-1, 0, 0), (0, -1, 0), (0, 0, -1)])
def test_a_tally_refuses_negative_counts(configured, users, lan, agree, disagree, invalid):
    ballot = open_meeting(configured, users).ballots.get()
    with pytest.raises(ValidationError) as error:
        _tally(users, ballot, agree, disagree, invalid)
    assert error.value.code == "negative"
    assert error.value.messages == ["Số phiếu không được âm."]


def test_a_ballot_is_counted_once(configured, users, lan):
    ballot = _tally(users, open_meeting(configured, users).ballots.get(), 8)
    with pytest.raises(ValidationError) as error:
        _tally(users, ballot, 1)
    assert error.value.code == "closed"
    assert error.value.messages == ["Phiếu bầu này đã kết thúc."]


def test_an_online_ballot_takes_no_paper_tally_and_a_paper_one_no_online_vote(configured, users, lan):
    online = open_meeting(configured, users, method="online").ballots.get()
    with pytest.raises(ValidationError) as error:
        _tally(users, online, 1)
    assert error.value.code == "method"
    assert error.value.messages == ["Cuộc họp này bỏ phiếu theo cách: bỏ phiếu kín trực tuyến."]


# --- the sealed online ballot -------------------------------------------------------------------


def test_the_chair_closing_counts_the_sealed_choices_and_destroys_them(online_ballot, users):
    services.ballot_cast(actor=users["phochutich"], ballot=online_ballot, agree=True)
    services.ballot_cast(actor=users["vanphong"], ballot=online_ballot, agree=False)
    services.ballot_cast(actor=users["hoidong"], ballot=online_ballot, agree=True)
    online_ballot.refresh_from_db()
    assert not online_ballot.closed and online_ballot.agree == 0  # sealed until every vote or the close
    _close(users, online_ballot.meeting, actor="chutich")
    online_ballot.refresh_from_db()
    # 4 present: 2 agree, 1 disagrees, the chair did not vote; nothing is invalid online.
    assert (online_ballot.agree, online_ballot.disagree, online_ballot.invalid, online_ballot.not_voting) == (
        2,
        1,
        0,
        1,
    )
    assert online_ballot.closed
    assert not SealedChoice.objects.filter(ballot=online_ballot).exists()
    assert AuditEvent.objects.get(action="ballot.close").changes == {"tally": [None, [2, 1, 0, 1]]}
    assert AuditEvent.objects.get(action="nomination.council_vote").actor.username == "chutich"
    # 2/9 of all members: not passed, and the nomination moves accordingly.
    assert online_ballot.passed is False
    assert online_ballot.explanation.startswith("2/9 = 22,22% tổng số thành viên, không vượt quá mức 50%")
    online_ballot.nomination.refresh_from_db()
    assert online_ballot.nomination.status == NominationStatus.NOT_PASSED


def test_the_last_vote_seals_the_ballot_and_a_majority_passes(online_ballot, users):
    for username, agree in (("chutich", True), ("phochutich", True), ("vanphong", False), ("hoidong", True)):
        services.ballot_cast(actor=users[username], ballot=online_ballot, agree=agree)
    online_ballot.refresh_from_db()
    assert (online_ballot.agree, online_ballot.disagree, online_ballot.not_voting) == (3, 1, 0)
    assert online_ballot.closed and online_ballot.passed is False  # 3/9 of all members
    assert not SealedChoice.objects.filter(ballot=online_ballot).exists()
    # the result is recorded in the name of the member whose vote closed the ballot
    for action in ("ballot.close", "nomination.council_vote"):
        assert AuditEvent.objects.get(action=action).actor.username == "hoidong"


def test_only_the_chair_closes_a_meeting_whose_online_ballots_wait_for_votes(online_ballot, users):
    services.ballot_cast(actor=users["chutich"], ballot=online_ballot, agree=True)
    meeting = record_times(online_ballot.meeting, users["hoidong"])
    with pytest.raises(ValidationError) as error:
        services.meeting_close(actor=users["hoidong"], meeting=meeting)
    assert error.value.code == "open_ballots"
    assert error.value.messages == [
        "Còn thành viên có mặt chưa bỏ phiếu kín. Phiếu kết thúc khi mọi thành viên có mặt đã bỏ phiếu, "
        "hoặc khi Chủ tịch Hội đồng kết thúc cuộc họp (người chưa bỏ phiếu được ghi là không biểu quyết)."
    ]
    assert SealedChoice.objects.filter(ballot=online_ballot).count() == 1  # nothing counted
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN


def test_not_even_the_chair_closes_a_paper_meeting_with_an_uncounted_ballot(configured, users, lan):
    meeting = open_meeting(configured, users)
    meeting = record_times(meeting, users["hoidong"])
    with pytest.raises(ValidationError) as error:
        services.meeting_close(actor=users["chutich"], meeting=meeting)
    assert error.value.code == "open_ballots"
    assert error.value.messages == ["Còn đề nghị chưa có kết quả kiểm phiếu."]


# --- closing a meeting ----------------------------------------------------------------------


def test_closing_numbers_the_minutes_in_the_council_series_of_the_meeting_year(configured, users, lan, accepted):
    first = open_meeting(configured, users)
    _tally(users, first.ballots.get(), 8)
    first = _close(users, first)
    assert (first.status, first.minutes_year, first.minutes_number) == (MeetingStatus.CLOSED, 2023, 1)
    accepted("Hội Liên hiệp Phụ nữ xã")
    second = open_meeting(configured, users)
    _tally(users, second.ballots.get(), 8)
    second = _close(users, second, actor="chutich")
    assert (second.minutes_year, second.minutes_number, second.minutes_reference) == (2023, 2, "02/BB-HĐTĐKT")
    event = AuditEvent.objects.filter(action="meeting.close").order_by("id").last()
    assert event.changes == {"minutes": [None, "02/BB-HĐTĐKT"]}


def test_closing_needs_the_times_in_the_minutes_and_happens_once(configured, users, lan):
    meeting = open_meeting(configured, users)
    _tally(users, meeting.ballots.get(), 8)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.meeting_close(actor=users["hoidong"], meeting=meeting)
    assert error.value.code == "no_times"
    meeting = record_times(meeting, users["hoidong"], ended=None)
    with pytest.raises(ValidationError) as error:
        services.meeting_close(actor=users["hoidong"], meeting=meeting)
    assert error.value.code == "no_times"
    meeting = _close(users, meeting)
    version = meeting.version
    with pytest.raises(ValidationError) as error:
        services.meeting_close(actor=users["hoidong"], meeting=meeting)
    assert error.value.code == "closed"
    meeting.refresh_from_db()
    assert meeting.version == version


def test_closing_bumps_the_version_and_tells_the_chairman(configured, users, lan):
    meeting = open_meeting(configured, users)
    _tally(users, meeting.ballots.get(), 8)
    meeting = record_times(meeting, users["hoidong"])
    before = meeting.version
    meeting = services.meeting_close(actor=users["hoidong"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.version == before + 1
    note = Notification.objects.get(title="Danh sách Hội đồng đề nghị chờ Chủ tịch phê duyệt")
    assert note.recipient.username == "chutich"
    assert note.link == f"/khen-thuong/{configured.slug}/phe-duyet/"
    assert not Notification.objects.filter(title=note.title).exclude(recipient__username="chutich").exists()


# --- the approval round -----------------------------------------------------------------------


def test_the_first_meeting_creates_a_pending_round(configured, users, lan):
    meeting = open_meeting(configured, users)
    _tally(users, meeting.ballots.get(), 8)
    _close(users, meeting)
    round_ = ApprovalRound.objects.get(campaign=configured)
    assert (round_.status, round_.version) == (ApprovalStatus.PENDING, 1)


def test_a_list_returned_by_the_chairman_waits_again_after_the_next_meeting(passed_list, configured, users):
    services.approval_return(actor=users["chutich"], campaign=configured, comment="Xét lại chỉ tiêu.")
    round_ = ApprovalRound.objects.get(campaign=configured)
    assert round_.status == ApprovalStatus.RETURNED
    returned_version = round_.version
    meeting = open_meeting(configured, users, absent=0)
    for ballot in meeting.ballots.all():
        _tally(users, ballot, 9)
    _close(users, meeting)
    round_.refresh_from_db()
    assert (round_.status, round_.version) == (ApprovalStatus.PENDING, returned_version + 1)


def test_an_approved_round_is_left_as_it_is_by_a_later_meeting(passed_list, configured, users, accepted):
    services.approval_approve(actor=users["chutich"], campaign=configured, approved_ids=[n.pk for n in passed_list])
    round_ = ApprovalRound.objects.get(campaign=configured)
    status, version = round_.status, round_.version
    assert status == ApprovalStatus.APPROVED
    accepted("Ấp Tân Đông")
    meeting = open_meeting(configured, users, absent=0)
    for ballot in meeting.ballots.all():
        _tally(users, ballot, 1)
    _close(users, meeting)
    round_.refresh_from_db()
    assert (round_.status, round_.version) == (status, version)


def test_closing_refusals_say_why(configured, users, lan):
    meeting = open_meeting(configured, users)
    _tally(users, meeting.ballots.get(), 8)
    meeting.refresh_from_db()
    with pytest.raises(PermissionDenied) as denied:
        services.meeting_close(actor=users["vanphong"], meeting=meeting)
    assert str(denied.value) == "Chỉ Chủ tịch Hội đồng hoặc Thư ký Hội đồng kết thúc cuộc họp."
    with pytest.raises(ValidationError) as error:
        services.meeting_close(actor=users["hoidong"], meeting=meeting)
    assert error.value.messages == [
        "Hãy ghi giờ bắt đầu và giờ kết thúc cuộc họp vào biên bản trước khi kết thúc cuộc họp."
    ]
    meeting = _close(users, meeting, actor="chutich")
    with pytest.raises(ValidationError) as error:
        services.meeting_close(actor=users["hoidong"], meeting=meeting)
    assert error.value.messages == ["Cuộc họp đã kết thúc."]
    assert AuditEvent.objects.get(action="meeting.close").actor.username == "chutich"


def test_minutes_of_a_meeting_held_before_the_last_numbered_one_are_refused(configured, users, lan, accepted):
    first = open_meeting(configured, users)
    _tally(users, first.ballots.get(), 8)
    _close(users, first)  # 01/BB-HĐTĐKT dated 05/01/2023
    accepted("Hội Liên hiệp Phụ nữ xã")
    earlier = services.meeting_create(
        actor=users["hoidong"],
        campaign=configured,
        held_on=dt.date(2023, 1, 4),
        place="Hội trường UBND xã",
        method="paper",
        attendance=attendance(configured, absent=1),
    )
    elect_tellers(earlier, users["hoidong"])
    _tally(users, earlier.ballots.get(), 8)
    with pytest.raises(ValidationError) as error:
        _close(users, earlier)
    assert error.value.code == "number_order"
    earlier.refresh_from_db()
    assert earlier.status == MeetingStatus.OPEN and earlier.minutes_number is None


def test_a_present_base_threshold_reached_exactly_passes_when_inclusive(configured, users, lan):
    services.quota_set(
        actor=users["vanphong"],
        campaign=configured,
        award_form=lan.award_form,
        quota=4,
        threshold_base="present",
        threshold_percent=Decimal(50),
        threshold_inclusive=True,
        expected_version=UNCHECKED,
    )
    ballot = _tally(users, open_meeting(configured, users, absent=3).ballots.get(), 3, 3)  # 6 present
    assert ballot.passed
    assert ballot.explanation == "3/6 = 50% số thành viên có mặt, đạt mức từ 50% theo quy định"


def test_the_quota_of_another_campaign_is_not_this_one(configured, users, lan, draft_campaign):
    # The draft campaign's plan does not offer the form, so quota_set refuses it: the row is written
    # directly, as a second campaign's quota for the same form would be.
    AwardQuota.objects.create(campaign=draft_campaign, award_form=lan.award_form, quota=0)
    assert _tally(users, open_meeting(configured, users).ballots.get(), 8).passed


def test_a_corrected_count_does_not_count_the_nomination_against_its_own_quota(configured, users, lan):
    _quota(users, configured, XA, 1)
    ballot = _tally(users, open_meeting(configured, users).ballots.get(), 8)
    assert ballot.passed
    ballot = services.ballot_correct(
        actor=users["hoidong"], ballot=ballot, agree=7, disagree=1, invalid=0, reason="Đếm nhầm một phiếu."
    )
    assert ballot.passed
    assert ballot.explanation == "7/9 = 77,78% tổng số thành viên, trên mức 50% theo quy định"


def test_a_nomination_that_left_the_council_meanwhile_cannot_be_tallied(configured, users, lan):
    ballot = open_meeting(configured, users).ballots.get()
    Nomination.objects.filter(pk=lan.pk).update(status="returned")
    with pytest.raises(ValidationError) as error:
        _tally(users, ballot, 8)
    assert error.value.messages == ["Không thể ghi kết quả bỏ phiếu: đề nghị đang ở trạng thái “Trả lại để bổ sung”."]


def test_passed_nominations_of_another_campaign_take_no_place_in_this_quota(
    configured, users, lan, accepted, draft_campaign
):
    other = accepted("Hội Liên hiệp Phụ nữ xã")
    Nomination.objects.filter(pk=other.pk).update(campaign=draft_campaign, status="awarded")
    _quota(users, configured, XA, 1)
    assert _tally(users, open_meeting(configured, users).ballots.get(), 8).passed
