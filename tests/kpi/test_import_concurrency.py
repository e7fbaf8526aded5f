"""Two overlapping imports of one commune: each reports what it really changed.

The counts are taken inside the apply's transaction, under the commune's lock, so the import that
applies second sees the first one's rows (it updates them) instead of counting from a stale view.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from kpi.importer import pipeline
from kpi.models import Dossier, ImportStatus
from kpi.services import dossier_import_from_path
from tanbinh_portal.scoping import commune_scope
from tests.kpi.conftest import row, write_csv

ROWS = 20


def _files(tmp_path):
    first = write_csv(tmp_path / "a.csv", [row(f"HS{i}") for i in range(ROWS)])
    second = write_csv(tmp_path / "b.csv", [row(f"HS{i}", **{"Đánh giá": "Hài lòng"}) for i in range(ROWS)])
    return first, second


@pytest.mark.django_db(transaction=True)
def test_an_import_staged_before_an_overlapping_one_applied_counts_its_changes_as_updates(
    tmp_path, campaign, officer, monkeypatch
):
    first, second = _files(tmp_path)
    real_stage, done = pipeline.stage_file, {}

    def stage_then_let_the_other_import_run(stream, **kwargs):
        outcome = real_stage(stream, **kwargs)
        if not done:  # the first file is staged; the other one is uploaded and applied meanwhile
            done["second"] = None
            done["second"] = dossier_import_from_path(
                actor=officer, commune=campaign.commune, path=second, dry_run=False
            )
        return outcome

    monkeypatch.setattr(pipeline, "stage_file", stage_then_let_the_other_import_run)
    late = dossier_import_from_path(actor=officer, commune=campaign.commune, path=first, dry_run=False)
    early = done["second"]
    assert (early.status, early.rows_added, early.rows_updated) == (ImportStatus.APPLIED, ROWS, 0)
    assert (late.status, late.rows_added, late.rows_updated, late.rows_unchanged) == (
        ImportStatus.APPLIED,
        0,
        ROWS,
        0,
    )
    assert f"thêm 0, cập nhật {ROWS}" in late.message
    assert Dossier.objects.count() == ROWS
    assert set(Dossier.objects.values_list("last_import_id", flat=True)) == {late.pk}


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_staged_before_an_import_applied_counts_against_the_dossiers_as_they_are(
    tmp_path, campaign, officer, monkeypatch
):
    first, second = _files(tmp_path)
    real_stage, done = pipeline.stage_file, {}

    def stage_then_let_the_other_import_run(stream, **kwargs):
        outcome = real_stage(stream, **kwargs)
        if not done:  # the first file is staged; the other one is uploaded and applied meanwhile
            done["second"] = None
            done["second"] = dossier_import_from_path(
                actor=officer, commune=campaign.commune, path=first, dry_run=False
            )
        return outcome

    monkeypatch.setattr(pipeline, "stage_file", stage_then_let_the_other_import_run)
    check = dossier_import_from_path(actor=officer, commune=campaign.commune, path=first, dry_run=True)
    assert (check.status, check.rows_added, check.rows_unchanged) == (ImportStatus.CHECKED, 0, ROWS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two sessions applying at once: PostgreSQL")
def test_two_imports_applying_at_once_wait_for_each_other_and_report_add_then_update(
    tmp_path, campaign, officer, monkeypatch
):
    files = _files(tmp_path)
    real_stage = pipeline.stage_file
    both_staged = threading.Barrier(2, timeout=60)

    def stage_and_wait(stream, **kwargs):
        outcome = real_stage(stream, **kwargs)
        both_staged.wait()  # neither applies before both have staged: they overlap for certain
        return outcome

    monkeypatch.setattr(pipeline, "stage_file", stage_and_wait)
    results, failures = [], []

    def run(path):
        try:
            # Each thread works as a request or task does: inside its commune's scope (scopes are per thread).
            with commune_scope(campaign.commune):
                results.append(
                    dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
                )
        except Exception as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    counts = sorted((r.rows_added, r.rows_updated) for r in results)
    assert counts == [(0, ROWS), (ROWS, 0)]
    assert Dossier.objects.count() == ROWS
