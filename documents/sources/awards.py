"""Selectors for the award documents: each gathers one document's data, materialised, into the data
classes of :mod:`documents.engine.data`. Templates do no queries and no arithmetic."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from campaigns.models import AwardLevel, Campaign, CriterionTarget, Person, Registration
from campaigns.reference_data import TWO_LEVEL_GOVERNMENT_FROM, basis_lines_on, prize_on
from documents.engine import BundleList
from documents.engine.data import (
    AchievementReportDocument,
    CertificateDocument,
    CouncilMinutesDocument,
    DecisionAwardee,
    DecisionDocument,
    Header,
    NomineeGroup,
    NomineeLine,
    Signature,
    SubmissionDocument,
    VoteRow,
)
from documents.kinds.base import KindCode
from documents.sources.evidence import evidence_lines
from documents.sources.signers import collective_parent_body, unit_signature
from kpi.dashboard import monthly_fields_shown
from kpi.indicators import is_rate, label_of
from kpi.models import IndicatorValue
from kpi.periods import CAMPAIGN
from rewards.models import (
    AwardQuota,
    CouncilMeeting,
    Decision,
    IssuedNumber,
    MeetingAttendance,
    MeetingStatus,
    Nomination,
    NominationStatus,
    ThresholdBase,
)
from rewards.selectors import not_voting_names
from rewards.voting import quorum_text
from rewards.wording import campaign_topic as _topic
from rewards.wording import decision_summary
from tanbinh_portal.formatting import format_number
from tanbinh_portal.periods import local_today
from tanbinh_portal.templatetags.portal import vn_date_line, vn_time
from tanbinh_portal.vn_numbers import amount_in_words

PROPOSED_UPWARD = (NominationStatus.PROPOSED, NominationStatus.AWARDED, NominationStatus.NOT_AWARDED)
COUNCIL_BODY = "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG XÃ"
NOMINATION_RELATED = ("award_form", "unit", "person", "person__unit", "decision")


NO_BASELINE = "Chưa có số liệu năm trước để so sánh"  # an "increase" target of a first campaign, set-wide


def superior_of(campaign: Campaign) -> str:
    """The level above the commune as the campaign's papers name it: “huyện Tân Biên” for a campaign begun
    before 01/07/2025 (its district), “tỉnh Tây Ninh” after (a commune formed in the reform has no district)."""
    commune = campaign.commune
    if commune.district_name and campaign.start_date < TWO_LEVEL_GOVERNMENT_FROM:
        return f"huyện {commune.district_name}"
    return f"tỉnh {commune.province_name}"


def rate_text(value) -> str:
    """A rate in running text and tables, always with two decimals ("46,10%" beside "96,81%", never
    "46,1%"): one decimal style for the set. The plan's own targets ("< 1,3%") keep the plan's wording."""
    return f"{format_number(value, 2, trim=False)}%"


def body_name(campaign: Campaign) -> str:
    """ "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH" → "Ủy ban nhân dân xã Tân Bình" (for running text)."""
    return f"Ủy ban nhân dân xã {campaign.commune.name}"


def chairman_signature(campaign: Campaign, *, on_behalf: bool = True) -> Signature:
    authority = [campaign.signatory_authority, campaign.signatory_position] if on_behalf else ["CHỦ TỊCH"]
    return Signature(authority=[line for line in authority if line], name=campaign.signatory_name)


def full_unit_name(unit, commune_name: str, on: dt.date | None = None) -> str:
    """A unit's name in full, with its commune: "Hội Liên hiệp Phụ nữ xã" → "Hội Liên hiệp Phụ nữ xã Tân Bình";
    ``on``: the paper's date, for the name in force that day (``Unit.name_on``)."""
    name = (unit.name_on(on) if on else unit.name).strip()
    if name.endswith(" xã"):
        return f"{name} {commune_name}"
    if commune_name in name:
        return name
    if unit.unit_type == "hamlet":
        return f"{name}, xã {commune_name}"
    return f"{name} xã {commune_name}"


def nominee_name(nomination: Nomination) -> str:
    """Individuals by their name only (no "Ông/Bà"); collectives by their full name as it was at the end of
    the campaign the award is for (a collective renamed later is awarded for what it did under that name)."""
    if nomination.unit_id:
        campaign = nomination.campaign
        return full_unit_name(nomination.unit, campaign.commune.name, on=campaign.end_date)
    return nomination.person.full_name


def addressed_name(nomination: Nomination) -> str:
    """The awardee as a Giấy khen addresses them: "Bà Võ Thị Lan", "Ông Huỳnh Văn Sang" (by the person's sex),
    a collective by its full name; lists and tables keep the bare name (:func:`nominee_name`)."""
    name = nominee_name(nomination)
    if nomination.unit_id:
        return name
    title = {"male": "Ông", "female": "Bà"}.get(nomination.person.sex, "")
    return f"{title} {name}" if title else name


