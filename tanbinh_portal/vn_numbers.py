"""Amounts of money written out in Vietnamese words, as a prize list or payment record states them."""

from __future__ import annotations

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
GROUPS = ["", " nghìn", " triệu", " tỷ"]


def _three(number: int, full: bool) -> str:
    """0–999 in words; ``full`` when a higher group precedes (then "không trăm", "linh" are spoken)."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if hundreds or full:
        words.append(f"{DIGITS[hundreds]} trăm")
    if tens > 1:
        words.append(f"{DIGITS[tens]} mươi")
    elif tens == 1:
        words.append("mười")
    elif units and (hundreds or full):
        words.append("linh")
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens:
            words.append("lăm")
        elif units == 4 and tens > 1:
            words.append("tư")
        else:
            words.append(DIGITS[units])
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """``1360000`` → ``"Một triệu ba trăm sáu mươi nghìn đồng"`` (up to hundreds of billions)."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    if amount == 0:
        return "Không đồng"
    groups = []
    while amount:
        groups.append(amount % 1000)
        amount //= 1000
    parts = []
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value:
            parts.append(_three(value, full=index < len(groups) - 1) + GROUPS[index])
    text = " ".join(parts) + " đồng"
    return text[0].upper() + text[1:]
