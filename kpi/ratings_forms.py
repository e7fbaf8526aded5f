"""The public rating form: three levels, reasons and free text for "Không hài lòng", a honeypot.

It validates and normalises only; the service (``kpi.services.ratings.citizen_rating_submit``) checks
the token, the window and the reasons again and stores.
"""

from __future__ import annotations

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from kpi.models import RATING_COMMENT_MAX, Rating, RatingReason
from kpi.services.ratings import RatingInput

# The honeypot's name: a field a person never sees (hidden by CSS, out of the tab order, no autofill)
# and a form-filling robot fills. A submission with it set is thanked and dropped.
HONEYPOT = "trang_web"
NUL_MESSAGE = "Ý kiến có ký tự không đọc được (ký tự rỗng). Xin xóa và gõ lại."


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Ông/bà có hài lòng với việc giải quyết hồ sơ này không?",
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Xin chọn một mức: Rất hài lòng, Hài lòng hoặc Không hài lòng.",
            "invalid_choice": "Mức đánh giá không hợp lệ. Xin chọn lại một trong ba mức.",
        },
    )
    reasons = forms.MultipleChoiceField(
        label=(
            "Nếu không hài lòng, vì sao? (bắt buộc: chọn ít nhất một lý do hoặc ghi ý kiến bên dưới;"
            " có thể chọn nhiều lý do)"
        ),
        choices=RatingReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Lý do không hợp lệ. Xin chọn lại trong danh sách."},
    )
    comment = forms.CharField(
        label="Ý kiến khác (không ghi họ tên, số điện thoại)",
        required=False,
        max_length=RATING_COMMENT_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": RATING_COMMENT_MAX}),
        error_messages={"max_length": f"Ý kiến dài quá {RATING_COMMENT_MAX} ký tự. Xin viết ngắn lại."},
    )
    trang_web = forms.CharField(
        label="Để trống ô này",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own message for a NUL character is English; the page speaks Vietnamese only.
        for name in ("comment", HONEYPOT):
            field = self.fields[name]
            field.validators = [
                ProhibitNullCharactersValidator(message=NUL_MESSAGE)
                if isinstance(v, ProhibitNullCharactersValidator)
                else v
                for v in field.validators
            ]

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT))

    def as_input(self) -> RatingInput:
        data = self.cleaned_data
        return RatingInput(level=data["level"], reasons=tuple(data["reasons"]), comment=data["comment"])
