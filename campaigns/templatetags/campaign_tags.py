"""``{% campaign_picker campaign "kpi:dashboard" %}``: the same page for another campaign.

After a 2023 launch the menu lands on 2023; this keeps the 2022 dashboard, plan and award round one
click away instead of reachable only by typing the address."""

from __future__ import annotations

from collections import Counter

from django import template
from django.urls import reverse

from campaigns.models import CampaignStatus
from campaigns.selectors import campaign_day, campaign_list_for

register = template.Library()


@register.inclusion_tag("campaigns/_campaign_picker.html", takes_context=True)
def campaign_picker(context, campaign, url_name: str, launched_only: bool = False) -> dict:
    request = context.get("request")
    if request is None:
        return {"choices": []}
    campaigns = campaign_list_for(request.user).select_related(None).only("slug", "title", "start_date", "status")
    if launched_only:
        campaigns = campaigns.exclude(status=CampaignStatus.DRAFT)
    campaigns = list(campaigns)
    years = Counter(c.start_date.year for c in campaigns)
    choices = [
        {
            "url": reverse(url_name, args=[c.slug]),
            "label": f"Năm {c.start_date.year}" if years[c.start_date.year] == 1 else _short(c),
            "title": f"{c.title} ({c.get_status_display().lower()})",
            "current": c.pk == campaign.pk,
        }
        for c in campaigns
    ]
    return {"choices": choices if len(choices) > 1 else []}


def _short(campaign) -> str:
    words = campaign.title.split()
    text = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
    return f"Năm {campaign.start_date.year}: {text}"


@register.filter
def name_in(unit, campaign) -> str:
    """``{{ unit|name_in:campaign }}``: the unit's name on the day the campaign's pages speak of (``Unit.name_on``
    :func:`~campaigns.selectors.campaign_day`), so a 2022 page keeps the one-stop desk's 2022 name."""
    if unit is None:
        return ""
    return unit.name_on(campaign_day(campaign))
