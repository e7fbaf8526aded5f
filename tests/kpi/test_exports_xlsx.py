"""KPI workbooks read back: the same numbers as the JSON and the pages, typed so Excel can use them."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management import call_command
from django.urls import reverse

from tests.kpi.conftest import row
from tests.xlsx import read_table


def test_kpi_export_xlsx_has_the_json_rows_with_rates_as_real_percentages(import_rows, campaign, tmp_path, capsys):
    import_rows([row("HS1"), row("HS2", **{"Ngày có kết quả": "12/03/2022 10:00"})])
    out = tmp_path / "kpi.xlsx"
    call_command("kpi_export", "--campaign", campaign.slug, "--format", "xlsx", "--output", str(out))
    call_command("kpi_export", "--campaign", campaign.slug, "--format", "json", "--output", str(tmp_path / "k.json"))
    rows = json.loads((tmp_path / "k.json").read_text())
    table = read_table(out.read_bytes())
    assert len(table.rows) == len(rows)
    assert table.title[1].startswith("Chỉ số cải cách hành chính toàn xã – ")
    assert table.title[2] == f"Kỳ: {campaign.start_date:%d/%m/%Y} – 31/12/2022"
    index = next(i for i, r in enumerate(rows) if r["indicator"] == "on_time_rate" and r["period"] == "2022-03")
    assert rows[index]["value"] == 50.0
    cells = table.sheet[table.header_row + 1 + index]
    assert [c.value for c in cells] == ["on_time_rate", rows[index]["label"], "Tháng 03/2022", "Toàn xã", 1, 2, 0.5]
    assert cells[6].number_format == "0.00%"
    received = next(i for i, r in enumerate(rows) if r["indicator"] == "received" and r["period"] == "campaign")
    cells = table.sheet[table.header_row + 1 + received]
    assert cells[2].value == "Cả đợt thi đua" and cells[6].value == 2 and cells[6].number_format == "#,##0"


def test_dashboard_export_shows_rates_as_percentages_under_title_rows(import_rows, campaign, client_as):
    import_rows([row("HS1"), row("HS2", **{"Ngày có kết quả": "12/03/2022 10:00"})])
    content = client_as("chutich").get(reverse("kpi:dashboard-export", args=[campaign.slug])).content
    table = read_table(content, "Chỉ số theo tháng")
    assert table.title[0] == "UBND XÃ TÂN BÌNH" and table.title[1].startswith("Bảng chỉ số cải cách hành chính")
    march = table.headers.index("Tháng 03/2022")
    on_time = next(r for r in table.rows if r[0] == "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn")
    assert on_time[march] == 0.5
    line = next(i for i, r in enumerate(table.rows) if r[0] == "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn")
    assert table.sheet.cell(table.header_row + 1 + line, march + 1).number_format == "0.00%"
    assert table.sheet.freeze_panes == f"A{table.header_row + 1}"


def test_drilldown_export_has_real_dates_in_local_time(import_rows, campaign, client_as):
    import_rows([row("HS1")])
    url = reverse("kpi:drilldown", args=[campaign.slug]) + "?indicator=received&period=campaign&format=xlsx"
    table = read_table(client_as("vanphong").get(url).content)
    first = table.rows[0]
    received, due, result = (table.headers.index(h) for h in ("Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết quả"))
    assert first[0] == "HS1" and first[received] == dt.datetime(2022, 3, 3, 8, 0)
    assert isinstance(first[due], dt.datetime) and first[result] == dt.datetime(2022, 3, 8)
    cell = table.sheet.cell(table.header_row + 1, received + 1)
    assert cell.number_format == "dd/mm/yyyy hh:mm"
    assert table.title[2] == "Kỳ: Cả đợt thi đua"


def test_error_report_echoes_values_without_a_visible_apostrophe(import_rows, client_as):
    record = import_rows([row("A", **{"Số lần bổ sung": "-2"}), row("B", **{"Kênh nộp": "+3"})])
    table = read_table(client_as("vanphong").get(reverse("kpi:import-errors", args=[record.pk])).content)
    values = {r[2] for r in table.rows}
    assert {"-2", "+3"} <= values and not any(str(v).startswith("'") for v in values)
    assert table.title[1].startswith("Báo cáo lỗi nhập sổ theo dõi hồ sơ")
    quoted = [table.sheet.cell(table.header_row + 1 + i, 3) for i, r in enumerate(table.rows) if r[2] in {"-2", "+3"}]
    assert quoted and all(cell.quotePrefix for cell in quoted)
