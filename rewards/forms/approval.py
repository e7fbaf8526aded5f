"""Forms of the chairman's approval, the decision and the district's outcome.

They validate and normalise; services write.
"""

from __future__ import annotations

from django import forms

from rewards.models import (
    Outcome,
)
from tanbinh_portal.date_inputs import DATE_ERRORS, DATE_WIDGET
from tanbinh_portal.text import SingleLineFormMixin, clean_text


class ApproveForm(SingleLineFormMixin, forms.Form):
    nominations = forms.TypedMultipleChoiceField(
        coerce=int, error_messages={"required": "Hãy chọn ít nhất một đề nghị."}
    )
    comment = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].choices = choices


class DecisionForm(SingleLineFormMixin, forms.Form):
    issued_on = forms.DateField(label="Ngày ký quyết định", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    signatory_name = forms.CharField(label="Người ký", max_length=120, required=False)


class OutcomeForm(SingleLineFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="Kết quả", choices=Outcome.choices)
    reason = forms.CharField(
        label="Lý do (nếu không được khen thưởng)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_number = forms.CharField(
        label="Số quyết định của cấp trên", required=False, max_length=40, help_text="Ví dụ 125/QĐ-UBND."
    )
    decision_date = forms.DateField(
        label="Ngày quyết định", required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )

    def clean(self):
        data = super().clean()
        data["reason"] = clean_text(data.get("reason", ""))
        if data.get("outcome") == Outcome.NOT_AWARDED and not data["reason"]:
            self.add_error("reason", "Hãy ghi lý do cấp trên không khen thưởng.")
        if bool(data.get("decision_number")) != bool(data.get("decision_date")) and not self.has_error("decision_date"):
            self.add_error("decision_number", "Hãy ghi cả số và ngày quyết định của cấp trên (hoặc để trống cả hai).")
        return data
