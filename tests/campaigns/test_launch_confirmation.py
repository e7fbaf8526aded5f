"""Launching a plan shows what is missing and asks for confirmation; months ask before submit and lock."""

from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus
from tests.campaigns.test_services_plan import _complete


def test_launching_lists_what_is_missing_and_launches_only_once_confirmed(draft_campaign, officer, client_as):
    _complete(draft_campaign, officer)
    url = reverse("campaigns:campaign-launch", args=[draft_campaign.slug])
    chairman = client_as("chutich")
    response = chairman.post(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kế hoạch còn thiếu" in page and "chưa đặt hạn đăng ký thi đua" in page
    assert "chưa có phần tổ chức thực hiện" in page and "Kế hoạch có 1 nội dung thi đua" in page
    assert Campaign.objects.get(pk=draft_campaign.pk).status == CampaignStatus.DRAFT
    response = chairman.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    assert Campaign.objects.get(pk=draft_campaign.pk).status == CampaignStatus.LAUNCHED


def test_an_incomplete_plan_shows_why_and_offers_no_launch_button(draft_campaign, client_as):
    page = client_as("chutich").post(reverse("campaigns:campaign-launch", args=[draft_campaign.slug])).content.decode()
    assert "Chưa thể phát động" in page and "chưa có nội dung thi đua" in page
    assert 'name="confirmed"' not in page
    page = (
        client_as("chutich")
        .post(reverse("campaigns:campaign-launch", args=[draft_campaign.slug]), {"confirmed": "1"}, follow=True)
        .content.decode()
    )
    assert "Chưa thể phát động" in page
    assert Campaign.objects.get(pk=draft_campaign.pk).status == CampaignStatus.DRAFT


def test_submitting_and_locking_a_month_ask_for_confirmation(campaign, client_as):
    from kpi.services import monthly_report_submit

    url = reverse("kpi:monthly-edit", args=[campaign.slug, "2022-03"])
    officer = client_as("vanphong")
    officer.post(url, {"e_documents": "3", "version": "0"})
    page = officer.get(url).content.decode()
    assert 'data-confirm="Gửi số liệu tháng 03/2022 lên lãnh đạo UBND xã?' in page
    from django.contrib.auth.models import User

    monthly_report_submit(actor=User.objects.get(username="vanphong"), campaign=campaign, month="2022-03")
    page = client_as("chutich").get(url).content.decode()
    assert 'data-confirm="Khóa số liệu tháng 03/2022?' in page
