"""Forms of the commune's account administration. They validate and normalise; services write.

The password rules themselves (length, likeness to the name, common or all-digit passwords) are
checked by the service, which knows the account the password is for.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from campaigns.models import Person
from tanbinh_portal.roles import COMMUNE_ROLES
from tanbinh_portal.text import SingleLineFormMixin

USERNAME_HELP = "Chữ cái không dấu, chữ số và các dấu . _ - (ví dụ: nguyenvana hoặc tuphap.lan); tối đa 150 ký tự."
USERNAME_INVALID = "Tên đăng nhập chỉ gồm chữ cái, chữ số và các dấu . @ + - _, không có khoảng trắng."
PASSWORD_HELP = (  # nosec B105: a help text, not a password
    "Ít nhất 8 ký tự, không chỉ gồm chữ số, không giống tên đăng nhập hay họ tên. "
    "Người dùng phải đổi sang mật khẩu của riêng mình ở lần đăng nhập đầu tiên."
)
PASSWORDS_DIFFER = "Hai lần nhập mật khẩu không khớp nhau; hãy nhập lại."  # nosec B105: a message


class _PasswordPairMixin:
    """Two password inputs that must match (the rules are the service's)."""

    def clean(self):
        data = super().clean()
        first, second = data.get("password"), data.get("password_again")
        if first and second is not None and first != second:
            self.add_error("password_again", PASSWORDS_DIFFER)
        return data


def _password_field(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        strip=False,
        max_length=128,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Hãy nhập mật khẩu."},
    )


def _person_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Cán bộ, công chức của xã",
        queryset=Person.objects.none(),
        required=False,
        empty_label="— Không gắn với cán bộ nào —",
        help_text="Gắn tài khoản với hồ sơ cán bộ để người dùng đăng ký thi đua cho chính mình.",
        error_messages={"invalid_choice": "Cán bộ này không còn chọn được (đã có tài khoản hoặc đã nghỉ)."},
    )


def _people_without_account(commune, keep: Person | None = None):
    people = Person.objects.filter(commune=commune, is_active=True, user__isnull=True)
    if keep is not None:
        people = people | Person.objects.filter(pk=keep.pk)
    return people.select_related("unit").order_by("full_name", "id")


class AccountCreateForm(_PasswordPairMixin, SingleLineFormMixin, forms.Form):
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        help_text=USERNAME_HELP,
        validators=[UnicodeUsernameValidator(message=USERNAME_INVALID)],
        error_messages={"required": "Hãy nhập tên đăng nhập.", "max_length": "Tên đăng nhập dài tối đa 150 ký tự."},
    )
    full_name = forms.CharField(
        label="Họ và tên", max_length=150, error_messages={"required": "Hãy nhập họ và tên người dùng."}
    )
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        help_text="Để nhận thông báo qua thư (không bắt buộc).",
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: lan.vt@tanbinh.gov.vn."},
    )
    person = _person_field()
    roles = forms.MultipleChoiceField(
        label="Vai trò tại xã",
        choices=[(role, role) for role in COMMUNE_ROLES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Chọn ít nhất một vai trò cho tài khoản.",
            "invalid_choice": "Vai trò “%(value)s” không giao được ở xã.",
        },
    )
    password = _password_field("Mật khẩu ban đầu", help_text=PASSWORD_HELP)
    password_again = _password_field("Nhập lại mật khẩu ban đầu")

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people_without_account(commune)

    def clean_username(self):
        return self.cleaned_data["username"].strip()

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class AccountEditForm(SingleLineFormMixin, forms.Form):
    full_name = forms.CharField(
        label="Họ và tên", max_length=150, error_messages={"required": "Hãy nhập họ và tên người dùng."}
    )
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: lan.vt@tanbinh.gov.vn."},
    )
    person = _person_field()

    def __init__(self, *args, commune, current_person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people_without_account(commune, keep=current_person)

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(
        label="Giao thêm vai trò",
        choices=(),
        error_messages={
            "required": "Hãy chọn vai trò cần giao.",
            "invalid_choice": "Vai trò này không giao được ở xã (hoặc tài khoản đã có).",
        },
    )

    def __init__(self, *args, held=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "— Chọn vai trò —")] + [
            (role, role) for role in COMMUNE_ROLES if role not in held
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy ghi lý do; lý do được lưu vào nhật ký."},
    )


class OptionalReasonForm(SingleLineFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do (không bắt buộc)", required=False, max_length=2000)


class AccountPasswordResetForm(_PasswordPairMixin, SingleLineFormMixin, forms.Form):
    password = _password_field(
        "Mật khẩu tạm mới",
        required=False,
        help_text="Để trống để cổng tự sinh một mật khẩu tạm. Người dùng phải đổi mật khẩu ở lần đăng nhập tới.",
    )
    password_again = _password_field("Nhập lại mật khẩu tạm", required=False)
    reason = forms.CharField(
        label="Lý do",
        max_length=2000,
        error_messages={"required": "Hãy ghi lý do đặt lại mật khẩu (ví dụ: người dùng quên mật khẩu)."},
    )
