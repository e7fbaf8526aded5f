"""The one-pass aggregate (kpi/services/compute.py) against a direct count of every indicator's Q.

The dataset is generated straight into the table (not through the importer) so that it also holds
combinations the importer refuses but the table allows: open dossiers without a due date, results
before reception, ratings on unresolved dossiers.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.db.models import Count, Sum

from kpi import indicators as ind
from kpi.models import Dossier, IndicatorValue
from kpi.periods import campaign_periods
from kpi.services import indicators_recompute
from kpi.services.compute import _fingerprint, _rate_value, dossier_values

SCOPE_COLUMNS = {"field": "field", "receiver": "receiver", "handler": "handler"}


def _boundary_days() -> list[dt.date]:
    days = [dt.date(2021, 12, 30), dt.date(2021, 12, 31), dt.date(2023, 1, 1), dt.date(2023, 1, 2)]
    for month in range(1, 13):
        first = dt.date(2022, month, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        days += [first, first + dt.timedelta(days=1), last - dt.timedelta(days=1), last]
    return days


def make_dossiers(commune, count=700, seed=11) -> None:
    """Dossiers on and around every period boundary (01/01, 02/01, month ends, 31/12) and in between."""
    rng = random.Random(seed)  # nosec B311
    edges = _boundary_days()
    rows = []
    for number in range(count):
        received = rng.choice(edges) if rng.random() < 0.6 else dt.date(2021, 12, 20) + dt.timedelta(rng.randrange(400))
        due = None if rng.random() < 0.15 else received + dt.timedelta(rng.choice([0, 0, 1, 3, 7, 15, 31, 45]))
        if rng.random() < 0.3:
            result = None
        elif rng.random() < 0.5 and due:
            result = due + dt.timedelta(rng.choice([-2, -1, 0, 0, 1, 2]))
        else:
            result = received + dt.timedelta(rng.choice([-1, 0, 0, 1, 2, 10, 30, 40, 70]))
        if rng.random() < 0.3:  # land results on boundary days too
            result = rng.choice(edges)
        elif rng.random() < 0.15:  # same-day results (4 tại chỗ)
            result = received
        rating = rng.choice([None, None, 1, 2, 3])
        rows.append(
            Dossier(
                commune=commune,
                code=f"G{number:05d}",
                procedure_name="Thủ tục",
                field=rng.choice(["Chứng thực", "Hộ tịch", "Đất đai"]),
                channel=rng.choice([1, 2, 3]),
                status=rng.randint(1, 10),
                received_at=dt.datetime.combine(received, dt.time(3), tzinfo=dt.UTC),
                received_date=received,
                due_date=due,
                result_date=result,
                receiver=rng.choice(["Võ Thị Lan", "Huỳnh Văn Sang", ""]),
                handler=rng.choice(["Phan Thị Ngọc", "Đỗ Văn Khánh", "Lê Văn Tâm", ""]),
                rating=rating,
                harassment=rating == 3 and rng.random() < 0.5,
                four_on_spot=rng.random() < 0.3,
                row_hash=f"{number:032x}",
                row_hash31=rng.randrange(2**31),
            )
        )
    Dossier.objects.bulk_create(rows)


def direct_values(campaign) -> dict:
    """Every dossier-based value computed the plain way: one ``filter(Q).count()`` per count."""
    base = Dossier.objects.filter(commune_id=campaign.commune_id).order_by()
    scopes = [("commune", "", base)]
    for scope, column in SCOPE_COLUMNS.items():
        for key in base.exclude(**{column: ""}).values_list(column, flat=True).distinct():
            scopes.append((scope, key, base.filter(**{column: key})))
    out = {}
    for scope, key, queryset in scopes:
        totals = queryset.aggregate(n=Count("id"), s=Sum("row_hash31"))
        digest = f"{totals['n']}:{totals['s'] or 0}"
        for period, start, end in campaign_periods(campaign):
            counts = {name: queryset.filter(q(start, end)).count() for name, q in ind.COUNTS.items()}
            for name, number in counts.items():
                out[(name, period, scope, key)] = (
                    number,
                    None,
                    number,
                    _fingerprint(name, ind.COUNT_VERSION, period, scope, key, number, digest),
                )
            for rate in ind.RATES.values():
                num, den = counts[rate.numerator], counts[rate.denominator]
                out[(rate.code, period, scope, key)] = (
                    num,
                    den,
                    _rate_value(num, den),
                    _fingerprint(rate.code, rate.version, period, scope, key, num, den, digest),
                )
    return out


def computed(campaign, grouping_sets) -> dict:
    return {
        (v["indicator"], v["period"], v["scope"], v["scope_key"]): (
            v["numerator"],
            v["denominator"],
            v["value"],
            v["fingerprint"],
        )
        for v in dossier_values(campaign, grouping_sets=grouping_sets)
    }


@pytest.mark.parametrize(
    "grouping_sets",
    [
        False,
        pytest.param(
            True,
            marks=pytest.mark.skipif(connection.vendor != "postgresql", reason="GROUPING SETS path: PostgreSQL only"),
        ),
    ],
)
def test_every_value_of_every_period_and_scope_equals_a_direct_count_of_its_q(campaign, grouping_sets):
    make_dossiers(campaign.commune)
    expected = direct_values(campaign)
    got = computed(campaign, grouping_sets)
    assert set(got) == set(expected)
    assert len({key[3] for key in got if key[2] == "handler"}) == 3  # empty names: commune scope only
    wrong = [(key, got[key], expected[key]) for key in expected if got[key] != expected[key]]
    assert wrong == []
    # the generated data does reach every kind of count in the boundary months
    for name in ind.COUNTS:
        assert expected[(name, "2022-01", "commune", "")][0] > 0, name
        assert expected[(name, "campaign", "commune", "")][0] > 0, name


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares PostgreSQL's two query forms")
def test_grouping_sets_and_portable_forms_give_the_same_values(campaign):
    make_dossiers(campaign.commune, seed=5)
    assert computed(campaign, True) == computed(campaign, False)


def test_a_campaign_starting_on_the_first_of_a_month_is_cut_correctly(campaign):
    campaign.start_date = dt.date(2022, 3, 1)
    campaign.end_date = dt.date(2022, 6, 15)
    make_dossiers(campaign.commune, count=300, seed=3)
    expected = direct_values(campaign)
    assert computed(campaign, False) == expected
    assert {key[1] for key in expected} == {"2022-03", "2022-04", "2022-05", "2022-06", "campaign"}


def test_no_dossiers_gives_zero_counts_and_empty_rates_for_the_commune_only(campaign):
    Dossier.objects.filter(commune=campaign.commune).delete()
    got = computed(campaign, False)
    assert got == direct_values(campaign)
    assert {key[2] for key in got} == {"commune"}
    assert got[("on_time_rate", "campaign", "commune", "")][2] is None


def test_recomputing_twice_leaves_identical_rows_in_a_fixed_number_of_queries(campaign, django_assert_num_queries):
    make_dossiers(campaign.commune, count=400, seed=9)
    first = indicators_recompute(campaign=campaign)
    assert first["created"] > 0
    columns = ("indicator", "period", "scope", "scope_key", "numerator", "denominator", "value", "fingerprint")
    before = sorted(IndicatorValue.objects.filter(campaign=campaign).values_list("id", *columns, "computed_at"))
    # savepoint, campaign lock, [PostgreSQL: planner settings], dossier aggregate, monthly fields,
    # monthly figures, stored rows, release
    with django_assert_num_queries(8 if connection.vendor == "postgresql" else 7):
        assert indicators_recompute(campaign=campaign) == {"created": 0, "updated": 0, "deleted": 0}
    after = sorted(IndicatorValue.objects.filter(campaign=campaign).values_list("id", *columns, "computed_at"))
    assert after == before
    stored = {row[1:5]: row[5:9] for row in after}
    for key, (numerator, denominator, value, fingerprint) in computed(campaign, None).items():
        assert stored[key] == (numerator, denominator, value, fingerprint)


def test_a_changed_dossier_updates_only_the_rows_of_its_scopes(campaign):
    make_dossiers(campaign.commune, count=200, seed=4)
    indicators_recompute(campaign=campaign)
    dossier = Dossier.objects.filter(commune=campaign.commune, receiver="Võ Thị Lan").exclude(handler="").first()
    Dossier.objects.filter(pk=dossier.pk).update(row_hash31=dossier.row_hash31 + 1)
    result = indicators_recompute(campaign=campaign)
    per_scope = (len(ind.COUNTS) + len(ind.RATES)) * len(campaign_periods(campaign))
    # only the fingerprints of the commune, its lĩnh vực, its receiver and its handler change
    assert result == {"created": 0, "updated": 4 * per_scope, "deleted": 0}
    # the rewritten rows hold exactly the fresh values (PostgreSQL writes them with UPDATE … unnest)
    assert indicators_recompute(campaign=campaign) == {"created": 0, "updated": 0, "deleted": 0}
    rows = IndicatorValue.objects.filter(campaign=campaign, scope__in=["commune", "field", "receiver", "handler"])
    stored = {
        (r.indicator, r.period, r.scope, r.scope_key): (r.numerator, r.denominator, r.value, r.fingerprint)
        for r in rows
    }
    for key, fresh in computed(campaign, None).items():
        assert stored[key] == fresh
