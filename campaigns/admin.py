"""Read-mostly admin: writes that matter go through the portal's services and pages."""

from django.contrib import admin

from campaigns.models import (
    AwardForm,
    Campaign,
    Commune,
    Criterion,
    MonthlyField,
    Person,
    Registration,
    Unit,
)
from tanbinh_portal.readonly_admin import ReadOnlyAdmin


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "district_name", "province_name")


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit_type", "head", "is_active")
    list_filter = ("unit_type", "is_active")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "position", "unit", "sex", "user", "has_open_disciplinary_matter")
    search_fields = ("full_name",)


@admin.register(AwardForm)
class AwardFormAdmin(ReadOnlyAdmin):
    list_display = ("name", "level", "applies_to", "valid_from", "valid_to")


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("title", "slug", "status", "start_date", "end_date")


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "order", "kind")


@admin.register(MonthlyField)
class MonthlyFieldAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "criterion", "key", "label", "aggregation", "is_active")
    list_filter = ("aggregation", "is_active")


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "unit", "person", "registered_at")
