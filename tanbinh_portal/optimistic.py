"""Optimistic locking: a save made on a stale copy of a row is refused, the same way everywhere.

Every edit form carries the ``version`` of the row it showed, as a required hidden field
(:class:`VersionField`); a form for a row that does not exist yet carries :data:`NEW_ROW` (0). The
service reads the row under ``select_for_update`` and calls :func:`check_version`: a first save then
conflicts with a row someone created meanwhile (two tabs on an empty month, parallel first
registrations) exactly as an edit conflicts with a newer edit. Rows start at version 1 and every
change adds one, so 0 never names an existing row.

Services called without a browser (demo builders, staff import, management commands) read the row
themselves inside the same transaction and pass nothing: they hold no copy that could be stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.db import IntegrityError, transaction

from tanbinh_portal.service_errors import ServiceError

NEW_ROW = 0
STALE_CODE = "stale"
STALE_MESSAGE = (
    "Người khác vừa lưu thay đổi cho dữ liệu này sau khi bạn mở trang, nên thay đổi của bạn chưa được lưu. "
    "Hãy tải lại trang để xem bản mới nhất rồi nhập lại thay đổi của bạn."
)
MISSING_MESSAGE = "Trang nhập liệu thiếu thông tin phiên bản dữ liệu. Hãy tải lại trang rồi nhập lại."


class Unchecked:
    """Marker type: the caller holds no copy of the row (see the module docstring)."""


UNCHECKED = Unchecked()


def stale_error() -> ServiceError:
    return ServiceError(STALE_MESSAGE, code=STALE_CODE)


def current_version(row) -> int:
    """The version a form showing ``row`` carries: :data:`NEW_ROW` when there is no row yet."""
    return NEW_ROW if row is None else row.version


def check_version(row, expected_version: int | None | Unchecked) -> None:
    """Refuse the save unless ``expected_version`` is the version of ``row`` (``None``: no row yet).

    ``None`` as the expected version never matches: a form that lost its version cannot bypass the
    check. Only :data:`UNCHECKED` (callers without a browser) skips it.
    """
    if expected_version is UNCHECKED:
        return
    if isinstance(expected_version, bool) or expected_version != current_version(row):
        raise stale_error()


@contextmanager
def first_save() -> Iterator[None]:
    """Wrap the creation of a row keyed by a unique constraint: losing the race is a stale save.

    Two first saves of one key both see no row (there is nothing to lock yet); the loser's INSERT
    fails on the constraint and must not turn into a silent update of the winner's row.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise stale_error() from None


class VersionField(forms.IntegerField):
    """The required hidden version of an edit form (0 for a row not created yet)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", NEW_ROW)
        kwargs.setdefault("initial", NEW_ROW)
        kwargs.setdefault(
            "error_messages",
            {"required": MISSING_MESSAGE, "invalid": MISSING_MESSAGE, "min_value": MISSING_MESSAGE},
        )
        super().__init__(required=True, **kwargs)


class VersionedFormMixin:
    """For forms with a :class:`VersionField`: a missing version is told at the top of the form.

    The field is hidden, so an error attached to it would show nowhere the user looks.
    """

    def full_clean(self):
        super().full_clean()
        errors = getattr(self, "_errors", None)
        if errors and "version" in errors:
            self.add_error(None, errors.pop("version"))
