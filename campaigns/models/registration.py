"""Đăng ký thi đua: a unit's or a person's registration and its commitments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models.criteria import Criterion
from campaigns.models.organisation import Person, Unit
from campaigns.models.plan import Campaign
from tanbinh_portal.scoping import commune_scoped


class Registration(models.Model):
    """A unit's or a person's đăng ký thi đua for a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="registrations")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations")
    commitment_text = models.TextField("Cam kết", blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    # The date written on the registration form (an office may enter a paper form later), not the save time.
    registered_on = models.DateField("Ngày đăng ký", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = commune_scoped("campaign__commune")

    class Meta:
        ordering = ["campaign", "registered_at"]
        verbose_name = "Đăng ký thi đua"
        verbose_name_plural = "Đăng ký thi đua"
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="registration_one_registrant",
            ),
            models.UniqueConstraint(
                fields=["campaign", "unit"], condition=Q(unit__isnull=False), name="registration_unit_once"
            ),
            models.UniqueConstraint(
                fields=["campaign", "person"], condition=Q(person__isnull=False), name="registration_person_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Đăng ký của {self.registrant}"

    @property
    def registrant(self) -> Unit | Person:
        return self.unit or self.person


class Commitment(models.Model):
    """A criterion the registrant commits to, with its own target where it sets one."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="commitments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="commitments")
    target_text = models.CharField("Chỉ tiêu cam kết", max_length=200, blank=True)

    objects = commune_scoped("registration__campaign__commune")

    class Meta:
        ordering = ["criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "criterion"], name="commitment_once_per_criterion")
        ]

    def __str__(self) -> str:
        return str(self.criterion)
