"""The one error type of the services, and the refusal of an actor who may not do what they ask.

A service refuses with a :class:`ServiceError`: a Vietnamese message for the user, a code for
callers and tests that branch on it, and optionally the form field the message belongs to. Every
domain error is one (``kpi.services.imports.ImportNotRetryable``, ``documents.engine.bundle.BundleError``,
``documents.engine.signing.SigningError``, ``tanbinh_portal.transitions.IllegalTransition``, the stale
save of ``tanbinh_portal.optimistic``), so a view turns any of them into a message the same way:
``tanbinh_portal.service_calls.service_call``.

``ServiceError`` is a ``django.core.exceptions.ValidationError``. That keeps the shared validators
(``tanbinh_portal.text.clean_line``, ``tanbinh_portal.periods.event_date``, a form's ``clean``) and the
services speaking one language: a form that calls a validator and a view that calls a service catch
the same class, and ``error.messages`` works on both. ``str(error)`` is the message itself (not the
list ``ValidationError`` prints), so an engine error can be logged or stored as it reads.

:class:`NotPermitted` is also a ``PermissionDenied``: a service that checks the actor's role itself
(``tanbinh_portal.roles.require_role``, as well as the view's decorator) refuses with it, and the page
answers 403: the view helper never turns it into a message, and an uncaught one is a 403, never a 500.

This module imports nothing from the project or the database, so the print engine can raise it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class ServiceError(ValidationError):
    """A refusal for the user: ``message`` (Vietnamese), ``code``, and the form ``field`` it concerns."""

    default_code = "invalid"

    def __init__(self, message, code: str | None = None, params=None, *, field: str | None = None):
        super().__init__(message, code=code or self.default_code, params=params)
        self.field = field

    def __str__(self) -> str:
        return " ".join(self.messages)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, code={self.code!r})"


class NotPermitted(ServiceError, PermissionDenied):
    """The actor's role does not allow the action: a 403 for a page, never a form message."""

    default_code = "not_permitted"
