"""One báo cáo thành tích per nominee proposed upward (renderer ``print/bao_cao_thanh_tich.html``;
files ``bao-cao-thanh-tich/<NN-nominee>.pdf``)."""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.render import render_achievement_report
from documents.kinds.award_state import TO_DISTRICT, has_proposals
from documents.kinds.base import DocumentKind, KindCode, Progress, done, file_slug
from documents.sources.awards import achievement_reports, missing_member_counts, nominee_name
from tanbinh_portal.roles import MANAGERS

FOLDER = "bao-cao-thanh-tich"


def build_achievement_reports(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    reports = achievement_reports(campaign)
    files = []
    for index, (nomination, document) in enumerate(reports, start=1):
        files.append(
            DocumentFile(
                f"{FOLDER}/{index:02d}-{file_slug(str(nomination.nominee))}.pdf",
                f"Báo cáo thành tích – {nominee_name(nomination)}",
                render_achievement_report(document),
            )
        )
        done(progress, index, len(reports))
    return files


def achievement_report_notes(campaign: Campaign) -> list[str]:
    names = missing_member_counts(campaign)
    if not names:
        return []
    return [
        "Báo cáo thành tích chưa ghi tổng số thành viên của: "
        + ", ".join(names)
        + ". Hãy ghi “Số thành viên” ở trang Tập thể trước khi tạo."
    ]


KIND = DocumentKind(
    code=KindCode.ACHIEVEMENT_REPORTS,
    title="Báo cáo thành tích (từng tập thể, cá nhân đề nghị cấp trên)",
    order=50,
    build=build_achievement_reports,
    view_roles=TO_DISTRICT,
    generate_roles=MANAGERS,
    available=has_proposals,
    bundle_order=3,
    multi_file=True,
    notes=achievement_report_notes,
)
