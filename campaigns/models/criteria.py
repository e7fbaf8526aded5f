"""The plan's contents (section III): criteria, their measured targets, the monthly fields."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from campaigns.models.plan import Campaign
from tanbinh_portal.comparators import TARGET_CHOICES
from tanbinh_portal.formatting import format_target
from tanbinh_portal.indicator_catalogue import RATES
from tanbinh_portal.scoping import commune_scoped


class CriterionKind(models.TextChoices):
    MEASURED = "measured", "Đo lường bằng chỉ số"
    ASSESSED = "assessed", "Hội đồng đánh giá"


class Indicator(models.TextChoices):
    """Targetable indicators computed from the one-stop log (the catalogue's ``TARGETABLE``).

    A target may also name the key of one of its campaign's active monthly fields (``MonthlyField``);
    the service checks that, so ``CriterionTarget.indicator`` has no fixed choices.
    """

    ON_TIME_RATE = "on_time_rate", RATES["on_time_rate"].label
    DISSATISFACTION_RATE = "dissatisfaction_rate", RATES["dissatisfaction_rate"].label
    FOUR_ON_SPOT_RATE = "four_on_spot_rate", RATES["four_on_spot_rate"].label
    ONLINE_RATE = "online_rate", RATES["online_rate"].label
    POSTAL_RATE = "postal_rate", RATES["postal_rate"].label


class Criterion(models.Model):
    """One content of the plan's section III, either measured (with targets) or assessed by the council."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("Thứ tự")
    text = models.TextField("Nội dung thi đua")
    kind = models.CharField("Cách đánh giá", max_length=20, choices=CriterionKind.choices)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "order"]
        verbose_name = "Nội dung thi đua"
        verbose_name_plural = "Nội dung thi đua"
        constraints = [models.UniqueConstraint(fields=["campaign", "order"], name="criterion_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"

    @property
    def is_measured(self) -> bool:
        return self.kind == CriterionKind.MEASURED

    def default_target_text(self) -> str:
        """What a registrant commits to by default: the plan's targets of this content. With several
        targets each is named, as two "Nâng cao so với cùng kỳ năm trước" side by side say nothing:
        "Tỷ lệ hồ sơ nộp trực tuyến: nâng cao …; Tỷ lệ hồ sơ qua dịch vụ bưu chính công ích: nâng cao …"."""
        targets = list(self.targets.all())
        if len(targets) == 1:
            return targets[0].display
        return "; ".join(f"{t.get_indicator_display()}: {t.display[:1].lower()}{t.display[1:]}" for t in targets)


class CriterionTarget(models.Model):
    """A measured target of a criterion: an indicator, a comparator and a value.

    One criterion may carry several (content 2 of the 2022 plan sets both the on-time rate and the
    dissatisfaction rate).
    """

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField("Chỉ số", max_length=40)
    comparator = models.CharField("So sánh", max_length=10, choices=TARGET_CHOICES)
    target = models.DecimalField("Chỉ tiêu", max_digits=9, decimal_places=2, null=True, blank=True)
    unit_label = models.CharField("Đơn vị", max_length=20, blank=True, default="%")

    objects = commune_scoped("criterion__campaign__commune")

    class Meta:
        ordering = ["criterion", "id"]
        verbose_name = "Chỉ tiêu"
        verbose_name_plural = "Chỉ tiêu"
        constraints = [
            models.UniqueConstraint(fields=["criterion", "indicator"], name="target_indicator_once"),
            models.CheckConstraint(
                condition=Q(comparator="increase", target__isnull=True)
                | (~Q(comparator="increase") & Q(target__isnull=False)),
                name="target_value_matches_comparator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.display}"

    @property
    def display(self) -> str:
        return format_target(self.comparator, self.target, self.unit_label)

    def get_indicator_display(self) -> str:
        """The indicator's label: a log indicator's, or the label of the campaign's monthly field.

        Callers listing many targets set ``field_labels`` ({key: label}) first to avoid a query each.
        """
        if self.indicator in Indicator.values:
            return Indicator(self.indicator).label
        labels = getattr(self, "field_labels", None)
        if labels is None or self.indicator not in labels:
            field = MonthlyField.objects.filter(campaign_id=self.criterion.campaign_id, key=self.indicator).first()
            labels = {**(labels or {}), self.indicator: field.label if field else self.indicator}
            self.field_labels = labels
        return labels[self.indicator]


class Aggregation(models.TextChoices):
    SUM = "sum", "Cộng dồn các tháng"
    LAST = "last", "Số của tháng gần nhất có số liệu"


class MonthlyField(models.Model):
    """A figure the officer enters each month for a criterion (what the one-stop log cannot give).

    Part of the plan: a target of the criterion may name the field's ``key``, which is also the
    indicator code of the computed values, so a key never changes once created. ``campaign``
    repeats ``criterion.campaign`` so the database can keep keys unique per campaign; the service
    keeps the two consistent.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="monthly_fields")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="monthly_fields")
    key = models.CharField("Mã số liệu", max_length=40)
    label = models.CharField("Tên số liệu", max_length=300)
    unit = models.CharField("Đơn vị tính", max_length=40, blank=True)
    help_text = models.TextField("Hướng dẫn nhập", blank=True)
    order = models.PositiveSmallIntegerField("Thứ tự trong nội dung", default=1)
    aggregation = models.CharField("Số của cả đợt", max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    is_active = models.BooleanField("Đang dùng", default=True)
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "criterion__order", "order", "id"]
        verbose_name = "Số liệu tháng của nội dung thi đua"
        verbose_name_plural = "Số liệu tháng của nội dung thi đua"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="monthly_field_key_once_per_campaign"),
            models.CheckConstraint(condition=~Q(key=""), name="monthly_field_key_not_empty"),
            models.CheckConstraint(condition=~Q(label=""), name="monthly_field_label_not_empty"),
            models.CheckConstraint(
                condition=Q(aggregation__in=["sum", "last"]), name="monthly_field_aggregation_known"
            ),
        ]

    def __str__(self) -> str:
        return self.label
