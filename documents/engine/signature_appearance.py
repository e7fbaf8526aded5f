"""What a signed bundle shows (Nghị định 30/2020, Phụ lục I, Mục II.7–8), drawn with pyHanko's stamps.

- **The main document** (the first file of the bundle: the tờ trình) carries the signature's widget at
  its signature block (ô 7c): the signer's signature image with the commune's seal image overlapping
  about its left third (ô 8), in their original colours (:func:`signature_images.compose`). Without
  images the widget is a text stamp saying who signed and when, so signing never depends on them.
- **Every attachment** (each other file: biên bản, báo cáo thành tích, kế hoạch) carries at the top
  right of its first page the number and time form of Mục II.8.c: the main document's Số/ký hiệu and
  the signing time (date, hh:mm:ss, Vietnam time zone, ISO 8601), Times New Roman (the metric-compatible
  Liberation Serif) 10 pt, upright, black; no image.

The stamps are page content of the same revision as the signature, so the one PAdES signature covers
them like every other byte. The signing time printed on the stamps is the signing time in the signature
(:class:`TimedPdfSigner` hands pyHanko that instant instead of letting it read the clock again).

Where the signature goes comes from the rendered main document itself: the ND30 footer
(``documents/templates/print/_footer.html``) names its signature space with the anchors ``o-ky-so`` (top) and
``o-ky-so-ten`` (the signer's name), which WeasyPrint writes as named destinations. The number is read
from the main document's first page ("Số: 03/TTr-UBND"), so the stamp cannot disagree with the paper.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

from documents.engine.signature_images import MM_PER_POINT, compose

# fontTools reports every table it subsets (and warns that it drops FontForge's FFTM table, which no
# PDF needs); keep the worker log readable.
logging.getLogger("fontTools").setLevel(logging.ERROR)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SLOT_ANCHOR = "o-ky-so"
NAME_ANCHOR = "o-ky-so-ten"
SLOT_WIDTH_MM = 80.0  # .signature-slot in static/css/print.css
STAMP_WIDTH_MM = 52.0
STAMP_HEIGHT_MM = 11.0
STAMP_RIGHT_MM = 15.0  # the page's right margin (print.css @page)
STAMP_TOP_MM = 7.0  # inside the top margin, above the Quốc hiệu
A4_POINTS = (0, 0, 595.28, 841.89)
NUMBER = re.compile(r"Số:\s*(\d+/[0-9A-Za-zĐđ.\-]+)")


def mm(value: float) -> float:
    return value / MM_PER_POINT


@dataclass(frozen=True)
class Slot:
    """The signature space of the main document, in PDF points (origin lower left) on ``page``."""

    page: int
    left: float
    bottom: float
    width: float
    height: float


@dataclass(frozen=True)
class BundleLayout:
    slot: Slot | None  # None: the main document has no ND30 signature block (the widget stays invisible)
    attachment_pages: tuple[int, ...]  # first page (0-based, in the merged PDF) of each attachment
    number: str  # the main document's Số/ký hiệu, "" when it has none


@dataclass(frozen=True)
class SigningImages:
    """The images to show (normalised PNGs, or None); ``signer`` names the signer on the text stamp used
    without images (default: the certificate's name)."""

    signature_png: bytes | None = None
    seal_png: bytes | None = None
    signer: str = ""


@dataclass(frozen=True)
class VisibleSignature:
    layout: BundleLayout
    images: SigningImages = SigningImages()

    @classmethod
    def for_bundle(cls, pdfs: list[bytes], images: SigningImages | None) -> VisibleSignature:
        return cls(layout=bundle_layout(pdfs), images=images or SigningImages())


def _slot(reader, page_offset: int) -> Slot | None:
    try:
        destinations = reader.named_destinations
        top, name = destinations.get(SLOT_ANCHOR), destinations.get(NAME_ANCHOR)
        if top is None or name is None:
            return None
        page = reader.get_destination_page_number(top)
        left, top_y, name_y = float(top["/Left"]), float(top["/Top"]), float(name["/Top"])
    except (KeyError, TypeError, ValueError):
        return None
    if reader.get_destination_page_number(name) != page or name_y >= top_y:
        return None
    return Slot(page=page_offset + page, left=left, bottom=name_y, width=mm(SLOT_WIDTH_MM), height=top_y - name_y)


def _number(reader) -> str:
    try:
        text = reader.pages[0].extract_text() or ""
    except Exception:  # noqa: BLE001 - an unreadable text layer just means no number on the stamp
        return ""
    found = NUMBER.search(text)
    return found.group(1) if found else ""


def bundle_layout(pdfs: list[bytes]) -> BundleLayout:
    """The layout of a bundle merged from ``pdfs`` in this order: the first is the main document."""
    from pypdf import PdfReader

    if not pdfs:
        return BundleLayout(slot=None, attachment_pages=(), number="")
    readers = [PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    starts, page = [], 0
    for reader in readers:
        starts.append(page)
        page += len(reader.pages)
    return BundleLayout(slot=_slot(readers[0], 0), attachment_pages=tuple(starts[1:]), number=_number(readers[0]))


def signing_instant() -> dt.datetime:
    """Now, Vietnam time, whole seconds: what the stamps print and the signature records."""
    return dt.datetime.now(VIETNAM).replace(microsecond=0)


def iso_time(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).isoformat()


FONT_FILE = "LiberationSerif-Regular.ttf"


def _font_engine_class():
    """pyHanko's OpenType engine, measuring in thousandths of an em as PDF does.

    pyHanko 0.38 writes a TrueType font's glyph widths (/W) in the font's own units, which PDF reads as
    thousandths of an em: Liberation Serif's 2048 units per em would space every letter twice as wide.
    Here HarfBuzz shapes at a scale of 1000 and every width is converted to it, so widths, shaping
    advances and line lengths agree (tests/documents/test_visible_signature.py checks the widths)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class ThousandthsGlyphAccumulator(GlyphAccumulator):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._to_thousandths = 1000 / self.units_per_em
            self.units_per_em = 1000
            self.hb_font.scale = (1000, 1000)

        def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
            if glyph_id not in self._glyphs:
                cid, width = super()._get_cid_and_width(glyph_id)
                self._glyphs[glyph_id] = (cid, round(width * self._to_thousandths))
            return self._glyphs[glyph_id]

    return ThousandthsGlyphAccumulator


def _text_style(size: int = 10):
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.text import TextBoxStyle

    engine = _font_engine_class()
    path = Path(settings.BASE_DIR) / "static" / "fonts" / FONT_FILE

    class LiberationSerif(FontEngineFactory):
        def create_font_engine(self, writer, obj_stream=None):
            handle = io.BytesIO(path.read_bytes())
            return engine(writer=writer, font_handle=handle, font_size=size, obj_stream=obj_stream)

    return TextBoxStyle(font=LiberationSerif(), font_size=size, leading=size + 2)


def attachment_stamp_text(number: str, moment: dt.datetime) -> str:
    return "\n".join(line for line in (number, iso_time(moment)) if line)


def draw_attachment_stamps(writer, layout: BundleLayout, moment: dt.datetime) -> None:
    """The number-and-time stamp at the top right of each attachment's first page (Mục II.8.c)."""
    from pyhanko.pdf_utils import layout as pdf_layout
    from pyhanko.stamp import TextStamp, TextStampStyle

    style = TextStampStyle(
        stamp_text="%(text)s",
        text_box_style=_text_style(10),
        border_width=0,
        inner_content_layout=pdf_layout.SimpleBoxLayoutRule(
            x_align=pdf_layout.AxisAlignment.ALIGN_MAX,
            y_align=pdf_layout.AxisAlignment.ALIGN_MAX,
            margins=pdf_layout.Margins.uniform(0),
            inner_content_scaling=pdf_layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )
    text = attachment_stamp_text(layout.number, moment)
    for page in layout.attachment_pages:
        box = writer.find_page_for_modification(page)[0].get_object().get("/MediaBox") or A4_POINTS
        right, top = float(box[2]), float(box[3])
        stamp = TextStamp(
            writer=writer,
            style=style,
            text_params={"text": text},
            box=pdf_layout.BoxConstraints(width=mm(STAMP_WIDTH_MM), height=mm(STAMP_HEIGHT_MM)),
        )
        stamp.apply(page, right - mm(STAMP_RIGHT_MM) - mm(STAMP_WIDTH_MM), top - mm(STAMP_TOP_MM) - mm(STAMP_HEIGHT_MM))


def signature_widget(visible: VisibleSignature, moment: dt.datetime):
    """(field spec, stamp style, text parameters) for the main document's signature widget."""
    from pyhanko.pdf_utils import layout as pdf_layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.sign import fields
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    from documents.engine.signing import SIGNATURE_FIELD

    slot = visible.layout.slot
    if slot is None:
        return fields.SigFieldSpec(sig_field_name=SIGNATURE_FIELD), None, None
    centre_x, centre_y = slot.left + slot.width / 2, slot.bottom + slot.height / 2
    composition = compose(visible.images.signature_png, visible.images.seal_png)
    if composition is None:
        width, height = mm(70), mm(14)
        style = TextStampStyle(
            stamp_text="Ký bởi: %(signer)s\nThời gian ký: %(thoi_gian)s",
            text_box_style=_text_style(10),
            border_width=1,
        )
        params = {"thoi_gian": iso_time(moment), **({"signer": visible.images.signer} if visible.images.signer else {})}
        left, bottom = centre_x - width / 2, centre_y - height / 2
    else:
        from PIL import Image

        width, height = mm(composition.width_mm), mm(composition.height_mm)
        # The signature (not the seal that overlaps it) is centred in the space between title and name.
        anchor = composition.signature or composition.seal
        left = centre_x - mm(anchor.left + anchor.width / 2)
        bottom = centre_y - mm(anchor.bottom + anchor.height / 2)
        style = StaticStampStyle(
            background=PdfImage(Image.open(io.BytesIO(composition.png))),
            border_width=0,
            background_opacity=1.0,
            background_layout=pdf_layout.SimpleBoxLayoutRule(
                x_align=pdf_layout.AxisAlignment.ALIGN_MID,
                y_align=pdf_layout.AxisAlignment.ALIGN_MID,
                margins=pdf_layout.Margins.uniform(0),
                inner_content_scaling=pdf_layout.InnerScaling.STRETCH_FILL,
            ),
        )
        params = None
    spec = fields.SigFieldSpec(
        sig_field_name=SIGNATURE_FIELD,
        on_page=slot.page,
        box=(round(left, 2), round(bottom, 2), round(left + width, 2), round(bottom + height, 2)),
    )
    return spec, style, params


def timed_pdf_signer(meta, signer, *, moment: dt.datetime, stamp_style, field_spec):
    """A pyHanko PdfSigner whose signing time is ``moment`` (the time printed on the stamps)."""
    from pyhanko.sign import signers

    class TimedPdfSigner(signers.PdfSigner):
        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = moment
            return session

    return TimedPdfSigner(meta, signer, stamp_style=stamp_style, new_field_spec=field_spec)
