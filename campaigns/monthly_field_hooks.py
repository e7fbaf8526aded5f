"""What the app storing the monthly values (kpi) is told about a plan's monthly fields, and asked.

campaigns owns the monthly field definitions (model, services, pages) but cannot import kpi, which
stores the values entered against them. kpi registers, in its ``AppConfig.ready()``:

- a listener told of every saved change of a field, inside the service's transaction
  (``listener(field=…, change="create" | "update" | "delete")``): kpi attaches values stored under a
  new field's key before it existed and queues the recomputation after commit;
- a usage reader for the fields page (``reader(campaign) -> {field_id: FieldUsage}``): how many months
  have a value, and whether any value row (even a cleared one) points at the field, so that it can no
  longer be deleted (the database refuses it too: ``MonthlyValue.field`` is ``on_delete=RESTRICT``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldUsage:
    rows: int  # value rows saved against the field, cleared ones included
    months_entered: int  # of which hold a number


_listeners: list[Callable[..., None]] = []
_usage_readers: list[Callable[..., dict[int, FieldUsage]]] = []


def register_field_listener(listener: Callable[..., None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def register_usage_reader(reader: Callable[..., dict[int, FieldUsage]]) -> None:
    if reader not in _usage_readers:
        _usage_readers.append(reader)


def field_changed(*, field, change: str) -> None:
    """Called by ``campaigns.monthly_fields`` after a field was created, changed or deleted."""
    for listener in _listeners:
        listener(field=field, change=change)


def field_usage(campaign) -> dict[int, FieldUsage]:
    """{field id: usage} of the campaign's fields that have value rows (fields without any are absent)."""
    usage: dict[int, FieldUsage] = {}
    for reader in _usage_readers:
        for field_id, found in reader(campaign).items():
            known = usage.get(field_id, FieldUsage(0, 0))
            usage[field_id] = FieldUsage(known.rows + found.rows, known.months_entered + found.months_entered)
    return usage
