"""Views of the campaign plan: list, plan page, editing, and the state machine."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns import next_year, selectors, services
from campaigns.forms import AwardOptionsForm, CampaignCreateForm, CriterionForm, NextYearForm, PlanForm, StepForm
from campaigns.models import AwardForm, CampaignStatus, Criterion
from campaigns.plan_revision import plan_revision
from tanbinh_portal.access import role_required
from tanbinh_portal.pagecache import cached_fragment
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import ALL_ROLES, CHAIRMAN, OFFICER, has_role
from tanbinh_portal.service_calls import service_call


@role_required(*ALL_ROLES)
def campaign_list(request):
    return render(request, "campaigns/campaign_list.html", {"campaigns": selectors.campaign_list_for(request.user)})


@role_required(*ALL_ROLES)
def campaign_detail(request, slug: str):
    campaign = selectors.campaign_get_for(request.user, slug)
    can_edit = has_role(request.user, OFFICER) and campaign.status in (CampaignStatus.DRAFT, CampaignStatus.LAUNCHED)
    # The plan document: two variants (with or without the editing links), each the same for everyone
    # who gets it (rendered without the request), cached until the plan revision changes.
    revision = plan_revision(campaign)
    body = cached_fragment(
        "campaigns/_plan_body.html",
        None if revision is None else (campaign.pk, campaign.slug, revision, int(can_edit)),
        lambda: {"campaign": campaign, "can_edit": can_edit, **selectors.campaign_plan(campaign)},
    )
    return render(request, "campaigns/campaign_detail.html", {"campaign": campaign, "can_edit": can_edit, "body": body})


@role_required(OFFICER)
def campaign_create(request):
    commune = selectors.commune_for(request.user)
    if commune is None:
        raise PermissionDenied("Tài khoản chưa gắn với xã nào.")
    form = CampaignCreateForm(request.POST or None, initial={"place_name": commune.name})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "slug"}
        with service_call(request, form=form) as call:
            campaign = services.campaign_create(
                actor=request.user, commune=commune, slug=form.cleaned_data["slug"], data=data
            )
        if call.ok:
            messages.success(request, "Đã tạo dự thảo kế hoạch.")
            return redirect("campaigns:campaign-detail", slug=campaign.slug)
    return render(request, "campaigns/campaign_form.html", {"form": form, "title": "Tạo kế hoạch thi đua"})


@role_required(OFFICER)
def campaign_edit(request, slug: str):
    campaign = selectors.campaign_get_for(request.user, slug)
    form = PlanForm(request.POST or None, instance=campaign, initial={"version": campaign.version})
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in PlanForm.Meta.fields}
        with service_call(request, form=form) as call:
            services.campaign_update(
                actor=request.user,
                campaign=campaign,
                data=data,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        if call.ok:
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect("campaigns:campaign-detail", slug=campaign.slug)
    return render(
        request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign, "title": "Sửa kế hoạch thi đua"}
    )


@role_required(OFFICER)
def criterion_edit(request, slug: str, pk: int | None = None):
    campaign = selectors.campaign_get_for(request.user, slug)
    criterion = get_object_or_404(Criterion, pk=pk, campaign=campaign) if pk else None
    initial = CriterionForm.initial_for(criterion) if criterion else {"order": campaign.criteria.count() + 1}
    form = CriterionForm(
        request.POST or None, initial=initial, indicator_choices=selectors.target_indicator_choices(campaign)
    )
    preview = None
    if request.method == "POST" and form.is_valid() and form.targets_changed(criterion):
        # New or changed targets are shown as they will print, and saved only once confirmed as such.
        preview = form.target_preview()
        if request.POST.get("confirmed_targets") != " | ".join(preview):
            return render(
                request,
                "campaigns/criterion_form.html",
                {"form": form, "campaign": campaign, "criterion": criterion, "preview": preview},
            )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.criterion_save(
                actor=request.user,
                campaign=campaign,
                data=form.service_data(),
                criterion=criterion,
                reason=form.cleaned_data["reason"],
            )
        if call.ok:
            messages.success(request, "Đã lưu nội dung thi đua.")
            return redirect("campaigns:campaign-detail", slug=campaign.slug)
    return render(
        request, "campaigns/criterion_form.html", {"form": form, "campaign": campaign, "criterion": criterion}
    )


@role_required(OFFICER)
@require_POST
def criterion_delete(request, slug: str, pk: int):
    campaign = selectors.campaign_get_for(request.user, slug)
    criterion = get_object_or_404(Criterion, pk=pk, campaign=campaign)
    with service_call(request) as call:
        services.criterion_delete(actor=request.user, criterion=criterion, reason=request.POST.get("reason", ""))
    if call.ok:
        messages.success(request, "Đã xóa nội dung thi đua.")
    return redirect("campaigns:campaign-detail", slug=campaign.slug)


@role_required(OFFICER)
def award_options_edit(request, slug: str):
    campaign = selectors.campaign_get_for(request.user, slug)
    award_forms = [f for f in AwardForm.objects.all() if f.is_valid_on(campaign.start_date)]
    current = {o.award_form_id: o.wording for o in campaign.award_options.all()}
    form = AwardOptionsForm(request.POST or None, award_forms=award_forms, current=current)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.campaign_set_award_forms(
                actor=request.user,
                campaign=campaign,
                options=form.cleaned_data["options"],
                reason=form.cleaned_data["reason"],
            )
        if call.ok:
            messages.success(request, "Đã lưu hình thức khen thưởng.")
            return redirect("campaigns:campaign-detail", slug=campaign.slug)
    return render(
        request,
        "campaigns/award_options_form.html",
        {
            "form": form,
            "campaign": campaign,
            "rows": [(f, form[f"use_{f.pk}"], form[f"wording_{f.pk}"]) for f in award_forms],
        },
    )


@role_required(OFFICER)
def step_edit(request, slug: str, order: int):
    campaign = selectors.campaign_get_for(request.user, slug)
    if not 1 <= order <= 20:
        raise Http404("Không có phần này trong kế hoạch.")
    step = campaign.steps.filter(order=order).first()
    form = StepForm(request.POST or None, initial={"heading": step.heading, "body": step.body} if step else None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.step_save(actor=request.user, campaign=campaign, order=order, **form.cleaned_data)
        if call.ok:
            messages.success(request, "Đã lưu phần tổ chức thực hiện.")
            return redirect("campaigns:campaign-detail", slug=campaign.slug)
    return render(request, "campaigns/step_form.html", {"form": form, "campaign": campaign, "order": order})


def _transition_view(service, success: str):
    @role_required(CHAIRMAN)
    @require_POST
    def view(request, slug: str):
        campaign = selectors.campaign_get_for(request.user, slug)
        with service_call(request) as call:
            service(actor=request.user, campaign=campaign)
        if call.ok:
            messages.success(request, success)
        return redirect("campaigns:campaign-detail", slug=campaign.slug)

    return view


@role_required(CHAIRMAN)
@require_POST
def campaign_launch(request, slug: str):
    """Launching is two steps: the review (what blocks, what is still empty, the contents), then the confirmed POST."""
    campaign = selectors.campaign_get_for(request.user, slug)
    if request.POST.get("confirmed") != "1" or campaign.status != CampaignStatus.DRAFT:
        review = selectors.launch_review(campaign)
        return render(request, "campaigns/campaign_launch_confirm.html", {"campaign": campaign, **review})
    with service_call(request) as call:
        services.campaign_launch(actor=request.user, campaign=campaign)
    if call.ok:
        messages.success(request, "Đã phát động phong trào thi đua.")
    return redirect("campaigns:campaign-detail", slug=campaign.slug)


campaign_close = _transition_view(services.campaign_close, "Đã kết thúc đợt thi đua.")
campaign_summarise = _transition_view(services.campaign_mark_summarised, "Đã đánh dấu phong trào đã tổng kết.")


@role_required(OFFICER, CHAIRMAN)
def campaign_copy_next_year(request, slug: str):
    """“Tạo kế hoạch năm sau từ kế hoạch này”: the preview (what the dated rules change, and why), then the
    confirmed POST that writes exactly that preview."""
    campaign = selectors.campaign_get_for(request.user, slug)
    commune = selectors.commune_for(request.user)
    if commune is None or campaign.commune_id != commune.pk:
        raise Http404("Không có phong trào này.")
    years = next_year.year_choices(campaign)
    default = min(max(campaign.start_date.year + 1, local_today().year), years[-1])
    data = request.POST if request.method == "POST" else (request.GET if "nam" in request.GET else None)
    form = NextYearForm(data, years=years, initial={"nam": default})
    year = form.cleaned_data["nam"] if form.is_valid() else default
    preview = None
    if campaign.status != CampaignStatus.DRAFT:
        with service_call(request, form=form) as call:
            preview = next_year.next_year_preview(source=campaign, year=year)
    # A POST without the preview's fingerprint (the officer has not seen a preview) only shows one.
    if request.method == "POST" and preview is not None and form.is_valid() and form.cleaned_data["fingerprint"]:
        with service_call(request, form=form) as call:
            copy = next_year.campaign_copy_next_year(
                actor=request.user, source=campaign, year=year, fingerprint=form.cleaned_data["fingerprint"]
            )
        if call.ok:
            messages.success(request, f"Đã tạo dự thảo kế hoạch năm {year} từ kế hoạch năm {campaign.start_date.year}.")
            return redirect("campaigns:campaign-detail", slug=copy.slug)
    context = {"campaign": campaign, "form": form, "preview": preview, "year": year}
    return render(request, "campaigns/campaign_copy_next_year.html", context)
