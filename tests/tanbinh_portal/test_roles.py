"""Roles (issue 10 §3): being a superuser gives no commune role; site administration and commune work
are separate."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from demo.campaigns import build_demo
from documents.services import document_mark_received, document_render, document_request
from tanbinh_portal import roles
from tests.factories import grant_roles
from tests.rewards.helpers import ensure_award_round


def test_a_superuser_holds_no_role_through_being_one(users):
    admin = users["admin"]
    assert admin.is_superuser
    assert roles.roles_of(admin) == set()
    assert not roles.has_role(admin, *roles.ALL_ROLES)


def test_the_demo_admin_holds_no_commune_role_even_after_an_older_demo_gave_it_one(users):
    admin = users["admin"]
    assert not admin.role_assignments.exists()
    grant_roles(admin, [roles.CHAIRMAN])
    build_demo()
    assert not admin.role_assignments.filter(withdrawn_at__isnull=True).exists()
    assert roles.roles_of(User.objects.get(pk=admin.pk)) == set()


@pytest.mark.with_award_round
def test_a_superuser_cannot_generate_and_sign_the_district_bundle(campaign, users):
    ensure_award_round(campaign)
    with pytest.raises(PermissionDenied):
        document_request(actor=users["admin"], campaign=campaign, kind="ho-so-trinh-huyen", sign=True)


def test_a_superuser_cannot_record_the_districts_receipt(campaign, users):
    plan = document_render(document_id=document_request(actor=users["vanphong"], campaign=campaign, kind="ke-hoach").pk)
    with pytest.raises(PermissionDenied):
        document_mark_received(actor=users["admin"], document=plan)
    plan.refresh_from_db()
    assert plan.received_at is None


def test_a_superuser_is_refused_commune_pages_and_sent_to_site_administration(campaign, client_as):
    admin = client_as("admin")
    generate = reverse("documents:document-generate", args=[campaign.slug, "ho-so-trinh-huyen"])
    assert admin.post(generate).status_code == 403
    assert admin.get(reverse("documents:document-list", args=[campaign.slug])).status_code == 403
    home = admin.get(reverse("home"))
    assert home.status_code == 302 and home["Location"] == reverse("admin:index")
    assert admin.get(reverse("admin:index")).status_code == 200


def test_a_commune_role_still_works_for_a_user_who_is_also_staff(campaign, users, client_as):
    chairman = users["chutich"]
    chairman.is_staff = True
    chairman.save()
    assert roles.has_role(chairman, roles.CHAIRMAN)
    assert client_as("chutich").get(reverse("home")).status_code == 200
