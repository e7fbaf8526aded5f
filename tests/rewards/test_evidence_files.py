"""Evidence files of nominations: kind by content, size, private storage, access, freezing, audit."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rewards import services
from rewards.models import EvidenceFile
from rewards.selectors import evidence_files_for
from tanbinh_portal.models import AuditEvent
from tests.rewards.helpers import PDF_BYTES

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _member(name: str) -> zipfile.ZipInfo:
    # A fixed time, so the same bytes come out in every process: these packages are test parameters, and
    # pytest-xdist refuses to run when its workers collect different parameters.
    return zipfile.ZipInfo(name, date_time=(2022, 1, 10, 8, 0, 0))


def office_package(main_part: str, *extra: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(_member("[Content_Types].xml"), "<Types/>")
        package.writestr(_member(main_part), "<document/>")
        for name in extra:
            package.writestr(_member(name), "x")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(_member("anh/1.jpg"), JPEG_BYTES)
    return buffer.getvalue()


@pytest.fixture
def draft(nominate):
    """A draft nomination of Võ Thị Lan proposed by the officer."""
    return nominate("Võ Thị Lan")


def attach(draft, users, name="bien-ban.pdf", content=PDF_BYTES, actor="vanphong", **kwargs) -> EvidenceFile:
    return services.evidence_file_add(actor=users[actor], nomination=draft, upload=upload(name, content), **kwargs)


def test_a_pdf_is_stored_outside_the_web_root_under_a_random_name_and_audited(draft, users):
    record = attach(draft, users)
    stored = Path(record.file.path)
    assert stored.read_bytes() == PDF_BYTES
    assert stored.is_relative_to(Path(settings.PRIVATE_FILES_ROOT))
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "bien-ban" not in stored.name and stored.suffix == ".pdf"
    assert (record.kind, record.original_name, record.size) == ("pdf", "bien-ban.pdf", len(PDF_BYTES))
    event = AuditEvent.objects.get(action="evidence_file.add", object_id=str(record.pk))
    assert "bien-ban.pdf" in event.changes["file"][1] and record.sha256[:16] in event.changes["file"][1]
    assert evidence_files_for(draft) == [record]


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("anh.png", PNG_BYTES, "png"),
        ("anh.jpeg", JPEG_BYTES, "jpeg"),
        ("bao-cao.docx", office_package("word/document.xml"), "docx"),
        ("bang.xlsx", office_package("xl/workbook.xml"), "xlsx"),
        ("bien-ban.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "ole"),
    ],
)
def test_images_and_office_documents_are_recognised_by_content(draft, users, name, content, kind):
    record = attach(draft, users, name, content)
    assert record.kind == kind
    assert record.original_name == name


def test_a_pdf_renamed_jpg_is_kept_as_a_pdf_with_the_right_extension(draft, users, client_as):
    record = attach(draft, users, "anh-chup.jpg", PDF_BYTES)
    assert (record.kind, record.original_name) == ("pdf", "anh-chup.pdf")
    url = reverse("rewards:evidence-file-download", args=[draft.campaign.slug, draft.pk, record.pk])
    response = client_as("vanphong").get(url)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="anh-chup.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("quyet-dinh.pdf", b"MZ\x90\x00" + b"\x00" * 60, "chương trình chạy được"),
        ("bao-cao.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>", "trang web HTML"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "SVG"),
        ("bao-cao.docm", office_package("word/document.xml", "word/vbaProject.bin"), "macro"),
        ("ho-so.docx", plain_zip(), "tệp nén ZIP"),
        ("hong.docx", office_package("word/document.xml")[:40], "bị hỏng"),
        ("so.pdf", b"Ma ho so,Ten thu tuc\n1,2\n", "Không nhận ra loại tệp"),
        ("nen.pdf", b"Rar!\x1a\x07\x00" + b"\x00" * 30, "RAR"),
    ],
)
def test_a_file_that_is_not_a_document_is_refused_whatever_its_name(draft, users, name, content, says):
    with pytest.raises(ValidationError) as error:
        attach(draft, users, name, content)
    assert says in error.value.messages[0]
    assert name in error.value.messages[0]
    assert not EvidenceFile.objects.exists()


def test_a_file_over_the_size_limit_is_refused_with_the_limit(draft, users, settings):
    settings.EVIDENCE_FILE_MAX_BYTES = 2048
    with pytest.raises(ValidationError) as error:
        attach(draft, users, "lon.pdf", PDF_BYTES + b"0" * 3000)
    assert "quá giới hạn 2 KB" in error.value.messages[0]
    assert not EvidenceFile.objects.exists()
    settings.EVIDENCE_FILE_MAX_BYTES = 3 * 1024 * 1024
    with pytest.raises(ValidationError, match="nặng 3,5 MB, quá giới hạn 3 MB"):
        attach(draft, users, "lon.pdf", PDF_BYTES + b"0" * (3 * 1024 * 1024 + 512 * 1024 - len(PDF_BYTES)))


def test_an_upload_over_the_limit_is_stopped_while_it_arrives(draft, client_as, settings):
    settings.EVIDENCE_FILE_MAX_BYTES = 4096
    url = reverse("rewards:evidence-file-add", args=[draft.campaign.slug, draft.pk])
    client = client_as("vanphong")
    response = client.post(url, {"file": upload("lon.pdf", PDF_BYTES + b"0" * 20000)})
    assert response.status_code == 302 and response.wsgi_request.upload_too_large
    page = client.get(response["Location"]).content.decode()
    assert "lớn hơn giới hạn 4 KB" in page
    assert not EvidenceFile.objects.exists()


def test_an_empty_file_and_a_missing_file_get_a_clear_message(draft, users, client_as):
    with pytest.raises(ValidationError, match="trống"):
        attach(draft, users, "rong.pdf", b"")
    url = reverse("rewards:evidence-file-add", args=[draft.campaign.slug, draft.pk])
    page = client_as("vanphong").post(url, {}, follow=True).content.decode()
    assert "Hãy chọn tệp minh chứng để tải lên." in page


def test_the_proposer_attaches_through_the_page_and_the_file_is_listed(draft, client_as):
    url = reverse("rewards:evidence-file-add", args=[draft.campaign.slug, draft.pk])
    criterion = draft.campaign.criteria.filter(kind="assessed").first()
    response = client_as("vanphong").post(
        url, {"file": upload("bien-ban.pdf", PDF_BYTES), "criterion": criterion.pk, "description": "Biên bản"}
    )
    assert response.status_code == 302
    record = EvidenceFile.objects.get()
    assert record.criterion == criterion
    page = client_as("vanphong").get(reverse("rewards:nomination-detail", args=[draft.campaign.slug, draft.pk]))
    assert "bien-ban.pdf" in page.content.decode()


def test_only_a_criterion_the_council_assesses_takes_a_file(draft, users):
    measured = draft.campaign.criteria.filter(kind="measured").first()
    with pytest.raises(ValidationError, match="Hội đồng đánh giá"):
        attach(draft, users, criterion=measured)


def test_download_is_an_attachment_never_sniffed_and_audited(draft, users, client_as):
    record = attach(draft, users)
    url = reverse("rewards:evidence-file-download", args=[draft.campaign.slug, draft.pk, record.pk])
    response = client_as("vanphong").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert AuditEvent.objects.filter(action="evidence_file.download", object_id=str(record.pk)).count() == 1


def test_only_those_who_may_see_the_nomination_download_its_files(draft, users, client_as):
    record = attach(draft, users)
    url = reverse("rewards:evidence-file-download", args=[draft.campaign.slug, draft.pk, record.pk])
    # A draft: managers, the head of the nominee's unit and the nominee (Võ Thị Lan: motcua).
    for username, status in {
        "chutich": 200,
        "vanphong": 200,
        "motcua": 200,
        "hoidong": 404,
        "canbo": 404,
        "noivu": 404,
    }.items():
        assert client_as(username).get(url).status_code == status, username
    services.nomination_submit(actor=users["vanphong"], nomination=draft)
    assert client_as("hoidong").get(url).status_code == 200  # the council sees submitted nominations
    assert client_as("canbo").get(url).status_code == 404


def test_a_file_asked_through_another_nomination_answers_404(draft, nominate, users, client_as):
    record = attach(draft, users)
    other = nominate("Phan Thị Ngọc")
    url = reverse("rewards:evidence-file-download", args=[draft.campaign.slug, other.pk, record.pk])
    assert client_as("vanphong").get(url).status_code == 404


def test_someone_who_may_see_but_not_edit_the_nomination_cannot_change_its_files(draft, users, client_as):
    record = attach(draft, users)
    with pytest.raises(PermissionDenied):
        attach(draft, users, actor="chutich")
    url = reverse("rewards:evidence-file-delete", args=[draft.campaign.slug, draft.pk, record.pk])
    assert client_as("chutich").post(url).status_code == 403
    assert client_as("canbo").post(url).status_code == 404
    assert EvidenceFile.objects.filter(pk=record.pk).exists()


def test_replacing_and_removing_before_submission_are_audited_and_clean_up_the_stored_file(
    draft, users, django_capture_on_commit_callbacks
):
    record = attach(draft, users)
    old_path = Path(record.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        record = services.evidence_file_replace(
            actor=users["vanphong"], record=record, upload=upload("anh.png", PNG_BYTES)
        )
    assert (record.kind, record.original_name, record.version) == ("png", "anh.png", 2)
    assert not old_path.exists() and Path(record.file.path).read_bytes() == PNG_BYTES
    replaced = AuditEvent.objects.get(action="evidence_file.replace")
    assert "bien-ban.pdf" in replaced.changes["file"][0] and "anh.png" in replaced.changes["file"][1]
    new_path = Path(record.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_file_delete(actor=users["vanphong"], record=record)
    assert not EvidenceFile.objects.exists() and not new_path.exists()
    assert AuditEvent.objects.filter(action="evidence_file.delete", object_id=str(record.pk)).exists()


def test_files_are_frozen_with_the_nomination_when_it_is_submitted(draft, users, client_as):
    record = attach(draft, users)
    services.nomination_submit(actor=users["vanphong"], nomination=draft)
    record.refresh_from_db()
    assert record.frozen_at is not None
    for change in (
        lambda: services.evidence_file_replace(
            actor=users["vanphong"], record=record, upload=upload("a.png", PNG_BYTES)
        ),
        lambda: services.evidence_file_delete(actor=users["vanphong"], record=record),
        lambda: attach(draft, users, "them.pdf"),
    ):
        with pytest.raises(ValidationError, match="chốt"):
            change()
    slug = draft.campaign.slug
    page = client_as("vanphong").post(
        reverse("rewards:evidence-file-delete", args=[slug, draft.pk, record.pk]), follow=True
    )
    assert "đã được chốt" in page.content.decode()
    assert Path(record.file.path).read_bytes() == PDF_BYTES


def test_a_returned_nomination_takes_new_files_but_keeps_the_frozen_ones(draft, users):
    frozen = attach(draft, users)
    services.nomination_submit(actor=users["vanphong"], nomination=draft)
    services.nomination_return(actor=users["vanphong"], nomination=draft, reason="Bổ sung biên bản có chữ ký.")
    draft.refresh_from_db()
    added = attach(draft, users, "bien-ban-ky.pdf")
    with pytest.raises(ValidationError, match="đã được chốt"):
        services.evidence_file_delete(actor=users["vanphong"], record=frozen)
    services.evidence_file_delete(actor=users["vanphong"], record=added)  # not frozen yet
    attach(draft, users, "bien-ban-ky-lai.pdf")
    services.nomination_submit(actor=users["vanphong"], nomination=draft)
    assert all(f.frozen_at for f in evidence_files_for(draft))
    assert [f.original_name for f in evidence_files_for(draft)] == ["bien-ban.pdf", "bien-ban-ky-lai.pdf"]


def test_the_number_of_files_per_nomination_is_limited(draft, users, settings):
    settings.EVIDENCE_FILES_PER_NOMINATION = 2
    attach(draft, users, "1.pdf")
    attach(draft, users, "2.pdf")
    with pytest.raises(ValidationError, match="tối đa 2 tệp"):
        attach(draft, users, "3.pdf")


def test_the_private_storage_has_no_url(draft, users):
    record = attach(draft, users)
    with pytest.raises(ValueError, match="no URL"):
        record.file.url  # noqa: B018


def test_a_typed_path_never_reaches_the_storage(draft, users):
    record = attach(draft, users, "..\\..\\C:/Windows/he-thong\x00.pdf")
    assert record.original_name == "he-thong.pdf"
    assert Path(record.file.path).parent == Path(
        settings.PRIVATE_FILES_ROOT, "evidence", str(draft.campaign_id), str(draft.pk)
    )


def test_an_upload_without_the_csrf_token_is_refused(draft, users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["vanphong"])
    url = reverse("rewards:evidence-file-add", args=[draft.campaign.slug, draft.pk])
    assert client.post(url, {"file": upload("bien-ban.pdf", PDF_BYTES)}).status_code == 403
    assert not EvidenceFile.objects.exists()


def test_an_official_of_another_commune_gets_404_for_the_files(draft, users, officer):
    from django.test import Client

    from campaigns import services as campaign_services
    from tanbinh_portal import roles
    from tanbinh_portal.optimistic import UNCHECKED
    from tests.conftest import make_user

    record = attach(draft, users)
    commune = campaign_services.commune_get_or_create(
        code="tan-phu", name="Tân Phú", district_name="Huyện Tân Phú", province_name="Tỉnh Đồng Nai", actor=officer
    )
    officer = make_user("vanphong-tanphu-lap", roles.OFFICER, commune=commune)  # Tân Bình's officer may not
    unit = campaign_services.unit_save(
        actor=officer,
        commune=commune,
        data={"name": "Văn phòng – Thống kê", "unit_type": "department"},
        expected_version=UNCHECKED,
    )
    person = campaign_services.person_save(
        actor=officer,
        commune=commune,
        data={"full_name": "Lê Thị Phú", "position": "Công chức", "unit": unit, "sex": "female"},
        expected_version=UNCHECKED,
    )
    client = Client()
    client.force_login(make_user("vanphong-tanphu", roles.OFFICER, person=person))
    slug = draft.campaign.slug
    assert client.get(reverse("rewards:evidence-file-download", args=[slug, draft.pk, record.pk])).status_code == 404
    add = reverse("rewards:evidence-file-add", args=[slug, draft.pk])
    assert client.post(add, {"file": upload("x.pdf", PDF_BYTES)}).status_code == 404
    delete = reverse("rewards:evidence-file-delete", args=[slug, draft.pk, record.pk])
    assert client.post(delete).status_code == 404
    assert EvidenceFile.objects.filter(pk=record.pk).exists()
    assert not AuditEvent.objects.filter(action="evidence_file.download").exists()
