"""Journey (issue 6): a unit head registers the unit and nominates a colleague; the officer returns the
nomination with a reason; the unit head completes and resubmits it; the officer accepts it; the council
secretary opens the meeting, records the paper ballot and the minutes, and closes the meeting."""

from __future__ import annotations

import re

import pytest

from campaigns import services as campaign_services
from campaigns.models import AwardForm, Person, Registration, Sex, Unit
from demo.rewards import XA, ensure_config, ensure_council
from kpi.services import dossier_import_from_path
from rewards.models import CouncilMeeting, MeetingStatus, Nomination, NominationStatus
from tanbinh_portal.optimistic import UNCHECKED
from tests.kpi.conftest import row, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

UNIT = "Hội Nông dân xã"  # headed by canbo, not registered in the demo
COLLEAGUE = "Lâm Văn Phú"
RETURN_REASON = "Bổ sung số hồ sơ đất đai đã giải quyết trong năm."


@pytest.fixture
def round_ready(demo, users, tmp_path):
    """The award round configured (council of nine, quotas, rules) and a colleague of canbo's unit who
    registered and handled twenty dossiers on time, so that the nomination is eligible."""
    campaign, officer = demo["campaign"], users["vanphong"]
    ensure_council(campaign, officer)
    ensure_config(campaign, officer)
    unit = Unit.objects.get(name=UNIT)
    colleague = campaign_services.person_save(
        actor=officer,
        commune=campaign.commune,
        data={
            "full_name": COLLEAGUE,
            "position": "Ủy viên Ban Chấp hành Hội Nông dân xã",
            "unit": unit,
            "sex": Sex.MALE,
        },
        expected_version=UNCHECKED,
    )
    criterion = campaign.criteria.get(order=2)
    campaign_services.registration_submit(
        actor=officer,
        campaign=campaign,
        person=colleague,
        commitments=[(criterion, "")],
        commitment_text="Đúng hạn.",
        expected_version=UNCHECKED,
    )
    rows = [row(f"TB-DC-{i:03d}", **{"Lĩnh vực": "Đất đai", "Cán bộ xử lý": COLLEAGUE}) for i in range(20)]
    path = write_csv(tmp_path / "so-dat-dai.csv", rows)
    dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    return campaign


