"""The quyết định khen thưởng (renderer ``print/quyet_dinh.html``); numbered when it is issued
(``rewards.services.decision_issue``)."""

from __future__ import annotations

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.render import render_decision
from documents.kinds.award_state import has_decision
from documents.kinds.base import DocumentKind, KindCode, Progress, done
from documents.sources.awards import decision_document, latest_decision
from tanbinh_portal.roles import COMMUNE_ROLES, MANAGERS

FILENAME = "quyet-dinh-khen-thuong.pdf"


def build_decision(campaign: Campaign, progress: Progress = None, sign: bool = False) -> list[DocumentFile]:
    decision = latest_decision(campaign)
    if decision is None:
        return []
    content = render_decision(decision_document(decision))
    done(progress, 1, 1)
    return [DocumentFile(FILENAME, f"Quyết định số {decision.reference}", content)]


KIND = DocumentKind(
    code=KindCode.DECISION,
    title="Quyết định khen thưởng",
    order=60,
    build=build_decision,
    view_roles=COMMUNE_ROLES,
    generate_roles=MANAGERS,
    available=has_decision,
)
