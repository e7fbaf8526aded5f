"""Views of nominations: list, create, detail with evidence and eligibility, edit, and every state move."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from campaigns.models import CampaignStatus, Person, Unit
from campaigns.selectors import campaign_get_for, campaign_list_for
from rewards import selectors, services
from rewards.forms import (
    EvidenceFileForm,
    NominationCreateForm,
    OutcomeForm,
    ProposeDateForm,
    ReasonForm,
    SectionsForm,
    SubmitDateForm,
)
from rewards.models.attachments import size_text
from rewards.policies import can_edit_nomination, can_view_history, headed_units, may_nominate_at_all, place_label
from rewards.views.common import form_errors, get_nomination, run
from tanbinh_portal.access import role_required
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import ALL_ROLES, CHAIRMAN, COMMUNE_ROLES, OFFICER, has_role
from tanbinh_portal.service_calls import service_call


@role_required(*ALL_ROLES)
def nomination_list(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    nominations = list(selectors.nominations_for(request.user, campaign))
    return render(
        request,
        "rewards/nomination_list.html",
        {"campaign": campaign, "nominations": nominations, "may_nominate": may_nominate_at_all(request.user)},
    )


def _nominees(user, campaign) -> tuple[list[Unit], list[Person]]:
    if has_role(user, OFFICER):
        units = Unit.objects.filter(commune=campaign.commune, is_active=True)
        return list(units), list(Person.objects.filter(commune=campaign.commune, is_active=True))
    units = headed_units(user)
    return units, list(Person.objects.filter(unit__in=units, is_active=True))


@role_required(*COMMUNE_ROLES)
def nomination_create(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    if not may_nominate_at_all(request.user):
        raise PermissionDenied("Chỉ người đứng đầu tập thể hoặc công chức Văn phòng – Thống kê lập đề nghị.")
    units, people = _nominees(request.user, campaign)
    form = NominationCreateForm(request.POST or None, campaign=campaign, units=units, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form=form) as call:
            nomination = services.nomination_create(
                actor=request.user,
                campaign=campaign,
                award_form=data["award_form"],
                sections={k: data[k] for k in ("profile", "achievements", "initiatives", "discipline", "confirmation")},
                **data["nominee"],
            )
        if call.ok:
            messages.success(request, "Đã lưu dự thảo đề nghị. Kiểm tra lại rồi bấm “Gửi đề nghị”.")
            return redirect("rewards:nomination-detail", slug=slug, pk=nomination.pk)
    return render(request, "rewards/nomination_form.html", {"campaign": campaign, "form": form, "nomination": None})


@role_required(*ALL_ROLES)
def nomination_detail(request, slug: str, pk: int):
    campaign, nomination = get_nomination(request, slug, pk)
    return render(
        request,
        "rewards/nomination_detail.html",
        {
            "campaign": campaign,
            "nomination": nomination,
            "detail": selectors.nomination_detail(nomination),
            "can_edit": can_edit_nomination(request.user, nomination),
            "can_view_history": can_view_history(request.user, nomination.nominee),
            "is_officer": has_role(request.user, OFFICER),
            "is_chairman": has_role(request.user, CHAIRMAN),
            "may_record_outcome": has_role(request.user, OFFICER),
            "reason_form": ReasonForm(),
            "outcome_form": OutcomeForm(),
            "file_form": EvidenceFileForm(campaign=campaign),
            "evidence_max_size": size_text(settings.EVIDENCE_FILE_MAX_BYTES),
        },
    )


def _require_editor(request, nomination) -> bool:
    """403 for those who could never edit it; False (and a message) when only its state forbids it."""
    if not (has_role(request.user, OFFICER) or nomination.proposed_by_id == request.user.pk):
        raise PermissionDenied("Chỉ người lập đề nghị hoặc công chức Văn phòng – Thống kê được sửa, gửi đề nghị.")
    if not can_edit_nomination(request.user, nomination):
        messages.error(request, f"Đề nghị đang ở trạng thái “{nomination.get_status_display()}”, không sửa được.")
        return False
    return True


@role_required(*COMMUNE_ROLES)
def nomination_edit(request, slug: str, pk: int):
    campaign, nomination = get_nomination(request, slug, pk)
    if not _require_editor(request, nomination):
        return redirect("rewards:nomination-detail", slug=slug, pk=pk)
    form = SectionsForm(
        request.POST or None,
        initial={
            "version": nomination.version,
            **{
                k: getattr(nomination, k)
                for k in ("profile", "achievements", "initiatives", "discipline", "confirmation")
            },
        },
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.nomination_update(
                actor=request.user,
                nomination=nomination,
                sections=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        if call.ok:
            messages.success(request, "Đã lưu báo cáo thành tích.")
            return redirect("rewards:nomination-detail", slug=slug, pk=pk)
    return render(
        request, "rewards/nomination_form.html", {"campaign": campaign, "form": form, "nomination": nomination}
    )


@role_required(*COMMUNE_ROLES)
@require_POST
def nomination_submit(request, slug: str, pk: int):
    _campaign, nomination = get_nomination(request, slug, pk)
    if _require_editor(request, nomination):
        form = SubmitDateForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return redirect("rewards:nomination-detail", slug=slug, pk=pk)
        run(
            request,
            services.nomination_submit,
            "Đã gửi đề nghị; minh chứng đã được chốt tại thời điểm gửi.",
            nomination=nomination,
            submitted_on=form.cleaned_data.get("submitted_on"),
        )
    return redirect("rewards:nomination-detail", slug=slug, pk=pk)


def _with_reason(request, slug: str, pk: int, service, success: str):
    _campaign, nomination = get_nomination(request, slug, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run(request, service, success, nomination=nomination, reason=form.cleaned_data["reason"])
    else:
        form_errors(request, form)
    return redirect("rewards:nomination-detail", slug=slug, pk=pk)


@role_required(OFFICER)
@require_POST
def nomination_return(request, slug: str, pk: int):
    return _with_reason(request, slug, pk, services.nomination_return, "Đã trả lại đề nghị để bổ sung.")


@role_required(CHAIRMAN)
@require_POST
def nomination_override(request, slug: str, pk: int):
    return _with_reason(request, slug, pk, services.nomination_override, "Đã cho phép đưa đề nghị ra Hội đồng xét.")


@role_required(OFFICER)
@require_POST
def nomination_accept(request, slug: str, pk: int):
    _campaign, nomination = get_nomination(request, slug, pk)
    run(request, services.nomination_accept, "Đã tiếp nhận đề nghị, chờ Hội đồng xét.", nomination=nomination)
    return redirect("rewards:nomination-detail", slug=slug, pk=pk)


@role_required(OFFICER)
@require_POST
def nomination_propose(request, slug: str, pk: int):
    _campaign, nomination = get_nomination(request, slug, pk)
    form = ProposeDateForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("rewards:nomination-detail", slug=slug, pk=pk)
    on = form.cleaned_data.get("proposed_on")
    level = nomination.campaign.commune.receiving_level(on or local_today())
    message = f"Đã gửi đề nghị lên {place_label(level)}."
    run(request, services.nomination_propose, message, nomination=nomination, on=on)
    return redirect("rewards:nomination-detail", slug=slug, pk=pk)


@role_required(OFFICER)  # the receiving level records outcomes in its inbox (documents:submission-outcome)
@require_POST
def nomination_outcome(request, slug: str, pk: int):
    _campaign, nomination = get_nomination(request, slug, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.nomination_record_outcome,
            "Đã ghi kết quả của cấp trên.",
            nomination=nomination,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            decision_number=form.cleaned_data["decision_number"],
            decision_date=form.cleaned_data["decision_date"],
        )
    else:
        form_errors(request, form)
    return redirect("rewards:nomination-detail", slug=slug, pk=pk)


@role_required(*ALL_ROLES)
def rewards_index(request):
    """The menu entry: the award round of the latest campaign the user may see."""
    campaigns = campaign_list_for(request.user).exclude(status=CampaignStatus.DRAFT)
    latest = campaigns.first()
    if latest is None:
        messages.info(request, "Chưa có phong trào nào đã phát động.")
        return redirect("campaigns:campaign-list")
    return redirect("rewards:nomination-list", slug=latest.slug)
