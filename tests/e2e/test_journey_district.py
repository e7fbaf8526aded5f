"""Journey (issue 6): the chairman approves the council's list, the officer proposes the higher awards
to the district, the chairman approves and signs the district bundle and downloads it (a PAdES-signed
PDF inside); Phòng Nội vụ sees that bundle and nothing else."""

from __future__ import annotations

import io
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin

import pytest
from django.db import transaction
from pypdf import PdfReader

from campaigns.services import campaign_close
from demo.rewards import ensure_config, ensure_council, ensure_meeting, ensure_nominations
from documents.engine.signing import create_self_signed_p12, export_certificate_pem, verify_pdf
from documents.models import DocumentStatus, GeneratedDocument
from rewards.models import ApprovalRound, ApprovalStatus, Nomination, NominationStatus

pytestmark = pytest.mark.django_db(transaction=True)

UPWARD = [
    "Bộ phận Tiếp nhận và Trả kết quả",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
]  # passed Giấy khen huyện, Bằng khen tỉnh


@pytest.fixture
def signing(settings, tmp_path):
    """A throw-away signing certificate, and generated files kept out of the project's var/."""
    path, secret = tmp_path / "ky-so.p12", tmp_path / "ky-so.pass"
    secret.write_text("journey-passphrase\n", encoding="utf-8")
    create_self_signed_p12(path, b"journey-passphrase", common_name="UBND xã Tân Bình (thử)")
    settings.SIGNING_P12_PATH = str(path)
    settings.SIGNING_P12_PASSPHRASE = None
    settings.SIGNING_P12_PASSPHRASE_FILE = str(secret)
    # Verification trusts only the trust list: the throw-away certificate is on it.
    settings.SIGNING_TRUST_ROOTS = [str(export_certificate_pem(path, b"journey-passphrase", tmp_path / "trust.pem"))]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return path


@pytest.fixture
def list_awaiting_approval(demo, users):
    """The demo's 2022 award round up to the council's closed meeting: the list awaits the chairman."""
    campaign = demo["campaign"]
    with transaction.atomic():
        campaign = campaign_close(actor=users["chutich"], campaign=campaign)
        ensure_council(campaign, users["vanphong"])
        ensure_config(campaign, users["vanphong"])
        ensure_nominations(campaign, users)
        ensure_meeting(campaign, users)
    assert ApprovalRound.objects.get(campaign=campaign).status == ApprovalStatus.PENDING
    return campaign


