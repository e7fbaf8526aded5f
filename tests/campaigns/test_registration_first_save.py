"""First registrations carry version 0: a second first save is refused, never a silent update."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
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


@pytest.mark.django_db(transaction=True)
def test_parallel_first_registrations_on_postgresql_give_one_create(demo):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent sessions (PostgreSQL)")
    campaign, canbo = demo["campaign"], demo["users"]["canbo"]
    me = Person.objects.get(user=canbo)
    barrier = threading.Barrier(4)
    outcomes = []

    def register(order):
        try:
            barrier.wait()
            _register(campaign, canbo, me, [order])
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(order,)) for order in (1, 2, 3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale", "stale", "stale"]
    assert Registration.objects.filter(campaign=campaign, person=me).get().commitments.count() == 1


def test_the_registration_page_refuses_a_second_first_save(campaign, client_as):
    me = Person.objects.get(user__username="canbo")
    url = reverse("campaigns:registration-edit", args=[campaign.slug, "ca-nhan", me.pk])
    criterion = campaign.criteria.get(order=2)
    data = {f"commit_{criterion.pk}": "on", f"target_{criterion.pk}": "100%", "version": "0"}
    first, second = client_as("canbo"), client_as("canbo")
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
