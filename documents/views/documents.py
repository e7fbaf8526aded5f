"""Documents of a campaign: list with versions, generate (queued task), progress, download, receipt,
and the verification page for a bundle or signed PDF."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from campaigns import selectors
from documents import services as document_services
from documents.forms import SignForm, SubmissionSendForm, SubmissionSignForm, VerifyForm, too_large_message
from documents.kinds import KindCode
from documents.kinds.submission import issued_number
from documents.models import DocumentStatus
from documents.selectors import document_get_for, document_rows, signing_images_page
from documents.selectors.receiving import attach_sending
from documents.verification import verification_lines, verify_upload
from tanbinh_portal.access import role_required
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import ALL_ROLES, CHAIRMAN, DISTRICT, OFFICER, has_role
from tanbinh_portal.service_calls import service_call
from tanbinh_portal.upload_limits import bound_upload


def _submission(user, campaign, rows) -> dict | None:
    """The tờ trình's number (or the chairman's form to sign it) for its row, when the row is shown."""
    row = next((r for r in rows if r.kind.code == KindCode.SUBMISSION and r.available), None)
    if row is None:
        return None
    number = issued_number(campaign)
    may_sign = number is None and has_role(user, CHAIRMAN)
    return {
        "code": KindCode.SUBMISSION,
        "number": number,
        "form": SubmissionSignForm(initial={"issued_on": local_today()}) if may_sign else None,
    }


@role_required(*ALL_ROLES)
def document_list(request, slug: str):
    campaign = selectors.campaign_get_for(request.user, slug)
    rows = document_rows(request.user, campaign)
    attach_sending(request.user, campaign, rows, may_send=has_role(request.user, CHAIRMAN, OFFICER))
    for row in rows:
        if row.sending is not None and row.sending.may_send:
            row.sending.form = SubmissionSendForm(auto_id=f"gui-{row.kind.code}-%s")
    # The chairman sees, next to "Phê duyệt và ký số", which images the signature will show.
    signing = signing_images_page(request.user, campaign.commune) if has_role(request.user, CHAIRMAN) else None
    context = {
        "campaign": campaign,
        "rows": rows,
        "submission": _submission(request.user, campaign, rows),
        "signing": signing,
    }
    return render(request, "documents/document_list.html", context)


@role_required(CHAIRMAN)
@require_POST
def submission_finalise(request, slug: str):
    """The chairman signs the tờ trình on the date written on the paper: it takes its number now."""
    campaign = selectors.campaign_get_for(request.user, slug)
    form = SubmissionSignForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect("documents:document-list", slug=campaign.slug)
    with service_call(request) as call:
        number = document_services.submission_finalise(
            actor=request.user, campaign=campaign, issued_on=form.cleaned_data["issued_on"]
        )
    if call.ok:
        messages.success(request, f"Đã ký tờ trình: số {number.reference} ngày {number.issued_on:%d/%m/%Y}.")
    return redirect("documents:document-list", slug=campaign.slug)


@role_required(*ALL_ROLES)
@require_POST
def document_generate(request, slug: str, kind: str):
    # Who may generate depends on the kind (a council kind lets council members): the service checks
    # the kind's generate_roles and answers 403 for any other role.
    campaign = selectors.campaign_get_for(request.user, slug)
    with service_call(request) as call:
        # The chairman's generation of the district bundle is the approval: the service signs it.
        document = document_services.document_request(actor=request.user, campaign=campaign, kind=kind)
    if call.ok:
        messages.success(request, f"Đã xếp hàng tạo văn bản (phiên bản {document.version}).")
    return redirect("documents:document-list", slug=campaign.slug)


@role_required(*ALL_ROLES)
def document_progress(request, slug: str, pk: int):
    campaign = selectors.campaign_get_for(request.user, slug)
    document = document_get_for(request.user, campaign, pk)
    return render(request, "documents/_document_progress.html", {"campaign": campaign, "d": document})


@role_required(*ALL_ROLES)
def document_download(request, slug: str, pk: int):
    campaign = selectors.campaign_get_for(request.user, slug)
    document = document_get_for(request.user, campaign, pk)
    if not document.file or document.status != DocumentStatus.DONE:
        # A bundle waiting for the chairman's signature is not handed out unsigned.
        raise Http404("Văn bản chưa tạo xong hoặc chưa được ký số.")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


@role_required(DISTRICT)
@require_POST
def document_receive(request, slug: str, pk: int):
    campaign = selectors.campaign_get_for(request.user, slug)
    document = document_get_for(request.user, campaign, pk)
    with service_call(request) as call:
        document_services.document_mark_received(actor=request.user, document=document)
    if call.ok:
        messages.success(request, "Đã ghi nhận Phòng Nội vụ đã nhận hồ sơ.")
    return redirect("documents:document-list", slug=campaign.slug)


@role_required(CHAIRMAN)
@require_POST
@sensitive_post_parameters("pin")
def document_sign(request, slug: str, pk: int):
    """The chairman signs a rendered district bundle with the token's PIN (PKCS#11), in this request."""
    campaign = selectors.campaign_get_for(request.user, slug)
    document = document_get_for(request.user, campaign, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["pin"]))
        return redirect("documents:document-list", slug=campaign.slug)
    with service_call(request) as call:
        document_services.document_sign(actor=request.user, document=document, pin=form.cleaned_data["pin"])
    if call.ok:
        messages.success(request, "Đã ký số hồ sơ trình huyện.")
    return redirect("documents:document-list", slug=campaign.slug)


@role_required(*ALL_ROLES)
@csrf_exempt  # only so that the upload is bounded before it is read; _bundle_verify checks CSRF
def bundle_verify(request):
    if request.method == "POST" and not bound_upload(request, settings.BUNDLE_VERIFY_MAX_BYTES):
        return _too_large(request)
    return _bundle_verify(request)


def _too_large(request):
    # Nothing of the body was read: no form to bind, no CSRF token to check, nothing done.
    context = {"form": VerifyForm(), "upload_error": too_large_message()}
    return render(request, "documents/bundle_verify.html", context, status=413)


@csrf_protect
def _bundle_verify(request):
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = lines = None
    if request.method == "POST" and request.upload_too_large:
        return _too_large(request)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with service_call(request, form=form, field="file") as call:
            result = verify_upload(upload.name, upload)
        if call.ok:
            lines = verification_lines(result)
    return render(request, "documents/bundle_verify.html", {"form": form, "result": result, "lines": lines})
