"""Generated documents (every rendering of a document kind, versioned and kept) and the images of the
commune's visible signature (the chairman's signature, the commune's seal)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tanbinh_portal.scoping import commune_scoped


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tạo"
    TO_SIGN = "to_sign", "Chờ Chủ tịch ký số"  # rendered; the signer's token PIN is asked on the page
    DONE = "done", "Đã tạo xong"
    FAILED = "failed", "Lỗi"


def document_upload_to(instance: GeneratedDocument, filename: str) -> str:
    return f"van-ban/{instance.campaign.slug}/{instance.kind}/v{instance.version}/{filename}"


class GeneratedDocument(models.Model):
    """One rendering of a document kind for a campaign; regenerating adds a version, never overwrites.

    ``kind`` is a :class:`documents.kinds.KindCode` (the list in :mod:`documents.kinds`). A kind with several files
    (one báo cáo thành tích per nominee) is stored as a ZIP; the district bundle is its ZIP.
    """

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("Loại văn bản", max_length=60)
    version = models.PositiveIntegerField("Phiên bản")
    status = models.CharField("Trạng thái", max_length=10, choices=DocumentStatus.choices, default="queued")
    progress = models.PositiveSmallIntegerField("Tiến độ (%)", default=0)
    sign = models.BooleanField("Ký số", default=False)
    file = models.FileField("Tệp", upload_to=document_upload_to, blank=True, max_length=300)
    filename = models.CharField("Tên tệp tải về", max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField("Dung lượng (byte)", default=0)
    error = models.TextField("Lỗi", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField("Ký số lúc", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField("Phòng Nội vụ đã nhận lúc", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = commune_scoped("campaign__commune")

    class Meta:
        # The table keeps the name it had when the model lived in campaigns (moved in state only).
        db_table = "campaigns_generateddocument"
        ordering = ["campaign", "kind", "-version"]
        verbose_name = "Văn bản đã tạo"
        verbose_name_plural = "Văn bản đã tạo"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind", "version"], name="document_version_once"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="document_progress_max_100"),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(sha256="") & ~Q(file="")), name="document_done_has_file"
            ),
            models.CheckConstraint(
                condition=~Q(status="to_sign") | (Q(sign=True) & ~Q(file="") & Q(signed_at__isnull=True)),
                name="document_to_sign_is_an_unsigned_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"

    @property
    def size_warning(self) -> str:
        """For a rendered district bundle larger than the verifier takes: the officer's warning, else ""."""
        from documents.engine.bundle import bundle_size_warning
        from documents.kinds.base import KindCode

        if self.kind != KindCode.DISTRICT_BUNDLE or self.status not in (DocumentStatus.DONE, DocumentStatus.TO_SIGN):
            return ""
        return bundle_size_warning(self.size)

    @property
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.DONE, DocumentStatus.FAILED, DocumentStatus.TO_SIGN)


class SigningImageKind(models.TextChoices):
    SIGNATURE = "signature", "Chữ ký của Chủ tịch UBND xã"
    SEAL = "seal", "Con dấu của UBND xã"


class SigningImage(models.Model):
    """The current image of one part of the commune's visible signature: a chairman's signature (``owner`` =
    that chairman) or the commune's seal (no owner). Replacing an image deletes the old row in the same
    transaction (audited old → new).

    Stored in the database (the normalised PNG, at most a few hundred KB), never under MEDIA_ROOT or
    static/: no web server can hand them out, backups hold them with the data they sign, and an upload is
    one transaction with its audit row. Deliberately not in the Django admin: a signature image is handed
    out only by the signing page, to its owner.
    """

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

    objects = commune_scoped("commune")

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