def test_unit_head_nominates_officer_returns_unit_head_resubmits_council_votes(
    round_ready, live_server, page, login, shot
):
    campaign = round_ready
    page.on("dialog", lambda dialog: dialog.accept())  # the portal's "are you sure?" prompts

    # The unit head registers the unit.
    login("canbo")
    page.click("text=Đăng ký thi đua")
    page.click("text=Đăng ký cho tập thể")
    page.check("input[name^=commit_] >> nth=1")
    page.fill("textarea[name=commitment_text]", "Tập thể cam kết giải quyết hồ sơ đất đai đúng hạn.")
    page.click("button[type=submit]:has-text('Đăng ký thi đua')")
    assert f"Đã ghi nhận đăng ký thi đua của {UNIT}" in page.content()
    assert Registration.objects.filter(campaign=campaign, unit__name=UNIT).exists()
    shot("nomination-01-unit-registered")

    # ... and nominates a colleague.
    page.goto(f"{live_server.url}/khen-thuong/{campaign.slug}/de-nghi/")
    page.click("text=Lập đề nghị mới")
    page.select_option("#id_award_form", value=str(AwardForm.objects.get(code=XA).pk))
    colleague = Person.objects.get(full_name=COLLEAGUE)
    page.select_option("#id_nominee", value=f"person:{colleague.pk}")
    page.fill("#id_profile", f"{COLLEAGUE}, công chức Địa chính – Xây dựng.")
    page.fill("#id_achievements", "Giải quyết đúng hạn toàn bộ hồ sơ đất đai được giao.")
    shot("nomination-02-form")
    page.click("button[type=submit]:has-text('Lưu dự thảo')")
    page.wait_for_url(re.compile(r"/de-nghi/\d+/$"))
    nomination_url = page.url
    page.click("button:has-text('Gửi đề nghị')")
    assert "minh chứng đã được chốt" in page.content()
    nomination = Nomination.objects.get(campaign=campaign, person__full_name=COLLEAGUE)
    assert nomination.status == NominationStatus.SUBMITTED
    shot("nomination-03-submitted")

    # The officer returns it with a reason.
    login("vanphong")
    page.goto(nomination_url)
    page.locator("form", has=page.locator("button:has-text('Trả lại để bổ sung')")).locator("textarea").fill(
        RETURN_REASON
    )
    page.click("button:has-text('Trả lại để bổ sung')")
    assert "Đã trả lại đề nghị để bổ sung." in page.content()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED and nomination.return_reason == RETURN_REASON

    # The unit head reads the reason, completes the report and resubmits.
    login("canbo")
    page.goto(nomination_url)
    assert RETURN_REASON in page.locator(".alert-warning").inner_text()
    shot("nomination-04-returned")
    page.click("text=Sửa báo cáo")
    page.fill("#id_achievements", "Giải quyết đúng hạn 20/20 hồ sơ đất đai được giao trong năm 2022.")
    page.click("button[type=submit]:has-text('Lưu dự thảo')")
    assert "Đã lưu báo cáo thành tích." in page.content()
    page.click("button:has-text('Gửi đề nghị')")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.achievements.startswith("Giải quyết đúng hạn 20/20")

    # The officer accepts it for the council.
    login("vanphong")
    page.goto(nomination_url)
    page.click("button:has-text('Tiếp nhận, trình Hội đồng')")
    assert "Đã tiếp nhận đề nghị" in page.content()

    # The council secretary records the meeting and its paper ballot.
    login("hoidong")
    page.goto(f"{live_server.url}/khen-thuong/{campaign.slug}/hoi-dong/")
    page.click("text=Mở cuộc họp xét khen thưởng")
    page.fill("#id_held_on", "2023-01-05")
    page.fill("#id_place", "Hội trường UBND xã Tân Bình")
    page.select_option("#id_method", value="paper")
    page.fill("#id_started_at", "08:00")
    page.locator("input[name^=present_]").last.uncheck()
    page.locator("textarea[name^=opinion_]").last.fill("Đồng ý với danh sách đề nghị.")
    shot("nomination-05-meeting-form")
    page.click("button[type=submit]:has-text('Mở cuộc họp')")
    page.wait_for_url(re.compile(r"/hoi-dong/hop/\d+/$"))
    # The council elects its Ban kiểm phiếu among those present before the papers are counted.
    page.select_option("#id_head", index=3)
    page.locator("input[name=members]").nth(3).check()
    page.locator("input[name=members]").nth(4).check()
    page.click("button:has-text('Ghi Ban kiểm phiếu')")
    assert "Đã ghi Ban kiểm phiếu." in page.content() and "(Trưởng ban)" in page.content()
    ballot = page.locator("tr", has_text=COLLEAGUE)
    ballot.locator("input[name=agree]").fill("7")
    ballot.locator("input[name=disagree]").fill("1")
    ballot.locator("button:has-text('Ghi')").click()
    assert "Đã ghi kết quả kiểm phiếu." in page.content()
    assert "Thông qua" in page.locator("tr", has_text=COLLEAGUE).inner_text()
    # The minutes: the end time and the discussion (a meeting does not close without both times).
    page.fill("#id_ended_at", "10:30")
    page.fill("#id_discussion", "Các thành viên thống nhất với đề nghị khen thưởng.")
    page.click("button:has-text('Ghi biên bản')")
    assert "Đã ghi biên bản cuộc họp." in page.content()
    page.click("button:has-text('Kết thúc cuộc họp, trình Chủ tịch')")
    assert "Biên bản số 01/BB-HĐTĐKT" in page.content()
    shot("nomination-06-meeting-closed")

    meeting = CouncilMeeting.objects.get(campaign=campaign)
    assert meeting.status == MeetingStatus.CLOSED and meeting.minutes_reference == "01/BB-HĐTĐKT"
    ballot = meeting.ballots.get(nomination=nomination)
    assert (ballot.agree, ballot.disagree, ballot.invalid, ballot.passed) == (7, 1, 0, True)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PASSED
    assert page.console_errors == []