def _above_commune(campaign: Campaign) -> str:
    """Where a collective of the commune sits, beyond the commune its full name already holds ("Ấp Tân
    Đông, xã Tân Bình"): "Huyện Tân Biên, tỉnh Tây Ninh"; no district once the two-level government
    began (1 July 2025), for a campaign that starts then or later."""
    commune = campaign.commune
    parts = []
    if commune.district_name and campaign.start_date < TWO_LEVEL_GOVERNMENT_FROM:
        parts.append(f"huyện {commune.district_name}")
    if commune.province_name:
        parts.append(f"tỉnh {commune.province_name}")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def position_unit(nomination: Nomination) -> str:
    commune = nomination.campaign.commune.name
    if nomination.unit_id:
        return _above_commune(nomination.campaign)
    person = nomination.person
    day = nomination.campaign.end_date  # the name the unit bore for the year the award is for (nominee_name)
    unit = full_unit_name(person.unit, commune, on=day)
    position = person.position.strip()
    if person.unit.name_on(day) in position:  # "Công chức Tư pháp – Hộ tịch" of the unit "Tư pháp – Hộ tịch"
        return f"{position} xã {commune}" if commune not in position else position
    return f"{position}, {unit}"


def achievement_line(campaign: Campaign) -> str:
    return f"Đã có thành tích xuất sắc trong {_topic(campaign)}"


def latest_closed_meeting(campaign: Campaign) -> CouncilMeeting | None:
    return (
        CouncilMeeting.objects.filter(campaign=campaign, status=MeetingStatus.CLOSED)
        .select_related("chair", "secretary", "campaign__commune")
        .order_by("-held_on", "-id")
        .first()
    )


def proposed_nominations(campaign: Campaign) -> list[Nomination]:
    return list(
        Nomination.objects.filter(campaign=campaign, status__in=PROPOSED_UPWARD)
        .select_related(*NOMINATION_RELATED, "campaign__commune")
        .order_by("award_form__valid_from", "award_form__code", "id")
    )


def decided_nominations(campaign: Campaign) -> list[Nomination]:
    return list(
        Nomination.objects.filter(campaign=campaign, status=NominationStatus.DECIDED)
        .select_related(*NOMINATION_RELATED, "campaign__commune")
        .order_by("decision_id", "id")
    )


# --- Biên bản họp Hội đồng ----------------------------------------------------------------------


def _time_text(day: dt.date, time: dt.time | None) -> str:
    """ "08 giờ 00 phút, ngày 05 tháng 01 năm 2023"; only the day when the secretary entered no time."""
    date_text = vn_date_line(day)
    return f"{vn_time(time)}, {date_text}" if time else date_text


def _vote_rows(meeting: CouncilMeeting, quotas: dict) -> list[VoteRow]:
    names = not_voting_names(meeting)
    levels = list(AwardLevel.values)  # xã, huyện, tỉnh: rows grouped by award form in that order
    ballots = sorted(
        meeting.ballots.select_related(*(f"nomination__{r}" for r in NOMINATION_RELATED)),
        key=lambda b: (levels.index(b.nomination.award_form.level), b.nomination.award_form.code, b.pk),
    )
    rows = []
    for ballot in ballots:
        nomination = ballot.nomination
        quota = quotas.get(nomination.award_form_id)
        base = ballot.present if quota and quota.threshold_base == ThresholdBase.PRESENT else meeting.members_total
        rows.append(
            VoteRow(
                nominee=nominee_name(nomination),
                award_form=award_text(nomination.award_form.name),
                members_total=base,
                votes_for=ballot.agree,
                votes_against=ballot.disagree,
                percent_for=rate_text(Decimal(ballot.agree) * 100 / base) if base else "",
                passed=bool(ballot.passed),
                present=ballot.present,
                invalid=ballot.invalid,
                not_voting=ballot.not_voting,
                not_voting_names=tuple(names.get(ballot.pk, ())),
            )
        )
    return rows


def _quorum(meeting: CouncilMeeting, present: int) -> str:
    """The quorum as the meeting page states it (rewards.voting), printed with the attendance."""
    return quorum_text(
        present=present,
        total=meeting.members_total,
        numerator=meeting.quorum_numerator,
        denominator=meeting.quorum_denominator,
    )


def _conclusions(meeting: CouncilMeeting, present: int, passed: list[Nomination]) -> list[str]:
    """What the council concluded, by who decides: the commune's own awards go to the chairman for his
    decision; the district's and the province's are proposed upward through the commune's tờ trình."""
    if not passed:
        return ["Không có tập thể, cá nhân nào đạt kết quả biểu quyết."]
    commune = [n for n in passed if n.award_form.level == AwardLevel.COMMUNE]
    upward = sorted(
        (n for n in passed if n.award_form.level != AwardLevel.COMMUNE),
        key=lambda n: AwardLevel.values.index(n.award_form.level),
    )
    lines = []
    if commune:
        lines.append(
            f"Hội đồng thống nhất trình Chủ tịch Ủy ban nhân dân xã quyết định khen thưởng {count_text(commune)} "
            "đạt kết quả biểu quyết."
        )
    if upward:
        forms: dict[str, list[Nomination]] = {}
        for nomination in upward:
            forms.setdefault(award_text(nomination.award_form.name), []).append(nomination)
        detail = "; ".join(f"{form}: {count_text(group)}" for form, group in forms.items())
        lines.append(
            f"Hội đồng thống nhất đề nghị Ủy ban nhân dân xã trình cấp trên khen thưởng {count_text(upward)} "
            f"đạt kết quả biểu quyết ({detail})."
        )
    return lines


