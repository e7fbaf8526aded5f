"""The direct load (a commune's first large import COPYed straight into kpi_dossier, PostgreSQL).

It must leave exactly what the staging path leaves: the same dossiers, counts, messages, warnings
and, for a file with any error, the staging path's own report (it falls back to it).
"""

from __future__ import annotations

import random

import psycopg
import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kpi.importer import pipeline
from kpi.models import Dossier, DossierImport, ImportStatus
from kpi.services import dossier_import_from_path
from tests.kpi.conftest import HEADERS, row, write_csv
from tests.kpi.test_importer_fast import POOLS

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the direct load is PostgreSQL's")
NEVER = 10**15  # IMPORT_DIRECT_MIN_BYTES that keeps every file on the staging path


@pytest.fixture
def direct_calls(monkeypatch):
    """How often the direct load ran to its end (it raises DirectRefused when it gives up)."""
    calls = {"done": 0, "refused": 0}
    real = pipeline.load_direct

    def spy(stream, **kwargs):
        try:
            outcome = real(stream, **kwargs)
        except pipeline.DirectRefused:
            calls["refused"] += 1
            raise
        calls["done"] += 1
        return outcome

    monkeypatch.setattr(pipeline, "load_direct", spy)
    return calls


def _stored(commune_id: int) -> list[tuple]:
    dossiers = Dossier.objects.filter(commune_id=commune_id).order_by("code")
    return list(dossiers.values_list(*pipeline.DOSSIER_FIELDS))


def _result(record: DossierImport) -> tuple:
    return (
        record.status,
        record.rows_read,
        record.rows_added,
        record.rows_updated,
        record.rows_unchanged,
        record.rows_rejected,
        record.error_count,
        record.errors,
        record.warning_count,
        record.warnings,
        record.message,
    )


def _import_both_ways(settings, tmp_path, campaign, officer, rows: list[dict], name="f.csv"):
    """The same file imported by the staging path and by the direct load, each rolled back after."""
    path = write_csv(tmp_path / name, rows)
    results = []
    for minimum in (NEVER, 0):
        settings.IMPORT_DIRECT_MIN_BYTES = minimum
        savepoint = transaction.savepoint()
        record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
        record.refresh_from_db()
        last_imports = set(Dossier.objects.values_list("last_import_id", flat=True))
        results.append((_result(record), _stored(campaign.commune_id), last_imports <= {record.pk}))
        transaction.savepoint_rollback(savepoint)
    return results


@pytest.mark.django_db
def test_a_first_import_is_loaded_directly_and_equals_the_staging_path(
    settings, tmp_path, campaign, officer, direct_calls
):
    rows = [row(f"HS{i}") for i in range(30)]
    rows += [row("HS-KHL", **{"Đánh giá": "Không hài lòng", "Lý do không hài lòng": "nhũng nhiễu"})]
    rows += [row("1E5", **{"4 tại chỗ": "x", "Ngày có kết quả": "03/03/2022 10:00"})]  # two warnings
    staged, direct = _import_both_ways(settings, tmp_path, campaign, officer, rows)
    assert direct_calls == {"done": 1, "refused": 0}
    assert staged == direct
    assert direct[0][0] == ImportStatus.APPLIED and direct[0][2] == 32 and direct[0][8] > 0
    assert direct[2]  # every dossier names its import


@pytest.mark.django_db
def test_a_code_twice_or_a_bad_row_falls_back_to_the_staging_report(
    settings, tmp_path, campaign, officer, direct_calls
):
    twice = [row("HS1"), row("HS2"), row("HS1"), row("HS3")]
    staged, direct = _import_both_ways(settings, tmp_path, campaign, officer, twice, name="twice.csv")
    assert direct_calls["refused"] == 1 and staged == direct
    assert direct[0][0] == ImportStatus.REJECTED and "trùng với dòng 2" in direct[0][7][0]["reason"]
    assert direct[1] == []  # nothing written
    bad = [row("HS1"), row("HS2"), row("HS3", **{"Kênh nộp": "Zalo"}), row("HS4")]
    staged, direct = _import_both_ways(settings, tmp_path, campaign, officer, bad, name="bad.csv")
    assert direct_calls["refused"] == 2 and staged == direct
    assert direct[0][6] == 1 and direct[0][7][0]["row"] == 4 and direct[1] == []


