import pytest
from django.contrib.auth.models import User

from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.models import AuditEvent


@pytest.mark.django_db
def test_audit_rows_record_who_what_from_to_and_why():
    user = User.objects.create_user("a", password="x")
    event = audit_record(
        actor=user, action=AuditAction.UNIT_UPDATE, obj=user, changes={"email": ["", "a@b.vn"]}, reason="vì sao"
    )
    event.refresh_from_db()
    assert (event.actor, event.action, event.object_type, event.reason) == (user, "unit.update", "auth.User", "vì sao")
    assert event.changes == {"email": ["", "a@b.vn"]}


@pytest.mark.django_db
def test_audit_rows_cannot_be_edited_or_deleted():
    user = User.objects.create_user("a", password="x")
    event = audit_record(actor=user, action=AuditAction.ACCOUNT_PASSWORD_RESET, obj=user)
    event.reason = "sửa lén"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


@pytest.mark.django_db
def test_admin_cannot_add_change_or_delete_audit_rows(admin_client):
    user = User.objects.get(username="admin")
    event = audit_record(actor=user, action=AuditAction.ACCOUNT_PASSWORD_RESET, obj=user)
    assert admin_client.get(f"/quan-tri/tanbinh_portal/auditevent/{event.pk}/delete/").status_code == 403
    assert admin_client.get("/quan-tri/tanbinh_portal/auditevent/add/").status_code == 403
    response = admin_client.post(f"/quan-tri/tanbinh_portal/auditevent/{event.pk}/change/", {"reason": "x"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()


@pytest.mark.django_db
def test_an_action_outside_the_enum_is_refused_and_writes_no_row():
    user = User.objects.create_user("a", password="x")
    for action in ("x.update", "kpi.import_running", ""):
        with pytest.raises(ValueError, match="not an AuditAction"):
            audit_record(actor=user, action=action, obj=user)
    assert not AuditEvent.objects.exists()
    event = audit_record(actor=user, action="unit.update", obj=user)  # a member's code is the member
    assert event.action == AuditAction.UNIT_UPDATE == "unit.update"
