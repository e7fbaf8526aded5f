"""The summary report's narrative: services (draft → submitted → approved) and its page per role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rewards import services
from rewards.models import SummaryReport, SummaryStatus
from tanbinh_portal.optimistic import UNCHECKED
from tests.rewards.helpers import ensure_award_round

ASSESSED = ("1", "3", "5", "6", "9", "10")  # the contents the 2022 plan does not measure with figures
SECTIONS = {
    "strengths": "Giải quyết hồ sơ đúng hạn.",
    "effects": "Người dân hài lòng hơn.",
    "limitations": "Tỷ lệ trực tuyến còn thấp.",
    "lessons": "Người đứng đầu trực tiếp chỉ đạo.",
    "directions": "Duy trì tỷ lệ đúng hạn.",
    "recommendations": "Đề nghị huyện tập huấn dịch vụ công trực tuyến.",
    "assessments": {order: f"Đã thực hiện nội dung {order} (minh chứng lưu tại Văn phòng)." for order in ASSESSED},
}
PAGE = {
    **{k: v for k, v in SECTIONS.items() if k != "assessments"},
    **{f"assessment_{order}": text for order, text in SECTIONS["assessments"].items()},
}


@pytest.fixture
def closed_round(campaign):
    ensure_award_round(campaign)  # closes the campaign
    campaign.refresh_from_db()
    return campaign


def test_officer_drafts_submits_and_chairman_approves_with_a_number_and_the_campaign_summarised(
    closed_round, officer, chairman
):
    report = services.summary_report_save(
        actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=UNCHECKED
    )
    assert report.status == SummaryStatus.DRAFT and report.version == 1
    services.summary_report_submit(actor=officer, campaign=closed_round)
    report = services.summary_report_approve(actor=chairman, campaign=closed_round, issued_on=dt.date(2023, 1, 12))
    assert report.status == SummaryStatus.APPROVED and report.number.reference.endswith("/BC-UBND")
    closed_round.refresh_from_db()
    assert closed_round.status == "summarised"


def test_submitting_needs_every_section(closed_round, officer):
    services.summary_report_save(
        actor=officer, campaign=closed_round, sections={**SECTIONS, "lessons": " "}, expected_version=UNCHECKED
    )
    with pytest.raises(ValidationError, match="Bài học kinh nghiệm"):
        services.summary_report_submit(actor=officer, campaign=closed_round)


def test_a_stale_version_is_refused(closed_round, officer):
    services.summary_report_save(actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=UNCHECKED)
    services.summary_report_save(actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=1)
    with pytest.raises(ValidationError, match="Người khác vừa lưu thay đổi"):
        services.summary_report_save(actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=1)


def test_illegal_moves_and_wrong_roles_are_refused(closed_round, officer, chairman, users):
    with pytest.raises(ValidationError):
        services.summary_report_approve(actor=chairman, campaign=closed_round)  # nothing submitted
    with pytest.raises(PermissionDenied):
        services.summary_report_save(
            actor=chairman, campaign=closed_round, sections=SECTIONS, expected_version=UNCHECKED
        )
    services.summary_report_save(actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=UNCHECKED)
    with pytest.raises(PermissionDenied):
        services.summary_report_approve(actor=users["phochutich"], campaign=closed_round)
    services.summary_report_submit(actor=officer, campaign=closed_round)
    services.summary_report_approve(actor=chairman, campaign=closed_round)
    with pytest.raises(ValidationError, match="đã được Chủ tịch duyệt"):
        services.summary_report_save(
            actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=UNCHECKED
        )
    with pytest.raises(ValidationError):
        services.summary_report_approve(actor=chairman, campaign=closed_round)


def test_editing_a_submitted_report_takes_it_back_to_draft(closed_round, officer):
    services.summary_report_save(actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=UNCHECKED)
    services.summary_report_submit(actor=officer, campaign=closed_round)
    report = services.summary_report_save(
        actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=UNCHECKED
    )
    assert report.status == SummaryStatus.DRAFT


def url(campaign, name="summary-report"):
    return reverse(f"documents:{name}", args=[campaign.slug])


def test_anonymous_users_go_to_login(closed_round, client):
    for name in ("summary-report", "summary-submit", "summary-approve"):
        response = client.post(url(closed_round, name)) if name != "summary-report" else client.get(url(closed_round))
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_the_page_is_prefilled_from_the_data_for_the_officer(closed_round, client_as):
    response = client_as("vanphong").get(url(closed_round))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tập thể đăng ký thi đua" in page and "Biểu II.06a" in page and "Lưu dự thảo" in page
    assert "Tổ chức đăng ký, ký giao ước thi đua ngay từ đầu phong trào" in page  # suggested lessons
    assert "Ấp Tân Đông" in page  # awards decided


def test_wrong_roles_get_403(closed_round, client_as):
    assert client_as("canbo").get(url(closed_round)).status_code == 403
    assert client_as("noivu").get(url(closed_round)).status_code == 403
    assert client_as("chutich").post(url(closed_round), PAGE).status_code == 403
    assert client_as("chutich").post(url(closed_round, "summary-submit")).status_code == 403
    assert client_as("vanphong").post(url(closed_round, "summary-approve")).status_code == 403


def test_officer_saves_and_submits_and_chairman_approves_through_the_pages(closed_round, client_as):
    officer = client_as("vanphong")
    response = officer.post(url(closed_round), {**PAGE, "version": 0})
    assert response.status_code == 302
    report = SummaryReport.objects.get(campaign=closed_round)
    assert report.lessons == SECTIONS["lessons"] and report.assessments == SECTIONS["assessments"]
    officer.post(url(closed_round, "summary-submit"))
    client_as("chutich").post(url(closed_round, "summary-approve"), {"issued_on": "11/01/2023"})
    report = SummaryReport.objects.select_related("number").get(campaign=closed_round)
    assert report.status == SummaryStatus.APPROVED and report.number.issued_on == dt.date(2023, 1, 11)


def test_the_chairman_cannot_date_the_report_in_the_future(closed_round, client_as, officer):
    services.summary_report_save(actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=UNCHECKED)
    services.summary_report_submit(actor=officer, campaign=closed_round)
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = client_as("chutich").post(
        url(closed_round, "summary-approve"), {"issued_on": f"{tomorrow:%d/%m/%Y}"}, follow=True
    )
    assert "chưa đến" in response.content.decode()
    assert SummaryReport.objects.get(campaign=closed_round).status == SummaryStatus.SUBMITTED


def test_a_report_without_the_assessment_of_an_assessed_content_cannot_be_submitted(closed_round, officer):
    services.summary_report_save(
        expected_version=UNCHECKED,
        actor=officer,
        campaign=closed_round,
        sections={**SECTIONS, "assessments": {"1": "Đã chỉ đạo."}},
    )
    with pytest.raises(ValidationError) as error:
        services.summary_report_submit(actor=officer, campaign=closed_round)
    assert "đánh giá Nội dung 3" in error.value.messages[0] and "Nội dung 1;" not in error.value.messages[0]


def test_the_page_tells_the_officer_what_is_missing_before_the_report_is_printed(closed_round, client_as):
    page = client_as("vanphong").get(url(closed_round)).content.decode()
    assert "Cần hoàn thiện trước khi in báo cáo" in page
    assert "Nội dung 2 – Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn: chưa có số liệu" in page
    assert "Nội dung 1: chưa ghi kết quả đánh giá" in page


def test_a_stale_form_keeps_the_typed_text_and_says_why(closed_round, client_as, officer):
    services.summary_report_save(actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=UNCHECKED)
    services.summary_report_save(actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=1)
    response = client_as("vanphong").post(url(closed_round), {**PAGE, "effects": "Văn bản tôi vừa gõ", "version": 1})
    page = response.content.decode()
    assert response.status_code == 200 and "Người khác vừa lưu thay đổi" in page and "Văn bản tôi vừa gõ" in page


def test_chairman_home_page_asks_for_the_submitted_report_and_forgets_it_once_approved(closed_round, officer, chairman):
    from rewards.home import rewards_home_tasks

    def report_tasks(user):
        return [t for t in rewards_home_tasks(user) if "Báo cáo tổng kết" in t.text]

    services.summary_report_save(actor=officer, campaign=closed_round, sections=SECTIONS, expected_version=UNCHECKED)
    assert report_tasks(chairman) == []
    services.summary_report_submit(actor=officer, campaign=closed_round)
    (task,) = report_tasks(chairman)
    assert task.url == url(closed_round)
    assert report_tasks(officer) == []
    services.summary_report_approve(actor=chairman, campaign=closed_round, issued_on=dt.date(2023, 1, 12))
    assert report_tasks(chairman) == []
