"""The form of the quotas the receiving level gives a commune per award form and year."""

from __future__ import annotations

import datetime as dt

from django import forms

from campaigns.models import AwardForm, Commune


def award_forms_of_year(year: int):
    """The award forms valid at some day of ``year`` (a form ended on 30/06/2025 still counts for 2025)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return AwardForm.objects.filter(valid_from__lte=last).exclude(valid_to__lt=first).order_by("valid_from", "code")


class CommuneQuotaForm(forms.Form):
    commune = forms.ModelChoiceField(
        label="Xã",
        queryset=Commune.objects.none(),
        error_messages={"required": "Hãy chọn xã.", "invalid_choice": "Không có xã này trong các xã bạn tiếp nhận."},
    )
    award_form = forms.ModelChoiceField(
        label="Hình thức khen thưởng",
        queryset=AwardForm.objects.none(),
        error_messages={
            "required": "Hãy chọn hình thức khen thưởng.",
            "invalid_choice": "Hình thức này không có hiệu lực trong năm đã chọn.",
        },
    )
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
    quota = forms.IntegerField(
        label="Chỉ tiêu",
        required=False,
        min_value=0,
        max_value=10_000,
        help_text="Để trống để bỏ chỉ tiêu đã giao.",
        error_messages={
            "invalid": "Chỉ tiêu phải là số nguyên, ví dụ 3.",
            "min_value": "Chỉ tiêu không được âm.",
            "max_value": "Chỉ tiêu tối đa 10.000.",
        },
    )

    def __init__(self, *args, communes=None, year: int = 2000, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes
        raw = self.data.get("year") if self.is_bound else None
        chosen = int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) == 4 else year
        self.fields["award_form"].queryset = award_forms_of_year(chosen)
