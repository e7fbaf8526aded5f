"""An administrator resets a user's password: a generated temporary one (printed once) or one from stdin.

The user's sessions end (the session hash follows the password) and a login throttle on the account is
lifted. The audit log records the reset, never the password.
"""

from __future__ import annotations

import sys

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tanbinh_portal.accounts import account_password_set, generated_password


class Command(BaseCommand):
    help = "Đặt lại mật khẩu của một tài khoản (mật khẩu tạm sinh ngẫu nhiên, hoặc đọc từ stdin)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập")
        parser.add_argument(
            "--password-stdin", action="store_true", help="đọc mật khẩu mới từ stdin thay vì sinh ngẫu nhiên"
        )
        parser.add_argument("--reason", default="", help="lý do, ghi vào nhật ký")

    def handle(self, *args, username: str, password_stdin: bool, reason: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        password = sys.stdin.readline().rstrip("\r\n") if password_stdin else generated_password()
        try:
            account_password_set(actor=None, user=user, password=password, reason=reason or "Quản trị viên đặt lại")
        except ValidationError as error:
            raise CommandError("Mật khẩu không dùng được: " + " ".join(error.messages)) from None
        self.stdout.write(f"Đã đặt lại mật khẩu của “{username}”; các phiên đăng nhập của tài khoản đã kết thúc.")
        if not password_stdin:
            self.stdout.write(f"Mật khẩu tạm (báo riêng cho người dùng, đề nghị đổi ngay): {password}")
