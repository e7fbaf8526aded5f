"""Forms of a nomination: its báo cáo thành tích, the date, a reason (return, override, unapprove).

They validate and normalise; services write.
"""

from __future__ import annotations

from django import forms

from campaigns.models import AwardForm, Person, Unit
from tanbinh_portal.date_inputs import DATE_ERRORS, DATE_WIDGET
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.text import SingleLineFormMixin, clean_text

TEXTAREA = forms.Textarea(attrs={"rows": 4})
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


class SubmitDateForm(forms.Form):
    """The date of a proposal and its báo cáo thành tích (a paper proposal entered later keeps its date)."""

    submitted_on = forms.DateField(
        label="Ngày đề nghị",
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="Để trống: hôm nay.",
    )


class ProposeDateForm(forms.Form):
    """The day a nomination is proposed to the higher level: it decides who receives it (Phòng Nội vụ
    huyện to 30/06/2025, Sở Nội vụ tỉnh from 01/07/2025); a paper proposal entered later keeps its date."""

    proposed_on = forms.DateField(
        label="Ngày gửi đề nghị lên cấp trên",
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="Để trống: hôm nay.",
    )
