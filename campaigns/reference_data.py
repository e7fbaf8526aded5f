"""Reference data every installation needs: the role groups and the dated award-form rules.

Used by the data migration (with historical models) and by ``seed_demo`` (with real models), so a
database flushed by a transactional test or restored partially gets them back.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

ROLES = [
    "Chủ tịch UBND xã",
    "Phó Chủ tịch UBND xã",
    "Công chức Văn phòng – Thống kê",
    "Thành viên Hội đồng Thi đua – Khen thưởng",
    "Cán bộ Bộ phận Một cửa",
    "Cán bộ, công chức",
    "Phòng Nội vụ huyện",
]
# Model permissions matter only for the admin, which is read-only for campaign data.
VIEW_MODELS = ["commune", "unit", "person", "campaign", "criterion", "awardform", "registration"]
ROLE_VIEW = {
    "Chủ tịch UBND xã": VIEW_MODELS,
    "Phó Chủ tịch UBND xã": VIEW_MODELS,
    "Công chức Văn phòng – Thống kê": VIEW_MODELS,
}

LAW_2013 = "Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2005, 2013); Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ; Thông tư số 12/2019/TT-BNV ngày 04/11/2019 của Bộ Nội vụ"
LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ"
LAW_2025 = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ"
DISTRICT_BODY = "Phòng Nội vụ huyện (Thường trực Hội đồng Thi đua – Khen thưởng huyện)"
AWARD_FORMS = [
    (
        "giay-khen-chu-tich-xa-2017",
        "Giấy khen của Chủ tịch UBND xã",
        "commune",
        "Chủ tịch UBND xã",
        "",
        "both",
        LAW_2013,
        dt.date(2017, 7, 31),
        dt.date(2023, 12, 31),
    ),
    (
        "giay-khen-chu-tich-huyen-2017",
        "Giấy khen của Chủ tịch UBND huyện",
        "district",
        "Chủ tịch UBND huyện",
        DISTRICT_BODY,
        "both",
        LAW_2013,
        dt.date(2017, 7, 31),
        dt.date(2023, 12, 31),
    ),
    (
        "bang-khen-chu-tich-tinh-2017",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "province",
        "Chủ tịch UBND tỉnh",
        DISTRICT_BODY,
        "both",
        LAW_2013,
        dt.date(2017, 7, 31),
        dt.date(2023, 12, 31),
    ),
    (
        "giay-khen-chu-tich-xa-2024",
        "Giấy khen của Chủ tịch UBND xã",
        "commune",
        "Chủ tịch UBND xã",
        "",
        "both",
        LAW_2022,
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 30),
    ),
    (
        "giay-khen-chu-tich-huyen-2024",
        "Giấy khen của Chủ tịch UBND huyện",
        "district",
        "Chủ tịch UBND huyện",
        DISTRICT_BODY,
        "both",
        LAW_2022,
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 30),
    ),
    (
        "bang-khen-chu-tich-tinh-2024",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "province",
        "Chủ tịch UBND tỉnh",
        DISTRICT_BODY,
        "both",
        LAW_2022,
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 30),
    ),
    (
        "giay-khen-chu-tich-xa-2025",
        "Giấy khen của Chủ tịch UBND xã",
        "commune",
        "Chủ tịch UBND xã",
        "",
        "both",
        LAW_2025,
        dt.date(2025, 7, 1),
        None,
    ),
    (
        "bang-khen-chu-tich-tinh-2025",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "province",
        "Chủ tịch UBND tỉnh",
        "Sở Nội vụ tỉnh (Ban Thi đua – Khen thưởng)",
        "both",
        LAW_2025,
        dt.date(2025, 7, 1),
        None,
    ),
]


def ensure_reference_data(*, Group, Permission, AwardForm) -> None:
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [f"view_{model}" for model in ROLE_VIEW.get(name, [])]
        group.permissions.set(Permission.objects.filter(content_type__app_label="campaigns", codename__in=codenames))
    for code, name, level, decided_by, body, applies, basis, start, end in AWARD_FORMS:
        AwardForm.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "decided_by": decided_by,
                "receiving_body": body,
                "applies_to": applies,
                "legal_basis": basis,
                "valid_from": start,
                "valid_to": end,
            },
        )


# The monthly figures the 2022 plan collects by hand (the one-stop log cannot give them), with the
# content of section III each belongs to. Their keys are the indicator codes stored since the first
# version (values, exports, dashboards), so they never change.
# (key, criterion order, label, unit, help text, order within the criterion)
MONTHLY_FIELDS_2022 = [
    (
        "promotion_sessions",
        7,
        "Buổi tuyên truyền dịch vụ công trực tuyến",
        "buổi",
        "Số buổi tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến, bưu chính công ích trong tháng.",
        1,
    ),
    (
        "e_documents",
        8,
        "Văn bản điện tử gửi, nhận qua trục liên thông",
        "văn bản",
        "Tổng số văn bản đi và đến qua phần mềm quản lý văn bản (trục liên thông) trong tháng.",
        1,
    ),
    (
        "digital_signatures",
        8,
        "Văn bản được ký số",
        "văn bản",
        "Số văn bản phát hành có chữ ký số trong tháng.",
        2,
    ),
    (
        "camera_days",
        9,
        "Số ngày hệ thống camera Bộ phận Một cửa hoạt động",
        "ngày",
        "Số ngày làm việc trong tháng hệ thống camera giám sát tại Bộ phận Một cửa hoạt động bình thường.",
        1,
    ),
    (
        "surveys",
        10,
        "Cuộc khảo sát sự hài lòng đã thực hiện",
        "cuộc",
        "Số cuộc khảo sát ý kiến người dân, doanh nghiệp về giải quyết thủ tục hành chính trong tháng.",
        1,
    ),
]


def ensure_monthly_fields_2022(*, Campaign, Criterion, CriterionTarget, MonthlyField) -> int:
    """Give every existing campaign the five monthly fields it has been collecting (data migration).

    Before fields were defined per criterion every campaign's monthly form had these five, so each
    campaign keeps them, on the criterion whose target uses the key, else the criterion of the same
    order as in the 2022 plan, else its first criterion (a campaign without criteria gets none).
    Fields that already exist are left alone. Returns how many were created.
    """
    created = 0
    for campaign in Campaign.objects.all():
        criteria = {c.order: c for c in Criterion.objects.filter(campaign=campaign).order_by("order")}
        if not criteria:
            continue
        targeted = {t.indicator: t.criterion_id for t in CriterionTarget.objects.filter(criterion__campaign=campaign)}
        for key, order, label, unit, help_text, position in MONTHLY_FIELDS_2022:
            if MonthlyField.objects.filter(campaign=campaign, key=key).exists():
                continue
            criterion_id = targeted.get(key) or (criteria.get(order) or next(iter(criteria.values()))).pk
            MonthlyField.objects.create(
                campaign=campaign,
                criterion_id=criterion_id,
                key=key,
                label=label,
                unit=unit,
                help_text=help_text,
                order=position,
                aggregation="sum",
            )
            created += 1
    return created


# --- Legal bases and prize money by date --------------------------------------------------------------
# Which instruments a document cites is decided by the document's own date (its signing date), never by
# the campaign's start: a 2022 campaign's decision signed on 20/01/2024 cites the 2022 law and NĐ 98/2023.
# Confidence as in the domain reference: "V" checked against a verbatim copy, "S" secondary source,
# "R" believed but not confirmed (docs/decisions.md, "Legal bases by date", lists what is still [R]).


@dataclass(frozen=True)
class LegalBasis:
    """One instrument as a Căn cứ line cites it (without "Căn cứ " and the final ";")."""

    key: str
    topic: str  # "local_government" | "emulation"
    citation: str
    valid_from: dt.date
    valid_to: dt.date | None
    confidence: str

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


_TDKT = "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"
LEGAL_BASES = [
    LegalBasis(
        "luat-ctcqdp-2015", "local_government", "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        dt.date(2016, 1, 1), dt.date(2025, 6, 30), "S",
    ),
    LegalBasis(
        "luat-sua-doi-ctcp-ctcqdp-2019", "local_government",
        "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
        "ngày 22 tháng 11 năm 2019",
        dt.date(2020, 7, 1), dt.date(2025, 6, 30), "S",
    ),
    LegalBasis(
        "luat-ctcqdp-2025", "local_government", "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
        dt.date(2025, 7, 1), None, "R",
    ),
    LegalBasis(
        "luat-tdkt-2003", "emulation", "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003",
        dt.date(2004, 7, 1), dt.date(2023, 12, 31), "S",
    ),
    LegalBasis(
        "luat-tdkt-sua-doi-2005", "emulation",
        "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005",
        dt.date(2005, 6, 14), dt.date(2023, 12, 31), "S",
    ),
    LegalBasis(
        "luat-tdkt-sua-doi-2013", "emulation",
        "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013",
        dt.date(2013, 11, 16), dt.date(2023, 12, 31), "S",
    ),
    LegalBasis(
        "nd-91-2017", "emulation", f"Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ {_TDKT}",
        dt.date(2017, 7, 31), dt.date(2023, 12, 31), "S",
    ),
    LegalBasis(
        "tt-12-2019", "emulation",
        "Thông tư số 12/2019/TT-BNV ngày 04 tháng 11 năm 2019 của Bộ trưởng Bộ Nội vụ quy định chi tiết thi hành "
        "một số điều của Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ " + _TDKT,
        dt.date(2019, 11, 4), dt.date(2023, 12, 31), "R",
    ),
    LegalBasis(
        "luat-tdkt-2022", "emulation", "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        dt.date(2024, 1, 1), None, "S",
    ),
    LegalBasis(
        "nd-98-2023", "emulation", f"Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ {_TDKT}",
        dt.date(2024, 1, 1), dt.date(2025, 6, 30), "V",
    ),
    LegalBasis(
        "nd-152-2025", "emulation", f"Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ {_TDKT}",
        dt.date(2025, 7, 1), None, "R",
    ),
]  # fmt: skip


def legal_bases_on(day: dt.date, *topics: str) -> list[LegalBasis]:
    """The instruments in force on ``day`` (the document's date), local government first, each law before
    its amendments and decrees, as Căn cứ lines list them."""
    wanted = topics or ("local_government", "emulation")
    return [b for topic in wanted for b in LEGAL_BASES if b.topic == topic and b.in_force(day)]


def basis_lines_on(day: dt.date, *topics: str) -> list[str]:
    """``["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015", …]`` for ``day``."""
    return [f"Căn cứ {b.citation}" for b in legal_bases_on(day, *topics)]


# Mức lương cơ sở (base salary), each from its effective date [S]: NĐ 38/2019, NĐ 24/2023, NĐ 73/2024.
BASE_SALARIES = [
    (dt.date(2019, 7, 1), 1_490_000, "Nghị định số 38/2019/NĐ-CP"),
    (dt.date(2023, 7, 1), 1_800_000, "Nghị định số 24/2023/NĐ-CP"),
    (dt.date(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
]


@dataclass(frozen=True)
class PrizeRule:
    """The prize money an award form carries under one decree: coefficient × base salary for an individual,
    ``collective_factor`` times that for a collective, rounded up to ``round_to`` đồng."""

    decree: str  # key in LEGAL_BASES
    level: str  # AwardLevel value: commune / district / province
    coefficient: Decimal
    collective_factor: Decimal
    article: str  # where the amounts are set, for the decision's article
    confidence: str
    round_to: int = 10_000
    rounding_article: str = ""  # where the rounding up is set, when known


ROUNDING_91 = "khoản 2 Điều 68"
PRIZE_RULES = [
    # NĐ 91/2017 Điều 73 khoản 1 điểm d (Giấy khen of the district and commune chairmen), khoản 2 điểm b
    # (collective: twice); rounding Điều 68 khoản 2 ("làm tròn số lên hàng chục nghìn đồng") [S].
    PrizeRule(
        "nd-91-2017",
        "commune",
        Decimal("0.15"),
        Decimal(2),
        "điểm d khoản 1, điểm b khoản 2 Điều 73",
        "S",
        rounding_article=ROUNDING_91,
    ),
    PrizeRule(
        "nd-91-2017",
        "district",
        Decimal("0.3"),
        Decimal(2),
        "điểm d khoản 1, điểm b khoản 2 Điều 73",
        "R",
        rounding_article=ROUNDING_91,
    ),
    PrizeRule(
        "nd-91-2017",
        "province",
        Decimal("1.0"),
        Decimal(2),
        "khoản 1, điểm b khoản 2 Điều 73",
        "R",
        rounding_article=ROUNDING_91,
    ),
    # NĐ 98/2023 and NĐ 152/2025 keep these coefficients as far as known; their articles are not verified [R].
    PrizeRule("nd-98-2023", "commune", Decimal("0.15"), Decimal(2), "", "R"),
    PrizeRule("nd-98-2023", "district", Decimal("0.3"), Decimal(2), "", "R"),
    PrizeRule("nd-98-2023", "province", Decimal("1.0"), Decimal(2), "", "R"),
    PrizeRule("nd-152-2025", "commune", Decimal("0.15"), Decimal(2), "", "R"),
    PrizeRule("nd-152-2025", "province", Decimal("1.0"), Decimal(2), "", "R"),
]


@dataclass(frozen=True)
class Prize:
    amount: int  # đồng
    base_salary: int
    coefficient: Decimal  # for this awardee (collective factor included)
    decree: LegalBasis
    article: str
    rounded: bool = False  # coefficient × base salary was not a whole ten thousand đồng
    rounding_article: str = ""


def base_salary_on(day: dt.date) -> tuple[int, str]:
    """The mức lương cơ sở in force on ``day`` and the decree that set it."""
    current = [(amount, decree) for start, amount, decree in BASE_SALARIES if start <= day]
    if not current:
        raise ValueError(f"no base salary known on {day}")
    return current[-1]


def prize_on(day: dt.date, *, level: str, collective: bool) -> Prize | None:
    """The prize money of an award form of ``level`` decided on ``day`` (None: no rule in the table)."""
    decrees = {b.key: b for b in legal_bases_on(day, "emulation") if b.key.startswith("nd-")}
    rule = next((r for r in PRIZE_RULES if r.decree in decrees and r.level == level), None)
    if rule is None:
        return None
    salary, _decree = base_salary_on(day)
    coefficient = rule.coefficient * (rule.collective_factor if collective else 1)
    raw = coefficient * salary
    steps = (raw / rule.round_to).to_integral_value(rounding=ROUND_CEILING)
    amount = int(steps * rule.round_to)  # rounded up to the next ten thousand đồng
    return Prize(amount, salary, coefficient, decrees[rule.decree], rule.article, amount != raw, rule.rounding_article)


# --- What the 2025 reform changed in a plan's wording (used when next year's plan is copied) ------------
# From 01/07/2025 local government has two levels (Luật Tổ chức chính quyền địa phương 72/2025/QH15): no
# district, so commune proposals go to the province (Sở Nội vụ / Ban Thi đua – Khen thưởng), and the
# commune one-stop is the Trung tâm Phục vụ hành chính công xã (NĐ 118/2025/NĐ-CP). A plan written before a
# rule's ``valid_from`` and copied into a campaign starting on or after it gets the wording replaced; the
# officer sees every replacement and its reason before the copy is saved. Award forms, receiving bodies
# and the deciding officials' titles come from AWARD_FORMS; the Căn cứ lines from LEGAL_BASES.
TWO_LEVEL_GOVERNMENT_FROM = dt.date(2025, 7, 1)
PROVINCE_TDKT_BODY = "Sở Nội vụ tỉnh (Ban Thi đua – Khen thưởng)"
ONE_STOP_CENTRE = "Trung tâm Phục vụ hành chính công xã"  # until 30/06/2025: Bộ phận Tiếp nhận và Trả kết quả

_NO_DISTRICT = "Từ 01/07/2025 chính quyền địa phương có hai cấp (tỉnh, xã), không còn cấp huyện"
_ONE_STOP_2025 = (
    "Từ 01/07/2025 bộ phận một cửa của xã là Trung tâm Phục vụ hành chính công xã (Nghị định số 118/2025/NĐ-CP)"
)


@dataclass(frozen=True)
class TextRule:
    """A wording a dated reform changed: ``pattern`` (a regular expression, case-insensitive) in a plan
    text becomes ``replacement`` when the copy starts on or after ``valid_from`` and the source before it.

    ``fields``: the plan fields the rule applies to (empty: every copied text). Rules apply in order, so
    a longer phrase comes before the shorter one it contains.
    """

    key: str
    pattern: str
    replacement: str
    valid_from: dt.date
    reason: str
    confidence: str
    fields: tuple[str, ...] = ()


TEXT_RULES = [
    TextRule(
        "parent-body-district", r"^\s*(?:UBND|ỦY BAN NHÂN DÂN) HUYỆN\b.*$", "", TWO_LEVEL_GOVERNMENT_FROM,
        _NO_DISTRICT + ": UBND huyện không còn là cơ quan chủ quản của UBND xã (kiểm tra lại nếu tỉnh hướng dẫn "
        "ghi tên UBND tỉnh)", "R", ("parent_body",),
    ),
    TextRule(
        "district-tdkt-standing-body",
        r"Thường trực Hội đồng thi đua[ ,–-]*khen thưởng huyện(?:\s*\(Phòng nội vụ(?: huyện)?\))?",
        PROVINCE_TDKT_BODY, TWO_LEVEL_GOVERNMENT_FROM,
        _NO_DISTRICT + ": hồ sơ đề nghị khen thưởng gửi Sở Nội vụ tỉnh (Ban Thi đua – Khen thưởng)", "S",
    ),
    TextRule(
        "district-tdkt-council", r"(?:HĐ TĐKT|Hội đồng (?:Thi đua – Khen thưởng|thi đua,? khen thưởng|TĐKT)) huyện",
        PROVINCE_TDKT_BODY, TWO_LEVEL_GOVERNMENT_FROM,
        _NO_DISTRICT + ": không còn Hội đồng Thi đua – Khen thưởng huyện; cơ quan tham mưu cấp trên là Sở Nội vụ "
        "tỉnh (Ban Thi đua – Khen thưởng)", "S",
    ),
    TextRule(
        "district-home-affairs", r"Phòng Nội vụ(?: huyện)?", "Sở Nội vụ tỉnh", TWO_LEVEL_GOVERNMENT_FROM,
        _NO_DISTRICT + ": Phòng Nội vụ huyện không còn; nhiệm vụ chuyển về Sở Nội vụ tỉnh", "S",
    ),
    TextRule(
        "district-people-committee", r"(?:UBND|Ủy ban nhân dân) huyện", "UBND tỉnh", TWO_LEVEL_GOVERNMENT_FROM,
        _NO_DISTRICT + ": cấp trên trực tiếp của UBND xã là UBND tỉnh", "S",
    ),
    TextRule(
        "district-level", r"\bcấp huyện", "cấp tỉnh", TWO_LEVEL_GOVERNMENT_FROM,
        _NO_DISTRICT + ": chỉ tiêu, hướng dẫn của cấp trên do cấp tỉnh giao", "S",
    ),
    TextRule(
        "whole-district", r"\btoàn huyện", "toàn tỉnh", TWO_LEVEL_GOVERNMENT_FROM, _NO_DISTRICT, "S",
    ),
    TextRule(
        "one-stop-centre",
        r"Bộ phận (?:tiếp nhận và trả kết quả|TN&TKQ|một cửa)(?: xã)?",
        ONE_STOP_CENTRE, TWO_LEVEL_GOVERNMENT_FROM, _ONE_STOP_2025, "S",
    ),
]  # fmt: skip


def text_rules_between(before: dt.date, after: dt.date) -> list[TextRule]:
    """The wording rules that took effect after ``before`` and by ``after`` (a copy across the reform)."""
    return [rule for rule in TEXT_RULES if before < rule.valid_from <= after]
