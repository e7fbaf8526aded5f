"""Views of đăng ký thi đua: my registrations, the form, the officer's overview and export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from campaigns import selectors, services
from campaigns.forms import DeadlineForm, RegistrationForm
from campaigns.models import Person, Unit
from campaigns.policies import can_register_for
from tanbinh_portal.access import role_required
from tanbinh_portal.roles import COMMUNE_ROLES, MANAGERS, OFFICER, has_role
from tanbinh_portal.service_calls import service_call
from tanbinh_portal.spreadsheets import XLSX_TYPE, campaign_heading, write_xlsx


@role_required(*COMMUNE_ROLES)
def registration_home(request, slug: str):
    campaign = selectors.campaign_get_for(request.user, slug)
    options = selectors.registration_options_for(request.user, campaign)
    return render(
        request,
        "campaigns/registration_home.html",
        {
            "campaign": campaign,
            "options": options,
            "closed_reason": selectors.registration_open_problem(campaign, on_behalf=has_role(request.user, OFFICER)),
        },
    )


@role_required(*COMMUNE_ROLES)
def registration_edit(request, slug: str, kind: str, pk: int):
    campaign = selectors.campaign_get_for(request.user, slug)
    model = Unit if kind == "tap-the" else Person
    registrant = get_object_or_404(model, pk=pk, commune=campaign.commune)
    if not can_register_for(request.user, registrant):
        raise PermissionDenied("Bạn không được đăng ký thi đua thay cho đối tượng này.")
    lookup = {"unit": registrant} if model is Unit else {"person": registrant}
    registration = selectors.registration_for(campaign, **lookup)
    criteria = list(campaign.criteria.prefetch_related("targets"))
    form = RegistrationForm(request.POST or None, criteria=criteria, registration=registration)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.registration_submit(
                actor=request.user,
                campaign=campaign,
                **lookup,
                commitments=form.cleaned_data["commitments"],
                commitment_text=form.cleaned_data["commitment_text"],
                expected_version=form.cleaned_data["version"],
                registered_on=form.cleaned_data.get("registered_on"),
            )
        if call.ok:
            messages.success(request, f"Đã ghi nhận đăng ký thi đua của {registrant}.")
            if has_role(request.user, OFFICER) and not can_register_for_self(request.user, registrant):
                return redirect("campaigns:registration-overview", slug=campaign.slug)
            return redirect("campaigns:registration-home", slug=campaign.slug)
    return render(
        request,
        "campaigns/registration_form.html",
        {
            "campaign": campaign,
            "registrant": registrant,
            "registration": registration,
            "form": form,
            "closed_reason": selectors.registration_open_problem(campaign, on_behalf=has_role(request.user, OFFICER)),
        },
    )


def can_register_for_self(user, registrant) -> bool:
    person = getattr(user, "person", None)
    return person is not None and (registrant == person or getattr(registrant, "head_id", None) == person.pk)


@role_required(*MANAGERS)
def registration_overview(request, slug: str):
    campaign = selectors.campaign_get_for(request.user, slug)
    overview = selectors.registration_overview(campaign)
    return render(
        request,
        "campaigns/registration_overview.html",
        {
            "campaign": campaign,
            **overview,
            "deadline_form": DeadlineForm(initial={"registration_deadline": campaign.registration_deadline}),
        },
    )


@role_required(*MANAGERS)
def registration_export(request, slug: str):
    campaign = selectors.campaign_get_for(request.user, slug)
    overview = selectors.registration_overview(campaign)

    def rows(items, name_of, details):
        for index, item in enumerate(items, start=1):
            reg = item.registration
            yield [
                index,
                name_of(item),
                *details(item),
                "Đã đăng ký" if reg else "Chưa đăng ký",
                (reg.registered_on or timezone.localdate(reg.registered_at)) if reg else None,
                "; ".join(f"{c.criterion.order}: {c.target_text}".strip(": ") for c in reg.commitments.all())
                if reg
                else "",
                reg.commitment_text if reg else "",
            ]

    tail = ["Tình trạng", "Ngày đăng ký", "Nội dung cam kết (số: chỉ tiêu)", "Cam kết khác"]
    content = write_xlsx(
        [
            (
                "Tập thể",
                ["STT", "Tập thể", "Loại", *tail],
                rows(overview["units"], lambda u: u.name_then, lambda u: [u.get_unit_type_display()]),
            ),
            (
                "Cá nhân",
                ["STT", "Họ và tên", "Chức vụ", "Tập thể", *tail],
                rows(overview["people"], lambda p: p.full_name, lambda p: [p.position, p.unit_name_then]),
            ),
        ],
        heading=campaign_heading(campaign, "Danh sách đăng ký thi đua"),
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="dang-ky-thi-dua-{campaign.slug}.xlsx"'
    return response


def _unreachable_text(result) -> str:
    parts = []
    if result.unreachable_people:
        parts.append(f"{len(result.unreachable_people)} cán bộ: {_names(result.unreachable_people)}")
    if result.unreachable_units:
        units = _names(result.unreachable_units)
        parts.append(f"{len(result.unreachable_units)} tập thể (người đứng đầu chưa có tài khoản): {units}")
    return "Chưa nhắc được (chưa có tài khoản trên cổng), hãy nhắc trực tiếp: " + "; ".join(parts) + "."


def _names(names: list[str], shown: int = 12) -> str:
    text = ", ".join(names[:shown])
    return text + (f" và {len(names) - shown} người khác" if len(names) > shown else "")


@role_required(OFFICER)
@require_POST
def registration_remind(request, slug: str):
    campaign = selectors.campaign_get_for(request.user, slug)
    with service_call(request) as call:
        result = services.registration_remind(actor=request.user, campaign=campaign)
    if call.ok:
        sent = f"Đã gửi lời nhắc trên cổng và qua thư điện tử tới {result.sent} tài khoản chưa đăng ký."
        messages.success(request, sent)
        if result.unreachable:
            messages.warning(request, _unreachable_text(result))
    return redirect("campaigns:registration-overview", slug=campaign.slug)


@role_required(OFFICER)
@require_POST
def registration_deadline(request, slug: str):
    campaign = selectors.campaign_get_for(request.user, slug)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("campaigns:registration-overview", slug=campaign.slug)
    with service_call(request) as call:
        services.campaign_set_registration_deadline(
            actor=request.user, campaign=campaign, deadline=form.cleaned_data["registration_deadline"]
        )
    if call.ok:
        messages.success(request, "Đã cập nhật hạn đăng ký thi đua.")
    return redirect("campaigns:registration-overview", slug=campaign.slug)
