"""Writes for the images the signed bundle shows (the chairman's signature, the commune's seal):
upload or replace, remove."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import User
from django.db import transaction

from campaigns.models import Commune
from documents.engine.signature_images import ImageRejected, check_image
from documents.models import SigningImage, SigningImageKind
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.roles import CHAIRMAN, OFFICER, has_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError

# Who may put which image: the signature only its own chairman; the seal the chairman or the office.
UPLOAD_ROLES = {SigningImageKind.SIGNATURE: (CHAIRMAN,), SigningImageKind.SEAL: (CHAIRMAN, OFFICER)}


def _check_signing_image_role(actor: User, kind: str, commune: Commune) -> None:
    if kind not in UPLOAD_ROLES:
        raise ServiceError("Không có loại ảnh này.", code="unknown_kind")
    if not has_role(actor, *UPLOAD_ROLES[kind], at=commune):
        if kind == SigningImageKind.SIGNATURE:
            raise NotPermitted("Chỉ Chủ tịch UBND xã tải lên ảnh chữ ký của chính mình.")
        raise NotPermitted("Chỉ Chủ tịch UBND xã hoặc công chức Văn phòng – Thống kê tải lên ảnh con dấu.")


def signing_image_upload(*, actor: User, commune: Commune, kind: str, data: bytes) -> SigningImage:
    """Check ``data`` by its content, store it normalised, replacing the actor's signature (or the
    commune's seal); one audit row with the old and new SHA-256 of the stored image."""
    _check_signing_image_role(actor, kind, commune)
    try:
        checked = check_image(data)
    except ImageRejected as error:
        raise ServiceError(str(error), code="bad_image") from None
    owner = actor if kind == SigningImageKind.SIGNATURE else None
    with transaction.atomic():
        old = SigningImage.objects.select_for_update().filter(commune=commune, kind=kind, owner=owner).first()
        old_sha = old.sha256 if old else ""
        if old:
            old.delete()
        image = SigningImage.objects.create(
            commune=commune,
            kind=kind,
            owner=owner,
            png=checked.png,
            sha256=hashlib.sha256(checked.png).hexdigest(),
            width=checked.width,
            height=checked.height,
            source_format=checked.source_format,
            uploaded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.SIGNING_IMAGE_UPLOAD,
            obj=image,
            changes={
                "kind": kind,
                "sha256": [old_sha, image.sha256],
                "pixels": f"{checked.width}×{checked.height}",
                "source_format": checked.source_format,
            },
        )
    return image


def signing_image_delete(*, actor: User, image: SigningImage) -> None:
    """Remove an image; signing then shows the text stamp (or the other image) instead."""
    _check_signing_image_role(actor, image.kind, image.commune)
    if image.kind == SigningImageKind.SIGNATURE and image.owner_id != actor.pk:
        raise NotPermitted("Chỉ người ký xóa ảnh chữ ký của mình.")
    with transaction.atomic():
        changes = {"kind": image.kind, "sha256": image.sha256}
        audit_record(actor=actor, action=AuditAction.SIGNING_IMAGE_DELETE, obj=image, changes=changes)
        image.delete()
