"""What tests/shared_world.py builds for a test and where it schedules it (the fast suite, issue 13)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.shared_world import AWARD_ROUND, DEMO, FACTORY, KEEP, SEEDED, needed_state, order_key

TESTS = Path(__file__).resolve().parent


class Item:
    """The little of a pytest item that needed_state and order_key read."""

    def __init__(self, name: str, fixtures: tuple[str, ...] = (), marks: tuple = ()):
        self.name = name
        self.fixturenames = list(fixtures)
        self._marks = {mark.mark.name: mark.mark for mark in marks}

    def get_closest_marker(self, name: str):
        return self._marks.get(name)

    def __repr__(self) -> str:
        return self.name


DB = pytest.mark.django_db
TRANSACTIONAL = pytest.mark.django_db(transaction=True)


def test_a_test_marked_with_award_round_gets_the_round_built_in_the_shared_state():
    marked = pytest.mark.with_award_round
    assert needed_state(Item("marked", ("db", "world", "campaign"), (marked,))) == (FACTORY, AWARD_ROUND)
    full = Item("full", ("db", "world", "campaign"), (marked, pytest.mark.full_demo))
    assert needed_state(full) == (DEMO, AWARD_ROUND)
    assert needed_state(Item("plain", ("db", "world", "campaign"))) == (FACTORY,)
    # A transactional test builds what it needs itself, committed, marker or not.
    assert needed_state(Item("committed", ("world", "campaign"), (marked, TRANSACTIONAL))) is None


def test_the_seed_tests_share_one_seed_demo_run_and_the_others_an_empty_database():
    assert needed_state(Item("seeded", ("db", "seeded_demo"))) == (SEEDED,)
    assert needed_state(Item("seeds itself", ("db",))) is None
    assert needed_state(Item("no database", ("tmp_path",))) == KEEP


def test_transactional_tests_run_after_the_others_on_an_empty_database_the_longest_first():
    items = [
        Item("no database", ("tmp_path",)),
        Item("transactional", ("transactional_db",)),
        Item("journey", ("live_server", "page"), (TRANSACTIONAL,)),
        Item("longest journey", ("live_server", "page"), (TRANSACTIONAL, pytest.mark.long_running)),
        Item("empty database", ("db",), (DB,)),
        Item("demo", ("db", "demo")),
        Item("factory", ("db", "world")),
    ]
    ordered = [item.name for item in sorted(items, key=order_key)]
    assert ordered == [
        "factory",
        "demo",
        "empty database",
        "longest journey",
        "journey",
        "transactional",
        "no database",
    ]


def _starts_with_ensure_award_round(function: ast.FunctionDef) -> bool:
    body = [
        statement
        for statement in function.body
        if not isinstance(statement, ast.Import | ast.ImportFrom)
        and not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
    ]
    first = body[0] if body else None
    return (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Call)
        and getattr(first.value.func, "id", None) == "ensure_award_round"
    )


def test_every_test_that_starts_by_building_the_award_round_is_marked_to_share_it():
    """Unmarked, such a test still passes but builds the round itself (about 600 queries) every time."""
    unmarked = []
    for path in sorted(TESTS.rglob("test_*.py")):
        if path.parent.name == "e2e":  # transactional: the journeys commit their own demo
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                marks = {ast.unparse(decorator) for decorator in node.decorator_list}
                if _starts_with_ensure_award_round(node) and "pytest.mark.with_award_round" not in marks:
                    unmarked.append(f"{path.relative_to(TESTS)}::{node.name}")
    assert unmarked == []


def test_the_next_campaign_is_shared_only_over_the_factory_world_alone():
    from tests.shared_world import CONFIGURED, NEXT_CAMPAIGN

    assert needed_state(Item("next", ("db", "world", "campaign", "next_campaign"))) == (FACTORY, NEXT_CAMPAIGN)
    # Over other layers (built first by other fixtures) or the full demo, the fixture builds it itself.
    configured = Item("configured", ("db", "world", "configured", "next_campaign"))
    assert needed_state(configured) == (FACTORY, CONFIGURED)
    full = Item("full", ("db", "world", "next_campaign"), (pytest.mark.full_demo,))
    assert needed_state(full) == (DEMO,)


@pytest.mark.django_db(transaction=True)
def test_a_copy_of_the_database_put_back_undoes_every_commit_since_and_the_counters():
    """tests/dbsnapshot.py: what the transactional tests' shared demo and the migration tests rely on."""
    from django.contrib.auth.models import Group
    from django.db import connection

    from tests import dbsnapshot

    if not dbsnapshot.supported(connection):
        pytest.skip("copies are taken on SQLite only; elsewhere the callers build")
    kept = Group.objects.create(name="kept").pk
    copy = dbsnapshot.take(connection)
    Group.objects.create(name="after the copy")
    Group.objects.filter(pk=kept).delete()
    dbsnapshot.restore(connection, copy)
    mine = Group.objects.filter(name__in=("kept", "after the copy"))
    assert list(mine.values_list("pk", "name")) == [(kept, "kept")]
    assert Group.objects.create(name="next").pk == kept + 1  # sqlite_sequence came back too


def test_the_two_more_communes_are_shared_only_for_their_own_test_file():
    from tests.shared_world import TAN_BIEN_COMMUNES

    theirs = Item("theirs", ("db", "world", "built"))
    theirs.path = TESTS / "demo" / "test_communes.py"
    assert needed_state(theirs) == (FACTORY, TAN_BIEN_COMMUNES)
    elsewhere = Item("elsewhere", ("db", "world", "built"))  # a fixture of the same name in another file
    elsewhere.path = TESTS / "kpi" / "test_views.py"
    assert needed_state(elsewhere) == (FACTORY,)
