"""The demo commune is organised as a real one: titles are positions of people, collectives are real ones."""

from __future__ import annotations

import pytest

from campaigns.models import Person, Unit, UnitType
from rewards.models import Nomination
from tests.rewards.helpers import ensure_award_round

# Commune civil-servant titles (NĐ 92/2009, NĐ 34/2019): held by a person, never a collective.
TITLES = [
    "Văn phòng – Thống kê",
    "Tư pháp – Hộ tịch",
    "Địa chính – Xây dựng",
    "Tài chính – Kế toán",
    "Văn hóa – Xã hội",
    "Chỉ huy trưởng",
    "Trưởng Công an",
]
COLLECTIVES = [
    "Bộ phận Tiếp nhận và Trả kết quả",
    "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
    "Hội Liên hiệp Phụ nữ xã",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
    "Hội Nông dân xã",
    "Hội Cựu chiến binh xã",
    "Ấp Tân Đông",
    "Ấp Tân Tây",
]


def test_civil_servant_titles_are_positions_of_people_not_collectives(demo):
    names = list(Unit.objects.values_list("name", flat=True))
    assert not [name for name in names for title in TITLES if title in name]
    positions = list(Person.objects.values_list("position", flat=True))
    assert all(any(title in position for position in positions) for title in TITLES)
    assert set(COLLECTIVES) <= set(names)


def test_every_collective_has_a_head_among_its_own_members_but_the_one_stop_desk(demo):
    for unit in Unit.objects.select_related("head", "head__unit").exclude(unit_type=UnitType.ONE_STOP):
        assert unit.head is not None and unit.head.unit_id == unit.pk, unit.name


def test_the_one_stop_desk_is_headed_by_the_communes_leadership_and_staffed_by_civil_servants(demo):
    """NĐ 61/2018/NĐ-CP: the commune's Bộ phận Tiếp nhận và Trả kết quả is headed by the Chủ tịch or a Phó
    Chủ tịch UBND xã; the civil servants on duty there are its members."""
    desk = Unit.objects.select_related("head", "head__unit").get(unit_type=UnitType.ONE_STOP)
    assert desk.head.position in ("Chủ tịch UBND xã", "Phó Chủ tịch UBND xã")
    assert desk.head.unit.name == "Ủy ban nhân dân xã"
    staff = list(desk.members.values_list("position", flat=True))
    assert staff and all(position.startswith("Công chức") for position in staff)


def test_the_commune_has_about_two_civil_servants_per_title(demo):
    positions = list(Person.objects.values_list("position", flat=True))
    counts = {title: sum(1 for p in positions if p.startswith(f"Công chức {title}")) for title in TITLES[:5]}
    # Văn hóa – Xã hội covers culture and information and labour and social affairs; one of its three is on
    # duty at the one-stop desk.
    assert counts == {
        "Văn phòng – Thống kê": 2,
        "Tư pháp – Hộ tịch": 2,
        "Địa chính – Xây dựng": 2,
        "Tài chính – Kế toán": 2,
        "Văn hóa – Xã hội": 3,
    }


@pytest.mark.with_award_round
def test_the_award_round_proposes_only_real_collectives(campaign):
    ensure_award_round(campaign)
    nominated = Nomination.objects.filter(campaign=campaign, unit__isnull=False).select_related("unit")
    assert nominated and {n.unit.name for n in nominated} <= set(COLLECTIVES)
    assert all(n.unit.unit_type != UnitType.OTHER for n in nominated)  # not the UBND itself
