import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from rewards import services
from rewards.models import (
    BallotItem,
    BallotParticipation,
    CouncilMember,
    MeetingAttendance,
    NominationStatus,
    NumberSeries,
    SealedChoice,
)
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.optimistic import UNCHECKED
from tests.rewards.conftest import HUYEN, attendance, import_lan_log, open_meeting, record_times


@pytest.fixture
def three_accepted(accepted, kpi_log):
    import_lan_log(kpi_log)
    return [accepted("Võ Thị Lan"), accepted("Hội Liên hiệp Phụ nữ xã"), accepted("Bộ phận Tiếp nhận và Trả kết quả")]


def test_meeting_needs_two_thirds_of_the_members_present(configured, users, three_accepted):
    with pytest.raises(ValidationError) as error:
        open_meeting(configured, users, absent=4)  # 5/9 present
    assert error.value.code == "no_quorum"
    assert "Có mặt 5/9 thành viên" in error.value.messages[0]
    meeting = open_meeting(configured, users, absent=3)  # 6/9 present: exactly two thirds
    assert meeting.ballots.count() == 3
    assert MeetingAttendance.objects.filter(meeting=meeting, present=False).exclude(written_opinion="").count() == 3


def test_configurable_quorum_of_one_half(configured, users, three_accepted):
    meeting = open_meeting(configured, users, absent=4, quorum_numerator=1, quorum_denominator=2)
    assert meeting.quorum_denominator == 2


def test_only_the_secretary_or_officer_opens_a_meeting(configured, users, three_accepted):
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=users["chutich"],
            campaign=configured,
            held_on=dt.date(2023, 1, 5),
            place="x",
            method="paper",
            attendance=attendance(configured),
        )


def test_paper_tally_passes_with_an_explained_result(configured, users, three_accepted):
    meeting = open_meeting(configured, users)
    ballot = meeting.ballots.first()
    ballot = services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=7, disagree=1, invalid=0)
    assert ballot.passed
    assert ballot.explanation == "7/9 = 77,78% tổng số thành viên, trên mức 50% theo quy định"
    ballot.nomination.refresh_from_db()
    assert ballot.nomination.status == NominationStatus.PASSED
    assert ballot.nomination.council_result == ballot.explanation


def test_paper_tally_cannot_exceed_the_members_present(configured, users, three_accepted):
    meeting = open_meeting(configured, users)  # 8 present
    with pytest.raises(ValidationError, match="vượt số thành viên có mặt"):
        services.ballot_tally(actor=users["hoidong"], ballot=meeting.ballots.first(), agree=8, disagree=1, invalid=0)


def test_a_council_member_who_is_not_secretary_cannot_tally(configured, users, three_accepted):
    meeting = open_meeting(configured, users)
    with pytest.raises(PermissionDenied):
        services.ballot_tally(actor=users["chutich"], ballot=meeting.ballots.first(), agree=5, disagree=0, invalid=0)


def test_four_of_nine_does_not_pass(configured, users, three_accepted):
    meeting = open_meeting(configured, users)
    ballot = services.ballot_tally(
        actor=users["hoidong"], ballot=meeting.ballots.first(), agree=4, disagree=4, invalid=0
    )
    assert not ballot.passed
    ballot.nomination.refresh_from_db()
    assert ballot.nomination.status == NominationStatus.NOT_PASSED


def test_the_council_cannot_pass_more_than_the_quota(configured, users, three_accepted):
    services.quota_set(
        actor=users["vanphong"],
        campaign=configured,
        award_form=three_accepted[0].award_form,
        quota=2,
        expected_version=UNCHECKED,
    )
    meeting = open_meeting(configured, users)
    results = [
        services.ballot_tally(actor=users["hoidong"], ballot=b, agree=8, disagree=0, invalid=0)
        for b in meeting.ballots.order_by("id")
    ]
    assert [r.passed for r in results] == [True, True, False]
    assert "đã đủ chỉ tiêu (2/2)" in results[2].explanation


def test_threshold_per_award_form_can_use_members_present(configured, users, three_accepted):
    services.quota_set(
        actor=users["vanphong"],
        campaign=configured,
        award_form=three_accepted[0].award_form,
        quota=4,
        threshold_base="present",
        threshold_percent=Decimal(60),
        threshold_inclusive=True,
        expected_version=UNCHECKED,
    )
    meeting = open_meeting(configured, users, absent=3)  # 6 present
    ballot = services.ballot_tally(
        actor=users["hoidong"], ballot=meeting.ballots.first(), agree=4, disagree=2, invalid=0
    )
    assert ballot.passed
    assert ballot.explanation.startswith("4/6 = 66,67% số thành viên có mặt, đạt mức từ 60%")


