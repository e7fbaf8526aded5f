"""Plain data classes the print templates read (documents/templates/print/).

A selector in the owning app fills one of these from the database, materialised, and hands it to a
renderer in :mod:`documents.engine.render`. Templates never touch the ORM, so every document
can be rendered (and tested) from fixture data alone. Text fields hold user-facing Vietnamese in
NFC; numbers are already formatted strings where the format is the document's business
(``"96,5%"``), so templates do no arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tanbinh_portal.letterhead import parent_line

BREAK_BEFORE = ("XÃ ", "HUYỆN ", "TỈNH ", "PHƯỜNG ", "THỊ TRẤN ")
NBSP = "\u00a0"


def keep_place_name(line: str) -> str:
    """Join a header line's place name, the level word and the name after it, with non-breaking spaces.

    ``"ĐOÀN TNCS HỒ CHÍ MINH HUYỆN TÂN BIÊN"`` may wrap before "HUYỆN", never inside "HUYỆN TÂN BIÊN"
    (issue 11: no line breaks inside place names). The first level word found from the left starts the
    place name; everything after it belongs to that name.
    """
    padded = f" {line}"
    starts = [padded.find(" " + word) for word in BREAK_BEFORE if padded.find(" " + word) >= 0]
    if not starts:
        return line
    index = min(starts)  # in ``padded``; the place starts at ``index`` in ``line``
    return line[:index] + line[index:].replace(" ", NBSP)


def split_body_name(name: str) -> list[str]:
    """``"ỦY BAN NHÂN DÂN XÃ TÂN BÌNH"`` → ``["ỦY BAN NHÂN DÂN", "XÃ TÂN BÌNH"]`` (the usual header break)."""
    upper = name.strip()
    for word in BREAK_BEFORE:
        index = upper.find(" " + word)
        if index > 0:
            head, place = upper[:index], upper[index + 1 :]
            if len(head) > 24 and " – " in head:
                # "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" does not fit the header column: break after the dash.
                first, second = head.split(" – ", 1)
                return [f"{first} –", second, keep_place_name(place)]
            return [head, keep_place_name(place)]
    return [keep_place_name(upper)]


@dataclass(frozen=True)
class Header:
    """Ô 1–5 of NĐ 30: issuing body, number, place and date, document type and trích yếu.

    ``number`` is the full Số, ký hiệu (``"05/KH-UBND"``); empty prints ``"Số:      /KH-UBND"`` with
    ``symbol``. ``show_place_date`` is False for a biên bản (Mẫu 1.9 has no place-and-date line).
    """

    issuing_body: str
    doc_type: str
    summary: str = ""
    parent_body: str = ""
    number: str = ""
    symbol: str = ""
    place: str = ""
    date: dt.date | None = None
    show_place_date: bool = True
    show_number: bool = True  # False for a paper with no number of its own (a nominee's báo cáo thành tích)
    body_name: str = ""  # proper case for running text: "Ủy ban nhân dân xã Tân Bình"

    @property
    def issuing_body_lines(self) -> list[str]:
        return split_body_name(self.issuing_body.upper())

    @property
    def parent_line(self) -> str:
        """Ô 2's parent body, printed only above a body that has one (the council under "UBND XÃ TÂN BÌNH").

        The Ủy ban nhân dân of a commune is a state body in its own right: its papers carry no "UBND
        HUYỆN …" line (docs/decisions.md, "One header rule"), whatever the campaign's data says.
        """
        return keep_place_name(parent_line(self.issuing_body, self.parent_body))

    @property
    def number_display(self) -> str:
        if self.number:
            return self.number
        return f"\u2003\u2003/{self.symbol}" if self.symbol else "\u2003\u2003"


@dataclass(frozen=True)
class Signature:
    """Ô 7: ``authority`` lines such as ``["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]``, then the name."""

    authority: list[str]
    name: str
    note: str = ""  # e.g. "(Đã ký)" on a rendered copy


@dataclass(frozen=True)
class Paragraphs:
    """A heading (may be empty) and its paragraphs, for narrative sections."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)


# --- Kế hoạch -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanClause:
    """A numbered clause (khoản) with an optional bold title and its paragraphs."""

    number: int
    title: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PlanDocument:
    header: Header
    introduction: str
    purposes: list[str]
    period_text: str  # "Từ ngày 02/1/2022 đến hết ngày 31/12/2022"
    slogan: str
    extra_period_lines: list[str]
    contents: list[str]
    award_options: list[str]
    steps: list[PlanClause]
    closing: str
    recipients: list[str]
    signature: Signature


# --- Bản đăng ký giao ước thi đua -------------------------------------------------------------


@dataclass(frozen=True)
class PledgeDocument:
    """One registrant's signed registration (bản đăng ký giao ước thi đua), dated by its form."""

    header: Header
    introduction: str
    commitments: list[tuple[str, str]]  # (content of the plan, the registrant's own target)
    commitment_text: str
    signature: Signature
    recipients: list[str] = field(default_factory=list)
    # The pledge in the registrant's own voice: "Chúng tôi" for a collective, "Tôi" for a person.
    closing: str = "Chúng tôi cam kết thực hiện đầy đủ các nội dung đã đăng ký"


# --- Báo cáo tổng kết ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiRow:
    """One measured target: the indicator, its formula text, the target, the value and the verdict."""

    criterion: str  # "Nội dung 2"
    indicator: str
    target: str  # "≥ 95%"
    value: str  # "96,4%"
    met: bool | None  # None: no verdict possible (e.g. no baseline for "Nâng cao so với năm trước")
    formula: str = ""  # a note under the indicator, e.g. the trend within the year
    verdict: str = ""  # "Đạt" / "Không đạt" / why no verdict is possible
    missed: str = ""  # "Tháng chưa đạt – tháng 02/2022: 90,98%" / "Tất cả các tháng đều đạt"
    previous: str = ""  # the previous campaign over the same months ("96,8%"); "–" when it has no figure


@dataclass(frozen=True)
class Form06aRow:
    """Biểu II.06a columns 2–13 for one unit or field (TT 01/2020/TT-VPCP)."""

    label: str
    received_total: int
    received_online: int
    received_direct: int
    received_carried: int
    resolved_total: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    pending_total: int
    pending_in_time: int
    pending_late: int
    returned: int = 0  # trả lại, rút hồ sơ (the 07a variant's TongTraLai): 3 = 7 + 11 + 14

    @property
    def balances(self) -> bool:
        return (
            self.received_total == self.received_online + self.received_direct + self.received_carried
            and self.resolved_total == self.resolved_early + self.resolved_on_time + self.resolved_late
            and self.pending_total == self.pending_in_time + self.pending_late
            and self.received_total == self.resolved_total + self.pending_total + self.returned
        )


@dataclass(frozen=True)
class TrendSeries:
    """A monthly series for one indicator; ``values`` may hold None for a month without data."""

    title: str
    months: list[str]  # "01/2022" …
    values: list[float | None]
    target: float | None = None  # the dashed line: the plan's target, or the previous year's same months
    unit: str = "%"
    # What the dashed line is, as the chart and its caption say it: "chỉ tiêu" (a target the plan sets),
    # "cùng kỳ năm 2021" (an "increase" target judged against the previous campaign).
    target_label: str = "chỉ tiêu"


@dataclass(frozen=True)
class AwardLine:
    """An award proposed or decided: who, which form, and the state."""

    awardee: str
    kind: str  # "Tập thể" / "Cá nhân"
    award_form: str
    status: str  # "Đề nghị" / "Đã quyết định"


@dataclass(frozen=True)
class RegistrationLine:
    """One registration of the appendix list (bản đăng ký giao ước thi đua)."""

    number: int
    name: str
    kind: str  # "Tập thể" / "Cá nhân"
    position: str
    registered_on: str  # "10/01/2022"
    contents: str  # "Nội dung 1, 2, 5"


@dataclass(frozen=True)
class SummaryReportDocument:
    header: Header
    introduction: str
    organisation: list[str]  # what was done to organise the campaign
    registration_figures: list[tuple[str, str]]  # ("Tập thể đăng ký", "9/12")
    kpi_rows: list[KpiRow]
    assessed: list[tuple[str, str]]  # (criterion, assessment)
    form_06a_period: str
    form_06a_rows: list[Form06aRow]
    trends: list[TrendSeries]
    narrative: list[Paragraphs]  # officer's editable sections: ưu điểm, tác dụng, hạn chế, bài học
    awards: list[AwardLine]
    recipients: list[str]
    signature: Signature
    directions: list[Paragraphs] = field(default_factory=list)  # phương hướng, kiến nghị
    registrations: list[RegistrationLine] = field(default_factory=list)  # the appendix
    registrations_closing: str = ""  # "Danh sách có 11 tập thể và 29 cá nhân đăng ký thi đua", ending "./."
    previous_year: int | None = None  # the previous campaign's year: the "Cùng kỳ năm …" column
    comparison_note: str = ""  # without a previous campaign: the sentence saying there is nothing to compare


# --- Biên bản họp Hội đồng ----------------------------------------------------------------------


@dataclass(frozen=True)
class VoteRow:
    nominee: str
    award_form: str
    members_total: int
    votes_for: int
    votes_against: int
    percent_for: str  # "85,7%", of the base the council's rules choose
    passed: bool
    # Members present, and the rest of the count: for + against + invalid + not voting = present.
    present: int = 0
    invalid: int = 0
    not_voting: int = 0
    not_voting_names: tuple[str, ...] = ()  # known for online ballots only

    @property
    def returned(self) -> int:
        """Papers handed back (phiếu thu vào): one per member present whose paper was not kept back."""
        return self.votes_for + self.votes_against + self.invalid

    @property
    def valid(self) -> int:
        """Valid papers (phiếu hợp lệ): those that agree or disagree."""
        return self.votes_for + self.votes_against


@dataclass(frozen=True)
class CouncilMinutesDocument:
    header: Header  # show_place_date=False
    started_at: str  # "08 giờ 00, ngày 05 tháng 01 năm 2023"; no hour when the secretary entered none
    place: str
    chair: str
    secretary: str
    attendees: list[str]
    absent: list[str]
    agenda: list[str]
    vote_rule: str  # "bỏ phiếu kín; đạt khi ≥ 70% tổng số thành viên đồng ý"
    votes: list[VoteRow]
    conclusions: list[str]
    ended_at: str
    recipients: list[str]
    secretary_signature: Signature
    chair_signature: Signature
    discussion: list[str] = field(default_factory=list)  # one opinion a line, as the secretary wrote them
    quorum: str = ""  # "Có mặt 8/9 thành viên, đủ điều kiện tiến hành họp.", printed with the attendance


# --- Tờ trình, danh sách ------------------------------------------------------------------------


@dataclass(frozen=True)
class NomineeLine:
    """One row of the list attached to the tờ trình (and of the bundle's XLSX)."""

    number: int
    name: str
    kind: str  # "Tập thể" / "Cá nhân"
    position_unit: str
    achievement: str
    award_form: str


@dataclass(frozen=True)
class NomineeGroup:
    award_form: str
    nominees: list[NomineeLine]
    request: str = ""  # the tờ trình's sentence for this form: "Tặng … cho 1 tập thể …"


@dataclass(frozen=True)
class SubmissionDocument:
    header: Header
    addressees: list[str]  # ô 9a, "Kính gửi:"
    bases: list[str]
    body: list[str]
    groups: list[NomineeGroup]
    closing: str
    recipients: list[str]
    signature: Signature
    appendix_title: str = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG"
    appendix_closing: str = ""  # "Danh sách có 2 tập thể": the appendix's last line, ending "./." (NĐ 30 Mẫu 2.1)


# --- Báo cáo thành tích -------------------------------------------------------------------------


@dataclass(frozen=True)
class AchievementReportDocument:
    """Mẫu số 07 (NĐ 91/2017): report of achievements in a thematic emulation."""

    header: Header
    subject_name: str
    is_collective: bool
    profile: list[tuple[str, str]]  # ("Họ và tên", "…"), or the unit's situation for a collective
    duties: list[str]
    achievements: list[str]  # registration, the sentences stating the figures, then the officer's text
    figures: list[tuple[str, str, str, str]]  # (indicator, registered target, achieved, verdict)
    proposal: str  # the line under the title: "Thành tích thi đua theo chuyên đề: phong trào …"
    reporter_signature: Signature
    confirmer_signature: Signature | None = None
    initiatives: list[str] = field(default_factory=list)
    discipline: list[str] = field(default_factory=list)
    confirmation: str = ""  # the proposing level's confirmation text above its signature
    evidence_files: list[tuple[str, str, str, str]] = field(default_factory=list)  # (name, type, size, criterion)


# --- Quyết định khen thưởng, Giấy khen ----------------------------------------------------------


@dataclass(frozen=True)
class DecisionAwardee:
    number: int
    name: str
    position_unit: str
    achievement: str
    prize: str = ""  # "450.000" (đồng), from the decree in force on the decision's date


@dataclass(frozen=True)
class DecisionDocument:
    header: Header
    authority: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN BÌNH"
    bases: list[str]  # "Căn cứ …" (each ends ";" except the proposal line)
    proposal: str  # "Theo đề nghị của …"
    articles: list[str]  # "Điều 1." text after the number …
    awardees: list[DecisionAwardee]
    recipients: list[str]
    signature: Signature
    list_title: str = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
    decided_by: str = ""  # for the list's reference line: "Chủ tịch Ủy ban nhân dân xã Tân Bình"
    prize_total: str = ""  # "1.360.000"; empty: no prize money (then no prize list is printed)
    prize_total_words: str = ""  # "Một triệu ba trăm sáu mươi nghìn đồng"
    list_closing: str = ""  # "Danh sách có 2 tập thể": each list's last line, ending "./." (NĐ 30 Mẫu 2.1)
    preparer_name: str = ""  # the prize list's NGƯỜI LẬP BIỂU; empty: left for a handwritten name
    accountant_name: str = ""  # its KẾ TOÁN


@dataclass(frozen=True)
class CertificateDocument:
    issuing_body: str
    authority: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN BÌNH"
    awardee: str
    position_unit: str
    achievement: str
    decision_ref: str  # "Quyết định số 12/QĐ-UBND ngày 20/12/2022"
    place: str
    date: dt.date | None
    register_number: str
    signature: Signature

    @property
    def issuing_body_lines(self) -> list[str]:
        return split_body_name(self.issuing_body.upper())


# --- Phiếu bầu and biên bản kiểm phiếu (paper secret ballot) ------------------------------------


@dataclass(frozen=True)
class BallotPaperLine:
    number: int
    nominee: str
    award_form: str


@dataclass(frozen=True)
class BallotPaperDocument:
    """The paper handed to each member present: nominees with empty boxes, no name, no number."""

    header: Header  # issuing body only; the template prints no "Số:" line
    meeting_line: str  # "Cuộc họp ngày 05 tháng 01 năm 2023, tại Hội trường UBND xã Tân Bình"
    instructions: list[str]
    lines: list[BallotPaperLine]
    copies: int  # one paper per member present


@dataclass(frozen=True)
class VoteCountDocument:
    """Biên bản kiểm phiếu: the Ban kiểm phiếu the council elected, the papers handed out and handed back
    and, per nominee, the count (phát ra = thu vào + không thu về; thu vào = hợp lệ + không hợp lệ; hợp lệ =
    đồng ý + không đồng ý), signed by the Ban's head and members."""

    header: Header  # show_place_date=False, attached to the minutes (no number of its own)
    opening: str
    tellers: list[str]  # "Nguyễn Văn Tư, Chủ tịch Ủy ban MTTQ Việt Nam xã – Trưởng ban"
    count_line: str  # the secret vote, then the count before the council
    members_line: str  # "Tổng số thành viên Hội đồng: 9; có mặt: 8; vắng mặt: 1."
    papers_line: str  # "Số phiếu phát ra: 8; số phiếu thu vào: 8; …"
    votes: list[VoteRow]
    conclusions: list[str]
    head_signature: Signature  # TRƯỞNG BAN KIỂM PHIẾU
    member_signatures: list[Signature]  # THÀNH VIÊN


# --- The council's own papers: its establishment and the invitation to its meeting ------------------


@dataclass(frozen=True)
class CouncilDecisionDocument:
    """Quyết định thành lập Hội đồng Thi đua – Khen thưởng xã (NĐ 30, Mẫu 1.2: quyết định cá biệt)."""

    header: Header
    authority: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN BÌNH"
    bases: list[str]  # "Căn cứ …" in force on the signing date
    proposal: str  # "Xét đề nghị của …"
    establishes: str  # Điều 1's sentence before the members
    members: list[str]  # "Lê Văn Tài, Chủ tịch Ủy ban nhân dân xã – Chủ tịch Hội đồng"
    articles: list[str]  # Điều 2 onwards
    recipients: list[str]
    signature: Signature


@dataclass(frozen=True)
class InvitationDocument:
    """Giấy mời họp Hội đồng (NĐ 30, Mẫu 1.5: văn bản có tên loại), numbered from the council's series."""

    header: Header
    opening: str  # "Hội đồng … trân trọng kính mời:"
    invitees: list[str]
    purpose: str  # "Dự họp …"
    details: list[tuple[str, str]]  # ("Thời gian", "…"), ("Địa điểm", "…"), ("Nội dung", "…")
    closing: list[str]
    recipients: list[str]
    signature: Signature
