"""Django's password rules with their messages in Vietnamese (the stock catalogue leaves some in English)."""

from __future__ import annotations

from django.contrib.auth import password_validation as django_rules


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu có ít nhất {self.min_length} ký tự."


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu quá giống tên đăng nhập, họ tên hoặc thư điện tử (%(verbose_name)s); hãy chọn mật khẩu khác."

    def get_help_text(self) -> str:
        return "Mật khẩu không được giống tên đăng nhập, họ tên hoặc thư điện tử."


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác."

    def get_help_text(self) -> str:
        return "Mật khẩu không được là một mật khẩu phổ biến."


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số; hãy thêm chữ cái hoặc ký hiệu."

    def get_help_text(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."
