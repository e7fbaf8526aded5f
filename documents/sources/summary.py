"""The Báo cáo tổng kết: figures from campaigns and kpi (stored values), the officer's narrative, awards.

The document prints facts only: a measured content without figures is left out of the document and
named on the portal's summary page (:func:`summary_problems`) so the officer can complete it first;
no software message ever reaches the paper.
"""

from __future__ import annotations

from django.db.models import Count, Max, Min, Q

from campaigns.models import Campaign, Person, Registration, Unit
from documents.engine.data import (
    AwardLine,
    Form06aRow,
    Header,
    KpiRow,
    Paragraphs,
    RegistrationLine,
    SummaryReportDocument,
    TrendSeries,
)
from documents.sources.awards import (
    NO_BASELINE,
    _topic,
    award_text,
    body_name,
    chairman_signature,
    count_text,
    decided_nominations,
    full_unit_name,
    latest_closed_meeting,
    latest_decision,
    nominee_name,
    rate_text,
)
from kpi.dashboard import dashboard_data
from kpi.indicators import is_rate
from kpi.models import Dossier
from kpi.periods import CAMPAIGN, campaign_periods, period_label
from rewards.models import Nomination, NominationStatus, SummaryReport
from tanbinh_portal.comparators import meets
from tanbinh_portal.formatting import format_number
from tanbinh_portal.templatetags.portal import vn_date_line

SECTION_TITLES = {
    "strengths": "Ưu điểm, những mặt đã làm được",
    "effects": "Tác dụng của phong trào thi đua",
    "limitations": "Hạn chế, thiếu sót",
    "lessons": "Bài học kinh nghiệm",
    "directions": "Phương hướng, nhiệm vụ năm sau",
    "recommendations": "Kiến nghị, đề xuất",
}
ASSESSMENT_SECTIONS = ("strengths", "effects", "limitations", "lessons")
PROPOSED = (NominationStatus.APPROVED, NominationStatus.PROPOSED, NominationStatus.NOT_AWARDED)
DECIDED = (NominationStatus.DECIDED, NominationStatus.AWARDED)
NO_PREVIOUS_YEAR = "Không có số liệu của phong trào thi đua năm trước để so sánh với kết quả các chỉ tiêu trên."
NO_FIGURE = "–"  # the previous campaign exists but holds no value for the indicator in the compared months


def registration_figures(campaign: Campaign) -> list[tuple[str, str]]:
    regs = Registration.objects.filter(campaign=campaign).aggregate(
        units=Count("id", filter=Q(unit__isnull=False)), people=Count("id", filter=Q(person__isnull=False))
    )
    units = Unit.objects.filter(commune=campaign.commune, is_active=True).count()
    people = Person.objects.filter(commune=campaign.commune, is_active=True).count()
    return [
        ("Tập thể đăng ký thi đua", f"{regs['units']}/{units}"),
        ("Cá nhân đăng ký thi đua", f"{regs['people']}/{people}"),
    ]


def registration_lines(campaign: Campaign) -> list[RegistrationLine]:
    """The appendix list of registrations: who, date, what they committed to (one query)."""
    commune = campaign.commune.name
    rows = (
        Registration.objects.filter(campaign=campaign)
        .select_related("unit", "person", "person__unit")
        .prefetch_related("commitments__criterion", "unit__dated_names")
        .order_by("person_id", "unit__name", "person__full_name")
    )
    lines = []
    for number, reg in enumerate(rows, start=1):
        commitments = sorted(reg.commitments.all(), key=lambda c: c.criterion.order)
        contents = ", ".join(str(c.criterion.order) for c in commitments)
        if reg.unit_id:
            name, unit = full_unit_name(reg.unit, commune, on=reg.registered_on), ""
        else:
            name, unit = reg.person.full_name, reg.person.position
        lines.append(
            RegistrationLine(
                number=number,
                name=name,
                kind="Tập thể" if reg.unit_id else "Cá nhân",
                position=unit,
                registered_on=f"{reg.registered_on:%d/%m/%Y}" if reg.registered_on else "",
                contents=f"Nội dung {contents}" if contents else "",
            )
        )
    return lines


def _registrations_closing(lines: list[RegistrationLine]) -> str:
    """The registration appendix's last line (ending "./.", NĐ 30 Mẫu 2.1)."""
    units = sum(1 for line in lines if line.kind == "Tập thể")
    parts = [f"{units} tập thể" if units else "", f"{len(lines) - units} cá nhân" if len(lines) > units else ""]
    return f"Danh sách có {' và '.join(p for p in parts if p)} đăng ký thi đua" if lines else ""


