"""The data migration gives existing campaigns the five monthly fields, and links stored values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import kept_at_latest

BEFORE = [("campaigns", "0003_generated_documents"), ("kpi", "0001_initial")]
AFTER = [("campaigns", "0004_monthly_fields"), ("kpi", "0002_monthly_value_field")]
FIVE = {"e_documents", "digital_signatures", "promotion_sessions", "camera_days", "surveys"}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    """Whatever happens in the test, leave the schema at the latest migrations for the next tests."""
    with kept_at_latest():
        yield


def _old_campaign(apps, slug, criteria_orders, start=dt.date(2022, 1, 1)):
    Commune = apps.get_model("campaigns", "Commune")
    Campaign = apps.get_model("campaigns", "Campaign")
    Criterion = apps.get_model("campaigns", "Criterion")
    commune, _ = Commune.objects.get_or_create(
        code="xa", defaults={"name": "Xã", "district_name": "H", "province_name": "T"}
    )
    campaign = Campaign.objects.create(
        commune=commune,
        slug=slug,
        issuing_body="UBND",
        place_name="Xã",
        title=slug,
        purposes="x",
        start_date=start,
        end_date=start.replace(month=12, day=31),
        recipients="x",
        signatory_name="A",
    )
    for order in criteria_orders:
        Criterion.objects.create(campaign=campaign, order=order, text=f"Nội dung {order}", kind="assessed")
    return campaign


@pytest.mark.django_db(transaction=True)
def test_existing_campaigns_keep_the_five_keys_and_their_values(back_to_latest):
    apps = _migrate(BEFORE)
    plan = _old_campaign(apps, "ke-hoach-2022", range(1, 11))
    short = _old_campaign(apps, "ke-hoach-ngan", [1, 2])
    empty = _old_campaign(apps, "ke-hoach-trong", [])
    Criterion = apps.get_model("campaigns", "Criterion")
    target_home = Criterion.objects.get(campaign=short, order=2)
    target_home.kind = "measured"
    target_home.save()
    apps.get_model("campaigns", "CriterionTarget").objects.create(
        criterion=target_home, indicator="e_documents", comparator="increase", unit_label="%"
    )
    report = apps.get_model("kpi", "MonthlyReport").objects.create(campaign_id=plan.pk, month="2022-03")
    MonthlyValue = apps.get_model("kpi", "MonthlyValue")
    MonthlyValue.objects.create(report=report, key="e_documents", value=40)
    MonthlyValue.objects.create(report=report, key="b06a_3", value=5)

    apps = _migrate(AFTER)
    MonthlyField = apps.get_model("campaigns", "MonthlyField")
    placed = {f.key: f.criterion.order for f in MonthlyField.objects.filter(campaign_id=plan.pk)}
    assert placed == {
        "promotion_sessions": 7,
        "e_documents": 8,
        "digital_signatures": 8,
        "camera_days": 9,
        "surveys": 10,
    }
    on_short = {f.key: f.criterion.order for f in MonthlyField.objects.filter(campaign_id=short.pk)}
    assert set(on_short) == FIVE
    assert on_short["e_documents"] == 2  # the criterion whose target uses it
    assert on_short["surveys"] == 1  # no criterion 10: the first one
    assert not MonthlyField.objects.filter(campaign_id=empty.pk).exists()
    values = {v.key: v for v in apps.get_model("kpi", "MonthlyValue").objects.all()}
    assert values["e_documents"].field.key == "e_documents" and values["e_documents"].field.campaign_id == plan.pk
    assert values["b06a_3"].field is None


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_is_reversible(back_to_latest):
    _migrate(BEFORE)
    _migrate(AFTER)
    apps = _migrate(BEFORE)
    assert "monthlyfield" not in {m._meta.model_name for m in apps.get_app_config("campaigns").get_models()}
