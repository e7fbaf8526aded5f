"""The tờ trình to the district read by its reviewer: what it says it encloses is what the bundle holds."""

from __future__ import annotations

import pytest

from demo.documents import build_summary_report
from documents.kinds import bundle_kinds
from documents.kinds.submission import build_submission
from tests.documents import pdfcheck
from tests.rewards.helpers import ensure_award_round


@pytest.mark.with_award_round
def test_the_enclosures_name_who_is_proposed_and_every_paper_of_the_bundle(campaign, users):
    ensure_award_round(campaign)
    build_summary_report(campaign, users)
    text = pdfcheck.all_text(build_submission(campaign)[0].content)
    enclosed = text.split("Hồ sơ kèm theo gồm:", 1)[1].split(". ", 1)[0]
    # Only collectives are proposed upward in the award round: no "từng tập thể, cá nhân".
    assert "báo cáo thành tích của từng tập thể," in enclosed and "cá nhân" not in enclosed
    papers = {
        "bien-ban-hop-hoi-dong": "biên bản họp Hội đồng Thi đua – Khen thưởng xã",
        "bao-cao-thanh-tich": "báo cáo thành tích",
        "bao-cao-tong-ket": "báo cáo tổng kết phong trào",
        "ke-hoach": "kế hoạch phong trào thi đua",
    }
    for kind in bundle_kinds():
        if kind.code in papers:
            assert papers[kind.code] in enclosed, kind.code
    assert {k.code for k in bundle_kinds()} >= set(papers) and "danh sách đề nghị khen thưởng" in enclosed


@pytest.mark.with_award_round
def test_a_collectives_line_does_not_repeat_the_commune_its_name_holds(campaign):
    """ "Ấp Tân Đông, xã Tân Bình" above "Xã Tân Bình, huyện Tân Biên" named the commune twice (Giấy khen,
    the decision's and the tờ trình's lists)."""
    from documents.kinds.certificates import build_certificates
    from documents.sources.awards import decided_nominations, position_unit

    ensure_award_round(campaign)
    collectives = [n for n in decided_nominations(campaign) if n.unit_id]
    assert collectives and {position_unit(n) for n in collectives} == {"Huyện Tân Biên, tỉnh Tây Ninh"}
    certificate = next(f for f in build_certificates(campaign) if "ap-tan-dong" in f.path)
    text = pdfcheck.all_text(certificate.content)
    assert "Ấp Tân Đông, xã Tân Bình Huyện Tân Biên, tỉnh Tây Ninh" in text and text.count("xã Tân Bình") == 2


def test_after_the_two_level_reform_a_collective_has_no_district(campaign):
    import datetime as dt

    from documents.sources.awards import _above_commune

    assert _above_commune(campaign) == "Huyện Tân Biên, tỉnh Tây Ninh"
    campaign.start_date = dt.date(2026, 1, 2)  # not saved: the rule reads the campaign's start
    assert _above_commune(campaign) == "Tỉnh Tây Ninh"
