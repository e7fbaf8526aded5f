"""calamine must give the values openpyxl's read-only reader gives, or leave the file to openpyxl."""

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from tanbinh_portal import spreadsheets
from tanbinh_portal.spreadsheets import read_xlsx_rows, read_xlsx_rows_fast


@pytest.fixture
def calamine_used(monkeypatch):
    """Counts the files calamine read to the end (not left to openpyxl)."""
    real, used = spreadsheets._calamine_rows, []

    def spy(stream, *args):
        rows = real(stream, *args)
        used.append(rows is not None)
        return rows

    monkeypatch.setattr(spreadsheets, "_calamine_rows", spy)
    return used


def same_values(stream) -> tuple[list, list]:
    """Both readers' rows, with openpyxl's trailing empty cells and calamine's padding made alike."""

    def trimmed(rows):
        out = [list(r) for r in rows]
        width = max((len(r) for r in out), default=0)
        return [r + [None] * (width - len(r)) for r in out]

    stream.seek(0)
    slow = trimmed(read_xlsx_rows(stream))
    stream.seek(0)
    quick = trimmed(read_xlsx_rows_fast(stream))
    return slow, quick


def workbook_bytes(fill, epoch=None) -> io.BytesIO:
    workbook = Workbook()
    if epoch is not None:
        workbook.epoch = epoch
    fill(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def typical_cells(sheet) -> None:
    """The cells one-stop logs hold, as Excel and LibreOffice store them, from row 2 and column B."""
    sheet["B2"] = "Mã hồ sơ"
    sheet["C2"] = "Ngày tiếp nhận"
    sheet["D2"] = "Số"
    rows = [
        ["HS 1", dt.datetime(2022, 3, 3, 8, 0), 1],
        ["  Chứng  thực ", dt.datetime(2022, 3, 3), 2.5],
        ["Chu\u0302\u0301ng thực", dt.date(2022, 3, 10), True],
        [12345, dt.datetime(2022, 3, 3, 23, 59, 59), False],
        [None, None, None],
        ["A_B", dt.datetime(1904, 1, 2), 12345678901234567],
        ["=1+1", dt.datetime(1904, 3, 1, 12, 0), -0.0],
        ["dòng\nhai", dt.datetime(2099, 12, 31, 23, 59), 1e-7],
        ["x", dt.datetime(2022, 2, 28, 0, 0, 1), 44623.5],
        ["", "03/03/2022 08:00", "2"],
    ]
    for offset, values in enumerate(rows, start=3):
        for column, value in zip("BCD", values, strict=True):
            sheet[f"{column}{offset}"] = value
    sheet["C8"].number_format = "dd/mm/yyyy"
    sheet["F20"] = "far away"


@pytest.mark.parametrize("epoch", [None, openpyxl.utils.datetime.CALENDAR_MAC_1904], ids=["1900", "1904"])
def test_calamine_gives_openpyxls_values_for_typical_cells(epoch, calamine_used):
    slow, quick = same_values(workbook_bytes(typical_cells, epoch))
    assert calamine_used == [True]
    assert quick == slow
    assert slow[2][1:4] == ["HS 1", dt.datetime(2022, 3, 3, 8, 0), 1]


def test_whole_second_date_times_of_a_whole_year_agree(calamine_used):
    def fill(sheet):
        moment = dt.datetime(2021, 12, 15, 7, 0, 0)
        for number in range(1, 4001):
            sheet.cell(row=number, column=1, value=moment)
            sheet.cell(row=number, column=2, value=moment.date())
            moment += dt.timedelta(hours=2, minutes=11, seconds=7)

    slow, quick = same_values(workbook_bytes(fill))
    assert calamine_used == [True]
    assert quick == slow


@pytest.mark.parametrize("text", ["A_x000D_B", "_x0041_"])
def test_an_escaped_character_in_a_string_leaves_the_file_to_openpyxl(text, calamine_used):
    def fill(sheet):
        sheet["A1"], sheet["A2"] = "Mã hồ sơ", text

    slow, quick = same_values(workbook_bytes(fill))
    assert calamine_used == [] and quick == slow and slow[1] == [text]


@pytest.mark.parametrize(
    "value", [dt.time(8, 30), dt.timedelta(hours=30), dt.datetime(1900, 1, 1)], ids=["time", "duration", "1900"]
)
def test_times_durations_and_dates_before_a_1904_epoch_leave_the_file_to_openpyxl(value, calamine_used):
    def fill(sheet):
        sheet["A1"], sheet["A2"] = "Ngày tiếp nhận", value

    stream = workbook_bytes(fill, openpyxl.utils.datetime.CALENDAR_MAC_1904)
    slow, quick = same_values(stream)
    assert calamine_used == [False] and quick == slow


def test_dates_around_1900s_missing_leap_day_agree(calamine_used):
    def fill(sheet):
        for number, day in enumerate([(1900, 1, 1), (1900, 2, 28), (1900, 3, 1), (1900, 3, 2)], start=1):
            sheet.cell(row=number, column=1, value=dt.datetime(*day, 12, 0))

    slow, quick = same_values(workbook_bytes(fill))
    assert calamine_used == [True] and quick == slow


def test_a_sheet_with_error_cells_is_read_by_openpyxl(monkeypatch):
    def fill(sheet):
        sheet["A1"], sheet["A2"], sheet["B2"] = "Mã hồ sơ", "HS1", "#N/A"

    calls = []
    monkeypatch.setattr(spreadsheets, "_calamine_rows", lambda stream, *args: calls.append(1))
    slow, quick = same_values(workbook_bytes(fill))
    assert quick == slow and slow[1] == ["HS1", "#N/A"] and calls == []


def test_a_fraction_of_a_second_leaves_the_file_to_openpyxl():
    def fill(sheet):
        sheet["A1"] = dt.datetime(2022, 3, 3, 8, 0, 0, 500)  # calamine and openpyxl round this apart
        sheet["A2"] = dt.datetime(2022, 3, 3, 8, 0, 1, 250000)

    stream = workbook_bytes(fill)
    assert spreadsheets._calamine_rows(stream) is None
    slow, quick = same_values(stream)
    assert quick == slow


def test_a_sheet_too_large_for_memory_is_streamed_by_openpyxl(monkeypatch):
    monkeypatch.setattr(spreadsheets, "CALAMINE_MAX_SHEET_BYTES", 100)
    monkeypatch.setattr(spreadsheets, "_calamine_rows", lambda stream, *args: pytest.fail("calamine used"))
    slow, quick = same_values(workbook_bytes(typical_cells))
    assert quick == slow


def test_rows_end_at_their_last_value_and_a_sheet_wider_than_asked_is_left_to_openpyxl(calamine_used):
    def fill(sheet):
        sheet["A1"], sheet["B1"], sheet["A2"], sheet["E3"] = "a", "b", "c", "far"

    stream = workbook_bytes(fill)
    assert list(read_xlsx_rows_fast(stream)) == [("a", "b"), ("c",), (None, None, None, None, "far")]
    stream.seek(0)
    assert list(read_xlsx_rows_fast(stream, max_width=4)) == list(read_xlsx_rows(stream))
    assert calamine_used == [True, False]


def test_a_broken_file_gets_openpyxls_message():
    stream = io.BytesIO(b"PK\x03\x04 not really a zip")
    with pytest.raises(spreadsheets.SpreadsheetError) as error:
        list(read_xlsx_rows_fast(stream))
    assert "không đọc được" in str(error.value)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_files_saved_by_libreoffice_read_alike(tmp_path):
    source = tmp_path / "excel.xlsx"
    source.write_bytes(workbook_bytes(typical_cells).getvalue())
    out = tmp_path / "lo"
    command = ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile"]
    command += ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603
    converted = Path(out / "excel.xlsx")
    with open(converted, "rb") as stream:
        slow, quick = same_values(stream)
    assert quick == slow
    assert slow[2][1:4] == ["HS 1", dt.datetime(2022, 3, 3, 8, 0), 1]
    with open(converted, "rb") as stream:
        assert spreadsheets._calamine_may_read(stream)


def test_a_large_worksheet_under_another_name_is_still_left_to_openpyxl(monkeypatch, calamine_used):
    """calamine holds the sheet whole: the size bound must not depend on the part's name."""
    import zipfile

    def fill(sheet):
        typical_cells(sheet)
        for number in range(30, 3000):  # the sheet becomes the largest part
            sheet.cell(row=number, column=2, value=f"HS{number}")

    source = workbook_bytes(fill)
    renamed = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(renamed, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            name = info.filename.replace("worksheets/sheet1.xml", "data/big.xml")
            if info.filename in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"worksheets/sheet1.xml", b"data/big.xml")
            new.writestr(name, data)
    sizes = {i.filename: i.file_size for i in zipfile.ZipFile(renamed).infolist()}
    sheet_size = sizes.pop("xl/data/big.xml")
    assert max(sizes.values()) < sheet_size - 1  # only the renamed sheet is over the bound
    monkeypatch.setattr(spreadsheets, "CALAMINE_MAX_SHEET_BYTES", sheet_size - 1)
    slow, quick = same_values(renamed)
    assert calamine_used == [] and quick == slow and slow[2][1] == "HS 1"
