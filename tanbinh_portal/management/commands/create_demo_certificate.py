"""Create the self-signed demo signing certificate under var/signing/ when none is configured."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from tanbinh_portal.env import env_str
from tanbinh_portal.signing import create_self_signed_p12


class Command(BaseCommand):
    help = "Tạo chứng thư số tự ký (thử nghiệm) trong var/signing/ nếu chưa cấu hình SIGNING_P12_PATH."

    def handle(self, *args, **options):
        if env_str("SIGNING_P12_PATH"):
            self.stdout.write("Đã cấu hình SIGNING_P12_PATH: không tạo chứng thư thử nghiệm.")
            return
        if not settings.DEBUG:
            self.stdout.write("DEBUG tắt: không tạo chứng thư thử nghiệm; hãy cấu hình SIGNING_P12_PATH.")
            return
        path = Path(settings.SIGNING_P12_PATH)
        secret = Path(settings.SIGNING_P12_PASSPHRASE_FILE)
        if path.is_file() and secret.is_file():
            return
        passphrase = secrets.token_urlsafe(18)
        secret.parent.mkdir(parents=True, exist_ok=True)
        secret.write_text(passphrase + "\n", encoding="utf-8")
        secret.chmod(0o600)
        create_self_signed_p12(path, passphrase.encode(), common_name="UBND xa Tan Binh - demo")
        self.stdout.write(f"Đã tạo chứng thư số thử nghiệm: {path}")
