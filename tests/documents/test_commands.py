"""render_documents and verify_bundle (create_demo_certificate: tests/demo/test_commands.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from documents.engine.signing import verify_pdf
from tests.documents import pdfcheck


def test_render_documents_writes_the_plan_and_skips_the_bundle_without_its_documents(campaign, tmp_path):
    out = io.StringIO()
    call_command("render_documents", campaign=campaign.slug, out=str(tmp_path), stdout=out)
    assert "KẾ HOẠCH" in pdfcheck.all_text((tmp_path / "ke-hoach.pdf").read_bytes())
    assert not (tmp_path / "ho-so-trinh-huyen.zip").exists()
    assert "bỏ qua ho-so-trinh-huyen" in out.getvalue()


def test_render_documents_with_sign_writes_every_registered_file_and_a_signed_bundle(signed_render):
    for name in (
        "ke-hoach.pdf",
        "to-trinh-de-nghi-khen-thuong.pdf",
        "bien-ban-hop-hoi-dong.pdf",
        "bao-cao-tong-ket.pdf",
        "bao-cao-thanh-tich/01.pdf",
        "ho-so-trinh-huyen.pdf",
        "ho-so-trinh-huyen.zip",
    ):
        assert (signed_render / name).is_file(), name
    assert verify_pdf((signed_render / "ho-so-trinh-huyen.pdf").read_bytes()).ok
    out = io.StringIO()
    call_command("verify_bundle", str(signed_render / "ho-so-trinh-huyen.zip"), stdout=out)
    assert "Hồ sơ hợp lệ" in out.getvalue()


_SIGNED_RENDER: dict[str, Path] = {}


@pytest.fixture
def signed_render(campaign, tmp_path_factory, signing_certificate, sample_bundle_kinds) -> Path:
    """The folder ``render_documents --sign`` wrote for the demo campaign with the sample kinds.

    Run once per test process: the test of the command's output and the tests that only tamper with its
    bundle and verify it read the same files (the demo, the sample kinds and the session's certificate are
    the same for each, and none of them writes into the folder)."""
    if "out" not in _SIGNED_RENDER:
        out = tmp_path_factory.mktemp("render-signed")
        call_command("render_documents", campaign=campaign.slug, out=str(out), sign=True, stdout=io.StringIO())
        _SIGNED_RENDER["out"] = out
    return _SIGNED_RENDER["out"]


@pytest.fixture
def signed_bundle(signed_render, tmp_path):
    """A copy, in ``tmp_path``, of the signed bundle of ``signed_render``."""
    path = tmp_path / "ho-so-trinh-huyen.zip"
    path.write_bytes((signed_render / "ho-so-trinh-huyen.zip").read_bytes())
    return path


def test_verify_bundle_fails_on_a_tampered_bundle(signed_bundle, tmp_path):
    original = signed_bundle
    tampered = tmp_path / "sua.zip"
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data + b"x" if info.filename == "bien-ban-hop-hoi-dong.pdf" else data)
    out = io.StringIO()
    with pytest.raises(CommandError, match="KHÔNG hợp lệ"):
        call_command("verify_bundle", str(tampered), stdout=out)
    assert "Tệp bị thay đổi: bien-ban-hop-hoi-dong.pdf" in out.getvalue()


def test_verify_bundle_rejects_a_re_zipped_bundle_with_a_vietnamese_message(signed_bundle, tmp_path):
    rezipped = tmp_path / "nen-lai.zip"
    with zipfile.ZipFile(signed_bundle) as src, zipfile.ZipFile(rezipped, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info), compress_type=zipfile.ZIP_DEFLATED)
    with pytest.raises(CommandError, match="KHÔNG hợp lệ: .*nén"):
        call_command("verify_bundle", str(rezipped), stdout=io.StringIO())


def test_render_documents_refuses_an_unknown_campaign(db, tmp_path):
    with pytest.raises(CommandError, match="Không có phong trào"):
        call_command("render_documents", campaign="khong-co", out=str(tmp_path))
