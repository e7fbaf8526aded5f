"""Verify a district bundle (ZIP) or a signed PDF: signature and manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.engine.bundle import BundleError
from documents.verification import verification_lines, verify_upload


class Command(BaseCommand):
    help = "Kiểm tra chữ ký số và manifest của hồ sơ trình huyện (.zip) hoặc chữ ký số của một tệp .pdf."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp .zip hoặc .pdf")

    def handle(self, *args, path: str, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Không có tệp {file}.")
        try:
            with file.open("rb") as stream:
                result = verify_upload(file.name, stream)
        except BundleError as error:
            raise CommandError(f"Hồ sơ KHÔNG hợp lệ: {error}") from error
        for line in verification_lines(result):
            self.stdout.write(line)
        if not result.ok:
            raise CommandError("Hồ sơ KHÔNG hợp lệ.")
        self.stdout.write(self.style.SUCCESS("Hồ sơ hợp lệ: chữ ký số còn nguyên vẹn, mọi tệp khớp manifest."))
