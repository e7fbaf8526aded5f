"""The báo cáo tổng kết phong trào (renderer ``print/bao_cao_tong_ket.html``, data from
:mod:`documents.sources.summary`); numbered when the chairman approves it (``rewards.services.summary``)."""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.render import render_summary_report
from documents.kinds.award_state import TO_DISTRICT, has_summary, summary_official_from
from documents.kinds.base import DocumentKind, KindCode, Progress, done
from documents.sources.summary import summary_report_document
from tanbinh_portal.roles import MANAGERS

FILENAME = "bao-cao-tong-ket.pdf"


def build_summary(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    document = summary_report_document(campaign)
    if document is None:
        return []
    content = render_summary_report(document)
    done(progress, 1, 1)
    return [DocumentFile(FILENAME, "Báo cáo tổng kết", content)]


KIND = DocumentKind(
    code=KindCode.SUMMARY_REPORT,
    title="Báo cáo tổng kết phong trào",
    order=20,
    build=build_summary,
    view_roles=TO_DISTRICT,
    generate_roles=MANAGERS,
    available=has_summary,
    bundle_order=4,
    official_from=summary_official_from,
)
