"""The only module that imports WeasyPrint: Django template → PDF bytes.

Templates extend ``print/base.html`` (Nghị định 30/2020 layout), which links ``static/css/print.css``
by a URL relative to the static directory. Fonts come only from the vendored Liberation Serif 2.x
files in ``static/fonts/`` through ``@font-face``; the URL fetcher refuses anything outside the
static directory, so a document never pulls a remote resource.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

FONT_FAMILY = "Liberation Serif"
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


class PdfRenderError(RuntimeError):
    """A document could not be rendered (missing font file, template error)."""


def static_root() -> Path:
    return Path(settings.BASE_DIR) / "static"


def font_dir() -> Path:
    return static_root() / "fonts"


def check_fonts() -> None:
    """Refuse to render without the vendored faces: WeasyPrint would silently use a system font."""
    for name in FONT_FILES.values():
        if not (font_dir() / name).is_file():
            raise PdfRenderError(f"Thiếu tệp phông chữ {font_dir() / name}.")


def _static_only_fetcher():
    """A fetcher that reads files under static/ only and stops rendering on any failure."""
    from weasyprint.urls import URLFetcher

    root = static_root().resolve().as_uri() + "/"

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not (url.startswith(root) or url.startswith("data:")):
                raise PdfRenderError(f"Tài nguyên ngoài thư mục static bị từ chối: {url[:80]}")
            return super().fetch(url, headers)

    return StaticOnlyFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def html_to_pdf(html: str) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    check_fonts()
    # WeasyPrint logs every unsupported CSS property at WARNING; keep the worker log readable.
    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.ERROR)
    fonts = FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=static_root().as_uri() + "/", url_fetcher=_static_only_fetcher())
    return document.write_pdf(font_config=fonts)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes."""
    return html_to_pdf(render_html(template_name, context))
