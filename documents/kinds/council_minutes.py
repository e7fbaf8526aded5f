"""The biên bản họp Hội đồng Thi đua – Khen thưởng (renderer ``print/bien_ban_hop_hoi_dong.html``); its number
is the council's, taken when the meeting closes (``rewards.services.meetings``)."""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.render import render_council_minutes
from documents.kinds.award_state import TO_DISTRICT, has_closed_meeting
from documents.kinds.base import DocumentKind, KindCode, Progress, done
from documents.sources.awards import council_minutes_document
from tanbinh_portal.roles import COUNCIL, MANAGERS

FILENAME = "bien-ban-hop-hoi-dong.pdf"


def build_minutes(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    document = council_minutes_document(campaign)
    if document is None:
        return []
    content = render_council_minutes(document)
    done(progress, 1, 1)
    return [DocumentFile(FILENAME, f"Biên bản họp Hội đồng {document.header.number}", content)]


KIND = DocumentKind(
    code=KindCode.COUNCIL_MINUTES,
    title="Biên bản họp Hội đồng Thi đua – Khen thưởng",
    order=30,
    build=build_minutes,
    view_roles=TO_DISTRICT,
    generate_roles=(*MANAGERS, COUNCIL),
    available=has_closed_meeting,
    bundle_order=2,
)
