"""The one-pass aggregate (kpi/services/compute.py) against a direct count of every indicator's Q.

The dataset is generated straight into the table (not through the importer) so that it also holds
combinations the importer refuses but the table allows: open dossiers without a due date, results
before reception, ratings on unresolved dossiers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from kpi import indicators as ind
from kpi.models import CitizenRating, Dossier, IndicatorValue
from kpi.periods import campaign_periods
from kpi.services import indicators_recompute
from kpi.services.compute import dossier_values

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
    add_portal_ratings(commune, rng)


def add_portal_ratings(commune, rng) -> None:
    """A portal rating on about a third of the dossiers, rated or not by the import, resolved or not:
    every combination of the precedence rule (kpi.ratings) occurs."""
    ratings = []
    for dossier in Dossier.objects.filter(commune=commune).order_by("code"):
        if rng.random() < 0.35:
            level = rng.choice([1, 2, 3, 3])
            ratings.append(
                CitizenRating(
                    commune=commune,
                    dossier=dossier,
                    level=level,
                    harassment=level == 3 and rng.random() < 0.5,
                    created_at=dt.datetime(2022, 6, 1, tzinfo=dt.UTC),
                )
            )
    CitizenRating.objects.bulk_create(ratings)


def portal_digest():
    """A dossier's part of the inputs' digest: its row hash plus its portal rating (docs/kpi.md)."""
    portal = Case(When(citizen_rating__harassment=True, then=Value(1)), default=Value(0))
    return F("row_hash31") + Coalesce(F("citizen_rating__level") * 2 + portal, Value(0))


def fingerprint(*parts) -> str:
    """The fingerprint as docs/kpi.md states it: SHA-256 of the parts joined by "|" (written out here)."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator × 100 to 6 decimals, halves rounded up, by exact fractions (not Decimal)."""
    if denominator == 0:
        return None
    scaled = Fraction(numerator * 100, denominator) * 10**6
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-6)


def counting_in(campaign, queryset):
    """The dossiers that can count in the campaign (docs/kpi.md): received or resolved between the day
    before its first period and the end of its last one, or open at one of those days."""
    periods = campaign_periods(campaign)
    first = min(start for _, start, _ in periods) - dt.timedelta(days=1)
    last = max(end for _, _, end in periods)
    open_then = Q(received_date__lte=last) & (Q(result_date__isnull=True) | Q(result_date__gt=first))
    return queryset.filter(
        open_then
        | Q(received_date__gt=first, received_date__lte=last)
        | Q(result_date__gt=first, result_date__lte=last)
    )


