"""The 2022 plan of UBND xã Tân Bình as data (from the seed plan, every paragraph).

Three typos of the issued text are corrected, as docs/decisions.md records: "những nhiều" →
"nhũng nhiễu", "mộ máy" → "bộ máy", "trực liên thông" → "trục liên thông".
"""

import datetime as dt
from decimal import Decimal

SLUG = "tan-binh-cchc-2022"

COMMUNE = {
    "code": "tan-binh",
    "name": "Tân Bình",
    "district_name": "Tân Biên",
    "province_name": "Tây Ninh",
}

# The 2025 reform: the three demo communes of huyện Tân Biên end on 30/06/2025 and form one commune under
# the province on 01/07/2025, which keeps the name xã Tân Bình [R: demo: docs/domain.md names no real
# successor, the code and the grouping are the demo's own]. Its 2026 campaign, log, units, staff, number
# series and signing images are its own; the 2022 campaigns stay under the old communes and the district.
NEW_COMMUNE = {"code": "tan-binh-2025", "name": "Tân Bình"}
MERGED_ON = dt.date(2025, 7, 1)
MERGED_CODES = ("tan-binh", "thanh-tay", "tan-phong")

PLAN = {
    "parent_body": "UBND HUYỆN TÂN BIÊN",
    "issuing_body": "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH",
    "document_number": "05/KH-UBND",
    "document_date": dt.date(2022, 1, 5),
    "place_name": "Tân Bình",
    "title": "Phát động thi đua thực hiện cải cách hành chính trên địa bàn xã Tân Bình năm 2022",
    "introduction": (
        "Nhằm tạo ra khí thế thi đua, động viên tinh thần thực hiện nhiệm vụ cải cách hành chính đặc biệt "
        "trong việc giải quyết thủ tục hành chính trên địa bàn xã. UBND xã Tân Bình phát động thi đua trong "
        "công tác cải cách hành chính năm 2022 trên địa bàn xã với các nội dung như sau:"
    ),
    "purposes": "\n".join(
        [
            "Triển khai cải cách hành chính theo hướng xây dựng nền hành chính hiện đại, trọng tâm là ứng dụng công "
            "nghệ thông tin vào công tác cải cách hành chính, tăng cường thực hiện kỷ luật, kỷ cương hành chính.",
            "Đẩy mạnh phong trào thi đua, tạo ra khí thế thi đua trong lĩnh vực cải cách hành chính, trong đó tập "
            "trung vào việc giải quyết thủ tục hành chính tạo điều kiện thuận lợi cho các tổ chức cá nhân trên địa "
            "bàn xã. Đồng thời biểu dương, tôn vinh khen thưởng kịp thời thành tích của tập thể, cá nhân có thành "
            "tích xuất sắc trong công tác cải cách hành chính trên địa bàn xã.",
            "Thi đua thực hiện cải cách hành chính phải được phát động sâu, rộng đến tất cả cán bộ, công chức, viên "
            "chức, để mọi người tích cực tham gia, đóng góp vào nhiệm vụ cải cách hành chính của địa phương nói riêng "
            "và của toàn huyện nói chung.",
        ]
    ),
    "slogan": "Toàn xã chung tay thực hiện cải cách hành chính",
    "start_date": dt.date(2022, 1, 2),
    "end_date": dt.date(2022, 12, 31),
    "closing_text": (
        "Trên đây là kế hoạch phát động thi đua thực hiện cải cách hành chính trên địa bàn xã Tân Bình năm 2022."
    ),
    "recipients": "\n".join(
        ["UBND huyện", "HĐ TĐKT huyện", "CT, PCT UBND xã", "Ban ngành, cán bộ xã", "Lưu: VT, VTTH"]
    ),
    "signatory_authority": "TM. ỦY BAN NHÂN DÂN",
    "signatory_position": "CHỦ TỊCH",
    "signatory_name": "Lê Văn Tài",
}


def _target(indicator, comparator, value=None):
    return {
        "indicator": indicator,
        "comparator": comparator,
        "target": None if value is None else Decimal(value),
        "unit_label": "%",
    }


# The demo's registration forms are dated in the week after the plan (05/01/2022), in turn.
REGISTRATION_DAYS = [dt.date(2022, 1, day) for day in (10, 11, 12, 13, 14)]

