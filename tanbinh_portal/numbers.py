"""Numbers as Vietnamese officers type them: decimal comma, thousands dot; refuse what is ambiguous.

Every number field of the portal's forms is one of the two fields below. The widget is a text
input (with ``inputmode`` for phone keyboards), never ``type=number``: a browser's number input
silently drops the comma of "1,3" and sends "13".

Reading rules (spaces, non-breaking spaces and a trailing "%" are ignored):

- "1,3" → 1,3: the comma is the decimal mark. "1.250.000,5" → 1250000,5.
- "1.250" and "1.250.000": dots between groups of three digits are thousands separators; in a
  decimal field a single such group ("1.250") is refused as ambiguous (1250 or 1,25?), unless the
  field only takes whole numbers.
- "1.3", "95.5": a dot not followed by a group of three is taken as the decimal mark (how a
  spreadsheet in English prints it); "1,250.5" mixes the two conventions and is refused.
- An integer field refuses a comma: "1,250" is 1,25 in Vietnamese and 1250 in English.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_WITH_DECIMALS = re.compile(r"^\d{1,3}(\.\d{3})+,\d+$")
_PLAIN = re.compile(r"^\d+([.,]\d+)?$")
_ONE_GROUP = re.compile(r"^\d{1,3}\.\d{3}$")

UNREADABLE = "invalid"
AMBIGUOUS = "ambiguous"


def _refuse(text: str, why: str, code: str = UNREADABLE) -> ValidationError:
    return ValidationError(f"Không đọc được số “{text}”: {why}", code=code)


def parse_number(value: str, *, integer: bool = False) -> Decimal:
    """The number ``value`` means, by the rules in the module docstring; ``ValidationError`` if unsure."""
    text = _SPACES.sub("", value).removesuffix("%")
    sign = ""
    if text[:1] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    shown = value.strip()
    if "," in text and "." in text:
        if not _THOUSANDS_WITH_DECIMALS.match(text):
            raise _refuse(shown, "hãy dùng dấu phẩy cho phần thập phân và dấu chấm ngăn hàng nghìn, ví dụ 1.250,5.")
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        if not integer and _ONE_GROUP.match(text):
            whole, fraction = text.split(".")
            raise _refuse(
                shown,
                f"có thể là {whole}{fraction} hoặc {whole},{fraction.rstrip('0') or '0'}. "
                f"Hãy viết {whole}{fraction} (không dấu chấm) hoặc {whole},{fraction} (dấu phẩy thập phân).",
                AMBIGUOUS,
            )
        text = text.replace(".", "")
    elif _PLAIN.match(text):
        if integer and "," in text:
            raise _refuse(
                shown,
                "ô này chỉ nhận số nguyên; dấu phẩy là dấu thập phân. Số hàng nghìn viết liền (1250) "
                "hoặc ngăn bằng dấu chấm (1.250).",
                AMBIGUOUS,
            )
        text = text.replace(",", ".")
    else:
        raise _refuse(
            shown, "hãy chỉ dùng chữ số, dấu phẩy thập phân và dấu chấm ngăn hàng nghìn, ví dụ 1,3 hoặc 1.250."
        )
    try:
        number = Decimal(sign + text)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise _refuse(shown, "không phải là số.") from None
    if integer and number != number.to_integral_value():
        raise _refuse(shown, "ô này chỉ nhận số nguyên.")
    return number


def vietnamese_decimal(value: Decimal | int | float | None) -> str:
    """How a number field shows a stored value: "1,3", "95", "66,67" (no trailing zeros)."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    text = format(number, "f")
    return text.replace(".", ",")


class _ParsedNumberMixin:
    integer = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric" if self.integer else "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def widget_attrs(self, widget):
        # DecimalField/IntegerField add step/min/max for number inputs; a text input takes none.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            try:
                value = parse_number(value, integer=self.integer)
            except ValidationError as error:
                # A field's own "invalid" message (it names the field, gives its examples) wins over
                # the general one; an ambiguity is always explained.
                custom = str(self.error_messages["invalid"])
                defaults = {str(f.default_error_messages["invalid"]) for f in (forms.DecimalField, forms.IntegerField)}
                if error.code == UNREADABLE and custom not in defaults:
                    raise ValidationError(custom, code=UNREADABLE) from None
                raise
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return vietnamese_decimal(value)
        return value


class VietnameseDecimalField(_ParsedNumberMixin, forms.DecimalField):
    """A decimal number typed the Vietnamese way (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("max_decimal_places", "Chỉ được tối đa %(max)s chữ số sau dấu phẩy.")
        kwargs["error_messages"].setdefault("max_digits", "Số quá dài: tối đa %(max)s chữ số.")
        kwargs["error_messages"].setdefault("max_whole_digits", "Phần nguyên quá dài: tối đa %(max)s chữ số.")
        super().__init__(*args, **kwargs)


class VietnameseIntegerField(_ParsedNumberMixin, forms.IntegerField):
    """A whole number typed the Vietnamese way: "1.250" or "1250"; "1,250" is refused."""

    integer = True

    def to_python(self, value):
        number = _ParsedNumberMixin.to_python(self, value)
        return None if number is None else int(number)
