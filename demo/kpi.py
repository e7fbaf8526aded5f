"""A realistic, deterministic 2022 one-stop log for the demo commune, imported through the real path.

Same seed, same file, same SHA-256: running the demo twice imports nothing the second time.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from kpi.importer.columns import COLUMNS
from kpi.models import DossierImport, ImportStatus, MonthlyReport, MonthStatus
from kpi.services import dossier_import_from_path, one_stop_unit_set
from kpi.services.compute import indicators_recompute
from kpi.services.imports import file_sha256
from kpi.services.monthly import monthly_report_submit, monthly_values_save
from tanbinh_portal.optimistic import UNCHECKED

# (code, procedure, lĩnh vực, deadline in working days (0 = same day), 4-tại-chỗ eligible, weight)
PROCEDURES = [
    ("1.001", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", 0, True, 30),
    ("1.002", "Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực", 0, True, 12),
    ("1.003", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", "Chứng thực", 2, False, 4),
    ("2.001", "Đăng ký khai sinh", "Hộ tịch", 0, True, 10),
    ("2.002", "Đăng ký khai tử", "Hộ tịch", 0, True, 3),
    ("2.003", "Đăng ký kết hôn", "Hộ tịch", 0, False, 4),
    ("2.004", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", 0, True, 6),
    ("2.005", "Cấp giấy xác nhận tình trạng hôn nhân", "Hộ tịch", 3, False, 5),
    ("3.001", "Hòa giải tranh chấp đất đai", "Đất đai", 30, False, 2),
    ("3.002", "Xác nhận hiện trạng sử dụng đất", "Đất đai", 5, False, 4),
    ("4.001", "Cấp giấy phép xây dựng nhà ở riêng lẻ nông thôn", "Xây dựng", 15, False, 2),
    ("5.001", "Trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội", "Bảo trợ xã hội", 7, False, 4),
    ("5.002", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Bảo trợ xã hội", 3, False, 2),
    ("6.001", "Xác nhận thông tin hồ sơ người có công", "Người có công", 5, False, 2),
]
HANDLERS = {
    "Chứng thực": ["Võ Thị Lan", "Phan Thị Ngọc"],
    # Each field by the civil servants whose title it is: Tư pháp – Hộ tịch (Phan Thị Ngọc two in three),
    # Địa chính – Xây dựng, Văn hóa – Xã hội.
    "Hộ tịch": ["Phan Thị Ngọc", "Phan Thị Ngọc", "Võ Thị Lan"],
    "Đất đai": ["Huỳnh Văn Sang", "Đỗ Văn Khánh"],
    "Xây dựng": ["Đỗ Văn Khánh"],
    "Bảo trợ xã hội": ["Ngô Văn Thành", "Bùi Thị Kim Anh"],
    "Người có công": ["Ngô Văn Thành"],
}
RECEIVERS = ["Võ Thị Lan", "Huỳnh Văn Sang", "Lâm Thị Thu"]
HOLIDAYS_2022 = {
    dt.date(2022, 1, 3),
    *[dt.date(2022, 1, 31) + dt.timedelta(days=i) for i in range(5)],
    dt.date(2022, 4, 11),
    dt.date(2022, 5, 2),
    dt.date(2022, 5, 3),
    dt.date(2022, 9, 1),
    dt.date(2022, 9, 2),
}
HARASSMENT = ["Cán bộ có biểu hiện nhũng nhiễu, hẹn nhiều lần", "Bị gây phiền hà, yêu cầu giấy tờ ngoài quy định"]
OTHER_REASONS = ["Chờ lâu", "Phải đi lại nhiều lần", "Thái độ chưa niềm nở"]


# The demo's 2026 holidays [R: demo data only, not checked against the 2026 decisions]: New Year, Tết
# (16–20/02), Giỗ Tổ Hùng Vương observed on Monday 27/04, 30/04–01/05, National Day 01–02/09.
HOLIDAYS_2026 = {
    dt.date(2026, 1, 1),
    *[dt.date(2026, 2, 16) + dt.timedelta(days=i) for i in range(5)],
    dt.date(2026, 4, 27),
    dt.date(2026, 4, 30),
    dt.date(2026, 5, 1),
    dt.date(2026, 9, 1),
    dt.date(2026, 9, 2),
}
HOLIDAYS = HOLIDAYS_2022 | HOLIDAYS_2026


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS


def add_working_days(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _fmt(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.strftime("%d/%m/%Y %H:%M")


def iter_demo_rows(
    seed: int = 2022,
    per_day: int = 24,
    first: dt.date = dt.date(2021, 12, 15),
    last: dt.date = dt.date(2022, 12, 30),
    online_boost: float = 0.0,
) -> Iterator[list[str]]:
    """Dossiers received from ``first`` to ``last`` (the log's cut-off: later results are still pending),
    streamed. The defaults are the 2022 log: mid-December 2021 (carried-over ones) to the end of 2022.
    ``online_boost`` raises the share submitted online (a later year, after years of promotion)."""
    rng = random.Random(seed)  # nosec B311
    weights = [p[5] for p in PROCEDURES]
    number = 0
    day = first
    spread = max(per_day // 4, 1)
    while day <= last:
        if is_working_day(day):
            month = day.month if day.year == last.year else 0
            for _ in range(rng.randint(per_day - spread, per_day + spread)):
                number += 1
                yield _one(rng, rng.choices(PROCEDURES, weights)[0], day, month, number, last, online_boost)
        day += dt.timedelta(days=1)


def demo_rows(seed: int = 2022, per_day: int = 24) -> list[list[str]]:
    """About 6,000 dossiers: the demo commune's 2022 log."""
    return list(iter_demo_rows(seed, per_day))


def _one(
    rng: random.Random, procedure, day: dt.date, month: int, number: int, last: dt.date, online_boost: float = 0.0
) -> list[str]:
    code, name, field, days, spot_ok, _ = procedure
    received = dt.datetime.combine(day, dt.time(7 + rng.randint(0, 8), rng.choice([0, 15, 30, 45])))
    channel = (
        2 if rng.random() < 0.08 + month * 0.025 + online_boost else (3 if rng.random() < 0.03 + month * 0.003 else 1)
    )
    due = dt.datetime.combine(add_working_days(day, days), dt.time(16, 30))
    status, result = 10, None
    roll = rng.random()
    late_share = 0.09 if month == 2 else 0.025
    if roll < 0.01:
        status, due = 3, None
    elif roll < 0.02:
        status, result = 7, received + dt.timedelta(days=1)
    elif roll < 0.02 + late_share:
        result = dt.datetime.combine(add_working_days(due.date(), rng.randint(1, 4)), dt.time(10, 0))
    elif days == 0 or rng.random() < 0.3:
        result = received + dt.timedelta(hours=1) if days == 0 else due - dt.timedelta(hours=5)
    else:
        result = dt.datetime.combine(add_working_days(day, rng.randint(0, max(days - 1, 0))), dt.time(15, 0))
    if result is not None and result.date() > last and status != 7:
        status, result = 4, None
    elif day >= last - dt.timedelta(days=4) and days > 0 and status == 10 and rng.random() < 0.6:
        status, result = rng.choice([4, 5]), None
    four = (
        spot_ok and status == 10 and result is not None and result.date() == day and rng.random() < 0.5 + month * 0.03
    )
    rating, reason = "", ""
    if status == 10 and rng.random() < 0.6:
        r = rng.random()
        if r < 0.004:
            rating, reason = "KHL", rng.choice(HARASSMENT)
        elif r < 0.015:
            rating, reason = "Không hài lòng", rng.choice(OTHER_REASONS)
        else:
            rating = "Rất hài lòng" if r < 0.55 else "Hài lòng"
    handler = rng.choice(HANDLERS[field])
    receiver = handler if field == "Chứng thực" and handler in RECEIVERS else rng.choice(RECEIVERS)
    return [
        f"TB-{day:%y%m%d}-{number:05d}",
        code,
        name,
        field,
        str(channel),
        _fmt(received),
        _fmt(due),
        _fmt(result) if status in (9, 10) else "",
        _fmt(result),
        str(status),
        str(rng.choice([0, 0, 0, 0, 1])) if days else "0",
        receiver,
        handler if status not in (3,) else "",
        rating,
        reason,
        "x" if four else "",
    ]


def write_demo_csv(path: Path, rows: Iterable[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header for c in COLUMNS])
        writer.writerows(rows)


# Nội dung 8 month by month in 2022: rising through the year as the trục liên thông took over the paper
# mail, with the seasons of an office: February short (Tết Nhâm Dần, five days off), August down (the
# province moved the document software to its new server: two weeks back on paper), December up (the
# year-end reports). 2026 runs above 2022 (the commune went on digitising).
E_DOCUMENTS_2022 = {1: 118, 2: 86, 3: 131, 4: 137, 5: 142, 6: 150, 7: 147, 8: 109, 9: 158, 10: 166, 11: 172, 12: 205}
SIGNATURES_2022 = {1: 52, 2: 40, 3: 66, 4: 72, 5: 79, 6: 85, 7: 88, 8: 61, 9: 96, 10: 104, 11: 110, 12: 138}


def monthly_demo_values(month: int, year: int = 2022) -> dict[str, int]:
    """The figures the officer entered by hand for one month (deterministic; Nội dung 8 seasonal with a dip,
    above: 2026's documents and e-signatures above 2022's)."""
    working_days = sum(
        1 for day in range(1, 32) if _valid(year, month, day) and is_working_day(dt.date(year, month, day))
    )
    later = year > 2022
    return {
        "promotion_sessions": 2 + month % 3,
        "e_documents": E_DOCUMENTS_2022[month] + (46 if later else 0),
        "digital_signatures": SIGNATURES_2022[month] + (61 if later else 0),
        "camera_days": working_days - (1 if month == 6 and not later else 0),  # one day of repair in June 2022
        "surveys": 1 + (month % 4 == 0),
    }


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def build_monthly_demo(*, campaign, actor) -> None:
    """Enter and submit the twelve months' hand-entered figures through the monthly service (idempotent:
    unchanged values are not written again, a submitted month is left alone)."""
    keys = set(campaign.monthly_fields.values_list("key", flat=True))
    for month in range(1, 13):
        key = f"2022-{month:02d}"
        report = MonthlyReport.objects.filter(campaign=campaign, month=key).first()
        if report is not None and report.status != MonthStatus.DRAFT:
            continue
        values = {k: v for k, v in monthly_demo_values(month).items() if k in keys}
        monthly_values_save(actor=actor, campaign=campaign, month=key, values=values, expected_version=UNCHECKED)
        monthly_report_submit(actor=actor, campaign=campaign, month=key)


# The demo commune's unit on the province's one-stop system [R: demo data only, not Tân Bình's real
# DVCQG identifier]: rows of a province file with this "Mã đơn vị" go to Tân Bình.
DEMO_UNIT_CODE = "000.00.35.H59"
DEMO_UNIT_NAME = "UBND xã Tân Bình"


def build_kpi_demo(*, campaign, actor) -> dict:
    """Generate the log, import it with the real import service, then compute the indicators."""
    # Province-level data, set as the operator would (set_one_stop_unit): no commune role sets it.
    one_stop_unit_set(actor=None, code=DEMO_UNIT_CODE, commune=campaign.commune, name=DEMO_UNIT_NAME)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "so-theo-doi-ho-so-2022.csv"
        write_demo_csv(path, demo_rows())
        with open(path, "rb") as stream:
            sha, _ = file_sha256(stream)
        done = DossierImport.objects.filter(
            commune=campaign.commune,
            sha256=sha,
            dry_run=False,
            status__in=[ImportStatus.APPLIED, ImportStatus.UNCHANGED],
        ).first()
        if done is not None:  # idempotent demo: the same file was imported already
            build_monthly_demo(campaign=campaign, actor=actor)
            return {"import": done}
        record = dossier_import_from_path(actor=actor, commune=campaign.commune, path=path, dry_run=False)
    build_monthly_demo(campaign=campaign, actor=actor)
    return {"import": record}  # an applied import recomputes every campaign of the commune


# --- The 2026 campaign in progress: ten months of log, figures entered up to October ----------------------
LOG_2026 = (dt.date(2026, 1, 2), dt.date(2026, 10, 30))  # the file exported at the end of October
SUBMITTED_2026 = range(1, 10)  # January–September entered and sent; October saved, not sent
DRAFT_2026 = {10: ("e_documents", "digital_signatures")}  # what October has so far


def build_kpi_demo_2026(*, campaign, actor) -> dict:
    """Enter the monthly figures (January–September sent, October partly saved, November not yet), then
    import the 2026 log (received 02/01–30/10/2026) with the real import service. Idempotent like 2022's."""

    keys = set(campaign.monthly_fields.values_list("key", flat=True))
    entered = False
    for month in [*SUBMITTED_2026, *DRAFT_2026]:
        key = f"2026-{month:02d}"
        report = MonthlyReport.objects.filter(campaign=campaign, month=key).first()
        if report is not None and (report.status != MonthStatus.DRAFT or month in DRAFT_2026):
            continue  # sent already, or October's draft as it was left
        values = {k: v for k, v in monthly_demo_values(month, 2026).items() if k in keys}
        if month in DRAFT_2026:
            values = {k: v for k, v in values.items() if k in DRAFT_2026[month]}
        monthly_values_save(actor=actor, campaign=campaign, month=key, values=values, expected_version=UNCHECKED)
        if month in SUBMITTED_2026:
            monthly_report_submit(actor=actor, campaign=campaign, month=key)
        entered = True
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "so-theo-doi-ho-so-2026-thang-01-10.csv"
        rows = iter_demo_rows(seed=2026, per_day=20, first=LOG_2026[0], last=LOG_2026[1], online_boost=0.1)
        write_demo_csv(path, rows)
        with open(path, "rb") as stream:
            sha, _ = file_sha256(stream)
        record = DossierImport.objects.filter(
            commune=campaign.commune,
            sha256=sha,
            dry_run=False,
            status__in=[ImportStatus.APPLIED, ImportStatus.UNCHANGED],
        ).first()
        if record is None:  # the import recomputes every campaign of the commune, figures included
            return {"import": dossier_import_from_path(actor=actor, commune=campaign.commune, path=path, dry_run=False)}
    if entered:  # figures entered after the log: their recompute is otherwise only queued
        indicators_recompute(campaign=campaign)
    return {"import": record}


# --- Portal ratings of 2026: the desk prints QR codes from March; citizens rate within days ----------
RATINGS_2026_FROM = dt.date(2026, 3, 2)  # the first receipt with a QR code
RATINGS_2026_COUNT = 80
RATING_COMMENTS = {
    ("late",): "Hẹn trả thứ Năm nhưng thứ Hai tuần sau mới có kết quả.",
    ("guidance",): "Phải đi lại hai lần vì lần đầu không được hướng dẫn đủ giấy tờ.",
    ("attitude",): "",
    ("harassment",): "Cán bộ gợi ý nộp thêm tiền để làm nhanh.",
    ("harassment", "late"): "Bị yêu cầu bổ sung giấy tờ không có trong danh mục, trễ hẹn.",
}


def build_ratings_demo_2026(*, campaign, desk) -> int:
    """About 80 portal ratings of 2026 dossiers resolved from March (mostly Rất hài lòng / Hài lòng,
    a few Không hài lòng with reasons, two for harassment), each given 1–72 hours after the result
    (inside the validity window), through the services; and rating codes for the five latest dossiers
    still in process at the log's cut-off, valid today (no result yet). Idempotent: a second run finds
    the ratings and does nothing. Returns the number of ratings added."""
    from django.db import transaction

    from kpi.models import CitizenRating, Dossier, RatingTicket
    from kpi.ratings_tokens import token_for
    from kpi.services import citizen_rating_submit, rating_ticket_issue
    from kpi.services.ratings import RatingInput

    commune = campaign.commune
    pending = Dossier.objects.filter(commune=commune, result_date__isnull=True, status__in=(2, 4, 5, 6))
    for dossier in pending.order_by("-received_at", "-code")[:5]:
        if not RatingTicket.objects.filter(dossier=dossier).exists():
            ticket = rating_ticket_issue(actor=desk, dossier=dossier)
            RatingTicket.objects.filter(pk=ticket.pk).update(issued_at=dossier.received_at)
    if CitizenRating.objects.filter(commune=commune, dossier__received_date__year=2026).exists():
        return 0
    rng = random.Random(2026)  # nosec B311 - demo data
    candidates = list(
        Dossier.objects.filter(
            commune=commune,
            status__in=(9, 10),
            rating__isnull=True,
            result_date__gte=RATINGS_2026_FROM,
            result_date__lt=LOG_2026[1],
        )
        .order_by("code")
        .values_list("pk", flat=True)
    )
    chosen = sorted(rng.sample(candidates, min(RATINGS_2026_COUNT, len(candidates))))
    unhappy = dict(zip(rng.sample(chosen, 7), [*RATING_COMMENTS, ("late",), ("guidance", "late")], strict=False))
    cutoff = dt.datetime.combine(LOG_2026[1], dt.time(17, 0), tzinfo=dt.timezone(dt.timedelta(hours=7)))
    added = 0
    with transaction.atomic():  # one recompute for the whole set (the ratings' recompute coalesces)
        for pk in chosen:
            dossier = Dossier.objects.get(pk=pk)
            ticket = rating_ticket_issue(actor=desk, dossier=dossier)
            RatingTicket.objects.filter(pk=ticket.pk).update(issued_at=dossier.received_at)
            returned = dossier.returned_at or dossier.result_at
            moment = min(returned + dt.timedelta(hours=rng.randint(1, 72), minutes=rng.randint(0, 59)), cutoff)
            if pk in unhappy:
                reasons = unhappy[pk]
                data = RatingInput(3, reasons, RATING_COMMENTS.get(reasons, ""))
            else:
                data = RatingInput(1 if rng.random() < 0.62 else 2)
            citizen_rating_submit(token=token_for(ticket), data=data, now=moment)
            added += 1
    return added
