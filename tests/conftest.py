"""Shared fixtures: the demo commune built through the services, and clients per role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from campaigns import services
from campaigns.demo import build_demo
from campaigns.models import Campaign, Person
from tanbinh_portal import roles

ROLE_USERS = {
    roles.CHAIRMAN: "chutich",
    roles.VICE_CHAIRMAN: "phochutich",
    roles.OFFICER: "vanphong",
    roles.COUNCIL: "hoidong",
    roles.ONE_STOP: "motcua",
    roles.STAFF: "canbo",
    roles.DISTRICT: "noivu",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached page fragments never outlive a test: rolled-back data reuses ids and revisions."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db) -> dict:
    """The demo commune, its launched 2022 campaign and one account per role."""
    return build_demo()


@pytest.fixture
def campaign(demo) -> Campaign:
    return demo["campaign"]


@pytest.fixture
def users(demo) -> dict[str, User]:
    return demo["users"]


@pytest.fixture
def officer(users) -> User:
    return users["vanphong"]


@pytest.fixture
def chairman(users) -> User:
    return users["chutich"]


@pytest.fixture
def client_as(demo):
    """``client_as("vanphong")`` -> a client logged in as that demo account."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture
def draft_campaign(demo, officer) -> Campaign:
    commune = demo["campaign"].commune
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


def make_user(username: str, *role_names: str, person: Person | None = None) -> User:
    user = User.objects.create_user(username=username, password="x-password-123")
    user.groups.set(Group.objects.filter(name__in=role_names))
    if person is not None:
        person.user = user
        person.save()
    return user