def _absent_line(attendance: MeetingAttendance) -> str:
    line = f"{attendance.member.full_name} – {attendance.member.get_role_display()}"
    opinion = attendance.written_opinion.rstrip().rstrip(";.:").rstrip()  # the list adds its own stop
    return line + (f" (có ý kiến bằng văn bản: {opinion})" if opinion else "")


def council_minutes_document(campaign: Campaign) -> CouncilMinutesDocument | None:
    """The minutes of the latest closed council meeting (numbered from the council's own series).

    Times and discussion are what the secretary entered; the votes of each nomination add up to the
    members present (for, against, invalid, not voting)."""
    meeting = latest_closed_meeting(campaign)
    if meeting is None:
        return None
    attendance = list(meeting.attendance.select_related("member").order_by("member_id"))
    quotas = {q.award_form_id: q for q in AwardQuota.objects.filter(campaign=campaign)}
    present = sum(1 for a in attendance if a.present)
    ballots = meeting.ballots.filter(passed=True).select_related("nomination__award_form").order_by("id")
    passed = [b.nomination for b in ballots]
    rules = sorted({q.threshold_text for q in quotas.values()})
    commune = campaign.commune.name
    return CouncilMinutesDocument(
        header=Header(
            issuing_body=f"{COUNCIL_BODY} {commune.upper()}",
            parent_body=f"UBND XÃ {commune.upper()}",
            number=meeting.minutes_reference,
            symbol="BB-HĐTĐKT",
            doc_type="BIÊN BẢN",
            summary=f"Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng {_topic(campaign)}",
            show_place_date=False,
        ),
        started_at=_time_text(meeting.held_on, meeting.started_at),
        # Running text from what was entered: abbreviations written in full ("Hội trường UBND xã" →
        # "Hội trường Ủy ban nhân dân xã"), as everywhere else in the set's body text.
        place=spell_out(meeting.place),
        chair=spell_out(f"{meeting.chair.full_name}, {meeting.chair.position}, Chủ tịch Hội đồng"),
        secretary=spell_out(f"{meeting.secretary.full_name}, {meeting.secretary.position}"),
        attendees=[f"{a.member.full_name} – {a.member.get_role_display()}" for a in attendance if a.present],
        absent=[_absent_line(a) for a in attendance if not a.present],
        agenda=[f"Xét đề nghị khen thưởng {_topic(campaign)}."],
        vote_rule=(
            f"{meeting.get_method_display().lower()}; đạt khi số phiếu đồng ý "
            + "; ".join(rules)
            + "; thành viên có mặt không biểu quyết được tính là không đồng ý"
        ),
        votes=_vote_rows(meeting, quotas),
        conclusions=_conclusions(meeting, present, passed),
        quorum=_quorum(meeting, present),
        ended_at=f"{vn_time(meeting.ended_at)} cùng ngày" if meeting.ended_at else "",
        recipients=["Thành viên Hội đồng", "Lưu: VT, Hồ sơ TĐKT"],
        secretary_signature=Signature(authority=["THƯ KÝ"], name=meeting.secretary.full_name),
        chair_signature=Signature(authority=["CHỦ TỌA"], name=meeting.chair.full_name),
        # The secretary's notes as written, abbreviations spelled out ("Ủy ban MTTQ Việt Nam xã").
        discussion=[spell_out(line.strip()) for line in meeting.discussion.splitlines() if line.strip()],
    )


# --- Tờ trình and its list ------------------------------------------------------------------------


def nominee_lines(nominations: list[Nomination]) -> list[NomineeLine]:
    return [
        NomineeLine(
            number=i,
            name=nominee_name(n),
            kind="Tập thể" if n.unit_id else "Cá nhân",
            position_unit=position_unit(n),
            achievement=achievement_summary(n),
            award_form=award_text(n.award_form.name),
        )
        for i, n in enumerate(nominations, start=1)
    ]


def _group_request(campaign: Campaign, level: str, form: str, nominations: list[Nomination]) -> str:
    """What the tờ trình asks for one award form: the district awards its own Giấy khen; a provincial
    Bằng khen is forwarded by the district to the province, never awarded by it."""
    who = f"cho {count_text(nominations)} đã có thành tích xuất sắc trong {_topic(campaign)}"
    if level == AwardLevel.PROVINCE:
        return (
            f"Xem xét, trình Chủ tịch Ủy ban nhân dân tỉnh {campaign.commune.province_name} tặng {form} {who} "
            "(danh sách kèm theo)."
        )
    return f"Tặng {form} {who} (danh sách kèm theo)."


def _each(nominations: list[Nomination]) -> str:
    """ "tập thể", "cá nhân" or "tập thể, cá nhân": who the nominations are."""
    kinds = [word for word, present in (("tập thể", any(n.unit_id for n in nominations)),
                                        ("cá nhân", any(not n.unit_id for n in nominations))) if present]  # fmt: skip
    return ", ".join(kinds)


def list_title(nominations: list[Nomination], outcome: str) -> str:
    """ "DANH SÁCH TẬP THỂ ĐỀ NGHỊ KHEN THƯỞNG": the list names only who is on it."""
    return f"DANH SÁCH {_each(nominations).upper()} {outcome}"


