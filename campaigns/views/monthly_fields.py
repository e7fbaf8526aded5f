"""The monthly fields of a campaign's criteria (part of the plan): list, add, edit, delete.

kpi stores the values entered against them and recomputes after each change
(``campaigns.monthly_field_hooks``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns import monthly_fields as field_services
from campaigns.forms import MonthlyFieldForm
from campaigns.models import CampaignStatus, MonthlyField
from campaigns.selectors import campaign_get_for, monthly_fields_overview
from tanbinh_portal.access import role_required
from tanbinh_portal.roles import CHAIRMAN, OFFICER, VICE_CHAIRMAN, has_role
from tanbinh_portal.service_calls import service_call

VIEWERS = (CHAIRMAN, VICE_CHAIRMAN, OFFICER)
EDITORS = (CHAIRMAN, OFFICER)
OPEN = (CampaignStatus.DRAFT, CampaignStatus.LAUNCHED)


@role_required(*VIEWERS)
def monthly_field_list(request, slug: str):
    """Every field, and (for the officer and the chairman, while the plan is open) the form to add one."""
    campaign = campaign_get_for(request.user, slug)
    is_editor = has_role(request.user, *EDITORS)
    can_edit = is_editor and campaign.status in OPEN
    form = MonthlyFieldForm(request.POST or None, campaign=campaign) if can_edit else None
    if request.method == "POST":
        if not is_editor:
            raise PermissionDenied("Chỉ công chức Văn phòng – Thống kê hoặc Chủ tịch xác định số liệu tháng.")
        if not can_edit:
            messages.error(request, "Chỉ được thêm số liệu tháng khi kế hoạch còn dự thảo hoặc đang thực hiện.")
            return redirect("campaigns:monthly-fields", slug)
        if form.is_valid():
            with service_call(request, form=form) as call:
                field_services.monthly_field_create(
                    actor=request.user,
                    campaign=campaign,
                    data=form.service_data(),
                    reason=form.cleaned_data["reason"],
                )
            if call.ok:
                messages.success(request, "Đã thêm số liệu tháng.")
                return redirect("campaigns:monthly-fields", slug)
    return render(
        request,
        "campaigns/monthlyfield_list.html",
        {"campaign": campaign, "rows": monthly_fields_overview(campaign), "form": form, "can_edit": can_edit},
    )


@role_required(*EDITORS)
def monthly_field_edit(request, slug: str, pk: int):
    campaign = campaign_get_for(request.user, slug)
    field = get_object_or_404(MonthlyField, pk=pk, campaign=campaign)
    if request.method == "POST" and campaign.status not in OPEN:
        messages.error(request, "Phong trào đã kết thúc: không thay đổi được các số liệu tháng.")
        return redirect("campaigns:monthly-fields", slug)
    form = MonthlyFieldForm(request.POST or None, campaign=campaign, field=field)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            field_services.monthly_field_update(
                actor=request.user,
                field=field,
                data=form.service_data(),
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        if call.ok:
            messages.success(request, "Đã lưu số liệu tháng.")
            return redirect("campaigns:monthly-fields", slug)
    return render(
        request,
        "campaigns/monthlyfield_form.html",
        {"campaign": campaign, "field": field, "form": form, "can_edit": campaign.status in OPEN},
    )


@require_POST
@role_required(*EDITORS)
def monthly_field_delete(request, slug: str, pk: int):
    campaign = campaign_get_for(request.user, slug)
    field = get_object_or_404(MonthlyField, pk=pk, campaign=campaign)
    with service_call(request) as call:
        field_services.monthly_field_delete(actor=request.user, field=field, reason=request.POST.get("reason", ""))
    if call.ok:
        messages.success(request, f"Đã xóa số liệu tháng “{field.label}”.")
    return redirect("campaigns:monthly-fields", slug)
