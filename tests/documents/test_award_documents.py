"""The award and report documents filled from the demo's award round: key texts, numbers, files."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from demo.documents import build_summary_report
from documents.kinds import KindCode, bundle_kinds, get_kind
from documents.kinds.achievement_reports import build_achievement_reports
from documents.kinds.base import file_slug
from documents.kinds.certificates import build_certificates
from documents.kinds.council_minutes import build_minutes
from documents.kinds.decision import build_decision
from documents.kinds.submission import build_submission
from documents.kinds.summary_report import build_summary
from documents.services import submission_finalise
from rewards import services
from rewards.models import IssuedNumber, NumberSeries
from tanbinh_portal.models import AuditEvent
from tests.documents import pdfcheck
from tests.rewards.helpers import ensure_award_round


@pytest.fixture
def award_round(campaign):
    ensure_award_round(campaign)
    return campaign


def text_of(files) -> str:
    assert len(files) == 1
    return pdfcheck.all_text(files[0].content)


def test_the_minutes_carry_the_council_number_each_nominee_and_vote_percentages(award_round):
    files = build_minutes(award_round)
    text = text_of(files)
    assert files[0].path == "bien-ban-hop-hoi-dong.pdf"
    assert "02/BB-HĐTĐKT" in text and "HỘI ĐỒNG THI ĐUA – KHEN" in text  # 01 is the meeting's invitation
    # Without one-stop logs in this fixture the individuals miss the on-time rule: the units reach the council.
    for name in ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "Ấp Tân Đông", "Bộ phận Tiếp nhận và Trả kết quả"):
        assert name in text
    assert "88,89%" in text and "66,67%" in text and "Đạt" in text
    assert "Hồ Văn Nam" in text and "THƯ KÝ" in text and "CHỦ TỌA" in text
    assert pdfcheck.only_vendored_fonts(files[0].content)


def test_the_submission_goes_to_the_district_with_its_number_and_the_nominee_list(award_round, users):
    import datetime as dt

    submission_finalise(actor=users["chutich"], campaign=award_round, issued_on=dt.date(2023, 1, 12))
    files = build_submission(award_round)
    text = text_of(files)
    assert "TỜ TRÌNH" in text and "Kính gửi" in text and "Chủ tịch Ủy ban nhân dân huyện Tân Biên" in text
    number = IssuedNumber.objects.get(campaign=award_round, code="to-trinh-de-nghi-khen-thuong")
    assert number.reference in text and number.reference.endswith("/TTr-UBND")
    assert (
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Tân Bình" in text
        and "Bộ phận Tiếp nhận và Trả kết quả xã Tân Bình" in text
    )
    # Only collectives are proposed upward: the list says so rather than "tập thể, cá nhân".
    assert "DANH SÁCH TẬP THỂ ĐỀ NGHỊ KHEN THƯỞNG" in text and "DANH SÁCH TẬP THỂ, CÁ NHÂN" not in text
    assert "Võ Thị Lan" not in text  # decided by the commune, not proposed upward


def test_the_bundle_list_is_the_district_clerks_xlsx_with_title_rows_and_print_setup(award_round, users):
    import io

    from openpyxl import load_workbook

    from documents.engine.bundle import list_xlsx

    build_summary_report(award_round, users)  # issues the tờ trình's number
    number = IssuedNumber.objects.get(campaign=award_round, code="to-trinh-de-nghi-khen-thuong")
    sheet = load_workbook(
        io.BytesIO(list_xlsx(get_kind("to-trinh-de-nghi-khen-thuong").bundle_list(award_round)))
    ).active
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH"
    assert sheet["A2"].value == "DANH SÁCH TẬP THỂ ĐỀ NGHỊ KHEN THƯỞNG"  # two collectives, no individual
    assert f"Tờ trình số {number.reference} ngày 12 tháng 01 năm 2023" in sheet["A3"].value
    headers = [c.value for c in sheet[5]]
    assert headers == ["TT", "Họ và tên, tên tập thể", "Giới tính", "Năm sinh", "Chức vụ", "Đơn vị",
                       "Hình thức khen thưởng", "Tóm tắt thành tích"]  # fmt: skip
    assert {c.font.name for row in sheet.iter_rows(min_row=1, max_row=7) for c in row if c.value} == {"Times New Roman"}
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$5:$5"
    assert sheet["G6"].value == "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" and sheet["H6"].value
    # A collective has neither sex, year of birth nor position; its unit is the commune, not its own name again.
    assert sheet["C6"].value is None and sheet["D6"].value is None and sheet["E6"].value is None
    assert sheet["F6"].value == "Xã Tân Bình" and sheet["B6"].value != sheet["F6"].value
    # Without figures of its own the youth union is summed up by what it did, not by the commune's rates.
    assert sheet["H6"].value.startswith("Duy trì đội hình") and "toàn xã" not in sheet["H6"].value
    assert "kết quả của toàn xã như sau" not in sheet["H7"].value  # no one-stop logs in this fixture either


def test_an_individual_in_the_district_list_carries_sex_and_year_of_birth(nominate):
    from campaigns.models import Person
    from documents.sources.awards import DISTRICT_LIST_COLUMNS, district_list_row

    nomination = nominate("Võ Thị Lan", "giay-khen-chu-tich-huyen-2017")
    Person.objects.filter(full_name="Võ Thị Lan").update(year_of_birth=1986)
    nomination.person.refresh_from_db()
    row = dict(zip(DISTRICT_LIST_COLUMNS, district_list_row(3, nomination), strict=True))
    assert row["TT"] == 3 and row["Họ và tên, tên tập thể"] == "Võ Thị Lan"
    assert (row["Giới tính"], row["Năm sinh"]) == ("Nữ", 1986)
    assert row["Chức vụ"] == nomination.person.position and row["Đơn vị"].endswith("xã Tân Bình")
    assert row["Hình thức khen thưởng"] == "Giấy khen của Chủ tịch Ủy ban nhân dân huyện"


def test_the_officer_is_told_before_generating_which_individuals_lack_a_year_of_birth(award_round, client_as):
    from campaigns.models import Person
    from rewards.models import Nomination

    # Turn the demo's proposal of the one-stop shop into one of its head, whose year is not recorded.
    nomination = Nomination.objects.filter(campaign=award_round, unit__name="Bộ phận Tiếp nhận và Trả kết quả").get()
    head = nomination.unit.head
    Nomination.objects.filter(pk=nomination.pk).update(unit=None, person=head)
    Person.objects.filter(pk=head.pk).update(year_of_birth=None)
    url = reverse("documents:document-list", args=[award_round.slug])
    page = client_as("vanphong").get(url).content.decode()
    assert f"để trống cột “Năm sinh” của: {head.full_name}" in page  # Nguyễn Thị Hồng, Phó Chủ tịch
    # The district reads the page too, but is not told what the commune has to fill in.
    assert "để trống cột" not in client_as("noivu").get(url).content.decode()
    Person.objects.filter(pk=head.pk).update(year_of_birth=1979)
    assert "để trống cột" not in client_as("vanphong").get(url).content.decode()
    row = get_kind(KindCode.SUBMISSION).bundle_list(award_round).rows[1]
    assert row[1:4] == [head.full_name, "Nữ", 1979]


def test_the_plan_closes_the_district_bundle():
    assert get_kind("ke-hoach").bundle_order == max(k.bundle_order for k in bundle_kinds())


def test_the_bundle_list_holds_the_nominees_proposed_upward(award_round):
    rows = get_kind("to-trinh-de-nghi-khen-thuong").bundle_list(award_round).rows
    assert [row[1] for row in rows] == [
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Tân Bình",
        "Bộ phận Tiếp nhận và Trả kết quả xã Tân Bình",
    ]


def test_one_achievement_report_per_nominee_proposed_upward(award_round):
    files = build_achievement_reports(award_round)
    assert [f.path for f in files] == [
        "bao-cao-thanh-tich/01-doan-thanh-nien-cong-san-ho-chi-minh-xa.pdf",
        "bao-cao-thanh-tich/02-bo-phan-tiep-nhan-va-tra-ket-qua.pdf",
    ]
    text = pdfcheck.all_text(files[1].content)
    assert "BÁO CÁO THÀNH TÍCH" in text and "Bộ phận Tiếp nhận và Trả kết quả" in text
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân huyện" in text


def test_a_collectives_achievement_report_is_headed_by_the_collective_and_confirmed_by_the_ubnd(award_round):
    """The Đoàn's report sat under "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH": a collective issues its own report (Mẫu 07)
    under its parent body, signs for its committee, and the UBND xã confirms it below."""
    report = build_achievement_reports(award_round)[0]
    assert "doan-thanh-nien" in report.path
    text = pdfcheck.all_text(report.content)
    head = text[: text.index("CỘNG HÒA")]
    assert head.startswith("ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH HUYỆN TÂN BIÊN"), head
    assert "XÃ TÂN BÌNH" in text[: text.index("BÁO CÁO THÀNH TÍCH")]
    assert "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH" not in text[: text.index("BÁO CÁO THÀNH TÍCH")]
    assert "XÁC NHẬN, ĐỀ NGHỊ CỦA ỦY BAN NHÂN DÂN XÃ TÂN BÌNH" in text and "TM. BAN CHẤP HÀNH" in text


def test_the_demo_reports_of_achievements_share_no_paragraph_of_initiatives_or_discipline(award_round):
    """A reviewer sends back two reports carrying the same boilerplate: each nominee states its own."""
    from documents.sources.awards import achievement_reports

    reports = [doc for _nomination, doc in achievement_reports(award_round)]
    assert len(reports) == 2
    for section in ("initiatives", "discipline"):
        first, second = (set(getattr(doc, section)) for doc in reports)
        assert first and second and not first & second, section


def test_each_achievement_report_states_the_nominees_own_figures_in_text_and_table(campaign, kpi_log):
    """Mẫu 07: particulars, duties, the registration and figures from the nominee's frozen evidence."""
    from tests.kpi.conftest import row

    rows = [row(f"HT{i:03d}", **{"Lĩnh vực": "Hộ tịch", "Đánh giá": "Hài lòng"}) for i in range(40)]
    rows += [row("HT-KHL", **{"Lĩnh vực": "Hộ tịch", "Đánh giá": "KHL", "Lý do không hài lòng": "Cán bộ nhũng nhiễu"})]
    kpi_log(rows)
    ensure_award_round(campaign)
    files = build_achievement_reports(campaign)
    texts = [pdfcheck.all_text(f.content) for f in files]
    unit_report = texts[1]
    assert "Bộ phận Tiếp nhận và Trả kết quả xã Tân Bình" in unit_report
    assert "Người đứng đầu: Nguyễn Thị Hồng" in unit_report
    assert "Đăng ký thi đua ngày 11 tháng 01 năm 2022" in unit_report
    # 1 harassment complaint of 41 ratings: the text says so, with the same figure as the table.
    assert "2,44% (1 lượt không hài lòng do nhũng nhiễu, gây phiền hà trên 41 lượt đánh giá)" in unit_report
    assert unit_report.count("2,44%") == 2
    # Nor does its own discipline paragraph claim a year without complaints ("không có phản ánh, kiến nghị").
    assert "không có phản ánh" not in unit_report and "Không đạt" in unit_report
    for text in texts:
        assert "nhiệm vụ: ban, ngành" not in text and "Số:" not in text
        assert "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text and "XÁC NHẬN, ĐỀ NGHỊ CỦA" in text
    assert texts[0].split("II. THÀNH TÍCH")[1] != texts[1].split("II. THÀNH TÍCH")[1]


