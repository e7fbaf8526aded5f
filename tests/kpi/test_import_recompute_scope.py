"""An import recomputes only the campaigns in which a dossier it wrote can count, as the dossier was
before and as it is after; skipping the others changes nothing (their recompute finds nothing to do)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from campaigns.models import Campaign
from kpi.importer import pipeline
from kpi.models import ImportStatus, IndicatorValue
from kpi.services import dossier_import_run, imports, indicators_recompute
from kpi.services.compute import campaign_span, campaigns_touched, may_count_in
from tests.kpi.conftest import row, write_csv

NOTHING = {"created": 0, "updated": 0, "deleted": 0}


def _in_2023(code: str, **values) -> dict:
    days = {"Ngày tiếp nhận": "06/03/2023 08:00", "Ngày hẹn trả": "20/03/2023", "Ngày có kết quả": "07/03/2023 10:00"}
    return row(code, **{**days, **values})


class Recomputed:
    """The slugs of the campaigns the imports recomputed since the last look."""

    def __init__(self):
        self.seen: list[str] = []

    def take(self) -> list[str]:
        seen, self.seen = sorted(self.seen), []
        return seen


@pytest.fixture
def recomputed(monkeypatch):
    spy = Recomputed()
    real = imports.indicators_recompute

    def recompute(*, campaign):
        spy.seen.append(campaign.slug)
        return real(campaign=campaign)

    monkeypatch.setattr(imports, "indicators_recompute", recompute)
    return spy


@pytest.fixture(params=[10**15, 0], ids=["staging", "direct-when-postgresql"])
def import_file(request, settings, tmp_path, campaign, officer):
    """``import_file(rows)``: imported at once (the command's path); first imports of a commune take the
    direct load on PostgreSQL in the second parameter."""
    settings.IMPORT_DIRECT_MIN_BYTES = request.param
    counter = iter(range(1000))

    def run(rows):
        path = write_csv(tmp_path / f"so{next(counter)}.csv", rows)
        record = imports.dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
        assert record.status == ImportStatus.APPLIED, record.errors
        return record

    return run


def _both_stored(campaign, next_campaign):
    for each in (campaign, next_campaign):
        indicators_recompute(campaign=each)


def test_a_file_of_one_year_recomputes_that_campaign_only(import_file, campaign, next_campaign, recomputed):
    _both_stored(campaign, next_campaign)
    before = sorted(
        IndicatorValue.objects.filter(campaign=next_campaign).values_list("id", "fingerprint", "computed_at")
    )
    import_file([row("HS1"), row("HS2", **{"Lĩnh vực": "Hộ tịch"})])
    assert recomputed.take() == [campaign.slug]
    # What a recompute of the skipped campaign would do: nothing.
    assert indicators_recompute(campaign=next_campaign) == NOTHING
    after = sorted(
        IndicatorValue.objects.filter(campaign=next_campaign).values_list("id", "fingerprint", "computed_at")
    )
    assert after == before
    import_file([_in_2023("HS3")])
    assert recomputed.take() == [next_campaign.slug]
    assert indicators_recompute(campaign=campaign) == NOTHING
    stored = IndicatorValue.objects.get(campaign=next_campaign, indicator="received", period="2023-03", scope="commune")
    assert stored.numerator == 1


def test_a_dossier_moved_to_another_year_recomputes_both(import_file, campaign, next_campaign, recomputed):
    _both_stored(campaign, next_campaign)
    import_file([row("HS1"), row("HS2")])
    assert recomputed.take() == [campaign.slug]
    import_file([_in_2023("HS1")])  # HS1 now belongs to 2023: 2022 loses it
    assert recomputed.take() == [campaign.slug, next_campaign.slug]
    assert indicators_recompute(campaign=campaign) == NOTHING
    assert indicators_recompute(campaign=next_campaign) == NOTHING
    march = {"indicator": "received", "scope": "commune"}
    assert IndicatorValue.objects.get(campaign=campaign, period="2022-03", **march).numerator == 1
    assert IndicatorValue.objects.get(campaign=next_campaign, period="2023-03", **march).numerator == 1


def test_a_dossier_still_open_counts_in_the_later_campaign_too(import_file, campaign, next_campaign, recomputed):
    _both_stored(campaign, next_campaign)
    import_file([row("HS1", **{"Trạng thái": "4", "Ngày có kết quả": ""})])  # đang xử lý
    assert recomputed.take() == [campaign.slug, next_campaign.slug]
    carried = IndicatorValue.objects.get(
        campaign=next_campaign, indicator="carried_over", period="2023-01", scope="commune"
    )
    assert carried.numerator == 1


def test_only_the_changed_rows_of_a_file_decide(import_file, campaign, next_campaign, recomputed):
    import_file([row("HS1"), _in_2023("HS2")])
    assert recomputed.take() == [campaign.slug, next_campaign.slug]
    import_file([row("HS1"), _in_2023("HS2", **{"Đánh giá": "Hài lòng"})])  # only HS2 changed: 2023
    assert recomputed.take() == [next_campaign.slug]
    import_file([row("HS1", **{"Đánh giá": "Hài lòng"}), _in_2023("HS2", **{"Đánh giá": "Hài lòng"})])
    assert recomputed.take() == [campaign.slug]


def test_a_queued_import_queues_the_touched_campaigns_only(
    settings, tmp_path, campaign, next_campaign, officer, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    queued = []
    monkeypatch.setattr(imports, "enqueue", lambda task, *args: queued.append((task.name, args)))
    path = write_csv(tmp_path / "so.csv", [_in_2023("HS1")])
    upload = SimpleUploadedFile("so.csv", path.read_bytes(), content_type="text/csv")
    record = imports.dossier_import_create(actor=officer, commune=campaign.commune, upload=upload, dry_run=False)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_import_run(import_id=record.pk)
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert [args for name, args in queued if name.endswith("recompute_campaign")] == [(next_campaign.pk,)]


def test_the_touched_campaigns_of_a_days_summary(campaign, next_campaign):
    """Summaries given directly: the campaigns each can count in, the results read as well as the day of
    reception (a result before its reception is refused by the importer, not by this rule)."""

    def touched(*days):
        return sorted(c.slug for c in campaigns_touched(commune_id=campaign.commune_id, days=list(days)))

    assert campaign.start_date.year == 2022 and next_campaign.start_date.year == 2023
    assert touched() == []
    assert touched((dt.date(2022, 3, 3), dt.date(2022, 3, 4), dt.date(2022, 3, 4), False)) == [campaign.slug]
    assert touched((dt.date(2023, 3, 3), None, None, True)) == [next_campaign.slug]
    # received in 2023, resolved (on paper) in December 2022: both campaigns
    assert touched((dt.date(2023, 1, 5), dt.date(2022, 12, 20), dt.date(2022, 12, 20), False)) == sorted(
        [campaign.slug, next_campaign.slug]
    )
    # one day for each campaign
    assert touched(
        (dt.date(2022, 3, 3), dt.date(2022, 3, 4), dt.date(2022, 3, 4), False),
        (dt.date(2023, 3, 3), dt.date(2023, 3, 4), dt.date(2023, 3, 4), False),
    ) == sorted([campaign.slug, next_campaign.slug])


def _counts_in_exactly(received, result, first, last) -> bool:
    """docs/kpi.md's rule for one dossier: received or resolved in (first, last], or open at a boundary."""
    if first < received <= last or (result is not None and first < result <= last):
        return True
    return received <= last and (result is None or result > first)


def test_the_days_summary_never_misses_a_campaign_and_stays_one_entry_per_received_day():
    rng = random.Random(17)  # nosec B311
    first, last = dt.date(2021, 12, 31), dt.date(2022, 12, 31)
    day = dt.date(2021, 12, 1)
    for _ in range(3000):
        received = day + dt.timedelta(days=rng.randrange(420))
        results = [
            None if rng.random() < 0.2 else received + dt.timedelta(days=rng.randrange(-40, 80))
            for _ in range(rng.randrange(1, 4))
        ]
        days = pipeline.ChangedDays()
        for result in results:
            days.pairs.add((received, result))
        (summary,) = list(days)
        exact = any(_counts_in_exactly(received, result, first, last) for result in results)
        if exact:
            assert may_count_in(*summary, first, last), (received, results)
        if all(r is not None and r >= received for r in results):  # as the importer writes them
            assert may_count_in(*summary, first, last) == exact, (received, results)
    days = pipeline.ChangedDays()
    for offset in range(500):
        days.pairs.add((day, day + dt.timedelta(days=offset)))
        days.pairs.add((day, None))
    days.fold()
    assert len(days.by_received) == 1 and not days.pairs
    assert list(days) == [(day, day, day + dt.timedelta(days=499), True)]


FIRST, LAST = dt.date(2021, 12, 31), dt.date(2022, 12, 31)  # the boundaries of a 2022 campaign
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("summary", "counts"),
    [
        ((LAST, None, None, True), True),  # received on the last day, still open
        ((LAST + DAY, None, None, True), False),  # received after the campaign
        ((FIRST, None, None, True), True),  # received the day before, open when it starts
        ((FIRST, FIRST, FIRST, False), False),  # received and resolved the day before it starts
        ((FIRST, FIRST + DAY, FIRST + DAY, False), True),  # resolved on its first day
        ((FIRST - 5 * DAY, FIRST, FIRST, False), False),
        ((FIRST + DAY, FIRST + DAY, FIRST + DAY, False), True),  # received on its first day
        ((LAST, LAST + DAY, LAST + DAY, False), True),  # received on its last day, resolved after
        ((FIRST - 5 * DAY, LAST + 5 * DAY, LAST + 5 * DAY, False), True),  # open through the whole campaign
        # Results before the reception (the importer refuses them; a summary must not miss them all the same)
        ((LAST + DAY, LAST, LAST, False), True),
        ((LAST + DAY, FIRST + DAY, FIRST + DAY, False), True),
        ((LAST + DAY, FIRST, FIRST, False), False),
        ((LAST + DAY, LAST + DAY, LAST + DAY, False), False),
        ((LAST + 9 * DAY, FIRST, LAST + 5 * DAY, False), True),  # results on both sides: recomputed (never missed)
    ],
)
def test_the_edges_of_a_days_summary_against_a_campaign(summary, counts):
    assert may_count_in(*summary, FIRST, LAST) is counts


def test_a_campaigns_span_runs_from_the_day_before_its_first_month_to_the_end_of_its_last():
    # Written out here: the months touching 15/03–20/11/2022 are March to November.
    campaign = Campaign(start_date=dt.date(2022, 3, 15), end_date=dt.date(2022, 11, 20))
    assert campaign_span(campaign) == (dt.date(2022, 2, 28), dt.date(2022, 11, 30))
