"""The Quyết định thành lập Hội đồng Thi đua – Khen thưởng xã (renderer ``print/quyet_dinh_thanh_lap_hoi_dong.html``).

Its number and date are what the officer recorded on the round's configuration page when the chairman
signed (``rewards.services.council_establish``, the UBND's series); rendering never takes a number. Not
in the district bundle: the tờ trình lists what it encloses, and the council's establishment is not
among the papers of a proposal (the biên bản is).
"""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.pdf import render_pdf
from documents.kinds.award_state import has_council_decision
from documents.kinds.base import DocumentKind, KindCode, Progress, done
from documents.sources.council import council_decision_document
from tanbinh_portal.roles import COMMUNE_ROLES, MANAGERS

FILENAME = "quyet-dinh-thanh-lap-hoi-dong.pdf"
TEMPLATE = "print/quyet_dinh_thanh_lap_hoi_dong.html"


def build_council_decision(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    document = council_decision_document(campaign)
    if document is None:
        return []
    content = render_pdf(TEMPLATE, {"doc": document})
    done(progress, 1, 1)
    return [DocumentFile(FILENAME, f"Quyết định số {document.header.number} thành lập Hội đồng", content)]


KIND = DocumentKind(
    code=KindCode.COUNCIL_DECISION,
    title="Quyết định thành lập Hội đồng Thi đua – Khen thưởng xã",
    order=25,
    build=build_council_decision,
    view_roles=COMMUNE_ROLES,
    generate_roles=MANAGERS,
    available=has_council_decision,
)