def test_the_signers_names_of_an_achievement_report_sit_on_one_line_with_the_body_on_their_page(award_round):
    report = build_achievement_reports(award_round)[1].content
    last = len(pdfcheck.reader(report).pages) - 1
    runs = pdfcheck.text_runs(report, last)
    chairman = next(r for r in runs if "Lê Văn Tài" in r.text)
    head = next(r for r in runs if "Nguyễn Thị Hồng" in r.text)  # the desk's head, a Phó Chủ tịch
    assert abs(chairman.y_mm - head.y_mm) < 0.6  # the same line (pypdf may return them as one run)
    assert any(r.y_mm < chairman.y_mm - 40 and len(r.text) > 30 for r in runs)  # body text above the signatures


def test_the_submission_asks_the_district_for_its_giay_khen_and_to_forward_the_bang_khen(award_round):
    text = text_of(build_submission(award_round))
    assert "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện cho 1 tập thể đã có thành tích" in text
    assert (
        "trình Chủ tịch Ủy ban nhân dân tỉnh Tây Ninh tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 1 tập thể"
        in text
    )
    assert "Tặng Bằng khen" not in text  # the district does not award the province's Bằng khen
    assert "tập thể, cá nhân (danh sách" not in text and "1 tập thể, cá nhân" not in text
    assert "Nơi nhận: - Như trên; - Lưu: VT, VP." in text  # Phòng Nội vụ is an addressee, not repeated
    assert "Căn cứ Luật Thi đua, khen thưởng ngày" in text  # the set in force on the tờ trình's own date
    assert "phát động thi đua" not in text.replace("Phát động thi đua", "")


