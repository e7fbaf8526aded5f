"""The signing page's images: the chairman's own signature and the commune's seal (upload, view, remove)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from campaigns import selectors
from documents import services
from documents.engine.signature_images import MAX_BYTES
from documents.forms import TOO_LARGE, SigningImageForm
from documents.models import SigningImageKind
from documents.selectors import signing_image_get_for, signing_images_page
from tanbinh_portal.access import role_required
from tanbinh_portal.roles import CHAIRMAN, OFFICER
from tanbinh_portal.service_calls import service_call
from tanbinh_portal.upload_limits import bound_upload

PAGE_ROLES = (CHAIRMAN, OFFICER)


SAVED = {
    SigningImageKind.SIGNATURE: "Đã lưu ảnh chữ ký của bạn.",
    SigningImageKind.SEAL: "Đã lưu ảnh con dấu của UBND xã.",
}
DELETED = {
    SigningImageKind.SIGNATURE: "Đã xóa ảnh chữ ký của bạn: hồ sơ ký số sẽ không có ảnh chữ ký.",
    SigningImageKind.SEAL: "Đã xóa ảnh con dấu: hồ sơ ký số sẽ không có ảnh con dấu.",
}


def _commune(request):
    commune = selectors.commune_for(request.user)
    if commune is None:
        raise PermissionDenied("Tài khoản chưa gắn với xã nào.")
    return commune


@role_required(*PAGE_ROLES)
@csrf_exempt  # only so that the upload is bounded before it is read; _page checks CSRF
def signing_images(request):
    if request.method == "POST" and not bound_upload(request, MAX_BYTES):
        return _page(request, SigningImageForm(user=request.user), status=413, upload_error=TOO_LARGE)
    return _protected_page(request)


@csrf_protect
def _protected_page(request):
    form = SigningImageForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and getattr(request, "upload_too_large", False):
        return _page(request, SigningImageForm(user=request.user), status=413, upload_error=TOO_LARGE)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        with service_call(request, form=form, field="image") as call:
            services.signing_image_upload(
                actor=request.user, commune=_commune(request), kind=kind, data=form.cleaned_data["image"].read()
            )
        if call.ok:
            messages.success(request, SAVED[kind])
            return redirect("documents:signing-images")
    return _page(request, form)


def _page(request, form, status: int = 200, upload_error: str = ""):
    context = {"form": form, "page": signing_images_page(request.user, _commune(request)), "upload_error": upload_error}
    return render(request, "documents/signing_images.html", context, status=status)


@role_required(*PAGE_ROLES)
def signing_image(request, pk: int):
    """The stored PNG, for the page's preview: the seal, or the viewer's own signature."""
    image = signing_image_get_for(request.user, _commune(request), pk)
    response = HttpResponse(bytes(image.png), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@role_required(*PAGE_ROLES)
@require_POST
def signing_image_delete(request, pk: int):
    image = signing_image_get_for(request.user, _commune(request), pk)
    with service_call(request) as call:
        services.signing_image_delete(actor=request.user, image=image)
    if call.ok:
        messages.success(request, DELETED[image.kind])
    return redirect("documents:signing-images")
