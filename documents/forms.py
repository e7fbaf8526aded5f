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


# --- The receiving level's inbox and deadlines ------------------------------------------------------


def _date_field(label: str, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": f"Hãy nhập {label.lower()} (ngày/tháng/năm)."},
        help_text="" if required else "Để trống: hôm nay. Nhập ngày trên văn bản khi ghi lại việc đã làm trên giấy.",
    )


class SubmissionSendForm(forms.Form):
    on = _date_field("Ngày gửi")
    note = forms.CharField(label="Ghi chú cho cấp trên", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data["note"])


class SubmissionReceiveForm(forms.Form):
    on = _date_field("Ngày tiếp nhận")


class SubmissionReturnForm(forms.Form):
    reason = forms.CharField(
        label="Lý do trả lại (cần bổ sung, chỉnh sửa gì)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Hãy ghi lý do trả lại: xã cần bổ sung, chỉnh sửa những gì."},
    )
    on = _date_field("Ngày trả lại")

    def clean_reason(self) -> str:
        value = clean_text(self.cleaned_data["reason"])
        if not value:
            raise ValidationError("Hãy ghi lý do trả lại: xã cần bổ sung, chỉnh sửa những gì.")
        return value


OUTCOME_CHOICES = [("awarded", "Được khen thưởng"), ("not_awarded", "Không được khen thưởng")]


class SubmissionOutcomeForm(SingleLineFormMixin, forms.Form):
    """The decision's number and date, and one outcome (and a reason when not awarded) per proposed nomination."""

    decision_number = forms.CharField(
        label="Số quyết định",
        max_length=40,
        error_messages={"required": "Hãy ghi số quyết định, ví dụ 125/QĐ-UBND."},
        widget=forms.TextInput(attrs={"placeholder": "125/QĐ-UBND"}),
    )
    decision_date = _date_field("Ngày quyết định", required=True)

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = list(nominations)
        for nomination in self.nominations:
            self.fields[f"outcome_{nomination.pk}"] = forms.ChoiceField(
                label=f"{nomination.nominee_label} – {nomination.award_form.name}",
                choices=OUTCOME_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": f"Hãy chọn kết quả cho {nomination.nominee_label}."},
            )
            self.fields[f"reason_{nomination.pk}"] = forms.CharField(
                label="Lý do không được khen thưởng", required=False, max_length=1000
            )

    def clean(self):
        data = super().clean()
        for nomination in self.nominations:
            outcome = data.get(f"outcome_{nomination.pk}")
            reason = clean_text(data.get(f"reason_{nomination.pk}") or "")
            data[f"reason_{nomination.pk}"] = reason
            if outcome == "not_awarded" and not reason:
                self.add_error(
                    f"reason_{nomination.pk}", f"Hãy ghi lý do không khen thưởng {nomination.nominee_label}."
                )
        return data

    def outcomes(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {n.pk: (data[f"outcome_{n.pk}"], data.get(f"reason_{n.pk}", "")) for n in self.nominations}

    def rows(self):
        """(nomination, outcome field, reason field) for the template."""
        return [(n, self[f"outcome_{n.pk}"], self[f"reason_{n.pk}"]) for n in self.nominations]


class DeadlineForm(forms.Form):
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Hãy nhập năm, ví dụ 2022.",
            "invalid": "Năm phải là số, ví dụ 2022.",
            "min_value": "Năm phải từ 2000 đến 2100.",
            "max_value": "Năm phải từ 2000 đến 2100.",
        },
    )
    due_on = _date_field("Hạn gửi hồ sơ", required=True)
    note = forms.CharField(
        label="Nội dung thông báo (hồ sơ cần gửi, nơi nhận…)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data["note"])
