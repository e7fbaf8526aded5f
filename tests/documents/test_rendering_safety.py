"""The renderer's last line of defence: static files only, and a failed render always ends failed (§6)."""

from __future__ import annotations

import pytest

from documents import engine as documents
from documents.engine.pdf import PdfRenderError, _static_only_fetcher, html_to_pdf, static_root
from documents.kinds import DocumentKind
from documents.models import DocumentStatus
from documents.services import document_request
from documents.tasks import render_document
from tanbinh_portal.roles import MANAGERS
from tests.documents.helpers import install_kind

ROOT = static_root().resolve().as_uri()


OUTSIDE = "manage.py"  # a file of the project next to static/, outside it


@pytest.mark.parametrize(
    "url",
    [
        f"{ROOT}/../{OUTSIDE}",
        f"{ROOT}/%2e%2e/{OUTSIDE}",
        f"{ROOT}/%2E%2E/{OUTSIDE}",
        f"{ROOT}/css/..%2f..%2f{OUTSIDE}",
        f"{ROOT}/fonts/../../{OUTSIDE}",
    ],
    ids=["dot-dot", "percent-encoded", "percent-encoded-upper", "encoded-slash", "deeper"],
)
def test_the_fetcher_refuses_urls_that_start_with_static_but_leave_it(url):
    assert url.startswith(ROOT + "/")  # the old prefix check let these through
    with pytest.raises(PdfRenderError, match="ngoài thư mục static"):
        _static_only_fetcher().fetch(url)


def test_resolved_paths_are_compared_not_strings():
    from documents.engine.pdf import static_path_for

    assert static_path_for(f"{ROOT}/%2e%2e/{OUTSIDE}") is None
    assert static_path_for(ROOT + "-evil/x.css") is None  # starts with ".../static" as a string
    assert static_path_for(f"file://elsewhere{static_root().resolve()}/css/print.css") is None
    assert static_path_for(f"{ROOT}/css/print.css") == static_root().resolve() / "css" / "print.css"


def test_the_fetcher_refuses_a_symbolic_link_out_of_static(tmp_path):
    link = static_root() / "css" / "link-out-test.css"
    link.symlink_to(static_root().resolve().parent / OUTSIDE)
    try:
        with pytest.raises(PdfRenderError, match="ngoài thư mục static"):
            _static_only_fetcher().fetch(link.as_uri())
    finally:
        link.unlink()


def test_the_fetcher_still_reads_static_files():
    response = _static_only_fetcher().fetch(f"{ROOT}/css/print.css")
    assert b"@page" in response.read()
    response.close()


def test_a_render_referring_outside_static_fails_with_a_vietnamese_message():
    html = f'<html><head><link rel="stylesheet" href="{ROOT}/%2e%2e/{OUTSIDE}"></head><body>x</body>'
    with pytest.raises(PdfRenderError, match="ngoài thư mục static"):
        html_to_pdf(html)


def test_a_missing_static_resource_is_an_ordinary_error_not_a_base_exception():
    html = '<html><body><img src="images/khong-co.png"></body></html>'
    with pytest.raises(PdfRenderError, match="tài nguyên"):
        html_to_pdf(html)


def _register(monkeypatch, code, build):
    install_kind(
        monkeypatch,
        DocumentKind(code=code, title=code, order=1, build=build, view_roles=MANAGERS, generate_roles=MANAGERS),
    )


def test_a_render_whose_resource_is_missing_ends_failed_with_its_reason(officer, campaign, monkeypatch):
    def build(campaign, progress=None, sign=False):
        return [documents.DocumentFile("x.pdf", "x", html_to_pdf('<img src="images/khong-co.png">'))]

    _register(monkeypatch, "thieu-tai-nguyen", build)
    document = document_request(actor=officer, campaign=campaign, kind="thieu-tai-nguyen")
    render_document.delay(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED and "tài nguyên" in document.error


def test_a_base_exception_during_a_render_ends_the_document_failed(officer, campaign, monkeypatch):
    from weasyprint.urls import FatalURLFetchingError

    def build(campaign, progress=None, sign=False):
        raise FatalURLFetchingError("raised by a library")

    _register(monkeypatch, "dung-giua-chung", build)
    document = document_request(actor=officer, campaign=campaign, kind="dung-giua-chung")
    with pytest.raises(FatalURLFetchingError):
        render_document.delay(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED and "bị dừng giữa chừng" in document.error
    assert document.finished_at is not None
