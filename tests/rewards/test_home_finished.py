"""Tasks of a finished (summarised) campaign leave the home pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus
from rewards.models import Nomination, NominationStatus
from tests.rewards.helpers import ensure_award_round


@pytest.mark.with_award_round
def test_a_summarised_campaign_leaves_no_task_on_the_chairmans_home(campaign, client_as):
    ensure_award_round(campaign)
    left = Nomination.objects.filter(
        campaign=campaign, status=NominationStatus.SUBMITTED, is_eligible=False, override_reason=""
    )
    assert left.exists()  # the demo round leaves one ineligible nomination nobody took up
    client = client_as("chutich")
    assert "chưa đủ điều kiện chờ Chủ tịch xem xét" in client.get(reverse("home")).content.decode()
    now = timezone.now()
    # Closing and summarising need the whole round's documents; only the status matters here.
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.SUMMARISED, closed_at=now, summarised_at=now)
    assert "chưa đủ điều kiện chờ Chủ tịch xem xét" not in client.get(reverse("home")).content.decode()