def _links_all_open(page, live_server) -> list[str]:
    """Every link of the current page that stays in the portal answers 200 (no menu entry to a 403)."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    refused = []
    for href in set(hrefs):
        if not href.startswith("/") or "/tai-ve/" in href:
            continue
        response = page.request.get(urljoin(live_server.url, href), max_redirects=0)
        if response.status not in (200, 302):
            refused.append(f"{href} → {response.status}")
    return refused


def test_chairman_approves_signs_the_bundle_and_the_district_sees_only_that(
    list_awaiting_approval, signing, live_server, page, login, shot, tmp_path
):
    campaign = list_awaiting_approval
    base = f"{live_server.url}/khen-thuong/{campaign.slug}"
    page.on("dialog", lambda dialog: dialog.accept())

    # The chairman approves the council's list.
    login("chutich")
    page.goto(f"{base}/phe-duyet/")
    passed = Nomination.objects.filter(campaign=campaign, status=NominationStatus.PASSED)
    assert page.locator("input[name=nominations]:checked").count() == passed.count() > 0
    shot("district-01-approval-list")
    page.click("button:has-text('Phê duyệt các đề nghị đã chọn')")
    page.wait_for_selector(".alert-success")
    assert ApprovalRound.objects.get(campaign=campaign).status == ApprovalStatus.APPROVED
    shot("district-02-approved")

    # The officer proposes the higher awards to the district.
    login("vanphong")
    for name in UPWARD:
        page.goto(f"{base}/de-nghi/")
        page.locator("tr", has_text=f"Tập thể {name}").locator("text=Xem").click()
        # Proposed in January 2023, when the district still received the commune's proposals.
        page.fill("#id_proposed_on", "12/01/2023")
        page.click("button:has-text('Gửi đề nghị lên cấp trên')")
        assert "Đã gửi đề nghị lên Phòng Nội vụ huyện Tân Biên." in page.content()
    proposed = Nomination.objects.filter(campaign=campaign, status=NominationStatus.PROPOSED)
    assert sorted(str(n.nominee) for n in proposed) == sorted(UPWARD)

    # The chairman approves and signs the bundle, then downloads it.
    login("chutich")
    page.goto(f"{live_server.url}/phong-trao/{campaign.slug}/van-ban/")
    bundle_card = page.locator("section.card", has_text="Hồ sơ đề nghị khen thưởng trình huyện")
    bundle_card.locator("button:has-text('Phê duyệt và ký số')").click()
    download_link = page.locator("section.card", has_text="Hồ sơ đề nghị khen thưởng trình huyện").locator(
        "a:has-text('Tải về ho-so-trinh-huyen.zip')"
    )
    download_link.wait_for(timeout=120_000)  # rendering every document and signing takes a while
    shot("district-03-bundle-signed")
    with page.expect_download() as info:
        download_link.click()
    archive = tmp_path / info.value.suggested_filename
    info.value.save_as(archive)
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        merged = bundle.read("ho-so-trinh-huyen.pdf")
    assert "manifest.json" in names and "to-trinh-de-nghi-khen-thuong.pdf" in names
    assert merged.startswith(b"%PDF")
    fields = PdfReader(io.BytesIO(merged)).get_fields() or {}
    assert any(field.get("/FT") == "/Sig" and field.get("/V") for field in fields.values())
    # pyHanko runs its own event loop: not in this thread, where Playwright's loop is running.
    with ThreadPoolExecutor(max_workers=1) as pool:
        report = pool.submit(verify_pdf, merged).result()
    assert report.ok, report.message
    assert "UBND xã Tân Bình (thử)" in report.signer

    # Phòng Nội vụ sees the bundle and what was proposed to it, and nothing else.
    login("noivu")
    menu = page.locator("#mainnav .navbar-nav").first.locator("a").all_inner_texts()
    assert [m.strip() for m in menu] == [
        "Việc cần làm",
        "Phong trào thi đua",
        "Hồ sơ các xã gửi",
        "So sánh các xã",
        "Khen thưởng",
        "Kiểm tra hồ sơ ký số",
    ]
    assert _links_all_open(page, live_server) == []
    shot("district-04-home")
    if page.locator(".navbar-toggler").is_visible():  # the menu collapses below 992 px
        page.click(".navbar-toggler")
    page.click("#mainnav >> text=Khen thưởng")
    page.wait_for_url(re.compile(r"/de-nghi/$"))
    rows = page.locator("table tbody tr").all_inner_texts()
    assert len(rows) == 2 and all(any(name in row for name in UPWARD) for row in rows)
    assert page.locator(".nav-tabs a").all_inner_texts() == ["Đề nghị khen thưởng"]
    assert _links_all_open(page, live_server) == []
    shot("district-05-nominations")
    page.goto(f"{live_server.url}/phong-trao/{campaign.slug}/van-ban/")
    titles = page.locator("section.card .card-header strong").all_inner_texts()
    assert "Quyết định khen thưởng" not in titles and "Giấy khen (từng tập thể, cá nhân)" not in titles
    bundle = GeneratedDocument.objects.get(campaign=campaign, kind="ho-so-trinh-huyen")
    assert bundle.status == DocumentStatus.DONE and bundle.sign
    district_bundle = page.locator(f"#van-ban-{bundle.pk}")
    assert district_bundle.locator("a:has-text('Tải về ho-so-trinh-huyen.zip')").is_visible()
    assert _links_all_open(page, live_server) == []
    district_bundle.locator("button:has-text('Xác nhận đã nhận')").click()
    assert "Đã ghi nhận Phòng Nội vụ đã nhận hồ sơ." in page.content()
    shot("district-06-documents")
    bundle.refresh_from_db()
    assert bundle.received_by.username == "noivu"

    assert page.console_errors == []

    # Every commune page answers 403 to the district.
    for path in (
        f"/khen-thuong/{campaign.slug}/phe-duyet/",
        f"/khen-thuong/{campaign.slug}/hoi-dong/",
        f"/khen-thuong/{campaign.slug}/cau-hinh/",
        f"/khen-thuong/{campaign.slug}/bao-cao-tong-ket/",
        f"/phong-trao/{campaign.slug}/dang-ky/",
        f"/phong-trao/{campaign.slug}/dang-ky-thi-dua/danh-sach/",
        "/chi-so/nhap-ho-so/",  # the dashboard itself the district reads (the comparison's drill-down)
        "/to-chuc/tap-the/",
        "/nhat-ky/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
    shot("district-07-forbidden")
