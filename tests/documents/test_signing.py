"""PAdES signing and verification of a rendered PDF."""

from __future__ import annotations

import pytest

from documents.engine.data import Header, PlanDocument, Signature
from documents.engine.render import render_plan
from documents.engine.signing import SigningError, sign_pdf, verify_pdf


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    return render_plan(
        PlanDocument(
            header=Header(issuing_body="ỦY BAN NHÂN DÂN XÃ TÂN BÌNH", doc_type="KẾ HOẠCH", summary="Thử ký số"),
            introduction="Đoạn mở đầu.",
            purposes=["Mục đích."],
            period_text="Từ ngày 02/1/2022 đến hết ngày 31/12/2022",
            slogan="",
            extra_period_lines=[],
            contents=["Nội dung."],
            award_options=["Giấy khen"],
            steps=[],
            closing="Trên đây là kế hoạch.",
            recipients=["Lưu: VT"],
            signature=Signature(authority=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name="Lê Văn Tài"),
        )
    )


def test_signed_pdf_validates_intact_valid_and_trusted(signing_certificate, small_pdf):
    signed = sign_pdf(small_pdf, reason="Phê duyệt hồ sơ", location="Tân Bình")
    report = verify_pdf(signed)
    assert report.signed and report.intact and report.valid and report.trusted and report.whole_document
    assert "Test signer" in report.signer
    assert report.ok


def test_one_changed_byte_makes_the_signature_fail(signing_certificate, small_pdf):
    signed = bytearray(sign_pdf(small_pdf, reason="Phê duyệt hồ sơ", location="Tân Bình"))
    # Change a byte inside the first content stream (covered by the signature).
    index = signed.index(b"stream\n") + 20
    signed[index] = (signed[index] + 1) % 256
    report = verify_pdf(bytes(signed))
    assert not report.ok


def test_a_signature_by_another_certificate_is_intact_but_not_trusted(
    settings, signing_certificate, small_pdf, tmp_path
):
    from documents.engine.signing import create_self_signed_p12

    create_self_signed_p12(tmp_path / "other.p12", b"other", common_name="Somebody else")
    settings.SIGNING_P12_PATH, settings.SIGNING_P12_PASSPHRASE = str(tmp_path / "other.p12"), "other"
    forged = sign_pdf(small_pdf, reason="x", location="y")
    settings.SIGNING_P12_PATH, settings.SIGNING_P12_PASSPHRASE = str(signing_certificate), None
    report = verify_pdf(forged)
    assert report.intact and report.valid and not report.trusted and not report.ok


def test_a_revision_added_after_signing_is_reported(signing_certificate, small_pdf):
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = sign_pdf(small_pdf, reason="Phê duyệt hồ sơ", location="Tân Bình")
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue())
    assert report.intact and not report.whole_document and not report.ok


def test_an_unsigned_pdf_is_reported_as_unsigned(small_pdf):
    report = verify_pdf(small_pdf)
    assert not report.signed and not report.ok


def test_a_wrong_passphrase_gives_a_clear_error(settings, p12_files, small_pdf, tmp_path):
    path, _ = p12_files
    settings.SIGNING_P12_PATH = str(path)
    settings.SIGNING_P12_PASSPHRASE = "wrong"
    with pytest.raises(SigningError, match="mật khẩu"):
        sign_pdf(small_pdf, reason="x", location="y")


def test_a_missing_certificate_gives_a_clear_error(settings, small_pdf, tmp_path):
    settings.SIGNING_P12_PATH = str(tmp_path / "none.p12")
    settings.SIGNING_P12_PASSPHRASE = "x"
    with pytest.raises(SigningError, match="make setup"):
        sign_pdf(small_pdf, reason="x", location="y")
