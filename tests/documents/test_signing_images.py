"""The signature and seal images: upload checked by content, who may upload, view and remove, audit rows."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns.services import role_withdraw
from demo.signing_images import sample_seal_png, sample_signature_png
from documents.engine.signature_images import MAX_BYTES
from documents.models import SigningImage, SigningImageKind
from documents.services import signing_image_delete, signing_image_upload
from documents.sources.signing_images import signing_images_for
from tanbinh_portal import roles
from tanbinh_portal.models import AuditEvent
from tests.factories import CommuneFactory, make_user

PAGE = reverse("documents:signing-images")


def png(size=(300, 120), colour=(20, 50, 170, 255), mode="RGBA") -> bytes:
    image = Image.new(mode, size, (255, 255, 255, 0) if mode == "RGBA" else (255, 255, 255))
    for x in range(20, size[0] - 20):
        image.putpixel((x, size[1] // 2), colour if mode == "RGBA" else colour[:3])
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def jpeg_on_white() -> bytes:
    image = Image.new("RGB", (400, 400), (255, 255, 255))
    for x in range(100, 300):
        for y in range(100, 300):
            image.putpixel((x, y), (210, 20, 30))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    return out.getvalue()


def upload(client, kind: str, data: bytes, name: str = "anh.png"):
    return client.post(PAGE, {"kind": kind, "image": SimpleUploadedFile(name, data)})


@pytest.fixture
def chairman(users) -> User:
    return users["chutich"]


def test_chairman_uploads_own_signature_stored_normalised_and_audited(client_as, chairman, campaign):
    response = upload(client_as("chutich"), "signature", sample_signature_png("Lê Văn Tài"))
    assert response.status_code == 302
    image = SigningImage.objects.get(kind=SigningImageKind.SIGNATURE)
    assert image.owner == chairman and image.commune == campaign.commune
    stored = Image.open(io.BytesIO(bytes(image.png)))
    assert stored.format == "PNG" and stored.mode == "RGBA" and stored.size == (image.width, image.height)
    event = AuditEvent.objects.get(action="signing_image.upload", object_id=str(image.pk))
    assert event.actor == chairman
    assert event.changes["sha256"] == ["", image.sha256] and event.changes["kind"] == "signature"


def test_office_officer_uploads_the_seal_and_white_paper_becomes_transparent(client_as, users):
    assert upload(client_as("vanphong"), "seal", jpeg_on_white(), name="con-dau.jpg").status_code == 302
    seal = SigningImage.objects.get(kind=SigningImageKind.SEAL)
    assert seal.owner is None and seal.source_format == "JPEG" and seal.uploaded_by == users["vanphong"]
    stored = Image.open(io.BytesIO(bytes(seal.png)))
    # Cropped to the red square; its colour kept, the white around it gone.
    assert stored.size[0] < 400 and stored.getpixel((stored.width // 2, stored.height // 2))[0] > 180


def test_replacing_an_image_keeps_one_and_audits_old_and_new(client_as, chairman, campaign):
    first = signing_image_upload(actor=chairman, commune=campaign.commune, kind="seal", data=png())
    second = signing_image_upload(actor=chairman, commune=campaign.commune, kind="seal", data=png(size=(320, 140)))
    assert list(SigningImage.objects.filter(kind="seal")) == [second]
    event = AuditEvent.objects.filter(action="signing_image.upload").latest("pk")
    assert event.changes["sha256"] == [first.sha256, second.sha256]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "chu-ky.png", "tài liệu PDF"),
        (b"GIF89a" + b"\x00" * 100, "chu-ky.png", "ảnh GIF"),
        ("Chữ ký".encode() * 20, "chu-ky.jpg", "không phải ảnh PNG hay JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "chu-ky.png", "bị hỏng"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(client_as, data, name, message):
    response = upload(client_as("chutich"), "signature", data, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SigningImage.objects.exists()


def test_a_truncated_png_is_refused(client_as):
    data = sample_signature_png("Lê Văn Tài")
    response = upload(client_as("chutich"), "signature", data[: len(data) // 2])
    assert "bị hỏng" in response.content.decode()
    assert not SigningImage.objects.exists()


@pytest.mark.parametrize("source_format", ["PNG", "JPEG"])
def test_a_truncated_image_is_refused_even_after_weasyprint_allowed_truncated_images(monkeypatch, source_format):
    """WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported (a worker that rendered a
    PDF); the upload check still refuses a cut file, and leaves the switch as it found it."""
    from PIL import ImageFile

    from documents.engine.signature_images import ImageRejected, check_image

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    buffer = io.BytesIO()
    Image.open(io.BytesIO(sample_signature_png("Lê Văn Tài"))).convert("RGB").save(buffer, format=source_format)
    data = buffer.getvalue()
    with pytest.raises(ImageRejected, match="bị hỏng"):
        check_image(data[: len(data) // 2])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_too_large_an_upload_is_refused(client_as):
    data = png() + b"\x00" * (MAX_BYTES + 1)
    response = upload(client_as("chutich"), "signature", data)
    assert response.status_code == 413  # stopped while it arrives, nothing of it stored
    assert "lớn hơn 2 MB" in response.content.decode()
    assert not SigningImage.objects.exists()


def test_too_many_pixels_are_refused_before_decoding(chairman, campaign):
    out = io.BytesIO()
    Image.new("1", (5000, 5000), 1).save(out, format="PNG")  # small file, 25 million pixels
    assert len(out.getvalue()) < MAX_BYTES
    with pytest.raises(ValidationError, match="quá lớn"):
        signing_image_upload(actor=chairman, commune=campaign.commune, kind="signature", data=out.getvalue())


def test_an_empty_image_is_refused(chairman, campaign):
    with pytest.raises(ValidationError, match="Ảnh trống"):
        signing_image_upload(
            actor=chairman, commune=campaign.commune, kind="signature", data=png(colour=(255, 255, 255, 0))
        )


def test_only_the_chairman_uploads_a_signature(client_as, users, campaign):
    with pytest.raises(PermissionDenied):
        signing_image_upload(actor=users["vanphong"], commune=campaign.commune, kind="signature", data=png())
    with pytest.raises(PermissionDenied):
        signing_image_upload(actor=users["phochutich"], commune=campaign.commune, kind="seal", data=png())
    # The office's form does not offer the signature; posting it anyway is refused, nothing stored.
    response = upload(client_as("vanphong"), "signature", png())
    assert response.status_code == 200 and "Không có loại ảnh này" in response.content.decode()
    assert not SigningImage.objects.exists()


@pytest.mark.parametrize("username", ["phochutich", "hoidong", "motcua", "canbo", "noivu"])
def test_other_roles_cannot_open_or_post_the_page(client_as, username):
    assert client_as(username).get(PAGE).status_code == 403
    assert upload(client_as(username), "seal", png()).status_code == 403
    assert not SigningImage.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_the_signature_is_shown_only_to_its_owner(client_as, chairman, campaign):
    signature = signing_image_upload(actor=chairman, commune=campaign.commune, kind="signature", data=png())
    seal = signing_image_upload(actor=chairman, commune=campaign.commune, kind="seal", data=png())
    url = reverse("documents:signing-image", args=[signature.pk])
    response = client_as("chutich").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content == bytes(signature.png)
    assert client_as("vanphong").get(url).status_code == 404  # hidden is the same as missing
    assert client_as("vanphong").get(reverse("documents:signing-image", args=[seal.pk])).status_code == 200
    page = client_as("vanphong").get(PAGE).content.decode()
    assert url not in page and "Con dấu của UBND xã" in page
    delete = reverse("documents:signing-image-delete", args=[signature.pk])
    assert client_as("vanphong").post(delete).status_code == 404
    assert SigningImage.objects.filter(pk=signature.pk).exists()


def test_another_communes_image_answers_404(client_as, chairman):
    other = CommuneFactory(name="Tân Phong", code="tan-phong")
    with pytest.raises(PermissionDenied):  # the chairman of Tân Bình is nobody at Tân Phong
        signing_image_upload(actor=chairman, commune=other, kind="seal", data=png())
    seal = signing_image_upload(
        actor=make_user("chutich-tp", roles.CHAIRMAN, commune=other), commune=other, kind="seal", data=png()
    )
    assert client_as("chutich").get(reverse("documents:signing-image", args=[seal.pk])).status_code == 404
    assert client_as("vanphong").post(reverse("documents:signing-image-delete", args=[seal.pk])).status_code == 404
    assert SigningImage.objects.filter(pk=seal.pk).exists()


def test_deleting_is_audited_and_signing_then_shows_no_image(client_as, chairman, campaign):
    seal = signing_image_upload(actor=chairman, commune=campaign.commune, kind="seal", data=png())
    response = client_as("vanphong").post(reverse("documents:signing-image-delete", args=[seal.pk]))
    assert response.status_code == 302
    assert not SigningImage.objects.exists()
    event = AuditEvent.objects.get(action="signing_image.delete")
    assert event.object_id == str(seal.pk) and event.changes["sha256"] == seal.sha256
    assert signing_images_for(campaign.commune).seal_png is None


def test_a_signer_only_signs_with_their_own_signature_image(users, chairman, campaign):
    signing_image_upload(actor=chairman, commune=campaign.commune, kind="signature", data=png())
    assert signing_images_for(campaign.commune).signature_png is not None
    assert signing_images_for(campaign.commune, chairman).signature_png is not None
    assert signing_images_for(campaign.commune, users["phochutich"]).signature_png is None
    # A former chairman's image is not used once the role has passed on.
    role_withdraw(actor=None, assignment=chairman.role_assignments.get(role=roles.CHAIRMAN), reason="Thôi giữ chức.")
    assert signing_images_for(campaign.commune).signature_png is None


def test_a_user_cannot_delete_another_signers_signature(users, chairman, campaign):
    image = signing_image_upload(actor=chairman, commune=campaign.commune, kind="signature", data=png())
    other = make_user("chutich2", roles.CHAIRMAN, commune=campaign.commune)
    with pytest.raises(PermissionDenied):
        signing_image_delete(actor=other, image=image)


def test_the_documents_page_tells_the_chairman_what_the_signature_will_show(client_as, chairman, campaign):
    url = reverse("documents:document-list", args=[campaign.slug])
    page = client_as("chutich").get(url).content.decode()
    assert "chưa có ảnh chữ ký và con dấu" in page and "ô chữ ký ghi người ký và thời gian ký" in page
    signing_image_upload(actor=chairman, commune=campaign.commune, kind="signature", data=sample_signature_png("A"))
    signing_image_upload(actor=chairman, commune=campaign.commune, kind="seal", data=sample_seal_png("UBND xã"))
    page = client_as("chutich").get(url).content.decode()
    assert "ảnh chữ ký của bạn và ảnh con dấu của UBND xã" in page
    assert "Quản lý ảnh chữ ký, con dấu" not in client_as("vanphong").get(url).content.decode()
