"""The main menu. Apps register their entries in ``AppConfig.ready`` (no imports from apps here)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse

from tanbinh_portal.roles import has_role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    order: int = 50


_items: list[NavItem] = []


def register_nav(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)
        _items.sort(key=lambda i: (i.order, i.label))


def nav_for(user) -> list[dict]:
    prefix = get_script_prefix()
    return [{"label": i.label, "url": _url(prefix, i.url_name)} for i in _items if has_role(user, *i.roles)]


@lru_cache(maxsize=128)
def _url(script_prefix: str, url_name: str) -> str:
    # Every page shows the menu: reversing its entries each time was ~5% of a page's CPU.
    return reverse(url_name)
