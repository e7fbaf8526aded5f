"""The year-end summary report's narrative (the officer drafts, the chairman approves) and the numbers
given to documents the commune issues from a series (tờ trình, báo cáo)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Campaign, Commune
from tanbinh_portal.scoping import commune_scoped


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã trình Chủ tịch"
    APPROVED = "approved", "Chủ tịch đã duyệt"


class SummaryReport(models.Model):
    """The officer's sections of the Báo cáo tổng kết; the figures come from the data when rendered."""

    campaign = models.OneToOneField(Campaign, on_delete=models.PROTECT, related_name="summary_report")
    strengths = models.TextField("Ưu điểm, những mặt đã làm được", blank=True)
    effects = models.TextField("Tác dụng của phong trào thi đua", blank=True)
    limitations = models.TextField("Hạn chế, thiếu sót", blank=True)
    lessons = models.TextField("Bài học kinh nghiệm", blank=True)
    directions = models.TextField("Phương hướng, nhiệm vụ năm sau", blank=True)
    recommendations = models.TextField("Kiến nghị, đề xuất", blank=True)
    # {criterion order (str): the officer's or council's assessment, with its evidence} for each content
    # the plan assesses rather than measures; printed in section II, required before submitting.
    assessments = models.JSONField("Đánh giá các nội dung không đo bằng số liệu", default=dict, blank=True)
    status = models.CharField(max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT)
    number = models.ForeignKey(
        "rewards.IssuedNumber", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("campaign__commune")

    class Meta:
        verbose_name = "Báo cáo tổng kết"
        verbose_name_plural = "Báo cáo tổng kết"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(number__isnull=False), name="summary_approved_numbered"
            ),
        ]

    def __str__(self) -> str:
        return f"Báo cáo tổng kết: {self.campaign}"

    SECTIONS = ("strengths", "effects", "limitations", "lessons", "directions", "recommendations")


class IssuedNumber(models.Model):
    """A number taken from an issuing body's yearly series for one document of a campaign.

    One row per (campaign, document code): issuing the same document again reuses its number.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="issued_numbers")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=60)
    issuer = models.CharField(max_length=10)
    symbol = models.CharField(max_length=30)  # "TTr-UBND"
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    issued_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = commune_scoped("commune")

    class Meta:
        verbose_name = "Số văn bản đã cấp"
        verbose_name_plural = "Số văn bản đã cấp"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="issued_number_once_per_document"),
            models.UniqueConstraint(
                fields=["commune", "issuer", "year", "number"], name="issued_number_unique_in_series"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.number:02d}/{self.symbol}"
