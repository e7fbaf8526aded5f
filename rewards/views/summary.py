"""The summary report page: the officer drafts the narrative next to the figures; the chairman approves."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_get_for
from rewards import services
from rewards.documents.summary import SECTION_TITLES, award_lines, kpi_figures, registration_figures, suggested_sections
from rewards.models import SummaryReport, SummaryStatus
from rewards.views.common import run
from tanbinh_portal.access import role_required
from tanbinh_portal.optimistic import NEW_ROW, VersionedFormMixin, VersionField
from tanbinh_portal.roles import CHAIRMAN, MANAGERS, OFFICER, has_role
from tanbinh_portal.text import SingleLineFormMixin, clean_text


class SummaryForm(SingleLineFormMixin, VersionedFormMixin, forms.Form):
    strengths = forms.CharField(
        label=SECTION_TITLES["strengths"], widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    effects = forms.CharField(label=SECTION_TITLES["effects"], widget=forms.Textarea(attrs={"rows": 4}), required=False)
    limitations = forms.CharField(
        label=SECTION_TITLES["limitations"], widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    lessons = forms.CharField(label=SECTION_TITLES["lessons"], widget=forms.Textarea(attrs={"rows": 4}), required=False)
    version = VersionField()

    def clean(self):
        data = super().clean()
        for name in SummaryReport.SECTIONS:
            value = clean_text(data.get(name))
            if len(value) > 20000:
                self.add_error(name, "Phần này dài quá 20.000 ký tự; hãy viết gọn lại.")
            data[name] = value
        return data


def _initial(report: SummaryReport | None, figures: dict, campaign) -> dict:
    if report is None:
        return {**suggested_sections(campaign, figures), "version": NEW_ROW}
    return {**{name: getattr(report, name) for name in SummaryReport.SECTIONS}, "version": report.version}


@role_required(*MANAGERS)
def summary_report(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    report = SummaryReport.objects.filter(campaign=campaign).select_related("number", "approved_by").first()
    figures = kpi_figures(campaign)
    may_edit = has_role(request.user, OFFICER) and (report is None or report.status != SummaryStatus.APPROVED)
    form = SummaryForm(request.POST or None, initial=_initial(report, figures, campaign))
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Chỉ công chức Văn phòng – Thống kê sửa dự thảo báo cáo tổng kết.")
        if form.is_valid():
            try:
                services.summary_report_save(
                    actor=request.user,
                    campaign=campaign,
                    sections=form.cleaned_data,
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "Đã lưu dự thảo báo cáo tổng kết.")
                return redirect("rewards:summary-report", slug=campaign.slug)
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
    return redirect("rewards:summary-report", slug=campaign.slug)


@role_required(CHAIRMAN)
@require_POST
def summary_approve(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    run(request, services.summary_report_approve, "Đã duyệt báo cáo tổng kết và cấp số.", campaign=campaign)
    return redirect("rewards:summary-report", slug=campaign.slug)
