"""The award and report documents of a campaign: builders and their registration (``RewardsConfig.ready``).

Each builder asks a selector (``rewards.documents.selectors`` / ``.summary``) for the materialised
data class and renders it through ``tanbinh_portal.documents.render``. The district bundle itself is
registered by campaigns (``ho-so-trinh-huyen``); the kinds here with ``bundle_order`` fill it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime

from django.db.models import Exists, OuterRef, Subquery

from campaigns.models import Campaign
from rewards.documents import selectors
from rewards.documents.ballot_papers import register_ballot_documents
from rewards.documents.summary import summary_report_document
from rewards.models import (
    CouncilMeeting,
    Decision,
    MeetingStatus,
    Nomination,
    NominationStatus,
    SummaryReport,
    SummaryStatus,
)
from tanbinh_portal.documents import DocumentFile, DocumentKind, register_document
from tanbinh_portal.documents import render as r
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import COMMUNE_ROLES, COUNCIL, DISTRICT, MANAGERS

Progress = Callable[[int, int], None] | None
TO_DISTRICT = (*MANAGERS, COUNCIL, DISTRICT)


def file_slug(text: str) -> str:
    """``"Võ Thị Lan"`` → ``"vo-thi-lan"`` (đ → d; ASCII only, for file names inside ZIPs)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "van-ban"


def _done(progress: Progress, done: int, total: int) -> None:
    if progress:
        progress(done, total)


