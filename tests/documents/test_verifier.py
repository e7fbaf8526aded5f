"""The bundle verifier against forged, damaged and oversized uploads (issue 10 §2)."""

from __future__ import annotations

import io
import struct
import tracemalloc
import unicodedata
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from demo import samples
from documents.engine import DocumentFile, render
from documents.engine.bundle import BUNDLE_PDF, MANIFEST, BundleError, build_bundle, verify_bundle
from documents.engine.signing import sign_pdf, verify_pdf
from documents.verification import verification_lines, verify_upload

GENUINE = "to-trinh-de-nghi-khen-thuong.pdf"
_CACHE: dict[str, bytes] = {}


@pytest.fixture
def bundle_zip(signing_certificate) -> bytes:
    """A genuine signed bundle of two documents and the list (built once per session)."""
    if "zip" not in _CACHE:
        files = [
            DocumentFile(GENUINE, "Tờ trình", render.render_submission(samples.submission(1))),
            DocumentFile("giay-khen/01.pdf", "Giấy khen", render.render_certificate(samples.certificate())),
        ]
        _CACHE["zip"] = build_bundle(
            files, title="Hồ sơ", bundle_list=samples.bundle_list(samples.nominees(1)), sign=True
        ).zip
    return _CACHE["zip"]


def members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def canonical_info(name: str, date_time) -> zipfile.ZipInfo:
    """A member header as the portal writes it: stored, Unix, rw-r--r--."""
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_STORED, 3, 0o644 << 16
    return info


