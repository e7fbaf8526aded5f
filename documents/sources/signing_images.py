"""What a signing of the commune's bundle shows: the signer's signature image and the commune's seal,
read from the database and handed to the engine as bytes
(:class:`documents.engine.signature_appearance.SigningImages`)."""

from __future__ import annotations

from campaigns.models import Commune
from documents.engine.signature_appearance import SigningImages
from documents.models import SigningImage, SigningImageKind
from tanbinh_portal.roles import CHAIRMAN


def signing_images_for(commune: Commune, signer=None) -> SigningImages:
    """What a signing of the commune's bundle shows: the signer's signature image (with ``signer``: only
    theirs; without, as when the server's certificate signs a bundle the chairman requested: the image of
    whoever holds the chairman's role now) and the commune's seal. Missing images are None."""
    images = SigningImage.objects.filter(commune=commune)
    seal = images.filter(kind=SigningImageKind.SEAL).first()
    signatures = images.filter(
        kind=SigningImageKind.SIGNATURE,
        owner__role_assignments__role=CHAIRMAN,
        owner__role_assignments__commune=commune,
        owner__role_assignments__withdrawn_at__isnull=True,
    ).distinct()
    if signer is not None:
        signatures = signatures.filter(owner=signer)
    signature = signatures.order_by("-uploaded_at").first()
    return SigningImages(
        signature_png=bytes(signature.png) if signature else None, seal_png=bytes(seal.png) if seal else None
    )
