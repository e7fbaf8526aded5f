"""The citizen's rating page (public, no login), reached by the QR code of the dossier's receipt; and
the commune's page of the ratings per procedure and per officer.

Abuse limits (docs/security.md, "Public rating page"): submissions per address and per code, unknown
codes per address, a honeypot field, bounded inputs, CSRF; the page shows no personal data (the
procedure, the dates and the commune only).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from campaigns.selectors import campaign_get_for
from kpi.models import CitizenRating
from kpi.periods import CAMPAIGN, campaign_periods, period_label
from kpi.ratings_forms import RatingForm
from kpi.ratings_tokens import (
    TOKEN_LENGTH,
    other_channels,
    ticket_from_short_code,
    ticket_from_token,
    token_for,
    token_problem,
    valid_until,
)
from kpi.selectors import rating_comments, ratings_overview
from kpi.services import citizen_rating_submit
from kpi.services.ratings import replace_deadline
from tanbinh_portal.access import role_required
from tanbinh_portal.client_ip import client_ip
from tanbinh_portal.ratelimit import rate_exceeded
from tanbinh_portal.roles import CHAIRMAN, OFFICER, ONE_STOP, VICE_CHAIRMAN, has_role
from tanbinh_portal.scoping import commune_scope
from tanbinh_portal.service_calls import service_call

logger = logging.getLogger(__name__)
TOO_MANY = "Ông/bà đã gửi quá nhiều lần trong ít phút. Xin thử lại sau."


def _limited(scope: str, subject: str, limit: int) -> bool:
    return rate_exceeded(scope, subject, limit=limit, window=settings.RATING_LIMIT_WINDOW_SECONDS)


def _ticket_or_404(request, token: str):
    """The code's ticket; an unknown or forged code answers 404 (and counts against the address)."""
    ticket = ticket_from_token(token) if len(token) <= TOKEN_LENGTH else None
    if ticket is None:
        if _limited("rating-unknown", client_ip(request), settings.RATING_POSTS_PER_ADDRESS):
            return None, render(request, "kpi/rating_refused.html", {"message": TOO_MANY}, status=429)
        raise Http404("Mã đánh giá không hợp lệ.")
    return ticket, None


def _earlier(ticket) -> dict:
    """The earlier rating's level and reasons, preselected on a second visit while it can still be
    replaced. Not its free text: whoever holds the paper would read what the citizen typed."""
    existing = CitizenRating.objects.filter(dossier_id=ticket.dossier_id).first()
    if existing is None or replace_deadline(existing) < timezone.now():
        return {}
    return {"level": existing.level, "reasons": list(existing.reasons)}


def _context(ticket, form=None) -> dict:
    dossier = ticket.dossier
    existing = CitizenRating.objects.filter(dossier=dossier).first()
    return {
        "dossier": dossier,
        "commune_name": dossier.commune.name,
        "existing": existing,
        "replace_until": replace_deadline(existing) if existing else None,
        "valid_until": valid_until(dossier),
        "form": form,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def rating_page(request, token: str):
    ticket, refused = _ticket_or_404(request, token)
    if refused:
        return refused
    with commune_scope(ticket.commune_id):
        return _rating_page(request, token, ticket)


def _rating_page(request, token: str, ticket):
    problem = token_problem(ticket.dossier)
    if problem:
        context = {"message": problem, "dossier": ticket.dossier, **other_channels(ticket.dossier.commune)}
        return render(request, "kpi/rating_refused.html", context, status=410)
    if request.method == "GET":
        return render(request, "kpi/rating_form.html", _context(ticket, RatingForm(initial=_earlier(ticket))))
    if _limited("rating-address", client_ip(request), settings.RATING_POSTS_PER_ADDRESS) or _limited(
        "rating-token", ticket.nonce, settings.RATING_POSTS_PER_TOKEN
    ):
        return render(request, "kpi/rating_refused.html", {"message": TOO_MANY}, status=429)
    form = RatingForm(request.POST)
    if form.is_valid():
        if form.is_robot:
            logger.info("rating honeypot filled; dropped")
            return redirect("public:rating-done", token)
        with service_call(request, form=form) as call:
            citizen_rating_submit(token=token, data=form.as_input())
        if call.ok:
            return redirect("public:rating-done", token)
    return render(request, "kpi/rating_form.html", _context(ticket, form), status=200)


@never_cache
@require_http_methods(["GET"])
def rating_done(request, token: str):
    ticket, refused = _ticket_or_404(request, token)
    if refused:
        return refused
    with commune_scope(ticket.commune_id):
        return render(request, "kpi/rating_done.html", _context(ticket))


SHORT_NOT_FOUND = "Không tìm thấy mã này. Xin kiểm tra lại 10 ký tự in trên giấy hẹn (ví dụ ABCDE-FGHJK)."


@never_cache
@require_http_methods(["GET"])
def short_code_page(request):
    """/dg/: the citizen who cannot scan types the short code printed under the QR code; it opens the
    same rating page. A code that is no ticket's counts against the address, as an unknown token."""
    typed = request.GET.get("ma", "")
    if not typed:
        return render(request, "kpi/rating_short.html", {})
    ticket = ticket_from_short_code(typed)
    if ticket is None:
        if _limited("rating-unknown", client_ip(request), settings.RATING_POSTS_PER_ADDRESS):
            return render(request, "kpi/rating_refused.html", {"message": TOO_MANY}, status=429)
        return render(request, "kpi/rating_short.html", {"typed": typed[:40], "error": SHORT_NOT_FOUND}, status=404)
    return redirect("public:rating", token_for(ticket))


# The ratings per procedure and per officer: the desk and the managers; what citizens typed: the
# officer (VP) and the chairman (CT) only.
OVERVIEW_ROLES = (CHAIRMAN, VICE_CHAIRMAN, OFFICER, ONE_STOP)
COMMENT_ROLES = (CHAIRMAN, OFFICER)


@role_required(*OVERVIEW_ROLES)
def ratings_overview_page(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    periods = [(p, period_label(p)) for p, _, _ in campaign_periods(campaign)]
    period = request.GET.get("period", CAMPAIGN)
    if period not in dict(periods):
        period = CAMPAIGN
    show_comments = has_role(request.user, *COMMENT_ROLES)
    return render(
        request,
        "kpi/rating_overview.html",
        {
            "campaign": campaign,
            "periods": periods,
            "period": period,
            "period_label": period_label(period),
            "overview": ratings_overview(campaign, period),
            "comments": rating_comments(campaign, period) if show_comments else None,
        },
    )