def test_the_decision_has_its_number_bases_articles_and_awardees(award_round):
    text = text_of(build_decision(award_round))
    assert "01/QĐ-UBND" in text and "QUYẾT ĐỊNH" in text
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;" in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;" in text
    assert (
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng;"
    ) in text
    assert "Điều 1" in text and "Điều 4" in text and "Như Điều 4" in text
    assert "cho 2 tập thể đã có thành tích" in text  # without one-stop logs the individuals miss the on-time rule
    for name in ("Ấp Tân Đông, xã Tân Bình", "Hội Liên hiệp Phụ nữ xã Tân Bình"):
        assert name in text
    assert "Ông/Bà" not in text and "Bộ phận Một cửa, Bộ phận Tiếp nhận" not in text
    assert "phong trào thi đua" in text and "khen thưởng phát động thi đua" not in text
    assert "trong phát động thi đua" not in text


def test_each_row_of_the_submission_and_decision_lists_sums_up_that_nominees_own_achievements(award_round):
    from documents.sources.awards import (
        decision_document,
        district_list_row,
        latest_decision,
        proposed_nominations,
        submission_document,
    )

    proposed = proposed_nominations(award_round)
    lines = [line for group in submission_document(award_round, None).groups for line in group.nominees]
    awardees = decision_document(latest_decision(award_round)).awardees
    assert len(lines) >= 2 and len(awardees) >= 2
    # The tờ trình's "Thành tích" is the district list's "Tóm tắt thành tích" of the same nominee, row by row.
    summaries = {district_list_row(1, n)[1]: district_list_row(1, n)[-1] for n in proposed}
    assert {line.name: line.achievement for line in lines} == summaries
    for rows in (lines, awardees):
        texts = [row.achievement for row in rows]
        assert len(set(texts)) == len(texts), texts  # never one sentence repeated on every row
        assert all(text and "Đã có thành tích xuất sắc" not in text for text in texts)
    for awardee, nomination in zip(awardees, latest_decision(award_round).nominations.order_by("id"), strict=True):
        assert awardee.achievement == district_list_row(1, nomination)[-1]


