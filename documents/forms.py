"""Forms of the documents app: the upload of a signature or seal image."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from documents.engine.signature_images import MAX_BYTES
from documents.models import SigningImageKind
from documents.services import UPLOAD_ROLES
from tanbinh_portal.roles import has_role

TOO_LARGE = f"Ảnh lớn hơn {MAX_BYTES // (1024 * 1024)} MB: hãy lưu lại ảnh với kích thước nhỏ hơn."


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
