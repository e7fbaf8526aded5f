from axes.utils import reset as axes_reset
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import transaction

from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.models import AuditEvent, Notification
from tanbinh_portal.readonly_admin import ReadOnlyAdmin

admin.site.site_header = "Quản trị Cổng thi đua CCHC"
admin.site.site_title = "Quản trị Cổng thi đua"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit log cannot be edited or deleted, even by a superuser."""

    list_display = ("at", "actor", "action", "object_repr", "reason")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "reason", "actor__username")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "title", "read_at", "email_status", "emailed_at")
    list_filter = ("email_status",)
    readonly_fields = (
        "created_at",
        "recipient",
        "title",
        "body",
        "link",
        "read_at",
        "email_status",
        "emailed_at",
        "email_error",
    )

    def has_add_permission(self, request):
        return False


class PortalUserAdmin(UserAdmin):
    """Django's user admin; a password set here is audited like the ``reset_password`` command.

    The new password ends the user's sessions (the session hash follows the password) and lifts a
    login throttle on the account.
    """

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=unquote(id))
                audit_record(
                    actor=request.user,
                    action=AuditAction.ACCOUNT_PASSWORD_RESET,
                    obj=user,
                    reason="Đặt lại ở trang quản trị",
                )
                transaction.on_commit(lambda: axes_reset(username=user.get_username()))
        return response


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