def _pct(value, unit: str) -> str:
    return rate_text(value) if unit == "%" else f"{format_number(value)}{unit}"


def _previous(target, unit: str, comparison) -> str:
    """The previous campaign's value over the months compared (the same comparison the dashboard shows):
    "" without a previous campaign (the column is not printed), a dash when it has no figure."""
    if comparison.previous is None:
        return ""
    row = comparison.row_for(target)
    return NO_FIGURE if row is None or row.baseline is None else _pct(row.baseline, unit)


def _increase_row(light, criterion: str, unit: str, series: dict, months: list[str], comparison) -> KpiRow:
    """ "Nâng cao so với năm trước": judged against the previous campaign's stored values over the same
    months (:func:`kpi.year_comparison.year_comparison`), never December against January of one year.
    Without a previous campaign, or without its figure, the row says there is no baseline."""
    target = light.target
    row = comparison.row_for(target)
    if row is not None and row.baseline is not None:
        met = row.direction == "up"
        return KpiRow(
            criterion, target.get_indicator_display(), target.display, _pct(light.value, unit), met,
            formula=f"{row.explanation}.", verdict="Đạt" if met else "Không đạt",
            previous=_previous(target, unit, comparison),
        )  # fmt: skip
    note = "" if row is None or comparison.previous is None else row.explanation
    if not note and len(months) >= 2:
        first, last = months[0], months[-1]
        note = (
            f"Trong năm: {period_label(first).lower()} {_pct(series[first], unit)}, "
            f"{period_label(last).lower()} {_pct(series[last], unit)}"
        )
    return KpiRow(
        criterion, target.get_indicator_display(), target.display, _pct(light.value, unit), None, note,
        verdict=NO_BASELINE, previous=_previous(target, unit, comparison),
    )  # fmt: skip


def _kpi_row(light, data: dict, units: dict[str, str]) -> KpiRow | None:
    """One measured target: the year's value against the target and the months that missed it."""
    target = light.target
    unit = "%" if is_rate(target.indicator) else f" {units.get(target.indicator) or ''}".rstrip()
    series = {p: r.value for p, r in data["values"].get(target.indicator, {}).items()}
    months = [m for m in data["months"] if series.get(m) is not None]
    if light.value is None and not months:
        return None
    criterion = f"Nội dung {target.criterion.order}"
    if target.comparator == "increase":
        return _increase_row(light, criterion, unit, series, months, data["comparison"])
    missed = [m for m in months if not meets(target.comparator, series[m], target.target)]
    missed_text = "; ".join(f"{period_label(m).lower()}: {_pct(series[m], unit)}" for m in missed)
    met = light.value is not None and meets(target.comparator, light.value, target.target)
    return KpiRow(
        criterion,
        target.get_indicator_display(),
        target.display,
        _pct(light.value, unit),
        met,
        verdict="Đạt" if met else "Không đạt",
        missed=f"Tháng chưa đạt – {missed_text}" if missed else "Tất cả các tháng đều đạt",
        previous=_previous(target, unit, data["comparison"]),
    )


def _form_06a(campaign: Campaign, data: dict) -> list[Form06aRow]:
    """Biểu II.06a per month and for the year, with the returned/withdrawn column of the 07a variant so
    every row balances: received (3) = resolved (7) + pending (11) + returned or withdrawn (14)."""
    periods = campaign_periods(campaign)
    counts = Dossier.objects.filter(commune=campaign.commune, status=7).aggregate(
        **{
            f"p{index}": Count("id", filter=Q(received_date__gte=start, received_date__lte=end))
            for index, (_key, start, end) in enumerate(periods)
        }
    )
    returned = {key: counts[f"p{index}"] for index, (key, _s, _e) in enumerate(periods)}
    rows = []
    for row in data["form_06a"]:
        if not any(row["cells"]):
            continue
        cells = [c or 0 for c in row["cells"]]
        label = f"Cả năm {campaign.start_date.year}" if row["period"] == CAMPAIGN else row["label"]
        rows.append(Form06aRow(label, *cells, returned=returned.get(row["period"]) or 0))
    return rows


def _chart_line(light, chart: dict) -> float | None:
    """The dashed line of a printed chart: the plan's target, or for an "increase" target the previous
    campaign's value over the same months. Never the dashboard's in-year stand-in (the first month with
    data): the plan sets no such target, and a line labelled "chỉ tiêu" must be one."""
    if light.target.comparator == "increase" and light.year_row is None:
        return None
    return chart["target"]