def submission_document(campaign: Campaign, number: IssuedNumber | None) -> SubmissionDocument | None:
    """The tờ trình to the district with the list of nominees per award form as its appendix."""
    nominations = proposed_nominations(campaign)
    if not nominations:
        return None
    lines = nominee_lines(nominations)
    by_form: dict[str, list[tuple[Nomination, NomineeLine]]] = {}
    for nomination, line in zip(nominations, lines, strict=True):
        by_form.setdefault(line.award_form, []).append((nomination, line))
    receivers = sorted({n.award_form.receiving_body for n in nominations if n.award_form.receiving_body})
    meeting = latest_closed_meeting(campaign)
    day = number.issued_on if number else None
    # A draft (not yet finalised, no number or date) cites what is in force today, the day it could be signed.
    bases = basis_lines_on(day or local_today(), "emulation")
    if campaign.document_number:
        bases.append(
            f"Căn cứ Kế hoạch số {campaign.document_number} {vn_date_line(campaign.document_date)} "
            f"của {body_name(campaign)} về {_topic(campaign)}"
        )
    if meeting is not None:
        bases.append(
            f"Căn cứ Biên bản số {meeting.minutes_reference} {vn_date_line(meeting.held_on)} họp Hội đồng "
            f"Thi đua – Khen thưởng xã {campaign.commune.name}"
        )
    superior = superior_of(campaign)
    groups = [
        NomineeGroup(
            award_form=form,
            nominees=[line for _n, line in items],
            request=_group_request(campaign, items[0][0].award_form.level, award_text(form), [n for n, _l in items]),
        )
        for form, items in by_form.items()
    ]
    return SubmissionDocument(
        header=Header(
            issuing_body=campaign.issuing_body,
            parent_body=campaign.parent_body,
            body_name=body_name(campaign),
            number=number.reference if number else "",
            symbol="TTr-UBND",
            place=campaign.place_name,
            date=day,
            doc_type="TỜ TRÌNH",
            summary=f"Về việc đề nghị khen thưởng {_topic(campaign)}",
        ),
        addressees=[f"Chủ tịch Ủy ban nhân dân {superior}", *receivers],
        bases=bases,
        body=[
            f"Thực hiện {_topic(campaign)}, sau khi Hội đồng Thi đua – Khen thưởng xã xét và biểu quyết, "
            f"{body_name(campaign)} kính trình Chủ tịch Ủy ban nhân dân {superior} xem xét:"
        ],
        groups=groups,
        closing=(
            # What the bundle holds, in its order; "của từng tập thể, cá nhân" only when both are proposed.
            "Hồ sơ kèm theo gồm: biên bản họp Hội đồng Thi đua – Khen thưởng xã, báo cáo thành tích của từng "
            f"{_each(nominations)}, báo cáo tổng kết phong trào, kế hoạch phong trào thi đua và danh sách đề nghị "
            f"khen thưởng. {body_name(campaign)} kính trình Chủ tịch Ủy ban nhân dân {superior} xem xét, "
            "quyết định."
        ),
        recipients=["Như trên", "Lưu: VT, VP"],
        signature=chairman_signature(campaign),
        appendix_title=list_title(nominations, "ĐỀ NGHỊ KHEN THƯỞNG"),
        appendix_closing=list_closing(nominations),
    )


def submission_list(campaign: Campaign) -> BundleList | None:
    """The bundle's list in the district clerk's form: who, sex, position, unit, award form and a summary
    of achievements from the nominee's own figures (the same sentences as their báo cáo thành tích)."""
    nominations = proposed_nominations(campaign)
    if not nominations:
        return None
    number = IssuedNumber.objects.filter(campaign=campaign, code=KindCode.SUBMISSION).first()
    reference = (
        f"(Kèm theo Tờ trình số {number.reference} {vn_date_line(number.issued_on)} của {body_name(campaign)})"
        if number
        else f"(Kèm theo Tờ trình của {body_name(campaign)})"
    )
    return BundleList(
        title="Danh sách đề nghị",
        columns=list(DISTRICT_LIST_COLUMNS),
        rows=[district_list_row(index, n) for index, n in enumerate(nominations, start=1)],
        title_rows=[campaign.issuing_body.upper(), list_title(nominations, "ĐỀ NGHỊ KHEN THƯỞNG"), reference],
        widths=[5, 26, 9, 8, 22, 28, 30, 60],
    )


DISTRICT_LIST_COLUMNS = (
    "TT",
    "Họ và tên, tên tập thể",
    "Giới tính",
    "Năm sinh",
    "Chức vụ",
    "Đơn vị",
    "Hình thức khen thưởng",
    "Tóm tắt thành tích",
)


def achievement_summary(nomination: Nomination) -> str:
    """The nominee's own "Tóm tắt thành tích", the same in the district list, the tờ trình's list and the
    decision's list: the sentences of their báo cáo thành tích that state their figures; a collective
    without figures of its own is summed up by what it did (the officer's text), not by the commune's
    rates; the general sentence only when neither exists."""
    _figures, sentences = achievement_results(nomination)
    own_text = " ".join(_paragraphs(nomination.achievements))
    if nomination.unit_id and not _own_results(nomination) and own_text:
        return own_text
    return " ".join(sentences) or own_text or achievement_line(nomination.campaign) + "."


