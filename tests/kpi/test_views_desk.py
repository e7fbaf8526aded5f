"""The one-stop desk's pages (kpi/views/desk.py): the list, issuing the code, the receipt (Mẫu 01),
the slip and the screen; roles and another commune's dossier."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kpi.models import Dossier, RatingTicket
from kpi.ratings_tokens import token_for
from kpi.receipts import qr_svg
from tests.factories import CommuneFactory
from tests.kpi.conftest import row


@pytest.fixture
def dossier(import_rows):
    # Still in process (no result): its code is valid today, whatever today is.
    import_rows([row("HS-2022-000123", **{"Kênh nộp": "1", "Trạng thái": "4", "Ngày có kết quả": ""})])
    return Dossier.objects.get(code="HS-2022-000123")


@pytest.fixture
def expired(import_rows):
    # Resolved 08/03/2022: its code expired RATING_VALID_DAYS later.
    import_rows([row("HS-2022-000777")])
    return Dossier.objects.get(code="HS-2022-000777")


def issue(client, dossier, output="receipt"):
    return client.post(reverse("kpi:dossier-ticket", args=[dossier.pk]), {"in": output})


@pytest.mark.parametrize("username", ["motcua", "vanphong"])
def test_the_desk_lists_dossiers_and_prints_the_receipt_with_the_rating_qr_code(client_as, dossier, username):
    client = client_as(username)
    listing = client.get(reverse("kpi:desk"), {"ma": "000123"}).content.decode()
    assert "HS-2022-000123" in listing and "In giấy tiếp nhận (Mẫu 01)" in listing
    response = issue(client, dossier)
    assert response.status_code == 302 and response["Location"] == reverse("kpi:dossier-receipt", args=[dossier.pk])
    page = client.get(response["Location"]).content.decode()
    ticket = RatingTicket.objects.get()
    url = "http://testserver" + reverse("public:rating", args=[token_for(ticket)])
    assert qr_svg(url, title="Mã QR đánh giá mức độ hài lòng") in page
    for text in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "UBND XÃ TÂN BÌNH<br><strong>BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ</strong>",
        "3. Thời gian giải quyết hồ sơ theo quy định là: <strong>5</strong> ngày làm việc",
        "(Liên 1: giao người nộp hồ sơ)",
        "(Liên 2: lưu tại Bộ phận Tiếp nhận và Trả kết quả)",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Mã hồ sơ: <strong>HS-2022-000123</strong>",
        "Chứng thực bản sao",
        "4. Thời gian nhận hồ sơ: 08 giờ 00 phút, ngày 03 tháng 3 năm 2022",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Mẫu số 01 – Thông tư số 01/2018/TT-VPCP",
    ):
        assert text in page, text


def test_printing_again_keeps_the_same_code(client_as, dossier):
    client = client_as("motcua")
    issue(client, dossier)
    issue(client, dossier, "slip")
    assert RatingTicket.objects.count() == 1


@pytest.mark.parametrize(("output", "name", "text"), [
    ("slip", "kpi:dossier-slip", "ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG"),
    ("screen", "kpi:dossier-screen", "Mời ông/bà đánh giá mức độ hài lòng"),
])  # fmt: skip
def test_the_slip_and_the_screen_carry_the_same_code(client_as, dossier, output, name, text):
    client = client_as("motcua")
    response = issue(client, dossier, output)
    assert response["Location"] == reverse(name, args=[dossier.pk])
    page = client.get(response["Location"]).content.decode()
    assert text in page and "<svg" in page


def test_a_paper_before_the_code_is_issued_answers_404(client_as, dossier):
    assert client_as("motcua").get(reverse("kpi:dossier-receipt", args=[dossier.pk])).status_code == 404
    assert not RatingTicket.objects.exists()  # a GET writes nothing


@pytest.mark.parametrize("username", ["chutich", "canbo", "hoidong", "noivu"])
def test_other_roles_may_not_print(client_as, dossier, username):
    client = client_as(username)
    assert client.get(reverse("kpi:desk")).status_code == 403
    assert issue(client, dossier).status_code == 403
    assert not RatingTicket.objects.exists()


def test_another_communes_dossier_answers_like_a_missing_one(client_as, dossier):
    other = Dossier.objects.create(
        **{f.attname: getattr(dossier, f.attname) for f in Dossier._meta.concrete_fields if f.attname != "id"}
        | {"commune_id": CommuneFactory().pk, "code": "KHAC-1"}
    )
    client = client_as("motcua")
    assert issue(client, other).status_code == 404
    assert issue(client, Dossier(pk=999999)).status_code == 404
    assert not RatingTicket.objects.exists()


def test_the_receipt_of_a_dossier_received_after_the_2025_reform_names_the_province(client_as, import_rows):
    import_rows([row("HS-2026-1", **{"Ngày tiếp nhận": "05/01/2026 08:00", "Ngày hẹn trả": "10/01/2026",
                                     "Ngày có kết quả": "08/01/2026 10:00"})])  # fmt: skip
    client = client_as("motcua")
    dossier = Dossier.objects.get(code="HS-2026-1")
    page = client.get(issue(client, dossier)["Location"]).content.decode()
    # The counter is a body of the commune's UBND: "UBND XÃ" above it, no "UBND TỈNH" (one header rule).
    assert "UBND TỈNH" not in page and "Thông tư số 03/2025/TT-VPCP" in page
    assert "UBND XÃ TÂN BÌNH<br><strong>TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG</strong>" in page


@pytest.mark.parametrize("output", ["receipt", "slip", "screen"])
def test_an_expired_code_is_never_printed_or_shown_and_the_paper_says_what_to_do(client_as, expired, output):
    from campaigns.services import commune_contact_set

    commune_contact_set(actor=None, commune=expired.commune, address="Số 1 đường Lê Lợi", phone="0276 3 123 456")
    client = client_as("motcua")
    page = client.get(issue(client, expired, output)["Location"]).content.decode()
    assert "<svg" not in page and "/danh-gia/" not in page.split("</head>")[1].replace("/danh-gia/'", "")
    assert "Mã đánh giá đã hết hạn" in page
    assert "Số 1 đường Lê Lợi" in page and "0276 3 123 456" in page


def test_the_desk_marks_an_expired_code_and_offers_the_receipt_without_qr_only(client_as, expired, dossier):
    html = client_as("motcua").get(reverse("kpi:desk")).content.decode()
    assert "Hết hạn từ 07/04/2022" in html and "In giấy tiếp nhận (không có mã QR)" in html
    assert html.count("In phiếu nhỏ có mã QR") == 1  # the valid dossier only


def test_the_desk_shows_totals_not_each_dossiers_rating(client_as, dossier, users):
    from kpi.services import citizen_rating_submit, rating_ticket_issue
    from kpi.services.ratings import RatingInput

    ticket = rating_ticket_issue(actor=users["motcua"], dossier=dossier)
    citizen_rating_submit(token=token_for(ticket), data=RatingInput(3, ("attitude",)))
    html = client_as("motcua").get(reverse("kpi:desk")).content.decode()
    assert "Không hài lòng 1" in html  # the month's total
    row_html = html.split("HS-2022-000123")[1].split("</tr>")[0]
    assert "hài lòng" not in row_html.lower()


def test_the_qr_code_is_on_the_citizens_copy_only(client_as, dossier):
    client = client_as("motcua")
    page = client.get(issue(client, dossier)["Location"]).content.decode()
    citizen, kept = page.split("(Liên 2:")
    assert citizen.count("<svg") == 1 and "<svg" not in kept


@pytest.mark.parametrize(("received", "due", "days"), [
    ((2022, 3, 3), (2022, 3, 10), 5),  # Thursday → next Thursday
    ((2022, 3, 4), (2022, 3, 7), 1),  # Friday → Monday
    ((2022, 3, 3), (2022, 3, 3), None),
    ((2022, 3, 3), None, None),
])  # fmt: skip
def test_working_days_of_the_receipt(received, due, days):
    import datetime as dt

    from kpi.receipts import working_days_between

    assert working_days_between(dt.date(*received), dt.date(*due) if due else None) == days
