"""Bounds on what an import file may make the server hold, and files that are not what their name says."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from kpi.importer.rows import iter_file_rows
from kpi.models import Dossier, ImportStatus
from kpi.services import dossier_import_from_path
from tanbinh_portal.spreadsheets import SpreadsheetError, read_xlsx_rows
from tests.kpi.conftest import HEADERS, row


def only_reason(record) -> str:
    assert record.status == ImportStatus.REJECTED, record.message
    [error] = record.errors
    return error["reason"]


def import_bytes(tmp_path, officer, campaign, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    return dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)


def csv_text(*lines: str) -> bytes:
    return ("\r\n".join([",".join(HEADERS), *lines]) + "\r\n").encode()


def valid_line(code="HS1") -> str:
    return ",".join(row(code)[h] for h in HEADERS)


def test_a_csv_line_of_many_empty_fields_is_refused_before_it_is_split(tmp_path, officer, campaign, settings):
    settings.IMPORT_MAX_LINE_CHARS = 4096
    data = csv_text(valid_line("HS1"), valid_line("HS2") + "," * 10_000)
    reason = only_reason(import_bytes(tmp_path, officer, campaign, data, "wide.csv"))
    assert reason == "Dòng thứ 3 của tệp dài quá 4.096 ký tự: tệp không đúng mẫu nhập."
    assert not Dossier.objects.exists()


def test_a_line_exactly_at_the_limit_is_read(tmp_path, officer, campaign, settings):
    line = valid_line("HS1")
    line += "," * (2048 - len(line))
    settings.IMPORT_MAX_LINE_CHARS, settings.IMPORT_MAX_COLUMNS = len(line), 5000
    record = import_bytes(tmp_path, officer, campaign, csv_text(line), "edge.csv")
    assert record.status == ImportStatus.APPLIED, record.errors


def test_a_row_wider_than_the_column_limit_is_refused(tmp_path, officer, campaign, settings):
    settings.IMPORT_MAX_COLUMNS = 40
    data = csv_text(valid_line("HS1"), valid_line("HS2") + "," * 30)
    reason = only_reason(import_bytes(tmp_path, officer, campaign, data, "cols.csv"))
    assert reason.startswith("Dòng 3 có hơn 40 cột, quá giới hạn")
    assert not Dossier.objects.exists()


def test_a_header_wider_than_the_column_limit_is_refused(tmp_path, officer, campaign, settings):
    settings.IMPORT_MAX_COLUMNS = 20
    data = (",".join(HEADERS + [f"Thêm {i}" for i in range(10)]) + "\r\n" + valid_line()).encode()
    assert only_reason(import_bytes(tmp_path, officer, campaign, data, "h.csv")).startswith("Dòng 1 có hơn 20 cột")


def test_an_oversized_field_is_explained_in_vietnamese(tmp_path, officer, campaign):
    # An opening quote never closed: the csv module keeps reading lines into one field.
    data = csv_text(valid_line("HS1"), 'HS2,"' + "\r\n".join(["x" * 1000] * 1100))
    reason = only_reason(import_bytes(tmp_path, officer, campaign, data, "quote.csv"))
    assert reason == "Tệp CSV hỏng: có ô dài quá 1.048.576 ký tự (thường do thiếu dấu ngoặc kép đóng)."


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def shared_strings_xlsx(count: int, strings_part: str = "xl/sharedStrings.xml") -> bytes:
    """A minimal workbook as Excel writes it: the header and ``count`` rows, each a shared string."""
    strings = [*HEADERS, *(f"Ghi chú số {i}" for i in range(count))]
    header = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(len(HEADERS)))
    rows = f'<row r="1">{header}</row>' + "".join(
        f'<row r="{n + 2}"><c r="A{n + 2}" t="s"><v>{n + len(HEADERS)}</v></c></row>' for n in range(count)
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{MAIN}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{MAIN}.worksheet+xml"/>'
            f'<Override PartName="/{strings_part}" ContentType="{MAIN}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{REL}"><sheets><sheet name="Hồ sơ" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="/{strings_part}"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{rows}</sheetData></worksheet>"
        ),
        strings_part: (
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "".join(f"<si><t>{text}</t></si>" for text in strings)
            + "</sst>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def many_strings(count: int) -> bytes:
    return shared_strings_xlsx(count)


def test_an_xlsx_with_too_many_shared_strings_is_refused_before_it_is_loaded(settings):
    settings.SPREADSHEET_MAX_SHARED_STRINGS = 100
    with pytest.raises(SpreadsheetError, match=r"Tệp Excel có hơn 100 chuỗi văn bản, quá giới hạn xử lý"):
        next(read_xlsx_rows(io.BytesIO(many_strings(150))))
    assert next(read_xlsx_rows(io.BytesIO(many_strings(80))))[0] == HEADERS[0]


def test_an_xlsx_part_larger_than_its_bound_is_refused(settings):
    settings.SPREADSHEET_MAX_PART_BYTES = 16 * 1024
    with pytest.raises(SpreadsheetError, match=r"phần dữ liệu lớn quá giới hạn"):
        next(read_xlsx_rows(io.BytesIO(many_strings(2000))))


def test_a_worksheet_has_the_larger_bound_and_shared_strings_are_found_whatever_their_name(settings):
    settings.SPREADSHEET_MAX_PART_BYTES = 16 * 1024
    numbers = xlsx_bytes([[i, i + 1, i + 2] for i in range(2000)])  # a big sheet, few strings
    assert len(list(read_xlsx_rows(io.BytesIO(numbers)))) == 2001
    # The shared strings stored where a worksheet would be: still bounded as shared strings.
    disguised = shared_strings_xlsx(2000, strings_part="xl/worksheets/sheet9.xml")
    with pytest.raises(SpreadsheetError, match=r"phần dữ liệu lớn quá giới hạn"):
        next(read_xlsx_rows(io.BytesIO(disguised)))


def office_package(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


FOREIGN_FILES = [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "tài liệu PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97–2003 .xls"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ảnh PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "ảnh JPEG"),
    (b"\xef\xbb\xbf  <!DOCTYPE html><html><table>", "trang web HTML"),
    (b"<html xmlns:x='urn:schemas-microsoft-com:office:excel'>", "trang web HTML"),
    ("Mã hồ sơ\tTên thủ tục".encode("utf-16"), "UTF-16"),
    (office_package("word/document.xml"), "văn bản Word (.docx)"),
    (office_package("other.txt"), "tệp nén ZIP"),
]


@pytest.mark.parametrize(("data", "kind"), FOREIGN_FILES)
def test_a_file_that_is_not_a_spreadsheet_is_named_for_what_it_is(data, kind):
    with pytest.raises(SpreadsheetError) as caught:
        list(iter_file_rows(io.BytesIO(data)))
    assert kind in str(caught.value) and "UTF-8" not in str(caught.value).split("lưu thành")[0]


def test_a_pdf_renamed_xlsx_is_reported_as_a_pdf(tmp_path, officer, campaign):
    record = import_bytes(tmp_path, officer, campaign, b"%PDF-1.4\n" + b"\x00\xff" * 50, "so-ho-so.xlsx")
    assert only_reason(record).startswith("Tệp này thực chất là tài liệu PDF, không phải bảng tính CSV hay Excel")


def test_a_csv_in_a_legacy_vietnamese_encoding_still_says_to_save_as_utf8(tmp_path, officer, campaign):
    data = csv_text(valid_line()).replace(
        "Chứng thực bản sao".encode(), "Ch\xf4ng th\xf5c b\xe0n sao".encode("latin-1")
    )
    record = import_bytes(tmp_path, officer, campaign, data, "cp.csv")
    assert "không phải mã UTF-8" in only_reason(record)
