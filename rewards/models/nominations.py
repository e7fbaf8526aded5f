"""Quotas and thresholds per award form, eligibility rules, nominations and their frozen evidence."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import AwardForm, Campaign, Person, Unit
from tanbinh_portal.comparators import RULE_CHOICES
from tanbinh_portal.formatting import format_number, format_percent
from tanbinh_portal.scoping import commune_scoped


class ThresholdBase(models.TextChoices):
    ALL = "all", "tổng số thành viên"
    PRESENT = "present", "số thành viên có mặt"


class AwardQuota(models.Model):
    """Chỉ tiêu of one award form in one campaign (from the district's notice) and its pass threshold.

    Default threshold: more than 50% of all council members agree.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="award_quotas")
    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveIntegerField("Chỉ tiêu")
    threshold_base = models.CharField(
        "Tính trên", max_length=10, choices=ThresholdBase.choices, default=ThresholdBase.ALL
    )
    threshold_percent = models.DecimalField("Tỷ lệ đồng ý (%)", max_digits=5, decimal_places=2, default=Decimal(50))
    threshold_inclusive = models.BooleanField(
        "Đạt khi bằng tỷ lệ", default=False, help_text="Bỏ chọn: phải trên tỷ lệ; chọn: từ tỷ lệ trở lên."
    )
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "award_form__valid_from", "award_form__code"]
        verbose_name = "Chỉ tiêu khen thưởng"
        verbose_name_plural = "Chỉ tiêu khen thưởng"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "award_form"], name="quota_once_per_form"),
            models.CheckConstraint(
                condition=Q(threshold_percent__gt=0) & Q(threshold_percent__lte=100), name="quota_threshold_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_form}: {self.quota}"

    @property
    def threshold_text(self) -> str:
        word = "từ" if self.threshold_inclusive else "trên"
        return f"{word} {format_percent(self.threshold_percent)} {self.get_threshold_base_display()}"


class RuleKind(models.TextChoices):
    REGISTERED = "registered", "Đã đăng ký thi đua"
    NO_DISCIPLINE = "no_discipline", "Không đang bị xem xét kỷ luật, điều tra"
    EVIDENCE = "evidence", "Chỉ số đo được đạt ngưỡng"


class EligibilityRule(models.Model):
    """One item of an award form's eligibility checklist, set by the officer per campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="eligibility_rules")
    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("Thứ tự", default=1)
    kind = models.CharField("Loại điều kiện", max_length=20, choices=RuleKind.choices)
    applies_to = models.CharField(
        "Áp dụng cho",
        max_length=20,
        choices=[("both", "Tập thể và cá nhân"), ("individual", "Cá nhân"), ("collective", "Tập thể")],
        default="both",
    )
    evidence_code = models.CharField(
        "Mã chỉ số", max_length=60, blank=True, help_text="Mã hoặc chỉ số của minh chứng, ví dụ on_time_rate."
    )
    label = models.CharField("Tên chỉ số", max_length=200, blank=True)
    comparator = models.CharField("So sánh", max_length=5, choices=RULE_CHOICES, blank=True)
    threshold = models.DecimalField("Ngưỡng", max_digits=12, decimal_places=4, null=True, blank=True)
    unit_label = models.CharField("Đơn vị", max_length=20, blank=True)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "award_form", "order", "id"]
        verbose_name = "Điều kiện khen thưởng"
        verbose_name_plural = "Điều kiện khen thưởng"
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="evidence") | (~Q(evidence_code="") & ~Q(comparator="") & Q(threshold__isnull=False)),
                name="rule_evidence_has_threshold",
            ),
        ]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        if self.kind != RuleKind.EVIDENCE:
            return self.get_kind_display()

        unit = self.unit_label if self.unit_label == "%" else f" {self.unit_label}".rstrip()
        return (
            f"{self.label or self.evidence_code} {self.get_comparator_display()} {format_number(self.threshold)}{unit}"
        )


class NominationStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Trả lại để bổ sung"
    ACCEPTED = "accepted", "Đã tiếp nhận, chờ Hội đồng xét"
    PASSED = "passed", "Hội đồng thông qua"
    NOT_PASSED = "not_passed", "Hội đồng không thông qua"
    APPROVED = "approved", "Chủ tịch phê duyệt"
    REJECTED = "rejected", "Chủ tịch không phê duyệt"
    DECIDED = "decided", "Đã có quyết định khen thưởng"
    PROPOSED = "proposed", "Đã đề nghị cấp trên"
    AWARDED = "awarded", "Được cấp trên khen thưởng"
    NOT_AWARDED = "not_awarded", "Cấp trên không khen thưởng"


# Statuses that use up the quota of an award form once the council has passed a nomination.
QUOTA_USING = (
    NominationStatus.PASSED,
    NominationStatus.APPROVED,
    NominationStatus.DECIDED,
    NominationStatus.PROPOSED,
    NominationStatus.AWARDED,
    NominationStatus.NOT_AWARDED,
)


class Outcome(models.TextChoices):
    AWARDED = "awarded", "Được khen thưởng"
    NOT_AWARDED = "not_awarded", "Không được khen thưởng"


class Nomination(models.Model):
    """A proposal (đề nghị khen thưởng) of a unit or a person for an award form, with its báo cáo thành tích."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="nominations")
    award_form = models.ForeignKey(AwardForm, verbose_name="Hình thức", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations")
    proposing_unit = models.ForeignKey(
        Unit, verbose_name="Đơn vị đề nghị", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "Trạng thái", max_length=20, choices=NominationStatus.choices, default=NominationStatus.DRAFT
    )
    # Báo cáo thành tích (Mẫu số 07, NĐ 91/2017): the thematic template's sections.
    profile = models.TextField("Sơ lược lý lịch / đặc điểm tình hình, nhiệm vụ", blank=True)
    achievements = models.TextField("Thành tích đạt được (kết quả định lượng)", blank=True)
    initiatives = models.TextField("Sáng kiến, giải pháp", blank=True)
    discipline = models.TextField("Việc chấp hành chủ trương, chính sách, pháp luật, kỷ luật", blank=True)
    confirmation = models.TextField("Xác nhận của cấp trình khen", blank=True)
    eligibility = models.JSONField("Kết quả xét điều kiện", default=list, blank=True)
    is_eligible = models.BooleanField("Đủ điều kiện", null=True)
    override_reason = models.TextField("Lý do Chủ tịch cho phép xét", blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField("Lý do trả lại", blank=True)
    council_result = models.TextField("Kết quả bỏ phiếu", blank=True)
    chairman_comment = models.TextField("Ý kiến Chủ tịch", blank=True)
    decision = models.ForeignKey(
        "rewards.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    outcome_reason = models.TextField("Lý do không được khen thưởng", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The date of the proposal and its báo cáo thành tích: entered (back-dated paper) or today at submission.
    submitted_on = models.DateField("Ngày đề nghị", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "award_form__valid_from", "award_form__code", "id"]
        verbose_name = "Đề nghị khen thưởng"
        verbose_name_plural = "Đề nghị khen thưởng"
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="nomination_one_nominee",
            ),
            models.UniqueConstraint(
                fields=["campaign", "award_form", "unit"], condition=Q(unit__isnull=False), name="nomination_unit_once"
            ),
            models.UniqueConstraint(
                fields=["campaign", "award_form", "person"],
                condition=Q(person__isnull=False),
                name="nomination_person_once",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(decision__isnull=False), name="nomination_decided_has_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_label}: {self.award_form}"

    @property
    def nominee(self) -> Unit | Person:
        return self.unit or self.person

    @property
    def is_collective(self) -> bool:
        return self.unit_id is not None

    @property
    def nominee_label(self) -> str:
        return f"Tập thể {self.unit}" if self.unit_id else f"Ông/bà {self.person}"

    @property
    def reaches_council(self) -> bool:
        return bool(self.is_eligible) or bool(self.override_reason)


class EvidenceItem(models.Model):
    """One piece of evidence frozen at submission, with its fingerprint (to detect later changes)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    source = models.CharField(max_length=20)  # registration, commitment, kpi
    code = models.CharField(max_length=120)
    label = models.CharField(max_length=300)
    value = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=128)
    data = models.JSONField(default=dict, blank=True)

    objects = commune_scoped("nomination__campaign__commune")

    class Meta:
        ordering = ["nomination", "id"]
        constraints = [models.UniqueConstraint(fields=["nomination", "code"], name="evidence_code_once")]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"
