"""The commune's account administration (Quản trị tài khoản xã): accounts, roles, passwords, on/off.

Every page is the commune administrator's at their current commune; another commune's account answers
404 like a missing one (``selectors.account_get_for``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns import selectors
from campaigns.forms.accounts import (
    AccountCreateForm,
    AccountEditForm,
    AccountPasswordResetForm,
    OptionalReasonForm,
    ReasonForm,
    RoleGrantForm,
)
from campaigns.models import RoleAssignment
from campaigns.services import accounts as services
from campaigns.services.organisation import role_grant, role_withdraw
from tanbinh_portal.access import role_required
from tanbinh_portal.accounts import generated_password
from tanbinh_portal.roles import COMMUNE_ADMIN
from tanbinh_portal.service_calls import service_call


def _commune(request):
    commune = selectors.commune_for(request.user)
    if commune is None:
        raise PermissionDenied("Hãy chọn nơi làm việc là một xã.")
    return commune


@role_required(COMMUNE_ADMIN)
def account_list(request):
    commune = _commune(request)
    return render(
        request, "campaigns/account_list.html", {"commune": commune, "accounts": selectors.accounts_of(commune)}
    )


@role_required(COMMUNE_ADMIN)
def account_create(request):
    commune = _commune(request)
    form = AccountCreateForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form=form) as call:
            user = services.account_create(
                actor=request.user,
                commune=commune,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                person=data["person"],
                password=data["password"],
                roles=data["roles"],
            )
        if call.ok:
            messages.success(
                request,
                f"Đã tạo tài khoản “{user.username}”. Báo mật khẩu ban đầu riêng cho người dùng; "
                "họ phải đổi mật khẩu ở lần đăng nhập đầu tiên.",
            )
            return redirect("campaigns:account-detail", pk=user.pk)
    return render(request, "campaigns/account_form.html", {"form": form, "account": None})


@role_required(COMMUNE_ADMIN)
def account_detail(request, pk: int):
    commune = _commune(request)
    account = selectors.account_get_for(commune, pk)
    return render(request, "campaigns/account_detail.html", _detail_context(commune, account))


def _detail_context(commune, account, **extra) -> dict:
    summary = selectors.account_summary(commune, account)
    return {
        "commune": commune,
        "account": account,
        "summary": summary,
        "grant_form": extra.pop("grant_form", None) or RoleGrantForm(held=summary.roles),
        **extra,
    }


@role_required(COMMUNE_ADMIN)
def account_edit(request, pk: int):
    commune = _commune(request)
    account = selectors.account_get_for(commune, pk)
    current = selectors.person_of(account)
    initial = {"full_name": account.first_name, "email": account.email, "person": current}
    form = AccountEditForm(request.POST or None, commune=commune, current_person=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form=form) as call:
            services.account_update(
                actor=request.user,
                commune=commune,
                user=account,
                full_name=data["full_name"],
                email=data["email"],
                person=data["person"],
            )
        if call.ok:
            messages.success(request, "Đã lưu thông tin tài khoản.")
            return redirect("campaigns:account-detail", pk=account.pk)
    return render(request, "campaigns/account_form.html", {"form": form, "account": account})


@role_required(COMMUNE_ADMIN)
@require_POST
def account_role_grant(request, pk: int):
    commune = _commune(request)
    account = selectors.account_get_for(commune, pk)
    summary = selectors.account_summary(commune, account)
    form = RoleGrantForm(request.POST, held=summary.roles)
    if form.is_valid():
        role = form.cleaned_data["role"]
        with service_call(request, form=form) as call:
            role_grant(actor=request.user, user=account, role=role, place=commune)
        if call.ok:
            messages.success(request, f"Đã giao vai trò “{role}” cho “{account.username}”.")
            return redirect("campaigns:account-detail", pk=account.pk)
    return render(request, "campaigns/account_detail.html", _detail_context(commune, account, grant_form=form))


@role_required(COMMUNE_ADMIN)
def account_role_withdraw(request, pk: int, assignment_pk: int):
    commune = _commune(request)
    account = selectors.account_get_for(commune, pk)
    assignment = get_object_or_404(
        RoleAssignment, pk=assignment_pk, user=account, commune=commune, withdrawn_at__isnull=True
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            role_withdraw(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
        if call.ok:
            messages.success(request, f"Đã thu hồi vai trò “{assignment.role}” của “{account.username}”.")
            return redirect("campaigns:account-detail", pk=account.pk)
    return render(
        request,
        "campaigns/account_confirm.html",
        {
            "account": account,
            "form": form,
            "title": f"Thu hồi vai trò “{assignment.role}”",
            "explanation": f"Tài khoản “{account.username}” sẽ không còn vai trò “{assignment.role}” tại {commune}. "
            "Lịch sử giao, thu hồi vẫn được lưu.",
            "button": "Thu hồi vai trò",
        },
    )


@role_required(COMMUNE_ADMIN)
def account_password_reset(request, pk: int):
    commune = _commune(request)
    account = selectors.account_get_for(commune, pk)
    form = AccountPasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"] or generated_password()
        with service_call(request, form=form) as call:
            services.account_password_reset(
                actor=request.user, commune=commune, user=account, password=password, reason=form.cleaned_data["reason"]
            )
        if call.ok:
            # Shown once, on this answer only: never in a message, a redirect or a log.
            response = render(
                request,
                "campaigns/account_password_done.html",
                {"account": account, "password": password, "generated": not form.cleaned_data["password"]},
            )
            response["Cache-Control"] = "no-store"
            return response
    context = {"account": account, "form": form, "problem": selectors.account_manage_problem(commune, account)}
    return render(request, "campaigns/account_password_reset.html", context)


@role_required(COMMUNE_ADMIN)
def account_deactivate(request, pk: int):
    commune = _commune(request)
    account = selectors.account_get_for(commune, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.account_deactivate(
                actor=request.user, commune=commune, user=account, reason=form.cleaned_data["reason"]
            )
        if call.ok:
            messages.success(request, f"Đã khóa tài khoản “{account.username}”.")
            return redirect("campaigns:account-detail", pk=account.pk)
    return render(
        request,
        "campaigns/account_confirm.html",
        {
            "account": account,
            "form": form,
            "title": f"Khóa tài khoản “{account.username}”",
            "explanation": "Người dùng không đăng nhập được nữa; các phiên đang mở kết thúc ngay ở lần bấm tiếp theo. "
            "Vai trò và lịch sử của tài khoản vẫn được giữ; có thể mở khóa lại.",
            "button": "Khóa tài khoản",
            "problem": selectors.account_manage_problem(commune, account),
        },
    )


@role_required(COMMUNE_ADMIN)
@require_POST
def account_reactivate(request, pk: int):
    commune = _commune(request)
    account = selectors.account_get_for(commune, pk)
    form = OptionalReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with service_call(request) as call:
        services.account_reactivate(actor=request.user, commune=commune, user=account, reason=reason)
    if call.ok:
        messages.success(request, f"Đã mở khóa tài khoản “{account.username}”.")
    return redirect("campaigns:account-detail", pk=account.pk)
