"""The one-stop desk: find a dossier, issue its rating code, print the receipt (Mẫu 01) or a slip
with the QR code, or show the code on the counter's screen (kpi/receipts.py)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kpi.ratings_tokens import other_channels, short_code_display, token_for, token_problem, valid_until
from kpi.receipts import qr_svg, receipt_heading, working_days_between
from kpi.selectors import desk_dossiers, desk_rating_totals, dossier_get_for, rating_ticket_of
from kpi.services import rating_ticket_issue
from kpi.services.ratings import DESK_ROLES
from tanbinh_portal.access import role_required
from tanbinh_portal.params import query_text
from tanbinh_portal.service_calls import service_call

# What the desk prints or shows: URL name and the label of its button.
OUTPUTS = {
    "receipt": ("kpi:dossier-receipt", "In giấy tiếp nhận (Mẫu 01)"),
    "slip": ("kpi:dossier-slip", "In phiếu nhỏ có mã QR"),
    "screen": ("kpi:dossier-screen", "Hiện mã QR trên màn hình"),
}


@role_required(*DESK_ROLES)
def desk(request):
    code = query_text(request, "ma", limit=100)
    dossiers = list(desk_dossiers(request.user, code=code))
    now = timezone.now()
    for dossier in dossiers:
        # What the code of each dossier allows now: the desk prints a QR code only while it is valid.
        dossier.code_problem = token_problem(dossier, now)
        dossier.code_until = valid_until(dossier)
    today = timezone.localdate()
    return render(
        request,
        "kpi/desk.html",
        {
            "dossiers": dossiers,
            "code": code,
            "outputs": OUTPUTS,
            "totals": desk_rating_totals(request.user, since=today.replace(day=1)),
            "valid_days": settings.RATING_VALID_DAYS,
        },
    )


@require_POST
@role_required(*DESK_ROLES)
def dossier_ticket(request, pk: int):
    """Issue the dossier's rating code (once; later calls find it) and open what the desk asked for."""
    dossier = dossier_get_for(request.user, pk)
    output = request.POST.get("in", "receipt")
    if output not in OUTPUTS:
        output = "receipt"
    with service_call(request) as call:
        rating_ticket_issue(actor=request.user, dossier=dossier)
    if call.ok:
        return redirect(OUTPUTS[output][0], dossier.pk)
    return redirect("kpi:desk")


def _paper(request, pk: int) -> dict:
    dossier = dossier_get_for(request.user, pk)
    ticket = rating_ticket_of(dossier)
    if ticket is None:
        # Printing creates the code by a POST from the desk page; a GET only reads.
        raise Http404("Hồ sơ chưa có mã đánh giá: hãy in từ trang Bộ phận Một cửa.")
    problem = token_problem(dossier)
    # An expired (or not yet valid) code is never printed or shown as if it worked: no QR code, no
    # URL; the paper says why and where the citizen can still give an opinion (docs/kpi.md).
    url = None if problem else request.build_absolute_uri(reverse("public:rating", args=[token_for(ticket)]))
    return {
        "dossier": dossier,
        "heading": receipt_heading(dossier),
        "rating_url": url,
        "qr": qr_svg(url, title="Mã QR đánh giá mức độ hài lòng") if url else None,
        # For whoever cannot scan: the short URL and the code to type there (the same ticket).
        "short_url": request.build_absolute_uri(reverse("public:rating-short")) if url else None,
        "short_code": short_code_display(ticket.short_code or "") if url else "",
        "valid_until": valid_until(dossier),
        "valid_days": settings.RATING_VALID_DAYS,
        "problem": problem,
        "printed_at": timezone.localtime(),
        **other_channels(dossier.commune),
    }


# Mẫu 01's note: two copies (liên), one for the citizen, one kept at the counter; the rating code is
# the citizen's and is printed on the citizen's copy only.
RECEIPT_COPIES = ({"citizen": True}, {"citizen": False})


@role_required(*DESK_ROLES)
def dossier_receipt(request, pk: int):
    context = _paper(request, pk)
    dossier = context["dossier"]
    context["copies"] = RECEIPT_COPIES
    context["working_days"] = working_days_between(dossier.received_date, dossier.due_date)
    return render(request, "kpi/dossier_receipt.html", context)


@role_required(*DESK_ROLES)
def dossier_slip(request, pk: int):
    return render(request, "kpi/dossier_slip.html", _paper(request, pk))


@role_required(*DESK_ROLES)
def dossier_screen(request, pk: int):
    return render(request, "kpi/dossier_screen.html", _paper(request, pk))
