"""Recomputing stored indicator values from dossiers (SQL aggregates) and monthly figures."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Aggregation, Campaign, MonthlyField
from kpi import indicators as ind
from kpi import ratings
from kpi.models import CitizenRating, Dossier, IndicatorValue, MonthlyValue
from kpi.periods import CAMPAIGN, campaign_periods

# Counts that are sums or differences of disjoint aggregated counts: computed from them, not in SQL.
# The drill-down still uses each one's own Q; tests check both agree.
DERIVED = {
    "resolved_in_time": lambda c: c["resolved_early"] + c["resolved_on_time"],
    "received_direct_postal": lambda c: c["received"] - c["received_online"],
    "pending": lambda c: c["pending_in_time"] + c["pending_overdue"],
    "progress_good": lambda c: c["resolved_early"] + c["resolved_on_time"] + c["pending_in_time"],
    "progress_base": lambda c: c["resolved"] + c["pending_in_time"] + c["pending_overdue"],
}
AGGREGATED = [name for name in ind.COUNTS if name not in DERIVED]


def _fingerprint(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


def _rate_value(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator × 100, kept to 6 decimals; empty (None) when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _values_for_group(row: dict, periods, scope: str, key: str) -> list[dict]:
    digest = f"{row['fp_count']}:{row['fp_sum'] or 0}"
    out = []
    for index, (period, _, _) in enumerate(periods):
        counts = {name: int(row[f"{name}__{index}"] or 0) for name in AGGREGATED}
        counts.update({name: derive(counts) for name, derive in DERIVED.items()})
        counts = {name: counts[name] for name in ind.COUNTS}
        for name, number in counts.items():
            out.append(
                {
                    "indicator": name,
                    "period": period,
                    "scope": scope,
                    "scope_key": key,
                    "numerator": number,
                    "denominator": None,
                    "value": Decimal(number),
                    "formula_version": ind.COUNT_VERSION,
                    "fingerprint": _fingerprint(name, ind.COUNT_VERSION, period, scope, key, number, digest),
                }
            )
        for rate in ind.RATES.values():
            num, den = counts[rate.numerator], counts[rate.denominator]
            out.append(
                {
                    "indicator": rate.code,
                    "period": period,
                    "scope": scope,
                    "scope_key": key,
                    "numerator": num,
                    "denominator": den,
                    "value": _rate_value(num, den),
                    "formula_version": rate.version,
                    "fingerprint": _fingerprint(rate.code, rate.version, period, scope, key, num, den, digest),
                }
            )
    return out


# How the aggregate works (docs/kpi.md, "Computation"). Every period [s, e] is the half-open interval
# (s - 1, e] of dates, so all periods are cut by one sorted list of boundary dates b_0 < … < b_k-1:
# every s - 1 and every e (14 dates for twelve months plus a campaign starting on 02/01). Each dossier
# gets three small bucket numbers, computed in SQL:
#   r = number of boundaries before its received date   (received in (b_i, b_j]  <=>  i < r <= j)
#   x = number of boundaries before its result date, k if none   (same rule for resolved counts)
#   d = number of boundaries on or before its due date, k if none  (due < b_j  <=>  j >= d)
# and is open (pending) at the end of boundary day b_j exactly when r <= j < x. One scan groups the
# dossiers by (scope, r, x, d) with one FILTER per non-date predicate below; the few thousand
# grouped rows are then folded into the periods: a period's received/resolved counts are prefix-sum
# differences over r/x, its carried_over is "open at s - 1", its pending counts are "open at e",
# overdue when d <= j. The SQL predicates mirror the Q objects of kpi/indicators.py; a test compares
# every stored count with a direct count of its Q.
_BY_RECEIVED = {
    "received": "status NOT IN (1, 3)",
    "received_online": "status NOT IN (1, 3) AND channel = 2",
    "received_postal": "status NOT IN (1, 3) AND channel = 3",
    "received_four_on_spot": "status IN (9, 10) AND four_on_spot = %s AND result_date = received_date",
}
_BY_RESULT = {
    "resolved": "status IN (9, 10) AND result_date IS NOT NULL",
    "resolved_early": "status IN (9, 10) AND result_date < due_date",
    "resolved_on_time": "status IN (9, 10) AND result_date = due_date",
    "resolved_late": "status IN (9, 10) AND result_date > due_date",
    "resolved_rated": "status IN (9, 10) AND result_date IS NOT NULL AND rating IS NOT NULL",
    "dissatisfied_harassment": "status IN (9, 10) AND result_date IS NOT NULL AND rating = 3 AND harassment = %s",
    "dissatisfied_any": "status IN (9, 10) AND result_date IS NOT NULL AND rating = 3",
}
_OPEN = "status NOT IN (1, 3, 7)"  # pending at a boundary when also r <= j < x
# GROUPING(field, receiver, handler): a bit is set for each column left out of the grouping set.
_GROUPING_SCOPE = {7: "commune", 3: "field", 5: "receiver", 6: "handler"}


# PostgreSQL cannot estimate how few distinct (r, x, d) buckets there are (it guesses ~100,000 groups
# for ~2,000 real ones), so with the default 4 MB work_mem it sorts the million rows instead of
# hashing them (3× slower), and its JIT compiles the CASE expressions for a second. Both settings are
# transaction-local (set_config(…, true)): they end with indicators_recompute's transaction.
_PLANNER_SETTINGS = "SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)"


def _boundaries(periods) -> list[dt.date]:
    return sorted({start - dt.timedelta(days=1) for _, start, _ in periods} | {end for _, _, end in periods})


# A dossier counts in a campaign only if it was received or resolved between its first and last
# boundary, or was open at one of them: received on or before the last boundary and not resolved on
# or before the first. From the buckets: received counts need 0 < r < k, resolved counts 0 < x < k,
# open ones r <= j < x; any other dossier adds nothing to any period. The campaign's values (the
# fingerprints' digests and the scopes included) are made of these dossiers only, so a write that
# changes none of them leaves the campaign exactly as it is, and an import recomputes only the
# campaigns whose dossiers it changed (``campaigns_touched``).
_COUNTS_IN = (
    "((received_date <= %s AND (received_date > %s OR result_date IS NULL OR result_date > %s)) "
    "OR (result_date > %s AND result_date <= %s))"
)


def _counts_in_params(first: dt.date, last: dt.date) -> list[dt.date]:
    return [last, first, first, first, last]


def may_count_in(received: dt.date, earliest, latest, without: bool, first: dt.date, last: dt.date) -> bool:
    """Whether some dossier received on ``received`` and resolved between ``earliest`` and ``latest``
    (or not resolved, if ``without``) can count in a campaign whose boundary dates run from ``first``
    to ``last``: ``_COUNTS_IN`` over a day's summary. Never False when one of them counts; True for a
    summary whose results straddle (first, last] without one inside, which only recomputes more."""
    if received <= last and (received > first or without or (latest is not None and latest > first)):
        return True
    return earliest is not None and earliest <= last and latest > first


def campaign_span(campaign: Campaign) -> tuple[dt.date, dt.date]:
    """The first and last boundary dates of the campaign's periods (the day before the first starts,
    the day the last ends)."""
    bounds = _boundaries(campaign_periods(campaign))
    return bounds[0], bounds[-1]


def campaigns_touched(*, commune_id: int, days) -> list[Campaign]:
    """The commune's campaigns in which a dossier a write changed, as it was before or as it is after,
    can count. ``days``: (received date, earliest result date, latest result date, whether one has
    none) per received date of those dossiers (``kpi.importer.pipeline.ChangedDays``)."""
    spans = [(campaign, *campaign_span(campaign)) for campaign in Campaign.objects.filter(commune_id=commune_id)]
    touched = {}
    for received, earliest, latest, without in days:
        for campaign, first, last in spans:
            if campaign.pk not in touched and may_count_in(received, earliest, latest, without, first, last):
                touched[campaign.pk] = campaign
        if len(touched) == len(spans):
            break
    return [campaign for campaign, _, _ in spans if campaign.pk in touched]


def _bucket(column: str, op: str, bounds: list[dt.date]) -> tuple[str, list]:
    """``CASE`` giving the first i with ``column <op> bounds[i]``; len(bounds) when none or NULL."""
    whens = " ".join(f"WHEN {column} {op} %s THEN {i}" for i in range(len(bounds)))
    return f"CASE WHEN {column} IS NULL THEN {len(bounds)} {whens} ELSE {len(bounds)} END", list(bounds)


def _aggregate_sql(commune_id: int, bounds: list[dt.date], grouping_sets: bool) -> tuple[str, list]:
    """One statement: all scopes (GROUPING SETS on PostgreSQL, else UNION ALL) × (r, x, d).

    Only fixed column names and the CASE/FILTER text above are put into the SQL text; every value
    (dates, commune id, booleans) is a query parameter.
    """
    table = connection.ops.quote_name(Dossier._meta.db_table)
    r_sql, r_params = _bucket("received_date", "<=", bounds)
    x_sql, x_params = _bucket("result_date", "<=", bounds)
    d_sql, d_params = _bucket("due_date", "<", bounds)
    columns = "field, receiver, handler, status, channel, four_on_spot, received_date, result_date, due_date"
    buckets = f"{r_sql} AS r, {x_sql} AS x, {d_sql} AS d"
    # The rating each dossier counts with: the one set of kpi.ratings (the portal's, else the import's).
    names = {"dossiers": table, "ratings": connection.ops.quote_name(CitizenRating._meta.db_table)}
    rated = (
        f"{ratings.SQL_LEVEL.format(**names)} AS rating, {ratings.SQL_HARASSMENT.format(**names)} AS harassment, "
        f"{table}.row_hash31 + {ratings.SQL_DIGEST} AS row_hash31"
    )
    # Fixed text only (see the docstring).
    inner = (
        f"SELECT {columns}, {rated}, {buckets} FROM {table} {ratings.SQL_JOIN.format(**names)} "  # noqa: S608  # nosec B608
        f"WHERE {table}.commune_id = %s AND {_COUNTS_IN}"
    )
    inner_params = [*r_params, *x_params, *d_params, commune_id, *_counts_in_params(bounds[0], bounds[-1])]
    filters = [*_BY_RECEIVED.values(), *_BY_RESULT.values(), _OPEN]
    aggs = ", ".join(["COUNT(*)", "SUM(row_hash31)", *(f"COUNT(*) FILTER (WHERE {f})" for f in filters)])
    agg_params = [True] * sum(f.count("%s") for f in filters)
    if grouping_sets:
        # First a plain GROUP BY on the finest key (a hash aggregate: a few thousand groups), then the
        # grouping sets over those rows. Grouping sets straight over the dossiers make PostgreSQL sort
        # all of them, as it cannot estimate how few (r, x, d) values there are.
        keys = "field, receiver, handler, r, x, d"
        # Fixed text only (see the docstring).
        fine = f"SELECT {keys}, {aggs} FROM ({inner}) t GROUP BY {keys}"  # noqa: S608  # nosec B608
        named = ", ".join(f"a{i}" for i in range(len(filters) + 2))
        sums = ", ".join(f"SUM(a{i})" for i in range(len(filters) + 2))
        sets = "(r, x, d), (field, r, x, d), (receiver, r, x, d), (handler, r, x, d)"
        scope = "GROUPING(field, receiver, handler), COALESCE(field, receiver, handler, '')"
        grouped = f"({fine}) AS g ({keys}, {named}) GROUP BY GROUPING SETS ({sets})"
        # Fixed text only (see the docstring).
        sql = f"SELECT {scope}, r, x, d, {sums} FROM {grouped}"  # noqa: S608  # nosec B608
        return sql, [*agg_params, *inner_params]
    parts, params = [], []
    for code, column in ((7, "''"), (3, "field"), (5, "receiver"), (6, "handler")):
        group = "r, x, d" if column == "''" else f"{column}, r, x, d"
        # Fixed text only (see the docstring).
        parts.append(f"SELECT {code}, {column}, r, x, d, {aggs} FROM ({inner}) t GROUP BY {group}")  # noqa: S608  # nosec B608
        params += [*agg_params, *inner_params]
    return " UNION ALL ".join(parts), params


class _ScopeTotals:
    """Grouped rows of one scope key folded per bucket, then per period."""

    def __init__(self, size: int):
        self.count = 0
        self.hash_sum = 0
        self.by_received = {name: [0] * (size + 1) for name in _BY_RECEIVED}
        self.by_result = {name: [0] * (size + 1) for name in _BY_RESULT}
        self.open_at = [0] * size
        self.overdue_at = [0] * size

    def add(self, r: int, x: int, d: int, numbers: list) -> None:
        numbers = [int(number or 0) for number in numbers]  # PostgreSQL's SUM(bigint) is a numeric
        self.count += numbers[0]
        self.hash_sum += numbers[1]
        position = 2
        for name in _BY_RECEIVED:
            self.by_received[name][r] += numbers[position]
            position += 1
        for name in _BY_RESULT:
            self.by_result[name][x] += numbers[position]
            position += 1
        opened = numbers[position]
        if opened:
            for j in range(r, x):
                self.open_at[j] += opened
            for j in range(max(r, d), x):
                self.overdue_at[j] += opened

    def row(self, periods, index_of: dict) -> dict:
        """The counts in the shape ``_values_for_group`` reads: ``{"<count>__<period index>": n}``."""
        sums = {name: _prefix_sums(series) for name, series in {**self.by_received, **self.by_result}.items()}
        out = {"fp_count": self.count, "fp_sum": self.hash_sum}
        for index, (_, start, end) in enumerate(periods):
            before, last = index_of[start - dt.timedelta(days=1)], index_of[end]
            for name, cumulative in sums.items():
                out[f"{name}__{index}"] = cumulative[last] - cumulative[before]
            out[f"carried_over__{index}"] = self.open_at[before]
            out[f"pending_overdue__{index}"] = self.overdue_at[last]
            out[f"pending_in_time__{index}"] = self.open_at[last] - self.overdue_at[last]
        return out


def _prefix_sums(series: list[int]) -> list[int]:
    out, total = [], 0
    for number in series:
        total += number
        out.append(total)
    return out


def dossier_values(campaign: Campaign, *, grouping_sets: bool | None = None) -> list[dict]:
    """Every dossier-based value (commune, each lĩnh vực, each officer) from ONE aggregate query over
    the dossiers that can count in the campaign (``_COUNTS_IN``).

    ``grouping_sets`` defaults to PostgreSQL's GROUPING SETS when available; the portable form (UNION
    ALL of four GROUP BYs) gives the same rows and is what SQLite runs.
    """
    periods = campaign_periods(campaign)
    bounds = _boundaries(periods)
    index_of = {day: i for i, day in enumerate(bounds)}
    if grouping_sets is None:
        grouping_sets = connection.vendor == "postgresql"
    sql, params = _aggregate_sql(campaign.commune_id, bounds, grouping_sets)
    totals = {("commune", ""): _ScopeTotals(len(bounds))}
    with connection.cursor() as cursor:
        if grouping_sets:
            cursor.execute(_PLANNER_SETTINGS)
        cursor.execute(sql, params)
        for code, key, r, x, d, *numbers in cursor.fetchall():
            scope = _GROUPING_SCOPE[code]
            if scope != "commune" and key == "":
                continue  # rows without a name count in the commune scope only
            scope_key = (scope, "" if scope == "commune" else key)
            if scope_key not in totals:
                totals[scope_key] = _ScopeTotals(len(bounds))
            totals[scope_key].add(r, x, d, numbers)
    values = []
    for (scope, key), scope_totals in totals.items():
        values.extend(_values_for_group(scope_totals.row(periods, index_of), periods, scope, key))
    return values


def _campaign_total(series: list[tuple[str, int | None]], aggregation: str) -> int | None:
    """The campaign value of a monthly field: the sum of the entered months, or the last entered one."""
    known = [v for _, v in series if v is not None]
    if not known:
        return None
    return known[-1] if aggregation == Aggregation.LAST else sum(known)


def monthly_values(campaign: Campaign) -> list[dict]:
    """Each monthly field of the campaign as an indicator under its key: every month, then the campaign.

    The campaign value follows the field's aggregation (sum of the entered months, or the last
    entered month); months without a value stay empty. Inactive fields keep their stored months so
    their history still shows. Version ``MONTHLY_VERSION``.
    """
    fields = list(MonthlyField.objects.filter(campaign=campaign).values_list("key", "aggregation"))
    entered = {}
    for value in MonthlyValue.objects.filter(
        report__campaign=campaign, key__in=[key for key, _ in fields], value__isnull=False
    ).values("report__month", "key", "value"):
        entered[(value["key"], value["report__month"])] = value["value"]
    out = []
    months = [p for p, _, _ in campaign_periods(campaign) if p != CAMPAIGN]
    for key, aggregation in fields:
        series = [(m, entered.get((key, m))) for m in months]
        series.append((CAMPAIGN, _campaign_total(series, aggregation)))
        for period, number in series:
            out.append(
                {
                    "indicator": key,
                    "period": period,
                    "scope": "commune",
                    "scope_key": "",
                    "numerator": number,
                    "denominator": None,
                    "value": None if number is None else Decimal(number),
                    "formula_version": ind.MONTHLY_VERSION,
                    "fingerprint": _fingerprint(key, ind.MONTHLY_VERSION, aggregation, period, number),
                }
            )
    return out


FIELDS = ("numerator", "denominator", "value", "formula_version", "fingerprint")


def _update_rows(rows: list[IndicatorValue], now) -> None:
    """Write changed rows. After an import nearly every row changes (the commune's input digest is in
    each fingerprint): on PostgreSQL one ``UPDATE … FROM unnest(arrays)`` per 5,000 rows, as Django's
    ``bulk_update`` (a CASE per field with one branch per row) took 15 s for 6,000 rows."""
    if connection.vendor != "postgresql":
        IndicatorValue.objects.bulk_update(rows, [*FIELDS, "computed_at"], batch_size=500)
        return
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    columns = "numerator = u.numerator, denominator = u.denominator, value = u.value, "
    columns += "formula_version = u.formula_version, fingerprint = u.fingerprint, computed_at = %s"
    arrays = "unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::numeric[], %s::text[], %s::text[])"
    # Fixed text only: the table name comes from the model, every value is a parameter.
    sql = f"UPDATE {table} AS v SET {columns} FROM {arrays} AS u (id, {', '.join(FIELDS)}) WHERE v.id = u.id"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            batch = rows[start : start + 5000]
            params = [now, [row.pk for row in batch]]
            params += [[getattr(row, name) for row in batch] for name in FIELDS]
            cursor.execute(sql, params)


@transaction.atomic
def indicators_recompute(*, campaign: Campaign) -> dict[str, int]:
    """Bring the stored values in line with the inputs; unchanged rows keep their computed time.

    Idempotent: a second run finds nothing to change and leaves identical rows. Two runs for one
    campaign (two imports finishing together) take turns on the campaign's row: locking the stored
    values alone locks nothing when there are none yet, and both runs then inserted the same rows.
    """
    list(Campaign.objects.select_for_update(no_key=True).filter(pk=campaign.pk).values_list("pk", flat=True))
    now = timezone.now()
    fresh = {(v["indicator"], v["period"], v["scope"], v["scope_key"]): v for v in dossier_values(campaign)}
    fresh.update({(v["indicator"], v["period"], v["scope"], v["scope_key"]): v for v in monthly_values(campaign)})
    existing = {
        (row.indicator, row.period, row.scope, row.scope_key): row
        for row in IndicatorValue.objects.select_for_update().filter(campaign=campaign)
    }
    to_create, to_update = [], []
    for key, data in fresh.items():
        row = existing.pop(key, None)
        if row is None:
            to_create.append(IndicatorValue(campaign=campaign, computed_at=now, **data))
            continue
        if row.fingerprint != data["fingerprint"] or row.value != data["value"]:
            for name in FIELDS:
                setattr(row, name, data[name])
            row.computed_at = now
            to_update.append(row)
    IndicatorValue.objects.bulk_create(to_create, batch_size=2000)
    _update_rows(to_update, now)
    stale = [row.pk for row in existing.values()]
    for start in range(0, len(stale), 500):
        IndicatorValue.objects.filter(pk__in=stale[start : start + 500]).delete()
    return {"created": len(to_create), "updated": len(to_update), "deleted": len(stale)}
