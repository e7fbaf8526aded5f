"""Reads for the one-stop desk and the ratings pages: a dossier of the user's commune, the desk's
list, and the ratings of a campaign's period per procedure and per officer (the one set of
``kpi.ratings``), aggregated in SQL."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from campaigns.models import Campaign
from campaigns.selectors import commune_for
from kpi import indicators as ind
from kpi import ratings
from kpi.models import CitizenRating, Dossier, Rating, RatingReason, RatingTicket
from kpi.periods import period_bounds

DESK_LIST_SIZE = 30
GROUPS = {"procedure": "procedure_name", "receiver": "receiver", "handler": "handler"}


def dossier_get_for(user, pk: int) -> Dossier:
    """A dossier of the user's commune; another commune's answers like a missing one (404)."""
    commune = commune_for(user)
    dossier = Dossier.objects.select_related("commune").filter(pk=pk, commune=commune).first() if commune else None
    if dossier is None:
        raise Http404("Không có hồ sơ này.")
    return dossier


def rating_ticket_of(dossier: Dossier) -> RatingTicket | None:
    return RatingTicket.objects.filter(dossier=dossier).first()


def desk_dossiers(user, *, code: str = "") -> QuerySet[Dossier]:
    """The commune's latest received dossiers (or those whose code contains ``code``), newest first,
    each with ``has_ticket``. Not their ratings: the clerk who served a citizen does not see how that
    citizen rated (``desk_rating_totals`` gives the desk its totals; per dossier: the officer's
    drill-down and the ratings page)."""
    commune = commune_for(user)
    queryset = Dossier.objects.filter(commune=commune) if commune else Dossier.objects.none()
    if code:
        queryset = queryset.filter(code__icontains=code)
    queryset = queryset.annotate(has_ticket=Exists(RatingTicket.objects.filter(dossier=OuterRef("pk"))))
    return queryset.order_by("-received_at", "-code")[:DESK_LIST_SIZE]


def desk_rating_totals(user, *, since: dt.date) -> dict:
    """The commune's portal ratings given since ``since``: totals per level, nothing per dossier."""
    commune = commune_for(user)
    rows = (
        CitizenRating.objects.filter(commune=commune, created_at__date__gte=since)
        if commune
        else CitizenRating.objects.none()
    )
    totals = rows.aggregate(
        total=Count("id"),
        very_satisfied=Count("id", filter=Q(level=Rating.VERY_SATISFIED)),
        satisfied=Count("id", filter=Q(level=Rating.SATISFIED)),
        dissatisfied=Count("id", filter=Q(level=Rating.DISSATISFIED)),
    )
    return {"since": since, **totals}


def _shown(bounds) -> tuple[Q, Q]:
    """(the ratings the page shows, those the KPI formula counts) for a period, as ``Q`` on ``Dossier``.

    The formula (docs/kpi.md, "Ratings: one set") counts the ratings of dossiers *resolved* in the
    period: the denominator of the dissatisfaction rates. The page shows those and also every other
    rating of the period, so that a "Không hài lòng" on a dossier still in process (or never resolved)
    is seen: a portal rating given in the period, an imported rating of a dossier received in it.
    """
    start, end = bounds
    counted = ind.COUNTS["resolved"](start, end)
    rated_in_period = Q(citizen_rating__created_at__date__gte=start, citizen_rating__created_at__date__lte=end)
    imported_in_period = ratings.IMPORTED & Q(received_date__gte=start, received_date__lte=end)
    return counted | rated_in_period | imported_in_period, counted


def _group_counts(base: QuerySet, column: str, counted: Q) -> list[dict]:
    rows = (
        base.exclude(**{column: ""})
        .values(column)
        .annotate(
            resolved=Count("id", filter=counted),
            rated=Count("id", filter=ratings.RATED),
            portal=Count("id", filter=ratings.PORTAL),
            very_satisfied=Count("id", filter=ratings.level_is(Rating.VERY_SATISFIED)),
            satisfied=Count("id", filter=ratings.level_is(Rating.SATISFIED)),
            dissatisfied=Count("id", filter=ratings.DISSATISFIED),
            harassment=Count("id", filter=ratings.HARASSMENT),
            counted_rated=Count("id", filter=counted & ratings.RATED),
            counted_dissatisfied=Count("id", filter=counted & ratings.DISSATISFIED),
        )
        .order_by("-resolved", "-rated", column)
    )
    return [{"name": row.pop(column), **row} for row in rows]


def ratings_overview(campaign: Campaign, period: str) -> dict:
    """Every rating of the period (resolved dossiers, and ratings of dossiers not resolved in it) per
    procedure, per receiving and per handling officer, with how many the KPI formula counts (those
    of dossiers resolved in the period); one query per table."""
    bounds = period_bounds(campaign, period)
    if bounds is None:
        raise Http404("Không có kỳ này.")
    shown, counted = _shown(bounds)
    base = Dossier.objects.filter(commune_id=campaign.commune_id).filter(shown)
    return {
        "period": period,
        "groups": {name: _group_counts(base, column, counted) for name, column in GROUPS.items()},
        "bounds": bounds,
    }


def rating_comments(campaign: Campaign, period: str) -> list[dict]:
    """Every "Không hài lòng" given on the portal in the period (or on a dossier resolved in it), with
    its reasons and what the citizen typed, and whether the KPI formula counts it (its dossier was
    resolved in the period): for the officer (VP) and the chairman (CT) only. No citizen name exists."""
    bounds = period_bounds(campaign, period)
    if bounds is None:
        raise Http404("Không có kỳ này.")
    labels = dict(RatingReason.choices)
    shown, counted = _shown(bounds)
    dossiers = Dossier.objects.filter(commune_id=campaign.commune_id)
    counted_ids = set(dossiers.filter(counted, citizen_rating__level=Rating.DISSATISFIED).values_list("id", flat=True))
    rows = (
        CitizenRating.objects.filter(commune_id=campaign.commune_id, dossier__in=dossiers.filter(shown))
        .filter(level=Rating.DISSATISFIED)
        .select_related("dossier")
        .order_by("-created_at")
    )
    return [
        {
            "created_at": r.replaced_at or r.created_at,
            "procedure": r.dossier.procedure_name,
            "code": r.dossier.code,
            "receiver": r.dossier.receiver,
            "handler": r.dossier.handler,
            "reasons": [labels.get(code, code) for code in r.reasons],
            "comment": r.comment,
            "counted": r.dossier_id in counted_ids,
            "status": r.dossier.get_status_display(),
        }
        for r in rows
    ]