CRITERIA = [
    (
        "Tăng cường công tác lãnh đạo, chỉ đạo, nâng cao trách nhiệm của người đứng đầu trong quán triệt, triển khai "
        "các nhiệm vụ cải cách hành chính, khắc phục tình trạng giao khoán nhiệm vụ cho công chức tham mưu giúp việc.",
        [],
    ),
    (
        "Đảm bảo sự hài lòng của tổ chức, cá nhân đối với sự phục vụ của Bộ phận tiếp nhận và trả kết quả xã. Tỷ lệ "
        "hồ sơ giải quyết đúng hạn và trước hạn của xã phải đạt từ 95% trở lên; tỷ lệ không hài lòng do nhũng nhiễu "
        "giảm xuống dưới 1,3%.",
        [_target("on_time_rate", "gte", "95"), _target("dissatisfaction_rate", "lt", "1.3")],
    ),
    ("Thực hiện kiện toàn Bộ phận Tiếp nhận và trả kết quả xã nếu có thay đổi.", []),
    (
        "Chú trọng nâng cao tỷ lệ hồ sơ xử lý 4 tại chỗ “tiếp nhận, thẩm định, phê duyệt, trả kết quả” tại Bộ phận "
        "một cửa.",
        [_target("four_on_spot_rate", "increase")],
    ),
    (
        "Sắp xếp tổ chức bộ máy tinh gọn, hoạt động có hiệu quả. Xây dựng đội ngũ cán bộ, công chức đáp ứng yêu cầu "
        "thực hiện nhiệm vụ. Nâng cao ý thức trách nhiệm trong thực hiện công vụ, nhất là cán bộ công chức tại Bộ "
        "phận TN&TKQ xã.",
        [],
    ),
    (
        "Đẩy mạnh cải cách hành chính để giải quyết hiệu quả mối quan hệ phối hợp thực hiện nhiệm vụ, xác định rõ "
        "trách nhiệm của địa phương với các cơ quan liên quan phối hợp giải quyết nhiệm vụ chung, không đùn đẩy trách "
        "nhiệm nếu có sai sót.",
        [],
    ),
    (
        "Tăng cường tuyên truyền, khuyến khích người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến để giải quyết "
        "thủ tục hành chính cũng như dịch vụ bưu chính công ích trong việc tiếp nhận, luân chuyển và trả kết quả giải "
        "quyết hồ sơ.",
        [_target("online_rate", "increase"), _target("postal_rate", "increase")],
    ),
    (
        "Đẩy mạnh việc ứng dụng công nghệ thông tin trong quản lý văn bản, sử dụng phần mềm gửi nhận văn bản điện tử "
        "thông qua trục liên thông. Tăng cường ứng dụng chữ ký số để xác thực văn bản điện tử trên phần mềm quản lý "
        "văn bản, điều hành công việc.",
        [_target("e_documents", "increase"), _target("digital_signatures", "increase")],
    ),
    ("Phối hợp với Phòng Nội vụ huyện thực hiện có hiệu quả hệ thống Camera giám sát tại Bộ phận một cửa.", []),
    (
        "Phối hợp cùng thực hiện hệ thống đánh giá mức độ hài lòng của người dân, doanh nghiệp về thủ tục hành chính, "
        "tăng cường ứng dụng công nghệ thông tin vào khảo sát ý kiến người dân.",
        [],
    ),
]

AWARD_OPTIONS = [
    ("giay-khen-chu-tich-xa-2017", "Giấy khen của UBND xã"),
    ("giay-khen-chu-tich-huyen-2017", "Đề nghị Giấy khen của UBND huyện"),
    ("bang-khen-chu-tich-tinh-2017", "Đề nghị Bằng khen của UBND tỉnh"),
]

STEPS = [
    (
        "Triển khai phát động, đăng ký, thực hiện đợt thi đua",
        [
            "Căn cứ Kế hoạch phát động thi đua thực hiện cải cách hành chính trên địa bàn xã năm 2022 của UBND xã, "
            "triển khai đến toàn thể cán bộ, công chức thực hiện các tiêu chí thi đua nhằm hoàn thành xuất sắc nhiệm vụ "
            "cải cách hành chính năm 2022.",
        ],
    ),
    (
        "Tổ chức phong trào thi đua",
        [
            "Kết thúc đợt thi đua thực hiện cải cách hành chính năm 2022. Hội đồng TĐKT xã tiến hành tổng kết đợt thi "
            "đua, bình xét khen thưởng (theo chỉ tiêu của cấp huyện), gửi báo cáo và hồ sơ khen thưởng về Thường trực "
            "Hội đồng thi đua khen thưởng huyện (Phòng nội vụ) theo ngày của Phòng Nội vụ thông báo.",
            "Trong tổng kết thi đua phải đánh giá được những ưu điểm, những mặt đã làm được, tác dụng của việc phát động "
            "thi đua thực hiện cải cách hành chính và những hạn chế, thiếu sót (nếu có), rút ra bài học kinh nghiệm để tổ "
            "chức phong trào thi đua hiệu quả hơn. Đồng thời bình chọn, bình xét, biểu dương, khen thưởng kịp thời các "
            "tập thể, cá nhân có thành tích xuất sắc trong thực hiện cải cách hành chính để tuyên truyền, nhân rộng, nâng "
            "cao chất lượng phong trào thi đua.",
            "Giao công chức Văn phòng – Thống kê theo dõi tình hình triển khai thực hiện đợt thi đua cải cách hành chính "
            "năm 2022 theo tiêu chí đã đề ra. Kết thúc đợt thi đua tổng hợp báo cáo và tham mưu UBND xã tiến hành họp "
            "bình xét khen thưởng cho những tập thể, cá nhân có thành tích xứng đáng.",
        ],
    ),
]