def district_list_row(index: int, nomination: Nomination) -> list:
    """One row of the district clerk's list; a collective has no sex, year of birth or position, an individual whose
    year of birth is not recorded leaves the cell empty (the portal tells the officer, see
    :func:`missing_years_of_birth`)."""
    campaign = nomination.campaign
    summary = achievement_summary(nomination)
    if nomination.unit_id:
        row = [
            index,
            nominee_name(nomination),
            "",
            "",
            "",
            # A collective holds no position; the unit it belongs to is the commune (its own name is in column B).
            f"Xã {campaign.commune.name}",
        ]
    else:
        person = nomination.person
        unit = full_unit_name(person.unit, campaign.commune.name, on=campaign.end_date)
        row = [index, person.full_name, person.get_sex_display(), person.year_of_birth or "", person.position, unit]
    return [*row, award_text(nomination.award_form.name), summary]


def list_closing(nominations: list[Nomination], verb: str = "") -> str:
    """An appendix list's last line (it ends "./.", NĐ 30 Mẫu 2.1): "Danh sách có 2 tập thể và 1 cá nhân"."""
    return f"Danh sách có {count_text(nominations)}{verb}"


def missing_years_of_birth(campaign: Campaign) -> list[str]:
    """Individuals proposed upward whose year of birth the district list would leave empty."""
    return [n.person.full_name for n in proposed_nominations(campaign) if n.person_id and not n.person.year_of_birth]


# --- Báo cáo thành tích ------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


RATE_PARTS = {
    "on_time_rate": ("hồ sơ giải quyết đúng hạn và trước hạn", "hồ sơ đã giải quyết"),
    "dissatisfaction_rate": ("lượt không hài lòng do nhũng nhiễu, gây phiền hà", "lượt đánh giá"),
    "four_on_spot_rate": ("hồ sơ giải quyết “4 tại chỗ”", "hồ sơ tiếp nhận"),
    "online_rate": ("hồ sơ nộp trực tuyến", "hồ sơ tiếp nhận"),
    "postal_rate": ("hồ sơ qua dịch vụ bưu chính công ích", "hồ sơ tiếp nhận"),
}


def _evidence_label(item) -> str:
    """ "Tỷ lệ … – lĩnh vực Hộ tịch (cả đợt thi đua)" → "Tỷ lệ … – lĩnh vực Hộ tịch"."""
    return re.sub(r"(?: \((?:cả đợt thi đua|tháng \d{2}/\d{4}|campaign|\d{4}-\d{2})\))+$", "", item.label)


def _met(comparator: str, value: Decimal, target: Decimal) -> bool:
    return {"gte": value >= target, "gt": value > target, "lte": value <= target, "lt": value < target}[comparator]


@dataclass(frozen=True)
class _Result:
    """One measured figure a báo cáo thành tích states: its label, indicator and the stored parts."""

    label: str
    indicator: str
    value: Decimal
    numerator: object = None
    denominator: object = None


def _own_results(nomination: Nomination) -> list[_Result]:
    """The nominee's own frozen KPI evidence for the whole campaign (per-officer or per-unit scope)."""
    results = []
    for item in nomination.evidence.order_by("id"):
        data = item.data or {}
        if item.source != "kpi" or not item.value or data.get("period") not in (None, "campaign"):
            continue
        results.append(
            _Result(_evidence_label(item), data.get("indicator", ""), Decimal(item.value), data.get("numerator"),
                    data.get("denominator"))
        )  # fmt: skip
    return results


def _commune_results(campaign: Campaign, indicators: list[str]) -> list[_Result]:
    """The commune's campaign values of the plan's measured targets, for a collective without a scope of
    its own in the one-stop logs (an ấp, a mass organisation): the results it took part in."""
    labels = monthly_fields_shown(campaign)
    rows = {
        row.indicator: row
        for row in IndicatorValue.objects.filter(
            campaign=campaign, scope="commune", scope_key="", period=CAMPAIGN, indicator__in=indicators
        )
        if row.value is not None
    }
    return [
        _Result(f"{label_of(code, labels)} – toàn xã", code, rows[code].value, rows[code].numerator,
                rows[code].denominator)
        for code in indicators
        if code in rows
    ]  # fmt: skip


