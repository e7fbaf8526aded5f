"""The decision form is offered only while approved nominations wait for a decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rewards.models import Decision
from rewards.services import decision_issue
from tests.rewards.helpers import ensure_award_round


@pytest.mark.with_award_round
def test_after_the_decision_the_form_is_gone_and_the_page_says_why(campaign, client_as):
    ensure_award_round(campaign)  # the demo round ends with decision 01/QĐ-UBND issued
    assert Decision.objects.filter(campaign=campaign).exists()
    html = client_as("chutich").get(reverse("rewards:approval", args=[campaign.slug])).content.decode()
    assert reverse("rewards:decision-issue", args=[campaign.slug]) not in html
    assert "đều đã có quyết định khen thưởng" in html


@pytest.mark.with_award_round
def test_issuing_again_names_the_decision_already_issued(campaign, chairman):
    ensure_award_round(campaign)
    decision = Decision.objects.filter(campaign=campaign).first()
    with pytest.raises(ValidationError) as error:
        decision_issue(actor=chairman, campaign=campaign, issued_on=dt.date(2023, 1, 20))
    assert f"số {decision.reference} đã được ban hành" in " ".join(error.value.messages)
