"""Reads of the quotas the receiving level sets per commune and year, and the check the chairman's
approval makes against them (the page shows it, ``approval_approve`` enforces it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from campaigns.models import AwardForm, Campaign, Commune
from campaigns.years import campaign_year
from rewards.models import CommuneQuota, Nomination, NominationStatus

# Statuses of a nomination the chairman approved (and what follows from it): they use a commune quota.
APPROVED_STATUSES = (
    NominationStatus.APPROVED,
    NominationStatus.DECIDED,
    NominationStatus.PROPOSED,
    NominationStatus.AWARDED,
    NominationStatus.NOT_AWARDED,
)


@dataclass
class CommuneQuotaUse:
    quota: CommuneQuota
    used: int  # approved nominations of the form in the commune's campaigns of the year

    @property
    def left(self) -> int:
        return max(self.quota.quota - self.used, 0)

    @property
    def text(self) -> str:
        return f"Đã phê duyệt {self.used}/{self.quota.quota} chỉ tiêu cấp trên giao năm {self.quota.year}"


def commune_quotas(communes: QuerySet[Commune] | Iterable[Commune], year: int) -> list[CommuneQuotaUse]:
    """The quotas of ``communes`` in ``year`` with their use (2 queries)."""
    quotas = list(
        CommuneQuota.objects.filter(commune__in=communes, year=year).select_related("commune", "award_form", "set_by")
    )
    used = {
        (row["campaign__commune_id"], row["award_form_id"]): row["n"]
        for row in Nomination.objects.filter(
            campaign__commune__in={q.commune_id for q in quotas},
            campaign__start_date__year=year,
            status__in=APPROVED_STATUSES,
        )
        .values("campaign__commune_id", "award_form_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    return [CommuneQuotaUse(q, used.get((q.commune_id, q.award_form_id), 0)) for q in quotas]


def campaign_commune_quotas(campaign: Campaign) -> dict[int, CommuneQuotaUse]:
    """{award form id: use} of the campaign's commune in the campaign's year, for the approval page."""
    return {use.quota.award_form_id: use for use in commune_quotas([campaign.commune], campaign_year(campaign))}


def commune_quota_refusal(campaign: Campaign, chosen: list[Nomination]) -> str | None:
    """Why approving ``chosen`` (nominations of ``campaign``) would exceed a quota set by the receiving
    level for the commune's year, or None. Other campaigns' approved nominations of the same year count;
    this campaign's count only as chosen now (the list is being approved)."""
    year = campaign_year(campaign)
    quotas = {q.award_form_id: q for q in CommuneQuota.objects.filter(commune_id=campaign.commune_id, year=year)}
    if not quotas:
        return None
    elsewhere = dict(
        Nomination.objects.filter(
            campaign__commune_id=campaign.commune_id, campaign__start_date__year=year, status__in=APPROVED_STATUSES
        )
        .exclude(campaign=campaign)
        .values("award_form_id")
        .annotate(n=Count("id"))
        .values_list("award_form_id", "n")
        .order_by()
    )
    wanted: dict[int, int] = {}
    for nomination in chosen:
        wanted[nomination.award_form_id] = wanted.get(nomination.award_form_id, 0) + 1
    problems = []
    forms = AwardForm.objects.in_bulk([form_id for form_id in wanted if form_id in quotas])
    for form_id, count in sorted(wanted.items()):
        quota = quotas.get(form_id)
        if quota is None:
            continue
        other = elsewhere.get(form_id, 0)
        if other + count > quota.quota:
            over = other + count - quota.quota
            problems.append(
                f"“{forms[form_id].name}”: chỉ tiêu {quota.quota}, đã phê duyệt ở phong trào khác {other}, "
                f"danh sách chọn {count}; hãy bỏ chọn bớt {over} đề nghị"
            )
    if not problems:
        return None
    return f"Vượt chỉ tiêu khen thưởng cấp trên giao cho xã năm {year}: " + "; ".join(problems) + "."
