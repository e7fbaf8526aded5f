"""Forms for rewards. They validate and normalise; services do the writing."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.models import User

from campaigns.forms import DATE_ERRORS, DATE_WIDGET
from campaigns.models import AwardForm, CriterionKind, Person, Unit
from campaigns.selectors import account_identities
from rewards.evidence import shorten
from rewards.models import (
    BallotMethod,
    Comparator,
    CouncilRole,
    EligibilityRule,
    Outcome,
    RuleKind,
    ThresholdBase,
)
from tanbinh_portal.numbers import VietnameseDecimalField, VietnameseIntegerField
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.text import SingleLineFormMixin, clean_text

TEXTAREA = forms.Textarea(attrs={"rows": 4})
TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
TIME_ERRORS = {"invalid": "Giờ không hợp lệ; hãy nhập giờ và phút, ví dụ 08:00 hoặc 14:30."}
SECTION_FIELDS = ["profile", "achievements", "initiatives", "discipline", "confirmation"]


def _section(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=TEXTAREA, help_text=help_text)


class SectionsForm(SingleLineFormMixin, VersionedFormMixin, forms.Form):
    """The báo cáo thành tích sections (Mẫu số 07, NĐ 91/2017)."""

    version = VersionField()
    profile = _section(
        "Sơ lược lý lịch / đặc điểm tình hình, nhiệm vụ",
        "Cá nhân: họ tên, năm sinh, chức vụ, đơn vị, trình độ. Tập thể: đặc điểm tình hình, nhiệm vụ.",
    )
    achievements = _section(
        "Thành tích đạt được (kết quả định lượng)",
        "Nêu kết quả định lượng: tỷ lệ hồ sơ đúng hạn, số hồ sơ “4 tại chỗ”, số phản ánh, ...",
    )
    initiatives = _section("Sáng kiến, giải pháp")
    discipline = _section("Việc chấp hành chủ trương, chính sách, pháp luật, kỷ luật")
    confirmation = _section("Xác nhận của cấp trình khen")

    def clean(self):
        data = super().clean()
        for name in SECTION_FIELDS:
            data[name] = clean_text(data.get(name, ""))
        return data


class NominationCreateForm(SectionsForm):
    award_form = forms.ModelChoiceField(
        label="Hình thức khen thưởng", queryset=AwardForm.objects.none(), empty_label="— Chọn hình thức —"
    )
    nominee = forms.ChoiceField(label="Đề nghị khen thưởng cho")
    # A new nomination is refused by its unique constraint, with its own message; no version to carry.
    version = None

    field_order = ["award_form", "nominee", *SECTION_FIELDS]

    def __init__(self, *args, campaign, units: list[Unit], people: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_form"].queryset = AwardForm.objects.filter(
            pk__in=campaign.award_options.values("award_form")
        )
        self.fields["award_form"].error_messages["invalid_choice"] = "Hãy chọn một hình thức có trong kế hoạch."
        self.fields["nominee"].choices = [("", "— Chọn tập thể hoặc cá nhân —")] + [
            ("Tập thể", [(f"unit:{u.pk}", u.name) for u in units]),
            ("Cá nhân", [(f"person:{p.pk}", f"{p.full_name} – {p.position}") for p in people]),
        ]
        self.fields["nominee"].error_messages["invalid_choice"] = "Hãy chọn tập thể hoặc cá nhân trong danh sách."
        self._units = {u.pk: u for u in units}
        self._people = {p.pk: p for p in people}

    def clean_nominee(self) -> dict:
        kind, _, pk = self.cleaned_data["nominee"].partition(":")
        if kind == "unit" and int(pk) in self._units:
            return {"unit": self._units[int(pk)]}
        if kind == "person" and int(pk) in self._people:
            return {"person": self._people[int(pk)]}
        raise forms.ValidationError("Hãy chọn tập thể hoặc cá nhân trong danh sách.")


class ReasonForm(SingleLineFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy ghi lý do."},
    )

    def clean_reason(self) -> str:
        value = clean_text(self.cleaned_data["reason"])
        if not value:
            raise forms.ValidationError("Hãy ghi lý do.")
        return value


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

    def clean(self):
        data = super().clean()
        data["reason"] = clean_text(data.get("reason", ""))
        if data.get("outcome") == Outcome.NOT_AWARDED and not data["reason"]:
            self.add_error("reason", "Hãy ghi lý do cấp trên không khen thưởng.")
        return data


COMPARATORS = Comparator.choices


class SubmitDateForm(forms.Form):
    """The date of a proposal and its báo cáo thành tích (a paper proposal entered later keeps its date)."""

    submitted_on = forms.DateField(
        label="Ngày đề nghị",
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="Để trống: hôm nay.",
    )


class EvidenceFileForm(SingleLineFormMixin, forms.Form):
    """A file to attach (its kind and size are checked by the service, from its content)."""

    file = forms.FileField(
        label="Tệp minh chứng",
        required=False,
        help_text="PDF, ảnh (JPEG, PNG…) hoặc văn bản Office; kiểm tra theo nội dung tệp, không theo tên.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.jpg,.jpeg,.png,.gif,.tif,.tiff,.webp,.heic,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods"
            }
        ),
    )
    criterion = forms.ModelChoiceField(
        label="Cho nội dung thi đua (Hội đồng đánh giá)",
        queryset=None,
        required=False,
        empty_label="— Minh chứng chung của đề nghị —",
        error_messages={"invalid_choice": "Nội dung thi đua đã chọn không còn; hãy chọn lại."},
    )
    description = forms.CharField(label="Mô tả", max_length=300, required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = campaign.criteria.filter(kind=CriterionKind.ASSESSED)
        self.fields["criterion"].label_from_instance = lambda c: f"{c.order}. {shorten(c.text, 90)}"


class EvidenceReplaceForm(forms.Form):
    file = forms.FileField(label="Tệp mới", required=False)