def test_the_prize_list_names_its_preparer_and_accountant_from_the_communes_people(award_round):
    """NGƯỜI LẬP BIỂU is the Văn phòng – Thống kê officer who proposed the nominations, KẾ TOÁN the Tài chính –
    Kế toán civil servant; with nobody recorded under a title its line stays blank for a handwritten name."""
    from campaigns.models import Person

    commune = award_round.commune
    proposer = award_round.award_decisions.get().nominations.order_by("id").first().proposed_by
    preparer = Person.objects.get(user=proposer)
    assert "Văn phòng – Thống kê" in preparer.position
    accountant = Person.objects.filter(commune=commune, position__contains="Tài chính – Kế toán").order_by("id").first()
    if accountant is None:
        accountant = Person.objects.create(
            commune=commune, full_name="Lý Thị Hạnh", position="Công chức Tài chính – Kế toán", sex="female"
        )
    text = text_of(build_decision(award_round))
    prize_list = text[text.index("DANH SÁCH NHẬN TIỀN THƯỞNG") :]
    names = prize_list[prize_list.index("(Ký, ghi rõ họ tên, đóng dấu)") :]
    assert preparer.full_name in names and accountant.full_name in names
    Person.objects.filter(commune=commune, position__contains="Tài chính – Kế toán").update(is_active=False)
    blank = text_of(build_decision(award_round))
    assert accountant.full_name not in blank[blank.index("DANH SÁCH NHẬN TIỀN THƯỞNG") :]
    assert preparer.full_name in blank[blank.index("DANH SÁCH NHẬN TIỀN THƯỞNG") :]


def test_the_decision_pays_the_prize_money_of_nd_91_from_the_fund_with_a_list_to_sign(award_round):
    text = text_of(build_decision(award_round))
    assert "DANH SÁCH TẬP THỂ ĐƯỢC KHEN THƯỞNG" in text  # the fixture's commune awards go to two collectives
    # 10/01/2023: 1.490.000 đ base salary; a collective gets 2 × 0,15 × 1.490.000 = 447.000 → 450.000.
    assert "mỗi tập thể 450.000 đồng" in text
    # 223.500 is paid as 230.000: the decision says it is rounded up, and under which clause.
    assert "0,15 lần mức lương cơ sở 1.490.000 đồng, làm tròn lên hàng chục nghìn đồng" in text
    assert "điểm d khoản 1, điểm b khoản 2 Điều 73 và khoản 2 Điều 68 Nghị định số 91/2017/NĐ-CP" in text
    assert "Tổng số tiền thưởng 900.000 đồng (chín trăm nghìn đồng)" in text
    assert "Quỹ Thi đua, khen thưởng của xã Tân Bình" in text
    assert "DANH SÁCH NHẬN TIỀN THƯỞNG" in text and "Ký nhận" in text and "Tổng cộng 900.000" in text
    # Paid against signatures: who drew the list up, the accountant, and the chairman who approves it, by name.
    prize_list = text[text.index("DANH SÁCH NHẬN TIỀN THƯỞNG") :]
    for signer in ("NGƯỜI LẬP BIỂU", "KẾ TOÁN", "CHỦ TỊCH", "(Ký, ghi rõ họ tên, đóng dấu)"):
        assert signer in prize_list, signer
    chairman = award_round.award_decisions.get().signatory_name
    assert chairman and prize_list.rstrip().endswith(chairman)


def test_one_landscape_certificate_per_commune_awardee(award_round):
    files = build_certificates(award_round)
    assert [f.path for f in files] == [
        "giay-khen/01-ap-tan-dong.pdf",
        "giay-khen/02-hoi-lien-hiep-phu-nu-xa.pdf",
    ]
    text = pdfcheck.all_text(files[1].content)
    assert "Hội Liên hiệp Phụ nữ xã Tân Bình" in text and "01/QĐ-UBND ngày 10 tháng 01 năm 2023" in text
    width, height = pdfcheck.page_size_mm(files[1].content)
    assert width > height


def test_file_names_are_ascii_slugs():
    assert file_slug("Đặng Thị Ánh") == "dang-thi-anh"
    assert file_slug("Tư pháp – Hộ tịch") == "tu-phap-ho-tich"


def test_issuing_a_number_twice_takes_one_number_from_the_series(award_round, users):
    import datetime as dt

    before = NumberSeries.objects.filter(commune=award_round.commune, issuer="ubnd", year=2023).get().last_number
    first = services.document_number_issue(
        actor=users["chutich"], campaign=award_round, code="x-test", symbol="TTr-UBND", issued_on=dt.date(2023, 2, 1)
    )
    second = services.document_number_issue(
        actor=users["chutich"], campaign=award_round, code="x-test", symbol="TTr-UBND", issued_on=dt.date(2023, 3, 1)
    )
    assert first.pk == second.pk and first.number == before + 1
    assert NumberSeries.objects.get(commune=award_round.commune, issuer="ubnd", year=2023).last_number == before + 1
    assert first.reference == f"{before + 1:02d}/TTr-UBND"


def test_rendering_the_submission_takes_no_number_and_prints_an_empty_number_field(award_round):
    before = list(NumberSeries.objects.filter(commune=award_round.commune).values_list("issuer", "year", "last_number"))
    text = text_of(build_submission(award_round))
    text_of(build_submission(award_round))
    assert not IssuedNumber.objects.filter(campaign=award_round, code=KindCode.SUBMISSION).exists()
    after = list(NumberSeries.objects.filter(commune=award_round.commune).values_list("issuer", "year", "last_number"))
    assert after == before
    assert re.search(r"Số:\s+/TTr-UBND", text), text[:400]


