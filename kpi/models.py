"""One-stop dossiers, their imports, computed indicator values and monthly figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.timezone import localtime

from campaigns.models import Campaign, Commune, MonthlyField
from tanbinh_portal.scoping import commune_scoped


class Channel(models.IntegerChoices):
    DIRECT = 1, "Trực tiếp"
    ONLINE = 2, "Trực tuyến"
    POSTAL = 3, "Bưu chính công ích"


class DossierStatus(models.IntegerChoices):
    NEW = 1, "Mới đăng ký"
    ACCEPTED = 2, "Được tiếp nhận"
    REFUSED = 3, "Không được tiếp nhận"
    PROCESSING = 4, "Đang xử lý"
    SUPPLEMENT = 5, "Yêu cầu bổ sung giấy tờ"
    FINANCIAL = 6, "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = 7, "Công dân yêu cầu rút hồ sơ"
    STOPPED = 8, "Dừng xử lý"
    RESOLVED = 9, "Đã xử lý xong"
    RETURNED = 10, "Đã trả kết quả"


class Rating(models.IntegerChoices):
    VERY_SATISFIED = 1, "Rất hài lòng"
    SATISFIED = 2, "Hài lòng"
    DISSATISFIED = 3, "Không hài lòng"


class Dossier(models.Model):
    """One row of the one-stop log (sổ theo dõi hồ sơ), keyed by (commune, Mã hồ sơ).

    The local calendar dates (Asia/Ho_Chi_Minh) are stored next to the timestamps so that every
    indicator compares dates in SQL the same way on SQLite and PostgreSQL.
    """

    # No database foreign keys and no single-column indexes here (see docs/decisions.md, "Dossier table
    # without foreign-key triggers"): a million-row import paid ~20 s for the per-row FK checks at
    # commit. Rows are written only by the import, under a lock on an existing commune's row; deleting
    # a commune or an import goes through Django, which still applies PROTECT and SET_NULL.
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="dossiers", db_constraint=False, db_index=False
    )
    code = models.CharField("Mã hồ sơ", max_length=100)
    procedure_code = models.CharField("Mã thủ tục", max_length=100, blank=True)
    procedure_name = models.CharField("Tên thủ tục", max_length=500)
    field = models.CharField("Lĩnh vực", max_length=200)
    channel = models.PositiveSmallIntegerField("Kênh nộp", choices=Channel.choices)
    status = models.PositiveSmallIntegerField("Trạng thái", choices=DossierStatus.choices)
    received_at = models.DateTimeField("Ngày tiếp nhận")
    due_at = models.DateTimeField("Ngày hẹn trả", null=True, blank=True)
    result_at = models.DateTimeField("Ngày có kết quả", null=True, blank=True)
    returned_at = models.DateTimeField("Ngày trả kết quả", null=True, blank=True)
    received_date = models.DateField("Ngày tiếp nhận (ngày)")
    due_date = models.DateField("Ngày hẹn trả (ngày)", null=True, blank=True)
    result_date = models.DateField("Ngày kết quả (ngày)", null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField("Số lần bổ sung", default=0)
    receiver = models.CharField("Cán bộ tiếp nhận", max_length=120, blank=True)
    handler = models.CharField("Cán bộ xử lý", max_length=120, blank=True)
    rating = models.PositiveSmallIntegerField("Đánh giá", choices=Rating.choices, null=True, blank=True)
    dissatisfaction_reason = models.TextField("Lý do không hài lòng", blank=True)
    harassment = models.BooleanField("Không hài lòng do nhũng nhiễu, gây phiền hà", default=False)
    four_on_spot = models.BooleanField("4 tại chỗ", default=False)
    row_hash = models.CharField(max_length=32)
    row_hash31 = models.BigIntegerField(default=0)
    last_import = models.ForeignKey(
        "DossierImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    objects = commune_scoped("commune")

    class Meta:
        ordering = ["received_at", "code"]
        verbose_name = "Hồ sơ một cửa"
        verbose_name_plural = "Hồ sơ một cửa"
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="dossier_code_once_per_commune"),
            models.CheckConstraint(condition=Q(channel__in=[1, 2, 3]), name="dossier_channel_known"),
            models.CheckConstraint(condition=Q(status__gte=1, status__lte=10), name="dossier_status_known"),
        ]
        indexes = [
            models.Index(fields=["commune", "received_date"]),
            models.Index(fields=["commune", "result_date"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def four_on_spot_counted(self) -> bool:
        """Flagged and resolved on the day received: the rule of the 4-tại-chỗ indicator (kpi.indicators)."""
        return self.four_on_spot and self.status in (9, 10) and self.result_date == self.received_date


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang xử lý"
    APPLIED = "applied", "Đã nhập"
    CHECKED = "checked", "Đã kiểm tra (chạy thử)"
    UNCHANGED = "unchanged", "Không có thay đổi"
    REJECTED = "rejected", "Bị từ chối"
    FAILED = "failed", "Lỗi hệ thống"
    # The process running it died (worker killed, server restarted) or a transient error outlived its
    # retries; nothing of the file was written and the import can be retried.
    INTERRUPTED = "interrupted", "Bị gián đoạn"


class OneStopUnit(models.Model):
    """A unit of a provincial one-stop system (its DVCQG ``DonViId``) and the commune it is.

    A province's one-stop system exports one file for all its units; the import routes each row to
    its commune by the file's "Mã đơn vị" column through this table. Set by ``one_stop_unit_set``
    (command ``set_one_stop_unit``); the admin only shows it.
    """

    code = models.CharField("Mã đơn vị (DonViId)", max_length=100, unique=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="one_stop_units")
    name = models.CharField("Tên đơn vị", max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "Đơn vị một cửa"
        verbose_name_plural = "Đơn vị một cửa"
        constraints = [models.CheckConstraint(condition=~Q(code=""), name="one_stop_unit_code_not_empty")]

    def __str__(self) -> str:
        return f"{self.code} ({self.name})" if self.name else self.code


class DossierImport(models.Model):
    """One uploaded file and what became of it.

    ``commune`` is the commune the import is for; it is empty only for a province's file of many
    communes run by ``import_dossiers`` without ``--commune``, whose rows go to the communes their
    "Mã đơn vị" names.
    """

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="dossier_imports", null=True, blank=True
    )
    file = models.FileField(upload_to="kpi/imports/%Y/%m/", blank=True)
    file_name = models.CharField("Tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField(default=0)
    dry_run = models.BooleanField("Chạy thử", default=False)
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    # Liveness of a running import: stamped at the claim and at each progress report; also how many
    # times it was claimed (a file that kills its worker every time must stop being retried).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    rows_added = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # Rows that were imported but will not count as the officer may expect (see row_warnings).
    warning_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    # When the nightly job removed the stored file of a rejected import (IMPORT_REJECTED_RETENTION_DAYS).
    file_deleted_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    objects = commune_scoped("commune")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "Lần nhập sổ hồ sơ"
        verbose_name_plural = "Lần nhập sổ hồ sơ"
        indexes = [models.Index(fields=["commune", "sha256"])]

    def __str__(self) -> str:
        # Local time, like every time the pages show (the audit log stores this label).
        return f"{self.file_name} ({localtime(self.created_at):%d/%m/%Y %H:%M})" if self.created_at else self.file_name

    @property
    def is_finished(self) -> bool:
        return self.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def elapsed_ms(self) -> int | None:
        """From the upload to the result, queue wait included (``duration_ms`` is the processing alone)."""
        if self.finished_at is None or self.created_at is None:
            return None
        return max(int((self.finished_at - self.created_at).total_seconds() * 1000), 0)

    @property
    def can_retry(self) -> bool:
        # Imports run by the command read the file where it lies and keep no copy: rerun the command.
        return self.status in (ImportStatus.INTERRUPTED, ImportStatus.FAILED) and bool(self.file)


class IndicatorValue(models.Model):
    """A stored indicator for one period and scope, with everything needed to explain it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.CharField(max_length=40)
    period = models.CharField(max_length=10)  # "2022-03" or "campaign"
    scope = models.CharField(max_length=20)  # commune, field, receiver, handler
    scope_key = models.CharField(max_length=200, blank=True)
    numerator = models.BigIntegerField(null=True, blank=True)
    denominator = models.BigIntegerField(null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=6, null=True, blank=True)
    formula_version = models.CharField(max_length=20)
    fingerprint = models.CharField(max_length=64)
    computed_at = models.DateTimeField()

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "indicator", "scope", "scope_key", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "indicator", "period", "scope", "scope_key"], name="indicator_value_once"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "scope", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.scope}:{self.scope_key} = {self.value}"


class MonthStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã gửi"
    LOCKED = "locked", "Đã khóa"


class MonthlyReport(models.Model):
    """The hand-entered figures of one campaign month."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="monthly_reports")
    month = models.CharField("Tháng", max_length=7)
    status = models.CharField(max_length=20, choices=MonthStatus.choices, default=MonthStatus.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    unlock_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "month"]
        constraints = [models.UniqueConstraint(fields=["campaign", "month"], name="monthly_report_once")]

    def __str__(self) -> str:
        return f"Số liệu tháng {self.month}"


class MonthlyValue(models.Model):
    """One figure of a month: a campaign's monthly field (``field`` set) or a hand-entered 06a column.

    ``key`` is the field's key (or ``b06a_<column>``); ``field`` uses RESTRICT so a field that has
    values cannot be deleted, only deactivated.
    """

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(max_length=40)
    field = models.ForeignKey(
        MonthlyField, null=True, blank=True, on_delete=models.RESTRICT, related_name="monthly_values"
    )
    value = models.BigIntegerField(null=True, blank=True)

    objects = commune_scoped("report__campaign__commune")

    class Meta:
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="monthly_value_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="monthly_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class MonthlyValueChange(models.Model):
    """Per-value history: who changed what, when, from which value to which."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="changes")
    key = models.CharField(max_length=40)
    old_value = models.BigIntegerField(null=True, blank=True)
    new_value = models.BigIntegerField(null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = commune_scoped("report__campaign__commune")

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.key}: {self.old_value} → {self.new_value}"


