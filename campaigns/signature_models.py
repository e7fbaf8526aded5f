"""The images of the commune's visible signature: the chairman's signature and the commune's seal.

Stored in the database (the normalised PNG, at most a few hundred KB), never under MEDIA_ROOT or
static/: no web server can hand them out, backups hold them with the data they sign, and an upload is
one transaction with its audit row. Deliberately not in the Django admin: a signature image is handed
out only by the signing page, to its owner.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class SigningImageKind(models.TextChoices):
    SIGNATURE = "signature", "Chữ ký của Chủ tịch UBND xã"
    SEAL = "seal", "Con dấu của UBND xã"


class SigningImage(models.Model):
    """One current image: a chairman's signature (``owner`` = that chairman) or the commune's seal
    (no owner). Replacing an image deletes the old row in the same transaction (audited old → new)."""

    commune = models.ForeignKey("campaigns.Commune", on_delete=models.CASCADE, related_name="signing_images")
    kind = models.CharField("Loại ảnh", max_length=10, choices=SigningImageKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người ký",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    png = models.BinaryField("Ảnh PNG đã chuẩn hóa")
    sha256 = models.CharField("SHA-256", max_length=64)
    width = models.PositiveIntegerField("Chiều rộng (điểm ảnh)")
    height = models.PositiveIntegerField("Chiều cao (điểm ảnh)")
    source_format = models.CharField("Định dạng tải lên", max_length=10)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("Tải lên lúc", auto_now_add=True)

    class Meta:
        ordering = ["commune", "kind"]
        verbose_name = "Ảnh chữ ký, con dấu"
        verbose_name_plural = "Ảnh chữ ký, con dấu"
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="signature") & Q(owner__isnull=False)) | (Q(kind="seal") & Q(owner__isnull=True)),
                name="signing_image_signature_has_owner_seal_has_none",
            ),
            models.UniqueConstraint(
                fields=["commune", "owner"],
                condition=Q(kind="signature"),
                name="signing_image_one_signature_per_signer",
            ),
            models.UniqueConstraint(fields=["commune"], condition=Q(kind="seal"), name="signing_image_one_seal"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.commune.name}"
