"""Reference data every installation needs: the role groups and the dated award-form rules.

Used by the data migration (with historical models) and by ``seed_demo`` (with real models), so a
database flushed by a transactional test or restored partially gets them back.
"""

import datetime as dt

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
