"""Cross-cutting pages: the home page per role, notifications and the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from tanbinh_portal.access import role_required
from tanbinh_portal.accounts import PASSWORD_CHANGE_DUE, account_password_set
from tanbinh_portal.audit_log import AuditFilters, audit_filter_choices, audit_page
from tanbinh_portal.forms import AuditFilterForm, PortalPasswordChangeForm
from tanbinh_portal.home import home_tasks
from tanbinh_portal.models import Notification
from tanbinh_portal.notifications import notification_mark_read, notifications_mark_seen
from tanbinh_portal.roles import ALL_ROLES, MANAGERS, roles_of


def home(request):
    """The home page; a site administrator without a commune role goes to the Django admin instead."""
    user = request.user
    if user.is_authenticated and user.is_staff and not roles_of(user):
        return redirect("admin:index")
    return _home(request)


@role_required(*ALL_ROLES)
def _home(request):
    return render(
        request,
        "tanbinh_portal/home.html",
        {
            "tasks": home_tasks(request.user),
            "roles": sorted(roles_of(request.user)),
        },
    )


home.allowed_roles = _home.allowed_roles  # read by the menu's may_open


@role_required(*ALL_ROLES)
def notification_list(request):
    notifications = list(Notification.objects.filter(recipient=request.user)[:100])
    # Rendered as they were (new ones still highlighted this once), then marked read.
    response = render(request, "tanbinh_portal/notification_list.html", {"notifications": notifications})
    notifications_mark_seen(user=request.user, ids=[n.pk for n in notifications if not n.read_at])
    return response


@role_required(*ALL_ROLES)
@require_POST
def notification_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification=notification)
    link = notification.link if notification.link.startswith("/") and not notification.link.startswith("//") else "/"
    return redirect(link)


@role_required(*MANAGERS)
def audit_log(request):
    choices = audit_filter_choices()
    form = AuditFilterForm(request.GET or None, actors=choices["actors"], types=choices["types"])
    data = form.cleaned_data if form.is_valid() else {}
    filters = AuditFilters(
        actor_id=data.get("nguoi"),
        object_type=data.get("loai") or "",
        search=(data.get("tim") or "").strip(),
        day_from=data.get("tu"),
        day_to=data.get("den"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": audit_page(filters, request.GET.get("page")), "query": query.urlencode()}
    return render(request, "tanbinh_portal/auditevent_list.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Any signed-in user changes their own password; their other sessions end, this one stays."""

    form_class = PortalPasswordChangeForm
    success_url = reverse_lazy("password-change-done")

    def form_valid(self, form):
        user = account_password_set(
            actor=self.request.user, user=form.user, password=form.cleaned_data["new_password1"]
        )
        # The session auth hash follows the password hash: renewing it here keeps this session only.
        update_session_auth_hash(self.request, user)
        self.request.session.pop(PASSWORD_CHANGE_DUE, None)
        messages.success(self.request, "Đã đổi mật khẩu.")
        return redirect(self.get_success_url())
