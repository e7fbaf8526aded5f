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

# From 01/07/2025 the district level is gone (the 2025 reform): NĐ 118/2025/NĐ-CP and TT 03/2025/TT-VPCP
# replace NĐ 61/2018 and TT 01/2018, and the commune's counter is its Trung tâm Phục vụ hành chính công.
REFORM_DAY = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class ReceiptHeading:
    superior: str  # cơ quan chủ quản
    agency: str  # cơ quan giải quyết (upper case, for the heading)
    agency_name: str  # the same in running text
    counter: str  # the counter that receives the dossier
    basis: str  # the circular whose Mẫu 01 this is


def receipt_heading(dossier: Dossier) -> ReceiptHeading:
    commune = dossier.commune
    name = f"UBND xã {commune.name}"
    agency = name.upper()
    if dossier.received_date < REFORM_DAY:
        return ReceiptHeading(
            superior=f"UBND huyện {commune.district_name}".upper(),
            agency=agency,
            agency_name=name,
            counter="Bộ phận Tiếp nhận và Trả kết quả",
            basis="Mẫu số 01 – Thông tư số 01/2018/TT-VPCP",
        )
    return ReceiptHeading(
        superior=f"UBND tỉnh {commune.province_name}".upper(),
        agency=agency,
        agency_name=name,
        counter="Trung tâm Phục vụ hành chính công",
        basis="Mẫu số 01 – Thông tư số 03/2025/TT-VPCP",
    )


def qr_svg(url: str, *, title: str) -> SafeString:
    """The URL as a QR code (error correction M, 4-module quiet zone), an inline SVG that scales."""
    code = segno.make(url, error="m", micro=False)
    # segno writes only its own markup and the escaped title: safe to place in the page.
    return SafeString(code.svg_inline(border=4, omitsize=True, title=title, dark="#000", light="#fff"))  # nosec B703
