"""The receiving level's comparison of its communes' campaign KPIs (stored values only) and its Excel file."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from campaigns.receiving import receiving_body_of
from campaigns.selectors import communes_visible_to
from campaigns.years import campaign_years, campaigns_of_year
from kpi import indicators as ind
from kpi.comparison_export import comparison_workbook
from kpi.selectors.comparison import (
    comparison_indicator,
    comparison_indicators,
    comparison_ranking,
    comparison_version,
)
from kpi.templatetags.kpi_tags import kpi_number
from tanbinh_portal.access import role_required
from tanbinh_portal.pagecache import cached_fragment
from tanbinh_portal.params import query_int, query_text
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import DISTRICT, PROVINCE
from tanbinh_portal.spreadsheets import XLSX_TYPE

RECEIVERS = (DISTRICT, PROVINCE)


def _year_choice(request) -> dict:
    communes = communes_visible_to(request.user)
    years = campaign_years(communes)
    year = query_int(request, "nam")
    if year is None or year not in years:
        year = years[0] if years else local_today().year
    return {"years": years, "year": year, "campaigns": list(campaigns_of_year(communes, year))}


def _indicator_choice(request, campaigns) -> dict:
    indicators = comparison_indicators(campaigns)
    indicator = query_text(request, "chi-so", 40)
    if indicator not in {code for code, _ in indicators}:
        indicator = indicators[0][0] if indicators else ""
    return {"indicators": indicators, "indicator": indicator}


def _choices(request) -> dict:
    choice = _year_choice(request)
    return {**choice, **_indicator_choice(request, choice["campaigns"])}


CELL_CLASSES = {True: "table-success", False: "table-danger", None: ""}


def _shown(value, is_rate: bool) -> str:
    if value is None:
        return "—"
    return f"{kpi_number(value)}%" if is_rate else kpi_number(value)


def _display(table) -> None:
    """Each month cell as (text, class), formatted here once: a hundred communes × twelve months of
    template conditionals cost more than the queries (docs/receiving.md, the measured page)."""
    for row in table.rows:
        row.display = [(_shown(value, table.is_rate), CELL_CLASSES[met]) for value, met in row.cells]
        row.value_text = _shown(row.value, table.is_rate)


@role_required(*RECEIVERS)
def comparison(request):
    """The form, the ranking and the indicator table are one cached fragment per data version (stored
    values, plans, the communes' campaigns): a hit costs the year's campaigns and one aggregate query."""
    choice = _year_choice(request)
    campaigns = choice["campaigns"]
    asked = query_text(request, "chi-so", 40)
    asked = asked if asked in ind.TARGETABLE else ""  # the key holds only catalogue codes

    def context() -> dict:
        indicators = _indicator_choice(request, campaigns)
        table = None
        if indicators["indicator"]:
            table = comparison_indicator(campaigns, indicators["indicator"], choice["year"])
            _display(table)
        return {**choice, **indicators, "ranking": comparison_ranking(campaigns), "table": table}

    version = comparison_version(campaigns)
    if version is not None:
        version = (choice["year"], ",".join(map(str, choice["years"])), asked or "-", *version)
    body = cached_fragment("kpi/_comparison_body.html", version, context)
    return render(request, "kpi/comparison.html", {"year": choice["year"], "body": body})


@role_required(*RECEIVERS)
def comparison_export(request):
    choice = _choices(request)
    body = receiving_body_of(getattr(request, "place", None))
    data = comparison_workbook(choice["campaigns"], [code for code, _ in choice["indicators"]], choice["year"], body)
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="so-sanh-cac-xa-{choice["year"]}.xlsx"'
    return response
