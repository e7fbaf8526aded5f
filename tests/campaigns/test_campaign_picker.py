"""After a 2023 launch the 2022 dashboard, plan and award round stay one click away."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus

OLD = "tan-binh-cchc-2022"


@pytest.fixture
def launched_2023(draft_campaign):
    # Launching needs a complete ten-criterion plan; this test is about navigation only.
    Campaign.objects.filter(pk=draft_campaign.pk).update(status=CampaignStatus.LAUNCHED, launched_at=timezone.now())
    return draft_campaign


@pytest.mark.parametrize(
    ("username", "url_name"),
    [("chutich", "kpi:dashboard"), ("canbo", "campaigns:campaign-detail"), ("vanphong", "rewards:nomination-list")],
)
def test_the_2022_pages_are_linked_from_the_2023_ones(launched_2023, client_as, username, url_name):
    client = client_as(username)
    html = client.get(reverse(url_name, args=[launched_2023.slug])).content.decode()
    assert f'href="{reverse(url_name, args=[OLD])}"' in html and "Năm 2022" in html
    assert 'aria-current="page"' in html and 'aria-label="Chọn phong trào thi đua"' in html


def test_the_menu_lands_on_the_latest_campaign_and_offers_the_older_one(launched_2023, client_as):
    client = client_as("chutich")
    response = client.get(reverse("kpi:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("kpi:dashboard", args=[launched_2023.slug])
    assert reverse("kpi:dashboard", args=[OLD]) in response.content.decode()


def test_a_single_campaign_shows_no_picker(campaign, client_as):
    html = client_as("chutich").get(reverse("kpi:dashboard", args=[campaign.slug])).content.decode()
    assert "Chọn phong trào thi đua" not in html


def test_staff_are_not_offered_a_draft_plan(draft_campaign, client_as):
    html = client_as("canbo").get(reverse("campaigns:campaign-detail", args=[OLD])).content.decode()
    assert reverse("campaigns:campaign-detail", args=[draft_campaign.slug]) not in html
