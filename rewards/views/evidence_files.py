"""Evidence files of a nomination: attach, replace, remove (proposer or officer, before submission), download."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from rewards import services
from rewards.forms import EvidenceFileForm, EvidenceReplaceForm
from rewards.models import EvidenceFile
from rewards.models.attachments import size_text
from rewards.policies import in_commune_of
from rewards.views.common import form_errors, get_nomination, run
from tanbinh_portal.access import role_required
from tanbinh_portal.filekinds import ATTACHMENT_KINDS
from tanbinh_portal.roles import ALL_ROLES, COMMUNE_ROLES, OFFICER, has_role
from tanbinh_portal.upload_limits import bound_upload


def _nomination(request, slug: str, pk: int):
    """The nomination if the user may see it: 404 when hidden or of another commune's campaign."""
    campaign, nomination = get_nomination(request, slug, pk)
    if not in_commune_of(request.user, campaign):
        raise Http404("Không có đề nghị khen thưởng này.")
    return campaign, nomination


def _editable_nomination(request, slug: str, pk: int):
    """The nomination (404 if hidden), and 403 for someone who could never change its files."""
    campaign, nomination = _nomination(request, slug, pk)
    if not (has_role(request.user, OFFICER) or nomination.proposed_by_id == request.user.pk):
        raise PermissionDenied(
            "Chỉ người lập đề nghị hoặc công chức Văn phòng – Thống kê được thay đổi tệp minh chứng."
        )
    return campaign, nomination


def _file_of(nomination, fid: int) -> EvidenceFile:
    return get_object_or_404(EvidenceFile.objects.select_related("nomination"), pk=fid, nomination=nomination)


def _too_large(request, slug: str, pk: int):
    # Nothing of the body was read: no form bound, nothing done.
    messages.error(
        request,
        f"Tệp lớn hơn giới hạn {size_text(settings.EVIDENCE_FILE_MAX_BYTES)} nên không được nhận. Hãy quét với độ "
        "phân giải thấp hơn (200 dpi là đủ) hoặc chia thành nhiều tệp.",
    )
    return redirect("rewards:nomination-detail", slug=slug, pk=pk)


@role_required(*COMMUNE_ROLES)
@require_POST
@csrf_exempt  # only so that the upload is bounded before it is read; _add checks CSRF
def evidence_file_add(request, slug: str, pk: int):
    if not bound_upload(request, settings.EVIDENCE_FILE_MAX_BYTES):
        return _too_large(request, slug, pk)
    return _add(request, slug, pk)


@csrf_protect
def _add(request, slug: str, pk: int):
    campaign, nomination = _editable_nomination(request, slug, pk)
    form = EvidenceFileForm(request.POST, request.FILES, campaign=campaign)  # reading the body sets the flag
    if request.upload_too_large:
        return _too_large(request, slug, pk)
    if form.is_valid():
        run(
            request,
            services.evidence_file_add,
            "Đã thêm tệp minh chứng.",
            nomination=nomination,
            upload=form.cleaned_data["file"],
            criterion=form.cleaned_data["criterion"],
            description=form.cleaned_data["description"],
        )
    else:
        form_errors(request, form)
    return redirect("rewards:nomination-detail", slug=slug, pk=pk)


@role_required(*COMMUNE_ROLES)
@require_POST
@csrf_exempt  # only so that the upload is bounded before it is read; _replace checks CSRF
def evidence_file_replace(request, slug: str, pk: int, fid: int):
    if not bound_upload(request, settings.EVIDENCE_FILE_MAX_BYTES):
        return _too_large(request, slug, pk)
    return _replace(request, slug, pk, fid)


@csrf_protect
def _replace(request, slug: str, pk: int, fid: int):
    _campaign, nomination = _editable_nomination(request, slug, pk)
    record = _file_of(nomination, fid)
    form = EvidenceReplaceForm(request.POST, request.FILES)  # reading the body sets the flag
    if request.upload_too_large:
        return _too_large(request, slug, pk)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        run(request, services.evidence_file_replace, "Đã thay tệp minh chứng.", record=record, upload=upload)
    else:
        form_errors(request, form)
    return redirect("rewards:nomination-detail", slug=slug, pk=pk)


@role_required(*COMMUNE_ROLES)
@require_POST
def evidence_file_delete(request, slug: str, pk: int, fid: int):
    _campaign, nomination = _editable_nomination(request, slug, pk)
    record = _file_of(nomination, fid)
    run(request, services.evidence_file_delete, f"Đã xóa tệp minh chứng “{record.original_name}”.", record=record)
    return redirect("rewards:nomination-detail", slug=slug, pk=pk)


@role_required(*ALL_ROLES)
def evidence_file_download(request, slug: str, pk: int, fid: int):
    """The file as an attachment, typed by its checked kind, never rendered by the browser."""
    _campaign, nomination = _nomination(request, slug, pk)  # the nomination's own visibility rule
    record = _file_of(nomination, fid)
    try:
        handle = services.evidence_file_download(actor=request.user, record=record)
    except FileNotFoundError:
        raise Http404("Tệp minh chứng không còn trên máy chủ.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=record.original_name,
        content_type=ATTACHMENT_KINDS.get(record.kind, ("", "", "application/octet-stream"))[2],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
