"""Sample data for every document data class: used by the tests, the benchmark and as examples.

The values follow the 2022 Tân Bình campaign; they are illustrations, not facts of the campaign.
Selectors of the kpi and rewards apps fill the same classes from the database.
"""

from __future__ import annotations

import datetime as dt

from documents.engine import BundleList
from documents.engine.data import (
    AchievementReportDocument,
    AwardLine,
    CertificateDocument,
    CouncilMinutesDocument,
    DecisionAwardee,
    DecisionDocument,
    Form06aRow,
    Header,
    KpiRow,
    NomineeGroup,
    NomineeLine,
    Paragraphs,
    Signature,
    SubmissionDocument,
    SummaryReportDocument,
    TrendSeries,
    VoteRow,
)
from tanbinh_portal.templatetags.portal import vn_time

UBND = "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH"
UBND_NAME = "Ủy ban nhân dân xã Tân Bình"
COUNCIL = "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG XÃ TÂN BÌNH"
CHAIRMAN = Signature(authority=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name="Lê Văn Tài")
MONTHS = [f"{m:02d}/2022" for m in range(1, 13)]
AWARD_COMMUNE = "Giấy khen của Chủ tịch UBND xã"
AWARD_DISTRICT = "Giấy khen của Chủ tịch UBND huyện"
FIRST = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Hữu"]
LAST = ["An", "Bình", "Cường", "Dũng", "Hạnh", "Lan", "Phúc", "Sang", "Thu", "Yến", "Đức", "Ánh"]


def nominees(count: int) -> list[NomineeLine]:
    """``count`` nominees, a quarter collectives, split between the commune and district forms."""
    lines = []
    for i in range(count):
        collective = i % 4 == 0
        name = f"Tập thể Ấp số {i + 1}" if collective else f"{FIRST[i % 10]} {MIDDLE[i % 5]} {LAST[(i // 2) % 12]}"
        lines.append(
            NomineeLine(
                number=i + 1,
                name=name,
                kind="Tập thể" if collective else "Cá nhân",
                position_unit="Ấp thuộc xã Tân Bình" if collective else "Công chức Bộ phận Một cửa",
                achievement="Hoàn thành xuất sắc nhiệm vụ cải cách hành chính năm 2022",
                award_form=AWARD_DISTRICT if i % 3 == 0 else AWARD_COMMUNE,
            )
        )
    return lines


def group_by_form(lines: list[NomineeLine]) -> list[NomineeGroup]:
    forms: dict[str, list[NomineeLine]] = {}
    for line in lines:
        forms.setdefault(line.award_form, []).append(line)
    return [NomineeGroup(award_form=form, nominees=items) for form, items in forms.items()]


def summary_report() -> SummaryReportDocument:
    on_time = [96.1, 95.4, 97.0, None, 94.2, 96.8, 97.5, 98.0, 96.3, 95.9, 97.1, 98.4]
    return SummaryReportDocument(
        header=Header(
            issuing_body=UBND,
            number="210/BC-UBND",
            place="Tân Bình",
            date=dt.date(2022, 12, 16),
            doc_type="BÁO CÁO",
            summary="Tổng kết phong trào thi đua thực hiện cải cách hành chính năm 2022",
        ),
        introduction="Thực hiện Kế hoạch số 05/KH-UBND ngày 05/01/2022, UBND xã báo cáo kết quả như sau:",
        organisation=["UBND xã tổ chức phát động phong trào đến toàn thể cán bộ, công chức."],
        registration_figures=[("Tập thể đăng ký", "9/12"), ("Cá nhân đăng ký", "25/30")],
        kpi_rows=[
            KpiRow(
                "Nội dung 2",
                "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn",
                "≥ 95%",
                "96,7%",
                True,
                "(trước hạn + đúng hạn) ÷ đã giải quyết",
                verdict="Đạt",
                missed="Tháng chưa đạt – tháng 02/2022: 90,98%",
            ),
            KpiRow("Nội dung 2", "Tỷ lệ không hài lòng do nhũng nhiễu", "< 1,3%", "1,6%", False, verdict="Không đạt"),
            KpiRow(
                "Nội dung 4",
                "Tỷ lệ hồ sơ giải quyết 4 tại chỗ",
                "Nâng cao so với năm trước",
                "46,1%",
                None,
                verdict="Chưa so sánh được: kế hoạch không có số liệu năm trước làm mốc",
            ),
        ],
        assessed=[("Nội dung 1", "Hoàn thành tốt")],
        form_06a_period="từ ngày 15/12/2021 đến ngày 14/12/2022",
        form_06a_rows=[Form06aRow("Cả năm 2022", 1250, 610, 600, 40, 1200, 300, 860, 40, 40, 38, 2, returned=10)],
        trends=[TrendSeries("Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn", MONTHS, on_time, target=95.0)],
        narrative=[
            Paragraphs("Ưu điểm, những mặt đã làm được", ["Cán bộ Bộ phận Một cửa tận tình, đúng hạn."]),
            Paragraphs("Tác dụng của phong trào thi đua", ["Người dân hài lòng hơn."]),
            Paragraphs("Hạn chế, thiếu sót", ["Tỷ lệ không hài lòng chưa đạt chỉ tiêu."]),
            Paragraphs("Bài học kinh nghiệm", ["Người đứng đầu phải trực tiếp chỉ đạo."]),
        ],
        awards=[
            AwardLine("Bộ phận Tiếp nhận và Trả kết quả", "Tập thể", AWARD_DISTRICT, "Đề nghị"),
            AwardLine("Võ Thị Lan", "Cá nhân", AWARD_COMMUNE, "Đã quyết định"),
        ],
        recipients=["UBND huyện", "Phòng Nội vụ huyện", "Lưu: VT, VP"],
        signature=CHAIRMAN,
    )


