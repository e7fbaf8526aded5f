"""The demo's signing images: a signature and a seal drawn by code, each marked as a sample.

Development only (the `demo` app): a real commune uploads its chairman's scanned signature and its seal
on the signing-images page, checked and normalised by :mod:`documents.engine.signature_images`.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from django.conf import settings

SAMPLE_MARK = "MẪU – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"


def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(Path(settings.BASE_DIR) / "static" / "fonts" / name), size)


def sample_signature_png(name: str) -> bytes:
    """A demo signature drawn by code, blue on transparent, marked "MẪU – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (900, 380), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    blue = (20, 50, 170, 255)
    points = [(60 + t * 7.5, 190 - 70 * math.sin(t / 9) * math.cos(t / 23) - t * 0.4) for t in range(0, 100)]
    draw.line(points, fill=blue, width=9, joint="curve")
    draw.line([(120, 260), (520, 225), (820, 150)], fill=blue, width=6, joint="curve")
    # Text in the right two thirds: the seal covers the left third of the signature.
    draw.text((580, 300), name, font=_font(44), fill=blue, anchor="mm")
    draw.text((580, 350), SAMPLE_MARK, font=_font(30, bold=True), fill=(200, 0, 0, 255), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def sample_seal_png(body: str) -> bytes:
    """A demo seal drawn by code, red rings on transparent, with the sample mark across it."""
    from PIL import Image, ImageDraw

    size = 600
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    red = (215, 25, 32, 235)
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=16)
    draw.ellipse((70, 70, size - 70, size - 70), outline=red, width=6)
    centre = size / 2
    star = [
        (centre + r * math.sin(k * math.pi / 5), centre - 40 - r * math.cos(k * math.pi / 5))
        for k in range(10)
        for r in ((60,) if k % 2 == 0 else (24,))
    ]
    draw.polygon(star, fill=red)
    draw.text((centre, 150), body.upper(), font=_font(40, bold=True), fill=red, anchor="mm")
    draw.text((centre, 400), "MẪU", font=_font(64, bold=True), fill=red, anchor="mm")
    draw.text((centre, 460), "KHÔNG CÓ GIÁ TRỊ", font=_font(36, bold=True), fill=red, anchor="mm")
    draw.text((centre, 500), "PHÁP LÝ", font=_font(36, bold=True), fill=red, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
