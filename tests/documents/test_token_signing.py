"""Signing the way offices sign: a PKCS#11 token (SoftHSM2 here), the PIN asked at signing, never stored."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from demo import samples
from documents.engine import DocumentFile, render
from documents.engine.bundle import build_bundle, verify_bundle
from documents.engine.signing import SigningError, pin_required, sign_pdf, verify_pdf

_PDF: dict[str, bytes] = {}


@pytest.fixture
def certificate_pdf() -> bytes:
    if "pdf" not in _PDF:
        _PDF["pdf"] = render.render_certificate(samples.certificate())
    return _PDF["pdf"]


def test_a_pdf_signed_on_the_token_verifies_and_names_the_token_certificate(token_signing, certificate_pdf):
    signed = sign_pdf(certificate_pdf, reason="Phê duyệt", location="Tân Bình", pin=token_signing)
    report = verify_pdf(signed)
    assert report.ok and "Token signer" in report.signer and "Token signer" in report.trust_anchor
    assert any("token-signer.pem" in root for root in report.trust_roots)


def test_a_bundle_signed_on_the_token_verifies(token_signing, certificate_pdf):
    bundle = build_bundle(
        [DocumentFile("giay-khen.pdf", "Giấy khen", certificate_pdf)], title="Thử", sign=True, pin=token_signing
    )
    assert verify_bundle(bundle.zip).ok


def test_signing_on_the_token_without_a_pin_asks_for_it(token_signing, certificate_pdf):
    assert pin_required()
    with pytest.raises(SigningError, match="Hãy nhập mã PIN"):
        sign_pdf(certificate_pdf, reason="x", location="y")


def test_a_wrong_pin_gives_a_clear_message(token_signing, certificate_pdf):
    with pytest.raises(SigningError, match="Mã PIN .* không đúng"):
        sign_pdf(certificate_pdf, reason="x", location="y", pin="000000")


def test_a_missing_token_library_gives_a_clear_message(settings, token_signing, certificate_pdf, tmp_path):
    settings.SIGNING_PKCS11_MODULE = str(tmp_path / "khong-co.so")
    with pytest.raises(SigningError, match="SIGNING_PKCS11_MODULE"):
        sign_pdf(certificate_pdf, reason="x", location="y", pin=token_signing)


def test_a_key_label_not_on_the_token_gives_a_clear_message(settings, token_signing, certificate_pdf):
    settings.SIGNING_PKCS11_KEY_LABEL = "khong-co"
    with pytest.raises(SigningError, match="khong-co"):
        sign_pdf(certificate_pdf, reason="x", location="y", pin=token_signing)


def test_the_pin_is_no_setting_of_the_portal(settings):
    assert not [name for name in dir(settings) if "PIN" in name.split("_")]


def test_render_documents_asks_the_pin_when_the_chairman_signs_with_a_token(
    token_signing, campaign, tmp_path, sample_bundle_kinds, monkeypatch
):
    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or token_signing)
    call_command("render_documents", campaign=campaign.slug, out=str(tmp_path), sign=True, stdout=io.StringIO())
    assert asked and "PIN" in asked[0]
    out = io.StringIO()
    call_command("verify_bundle", str(tmp_path / "ho-so-trinh-huyen.zip"), stdout=out)
    assert "Hồ sơ hợp lệ" in out.getvalue() and "Token signer" in out.getvalue()


def test_render_documents_with_a_wrong_pin_fails_with_a_clear_message(
    token_signing, campaign, tmp_path, sample_bundle_kinds, monkeypatch
):
    monkeypatch.setattr("getpass.getpass", lambda prompt: "111111")
    with pytest.raises(CommandError, match="Mã PIN"):
        call_command("render_documents", campaign=campaign.slug, out=str(tmp_path), sign=True, stdout=io.StringIO())


# --- On the portal: rendered in the task, signed by the chairman with the PIN on the page ---------------


@pytest.fixture
def bundle_to_sign(token_signing, chairman, campaign, sample_bundle_kinds):
    from documents.services import document_request
    from documents.tasks import render_document

    document = document_request(actor=chairman, campaign=campaign, kind="ho-so-trinh-huyen", sign=True)
    render_document.delay(document.pk)
    document.refresh_from_db()
    return document


def test_with_a_token_the_bundle_waits_for_the_chairmans_signature(bundle_to_sign, client_as, campaign):
    from django.urls import reverse

    from documents.models import DocumentStatus

    assert bundle_to_sign.status == DocumentStatus.TO_SIGN, bundle_to_sign.error
    assert not verify_pdf(_merged_pdf(bundle_to_sign)).signed
    page = client_as("chutich").get(reverse("documents:document-list", args=[campaign.slug])).content.decode()
    assert "Chờ Chủ tịch ký số" in page and 'name="pin"' in page
    # Nobody downloads the unsigned bundle, and the district does not see it yet.
    download = reverse("documents:document-download", args=[campaign.slug, bundle_to_sign.pk])
    for username in ("noivu", "chutich", "vanphong"):
        assert client_as(username).get(download).status_code == 404


def test_the_chairman_signs_with_the_pin_and_the_bundle_verifies(bundle_to_sign, client_as, campaign):
    from django.urls import reverse

    from documents.models import DocumentStatus
    from tanbinh_portal.models import AuditEvent

    url = reverse("documents:document-sign", args=[campaign.slug, bundle_to_sign.pk])
    response = client_as("chutich").post(url, {"pin": bundle_to_sign_pin()})
    assert response.status_code == 302
    bundle_to_sign.refresh_from_db()
    assert bundle_to_sign.status == DocumentStatus.DONE and bundle_to_sign.signed_by.username == "chutich"
    with bundle_to_sign.file.open("rb") as stream:
        data = stream.read()
    assert verify_bundle(data).ok and bundle_to_sign.sha256 == __import__("hashlib").sha256(data).hexdigest()
    event = AuditEvent.objects.get(action="document.sign", object_id=str(bundle_to_sign.pk))
    assert bundle_to_sign_pin() not in str(event.changes) and bundle_to_sign_pin() not in event.reason


def test_a_wrong_pin_on_the_page_leaves_the_bundle_waiting(bundle_to_sign, client_as, campaign):
    from django.urls import reverse

    from documents.models import DocumentStatus

    url = reverse("documents:document-sign", args=[campaign.slug, bundle_to_sign.pk])
    response = client_as("chutich").post(url, {"pin": "999999"}, follow=True)
    assert "Mã PIN của thiết bị ký số không đúng" in response.content.decode()
    bundle_to_sign.refresh_from_db()
    assert bundle_to_sign.status == DocumentStatus.TO_SIGN


def test_only_the_chairman_signs(bundle_to_sign, client_as, campaign):
    from django.urls import reverse

    url = reverse("documents:document-sign", args=[campaign.slug, bundle_to_sign.pk])
    for username in ("phochutich", "vanphong", "noivu"):
        assert client_as(username).post(url, {"pin": bundle_to_sign_pin()}).status_code == 403


def test_signing_twice_is_refused(bundle_to_sign, chairman):
    from django.core.exceptions import ValidationError

    from documents.services import document_sign

    signed = document_sign(actor=chairman, document=bundle_to_sign, pin=bundle_to_sign_pin())
    with pytest.raises(ValidationError, match="không ở trạng thái chờ ký số"):
        document_sign(actor=chairman, document=signed, pin=bundle_to_sign_pin())


def test_the_bundle_shows_the_images_of_the_chairman_who_signs_it(bundle_to_sign, chairman, campaign, users):
    from demo.signing_images import sample_seal_png, sample_signature_png
    from documents.services import document_sign, signing_image_upload
    from tests.documents.test_visible_signature import widgets

    signing_image_upload(actor=chairman, commune=campaign.commune, kind="signature", data=sample_signature_png("A"))
    signing_image_upload(actor=users["vanphong"], commune=campaign.commune, kind="seal", data=sample_seal_png("B"))
    signed = document_sign(actor=chairman, document=bundle_to_sign, pin=bundle_to_sign_pin())
    pdf = _merged_pdf(signed)
    [(page, widget)] = widgets(pdf)
    assert page == 0 and "/XObject" in widget["/AP"]["/N"].get_object()["/Resources"]  # the images, not text


def bundle_to_sign_pin() -> str:
    from tests.documents.conftest import TOKEN_PIN

    return TOKEN_PIN


def _merged_pdf(document) -> bytes:
    import zipfile

    from documents.engine.bundle import BUNDLE_PDF

    with document.file.open("rb") as stream, zipfile.ZipFile(stream) as archive:
        return archive.read(BUNDLE_PDF)
