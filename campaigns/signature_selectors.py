"""Reads for the images of the visible signature: the signing page, one image, what a signing shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from campaigns.models import Commune
from campaigns.signature_models import SigningImage, SigningImageKind
from tanbinh_portal.roles import CHAIRMAN, has_role
from tanbinh_portal.signature_appearance import SigningImages

# The columns a page needs; the PNG bytes are read only by the image view and by signing.
LISTED = ("id", "commune_id", "kind", "owner_id", "sha256", "width", "height", "source_format", "uploaded_at")


@dataclass(frozen=True)
class SigningImagesPage:
    signature: SigningImage | None  # the viewer's own signature (a chairman's), never another's
    seal: SigningImage | None
    may_upload_signature: bool


def signing_images_page(user, commune: Commune) -> SigningImagesPage:
    images = SigningImage.objects.filter(commune=commune).select_related("uploaded_by").only(*LISTED, "uploaded_by")
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


def signing_images_for(commune: Commune, signer=None) -> SigningImages:
    """What a signing of the commune's bundle shows: the signer's signature image (with ``signer``: only
    theirs; without, as when the server's certificate signs a bundle the chairman requested: the image of
    whoever holds the chairman's role now) and the commune's seal. Missing images are None."""
    images = SigningImage.objects.filter(commune=commune)
    seal = images.filter(kind=SigningImageKind.SEAL).first()
    signatures = images.filter(kind=SigningImageKind.SIGNATURE, owner__groups__name=CHAIRMAN)
    if signer is not None:
        signatures = signatures.filter(owner=signer)
    signature = signatures.order_by("-uploaded_at").first()
    return SigningImages(
        signature_png=bytes(signature.png) if signature else None, seal_png=bytes(seal.png) if seal else None
    )
