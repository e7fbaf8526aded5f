"""Render every registered document of a campaign into a folder (and the district bundle)."""

from __future__ import annotations

import getpass
import io
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.bundle import BUNDLE_PDF, BundleError, bundle_size_warning
from documents.engine.signing import SigningError, pin_required
from documents.kinds import KindCode, bundle_kinds, document_kinds
from documents.kinds.district_bundle import assemble_bundle
from tanbinh_portal.scoping import all_communes, commune_scope


class Command(BaseCommand):
    help = "Tạo các văn bản PDF của một phong trào vào một thư mục; --sign ký số hồ sơ trình huyện."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, help="mã phong trào (slug)")
        parser.add_argument("--out", required=True, help="thư mục ghi tệp")
        parser.add_argument("--sign", action="store_true", help="ký số hồ sơ trình huyện (PAdES)")

    def handle(self, *args, campaign: str, out: str, sign: bool, **options):
        with all_communes():  # the operator names the campaign; its commune's scope from then on
            target = Campaign.objects.filter(slug=campaign).select_related("commune").first()
        if target is None:
            raise CommandError(f"Không có phong trào “{campaign}”.")
        with commune_scope(target.commune_id):
            self._render(target, out, sign)

    def _render(self, target, out: str, sign: bool):
        # A token's PIN is asked of the signer now, before the rendering, and kept only in this process.
        pin = getpass.getpass("Mã PIN của thiết bị ký số (không hiện khi gõ): ") if sign and pin_required() else None
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        built: dict[str, list[DocumentFile]] = {}
        for kind in document_kinds():
            if kind.code == KindCode.DISTRICT_BUNDLE:
                continue
            if not kind.available(target):
                self.stdout.write(f"bỏ qua {kind.code}: chưa đủ dữ liệu")
                continue
            built[kind.code] = kind.build(target, sign=False)
            for item in built[kind.code]:
                self._write(folder, item.path, item.content)
        self._bundle(target, folder, built, sign, pin)

    def _bundle(self, campaign: Campaign, folder: Path, built: dict, sign: bool, pin: str | None) -> None:
        if not any(kind.code in built for kind in bundle_kinds() if kind.code != KindCode.PLAN):
            self.stdout.write("bỏ qua ho-so-trinh-huyen: chưa có văn bản nào thuộc hồ sơ trình huyện")
            return
        try:
            bundle = assemble_bundle(campaign, built, sign=sign, pin=pin)
        except (BundleError, SigningError) as error:
            raise CommandError(str(error)) from error
        self._write(folder, bundle.path, bundle.content)
        warning = bundle_size_warning(len(bundle.content))
        if warning:
            self.stderr.write(warning)
        with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
            self._write(folder, BUNDLE_PDF, archive.read(BUNDLE_PDF))

    def _write(self, folder: Path, relative: str, content: bytes) -> None:
        path = folder / relative
        if folder.resolve() not in path.resolve().parents:
            raise CommandError(f"Đường dẫn tệp không hợp lệ: {relative}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.stdout.write(f"đã ghi {path} ({len(content):,} byte)")
