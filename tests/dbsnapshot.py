"""Copies of the whole test database, taken and put back with SQLite's online backup API (SQLite only).

A transactional test (its data committed, the database flushed after it: the browser journeys, the
migration tests) cannot be rolled back to a shared state as the other tests are (tests/shared_world.py).
What it builds first and identically — the full demo through every service, the schema at the latest
migrations — is built once per test process instead, copied into a private in-memory database
(:func:`take`), and copied back over the test database before each later test that needs it
(:func:`restore`): a page copy of a few megabytes instead of seconds of services or schema changes.
The copy holds everything, ``sqlite_sequence`` included, so the test starts from exactly the database
the first build left.

On PostgreSQL (``.ci/run``) :func:`supported` is False and the callers build as before.
"""

from __future__ import annotations

import sqlite3


def supported(connection) -> bool:
    """The database can be copied: SQLite, and not inside a transaction (a copy back would undo it)."""
    return connection.vendor == "sqlite" and not connection.in_atomic_block


def take(connection) -> sqlite3.Connection:
    """The database as it is now (committed), in a private in-memory database of this process."""
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    return copy


def restore(connection, copy: sqlite3.Connection) -> None:
    """Put ``copy`` back over the test database, then forget what the process cached of the old rows."""
    connection.ensure_connection()
    copy.backup(connection.connection)
    forget_cached_rows()


def forget_cached_rows() -> None:
    """Caches of this process keyed by primary keys the copied-back database may give to other rows."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    ContentType.objects.clear_cache()
    cache.clear()
