"""Forms of the organisation: collectives, people, the staff list import.

They validate and normalise; services write.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.models import User

from campaigns.models import (
    Person,
    Sex,
    Unit,
    UnitType,
)
from campaigns.selectors import account_users_of
from campaigns.services.organisation import (
    ONE_STOP_ADDRESS_MAX,
    ONE_STOP_ADDRESS_TOO_LONG,
    ONE_STOP_PHONE_MAX,
    ONE_STOP_PHONE_TOO_LONG,
)
from tanbinh_portal.numbers import VietnameseIntegerField
from tanbinh_portal.optimistic import VersionedFormMixin, VersionField
from tanbinh_portal.periods import local_today
from tanbinh_portal.text import SingleLineFormMixin, reject_control_characters

YEAR_OF_BIRTH_MIN = 1900


class UnitForm(SingleLineFormMixin, VersionedFormMixin, forms.Form):
    name = forms.CharField(label="Tên tập thể", max_length=200)
    unit_type = forms.ChoiceField(label="Loại", choices=UnitType.choices)
    head = forms.ModelChoiceField(label="Người đứng đầu", queryset=Person.objects.none(), required=False)
    member_count = VietnameseIntegerField(
        label="Số thành viên",
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text="Tổng số cán bộ, đoàn viên, hội viên của tập thể, ghi trong báo cáo thành tích.",
        error_messages={
            "invalid": "Số thành viên phải là số nguyên.",
            "min_value": "Số thành viên phải từ 1 trở lên.",
            "max_value": "Số thành viên quá lớn.",
        },
    )
    is_active = forms.BooleanField(label="Đang hoạt động", required=False, initial=True)
    version = VersionField()

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = Person.objects.filter(commune=commune, is_active=True).order_by("full_name")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class PersonForm(SingleLineFormMixin, VersionedFormMixin, forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    position = forms.CharField(label="Chức vụ", max_length=160)
    unit = forms.ModelChoiceField(
        label="Tập thể",
        queryset=Unit.objects.none(),
        error_messages={"required": "Hãy chọn tập thể.", "invalid_choice": "Tập thể không hợp lệ."},
    )
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    year_of_birth = forms.IntegerField(
        label="Năm sinh",
        required=False,
        min_value=YEAR_OF_BIRTH_MIN,
        error_messages={
            "invalid": "Năm sinh phải là số có bốn chữ số, ví dụ 1985.",
            "min_value": f"Năm sinh phải từ {YEAR_OF_BIRTH_MIN} trở đi.",
        },
    )
    user = forms.ModelChoiceField(label="Tài khoản đăng nhập", queryset=User.objects.none(), required=False)
    has_open_disciplinary_matter = forms.BooleanField(label="Đang bị xem xét kỷ luật hoặc điều tra", required=False)
    disciplinary_note = forms.CharField(
        label="Ghi chú kỷ luật", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(label="Đang công tác", required=False, initial=True)
    reason = forms.CharField(label="Lý do (bắt buộc khi đổi tình trạng kỷ luật)", required=False, max_length=2000)
    version = VersionField()

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(commune=commune).order_by("name")
        # The commune's own accounts only: another commune's are no business of this one (nor its names).
        self.fields["user"].queryset = account_users_of(commune).filter(is_active=True).order_by("username")

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_year_of_birth(self):
        year = self.cleaned_data["year_of_birth"]
        if year is not None and year > local_today().year:
            raise forms.ValidationError("Năm sinh không thể sau năm hiện tại.")
        return year


class StaffImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel danh sách cán bộ (.xlsx)")
    dry_run = forms.BooleanField(label="Chỉ kiểm tra, chưa ghi dữ liệu", required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("Tệp quá lớn (tối đa 5 MB).")
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError("Tệp không phải Excel .xlsx. Hãy lưu danh sách dưới dạng Excel (.xlsx).")
        return upload


# One Vietnamese phone number: a landline with its area code ("0276 3 123 456", "(0276) 3123456"), a
# mobile ("0912 345 678"), the same with +84 ("+84 276 3123456"), or a 1800/1900 line ("1900 1234").
# Spaces, dots and hyphens may group the digits; the area code may stand in brackets.
_PHONE_CHARS = re.compile(r"^\+?[0-9 .\-()]+$")
_PHONE_SPLIT = re.compile(r"\s*[;,]\s*")
PHONE_INVALID = (
    "Số điện thoại không hợp lệ. Hãy ghi số có mã vùng, ví dụ 0276 3 123 456, (0276) 3123456, "
    "0912 345 678 hoặc 1900 1234; nhiều số thì cách nhau bằng dấu chấm phẩy."
)


def is_vietnamese_phone(number: str) -> bool:
    """One number in a form a Vietnamese citizen dials: 10–11 digits from 0, +84 and 9–10 digits, or a
    1800/1900 line of 8 or 10 digits; brackets only around the area code at the start."""
    if not _PHONE_CHARS.match(number) or number.count("(") != number.count(")"):
        return False
    if "(" in number and not re.match(r"^\(\+?[0-9 ]+\)", number):
        return False
    digits = re.sub(r"\D", "", number)
    if number.startswith("+"):
        return digits.startswith("84") and 9 <= len(digits) - 2 <= 10 and digits[2] != "0"
    if digits.startswith(("1800", "1900")):
        return len(digits) in (8, 10)
    return digits.startswith("0") and 10 <= len(digits) <= 11 and digits[1] != "0"


class OneStopContactForm(SingleLineFormMixin, forms.Form):
    """The address and phone of the commune's one-stop counter (Bộ phận Một cửa)."""

    address = forms.CharField(
        label="Địa chỉ Bộ phận Một cửa",
        required=False,
        max_length=ONE_STOP_ADDRESS_MAX,
        help_text="Ghi như người dân tìm đến, ví dụ: Trụ sở UBND xã, số 1 đường Lê Lợi, ấp Thạnh Phú.",
        error_messages={"max_length": ONE_STOP_ADDRESS_TOO_LONG},
        # Drawn on three lines so a long address stays readable on a phone; saved as one line (clean_address).
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    phone = forms.CharField(
        label="Điện thoại Bộ phận Một cửa",
        required=False,
        max_length=ONE_STOP_PHONE_MAX,
        help_text="Ví dụ: 0276 3 123 456 hoặc (0276) 3123456 hoặc 1900 1234.",
        error_messages={"max_length": ONE_STOP_PHONE_TOO_LONG},
    )

    def clean_address(self):
        """Line breaks typed in the box become spaces; any other control character is refused."""
        address = " ".join(self.cleaned_data["address"].split())
        reject_control_characters(address)
        return address

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not all(is_vietnamese_phone(number) for number in _PHONE_SPLIT.split(phone)):
            raise forms.ValidationError(PHONE_INVALID, code="invalid")
        return phone
