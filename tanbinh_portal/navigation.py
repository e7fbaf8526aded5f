"""The main menu. Apps register their entries in ``AppConfig.ready`` (no imports from apps here)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

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
    return [{"label": i.label, "url": reverse(i.url_name)} for i in _items if has_role(user, *i.roles)]
