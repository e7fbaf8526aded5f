"""Isolation in one place (issue 15): commune-owned models cannot be read outside a commune scope."""

from __future__ import annotations

import pytest
from django.apps import apps
from django_scopes import scope, scopes_disabled

from campaigns.models import Campaign, Commune, Person, Unit
from kpi.models import Dossier
from rewards.models import Nomination
from tanbinh_portal.scoping import ScopeError, commune_scope, scope_of_row
from tests.factories import CommuneFactory, UnitFactory

# Models that are not a commune's own: the places themselves, who holds which role, reference data, the
# portal's audit log and notifications (per user), a receiving level's deadline.
NOT_COMMUNE_OWNED = {
    "campaigns.Province",
    "campaigns.District",
    "campaigns.Commune",
    "campaigns.RoleAssignment",
    "campaigns.AwardForm",
    # A receiving level's deadline is the district's or the province's, for all its communes.
    "documents.SubmissionDeadline",
    # The province's directory of one-stop unit codes (DonViId → commune): a province file is routed by it,
    # and a commune's import must recognise another commune's code to refuse its rows by name.
    "kpi.OneStopUnit",
    "tanbinh_portal.AuditEvent",
    "tanbinh_portal.Notification",
    "tanbinh_portal.PasswordChangeDue",  # an account's, not a commune's
}
APPS = ("campaigns", "kpi", "rewards", "documents", "tanbinh_portal")


def test_every_commune_owned_model_has_the_scoped_manager():
    unscoped = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in APPS
        and model._meta.label not in NOT_COMMUNE_OWNED
        and not hasattr(model._default_manager, "commune_path")
    ]
    assert unscoped == []


@pytest.mark.parametrize("model", [Campaign, Unit, Person, Dossier, Nomination])
def test_an_unscoped_query_of_a_commune_owned_model_raises(model, db):
    with scope():  # scopes enabled (as in a request, task or command), no commune chosen
        with pytest.raises(ScopeError):
            list(model.objects.all())
        with pytest.raises(ScopeError):
            model.objects.filter(pk=1).exists()
        assert Commune.objects.count() >= 0  # the places themselves are not scoped


def test_a_scope_shows_only_its_communes_rows(db):
    with scopes_disabled():
        a, b = CommuneFactory(code="xa-a", name="A"), CommuneFactory(code="xa-b", name="B")
        unit_a, unit_b = UnitFactory(commune=a, name="Ấp A"), UnitFactory(commune=b, name="Ấp B")
    with commune_scope(a):
        assert list(Unit.objects.all()) == [unit_a]
        assert not Unit.objects.filter(pk=unit_b.pk).exists()
        assert list(a.units.all()) == [unit_a] and list(b.units.all()) == []
    with commune_scope([a, b]):  # a district's several communes
        assert set(Unit.objects.all()) == {unit_a, unit_b}
    assert scope_of_row(Unit, unit_b.pk) == b.pk


def test_a_page_runs_in_the_scope_of_the_users_place(campaign, client_as):
    """The test body runs unscoped (tests/conftest.py); a request of the test client does not."""
    with scopes_disabled():
        other = CommuneFactory(code="tan-lap", name="Tân Lập")
        hidden = UnitFactory(commune=other, name="Ấp của xã khác")
    page = client_as("vanphong").get("/to-chuc/tap-the/")
    assert page.status_code == 200
    assert "Ấp của xã khác" not in page.content.decode()
    assert client_as("vanphong").get(f"/to-chuc/tap-the/{hidden.pk}/sua/").status_code == 404


def test_the_scope_filter_joins_no_table_so_a_row_lock_locks_only_what_it_locked_before(db):
    from kpi.models import MonthlyValue

    def tables(sql: str) -> str:
        return sql.split(" WHERE ")[0]

    with scopes_disabled():
        unscoped = str(MonthlyValue.objects.select_for_update().filter(pk=1).query)
    with commune_scope([1]):
        scoped = str(MonthlyValue.objects.select_for_update().filter(pk=1).query)
    assert tables(scoped) == tables(unscoped)  # the commune is checked in a subquery, not by a join
    assert '"report_id" IN (SELECT' in scoped
