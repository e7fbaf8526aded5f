"""The signing page's images: the chairman's own signature and the commune's seal (upload, view, remove)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from campaigns import selectors, signature_services
from campaigns.signature_models import SigningImageKind
from campaigns.signature_selectors import signing_image_get_for, signing_images_page
from campaigns.signature_services import UPLOAD_ROLES
from tanbinh_portal.access import role_required
from tanbinh_portal.roles import CHAIRMAN, OFFICER, has_role
from tanbinh_portal.signature_images import MAX_BYTES
from tanbinh_portal.upload_limits import bound_upload

PAGE_ROLES = (CHAIRMAN, OFFICER)
TOO_LARGE = f"Ảnh lớn hơn {MAX_BYTES // (1024 * 1024)} MB: hãy lưu lại ảnh với kích thước nhỏ hơn."


SAVED = {
    SigningImageKind.SIGNATURE: "Đã lưu ảnh chữ ký của bạn.",
    SigningImageKind.SEAL: "Đã lưu ảnh con dấu của UBND xã.",
}
DELETED = {
    SigningImageKind.SIGNATURE: "Đã xóa ảnh chữ ký của bạn: hồ sơ ký số sẽ không có ảnh chữ ký.",
    SigningImageKind.SEAL: "Đã xóa ảnh con dấu: hồ sơ ký số sẽ không có ảnh con dấu.",
}


class SigningImageForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại ảnh",
        choices=SigningImageKind.choices,
        error_messages={"required": "Hãy chọn loại ảnh.", "invalid_choice": "Không có loại ảnh này."},
    )
    image = forms.FileField(
        label="Tệp ảnh (PNG nền trong suốt hoặc JPEG)",
        error_messages={"required": "Hãy chọn tệp ảnh PNG hoặc JPEG.", "empty": "Tệp ảnh rỗng."},
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The office officer uploads the seal only: the signature is the chairman's own.
        allowed = [(k, label) for k, label in SigningImageKind.choices if has_role(user, *UPLOAD_ROLES[k])]
        self.fields["kind"].choices = allowed
        if len(allowed) == 1:
            self.fields["kind"].initial = allowed[0][0]

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > MAX_BYTES:
            raise ValidationError(TOO_LARGE)
        return upload


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
        try:
            signature_services.signing_image_upload(
                actor=request.user, commune=_commune(request), kind=kind, data=form.cleaned_data["image"].read()
            )
        except ValidationError as error:
            form.add_error("image", error.messages[0])
        else:
            messages.success(request, SAVED[kind])
            return redirect("campaigns:signing-images")
    return _page(request, form)


def _page(request, form, status: int = 200, upload_error: str = ""):
    context = {"form": form, "page": signing_images_page(request.user, _commune(request)), "upload_error": upload_error}
    return render(request, "campaigns/signing_images.html", context, status=status)


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
    try:
        signature_services.signing_image_delete(actor=request.user, image=image)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, DELETED[image.kind])
    return redirect("campaigns:signing-images")