def test_online_secret_ballot_stores_who_voted_and_sealed_choices_never_a_link(configured, users, three_accepted):
    meeting = open_meeting(configured, users, method="online")
    ballot = meeting.ballots.first()
    services.ballot_cast(actor=users["chutich"], ballot=ballot, agree=True)
    services.ballot_cast(actor=users["hoidong"], ballot=ballot, agree=False)
    services.ballot_cast(actor=users["vanphong"], ballot=ballot, agree=True)
    ballot.refresh_from_db()
    assert (ballot.agree, ballot.disagree, ballot.invalid, ballot.not_voting) == (0, 0, 0, 0)  # no running count
    assert sorted(SealedChoice.objects.filter(ballot=ballot).values_list("agree", flat=True)) == [False, True, True]
    voters = set(BallotParticipation.objects.filter(ballot=ballot).values_list("member__user__username", flat=True))
    assert voters == {"chutich", "hoidong", "vanphong"}
    # No stored link from a member to a choice: the participation row has no choice and no time, the sealed
    # choice no member, no time and a random id, the ballot row no member; no audit row records a choice.
    assert {f.name for f in BallotParticipation._meta.get_fields()} == {"id", "ballot", "member"}
    assert {f.name for f in SealedChoice._meta.get_fields()} == {"id", "ballot", "agree"}
    assert isinstance(SealedChoice._meta.pk, models.UUIDField)
    ballot_links = [
        f
        for f in BallotItem._meta.get_fields()
        if isinstance(f, models.ForeignKey) and f.related_model is CouncilMember
    ]
    assert ballot_links == []
    for event in AuditEvent.objects.filter(object_type="rewards.BallotItem", action="ballot.participate"):
        assert event.changes == {} and event.reason == ""


def test_a_member_votes_once_and_absent_members_cannot_vote(configured, users, three_accepted):
    meeting = open_meeting(configured, users, method="online", absent=1)
    ballot = meeting.ballots.first()
    services.ballot_cast(actor=users["chutich"], ballot=ballot, agree=True)
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.ballot_cast(actor=users["chutich"], ballot=ballot, agree=False)
    absent = CouncilMember.objects.filter(campaign=configured).order_by("-id").first().user
    with pytest.raises(PermissionDenied):
        services.ballot_cast(actor=absent, ballot=ballot, agree=True)
    with pytest.raises(PermissionDenied):
        services.ballot_cast(actor=users["canbo"], ballot=ballot, agree=True)


def test_an_online_ballot_closes_when_the_last_member_present_votes(configured, users, three_accepted):
    meeting = open_meeting(configured, users, method="online", absent=4, quorum_numerator=1, quorum_denominator=2)
    ballot = meeting.ballots.first()
    voters = [m.user for m in CouncilMember.objects.filter(campaign=configured).order_by("id")[:5]]
    for user in voters[:4]:
        services.ballot_cast(actor=user, ballot=ballot, agree=True)
    ballot.refresh_from_db()
    assert not ballot.closed
    services.ballot_cast(actor=voters[4], ballot=ballot, agree=True)
    ballot.refresh_from_db()
    assert ballot.closed and (ballot.agree, ballot.disagree, ballot.not_voting) == (5, 0, 0)
    assert ballot.passed and ballot.explanation.startswith("5/9 = 55,56%")
    assert not SealedChoice.objects.filter(ballot=ballot).exists()  # counted, then destroyed
    with pytest.raises(ValidationError):
        services.ballot_cast(actor=voters[0], ballot=ballot, agree=True)


def test_meeting_closes_only_when_every_ballot_is_counted_and_takes_a_council_number(configured, users, three_accepted):
    meeting = open_meeting(configured, users)
    record_times(meeting, users["hoidong"])
    with pytest.raises(ValidationError, match="chưa có kết quả"):
        services.meeting_close(actor=users["hoidong"], meeting=meeting)
    for ballot in meeting.ballots.all():
        services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=6, disagree=2, invalid=0)
    meeting = services.meeting_close(actor=users["hoidong"], meeting=meeting)
    assert meeting.minutes_reference == "01/BB-HĐTĐKT"
    assert NumberSeries.objects.get(issuer="hdtdkt", year=2023).last_number == 1
    assert not NumberSeries.objects.filter(issuer="ubnd").exists()


def test_meeting_refused_without_a_quota_for_a_nominated_form(configured, users, accepted, kpi_log):
    from rewards.models import AwardQuota

    accepted("Ấp Tân Đông", HUYEN)
    AwardQuota.objects.filter(campaign=configured, award_form__code=HUYEN).delete()
    with pytest.raises(ValidationError, match="Chưa đặt chỉ tiêu"):
        open_meeting(configured, users)


def test_minutes_data_is_assembled_for_the_documents_module(configured, users, three_accepted):
    from rewards.selectors import meeting_minutes

    meeting = open_meeting(configured, users)
    for ballot in meeting.ballots.all():
        services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=7, disagree=1, invalid=0)
    record_times(meeting, users["hoidong"])
    meeting = services.meeting_close(actor=users["hoidong"], meeting=meeting)
    minutes = meeting_minutes(meeting)
    assert minutes["number"] == "01/BB-HĐTĐKT"
    assert minutes["chair"]["name"] == "Lê Văn Tài" and minutes["secretary"]["name"] == "Nguyễn Văn Bình"
    assert len(minutes["present"]) == 8 and minutes["absent"][0]["written_opinion"] == "Đồng ý với danh sách."
    assert minutes["results"][0]["explanation"] == "7/9 = 77,78% tổng số thành viên, trên mức 50% theo quy định"
