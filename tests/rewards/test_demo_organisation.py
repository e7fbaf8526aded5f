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


def test_every_collective_has_a_head_among_its_own_members(demo):
    for unit in Unit.objects.select_related("head"):
        assert unit.head is not None and unit.head.unit_id == unit.pk, unit.name


@pytest.mark.with_award_round
def test_the_award_round_proposes_only_real_collectives(campaign):
    ensure_award_round(campaign)
    nominated = Nomination.objects.filter(campaign=campaign, unit__isnull=False).select_related("unit")
    assert nominated and {n.unit.name for n in nominated} <= set(COLLECTIVES)
    assert all(n.unit.unit_type != UnitType.OTHER for n in nominated)  # not the UBND itself
