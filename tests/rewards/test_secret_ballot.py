"""The online secret ballot (issue 10 §1): no member decides alone, nothing reveals a choice early.

The ``online_ballot`` fixture is the reproduction's meeting: four members present (chutich, phochutich,
hoidong, vanphong) of the nine, one nomination (Võ Thị Lan, Giấy khen xã)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse

from documents.sources.awards import council_minutes_document
from rewards import services
from rewards.models import (
    BallotItem,
    BallotParticipation,
    CouncilMember,
    MeetingStatus,
    NominationStatus,
    SealedChoice,
)
from tanbinh_portal.models import AuditEvent, Notification
from tanbinh_portal.optimistic import UNCHECKED
from tests.rewards.conftest import open_meeting, record_times


def _urls(ballot) -> dict[str, str]:
    slug = ballot.meeting.campaign.slug
    return {
        "vote": reverse("rewards:ballot-vote", args=[slug, ballot.pk]),
        "meeting": reverse("rewards:meeting-detail", args=[slug, ballot.meeting_id]),
        "close": reverse("rewards:meeting-close", args=[slug, ballot.meeting_id]),
        "minutes": reverse("rewards:meeting-minutes", args=[slug, ballot.meeting_id]),
    }


def _present_base(ballot, users) -> None:
    """The quota of the reproduction: more than 50% of the members present."""
    services.quota_set(
        expected_version=UNCHECKED,
        actor=users["vanphong"],
        campaign=ballot.meeting.campaign,
        award_form=ballot.nomination.award_form,
        quota=4,
        threshold_base="present",
        threshold_percent=Decimal(50),
    )


def test_one_member_neither_decides_the_ballot_nor_has_a_readable_choice(online_ballot, users, client_as):
    """The reproduction: chutich votes "Không đồng ý", vanphong watches and tries to close."""
    _present_base(online_ballot, users)
    urls = _urls(online_ballot)
    client_as("chutich").post(urls["vote"], {"choice": "disagree"})
    assert "Phiếu kín: 1" in client_as("vanphong").get(urls["meeting"]).content.decode()  # who voted, not how
    online_ballot.refresh_from_db()
    # No running count exists anywhere on the ballot while it is open.
    assert (online_ballot.agree, online_ballot.disagree, online_ballot.invalid, online_ballot.closed) == (
        0,
        0,
        0,
        False,
    )
    # The officer is neither chair nor secretary of the meeting: no closing.
    assert client_as("vanphong").post(urls["close"]).status_code == 403
    # The secretary cannot close while three members present have not voted.
    record_times(online_ballot.meeting, users["hoidong"])
    with pytest.raises(ValidationError) as error:
        services.meeting_close(actor=users["hoidong"], meeting=online_ballot.meeting)
    assert error.value.code == "open_ballots"
    online_ballot.refresh_from_db()
    online_ballot.nomination.refresh_from_db()
    assert not online_ballot.closed
    assert online_ballot.nomination.status == NominationStatus.ACCEPTED
    tallies = AuditEvent.objects.filter(object_type="rewards.BallotItem", changes__has_key="tally")
    assert not tallies.exists()


def test_the_ballot_closes_itself_when_every_member_present_has_voted(online_ballot, users):
    _present_base(online_ballot, users)
    for username, agree in (("chutich", False), ("phochutich", True), ("hoidong", True)):
        services.ballot_cast(actor=users[username], ballot=online_ballot, agree=agree)
    online_ballot.refresh_from_db()
    assert not online_ballot.closed
    services.ballot_cast(actor=users["vanphong"], ballot=online_ballot, agree=True)
    online_ballot.refresh_from_db()
    assert online_ballot.closed
    assert (online_ballot.agree, online_ballot.disagree, online_ballot.invalid, online_ballot.not_voting) == (
        3,
        1,
        0,
        0,
    )
    assert online_ballot.explanation == "3/4 = 75% số thành viên có mặt, trên mức 50% theo quy định"
    close = AuditEvent.objects.get(object_type="rewards.BallotItem", action="ballot.close")
    assert close.changes == {"tally": [None, [3, 1, 0, 0]]}
    assert not SealedChoice.objects.filter(ballot=online_ballot).exists()


def test_the_chair_closing_the_meeting_records_who_did_not_vote_as_not_agreeing(online_ballot, users, client_as):
    _present_base(online_ballot, users)
    for username in ("phochutich", "hoidong"):
        services.ballot_cast(actor=users[username], ballot=online_ballot, agree=True)
    meeting = record_times(online_ballot.meeting, users["hoidong"])
    with pytest.raises(PermissionDenied):
        services.meeting_close(actor=users["phochutich"], meeting=meeting)  # vice chair: no
    response = client_as("chutich").post(_urls(online_ballot)["close"])
    assert response.status_code == 302
    meeting.refresh_from_db()
    online_ballot.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    assert (online_ballot.agree, online_ballot.disagree, online_ballot.not_voting) == (2, 0, 2)
    # Two of four present agreed: the two who did not vote count as not agreeing, so 2/4 = 50% fails.
    assert not online_ballot.passed
    assert online_ballot.explanation == "2/4 = 50% số thành viên có mặt, không vượt quá mức 50% theo quy định"
    page = client_as("hoidong").get(_urls(online_ballot)["minutes"]).content.decode()
    assert "<td>4</td><td>2</td><td>0</td><td>0</td><td>2 (Lê Văn Tài, Trần Thị Mai)</td>" in page
    doc = council_minutes_document(meeting.campaign)
    assert doc.votes[0].not_voting_names == ("Lê Văn Tài", "Trần Thị Mai")
    printed = render_to_string("print/bien_ban_hop_hoi_dong.html", {"doc": doc})
    assert "Không biểu quyết đối với Võ Thị Lan: Lê Văn Tài, Trần Thị Mai." in printed


def test_not_voting_never_lowers_the_base_of_a_present_threshold(online_ballot, users):
    _present_base(online_ballot, users)
    for username in ("chutich", "phochutich", "hoidong"):
        services.ballot_cast(actor=users[username], ballot=online_ballot, agree=True)
    meeting = record_times(online_ballot.meeting, users["hoidong"])
    services.meeting_close(actor=users["chutich"], meeting=meeting)
    online_ballot.refresh_from_db()
    assert (online_ballot.agree, online_ballot.not_voting) == (3, 1)
    assert online_ballot.passed
    assert online_ballot.explanation.startswith("3/4 = 75% số thành viên có mặt")


def test_only_the_chair_or_the_secretary_closes_a_meeting(online_ballot, users):
    meeting = record_times(online_ballot.meeting, users["hoidong"])
    for username in ("vanphong", "phochutich", "canbo"):
        with pytest.raises(PermissionDenied):
            services.meeting_close(actor=users[username], meeting=meeting)


SAVEPOINT = re.compile(r'SAVEPOINT "?[\w]+"?')


def _statements(action) -> list[str]:
    seen: list[str] = []

    def wrapper(execute, sql, params, many, context):
        seen.append(SAVEPOINT.sub("SAVEPOINT", sql))  # savepoint names differ by counter only
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        action()
    return seen


def test_casting_runs_the_same_statements_whatever_the_choice(configured, users, accepted, kpi_log):
    from tests.rewards.conftest import lan_rows

    kpi_log(lan_rows(20))
    accepted("Hội Liên hiệp Phụ nữ xã")  # two units: the audit row's label has the same shape
    accepted("Bộ phận Tiếp nhận và Trả kết quả")
    meeting = open_meeting(configured, users, "online", absent=0)
    first, second = meeting.ballots.order_by("id")
    notifications = Notification.objects.count()
    agree = _statements(lambda: services.ballot_cast(actor=users["chutich"], ballot=first, agree=True))
    disagree = _statements(lambda: services.ballot_cast(actor=users["chutich"], ballot=second, agree=False))
    assert agree == disagree
    assert Notification.objects.count() == notifications  # a vote notifies nobody


def test_the_database_refuses_a_running_count_and_a_count_that_does_not_add_up(online_ballot, users):
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotItem.objects.filter(pk=online_ballot.pk).update(disagree=1)
    for username in ("chutich", "phochutich", "hoidong", "vanphong"):
        services.ballot_cast(actor=users[username], ballot=online_ballot, agree=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotItem.objects.filter(pk=online_ballot.pk).update(agree=F("agree") - 1)


def test_sealed_choices_and_participation_are_not_in_the_admin():
    for model in (SealedChoice, BallotParticipation, BallotItem):
        assert not admin.site.is_registered(model)


def test_sealed_choices_come_out_in_no_order_of_casting(online_ballot, users):
    """Random primary keys: reading the box in key order does not give the order of votes."""
    for username in ("chutich", "phochutich", "hoidong"):
        services.ballot_cast(actor=users[username], ballot=online_ballot, agree=True)
    ids = list(SealedChoice.objects.filter(ballot=online_ballot).values_list("id", flat=True))
    assert len(ids) == 3 and all(i.version == 4 for i in ids)
    assert not {f.name for f in SealedChoice._meta.get_fields()} & {"member", "created_at", "cast_at", "position"}


def test_a_member_absent_from_the_meeting_is_not_counted_as_not_voting(online_ballot, users):
    for username in ("chutich", "phochutich", "hoidong", "vanphong"):
        services.ballot_cast(actor=users[username], ballot=online_ballot, agree=True)
    online_ballot.refresh_from_db()
    absent = CouncilMember.objects.filter(campaign=online_ballot.meeting.campaign).count() - 4
    assert absent == 5
    assert online_ballot.present == 4 and online_ballot.not_voting == 0
    assert online_ballot.explanation.startswith("4/9")  # base: all members (absent ones count against)


def test_a_member_present_is_told_on_the_home_page_until_they_have_voted(online_ballot, users):
    from rewards.home import rewards_home_tasks

    def told(username: str) -> bool:
        return any("phiếu kín trực tuyến đang chờ bạn" in t.text for t in rewards_home_tasks(users[username]))

    assert told("chutich") and told("vanphong") and not told("canbo")
    services.ballot_cast(actor=users["chutich"], ballot=online_ballot, agree=False)
    assert not told("chutich") and told("vanphong")
    absent = CouncilMember.objects.filter(campaign=online_ballot.meeting.campaign).order_by("-id").first().user
    assert not any("phiếu kín" in t.text for t in rewards_home_tasks(absent))


def test_the_meeting_page_warns_who_may_close_while_members_present_have_not_voted(online_ballot, client_as):
    url = _urls(online_ballot)["meeting"]
    chair = client_as("chutich").get(url).content.decode()
    assert "Còn 1 phiếu kín có thành viên chưa bỏ phiếu: người chưa bỏ phiếu sẽ được ghi là không biểu quyết." in chair
    secretary = client_as("hoidong").get(url).content.decode()
    assert "chỉ Chủ tịch Hội đồng kết thúc được cuộc họp lúc này" in secretary
    officer = client_as("vanphong").get(url).content.decode()
    assert _urls(online_ballot)["close"] not in officer and "Kết thúc bỏ phiếu" not in officer
