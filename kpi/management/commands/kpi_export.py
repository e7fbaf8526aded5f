"""python manage.py kpi_export --campaign SLUG --format json|xlsx [--output FILE]"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from kpi.selectors import export_rows
from tanbinh_portal.spreadsheets import write_xlsx

COLUMNS = ["indicator", "label", "period", "scope", "numerator", "denominator", "value"]


class Command(BaseCommand):
    help = "Xuất các chỉ số của toàn xã theo từng tháng và cả đợt thi đua (JSON hoặc Excel)."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="Tệp kết quả (mặc định: đầu ra chuẩn).")

    def handle(self, *args, **options):
        campaign = Campaign.objects.filter(slug=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"Không có phong trào “{options['campaign']}”.")
        rows = export_rows(campaign)
        if options["format"] == "json":
            data = (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode()
        else:
            data = write_xlsx([("Chỉ số", COLUMNS, [[row[c] for c in COLUMNS] for row in rows])])
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
