"""Create the self-signed demo signing certificate under var/signing/ when none is configured, and put
it on the demo's trust list (var/signing/trust/), explicitly: verification trusts nothing else.

Development only (the `demo` app, loaded with DEMO_DATA, default DEBUG): `make certificate` runs it
only then and otherwise says that a production server sets SIGNING_P12_PATH itself."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from documents.engine.signing import create_self_signed_p12, export_certificate_pem
from tanbinh_portal.env import env_str
from tanbinh_portal.scoping import all_communes

DEMO_TRUST_FILE = "demo-signing.pem"


class Command(BaseCommand):
    help = (
        "Tạo chứng thư số tự ký (thử nghiệm) trong var/signing/ nếu chưa cấu hình SIGNING_P12_PATH và đưa nó "
        "vào danh sách tin cậy của bản chạy thử (var/signing/trust/)."
    )

    def handle(self, *args, **options):
        # The demo builds every commune's rows: no commune scope (tanbinh_portal.scoping).
        with all_communes():
            return self._handle(*args, **options)

    def _handle(self, *args, **options):
        if env_str("SIGNING_P12_PATH"):
            self.stdout.write("Đã cấu hình SIGNING_P12_PATH: không tạo chứng thư thử nghiệm.")
            return
        if not settings.DEMO_DATA:
            self.stdout.write("DEBUG tắt: không tạo chứng thư thử nghiệm; hãy cấu hình SIGNING_P12_PATH.")
            return
        path = Path(settings.SIGNING_P12_PATH)
        secret = Path(settings.SIGNING_P12_PASSPHRASE_FILE)
        if not (path.is_file() and secret.is_file()):
            passphrase = secrets.token_urlsafe(18)
            secret.parent.mkdir(parents=True, exist_ok=True)
            secret.write_text(passphrase + "\n", encoding="utf-8")
            secret.chmod(0o600)
            create_self_signed_p12(path, passphrase.encode(), common_name="UBND xa Tan Binh - demo")
            self.stdout.write(f"Đã tạo chứng thư số thử nghiệm: {path}")
        self._trust_demo_certificate(path, secret)

    def _trust_demo_certificate(self, path: Path, secret: Path) -> None:
        demo_list = path.parent / "trust"
        if str(demo_list) not in settings.SIGNING_TRUST_ROOTS:
            self.stdout.write("SIGNING_TRUST_ROOTS đã được cấu hình: không thêm chứng thư thử nghiệm vào danh sách.")
            return
        target = demo_list / DEMO_TRUST_FILE
        passphrase = secret.read_text(encoding="utf-8").strip().encode()
        export_certificate_pem(path, passphrase, target)
        self.stdout.write(f"Chứng thư thử nghiệm nằm trong danh sách tin cậy của bản chạy thử: {target}")
