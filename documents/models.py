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


class SubmissionKind(models.TextChoices):
    """What a commune sends to the receiving level; each is a kind of generated document."""

    BUNDLE = "bundle", "Hồ sơ đề nghị khen thưởng"
    SUMMARY = "summary", "Báo cáo tổng kết"


class SubmissionStatus(models.TextChoices):
    SENT = "sent", "Đã gửi, chờ tiếp nhận"
    RECEIVED = "received", "Đã tiếp nhận"
    RETURNED = "returned", "Trả lại để bổ sung, chỉnh sửa"
    DECIDED = "decided", "Đã có kết quả"


class StepAction(models.TextChoices):
    SEND = "send", "Xã gửi"
    RESEND = "resend", "Xã gửi lại"
    RECEIVE = "receive", "Tiếp nhận"
    RETURN = "return", "Trả lại để bổ sung, chỉnh sửa"
    OUTCOME = "outcome", "Ghi kết quả"


class Submission(models.Model):
    """One paper a commune's campaign sends up (its district bundle, its summary report) and where it is:
    sent → received → decided (the bundle's outcome), or returned with a reason and sent again.

    ``district``/``province``: the receiving level when it was last sent (``Commune.receiving_level`` on
    that day; exactly one). ``document``: the version sent last. Every step is a :class:`SubmissionStep`.
    """

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="submissions")
    commune = models.ForeignKey("campaigns.Commune", on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField("Loại hồ sơ", max_length=10, choices=SubmissionKind.choices)
    document = models.ForeignKey(GeneratedDocument, on_delete=models.PROTECT, related_name="submissions")
    district = models.ForeignKey(
        "campaigns.District", null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    province = models.ForeignKey(
        "campaigns.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField("Trạng thái", max_length=10, choices=SubmissionStatus.choices)
    # Dates are the papers' (entered, back-dated when a paper is entered later, or today); the deadline
    # is judged on them. The moments the portal recorded them are the steps' ``at``.
    sent_on = models.DateField("Ngày gửi")
    first_sent_on = models.DateField("Ngày gửi lần đầu")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("Ngày tiếp nhận", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField("Lý do trả lại", blank=True)
    decision_number = models.CharField("Số quyết định", max_length=40, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("commune")

    class Meta:
        ordering = ["-sent_on", "pk"]
        verbose_name = "Hồ sơ gửi cấp trên"
        verbose_name_plural = "Hồ sơ gửi cấp trên"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="submission_once_per_campaign_kind"),
            models.CheckConstraint(
                condition=(Q(district__isnull=False) & Q(province__isnull=True))
                | (Q(district__isnull=True) & Q(province__isnull=False)),
                name="submission_one_receiving_level",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="submission_returned_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="submission_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(kind="bundle"), name="submission_only_bundle_decided"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.campaign}"

    @property
    def receiving_level(self):
        return self.district or self.province

    @property
    def decision_reference(self) -> str:
        if not self.decision_number:
            return ""
        return f"Quyết định số {self.decision_number} ngày {self.decision_date:%d/%m/%Y}"


class SubmissionStep(models.Model):
    """One step of a submission, as the commune and the receiving level see it (who, when, why)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("Bước", max_length=10, choices=StepAction.choices)
    document = models.ForeignKey(GeneratedDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on = models.DateField("Ngày")
    at = models.DateTimeField("Ghi lúc", auto_now_add=True)
    reason = models.TextField("Lý do, ghi chú", blank=True)

    objects = commune_scoped("submission__commune")

    class Meta:
        ordering = ["submission", "on", "pk"]
        verbose_name = "Bước xử lý hồ sơ"
        verbose_name_plural = "Bước xử lý hồ sơ"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.on:%d/%m/%Y}"


class SubmissionDeadline(models.Model):
    """The date by which the communes of a receiving level send their papers for a year ("theo ngày
    của Phòng Nội vụ thông báo"); announced again, it is updated (audited old → new)."""

    year = models.PositiveSmallIntegerField("Năm")
    due_on = models.DateField("Hạn gửi")
    note = models.TextField("Ghi chú", blank=True)
    district = models.ForeignKey(
        "campaigns.District", null=True, blank=True, on_delete=models.PROTECT, related_name="submission_deadlines"
    )
    province = models.ForeignKey(
        "campaigns.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="submission_deadlines"
    )
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    announced_at = models.DateTimeField("Thông báo lúc", auto_now=True)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = "Hạn gửi hồ sơ"
        verbose_name_plural = "Hạn gửi hồ sơ"
        constraints = [
            models.CheckConstraint(
                condition=(Q(district__isnull=False) & Q(province__isnull=True))
                | (Q(district__isnull=True) & Q(province__isnull=False)),
                name="deadline_one_receiving_level",
            ),
            models.UniqueConstraint(
                fields=["district", "year"], condition=Q(district__isnull=False), name="deadline_once_per_district"
            ),
            models.UniqueConstraint(
                fields=["province", "year"], condition=Q(province__isnull=False), name="deadline_once_per_province"
            ),
        ]

    def __str__(self) -> str:
        return f"Hạn gửi hồ sơ năm {self.year}: {self.due_on:%d/%m/%Y}"

    @property
    def receiving_level(self):
        return self.district or self.province
