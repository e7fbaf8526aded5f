"""Evidence files attached to a nomination (scans, photos, minutes), kept in private storage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Criterion
from rewards.models.nominations import Nomination
from tanbinh_portal.filekinds import ATTACHMENT_KINDS
from tanbinh_portal.formatting import format_number
from tanbinh_portal.private_storage import PrivateStorage
from tanbinh_portal.scoping import commune_scoped


def size_text(size: int) -> str:
    """``20971520 -> '20 MB'``; ``1536 -> '1,5 KB'`` (Vietnamese decimal comma)."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{format_number(size / scale, 1)} {unit}"
    return f"{size} byte"


def evidence_file_path(instance: EvidenceFile, filename: str) -> str:
    """A name made by the service (random, with the extension of the detected kind), never the user's."""
    return f"evidence/{instance.nomination.campaign_id}/{instance.nomination_id}/{filename}"


class EvidenceFile(models.Model):
    """One file attached to a nomination, optionally for a criterion the council assesses by evidence.

    Frozen with the nomination: ``frozen_at`` is stamped when the nomination is submitted, after which
    the file is neither replaced nor removed (a returned nomination may take more files).
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="evidence_files")
    criterion = models.ForeignKey(
        Criterion,
        verbose_name="Nội dung thi đua",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField("Mô tả", max_length=300, blank=True)
    file = models.FileField(upload_to=evidence_file_path, storage=PrivateStorage(), max_length=255)
    original_name = models.CharField("Tên tệp", max_length=255)
    kind = models.CharField("Loại tệp", max_length=10)
    size = models.PositiveBigIntegerField("Dung lượng")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    frozen_at = models.DateTimeField("Chốt lúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("nomination__campaign__commune")

    class Meta:
        ordering = ["nomination", "uploaded_at", "id"]
        verbose_name = "Tệp minh chứng"
        verbose_name_plural = "Tệp minh chứng"
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_file_not_empty"),
            models.CheckConstraint(condition=~Q(original_name=""), name="evidence_file_has_name"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def size_display(self) -> str:
        return size_text(self.size)

    @property
    def kind_label(self) -> str:
        return ATTACHMENT_KINDS.get(self.kind, (self.kind,))[0]