class RatingReason(models.TextChoices):
    """Why a citizen is not satisfied (the rating page's choices; several may be ticked)."""

    HARASSMENT = "harassment", "Nhũng nhiễu, gây phiền hà"
    LATE = "late", "Trả kết quả trễ hẹn"
    ATTITUDE = "attitude", "Thái độ phục vụ chưa tốt"
    GUIDANCE = "guidance", "Hướng dẫn chưa rõ, phải đi lại nhiều lần"
    OTHER = "other", "Lý do khác"


class RatingSource(models.TextChoices):
    """Where the rating a dossier counts with comes from (``kpi.ratings``: the portal's wins)."""

    PORTAL = "portal", "Người dân đánh giá trên Cổng"
    IMPORT = "import", "Theo sổ hồ sơ nhập"


# Bounds of what the rating page stores (docs/security.md, "Public rating page").
RATING_COMMENT_MAX = 1000


class RatingTicket(models.Model):
    """The secret behind a dossier's rating QR code: a random nonce, issued when the desk first prints
    or shows the code. The public token is the nonce and an HMAC over (dossier, nonce) (``kpi.ratings_tokens``);
    the dossier's id never appears in it."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating_ticket")
    nonce = models.CharField(max_length=32, unique=True)
    # The code a citizen types at /dg/ when they cannot scan (kpi.ratings_tokens.SHORT_*): 10 symbols
    # of Crockford's base32, random, unique; stored without the hyphen.
    short_code = models.CharField(max_length=10, unique=True, null=True, blank=True)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = commune_scoped("commune")

    class Meta:
        verbose_name = "Mã đánh giá của hồ sơ"
        verbose_name_plural = "Mã đánh giá của hồ sơ"

    def __str__(self) -> str:
        return f"Mã đánh giá hồ sơ {self.dossier_id}"


class CitizenRating(models.Model):
    """A citizen's rating of one dossier, given on the portal's public rating page (one per dossier).

    The ratings that arrive with an import stay on the dossier row (``Dossier.rating``, written only by
    the import); both are one set read through ``kpi.ratings`` (this one wins when both exist, see
    docs/kpi.md). ``comment`` is what the citizen typed, NFC, never shown publicly.
    """

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="citizen_rating")
    level = models.PositiveSmallIntegerField("Mức độ hài lòng", choices=Rating.choices)
    harassment = models.BooleanField("Nhũng nhiễu, gây phiền hà", default=False)
    reasons = models.JSONField("Lý do không hài lòng", default=list, blank=True)
    comment = models.TextField("Ý kiến khác", blank=True, max_length=RATING_COMMENT_MAX)
    created_at = models.DateTimeField("Đánh giá lúc")
    replaced_at = models.DateTimeField("Đánh giá lại lúc", null=True, blank=True)
    replace_count = models.PositiveSmallIntegerField(default=0)

    objects = commune_scoped("commune")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "Đánh giá của người dân"
        verbose_name_plural = "Đánh giá của người dân"
        constraints = [
            models.CheckConstraint(condition=Q(level__in=[1, 2, 3]), name="citizen_rating_level_known"),
            # Reasons belong to "Không hài lòng" only: the harassment flag the KPI counts included.
            models.CheckConstraint(
                condition=Q(level=3) | Q(harassment=False, comment=""),
                name="citizen_rating_reasons_only_when_dissatisfied",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("comment"), RATING_COMMENT_MAX), name="citizen_rating_comment_bounded"
            ),
        ]
        indexes = [models.Index(fields=["commune", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} (hồ sơ {self.dossier_id})"
