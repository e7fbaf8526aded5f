"""The 2025 reform of communes: merged communes end on 30/06/2025 with a successor under the province, the
successor takes over collectives, staff and roles, next year's plan goes to it, and a login lands there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.models import Commune, Person, RoleAssignment, Unit
from campaigns.places import forget_roles, places_of
from tanbinh_portal import roles
from tanbinh_portal.models import AuditEvent
from tests.campaigns.test_next_year import copy
from tests.factories import CommuneFactory, ProvinceFactory

FORMED = dt.date(2025, 7, 1)


@pytest.fixture
def merged(campaign) -> Commune:
    old = campaign.commune
    neighbour = CommuneFactory(code="lang-ben", name="Làng Bên", district=old.district)
    return services.commune_merge(
        actor=None, predecessors=[old, neighbour], code="tan-binh-moi", name="Tân Bình", formed_on=FORMED
    )


def test_merged_communes_end_the_day_before_and_name_their_successor_under_the_province(merged, campaign):
    assert merged.district is None and merged.province == campaign.commune.province
    assert merged.valid_from == FORMED
    for code in ("tan-binh", "lang-ben"):
        old = Commune.objects.get(code=code)
        assert old.valid_until == dt.date(2025, 6, 30) and old.successor == merged
        assert old.on(dt.date(2025, 6, 30)) == old and old.on(dt.date(2026, 1, 1)) == merged
        assert old.receiving_level(dt.date(2022, 12, 1)) == old.district  # its history stays the district's
    assert merged.receiving_level(dt.date(2026, 1, 1)) == merged.province
    assert AuditEvent.objects.filter(action="commune.merge").count() == 2


def test_merging_again_changes_nothing(merged, campaign):
    events = AuditEvent.objects.count()
    again = services.commune_merge(
        actor=None,
        predecessors=list(Commune.objects.filter(code__in=["tan-binh", "lang-ben"])),
        code="tan-binh-moi",
        name="Tân Bình",
        formed_on=FORMED,
    )
    assert again == merged and AuditEvent.objects.count() == events


def test_communes_of_two_provinces_are_not_merged(campaign):
    other = CommuneFactory(code="xa-khac", district=None, province=ProvinceFactory(code="tinh-khac", name="Khác"))
    with pytest.raises(ValidationError, match="cùng một tỉnh"):
        services.commune_merge(
            actor=None, predecessors=[campaign.commune, other], code="moi", name="Mới", formed_on=FORMED
        )
    assert Commune.objects.get(pk=campaign.commune.pk).successor is None


def test_a_commune_official_cannot_merge_communes(campaign, users):
    with pytest.raises(ValidationError):
        services.commune_merge(
            actor=users["chutich"], predecessors=[campaign.commune], code="moi", name="Mới", formed_on=FORMED
        )


def test_the_successor_takes_over_units_staff_accounts_and_roles(merged, campaign, users):
    old = Commune.objects.get(code="tan-binh")
    services.unit_rename(
        actor=users["vanphong"], unit=Unit.objects.get(commune=old, name="Ấp Tân Đông"), name="Ấp Tân Đông Một",
        valid_from=dt.date(2024, 1, 1),
    )  # fmt: skip
    counts = services.commune_carry_over(actor=None, source=old, target=merged)
    assert counts["units"] == Unit.objects.filter(commune=old, is_active=True).count() > 0
    new_unit = Unit.objects.get(commune=merged, name="Ấp Tân Đông")
    assert new_unit.name_on(dt.date(2026, 1, 1)) == "Ấp Tân Đông Một"
    chairman = users["chutich"]
    assert Person.objects.get(user=chairman).commune == merged  # the account follows its official
    assert Person.objects.filter(commune=old, full_name=chairman.person.full_name, user__isnull=True).exists()
    assert RoleAssignment.objects.filter(user=chairman, commune=merged, role=roles.CHAIRMAN).exists()
    assert RoleAssignment.objects.filter(user=chairman, commune=old, role=roles.CHAIRMAN).exists()  # history
    heads = Unit.objects.filter(commune=merged, head__isnull=False)
    assert heads.exists() and all(unit.head.commune == merged for unit in heads)
    assert services.commune_carry_over(actor=None, source=old, target=merged) == {
        "units": 0,
        "people": 0,
        "heads": 0,
        "roles": 0,
    }


def test_a_login_lands_at_the_new_commune_and_the_old_one_is_named_with_its_end(merged, campaign, users):
    services.commune_carry_over(actor=None, source=Commune.objects.get(code="tan-binh"), target=merged)
    chairman = users["chutich"]
    forget_roles(chairman)
    names = [place.name for place in places_of(chairman)]
    assert names == ["Xã Tân Bình", "Xã Tân Bình (huyện Tân Biên, đến 30/06/2025)"]
    assert places_of(chairman)[0].commune == merged


def test_next_years_plan_of_a_merged_commune_belongs_to_its_successor(merged, campaign, users):
    services.commune_carry_over(actor=None, source=Commune.objects.get(code="tan-binh"), target=merged)
    officer = users["vanphong"]
    forget_roles(officer)
    later = copy(campaign, officer, 2026)
    assert later.commune == merged
    assert copy_audit(later)["commune"] == ["tan-binh", "tan-binh-moi"]
    earlier = Commune.objects.get(code="tan-binh").on(dt.date(2024, 1, 1))
    assert earlier.code == "tan-binh"


def copy_audit(campaign) -> dict:
    return AuditEvent.objects.get(action="campaign.copy_next_year", object_id=str(campaign.pk)).changes


def test_an_official_switches_to_the_old_commune_to_open_its_2022_campaign(merged, campaign, users, client_as):
    from django.urls import reverse

    services.commune_carry_over(actor=None, source=Commune.objects.get(code="tan-binh"), target=merged)
    client = client_as("chutich")
    detail = reverse("campaigns:campaign-detail", args=[campaign.slug])
    assert client.get(detail).status_code == 404  # at the new commune, the old one's campaign is not here
    old = Commune.objects.get(code="tan-binh")
    response = client.post(reverse("campaigns:place-switch"), {"place": f"commune:{old.pk}"})
    assert response.status_code == 302
    assert client.get(detail).status_code == 200


def test_papers_of_the_new_communes_campaign_name_the_province_above_it(merged, campaign, users):
    """The 2022 campaign keeps “huyện Tân Biên”; the successor's 2026 plan has no district to name."""
    from documents.sources.awards import superior_of

    services.commune_carry_over(actor=None, source=Commune.objects.get(code="tan-binh"), target=merged)
    forget_roles(users["vanphong"])
    later = copy(campaign, users["vanphong"], 2026)
    assert superior_of(campaign) == "huyện Tân Biên"
    assert superior_of(later) == "tỉnh Tây Ninh"
    assert later.commune.receiving_level(dt.date(2026, 3, 1)) == merged.province
