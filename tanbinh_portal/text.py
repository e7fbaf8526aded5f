"""User text, cleaned the same way in every form and service.

Two kinds of text field:

- single-line (names, titles, numbers of documents, places): a line break, tab or other control
  character in them is refused with a message, never stored. They end up in e-mail subjects, PDF
  headings and spreadsheet cells, where a CR/LF breaks a header (``BadHeaderError``) or a layout.
- multi-line (reasons, narratives, lists "one per line"): line breaks are kept (CR/LF become LF),
  other control characters are dropped silently: they are invisible, and PostgreSQL refuses NUL.

Both are NFC-normalised (a Vietnamese letter typed or pasted decomposed is stored composed, so
searches and comparisons find it) and stripped of outer spaces.

Text that nobody typed is cleaned here too, never by a copy elsewhere: a spreadsheet or CSV cell
(:func:`clean_cell`, one line, for the imports), a name given by the uploader's system
(:func:`drop_control_characters`), text already stored that must fit one line (:func:`one_line`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidirectional overrides
# (which can make a name display reversed). Tab, LF and CR are listed: none belongs on one line.
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
CONTROL_CHARACTERS = re.compile(f"[{_CONTROL}]")
# What multi-line text may keep: LF (CR/LF is turned into LF first) and tab.
_DROPPED_IN_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
SINGLE_LINE_CODE = "control_characters"


def drop_control_characters(value: str, *, keep_line_breaks: bool = False) -> str:
    """``value`` without its control characters (the one place they are stripped rather than refused).

    ``keep_line_breaks``: LF and tab stay (CR/LF and a lone CR become LF first); otherwise every
    control character goes, line breaks included.
    """
    if keep_line_breaks:
        return _DROPPED_IN_MULTILINE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return CONTROL_CHARACTERS.sub("", value)


def single_line_message(label: str | None = None) -> str:
    where = f"“{label}”" if label else "Ô này"
    return (
        f"{where} chỉ được ghi trên một dòng: hãy bỏ dấu xuống dòng, dấu tab hoặc ký tự điều khiển "
        "(thường lẫn vào khi dán từ tệp khác)."
    )


def clean_line(value: Any, *, label: str | None = None) -> str:
    """A single-line value, NFC and stripped; ``ValidationError`` if it holds a control character."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value)).strip()
    if CONTROL_CHARACTERS.search(text):
        raise ValidationError(single_line_message(label), code=SINGLE_LINE_CODE)
    return text


def clean_text(value: Any) -> str:
    """A multi-line value: NFC, CR/LF → LF, invisible control characters dropped, stripped."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    return drop_control_characters(text, keep_line_breaks=True).strip()


def clean_cell(value: Any) -> str:
    """A spreadsheet or CSV cell as one line: NFC, invisible control characters dropped (PostgreSQL
    refuses NUL), each run of whitespace (line breaks and tabs included) one space, stripped; a whole
    float (``3.0``, as spreadsheets store integers) reads as ``"3"``.

    Fast paths matter: the dossier import runs this about fifteen times per row of a million-row file,
    and most cells are short printable text that needs none of the work.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    if not value.isprintable():  # a control character, a line break, a tab or another separator
        value = drop_control_characters(value, keep_line_breaks=True)
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if "  " in value or "\t" in value or "\n" in value or value[:1] == " " or value[-1:] == " ":
        value = " ".join(value.split())
    return value


def one_line(value: Any, limit: int | None = None) -> str:
    """Text made safe for one line (an e-mail subject, a heading): every control run becomes a space.

    For text that is already stored (older rows, or text joined from several fields); new input is
    refused by :func:`clean_line` instead.
    """
    text = " ".join(CONTROL_CHARACTERS.sub(" ", unicodedata.normalize("NFC", str(value or ""))).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def clean_model_text(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every text value cleaned by the kind of its model field.

    ``CharField`` → :func:`clean_line` (labelled with the field's verbose name), ``TextField`` →
    :func:`clean_text`; other values are returned unchanged.
    """
    cleaned = dict(data)
    for name, value in data.items():
        if not isinstance(value, str):
            continue
        field = model._meta.get_field(name)
        if isinstance(field, models.TextField):
            cleaned[name] = clean_text(value)
        elif isinstance(field, models.CharField) and not field.choices:
            cleaned[name] = clean_line(value, label=str(field.verbose_name))
    return cleaned


def reject_control_characters(value: str) -> None:
    """Form validator for single-line fields."""
    if value and CONTROL_CHARACTERS.search(value):
        raise ValidationError(single_line_message(), code=SINGLE_LINE_CODE)


class SingleLineFormMixin:
    """Every ``CharField`` of the form not drawn as a textarea is single-line (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            single_line = isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea)
            if single_line and reject_control_characters not in field.validators:
                field.validators.append(reject_control_characters)