def achievement_results(nomination: Nomination) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """The nominee's results against the plan's targets and their registration's commitments: table rows
    (indicator, registered, achieved, verdict) and the sentences that state the same numbers.

    The figures are the nominee's own frozen evidence. A collective that has none (no scope of its own in
    the one-stop logs) is given the commune's results for the measured targets it committed to, each
    labelled "toàn xã" and introduced as the results it took part in."""
    target_rows = list(
        CriterionTarget.objects.filter(criterion__campaign=nomination.campaign)
        .select_related("criterion")
        .order_by("criterion__order", "id")
    )
    targets = {t.indicator: t for t in target_rows}
    evidence = list(nomination.evidence.order_by("id"))
    commitments = {
        (item.data or {}).get("criterion"): (item.data or {}).get("target", "")
        for item in evidence
        if item.source == "commitment"
    }
    results = _own_results(nomination)
    sentences = []
    if not results and nomination.unit_id and commitments:
        committed = [t.indicator for t in target_rows if t.criterion.order in commitments]
        results = _commune_results(nomination.campaign, list(dict.fromkeys(committed)))
        if results:
            sentences.append(
                "Các chỉ tiêu đo bằng số liệu mà tập thể đã đăng ký là chỉ tiêu chung của xã; tập thể tham gia "
                "thực hiện, kết quả của toàn xã như sau:"
            )
    rows = []
    for result in results:
        indicator, value = result.indicator, result.value
        label = result.label
        achieved = rate_text(value) if is_rate(indicator) else format_number(value)
        target = targets.get(indicator)
        registered = ""
        verdict = ""
        if target is not None:
            committed = target.criterion.order in commitments
            registered = target.display if committed else f"{target.display} (chỉ tiêu kế hoạch)"
            if target.comparator == "increase":
                verdict = NO_BASELINE
            else:
                verdict = "Đạt" if _met(target.comparator, value, target.target) else "Không đạt"
        rows.append((label, registered, achieved, verdict))
        parts = RATE_PARTS.get(indicator)
        if parts and result.denominator:
            numerator = result.numerator or 0
            sentence = (
                f"{label}: {achieved} ({format_number(numerator)} {parts[0]} trên "
                f"{format_number(result.denominator)} {parts[1]})"
            )
        else:
            sentence = f"{label}: {achieved}"
        if verdict in ("Đạt", "Không đạt"):
            sentence += f", {'đạt' if verdict == 'Đạt' else 'chưa đạt'} chỉ tiêu {target.display}"
        if parts or verdict in ("Đạt", "Không đạt"):
            sentences.append(sentence + ".")
    return rows, sentences


def _registration_sentence(nomination: Nomination) -> str:
    lookup = {"unit_id": nomination.unit_id} if nomination.unit_id else {"person_id": nomination.person_id}
    registration = Registration.objects.filter(campaign=nomination.campaign, **lookup).first()
    if registration is None:
        return ""
    data = {"text": registration.commitment_text}
    day = registration.registered_on
    text = f"Đăng ký thi đua {vn_date_line(day)}" if day else "Đã đăng ký thi đua"
    commitments = sorted((i.data or {}).get("criterion") for i in nomination.evidence.all() if i.source == "commitment")
    if commitments:
        text += ", cam kết thực hiện các nội dung " + ", ".join(str(c) for c in commitments) + " của kế hoạch"
    return text + "." + (f" {data['text'].rstrip('.')}." if data.get("text") else "")


def _person_profile(nomination: Nomination) -> list[tuple[str, str]]:
    person = nomination.person
    campaign = nomination.campaign
    unit = full_unit_name(person.unit, campaign.commune.name, on=campaign.end_date)
    above = _above_commune(campaign)  # no "huyện" once the two-level government began (1 July 2025)
    return [
        ("Họ và tên", person.full_name),
        ("Giới tính", person.get_sex_display()),
        *([("Năm sinh", str(person.year_of_birth))] if person.year_of_birth else []),
        ("Chức vụ", person.position),
        ("Đơn vị công tác", f"{unit}, {above[:1].lower()}{above[1:]}" if above else unit),
    ]


def _unit_profile(nomination: Nomination) -> list[tuple[str, str]]:
    """The collective's particulars: its name, head and its own headcount (``Unit.member_count``, as the
    officer entered it; the staff the portal happens to record is not the collective's size)."""
    unit = nomination.unit
    campaign = nomination.campaign
    profile = [("Tên tập thể", full_unit_name(unit, campaign.commune.name, on=campaign.end_date))]
    if unit.head_id:
        profile.append(("Người đứng đầu", f"{unit.head.full_name}, {unit.head.position}"))
    if unit.member_count:
        profile.append(("Tổng số thành viên", f"{format_number(unit.member_count)} người"))
    return profile


def missing_member_counts(campaign: Campaign) -> list[str]:
    """Collectives proposed upward whose báo cáo thành tích would state no member count."""
    return [nominee_name(n) for n in proposed_nominations(campaign) if n.unit_id and not n.unit.member_count]


