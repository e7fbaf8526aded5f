"""Reads of the council: a meeting's page, who did not vote, the minutes."""

from __future__ import annotations

from django.db.models import Count

from rewards.models import (
    BallotItem,
    BallotMethod,
    BallotParticipation,
    CouncilMeeting,
    CouncilMember,
)


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
        "any_counted": any(b.closed for b in ballots),
        "tellers": list(meeting.tellers.select_related("member")),
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
