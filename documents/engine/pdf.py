"""The only module that imports WeasyPrint: Django template → PDF bytes.

Templates extend ``print/base.html`` (Nghị định 30/2020 layout) and are styled by
``static/css/print.css`` (plus e.g. ``print-certificate.css``), parsed once per thread together with
the fonts: that halves the time of a small document. Fonts come only from the vendored Liberation Serif 2.x
files in ``static/fonts/`` through ``@font-face``; the URL fetcher refuses anything outside the
static directory, so a document never pulls a remote resource.
"""

from __future__ import annotations

import atexit
import logging
import threading
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string

from documents.engine.typography import typeset_html

FONT_FAMILY = "Liberation Serif"
DEFAULT_STYLESHEETS = ("print.css",)
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


# WeasyPrint logs each unsupported CSS property and every rendering step (also while parsing its
# own stylesheets at import); keep the worker log readable. Set before WeasyPrint is imported.
logger = logging.getLogger(__name__)
for _name in ("weasyprint", "weasyprint.progress"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class PdfRenderError(RuntimeError):
    """A document could not be rendered (missing font file, refused or missing resource, template error)."""


def static_root() -> Path:
    return Path(settings.BASE_DIR) / "static"


def font_dir() -> Path:
    return static_root() / "fonts"


def check_fonts() -> None:
    """Refuse to render without the vendored faces: WeasyPrint would silently use a system font."""
    for name in FONT_FILES.values():
        if not (font_dir() / name).is_file():
            raise PdfRenderError(f"Thiếu tệp phông chữ {font_dir() / name}.")


def static_path_for(url: str) -> Path | None:
    """The real file a ``file:`` URL names, if it lies inside static/ (after percent-decoding, ``..``
    and symbolic links are resolved), else None. String prefixes are not enough: ``…/static/../x`` and
    ``…/static/%2e%2e/x`` start with the right prefix and name a file elsewhere."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path))  # percent-decodes, as urllib's file handler will
    if not path.is_absolute() or "\x00" in str(path):
        return None
    real = path.resolve()
    return real if real.is_relative_to(static_root().resolve()) else None


def _static_only_fetcher():
    """A fetcher that reads files under static/ only and stops rendering on any failure."""
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_path_for(url)
            if path is None:
                raise PdfRenderError(f"Tài nguyên ngoài thư mục static bị từ chối: {url[:80]}")
            # Fetch the file that was checked, not the URL again (no second interpretation of it).
            return super().fetch(path.as_uri(), headers)

    return StaticOnlyFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


_cache = threading.local()


def _font_config():
    """One FontConfiguration per thread: loading the four TTFs is half the cost of a small PDF."""
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_cache, "fonts", None) is None:
        _cache.fonts = FontConfiguration()
        _cache.sheets = {}
        # Release it before interpreter teardown, when its finaliser can no longer call fontconfig.
        atexit.register(_release_fonts, _cache)
    return _cache.fonts


def _release_fonts(cache: threading.local) -> None:
    cache.sheets = {}
    cache.fonts = None


def _stylesheet(name: str):
    """``static/css/<name>`` parsed once per thread (re-read when the file changes)."""
    import weasyprint

    fonts = _font_config()
    path = static_root() / "css" / name
    key = (name, path.stat().st_mtime_ns)
    if key not in _cache.sheets:
        _cache.sheets[key] = weasyprint.CSS(filename=str(path), font_config=fonts, url_fetcher=_static_only_fetcher())
    return _cache.sheets[key]


def html_to_pdf(html: str, stylesheets: tuple[str, ...] = DEFAULT_STYLESHEETS) -> bytes:
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    check_fonts()
    try:
        sheets = [_stylesheet(name) for name in stylesheets]
        document = weasyprint.HTML(
            string=html, base_url=static_root().as_uri() + "/", url_fetcher=_static_only_fetcher()
        )
        return document.write_pdf(stylesheets=sheets, font_config=_font_config())
    except FatalURLFetchingError as error:
        # A BaseException in WeasyPrint: turned into an ordinary error so that no caller's
        # ``except Exception`` lets it through (a document would stay "running" forever).
        cause = error.__cause__
        if isinstance(cause, PdfRenderError):
            raise PdfRenderError(f"Không tạo được tệp PDF: {cause}") from error
        logger.warning("Resource fetch failed while rendering: %s (%s)", error, cause)
        raise PdfRenderError(
            "Không tạo được tệp PDF: thiếu hoặc không đọc được một tệp tài nguyên của mẫu văn bản (phông chữ, "
            "hình ảnh hoặc CSS trong thư mục static)."
        ) from error


def render_pdf(template_name: str, context: dict, stylesheets: tuple[str, ...] = DEFAULT_STYLESHEETS) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes, styled by ``static/css/<stylesheets>``,
    after the line-breaking rules of :mod:`.typography`: every print template goes through them, so no
    document kind can print "xã Tân / Bình" by calling this instead of :mod:`.render`."""
    return html_to_pdf(typeset_html(render_html(template_name, context)), stylesheets)
