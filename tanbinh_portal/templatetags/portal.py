from functools import lru_cache

from django import template
from django.urls import get_script_prefix, resolve, reverse

from tanbinh_portal.formatting import format_number, format_percent
from tanbinh_portal.roles import has_role

register = template.Library()


@register.filter
def vn_date_line(day) -> str:
    """NĐ 30 date line: ``ngày 05 tháng 01 năm 2022`` (days < 10 and months 1–2 zero-padded)."""
    if not day:
        return "ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@register.filter
def vn_time(time) -> str:
    """The set's one time style, as administrative papers write it: ``08 giờ 00 phút``."""
    return f"{time.hour:02d} giờ {time.minute:02d} phút"


@register.filter
def vn_number(value, places=2) -> str:
    return format_number(value, int(places))


@register.filter
def vn_percent(value, places=2) -> str:
    return format_percent(value, int(places))


@register.filter
def lower_first(text) -> str:
    """Mid-sentence form of a title: only its first letter lowered ("Phát động … xã Tân Bình" ->
    "phát động … xã Tân Bình"); ``|lower`` would also lower the proper names."""
    text = str(text or "")
    return text[:1].lower() + text[1:]


@register.filter
def roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


@register.simple_tag(takes_context=True)
def may_open(context, url_name: str, *args) -> bool:
    """Whether the user's roles let them open ``url_name``: read from the view's own ``role_required``,
    so a link shown in a menu or tab cannot drift from the check behind it."""
    allowed = _allowed_roles(get_script_prefix(), url_name, args)
    return allowed is None or has_role(context["request"].user, *allowed)


@lru_cache(maxsize=512)
def _allowed_roles(script_prefix: str, url_name: str, args: tuple) -> tuple[str, ...] | None:
    # Reversing and resolving on every tab of every page was ~1 ms a page; the answer never changes.

    return getattr(resolve(reverse(url_name, args=args)).func, "allowed_roles", None)