@pytest.mark.django_db
def test_a_commune_with_dossiers_a_dry_run_and_a_small_file_take_the_staging_path(
    settings, tmp_path, campaign, officer, direct_calls
):
    path = write_csv(tmp_path / "a.csv", [row("HS1")])
    settings.IMPORT_DIRECT_MIN_BYTES = path.stat().st_size + 1
    dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert direct_calls == {"done": 0, "refused": 0}
    settings.IMPORT_DIRECT_MIN_BYTES = 0
    Dossier.objects.all().delete()
    checked = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=True)
    assert checked.status == ImportStatus.CHECKED and not Dossier.objects.exists()
    assert direct_calls == {"done": 0, "refused": 0}
    first = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert direct_calls["done"] == 1 and first.rows_added == 1
    second = write_csv(tmp_path / "b.csv", [row("HS1", **{"Đánh giá": "Hài lòng"}), row("HS2")])
    again = dossier_import_from_path(actor=officer, commune=campaign.commune, path=second, dry_run=False)
    assert direct_calls["done"] == 1  # the commune has dossiers now
    assert (again.rows_added, again.rows_updated) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_the_progress_of_a_direct_load_is_visible_while_it_runs(settings, tmp_path, campaign, officer, monkeypatch):
    settings.IMPORT_DIRECT_MIN_BYTES = 0
    monkeypatch.setattr(pipeline, "BATCH", 5)
    seen = []
    real_flush = pipeline._Sink.flush
    s = connection.settings_dict
    observer = psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        password=s["PASSWORD"] or None,
        dbname=s["NAME"],
        autocommit=True,
    )

    def flush_and_look(sink, **how):
        count = real_flush(sink, **how)
        rows = observer.execute("SELECT rows_read FROM kpi_dossierimport ORDER BY id DESC LIMIT 1").fetchone()
        dossiers = observer.execute("SELECT COUNT(*) FROM kpi_dossier").fetchone()
        seen.append((rows[0], dossiers[0]))
        return count

    monkeypatch.setattr(pipeline._Sink, "flush", flush_and_look)
    path = write_csv(tmp_path / "a.csv", [row(f"HS{i}") for i in range(20)])
    try:
        record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    finally:
        observer.close()
    assert record.status == ImportStatus.APPLIED and record.rows_added == 20
    # Another session sees the progress rise (second connection) but no dossier before the commit.
    assert [rows for rows, _ in seen[:3]] == [0, 5, 10]
    assert {dossiers for _, dossiers in seen} == {0}


CODES = ["HS1", "HS2", "HS3", " HS4 ", "HS5", "HS6", "HS7", "HS8"]


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), size=st.integers(0, 12), bad=st.sampled_from([0.0, 0.05, 0.3]))
@pytest.mark.django_db
def test_random_files_direct_load_and_staging_path_always_agree(settings, tmp_path, campaign, officer, seed, size, bad):
    generator = random.Random(seed)
    rows = []
    for _ in range(size):
        values = {h: generator.choice(POOLS[h]) if generator.random() < bad else row()[h] for h in HEADERS}
        values["Mã hồ sơ"] = generator.choice(CODES)  # codes repeat now and then
        rows.append(values)
    staged, direct = _import_both_ways(settings, tmp_path, campaign, officer, rows, name=f"r{seed}.csv")
    assert staged == direct


@pytest.mark.django_db
@pytest.mark.parametrize("minimum", [NEVER, 0], ids=["staging", "direct"])
def test_a_file_unreadable_after_rows_were_copied_leaves_the_connection_usable(
    settings, tmp_path, campaign, officer, minimum, direct_calls
):
    """The COPY is open while rows are parsed: a line refused mid-file ends it cleanly on both paths."""
    settings.IMPORT_DIRECT_MIN_BYTES, settings.IMPORT_MAX_LINE_CHARS = minimum, 4096
    path = write_csv(
        tmp_path / "long.csv", [row("HS1"), row("HS2"), row("HS3", **{"Lý do không hài lòng": "x" * 5000})]
    )
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert record.status == ImportStatus.REJECTED
    assert [e["reason"] for e in record.errors] == ["Dòng thứ 4 của tệp dài quá 4.096 ký tự: tệp không đúng mẫu nhập."]
    assert not Dossier.objects.exists()
    assert direct_calls == {"done": 0, "refused": 1 if minimum == 0 else 0}
    good = write_csv(tmp_path / "good.csv", [row("HS1"), row("HS2")])  # the same transaction goes on
    again = dossier_import_from_path(actor=officer, commune=campaign.commune, path=good, dry_run=False)
    assert again.status == ImportStatus.APPLIED and Dossier.objects.count() == 2
