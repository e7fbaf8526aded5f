"""Forms of the kpi app: they validate and normalise, services write."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings

from campaigns.models import Aggregation, Campaign, Commune, Criterion, MonthlyField
from kpi.services.monthly import FORM_06A_KEYS, FORM_06A_LABELS
from tanbinh_portal.filekinds import HEAD_BYTES, foreign_file_message, foreign_kind
from tanbinh_portal.numbers import VietnameseIntegerField
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.text import SingleLineFormMixin

# MonthlyValue is a BigIntegerField; anything near its limit is a typing slip, and would overflow.
MAX_FIGURE = 10**12


class DossierImportForm(forms.Form):
    commune = forms.ModelChoiceField(Commune.objects.all(), label="Xã", empty_label=None)
    file = forms.FileField(label="Tệp sổ theo dõi hồ sơ (.csv hoặc .xlsx)")
    dry_run = forms.BooleanField(label="Chỉ chạy thử (kiểm tra, không ghi)", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".xlsx"}:
            raise forms.ValidationError("Chỉ nhận tệp .csv (UTF-8) hoặc .xlsx theo mẫu nhập.")
        if upload.size > settings.UPLOAD_MAX_BYTES:
            size = settings.UPLOAD_MAX_BYTES
            limit = f"{size // 1024**2} MB" if size >= 1024**2 else f"{size // 1024} KB"
            raise forms.ValidationError(f"Tệp lớn hơn {limit}: hãy dùng lệnh import_dossiers trên máy chủ.")
        if upload.size == 0:
            raise forms.ValidationError("Tệp rỗng.")
        # Said at once rather than after queuing: a PDF or an image renamed .xlsx is not a log.
        head = upload.read(HEAD_BYTES)
        upload.seek(0)
        kind = foreign_kind(head)
        if kind:
            raise forms.ValidationError(foreign_file_message(kind))
        return upload


class MonthlyFiguresForm(SingleLineFormMixin, VersionedFormMixin, forms.Form):
    """One input per active monthly field of the campaign (grouped by criterion), then the 06a block."""

    version = VersionField()

    def __init__(self, *args, monthly_fields: list[MonthlyField] | tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.monthly_fields = list(monthly_fields)
        for field in self.monthly_fields:
            label = f"{field.label} ({field.unit})" if field.unit else field.label
            self.fields[field.key] = VietnameseIntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=MAX_FIGURE,
                help_text=field.help_text,
                error_messages={
                    "invalid": "Hãy nhập một số nguyên không âm, ví dụ 1250 hoặc 1.250.",
                    "min_value": "Số liệu không được âm.",
                    "max_value": "Số quá lớn; hãy kiểm tra lại.",
                },
            )
        for key in FORM_06A_KEYS:
            self.fields[key] = VietnameseIntegerField(
                label=FORM_06A_LABELS[key], required=False, min_value=0, max_value=MAX_FIGURE
            )

    def groups(self) -> list[tuple]:
        """[(criterion, [bound fields])] in the order of the plan's contents."""
        out: list[tuple] = []
        for field in self.monthly_fields:
            if not out or out[-1][0].pk != field.criterion_id:
                out.append((field.criterion, []))
            out[-1][1].append(self[field.key])
        return out

    def form_06a_fields(self) -> list:
        return [self[key] for key in FORM_06A_KEYS]

    def figures(self) -> dict[str, int | None]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class MonthlyFieldForm(SingleLineFormMixin, VersionedFormMixin, forms.Form):
    """Add or edit a monthly field; the key is asked only when adding (it never changes)."""

    key = forms.CharField(
        label="Mã số liệu",
        max_length=40,
        error_messages={"required": "Hãy nhập mã số liệu, ví dụ: tiep_dan."},
        help_text="Chữ thường không dấu, chữ số, dấu gạch dưới, ví dụ: van_ban_dien_tu. Không đổi được sau khi tạo.",
    )
    criterion = forms.ModelChoiceField(
        Criterion.objects.none(),
        label="Nội dung thi đua",
        empty_label=None,
        error_messages={
            "required": "Hãy chọn nội dung thi đua.",
            "invalid_choice": "Hãy chọn một nội dung thi đua của phong trào này.",
        },
    )
    label = forms.CharField(label="Tên số liệu", max_length=300, error_messages={"required": "Hãy nhập tên số liệu."})
    unit = forms.CharField(label="Đơn vị tính", max_length=40, required=False)
    help_text = forms.CharField(
        label="Hướng dẫn nhập", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    order = VietnameseIntegerField(
        label="Thứ tự trong nội dung",
        min_value=1,
        max_value=99,
        initial=1,
        error_messages={
            "required": "Hãy nhập thứ tự (1–99).",
            "invalid": "Thứ tự là một số nguyên từ 1 đến 99.",
            "min_value": "Thứ tự là một số nguyên từ 1 đến 99.",
            "max_value": "Thứ tự là một số nguyên từ 1 đến 99.",
        },
    )
    aggregation = forms.ChoiceField(
        label="Số của cả đợt",
        choices=Aggregation.choices,
        initial=Aggregation.SUM,
        error_messages={"invalid_choice": "Hãy chọn cộng dồn các tháng hoặc số của tháng gần nhất."},
    )
    is_active = forms.BooleanField(label="Đang dùng (hiện trên phiếu số liệu tháng)", required=False, initial=True)
    reason = forms.CharField(
        label="Lý do",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi kế hoạch đã phát động và thay đổi làm đổi ý nghĩa số liệu "
        "(tên, đơn vị, nội dung, cách tính, ngừng dùng).",
    )
    version = VersionField()

    def __init__(self, *args, campaign: Campaign, field: MonthlyField | None = None, **kwargs):
        if field is not None:
            kwargs.setdefault(
                "initial",
                {
                    "criterion": field.criterion_id,
                    "label": field.label,
                    "unit": field.unit,
                    "help_text": field.help_text,
                    "order": field.order,
                    "aggregation": field.aggregation,
                    "is_active": field.is_active,
                    "version": field.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = Criterion.objects.filter(campaign=campaign).order_by("order")
        self.fields["criterion"].label_from_instance = lambda c: f"{c.order}. {c.text[:90]}"
        if field is not None:
            del self.fields["key"]

    def service_data(self) -> dict:
        names = ("criterion", "label", "unit", "help_text", "order", "aggregation", "is_active")
        data = {name: self.cleaned_data[name] for name in names}
        if "key" in self.fields:
            data["key"] = self.cleaned_data["key"]
        return data


class UnlockForm(SingleLineFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do mở khóa", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}), max_length=1000
    )
