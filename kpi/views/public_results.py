"""The public results page of a commune's campaign (no login): stored values only, cached, printable."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from kpi import dashboard as dash
from kpi.selectors import public_campaign, public_results_data
from tanbinh_portal.pagecache import cached_fragment
from tanbinh_portal.scoping import all_communes, commune_scope


@require_GET
@cache_control(public=True, max_age=300)
def results_page(request, commune: str, slug: str):
    # Nobody is logged in: the campaign is found by the commune and slug its address names (a draft
    # answers 404), then the page works in that commune alone.
    with all_communes():
        campaign = public_campaign(commune, slug)
    with commune_scope(campaign.commune_id):
        return _results_page(request, campaign)


def _results_page(request, campaign):
    # The same stored values as the dashboard, cached under the same data version (a recompute or a
    # plan change shows at once; the browser and proxies may keep the page five minutes).
    body = cached_fragment(
        "kpi/_public_results_body.html",
        dash.dashboard_version(campaign),
        lambda: public_results_data(campaign),
        includes=["kpi/_form_06a.html"],
    )
    return render(request, "kpi/public_results.html", {"campaign": campaign, "body": body})
