"""Line-breaking rules of the printed set, applied to the text of every rendered document.

A district reviewer sends back a paper where "xã Tân Bình", "Kính gửi:", a document number
("01/BB-HĐTĐKT") or a comparator and its number ("< 1,3%") is split across two lines. Templates keep
writing plain text; :func:`typeset_html` rewrites those spots in the text between tags (never inside a
tag or an attribute) just before the HTML goes to WeasyPrint:

- spaces become no-break spaces (U+00A0) inside a unit's name, after a comparator and in "Kính gửi:";
- a zero-width joiner (U+200D; Unicode line breaking rule LB8a: no break after it) follows each "/"
  and "-" of a document number, where a line may otherwise break.

Both characters are in the vendored font. A ``white-space: nowrap`` span is not used: WeasyPrint then
breaks a justified first line after its first word.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
ZWJ = "\u200d"

KEEP = re.compile(
    r"(?P<place>\b(?:xã|huyện|tỉnh|ấp|Xã|Huyện|Tỉnh|Ấp)(?: [^\W\d_][\w–]*)+)"
    r"|(?P<comparator>(?:&lt;|&gt;|[<>≤≥]) (?=\d))"
    r"|(?P<number>\b\d{1,4}(?:/\d{4})?/[A-ZĐ][\wĐđ]*(?:-[A-ZĐ][\wĐđ]*)*)"
    r"|(?P<greeting>Kính gửi:)"
)
TAG = re.compile(r"(<[^>]*>)")


def _keep(match: re.Match) -> str:
    if match.group("place"):
        # "xã Tân Bình": the unit word and the capitalised words of the name, nothing after them.
        words = match.group("place").split(" ")
        name = [words[0]]
        for word in words[1:]:
            if not word[:1].isupper():
                break
            name.append(word)
        rest = words[len(name) :]
        # The match may run on over lower-case words into another name ("Ấp thuộc xã Tân Bình").
        return NBSP.join(name) + (" " + keep_together(" ".join(rest)) if rest else "")
    if match.group("number"):
        return match.group("number").replace("/", "/" + ZWJ).replace("-", "-" + ZWJ)
    return match.group(0).replace(" ", NBSP)


def keep_together(text: str) -> str:
    """The rules on one piece of HTML-escaped text."""
    return KEEP.sub(_keep, text)


def typeset_html(html: str) -> str:
    """Apply :func:`keep_together` to the text between the tags of a rendered print template's body."""
    head, marker, body = html.partition("<body")
    if not marker:
        head, body = "", html
    parts = TAG.split(body)
    for index in range(0, len(parts), 2):
        if parts[index]:
            parts[index] = keep_together(parts[index])
    return head + marker + "".join(parts)
