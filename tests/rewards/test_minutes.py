"""The council minutes (issue 11, "Biên bản") and the correction of a mistyped paper count (issue 12)."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from demo import samples
from documents.engine import render
from documents.sources.awards import council_minutes_document
from rewards import services
from rewards.models import BallotItem, NominationStatus
from tanbinh_portal.models import AuditEvent
from tests.rewards.conftest import import_lan_log, open_meeting, record_times
from tests.rewards.helpers import ensure_award_round


@pytest.fixture
def paper_meeting(configured, users, accepted, kpi_log):
    """A paper-ballot meeting, eight of nine present, on two nominations."""
    import_lan_log(kpi_log)
    accepted("Võ Thị Lan")
    accepted("Hội Liên hiệp Phụ nữ xã")
    return open_meeting(configured, users, "paper", absent=1, started_at=dt.time(8, 0))


# --- Correcting a paper count ------------------------------------------------------------------------


def test_the_secretary_corrects_a_mistyped_paper_count_with_a_reason(paper_meeting, users):
    ballot = paper_meeting.ballots.order_by("id").first()
    services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=4, disagree=4, invalid=0)
    ballot = services.ballot_correct(
        actor=users["hoidong"], ballot=ballot, agree=7, disagree=1, invalid=0, reason="Nhập nhầm số phiếu đồng ý."
    )
    assert ballot.passed and ballot.explanation.startswith("7/9 = 77,78%")
    ballot.nomination.refresh_from_db()
    assert ballot.nomination.status == NominationStatus.PASSED
    assert ballot.nomination.council_result == ballot.explanation
    event = AuditEvent.objects.get(action="ballot.correct")
    assert event.changes == {"tally": [[4, 4, 0, 0], [7, 1, 0, 0]]}
    assert event.reason == "Nhập nhầm số phiếu đồng ý."


def test_a_correction_needs_a_reason_a_secretary_an_open_meeting_and_a_new_count(paper_meeting, users):
    ballot = paper_meeting.ballots.order_by("id").first()
    services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=7, disagree=1, invalid=0)
    with pytest.raises(ValidationError, match="lý do"):
        services.ballot_correct(actor=users["hoidong"], ballot=ballot, agree=6, disagree=2, invalid=0, reason=" ")
    with pytest.raises(ValidationError, match="giống số phiếu đã ghi"):
        services.ballot_correct(actor=users["hoidong"], ballot=ballot, agree=7, disagree=1, invalid=0, reason="x")
    with pytest.raises(ValidationError, match="vượt số thành viên có mặt"):
        services.ballot_correct(actor=users["hoidong"], ballot=ballot, agree=8, disagree=1, invalid=0, reason="x")
    with pytest.raises(PermissionDenied):
        services.ballot_correct(actor=users["chutich"], ballot=ballot, agree=6, disagree=2, invalid=0, reason="x")
    for other in paper_meeting.ballots.filter(closed=False):
        services.ballot_tally(actor=users["hoidong"], ballot=other, agree=7, disagree=1, invalid=0)
    record_times(paper_meeting, users["hoidong"])
    services.meeting_close(actor=users["hoidong"], meeting=paper_meeting)
    with pytest.raises(ValidationError, match="Cuộc họp đã kết thúc"):
        services.ballot_correct(actor=users["hoidong"], ballot=ballot, agree=6, disagree=2, invalid=0, reason="x")


def test_an_uncounted_ballot_cannot_be_corrected(paper_meeting, users):
    with pytest.raises(ValidationError, match="chưa có kết quả kiểm phiếu"):
        services.ballot_correct(
            actor=users["hoidong"], ballot=paper_meeting.ballots.first(), agree=1, disagree=0, invalid=0, reason="x"
        )


def test_the_correction_form_on_the_meeting_page(paper_meeting, users, client_as):
    ballot = paper_meeting.ballots.order_by("id").first()
    services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=4, disagree=4, invalid=0)
    slug = paper_meeting.campaign.slug
    url = reverse("rewards:ballot-correct", args=[slug, ballot.pk])
    assert (
        url
        in client_as("hoidong").get(reverse("rewards:meeting-detail", args=[slug, paper_meeting.pk])).content.decode()
    )
    response = client_as("hoidong").post(
        url, {"agree": "7", "disagree": "1", "invalid": "0", "reason": ""}, follow=True
    )
    assert "Hãy ghi lý do sửa số phiếu" in response.content.decode()
    response = client_as("hoidong").post(
        url, {"agree": "7", "disagree": "1", "invalid": "0", "reason": "Nhập nhầm."}, follow=True
    )
    assert "Đã sửa số phiếu; kết quả đã tính lại." in response.content.decode()
    assert (
        client_as("canbo").post(url, {"agree": "1", "disagree": "1", "invalid": "0", "reason": "x"}).status_code == 403
    )


# --- Votes add up to those present ---------------------------------------------------------------------


def test_a_paper_count_below_those_present_records_the_rest_as_not_voting(paper_meeting, users):
    ballot = services.ballot_tally(
        actor=users["hoidong"], ballot=paper_meeting.ballots.first(), agree=5, disagree=1, invalid=1
    )
    assert (ballot.present, ballot.agree, ballot.disagree, ballot.invalid, ballot.not_voting) == (8, 5, 1, 1, 1)


def test_the_database_keeps_closed_counts_adding_up_to_those_present(paper_meeting, users):
    ballot = services.ballot_tally(
        actor=users["hoidong"], ballot=paper_meeting.ballots.first(), agree=7, disagree=1, invalid=0
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotItem.objects.filter(pk=ballot.pk).update(disagree=0)  # 7 of 8 present: does not add up


# --- What the secretary records ------------------------------------------------------------------------


def test_the_meeting_closes_only_once_start_and_end_times_are_recorded(paper_meeting, users):
    for ballot in paper_meeting.ballots.all():
        services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=7, disagree=1, invalid=0)
    with pytest.raises(ValidationError, match="giờ bắt đầu và giờ kết thúc"):
        services.meeting_close(actor=users["hoidong"], meeting=paper_meeting)
    with pytest.raises(ValidationError, match="Giờ kết thúc phải sau giờ bắt đầu"):
        record_times(paper_meeting, users["hoidong"], started=dt.time(9, 0), ended=dt.time(8, 30))
    record_times(paper_meeting, users["hoidong"], discussion="Ý kiến một.\nÝ kiến hai.")
    meeting = services.meeting_close(actor=users["hoidong"], meeting=paper_meeting)
    assert (meeting.started_at, meeting.ended_at) == (dt.time(8, 0), dt.time(10, 30))
    with pytest.raises(ValidationError, match="biên bản đã chốt"):
        record_times(meeting, users["hoidong"])


def test_minutes_are_recorded_by_the_secretary_with_the_current_version(paper_meeting, users):
    with pytest.raises(PermissionDenied):
        record_times(paper_meeting, users["chutich"])
    with pytest.raises(ValidationError, match="tải lại trang"):
        services.meeting_minutes_record(
            actor=users["hoidong"],
            meeting=paper_meeting,
            started_at=dt.time(8, 0),
            ended_at=dt.time(9, 0),
            discussion="",
            expected_version=paper_meeting.version + 5,
        )


def test_the_minutes_form_refuses_an_unreadable_time(paper_meeting, client_as):
    url = reverse("rewards:meeting-minutes-save", args=[paper_meeting.campaign.slug, paper_meeting.pk])
    response = client_as("hoidong").post(
        url, {"started_at": "8 giờ", "ended_at": "", "discussion": "", "version": paper_meeting.version}, follow=True
    )
    assert "Giờ không hợp lệ" in response.content.decode()
    response = client_as("hoidong").post(
        url,
        {"started_at": "08:00", "ended_at": "10:15", "discussion": "Thống nhất.", "version": paper_meeting.version},
        follow=True,
    )
    assert "Đã ghi biên bản cuộc họp." in response.content.decode()
    paper_meeting.refresh_from_db()
    assert paper_meeting.ended_at == dt.time(10, 15) and paper_meeting.discussion == "Thống nhất."


# --- The printed minutes ---------------------------------------------------------------------------------


@pytest.mark.with_award_round
def test_the_demo_minutes_print_what_the_secretary_entered_and_votes_that_add_up(campaign):
    ensure_award_round(campaign)
    doc = council_minutes_document(campaign)
    html = render_to_string("print/bien_ban_hop_hoi_dong.html", {"doc": doc})
    assert "Thời gian bắt đầu: 08 giờ 00 phút, ngày 05 tháng 01 năm 2023." in html
    assert "14 giờ 00" not in html
    assert "Cuộc họp kết thúc vào 10 giờ 30 phút cùng ngày./." in html
    assert "Ý kiến thảo luận:" in html and "Nguyễn Văn Tư" in html
    assert ".)." not in html and "..." not in html
    for vote in doc.votes:
        assert vote.votes_for + vote.votes_against + vote.invalid + vote.not_voting == vote.present == 8
    assert [v.award_form for v in doc.votes][-1] == "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"  # xã, huyện, tỉnh
    assert "Không biểu quyết" in html


def test_no_hour_is_printed_when_none_was_entered(paper_meeting, users):
    from rewards.models import CouncilMeeting

    for ballot in paper_meeting.ballots.all():
        services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=7, disagree=1, invalid=0)
    record_times(paper_meeting, users["hoidong"])
    services.meeting_close(actor=users["hoidong"], meeting=paper_meeting)
    CouncilMeeting.objects.filter(pk=paper_meeting.pk).update(started_at=None, ended_at=None)  # a meeting of old
    html = render_to_string(
        "print/bien_ban_hop_hoi_dong.html", {"doc": council_minutes_document(paper_meeting.campaign)}
    )
    assert "Thời gian bắt đầu: ngày 05 tháng 01 năm 2023." in html
    assert "giờ" not in html.split("Thời gian bắt đầu:")[1].split("</p>")[0]
    assert "Cuộc họp kết thúc./." in html


def _pages(pdf: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")


def test_the_vote_heading_never_stays_alone_at_the_foot_of_a_page():
    """With 3 or 4 discussion lines the heading used to fall on the last line of page 1."""
    for extra in (3, 4, 5):
        lines = [
            f"Ý kiến thảo luận số {i} của thành viên Hội đồng về danh sách đề nghị khen thưởng." for i in range(extra)
        ]
        pages = _pages(render.render_council_minutes(replace(samples.council_minutes(3), discussion=lines)))
        for page in pages[:-1]:
            text = [line for line in page.strip().splitlines() if line.strip()]
            assert not (text and "Kết quả biểu quyết" in text[-1]), extra


# --- Phiếu bầu and biên bản kiểm phiếu -------------------------------------------------------------------


def test_ballot_papers_one_per_member_present_without_names_and_the_count_record_adds_up(paper_meeting, users):
    from documents.kinds import get_kind as document_kind
    from documents.kinds.ballot_papers import build_ballot_papers
    from documents.kinds.vote_count import build_vote_count, vote_count_document

    campaign = paper_meeting.campaign
    assert document_kind("phieu-bau").available(campaign)
    assert not document_kind("bien-ban-kiem-phieu").available(campaign)
    assert vote_count_document(campaign) is None  # no record with blanks before the count
    papers = build_ballot_papers(campaign)
    assert [f.path for f in papers] == ["phieu-bau.pdf"]
    pages = _pages(papers[0].content)
    assert len([p for p in pages if p.strip()]) == 8  # eight members present
    assert all("Võ Thị Lan" in page and "Hội Liên hiệp Phụ nữ xã" in page for page in pages if page.strip())
    assert "Số:" not in pages[0] and "Nguyễn Văn Bình" not in pages[0]  # no number, nobody's name
    first, second = paper_meeting.ballots.order_by("id")
    services.ballot_tally(actor=users["hoidong"], ballot=first, agree=6, disagree=1, invalid=0)
    services.ballot_tally(actor=users["hoidong"], ballot=second, agree=5, disagree=1, invalid=1)
    record = vote_count_document(campaign)
    assert record.members_line == "Tổng số thành viên Hội đồng: 9; có mặt: 8; vắng mặt: 1."
    for vote in record.votes:
        # Handed out = handed back + kept back; handed back = valid + invalid; valid = for + against.
        assert vote.present == 8 == vote.returned + vote.not_voting
        assert vote.returned == vote.valid + vote.invalid and vote.valid == vote.votes_for + vote.votes_against
    assert sorted((v.votes_for, v.returned, v.valid, v.invalid) for v in record.votes) == [(5, 7, 6, 1), (6, 7, 7, 0)]
    # The two rows count different valid papers, so the meeting's line points to the table.
    assert record.papers_line.startswith("Số phiếu phát ra: 8 (mỗi thành viên có mặt một phiếu); số phiếu thu vào")
    tellers = list(paper_meeting.tellers.select_related("member"))
    head = next(t.member for t in tellers if t.is_head)
    assert len(record.tellers) == len(tellers) == 3 and record.tellers[0].startswith(head.full_name)
    assert record.tellers[0].endswith("– Trưởng ban")
    assert record.head_signature.name == head.full_name
    assert sorted(s.name for s in record.member_signatures) == sorted(
        t.member.full_name for t in tellers if not t.is_head
    )
    text = " ".join(" ".join(_pages(build_vote_count(campaign)[0].content)).split())
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "TRƯỞNG BAN KIỂM PHIẾU" in text and "Số:" not in text
    assert "thu vào" in text and "hợp lệ" in text and "Hội đồng bầu Ban kiểm phiếu gồm 3 thành viên" in text
    assert all(t.member.full_name in text for t in tellers)


def test_one_count_of_every_paper_prints_its_totals_on_the_meetings_line(paper_meeting, users):
    from documents.kinds.vote_count import vote_count_document

    for ballot in paper_meeting.ballots.order_by("id"):
        services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=6, disagree=1, invalid=1)
    assert vote_count_document(paper_meeting.campaign).papers_line == (
        "Số phiếu phát ra: 8 (mỗi thành viên có mặt một phiếu); số phiếu thu vào: 8; số phiếu hợp lệ: 7; "
        "số phiếu không hợp lệ: 1."
    )


def test_the_paper_count_waits_for_the_ban_kiem_phieu_the_council_elects(configured, users, accepted, kpi_log):
    import_lan_log(kpi_log)
    accepted("Võ Thị Lan")
    meeting = open_meeting(configured, users, "paper", absent=1, tellers=False)
    ballot = meeting.ballots.get()
    with pytest.raises(ValidationError, match="Hãy ghi Ban kiểm phiếu"):
        services.ballot_tally(actor=users["hoidong"], ballot=ballot, agree=7, disagree=1, invalid=0)
    present = [a.member for a in meeting.attendance.select_related("member").filter(present=True)]
    absent = meeting.attendance.select_related("member").get(present=False).member
    secretary = users["hoidong"]
    with pytest.raises(PermissionDenied):
        services.meeting_tellers_elect(actor=users["canbo"], meeting=meeting, head=present[1], members=present[2:4])
    with pytest.raises(ValidationError, match="ít nhất 1 thành viên"):
        services.meeting_tellers_elect(actor=secretary, meeting=meeting, head=present[1], members=[present[1]])
    with pytest.raises(ValidationError, match="có mặt tại cuộc họp"):
        services.meeting_tellers_elect(actor=secretary, meeting=meeting, head=present[1], members=[absent])
    services.meeting_tellers_elect(actor=secretary, meeting=meeting, head=present[1], members=present[2:4])
    services.meeting_tellers_elect(actor=secretary, meeting=meeting, head=present[2], members=present[3:5])
    assert [(t.member, t.is_head) for t in meeting.tellers.order_by("-is_head", "id")] == [
        (present[2], True), (present[3], False), (present[4], False)
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="meeting.tellers").count() == 2
    services.ballot_tally(actor=secretary, ballot=ballot, agree=7, disagree=1, invalid=0)
    with pytest.raises(ValidationError, match="đã kiểm phiếu"):
        services.meeting_tellers_elect(actor=secretary, meeting=meeting, head=present[1], members=present[2:4])


def test_a_nominee_on_the_council_is_not_elected_to_count_their_own_votes(configured, users, accepted, kpi_log):
    import_lan_log(kpi_log)
    accepted("Võ Thị Lan")
    services.council_member_set(
        actor=users["vanphong"], campaign=configured, user=users["motcua"], role="member", full_name=""
    )  # Võ Thị Lan sits on the council too (everyone is present)
    meeting = open_meeting(configured, users, "paper", absent=0, tellers=False)
    seat = meeting.attendance.get(member__user=users["motcua"]).member
    assert meeting.attendance.get(member=seat).present
    others = [a.member for a in meeting.attendance.filter(present=True).exclude(member=seat)]
    with pytest.raises(ValidationError, match="Võ Thị Lan được đề nghị khen thưởng tại cuộc họp này"):
        services.meeting_tellers_elect(actor=users["hoidong"], meeting=meeting, head=others[0], members=[seat])


def test_the_secretary_records_the_ban_kiem_phieu_on_the_meeting_page(configured, users, accepted, kpi_log, client_as):
    import_lan_log(kpi_log)
    accepted("Võ Thị Lan")
    meeting = open_meeting(configured, users, "paper", absent=1, tellers=False)
    url = reverse("rewards:meeting-tellers", args=[configured.slug, meeting.pk])
    page = reverse("rewards:meeting-detail", args=[configured.slug, meeting.pk])
    assert "Ghi Ban kiểm phiếu do Hội đồng bầu" in client_as("hoidong").get(page).content.decode()
    present = [a.member for a in meeting.attendance.filter(present=True).order_by("member_id")]
    absent = meeting.attendance.get(present=False).member
    # A member not present is refused by the form, with its message; nothing is written.
    response = client_as("hoidong").post(url, {"head": present[1].pk, "members": [absent.pk]}, follow=True)
    assert "Chọn các thành viên có mặt." in response.content.decode() and not meeting.tellers.exists()
    response = client_as("hoidong").post(url, {"head": present[1].pk, "members": [present[2].pk]}, follow=True)
    assert "Đã ghi Ban kiểm phiếu." in response.content.decode()
    assert f"{present[1].full_name} (Trưởng ban)" in response.content.decode()
    assert client_as("canbo").post(url, {"head": present[1].pk, "members": [present[2].pk]}).status_code == 403
