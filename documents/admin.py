"""Read-only admin of generated documents: rendering, signing and receipt go through the services."""

from django.contrib import admin

from documents.models import GeneratedDocument
from tanbinh_portal.readonly_admin import ReadOnlyAdmin


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "kind", "version", "status", "sha256", "created_by", "created_at", "received_at")
    list_filter = ("kind", "status")
