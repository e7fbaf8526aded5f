"""Forms of commendation as dated legal data (the reference the plans choose from)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class AwardLevel(models.TextChoices):
    COMMUNE = "commune", "Cấp xã"
    DISTRICT = "district", "Cấp huyện"
    PROVINCE = "province", "Cấp tỉnh"


class AwardTarget(models.TextChoices):
    COLLECTIVE = "collective", "Tập thể"
    INDIVIDUAL = "individual", "Cá nhân"
    BOTH = "both", "Tập thể và cá nhân"


class AwardForm(models.Model):
    """A form of commendation as legal data, valid between two dates.

    The 2022 campaign keeps "Giấy khen của Chủ tịch UBND huyện" although the district level
    disappeared on 01/07/2025: rules are dated, never overwritten.
    """

    code = models.SlugField("Mã", max_length=60, unique=True)
    name = models.CharField("Tên hình thức", max_length=200)
    level = models.CharField("Cấp quyết định", max_length=20, choices=AwardLevel.choices)
    decided_by = models.CharField("Người quyết định", max_length=200)
    receiving_body = models.CharField(
        "Cơ quan tiếp nhận đề nghị",
        max_length=200,
        blank=True,
        help_text="Để trống với hình thức do xã quyết định.",
    )
    applies_to = models.CharField("Đối tượng", max_length=20, choices=AwardTarget.choices)
    legal_basis = models.TextField("Căn cứ pháp lý")
    valid_from = models.DateField("Hiệu lực từ")
    valid_to = models.DateField("Hiệu lực đến", null=True, blank=True)

    class Meta:
        ordering = ["valid_from", "code"]
        verbose_name = "Hình thức khen thưởng"
        verbose_name_plural = "Hình thức khen thưởng"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="awardform_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_commune_level(self) -> bool:
        return self.level == AwardLevel.COMMUNE

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
