"""The receiving level's inbox (Phòng Nội vụ huyện; Sở Nội vụ tỉnh from 01/07/2025): what its communes
sent, who is late, each submission's steps and the moves on it; the deadline it announces; and the
commune's "send" of a finished bundle or summary report from its documents page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from campaigns import selectors as campaign_selectors
from campaigns.receiving import receiving_body
from campaigns.selectors import communes_visible_to
from campaigns.years import campaign_years
from documents import services
from documents.forms import (
    DeadlineForm,
    SubmissionOutcomeForm,
    SubmissionReceiveForm,
    SubmissionReturnForm,
    SubmissionSendForm,
)
from documents.models import SubmissionStatus
from documents.selectors import document_get_for
from documents.selectors.receiving import (
    deadlines_of,
    inbox_submissions,
    place_of_request,
    receiving_overview,
    submission_detail,
    submission_get_for,
)
from tanbinh_portal.access import role_required
from tanbinh_portal.params import query_int, query_text
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import CHAIRMAN, DISTRICT, OFFICER, PROVINCE
from tanbinh_portal.service_calls import service_call

RECEIVERS = (DISTRICT, PROVINCE)


def _place(request):
    """The District or Province the user works at now; a receiving role at a commune place cannot be."""
    place = place_of_request(getattr(request, "place", None))
    if place is None:
        raise PermissionDenied("Hãy chọn nơi làm việc là Phòng Nội vụ huyện hoặc Sở Nội vụ tỉnh.")
    return place


def _year(request, years: list[int]) -> int:
    default = years[0] if years else local_today().year
    year = query_int(request, "nam")
    return year if year is not None and 2000 <= year <= 2100 else default


@role_required(*RECEIVERS)
def inbox(request):
    place = _place(request)
    years = campaign_years(communes_visible_to(request.user))
    year = _year(request, years)
    status = query_text(request, "trang-thai", 20)
    context = {
        "place": place,
        "place_label": receiving_body(place),
        "year": year,
        "years": years,
        "status": status if status in SubmissionStatus.values else "",
        "statuses": SubmissionStatus.choices,
        "submissions": list(inbox_submissions(request.user, place, year=year, status=status)),
        "overview": receiving_overview(request.user, place, year),
    }
    return render(request, "documents/inbox.html", context)


@role_required(*RECEIVERS)
def submission_page(request, pk: int):
    place = _place(request)
    submission = submission_get_for(request.user, place, pk)
    detail = submission_detail(submission)
    context = {
        "place": place,
        "submission": submission,
        **detail,
        "receive_form": SubmissionReceiveForm(),
        "return_form": SubmissionReturnForm(),
        "outcome_form": SubmissionOutcomeForm(nominations=detail["proposed"]),
    }
    return render(request, "documents/submission_detail.html", context)


@role_required(*RECEIVERS)
@require_POST
def submission_receive(request, pk: int):
    submission = submission_get_for(request.user, _place(request), pk)
    form = SubmissionReceiveForm(request.POST)
    if form.is_valid():
        with service_call(request) as call:
            services.submission_receive(actor=request.user, submission=submission, on=form.cleaned_data["on"])
        if call.ok:
            messages.success(request, "Đã tiếp nhận hồ sơ; xã được thông báo.")
    else:
        _form_errors(request, form)
    return redirect("documents:submission-detail", pk=pk)


@role_required(*RECEIVERS)
@require_POST
def submission_return(request, pk: int):
    submission = submission_get_for(request.user, _place(request), pk)
    form = SubmissionReturnForm(request.POST)
    if form.is_valid():
        with service_call(request) as call:
            services.submission_return(
                actor=request.user,
                submission=submission,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        if call.ok:
            messages.success(request, "Đã trả lại hồ sơ để xã bổ sung, chỉnh sửa.")
    else:
        _form_errors(request, form)
    return redirect("documents:submission-detail", pk=pk)


@role_required(*RECEIVERS)
def submission_outcome(request, pk: int):
    """GET: the form alone (also reached from the detail page); POST: record every outcome at once."""
    place = _place(request)
    submission = submission_get_for(request.user, place, pk)
    detail = submission_detail(submission)
    form = SubmissionOutcomeForm(request.POST or None, nominations=detail["proposed"])
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.submission_record_outcome(
                actor=request.user,
                submission=submission,
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                outcomes=form.outcomes(),
            )
        if call.ok:
            messages.success(request, "Đã ghi kết quả xét hồ sơ; xã được thông báo.")
            return redirect("documents:submission-detail", pk=pk)
    context = {
        "place": place,
        "submission": submission,
        **detail,
        "receive_form": SubmissionReceiveForm(),
        "return_form": SubmissionReturnForm(),
        "outcome_form": form,
    }
    return render(request, "documents/submission_detail.html", context)


@role_required(*RECEIVERS)
def deadlines(request):
    place = _place(request)
    form = DeadlineForm(request.POST or None, initial={"year": local_today().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form=form) as call:
            services.deadline_announce(
                actor=request.user, place=place, year=data["year"], due_on=data["due_on"], note=data["note"]
            )
        if call.ok:
            messages.success(request, f"Đã thông báo hạn gửi hồ sơ năm {data['year']} cho các xã.")
            return redirect("documents:deadlines")
    return render(
        request, "documents/deadline_list.html", {"place": place, "form": form, "deadlines": deadlines_of(place)}
    )


@role_required(CHAIRMAN, OFFICER)
@require_POST
def submission_send(request, slug: str, pk: int):
    """The commune sends a finished bundle or summary report (from its documents page)."""
    campaign = campaign_selectors.campaign_get_for(request.user, slug)
    document = document_get_for(request.user, campaign, pk)
    form = SubmissionSendForm(request.POST)
    if form.is_valid():
        with service_call(request) as call:
            submission = services.submission_send(
                actor=request.user, document=document, on=form.cleaned_data["on"], note=form.cleaned_data["note"]
            )
        if call.ok:
            messages.success(request, f"Đã gửi {submission.get_kind_display().lower()} lên cấp trên.")
    else:
        _form_errors(request, form)
    return redirect("documents:document-list", slug=campaign.slug)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
