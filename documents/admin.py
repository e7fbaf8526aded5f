"""Read-only admin of generated documents: rendering, signing and receipt go through the services."""

from django.contrib import admin

from documents.models import GeneratedDocument, Submission, SubmissionDeadline
from tanbinh_portal.readonly_admin import ReadOnlyAdmin


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "kind", "version", "status", "sha256", "created_by", "created_at", "received_at")
    list_filter = ("kind", "status")


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "kind", "status", "sent_on", "received_on", "district", "province")
    list_filter = ("kind", "status")


@admin.register(SubmissionDeadline)
class SubmissionDeadlineAdmin(ReadOnlyAdmin):
    list_display = ("year", "due_on", "district", "province", "announced_by")
