"""Cross-cutting records: the audit log and in-portal notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tanbinh_portal.scoping import commune_scoped


class AuditEvent(models.Model):
    """One change that matters: who, when, what, from what to what, and why.

    Rows are written by services in the same transaction as the change and are never edited.
    """

    at = models.DateTimeField("Thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("Thao tác", max_length=80, db_index=True)
    object_type = models.CharField("Loại đối tượng", max_length=80)
    object_id = models.CharField("Mã đối tượng", max_length=64)
    object_repr = models.CharField("Đối tượng", max_length=300)
    changes = models.JSONField("Thay đổi", default=dict, blank=True)
    reason = models.TextField("Lý do", blank=True)
    # The commune the changed object belongs to (none for a province, a district or a role held there):
    # the log is a commune's own, scoped like its rows. An id, not a foreign key: this package depends
    # on no app.
    commune_id = models.PositiveBigIntegerField("Xã", null=True, blank=True, db_index=True)

    objects = commune_scoped("commune_id")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "Nhật ký thay đổi"
        verbose_name_plural = "Nhật ký thay đổi"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events cannot be deleted.")


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi thư"
    SENDING = "sending", "Đang gửi thư"
    SENT = "sent", "Đã gửi thư"
    NO_ADDRESS = "no_address", "Không gửi thư: tài khoản chưa có địa chỉ thư điện tử"
    FAILED = "failed", "Gửi thư không được"


class Notification(models.Model):
    """A message shown in the portal to one user (and e-mailed by a task).

    ``emailed_at`` is set only when the mail server accepted the message; ``email_status`` says what
    happened otherwise (no address, a refusal with its reason in ``email_error``).
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField("Tiêu đề", max_length=200)
    body = models.TextField("Nội dung", blank=True)
    link = models.CharField("Liên kết", max_length=300, blank=True)
    read_at = models.DateTimeField("Đã đọc lúc", null=True, blank=True)
    emailed_at = models.DateTimeField("Đã gửi thư lúc", null=True, blank=True)
    email_status = models.CharField(
        "Thư điện tử", max_length=12, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_error = models.CharField("Lý do gửi thư không được", max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "Thông báo"
        verbose_name_plural = "Thông báo"
        indexes = [models.Index(fields=["recipient", "read_at"]), models.Index(fields=["email_status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email_status="sent", emailed_at__isnull=False)
                | (~models.Q(email_status="sent") & models.Q(emailed_at__isnull=True)),
                name="notification_emailed_only_when_sent",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PasswordChangeDue(models.Model):
    """An account that must choose its own password before it works in the portal.

    Set when an administrator creates the account or resets its password (the password was told to the
    user by someone else); removed when the user changes it themself. Read once at login
    (``tanbinh_portal.accounts``), so a page costs no query for it.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField("Từ lúc", auto_now_add=True)

    class Meta:
        verbose_name = "Tài khoản phải đổi mật khẩu"
        verbose_name_plural = "Tài khoản phải đổi mật khẩu"

    def __str__(self) -> str:
        return f"{self.user} phải đổi mật khẩu"
