"""Object-level access rules for rewards, shared by views and services."""

from __future__ import annotations

from campaigns.models import Person, Unit
from campaigns.policies import person_of
from rewards.models import CouncilMember, CouncilRole, Nomination, NominationStatus
from tanbinh_portal.roles import CHAIRMAN, COMMUNE_ROLES, COUNCIL, DISTRICT, MANAGERS, OFFICER, has_role, roles_of

# What was submitted to the district: the only nominations Phòng Nội vụ sees.
DISTRICT_VISIBLE = (NominationStatus.PROPOSED, NominationStatus.AWARDED, NominationStatus.NOT_AWARDED)
EDITABLE = (NominationStatus.DRAFT, NominationStatus.RETURNED)


def headed_units(user) -> list[Unit]:
    me = person_of(user)
    if me is None:
        return []
    return list(Unit.objects.filter(head=me, is_active=True))


def may_nominate_at_all(user) -> bool:
    """The officer nominates anyone; a unit head nominates their unit and its people."""
    if has_role(user, DISTRICT) and not has_role(user, OFFICER):
        return False
    if has_role(user, OFFICER):
        return True
    # One query (not person, then units): this runs on every nomination list.
    return user.is_authenticated and Unit.objects.filter(head__user=user, is_active=True).exists()


def can_nominate(user, nominee: Unit | Person) -> bool:
    if has_role(user, OFFICER, at=nominee.commune):
        return True
    if has_role(user, DISTRICT, at=nominee.commune):
        return False
    me = person_of(user)
    if me is None:
        return False
    unit = nominee if isinstance(nominee, Unit) else nominee.unit
    return unit.head_id == me.pk


def can_view_nomination(user, nomination: Nomination) -> bool:
    if has_role(user, *MANAGERS, at=nomination.campaign.commune):
        return True
    if nomination.proposed_by_id == user.pk:
        return True
    if has_role(user, COUNCIL, at=nomination.campaign.commune) and nomination.status not in EDITABLE:
        return True
    if has_role(user, DISTRICT, at=nomination.campaign.commune) and nomination.status in DISTRICT_VISIBLE:
        return True
    me = person_of(user)
    if me is None:
        return False
    unit = nomination.unit or nomination.person.unit
    return unit.head_id == me.pk or nomination.person_id == me.pk


def can_view_history(user, nominee: Unit | Person) -> bool:
    """Award history: managers, the head of the unit (of the person), and the person themself."""
    if not has_role(user, *COMMUNE_ROLES, at=nominee.commune):
        return False
    if has_role(user, *MANAGERS, at=nominee.commune):
        return True
    me = person_of(user)
    if me is None:
        return False
    unit = nominee if isinstance(nominee, Unit) else nominee.unit
    return unit.head_id == me.pk or (isinstance(nominee, Person) and nominee.pk == me.pk)


def can_edit_nomination(user, nomination: Nomination) -> bool:
    if nomination.status not in EDITABLE:
        return False
    return has_role(user, OFFICER, at=nomination.campaign.commune) or nomination.proposed_by_id == user.pk


def council_seat(user, campaign) -> CouncilMember | None:
    if not user.is_authenticated:
        return None
    return CouncilMember.objects.filter(campaign=campaign, user=user).first()


def may_convene(user, campaign) -> bool:
    """The council secretary sends the invitation; the officer may act for them (as for opening a meeting)."""
    if has_role(user, OFFICER, at=campaign.commune):
        return True
    seat = council_seat(user, campaign)
    return seat is not None and seat.role == CouncilRole.SECRETARY


def is_meeting_secretary(user, meeting) -> bool:
    """The meeting's secretary records attendance and tallies; the officer may act for them."""
    return has_role(user, OFFICER, at=meeting.campaign.commune) or meeting.secretary.user_id == user.pk


def is_meeting_chair(user, meeting) -> bool:
    """The council member chairing the meeting (chủ tọa), by seat: a role alone is not enough."""
    return user.is_authenticated and meeting.chair.user_id == user.pk


def may_close_meeting(user, meeting) -> bool:
    """Only the chair or the council secretary closes a meeting (the officer does not act for them here:
    closing decides how members who did not vote are counted)."""
    return user.is_authenticated and user.pk in (meeting.chair.user_id, meeting.secretary.user_id)


def is_chairman(user) -> bool:
    return has_role(user, CHAIRMAN)


def can_view_progress(user, subject: Unit | Person) -> bool:
    """A progress page: the person themself, the head of the unit (of the person), and the managers
    who run the campaign. The same people as the award history: both are about one official."""
    return can_view_history(user, subject)


def in_commune_of(user, campaign) -> bool:
    """Whether the user holds any role at the campaign's commune (a commune role there, or the district's
    or province's reviewer above it): anyone else is a stranger to it."""
    return bool(roles_of(user, at=campaign.commune))
