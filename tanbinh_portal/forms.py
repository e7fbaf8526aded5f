from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý mật khẩu phân biệt chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


class PortalPasswordChangeForm(PasswordChangeForm):
    """The user changes their own password; it never saves (the view calls the accounts service)."""

    error_messages = {
        # Messages, not passwords.
        "password_mismatch": "Hai lần nhập mật khẩu mới không khớp nhau; hãy nhập lại.",  # nosec B105
        "password_incorrect": "Mật khẩu hiện tại không đúng; hãy nhập lại.",  # nosec B105
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại"
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"
        self.fields["new_password2"].help_text = "Nhập lại đúng mật khẩu mới để xác nhận."


def _filter_date(label: str) -> forms.DateField:
    """An optional date filter: the browser's date picker, or typed as ngày/tháng/năm."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Ngày không hợp lệ: chọn ngày hoặc gõ theo dạng ngày/tháng/năm (31/12/2022)."},
    )


class AuditFilterForm(forms.Form):
    """The audit log's filters (GET). Anything unreadable is reported and ignored, never a 500."""

    nguoi = forms.TypedChoiceField(label="Người thực hiện", required=False, coerce=int, empty_value=None)
    loai = forms.ChoiceField(label="Loại đối tượng", required=False)
    tim = forms.CharField(label="Tên đối tượng", required=False, max_length=100)
    tu = _filter_date("Từ ngày")
    den = _filter_date("Đến ngày")

    def __init__(self, *args, actors=(), types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nguoi"].choices = [("", "Mọi người"), *actors]
        self.fields["loai"].choices = [("", "Mọi loại"), *types]

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            self.add_error("den", "“Đến ngày” phải sau hoặc bằng “Từ ngày”.")
        return data