def write_zip(entries: list[tuple[str, bytes]], date_time=(2023, 1, 11, 9, 30, 14)) -> bytes:
    """A ZIP written exactly as the portal writes one (stored, fixed attributes), with any names."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            archive.writestr(canonical_info(name, date_time), data)
    return out.getvalue()


def same_layout(data: bytes, entries: list[tuple[str, bytes]]) -> bytes:
    return write_zip(entries, date_time=members(data)[0][0].date_time)


def patch_headers(data: bytes, name: str, *, flags: int | None = None, method: int | None = None) -> bytes:
    """Set the flag bits and/or compression method of one member in its local header and the directory."""
    raw = bytearray(data)
    info = next(i for i, _ in members(data) if i.filename == name)
    cd_offset = struct.unpack("<L", raw[-6:-2])[0]
    position = cd_offset
    while raw[position : position + 4] == b"PK\x01\x02":
        nlen, elen, clen = struct.unpack("<3H", raw[position + 28 : position + 34])
        if raw[position + 46 : position + 46 + nlen].decode() == name:
            for base, shift in ((info.header_offset, 6), (position, 8)):
                if flags is not None:
                    raw[base + shift : base + shift + 2] = struct.pack("<H", flags)
                if method is not None:
                    raw[base + shift + 2 : base + shift + 4] = struct.pack("<H", method)
        position += 46 + nlen + elen + clen
    return bytes(raw)


# --- Names ----------------------------------------------------------------------------------------


def test_a_forged_copy_before_the_genuine_member_of_the_same_name_is_rejected(bundle_zip):
    entries = [(info.filename, data) for info, data in members(bundle_zip)]
    forged = (GENUINE, b"%PDF-1.7 forged")
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = same_layout(bundle_zip, [entries[0], forged, *entries[1:]])
    with pytest.raises(BundleError, match="hai lần"):
        verify_upload("ho-so.zip", data)


@pytest.mark.parametrize(
    "twin",
    [GENUINE.upper(), "To-trinh-de-nghi-khen-thuong.pdf"],
    ids=["upper-case", "capital-first"],
)
def test_names_equal_after_case_folding_are_rejected(bundle_zip, twin):
    entries = [(info.filename, data) for info, data in members(bundle_zip)]
    with pytest.raises(BundleError, match="trùng khi không phân biệt hoa thường"):
        verify_bundle(same_layout(bundle_zip, [*entries[:2], (twin, b"%PDF-1.7 forged"), *entries[2:]]))


def test_names_equal_after_unicode_normalisation_are_rejected():
    nfc = "bao-cao/Nguyễn.pdf"
    nfd = unicodedata.normalize("NFD", nfc)
    with pytest.raises(BundleError):
        verify_bundle(write_zip([(BUNDLE_PDF, b"%PDF-"), (nfc, b"a"), (nfd, b"b"), (MANIFEST, b"{}")]))
    # A look-alike in compatibility form (fullwidth letters) is the same name too.
    with pytest.raises(BundleError, match="trùng"):
        verify_bundle(write_zip([(BUNDLE_PDF, b"%PDF-"), ("a.pdf", b"a"), ("ａ.pdf", b"b"), (MANIFEST, b"{}")]))


@pytest.mark.parametrize(
    "name, reason",
    [
        ("/etc/cron.d/x", "tuyệt đối"),
        ("C:/Windows/x.pdf", "tuyệt đối"),
        ("bao-cao\\01.pdf", "gạch ngược"),
        ("../../x.pdf", "“..”"),
        ("bao-cao/../x.pdf", "“..”"),
        ("bao-cao//x.pdf", "rỗng"),
        ("thu-muc/", "rỗng"),
        ("x\u202efdp.exe", "không in được"),
    ],
)
def test_unsafe_member_names_are_rejected(name, reason):
    with pytest.raises(BundleError, match=reason):
        verify_bundle(write_zip([(BUNDLE_PDF, b"%PDF-"), (name, b"x"), (MANIFEST, b"{}")]))


def test_a_member_outside_the_manifest_makes_the_bundle_invalid(bundle_zip):
    entries = [(info.filename, data) for info, data in members(bundle_zip)]
    report = verify_bundle(same_layout(bundle_zip, [*entries[:-1], ("them.pdf", b"x"), entries[-1]]))
    assert report.unexpected == ["them.pdf"] and not report.ok


def test_members_in_another_order_make_the_bundle_invalid(bundle_zip):
    entries = [(info.filename, data) for info, data in members(bundle_zip)]
    report = verify_bundle(same_layout(bundle_zip, [entries[0], entries[2], entries[1], *entries[3:]]))
    assert not report.ok and any("Thứ tự" in error for error in report.errors)


# --- Damaged archives -----------------------------------------------------------------------------


@pytest.mark.parametrize("cut", [1, 22, 100, 5000], ids=lambda n: f"last-{n}-bytes")
def test_a_truncated_archive_gives_a_vietnamese_message(bundle_zip, cut):
    with pytest.raises(BundleError, match="ZIP"):
        verify_bundle(bundle_zip[:-cut])


def test_half_an_archive_gives_a_vietnamese_message(bundle_zip):
    with pytest.raises(BundleError, match="ZIP"):
        verify_bundle(bundle_zip[: len(bundle_zip) // 2])


def test_a_crc_error_gives_a_vietnamese_message(bundle_zip):
    data = bytearray(bundle_zip)
    info = next(i for i, _ in members(bundle_zip) if i.filename == GENUINE)
    data[info.header_offset + 30 + len(GENUINE) + 200] ^= 0xFF
    with pytest.raises(BundleError, match="CRC"):
        verify_bundle(bytes(data))


def test_an_encrypted_member_gives_a_vietnamese_message(bundle_zip):
    with pytest.raises(BundleError, match="mã hóa"):
        verify_bundle(patch_headers(bundle_zip, GENUINE, flags=0x1))


@pytest.mark.parametrize("method", [8, 12, 14, 99], ids=["deflate", "bzip2", "lzma", "aes"])
def test_a_compression_method_the_portal_does_not_write_gives_a_vietnamese_message(bundle_zip, method):
    with pytest.raises(BundleError, match="phương thức"):
        verify_bundle(patch_headers(bundle_zip, GENUINE, method=method))


@pytest.mark.parametrize("where", ["before", "after"])
def test_bytes_added_around_the_archive_are_rejected(bundle_zip, where):
    data = b"junk" * 10 + bundle_zip if where == "before" else bundle_zip + b"junk" * 10
    with pytest.raises(BundleError):
        verify_bundle(data)


def test_a_damaged_upload_is_a_normal_page_with_a_vietnamese_message(client_as, bundle_zip):
    data = bytearray(bundle_zip)
    data[400] ^= 0xFF
    upload = SimpleUploadedFile("ho-so.zip", bytes(data), content_type="application/zip")
    response = client_as("canbo").post(reverse("documents:bundle-verify"), {"file": upload})
    assert response.status_code == 200 and "bị hỏng" in response.content.decode()


def test_the_command_exits_non_zero_with_a_vietnamese_message_on_a_damaged_archive(bundle_zip, tmp_path):
    path = tmp_path / "hong.zip"
    path.write_bytes(patch_headers(bundle_zip, GENUINE, method=99))
    with pytest.raises(CommandError, match="Hồ sơ KHÔNG hợp lệ: .*phương thức"):
        call_command("verify_bundle", str(path), stdout=io.StringIO())


# --- Bytes outside the signature ------------------------------------------------------------------


def test_bytes_appended_after_the_signed_revision_make_the_pdf_not_whole(signing_certificate):
    signed = sign_pdf(render.render_certificate(samples.certificate()), reason="x", location="y")
    assert verify_pdf(signed).whole_document
    for tail in (b"\n", b"%% hidden note\n"):
        report = verify_pdf(signed + tail)
        assert report.intact and not report.whole_document and not report.ok
    assert not verify_pdf(signed + b"\n1 0 obj (forged) endobj\n%%EOF\n").ok


def test_a_note_hidden_in_the_signature_padding_makes_the_pdf_not_whole(signing_certificate):
    signed = bytearray(sign_pdf(render.render_certificate(samples.certificate()), reason="x", location="y"))
    end = signed.index(b">", signed.index(b"/Contents <"))
    assert signed[end - 8 : end] == b"00000000"  # pyHanko pads the slot with zeros
    signed[end - 8 : end] = b"6e6f7465"  # "note"
    assert not verify_pdf(bytes(signed)).whole_document


def test_a_bundle_whose_pdf_carries_appended_bytes_is_not_valid(bundle_zip):
    entries = [(info.filename, data) for info, data in members(bundle_zip)]
    entries[0] = (BUNDLE_PDF, entries[0][1] + b"\n%forged\n")
    forged = same_layout(bundle_zip, entries)
    report = verify_bundle(forged)
    assert not report.ok and not report.signature.whole_document
    assert "Chữ ký bao trùm toàn bộ tệp: KHÔNG" in verification_lines(verify_upload("x.zip", forged))


# --- Size bounds ----------------------------------------------------------------------------------


def test_a_small_zip_unpacking_to_a_huge_member_is_refused_without_unpacking_it(db):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(BUNDLE_PDF, bytes(200 * 1024 * 1024))
    bomb = out.getvalue()
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(BundleError):
            verify_upload("bom.zip", bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_the_uncompressed_total_is_bounded_by_the_setting(settings, bundle_zip):
    settings.BUNDLE_VERIFY_MAX_UNCOMPRESSED_BYTES = 50 * 1024
    with pytest.raises(BundleError, match="BUNDLE_VERIFY_MAX_UNCOMPRESSED_BYTES"):
        verify_bundle(bundle_zip)


def test_the_upload_is_bounded_by_the_setting(settings, client_as, bundle_zip):
    settings.BUNDLE_VERIFY_MAX_BYTES = 10 * 1024
    upload = SimpleUploadedFile("ho-so.zip", bundle_zip, content_type="application/zip")
    page = client_as("canbo").post(reverse("documents:bundle-verify"), {"file": upload}).content.decode()
    assert "Tệp lớn hơn 10 KB" in page
    with pytest.raises(BundleError, match="BUNDLE_VERIFY_MAX_BYTES"):
        verify_bundle(bundle_zip)


def test_members_are_hashed_as_streams_not_held_in_memory(settings, bundle_zip):
    """Only the merged PDF and the manifest are kept; a large listed file is hashed chunk by chunk."""
    big = bytes(30 * 1024 * 1024)
    entries = [(info.filename, data) for info, data in members(bundle_zip)]
    data = same_layout(bundle_zip, [*entries[:-1], ("phu-luc.pdf", big), entries[-1]])
    del big
    tracemalloc.start()
    try:
        report = verify_bundle(io.BytesIO(data))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.unexpected == ["phu-luc.pdf"]
    assert peak < 15 * 1024 * 1024


# --- Trust list -----------------------------------------------------------------------------------


def test_the_portals_own_certificate_is_not_trusted_without_a_trust_list(settings, bundle_zip):
    settings.SIGNING_TRUST_ROOTS = []
    result = verify_upload("ho-so.zip", bundle_zip)
    assert result.signature.intact and result.signature.valid and not result.signature.trusted and not result.ok
    assert any("chưa cấu hình SIGNING_TRUST_ROOTS" in line for line in verification_lines(result))


def test_the_report_names_the_trust_roots_it_used(bundle_zip):
    result = verify_upload("ho-so.zip", bundle_zip)
    lines = verification_lines(result)
    assert result.ok
    assert "Chứng thư được tin cậy (theo danh sách tin cậy đã cấu hình): có" in lines
    assert any(line.startswith("Tin cậy nhờ chứng thư gốc:") and "Test signer" in line for line in lines)
    assert any("trong danh sách tin cậy đã dùng" in line and "test-signer.pem" in line for line in lines)


def test_a_trust_list_file_that_does_not_exist_is_reported_not_a_crash(settings, bundle_zip, tmp_path):
    settings.SIGNING_TRUST_ROOTS = [str(tmp_path / "khong-co.pem")]
    result = verify_upload("ho-so.zip", bundle_zip)
    assert not result.ok
    assert any("Không có tệp hoặc thư mục chứng thư tin cậy" in line for line in verification_lines(result))


def test_a_damaged_trust_list_file_is_reported_not_a_crash(settings, bundle_zip, tmp_path):
    (tmp_path / "hong.pem").write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    settings.SIGNING_TRUST_ROOTS = [str(tmp_path)]
    result = verify_upload("ho-so.zip", bundle_zip)
    assert not result.ok and "Không đọc được chứng thư tin cậy" in result.signature.trust_problem


def test_an_upload_declared_larger_than_the_bound_is_refused_before_it_is_read(settings, client_as):
    settings.BUNDLE_VERIFY_MAX_BYTES = 10 * 1024
    client = client_as("canbo")
    upload = SimpleUploadedFile("ho-so.zip", bytes(200 * 1024), content_type="application/zip")
    response = client.post(reverse("documents:bundle-verify"), {"file": upload})
    assert response.status_code == 413 and "Tệp lớn hơn 10 KB" in response.content.decode()


def test_an_upload_growing_past_the_bound_is_stopped_while_it_arrives(settings, client_as):
    """Within the declared-length slack, the upload handler cuts the file at the bound as it arrives."""
    settings.BUNDLE_VERIFY_MAX_BYTES = 10 * 1024
    upload = SimpleUploadedFile("ho-so.zip", bytes(50 * 1024), content_type="application/zip")
    response = client_as("canbo").post(reverse("documents:bundle-verify"), {"file": upload})
    assert response.status_code == 413 and "Tệp lớn hơn 10 KB" in response.content.decode()
    assert response.wsgi_request.upload_too_large


def test_the_verification_page_still_checks_csrf(users, bundle_zip):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["canbo"])
    upload = SimpleUploadedFile("ho-so.zip", bundle_zip, content_type="application/zip")
    assert client.post(reverse("documents:bundle-verify"), {"file": upload}).status_code == 403


def test_a_genuine_bundle_with_vietnamese_file_names_verifies(signing_certificate):
    pdf = render.render_certificate(samples.certificate())
    files = [
        DocumentFile("giấy-khen/Nguyễn Văn An.pdf", "Giấy khen", pdf),
        DocumentFile("tờ-trình.pdf", "Tờ trình", pdf),
    ]
    assert verify_bundle(build_bundle(files, title="Hồ sơ", sign=True).zip).ok


def test_an_unsigned_bundle_signed_later_keeps_its_canonical_layout(signing_certificate):
    from documents.engine.bundle import sign_bundle

    pdf = render.render_certificate(samples.certificate())
    unsigned = build_bundle([DocumentFile("giay-khen.pdf", "Giấy khen", pdf)], title="Hồ sơ", sign=False).zip
    assert not verify_bundle(unsigned).ok
    signed = sign_bundle(unsigned, pin=None)
    assert verify_bundle(signed).ok
    with pytest.raises(BundleError, match="đã được ký số"):
        sign_bundle(signed, pin=None)
