"""Views of the chairman's approval page, the decision and award history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.models import Person, Unit
from campaigns.selectors import campaign_get_for
from rewards import selectors, services
from rewards.forms import ApproveForm, DecisionForm, ReasonForm
from rewards.models import Decision, NominationStatus
from rewards.policies import can_view_history
from rewards.views.common import form_errors, run
from tanbinh_portal.access import role_required
from tanbinh_portal.roles import CHAIRMAN, COMMUNE_ROLES, COUNCIL, MANAGERS, OFFICER, has_role


@role_required(*MANAGERS, COUNCIL)
def approval_page(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    page = selectors.approval_page(campaign)
    return render(
        request,
        "rewards/approval_page.html",
        {
            "campaign": campaign,
            "page": page,
            "is_chairman": has_role(request.user, CHAIRMAN),
            "may_issue": has_role(request.user, CHAIRMAN, OFFICER),
            "decision_form": DecisionForm(initial={"signatory_name": campaign.signatory_name}),
            "reason_form": ReasonForm(),
        },
    )


def _passed_choices(campaign) -> list[tuple[int, str]]:
    return [(n.pk, str(n)) for n in campaign.nominations.filter(status=NominationStatus.PASSED)]


@role_required(CHAIRMAN)
@require_POST
def approval_approve(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    form = ApproveForm(request.POST, choices=_passed_choices(campaign))
    if form.is_valid():
        run(
            request,
            services.approval_approve,
            "Đã phê duyệt; danh sách đã được chốt.",
            campaign=campaign,
            approved_ids=form.cleaned_data["nominations"],
            comment=form.cleaned_data["comment"],
        )
    else:
        form_errors(request, form)
    return redirect("rewards:approval", slug=slug)


@role_required(CHAIRMAN)
@require_POST
def approval_return(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.approval_return,
            "Đã trả lại danh sách cho Hội đồng.",
            campaign=campaign,
            comment=form.cleaned_data["reason"],
        )
    else:
        form_errors(request, form)
    return redirect("rewards:approval", slug=slug)


@role_required(CHAIRMAN)
@require_POST
def approval_unapprove(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.approval_unapprove,
            "Đã hủy phê duyệt; danh sách mở lại.",
            campaign=campaign,
            reason=form.cleaned_data["reason"],
        )
    else:
        form_errors(request, form)
    return redirect("rewards:approval", slug=slug)


@role_required(CHAIRMAN, OFFICER)
@require_POST
def decision_issue(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    form = DecisionForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.decision_issue,
            "Đã ban hành quyết định khen thưởng và cấp số.",
            campaign=campaign,
            **form.cleaned_data,
        )
    else:
        form_errors(request, form)
    return redirect("rewards:approval", slug=slug)


@role_required(*COMMUNE_ROLES)
def decision_detail(request, slug: str, pk: int):
    campaign = campaign_get_for(request.user, slug)
    decision = get_object_or_404(Decision, pk=pk, campaign=campaign)
    nominations = decision.nominations.select_related("award_form", "unit", "person")
    return render(
        request,
        "rewards/decision_detail.html",
        {"campaign": campaign, "decision": decision, "nominations": nominations},
    )


@role_required(*COMMUNE_ROLES)
def history_person(request, pk: int):
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    if not can_view_history(request.user, person):
        raise PermissionDenied("Bạn không được xem lịch sử khen thưởng của người này.")
    rows = selectors.award_history(person=person)
    return render(request, "rewards/history.html", {"subject": person, "kind": "Cá nhân", "rows": rows})


@role_required(*COMMUNE_ROLES)
def history_unit(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    if not can_view_history(request.user, unit):
        raise PermissionDenied("Bạn không được xem lịch sử khen thưởng của tập thể này.")
    rows = selectors.award_history(unit=unit)
    return render(request, "rewards/history.html", {"subject": unit, "kind": "Tập thể", "rows": rows})
