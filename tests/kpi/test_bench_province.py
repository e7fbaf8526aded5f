"""The province bench's builder at tiny size (scripts/bench_province.py): 2 communes × 2 years, 60 rows a
year, through the services, the province file routed by its unit codes, the indicators computed."""

from __future__ import annotations

import csv

import pytest

from campaigns.models import Campaign, CampaignStatus, Commune
from kpi.models import Dossier, ImportStatus, IndicatorValue, OneStopUnit
from kpi.periods import CAMPAIGN
from kpi.services import dossier_import_from_path
from scripts.bench_province import build_province, campaign_slug, generate_year, unit_code
from tanbinh_portal.scoping import all_communes

pytestmark = pytest.mark.django_db


def test_the_province_builder_routes_one_file_to_its_communes_and_computes_them(tmp_path):
    with all_communes():
        made = build_province(2, [2024, 2025], log=lambda *a, **k: None)
        assert made == {"communes": 2, "campaigns": 4}
        assert build_province(2, [2024, 2025], log=lambda *a, **k: None) == {"communes": 0, "campaigns": 0}
        later = Campaign.objects.get(slug=campaign_slug(2, 2025))
        assert later.copied_from.slug == campaign_slug(2, 2024)  # the plan copy service
        assert later.status == CampaignStatus.LAUNCHED
        assert OneStopUnit.objects.get(code=unit_code(2)).commune.code == "bench-002"

        path = tmp_path / "province-2024.csv"
        assert generate_year(path, 2, 60, 2024) == 60
        with open(path, encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0][0] == "Mã đơn vị"
        assert {row[0] for row in rows[1:]} == {unit_code(1), unit_code(2)}

        record = dossier_import_from_path(actor=None, commune=None, path=path, dry_run=False)
        assert record.status == ImportStatus.APPLIED, record.message
        for index in (1, 2):
            commune = Commune.objects.get(code=f"bench-{index:03d}")
            assert Dossier.objects.filter(commune=commune).count() == 30
            campaign = Campaign.objects.get(slug=campaign_slug(index, 2024))
            received = IndicatorValue.objects.get(
                campaign=campaign, indicator="received", scope="commune", period=CAMPAIGN
            )
            # Received: every dossier but those only registered (1) or refused (3), all inside the campaign.
            assert received.numerator == Dossier.objects.filter(commune=commune).exclude(status__in=[1, 3]).count()
