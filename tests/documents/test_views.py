"""Document pages: list, generate, htmx progress, download, receipt and verification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo import samples
from documents.engine import DocumentFile, render
from documents.engine.bundle import build_bundle
from documents.models import GeneratedDocument
from documents.services import document_render, document_request, submission_send


@pytest.fixture
def plan_done(officer, campaign) -> GeneratedDocument:
    queued = document_request(actor=officer, campaign=campaign, kind="ke-hoach")
    return document_render(document_id=queued.pk)


@pytest.fixture
def plan_queued(officer, campaign) -> GeneratedDocument:
    return document_request(actor=officer, campaign=campaign, kind="ke-hoach")


def test_anonymous_user_is_sent_to_login_from_the_document_list(client, campaign):
    response = client.get(reverse("documents:document-list", args=[campaign.slug]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_document_list_shows_versions_and_a_generate_button_to_the_officer(client_as, campaign, plan_done):
    page = client_as("vanphong").get(reverse("documents:document-list", args=[campaign.slug])).content.decode()
    assert "Phiên bản 1" in page and "Tạo lại" in page and plan_done.sha256 in page
    assert "Hồ sơ đề nghị khen thưởng trình huyện" in page


def test_staff_sees_the_plan_but_no_generate_button_nor_the_bundle(client_as, campaign, plan_done):
    page = client_as("canbo").get(reverse("documents:document-list", args=[campaign.slug])).content.decode()
    assert "Phiên bản 1" in page and "Tạo lại" not in page
    assert "trình huyện" not in page


def test_staff_cannot_generate(client_as, campaign):
    response = client_as("canbo").post(reverse("documents:document-generate", args=[campaign.slug, "ke-hoach"]))
    assert response.status_code == 403
    assert not GeneratedDocument.objects.exists()


def test_officer_generates_and_the_page_polls_until_done(client_as, campaign, django_capture_on_commit_callbacks):
    client = client_as("vanphong")
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("documents:document-generate", args=[campaign.slug, "ke-hoach"]))
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    progress_url = reverse("documents:document-progress", args=[campaign.slug, document.pk])
    queued = client.get(progress_url).content.decode()
    assert 'hx-trigger="every 1s"' in queued and "<progress" in queued
    document_render(document_id=document.pk)
    done = client.get(progress_url).content.decode()
    assert "hx-trigger" not in done and "Tải về ke-hoach.pdf" in done


def test_generating_an_unavailable_kind_shows_a_message_not_an_error(client_as, campaign):
    response = client_as("chutich").post(
        reverse("documents:document-generate", args=[campaign.slug, "ho-so-trinh-huyen"]), follow=True
    )
    assert response.status_code == 200
    assert "Chưa đủ dữ liệu" in response.content.decode()


def test_download_returns_the_stored_pdf(client_as, campaign, plan_done):
    response = client_as("canbo").get(reverse("documents:document-download", args=[campaign.slug, plan_done.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="ke-hoach.pdf"' in response["Content-Disposition"]


def test_district_cannot_see_a_document_that_is_not_finished(client_as, campaign, plan_queued):
    url = reverse("documents:document-progress", args=[campaign.slug, plan_queued.pk])
    assert client_as("noivu").get(url).status_code == 404
    assert client_as("vanphong").get(url).status_code == 200


def test_only_the_district_records_receipt(client_as, campaign, plan_done):
    url = reverse("documents:document-receive", args=[campaign.slug, plan_done.pk])
    assert client_as("vanphong").post(url).status_code == 403
    assert client_as("noivu").post(url).status_code == 302
    plan_done.refresh_from_db()
    assert plan_done.received_at is not None


def test_verification_page_reports_a_valid_bundle(client_as, signing_certificate):
    pdf = render.render_certificate(samples.certificate())
    bundle = build_bundle([DocumentFile("giay-khen.pdf", "Giấy khen", pdf)], title="Thử", sign=True)
    upload = SimpleUploadedFile("ho-so-trinh-huyen.zip", bundle.zip, content_type="application/zip")
    page = client_as("noivu").post(reverse("documents:bundle-verify"), {"file": upload}).content.decode()
    assert "Hợp lệ" in page and "KHÔNG hợp lệ" not in page


def test_verification_page_reports_an_unsigned_pdf_as_invalid(client_as):
    upload = SimpleUploadedFile("x.pdf", render.render_certificate(samples.certificate()))
    page = client_as("canbo").post(reverse("documents:bundle-verify"), {"file": upload}).content.decode()
    assert "KHÔNG hợp lệ" in page and "Chữ ký số: KHÔNG có" in page


def test_verification_page_refuses_other_files_with_a_clear_message(client_as):
    upload = SimpleUploadedFile("x.docx", b"hello")
    response = client_as("canbo").post(reverse("documents:bundle-verify"), {"file": upload})
    assert response.status_code == 200 and "Chỉ kiểm tra được tệp .zip" in response.content.decode()


def test_verification_page_refuses_a_broken_zip_with_a_clear_message(client_as):
    upload = SimpleUploadedFile("x.zip", b"not a zip")
    response = client_as("canbo").post(reverse("documents:bundle-verify"), {"file": upload})
    assert response.status_code == 200 and "không phải tệp ZIP" in response.content.decode()


def test_document_list_query_count_does_not_grow_with_versions(
    client_as, officer, campaign, django_assert_max_num_queries
):
    for _ in range(3):
        document_render(document_id=document_request(actor=officer, campaign=campaign, kind="ke-hoach").pk)
    client = client_as("vanphong")
    url = reverse("documents:document-list", args=[campaign.slug])
    # Fixed per kind (registrations for the pledges, closed meetings for the minutes and ballot papers),
    # plus the first request's session write (savepoint, update, release) and the campaign's submissions to
    # the receiving level (one); none per version.
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "Phiên bản 3" in page and "Phiên bản 1" in page


def test_district_home_page_lists_a_sent_bundle_waiting_for_receipt(
    client_as, chairman, campaign, signing_certificate, sample_bundle_kinds
):
    bundle = document_request(actor=chairman, campaign=campaign, kind="ho-so-trinh-huyen", sign=True)
    document_render(document_id=bundle.pk)
    waiting = "1 hồ sơ chờ tiếp nhận"
    assert waiting not in client_as("noivu").get(reverse("home")).content.decode()  # signed, not sent yet
    submission_send(actor=chairman, document=GeneratedDocument.objects.get(pk=bundle.pk), on=dt.date(2022, 11, 20))
    page = client_as("noivu").get(reverse("home")).content.decode()
    assert waiting in page and reverse("documents:inbox") in page
    assert (
        client_as("noivu").post(reverse("documents:document-receive", args=[campaign.slug, bundle.pk])).status_code
        == 302
    )
    assert waiting not in client_as("noivu").get(reverse("home")).content.decode()
    assert waiting not in client_as("vanphong").get(reverse("home")).content.decode()
