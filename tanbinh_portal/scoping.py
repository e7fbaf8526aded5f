"""Isolation in one place: every query of a commune-owned model is scoped to the current communes.

Built on django-scopes (by pretalx's author; pretalx scopes every query to the current event the same
way). Each commune-owned model's default manager is :func:`commune_scoped` with the lookup path from
the model to its commune. Inside :func:`commune_scope` its queries are filtered to those communes;
outside any scope a query of such a model raises ``ScopeError`` instead of quietly reading every
commune's rows, so a view, task or command that forgot which commune it works for fails loudly (in
the tests first) instead of leaking another commune's data.

Who enters a scope:

- a request: ``campaigns.middleware.PlaceMiddleware``, with the communes the user's current place sees
  (one commune; a district's communes; the province's) — none for an anonymous user;
- a Celery task or a service called outside a request: :func:`commune_scope` around the work, with the
  commune of the object it was given (:func:`scope_of_row` finds it from an id);
- system-wide jobs (the nightly recomputation, purges), migrations, the Django admin and the demo:
  :func:`all_communes` (django-scopes' ``scopes_disabled``), said explicitly where it happens.

Relations read through a foreign key (``nomination.campaign``) use the unscoped base manager, as in
django-scopes: the row they start from was already read in scope. The manager is django-scopes' own
logic for one dimension (its scope state, its ``DisabledQuerySet`` that raises ``ScopeError``), with the
filter written on the model's own column (:class:`CommuneScopedManager`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models
from django_scopes import ScopeError, get_scope, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet

__all__ = [
    "DIMENSION",
    "ScopeError",
    "all_communes",
    "commune_scope",
    "commune_id_of",
    "commune_scoped",
    "get_scope",
    "scope_of_row",
]

DIMENSION = "commune"


class CommuneScopedManager(models.Manager):
    """django-scopes' scoped manager for the one dimension ``commune``, with the filter on the model's
    own column: ``campaign_id IN (SELECT id FROM campaign WHERE commune_id IN …)`` rather than a join,
    so ``select_for_update()`` still locks the model's rows only (a join would lock the campaign row
    too, and two services locking in different orders could deadlock on PostgreSQL)."""

    commune_path = ""  # set per model by commune_scoped (related managers subclass this class)

    def _scope_filter(self, ids: list) -> models.Q:
        first, *rest = self.commune_path.split("__")
        if not rest:
            return models.Q(**{f"{first}__in": ids})
        related = self.model._meta.get_field(first).related_model
        inner = related._base_manager.filter(**{"__".join(rest) + "__in": ids}).values("pk")
        return models.Q(**{f"{first}__in": inner})

    def get_queryset(self):
        current = get_scope()
        if not current.get("_enabled", True):
            return super().get_queryset()
        if DIMENSION not in current:
            return DisabledQuerySet(self.model, using=self._db, missing_scopes={DIMENSION})
        return super().get_queryset().filter(self._scope_filter(list(current[DIMENSION])))

    def all(self):
        queryset = super().all()
        if isinstance(queryset, DisabledQuerySet):
            queryset = queryset.all()  # raises ScopeError, as django-scopes' manager does
        return queryset


def commune_scoped(path: str) -> CommuneScopedManager:
    """The default manager of a model owned by a commune: ``path`` leads from the model to its commune
    (``"commune"``, ``"campaign__commune"``, ``"report__campaign__commune"``)."""
    manager_class = type("CommuneScopedManager", (CommuneScopedManager,), {"commune_path": path})
    return manager_class()


@contextmanager
def commune_scope(communes: Iterable | object) -> Iterator[None]:
    """Queries inside see only ``communes`` (a commune, a commune id, or several)."""
    if isinstance(communes, (list, tuple, set, frozenset)) or hasattr(communes, "__iter__"):
        ids = [getattr(c, "pk", c) for c in communes]
    else:
        ids = [getattr(communes, "pk", communes)]
    with scope(**{DIMENSION: ids}):
        yield


def all_communes():
    """Every commune's rows: for system-wide jobs, migrations, the admin and the demo only."""
    return scopes_disabled()


def commune_id_of(obj: models.Model) -> int | None:
    """The commune a row belongs to: itself for a commune, along its scoped manager's path for a
    commune-owned row, its ``commune_id`` for anything else that has one (a role held at a commune)."""
    if obj._meta.label == "campaigns.Commune":
        return obj.pk
    # _meta, not type(obj): request.user is a lazy object whose type is not the model
    path = getattr(obj._meta.default_manager, "commune_path", None)
    if path is None:
        return getattr(obj, "commune_id", None)
    *through, last = path.split("__")
    for name in through:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None) if last != "commune_id" else obj.commune_id


def scope_of_row(model: type[models.Model], pk) -> int | None:
    """The commune id of one row of a commune-scoped ``model`` (a task's argument), read unscoped."""
    path = model._default_manager.commune_path
    with scopes_disabled():
        return model._default_manager.filter(pk=pk).values_list(path, flat=True).first()
