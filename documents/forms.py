"""Forms of the documents app: signing, the tờ trình's date, verifying a bundle, the summary report,
the upload of a signature or seal image. They validate and normalise; services write."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from documents.engine.bundle import human_size
from documents.engine.signature_images import MAX_BYTES
from documents.models import SigningImageKind
from documents.services import UPLOAD_ROLES
from documents.sources.summary import SECTION_TITLES
from rewards.models import SummaryReport
from tanbinh_portal.date_inputs import DATE_ERRORS, DATE_WIDGET
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.roles import has_role
from tanbinh_portal.text import SingleLineFormMixin, clean_text

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


class SubmissionSignForm(forms.Form):
    issued_on = forms.DateField(
        label="Ngày ký tờ trình",
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": "Hãy nhập ngày ký tờ trình (ngày/tháng/năm)."},
    )


class SignForm(SingleLineFormMixin, forms.Form):
    pin = forms.CharField(
        label="Mã PIN của thiết bị ký số",
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        error_messages={"required": "Hãy nhập mã PIN của thiết bị ký số (USB token/HSM)."},
    )


class VerifyForm(forms.Form):
    file = forms.FileField(
        label="Tệp hồ sơ (.zip) hoặc tệp PDF đã ký số",
        error_messages={"required": "Hãy chọn tệp hồ sơ .zip hoặc tệp .pdf cần kiểm tra."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.BUNDLE_VERIFY_MAX_BYTES:
            raise ValidationError(too_large_message())
        if not upload.name.lower().endswith((".zip", ".pdf")):
            raise ValidationError("Chỉ kiểm tra được tệp .zip (hồ sơ) hoặc .pdf (văn bản ký số).")
        return upload


def too_large_message() -> str:
    return (
        f"Tệp lớn hơn {human_size(settings.BUNDLE_VERIFY_MAX_BYTES)}: hồ sơ trình huyện thật nhỏ hơn nhiều; "
        "hãy kiểm tra lại tệp đã chọn."
    )


ROWS = {"strengths": 5, "effects": 4, "limitations": 5, "lessons": 4, "directions": 4, "recommendations": 3}


class SummaryForm(SingleLineFormMixin, VersionedFormMixin, forms.Form):
    """The officer's sections, then one assessment per content the plan assesses rather than measures."""

    version = VersionField()

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in SummaryReport.SECTIONS:
            self.fields[name] = forms.CharField(
                label=SECTION_TITLES[name], widget=forms.Textarea(attrs={"rows": ROWS[name]}), required=False
            )
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"assessment_{criterion.order}"] = forms.CharField(
                label=f"Đánh giá Nội dung {criterion.order} (kết quả và minh chứng)",
                help_text=criterion.text,
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def clean(self):
        data = super().clean()
        names = [*SummaryReport.SECTIONS, *(f"assessment_{c.order}" for c in self.criteria)]
        for name in names:
            value = clean_text(data.get(name))
            if len(value) > 20000:
                self.add_error(name, "Phần này dài quá 20.000 ký tự; hãy viết gọn lại.")
            data[name] = value
        data["assessments"] = {str(c.order): data.get(f"assessment_{c.order}", "") for c in self.criteria}
        return data


class SummaryApproveForm(forms.Form):
    issued_on = forms.DateField(label="Ngày ký báo cáo", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
