"""The receiving level's comparison of its communes: each commune's campaign of a year, its measured
targets against the stored values (``IndicatorValue``, scope "commune"; nothing is recomputed),
month by month, ranked.

Two reads, both aggregated in SQL:

- :func:`comparison_ranking`: per campaign, how many threshold targets (≥ > ≤ <) have a stored value
  for the whole campaign and how many of those are met (one query: the value is a subquery per
  target, "met" a ``CASE`` on the comparator, counted per campaign). Ranked by the share of targets
  met, then by the number met; equal communes share a rank. A target "nâng cao so với cùng kỳ năm
  trước" needs the previous year and is judged on the commune's own dashboard, not here.
- :func:`comparison_indicator`: one indicator's month values for every campaign (one query for the
  values, one for the targets), ranked by the whole-campaign value in the direction its target wants
  (higher for ≥ and >, lower for ≤ and <).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value, When

from campaigns.models import Campaign, CriterionTarget
from campaigns.plan_revision import plan_revision
from kpi import indicators as ind
from kpi.models import IndicatorValue
from kpi.periods import CAMPAIGN
from tanbinh_portal.comparators import Comparator, meets

THRESHOLDS = (Comparator.GTE, Comparator.GT, Comparator.LTE, Comparator.LT)
LOWER_IS_BETTER = (Comparator.LTE, Comparator.LT)


def comparison_version(campaigns: list[Campaign]) -> tuple | None:
    """What the comparison of ``campaigns`` shows depends on, cheaply (1 query): each campaign with its
    commune's name, title and plan revision (targets, the plan; read with the campaigns, no query), and
    the stored commune values' latest ``computed_at`` and count (every recompute stamps the rows it
    changes, a deletion lowers the count). None: some campaign has no plan revision, nothing is cached."""
    parts = []
    for campaign in campaigns:
        revision = plan_revision(campaign)
        if revision is None:
            return None
        parts.append(
            f"{campaign.pk}/{campaign.slug}/{campaign.status}/{revision}/{campaign.commune.name}/{campaign.title}"
        )
    stored = IndicatorValue.objects.filter(campaign__in=campaigns, scope="commune").aggregate(
        latest=Max("computed_at"), rows=Count("id")
    )
    latest = stored["latest"].isoformat() if stored["latest"] else "-"
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()
    return (len(campaigns), digest, latest, stored["rows"])


def months_of(year: int) -> list[str]:
    return [f"{year}-{month:02d}" for month in range(1, 13)]


@dataclass
class RankRow:
    campaign: Campaign
    total: int  # measured targets of the plan
    judged: int  # threshold targets with a whole-campaign value
    met: int
    rank: int | None = None  # None: no target judged yet (no whole-campaign value), listed last

    @property
    def share(self) -> Decimal | None:
        return None if not self.judged else (Decimal(self.met) * 100 / Decimal(self.judged)).quantize(Decimal("0.01"))


@dataclass
class IndicatorRow:
    campaign: Campaign
    target: CriterionTarget | None
    months: list[Decimal | None]
    value: Decimal | None  # the whole campaign
    rank: int | None = None
    month_met: list[bool | None] = field(default_factory=list)

    @property
    def met(self) -> bool | None:
        return _judge(self.target, self.value)

    @property
    def cells(self) -> list[tuple[Decimal | None, bool | None]]:
        """(value, met) of each month."""
        return list(zip(self.months, self.month_met, strict=True))


@dataclass
class IndicatorComparison:
    indicator: str
    label: str
    is_rate: bool
    months: list[str]
    rows: list[IndicatorRow]


def _judge(target: CriterionTarget | None, value: Decimal | None) -> bool | None:
    if target is None or value is None or target.comparator not in THRESHOLDS:
        return None
    return meets(target.comparator, value, target.target)


def _met_case() -> Case:
    target = F("target")
    return Case(
        When(Q(comparator=Comparator.GTE, campaign_value__gte=target), then=Value(1)),
        When(Q(comparator=Comparator.GT, campaign_value__gt=target), then=Value(1)),
        When(Q(comparator=Comparator.LTE, campaign_value__lte=target), then=Value(1)),
        When(Q(comparator=Comparator.LT, campaign_value__lt=target), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _campaign_value() -> Subquery:
    return Subquery(
        IndicatorValue.objects.filter(
            campaign_id=OuterRef("criterion__campaign_id"),
            indicator=OuterRef("indicator"),
            scope="commune",
            period=CAMPAIGN,
        ).values("value")[:1],
        output_field=DecimalField(max_digits=14, decimal_places=6),
    )


def comparison_ranking(campaigns: list[Campaign]) -> list[RankRow]:
    """Every campaign with its targets met, ranked (see the module). One query."""
    counts = {
        row["criterion__campaign_id"]: row
        for row in CriterionTarget.objects.filter(criterion__campaign__in=campaigns, criterion__kind="measured")
        .annotate(campaign_value=_campaign_value())
        .annotate(met_flag=_met_case())
        .values("criterion__campaign_id")
        .annotate(
            total=Count("id"),
            judged=Count("id", filter=Q(comparator__in=THRESHOLDS, campaign_value__isnull=False)),
            met=Sum("met_flag", filter=Q(comparator__in=THRESHOLDS, campaign_value__isnull=False)),
        )
        .order_by()
    }
    rows = [
        RankRow(
            campaign,
            counts.get(campaign.pk, {}).get("total") or 0,
            counts.get(campaign.pk, {}).get("judged") or 0,
            counts.get(campaign.pk, {}).get("met") or 0,
        )
        for campaign in campaigns
    ]

    def key(row: RankRow) -> tuple:
        return (-(row.share if row.share is not None else Decimal(-1)), -row.met)

    rows.sort(key=lambda row: (*key(row), row.campaign.commune.name))
    for index, row in enumerate(rows):
        if row.share is None:
            continue
        row.rank = rows[index - 1].rank if index and key(rows[index - 1]) == key(row) else index + 1
    return rows


def comparison_indicators(campaigns: list[Campaign]) -> list[tuple[str, str]]:
    """The indicators some campaign sets a measured target on, [(code, label)], in the catalogue's order
    (monthly figures of a plan have labels of their own and are compared within the commune only)."""
    codes = set(
        CriterionTarget.objects.filter(criterion__campaign__in=campaigns, criterion__kind="measured")
        .values_list("indicator", flat=True)
        .distinct()
    )
    return [(code, ind.label_of(code)) for code in ind.TARGETABLE if code in codes]


def comparison_indicator(campaigns: list[Campaign], indicator: str, year: int) -> IndicatorComparison:
    """One indicator, month by month, for every campaign, ranked by the whole campaign's value. Two queries."""
    months = months_of(year)
    stored: dict[int, dict[str, Decimal | None]] = {}
    for campaign_id, period, value in IndicatorValue.objects.filter(
        campaign__in=campaigns, indicator=indicator, scope="commune", period__in=[*months, CAMPAIGN]
    ).values_list("campaign_id", "period", "value"):
        stored.setdefault(campaign_id, {})[period] = value
    targets = {
        target.criterion.campaign_id: target
        for target in CriterionTarget.objects.filter(
            criterion__campaign__in=campaigns, criterion__kind="measured", indicator=indicator
        ).select_related("criterion")
    }
    rows = []
    for campaign in campaigns:
        values = stored.get(campaign.pk, {})
        target = targets.get(campaign.pk)
        series = [values.get(month) for month in months]
        rows.append(
            IndicatorRow(
                campaign,
                target,
                series,
                values.get(CAMPAIGN),
                month_met=[_judge(target, value) for value in series],
            )
        )
    _rank_by_value(rows)
    return IndicatorComparison(indicator, ind.label_of(indicator), ind.is_rate(indicator), months, rows)


def _rank_by_value(rows: list[IndicatorRow]) -> None:
    """Rank by the whole campaign's value, best first; rows without a value come last, unranked."""
    comparators = [row.target.comparator for row in rows if row.target is not None]
    lower_better = bool(comparators) and comparators[0] in LOWER_IS_BETTER
    valued = [row for row in rows if row.value is not None]
    valued.sort(key=lambda row: (row.value if lower_better else -row.value, row.campaign.commune.name))
    for index, row in enumerate(valued):
        row.rank = valued[index - 1].rank if index and valued[index - 1].value == row.value else index + 1
    rest = sorted((row for row in rows if row.value is None), key=lambda row: row.campaign.commune.name)
    rows[:] = [*valued, *rest]
