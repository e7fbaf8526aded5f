"""The images of a visible signature (Nghị định 30/2020, Phụ lục I, Mục II.7–8): checking an upload,
normalising it and composing the signer's signature with the seal (the demo's sample images are in
:mod:`demo.signing_images`).

Model-free: the portal stores the normalised PNG (documents.models.SigningImage) and hands the bytes to
:mod:`documents.engine.signature_appearance` when a bundle is signed.

- An upload is judged by its content, never its name: only PNG and JPEG are read, at most
  :data:`MAX_BYTES`, at most :data:`MAX_PIXELS` pixels (checked from the header before decoding, so a
  decompression bomb is refused unread), and it must decode completely.
- What is stored is re-encoded by Pillow as an RGBA PNG: no metadata, nothing appended, nothing but
  the pixels. White paper around a scanned signature or seal (a JPEG, or a PNG without transparency)
  becomes transparent, so the seal and the text below show through; colours are kept as uploaded
  (the seal stays red, the signature blue). The image is cropped to its visible pixels.
"""

from __future__ import annotations

import contextlib
import io
import threading
import warnings
from dataclasses import dataclass

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4000 * 4000
MIN_SIDE = 40  # pixels: smaller than this is not a legible signature or seal
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
WHITE_THRESHOLD = 235  # a pixel this light in every channel is paper, not ink
_TRUNCATION_LOCK = threading.Lock()

# Printed sizes (millimetres). The signature fits in the space between the title and the name (ô 7c);
# the seal is printed at the diameter of a commune's seal (35 mm in practice), whatever the scan's pixels.
SIGNATURE_MAX_WIDTH_MM = 50.0
SIGNATURE_MAX_HEIGHT_MM = 22.0
SEAL_DIAMETER_MM = 35.0
SEAL_OVERLAP = 1 / 3  # the seal covers about one third of the signature, on its left (Mục II.8)
COMPOSE_DPI = 300


class ImageRejected(ValueError):
    """The upload is not an image the portal accepts; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class CheckedImage:
    png: bytes  # normalised RGBA PNG
    width: int
    height: int
    source_format: str  # "PNG" or "JPEG", from the content


def _kind_name(head: bytes) -> str:
    from tanbinh_portal.filekinds import foreign_kind

    return foreign_kind(head) or "không phải ảnh PNG hay JPEG"


def check_image(data: bytes) -> CheckedImage:
    """Validate an uploaded signature or seal image by its content and return it normalised."""
    if len(data) > MAX_BYTES:
        raise ImageRejected(f"Ảnh lớn hơn {MAX_BYTES // (1024 * 1024)} MB: hãy lưu lại ảnh với kích thước nhỏ hơn.")
    if not data:
        raise ImageRejected("Tệp ảnh rỗng.")
    head = data[:64]
    if not (head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC)):
        kind = _kind_name(head)
        raise ImageRejected(
            f"Tệp này là {kind}, không phải ảnh PNG hay JPEG (dù tên tệp là gì): "
            "hãy chọn ảnh PNG nền trong suốt hoặc JPEG."
        )
    source_format = "PNG" if head.startswith(PNG_MAGIC) else "JPEG"
    image = _crop_to_ink(_transparent_paper(_decode(data, source_format)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return CheckedImage(png=out.getvalue(), width=image.width, height=image.height, source_format=source_format)


@contextlib.contextmanager
def _truncated_images_refused():
    """Pillow's switch for truncated files is process-wide, and WeasyPrint turns it on when imported (it
    renders damaged images rather than fail): an upload check must not depend on whether a PDF was
    rendered in this process first. Off while an upload is decoded, then restored; the lock keeps two
    checks from restoring it under each other."""
    from PIL import ImageFile

    with _TRUNCATION_LOCK:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _decode(data: bytes, expected: str):
    from PIL import Image

    with _truncated_images_refused(), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[expected])
            _check_dimensions(image.width, image.height)
            image.load()
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected("Ảnh có kích thước điểm ảnh bất thường (nghi là ảnh độc hại): không xử lý.") from None
        except Exception:  # noqa: BLE001 - any decoder failure is a damaged file for the user
            raise ImageRejected(f"Ảnh {expected} bị hỏng hoặc không đọc được hết: hãy xuất lại ảnh.") from None
    return image.convert("RGBA")


def _check_dimensions(width: int, height: int) -> None:
    """From the header, before any pixel is decoded."""
    if width * height > MAX_PIXELS:
        raise ImageRejected(f"Ảnh {width}×{height} điểm ảnh quá lớn (tối đa 4.000×4.000): hãy thu nhỏ ảnh.")
    if min(width, height) < MIN_SIDE:
        raise ImageRejected(f"Ảnh quá nhỏ ({width}×{height} điểm ảnh): cần ít nhất {MIN_SIDE} điểm ảnh mỗi chiều.")


def _transparent_paper(image):
    """Make near-white pixels transparent when the image has no transparency of its own."""
    alpha = image.getchannel("A")
    if alpha.getextrema()[0] < 255:
        return image  # already transparent somewhere: the uploader prepared it
    from PIL import Image, ImageChops

    r, g, b, _ = image.split()
    light = [Image.eval(band, lambda v: 255 if v >= WHITE_THRESHOLD else 0) for band in (r, g, b)]

    paper = ImageChops.multiply(ImageChops.multiply(light[0], light[1]), light[2])
    image.putalpha(ImageChops.invert(paper))
    return image


def _crop_to_ink(image):
    box = image.getchannel("A").getbbox()
    if box is None:
        raise ImageRejected("Ảnh trống (toàn nền trắng hoặc trong suốt): không thấy chữ ký hay con dấu.")
    return image.crop(box)


# --- Composition -----------------------------------------------------------------------------------

MM_PER_POINT = 25.4 / 72


@dataclass(frozen=True)
class Placed:
    """An image placed in millimetres relative to the composition's lower-left corner."""

    left: float
    bottom: float
    width: float
    height: float


