"""Forms of đăng ký thi đua: the registration and its deadline.

They validate and normalise; services write.
"""

from __future__ import annotations

from django import forms

from tanbinh_portal.date_inputs import DATE_ERRORS, DATE_WIDGET
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.text import SingleLineFormMixin


class DeadlineForm(SingleLineFormMixin, forms.Form):
    registration_deadline = forms.DateField(
        label="Hạn đăng ký thi đua",
        required=False,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "class": "form-control",
                "aria-label": "Hạn đăng ký thi đua",
            },
        ),
        error_messages=DATE_ERRORS,
    )


class RegistrationForm(SingleLineFormMixin, VersionedFormMixin, forms.Form):
    commitment_text = forms.CharField(
        label="Nội dung cam kết khác", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    registered_on = forms.DateField(
        label="Ngày đăng ký (ngày ghi trên bản đăng ký)",
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="Để trống: hôm nay. Nhập bản đăng ký giấy muộn thì ghi ngày trên bản giấy.",
    )
    version = VersionField()

    def __init__(self, *args, criteria, registration=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        existing = {c.criterion_id: c.target_text for c in registration.commitments.all()} if registration else {}
        for criterion in criteria:
            self.fields[f"commit_{criterion.pk}"] = forms.BooleanField(
                label=f"{criterion.order}. {criterion.text}", required=False, initial=criterion.pk in existing
            )
            self.fields[f"target_{criterion.pk}"] = forms.CharField(
                label="Chỉ tiêu cam kết",
                required=False,
                max_length=200,
                initial=existing.get(criterion.pk, criterion.default_target_text()),
            )
        if registration:
            self.fields["commitment_text"].initial = registration.commitment_text
            self.fields["registered_on"].initial = registration.registered_on
            self.fields["version"].initial = registration.version

    def clean(self):
        data = super().clean()
        chosen = [
            (criterion, (data.get(f"target_{criterion.pk}") or "").strip())
            for criterion in self.criteria
            if data.get(f"commit_{criterion.pk}")
        ]
        if not chosen:
            raise forms.ValidationError("Hãy chọn ít nhất một nội dung thi đua để cam kết.")
        data["commitments"] = chosen
        return data

    def criterion_rows(self):
        return [(c, self[f"commit_{c.pk}"], self[f"target_{c.pk}"]) for c in self.criteria]
