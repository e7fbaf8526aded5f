"""The paper the desk hands over: the receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Mẫu 01) or a
small slip, each with the QR code of the dossier's rating page; and the same code on a screen.

Printed by the browser from an HTML page sized for the paper (A5 for Mẫu 01, as TT 01/2018/TT-VPCP
designs its forms 01–05; 80 mm for the slip): the desk prints while the citizen waits, so nothing is
queued or rendered on the server beyond the QR code's SVG (segno, vector, no image library).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno
from django.utils.safestring import SafeString

from kpi.models import Dossier
from tanbinh_portal.letterhead import commune_parent, parent_line

# From 01/07/2025 the district level is gone (the 2025 reform): NĐ 118/2025/NĐ-CP and TT 03/2025/TT-VPCP
# replace NĐ 61/2018 and TT 01/2018, and the commune's counter is its Trung tâm Phục vụ hành chính công.
REFORM_DAY = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class ReceiptHeading:
    superior: str  # ô 2: the direct parent body (the portal's one header rule), not bold
    agency: str  # the issuing body: the counter, upper case and bold
    agency_name: str  # the commune's UBND in running text
    counter: str  # the counter that receives the dossier, in running text
    basis: str  # the circular whose Mẫu 01 this is


def receipt_heading(dossier: Dossier) -> ReceiptHeading:
    """The counter issues the receipt; it is a body of the commune's UBND, so ô 2 reads "UBND XÃ …"
    (``tanbinh_portal.letterhead``, the rule the documents follow), before and after the 2025 reform:
    the Ủy ban nhân dân xã has no "UBND HUYỆN/TỈNH" line above it (NĐ 30/2020, ô 2, "nếu có")."""
    commune = dossier.commune
    before_reform = dossier.received_date < REFORM_DAY
    counter = "Bộ phận Tiếp nhận và Trả kết quả" if before_reform else "Trung tâm Phục vụ hành chính công"
    return ReceiptHeading(
        superior=parent_line(counter, commune_parent(commune.name)),
        agency=counter.upper(),
        agency_name=f"UBND xã {commune.name}",
        counter=counter,
        basis="Mẫu số 01 – Thông tư số 01/2018/TT-VPCP" if before_reform else "Mẫu số 01 – Thông tư số 03/2025/TT-VPCP",
    )


def working_days_between(received: dt.date, due: dt.date | None) -> int | None:
    """The time the desk gave the dossier at reception, in working days (Monday–Friday) after the day
    of reception up to the due day: what Mẫu 01 item 3 asks ("thời gian giải quyết theo quy định"),
    since the due date is set from the procedure's time. Public holidays are not known to the portal
    and count as working days; None without a due date (the form then keeps its dots)."""
    if due is None or due <= received:
        return None
    days = (due - received).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (received + dt.timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def qr_svg(url: str, *, title: str) -> SafeString:
    """The URL as a QR code (error correction M, 4-module quiet zone), an inline SVG that scales."""
    code = segno.make(url, error="m", micro=False)
    # segno writes only its own markup and the escaped title: safe to place in the page.
    return SafeString(code.svg_inline(border=4, omitsize=True, title=title, dark="#000", light="#fff"))  # nosec B703
