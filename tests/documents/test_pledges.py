"""Each registration prints as the registrant's bản đăng ký giao ước thi đua, dated by its form."""

from __future__ import annotations

import re

import pytest

from campaigns.models import Registration
from documents.kinds import get_kind
from documents.kinds.pledges import build_pledges
from tests.documents import pdfcheck

_PLEDGES: dict[str, list] = {}


@pytest.fixture
def demo_pledges(campaign) -> list:
    """``build_pledges`` of the demo campaign (one PDF per registration), rendered once per test process:
    the tests below only read the files, and the demo they are rendered from is the same for each."""
    if "files" not in _PLEDGES:
        _PLEDGES["files"] = build_pledges(campaign)
    return _PLEDGES["files"]


def test_one_pledge_per_registration_with_its_commitments_date_and_signer(campaign, demo_pledges):
    files = demo_pledges
    assert len(files) == Registration.objects.filter(campaign=campaign).count()
    assert all(f.path.startswith("dang-ky-thi-dua/") for f in files)
    unit = next(f for f in files if "hoi-lien-hiep-phu-nu" in f.path)
    text = pdfcheck.all_text(unit.content)
    assert "BẢN ĐĂNG KÝ GIAO ƯỚC THI ĐUA" in text and "tập thể Hội Liên hiệp Phụ nữ xã Tân Bình" in text
    assert text.startswith("HỘI LIÊN HIỆP PHỤ NỮ") and "Hưởng ứng phong trào thi đua thực hiện" in text
    assert "Kế hoạch số 05/KH-UBND ngày 05 tháng 01 năm 2022" in text and "Nội dung 2" in text and "≥ 95%" in text
    assert "Tân Bình, ngày 1" in text and "tháng 01 năm 2022" in text  # the form's date, not today's
    assert "TM. BAN CHẤP HÀNH CHỦ TỊCH" in text and "Phạm Thị Thanh" in text and "Số:" not in text
    assert "THỦ TRƯỞNG ĐƠN VỊ" not in text


def test_a_collective_signs_over_its_kind_and_its_heads_title(demo_pledges):
    """A mass organisation signs "TM. BAN CHẤP HÀNH" over BÍ THƯ (Đoàn) or CHỦ TỊCH (Hội), the UBND for its
    committee, an office over its head's title: never "THỦ TRƯỞNG ĐƠN VỊ" where the kind is known."""
    texts = {f.path: pdfcheck.all_text(f.content) for f in demo_pledges}

    def of(slug):
        return next(text for path, text in texts.items() if slug in path)

    assert "TM. BAN CHẤP HÀNH BÍ THƯ" in of("doan-thanh-nien")
    assert "TM. BAN CHẤP HÀNH CHỦ TỊCH" in of("hoi-cuu-chien-binh")
    assert "TM. BAN THƯỜNG TRỰC CHỦ TỊCH" in of("mat-tran-to-quoc")
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in of("uy-ban-nhan-dan")
    assert "TRƯỞNG BỘ PHẬN" in of("bo-phan-tiep-nhan")
    assert not any("THỦ TRƯỞNG ĐƠN VỊ" in text for text in texts.values())


def test_the_pledges_kind_needs_a_registration(draft_campaign, campaign):
    kind = get_kind("dang-ky-thi-dua")
    assert kind.available(campaign) and not kind.available(draft_campaign) and kind.multi_file


def test_a_content_with_two_targets_names_each_and_the_pledge_speaks_in_the_registrants_voice(demo_pledges):
    """Nội dung 7 sets two "nâng cao" targets: "Nâng cao …; Nâng cao …" said nothing; a form covering both
    voices ("Chúng tôi (tôi)") is no paper anyone signs."""
    files = {f.path: pdfcheck.all_text(f.content) for f in demo_pledges}
    unit = next(text for path, text in files.items() if "bo-phan-tiep-nhan" in path)
    person = next(text for path, text in files.items() if "vo-thi-lan" in path)
    for text in files.values():
        assert "(tôi)" not in text
        assert not re.search(r"(Nâng cao so với cùng kỳ năm trước); \1", text, re.IGNORECASE)
    assert "Tỷ lệ hồ sơ nộp trực tuyến: nâng cao so với cùng kỳ năm trước" in unit
    assert "Tỷ lệ hồ sơ qua dịch vụ bưu chính công ích: nâng cao so với cùng kỳ năm trước" in unit
    assert "Chúng tôi cam kết thực hiện đầy đủ các nội dung đã đăng ký./." in unit
    assert "tôi là Võ Thị Lan, Công chức Tư pháp – Hộ tịch, đăng ký giao ước thi đua" in person
    assert "Tôi cam kết thực hiện đầy đủ các nội dung đã đăng ký./." in person and "Chúng tôi" not in person


