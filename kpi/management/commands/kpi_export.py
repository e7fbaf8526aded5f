"""python manage.py kpi_export --campaign SLUG --format json|xlsx [--output FILE]"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from kpi import indicators as ind
from kpi.periods import period_label
from kpi.selectors import SCOPE_LABELS, export_rows
from tanbinh_portal.scoping import all_communes, commune_scope
from tanbinh_portal.spreadsheets import Rate, Sheet, campaign_heading, write_xlsx

# The XLSX form: the same rows in the same order, headed in Vietnamese (docs/kpi.md maps them).
XLSX_HEADERS = ["Mã chỉ số", "Chỉ số", "Kỳ", "Phạm vi", "Tử số", "Mẫu số", "Giá trị"]


def xlsx_row(row: dict) -> list:
    """A JSON row as cells: the period and scope in words, a rate's value as a real percentage."""
    value = Rate(row["value"]) if ind.is_rate(row["indicator"]) else row["value"]
    return [
        row["indicator"],
        row["label"],
        period_label(row["period"]),
        SCOPE_LABELS[row["scope"]],
        row["numerator"],
        row["denominator"],
        value,
    ]


class Command(BaseCommand):
    help = "Xuất các chỉ số của toàn xã theo từng tháng và cả đợt thi đua (JSON hoặc Excel)."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="Tệp kết quả (mặc định: đầu ra chuẩn).")

    def handle(self, *args, **options):
        with all_communes():  # the operator names the campaign; its commune's scope from then on
            campaign = Campaign.objects.filter(slug=options["campaign"]).select_related("commune").first()
        if campaign is None:
            raise CommandError(f"Không có phong trào “{options['campaign']}”.")
        with commune_scope(campaign.commune_id):
            self._export(campaign, options)

    def _export(self, campaign, options):
        rows = export_rows(campaign)
        if options["format"] == "json":
            data = (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode()
        else:
            sheet = Sheet("Chỉ số", XLSX_HEADERS, [xlsx_row(row) for row in rows])
            data = write_xlsx([sheet], heading=campaign_heading(campaign, "Chỉ số cải cách hành chính toàn xã"))
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
