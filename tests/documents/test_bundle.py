"""The district bundle: merged PDF with outline, ZIP with files, XLSX and manifest; verification."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from demo import samples
from documents.engine import DocumentFile, render
from documents.engine.bundle import (
    BUNDLE_PDF,
    LIST_XLSX,
    MANIFEST,
    BundleError,
    _member_info,
    build_bundle,
    sha256,
    verify_bundle,
)


@pytest.fixture(scope="module")
def files() -> list[DocumentFile]:
    lines = samples.nominees(2)
    return [
        DocumentFile("to-trinh-de-nghi-khen-thuong.pdf", "Tờ trình", render.render_submission(samples.submission(2))),
        DocumentFile(
            "bien-ban-hop-hoi-dong.pdf", "Biên bản", render.render_council_minutes(samples.council_minutes(2))
        ),
        *[
            DocumentFile(
                f"bao-cao-thanh-tich/{n.number:02d}.pdf",
                f"Báo cáo thành tích – {n.name}",
                render.render_achievement_report(samples.achievement_report(n)),
            )
            for n in lines
        ],
    ]


@pytest.fixture
def signed_zip(signing_certificate, files) -> bytes:
    return build_bundle(files, title="Hồ sơ", bundle_list=samples.bundle_list(samples.nominees(2)), sign=True).zip


def rezip(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """A copy of the ZIP with members replaced (bytes) or removed (None), written as carefully as the
    portal writes it (same dates and attributes), as a forger who knows the format would."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        date_time = src.infolist()[0].date_time
        for info in src.infolist():
            content = change.get(info.filename, src.read(info)) if info.filename in change else src.read(info)
            if content is not None:
                dst.writestr(_member_info(info.filename, date_time), content)
        for name, content in change.items():
            if name not in src.namelist() and content is not None:
                dst.writestr(_member_info(name, date_time), content)
    return out.getvalue()


def test_bundle_zip_holds_the_merged_pdf_every_file_the_list_and_the_manifest(signed_zip, files):
    names = set(zipfile.ZipFile(io.BytesIO(signed_zip)).namelist())
    assert names == {BUNDLE_PDF, LIST_XLSX, MANIFEST, *(f.path for f in files)}
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(signed_zip)).read(MANIFEST))
    assert {e["path"]: e["sha256"] for e in manifest["files"]}["to-trinh-de-nghi-khen-thuong.pdf"] == sha256(
        files[0].content
    )


def test_merged_pdf_has_one_outline_entry_per_document(signed_zip, files):
    pdf = PdfReader(io.BytesIO(zipfile.ZipFile(io.BytesIO(signed_zip)).read(BUNDLE_PDF)))
    assert [item.title for item in pdf.outline] == [f.title for f in files]
    total = sum(len(PdfReader(io.BytesIO(f.content)).pages) for f in files)
    assert len(pdf.pages) == total


def test_an_untouched_signed_bundle_verifies(signed_zip):
    report = verify_bundle(signed_zip)
    assert report.ok
    assert report.signature.intact and report.signature.valid and report.manifest_signed
    assert report.checked == 5


def test_a_changed_file_is_detected_against_the_manifest(signed_zip):
    report = verify_bundle(rezip(signed_zip, {"bien-ban-hop-hoi-dong.pdf": b"%PDF-1.7 forged"}))
    assert not report.ok and report.changed == ["bien-ban-hop-hoi-dong.pdf"]
    assert report.signature.ok  # the merged PDF itself is untouched


def test_a_missing_or_added_file_is_detected(signed_zip):
    report = verify_bundle(rezip(signed_zip, {LIST_XLSX: None, "them.pdf": b"x"}))
    assert not report.ok and report.missing == [LIST_XLSX] and report.unexpected == ["them.pdf"]


def test_a_rewritten_manifest_no_longer_matches_the_signed_one(signed_zip):
    forged = b"%PDF-1.7 forged"
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(signed_zip)).read(MANIFEST))
    for entry in manifest["files"]:
        if entry["path"] == "bien-ban-hop-hoi-dong.pdf":
            entry["sha256"], entry["size"] = sha256(forged), len(forged)
    report = verify_bundle(
        rezip(signed_zip, {"bien-ban-hop-hoi-dong.pdf": forged, MANIFEST: json.dumps(manifest).encode()})
    )
    assert report.files_ok and not report.manifest_signed and not report.ok


def test_a_changed_byte_in_the_signed_pdf_fails_the_signature(signed_zip):
    pdf = bytearray(zipfile.ZipFile(io.BytesIO(signed_zip)).read(BUNDLE_PDF))
    index = pdf.index(b"stream\n") + 30
    pdf[index] ^= 0x01
    report = verify_bundle(rezip(signed_zip, {BUNDLE_PDF: bytes(pdf)}))
    assert not report.ok and not report.signature.ok


def test_an_unsigned_bundle_is_not_valid(files):
    report = verify_bundle(build_bundle(files, title="Hồ sơ", sign=False).zip)
    assert report.files_ok and not report.signature.signed and not report.ok


def test_a_file_that_is_not_a_zip_is_refused():
    with pytest.raises(BundleError):
        verify_bundle(b"not a zip")


def test_an_empty_bundle_is_refused():
    with pytest.raises(BundleError):
        build_bundle([], title="Hồ sơ")
