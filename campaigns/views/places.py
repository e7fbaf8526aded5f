"""The place switcher: where a user holding roles in several places works now (kept in the session)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from campaigns import selectors, services
from campaigns.places import SESSION_KEY
from tanbinh_portal.access import role_required
from tanbinh_portal.roles import ALL_ROLES


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return ""


@role_required(*ALL_ROLES)
def place_switch(request):
    """GET: the user's places, the current one marked. POST ``place``: work there from now on (audited)."""
    places = selectors.places_of(request.user)
    error = ""
    if request.method == "POST":
        wanted = request.POST.get("place", "")
        place = next((p for p in places if p.key == wanted), None)
        if place is None:
            error = "Hãy chọn một nơi làm việc trong danh sách: bạn không có vai trò ở nơi đã gửi."
        else:
            services.place_switch(actor=request.user, previous=request.place, place=place)
            request.session[SESSION_KEY] = place.key
            return redirect(_next_url(request) or "home")
    return render(
        request,
        "campaigns/place_switch.html",
        {"places": places, "error": error, "next": _next_url(request)},
        status=400 if error else 200,
    )
