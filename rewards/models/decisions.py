"""Number series (NĐ 30, Art. 15), the chairman's approval round and commune decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Campaign, Commune
from tanbinh_portal.scoping import commune_scoped


class Issuer(models.TextChoices):
    UBND = "ubnd", "UBND xã"
    COUNCIL = "hdtdkt", "Hội đồng Thi đua – Khen thưởng xã"


class NumberSeries(models.Model):
    """The last number used by an issuing body in a year; numbers restart at 01 each 1 January.

    The council signs in its own name with its own series (NĐ 30/2020, Phụ lục I, Mục II.3.a).
    """

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    issuer = models.CharField(max_length=10, choices=Issuer.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)
    # The date of the last number: a later number may not carry an earlier date (NĐ 30/2020, Điều 15).
    last_issued_on = models.DateField(null=True, blank=True)

    objects = commune_scoped("commune")

    class Meta:
        verbose_name = "Sổ đăng ký số văn bản"
        verbose_name_plural = "Sổ đăng ký số văn bản"
        constraints = [models.UniqueConstraint(fields=["commune", "issuer", "year"], name="series_once_per_year")]

    def __str__(self) -> str:
        return f"{self.get_issuer_display()} {self.year}: {self.last_number}"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "Chờ Chủ tịch phê duyệt"
    APPROVED = "approved", "Đã phê duyệt (danh sách đã chốt)"
    RETURNED = "returned", "Trả lại Hội đồng"


class ApprovalRound(models.Model):
    """The chairman's approval of a campaign's council-passed list; approved = frozen."""

    campaign = models.OneToOneField(Campaign, on_delete=models.PROTECT, related_name="approval_round")
    status = models.CharField(max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    comment = models.TextField("Ý kiến", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("campaign__commune")

    def __str__(self) -> str:
        return f"Phê duyệt: {self.campaign}"

    @property
    def is_frozen(self) -> bool:
        return self.status == ApprovalStatus.APPROVED


class Decision(models.Model):
    """Quyết định khen thưởng of the commune chairman, numbered from the UBND's yearly series when issued."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="award_decisions")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    issuer = models.CharField(max_length=10, choices=Issuer.choices, default=Issuer.UBND)
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField("Số")
    issued_on = models.DateField("Ngày ban hành")
    signatory_name = models.CharField("Người ký", max_length=120)
    signatory_position = models.CharField("Chức vụ người ký", max_length=120, default="CHỦ TỊCH")
    title = models.CharField("Trích yếu", max_length=300)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = commune_scoped("commune")

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = "Quyết định khen thưởng"
        verbose_name_plural = "Quyết định khen thưởng"
        constraints = [
            models.UniqueConstraint(fields=["commune", "issuer", "year", "number"], name="decision_number_unique"),
            models.CheckConstraint(condition=Q(number__gt=0), name="decision_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Quyết định số {self.reference}"

    @property
    def reference(self) -> str:
        return f"{self.number:02d}/QĐ-UBND"
