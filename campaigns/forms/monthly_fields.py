"""The form of a plan's monthly field.

They validate and normalise; services write.
"""

from __future__ import annotations

from django import forms

from campaigns.models import (
    Aggregation,
    Campaign,
    Criterion,
    MonthlyField,
)
from tanbinh_portal.numbers import VietnameseIntegerField
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.text import SingleLineFormMixin


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
