"""Reads for rewards: nomination lists, the approval page, meeting data, minutes, award history."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from campaigns.models import AwardForm, AwardLevel, Campaign, Person, Sex, Unit
from rewards import eligibility
from rewards.evidence import evidence_changes, evidence_display
from rewards.models import (
    QUOTA_USING,
    ApprovalRound,
    AwardQuota,
    BallotItem,
    BallotMethod,
    BallotParticipation,
    CouncilMeeting,
    CouncilMember,
    Decision,
    EligibilityRule,
    EvidenceFile,
    Nomination,
    NominationStatus,
)
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


@dataclass
class FormGroup:
    award_form: AwardForm
    quota: AwardQuota | None
    nominations: list[Nomination] = field(default_factory=list)
    used: int = 0

    @property
    def quota_text(self) -> str:
        if self.quota is None:
            return "Chưa đặt chỉ tiêu"
        return f"Đã dùng {self.used}/{self.quota.quota} chỉ tiêu"


def approval_page(campaign: Campaign) -> dict:
    """The council's results grouped by award form, with quota use, for the chairman."""
    quotas = {q.award_form_id: q for q in AwardQuota.objects.filter(campaign=campaign)}
    groups: dict[int, FormGroup] = {}
    for option in campaign.award_options.select_related("award_form"):
        groups[option.award_form_id] = FormGroup(option.award_form, quotas.get(option.award_form_id))
    shown = (*QUOTA_USING, NominationStatus.REJECTED, NominationStatus.NOT_PASSED)
    issuable = 0
    for nomination in Nomination.objects.filter(campaign=campaign, status__in=shown).select_related(
        "award_form", "unit", "person", "decision"
    ):
        group = groups.setdefault(
            nomination.award_form_id, FormGroup(nomination.award_form, quotas.get(nomination.award_form_id))
        )
        nomination.preference = women_preference(nomination)
        group.nominations.append(nomination)
        if nomination.status == NominationStatus.APPROVED and nomination.award_form.level == AwardLevel.COMMUNE:
            issuable += 1
        if nomination.status in QUOTA_USING:
            group.used += 1
    return {
        "groups": list(groups.values()),
        "round": ApprovalRound.objects.filter(campaign=campaign).first(),
        "decisions": list(Decision.objects.filter(campaign=campaign)),
        "passed_count": Nomination.objects.filter(campaign=campaign, status=NominationStatus.PASSED).count(),
        # Approved commune-level nominations still without a decision: the decision form is offered
        # only while there are some (after the decision, it would only answer "nothing to decide").
        "issuable_count": issuable,
    }


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


def round_config(campaign: Campaign) -> dict:
    quotas = {q.award_form_id: q for q in AwardQuota.objects.filter(campaign=campaign)}
    rules = list(EligibilityRule.objects.filter(campaign=campaign).select_related("award_form"))
    forms = []
    for option in campaign.award_options.select_related("award_form"):
        forms.append(
            {
                "award_form": option.award_form,
                "wording": option.wording,
                "quota": quotas.get(option.award_form_id),
                "rules": [r for r in rules if r.award_form_id == option.award_form_id],
            }
        )
    return {"forms": forms, "members": list(CouncilMember.objects.filter(campaign=campaign).select_related("user"))}


def meeting_detail(meeting: CouncilMeeting, member: CouncilMember | None = None) -> dict:
    ballots = list(
        BallotItem.objects.filter(meeting=meeting).select_related(
            "nomination__award_form", "nomination__unit", "nomination__person"
        )
    )
    voted = set()
    if member is not None:
        voted = set(meeting.ballots.filter(participations__member=member).values_list("pk", flat=True))
    voters = dict(
        meeting.ballots.annotate(n=Count("participations")).values_list("pk", "n")
        if meeting.method == BallotMethod.ONLINE
        else []
    )
    for ballot in ballots:
        ballot.i_voted = ballot.pk in voted
        ballot.voters = voters.get(ballot.pk)
    attendance = list(meeting.attendance.select_related("member"))
    return {
        "ballots": ballots,
        "attendance": attendance,
        "present": sum(1 for a in attendance if a.present),
        "open_online": sum(1 for b in ballots if not b.closed and meeting.method == BallotMethod.ONLINE),
    }


def not_voting_names(meeting: CouncilMeeting) -> dict[int, list[str]]:
    """Per closed online ballot, the members present who did not vote (a paper ballot knows only how many)."""
    if meeting.method != BallotMethod.ONLINE:
        return {}
    present = {a.member_id: a.member.full_name for a in meeting.attendance.select_related("member") if a.present}
    voted: dict[int, set[int]] = {}
    for ballot_id, member_id in BallotParticipation.objects.filter(ballot__meeting=meeting).values_list(
        "ballot_id", "member_id"
    ):
        voted.setdefault(ballot_id, set()).add(member_id)
    return {
        ballot_id: [name for member_id, name in present.items() if member_id not in voted.get(ballot_id, set())]
        for ballot_id in meeting.ballots.filter(closed=True).values_list("pk", flat=True)
    }


def meeting_minutes(meeting: CouncilMeeting) -> dict:
    """Everything the Biên bản xét khen thưởng needs, as plain data, for the documents module to render."""
    campaign = meeting.campaign
    attendance = list(meeting.attendance.select_related("member"))
    ballots = list(meeting.ballots.select_related("nomination__award_form", "nomination__unit", "nomination__person"))
    names = not_voting_names(meeting)
    return {
        "number": meeting.minutes_reference,
        "issuer": "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG XÃ",
        "parent_body": campaign.issuing_body,
        "place_name": campaign.place_name,
        "held_on": meeting.held_on,
        "started_at": meeting.started_at,
        "ended_at": meeting.ended_at,
        "discussion": [line.strip() for line in meeting.discussion.splitlines() if line.strip()],
        "place": meeting.place,
        "campaign_title": campaign.title,
        # Running text: only the first letter lowered, so "xã Tân Bình" keeps its capitals.
        "campaign_topic": campaign.title[:1].lower() + campaign.title[1:],
        "chair": {"name": meeting.chair.full_name, "position": meeting.chair.position},
        "secretary": {"name": meeting.secretary.full_name, "position": meeting.secretary.position},
        "members_total": meeting.members_total,
        "present": [{"name": a.member.full_name, "role": a.member.get_role_display()} for a in attendance if a.present],
        "absent": [
            {"name": a.member.full_name, "role": a.member.get_role_display(), "written_opinion": a.written_opinion}
            for a in attendance
            if not a.present
        ],
        "method": meeting.get_method_display(),
        "results": [_minutes_result(b, names.get(b.pk, [])) for b in ballots],
    }


def _minutes_result(ballot: BallotItem, not_voting: list[str]) -> dict:
    """One ballot's line. An open ballot has no counts at all (they exist only once it closes)."""
    return {
        "award_form": ballot.nomination.award_form.name,
        "nominee": ballot.nomination.nominee_label,
        "open": not ballot.closed,
        "present": ballot.present,
        "agree": ballot.agree if ballot.closed else None,
        "disagree": ballot.disagree if ballot.closed else None,
        "invalid": ballot.invalid if ballot.closed else None,
        "not_voting": ballot.not_voting if ballot.closed else None,
        "not_voting_names": not_voting,
        "passed": ballot.passed,
        "explanation": ballot.explanation,
    }


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
