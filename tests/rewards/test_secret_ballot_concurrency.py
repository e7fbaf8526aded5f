"""Two last votes at the same moment (PostgreSQL): the ballot is counted once, with both votes.

A second connection holds the ballot row's lock while both members vote; we wait until both votes
are seen waiting for that lock in ``pg_stat_activity`` (no sleeps for timing), then release it."""

from __future__ import annotations

import os
import threading
import time

import psycopg
import pytest
from django.db import connection

from rewards import services
from rewards.models import BallotItem, SealedChoice
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.scoping import commune_scope

pytestmark = [
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _dsn() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _vote(user, ballot, errors: list) -> None:
    try:
        # As a request does: inside the ballot's commune's scope (scopes are per thread).
        with commune_scope(ballot.meeting.campaign.commune_id):
            services.ballot_cast(actor=user, ballot=ballot, agree=True)
    except Exception as error:  # noqa: BLE001 - reported to the test thread
        errors.append(error)
    finally:
        connection.close()


def test_two_last_votes_at_once_close_the_ballot_once_with_both_counted(online_ballot, users):
    for username in ("chutich", "phochutich"):
        services.ballot_cast(actor=users[username], ballot=online_ballot, agree=False)
    errors: list = []
    with psycopg.connect(_dsn()) as holder:
        holder.execute("SELECT id FROM rewards_ballotitem WHERE id = %s FOR UPDATE", [online_ballot.pk])
        threads = [
            threading.Thread(target=_vote, args=(users[name], online_ballot, errors))
            for name in ("hoidong", "vanphong")
        ]
        for thread in threads:
            thread.start()
        with psycopg.connect(_dsn(), autocommit=True) as watcher:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                waiting = watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = %s",
                    [connection.settings_dict["NAME"]],
                ).fetchone()[0]
                if waiting >= 2:
                    break
                time.sleep(0.05)
            assert waiting >= 2
        holder.rollback()
    for thread in threads:
        thread.join(60)
    assert errors == []
    ballot = BallotItem.objects.get(pk=online_ballot.pk)
    assert ballot.closed and (ballot.agree, ballot.disagree, ballot.not_voting) == (2, 2, 0)
    assert AuditEvent.objects.filter(action="ballot.close", object_id=str(ballot.pk)).count() == 1
    assert not SealedChoice.objects.filter(ballot=ballot).exists()
