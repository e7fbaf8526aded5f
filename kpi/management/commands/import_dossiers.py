"""python manage.py import_dossiers FILE [--commune CODE] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Commune
from kpi.models import ImportStatus
from kpi.services import dossier_import_from_path
from tanbinh_portal.scoping import commune_scope


class Command(BaseCommand):
    help = "Nhập sổ theo dõi hồ sơ một cửa (CSV hoặc XLSX) theo mẫu trong docs/import-template.md."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commune", help="Mã xã; có thể bỏ qua khi cổng chỉ có một xã.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        if options["commune"]:
            commune = Commune.objects.filter(code=options["commune"]).first()
            if commune is None:
                raise CommandError(f"Không có xã mã “{options['commune']}”.")
        else:
            communes = list(Commune.objects.all()[:2])
            if len(communes) != 1:
                raise CommandError("Cổng có nhiều hơn một xã (hoặc chưa có xã): hãy chỉ rõ --commune.")
            commune = communes[0]
        with commune_scope(commune):
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