# (name, type, member count) — the commune's collectives (tập thể): its administration as one body, the
# one-stop desk, the commune's forces, the hamlets and the Mặt trận and mass organisations. The
# civil-servant titles (Văn phòng – Thống kê, Tư pháp – Hộ tịch, Địa chính – Xây dựng, Tài chính – Kế
# toán, Văn hóa – Xã hội, Chỉ huy trưởng Quân sự, Trưởng Công an) are positions of individuals, not
# collectives. A name ending in "xã" is printed with the commune's name ("Hội Liên hiệp Phụ nữ xã Tân
# Bình"). The member count is the collective's own headcount (cán bộ, đoàn viên, hội viên) as its report
# of achievements states it, for a commune of about 9,000 people: a mass organisation counts far more
# members than the few of its officers the portal records (its head, a deputy), the UBND its cán bộ,
# công chức and non-specialised staff, a hamlet its ban nhân dân ấp and self-managed group leaders.
UNITS = [
    ("Ủy ban nhân dân xã", "other", 24),
    ("Bộ phận Tiếp nhận và Trả kết quả", "one_stop", 7),
    ("Công an xã", "department", 9),
    ("Ban Chỉ huy Quân sự xã", "department", 5),
    ("Ấp Tân Đông", "hamlet", 12),
    ("Ấp Tân Tây", "hamlet", 10),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", "mass_org", 35),
    ("Hội Liên hiệp Phụ nữ xã", "mass_org", 1186),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "mass_org", 246),
    ("Hội Nông dân xã", "mass_org", 1032),
    ("Hội Cựu chiến binh xã", "mass_org", 148),
]

UBND = "Ủy ban nhân dân xã"
ONE_STOP = "Bộ phận Tiếp nhận và Trả kết quả"