def achievement_report_document(nomination: Nomination) -> AchievementReportDocument:
    """Mẫu số 07 (NĐ 91/2017, thi đua theo chuyên đề): particulars, duties, achievements from the nominee's
    own evidence against their commitments, the reporter's signature and the proposing level's confirmation."""
    campaign = nomination.campaign
    name = nominee_name(nomination)
    form = award_text(nomination.award_form.name)
    if nomination.unit_id:
        reporter = unit_signature(nomination.unit, nomination.unit.name_on(campaign.end_date))
        subject = name
    else:
        reporter = Signature(authority=["NGƯỜI BÁO CÁO THÀNH TÍCH"], name=nomination.person.full_name)
        subject = f"{name}, {position_unit(nomination)}"
    figures, sentences = achievement_results(nomination)
    registration = _registration_sentence(nomination)
    achievements = [
        *([registration] if registration else []),
        *sentences,
        *_paragraphs(nomination.achievements),
    ]
    issuing_body, parent_body = campaign.issuing_body, ""
    if nomination.unit_id:
        # A collective's report is its own paper (Mẫu 07): headed by the collective under its parent body,
        # confirmed below by the proposing level (the UBND xã).
        day = nomination.submitted_on or campaign.end_date
        issuing_body = full_unit_name(nomination.unit, campaign.commune.name, on=day)
        parent_body = collective_parent_body(nomination.unit, campaign, day)
    return AchievementReportDocument(
        header=Header(
            issuing_body=issuing_body,
            parent_body=parent_body,
            doc_type="BÁO CÁO THÀNH TÍCH",
            summary=f"Đề nghị tặng {form}",
            place=campaign.place_name,
            date=nomination.submitted_on,
            show_number=False,
        ),
        subject_name=subject,
        is_collective=bool(nomination.unit_id),
        profile=_unit_profile(nomination) if nomination.unit_id else _person_profile(nomination),
        duties=_paragraphs(nomination.profile),
        achievements=achievements,
        figures=figures,
        proposal=f"Thành tích thi đua theo chuyên đề: {_topic(campaign)}",
        reporter_signature=reporter,
        confirmer_signature=Signature(
            authority=["XÁC NHẬN, ĐỀ NGHỊ CỦA", campaign.issuing_body.upper(), "CHỦ TỊCH"],
            name=campaign.signatory_name,
        ),
        initiatives=_paragraphs(nomination.initiatives),
        discipline=_paragraphs(nomination.discipline),
        confirmation=(nomination.confirmation or "").strip(),
        evidence_files=evidence_lines(nomination),
    )


def achievement_reports(campaign: Campaign) -> list[tuple[Nomination, AchievementReportDocument]]:
    return [(n, achievement_report_document(n)) for n in proposed_nominations(campaign)]


# --- Quyết định khen thưởng, Giấy khen ---------------------------------------------------------------


def latest_decision(campaign: Campaign) -> Decision | None:
    return (
        Decision.objects.filter(campaign=campaign)
        .select_related("campaign__commune")
        .order_by("-issued_on", "-id")
        .first()
    )


def count_text(nominations: list[Nomination]) -> str:
    """ "2 tập thể và 2 cá nhân", "1 tập thể", "1 cá nhân": never "1 tập thể, cá nhân"."""
    units = sum(1 for n in nominations if n.unit_id)
    people = len(nominations) - units
    parts = [f"{units} tập thể" if units else "", f"{people} cá nhân" if people else ""]
    return " và ".join(p for p in parts if p)


ABBREVIATIONS = [
    (re.compile(r"(?<![-/\w])(?:HĐ|Hội đồng) TĐKT\b"), "Hội đồng Thi đua – Khen thưởng"),
    (re.compile(r"(?<![-/\w])TN&TKQ\b"), "Tiếp nhận và Trả kết quả"),
    (re.compile(r"(?<![-/\w])UBND\b"), "Ủy ban nhân dân"),
    (re.compile(r"(?<![-/\w])CCHC\b"), "cải cách hành chính"),
    (re.compile(r"(?<![-/\w])TTHC\b"), "thủ tục hành chính"),
    (re.compile(r"(?<![-/\w])MTTQ\b"), "Mặt trận Tổ quốc"),
]


def spell_out(text: str) -> str:
    """Running text quoted from data (the plan's steps) with its abbreviations written in full; document
    symbols such as "05/KH-UBND" are left alone."""
    for pattern, full in ABBREVIATIONS:
        text = pattern.sub(full, text)
    return text


def award_text(name: str) -> str:
    """An award form's name for running text, its abbreviation spelled out: "Giấy khen của Chủ tịch Ủy ban
    nhân dân xã" (the reference data keeps the short "UBND" for screens)."""
    return name.replace("UBND", "Ủy ban nhân dân")


def money(amount: int) -> str:
    return format_number(amount, 0)


def prize_of(nomination: Nomination, day: dt.date):
    return prize_on(day, level=nomination.award_form.level, collective=bool(nomination.unit_id))


def prize_article(nominations: list[Nomination], day: dt.date, commune: str) -> tuple[str, int]:
    """Article text on the prize money and the total (0 and "" when the table has no rule for the date)."""
    prizes = [(n, prize_of(n, day)) for n in nominations]
    if not prizes or any(p is None for _n, p in prizes):
        return "", 0
    total = sum(p.amount for _n, p in prizes)
    first = prizes[0][1]
    amounts = []
    for collective, label in ((True, "tập thể"), (False, "cá nhân")):
        amount = next((p.amount for n, p in prizes if bool(n.unit_id) == collective), None)
        if amount is not None:
            amounts.append(f"mỗi {label} {money(amount)} đồng")
    individual = prize_on(day, level=nominations[0].award_form.level, collective=False)
    # 0,15 × 1.490.000 = 223.500 is paid as 230.000: the article says it was rounded up, and where that is set.
    rounded = ", làm tròn lên hàng chục nghìn đồng" if individual.rounded else ""
    articles = [a for a in (first.article, individual.rounding_article if rounded else "") if a]
    article = f"{' và '.join(articles)} " if articles else ""
    basis = (
        f"{format_number(individual.coefficient)} lần mức lương cơ sở {money(first.base_salary)} đồng{rounded}; "
        f"tập thể gấp hai lần cá nhân, theo {article}{first.decree.citation.split(' ngày ')[0]}"
    )
    text = (
        f"Kèm theo Giấy khen là tiền thưởng: {'; '.join(amounts)} ({basis}). Tổng số tiền thưởng "
        f"{money(total)} đồng ({amount_in_words(total).lower()}), chi từ Quỹ Thi đua, khen thưởng của xã {commune}."
    )
    return text, total