def test_finalising_the_submission_twice_takes_one_number_and_the_rendering_prints_it(award_round, users):
    import datetime as dt

    first = submission_finalise(actor=users["chutich"], campaign=award_round, issued_on=dt.date(2023, 1, 12))
    again = submission_finalise(actor=users["chutich"], campaign=award_round, issued_on=dt.date(2023, 1, 13))
    assert first.pk == again.pk and first.issued_on == dt.date(2023, 1, 12)
    series = NumberSeries.objects.get(commune=award_round.commune, issuer="ubnd", year=2023)
    assert series.last_number == first.number
    assert (
        AuditEvent.objects.filter(action="document.number", object_id=str(first.pk), actor=users["chutich"]).count()
        == 1
    )
    text = text_of(build_submission(award_round))
    assert f"Số: {first.reference}" in text and "ngày 12 tháng 01 năm 2023" in text


def test_only_the_chairman_finalises_the_submission(award_round, users):
    import datetime as dt

    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        submission_finalise(actor=users["vanphong"], campaign=award_round, issued_on=dt.date(2023, 1, 12))
    assert not IssuedNumber.objects.filter(campaign=award_round, code=KindCode.SUBMISSION).exists()


def test_a_submission_cannot_be_finalised_with_a_date_before_the_last_number_of_the_series(award_round, users):
    import datetime as dt

    from django.core.exceptions import ValidationError

    last = NumberSeries.objects.get(commune=award_round.commune, issuer="ubnd", year=2023).last_issued_on
    with pytest.raises(ValidationError) as error:
        submission_finalise(actor=users["chutich"], campaign=award_round, issued_on=last - dt.timedelta(days=1))
    assert error.value.code == "number_order"
    assert not IssuedNumber.objects.filter(campaign=award_round, code=KindCode.SUBMISSION).exists()


def test_the_summary_report_shows_kpi_results_registrations_narrative_and_awards(award_round, users, kpi_log):
    from tests.rewards.conftest import lan_rows

    kpi_log(lan_rows(20, late=2))  # 18/20 on time: 90%, below the 95% target
    build_summary_report(award_round, users)
    text = text_of(build_summary(award_round))
    assert "BÁO CÁO" in text and "/BC-UBND" in text
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn" in text and "90%" in text and "Không đạt" in text
    assert "≥ 95%" in text and "Kết quả đăng ký thi đua: 8/11 tập thể và 26/31 cá nhân" in text
    assert "Biểu số II.06a/VPCP/KSTT" in text and "Trả lại, rút hồ sơ" in text
    assert "Bài học kinh nghiệm" in text and "chưa đạt chỉ tiêu ≥ 95%" in text
    assert "Hội Liên hiệp Phụ nữ xã Tân Bình" in text and "Đã quyết định" in text
    assert "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Tân Bình" in text
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐĂNG KÝ THI ĐUA" in text and "10/01/2022" in text
    assert "phong trào thi đua" in text and "Tổng kết phát động" not in text


SOFTWARE_TEXT = (
    "Chưa đủ số liệu",
    "Cần số liệu của ít nhất hai tháng",
    "Chưa có số liệu",
    "Chưa tổng hợp số liệu",
    "đánh giá khi xét khen thưởng",
    "…",
    "None",
)


def test_the_summary_report_prints_no_software_text_and_the_officers_assessments(award_round, users, kpi_log):
    from demo.documents import SUMMARY_ASSESSMENTS
    from tests.rewards.conftest import lan_rows

    kpi_log(lan_rows(20, late=2))
    build_summary_report(award_round, users)
    from documents.sources.summary import NO_BASELINE

    text = text_of(build_summary(award_round))
    # The one "chưa có số liệu" a reader must see: the plain statement that a first campaign has no
    # previous year to compare with (issue 14), a fact of the report rather than a software message.
    facts_removed = text.replace(pdfcheck.normalise(NO_BASELINE), "")
    for phrase in SOFTWARE_TEXT:
        assert phrase not in facts_removed, phrase
    assert pdfcheck.normalise(SUMMARY_ASSESSMENTS["1"]) in text
    assert "Kiến nghị, đề xuất" in text and "PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ KIẾN NGHỊ" in text


def test_an_increase_target_is_not_judged_by_december_against_january(award_round, users, kpi_log):
    """The first campaign has no previous year: "Nâng cao so với năm trước" gets no verdict from two months
    of one year; the report says plainly there is no baseline, in the table and in the PDF."""
    from documents.sources.summary import NO_BASELINE, kpi_figures
    from tests.kpi.conftest import row

    december = {
        "Ngày tiếp nhận": "05/12/2022 08:00",
        "Ngày hẹn trả": "12/12/2022",
        "Ngày có kết quả": "09/12/2022 10:00",
    }
    kpi_log([row("HS1", **{"Kênh nộp": "2"}), row("HS2", **december)])  # online 100% in March, 0% in December
    from tanbinh_portal.formatting import INCREASE_LABEL

    rows = [r for r in kpi_figures(award_round)["kpi_rows"] if r.target == INCREASE_LABEL]
    assert rows and all(r.met is None and r.verdict == "Chưa có số liệu năm trước để so sánh" for r in rows)
    assert all("so với cùng kỳ" not in r.formula for r in rows)
    build_summary_report(award_round, users)
    text = text_of(build_summary(award_round))
    assert pdfcheck.normalise(NO_BASELINE) in text and "Không có mốc" not in text


