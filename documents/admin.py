"""Read-only admin of generated documents: rendering, signing and receipt go through the services."""

from django.contrib import admin

from campaigns.admin import ReadOnlyAdmin
from documents.models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "kind", "version", "status", "sha256", "created_by", "created_at", "received_at")
    list_filter = ("kind", "status")
