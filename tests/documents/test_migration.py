"""GeneratedDocument moves from campaigns to documents in state only: its table, rows and content type stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import kept_at_latest

BEFORE = [("campaigns", "0009_campaign_copied_from"), ("documents", None)]
TABLE = "campaigns_generateddocument"


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def _latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(leaves)
    return executor.loader.project_state(leaves).apps


@pytest.fixture
def back_to_latest():
    """Whatever happens in the test, leave the schema at the latest migrations for the next tests."""
    with kept_at_latest():
        yield


def _old_document(apps):
    Commune = apps.get_model("campaigns", "Commune")
    Campaign = apps.get_model("campaigns", "Campaign")
    commune = Commune.objects.create(code="xa-cu", name="Xã", district_name="H", province_name="T")
    campaign = Campaign.objects.create(
        commune=commune,
        slug="ke-hoach-cu",
        issuing_body="UBND",
        place_name="Xã",
        title="Kế hoạch cũ",
        purposes="x",
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2022, 12, 31),
        recipients="x",
        signatory_name="A",
    )
    return apps.get_model("campaigns", "GeneratedDocument").objects.create(
        campaign=campaign, kind="ke-hoach", version=1, status="done", file="van-ban/x.pdf", sha256="a" * 64
    )


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db(transaction=True)
def test_a_database_at_mains_state_keeps_its_documents_table_rows_and_content_type(back_to_latest):
    old_apps = _migrate(BEFORE)
    assert TABLE in _tables()
    old = _old_document(old_apps)
    ContentType.objects.filter(app_label="documents", model="generateddocument").delete()  # as on main
    moved_type, _ = ContentType.objects.get_or_create(app_label="campaigns", model="generateddocument")

    apps = _latest()
    assert TABLE in _tables()  # neither dropped nor recreated: the row below is the one written before
    document = apps.get_model("documents", "GeneratedDocument").objects.get(pk=old.pk)
    assert (document.kind, document.version, document.sha256) == ("ke-hoach", 1, "a" * 64)
    assert document.campaign.slug == "ke-hoach-cu"
    moved_type.refresh_from_db()
    assert moved_type.app_label == "documents"  # admin log entries and permissions follow the model


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_migrated_back_without_touching_the_table(back_to_latest):
    apps = _latest()
    assert TABLE in _tables()
    old_apps = _migrate(BEFORE)
    assert TABLE in _tables()
    assert old_apps.get_model("campaigns", "GeneratedDocument")._meta.db_table == TABLE
    assert apps.get_model("documents", "GeneratedDocument")._meta.db_table == TABLE