@pytest.fixture
def two_years(award_round, officer, chairman):
    """The award round's 2022 campaign and its 2023 successor (copied, launched), with sent e-documents
    stored for March 2022 (100) and March–April 2023 (120 + 10)."""
    from campaigns import services as campaign_services
    from campaigns.next_year import campaign_copy_next_year, next_year_preview
    from kpi.services.compute import indicators_recompute
    from kpi.services.monthly import monthly_values_save
    from tanbinh_portal.optimistic import UNCHECKED

    plan = next_year_preview(source=award_round, year=2023)
    new = campaign_copy_next_year(actor=officer, source=award_round, year=2023, fingerprint=plan.fingerprint)
    campaign_services.campaign_update(
        actor=officer, campaign=new, data={"document_number": "03/KH-UBND"}, expected_version=UNCHECKED
    )
    new = campaign_services.campaign_launch(actor=chairman, campaign=new)
    for campaign, month, sent in ((award_round, "2022-03", 100), (new, "2023-03", 120), (new, "2023-04", 10)):
        monthly_values_save(
            actor=officer, campaign=campaign, month=month, values={"e_documents": sent}, expected_version=UNCHECKED
        )
    indicators_recompute(campaign=award_round)
    indicators_recompute(campaign=new)
    return award_round, new


def test_an_increase_target_is_judged_against_the_previous_campaigns_stored_values(two_years):
    """With a previous campaign the row compares the same months of both years and prints the explanation."""
    from documents.sources.summary import kpi_figures

    _old, new = two_years
    rows = {r.indicator: r for r in kpi_figures(new)["kpi_rows"]}
    sent = next(r for name, r in rows.items() if "văn bản" in name.lower() and r.met is not None)
    # March–April 2023 (130) against March–April 2022 (100, April had no figure): up, so met.
    assert sent.met is True and sent.verdict == "Đạt"
    assert sent.formula == "Tháng 3–4: 130 so với cùng kỳ năm 2022: 100."


def test_the_summary_report_prints_each_measured_result_beside_the_same_months_of_the_previous_year(
    two_years, officer, kpi_log
):
    """The results table gets a "Cùng kỳ năm 2022" column from the year comparison: the previous campaign's
    value over the months this one has, in Vietnamese number format; a dash where it holds no figure."""
    from documents.sources.summary import NO_FIGURE, NO_PREVIOUS_YEAR, suggested_sections, summary_report_document
    from kpi.services.compute import indicators_recompute
    from kpi.services.monthly import monthly_values_save
    from rewards import services as reward_services
    from tanbinh_portal.optimistic import UNCHECKED
    from tests.kpi.conftest import row

    old, new = two_years
    # One-stop logs for both years, same month: 2 of 3 on time in March 2022, 1 of 1 in March 2023.
    late = {"Ngày hẹn trả": "10/03/{y}", "Ngày có kết quả": "15/03/{y} 10:00"}
    kpi_log([
        row("HS1"), row("HS2"), row("HS3", **{k: v.format(y=2022) for k, v in late.items()}),
        row("HS4", **{"Ngày tiếp nhận": "07/03/2023 08:00", "Ngày hẹn trả": "14/03/2023",
                      "Ngày có kết quả": "09/03/2023 10:00"}),
    ])  # fmt: skip
    monthly_values_save(  # a figure 2022 never recorded: its cell is a dash
        actor=officer, campaign=new, month="2023-03", values={"digital_signatures": 40}, expected_version=UNCHECKED
    )
    indicators_recompute(campaign=new)
    reward_services.summary_report_save(
        actor=officer, campaign=new, sections=suggested_sections(new), expected_version=UNCHECKED
    )
    document = summary_report_document(new)
    assert document.previous_year == 2022 and document.comparison_note == ""
    rows = {r.indicator.lower(): r for r in document.kpi_rows}
    sent = next(r for name, r in rows.items() if "văn bản" in name)
    on_time = next(r for name, r in rows.items() if "đúng hạn" in name)
    assert sent.value == "130 văn bản" and sent.previous == "100 văn bản"
    assert on_time.value == "100,00%" and on_time.previous == "66,67%"  # 2/3 in March 2022, not 0,6667
    assert all(r.previous for r in document.kpi_rows)  # every row has a cell: a value or the dash
    assert [r.previous for r in document.kpi_rows if r.value.startswith("40 ")] == [NO_FIGURE], rows
    text = text_of(build_summary(new))
    assert "Cùng kỳ năm 2022" in text and "66,67%" in text
    assert pdfcheck.normalise(NO_PREVIOUS_YEAR) not in text and "None" not in text