def _officer_name(commune, title: str, users=()) -> str:
    """The commune's civil servant with ``title`` in their position: one of ``users`` first (the officer who
    prepared the dossier), else the first recorded; empty when none is recorded (a handwritten name)."""
    people = Person.objects.filter(commune=commune, is_active=True, position__contains=title).order_by("id")
    person = people.filter(user_id__in=users).first() if users else None
    person = person or people.first()
    return person.full_name if person else ""


def decision_document(decision: Decision) -> DecisionDocument:
    """The chairman's Quyết định (Mẫu 1.2): Căn cứ by its own date, awardees, prize money and its source."""
    campaign = decision.campaign
    nominations = list(decision.nominations.select_related(*NOMINATION_RELATED, "campaign__commune").order_by("id"))
    forms = sorted({award_text(n.award_form.name) for n in nominations})
    meeting = latest_closed_meeting(campaign)
    bases = basis_lines_on(decision.issued_on)
    if campaign.document_number:
        bases.append(
            f"Căn cứ Kế hoạch số {campaign.document_number} {vn_date_line(campaign.document_date)} "
            f"của {body_name(campaign)} về {_topic(campaign)}"
        )
    proposal = "Theo đề nghị của Hội đồng Thi đua – Khen thưởng xã"
    if meeting is not None:
        proposal += f" tại Biên bản số {meeting.minutes_reference} {vn_date_line(meeting.held_on)}"
    commune = campaign.commune.name
    prize_text, total = prize_article(nominations, decision.issued_on, commune)
    articles = [
        f"Tặng {', '.join(forms)} cho {count_text(nominations)} đã có thành tích xuất sắc trong "
        f"{_topic(campaign)} (có danh sách kèm theo).",
        *([prize_text] if prize_text else []),
        "Quyết định có hiệu lực kể từ ngày ký.",
    ]
    articles.append(
        "Công chức Văn phòng – Thống kê, công chức Tài chính – Kế toán xã và các tập thể, cá nhân có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này."
    )
    proposers = [n.proposed_by_id for n in nominations]
    return DecisionDocument(
        preparer_name=_officer_name(campaign.commune, "Văn phòng – Thống kê", proposers),
        accountant_name=_officer_name(campaign.commune, "Tài chính – Kế toán"),
        list_title=list_title(nominations, "ĐƯỢC KHEN THƯỞNG"),
        header=Header(
            issuing_body=campaign.issuing_body,
            parent_body=campaign.parent_body,
            number=decision.reference,
            symbol="QĐ-UBND",
            place=campaign.place_name,
            date=decision.issued_on,
            doc_type="QUYẾT ĐỊNH",
            summary=decision_summary(campaign),
        ),
        authority=f"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ {commune.upper()}",
        decided_by=f"Chủ tịch Ủy ban nhân dân xã {commune}",
        bases=bases,
        proposal=proposal,
        articles=articles,
        awardees=[
            DecisionAwardee(
                i,
                nominee_name(n),
                position_unit(n),
                achievement_summary(n),
                money(prize.amount) if (prize := prize_of(n, decision.issued_on)) and total else "",
            )
            for i, n in enumerate(nominations, start=1)
        ],
        recipients=[f"Như Điều {len(articles)}", "Lưu: VT, VP"],
        signature=Signature(authority=[decision.signatory_position or "CHỦ TỊCH"], name=decision.signatory_name),
        prize_total=money(total) if total else "",
        prize_total_words=amount_in_words(total) if total else "",
        list_closing=list_closing(nominations),
    )


def certificate_documents(campaign: Campaign) -> list[tuple[Nomination, CertificateDocument]]:
    """One Giấy khen per awardee of the commune's decisions, numbered in the decision's list order."""
    out = []
    for index, nomination in enumerate(decided_nominations(campaign), start=1):
        decision = nomination.decision
        commune = campaign.commune.name
        out.append(
            (
                nomination,
                CertificateDocument(
                    issuing_body=campaign.issuing_body,
                    authority=f"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ {commune.upper()}",
                    awardee=addressed_name(nomination),
                    position_unit=position_unit(nomination),
                    achievement=f"xuất sắc trong {_topic(campaign)}",
                    decision_ref=f"Quyết định số {decision.reference} {vn_date_line(decision.issued_on)}",
                    place=campaign.place_name,
                    date=decision.issued_on,
                    register_number=f"{index:03d}",
                    signature=Signature(authority=["CHỦ TỊCH"], name=decision.signatory_name),
                ),
            )
        )
    return out


def has_commune_awards(campaign: Campaign) -> bool:
    return Nomination.objects.filter(
        campaign=campaign, status=NominationStatus.DECIDED, award_form__level=AwardLevel.COMMUNE
    ).exists()
