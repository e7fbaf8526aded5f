"""Read-only admin of the kpi app: writes go through its services (and their audit rows)."""

from django.contrib import admin

from kpi.models import OneStopUnit
from tanbinh_portal.readonly_admin import ReadOnlyAdmin


@admin.register(OneStopUnit)
class OneStopUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "commune")
    search_fields = ("code", "name")
