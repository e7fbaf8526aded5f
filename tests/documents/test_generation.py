"""Requesting and rendering documents through the service and the Celery task; versions are kept."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents import kinds as documents
from documents.engine.bundle import BUNDLE_PDF, sha256, verify_bundle
from documents.kinds import DocumentKind
from documents.models import DocumentStatus, GeneratedDocument
from documents.services import document_mark_received, document_request
from documents.tasks import render_document
from tanbinh_portal.roles import MANAGERS
from tests.documents import pdfcheck
from tests.documents.helpers import install_kind


def generate(actor, campaign, kind="ke-hoach", **kwargs) -> GeneratedDocument:
    document = document_request(actor=actor, campaign=campaign, kind=kind, **kwargs)
    render_document.delay(document.pk)  # eager in tests; the on-commit enqueue does not fire in a test transaction
    document.refresh_from_db()
    return document


def test_rendering_task_gives_a_finished_pdf_with_its_hash(officer, campaign):
    document = generate(officer, campaign)
    assert document.status == DocumentStatus.DONE and document.progress == 100
    content = document.file.read()
    assert document.sha256 == sha256(content) and document.size == len(content)
    assert document.filename == "ke-hoach.pdf"
    assert "KẾ HOẠCH" in pdfcheck.all_text(content)


def test_the_task_run_twice_renders_once(officer, campaign):
    document = generate(officer, campaign)
    finished_at = document.finished_at
    assert render_document.delay(document.pk).get() is None
    document.refresh_from_db()
    assert document.finished_at == finished_at and document.version == 1


def test_regenerating_adds_a_version_and_keeps_the_older_one(officer, campaign):
    first = generate(officer, campaign)
    second = generate(officer, campaign)
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.status == DocumentStatus.DONE and first.file.name != second.file.name
    assert first.file.storage.exists(first.file.name)
    assert GeneratedDocument.objects.filter(campaign=campaign, kind="ke-hoach").count() == 2


def test_staff_may_not_generate_the_plan(users, campaign):
    with pytest.raises(PermissionDenied):
        document_request(actor=users["canbo"], campaign=campaign, kind="ke-hoach")


def test_an_unknown_kind_is_refused(officer, campaign):
    with pytest.raises(ValidationError):
        document_request(actor=officer, campaign=campaign, kind="khong-co")


def test_the_bundle_cannot_be_generated_before_any_bundle_document_exists(chairman, campaign):
    with pytest.raises(ValidationError, match="Chưa đủ dữ liệu"):
        document_request(actor=chairman, campaign=campaign, kind="ho-so-trinh-huyen")


def test_a_failing_build_is_recorded_as_failed(officer, campaign, monkeypatch):
    def broken(campaign, progress=None, sign=False):
        raise RuntimeError("thiếu dữ liệu")

    install_kind(
        monkeypatch,
        DocumentKind(code="hong", title="Hỏng", order=1, build=broken, view_roles=MANAGERS, generate_roles=MANAGERS),
    )
    document = generate(officer, campaign, kind="hong")
    assert document.status == DocumentStatus.FAILED and "thiếu dữ liệu" in document.error


def test_chairman_generates_a_signed_bundle_that_verifies(chairman, campaign, signing_certificate, sample_bundle_kinds):
    document = generate(chairman, campaign, kind="ho-so-trinh-huyen", sign=True)
    assert document.status == DocumentStatus.DONE, document.error
    data = document.file.read()
    assert document.filename == "ho-so-trinh-huyen.zip"
    assert verify_bundle(data).ok
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert BUNDLE_PDF in names and "bao-cao-thanh-tich/01.pdf" in names


def test_district_records_receipt_once(users, officer, campaign):
    document = generate(officer, campaign)
    received = document_mark_received(actor=users["noivu"], document=document)
    first_time = received.received_at
    again = document_mark_received(actor=users["noivu"], document=document)
    assert first_time is not None and again.received_at == first_time
    with pytest.raises(PermissionDenied):
        document_mark_received(actor=officer, document=document)


@pytest.fixture
def flaky_plan(monkeypatch):
    """The plan kind whose build fails with a lost database connection the first ``failures`` times."""
    import dataclasses

    from django.db import OperationalError

    calls = []

    def install(failures: int):
        real = documents.get_kind("ke-hoach")

        def build(campaign, progress=None, sign=False):
            calls.append(1)
            if len(calls) <= failures:
                raise OperationalError("server closed the connection unexpectedly")
            return real.build(campaign, progress=progress, sign=sign)

        install_kind(monkeypatch, dataclasses.replace(real, build=build))
        # apply() without propagating is Celery's in-process worker: it honours the task's retries.
        monkeypatch.setitem(render_document.app.conf, "task_eager_propagates", False)
        return calls

    return install


def test_a_transient_error_while_rendering_is_retried_and_the_document_is_made(officer, campaign, flaky_plan):
    calls = flaky_plan(failures=1)
    document = document_request(actor=officer, campaign=campaign, kind="ke-hoach")
    render_document.apply(args=[document.pk], throw=False)
    document.refresh_from_db()
    assert len(calls) == 2 and document.status == DocumentStatus.DONE


def test_a_transient_error_that_never_ends_fails_the_document_after_the_retries(officer, campaign, flaky_plan):
    calls = flaky_plan(failures=100)
    document = document_request(actor=officer, campaign=campaign, kind="ke-hoach")
    render_document.apply(args=[document.pk], throw=False)
    document.refresh_from_db()
    assert len(calls) == 1 + render_document.max_retries
    assert document.status == DocumentStatus.FAILED and "Lỗi tạm thời" in document.error
