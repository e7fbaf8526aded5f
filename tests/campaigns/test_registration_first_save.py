"""First registrations carry version 0: a second first save is refused, never a silent update."""

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from campaigns import services
from campaigns.models import Person, Registration
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.optimistic import NEW_ROW, STALE_MESSAGE


def _register(campaign, actor, person, orders):
    return services.registration_submit(
        actor=actor,
        campaign=campaign,
        person=person,
        commitments=[(c, "cam kết") for c in campaign.criteria.filter(order__in=orders)],
        expected_version=NEW_ROW,
    )


def test_four_first_registrations_give_one_create_and_three_refusals(campaign, users):
    me = Person.objects.get(user=users["canbo"])
    outcomes = []
    for orders in ([1], [2], [3], [4]):
        try:
            _register(campaign, users["canbo"], me, orders)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.code)
    assert outcomes == ["saved", "stale", "stale", "stale"]
    registration = Registration.objects.get(campaign=campaign, person=me)
    assert [c.criterion.order for c in registration.commitments.all()] == [1]
    assert not AuditEvent.objects.filter(action="registration.update", object_id=str(registration.pk)).exists()


def _rendered_version(page: str) -> str:
    match = re.search(r'name="version" value="([^"]*)"', page)
    return match.group(1) if match else ""


@pytest.mark.django_db(transaction=True)
def test_parallel_first_registrations_through_the_page_give_one_save_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent sessions (PostgreSQL)")
    campaign = world["campaign"]
    me = Person.objects.get(user__username="canbo")
    url = reverse("campaigns:registration-edit", args=[campaign.slug, "ca-nhan", me.pk])
    clients = [Client() for _ in range(4)]
    for client in clients:
        client.force_login(me.user)
    version = _rendered_version(clients[0].get(url).content.decode())
    criteria = list(campaign.criteria.order_by("order")[:4])
    barrier = threading.Barrier(4)
    outcomes = []

    def register(client, criterion):
        try:
            data = {f"commit_{criterion.pk}": "on", f"target_{criterion.pk}": "100%", "version": version}
            barrier.wait()
            response = client.post(url, data)
            outcomes.append("saved" if response.status_code == 302 else "refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=pair) for pair in zip(clients, criteria, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "saved"]
    registration = Registration.objects.get(campaign=campaign, person=me)
    assert registration.commitments.count() == 1
    assert not AuditEvent.objects.filter(action="registration.update", object_id=str(registration.pk)).exists()


def test_the_registration_page_refuses_a_second_first_save(campaign, client_as):
    me = Person.objects.get(user__username="canbo")
    url = reverse("campaigns:registration-edit", args=[campaign.slug, "ca-nhan", me.pk])
    criterion = campaign.criteria.get(order=2)
    data = {f"commit_{criterion.pk}": "on", f"target_{criterion.pk}": "100%", "version": "0"}
    first, second = client_as("canbo"), client_as("canbo")
    assert _rendered_version(first.get(url).content.decode()) == "0"
    assert first.post(url, data).status_code == 302
    response = second.post(url, {**data, "commitment_text": "Tab thứ hai"})
    assert response.status_code == 200 and STALE_MESSAGE in response.content.decode()
    assert Registration.objects.get(campaign=campaign, person=me).commitment_text == ""


def test_a_registration_post_without_version_saves_nothing(campaign, client_as):
    me = Person.objects.get(user__username="canbo")
    url = reverse("campaigns:registration-edit", args=[campaign.slug, "ca-nhan", me.pk])
    criterion = campaign.criteria.get(order=2)
    response = client_as("canbo").post(url, {f"commit_{criterion.pk}": "on", f"target_{criterion.pk}": "100%"})
    assert response.status_code == 200 and "thiếu thông tin phiên bản" in response.content.decode()
    assert not Registration.objects.filter(campaign=campaign, person=me).exists()