def kpi_figures(campaign: Campaign) -> dict:
    """KPI rows with targets and verdicts (each beside the previous campaign's value over the same months,
    from the dashboard's year comparison), the 06a table by month and the monthly trend series."""
    data = dashboard_data(campaign)
    units = dict(campaign.monthly_fields.values_list("key", "unit"))
    built = [(light, _kpi_row(light, data, units)) for light in data["lights"]]
    rows = [row for _light, row in built if row is not None]
    missing = [light.target for light, row in built if row is None]
    previous = data["comparison"].previous
    trends = [
        TrendSeries(
            title=chart["title"],
            months=[m[5:] + "/" + m[:4] for m in data["months"]],
            values=chart["values"],
            target=_chart_line(light, chart),
            unit="%" if is_rate(light.target.indicator) else "",
            target_label=f"cùng kỳ năm {previous.start_date.year}" if light.year_row is not None else "chỉ tiêu",
        )
        for light, chart in zip(data["lights"], data["charts"], strict=True)
        if any(v is not None for v in chart["values"])
    ]
    return {
        "kpi_rows": rows,
        "form_06a": _form_06a(campaign, data),
        "trends": trends,
        "missing": missing,
        "previous_year": previous.start_date.year if previous else None,
    }


def award_lines(campaign: Campaign) -> list[AwardLine]:
    nominations = (
        Nomination.objects.filter(campaign=campaign, status__in=(*PROPOSED, *DECIDED))
        .select_related("award_form", "unit", "person", "campaign__commune")
        .order_by("award_form__valid_from", "award_form__code", "id")
    )
    return [
        AwardLine(
            awardee=nominee_name(n),
            kind="Tập thể" if n.unit_id else "Cá nhân",
            award_form=award_text(n.award_form.name),
            status="Đã quyết định"
            if n.status == NominationStatus.DECIDED
            else ("Được khen thưởng" if n.status == NominationStatus.AWARDED else "Đề nghị cấp trên"),
        )
        for n in nominations
    ]


def _late_dossiers(figures: dict) -> int:
    year = next((r for r in figures["form_06a"] if r.label.startswith("Cả năm")), None)
    return year.resolved_late if year else 0


def _months(row: KpiRow) -> str:
    """ "tháng 02/2022: 90,98%" from the row's "Tháng chưa đạt – …"."""
    return row.missed.split(" – ", 1)[1] if " – " in row.missed else ""


def suggested_lessons(campaign: Campaign, figures: dict) -> list[str]:
    """Bài học kinh nghiệm drafted from the records, for the officer to rewrite: what worked (the registration
    with its targets, the steps taken, the indicators met every month, the months that missed and were made
    up), then what did not (the months and indicators that missed, the late dossiers)."""
    rows = [r for r in figures["kpi_rows"] if r.met is not None]
    registered = Registration.objects.filter(campaign=campaign)
    units = registered.filter(unit__isnull=False).count()
    people = registered.count() - units
    lessons = []
    if units or people:
        lessons.append(
            f"Tổ chức đăng ký, ký giao ước thi đua ngay từ đầu phong trào ({units} tập thể, {people} cá nhân) với "
            "chỉ tiêu cụ thể theo từng nội dung của kế hoạch giúp mỗi tập thể, cá nhân biết rõ phần việc của mình."
        )
    steps = [step.heading[0].lower() + step.heading[1:] for step in campaign.steps.order_by("order") if step.heading]
    if steps:
        lessons.append(f"Thực hiện đúng các bước của kế hoạch ({'; '.join(steps)}).")
    steady = [r for r in rows if r.met and r.missed == "Tất cả các tháng đều đạt"]
    if steady:
        lessons.append(
            "Theo dõi số liệu hằng tháng giữ được chỉ tiêu trong tất cả các tháng: "
            + "; ".join(f"{r.indicator.lower()} cả năm {r.value} (chỉ tiêu {r.target})" for r in steady)
            + "."
        )
    for row in (r for r in rows if r.met and _months(r)):
        lessons.append(
            f"{row.indicator} có tháng chưa đạt ({_months(row)}) nhưng các tháng còn lại đều đạt, cả năm {row.value} "
            f"(chỉ tiêu {row.target}): số liệu tháng được xem ngay khi tổng hợp để khắc phục trong tháng sau."
        )
    for row in (r for r in rows if r.met is False):
        months = f"; các tháng chưa đạt: {_months(row)}" if _months(row) else ""
        lessons.append(
            f"{row.indicator} cả năm {row.value}, chưa đạt chỉ tiêu {row.target}{months}: cần phân tích nguyên "
            "nhân ngay khi số liệu tháng chưa đạt và phân công khắc phục trong tháng kế tiếp, không để đến cuối năm."
        )
    late = _late_dossiers(figures)
    if late:
        lessons.append(
            f"Còn {format_number(late)} hồ sơ giải quyết quá hạn: cần theo dõi ngày hẹn trả của từng hồ sơ, báo "
            "trước khi đến hạn và gửi phiếu xin lỗi, hẹn lại ngày trả kết quả theo quy định."
        )
    return lessons


