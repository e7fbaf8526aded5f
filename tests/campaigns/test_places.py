"""Roles per place (issue 15): the place switcher, the header, the roles resolver, grants and withdrawals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import RoleAssignment
from campaigns.places import SESSION_KEY, places_of
from campaigns.selectors import commune_for, communes_visible_to
from campaigns.services import role_grant, role_withdraw
from tanbinh_portal import roles
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tests.factories import CommuneFactory, DistrictFactory, ProvinceFactory, make_user

SWITCH = reverse("campaigns:place-switch")


@pytest.fixture
def two_places(campaign):
    """An account that chairs xã Tân Bình and is a staff member of xã Tân Lập."""
    other = CommuneFactory(code="tan-lap", name="Tân Lập")
    user = make_user("hai-noi", roles.CHAIRMAN, commune=campaign.commune)
    RoleAssignment.objects.create(user=user, role=roles.STAFF, commune=other)
    return user, campaign.commune, other


def test_the_place_switcher_lists_every_place_and_marks_the_current_one(client, two_places):
    user, home, other = two_places
    client.force_login(user)
    page = client.get(SWITCH).content.decode()
    assert "Xã Tân Bình" in page and "Xã Tân Lập" in page
    assert "Đang làm việc ở đây" in page
    assert f'value="commune:{other.pk}"' in page and f'value="commune:{home.pk}"' not in page


def test_switching_place_changes_the_roles_the_header_and_is_audited(client, two_places):
    user, home, other = two_places
    client.force_login(user)
    assert "Xã Tân Bình · Chủ tịch UBND xã" in client.get(reverse("home")).content.decode()
    response = client.post(SWITCH, {"place": f"commune:{other.pk}"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == f"commune:{other.pk}"
    assert "Xã Tân Lập · Cán bộ, công chức" in client.get(SWITCH).content.decode()
    event = AuditEvent.objects.get(action="place.switch")
    assert event.actor == user and event.changes["place"] == [
        "Xã Tân Bình · Chủ tịch UBND xã",
        "Xã Tân Lập · Cán bộ, công chức",
    ]
    # At Tân Lập the account is no chairman: the chairman's launch is refused before any lookup (403);
    # back at Tân Bình it is the chairman again (the missing campaign answers 404).
    launch = reverse("campaigns:campaign-launch", args=["khong-co"])
    assert client.post(launch).status_code == 403
    client.post(SWITCH, {"place": f"commune:{home.pk}"})
    assert client.post(launch).status_code == 404


def test_a_place_the_user_does_not_hold_is_refused_with_a_message(client, two_places):
    user, _home, _other = two_places
    stranger = CommuneFactory(code="tan-phong", name="Tân Phong")
    client.force_login(user)
    for value in (f"commune:{stranger.pk}", "commune:abc", "", "district:1"):
        response = client.post(SWITCH, {"place": value})
        assert response.status_code == 400
        assert "Hãy chọn một nơi làm việc trong danh sách" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(action="place.switch").exists()


def test_the_switcher_only_follows_a_next_address_on_this_site(client, two_places):
    user, _home, other = two_places
    client.force_login(user)
    response = client.post(SWITCH, {"place": f"commune:{other.pk}", "next": "https://example.com/"})
    assert response["Location"] == reverse("home")
    response = client.post(SWITCH, {"place": f"commune:{other.pk}", "next": "/thong-bao/"})
    assert response["Location"] == "/thong-bao/"


def test_anonymous_goes_to_login_and_an_account_without_a_role_gets_403(client, db):
    assert client.get(SWITCH).status_code == 302
    client.force_login(make_user("khong-vai-tro"))
    assert client.get(SWITCH).status_code == 403


def test_a_user_with_one_place_has_it_without_choosing(users, campaign):
    chairman = users["chutich"]
    (place,) = places_of(chairman)
    assert place.kind == "commune" and place.commune == campaign.commune
    assert place.roles == (roles.CHAIRMAN, roles.COUNCIL)
    assert commune_for(chairman) == campaign.commune


def test_roles_at_a_commune_are_those_held_there_or_at_its_district_and_province(campaign, two_places):
    user, home, other = two_places
    assert roles.roles_of(user, at=home) == {roles.CHAIRMAN}
    assert roles.roles_of(user, at=other) == {roles.STAFF}
    assert not roles.has_role(user, roles.CHAIRMAN, at=other)
    reviewer = make_user("noivu-x", roles.DISTRICT)
    assert roles.has_role(reviewer, roles.DISTRICT, at=home)
    elsewhere = CommuneFactory(code="xa-khac", name="Xã khác", district=DistrictFactory(code="huyen-khac", name="Khác"))
    assert not roles.has_role(reviewer, roles.DISTRICT, at=elsewhere)
    with pytest.raises(NotPermitted):
        roles.require_role(user, roles.CHAIRMAN, message="x", at=other)


def test_communes_visible_to_a_commune_a_district_and_the_province(campaign):
    home = campaign.commune
    sibling = CommuneFactory(code="tan-lap", name="Tân Lập")
    other_district = CommuneFactory(code="xa-khac", name="Xã khác", district=DistrictFactory(code="h2", name="H2"))
    foreign = CommuneFactory(
        code="xa-xa", name="Xã xa", district=DistrictFactory(code="h3", name="H3", province=ProvinceFactory(code="t2"))
    )
    assert list(communes_visible_to(make_user("a", roles.OFFICER))) == [home]
    assert set(communes_visible_to(make_user("b", roles.DISTRICT))) == {home, sibling}
    assert set(communes_visible_to(make_user("c", roles.PROVINCE))) == {home, sibling, other_district}
    assert foreign not in communes_visible_to(make_user("d", roles.PROVINCE))
    assert commune_for(make_user("e", roles.DISTRICT)) is None


def test_the_receiving_level_is_the_district_until_30_june_2025_then_the_province(campaign):
    commune = campaign.commune
    assert commune.receiving_level(dt.date(2025, 6, 30)) == commune.district
    assert commune.receiving_level(dt.date(2025, 7, 1)) == commune.province


def test_role_grant_checks_the_place_and_the_granting_administrator(campaign, users):
    commune = campaign.commune
    target = make_user("moi")
    with pytest.raises(ServiceError, match="chỉ được giao tại một huyện"):
        role_grant(actor=None, user=target, role=roles.DISTRICT, place=commune)
    with pytest.raises(ServiceError, match="chỉ được giao tại một xã"):
        role_grant(actor=None, user=target, role=roles.OFFICER, place=commune.district)
    with pytest.raises(NotPermitted):
        role_grant(actor=users["chutich"], user=target, role=roles.OFFICER, place=commune)
    admin = make_user("quantri.moi", roles.COMMUNE_ADMIN, commune=commune)
    other = CommuneFactory(code="tan-lap", name="Tân Lập")
    with pytest.raises(NotPermitted):
        role_grant(actor=admin, user=target, role=roles.OFFICER, place=other)
    assignment = role_grant(actor=admin, user=target, role=roles.OFFICER, place=commune)
    assert roles.roles_of(target) == {roles.OFFICER}
    with pytest.raises(ServiceError, match="đã có vai trò"):
        role_grant(actor=admin, user=target, role=roles.OFFICER, place=commune)
    event = AuditEvent.objects.get(action="role.grant", object_id=str(assignment.pk))
    assert event.actor == admin and event.changes["role"] == [None, roles.OFFICER]


def test_role_withdraw_needs_a_reason_ends_the_role_once_and_is_audited(campaign):
    admin = make_user("quantri.moi", roles.COMMUNE_ADMIN, commune=campaign.commune)
    target = make_user("moi", roles.OFFICER, commune=campaign.commune)
    assignment = target.role_assignments.get()
    with pytest.raises(ServiceError, match="lý do"):
        role_withdraw(actor=admin, assignment=assignment, reason="  ")
    role_withdraw(actor=admin, assignment=assignment, reason="Chuyển công tác.")
    assert roles.roles_of(target) == set()
    with pytest.raises(ServiceError, match="đã được thu hồi"):
        role_withdraw(actor=admin, assignment=assignment, reason="Lần nữa.")
    assert AuditEvent.objects.get(action="role.withdraw").reason == "Chuyển công tác."
    # The row stays as history; the role can be given again.
    role_grant(actor=admin, user=target, role=roles.OFFICER, place=campaign.commune)
    assert target.role_assignments.count() == 2
