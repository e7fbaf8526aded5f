"""The commune the shared fixtures read, built once per test process and kept under every test that reads it.

Building the commune is most of a test's setup (the factory world ~0.1–0.2 s, the full demo ~1 s, against a
median test body of 0.04 s). Instead of building it inside each test's transaction, the process builds it
once inside an outer transaction that is never committed; pytest-django's per-test transaction then
becomes a savepoint inside it, so each test still starts from exactly the built state and everything it
writes is rolled back at its end (pytest-django's non-transactional tests skip ``TestCase``'s class-level
setup so that tests can be wrapped in such higher-scoped transactions).

Only tests that ask for the commune (``world``, ``demo`` or a fixture built on them) see it:

- before each test (``pytest_runtest_setup``, before any fixture) :func:`arrange` makes the outer
  transaction hold what the test needs: the factory world or the full demo, with the layers its
  fixtures build the same way in every test (below), or nothing — a database test
  that asks for neither, and every transactional test (its data must be committed and is flushed after
  it), runs with the outer transaction rolled back, on the same empty database as before;
- ``tests/conftest.py`` orders the tests so that those needing the same state run one after the other
  (a change of state costs one build), after pytest-django's own order (database, transactional, other);
- ``world``/``demo`` hand each test fresh instances read from the database (the built objects are never
  shared between tests, so one test changing an instance in memory cannot leak into the next).

A transactional test that asks for the commune gets it committed (``committed``): built by the first
such test of the process, and on SQLite copied back for the later ones from a copy of the database taken
right after that build (tests/dbsnapshot.py); the flush after each test removes it.

The layers are what many tests' fixtures build first and identically, through the same code the fixtures
call: ``configured`` (the demo's council, quotas and rules), Võ Thị Lan's 20-dossier log imported through
kpi (first step of the fixtures in LAN_LOG_FIXTURES), the whole of ``online_ballot`` or ``passed_list``,
and the demo's award round (``ensure_award_round``, first step of the fixtures in AWARD_ROUND_FIXTURES and
of the tests marked ``with_award_round``). Each of those fixtures does its work only when the shared state
does not hold it (``SHARED.has``), and returns what it returned before, read from the database.

One more base: the database a whole ``seed_demo`` run leaves (SEEDED), for the seed tests that read it or
run the command again over it (their fixture ``seeded_demo``).
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FACTORY = "factory"
DEMO = "demo"
# The database `seed_demo` leaves (dossiers included), for the seed tests that only read it or run the
# command again over it (``tests/demo/test_seed_demo.py``'s ``seeded_demo``).
SEEDED = "seed_demo"
# Layers over the commune, built in this order when a test's fixtures ask for them:
# the award round's configuration (``configured``: the demo's council, quotas and rules) and
# Võ Thị Lan's one-stop log of 20 dossiers imported through kpi, the first thing the fixtures named in
# LAN_LOG_FIXTURES do (through ``tests.rewards.conftest.import_lan_log``).
CONFIGURED = "configured"
LAN_LOG = "lan_log"
LAN_LOG_FIXTURES = ("lan", "online_ballot", "passed_list", "paper_meeting", "three_accepted")
# The demo's whole award round (``tests.rewards.helpers.ensure_award_round``: campaign closed, council,
# nominations, meeting, approval, decision, proposals upward), what the fixtures named here build first;
# ``ensure_award_round`` finds it there and does nothing.
# The whole of two rewards fixtures (``tests/rewards/conftest.py``), each after Lan's log: an open online
# meeting on her nomination (``online_ballot``) and a closed paper meeting's passed list (``passed_list``).
ONLINE_BALLOT = "online_ballot"
PASSED_LIST = "passed_list"
AWARD_ROUND = "award_round"
AWARD_ROUND_FIXTURES = ("award_round", "closed_round", "summaries", "proposed_with_file")
# The launched 2023 campaign copied from the 2022 one (``tests.kpi.conftest.next_campaign``), over the
# factory world alone, for the tests whose fixtures build nothing else first.
NEXT_CAMPAIGN = "next_campaign"
# The demo's two more communes of Tân Biên with their logs (``demo.communes.build_communes_demo``), over the
# factory world, for the tests of ``tests/demo/test_communes.py`` (their fixture ``built``).
TAN_BIEN_COMMUNES = "tan_bien_communes"
TAN_BIEN_COMMUNES_FIXTURE = "built"
TAN_BIEN_COMMUNES_MODULE = "tests/demo/test_communes.py"
# Commune B of the two-commune isolation tests (``tests.factories.second_commune_world``), over any of the above,
# built when a test asks for the ``second_commune`` fixture.
SECOND_COMMUNE = "second_commune"
# A test whose body starts with ``ensure_award_round(campaign)`` says so with this marker: the round is then
# built once in the shared state instead of inside each such test (its own call finds it and does nothing).
AWARD_ROUND_MARKER = "with_award_round"
# For a test that does not touch the database: whatever the outer transaction holds may stay.
KEEP = "keep"


def _transactional(item: pytest.Item) -> bool:
    """pytest-django's own test (``_django_db_helper``): committed data, flushed after the test."""
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        from pytest_django.fixtures import validate_django_db

        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return any(name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences"))


def needed_state(item: pytest.Item) -> tuple[str, ...] | str | None:
    """What the outer transaction must hold for ``item``: the commune and its layers (a tuple such as
    ``("factory", "configured")``), None (an empty database) or KEEP."""
    names = getattr(item, "fixturenames", ())
    uses_db = item.get_closest_marker("django_db") is not None or "db" in names or _transactional(item)
    if not uses_db:
        return KEEP
    if _transactional(item) or "django_db_serialized_rollback" in names:
        return None
    if "seeded_demo" in names:
        return (SEEDED,)
    if "demo" in names or ("world" in names and item.get_closest_marker("full_demo")):
        base = DEMO
    elif "world" in names:
        base = FACTORY
    else:
        return None
    layers = [base]
    second = (SECOND_COMMUNE,) if SECOND_COMMUNE in names else ()
    if any(name in names for name in AWARD_ROUND_FIXTURES) or item.get_closest_marker(AWARD_ROUND_MARKER):
        return (base, AWARD_ROUND, *second)  # holds the configuration too (build_award_round ensures it)
    if "configured" in names:
        layers.append(CONFIGURED)
        if any(name in names for name in LAN_LOG_FIXTURES):
            layers.append(LAN_LOG)
            whole = [name for name in (ONLINE_BALLOT, PASSED_LIST) if name in names]
            if len(whole) == 1:
                layers.append(whole[0])
    if NEXT_CAMPAIGN in names and layers == [FACTORY]:
        layers.append(NEXT_CAMPAIGN)
    if TAN_BIEN_COMMUNES_FIXTURE in names and layers == [FACTORY] and _in_module(item, TAN_BIEN_COMMUNES_MODULE):
        layers.append(TAN_BIEN_COMMUNES)
    return tuple(layers)


def _in_module(item: pytest.Item, module: str) -> bool:
    path = getattr(item, "path", None)
    return path is not None and path.as_posix().endswith(module)


def order_key(item: pytest.Item) -> tuple:
    """Tests needing the same state next to each other (a stable sort keeps the order within each).

    Among the tests on an empty database, the transactional ones stay after the others (their flush
    removes what the migrations wrote, which the others read), longest first: the tests marked
    ``long_running`` (the accessibility journey), then the other browser journeys. A worker of
    pytest-xdist then starts them while the other workers still have the shorter tests to run, and no
    journey is left alone at the end of the run (with ``--maxschedchunk`` small, as in ``make test``, a
    worker holds at most two tests it has not started)."""
    state = needed_state(item)
    if state is None:
        if not _transactional(item):
            return (2, 0)
        if item.get_closest_marker("long_running"):
            return (2, 1)
        return (2, 2 if "live_server" in getattr(item, "fixturenames", ()) else 3)
    if state == KEEP:
        return (3, ())
    return (0, state[1:]) if state[0] == FACTORY else (1, state)


@dataclass
class SharedWorld:
    blocker: object | None = None  # pytest-django's DjangoDbBlocker, once the test database exists
    state: tuple[str, ...] | None = None
    builds: int = 0
    _atomic: object | None = None
    _keys: dict = field(default_factory=dict)
    # Committed bases of the transactional tests (``committed``): base -> (copy of the database, keys).
    _copies: dict = field(default_factory=dict)

    def start(self, blocker) -> None:
        self.blocker = blocker

    def stop(self) -> None:
        if self.blocker is not None:
            with self.blocker.unblock():
                self._drop()
        self.blocker = None

    def arrange(self, needed: str | None) -> None:
        """Make the outer transaction hold ``needed`` (see ``needed_state``) before the test's fixtures run."""
        if self.blocker is None or needed == KEEP:
            return
        with self.blocker.unblock():
            if needed == self.state and self._healthy():
                return
            self._drop()
            if needed is not None:
                self._build(needed)

    def has(self, layer: str) -> bool:
        if self.state is None:
            return False
        if layer in self.state:
            return True
        return layer == CONFIGURED and AWARD_ROUND in self.state

    def get(self, base: str) -> dict | None:
        """Fresh instances of the shared commune, or None when the process does not hold it."""
        if self.state is None or self.state[0] != base:
            return None
        return _fresh_world(self._keys)

    def committed(self, base: str, build) -> dict:
        """The commune ``base`` for a transactional test (its data committed, flushed after it): ``build()``
        the first time in the process, then — on SQLite — the database as that build left it, copied back
        (tests/dbsnapshot.py) instead of building again. On PostgreSQL every such test builds it.

        The copy stands for the whole database: a transactional test asks for ``demo``/``world`` before any
        fixture of its own that writes (every journey does: their fixtures start from ``demo``)."""
        from django.db import connection

        from tests import dbsnapshot

        if not dbsnapshot.supported(connection):
            return build()
        if base in self._copies:
            copy, keys = self._copies[base]
            dbsnapshot.restore(connection, copy)
            return _fresh_world(keys)
        world = build()
        self._copies[base] = (dbsnapshot.take(connection), _world_keys(world))
        return world

    def _healthy(self) -> bool:
        """Still inside the outer transaction alone (every test's savepoint undone) and usable."""
        from django.db import connection

        return self._atomic is not None and len(connection.atomic_blocks) == 1 and not connection.needs_rollback

    def _build(self, state: tuple[str, ...]) -> None:
        from django.db import transaction

        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        try:
            if state[0] == SEEDED:
                from django.core.management import call_command

                call_command("seed_demo", stdout=io.StringIO())
                world = None
            elif state[0] == DEMO:
                from demo.campaigns import build_demo

                world = build_demo()
            else:
                from tests.factories import tan_binh_world

                world = tan_binh_world()
            if CONFIGURED in state:
                configure(world["campaign"], world["users"])
            if AWARD_ROUND in state:
                from tests.rewards.helpers import ensure_award_round

                ensure_award_round(world["campaign"])
            if NEXT_CAMPAIGN in state:
                from tests.kpi.conftest import launch_next_campaign

                users = world["users"]
                launch_next_campaign(world["campaign"], users["vanphong"], users["chutich"])
            if TAN_BIEN_COMMUNES in state:
                from django.conf import settings

                from demo.communes import build_communes_demo

                build_communes_demo(settings.DEMO_PASSWORD, dossiers=True)
            if LAN_LOG in state:
                with tempfile.TemporaryDirectory() as folder:  # read where it is, not kept (no copy)
                    import_lan_log(world["campaign"], world["users"]["vanphong"], Path(folder) / "log1.csv")
            if ONLINE_BALLOT in state or PASSED_LIST in state:
                from tests.rewards import conftest as rewards

                campaign, users = world["campaign"], world["users"]
                accepted = rewards.make_accepted(rewards.make_nominate(campaign, users), users)
                build = rewards.build_online_ballot if ONLINE_BALLOT in state else rewards.build_passed_list
                build(campaign, users, accepted)
            second = {}
            if SECOND_COMMUNE in state:
                from tests.factories import second_commune_world

                second = {
                    name: (type(obj), obj.pk) for name, obj in second_commune_world().items() if name != "members"
                }
        except BaseException:
            self._drop()
            raise
        self.state = state
        self.builds += 1
        self._keys = {**_world_keys(world), "second": second} if world is not None else {}

    def get_second(self) -> dict | None:
        """Fresh instances of commune B, or None when the process does not hold it."""
        if self.state is None or SECOND_COMMUNE not in self.state:
            return None
        return {name: model._base_manager.get(pk=pk) for name, (model, pk) in self._keys["second"].items()}

    def _drop(self) -> None:
        from django.db import connection, transaction

        atomic, self._atomic, self.state, self._keys = self._atomic, None, None, {}
        if atomic is None:
            return
        # Undo whatever a failed test left open above the outer transaction, then the outer one itself.
        while len(connection.atomic_blocks) > 1:
            transaction.set_rollback(True)
            connection.atomic_blocks[-1].__exit__(None, None, None)
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _world_keys(world: dict) -> dict:
    return {
        "password": world["password"],
        "generated": world["generated"],
        "campaign": world["campaign"].pk,
        "users": {name: user.pk for name, user in world["users"].items()},
    }


def _fresh_world(keys: dict) -> dict:
    """The commune's campaign and accounts read again from the database (never instances of another test)."""
    from django.contrib.auth.models import User

    from campaigns.models import Campaign

    by_pk = User.objects.in_bulk(keys["users"].values())
    return {
        "password": keys["password"],
        "generated": keys["generated"],
        "campaign": Campaign.objects.get(pk=keys["campaign"]),
        "users": {name: by_pk[pk] for name, pk in keys["users"].items()},
    }


def configure(campaign, users) -> None:
    """The demo's council of nine, quotas (xã 4, huyện 2, tỉnh 1) and the two basic rules per form."""
    from demo.rewards import ensure_config, ensure_council

    ensure_council(campaign, users["vanphong"])
    ensure_config(campaign, users["vanphong"])


def import_lan_log(campaign, officer, path: Path):
    """Võ Thị Lan's 20 dossiers, all on time, imported through kpi (indicators recomputed)."""
    from kpi.services import dossier_import_from_path
    from tests.kpi.conftest import write_csv
    from tests.rewards.conftest import lan_rows

    write_csv(path, lan_rows(20))
    return dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)


SHARED = SharedWorld()
