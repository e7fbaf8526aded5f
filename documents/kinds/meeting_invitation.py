"""The Giấy mời họp Hội đồng of the latest invitation the council sent (renderer
``print/giay_moi_hop_hoi_dong.html``).

Its number and date are what the secretary or the officer recorded when convening the meeting
(``rewards.services.meeting_convene``, the council's series); rendering never takes a number. Not in the
district bundle, which encloses the biên bản of the meeting, not its invitation.
"""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.pdf import render_pdf
from documents.kinds.award_state import has_convocation
from documents.kinds.ballot_papers import COUNCIL_READERS
from documents.kinds.base import DocumentKind, KindCode, Progress, done
from documents.sources.council import invitation_document, latest_convocation

FILENAME = "giay-moi-hop-hoi-dong.pdf"
TEMPLATE = "print/giay_moi_hop_hoi_dong.html"


def build_invitation(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    convocation = latest_convocation(campaign)
    document = invitation_document(convocation) if convocation else None
    if document is None:
        return []
    content = render_pdf(TEMPLATE, {"doc": document})
    done(progress, 1, 1)
    return [DocumentFile(FILENAME, f"Giấy mời số {convocation.reference}", content)]


KIND = DocumentKind(
    code=KindCode.MEETING_INVITATION,
    title="Giấy mời họp Hội đồng Thi đua – Khen thưởng",
    order=28,
    build=build_invitation,
    view_roles=COUNCIL_READERS,
    generate_roles=COUNCIL_READERS,
    available=has_convocation,
)
