"""What the migration tests share: the schema put back at the latest migrations after each of them."""

from __future__ import annotations

from contextlib import contextmanager

from tests import dbsnapshot

_LATEST: dict = {}


@contextmanager
def kept_at_latest():
    """Whatever the test migrates, the database is at the latest migrations again afterwards.

    On SQLite the database as the test found it (every test leaves the schema at the latest migrations)
    is copied before the first migration test of the process and copied back after each (tests/dbsnapshot.py):
    the same schema, without migrating forward again through every app. Elsewhere: migrated forward."""
    from django.db import connection

    if not dbsnapshot.supported(connection):
        try:
            yield
        finally:
            migrate_to_latest()
        return
    if "copy" not in _LATEST:
        _LATEST["copy"] = dbsnapshot.take(connection)
    try:
        yield
    finally:
        dbsnapshot.restore(connection, _LATEST["copy"])


def migrate_to_latest():
    """Every app migrated to its last migration; the project state there (its ``apps``)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(leaves)
    ContentType.objects.clear_cache()
    return executor.loader.project_state(leaves).apps
