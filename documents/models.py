"""Generated documents: every rendering of a document kind, versioned and kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


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
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.DONE, DocumentStatus.FAILED, DocumentStatus.TO_SIGN)
