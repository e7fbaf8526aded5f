"""Forms of the kpi app: they validate and normalise, services write."""

from __future__ import annotations

from pathlib import Path

from django import forms

from campaigns.models import Commune
from kpi import indicators as ind
from kpi.services.imports import MAX_UPLOAD_BYTES
from kpi.services.monthly import FORM_06A_KEYS, FORM_06A_LABELS


class DossierImportForm(forms.Form):
    commune = forms.ModelChoiceField(Commune.objects.all(), label="Xã", empty_label=None)
    file = forms.FileField(label="Tệp sổ theo dõi hồ sơ (.csv hoặc .xlsx)")
    dry_run = forms.BooleanField(label="Chỉ chạy thử (kiểm tra, không ghi)", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".xlsx"}:
            raise forms.ValidationError("Chỉ nhận tệp .csv (UTF-8) hoặc .xlsx theo mẫu nhập.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 512 MB: hãy dùng lệnh import_dossiers trên máy chủ.")
        if upload.size == 0:
            raise forms.ValidationError("Tệp rỗng.")
        return upload


class MonthlyFiguresForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, criteria_by_indicator: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        criteria_by_indicator = criteria_by_indicator or {}
        for key, label in ind.MONTHLY_INDICATORS.items():
            criterion = criteria_by_indicator.get(key)
            help_text = f"Nội dung thi đua {criterion.order}" if criterion else ""
            self.fields[key] = forms.IntegerField(label=label, required=False, min_value=0, help_text=help_text)
        for key in FORM_06A_KEYS:
            self.fields[key] = forms.IntegerField(label=FORM_06A_LABELS[key], required=False, min_value=0)

    def figures(self) -> dict[str, int | None]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class UnlockForm(forms.Form):
    reason = forms.CharField(label="Lý do mở khóa", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
