"""A campaign's plan as data and its state: the campaign, its award options, steps, amendments, revision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import localtime

from campaigns.models.awards import AwardForm
from campaigns.models.organisation import Commune
from tanbinh_portal.scoping import commune_scoped


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    LAUNCHED = "launched", "Đã phát động"
    CLOSED = "closed", "Đã kết thúc"
    SUMMARISED = "summarised", "Đã tổng kết"


class Campaign(models.Model):
    """An emulation campaign: the plan (kế hoạch) as data, and its state."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="campaigns")
    slug = models.SlugField("Mã phong trào", max_length=80, unique=True)
    status = models.CharField("Trạng thái", max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    parent_body = models.CharField("Cơ quan chủ quản", max_length=200, blank=True)
    issuing_body = models.CharField("Cơ quan ban hành", max_length=200)
    document_number = models.CharField("Số, ký hiệu", max_length=40, blank=True)
    document_date = models.DateField("Ngày ban hành", null=True, blank=True)
    place_name = models.CharField("Địa danh", max_length=80)
    title = models.CharField("Trích yếu", max_length=300)
    introduction = models.TextField("Mở đầu", blank=True)
    purposes = models.TextField("Mục đích, yêu cầu", help_text="Mỗi đoạn một dòng.")
    slogan = models.CharField("Khẩu hiệu", max_length=300, blank=True)
    start_date = models.DateField("Từ ngày")
    end_date = models.DateField("Đến ngày")
    closing_text = models.TextField("Đoạn kết", blank=True)
    recipients = models.TextField("Nơi nhận", help_text="Mỗi nơi nhận một dòng.")
    signatory_authority = models.CharField("Thẩm quyền ký", max_length=120, default="TM. ỦY BAN NHÂN DÂN")
    signatory_position = models.CharField("Chức vụ người ký", max_length=120, default="CHỦ TỊCH")
    signatory_name = models.CharField("Người ký", max_length=120)
    registration_deadline = models.DateField("Hạn đăng ký thi đua", null=True, blank=True)
    launched_at = models.DateTimeField("Phát động lúc", null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("Kết thúc lúc", null=True, blank=True)
    summarised_at = models.DateTimeField("Tổng kết lúc", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The campaign this draft was started from ("Tạo kế hoạch năm sau từ kế hoạch này"); never changes
    # afterwards. PROTECT: a campaign another one was copied from keeps existing.
    copied_from = models.ForeignKey(
        "self",
        verbose_name="Tạo từ kế hoạch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copies",
    )
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("commune")

    class Meta:
        ordering = ["-start_date", "slug"]
        verbose_name = "Phong trào thi đua"
        verbose_name_plural = "Phong trào thi đua"
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="campaign_period_ordered"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(launched_at__isnull=False), name="campaign_launched_has_time"
            ),
            models.CheckConstraint(
                condition=Q(copied_from__isnull=True) | ~Q(copied_from=models.F("id")),
                name="campaign_not_copied_from_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == CampaignStatus.DRAFT

    def purpose_paragraphs(self) -> list[str]:
        return [line.strip() for line in self.purposes.splitlines() if line.strip()]

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class CampaignAwardForm(models.Model):
    """An award form as the plan offers it (section IV), in the plan's own words."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="award_options")
    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("Thứ tự")
    wording = models.CharField("Cách ghi trong kế hoạch", max_length=200)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "award_form"], name="campaign_award_form_once"),
            models.UniqueConstraint(fields=["campaign", "order"], name="campaign_award_form_order"),
        ]

    def __str__(self) -> str:
        return self.wording


class ImplementationStep(models.Model):
    """A numbered part of the plan's section V (Tổ chức thực hiện)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("Thứ tự")
    heading = models.CharField("Tiêu đề", max_length=200)
    body = models.TextField("Nội dung", help_text="Mỗi đoạn một dòng.")

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "order"], name="step_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.heading}"

    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


class Amendment(models.Model):
    """A recorded change to a launched plan, with its reason."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="amendments")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("Lý do sửa đổi")
    changes = models.JSONField(default=dict)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Sửa đổi {localtime(self.at):%d/%m/%Y}" if self.at else "Sửa đổi"


class PlanRevision(models.Model):
    """A counter raised by every change to what a campaign's plan shows (the plan, its targets, monthly
    fields, award options, steps, amendments): the key of the cached plan and dashboard fragments.

    Its own table, changed only with ``UPDATE … SET revision = revision + 1``: a counter on Campaign
    itself would be overwritten by any later ``save()`` of a stale Campaign instance."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, primary_key=True, related_name="plan_revision")
    revision = models.PositiveBigIntegerField(default=1)

    objects = commune_scoped("campaign__commune")

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.revision}"
