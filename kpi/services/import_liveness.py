"""Is the process running an import still alive?

On PostgreSQL the runner holds a session-level advisory lock for the whole run. The server releases it
the moment the runner's connection dies (worker SIGKILLed, machine lost), so "can I take the lock?" is
an exact answer with no clock involved. Elsewhere (SQLite, development: the embedded worker)
a heartbeat older than ``STALE_AFTER`` means the runner is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection
from django.utils import timezone

# First key of the two-int advisory lock: this lock family ("kpi import"); the second is the import id.
LOCK_CLASS = 7301
# Progress is reported every staging batch (seconds apart); a silent quarter of an hour is a dead run.
STALE_AFTER = timedelta(minutes=15)


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _try_lock(import_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, import_id])
        return bool(cursor.fetchone()[0])


def _unlock(import_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, import_id])


@contextmanager
def runner_lock(import_id: int) -> Iterator[bool]:
    """Hold the import's liveness lock while running it; yields False when another runner holds it."""
    if not _pg():
        yield True
        return
    held = _try_lock(import_id)
    try:
        yield held
    finally:
        if held and connection.is_usable():
            _unlock(import_id)


def runner_is_dead(record) -> bool:
    """True when the import marked 'running' has no live runner."""
    if _pg():
        if not _try_lock(record.pk):
            return False
        _unlock(record.pk)
        return True
    return record.heartbeat_at is None or record.heartbeat_at < timezone.now() - STALE_AFTER
