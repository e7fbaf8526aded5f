"""Each registration prints as the registrant's bản đăng ký giao ước thi đua, dated by its form."""

from __future__ import annotations

from campaigns.models import Registration
from documents.kinds import get_kind
from documents.kinds.pledges import build_pledges
from tests.documents import pdfcheck


def test_one_pledge_per_registration_with_its_commitments_date_and_signer(campaign):
    files = build_pledges(campaign)
    assert len(files) == Registration.objects.filter(campaign=campaign).count()
    assert all(f.path.startswith("dang-ky-thi-dua/") for f in files)
    unit = next(f for f in files if "hoi-lien-hiep-phu-nu" in f.path)
    text = pdfcheck.all_text(unit.content)
    assert "BẢN ĐĂNG KÝ GIAO ƯỚC THI ĐUA" in text and "tập thể Hội Liên hiệp Phụ nữ xã Tân Bình" in text
    assert text.startswith("HỘI LIÊN HIỆP PHỤ NỮ") and "Hưởng ứng phong trào thi đua thực hiện" in text
    assert "Kế hoạch số 05/KH-UBND ngày 05 tháng 01 năm 2022" in text and "Nội dung 2" in text and "≥ 95%" in text
    assert "Tân Bình, ngày 1" in text and "tháng 01 năm 2022" in text  # the form's date, not today's
    assert "THỦ TRƯỞNG ĐƠN VỊ" in text and "Phạm Thị Thanh" in text and "Số:" not in text


def test_the_pledges_kind_needs_a_registration(draft_campaign, campaign):
    kind = get_kind("dang-ky-thi-dua")
    assert kind.available(campaign) and not kind.available(draft_campaign) and kind.multi_file
