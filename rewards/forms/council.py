"""Forms of the council: its establishing decision, the invitation, the meeting, the tally and its
correction, the minutes, a member's vote.

They validate and normalise; services write.
"""

from __future__ import annotations

from django import forms

from rewards.models import (
    BallotMethod,
    CouncilMember,
)
from tanbinh_portal.date_inputs import DATE_ERRORS, DATE_WIDGET
from tanbinh_portal.numbers import VietnameseIntegerField
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.text import SingleLineFormMixin, clean_text

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
TIME_ERRORS = {"invalid": "Giờ không hợp lệ; hãy nhập giờ và phút, ví dụ 08:00 hoặc 14:30."}


class CouncilEstablishForm(forms.Form):
    issued_on = forms.DateField(
        label="Ngày ký quyết định thành lập Hội đồng",
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": "Hãy nhập ngày ký quyết định (ngày/tháng/năm)."},
    )


class ConvocationForm(SingleLineFormMixin, forms.Form):
    issued_on = forms.DateField(
        label="Ngày ký giấy mời",
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": "Hãy nhập ngày ký giấy mời (ngày/tháng/năm)."},
    )
    meeting_on = forms.DateField(
        label="Ngày họp",
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": "Hãy nhập ngày họp (ngày/tháng/năm)."},
    )
    meeting_at = forms.TimeField(
        label="Giờ họp",
        widget=TIME_WIDGET,
        input_formats=["%H:%M"],
        error_messages={**TIME_ERRORS, "required": "Hãy nhập giờ họp, ví dụ 08:00."},
    )
    place = forms.CharField(label="Địa điểm", max_length=200, error_messages={"required": "Hãy ghi địa điểm họp."})


class MeetingForm(SingleLineFormMixin, forms.Form):
    held_on = forms.DateField(label="Ngày họp", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    place = forms.CharField(label="Địa điểm", max_length=200)
    method = forms.ChoiceField(label="Cách bỏ phiếu kín", choices=BallotMethod.choices)
    quorum_numerator = VietnameseIntegerField(label="Tỷ lệ có mặt tối thiểu: tử số", min_value=1, initial=2)
    quorum_denominator = VietnameseIntegerField(label="mẫu số", min_value=1, initial=3)
    started_at = forms.TimeField(
        label="Giờ bắt đầu", required=False, widget=TIME_WIDGET, input_formats=["%H:%M"], error_messages=TIME_ERRORS
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"present_{member.pk}"] = forms.BooleanField(label=str(member), required=False, initial=True)
            self.fields[f"opinion_{member.pk}"] = forms.CharField(
                label="Ý kiến bằng văn bản (nếu vắng mặt)", required=False, widget=forms.Textarea(attrs={"rows": 1})
            )

    def member_rows(self):
        return [(m, self[f"present_{m.pk}"], self[f"opinion_{m.pk}"]) for m in self.members]

    def clean(self):
        data = super().clean()
        num, den = data.get("quorum_numerator"), data.get("quorum_denominator")
        if num and den and num > den:
            self.add_error("quorum_numerator", "Tử số không được lớn hơn mẫu số.")
        return data

    def attendance(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {m.pk: (data[f"present_{m.pk}"], clean_text(data[f"opinion_{m.pk}"])) for m in self.members}


class TallyForm(SingleLineFormMixin, forms.Form):
    agree = VietnameseIntegerField(label="Đồng ý", min_value=0, error_messages={"required": "Nhập số phiếu đồng ý."})
    disagree = VietnameseIntegerField(
        label="Không đồng ý", min_value=0, error_messages={"required": "Nhập số phiếu không đồng ý."}
    )
    invalid = VietnameseIntegerField(
        label="Không hợp lệ", min_value=0, initial=0, error_messages={"required": "Nhập số phiếu không hợp lệ."}
    )


class CorrectionForm(TallyForm):
    reason = forms.CharField(
        label="Lý do sửa",
        max_length=500,
        error_messages={"required": "Hãy ghi lý do sửa số phiếu (ví dụ: nhập nhầm khi ghi kết quả kiểm phiếu)."},
    )

    def clean_reason(self):
        return clean_text(self.cleaned_data["reason"])


class MinutesForm(SingleLineFormMixin, VersionedFormMixin, forms.Form):
    started_at = forms.TimeField(
        label="Giờ bắt đầu", required=False, widget=TIME_WIDGET, input_formats=["%H:%M"], error_messages=TIME_ERRORS
    )
    ended_at = forms.TimeField(
        label="Giờ kết thúc", required=False, widget=TIME_WIDGET, input_formats=["%H:%M"], error_messages=TIME_ERRORS
    )
    discussion = forms.CharField(
        label="Ý kiến thảo luận",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi ý kiến một dòng; in vào biên bản theo đúng thứ tự.",
    )
    version = VersionField()

    def clean_discussion(self):
        return clean_text(self.cleaned_data["discussion"])


class VoteForm(SingleLineFormMixin, forms.Form):
    choice = forms.ChoiceField(
        choices=[("agree", "Đồng ý"), ("disagree", "Không đồng ý")],
        error_messages={"required": "Hãy chọn một phương án."},
    )


class TellersForm(forms.Form):
    """The Ban kiểm phiếu the council elected: its head and members, among the members present."""

    head = forms.ModelChoiceField(
        label="Trưởng Ban kiểm phiếu",
        queryset=None,
        error_messages={"required": "Chọn Trưởng Ban kiểm phiếu.", "invalid_choice": "Chọn một thành viên có mặt."},
    )
    members = forms.ModelMultipleChoiceField(
        label="Thành viên Ban kiểm phiếu",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Chọn ít nhất một thành viên Ban kiểm phiếu.",
            "invalid_choice": "Chọn các thành viên có mặt.",
        },
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        present = CouncilMember.objects.filter(
            pk__in=meeting.attendance.filter(present=True).values("member_id")
        ).order_by("id")
        self.fields["head"].queryset = present
        self.fields["members"].queryset = present
