"""Shared fixtures: the demo's commune (built by factories, or in full by ``build_demo``) and clients per role.

``campaign``, ``users`` and the fixtures built on them come from ``world``: by default
``tests.factories.tan_binh_world()`` (the demo's accounts, organisation, plan and registrations written
through the models, ~0.1 s); the full demo built through every service (``demo.campaigns.build_demo``,
~1 s) when the test asks for ``demo`` itself or is marked ``full_demo`` (the documents and the
browser journeys are, by folder: see ``pytest_collection_modifyitems``).

Either is built once per test process and kept, uncommitted, under the tests that read it, each test
rolled back to it (``tests/shared_world.py``). A transactional test (the browser journeys) builds its
own the first time in the process; on SQLite the later ones get the database that build left, copied back
with SQLite's backup API (``SHARED.committed``, ``tests/dbsnapshot.py``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_scopes.state import state as scope_state

from campaigns import services
from campaigns.models import Campaign
from demo.campaigns import build_demo
from tanbinh_portal import roles
from tests import factories, sqlcheck
from tests.factories import make_user  # noqa: F401  (re-exported: tests import it from here)
from tests.shared_world import DEMO, FACTORY, SHARED, needed_state, order_key

# The test process's own ORM work (fixtures, the shared commune, test bodies, services called directly)
# runs with commune scopes disabled, as a management command that says ``all_communes()`` does. Every
# request of the test client enters the scope of its user's place in ``campaigns.middleware``, exactly as
# in production, so the pages and the permission matrix run with real scopes;
# ``tests/tanbinh_portal/test_scoping.py`` shows that an unscoped query outside them fails.
scope_state.set({"_enabled": False})

ROLE_USERS = {
    roles.CHAIRMAN: "chutich",
    roles.VICE_CHAIRMAN: "phochutich",
    roles.OFFICER: "vanphong",
    roles.COUNCIL: "hoidong",
    roles.ONE_STOP: "motcua",
    roles.STAFF: "canbo",
    roles.DISTRICT: "noivu",
}


@pytest.fixture(autouse=True, scope="session")
def _lock_names_checked():
    """``select_for_update(of=…)`` names checked on SQLite too, as PostgreSQL checks them (tests/sqlcheck.py)."""
    sqlcheck.install()
    yield
    sqlcheck.uninstall()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached page fragments never outlive a test: rolled-back data reuses ids and revisions."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Folders whose tests read what only the full demo holds (its audit trail, generated documents, the
# whole journey's pages): every test there is marked ``full_demo``.
FULL_DEMO_FOLDERS = ("documents", "e2e")


def pytest_collection_modifyitems(config, items):
    tests_root = config.rootpath / "tests"
    full_demo = [tests_root / folder for folder in FULL_DEMO_FOLDERS]
    for item in items:
        if any(item.path.is_relative_to(folder) for folder in full_demo):
            item.add_marker(pytest.mark.full_demo)
    # After pytest-django's order (database, transactional, no database: its hook runs first), tests that
    # read the same shared commune run together. Stable and computed from the items alone, so every
    # xdist worker collects the same order.
    items.sort(key=order_key)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the test's fixtures: the shared commune this test reads, or none (tests/shared_world.py)."""
    SHARED.arrange(needed_state(item))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database; from the next test on, the shared commune is arranged for each (the first
    database test, set up before the database existed, builds its own)."""
    SHARED.start(django_db_blocker)
    yield
    SHARED.stop()


@pytest.fixture
def demo(db) -> dict:
    """The full demo: the commune, its launched 2022 campaign and one account per role, through the services."""
    return SHARED.get(DEMO) or SHARED.committed(DEMO, build_demo)


@pytest.fixture
def world(request, db) -> dict:
    """The commune the shared fixtures use: the factory-built one, or the full demo (see the module doc)."""
    if "demo" in request.fixturenames or request.node.get_closest_marker("full_demo"):
        return request.getfixturevalue("demo")
    return SHARED.get(FACTORY) or SHARED.committed(FACTORY, factories.tan_binh_world)


@pytest.fixture
def second_commune(world) -> dict:
    """Commune B beside the test world's commune (``tests.factories.second_commune_world``)."""
    return SHARED.get_second() or factories.second_commune_world()


@pytest.fixture
def campaign(world) -> Campaign:
    return world["campaign"]


@pytest.fixture
def users(world) -> dict[str, User]:
    return world["users"]


@pytest.fixture
def officer(users) -> User:
    return users["vanphong"]


@pytest.fixture
def chairman(users) -> User:
    return users["chutich"]


@pytest.fixture
def client_as(world):
    """``client_as("vanphong")`` -> a client logged in as that demo account."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture
def draft_campaign(world, officer) -> Campaign:
    commune = world["campaign"].commune
    return services.campaign_create(
        actor=officer,
        commune=commune,
        slug="tan-binh-cchc-2023",
        data={
            "issuing_body": "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH",
            "place_name": "Tân Bình",
            "title": "Phát động thi đua cải cách hành chính năm 2023",
            "purposes": "Mục đích thứ nhất.",
            "start_date": dt.date(2023, 1, 2),
            "end_date": dt.date(2023, 12, 31),
            "recipients": "UBND huyện\nLưu: VT",
            "signatory_name": "Lê Văn Tài",
        },
    )
