"""Reading rendered PDFs in tests: text, fonts, page size and where text sits (pypdf)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

PT_TO_MM = 25.4 / 72
A4_MM = (210.0, 297.0)


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text; the zero-width joiners that keep document numbers on one line are dropped and
    no-break spaces read as spaces (documents/engine/typography.py)."""
    return [(page.extract_text() or "").replace("\u200d", "").replace("\u00a0", " ") for page in reader(pdf).pages]


def all_text(pdf: bytes) -> str:
    """The text of every page, whitespace collapsed, without the page numbers of pages 2 and on."""
    pages = []
    for index, text in enumerate(page_texts(pdf)):
        lines = text.rstrip().splitlines()
        if index > 0 and lines and lines[-1].strip() == str(index + 1):
            lines = lines[:-1]
        pages.append("\n".join(lines))
    return normalise(" ".join(pages))


def font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in reader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            base = str(font.get_object().get("/BaseFont", ""))
            names.add(base.split("+", 1)[-1])
    return names


def only_vendored_fonts(pdf: bytes) -> bool:
    names = font_names(pdf)
    return bool(names) and all("LiberationSerif" in name.replace("-", "").replace(" ", "") for name in names)


def page_size_mm(pdf: bytes, index: int = 0) -> tuple[float, float]:
    box = reader(pdf).pages[index].mediabox
    return round(float(box.width) * PT_TO_MM, 1), round(float(box.height) * PT_TO_MM, 1)


@dataclass(frozen=True)
class Run:
    text: str
    x_mm: float  # from the left edge
    y_mm: float  # from the top edge


def text_runs(pdf: bytes, index: int) -> list[Run]:
    page = reader(pdf).pages[index]
    height = float(page.mediabox.height)
    runs: list[Run] = []

    def visit(text, cm, tm, _font, _size):
        if not text.strip():
            return
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        runs.append(Run(text.strip(), x * PT_TO_MM, (height - y) * PT_TO_MM))

    page.extract_text(visitor_text=visit)
    return runs


def page_number_runs(pdf: bytes, index: int) -> list[Run]:
    """Runs in the top margin (above 20 mm) that are only digits."""
    return [r for r in text_runs(pdf, index) if r.y_mm < 20 and r.text.isdigit()]
