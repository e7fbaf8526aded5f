from decimal import Decimal

import pytest

from rewards.voting import quorum_met, quorum_text, vote_result


@pytest.mark.parametrize(
    ("present", "total", "expected"),
    [
        (6, 9, True),
        (5, 9, False),
        (9, 9, True),
        (2, 3, True),
        (1, 3, False),
        (7, 10, True),
        (6, 10, False),
        (0, 0, False),
    ],
)
def test_quorum_is_two_thirds_of_all_members_by_default(present, total, expected):
    assert quorum_met(present=present, total=total) is expected


def test_quorum_fraction_is_configurable():
    assert quorum_met(present=5, total=9, numerator=1, denominator=2)
    assert not quorum_met(present=4, total=9, numerator=1, denominator=2)
    assert "không đủ" in quorum_text(present=4, total=9, numerator=1, denominator=2)


def test_result_explains_itself_against_all_members():
    passed, text = vote_result(agree=7, present=8, total=9, base="all", percent=Decimal(50), inclusive=False)
    assert passed
    assert text == "7/9 = 77,78% tổng số thành viên, trên mức 50% theo quy định"


@pytest.mark.parametrize(
    ("agree", "total", "inclusive", "expected"),
    [
        (5, 9, False, True),
        (4, 9, False, False),
        (4, 8, False, False),
        (5, 8, False, True),
        (4, 8, True, True),
        (3, 8, True, False),
    ],
)
def test_more_than_half_of_all_members_at_the_edges(agree, total, inclusive, expected):
    passed, _ = vote_result(
        agree=agree, present=total, total=total, base="all", percent=Decimal(50), inclusive=inclusive
    )
    assert passed is expected


def test_exactly_half_is_not_more_than_half_and_says_so():
    passed, text = vote_result(agree=4, present=8, total=8, base="all", percent=Decimal(50), inclusive=False)
    assert not passed
    assert text == "4/8 = 50% tổng số thành viên, không vượt quá mức 50% theo quy định"


def test_base_of_members_present_counts_only_those_present():
    passed, text = vote_result(agree=5, present=6, total=9, base="present", percent=Decimal(70), inclusive=True)
    assert passed
    assert text.startswith("5/6 = 83,33% số thành viên có mặt, đạt mức từ 70%")
    passed, _ = vote_result(agree=5, present=6, total=9, base="all", percent=Decimal(70), inclusive=True)
    assert not passed


def test_ninety_percent_threshold_edge():
    assert vote_result(agree=9, present=10, total=10, base="all", percent=Decimal(90), inclusive=True)[0]
    assert not vote_result(agree=8, present=10, total=10, base="all", percent=Decimal(90), inclusive=True)[0]


def test_the_quorum_sentence_in_full_both_ways():
    assert quorum_text(present=6, total=9) == (
        "Có mặt 6/9 thành viên; yêu cầu tối thiểu 2/3 tổng số thành viên: đủ điều kiện tiến hành họp."
    )
    assert quorum_text(present=2, total=4, numerator=3, denominator=4) == (
        "Có mặt 2/4 thành viên; yêu cầu tối thiểu 3/4 tổng số thành viên: không đủ điều kiện tiến hành họp."
    )
    # the sentence follows the fraction it is given, not the default one
    assert quorum_text(present=3, total=4, numerator=3, denominator=4).endswith(": đủ điều kiện tiến hành họp.")


@pytest.mark.parametrize(
    ("present", "total", "numerator", "denominator", "expected"),
    [(3, 4, 3, 4, True), (2, 4, 3, 4, False), (1, 1, 1, 1, True), (0, 1, 1, 1, False), (0, 0, 1, 2, False)],
)
def test_quorum_with_other_fractions(present, total, numerator, denominator, expected):
    assert quorum_met(present=present, total=total, numerator=numerator, denominator=denominator) is expected


def test_no_member_in_the_base_passes_nothing_and_says_why():
    assert vote_result(agree=0, present=0, total=9, base="present", percent=Decimal(50), inclusive=True) == (
        False,
        "Không có số thành viên có mặt để tính tỷ lệ.",
    )
    assert vote_result(agree=0, present=0, total=0, base="all", percent=Decimal(50), inclusive=False) == (
        False,
        "Không có tổng số thành viên để tính tỷ lệ.",
    )


def test_every_sentence_of_a_result():
    def text(agree, inclusive, percent=Decimal(50)):
        return vote_result(agree=agree, present=6, total=9, base="present", percent=percent, inclusive=inclusive)

    assert text(3, True) == (True, "3/6 = 50% số thành viên có mặt, đạt mức từ 50% theo quy định")
    assert text(2, True) == (False, "2/6 = 33,33% số thành viên có mặt, chưa đạt mức từ 50% theo quy định")
    assert text(4, False) == (True, "4/6 = 66,67% số thành viên có mặt, trên mức 50% theo quy định")
    assert text(3, False) == (False, "3/6 = 50% số thành viên có mặt, không vượt quá mức 50% theo quy định")
    assert text(4, True, Decimal("66.67")) == (
        False,
        "4/6 = 66,67% số thành viên có mặt, chưa đạt mức từ 66,67% theo quy định",  # 66.666… < 66.67
    )


def test_a_present_base_is_not_the_total_and_the_total_is_not_the_present():
    # 5 of 7 present agree (71.43%), 5 of 9 members (55.56%): a 60% threshold tells the bases apart.
    assert vote_result(agree=5, present=7, total=9, base="present", percent=Decimal(60), inclusive=True)[0]
    assert not vote_result(agree=5, present=7, total=9, base="all", percent=Decimal(60), inclusive=True)[0]


def test_a_base_of_one_member_is_a_base():
    assert vote_result(agree=1, present=1, total=9, base="present", percent=Decimal(50), inclusive=False) == (
        True,
        "1/1 = 100% số thành viên có mặt, trên mức 50% theo quy định",
    )
