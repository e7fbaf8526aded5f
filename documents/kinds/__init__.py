"""The one list of document kinds. A kind is a module here (its data builder, renderer, file name and
``KIND``); adding a kind is adding its module and one line to :data:`KINDS`, nothing else.

The documents page, the rendering task, ``render_documents`` and the district bundle all read this list.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from documents.kinds import (
    achievement_reports,
    ballot_papers,
    certificates,
    council_decision,
    council_minutes,
    decision,
    district_bundle,
    meeting_invitation,
    plan,
    pledges,
    submission,
    summary_report,
    vote_count,
)
from documents.kinds.base import DocumentKind, KindCode

__all__ = ["KINDS", "DocumentKind", "KindCode", "bundle_kinds", "document_kinds", "get_kind"]

KINDS: tuple[DocumentKind, ...] = (
    plan.KIND,
    pledges.KIND,
    summary_report.KIND,
    council_decision.KIND,
    meeting_invitation.KIND,
    council_minutes.KIND,
    ballot_papers.KIND,
    vote_count.KIND,
    submission.KIND,
    achievement_reports.KIND,
    decision.KIND,
    certificates.KIND,
    district_bundle.KIND,
)
_BY_CODE = {kind.code: kind for kind in KINDS}
if not len(_BY_CODE) == len(KINDS) == len(KindCode):
    raise ImproperlyConfigured("Every KindCode needs exactly one kind in documents.kinds.KINDS.")


def document_kinds() -> list[DocumentKind]:
    return sorted(KINDS, key=lambda k: (k.order, k.code))


def get_kind(code: str) -> DocumentKind | None:
    return _BY_CODE.get(code)


def bundle_kinds() -> list[DocumentKind]:
    return sorted((k for k in KINDS if k.bundle_order is not None), key=lambda k: k.bundle_order)
