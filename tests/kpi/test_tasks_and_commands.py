import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kpi import tasks
from kpi.models import Dossier, DossierImport, ImportStatus, IndicatorValue
from kpi.services import dossier_import_create
from tests.kpi.conftest import row, write_csv


def snapshot():
    return list(
        IndicatorValue.objects.order_by("pk").values_list(
            "pk",
            "indicator",
            "period",
            "scope",
            "scope_key",
            "numerator",
            "denominator",
            "value",
            "fingerprint",
            "computed_at",
        )
    )


def test_recompute_task_twice_leaves_identical_rows(import_rows, campaign):
    import_rows([row("HS1"), row("HS2", **{"Lĩnh vực": "Hộ tịch"})])
    tasks.recompute_campaign(campaign.pk)
    first = snapshot()
    tasks.recompute_campaign(campaign.pk)
    assert snapshot() == first
    assert tasks.recompute_all() == 1
    assert snapshot() == first


def test_recompute_updates_only_values_whose_inputs_changed(import_rows, campaign):
    import_rows([row("HS1")])
    before = {r[1:5]: r for r in snapshot()}
    import_rows([row("HS1", **{"Ngày có kết quả": "15/03/2022"})])
    after = {r[1:5]: r for r in snapshot()}
    assert after[("on_time_rate", "2022-03", "commune", "")][5:7] == (0, 1)
    assert after[("received", "2022-03", "commune", "")][-1] != before[("received", "2022-03", "commune", "")][-1]


def test_import_task_runs_once_even_when_delivered_twice(
    tmp_path, campaign, officer, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = write_csv(tmp_path / "so.csv", [row("HS1")])
    upload = SimpleUploadedFile("so.csv", path.read_bytes(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        record = dossier_import_create(actor=officer, commune=campaign.commune, upload=upload, dry_run=False)
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert tasks.run_dossier_import(record.pk) == ImportStatus.APPLIED  # second delivery: nothing happens
    assert DossierImport.objects.count() == 1 and Dossier.objects.count() == 1
    assert IndicatorValue.objects.filter(indicator="received", period="2022-03", scope="commune").get().numerator == 1


def test_import_command_prints_the_summary(tmp_path, world, capsys):
    path = write_csv(tmp_path / "so.csv", [row("HS1"), row("HS2")])
    call_command("import_dossiers", str(path), "--dry-run")
    assert "Chạy thử" in capsys.readouterr().out and not Dossier.objects.exists()
    call_command("import_dossiers", str(path), "--commune", world["campaign"].commune.code)
    assert "thêm 2" in capsys.readouterr().out


def test_import_command_exits_non_zero_with_row_errors(tmp_path, world, capsys):
    path = write_csv(tmp_path / "so.csv", [row("HS1", **{"Kênh nộp": "9"})])
    with pytest.raises(CommandError, match="từ chối"):
        call_command("import_dossiers", str(path))
    assert "Dòng 2 | Kênh nộp | 9 |" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("import_dossiers", str(path), "--commune", "khong-co")


def test_kpi_export_json_has_every_indicator_month_and_campaign(import_rows, campaign, capsysbinary):
    import_rows([row("HS1"), row("HS2", **{"Ngày có kết quả": "15/03/2022"})])
    call_command("kpi_export", "--campaign", campaign.slug, "--format", "json")
    rows = json.loads(capsysbinary.readouterr().out.decode())
    periods = {r["period"] for r in rows}
    assert periods == {f"2022-{m:02d}" for m in range(1, 13)} | {"campaign"}
    assert {"received", "on_time_rate", "dissatisfaction_rate", "pending_overdue"} <= {r["indicator"] for r in rows}
    assert all(set(r) == {"indicator", "label", "period", "scope", "numerator", "denominator", "value"} for r in rows)
    on_time = next(r for r in rows if r["indicator"] == "on_time_rate" and r["period"] == "2022-03")
    assert on_time == {
        "indicator": "on_time_rate",
        "label": "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn",
        "period": "2022-03",
        "scope": "commune",
        "numerator": 1,
        "denominator": 2,
        "value": 50.0,
    }


def test_kpi_export_xlsx_writes_a_workbook(import_rows, campaign, tmp_path):
    from tests.xlsx import read_table

    import_rows([row("HS1")])
    out = tmp_path / "kpi.xlsx"
    call_command("kpi_export", "--campaign", campaign.slug, "--format", "xlsx", "--output", str(out))
    table = read_table(out.read_bytes())
    assert table.headers == ["Mã chỉ số", "Chỉ số", "Kỳ", "Phạm vi", "Tử số", "Mẫu số", "Giá trị"]
    assert table.title[0] == "UBND XÃ TÂN BÌNH"
    with pytest.raises(CommandError):
        call_command("kpi_export", "--campaign", "khong-co")