def council_minutes(count: int = 3) -> CouncilMinutesDocument:
    votes = [
        VoteRow(
            n.name,
            n.award_form,
            7,
            6 - (i % 3),
            1 + (i % 3),
            f"{(6 - (i % 3)) * 100 / 7:.1f}%".replace(".", ","),
            (6 - (i % 3)) * 100 / 7 >= 70,
            present=7,
        )
        for i, n in enumerate(nominees(count))
    ]
    return CouncilMinutesDocument(
        header=Header(
            issuing_body=COUNCIL,
            parent_body="UBND XÃ TÂN BÌNH",
            number="03/BB-HĐTĐKT",
            doc_type="BIÊN BẢN",
            summary=(
                "Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng phong trào thi đua cải cách hành chính năm 2022"
            ),
            show_place_date=False,
        ),
        started_at=f"{vn_time(dt.time(14, 0))}, ngày 15 tháng 12 năm 2022",
        place="Hội trường UBND xã Tân Bình",
        chair="Ông Lê Văn Tài, Chủ tịch UBND xã, Chủ tịch Hội đồng",
        secretary="Ông Nguyễn Văn Bình, công chức Văn phòng – Thống kê",
        attendees=["Ông Lê Văn Tài – Chủ tịch Hội đồng", "Bà Nguyễn Thị Hồng – Phó Chủ tịch Hội đồng"],
        absent=["Ông Trần Văn Phúc (có ý kiến bằng văn bản)"],
        agenda=["Xét đề nghị khen thưởng phong trào thi đua cải cách hành chính năm 2022."],
        vote_rule="bỏ phiếu kín; đạt khi có từ 70% tổng số thành viên Hội đồng đồng ý",
        votes=votes,
        conclusions=["Hội đồng thống nhất đề nghị khen thưởng các tập thể, cá nhân đạt kết quả biểu quyết."],
        ended_at=f"{vn_time(dt.time(16, 30))} cùng ngày",
        recipients=["Thành viên Hội đồng", "Lưu: VT, Hồ sơ"],
        secretary_signature=Signature(authority=["THƯ KÝ"], name="Nguyễn Văn Bình"),
        chair_signature=Signature(authority=["CHỦ TỌA"], name="Lê Văn Tài"),
        discussion=["Các thành viên thống nhất với danh sách đề nghị khen thưởng."],
    )


def submission(count: int = 3) -> SubmissionDocument:
    lines = [n for n in nominees(count) if n.award_form == AWARD_DISTRICT] or nominees(count)
    return SubmissionDocument(
        header=Header(
            issuing_body=UBND,
            body_name=UBND_NAME,
            number="45/TTr-UBND",
            place="Tân Bình",
            date=dt.date(2022, 12, 20),
            doc_type="TỜ TRÌNH",
            summary="Về việc đề nghị khen thưởng phong trào thi đua thực hiện cải cách hành chính năm 2022",
        ),
        addressees=["Chủ tịch UBND huyện Tân Biên", "Phòng Nội vụ huyện Tân Biên"],
        bases=[
            "Căn cứ Kế hoạch số 05/KH-UBND ngày 05/01/2022 của UBND xã Tân Bình",
            "Căn cứ Biên bản họp Hội đồng Thi đua – Khen thưởng xã ngày 15/12/2022",
        ],
        body=["UBND xã Tân Bình kính trình Chủ tịch UBND huyện xem xét, tặng Giấy khen cho các tập thể, cá nhân:"],
        groups=group_by_form(lines),
        closing="Kính trình Chủ tịch UBND huyện xem xét, quyết định.",
        recipients=["Như trên", "Lưu: VT, VP"],
        signature=CHAIRMAN,
    )