def test_the_registration_form_offers_each_named_target_of_a_content(campaign):
    from campaigns.models import Criterion

    content = Criterion.objects.get(campaign=campaign, order=7)
    assert content.default_target_text() == (
        "Tỷ lệ hồ sơ nộp trực tuyến: nâng cao so với cùng kỳ năm trước; "
        "Tỷ lệ hồ sơ qua dịch vụ bưu chính công ích: nâng cao so với cùng kỳ năm trước"
    )
    single = Criterion.objects.get(campaign=campaign, order=4)
    assert single.default_target_text() == "Nâng cao so với cùng kỳ năm trước"


def test_a_collectives_pledge_carries_its_parent_body_above_its_name(campaign):
    from documents.kinds.pledges import pledge_documents

    headers = {r.unit.name: d.header for r, d in pledge_documents(campaign) if r.unit_id}
    # A mass organisation under its own body one level up (2022: the district), a desk or hamlet under the UBND.
    assert headers["Hội Liên hiệp Phụ nữ xã"].parent_line == "HỘI LIÊN HIỆP PHỤ NỮ HUYỆN\u00a0TÂN\u00a0BIÊN"
    assert headers["Ấp Tân Đông"].parent_line == "UBND XÃ\u00a0TÂN\u00a0BÌNH"
    assert headers["Bộ phận Tiếp nhận và Trả kết quả"].parent_line == "UBND XÃ\u00a0TÂN\u00a0BÌNH"
    assert headers["Ủy ban nhân dân xã"].parent_line == ""  # the UBND is a state body: no line above it
    person = next(d for r, d in pledge_documents(campaign) if r.person_id)
    assert person.header.parent_line == ""
    text = pdfcheck.all_text(next(f for f in build_pledges(campaign) if "hoi-lien-hiep-phu-nu" in f.path).content)
    assert text.index("HUYỆN TÂN BIÊN") < text.index("XÃ TÂN BÌNH")


def test_a_header_line_wraps_before_the_place_name_never_inside_it(demo_pledges):
    """ "HỘI CỰU CHIẾN BINH HUYỆN / TÂN BIÊN" broke a place name: the line may wrap before "HUYỆN" only."""
    for slug in ("hoi-cuu-chien-binh", "doan-thanh-nien"):
        unit = next(f for f in demo_pledges if slug in f.path)
        lines = [line.strip() for line in pdfcheck.page_texts(unit.content)[0].splitlines()]
        assert any(line.endswith("HUYỆN TÂN BIÊN") for line in lines), lines[:6]
        assert not any(line.endswith(("HUYỆN", " XÃ")) or line.startswith(("TÂN BIÊN", "TÂN BÌNH")) for line in lines)


def test_a_pledge_prints_the_name_the_collective_bore_on_its_date(campaign, users):
    import datetime as dt

    from campaigns import services
    from campaigns.models import Unit
    from documents.kinds.pledges import pledge_documents

    desk = Unit.objects.get(commune=campaign.commune, name="Bộ phận Tiếp nhận và Trả kết quả")
    registration = Registration.objects.get(campaign=campaign, unit=desk)
    day = registration.registered_on
    services.unit_rename(
        actor=users["vanphong"], unit=desk, name="Trung tâm Phục vụ hành chính công xã", valid_from=day
    )
    names = {r.unit_id: d.header.issuing_body for r, d in pledge_documents(campaign) if r.unit_id}
    assert names[desk.pk] == "Trung tâm Phục vụ hành chính công xã Tân Bình"  # in force on the form's own day
    from documents.kinds.pledges import build_pledges

    paths = [f.path for f in build_pledges(campaign)]
    assert any(p.endswith("-trung-tam-phuc-vu-hanh-chinh-cong-xa.pdf") for p in paths), paths
    assert not any("bo-phan-tiep-nhan" in p for p in paths)  # the file is named as the pledge is headed
    desk.dated_names.update(valid_from=day + dt.timedelta(days=1))
    names = {r.unit_id: d.header.issuing_body for r, d in pledge_documents(campaign) if r.unit_id}
    assert names[desk.pk] == "Bộ phận Tiếp nhận và Trả kết quả xã Tân Bình"  # renamed the next day: not yet
