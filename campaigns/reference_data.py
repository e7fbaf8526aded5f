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
