"""The one header rule of the portal's papers (NĐ 30/2020/NĐ-CP, Phụ lục I, ô 2; docs/decisions.md,
"One header rule"): the direct parent body is printed only above a body that belongs to another.

The Ủy ban nhân dân of a commune is a state body in its own right: its papers carry no "UBND HUYỆN …"
or "UBND TỈNH …" line. A body of the UBND (the emulation council, the one-stop counter) prints
"UBND XÃ …" above its own name. Used by ``documents`` (``Header.parent_line``) and by the one-stop
receipt (``kpi.receipts``); here because both sides of the app chain may import it.
"""

from __future__ import annotations


def is_people_committee(body: str) -> bool:
    name = body.strip().upper()
    return name.startswith("ỦY BAN NHÂN DÂN") or name.startswith("UBND ")


def parent_line(issuing_body: str, parent_body: str) -> str:
    """Ô 2 above ``issuing_body``: ``parent_body``, or nothing for an Ủy ban nhân dân."""
    if is_people_committee(issuing_body):
        return ""
    return parent_body


def commune_parent(commune_name: str) -> str:
    """The parent line of a body of the commune's UBND: "UBND XÃ TÂN BÌNH"."""
    return f"UBND XÃ {commune_name.upper()}"
