"""The one read-only admin: every model of the apps is shown in it, and nobody changes rows there."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory

from tanbinh_portal.models import AuditEvent
from tanbinh_portal.readonly_admin import ReadOnlyAdmin

APPS = {"campaigns", "kpi", "rewards", "documents"}


def test_every_app_model_in_the_admin_is_read_only():
    registered = dict(admin.site._registry)
    ours = {model: model_admin for model, model_admin in registered.items() if model._meta.app_label in APPS}
    assert len(ours) >= 10
    writable = sorted(
        model.__name__ for model, model_admin in ours.items() if not isinstance(model_admin, ReadOnlyAdmin)
    )
    assert writable == []
    assert isinstance(registered[AuditEvent], ReadOnlyAdmin)


def test_the_read_only_admin_refuses_even_a_superuser():
    request = RequestFactory().get("/admin/")
    request.user = User(username="root", is_superuser=True, is_staff=True, is_active=True)
    model_admin = admin.site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)
