"""The biên bản kiểm phiếu of a paper secret ballot, once every paper ballot is counted
(renderer ``print/bien_ban_kiem_phieu.html``)."""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.data import Signature, VoteCountDocument
from documents.engine.pdf import render_pdf
from documents.kinds.ballot_papers import COUNCIL_READERS, _header, _meeting_line, latest_paper_meeting
from documents.kinds.base import DocumentKind, KindCode
from documents.sources.awards import _topic, _vote_rows
from rewards.models import AwardQuota

FILENAME = "bien-ban-kiem-phieu.pdf"


def vote_count_document(campaign: Campaign) -> VoteCountDocument | None:
    """Only once every ballot of the meeting is counted: a count record with blanks is no record."""
    meeting = latest_paper_meeting(campaign)
    if meeting is None or not meeting.ballots.exists() or meeting.ballots.filter(closed=False).exists():
        return None
    quotas = {q.award_form_id: q for q in AwardQuota.objects.filter(campaign=campaign)}
    votes = _vote_rows(meeting, quotas)
    present = votes[0].present
    passed = sum(1 for v in votes if v.passed)
    return VoteCountDocument(
        header=_header(campaign, "BIÊN BẢN KIỂM PHIẾU", f"Biểu quyết xét khen thưởng {_topic(campaign)}"),
        opening=(
            f"{_meeting_line(meeting)}, sau khi các thành viên có mặt bỏ phiếu kín, "
            f"{meeting.secretary.full_name}, Thư ký Hội đồng, tiến hành kiểm phiếu trước Hội đồng."
        ),
        members_line=(
            f"Tổng số thành viên Hội đồng: {meeting.members_total}; có mặt: {present}; số phiếu phát ra: {present}."
        ),
        votes=votes,
        conclusions=[
            # The rule in full: a count record the reviewer must read beside the minutes to understand is none.
            f"Có {passed} trong {len(votes)} tập thể, cá nhân được Hội đồng thông qua (đạt khi số phiếu đồng ý "
            + "; ".join(sorted({q.threshold_text for q in quotas.values()}))
            + ").",
            "Kết quả kiểm phiếu được công bố tại cuộc họp và ghi vào biên bản họp Hội đồng.",
        ],
        counter_signature=Signature(authority=["NGƯỜI KIỂM PHIẾU"], name=meeting.secretary.full_name),
        chair_signature=Signature(authority=["CHỦ TỌA"], name=meeting.chair.full_name),
    )


def build_vote_count(campaign: Campaign, progress=None, sign: bool = False) -> list[DocumentFile]:
    document = vote_count_document(campaign)
    if document is None:
        return []
    content = render_pdf("print/bien_ban_kiem_phieu.html", {"doc": document})
    if progress:
        progress(1, 1)
    return [DocumentFile(FILENAME, "Biên bản kiểm phiếu", content)]


def _has_paper_count(campaign: Campaign) -> bool:
    meeting = latest_paper_meeting(campaign)
    return meeting is not None and meeting.ballots.exists() and not meeting.ballots.filter(closed=False).exists()


KIND = DocumentKind(
    code=KindCode.VOTE_COUNT,
    title="Biên bản kiểm phiếu",
    order=32,
    build=build_vote_count,
    view_roles=COUNCIL_READERS,
    generate_roles=COUNCIL_READERS,
    available=_has_paper_count,
)
