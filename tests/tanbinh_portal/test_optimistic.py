"""The one optimistic-lock rule: a required version on every edit form, one check, one message."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from tanbinh_portal.optimistic import (
    MISSING_MESSAGE,
    NEW_ROW,
    STALE_MESSAGE,
    UNCHECKED,
    VersionedFormMixin,
    VersionField,
    check_version,
    current_version,
)
from tests.forms_index import form_classes


class _Row:
    def __init__(self, version):
        self.version = version


def test_a_missing_row_has_version_zero_and_only_zero_matches_it():
    assert current_version(None) == NEW_ROW == 0
    check_version(None, 0)
    with pytest.raises(ValidationError) as error:
        check_version(None, 1)
    assert error.value.code == "stale"


def test_a_first_save_conflicts_with_a_row_created_meanwhile():
    with pytest.raises(ValidationError, match="tải lại trang"):
        check_version(_Row(1), NEW_ROW)


@pytest.mark.parametrize("expected", [None, True, "3", 2])
def test_anything_but_the_row_version_is_stale(expected):
    with pytest.raises(ValidationError) as error:
        check_version(_Row(3), expected)
    assert error.value.messages == [STALE_MESSAGE]


def test_only_the_explicit_marker_skips_the_check():
    check_version(_Row(7), UNCHECKED)
    check_version(_Row(7), 7)


@pytest.mark.parametrize("posted", [{}, {"version": ""}, {"version": "abc"}, {"version": "-1"}])
def test_a_form_without_a_usable_version_is_invalid(posted):
    class Form(VersionedFormMixin, forms.Form):
        version = VersionField()

    form = Form(posted)
    assert not form.is_valid()
    assert form.non_field_errors() == [MISSING_MESSAGE]


def _form_classes():
    yield from form_classes()


def test_every_form_with_a_version_requires_it():
    versioned = [cls for cls in _form_classes() if "version" in cls.base_fields]
    assert len(versioned) >= 9  # plan, registration, unit, person, monthly figures/field, sections, quota, summary
    for cls in versioned:
        field = cls.base_fields["version"]
        assert isinstance(field, VersionField) and field.required, cls.__name__
        assert issubclass(cls, VersionedFormMixin), cls.__name__
