"""What the receiving level (Phòng Nội vụ huyện, then Sở Nội vụ tỉnh) sets for its communes in rewards:
the quota of each award form per commune and year ("bình xét khen thưởng theo chỉ tiêu của cấp huyện")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import AwardForm, Commune
from tanbinh_portal.scoping import commune_scoped


class CommuneQuota(models.Model):
    """At most ``quota`` nominations of ``award_form`` approved by the commune's chairman in ``year``,
    over all the commune's campaigns of that year (``campaigns.years``). Set by the receiving level;
    the per-campaign ``AwardQuota`` (the council's vote) still applies inside it (docs/receiving.md)."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="award_quotas_by_year")
    award_form = models.ForeignKey(AwardForm, verbose_name="Hình thức", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("Năm")
    quota = models.PositiveIntegerField("Chỉ tiêu")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("commune")

    class Meta:
        ordering = ["year", "commune__name", "award_form__valid_from", "award_form__code"]
        verbose_name = "Chỉ tiêu khen thưởng của xã"
        verbose_name_plural = "Chỉ tiêu khen thưởng của xã"
        constraints = [
            models.UniqueConstraint(fields=["commune", "award_form", "year"], name="commune_quota_once_per_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="commune_quota_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.year} – {self.award_form}: {self.quota}"
