"""The council's papers as the district's reviewer reads them: the minutes say who decides what (issue 11)."""

from __future__ import annotations

import pytest

from documents.kinds.council_minutes import build_minutes
from documents.sources.awards import council_minutes_document
from tests.documents import pdfcheck
from tests.rewards.helpers import ensure_award_round


@pytest.mark.with_award_round
def test_the_minutes_send_the_communes_awards_to_the_chairman_and_propose_the_others_upward(campaign):
    """The award round's council passed two Giấy khen of the commune's chairman, a district Giấy khen and a
    provincial Bằng khen; the commune's chairman decides only the first two."""
    ensure_award_round(campaign)
    document = council_minutes_document(campaign)
    assert document.conclusions == [
        "Hội đồng thống nhất trình Chủ tịch Ủy ban nhân dân xã quyết định khen thưởng 2 tập thể đạt kết quả "
        "biểu quyết.",
        "Hội đồng thống nhất đề nghị Ủy ban nhân dân xã trình cấp trên khen thưởng 2 tập thể đạt kết quả biểu "
        "quyết (Giấy khen của Chủ tịch Ủy ban nhân dân huyện: 1 tập thể; Bằng khen của Chủ tịch Ủy ban nhân dân "
        "tỉnh: 1 tập thể).",
    ]
    text = pdfcheck.all_text(build_minutes(campaign)[0].content)
    quorum = "Có mặt 8/9 thành viên; yêu cầu tối thiểu 2/3 tổng số thành viên: đủ điều kiện tiến hành họp."
    # The quorum is stated with the attendance, before the business of the meeting, not after the votes.
    assert text.index(quorum) < text.index("Nội dung cuộc họp:") < text.index("Kết quả biểu quyết:")
    assert "xem xét, quyết định" not in text


@pytest.mark.with_award_round
def test_the_vote_count_states_the_rule_it_counted_against(campaign):
    from documents.kinds.vote_count import vote_count_document
    from rewards.models import AwardQuota

    ensure_award_round(campaign)
    conclusion = vote_count_document(campaign).conclusions[0]
    assert "ghi tại biên bản" not in conclusion
    rules = {q.threshold_text for q in AwardQuota.objects.filter(campaign=campaign)}
    assert rules and all(rule in conclusion for rule in rules)
    assert conclusion.startswith("Có ") and "(đạt khi số phiếu đồng ý " in conclusion and conclusion.endswith(").")


@pytest.mark.with_award_round
def test_the_council_papers_spell_out_abbreviations_in_running_text(campaign):
    """ "Hội trường UBND xã Tân Bình", "Chủ tịch UBND xã" came from what was entered; the body text of
    the set writes abbreviations in full (document symbols and the header's "UBND XÃ" aside)."""
    import re

    from documents.kinds.ballot_papers import ballot_paper_document
    from documents.kinds.vote_count import vote_count_document

    ensure_award_round(campaign)
    minutes = council_minutes_document(campaign)
    running = [minutes.place, minutes.chair, minutes.secretary, ballot_paper_document(campaign).meeting_line]
    running.append(vote_count_document(campaign).opening)
    # The secretary's discussion notes ("Chủ tịch Ủy ban MTTQ Việt Nam xã") and the award forms heading the
    # vote table and the ballot's groups ("Giấy khen của Chủ tịch UBND xã") are running text too.
    assert any("Mặt trận Tổ quốc" in line for line in minutes.discussion)
    running += [*minutes.discussion, *(v.award_form for v in minutes.votes)]
    running += [line.award_form for line in ballot_paper_document(campaign).lines]
    assert not [line for line in running if re.search(r"(?<![-/\w])(UBND|MTTQ)\b", line)], running
    assert "Ủy ban nhân dân xã" in minutes.place and "Chủ tịch Ủy ban nhân dân xã" in minutes.chair


@pytest.mark.with_award_round
def test_ballot_papers_carry_no_page_number(campaign):
    """One ballot per member present, handed out separately: a "2" or "8" in the top margin marks them apart."""
    from documents.kinds.ballot_papers import build_ballot_papers

    ensure_award_round(campaign)
    pdf = build_ballot_papers(campaign)[0].content
    pages = len(pdfcheck.reader(pdf).pages)
    assert pages >= 2
    assert all(not pdfcheck.page_number_runs(pdf, index) for index in range(pages))
