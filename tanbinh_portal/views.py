"""Cross-cutting pages: the home page per role, notifications and the audit log."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tanbinh_portal.access import role_required
from tanbinh_portal.audit_log import AuditFilters, audit_filter_choices, audit_page
from tanbinh_portal.forms import AuditFilterForm
from tanbinh_portal.home import home_tasks
from tanbinh_portal.models import Notification
from tanbinh_portal.notifications import notifications_mark_seen
from tanbinh_portal.roles import ALL_ROLES, MANAGERS, roles_of


@role_required(*ALL_ROLES)
def home(request):
    return render(
        request,
        "tanbinh_portal/home.html",
        {
            "tasks": home_tasks(request.user),
            "roles": sorted(roles_of(request.user)),
        },
    )


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
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
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
