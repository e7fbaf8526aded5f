"""The Báo cáo tổng kết: figures from campaigns and kpi (stored values), the officer's narrative, awards."""

from __future__ import annotations

from django.db.models import Count, Q

from campaigns.models import Campaign, Person, Registration, Unit
from kpi.dashboard import dashboard_data
from kpi.periods import CAMPAIGN
from rewards.documents.selectors import chairman_signature, nominee_name
from rewards.models import Nomination, NominationStatus, SummaryReport
from tanbinh_portal.documents.data import (
    AwardLine,
    Form06aRow,
    Header,
    KpiRow,
    Paragraphs,
    SummaryReportDocument,
    TrendSeries,
)
from tanbinh_portal.formatting import format_number
from tanbinh_portal.templatetags.portal import vn_date_line

SECTION_TITLES = {
    "strengths": "Ưu điểm, những mặt đã làm được",
    "effects": "Tác dụng của phong trào thi đua",
    "limitations": "Hạn chế, thiếu sót",
    "lessons": "Bài học kinh nghiệm",
}
PROPOSED = (NominationStatus.APPROVED, NominationStatus.PROPOSED, NominationStatus.NOT_AWARDED)
DECIDED = (NominationStatus.DECIDED, NominationStatus.AWARDED)


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


def kpi_figures(campaign: Campaign) -> dict:
    """KPI rows with targets and verdicts, the 06a table by month and the monthly trend series."""
    data = dashboard_data(campaign)
    rows = []
    for light in data["lights"]:
        target = light.target
        unit = "%" if target.unit_label == "%" else f" {target.unit_label}".rstrip()
        rows.append(
            KpiRow(
                criterion=f"Nội dung {target.criterion.order}",
                indicator=target.get_indicator_display(),
                target=target.display,
                value="" if light.value is None else f"{format_number(light.value)}{unit}",
                met=None if light.colour == "grey" else light.colour == "green",
                formula=light.explanation if target.comparator == "increase" else "",
            )
        )
    form_06a = []
    for row in data["form_06a"]:
        cells = [c or 0 for c in row["cells"]]
        if not any(row["cells"]):
            continue
        received, online, direct, carried, resolved, early, on_time, late, pending, in_time, overdue = cells
        label = "Cả đợt" if row["period"] == CAMPAIGN else row["label"]
        form_06a.append(
            Form06aRow(
                label, received, online, direct, carried, resolved, early, on_time, late, pending, in_time, overdue
            )
        )
    trends = [
        TrendSeries(
            title=chart["title"],
            months=[m[5:] + "/" + m[:4] for m in data["months"]],
            values=chart["values"],
            target=chart["target"],
        )
        for chart in data["charts"]
        if any(v is not None for v in chart["values"])
    ]
    return {"kpi_rows": rows, "form_06a": form_06a, "trends": trends}


def award_lines(campaign: Campaign) -> list[AwardLine]:
    nominations = (
        Nomination.objects.filter(campaign=campaign, status__in=(*PROPOSED, *DECIDED))
        .select_related("award_form", "unit", "person")
        .order_by("award_form__valid_from", "award_form__code", "id")
    )
    return [
        AwardLine(
            awardee=nominee_name(n),
            kind="Tập thể" if n.unit_id else "Cá nhân",
            award_form=n.award_form.name,
            status="Đã quyết định"
            if n.status == NominationStatus.DECIDED
            else ("Được khen thưởng" if n.status == NominationStatus.AWARDED else "Đề nghị"),
        )
        for n in nominations
    ]


def suggested_sections(campaign: Campaign, figures: dict | None = None) -> dict[str, str]:
    """A first draft of the narrative from the data, for the officer to rewrite."""
    figures = figures or kpi_figures(campaign)
    met = [r for r in figures["kpi_rows"] if r.met]
    missed = [r for r in figures["kpi_rows"] if r.met is False]
    strengths = [f"{r.indicator} đạt {r.value}, đạt chỉ tiêu {r.target}." for r in met]
    limitations = [f"{r.indicator} đạt {r.value}, chưa đạt chỉ tiêu {r.target}." for r in missed]
    return {
        "strengths": "\n".join(strengths) or "",
        "effects": "Phong trào góp phần nâng cao tinh thần trách nhiệm của cán bộ, công chức và sự hài lòng của "
        "người dân, tổ chức khi giải quyết thủ tục hành chính.",
        "limitations": "\n".join(limitations) or "",
        "lessons": "Người đứng đầu trực tiếp chỉ đạo; theo dõi chỉ số hằng tháng để kịp thời khắc phục.",
    }


def summary_report_document(campaign: Campaign) -> SummaryReportDocument | None:
    report = SummaryReport.objects.filter(campaign=campaign).select_related("number").first()
    if report is None:
        return None
    figures = kpi_figures(campaign)
    number = report.number
    period = f"từ {vn_date_line(campaign.start_date)} đến {vn_date_line(campaign.end_date)}"
    plan = f"Kế hoạch số {campaign.document_number} {vn_date_line(campaign.document_date)}"
    criteria = list(campaign.criteria.filter(kind="assessed").order_by("order"))
    return SummaryReportDocument(
        header=Header(
            issuing_body=campaign.issuing_body,
            parent_body=campaign.parent_body,
            number=number.reference if number else "",
            symbol="BC-UBND",
            place=campaign.place_name,
            date=number.issued_on if number else None,
            doc_type="BÁO CÁO",
            summary=f"Tổng kết {campaign.title[0].lower()}{campaign.title[1:]}",
        ),
        introduction=f"Thực hiện {plan}, Ủy ban nhân dân xã {campaign.commune.name} báo cáo kết quả như sau:",
        organisation=[
            f"Ủy ban nhân dân xã ban hành {plan} và tổ chức phát động phong trào đến toàn thể cán bộ, công chức, "
            f"các tập thể trong xã; thời gian thi đua {period}."
        ],
        registration_figures=registration_figures(campaign),
        kpi_rows=figures["kpi_rows"],
        assessed=[
            (f"Nội dung {c.order}", "Hội đồng Thi đua – Khen thưởng đánh giá khi xét khen thưởng") for c in criteria
        ],
        form_06a_period=period,
        form_06a_rows=figures["form_06a"],
        trends=figures["trends"],
        narrative=[
            Paragraphs(title, [p.strip() for p in getattr(report, name).splitlines() if p.strip()])
            for name, title in SECTION_TITLES.items()
        ],
        awards=award_lines(campaign),
        recipients=[line for line in campaign.recipient_lines() if not line.startswith("Lưu")] + ["Lưu: VT, VP"],
        signature=chairman_signature(campaign),
    )
