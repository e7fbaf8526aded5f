import pytest
from django.contrib.auth.models import User

from tanbinh_portal.audit import audit_record
from tanbinh_portal.models import AuditEvent


@pytest.mark.django_db
def test_audit_rows_record_who_what_from_to_and_why():
    user = User.objects.create_user("a", password="x")
    event = audit_record(actor=user, action="x.update", obj=user, changes={"email": ["", "a@b.vn"]}, reason="vì sao")
    event.refresh_from_db()
    assert (event.actor, event.action, event.object_type, event.reason) == (user, "x.update", "auth.User", "vì sao")
    assert event.changes == {"email": ["", "a@b.vn"]}


@pytest.mark.django_db
def test_audit_rows_cannot_be_edited_or_deleted():
    user = User.objects.create_user("a", password="x")
    event = audit_record(actor=user, action="x", obj=user)
    event.reason = "sửa lén"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


@pytest.mark.django_db
def test_admin_cannot_add_change_or_delete_audit_rows(admin_client):
    user = User.objects.get(username="admin")
    event = audit_record(actor=user, action="x", obj=user)
    assert admin_client.get(f"/quan-tri/tanbinh_portal/auditevent/{event.pk}/delete/").status_code == 403
    assert admin_client.get("/quan-tri/tanbinh_portal/auditevent/add/").status_code == 403
    response = admin_client.post(f"/quan-tri/tanbinh_portal/auditevent/{event.pk}/change/", {"reason": "x"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()