def direct_values(campaign) -> dict:
    """Every dossier-based value computed the plain way: one ``filter(Q).count()`` per count, over all
    the commune's dossiers; the scopes and the fingerprints' digests are those of the dossiers that
    can count in the campaign."""
    base = Dossier.objects.filter(commune_id=campaign.commune_id).order_by()
    counting = counting_in(campaign, base)
    scopes = [("commune", "", base, counting)]
    for scope, column in SCOPE_COLUMNS.items():
        for key in counting.exclude(**{column: ""}).values_list(column, flat=True).distinct():
            scopes.append((scope, key, base.filter(**{column: key}), counting.filter(**{column: key})))
    out = {}
    for scope, key, queryset, digested in scopes:
        totals = digested.aggregate(n=Count("id"), s=Sum(portal_digest()))
        digest = f"{totals['n']}:{totals['s'] or 0}"
        for period, start, end in campaign_periods(campaign):
            counts = {name: queryset.filter(q(start, end)).count() for name, q in ind.COUNTS.items()}
            for name, number in counts.items():
                out[(name, period, scope, key)] = (
                    number,
                    None,
                    number,
                    fingerprint(name, ind.COUNT_VERSION, period, scope, key, number, digest),
                )
            for rate in ind.RATES.values():
                num, den = counts[rate.numerator], counts[rate.denominator]
                out[(rate.code, period, scope, key)] = (
                    num,
                    den,
                    percent(num, den),
                    fingerprint(rate.code, rate.version, period, scope, key, num, den, digest),
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
    lan = Dossier.objects.filter(commune=campaign.commune, receiver="Võ Thị Lan").exclude(handler="").order_by("pk")
    # A dossier that cannot count in the campaign (resolved before it began) changes nothing.
    early = lan.filter(received_date__lte=dt.date(2021, 12, 31), result_date__lte=dt.date(2021, 12, 31)).first()
    Dossier.objects.filter(pk=early.pk).update(row_hash31=early.row_hash31 + 1, status=9 if early.status != 9 else 10)
    assert indicators_recompute(campaign=campaign) == {"created": 0, "updated": 0, "deleted": 0}
    dossier = counting_in(campaign, lan).first()
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


# --- Hand counts: a dozen explicit dossiers, every expected number counted by hand below. ----------
# Columns: code, received, due, result, status, channel, 4 tại chỗ, rating, harassment, lĩnh vực,
# receiver, handler. Status 1 (Mới đăng ký) and 3 (Không được tiếp nhận) never count; 7 (rút hồ sơ)
# counts as received but is never pending; 9 and 10 are resolved.
D = dt.date
HAND = [
    ("A", D(2022, 3, 2), D(2022, 3, 10), D(2022, 3, 2), 10, 1, True, 1, False, "Hộ tịch", "Lan", "Ngọc"),
    ("B", D(2022, 3, 5), D(2022, 3, 10), D(2022, 3, 10), 9, 2, False, 3, True, "Hộ tịch", "Lan", "Ngọc"),
    ("C", D(2022, 3, 20), D(2022, 3, 25), D(2022, 4, 2), 10, 3, False, 3, False, "Đất đai", "Lan", "Khánh"),
    ("D", D(2022, 2, 20), D(2022, 3, 1), D(2022, 3, 3), 10, 1, False, None, False, "Đất đai", "Sang", "Khánh"),
    ("E", D(2022, 3, 15), None, None, 5, 2, False, None, False, "Hộ tịch", "Sang", ""),
    ("F", D(2022, 3, 28), D(2022, 4, 10), None, 2, 1, False, None, False, "Hộ tịch", "Sang", ""),
    ("G", D(2022, 3, 8), None, None, 1, 1, False, None, False, "Hộ tịch", "", ""),
    ("H", D(2022, 3, 9), None, None, 3, 1, False, None, False, "Hộ tịch", "", ""),
    ("I", D(2022, 3, 10), D(2022, 3, 12), None, 7, 1, False, None, False, "Hộ tịch", "", ""),
    ("J", D(2022, 3, 12), D(2022, 3, 12), D(2022, 3, 12), 10, 1, True, 2, False, "Chứng thực", "", "Ngọc"),
    ("K", D(2022, 3, 3), D(2022, 3, 5), D(2022, 3, 3), 9, 1, False, 3, False, "Chứng thực", "", "Ngọc"),
    ("L", D(2022, 3, 3), D(2022, 3, 10), D(2022, 3, 4), 10, 1, True, None, False, "Chứng thực", "", "Ngọc"),
    ("M", D(2022, 1, 15), D(2022, 1, 20), None, 4, 1, False, None, False, "Đất đai", "", "Khánh"),
    ("N", D(2022, 3, 31), D(2022, 4, 5), D(2022, 3, 31), 10, 1, False, None, False, "Chứng thực", "", ""),
    ("O", D(2022, 4, 1), D(2022, 4, 1), D(2022, 4, 1), 10, 2, True, None, False, "Chứng thực", "", ""),
    ("P", D(2021, 12, 31), D(2022, 1, 3), D(2022, 1, 4), 10, 1, False, None, False, "Chứng thực", "", ""),
]

# March 2022, commune: received A B C E F I J K L N = 10 (G, H never count; D, M, P earlier; O April),
# of which online B E = 2, postal C = 1, direct or postal 8; 4 tại chỗ A J = 2 (L's result is the day after,
# K is not marked). Resolved in March A B D J K L N = 7: early A K L N = 4 (N: 31/03 before 05/04), on
# time B J = 2, late D = 1; rated A B J K = 4, dissatisfied B K = 2, of them for harassment B = 1.
# Carried over into March D M = 2. Open at the end of March C E F M = 4 (I was withdrawn; C resolved
# 02/04): overdue C M = 2, in time E F = 2. Progress: 6 in time + 2 pending in time over 7 + 4.
MARCH = {
    "received": 10,
    "received_online": 2,
    "received_postal": 1,
    "received_direct_postal": 8,
    "received_four_on_spot": 2,
    "carried_over": 2,
    "resolved": 7,
    "resolved_early": 4,
    "resolved_on_time": 2,
    "resolved_late": 1,
    "resolved_in_time": 6,
    "resolved_rated": 4,
    "dissatisfied_harassment": 1,
    "dissatisfied_any": 2,
    "pending": 4,
    "pending_in_time": 2,
    "pending_overdue": 2,
    "progress_good": 8,
    "progress_base": 11,
}
MARCH_RATES = {
    "on_time_rate": (6, 7, Decimal("85.714286")),
    "dissatisfaction_rate": (1, 4, Decimal("25.000000")),
    "dissatisfaction_any_rate": (2, 4, Decimal("50.000000")),
    # over the 10 received, not the 7 resolved (28.571429) nor the 4 tại chỗ share of resolved ones
    "four_on_spot_rate": (2, 10, Decimal("20.000000")),
    "online_rate": (2, 10, Decimal("20.000000")),
    "postal_rate": (1, 10, Decimal("10.000000")),
    "progress_766_rate": (8, 11, Decimal("72.727273")),
}


def make_hand_dossiers(commune) -> None:
    Dossier.objects.bulk_create(
        Dossier(
            commune=commune,
            code=code,
            procedure_name="Thủ tục",
            field=field,
            channel=channel,
            status=status,
            received_at=dt.datetime.combine(received, dt.time(3), tzinfo=dt.UTC),
            received_date=received,
            due_date=due,
            result_date=result,
            receiver=receiver,
            handler=handler,
            rating=rating,
            harassment=harassment,
            four_on_spot=four,
            row_hash=code * 32,
            row_hash31=ord(code),
        )
        for code, received, due, result, status, channel, four, rating, harassment, field, receiver, handler in HAND
    )


@pytest.fixture
def hand_campaign(campaign):
    campaign.start_date, campaign.end_date = D(2022, 1, 1), D(2022, 12, 31)
    Dossier.objects.filter(commune=campaign.commune).delete()
    make_hand_dossiers(campaign.commune)
    return campaign


def test_hand_counted_march_counts_and_rates_of_the_commune(hand_campaign):
    got = computed(hand_campaign, False)
    assert {name: got[(name, "2022-03", "commune", "")][0] for name in MARCH} == MARCH
    rates = {code: got[(code, "2022-03", "commune", "")][:3] for code in MARCH_RATES}
    assert rates == MARCH_RATES


def test_hand_counted_campaign_and_april_values(hand_campaign):
    got = computed(hand_campaign, False)

    def value(name, period="campaign"):
        return got[(name, period, "commune", "")][0]

    # Campaign 01/01–31/12/2022: received A–F, I–O = 13 (P came on 31/12/2021); resolved A B C D J K L N O
    # P = 10; 4 tại chỗ A J O = 3 -> 3/13, not 3/10; carried over into the campaign: P only (resolved 04/01).
    assert (value("received"), value("resolved"), value("received_four_on_spot")) == (13, 10, 3)
    assert value("carried_over") == 1
    assert got[("four_on_spot_rate", "campaign", "commune", "")][:3] == (3, 13, Decimal("23.076923"))
    # Still open on 31/12/2022: E F M (all received in the campaign, none resolved); all three overdue
    # except E (no due date).
    assert (value("pending"), value("pending_overdue"), value("pending_in_time")) == (3, 2, 1)
    # April: received O only (N came on 31/03); resolved C (late) and O (on time, same day, 4 tại chỗ).
    assert [value(n, "2022-04") for n in ("received", "resolved", "resolved_late", "resolved_on_time")] == [1, 2, 1, 1]
    assert value("carried_over", "2022-04") == 4  # C E F M open at the end of March
    # January: received M (P was received the day before); P resolved 04/01 late; M open and overdue.
    january = ("received", "carried_over", "resolved_late", "pending_overdue")
    assert [value(n, "2022-01") for n in january] == [1, 1, 1, 1]
    # A month without any dossier: counts zero and every rate empty, not 0 %.
    assert value("received", "2022-07") == 0
    assert got[("on_time_rate", "2022-07", "commune", "")][:3] == (0, 0, None)


def test_hand_counted_values_per_receiver_handler_and_field(hand_campaign):
    got = computed(hand_campaign, False)
    # Receiver Lan: A B C received in March; resolved A B; 4 tại chỗ A -> 1/3.
    assert got[("received", "2022-03", "receiver", "Lan")][0] == 3
    assert got[("four_on_spot_rate", "2022-03", "receiver", "Lan")][:3] == (1, 3, Decimal("33.333333"))
    # Receiver Sang: D (February) resolved late in March; E F received in March and open.
    assert [got[(n, "2022-03", "receiver", "Sang")][0] for n in ("received", "resolved_late", "pending")] == [2, 1, 2]
    # Handler Ngọc: A B J K L all resolved in March, in time: 5/5.
    assert got[("on_time_rate", "2022-03", "handler", "Ngọc")][:3] == (5, 5, Decimal("100.000000"))
    # Handler Khánh: C late in April, D late in March, M open since January.
    assert got[("resolved_late", "campaign", "handler", "Khánh")][0] == 2
    assert got[("pending_overdue", "2022-03", "handler", "Khánh")][0] == 2  # C (due 25/03) and M
    # Lĩnh vực Chứng thực in March: J K L N received and resolved; J on time, K L N early.
    assert [got[(n, "2022-03", "field", "Chứng thực")][0] for n in ("received", "resolved_early")] == [4, 3]
    # Names left empty count for the commune only: no receiver, handler or field scope "".
    assert {key for (_, _, scope, key) in got if scope != "commune"} == {
        "Lan", "Sang", "Ngọc", "Khánh", "Hộ tịch", "Đất đai", "Chứng thực"
    }  # fmt: skip


def test_hand_counted_fingerprints_change_with_the_inputs_and_the_numbers(hand_campaign):
    got = computed(hand_campaign, False)
    # digest: count of the scope's dossiers (all 16, even those never counted) and the sum of row_hash31
    digest = f"16:{sum(ord(row[0]) for row in HAND)}"
    assert got[("received", "2022-03", "commune", "")][3] == fingerprint(
        "received", ind.COUNT_VERSION, "2022-03", "commune", "", 10, digest
    )
    assert got[("four_on_spot_rate", "2022-03", "commune", "")][3] == fingerprint(
        "four_on_spot_rate", "1", "2022-03", "commune", "", 2, 10, digest
    )
    lan = f"3:{ord('A') + ord('B') + ord('C')}"
    assert got[("received", "2022-03", "receiver", "Lan")][3] == fingerprint(
        "received", ind.COUNT_VERSION, "2022-03", "receiver", "Lan", 3, lan
    )


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (2, 3, Decimal("66.666667")),  # 66.6666666… rounds up
        (1, 3, Decimal("33.333333")),  # 33.3333333… rounds down
        (1, 8, Decimal("12.500000")),
        (1, 16, Decimal("6.250000")),
        (1, 1_600_000, Decimal("0.000063")),  # 0.0000625: a half rounds up, not to even
        (5, 5, Decimal("100.000000")),
        (0, 7, Decimal("0.000000")),
        (0, 0, None),
        (3, 0, None),
    ],
)
def test_rates_round_half_up_to_six_decimals(numerator, denominator, expected):
    from kpi.services.compute import _rate_value

    assert _rate_value(numerator, denominator) == expected
    assert percent(numerator, denominator) == expected  # the oracle itself agrees with the hand values
    if expected is not None:
        assert _rate_value(numerator, denominator).as_tuple().exponent == -6


def test_campaign_total_of_a_monthly_field_sums_or_takes_the_last_entered_month():
    from campaigns.models import Aggregation
    from kpi.services.compute import _campaign_total

    series = [("2022-01", 4), ("2022-02", None), ("2022-03", 0), ("2022-04", 7), ("2022-05", None)]
    assert _campaign_total(series, Aggregation.SUM) == 11
    assert _campaign_total(series, Aggregation.LAST) == 7  # the last entered month, not the last month
    assert _campaign_total([("2022-01", None)], Aggregation.SUM) is None
    assert _campaign_total([("2022-01", None)], Aggregation.LAST) is None
    assert _campaign_total([("2022-01", 0)], Aggregation.SUM) == 0
