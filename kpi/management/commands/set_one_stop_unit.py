"""python manage.py set_one_stop_unit CODE --commune CODE [--name NAME]"""

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Commune
from kpi.models import OneStopUnit
from kpi.services import one_stop_unit_set
from tanbinh_portal.service_errors import ServiceError


class Command(BaseCommand):
    help = (
        "Gán mã đơn vị trên hệ thống một cửa (DonViId) cho một xã: các dòng của tệp chung nhiều xã mang mã này "
        "được nhập vào xã đó. Không có đối số: liệt kê các mã đã gán."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="Mã đơn vị (DonViId), như trong cột “Mã đơn vị” của tệp.")
        parser.add_argument("--commune", help="Mã xã (Commune.code) của đơn vị.")
        parser.add_argument("--name", default="", help="Tên đơn vị (tùy chọn).")

    def handle(self, *args, **options):
        if not options["code"]:
            for unit in OneStopUnit.objects.select_related("commune"):
                self.stdout.write(f"{unit.code}\t{unit.commune.code}\t{unit.commune.name}\t{unit.name}")
            return
        if not options["commune"]:
            raise CommandError("Hãy chỉ rõ xã của đơn vị: --commune MÃ_XÃ.")
        commune = Commune.objects.filter(code=options["commune"]).first()
        if commune is None:
            raise CommandError(f"Không có xã mã “{options['commune']}”.")
        try:
            unit = one_stop_unit_set(actor=None, code=options["code"], commune=commune, name=options["name"])
        except ServiceError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Đơn vị “{unit.code}” thuộc {commune.name}.")
