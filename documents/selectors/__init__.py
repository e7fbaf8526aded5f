"""Reads for generated documents: what a user may see, generate and download for a campaign.

:func:`documents_visible_to` is the one rule for which versions a user sees; the documents page,
the progress fragment, the download and the receipt all read through it. The signing images page reads
its images here too (what a signing shows is :mod:`documents.sources.signing_images`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from campaigns.models import Campaign, Commune
from documents.kinds import DocumentKind, document_kinds, get_kind
from documents.models import DocumentStatus, GeneratedDocument, SigningImage, SigningImageKind
from tanbinh_portal.roles import CHAIRMAN, MANAGERS, has_role

# The columns a page needs; the PNG bytes are read only by the image view and by signing.
SIGNING_IMAGE_LISTED = (
    "id",
    "commune_id",
    "kind",
    "owner_id",
    "sha256",
    "width",
    "height",
    "source_format",
    "uploaded_at",
)


@dataclass
class DocumentRow:
    kind: DocumentKind
    available: bool
    can_generate: bool
    versions: list[GeneratedDocument] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sending: Sending | None = None  # for a kind the commune sends up: where it stands, what may be sent


@dataclass
class Sending:
    """A kind the commune sends to its receiving level, on the documents page: the submission (if sent),
    the latest version that may be sent and whether the viewer may send it."""

    submission: object | None  # documents.models.Submission
    document: GeneratedDocument | None
    may_send: bool
    form: object | None = None  # the view's send form (ids of its own: two kinds share the page)


def _sees_drafts(user, kind: DocumentKind) -> bool:
    """Those who prepare a kind follow all of its versions: queued, running, failed and drafts."""
    return has_role(user, *MANAGERS, *kind.generate_roles)


def _visible_versions(user, kind: DocumentKind, campaign: Campaign) -> Q | None:
    """The condition on the versions of ``kind`` the user sees, or None for none at all."""
    if not has_role(user, *kind.view_roles):
        return None
    condition = Q(kind=kind.code)
    if _sees_drafts(user, kind):
        return condition
    condition &= Q(status=DocumentStatus.DONE)
    if kind.official_from is None:
        return condition
    since = kind.official_from(campaign)
    if since is None:
        return None
    # The rendering read its data after it started: started after the launch (approval), it is the
    # issued document; started before, a draft that may differ from what was issued.
    return condition & Q(started_at__gte=since)


def documents_visible_to(user, campaign: Campaign) -> QuerySet[GeneratedDocument]:
    """Every version of the campaign's documents the user may see.

    A role outside a kind's ``view_roles`` sees none of it. The managers and the kind's generators see
    every version. Everyone else, the district included, sees only finished versions that were issued:
    for the district that is exactly what the commune sent it (the plan once launched, the signed
    bundle and its parts, the summary report once approved and numbered).
    """
    conditions = [c for c in (_visible_versions(user, kind, campaign) for kind in document_kinds()) if c is not None]
    documents = GeneratedDocument.objects.filter(campaign=campaign)
    if not conditions:
        return documents.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return documents.filter(combined)


def _mark_drafts(documents: list[GeneratedDocument], campaign: Campaign) -> list[GeneratedDocument]:
    """Set ``draft`` on finished versions rendered before their kind's document was issued."""
    since_by_kind: dict[str, object] = {}
    for document in documents:
        kind = get_kind(document.kind)
        if kind is None or kind.official_from is None or document.status != DocumentStatus.DONE:
            document.draft = False
            continue
        if document.kind not in since_by_kind:
            since_by_kind[document.kind] = kind.official_from(campaign)
        since = since_by_kind[document.kind]
        document.draft = since is None or document.started_at is None or document.started_at < since
    return documents


def document_rows(user, campaign: Campaign) -> list[DocumentRow]:
    """The kinds the user may see with their visible versions (newest first), in one query."""
    kinds = [kind for kind in document_kinds() if has_role(user, *kind.view_roles)]
    by_kind: dict[str, list[GeneratedDocument]] = {}
    documents = list(documents_visible_to(user, campaign).select_related("created_by", "received_by"))
    for document in _mark_drafts(documents, campaign):
        by_kind.setdefault(document.kind, []).append(document)
    rows = []
    for kind in kinds:
        row = DocumentRow(
            kind=kind,
            available=kind.available(campaign),
            can_generate=has_role(user, *kind.generate_roles),
            versions=by_kind.get(kind.code, []),
        )
        # Only those who generate the paper are told what it would lack, and only when they could.
        if row.available and row.can_generate and kind.notes is not None:
            row.notes = kind.notes(campaign)
        rows.append(row)
    return rows


def document_get_for(user, campaign: Campaign, pk: int) -> GeneratedDocument:
    """The version if the user may see it; a hidden version answers exactly like a missing one (404)."""
    document = documents_visible_to(user, campaign).filter(pk=pk).select_related("campaign").first()
    if document is None:
        raise Http404("Không có văn bản này.")
    return _mark_drafts([document], campaign)[0]


@dataclass(frozen=True)
class SigningImagesPage:
    signature: SigningImage | None  # the viewer's own signature (a chairman's), never another's
    seal: SigningImage | None
    may_upload_signature: bool


def signing_images_page(user, commune: Commune) -> SigningImagesPage:
    """The viewer's own signature image and the commune's seal, without their bytes (one query)."""
    images = (
        SigningImage.objects.filter(commune=commune)
        .select_related("uploaded_by")
        .only(*SIGNING_IMAGE_LISTED, "uploaded_by")
    )
    seal = next((i for i in images if i.kind == SigningImageKind.SEAL), None)
    own = next((i for i in images if i.kind == SigningImageKind.SIGNATURE and i.owner_id == user.pk), None)
    return SigningImagesPage(signature=own, seal=seal, may_upload_signature=has_role(user, CHAIRMAN))


def signing_image_get_for(user, commune: Commune, pk: int) -> SigningImage:
    """An image the user may see: the commune's seal, or their own signature. Another commune's image or
    another person's signature answers exactly like a missing one (404)."""
    image = SigningImage.objects.filter(pk=pk, commune=commune).first()
    if image is None or (image.kind == SigningImageKind.SIGNATURE and image.owner_id != user.pk):
        raise Http404("Không có ảnh này.")
    return image
