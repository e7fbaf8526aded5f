"""Phiếu bầu of a paper secret ballot (issue 11, "Papers still missing"; renderer ``print/phieu_bau.html``).

It comes from the same data as the minutes and the biên bản kiểm phiếu (:mod:`.vote_count`): the latest
paper-ballot meeting, its attendance and the counts the secretary entered, so the papers handed out,
the count record and the minutes agree."""

from __future__ import annotations

from campaigns.models import AwardLevel, Campaign
from documents.engine import DocumentFile
from documents.engine.data import (
    BallotPaperDocument,
    BallotPaperLine,
    Header,
)
from documents.engine.pdf import render_pdf
from documents.kinds.base import DocumentKind, KindCode
from documents.sources.awards import COUNCIL_BODY, _topic, award_text, nominee_name, spell_out
from rewards.models import BallotMethod, CouncilMeeting
from tanbinh_portal.roles import COUNCIL, MANAGERS

FILENAME = "phieu-bau.pdf"
COUNCIL_READERS = (*MANAGERS, COUNCIL)
INSTRUCTIONS = [
    "Đồng ý: đánh dấu “X” vào ô “Đồng ý”; không đồng ý: đánh dấu “X” vào ô “Không đồng ý”.",
    "Không đánh dấu ô nào đối với một tập thể, cá nhân: không biểu quyết đối với tập thể, cá nhân đó "
    "(được tính là không đồng ý).",
    "Đánh dấu cả hai ô, hoặc ghi thêm nội dung khác: phiếu không hợp lệ đối với tập thể, cá nhân đó.",
    "Phiếu không ghi tên người bỏ phiếu.",
]


def latest_paper_meeting(campaign: Campaign) -> CouncilMeeting | None:
    return (
        CouncilMeeting.objects.filter(campaign=campaign, method=BallotMethod.PAPER)
        .select_related("chair", "secretary", "campaign__commune")
        .order_by("-held_on", "-id")
        .first()
    )


def _ordered_ballots(meeting: CouncilMeeting) -> list:
    levels = list(AwardLevel.values)
    ballots = meeting.ballots.select_related("nomination__award_form", "nomination__unit", "nomination__person")
    return sorted(
        ballots, key=lambda b: (levels.index(b.nomination.award_form.level), b.nomination.award_form.code, b.pk)
    )


def _header(campaign: Campaign, doc_type: str, summary: str) -> Header:
    commune = campaign.commune.name
    return Header(
        issuing_body=f"{COUNCIL_BODY} {commune.upper()}",
        parent_body=f"UBND XÃ {commune.upper()}",
        doc_type=doc_type,
        summary=summary,
        show_place_date=False,
    )


def _meeting_line(meeting: CouncilMeeting) -> str:
    day = meeting.held_on
    return f"Cuộc họp ngày {day.day:02d} tháng {day.month:02d} năm {day.year}, tại {spell_out(meeting.place)}"


def ballot_paper_document(campaign: Campaign) -> BallotPaperDocument | None:
    meeting = latest_paper_meeting(campaign)
    if meeting is None:
        return None
    ballots = _ordered_ballots(meeting)
    return BallotPaperDocument(
        header=_header(campaign, "PHIẾU BẦU", f"Biểu quyết xét khen thưởng {_topic(campaign)}"),
        meeting_line=_meeting_line(meeting),
        instructions=INSTRUCTIONS,
        lines=[
            BallotPaperLine(
                number=i, nominee=nominee_name(b.nomination), award_form=award_text(b.nomination.award_form.name)
            )
            for i, b in enumerate(ballots, start=1)
        ],
        copies=ballots[0].present if ballots else 0,
    )


def build_ballot_papers(campaign: Campaign, progress=None, sign: bool = False) -> list[DocumentFile]:
    document = ballot_paper_document(campaign)
    if document is None or not document.lines:
        return []
    content = render_pdf("print/phieu_bau.html", {"doc": document, "copies": range(document.copies)})
    if progress:
        progress(1, 1)
    return [DocumentFile(FILENAME, f"Phiếu bầu ({document.copies} phiếu)", content)]


def _has_paper_meeting(campaign: Campaign) -> bool:
    return latest_paper_meeting(campaign) is not None


KIND = DocumentKind(
    code=KindCode.BALLOT_PAPERS,
    title="Phiếu bầu (bỏ phiếu kín trên giấy)",
    order=31,
    build=build_ballot_papers,
    view_roles=COUNCIL_READERS,
    generate_roles=COUNCIL_READERS,
    available=_has_paper_meeting,
)
