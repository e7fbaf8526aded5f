"""Filters for the NĐ 30 print templates (documents/templates/print/)."""

from django import template

register = template.Library()


@register.filter
def vn_short_date(day) -> str:
    """``02/1/2022``: the day zero-padded, the month not, as in body text of commune documents."""
    if not day:
        return "…/…/…"
    return f"{day.day:02d}/{day.month}/{day.year}"


@register.filter
def list_end(is_last: bool) -> str:
    """The end of a list line: ";" for every line, "." for the last one (NĐ 30 nơi nhận, căn cứ)."""
    return "." if is_last else ";"


@register.filter
def strip_end(text: str) -> str:
    """A line without trailing ``;`` ``.`` or ``:`` so the template can add the right one."""
    return str(text).rstrip().rstrip(";.:").rstrip()
