"""python manage.py import_dossiers FILE [--commune CODE] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Commune
from kpi.importer.rows import header_keys
from kpi.models import ImportStatus
from kpi.services import dossier_import_from_path
from tanbinh_portal.scoping import all_communes, commune_scope


class Command(BaseCommand):
    help = (
        "Nhập sổ theo dõi hồ sơ một cửa (CSV hoặc XLSX) theo mẫu trong docs/import-template.md. "
        "Tệp chung của nhiều xã (có cột “Mã đơn vị”/DonViId) được chia về từng xã theo mã đơn vị."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--commune",
            help="Mã xã: chỉ nhập hồ sơ của xã này. Bỏ qua khi cổng chỉ có một xã, hoặc khi tệp là tệp chung "
            "của nhiều xã có cột “Mã đơn vị” (mỗi dòng về xã của đơn vị đó).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        commune = self._commune(options["commune"], path)
        # A province file (commune None) routes rows to every commune it names: the operator's import.
        with commune_scope(commune) if commune is not None else all_communes():
            record = dossier_import_from_path(actor=None, commune=commune, path=path, dry_run=options["dry_run"])
        if record.status == ImportStatus.REJECTED:
            for error in record.errors:
                row = error["row"] if error["row"] is not None else "-"
                self.stderr.write(f"Dòng {row} | {error['column']} | {error['value']} | {error['reason']}")
            if record.error_count > len(record.errors):
                self.stderr.write(f"… và {record.error_count - len(record.errors)} lỗi khác.")
            raise CommandError(record.message)
        self.stdout.write(record.message)
        self.stdout.write(f"SHA-256 {record.sha256}; {record.duration_ms / 1000:.1f} giây.")

    @staticmethod
    def _commune(code: str | None, path: Path) -> Commune | None:
        """The commune named, the portal's only one, or None for a province file routed by unit code."""
        if code:
            commune = Commune.objects.filter(code=code).first()
            if commune is None:
                raise CommandError(f"Không có xã mã “{code}”.")
            return commune
        communes = list(Commune.objects.all()[:2])
        if len(communes) == 1:
            return communes[0]
        with open(path, "rb") as stream:
            routed = "unit_code" in header_keys(stream)
        if communes and routed:
            return None
        raise CommandError(
            "Cổng có nhiều hơn một xã (hoặc chưa có xã): hãy chỉ rõ --commune, "
            "hoặc dùng tệp chung có cột “Mã đơn vị” (DonViId) để chia hồ sơ về từng xã."
        )
