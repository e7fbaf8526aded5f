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
from tests.rewards.conftest import import_lan_log, lan_rows, open_meeting, record_times
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
    assert "Thời gian bắt đầu: 08 giờ 00, ngày 05 tháng 01 năm 2023." in html
    assert "14 giờ 00" not in html
    assert "Cuộc họp kết thúc vào 10 giờ 30 cùng ngày./." in html
    assert "Ý kiến thảo luận:" in html and "Nguyễn Văn Tư" in html
    assert ".)." not in html and "..." not in html
    for vote in doc.votes:
        assert vote.votes_for + vote.votes_against + vote.invalid + vote.not_voting == vote.present == 8
    assert [v.award_form for v in doc.votes][-1] == "Bằng khen của Chủ tịch UBND tỉnh"  # xã, huyện, tỉnh
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
    assert record.members_line == "Tổng số thành viên Hội đồng: 9; có mặt: 8; số phiếu phát ra: 8."
    for vote in record.votes:
        assert vote.votes_for + vote.votes_against + vote.invalid + vote.not_voting == vote.present == 8
    assert sorted((v.votes_for, v.not_voting) for v in record.votes) == [(5, 1), (6, 1)]
    text = " ".join(" ".join(_pages(build_vote_count(campaign)[0].content)).split())
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "NGƯỜI KIỂM PHIẾU" in text and "Số:" not in text


def test_opening_a_meeting_on_the_page_takes_its_start_time(configured, users, accepted, kpi_log, client_as):
    from rewards.models import CouncilMeeting, CouncilMember

    kpi_log(lan_rows(20))
    accepted("Võ Thị Lan")
    data = {
        "held_on": "05/01/2023",
        "place": "Hội trường UBND xã",
        "method": "paper",
        "quorum_numerator": "2",
        "quorum_denominator": "3",
        "started_at": "08:00",
    }
    data.update({f"present_{m.pk}": "on" for m in CouncilMember.objects.filter(campaign=configured)})
    response = client_as("hoidong").post(reverse("rewards:meeting-create", args=[configured.slug]), data)
    assert response.status_code == 302
    meeting = CouncilMeeting.objects.get(campaign=configured)
    assert meeting.started_at == dt.time(8, 0) and meeting.ended_at is None
    page = client_as("hoidong").get(response["Location"]).content.decode()
    assert 'name="ended_at"' in page and "Ghi biên bản" in page and "Bắt đầu 08:00" in page


def test_the_minutes_page_keeps_the_communes_capitals(paper_meeting, client_as):
    url = reverse("rewards:meeting-minutes", args=[paper_meeting.campaign.slug, paper_meeting.pk])
    page = client_as("hoidong").get(url).content.decode()
    assert "xã Tân Bình" in page and "xã tân bình" not in page
