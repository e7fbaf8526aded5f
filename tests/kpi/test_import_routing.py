"""A province's one-stop file for many communes: each row goes to the commune of its "Mã đơn vị"
(DonViId), all or nothing per file; unknown units and other communes' rows are named row by row; a
commune's own file, with or without the column, imports as it always did."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kpi.importer.columns import ALL_COLUMNS, COLUMNS
from kpi.importer.routing import MISSING_COLUMN_REASON, MISSING_REASON, other_commune_reason, unknown_reason
from kpi.models import Dossier, DossierImport, ImportStatus, IndicatorValue, OneStopUnit
from kpi.services import dossier_import_from_path, imports, one_stop_unit_set
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tests.factories import CommuneFactory, launched_campaign
from tests.kpi.conftest import row, write_csv

ROUTED = [c.header for c in ALL_COLUMNS]
UNIT = "Mã đơn vị"


@pytest.fixture
def other(db):
    """A second commune with its own launched 2022 campaign."""
    commune = CommuneFactory(code="hoa-hiep", name="Hòa Hiệp")
    return launched_campaign(commune=commune, slug="hoa-hiep-cchc-2022")


@pytest.fixture
def units(campaign, other):
    one_stop_unit_set(actor=None, code="000.00.35.h59", commune=campaign.commune, name="UBND xã Tân Bình")
    one_stop_unit_set(actor=None, code="000.00.36.H59", commune=other.commune, name="UBND xã Hòa Hiệp")
    return {"tan-binh": "000.00.35.H59", "hoa-hiep": "000.00.36.H59"}


@pytest.fixture
def recomputed(monkeypatch):
    seen: list[str] = []
    real = imports.indicators_recompute

    def recompute(*, campaign):
        seen.append(campaign.slug)
        return real(campaign=campaign)

    monkeypatch.setattr(imports, "indicators_recompute", recompute)
    return seen


def _import(tmp_path, rows, *, commune, headers=ROUTED, name="tinh.csv", actor=None):
    path = write_csv(tmp_path / name, rows, headers)
    return dossier_import_from_path(actor=actor, commune=commune, path=path, dry_run=False)


def test_a_province_file_goes_to_each_rows_commune_and_recomputes_each(tmp_path, campaign, other, units, recomputed):
    rows = [
        row("HS1", **{UNIT: units["tan-binh"]}),
        row("HS2", **{UNIT: units["hoa-hiep"]}),
        row("HS1", **{UNIT: units["hoa-hiep"].lower()}),  # the same Mã hồ sơ in another commune is another dossier
    ]
    record = _import(tmp_path, rows, commune=None)
    assert record.status == ImportStatus.APPLIED, record.errors
    assert record.commune is None and (record.rows_read, record.rows_added) == (3, 3)
    stored = sorted(Dossier.objects.values_list("commune__code", "code"))
    assert stored == [("hoa-hiep", "HS1"), ("hoa-hiep", "HS2"), ("tan-binh", "HS1")]
    assert "Theo xã — Tân Bình: thêm 1, cập nhật 0, không đổi 0; Hòa Hiệp: thêm 2" in record.message
    assert sorted(recomputed) == sorted([campaign.slug, other.slug])
    assert IndicatorValue.objects.filter(campaign=other).exists()
    event = AuditEvent.objects.get(action="kpi.import_applied", object_id=str(record.pk))
    assert event.changes["communes"] == {"Tân Bình": [1, 0, 0], "Hòa Hiệp": [2, 0, 0]}
    # The same file again: nothing changes anywhere.
    again = _import(tmp_path, rows, commune=None, name="tinh-lan-2.csv")
    assert again.status == ImportStatus.UNCHANGED and again.rows_unchanged == 3
    assert again.message.startswith("Không có thay đổi")


def test_unknown_units_are_named_row_by_row_and_nothing_is_written(tmp_path, campaign, other, units):
    rows = [
        row("HS1", **{UNIT: units["tan-binh"]}),
        row("HS2", **{UNIT: "000.00.99.H59"}),
        row("HS3", **{UNIT: ""}),
    ]
    record = _import(tmp_path, rows, commune=None)
    assert record.status == ImportStatus.REJECTED and record.rows_rejected == 2
    assert record.errors == [
        {"row": 3, "column": UNIT, "value": "000.00.99.H59", "reason": unknown_reason("000.00.99.H59")},
        {"row": 4, "column": UNIT, "value": "", "reason": MISSING_REASON},
    ]
    assert not Dossier.objects.exists()


def test_a_row_error_and_an_unknown_unit_on_one_row_are_both_reported(tmp_path, campaign, units):
    rows = [row("HS1", **{UNIT: "KHONG-CO", "Kênh nộp": "9"})]
    record = _import(tmp_path, rows, commune=None)
    assert [(e["row"], e["column"]) for e in record.errors] == [(2, "Kênh nộp"), (2, UNIT)]


def test_a_commune_imports_only_its_own_rows(tmp_path, campaign, other, units):
    rows = [row("HS1", **{UNIT: units["tan-binh"]}), row("HS2", **{UNIT: units["hoa-hiep"]})]
    record = _import(tmp_path, rows, commune=campaign.commune)
    assert record.status == ImportStatus.REJECTED
    reason = other_commune_reason(units["hoa-hiep"], "Hòa Hiệp", "Tân Bình")
    assert record.errors == [{"row": 3, "column": UNIT, "value": units["hoa-hiep"], "reason": reason}]
    assert not Dossier.objects.exists()
    # Its own rows, with its code or none, import for it.
    own = [row("HS1", **{UNIT: units["tan-binh"]}), row("HS3")]
    record = _import(tmp_path, own, commune=campaign.commune, name="xa.csv")
    assert record.status == ImportStatus.APPLIED and record.rows_added == 2
    assert set(Dossier.objects.values_list("commune_id", flat=True)) == {campaign.commune_id}
    assert "Theo xã" not in record.message


def test_a_code_twice_for_one_commune_is_a_duplicate_but_not_across_communes(tmp_path, campaign, other, units):
    rows = [
        row("HS1", **{UNIT: units["tan-binh"]}),
        row("HS1", **{UNIT: units["hoa-hiep"]}),
        row("HS1", **{UNIT: units["tan-binh"]}),
    ]
    record = _import(tmp_path, rows, commune=None)
    assert record.status == ImportStatus.REJECTED
    assert record.errors == [
        {"row": 4, "column": "Mã hồ sơ", "value": "HS1", "reason": "Mã hồ sơ trùng với dòng 2 của cùng tệp."}
    ]


def test_a_province_import_needs_the_unit_column(tmp_path, campaign, units):
    record = _import(tmp_path, [row("HS1")], commune=None, headers=[c.header for c in COLUMNS])
    assert record.status == ImportStatus.REJECTED
    assert record.errors == [{"row": 1, "column": UNIT, "value": "", "reason": MISSING_COLUMN_REASON}]


def test_a_commune_file_without_the_column_imports_as_before(tmp_path, campaign, other, units):
    headers = [c.header for c in COLUMNS]
    record = _import(tmp_path, [row("HS1"), row("HS2")], commune=campaign.commune, headers=headers)
    assert record.status == ImportStatus.APPLIED
    assert record.message == "Đã nhập 2 dòng: thêm 2, cập nhật 0, không đổi 0."
    assert list(Dossier.objects.values_list("commune_id", flat=True)) == [campaign.commune_id] * 2


def test_an_update_through_the_province_file_counts_per_commune(tmp_path, campaign, other, units):
    _import(tmp_path, [row("HS1", **{UNIT: units["tan-binh"]})], commune=None)
    rows = [
        row("HS1", **{UNIT: units["tan-binh"], "Cán bộ xử lý": "Đỗ Văn Khánh"}),
        row("HS9", **{UNIT: units["hoa-hiep"]}),
    ]
    record = _import(tmp_path, rows, commune=None, name="tinh-2.csv")
    assert (record.rows_added, record.rows_updated, record.rows_unchanged) == (1, 1, 0)
    assert Dossier.objects.get(commune=campaign.commune, code="HS1").handler == "Đỗ Văn Khánh"


def test_the_command_routes_a_province_file_without_commune(tmp_path, campaign, other, units, capsys):
    path = write_csv(tmp_path / "tinh.csv", [row("HS1", **{UNIT: units["hoa-hiep"]})], ROUTED)
    call_command("import_dossiers", str(path))
    assert Dossier.objects.get().commune == other.commune
    assert DossierImport.objects.get().commune is None
    plain = write_csv(tmp_path / "xa.csv", [row("HS2")], [c.header for c in COLUMNS])
    with pytest.raises(CommandError, match="hãy chỉ rõ --commune"):
        call_command("import_dossiers", str(plain))


def test_the_command_with_commune_refuses_other_communes_rows(tmp_path, campaign, other, units):
    path = write_csv(tmp_path / "tinh.csv", [row("HS1", **{UNIT: units["hoa-hiep"]})], ROUTED)
    with pytest.raises(CommandError, match="Tệp bị từ chối"):
        call_command("import_dossiers", str(path), "--commune", campaign.commune.code)
    assert not Dossier.objects.exists()


def test_units_are_set_by_the_service_audited_once_and_never_by_a_commune_role(campaign, other, officer):
    unit = one_stop_unit_set(actor=None, code=" h59.35 ", commune=campaign.commune)
    assert unit.code == "H59.35"
    one_stop_unit_set(actor=None, code="H59.35", commune=campaign.commune)  # the same: nothing to record
    assert AuditEvent.objects.filter(action="kpi.one_stop_unit_set").count() == 1
    one_stop_unit_set(actor=None, code="H59.35", commune=other.commune, name="Hòa Hiệp")
    assert OneStopUnit.objects.get().commune == other.commune
    assert AuditEvent.objects.filter(action="kpi.one_stop_unit_set").count() == 2
    with pytest.raises(NotPermitted):
        one_stop_unit_set(actor=officer, code="H59.40", commune=campaign.commune)
    with pytest.raises(ServiceError, match="không được để trống"):
        one_stop_unit_set(actor=None, code="  ", commune=campaign.commune)
    admin = User.objects.create_superuser("sieuquantri", password="x")  # noqa: S106
    assert one_stop_unit_set(actor=admin, code="H59.40", commune=campaign.commune).commune == campaign.commune


def test_the_set_command_assigns_and_lists(campaign, capsys):
    call_command("set_one_stop_unit", "000.00.35.H59", "--commune", campaign.commune.code, "--name", "UBND xã")
    call_command("set_one_stop_unit")
    out = capsys.readouterr().out
    assert "000.00.35.H59\ttan-binh" in out
    with pytest.raises(CommandError, match="Không có xã"):
        call_command("set_one_stop_unit", "X", "--commune", "khong-co")


def test_an_upload_carrying_another_communes_rows_is_refused_with_the_reason_on_the_page(
    tmp_path, campaign, other, units, client_as, django_capture_on_commit_callbacks
):
    rows = [row("A", **{UNIT: units["tan-binh"]}), row("B", **{UNIT: units["hoa-hiep"]})]
    data = write_csv(tmp_path / "tinh.csv", rows, ROUTED).read_bytes()
    client = client_as("vanphong")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("kpi:import-list"), {"commune": campaign.commune.pk, "file": SimpleUploadedFile("tinh.csv", data)}
        )
    record = DossierImport.objects.get()
    assert record.status == ImportStatus.REJECTED and not Dossier.objects.exists()
    html = client.get(response["Location"]).content.decode()
    assert "mỗi xã chỉ nhập hồ sơ của xã mình" in html and "Hòa Hiệp" in html
