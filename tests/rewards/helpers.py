"""Building the demo's award round in tests, and finding its objects."""

from __future__ import annotations

from django.contrib.auth.models import User

from campaigns.models import Campaign
from rewards.demo import build_award_round
from rewards.models import Decision, Nomination


def ensure_award_round(campaign: Campaign) -> None:
    if not Decision.objects.filter(campaign=campaign).exists():
        users = {u.username: u for u in User.objects.all()}
        build_award_round(campaign, users)


def nomination_of(campaign: Campaign, name: str, code: str = "") -> Nomination:
    rows = Nomination.objects.filter(campaign=campaign)
    if code:
        rows = rows.filter(award_form__code=code)
    return (
        rows.get(**{"unit__name": name}) if rows.filter(unit__name=name).exists() else rows.get(person__full_name=name)
    )
