"""Migration 0013: the province and district rows come from the commune's printed names, and every
group membership becomes a role held at the single commune (the district reviewer's at its district)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import kept_at_latest

BEFORE = [("campaigns", "0012_unit_member_count_person_year_of_birth")]
AFTER = [("campaigns", "0013_places_roles")]
ROLE_GROUPS = ("Chủ tịch UBND xã", "Cán bộ, công chức", "Phòng Nội vụ huyện")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    """Whatever happens in the test, leave the schema at the latest migrations for the next tests."""
    with kept_at_latest():
        yield


@pytest.mark.django_db(transaction=True)
def test_memberships_become_roles_at_the_commune_and_its_district(back_to_latest):
    apps = _migrate(BEFORE)
    Commune = apps.get_model("campaigns", "Commune")
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    Commune.objects.create(code="tan-binh", name="Tân Bình", district_name="Tân Biên", province_name="Tây Ninh")
    chairman = User.objects.create(username="chutich")
    group = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUPS}  # a flush may remove them
    chairman.groups.add(group["Chủ tịch UBND xã"], group["Cán bộ, công chức"])
    reviewer = User.objects.create(username="noivu")
    reviewer.groups.add(group["Phòng Nội vụ huyện"])

    apps = _migrate(AFTER)
    commune = apps.get_model("campaigns", "Commune").objects.select_related("district", "province").get()
    assert (commune.province.code, commune.province.name) == ("tay-ninh", "Tây Ninh")
    assert (commune.district.code, commune.district.name) == ("tan-bien", "Tân Biên")
    assert commune.district.valid_until == dt.date(2025, 6, 30) and commune.district.province == commune.province
    RoleAssignment = apps.get_model("campaigns", "RoleAssignment")
    rows = sorted(RoleAssignment.objects.values_list("user__username", "role", "commune_id", "district_id"))
    assert rows == [
        ("chutich", "Chủ tịch UBND xã", commune.pk, None),
        ("chutich", "Cán bộ, công chức", commune.pk, None),
        ("noivu", "Phòng Nội vụ huyện", None, commune.district_id),
    ]
