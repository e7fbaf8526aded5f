"""Dashboard, scope tables, drill-down and the Excel export: stored values only (drill-down aside)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from campaigns.models import Campaign, CampaignStatus
from campaigns.selectors import campaign_get_for, communes_visible_to
from kpi import dashboard as dash
from kpi import indicators as ind
from kpi.drilldown import DRILL_COLUMNS, drill_dossiers, drill_row
from kpi.exports import dashboard_workbook
from kpi.periods import CAMPAIGN, campaign_periods, period_label
from kpi.selectors import SCOPE_LABELS
from kpi.year_comparison import commune_campaigns
from tanbinh_portal.access import role_required
from tanbinh_portal.pagecache import cached_fragment
from tanbinh_portal.roles import CHAIRMAN, COUNCIL, OFFICER, ONE_STOP, RECEIVERS, VICE_CHAIRMAN, has_role
from tanbinh_portal.spreadsheets import Column, Sheet, commune_heading, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READERS = (CHAIRMAN, VICE_CHAIRMAN, OFFICER, COUNCIL, ONE_STOP)
# The receiving level reads the dashboards of the communes it sees (the comparison's drill-down), and
# writes nothing: the monthly figures and the imports stay the commune's (campaign_get_for scopes it).
DASHBOARD_READERS = (*READERS, *RECEIVERS)


def _campaign(request, slug: str) -> Campaign:
    """The campaign a dashboard page shows; for the receiving level only one of a commune it sees (another
    district's answers 404, like a missing one)."""
    campaign = campaign_get_for(request.user, slug)
    if (
        has_role(request.user, *RECEIVERS)
        and not communes_visible_to(request.user).filter(pk=campaign.commune_id).exists()
    ):
        raise Http404("Không có phong trào này.")
    return campaign


def _period(request, campaign) -> str:
    period = request.GET.get("period", CAMPAIGN)
    return period if period in {p for p, _, _ in campaign_periods(campaign)} else CAMPAIGN


def _period_choices(campaign) -> list[tuple[str, str]]:
    return [(p, period_label(p)) for p, _, _ in campaign_periods(campaign)]


@role_required(*READERS)
def dashboard_index(request):
    """The dashboard of the latest launched campaign (the menu entry has no campaign in its URL)."""
    campaign = Campaign.objects.exclude(status=CampaignStatus.DRAFT).order_by("-start_date").first()
    if campaign is None:
        return render(request, "kpi/dashboard_empty.html")
    return redirect("kpi:dashboard", campaign.slug)


@role_required(*DASHBOARD_READERS)
def dashboard(request, slug: str):
    campaign = _campaign(request, slug)

    def context() -> dict:
        data = dash.dashboard_data(campaign)
        return {"campaign": campaign, **data, "columns_06a": ind.FORM_06A, "chart_data": {"charts": data["charts"]}}

    # The same for every reader (rendered without the request): cached until a value or the plan changes.
    body = cached_fragment(
        "kpi/_dashboard_body.html", dash.dashboard_version(campaign), context, includes=["kpi/_form_06a.html"]
    )
    campaigns = commune_campaigns(campaign)  # outside the cached body: a new campaign shows at once
    return render(
        request, "kpi/dashboard_detail.html", {"campaign": campaign, "body": body, "commune_campaigns": campaigns}
    )


def _scope_page(request, slug: str, scopes: list[str], title: str):
    campaign = _campaign(request, slug)
    period = _period(request, campaign)
    context = {
        "campaign": campaign,
        "title": title,
        "period": period,
        "period_label": period_label(period),
        "periods": _period_choices(campaign),
        "rows": dash.scope_table(campaign, scopes, period),
        "headers": [ind.label_of(i) for i in dash.SCOPE_INDICATORS],
        "scope_indicators": dash.SCOPE_INDICATORS,
        "scope_labels": SCOPE_LABELS,
        "by_field_06a": dash.form_06a_by_field(campaign, period) if "field" in scopes else None,
        "columns_06a": ind.FORM_06A,
    }
    return render(request, "kpi/scope_list.html", context)


@role_required(*DASHBOARD_READERS)
def by_field(request, slug: str):
    return _scope_page(request, slug, ["field"], "Chỉ số theo lĩnh vực")


@role_required(*DASHBOARD_READERS)
def by_officer(request, slug: str):
    return _scope_page(request, slug, ["receiver", "handler"], "Chỉ số theo cán bộ tiếp nhận, xử lý")


@role_required(*DASHBOARD_READERS)
def drilldown(request, slug: str):
    campaign = _campaign(request, slug)
    try:
        drill = drill_dossiers(
            campaign,
            indicator=request.GET.get("indicator", "on_time_rate"),
            period=_period(request, campaign),
            scope=request.GET.get("scope", "commune"),
            key=request.GET.get("key", ""),
            part=request.GET.get("part", "numerator"),
        )
    except KeyError:
        raise Http404("Không có chỉ số này.") from None
    if request.GET.get("format") == "xlsx":
        rows = (drill_row(d) for d in drill["queryset"].iterator(chunk_size=2000))
        part = "tử số" if drill["part"] == "numerator" else "mẫu số"
        heading = commune_heading(
            campaign.commune,
            f"Hồ sơ được đếm: {drill['label']} ({part}), {drill['scope_label']}",
            drill["period_label"],
        )
        columns = [Column(header, text=key == "code") for header, key in DRILL_COLUMNS]
        data = write_xlsx([Sheet("Hồ sơ", columns, rows, heading=heading)])
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="ho-so-chi-tiet.xlsx"'
        return response
    page = Paginator(drill["queryset"], 50).get_page(request.GET.get("page"))
    return render(
        request,
        "kpi/dossier_list.html",
        {"campaign": campaign, "drill": drill, "page": page, "query": request.GET.copy()},
    )


@role_required(*DASHBOARD_READERS)
def dashboard_export(request, slug: str):
    campaign = _campaign(request, slug)
    response = HttpResponse(dashboard_workbook(campaign), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="chi-so-{campaign.slug}.xlsx"'
    return response
