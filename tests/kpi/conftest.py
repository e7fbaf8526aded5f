"""Helpers for kpi tests: small dossier files written in the import template."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from campaigns import services
from campaigns.models import Campaign
from campaigns.next_year import campaign_copy_next_year, next_slug, next_year_preview
from kpi.importer.columns import COLUMNS
from kpi.services import dossier_import_from_path
from tanbinh_portal.optimistic import UNCHECKED
from tests.shared_world import NEXT_CAMPAIGN, SHARED

HEADERS = [c.header for c in COLUMNS]


def row(code="HS1", **values) -> dict:
    """A valid resolved dossier received 03/03/2022, due 10/03, resolved 08/03, unless overridden."""
    base = {
        "Mã hồ sơ": code,
        "Mã thủ tục": "1.001",
        "Tên thủ tục": "Chứng thực bản sao",
        "Lĩnh vực": "Chứng thực",
        "Kênh nộp": "1",
        "Ngày tiếp nhận": "03/03/2022 08:00",
        "Ngày hẹn trả": "10/03/2022",
        "Ngày có kết quả": "08/03/2022 10:00",
        "Ngày trả kết quả": "",
        "Trạng thái": "10",
        "Số lần bổ sung": "",
        "Cán bộ tiếp nhận": "Võ Thị Lan",
        "Cán bộ xử lý": "Phan Thị Ngọc",
        "Đánh giá": "",
        "Lý do không hài lòng": "",
        "4 tại chỗ": "",
    }
    base.update(values)
    return base


def write_csv(path: Path, rows: list[dict], headers: list[str] | None = None, encoding="utf-8") -> Path:
    headers = headers or HEADERS
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for item in rows:
            writer.writerow([item.get(h, "") for h in headers])
    return path


@pytest.fixture
def import_rows(tmp_path, campaign, officer):
    """``import_rows([row(...), …], dry_run=False)`` -> the DossierImport record."""
    counter = {"n": 0}

    def run(rows, dry_run=False, headers=None, name=None):
        counter["n"] += 1
        path = write_csv(tmp_path / (name or f"file{counter['n']}.csv"), rows, headers)
        return dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=dry_run)

    return run


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary MEDIA_ROOT, not the worktree's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def live_runner():
    """``live_runner(record)``: make a 'running' import look alive, as its worker would.

    On PostgreSQL a second session takes the import's liveness lock (the test's own session would not
    do: advisory locks are re-entrant within a session); elsewhere the heartbeat is fresh.
    """
    from django.db import connection
    from django.utils import timezone

    from kpi.models import DossierImport
    from kpi.services.import_liveness import LOCK_CLASS

    sessions = []

    def hold(record) -> None:
        DossierImport.objects.filter(pk=record.pk).update(heartbeat_at=timezone.now())
        if connection.vendor == "postgresql":
            import psycopg

            s = connection.settings_dict
            session = psycopg.connect(
                host=s["HOST"] or "127.0.0.1",
                port=s["PORT"] or 5432,
                user=s["USER"],
                password=s["PASSWORD"] or None,
                dbname=s["NAME"],
                autocommit=True,
            )
            session.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_CLASS, record.pk])
            sessions.append(session)

    yield hold
    for session in sessions:
        session.close()


def launch_next_campaign(campaign, officer, chairman) -> Campaign:
    """The 2023 plan copied from ``campaign`` through the copy service, numbered and launched."""
    plan = next_year_preview(source=campaign, year=2023)
    new = campaign_copy_next_year(actor=officer, source=campaign, year=2023, fingerprint=plan.fingerprint)
    services.campaign_update(
        actor=officer, campaign=new, data={"document_number": "03/KH-UBND"}, expected_version=UNCHECKED
    )
    return services.campaign_launch(actor=chairman, campaign=new)


@pytest.fixture
def next_campaign(campaign, officer, chairman) -> Campaign:
    """The launched 2023 campaign after ``campaign``; built once per process in the shared state when the
    test's other fixtures build nothing before it (tests/shared_world.py, NEXT_CAMPAIGN)."""
    if SHARED.has(NEXT_CAMPAIGN):
        return Campaign.objects.get(commune=campaign.commune, slug=next_slug(campaign, 2023))
    return launch_next_campaign(campaign, officer, chairman)