# (full name, position, unit, sex, year of birth, username or "", unit head?, open disciplinary matter?)
PEOPLE = [
    ("Lê Văn Tài", "Chủ tịch UBND xã", UBND, "male", 1975, "chutich", True, False),
    ("Nguyễn Thị Hồng", "Phó Chủ tịch UBND xã", UBND, "female", 1979, "phochutich", False, False),
    ("Trần Văn Phúc", "Phó Chủ tịch UBND xã", UBND, "male", 1977, "", False, False),
    ("Trần Thị Mai", "Công chức Văn phòng – Thống kê", UBND, "female", 1988, "vanphong", False, False),
    (
        "Nguyễn Văn Bình",
        "Công chức Văn phòng – Thống kê (phụ trách thi đua – khen thưởng)",
        UBND,
        "male",
        1984,
        "hoidong",
        False,
        False,
    ),
    # The civil servants on duty at the one-stop desk belong to it (their title stays their own); the desk
    # is headed by a Phó Chủ tịch UBND xã (HEADS_ELSEWHERE), not by one of them.
    ("Võ Thị Lan", "Công chức Tư pháp – Hộ tịch", ONE_STOP, "female", 1986, "motcua", False, False),
    ("Huỳnh Văn Sang", "Công chức Địa chính – Xây dựng", ONE_STOP, "male", 1983, "", False, False),
    ("Lâm Thị Thu", "Công chức Văn hóa – Xã hội", ONE_STOP, "female", 1991, "", False, False),
    ("Phan Thị Ngọc", "Công chức Tư pháp – Hộ tịch", UBND, "female", 1990, "", False, False),
    ("Đỗ Văn Khánh", "Công chức Địa chính – Xây dựng", UBND, "male", 1987, "", False, False),
    # canbo: a cán bộ who heads a collective (registers it, proposes its members); not registered himself.
    ("Đặng Văn Minh", "Chủ tịch Hội Nông dân xã", "Hội Nông dân xã", "male", 1968, "canbo", True, False),
    ("Trương Văn Lợi", "Phó Chủ tịch Hội Nông dân xã", "Hội Nông dân xã", "male", 1971, "", False, True),
    ("Bùi Thị Kim Anh", "Công chức Văn hóa – Xã hội", UBND, "female", 1993, "", False, False),
    (
        "Ngô Văn Thành",
        "Công chức Văn hóa – Xã hội (Lao động – Thương binh và Xã hội)",
        UBND,
        "male",
        1982,
        "",
        False,
        False,
    ),
    ("Lý Thị Hạnh", "Công chức Tài chính – Kế toán", UBND, "female", 1985, "", False, False),
    ("Châu Văn Đức", "Công chức Tài chính – Kế toán", UBND, "male", 1980, "", False, False),
    ("Lưu Văn Cường", "Trưởng Công an xã", "Công an xã", "male", 1981, "", True, False),
    ("Tạ Văn Hải", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "Ban Chỉ huy Quân sự xã", "male", 1978, "", True, False),
    (
        "Mai Văn Toàn",
        "Phó Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
        "Ban Chỉ huy Quân sự xã",
        "male",
        1989,
        "",
        False,
        False,
    ),
    ("Hồ Văn Nam", "Trưởng ấp Tân Đông", "Ấp Tân Đông", "male", 1966, "", True, False),
    ("Dương Thị Yến", "Phó Trưởng ấp Tân Đông", "Ấp Tân Đông", "female", 1976, "", False, False),
    ("Kiều Văn Lực", "Trưởng ấp Tân Tây", "Ấp Tân Tây", "male", 1964, "", True, False),
    ("Quách Thị Diễm", "Phó Trưởng ấp Tân Tây", "Ấp Tân Tây", "female", 1980, "", False, False),
    (
        "Nguyễn Văn Tư",
        "Chủ tịch Ủy ban MTTQ Việt Nam xã",
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        "male",
        1967,
        "",
        True,
        False,
    ),
    (
        "Lê Thị Bé",
        "Phó Chủ tịch Ủy ban MTTQ Việt Nam xã",
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        "female",
        1973,
        "",
        False,
        False,
    ),
    ("Phạm Thị Thanh", "Chủ tịch Hội Liên hiệp Phụ nữ xã", "Hội Liên hiệp Phụ nữ xã", "female", 1976, "", True, False),
    (
        "Trịnh Thị Loan",
        "Phó Chủ tịch Hội Liên hiệp Phụ nữ xã",
        "Hội Liên hiệp Phụ nữ xã",
        "female",
        1984,
        "",
        False,
        False,
    ),
    (
        "Tôn Nữ Minh Thư",
        "Bí thư Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
        "female",
        1994,
        "",
        True,
        False,
    ),
    ("Đinh Văn Bảy", "Chủ tịch Hội Cựu chiến binh xã", "Hội Cựu chiến binh xã", "male", 1960, "", True, False),
    ("Vương Thị Xuân", "Nhân viên văn thư", UBND, "female", 1992, "", False, False),
    (
        "Tăng Văn Hiếu",
        "Phó Bí thư Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
        "male",
        1992,
        "",
        False,
        False,
    ),
]

# Heads who belong to another collective: the commune's Bộ phận Tiếp nhận và Trả kết quả is headed by the
# commune's leadership, the Chủ tịch or a Phó Chủ tịch UBND xã (NĐ 61/2018/NĐ-CP on the one-stop mechanism),
# whose own collective stays the UBND: here Nguyễn Thị Hồng (phochutich), who proposes the desk and its staff.
HEADS_ELSEWHERE = {ONE_STOP: "Nguyễn Thị Hồng"}

# The commune has about two civil servants per title (Văn phòng – Thống kê, Tư pháp – Hộ tịch, Địa chính –
# Xây dựng, Tài chính – Kế toán, Văn hóa – Xã hội; NĐ 92/2009/NĐ-CP and NĐ 34/2019/NĐ-CP in 2022).

# username -> (role constant name, is superuser)
ACCOUNTS = {
    "chutich": "CHAIRMAN",
    "phochutich": "VICE_CHAIRMAN",
    "vanphong": "OFFICER",
    "hoidong": "COUNCIL",
    "motcua": "ONE_STOP",
    "canbo": "STAFF",
    "noivu": "DISTRICT",
    "quantri": "COMMUNE_ADMIN",
    "sonoivu": "PROVINCE",
}

# Display names of the accounts no commune staff record stands behind (the others take the
# person's name): the greeting says "Xin chào Trần Thị Hồng", not the login name.
ACCOUNT_NAMES = {
    "noivu": "Trần Thị Hồng",
    "quantri": "Cao Văn Thắng",  # the commune's account administrator (Quản trị tài khoản xã)
    "sonoivu": "Nguyễn Thị Thu Hà",  # Sở Nội vụ tỉnh Tây Ninh, the receiving level from 01/07/2025
    "admin": "Quản trị hệ thống",
}

# Registrations made in January 2022 (a few units and people deliberately left unregistered).
UNREGISTERED_UNITS = {"Ấp Tân Tây", "Ban Chỉ huy Quân sự xã", "Hội Nông dân xã"}
UNREGISTERED_PEOPLE = {"Đặng Văn Minh", "Mai Văn Toàn", "Quách Thị Diễm", "Tăng Văn Hiếu", "Trương Văn Lợi"}
