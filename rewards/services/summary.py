"""The summary report's narrative (draft → submitted → approved) and document numbers from a series."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus
from campaigns.services import campaign_mark_summarised
from rewards.models import IssuedNumber, Issuer, SummaryReport, SummaryStatus
from rewards.services.common import clean_text, summary_report_link, users_with_role
from rewards.services.decisions import number_next
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.optimistic import Unchecked, check_version, first_save
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import CHAIRMAN, OFFICER, has_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.transitions import IllegalTransition, require_state, transition

SUMMARY_CODE = "bao-cao-tong-ket"


def document_number_issue(
    *, actor: User | None, campaign: Campaign, code: str, symbol: str, issued_on: dt.date, issuer: str = Issuer.UBND
) -> IssuedNumber:
    """The number of one document of a campaign, taken from the issuer's yearly series once.

    Issuing the same document again returns the number it already has: no number is consumed twice.
    """
    existing = IssuedNumber.objects.filter(campaign=campaign, code=code).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            issued = IssuedNumber.objects.create(
                campaign=campaign,
                commune=campaign.commune,
                code=code,
                issuer=issuer,
                symbol=symbol,
                year=issued_on.year,
                number=number_next(commune=campaign.commune, issuer=issuer, year=issued_on.year, issued_on=issued_on),
                issued_on=issued_on,
            )
            audit_record(
                actor=actor,
                action=AuditAction.DOCUMENT_NUMBER,
                obj=issued,
                changes={"number": [None, issued.reference]},
            )
    except IntegrityError:
        # A concurrent issue of the same document won; its transaction rolled our number back with it.
        return IssuedNumber.objects.get(campaign=campaign, code=code)
    return issued


def _lock(campaign: Campaign) -> SummaryReport | None:
    return SummaryReport.objects.select_for_update(of=("self",)).filter(campaign=campaign).first()


def summary_report_save(
    *, actor: User, campaign: Campaign, sections: dict[str, str], expected_version: int | Unchecked
) -> SummaryReport:
    """The officer writes the narrative sections (a draft; editing a submitted report takes it back to draft).

    ``sections["assessments"]`` maps each assessed content's order to its written assessment.
    """
    if not has_role(actor, OFFICER, at=campaign.commune):
        raise NotPermitted("Chỉ công chức Văn phòng – Thống kê soạn báo cáo tổng kết.")
    values = {name: clean_text(sections.get(name, "")) for name in SummaryReport.SECTIONS}
    assessed = {str(c.order) for c in campaign.criteria.filter(kind="assessed")}
    given = sections.get("assessments") or {}
    values["assessments"] = {
        str(order): clean_text(text) for order, text in given.items() if str(order) in assessed and clean_text(text)
    }
    with transaction.atomic():
        report = _lock(campaign)
        check_version(report, expected_version)
        if report is None:
            with first_save():
                report = SummaryReport.objects.create(campaign=campaign, created_by=actor, **values)
            audit_record(actor=actor, action=AuditAction.SUMMARY_CREATE, obj=report)
            return report
        if report.status == SummaryStatus.APPROVED:
            raise ServiceError("Báo cáo đã được Chủ tịch duyệt, không sửa được nữa.", code="approved")
        changes = {k: [getattr(report, k), v] for k, v in values.items() if getattr(report, k) != v}
        # Editing a submitted report takes it back to a draft, to be submitted again.
        transition(
            report,
            to=SummaryStatus.DRAFT,
            allowed=[SummaryStatus.DRAFT, SummaryStatus.SUBMITTED],
            refusal="Báo cáo đã được Chủ tịch duyệt, không sửa được nữa.",
            values=values,
        )
        audit_record(actor=actor, action=AuditAction.SUMMARY_SAVE, obj=report, changes=changes)
    return report


def summary_report_submit(*, actor: User, campaign: Campaign) -> SummaryReport:
    """Draft → submitted to the chairman; every section must be written."""
    if not has_role(actor, OFFICER, at=campaign.commune):
        raise NotPermitted("Chỉ công chức Văn phòng – Thống kê trình báo cáo tổng kết.")
    with transaction.atomic():
        report = _lock(campaign)
        if report is None:
            raise IllegalTransition("Chỉ trình được báo cáo đang là dự thảo.")
        require_state(report, [SummaryStatus.DRAFT], refusal="Chỉ trình được báo cáo đang là dự thảo.")
        empty = [
            SummaryReport._meta.get_field(n).verbose_name for n in SummaryReport.SECTIONS if not getattr(report, n)
        ]
        empty += [
            f"đánh giá Nội dung {c.order}"
            for c in campaign.criteria.filter(kind="assessed").order_by("order")
            if not report.assessments.get(str(c.order))
        ]
        if empty:
            raise ServiceError("Hãy viết các phần: " + "; ".join(empty) + ".", code="incomplete")
        transition(
            report,
            to=SummaryStatus.SUBMITTED,
            allowed=[SummaryStatus.DRAFT],
            refusal="Chỉ trình được báo cáo đang là dự thảo.",
        )
        audit_record(
            actor=actor, action=AuditAction.SUMMARY_SUBMIT, obj=report, changes={"status": ["draft", "submitted"]}
        )
        notify_users(
            users_with_role(CHAIRMAN, campaign.commune),
            title="Báo cáo tổng kết chờ Chủ tịch duyệt",
            link=summary_report_link(campaign),
        )
    return report


def summary_report_approve(*, actor: User, campaign: Campaign, issued_on: dt.date | None = None) -> SummaryReport:
    """Submitted → approved by the chairman: the report takes its BC-UBND number; a closed campaign is
    marked summarised."""
    if not has_role(actor, CHAIRMAN, at=campaign.commune):
        raise NotPermitted("Chỉ Chủ tịch UBND xã duyệt báo cáo tổng kết.")

    with transaction.atomic():
        report = _lock(campaign)
        if report is None:
            raise IllegalTransition("Chỉ duyệt được báo cáo đã trình.")
        require_state(report, [SummaryStatus.SUBMITTED], refusal="Chỉ duyệt được báo cáo đã trình.")
        number = document_number_issue(
            actor=actor, campaign=campaign, code=SUMMARY_CODE, symbol="BC-UBND", issued_on=issued_on or local_today()
        )
        transition(
            report,
            to=SummaryStatus.APPROVED,
            allowed=[SummaryStatus.SUBMITTED],
            refusal="Chỉ duyệt được báo cáo đã trình.",
            values={"number": number, "approved_by": actor, "approved_at": timezone.now()},
        )
        audit_record(
            actor=actor, action=AuditAction.SUMMARY_APPROVE, obj=report, changes={"status": ["submitted", "approved"]}
        )
        campaign.refresh_from_db()
        if campaign.status == CampaignStatus.CLOSED:
            campaign_mark_summarised(actor=actor, campaign=campaign)
        notify_users(
            users_with_role(OFFICER, campaign.commune),
            title=f"Chủ tịch đã duyệt báo cáo tổng kết (số {report.number.reference})",
            link=summary_report_link(campaign),
        )
    return report
