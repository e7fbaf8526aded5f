from django.contrib import admin

from tanbinh_portal.models import AuditEvent, Notification

admin.site.site_header = "Quản trị Cổng thi đua CCHC"
admin.site.site_title = "Quản trị Cổng thi đua"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log cannot be edited or deleted, even by a superuser."""

    list_display = ("at", "actor", "action", "object_repr", "reason")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "reason", "actor__username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
