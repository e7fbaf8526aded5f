"""Phiếu bầu and biên bản kiểm phiếu of a paper secret ballot (issue 11, "Papers still missing").

Both come from the same data as the minutes: the latest paper-ballot meeting, its attendance and the
counts the secretary entered, so the papers handed out, the count record and the minutes agree."""

from __future__ import annotations

from campaigns.models import AwardLevel, Campaign
from rewards.documents.selectors import COUNCIL_BODY, _topic, _vote_rows, nominee_name
from rewards.models import AwardQuota, BallotMethod, CouncilMeeting
from tanbinh_portal.documents import DocumentFile, DocumentKind, register_document
from tanbinh_portal.documents.data import (
    BallotPaperDocument,
    BallotPaperLine,
    Header,
    Signature,
    VoteCountDocument,
)
from tanbinh_portal.pdf import render_pdf
from tanbinh_portal.roles import COUNCIL, MANAGERS

BALLOT_PAPER_CODE, VOTE_COUNT_CODE = "phieu-bau", "bien-ban-kiem-phieu"
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
    return f"Cuộc họp ngày {day.day:02d} tháng {day.month:02d} năm {day.year}, tại {meeting.place}"


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
            BallotPaperLine(number=i, nominee=nominee_name(b.nomination), award_form=b.nomination.award_form.name)
            for i, b in enumerate(ballots, start=1)
        ],
        copies=ballots[0].present if ballots else 0,
    )


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
            f"Có {passed} trong {len(votes)} tập thể, cá nhân được Hội đồng thông qua "
            "(ngưỡng và chỉ tiêu ghi tại biên bản họp Hội đồng).",
            "Kết quả kiểm phiếu được công bố tại cuộc họp và ghi vào biên bản họp Hội đồng.",
        ],
        counter_signature=Signature(authority=["NGƯỜI KIỂM PHIẾU"], name=meeting.secretary.full_name),
        chair_signature=Signature(authority=["CHỦ TỌA"], name=meeting.chair.full_name),
    )


def build_ballot_papers(campaign: Campaign, progress=None, sign: bool = False) -> list[DocumentFile]:
    document = ballot_paper_document(campaign)
    if document is None or not document.lines:
        return []
    content = render_pdf("print/phieu_bau.html", {"doc": document, "copies": range(document.copies)})
    if progress:
        progress(1, 1)
    return [DocumentFile("phieu-bau.pdf", f"Phiếu bầu ({document.copies} phiếu)", content)]


def build_vote_count(campaign: Campaign, progress=None, sign: bool = False) -> list[DocumentFile]:
    document = vote_count_document(campaign)
    if document is None:
        return []
    content = render_pdf("print/bien_ban_kiem_phieu.html", {"doc": document})
    if progress:
        progress(1, 1)
    return [DocumentFile("bien-ban-kiem-phieu.pdf", "Biên bản kiểm phiếu", content)]


def _has_paper_meeting(campaign: Campaign) -> bool:
    return latest_paper_meeting(campaign) is not None


def _has_paper_count(campaign: Campaign) -> bool:
    meeting = latest_paper_meeting(campaign)
    return meeting is not None and meeting.ballots.exists() and not meeting.ballots.filter(closed=False).exists()


def register_ballot_documents() -> None:
    council = (*MANAGERS, COUNCIL)
    for code, title, order, build, available in (
        (BALLOT_PAPER_CODE, "Phiếu bầu (bỏ phiếu kín trên giấy)", 31, build_ballot_papers, _has_paper_meeting),
        (VOTE_COUNT_CODE, "Biên bản kiểm phiếu", 32, build_vote_count, _has_paper_count),
    ):
        register_document(
            DocumentKind(
                code=code,
                title=title,
                order=order,
                build=build,
                view_roles=council,
                generate_roles=council,
                available=available,
            )
        )
