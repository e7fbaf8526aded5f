"""Monthly figures: the list of months, the entry form, submit, lock and unlock."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_get_for
from kpi.forms import MonthlyFiguresForm, UnlockForm
from kpi.selectors.monthly import month_problem, monthly_overview, monthly_report_detail
from kpi.services import monthly_report_lock, monthly_report_submit, monthly_report_unlock, monthly_values_save
from tanbinh_portal.access import role_required
from tanbinh_portal.optimistic import current_version
from tanbinh_portal.roles import CHAIRMAN, LEADERS, OFFICER, VICE_CHAIRMAN, has_role
from tanbinh_portal.service_calls import service_call

VIEWERS = (CHAIRMAN, VICE_CHAIRMAN, OFFICER)


@role_required(*VIEWERS)
def monthly_list(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    return render(request, "kpi/monthlyreport_list.html", {"campaign": campaign, "months": monthly_overview(campaign)})


@role_required(*VIEWERS)
def monthly_edit(request, slug: str, month: str):
    campaign = campaign_get_for(request.user, slug)
    problem = month_problem(campaign, month)
    if problem:
        raise Http404(problem)
    detail = monthly_report_detail(campaign, month)
    initial = {**detail["values"], "version": current_version(detail["report"])}
    form = MonthlyFiguresForm(request.POST or None, initial=initial, monthly_fields=detail["monthly_fields"])
    if request.method == "POST":
        if not has_role(request.user, OFFICER):
            raise PermissionDenied("Chỉ công chức Văn phòng – Thống kê nhập số liệu tháng.")
        if form.is_valid():
            with service_call(request, form=form) as call:
                monthly_values_save(
                    actor=request.user,
                    campaign=campaign,
                    month=month,
                    values=form.figures(),
                    expected_version=form.cleaned_data["version"],
                )
            if call.ok:
                messages.success(request, "Đã lưu số liệu tháng.")
                return redirect("kpi:monthly-edit", slug, month)
    return render(
        request,
        "kpi/monthlyreport_form.html",
        {
            "campaign": campaign,
            "month": month,
            "form": form,
            **detail,
            "can_edit": has_role(request.user, OFFICER),
            "is_leader": has_role(request.user, *LEADERS),
            "unlock_form": UnlockForm(),
        },
    )


def _month_action(request, slug: str, month: str, service, success: str, **kwargs):
    """Run a month's state service (the move itself is `tanbinh_portal.transitions`) and say how it went."""
    campaign = campaign_get_for(request.user, slug)
    with service_call(request) as call:
        service(actor=request.user, campaign=campaign, month=month, **kwargs)
    if call.ok:
        messages.success(request, success)
    return redirect("kpi:monthly-list", slug)


@require_POST
@role_required(OFFICER)
def monthly_submit(request, slug: str, month: str):
    return _month_action(request, slug, month, monthly_report_submit, "Đã gửi số liệu tháng.")


@require_POST
@role_required(*LEADERS)
def monthly_lock(request, slug: str, month: str):
    return _month_action(request, slug, month, monthly_report_lock, "Đã khóa số liệu tháng.")


@require_POST
@role_required(*LEADERS)
def monthly_unlock(request, slug: str, month: str):
    return _month_action(
        request, slug, month, monthly_report_unlock, "Đã mở khóa số liệu tháng.", reason=request.POST.get("reason", "")
    )
