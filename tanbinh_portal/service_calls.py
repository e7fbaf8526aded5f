"""Calling a service from a view: its refusal becomes a form error or a message, the same way everywhere.

::

    with service_call(request, form=form) as call:
        services.campaign_update(actor=request.user, ...)
    if call.ok:
        messages.success(request, "Đã lưu kế hoạch.")
        return redirect(...)
    return render(...)  # the form now carries the service's message

A :class:`~tanbinh_portal.service_errors.ServiceError` (or any ``ValidationError`` a shared validator
raised inside the service) is caught: with a ``form`` its messages go on the form, on the field the
error names when the form has it (else on ``field`` when given), else at the top of the form; without a form they become
``messages.error`` on the next page. :class:`~tanbinh_portal.service_errors.NotPermitted` is not caught:
it is a ``PermissionDenied``, and the page answers 403. Anything else is a bug and stays one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from tanbinh_portal.service_errors import NotPermitted


class ServiceCall:
    """What became of the call: ``ok``, or the ``error`` that was shown."""

    def __init__(self) -> None:
        self.error: ValidationError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def failed(self) -> bool:
        return self.error is not None


def _by_field(error: ValidationError) -> list[tuple[str | None, str]]:
    """``(field, message)`` pairs: a field named by the error (``field`` or an error dict), or None."""
    if hasattr(error, "error_dict"):
        return [
            (None if name == NON_FIELD_ERRORS else name, message)
            for name, errors in error.error_dict.items()
            for message in ValidationError(errors).messages
        ]
    return [(getattr(error, "field", None), message) for message in error.messages]


def show_service_error(request, error: ValidationError, *, form=None, field: str | None = None) -> None:
    """Show a service's refusal: on ``form`` when given (see the module), else as ``messages.error``.

    ``field``: where on the form a message goes that names no field (the upload of an upload form).
    """
    for named, message in _by_field(error):
        if form is None:
            messages.error(request, message)
        else:
            target = named or field
            form.add_error(target if target in form.fields else None, message)


@contextmanager
def service_call(request, *, form=None, field: str | None = None) -> Iterator[ServiceCall]:
    """Run the block; a service error is shown (see :func:`show_service_error`) and recorded on the call."""
    call = ServiceCall()
    try:
        yield call
    except NotPermitted:
        raise
    except ValidationError as error:
        call.error = error
        show_service_error(request, error, form=form, field=field)
