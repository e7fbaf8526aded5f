"""The one-stop counter's contact page (campaigns/views/organisation.py, ``campaigns:one-stop-contact``):
who opens it, who saves it, what a bad input says, the audit row, and commune B left untouched."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.forms.organisation import is_vietnamese_phone
from campaigns.models import Commune
from campaigns.services import commune_contact_set
from tanbinh_portal.audit import AuditAction
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.service_errors import ServiceError

URL = reverse("campaigns:one-stop-contact")
ADDRESS = "Trụ sở UBND xã, số 1 đường Lê Lợi, ấp Thạnh Phú"


@pytest.fixture
def commune(campaign) -> Commune:
    return campaign.commune


def test_anonymous_users_go_to_login_and_other_roles_are_refused(world, client_as):
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for username in ("hoidong", "motcua", "canbo", "noivu", "quantri", "sonoivu"):
        assert client_as(username).get(URL).status_code == 403, username
        assert client_as(username).post(URL, {"address": "X", "phone": "1900 1234"}).status_code == 403, username


def test_the_chairman_sees_the_contact_but_cannot_save_it(client_as, commune, officer):
    commune_contact_set(actor=officer, commune=commune, address=ADDRESS, phone="0276 3 123 456")
    client = client_as("chutich")
    page = client.get(URL).content.decode()
    assert ADDRESS in page and "0276 3 123 456" in page and 'name="address"' not in page
    assert client.post(URL, {"address": "Nơi khác", "phone": "1900 1234"}).status_code == 403
    commune.refresh_from_db()
    assert commune.one_stop_address == ADDRESS


def test_the_officer_saves_the_contact_with_an_audit_row(client_as, commune, users):
    client = client_as("vanphong")
    assert 'name="address"' in client.get(URL).content.decode()
    response = client.post(URL, {"address": f"  {ADDRESS} ", "phone": "(0276) 3123456"}, follow=True)
    assert "Đã lưu địa chỉ và số điện thoại của Bộ phận Một cửa." in response.content.decode()
    commune.refresh_from_db()
    assert (commune.one_stop_address, commune.one_stop_phone) == (ADDRESS, "(0276) 3123456")
    event = AuditEvent.objects.get(action=AuditAction.COMMUNE_CONTACT_SET)
    assert event.actor == users["vanphong"]
    assert event.changes["one_stop_phone"] == ["", "(0276) 3123456"]


def test_the_unit_list_links_to_the_page(client_as):
    assert URL in client_as("phochutich").get(reverse("campaigns:unit-list")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"address": "A" * 301, "phone": "1900 1234"}, "Địa chỉ Bộ phận Một cửa dài quá 300 ký tự"),
        ({"address": ADDRESS, "phone": "0276 3 123 456 ; " * 3}, "Số điện thoại Bộ phận Một cửa dài quá 40 ký tự"),
        ({"address": ADDRESS, "phone": "gọi anh Tư"}, "Số điện thoại không hợp lệ"),
        ({"address": ADDRESS, "phone": "0276 111"}, "Số điện thoại không hợp lệ"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message_and_nothing_changes(client_as, commune, data, message):
    response = client_as("vanphong").post(URL, data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert data["address"][:50] in page  # what was typed stays in the form
    commune.refresh_from_db()
    assert (commune.one_stop_address, commune.one_stop_phone) == ("", "")
    assert not AuditEvent.objects.filter(action=AuditAction.COMMUNE_CONTACT_SET).exists()


def test_the_service_refuses_a_too_long_value_instead_of_cutting_it(commune, officer):
    with pytest.raises(ServiceError, match="dài quá 300 ký tự"):
        commune_contact_set(actor=officer, commune=commune, address="A" * 301, phone="")
    with pytest.raises(ServiceError, match="dài quá 40 ký tự"):
        commune_contact_set(actor=officer, commune=commune, address="", phone="0" * 41)
    commune.refresh_from_db()
    assert (commune.one_stop_address, commune.one_stop_phone) == ("", "")


def test_saving_changes_only_the_officers_own_commune(client_as, commune, second_commune):
    other = second_commune["commune"]
    before = (other.one_stop_address, other.one_stop_phone)
    client_as("vanphong").post(URL, {"address": ADDRESS, "phone": "1900 1234"})
    other.refresh_from_db()
    commune.refresh_from_db()
    assert commune.one_stop_phone == "1900 1234"
    assert (other.one_stop_address, other.one_stop_phone) == before


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("0276 3 123 456", True),
        ("(0276) 3123456", True),
        ("1900 1234", True),
        ("0912 345 678", True),
        ("+84 276 3123456", True),
        ("0276.3.123.456", True),
        ("0276 111", False),
        ("(0276 3123456", False),
        ("+1 202 555 0100", False),
        ("0012 345 678", False),
    ],
)
def test_vietnamese_phone_forms(number, valid):
    assert is_vietnamese_phone(number) is valid


def test_a_line_break_in_the_address_box_becomes_a_space(client_as, commune):
    client_as("vanphong").post(URL, {"address": "Số 1 đường Lê Lợi,\r\nấp Thạnh Phú", "phone": ""})
    commune.refresh_from_db()
    assert commune.one_stop_address == "Số 1 đường Lê Lợi, ấp Thạnh Phú"


def test_a_control_character_in_the_address_is_refused(client_as, commune):
    response = client_as("vanphong").post(URL, {"address": "Số 1\x07 đường Lê Lợi", "phone": ""})
    assert response.status_code == 200 and 'class="invalid-feedback"' in response.content.decode()
    commune.refresh_from_db()
    assert commune.one_stop_address == ""
