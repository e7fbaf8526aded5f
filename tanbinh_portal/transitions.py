"""State machines, moved one way: check the current state, claim the move, refuse an illegal one.

Every model with a ``status`` (a campaign, a month of figures, a nomination, a generated document)
moves through :func:`transition`, called inside the service's transaction on the row it read::

    old = transition(campaign, to=CampaignStatus.LAUNCHED, allowed=[CampaignStatus.DRAFT],
                     refusal=lambda current: f"Không thể phát động từ “{current}”.",
                     values={"launched_at": timezone.now()})

1. the row's current state must be in ``allowed``, else :class:`IllegalTransition` (a
   :class:`~tanbinh_portal.service_errors.ServiceError`) with the Vietnamese ``refusal``;
2. the move is claimed with a conditional ``UPDATE … SET status = <to>, <values> WHERE pk = … AND
   status = <old>`` (the values too: a check constraint may tie a state to them): if another
   transaction moved the row meanwhile (a caller that did not lock it), nothing is written and the
   move is refused the same way;
3. the new state and ``values`` are set on the row, its optimistic ``version`` goes up by one,
   and the row is saved, so ``post_save`` receivers (the plan revision) and ``auto_now`` fields see it.

The audit row stays with the caller: it knows the action name and the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from tanbinh_portal.service_errors import ServiceError


class IllegalTransition(ServiceError):
    """The row is not in a state the requested move starts from."""

    default_code = "illegal_transition"


def state_label(row: models.Model, field: str = "status") -> str:
    """The Vietnamese name of the row's current state (its choice label)."""
    display = getattr(row, f"get_{field}_display", None)
    return str(display()) if display else str(getattr(row, field))


def _refusal(row: models.Model, field: str, refusal: str | Callable[[str], str]) -> IllegalTransition:
    message = refusal(state_label(row, field)) if callable(refusal) else refusal
    return IllegalTransition(message)


def require_state(
    row: models.Model, allowed: Iterable[str], *, refusal: str | Callable[[str], str], field: str = "status"
) -> None:
    """Refuse with :class:`IllegalTransition` unless the row's state is in ``allowed``.

    For a service that checks the state first and moves it later in the same transaction (after
    other checks and writes); :func:`transition` runs the same check itself.
    ``refusal``: the message, or a function of the current state's Vietnamese label.
    """
    if str(getattr(row, field)) not in {str(state) for state in allowed}:
        raise _refusal(row, field, refusal)


def transition(
    row: models.Model,
    *,
    to: str,
    allowed: Iterable[str],
    refusal: str | Callable[[str], str],
    field: str = "status",
    values: dict[str, Any] | None = None,
    bump_version: bool = True,
) -> str:
    """Move ``row`` from a state in ``allowed`` to ``to``; return the old state (see the module).

    ``bump_version=False`` for a model whose ``version`` is not the optimistic lock of
    ``tanbinh_portal.optimistic`` (a generated document's version is its edition number).
    """
    require_state(row, allowed, refusal=refusal, field=field)
    old = getattr(row, field)
    values = dict(values or {})
    # The claim writes the values too: a constraint may tie the state to them (launched → launched_at).
    claimed = type(row)._default_manager.filter(pk=row.pk, **{field: old}).update(**{field: to, **values})
    if claimed != 1:
        row.refresh_from_db(fields=[field])
        raise _refusal(row, field, refusal)
    setattr(row, field, to)
    for name, value in values.items():
        setattr(row, name, value)
    if bump_version:
        row.version += 1
    row.save()
    return old