def build_minutes(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    document = selectors.council_minutes_document(campaign)
    if document is None:
        return []
    content = r.render_council_minutes(document)
    _done(progress, 1, 1)
    return [DocumentFile("bien-ban-hop-hoi-dong.pdf", f"Biên bản họp Hội đồng {document.header.number}", content)]


def issue_submission_number(campaign: Campaign):
    """The tờ trình's number from the UBND's yearly series, taken when it is first issued, then kept."""
    from rewards.services import document_number_issue

    return document_number_issue(
        actor=None, campaign=campaign, code=selectors.SUBMISSION_CODE, symbol="TTr-UBND", issued_on=local_today()
    )


def build_submission(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    if not selectors.proposed_nominations(campaign):
        return []
    number = issue_submission_number(campaign)
    document = selectors.submission_document(campaign, number)
    content = r.render_submission(document)
    _done(progress, 1, 1)
    return [DocumentFile("to-trinh-de-nghi-khen-thuong.pdf", f"Tờ trình số {number.reference} và danh sách", content)]


def build_achievement_reports(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    reports = selectors.achievement_reports(campaign)
    files = []
    for index, (nomination, document) in enumerate(reports, start=1):
        name = selectors.nominee_name(nomination)
        files.append(
            DocumentFile(
                f"bao-cao-thanh-tich/{index:02d}-{file_slug(str(nomination.nominee))}.pdf",
                f"Báo cáo thành tích – {name}",
                r.render_achievement_report(document),
            )
        )
        _done(progress, index, len(reports))
    return files


def build_decision(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    decision = selectors.latest_decision(campaign)
    if decision is None:
        return []
    content = r.render_decision(selectors.decision_document(decision))
    _done(progress, 1, 1)
    return [DocumentFile("quyet-dinh-khen-thuong.pdf", f"Quyết định số {decision.reference}", content)]


def build_certificates(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    certificates = selectors.certificate_documents(campaign)
    files = []
    for index, (nomination, document) in enumerate(certificates, start=1):
        name = selectors.nominee_name(nomination)
        files.append(
            DocumentFile(
                f"giay-khen/{index:02d}-{file_slug(str(nomination.nominee))}.pdf",
                f"Giấy khen – {name}",
                r.render_certificate(document),
            )
        )
        _done(progress, index, len(certificates))
    return files


def build_summary(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    document = summary_report_document(campaign)
    if document is None:
        return []
    content = r.render_summary_report(document)
    _done(progress, 1, 1)
    return [DocumentFile("bao-cao-tong-ket.pdf", "Báo cáo tổng kết", content)]


def _state(campaign: Campaign) -> dict:
    """What exists for the award documents, in one query, remembered on the campaign object.

    The documents page asks every kind (and the bundle asks the bundle kinds again); one query for all
    of them keeps the page's query count flat. Views and the task load a fresh campaign each time.
    """
    cached = getattr(campaign, "_award_documents_state", None)
    if cached is None:
        nominations = Nomination.objects.filter(campaign=OuterRef("pk"))
        cached = (
            Campaign.objects.filter(pk=campaign.pk)
            .annotate(
                meeting=Exists(CouncilMeeting.objects.filter(campaign=OuterRef("pk"), status=MeetingStatus.CLOSED)),
                proposed=Exists(nominations.filter(status__in=selectors.PROPOSED_UPWARD)),
                decision=Exists(Decision.objects.filter(campaign=OuterRef("pk"))),
                decided=Exists(nominations.filter(status=NominationStatus.DECIDED)),
                summary=Exists(SummaryReport.objects.filter(campaign=OuterRef("pk"))),
                summary_approved_at=Subquery(
                    SummaryReport.objects.filter(campaign=OuterRef("pk"), status=SummaryStatus.APPROVED).values(
                        "approved_at"
                    )[:1]
                ),
            )
            .values("meeting", "proposed", "decision", "decided", "summary", "summary_approved_at")
            .first()
        ) or {}
        campaign._award_documents_state = cached
    return cached


def _has(key: str) -> Callable[[Campaign], bool]:
    return lambda campaign: bool(_state(campaign).get(key))


_has_closed_meeting, _has_proposals = _has("meeting"), _has("proposed")
_has_decision, _has_decided, _has_summary = _has("decision"), _has("decided"), _has("summary")


def _summary_official_from(campaign: Campaign) -> datetime | None:
    """Rendered before the chairman approved it, the summary report is an unnumbered draft ("Số: /BC-UBND")."""
    return _state(campaign).get("summary_approved_at")


def register_documents() -> None:
    kinds = [
        ("bao-cao-tong-ket", "Báo cáo tổng kết phong trào", 20, build_summary, TO_DISTRICT, MANAGERS, _has_summary, 4),
        (
            "bien-ban-hop-hoi-dong",
            "Biên bản họp Hội đồng Thi đua – Khen thưởng",
            30,
            build_minutes,
            TO_DISTRICT,
            (*MANAGERS, COUNCIL),
            _has_closed_meeting,
            2,
        ),
        (
            "to-trinh-de-nghi-khen-thuong",
            "Tờ trình đề nghị khen thưởng (kèm danh sách)",
            40,
            build_submission,
            TO_DISTRICT,
            MANAGERS,
            _has_proposals,
            1,
        ),
        (
            "bao-cao-thanh-tich",
            "Báo cáo thành tích (từng tập thể, cá nhân đề nghị cấp trên)",
            50,
            build_achievement_reports,
            TO_DISTRICT,
            MANAGERS,
            _has_proposals,
            3,
        ),
        (
            "quyet-dinh-khen-thuong",
            "Quyết định khen thưởng",
            60,
            build_decision,
            COMMUNE_ROLES,
            MANAGERS,
            _has_decision,
            None,
        ),
        (
            "giay-khen",
            "Giấy khen (từng tập thể, cá nhân)",
            70,
            build_certificates,
            COMMUNE_ROLES,
            MANAGERS,
            _has_decided,
            None,
        ),
    ]
    for code, title, order, build, view, generate, available, bundle_order in kinds:
        register_document(
            DocumentKind(
                code=code,
                title=title,
                order=order,
                build=build,
                view_roles=view,
                generate_roles=generate,
                available=available,
                bundle_order=bundle_order,
                bundle_list=selectors.submission_list if code == "to-trinh-de-nghi-khen-thuong" else None,
                multi_file=code in ("bao-cao-thanh-tich", "giay-khen"),
                official_from=_summary_official_from if code == "bao-cao-tong-ket" else None,
            )
        )
    register_ballot_documents()