def test_without_a_previous_campaign_the_summary_report_has_no_previous_year_column_and_says_so(
    award_round, users, kpi_log
):
    from documents.sources.summary import NO_PREVIOUS_YEAR, summary_report_document
    from tests.rewards.conftest import lan_rows

    kpi_log(lan_rows(20, late=2))
    build_summary_report(award_round, users)
    document = summary_report_document(award_round)
    assert document.previous_year is None and document.comparison_note == NO_PREVIOUS_YEAR
    assert document.kpi_rows and all(r.previous == "" for r in document.kpi_rows)
    text = text_of(build_summary(award_round))
    assert "Cùng kỳ năm" not in text and pdfcheck.normalise(NO_PREVIOUS_YEAR) in text


def test_every_row_of_the_06a_table_balances_with_the_returned_and_withdrawn_column(award_round, kpi_log):
    from documents.sources.summary import kpi_figures
    from tests.kpi.conftest import row

    rows = [row(f"HS{i}") for i in range(6)]
    rows.append(row("RUT1", **{"Trạng thái": "7", "Ngày có kết quả": "", "Ngày trả kết quả": "16/03/2022 09:00"}))
    kpi_log(rows)
    table = kpi_figures(award_round)["form_06a"]
    assert table and all(r.balances for r in table)
    year = table[-1]
    assert year.label == "Cả năm 2022" and year.returned == 1
    assert year.received_total == year.resolved_total + year.pending_total + year.returned


def test_award_kinds_are_not_available_before_the_award_round(campaign):
    for code in ("bao-cao-tong-ket", "bien-ban-hop-hoi-dong", "to-trinh-de-nghi-khen-thuong", "giay-khen"):
        assert get_kind(code).available(campaign) is False


def test_abbreviations_are_spelled_out_in_running_text_but_not_in_document_symbols(award_round, users):
    import re

    from documents.sources.awards import spell_out
    from documents.sources.summary import summary_report_document

    assert spell_out("Kế hoạch số 05/KH-UBND của UBND xã, HĐ TĐKT xã, Bộ phận TN&TKQ") == (
        "Kế hoạch số 05/KH-UBND của Ủy ban nhân dân xã, Hội đồng Thi đua – Khen thưởng xã, "
        "Bộ phận Tiếp nhận và Trả kết quả"
    )
    build_summary_report(award_round, users)
    document = summary_report_document(award_round)
    running = [*document.organisation, document.introduction]
    assert not any(re.search(r"(?<![-/\w])(UBND|TĐKT|TN&TKQ)\b", line) for line in running)


def test_the_chairmans_approval_of_the_bundle_numbers_the_submission_in_the_same_request(award_round, users):
    from documents.models import GeneratedDocument
    from documents.services import document_request
    from tanbinh_portal.periods import local_today

    document = document_request(actor=users["chutich"], campaign=award_round, kind=KindCode.DISTRICT_BUNDLE)
    assert document.sign
    number = IssuedNumber.objects.get(campaign=award_round, code=KindCode.SUBMISSION)
    assert number.issued_on == local_today() and number.reference.endswith("/TTr-UBND")
    assert GeneratedDocument.objects.filter(campaign=award_round, kind=KindCode.DISTRICT_BUNDLE).count() == 1