def suggested_sections(campaign: Campaign, figures: dict | None = None) -> dict:
    """A first draft of the narrative from the data, for the officer to rewrite: the targets met, the months
    and indicators that missed with their figures, the late dossiers."""
    figures = figures or kpi_figures(campaign)
    met = [r for r in figures["kpi_rows"] if r.met]
    missed_months = [r for r in figures["kpi_rows"] if r.met is not None and r.missed.startswith("Tháng chưa")]
    strengths = [f"{r.indicator} cả năm đạt {r.value}, đạt chỉ tiêu {r.target} của kế hoạch." for r in met]
    limitations = [f"{r.indicator} cả năm {r.value}, chưa đạt chỉ tiêu {r.target}." for r in figures["kpi_rows"]
                   if r.met is False]  # fmt: skip
    limitations += [
        f"{r.indicator} còn có tháng chưa đạt chỉ tiêu {r.target}: {r.missed.split(' – ', 1)[1]}."
        for r in missed_months
    ]
    late = _late_dossiers(figures)
    if late:
        limitations.append(f"Còn {format_number(late)} hồ sơ giải quyết quá hạn trong năm.")
    # An indicator without figures is not a limitation of the campaign but a gap in the data: the summary
    # page names it for the officer (summary_problems), the document never says "chưa tổng hợp số liệu".
    topic = _topic(campaign)
    return {
        "strengths": "\n".join(strengths),
        "effects": f"{topic[0].upper()}{topic[1:]} góp phần nâng cao tinh thần trách nhiệm, ý thức phục vụ của cán "
        "bộ, công chức và sự hài lòng của người dân, tổ chức khi giải quyết thủ tục hành chính.",
        "limitations": "\n".join(limitations),
        "lessons": "\n".join(suggested_lessons(campaign, figures)),
        "directions": "Tiếp tục duy trì tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn; khắc phục các hạn chế nêu trên; "
        "đẩy mạnh tiếp nhận hồ sơ trực tuyến và giải quyết hồ sơ “4 tại chỗ”.",
        "recommendations": "",
        "assessments": {},
    }


def summary_problems(campaign: Campaign, figures: dict | None = None) -> list[str]:
    """What the officer must complete before the report is printed (shown on the summary page)."""
    figures = figures or kpi_figures(campaign)
    problems = [
        f"Nội dung {t.criterion.order} – {t.get_indicator_display()}: chưa có số liệu; chỉ số này sẽ không có "
        "trong báo cáo cho đến khi nhập số liệu tháng hoặc nhập sổ theo dõi hồ sơ."
        for t in figures["missing"]
    ]
    report = SummaryReport.objects.filter(campaign=campaign).first()
    for criterion in campaign.criteria.filter(kind="assessed").order_by("order"):
        if report is None or not (report.assessments or {}).get(str(criterion.order)):
            problems.append(f"Nội dung {criterion.order}: chưa ghi kết quả đánh giá (kèm minh chứng).")
    return problems