@dataclass(frozen=True)
class Composition:
    """The appearance image of ô 7c + ô 8 and where the signature itself lies inside it (millimetres)."""

    png: bytes
    width_mm: float
    height_mm: float
    signature: Placed | None
    seal: Placed | None


def _fit(width_px: int, height_px: int, max_w: float, max_h: float) -> tuple[float, float]:
    scale = min(max_w / width_px, max_h / height_px)
    return width_px * scale, height_px * scale


def compose(signature_png: bytes | None, seal_png: bytes | None) -> Composition | None:
    """Signature centred, the seal at its real size overlapping the signature's left third, in original
    colours (the seal printed over the signature, as a stamp over ink). None without either image."""
    from PIL import Image

    signature = Image.open(io.BytesIO(signature_png)).convert("RGBA") if signature_png else None
    seal = Image.open(io.BytesIO(seal_png)).convert("RGBA") if seal_png else None
    if signature is None and seal is None:
        return None
    sig_place = seal_place = None
    if signature is not None:
        w, h = _fit(signature.width, signature.height, SIGNATURE_MAX_WIDTH_MM, SIGNATURE_MAX_HEIGHT_MM)
        sig_place = Placed(0.0, 0.0, w, h)
    if seal is not None:
        w, h = _fit(seal.width, seal.height, SEAL_DIAMETER_MM, SEAL_DIAMETER_MM)
        seal_place = Placed(0.0, 0.0, w, h)
    sig_place, seal_place = _arrange(sig_place, seal_place)
    width = max(p.left + p.width for p in (sig_place, seal_place) if p)
    height = max(p.bottom + p.height for p in (sig_place, seal_place) if p)
    px = COMPOSE_DPI / 25.4
    canvas = Image.new("RGBA", (max(1, round(width * px)), max(1, round(height * px))), (255, 255, 255, 0))
    for image, place in ((signature, sig_place), (seal, seal_place)):  # the seal last: it lies on top
        if image is None or place is None:
            continue
        size = (max(1, round(place.width * px)), max(1, round(place.height * px)))
        resized = image.resize(size, Image.Resampling.LANCZOS)
        top = canvas.height - round((place.bottom + place.height) * px)
        canvas.alpha_composite(resized, (round(place.left * px), max(0, top)))
    out = io.BytesIO()
    canvas.save(out, format="PNG", compress_level=1)  # decoded again at once for the PDF: speed over size
    return Composition(out.getvalue(), width, height, sig_place, seal_place)


def _arrange(sig: Placed | None, seal: Placed | None) -> tuple[Placed | None, Placed | None]:
    """Shift both so the lowest-left point is (0, 0): the seal's right edge at one third of the signature,
    both centred on one horizontal line."""
    if sig is None or seal is None:
        return sig, seal
    seal_left = sig.width * SEAL_OVERLAP - seal.width  # relative to the signature's left edge
    shift_x = -min(0.0, seal_left)
    middle = max(sig.height, seal.height) / 2
    return (
        Placed(shift_x, middle - sig.height / 2, sig.width, sig.height),
        Placed(shift_x + seal_left, middle - seal.height / 2, seal.width, seal.height),
    )
