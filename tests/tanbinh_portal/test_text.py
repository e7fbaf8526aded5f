"""One cleaner for user text: single-line fields refuse control characters, multi-line keep lines."""

import pathlib
import re
import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError

from campaigns.models import Campaign
from tanbinh_portal.text import (
    SingleLineFormMixin,
    clean_cell,
    clean_line,
    clean_model_text,
    clean_text,
    drop_control_characters,
    one_line,
)


@pytest.mark.parametrize("bad", ["Kế hoạch\r\nBcc: x@y", "A\nB", "A\tB", "A\x00B", "A\x1bB", "A\u2028B", "A\u202eB"])
def test_single_line_values_with_control_characters_are_refused_with_the_field_name(bad):
    with pytest.raises(ValidationError) as error:
        clean_line(bad, label="Trích yếu")
    assert error.value.code == "control_characters"
    assert "“Trích yếu” chỉ được ghi trên một dòng" in error.value.messages[0]


def test_single_line_values_are_stored_composed_and_stripped():
    decomposed = unicodedata.normalize("NFD", "  Ấp Tân Đông ")
    assert clean_line(decomposed) == "Ấp Tân Đông"


def test_multi_line_text_keeps_its_lines_and_drops_invisible_controls():
    assert clean_text(" Dòng 1\r\nDòng 2\rDòng\x00 3\x1b\t. ") == "Dòng 1\nDòng 2\nDòng 3\t."


def test_one_line_turns_any_control_run_into_a_space_and_cuts_with_an_ellipsis():
    assert one_line("Phát động:\r\n  Kế hoạch\x00 năm") == "Phát động: Kế hoạch năm"
    assert one_line("x" * 300, 200) == "x" * 199 + "…"


def test_model_text_is_cleaned_by_field_kind():
    data = clean_model_text(Campaign, {"purposes": "A\r\nB\x00", "slogan": " Chung sức "})
    assert data == {"purposes": "A\nB", "slogan": "Chung sức"}
    with pytest.raises(ValidationError, match="Trích yếu"):
        clean_model_text(Campaign, {"title": "Kế hoạch\r\nnăm 2023"})


def test_forms_refuse_line_breaks_in_single_line_fields_only():
    class Form(SingleLineFormMixin, forms.Form):
        name = forms.CharField()
        note = forms.CharField(widget=forms.Textarea)

    form = Form({"name": "Ấp\r\nTân Nam", "note": "Dòng 1\r\nDòng 2"})
    assert not form.is_valid()
    assert "chỉ được ghi trên một dòng" in form.errors["name"][0]
    assert "note" not in form.errors


def test_every_portal_form_with_a_single_line_field_refuses_control_characters():
    from tests.forms_index import form_classes

    checked = 0
    for value in form_classes():
        single = [
            field
            for field in value.base_fields.values()
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea)
        ]
        if single:
            checked += 1
            assert issubclass(value, SingleLineFormMixin), value.__name__
    assert checked >= 8


# Moved from tests/kpi/test_importer_row_rules.py with the function (kpi.importer.columns.clean_text).
def test_clean_cell():
    assert clean_cell(None) == ""
    assert clean_cell(3.0) == "3" and clean_cell(3.5) == "3.5" and clean_cell(12) == "12"
    assert clean_cell("a\x00b") == "ab"
    assert clean_cell("Nguye\u0302\u0303n") == "Nguyễn"  # decomposed to NFC
    assert clean_cell(" a \t b\n c\r") == "a b c"
    assert clean_cell("a  b") == "a b" and clean_cell("ab ") == "ab" and clean_cell(" ab") == "ab"
    assert clean_cell("a b") == "a b"


@pytest.mark.parametrize("text", ["a\tb", "a\nb", "a\rb", "a\r\nb", "a  b"])
def test_each_kind_of_inner_whitespace_alone_becomes_one_space(text):
    assert clean_cell(text) == "a b"


@pytest.mark.parametrize("text", ["a\x01b", "a\x1bb", "a\x7fb", "a\x85b", "a\u202eb", "a\u2066b", "\x00ab\x00"])
def test_a_cell_loses_its_invisible_control_characters_like_multi_line_text(text):
    assert clean_cell(text) == "ab"
    assert clean_text(text) == "ab"


def test_control_characters_are_stripped_by_one_function():
    assert drop_control_characters("Biên\x00 bản\u202e.pdf") == "Biên bản.pdf"
    assert drop_control_characters("a\r\nb\tc\n") == "abc"
    assert drop_control_characters("a\r\nb\rc\td\x00", keep_line_breaks=True) == "a\nb\nc\td"


def test_no_module_strips_control_characters_by_itself():
    """The control-character classes and their stripping live in tanbinh_portal/text.py only."""
    root = pathlib.Path(__file__).resolve().parents[2]
    copies = re.compile(r"\\x00-|\\x7f-|\\u202a|CONTROL_CHARACTERS\.sub|\.replace\(\"\\x00\"")
    offenders = [
        str(path.relative_to(root))
        for app in ("campaigns", "kpi", "rewards", "documents", "tanbinh_portal")
        for path in (root / app).rglob("*.py")
        if path.name != "text.py" and copies.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders
