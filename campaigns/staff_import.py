"""Import of a staff list from Excel: parse every row first, then apply all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from campaigns.models import Commune, Person, Sex, Unit
from campaigns.services import person_save
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.optimistic import UNCHECKED
from tanbinh_portal.periods import local_today
from tanbinh_portal.spreadsheets import SpreadsheetError, normalise_header, read_xlsx_rows
from tanbinh_portal.text import one_line

COLUMNS = {
    "full_name": "Họ và tên",
    "position": "Chức vụ",
    "unit": "Tập thể",
    "sex": "Giới tính",
    "year_of_birth": "Năm sinh",
    "username": "Tài khoản",
    "discipline": "Đang xem xét kỷ luật",
}
REQUIRED = ("full_name", "position", "unit", "sex")
SEX_WORDS = {"nam": Sex.MALE, "nữ": Sex.FEMALE, "nu": Sex.FEMALE}
YES_WORDS = {"x", "1", "có", "co", "true", "yes"}
NO_WORDS = {"", "0", "không", "khong", "false", "no"}
MAX_ROWS = 5000
YEAR_OF_BIRTH_RANGE = (1900, 2100)


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class StaffImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    applied: bool = False


def parse_staff_file(stream, commune: Commune) -> StaffImportResult:
    result = StaffImportResult()
    try:
        rows = read_xlsx_rows(stream)
        header = next(rows, None)
    except SpreadsheetError as error:
        result.errors.append(RowError(0, "", "", str(error)))
        return result
    if header is None:
        result.errors.append(RowError(1, "", "", "Tệp trống: dòng 1 phải là dòng tiêu đề."))
        return result
    positions = _header_positions(header, result)
    if result.errors:
        return result
    units = {normalise_header(u.name): u for u in Unit.objects.filter(commune=commune)}
    users = {u.username.casefold(): u for u in User.objects.all()}
    seen: dict[tuple, int] = {}
    for number, raw in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            result.errors.append(RowError(number, "", "", f"Tệp có quá {MAX_ROWS} dòng dữ liệu."))
            break
        values = {key: _cell(raw, index) for key, index in positions.items()}
        if not any(values.values()):
            continue
        parsed = _parse_row(number, values, units, users, result)
        if parsed is None:
            continue
        key = (parsed["full_name"].casefold(), parsed["unit"].pk)
        if key in seen:
            result.errors.append(
                RowError(
                    number,
                    COLUMNS["full_name"],
                    parsed["full_name"],
                    f"Trùng với dòng {seen[key]} (cùng họ tên và tập thể).",
                )
            )
            continue
        seen[key] = number
        result.rows.append(parsed)
    return result


def _header_positions(header, result: StaffImportResult) -> dict[str, int]:
    wanted = {normalise_header(label): key for key, label in COLUMNS.items()}
    positions = {}
    for index, cell in enumerate(header):
        key = wanted.get(normalise_header(cell))
        if key:
            positions[key] = index
    for key in REQUIRED:
        if key not in positions:
            result.errors.append(RowError(1, COLUMNS[key], "", f"Thiếu cột “{COLUMNS[key]}” ở dòng tiêu đề."))
    return positions


def _cell(raw, index: int) -> str:
    if index >= len(raw) or raw[index] is None:
        return ""
    # A spreadsheet cell may hold Alt-Enter line breaks or stray control characters: one line, NFC.
    return one_line(raw[index])


def _parse_row(number, values, units, users, result) -> dict | None:
    errors_before = len(result.errors)
    for key in REQUIRED:
        if not values.get(key):
            result.errors.append(RowError(number, COLUMNS[key], "", "Bắt buộc phải có giá trị."))
    unit = units.get(normalise_header(values.get("unit")))
    if values.get("unit") and unit is None:
        result.errors.append(
            RowError(
                number,
                COLUMNS["unit"],
                values["unit"],
                "Không có tập thể này trong xã; hãy tạo tập thể trước hoặc sửa tên.",
            )
        )
    sex = SEX_WORDS.get(values.get("sex", "").casefold())
    if values.get("sex") and sex is None:
        result.errors.append(RowError(number, COLUMNS["sex"], values["sex"], "Chỉ ghi “Nam” hoặc “Nữ”."))
    year_of_birth = _year_of_birth(values.get("year_of_birth", ""))
    if values.get("year_of_birth") and year_of_birth is None:
        result.errors.append(
            RowError(
                number,
                COLUMNS["year_of_birth"],
                values["year_of_birth"],
                "Ghi năm sinh bằng bốn chữ số, ví dụ 1985 (từ 1900 đến năm hiện tại).",
            )
        )
    user = None
    if values.get("username"):
        user = users.get(values["username"].casefold())
        if user is None:
            result.errors.append(
                RowError(number, COLUMNS["username"], values["username"], "Không có tài khoản đăng nhập này.")
            )
    discipline_word = values.get("discipline", "").casefold()
    if discipline_word not in YES_WORDS | NO_WORDS:
        result.errors.append(
            RowError(number, COLUMNS["discipline"], values["discipline"], "Chỉ ghi “có” hoặc để trống.")
        )
    for key, limit in (("full_name", 120), ("position", 160)):
        if len(values.get(key, "")) > limit:
            result.errors.append(RowError(number, COLUMNS[key], values[key][:40] + "…", f"Dài quá {limit} ký tự."))
    if len(result.errors) > errors_before:
        return None
    row = {
        "full_name": values["full_name"],
        "position": values["position"],
        "unit": unit,
        "sex": sex,
        "user": user,
        "has_open_disciplinary_matter": discipline_word in YES_WORDS,
    }
    # Without the column (an older file) a year already recorded is kept; with it, an empty cell clears it.
    if "year_of_birth" in values:
        row["year_of_birth"] = year_of_birth
    return row


def _year_of_birth(text: str) -> int | None:
    """A four-digit year (Excel may hand a number cell over as "1985.0"); None when not a year."""
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not (len(text) == 4 and text.isdigit()):
        return None
    year = int(text)
    if not YEAR_OF_BIRTH_RANGE[0] <= year <= min(YEAR_OF_BIRTH_RANGE[1], local_today().year):
        return None
    return year


def staff_import_apply(*, actor, commune: Commune, stream, file_name: str, dry_run: bool) -> StaffImportResult:
    """Parse, then create or update every row in one transaction (nothing when any row is wrong)."""
    result = parse_staff_file(stream, commune)
    if result.errors:
        return result
    existing = {
        (p.full_name.casefold(), p.unit_id): p for p in Person.objects.filter(commune=commune).select_related("unit")
    }
    try:
        with transaction.atomic():
            for row in result.rows:
                person = existing.get((row["full_name"].casefold(), row["unit"].pk))
                if person is None:
                    person_save(actor=actor, commune=commune, data=row, expected_version=UNCHECKED)
                    result.created += 1
                    continue
                before = person.version
                updated = person_save(
                    actor=actor,
                    commune=commune,
                    data=row,
                    person=person,
                    reason=f"Nhập từ tệp {file_name}",
                    expected_version=UNCHECKED,
                )
                if updated.version != before:
                    result.updated += 1
                else:
                    result.unchanged += 1
            audit_record(
                actor=actor,
                action=AuditAction.PERSON_IMPORT,
                obj=commune,
                reason=file_name,
                changes={"created": result.created, "updated": result.updated, "dry_run": dry_run},
            )
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as error:
        result.errors.append(RowError(0, "", "", "; ".join(error.messages)))
        return result
    result.applied = not dry_run
    return result
