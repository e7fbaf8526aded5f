"""Forms of the plan: the campaign, its contents and targets, award options, steps, next year's copy.

They validate and normalise; services write.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms

from campaigns.models import (
    AwardForm,
    Campaign,
    CriterionKind,
    Indicator,
)
from campaigns.services import PLAN_FIELDS
from tanbinh_portal.comparators import TARGET_CHOICES, Comparator
from tanbinh_portal.date_inputs import DATE_ERRORS, DATE_WIDGET
from tanbinh_portal.formatting import format_target
from tanbinh_portal.numbers import VietnameseDecimalField, VietnameseIntegerField
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.text import SingleLineFormMixin

REASON_HELP = "Bắt buộc khi kế hoạch đã phát động: lý do sửa đổi được lưu trong lịch sử kế hoạch."


class PlanForm(SingleLineFormMixin, VersionedFormMixin, forms.ModelForm):
    reason = forms.CharField(
        label="Lý do sửa đổi", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )
    version = VersionField()

    class Meta:
        model = Campaign
        fields = list(PLAN_FIELDS)
        widgets = {
            "document_date": DATE_WIDGET,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "purposes": forms.Textarea(attrs={"rows": 6}),
            "closing_text": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = dict.fromkeys(("document_date", "start_date", "end_date"), DATE_ERRORS)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data


class CampaignCreateForm(PlanForm):
    slug = forms.SlugField(
        label="Mã phong trào",
        max_length=80,
        help_text="Chữ thường không dấu, số và gạch nối, ví dụ tan-binh-cchc-2023.",
        error_messages={
            "invalid": "Mã chỉ gồm chữ thường không dấu, số và gạch nối.",
            "unique": "Mã phong trào này đã được dùng; hãy chọn mã khác, ví dụ thêm năm.",
        },
    )
    version = None
    reason = None

    class Meta(PlanForm.Meta):
        fields = ["slug", *PlanForm.Meta.fields]


class CriterionForm(SingleLineFormMixin, forms.Form):
    TARGET_ROWS = 3

    order = VietnameseIntegerField(label="Thứ tự", min_value=1, max_value=99)
    text = forms.CharField(label="Nội dung thi đua", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    kind = forms.ChoiceField(label="Cách đánh giá", choices=CriterionKind.choices)
    reason = forms.CharField(
        label="Lý do sửa đổi", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )

    def __init__(self, *args, indicator_choices: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        indicator_choices = Indicator.choices if indicator_choices is None else indicator_choices
        for i in range(1, self.TARGET_ROWS + 1):
            self.fields[f"indicator_{i}"] = forms.ChoiceField(
                label=f"Chỉ số {i}", choices=[("", "— không —"), *indicator_choices], required=False
            )
            self.fields[f"comparator_{i}"] = forms.ChoiceField(
                label="So sánh", choices=[("", "— không —"), *TARGET_CHOICES], required=False
            )
            self.fields[f"target_{i}"] = VietnameseDecimalField(
                label="Chỉ tiêu",
                required=False,
                max_digits=9,
                decimal_places=2,
                min_value=0,
                error_messages={
                    "invalid": "Chỉ tiêu phải là số, ví dụ 95 hoặc 1,3.",
                    "min_value": "Chỉ tiêu không được âm.",
                },
            )
            self.fields[f"unit_label_{i}"] = forms.CharField(label="Đơn vị", required=False, max_length=20)

    @classmethod
    def initial_for(cls, criterion) -> dict:
        initial = {"order": criterion.order, "text": criterion.text, "kind": criterion.kind}
        for i, target in enumerate(criterion.targets.all(), start=1):
            initial.update(
                {
                    f"indicator_{i}": target.indicator,
                    f"comparator_{i}": target.comparator,
                    f"target_{i}": target.target,
                    f"unit_label_{i}": target.unit_label,
                }
            )
        return initial

    def target_rows(self):
        return [
            [self[f"{name}_{i}"] for name in ("indicator", "comparator", "target", "unit_label")]
            for i in range(1, self.TARGET_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        targets = []
        for i in range(1, self.TARGET_ROWS + 1):
            indicator, comparator = data.get(f"indicator_{i}"), data.get(f"comparator_{i}")
            value = data.get(f"target_{i}")
            if not indicator and not comparator and value is None:
                continue
            if not indicator:
                self.add_error(f"indicator_{i}", "Hãy chọn chỉ số cho chỉ tiêu này.")
            if not comparator:
                self.add_error(f"comparator_{i}", "Hãy chọn cách so sánh với chỉ tiêu.")
            elif comparator != Comparator.INCREASE and value is None:
                self.add_error(f"target_{i}", "Hãy nhập chỉ tiêu, ví dụ 95 hoặc 1,3.")
            targets.append(
                {
                    "indicator": indicator,
                    "comparator": comparator,
                    "target": None if comparator == Comparator.INCREASE else value,
                    "unit_label": data.get(f"unit_label_{i}") or "%",
                }
            )
        if data.get("kind") == CriterionKind.MEASURED and not targets:
            self.add_error("indicator_1", "Nội dung đo lường phải có ít nhất một chỉ tiêu.")
        if data.get("kind") == CriterionKind.ASSESSED and targets:
            self.add_error(
                "kind",
                "Nội dung do Hội đồng đánh giá không có chỉ tiêu đo lường; "
                "hãy xóa các chỉ tiêu hoặc chọn “Đo lường bằng chỉ số”.",
            )
        data["targets"] = targets
        return data

    def service_data(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("order", "text", "kind", "targets")}

    def target_preview(self) -> list[str]:
        """The cleaned targets exactly as the plan will print them, e.g. "Tỷ lệ … ≥ 1,3%"."""
        labels = dict(self.fields["indicator_1"].choices)
        return [
            f"{labels.get(t['indicator'], t['indicator'])} "
            + format_target(t["comparator"], t["target"], t["unit_label"])
            for t in self.cleaned_data["targets"]
        ]

    def targets_changed(self, criterion) -> bool:
        def key(indicator, comparator, target, unit_label):
            return indicator, comparator, None if target is None else Decimal(target).normalize(), unit_label

        before = (
            [key(t.indicator, t.comparator, t.target, t.unit_label) for t in criterion.targets.all()]
            if criterion
            else []
        )
        after = [
            key(t["indicator"], t["comparator"], t["target"], t["unit_label"]) for t in self.cleaned_data["targets"]
        ]
        return before != after


class AwardOptionsForm(SingleLineFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do sửa đổi", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )

    def __init__(self, *args, award_forms: list[AwardForm], current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.award_forms = award_forms
        for award_form in award_forms:
            self.fields[f"use_{award_form.pk}"] = forms.BooleanField(
                label=f"{award_form.name} ({award_form.get_level_display()})",
                required=False,
                initial=award_form.pk in current,
            )
            self.fields[f"wording_{award_form.pk}"] = forms.CharField(
                label="Cách ghi trong kế hoạch",
                required=False,
                max_length=200,
                initial=current.get(award_form.pk, award_form.name),
            )

    def clean(self):
        data = super().clean()
        chosen = []
        for award_form in self.award_forms:
            if data.get(f"use_{award_form.pk}"):
                wording = (data.get(f"wording_{award_form.pk}") or "").strip()
                if not wording:
                    self.add_error(f"wording_{award_form.pk}", "Hãy ghi cách viết hình thức này trong kế hoạch.")
                chosen.append((award_form, wording))
        if not chosen:
            raise forms.ValidationError("Hãy chọn ít nhất một hình thức khen thưởng.")
        data["options"] = chosen
        return data


class StepForm(SingleLineFormMixin, forms.Form):
    heading = forms.CharField(label="Tiêu đề", max_length=200)
    body = forms.CharField(label="Nội dung (mỗi đoạn một dòng)", widget=forms.Textarea(attrs={"rows": 8}))
    reason = forms.CharField(
        label="Lý do sửa đổi", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )


class NextYearForm(SingleLineFormMixin, forms.Form):
    """The year of next year's plan and, on confirmation, the fingerprint of the preview the officer saw."""

    nam = forms.TypedChoiceField(label="Năm của kế hoạch mới", coerce=int, choices=())
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = [(year, str(year)) for year in years]
        message = f"Hãy chọn một năm từ {years[0]} đến {years[-1]}." if years else "Không có năm nào để chọn."
        self.fields["nam"].error_messages.update(invalid_choice=message, required=message)
