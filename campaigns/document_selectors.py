"""Reads for generated documents: what a user may see, generate and download for a campaign."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404

from campaigns.document_models import DocumentStatus, GeneratedDocument
from campaigns.models import Campaign
from tanbinh_portal.documents import DocumentKind, document_kinds, get_kind
from tanbinh_portal.roles import DISTRICT, MANAGERS, has_role


@dataclass
class DocumentRow:
    kind: DocumentKind
    available: bool
    can_generate: bool
    versions: list[GeneratedDocument] = field(default_factory=list)


def can_view_document(user, document: GeneratedDocument) -> bool:
    """Roles of the kind; the district sees only finished documents (what the commune sent)."""
    kind = get_kind(document.kind)
    if kind is None or not has_role(user, *kind.view_roles):
        return False
    if has_role(user, *MANAGERS):
        return True
    return document.status == DocumentStatus.DONE


def document_rows(user, campaign: Campaign) -> list[DocumentRow]:
    """The kinds the user may see with every version (newest first), in one query."""
    kinds = [kind for kind in document_kinds() if has_role(user, *kind.view_roles)]
    documents = GeneratedDocument.objects.filter(campaign=campaign, kind__in=[k.code for k in kinds]).select_related(
        "created_by", "received_by"
    )
    by_kind: dict[str, list[GeneratedDocument]] = {}
    for document in documents:
        if can_view_document(user, document):
            by_kind.setdefault(document.kind, []).append(document)
    return [
        DocumentRow(
            kind=kind,
            available=kind.available(campaign),
            can_generate=has_role(user, *kind.generate_roles),
            versions=by_kind.get(kind.code, []),
        )
        for kind in kinds
    ]


def document_get_for(user, campaign: Campaign, pk: int) -> GeneratedDocument:
    document = GeneratedDocument.objects.filter(campaign=campaign, pk=pk).select_related("campaign").first()
    if document is None or not can_view_document(user, document):
        # The district must not learn that a draft exists: same answer as a missing document.
        if document is not None and not has_role(user, DISTRICT):
            raise PermissionDenied("Bạn không được xem văn bản này.")
        raise Http404("Không có văn bản này.")
    return document
