"""The biên bản kiểm phiếu of a paper secret ballot, once every paper ballot is counted
(renderer ``print/bien_ban_kiem_phieu.html``)."""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.data import Signature, VoteCountDocument, VoteRow
from documents.engine.pdf import render_pdf
from documents.kinds.ballot_papers import COUNCIL_READERS, _header, _meeting_line, latest_paper_meeting
from documents.kinds.base import DocumentKind, KindCode
from documents.sources.awards import _topic, _vote_rows, spell_out
from rewards.models import AwardQuota, BallotTeller

FILENAME = "bien-ban-kiem-phieu.pdf"


def _teller_line(teller: BallotTeller) -> str:
    member = teller.member
    role = "Trưởng ban" if teller.is_head else "Thành viên"
    position = spell_out(member.position)
    return f"{member.full_name}, {position} – {role}" if position else f"{member.full_name} – {role}"


def _papers_line(votes: list[VoteRow]) -> str:
    """The papers of the meeting: one handed out per member present; handed back, valid and invalid when
    every nomination counts the same papers, else the table gives them per nomination."""
    present = votes[0].present
    line = f"Số phiếu phát ra: {present} (mỗi thành viên có mặt một phiếu)"
    counts = {(v.returned, v.valid, v.invalid) for v in votes}
    if len(counts) == 1:
        returned, valid, invalid = counts.pop()
        return f"{line}; số phiếu thu vào: {returned}; số phiếu hợp lệ: {valid}; số phiếu không hợp lệ: {invalid}."
    return f"{line}; số phiếu thu vào, hợp lệ và không hợp lệ của từng tập thể, cá nhân ghi tại bảng dưới đây."


def vote_count_document(campaign: Campaign) -> VoteCountDocument | None:
    """Only once every ballot of the meeting is counted: a count record with blanks is no record."""
    meeting = latest_paper_meeting(campaign)
    if meeting is None or not meeting.ballots.exists() or meeting.ballots.filter(closed=False).exists():
        return None
    tellers = list(meeting.tellers.select_related("member"))
    if not tellers:  # a count entered before the Ban kiểm phiếu was recorded (issue 11): no record to sign
        return None
    quotas = {q.award_form_id: q for q in AwardQuota.objects.filter(campaign=campaign)}
    votes = _vote_rows(meeting, quotas)
    present = votes[0].present
    passed = sum(1 for v in votes if v.passed)
    head = next((t for t in tellers if t.is_head), tellers[0])
    return VoteCountDocument(
        header=_header(campaign, "BIÊN BẢN KIỂM PHIẾU", f"Biểu quyết xét khen thưởng {_topic(campaign)}"),
        opening=(
            f"{_meeting_line(meeting)}, Hội đồng bầu Ban kiểm phiếu gồm {len(tellers)} thành viên trong số các "
            "thành viên có mặt:"
        ),
        count_line="Sau khi các thành viên có mặt bỏ phiếu kín, Ban kiểm phiếu tiến hành kiểm phiếu trước Hội đồng.",
        tellers=[_teller_line(t) for t in tellers],
        members_line=(
            f"Tổng số thành viên Hội đồng: {meeting.members_total}; có mặt: {present}; "
            f"vắng mặt: {meeting.members_total - present}."
        ),
        papers_line=_papers_line(votes),
        votes=votes,
        conclusions=[
            # The rule in full: a count record the reviewer must read beside the minutes to understand is none.
            f"Có {passed} trong {len(votes)} tập thể, cá nhân được Hội đồng thông qua (đạt khi số phiếu đồng ý "
            + "; ".join(sorted({q.threshold_text for q in quotas.values()}))
            + ").",
            f"Kết quả kiểm phiếu được Trưởng Ban kiểm phiếu công bố tại cuộc họp; {meeting.secretary.full_name}, "
            "Thư ký Hội đồng, ghi vào biên bản họp Hội đồng.",
        ],
        head_signature=Signature(authority=["TRƯỞNG BAN KIỂM PHIẾU"], name=head.member.full_name),
        member_signatures=[
            Signature(authority=["THÀNH VIÊN"], name=t.member.full_name) for t in tellers if t.pk != head.pk
        ],
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
    return (
        meeting is not None
        and meeting.tellers.exists()
        and meeting.ballots.exists()
        and not meeting.ballots.filter(closed=False).exists()
    )


KIND = DocumentKind(
    code=KindCode.VOTE_COUNT,
    title="Biên bản kiểm phiếu",
    order=32,
    build=build_vote_count,
    view_roles=COUNCIL_READERS,
    generate_roles=COUNCIL_READERS,
    available=_has_paper_count,
)