def achievement_report(line: NomineeLine | None = None) -> AchievementReportDocument:
    line = line or nominees(2)[1]
    return AchievementReportDocument(
        header=Header(
            issuing_body=UBND,
            doc_type="BÁO CÁO THÀNH TÍCH",
            summary="Đề nghị tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
            place="Tân Bình",
            date=dt.date(2022, 12, 10),
            show_number=False,
        ),
        subject_name=f"{line.name} – {line.position_unit}",
        is_collective=line.kind == "Tập thể",
        profile=[("Họ và tên", line.name), ("Chức vụ, đơn vị công tác", line.position_unit)],
        duties=["Tiếp nhận và trả kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa."],
        achievements=[
            "Giải quyết đúng hạn và trước hạn toàn bộ hồ sơ được giao, không để người dân phàn nàn.",
            "Chủ động hướng dẫn người dân nộp hồ sơ trực tuyến trên Cổng dịch vụ công, góp phần nâng tỷ lệ hồ sơ "
            "trực tuyến của xã; hướng dẫn đầy đủ một lần bằng văn bản đối với hồ sơ chưa đủ thành phần.",
            "Thực hiện tốt việc tiếp nhận, thẩm định, phê duyệt và trả kết quả tại chỗ đối với các thủ tục chứng "
            "thực, hộ tịch đơn giản; không có hồ sơ phải xin lỗi vì trễ hạn.",
        ]
        * 4,
        figures=[("Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn", "≥ 95%", "99,2%", "Đạt")],
        proposal="Thành tích thi đua theo chuyên đề: phong trào thi đua cải cách hành chính năm 2022",
        reporter_signature=Signature(authority=["NGƯỜI BÁO CÁO THÀNH TÍCH"], name=line.name),
        confirmer_signature=Signature(
            authority=["XÁC NHẬN, ĐỀ NGHỊ CỦA", "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH", "CHỦ TỊCH"],
            name="Lê Văn Tài",
        ),
        initiatives=["Hướng dẫn người dân nộp hồ sơ trực tuyến ngay tại Bộ phận."],
        discipline=["Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước."],
        confirmation="Ủy ban nhân dân xã Tân Bình xác nhận nội dung báo cáo trên là đúng sự thật.",
    )


def decision(count: int = 3) -> DecisionDocument:
    lines = nominees(count)
    return DecisionDocument(
        header=Header(
            issuing_body=UBND,
            number="120/QĐ-UBND",
            place="Tân Bình",
            date=dt.date(2022, 12, 22),
            doc_type="QUYẾT ĐỊNH",
            summary="Về việc tặng Giấy khen phong trào thi đua thực hiện cải cách hành chính năm 2022",
        ),
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN BÌNH",
        decided_by="Chủ tịch Ủy ban nhân dân xã Tân Bình",
        bases=[
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
            "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều "
            "của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013",
            "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ",
        ],
        proposal="Theo đề nghị của Hội đồng Thi đua – Khen thưởng xã",
        articles=[
            "Tặng Giấy khen cho các tập thể, cá nhân có thành tích trong phong trào thi đua thực hiện cải cách "
            "hành chính năm 2022 (có danh sách kèm theo).",
            "Quyết định có hiệu lực kể từ ngày ký.",
            "Văn phòng – Thống kê, các tập thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        ],
        awardees=[DecisionAwardee(n.number, n.name, n.position_unit, n.achievement) for n in lines],
        recipients=["Như Điều 3", "Lưu: VT, VP"],
        signature=Signature(authority=["CHỦ TỊCH"], name="Lê Văn Tài"),
    )


def certificate(line: NomineeLine | None = None) -> CertificateDocument:
    line = line or nominees(2)[1]
    return CertificateDocument(
        issuing_body=UBND,
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN BÌNH",
        awardee=line.name,
        position_unit=line.position_unit,
        achievement="xuất sắc trong phong trào thi đua thực hiện cải cách hành chính năm 2022",
        decision_ref="Quyết định số 120/QĐ-UBND ngày 22/12/2022",
        place="Tân Bình",
        date=dt.date(2022, 12, 22),
        register_number=f"{line.number:03d}",
        signature=Signature(authority=["CHỦ TỊCH"], name="Lê Văn Tài"),
    )


def bundle_list(lines: list[NomineeLine]) -> BundleList:
    return BundleList(
        title="Danh sách đề nghị",
        columns=["TT", "Tập thể, cá nhân", "Đối tượng", "Chức vụ, đơn vị", "Hình thức đề nghị", "Thành tích"],
        rows=[[n.number, n.name, n.kind, n.position_unit, n.award_form, n.achievement] for n in lines],
    )
