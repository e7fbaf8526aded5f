"""Forms of the kpi app: they validate and normalise, services write."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings

from campaigns.models import Commune, MonthlyField
from kpi.indicators import FORM_06A_KEYS, FORM_06A_LABELS
from tanbinh_portal.filekinds import HEAD_BYTES, foreign_file_message, foreign_kind
from tanbinh_portal.numbers import VietnameseIntegerField
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.text import SingleLineFormMixin

# MonthlyValue is a BigIntegerField; anything near its limit is a typing slip, and would overflow.
MAX_FIGURE = 10**12


class DossierImportForm(forms.Form):
    commune = forms.ModelChoiceField(
        Commune.objects.none(),
        label="Xã",
        empty_label=None,
        error_messages={"invalid_choice": "Hãy chọn xã nơi bạn đang làm việc."},
    )
    file = forms.FileField(label="Tệp sổ theo dõi hồ sơ (.csv hoặc .xlsx)")
    dry_run = forms.BooleanField(label="Chỉ chạy thử (kiểm tra, không ghi)", required=False)

    def __init__(self, *args, communes, **kwargs):
        """``communes``: where the user may import (the commune of their current place)."""
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes

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


class UnlockForm(SingleLineFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do mở khóa", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}), max_length=1000
    )