def _day(day) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _organisation(campaign: Campaign, plan: str, period: str, regs: list[tuple[str, str]], figures: dict) -> list[str]:
    """Part I as what was done, from the records: the plan and its launch, the registrations and their dates,
    the monthly tracking, the council meeting and the commune's decision. Never the plan's own instructions
    ("Kết thúc đợt thi đua … gửi báo cáo … theo ngày … thông báo"): a report tells what happened."""
    body = body_name(campaign)
    lines = [
        f"{body} ban hành {plan} về {_topic(campaign)}, phát động đến toàn thể cán bộ, công chức và "
        f"các tập thể trong xã; thời gian thi đua {period}; khẩu hiệu thi đua: “{campaign.slogan}”."
        if campaign.slogan
        else f"{body} ban hành {plan} về {_topic(campaign)}; thời gian thi đua {period}."
    ]
    days = Registration.objects.filter(campaign=campaign, registered_on__isnull=False).aggregate(
        first=Min("registered_on"), last=Max("registered_on")
    )
    when = ""
    if days["first"] and days["last"] and days["first"] != days["last"]:
        when = f" từ {_day(days['first'])} đến {_day(days['last'])}"
    elif days["first"]:
        when = f" {_day(days['first'])}"
    lines.append(
        f"Kết quả đăng ký thi đua: {regs[0][1]} tập thể và {regs[1][1]} cá nhân đã đăng ký, ký giao ước thi đua"
        f"{when} (danh sách tại Phụ lục)."
    )
    year = next((r for r in figures["form_06a"] if r.label.startswith("Cả năm")), None)
    months = sum(1 for r in figures["form_06a"] if not r.label.startswith("Cả năm"))
    if year is not None:
        lines.append(
            f"Kết quả thực hiện được theo dõi, tổng hợp hằng tháng ({months} tháng) từ sổ theo dõi hồ sơ thủ tục "
            f"hành chính ({format_number(year.received_total)} hồ sơ nhận giải quyết trong năm) và số liệu báo cáo "
            "tháng của các bộ phận; kết quả từng nội dung tại mục II."
        )
    meeting = latest_closed_meeting(campaign)
    if meeting is not None:
        ballots = list(meeting.ballots.all())
        reference = f" (Biên bản số {meeting.minutes_reference})" if meeting.minutes_reference else ""
        lines.append(
            f"Ngày {meeting.held_on.day:02d} tháng {meeting.held_on.month:02d} năm {meeting.held_on.year}, Hội đồng "
            f"Thi đua – Khen thưởng xã họp xét khen thưởng{reference}, biểu quyết {len(ballots)} trường hợp được "
            f"đề nghị, thông qua {sum(1 for b in ballots if b.passed)} trường hợp."
        )
    decision = latest_decision(campaign)
    decided = decided_nominations(campaign)
    if decision is not None and decided:
        day = decision.issued_on
        lines.append(
            f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}, Chủ tịch Ủy ban nhân dân xã ban hành Quyết "
            f"định số {decision.reference} khen thưởng {count_text(decided)}; các trường hợp đề nghị cấp trên khen "
            "thưởng nêu tại mục IV."
        )
    return lines


def summary_report_document(campaign: Campaign) -> SummaryReportDocument | None:
    report = SummaryReport.objects.filter(campaign=campaign).select_related("number").first()
    if report is None:
        return None
    figures = kpi_figures(campaign)
    number = report.number
    period = f"từ {vn_date_line(campaign.start_date)} đến {vn_date_line(campaign.end_date)}"
    plan = f"Kế hoạch số {campaign.document_number} {vn_date_line(campaign.document_date)}"
    regs = registration_figures(campaign)
    criteria = list(campaign.criteria.filter(kind="assessed").order_by("order"))
    paragraphs = {name: [p.strip() for p in getattr(report, name).splitlines() if p.strip()] for name in SECTION_TITLES}
    registrations = registration_lines(campaign)
    return SummaryReportDocument(
        header=Header(
            issuing_body=campaign.issuing_body,
            parent_body=campaign.parent_body,
            body_name=body_name(campaign),
            number=number.reference if number else "",
            symbol="BC-UBND",
            place=campaign.place_name,
            date=number.issued_on if number else None,
            doc_type="BÁO CÁO",
            summary=f"Tổng kết {_topic(campaign)}",
        ),
        introduction=f"Thực hiện {plan} của {body_name(campaign)}, Ủy ban nhân dân xã báo cáo tổng kết "
        f"{_topic(campaign)} như sau:",
        organisation=_organisation(campaign, plan, period, regs, figures),
        registration_figures=regs,
        kpi_rows=figures["kpi_rows"],
        previous_year=figures["previous_year"],
        comparison_note="" if figures["previous_year"] else NO_PREVIOUS_YEAR,
        assessed=[
            (f"Nội dung {c.order}", report.assessments.get(str(c.order), ""))
            for c in criteria
            if report.assessments.get(str(c.order))
        ],
        form_06a_period=period,
        form_06a_rows=figures["form_06a"],
        trends=figures["trends"],
        narrative=[Paragraphs(SECTION_TITLES[name], paragraphs[name]) for name in ASSESSMENT_SECTIONS],
        directions=[
            Paragraphs(SECTION_TITLES[name], paragraphs[name])
            for name in ("directions", "recommendations")
            if paragraphs[name]
        ],
        awards=award_lines(campaign),
        registrations=registrations,
        registrations_closing=_registrations_closing(registrations),
        recipients=[line for line in campaign.recipient_lines() if not line.startswith("Lưu")] + ["Lưu: VT, VP"],
        signature=chairman_signature(campaign),
    )
