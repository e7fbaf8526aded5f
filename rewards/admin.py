"""Read-only admin for rewards: writes go through the services, which check state and audit."""

from django.contrib import admin

from rewards.models import AwardQuota, CommuneQuota, CouncilMeeting, CouncilMember, Decision, Nomination, NumberSeries
from tanbinh_portal.readonly_admin import ReadOnlyAdmin


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "campaign", "status", "is_eligible")
    list_filter = ("status", "award_form")


@admin.register(AwardQuota)
class AwardQuotaAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "award_form", "quota", "threshold_base", "threshold_percent")


@admin.register(CouncilMember)
class CouncilMemberAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "role", "campaign")


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "campaign", "status", "minutes_number")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "campaign", "issued_on", "signatory_name")


@admin.register(NumberSeries)
class NumberSeriesAdmin(ReadOnlyAdmin):
    list_display = ("commune", "issuer", "year", "last_number")


@admin.register(CommuneQuota)
class CommuneQuotaAdmin(ReadOnlyAdmin):
    list_display = ("commune", "year", "award_form", "quota", "set_by", "set_at")
    list_filter = ("year",)
