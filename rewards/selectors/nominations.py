"""Reads of nominations: the list each user may see, a nomination's page, its eligibility, award history."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from campaigns.models import Campaign, Person, Sex, Unit
from rewards import eligibility
from rewards.evidence import evidence_changes, evidence_display
from rewards.models import EligibilityRule, EvidenceFile, Nomination, NominationStatus
from rewards.policies import DISTRICT_VISIBLE, EDITABLE, headed_units
from tanbinh_portal.formatting import format_percent
from tanbinh_portal.roles import COUNCIL, DISTRICT, MANAGERS, has_role

WOMEN_SHARE_PREFERRED = 70  # percent, NĐ 152/2025 Art. 4 (and the 2013 law before it)

AWARDED_STATUSES = (NominationStatus.DECIDED, NominationStatus.AWARDED)

LIST_FIELDS = (
    "campaign_id",
    "status",
    "is_eligible",
    "eligibility",
    "override_reason",
    "proposed_by_id",
    "award_form__name",
    "unit__name",
    "person__full_name",
    "person__unit_id",
    "proposing_unit__name",
)


def nominations_for(user, campaign: Campaign) -> QuerySet[Nomination]:
    """What the user may list: managers all; council all but drafts; the district what was sent to it;
    others their own and their units'."""
    # Only what the list shows (not the long sections of each dossier): one of the load-tested pages.
    rows = (
        Nomination.objects.filter(campaign=campaign)
        .select_related("award_form", "unit", "person", "proposing_unit")
        .only(*LIST_FIELDS)
    )
    if has_role(user, *MANAGERS):
        return rows
    if has_role(user, COUNCIL):
        return rows.filter(~Q(status__in=EDITABLE) | Q(proposed_by=user))
    if has_role(user, DISTRICT):
        return rows.filter(status__in=DISTRICT_VISIBLE)
    units = [u.pk for u in headed_units(user)]
    return rows.filter(Q(proposed_by=user) | Q(unit__in=units) | Q(person__unit__in=units))


def women_preference(nomination: Nomination) -> str:
    """The legal preference, shown where candidates are otherwise equal ("" when it does not apply)."""
    if nomination.person_id:
        return "Nữ: được ưu tiên khi các ứng viên ngang nhau" if nomination.person.sex == Sex.FEMALE else ""
    counts = Person.objects.filter(unit=nomination.unit, is_active=True).aggregate(
        total=Count("id"), women=Count("id", filter=Q(sex=Sex.FEMALE))
    )
    if counts["total"] and counts["women"] * 100 >= WOMEN_SHARE_PREFERRED * counts["total"]:
        share = format_percent(counts["women"] * 100 / counts["total"])
        return f"Tập thể có {share} nữ (từ 70% trở lên): được ưu tiên khi các ứng viên ngang nhau"
    return ""


def nomination_detail(nomination: Nomination) -> dict:
    frozen = list(nomination.evidence.all())
    for item in frozen:
        item.display_label, item.display_value = evidence_display(item.label, item.value, item.data)
    data = {item.label: item.data for item in frozen}
    changes = evidence_changes(nomination, frozen) if frozen else []
    for change in changes:
        label = change["label"]
        change["display_label"], change["old"] = evidence_display(label, change["old"], data.get(label))
        change["new"] = evidence_display(label, change["new"], data.get(label))[1]
    return {
        "evidence": frozen,
        "changes": changes,
        "ballots": list(nomination.ballots.select_related("meeting")),
        "preference": women_preference(nomination),
        "files": evidence_files_for(nomination),
    }


def nomination_eligibility(nomination: Nomination, evidence: list[dict]) -> list[dict]:
    """The award form's checklist for this nominee against ``evidence``: one result per rule."""
    rules = list(EligibilityRule.objects.filter(campaign=nomination.campaign, award_form=nomination.award_form))
    return eligibility.evaluate(rules, nomination.nominee, evidence)


def award_history(*, unit: Unit | None = None, person: Person | None = None) -> list[Nomination]:
    """Awards received across campaigns (commune decisions and awards granted upward)."""
    lookup = {"unit": unit} if unit is not None else {"person": person}
    return list(
        Nomination.objects.filter(status__in=AWARDED_STATUSES, **lookup)
        .select_related("campaign", "award_form", "decision")
        .order_by("-campaign__start_date", "award_form__code")
    )


def evidence_files_for(nomination: Nomination) -> list[EvidenceFile]:
    """The files attached to a nomination, in upload order, with their criterion (one query).

    For the documents code: the báo cáo thành tích lists them (``original_name``, ``kind_label``,
    ``size``, ``sha256``, ``criterion``, ``frozen_at``) and the district bundle may add each one's bytes
    (``record.file.open("rb")``; private storage, no URL). Only frozen files belong in a submitted
    dossier: every file of a nomination past submission is frozen.
    """
    return list(
        EvidenceFile.objects.filter(nomination=nomination)
        .select_related("criterion", "uploaded_by")
        .order_by("uploaded_at", "id")
    )
