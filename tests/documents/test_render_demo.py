"""render_documents on the demo's award round writes every file of issue 5 and a signed bundle that verifies."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from demo.documents import build_summary_report
from documents.engine.bundle import verify_bundle
from documents.engine.signing import create_self_signed_p12, export_certificate_pem
from tests.documents import pdfcheck
from tests.rewards.helpers import ensure_award_round


@pytest.fixture
def signing_certificate(settings, tmp_path):
    path, secret = tmp_path / "test.p12", tmp_path / "test.pass"
    secret.write_text("test-passphrase\n", encoding="utf-8")
    create_self_signed_p12(path, b"test-passphrase", common_name="Test signer")
    settings.SIGNING_P12_PATH = str(path)
    settings.SIGNING_P12_PASSPHRASE = None
    settings.SIGNING_P12_PASSPHRASE_FILE = str(secret)
    # Verification trusts only the trust list: the throw-away certificate is on it.
    settings.SIGNING_TRUST_ROOTS = [str(export_certificate_pem(path, b"test-passphrase", tmp_path / "trust.pem"))]
    return path


@pytest.mark.with_award_round
def test_render_documents_on_the_demo_writes_every_file_and_a_signed_bundle_that_verifies(
    campaign, users, tmp_path, signing_certificate
):
    ensure_award_round(campaign)
    build_summary_report(campaign, users)
    out = tmp_path / "van-ban"
    call_command("render_documents", campaign=campaign.slug, out=str(out), sign=True, stdout=io.StringIO())
    for name in (
        "ke-hoach.pdf",
        "bao-cao-tong-ket.pdf",
        "bien-ban-hop-hoi-dong.pdf",
        "to-trinh-de-nghi-khen-thuong.pdf",
        "quyet-dinh-khen-thuong.pdf",
        "quyet-dinh-thanh-lap-hoi-dong.pdf",
        "giay-moi-hop-hoi-dong.pdf",
        "bao-cao-thanh-tich/01-doan-thanh-nien-cong-san-ho-chi-minh-xa.pdf",
        "bao-cao-thanh-tich/02-bo-phan-tiep-nhan-va-tra-ket-qua.pdf",
        "giay-khen/01-ap-tan-dong.pdf",
        "giay-khen/02-hoi-lien-hiep-phu-nu-xa.pdf",
        "ho-so-trinh-huyen.pdf",
        "ho-so-trinh-huyen.zip",
    ):
        assert (out / name).is_file(), name
    report = verify_bundle((out / "ho-so-trinh-huyen.zip").read_bytes())
    assert report.ok and report.signature.ok and not report.changed
    outline = [item.title for item in pdfcheck.reader((out / "ho-so-trinh-huyen.pdf").read_bytes()).outline]
    assert outline[0].startswith("Tờ trình") and outline[1].startswith("Biên bản")
    assert outline[2:4] == [
        "Báo cáo thành tích – Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Tân Bình",
        "Báo cáo thành tích – Bộ phận Tiếp nhận và Trả kết quả xã Tân Bình",
    ]
    assert outline[-2] == "Báo cáo tổng kết" and outline[-1].startswith("Kế hoạch")