def test_a_bundle_whose_submission_cannot_take_its_number_is_not_queued(award_round, users, monkeypatch):
    from django.core.exceptions import ValidationError

    from documents.models import GeneratedDocument
    from documents.services import documents as document_services  # where local_today is looked up

    last = NumberSeries.objects.get(commune=award_round.commune, issuer="ubnd", year=2023).last_issued_on
    import datetime as dt

    monkeypatch.setattr(document_services, "local_today", lambda: last - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        document_services.document_request(actor=users["chutich"], campaign=award_round, kind=KindCode.DISTRICT_BUNDLE)
    assert error.value.code == "number_order"
    assert not GeneratedDocument.objects.filter(campaign=award_round, kind=KindCode.DISTRICT_BUNDLE).exists()
    assert not IssuedNumber.objects.filter(campaign=award_round, code=KindCode.SUBMISSION).exists()


def test_the_summary_page_shows_the_previous_year_beside_this_years_results(two_years, client_as):
    """The officer's page carries the report's "Cùng kỳ năm …" column; a first campaign says why it has none."""
    old, new = two_years
    client = client_as("vanphong")
    page = client.get(reverse("documents:summary-report", args=[new.slug])).content.decode()
    assert "<th>Cùng kỳ năm 2022</th>" in page
    assert "Không có số liệu của phong trào thi đua năm trước" not in page
    first = client.get(reverse("documents:summary-report", args=[old.slug])).content.decode()
    assert "Cùng kỳ năm" not in first
    assert "Không có số liệu của phong trào thi đua năm trước để so sánh" in first


def test_the_provincial_bang_khen_report_of_a_collective_states_its_members_commitments_and_results(
    campaign, kpi_log, client_as
):
    """Đoàn Thanh niên has no scope of its own in the logs: its report gives the commune's results for the
    measured targets it committed to, in text and table alike, and its own headcount, never the portal's."""
    from campaigns.models import Unit
    from tests.kpi.conftest import row

    rows = [row(f"HT{i:03d}", **{"Lĩnh vực": "Hộ tịch", "Đánh giá": "Hài lòng"}) for i in range(40)]
    rows += [row("HT-KHL", **{"Lĩnh vực": "Hộ tịch", "Đánh giá": "KHL", "Lý do không hài lòng": "Cán bộ nhũng nhiễu"})]
    kpi_log(rows)
    ensure_award_round(campaign)
    # A commune that has not entered the counts yet (the demo organisation has its own: 246 and 7).
    proposed = Unit.objects.filter(
        name__in=["Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "Bộ phận Tiếp nhận và Trả kết quả"]
    )
    assert proposed.filter(member_count__isnull=False).count() == 2
    proposed.update(member_count=None)
    url = reverse("documents:document-list", args=[campaign.slug])
    page = client_as("vanphong").get(url).content.decode()
    assert "chưa ghi tổng số thành viên của: Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Tân Bình" in page
    Unit.objects.filter(unit_type="one_stop").update(member_count=4)
    Unit.objects.filter(name="Đoàn Thanh niên Cộng sản Hồ Chí Minh xã").update(member_count=68)
    assert "chưa ghi tổng số thành viên" not in client_as("vanphong").get(url).content.decode()
    youth = pdfcheck.all_text(build_achievement_reports(campaign)[0].content)
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in youth
    assert "Tổng số thành viên: 68 người" in youth and "1 người" not in youth
    assert "cam kết thực hiện các nội dung" in youth
    assert "kết quả của toàn xã như sau" in youth
    # The same figure in the sentence and in the table row: 1 harassment complaint of 41 ratings.
    sentence = "Tỷ lệ không hài lòng do nhũng nhiễu, gây phiền hà – toàn xã: 2,44% (1 lượt"
    assert sentence in youth and youth.count("2,44%") == 2 and "chưa đạt chỉ tiêu < 1,3%" in youth
    assert "Không đạt" in youth  # the table's verdict agrees with the text
    # A collective with its own scope keeps its own figures, never the commune's.
    one_stop = pdfcheck.all_text(build_achievement_reports(campaign)[1].content)
    assert "Tổng số thành viên: 4 người" in one_stop and "kết quả của toàn xã như sau" not in one_stop


def test_each_appendix_list_ends_with_what_it_holds_and_the_end_mark_not_a_lone_one(award_round, users):
    """NĐ 30 Mẫu 2.1: an appendix's content ends with "./."; after a table it closes a sentence saying what
    the list holds, never a mark alone under the table."""
    submission = text_of(build_submission(award_round))
    assert submission.rstrip().endswith("Danh sách có 2 tập thể./.")
    decision = text_of(build_decision(award_round))
    assert decision.count("Danh sách có 2 tập thể./.") == 2  # the award list and the prize list
    prize_list = decision[decision.index("DANH SÁCH NHẬN TIỀN THƯỞNG") :]
    assert prize_list.index("Số tiền bằng chữ") < prize_list.index("./.")
    for text in (submission, decision):
        assert not re.search(r"(?m)^\s*\./\.\s*$", text)
    build_summary_report(award_round, users)
    summary = text_of(build_summary(award_round))
    registrations = award_round.registrations.count()
    units = award_round.registrations.filter(unit__isnull=False).count()
    assert f"Danh sách có {units} tập thể và {registrations - units} cá nhân đăng ký thi đua./." in summary


def test_a_certificate_addresses_an_individual_as_ong_or_ba_and_a_collective_by_its_name(nominate):
    from documents.sources.awards import addressed_name, nominee_name

    lan, sang = nominate("Võ Thị Lan"), nominate("Huỳnh Văn Sang")
    assert (addressed_name(lan), addressed_name(sang)) == ("Bà Võ Thị Lan", "Ông Huỳnh Văn Sang")
    assert nominee_name(lan) == "Võ Thị Lan"  # lists and tables keep the bare name
    women = nominate("Hội Liên hiệp Phụ nữ xã")
    assert addressed_name(women) == "Hội Liên hiệp Phụ nữ xã Tân Bình"


def test_an_individuals_unit_on_award_papers_is_the_name_it_bore_in_the_campaign_year(nominate, users):
    """The desk was renamed in 2025: the 2022 award papers keep its 2022 name beside Võ Thị Lan's position,
    in the district list and in her report's particulars."""
    import datetime as dt

    from campaigns import services as campaign_services
    from documents.sources.awards import DISTRICT_LIST_COLUMNS, _person_profile, district_list_row, position_unit

    nomination = nominate("Võ Thị Lan", "giay-khen-chu-tich-huyen-2017")
    desk = nomination.person.unit
    campaign_services.unit_rename(
        actor=users["vanphong"], unit=desk, name="Trung tâm Phục vụ hành chính công xã", valid_from=dt.date(2025, 7, 1)
    )
    row = dict(zip(DISTRICT_LIST_COLUMNS, district_list_row(1, nomination), strict=True))
    profile = dict(_person_profile(nomination))
    for text in (position_unit(nomination), row["Đơn vị"], profile["Đơn vị công tác"]):
        assert "Bộ phận Tiếp nhận và Trả kết quả xã Tân Bình" in text, text
        assert "Trung tâm" not in text
    assert profile["Đơn vị công tác"].endswith("huyện Tân Biên, tỉnh Tây Ninh")  # before the 2025 reform
