"""Views of the officer's round configuration: quotas and thresholds, eligibility rules, council members."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_get_for
from rewards import selectors, services
from rewards.forms import CouncilEstablishForm, MemberForm, QuotaForm, RuleForm
from rewards.models import EligibilityRule
from rewards.views.common import form_errors, run
from tanbinh_portal.access import role_required
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import MANAGERS, OFFICER, has_role
from tanbinh_portal.text import one_line


@role_required(*MANAGERS)
def round_config(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    config = selectors.round_config(campaign)
    for item in config["forms"]:
        quota = item["quota"]
        initial = {"award_form": item["award_form"].pk, "quota": 0, "threshold_base": "all", "threshold_percent": 50}
        if quota is not None:
            initial.update(
                quota=quota.quota,
                threshold_base=quota.threshold_base,
                threshold_percent=quota.threshold_percent,
                threshold_inclusive=quota.threshold_inclusive,
                version=quota.version,
            )
        item["quota_form"] = QuotaForm(initial=initial, prefix=f"q{item['award_form'].pk}")
        item["rule_form"] = RuleForm(initial={"award_form": item["award_form"].pk}, prefix=f"r{item['award_form'].pk}")
    return render(
        request,
        "rewards/round_config.html",
        {
            "campaign": campaign,
            "config": config,
            "is_officer": has_role(request.user, OFFICER),
            "member_form": MemberForm(),
            "council_decision": services.council_decision_number(campaign),
            "establish_form": CouncilEstablishForm(initial={"issued_on": local_today()}),
        },
    )


def _prefixed(request, form_class):
    """The form posted from one award form's block (its prefix travels in the 'prefix' field)."""
    prefix = one_line(request.POST.get("prefix", ""))[:10] or None
    return form_class(request.POST, prefix=prefix)


@role_required(OFFICER)
@require_POST
def quota_save(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    form = _prefixed(request, QuotaForm)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        run(
            request,
            services.quota_set,
            "Đã lưu chỉ tiêu và ngưỡng thông qua.",
            campaign=campaign,
            expected_version=version,
            **data,
        )
    else:
        form_errors(request, form)
    return redirect("rewards:round-config", slug=slug)


@role_required(OFFICER)
@require_POST
def rule_add(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    form = _prefixed(request, RuleForm)
    if form.is_valid():
        data = dict(form.cleaned_data)
        award_form = data.pop("award_form")
        run(request, services.rule_add, "Đã thêm điều kiện.", campaign=campaign, award_form=award_form, data=data)
    else:
        form_errors(request, form)
    return redirect("rewards:round-config", slug=slug)


@role_required(OFFICER)
@require_POST
def rule_delete(request, slug: str, pk: int):
    campaign = campaign_get_for(request.user, slug)
    rule = get_object_or_404(EligibilityRule, pk=pk, campaign=campaign)
    run(request, services.rule_delete, "Đã xóa điều kiện.", rule=rule)
    return redirect("rewards:round-config", slug=slug)


@role_required(OFFICER)
@require_POST
def member_save(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    form = MemberForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.council_member_set,
            "Đã cập nhật thành viên Hội đồng.",
            campaign=campaign,
            **form.cleaned_data,
        )
    else:
        form_errors(request, form)
    return redirect("rewards:round-config", slug=slug)


@role_required(OFFICER)
@require_POST
def council_establish(request, slug: str):
    """The chairman's decision establishing the council, recorded with the date on the paper: it takes
    its number from the UBND's series now."""
    campaign = campaign_get_for(request.user, slug)
    form = CouncilEstablishForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.council_establish,
            "Đã cấp số quyết định thành lập Hội đồng.",
            campaign=campaign,
            issued_on=form.cleaned_data["issued_on"],
        )
    else:
        form_errors(request, form)
    return redirect("rewards:round-config", slug=slug)
