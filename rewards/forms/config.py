"""Forms of the round's set-up: quotas, eligibility rules, council members.

They validate and normalise; services write.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.models import User

from campaigns.models import AwardForm
from campaigns.selectors import account_identities
from rewards.models import (
    CouncilRole,
    EligibilityRule,
    RuleKind,
    ThresholdBase,
)
from tanbinh_portal.numbers import VietnameseDecimalField, VietnameseIntegerField
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.text import SingleLineFormMixin, clean_text


class QuotaForm(SingleLineFormMixin, VersionedFormMixin, forms.Form):
    award_form = forms.ModelChoiceField(queryset=AwardForm.objects.all(), widget=forms.HiddenInput)
    quota = VietnameseIntegerField(label="Chỉ tiêu", min_value=0, error_messages={"invalid": "Chỉ tiêu là số nguyên."})
    threshold_base = forms.ChoiceField(label="Tính tỷ lệ trên", choices=ThresholdBase.choices)
    threshold_percent = VietnameseDecimalField(
        label="Tỷ lệ đồng ý (%)", min_value=Decimal("0.01"), max_value=Decimal(100), decimal_places=2
    )
    threshold_inclusive = forms.BooleanField(label="Đạt khi bằng đúng tỷ lệ", required=False)
    version = VersionField()


class RuleForm(SingleLineFormMixin, forms.ModelForm):
    award_form = forms.ModelChoiceField(queryset=AwardForm.objects.all(), widget=forms.HiddenInput)
    threshold = VietnameseDecimalField(label="Ngưỡng", required=False, max_digits=12, decimal_places=4)

    class Meta:
        model = EligibilityRule
        fields = ["kind", "applies_to", "evidence_code", "label", "comparator", "threshold", "unit_label"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == RuleKind.EVIDENCE:
            if not clean_text(data.get("evidence_code", "")):
                self.add_error("evidence_code", "Điều kiện theo chỉ số cần mã chỉ số, ví dụ on_time_rate.")
            if not data.get("comparator"):
                self.add_error("comparator", "Hãy chọn phép so sánh.")
            if data.get("threshold") is None:
                self.add_error("threshold", "Hãy nhập ngưỡng, ví dụ 95.")
        return data


class MemberForm(SingleLineFormMixin, forms.Form):
    user = forms.ModelChoiceField(label="Tài khoản", queryset=User.objects.filter(is_active=True).order_by("username"))
    full_name = forms.CharField(
        label="Họ và tên", max_length=120, required=False, help_text="Để trống: lấy họ tên của tài khoản."
    )
    position = forms.CharField(
        label="Chức vụ", max_length=200, required=False, help_text="Để trống: lấy chức vụ của tài khoản."
    )
    role = forms.ChoiceField(label="Vai trò trong Hội đồng", choices=CouncilRole.choices)

    def account_names(self) -> dict[str, dict[str, str]]:
        """{account id: {name, position}} for the page's script, which fills the two boxes on choosing."""
        identities = account_identities(self.fields["user"].queryset)
        return {str(pk): {"name": name, "position": position} for pk, (name, position) in identities.items()}
