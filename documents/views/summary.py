"""The summary report page: the officer drafts the narrative next to the figures; the chairman approves."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_get_for
from documents.forms import SummaryApproveForm, SummaryForm
from documents.sources.summary import (
    NO_PREVIOUS_YEAR,
    award_lines,
    kpi_figures,
    registration_figures,
    suggested_sections,
    summary_problems,
)
from rewards import services
from rewards.models import SummaryReport, SummaryStatus
from rewards.views.common import form_errors, run
from tanbinh_portal.access import role_required
from tanbinh_portal.optimistic import NEW_ROW
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import CHAIRMAN, MANAGERS, OFFICER, has_role
from tanbinh_portal.service_calls import service_call


def _initial(report: SummaryReport | None, figures: dict, campaign) -> dict:
    sections = suggested_sections(campaign, figures) if report is None else {
        **{name: getattr(report, name) for name in SummaryReport.SECTIONS},
        "assessments": report.assessments,
    }  # fmt: skip
    initial = {name: sections.get(name, "") for name in SummaryReport.SECTIONS}
    for order, text in (sections.get("assessments") or {}).items():
        initial[f"assessment_{order}"] = text
    initial["version"] = report.version if report else NEW_ROW
    return initial


@role_required(*MANAGERS)
def summary_report(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    report = SummaryReport.objects.filter(campaign=campaign).select_related("number", "approved_by").first()
    figures = kpi_figures(campaign)
    may_edit = has_role(request.user, OFFICER) and (report is None or report.status != SummaryStatus.APPROVED)
    criteria = list(campaign.criteria.filter(kind="assessed").order_by("order"))
    form = SummaryForm(request.POST or None, initial=_initial(report, figures, campaign), criteria=criteria)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Chỉ công chức Văn phòng – Thống kê sửa dự thảo báo cáo tổng kết.")
        if form.is_valid():
            with service_call(request, form=form) as call:
                services.summary_report_save(
                    actor=request.user,
                    campaign=campaign,
                    sections=form.cleaned_data,
                    expected_version=form.cleaned_data["version"],
                )
            if call.ok:
                messages.success(request, "Đã lưu dự thảo báo cáo tổng kết.")
                return redirect("documents:summary-report", slug=campaign.slug)
    return render(
        request,
        "rewards/summary_report.html",
        {
            "campaign": campaign,
            "report": report,
            "form": form,
            "may_edit": may_edit,
            "is_chairman": has_role(request.user, CHAIRMAN),
            "figures": figures,
            "no_previous_year": "" if figures["previous_year"] else NO_PREVIOUS_YEAR,
            "problems": summary_problems(campaign, figures),
            "approve_form": SummaryApproveForm(initial={"issued_on": local_today()}),
            "registration": registration_figures(campaign),
            "awards": award_lines(campaign),
            "tab": "summary",
        },
    )


@role_required(OFFICER)
@require_POST
def summary_submit(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    run(request, services.summary_report_submit, "Đã trình Chủ tịch báo cáo tổng kết.", campaign=campaign)
    return redirect("documents:summary-report", slug=campaign.slug)


@role_required(CHAIRMAN)
@require_POST
def summary_approve(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    form = SummaryApproveForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("documents:summary-report", slug=campaign.slug)
    run(
        request,
        services.summary_report_approve,
        "Đã duyệt báo cáo tổng kết và cấp số.",
        campaign=campaign,
        issued_on=form.cleaned_data["issued_on"],
    )
    return redirect("documents:summary-report", slug=campaign.slug)
