"""The factory-built commune (tests/factories.py) holds what the full demo holds, and each factory builds
a valid minimal state on its own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from campaigns.models import Campaign, CampaignStatus, Registration
from demo.campaigns import build_demo
from rewards.models import NominationStatus
from tanbinh_portal import roles
from tests import factories


def _content(campaign: Campaign) -> dict:
    """What the tests read of the demo: accounts and roles, organisation, plan, registrations."""
    commune = campaign.commune
    return {
        "commune": (commune.code, commune.name, commune.district_name, commune.province_name),
        "accounts": sorted(
            (
                u.username,
                u.first_name,
                u.is_staff,
                tuple(sorted(u.role_assignments.values_list("role", "commune__code", "district__code"))),
            )
            for u in User.objects.all()
        ),
        "units": sorted(
            (u.name, u.unit_type, u.member_count, u.head.full_name if u.head else None, u.is_active)
            for u in commune.units.all()
        ),
        "people": sorted(
            (p.full_name, p.position, p.unit.name, p.sex, p.year_of_birth, p.user.username if p.user else None)
            + (p.has_open_disciplinary_matter,)
            for p in commune.people.all()
        ),
        "plan": {f.name: getattr(campaign, f.name) for f in Campaign._meta.fields if f.name in factories.plan.PLAN},
        "status": (campaign.status, campaign.slug, campaign.launched_by.username),
        "criteria": [
            (
                c.order,
                c.text,
                c.kind,
                sorted((t.indicator, t.comparator, t.target, t.unit_label) for t in c.targets.all()),
            )
            for c in campaign.criteria.all()
        ],
        "monthly_fields": sorted(
            (f.key, f.criterion.order, f.label, f.unit, f.help_text, f.order, f.aggregation)
            for f in campaign.monthly_fields.all()
        ),
        "award_options": [(o.award_form.code, o.order, o.wording) for o in campaign.award_options.all()],
        "steps": [(s.order, s.heading, s.body) for s in campaign.steps.all()],
        "registrations": sorted(
            (
                str(r.registrant),
                r.registered_on,
                r.commitment_text,
                r.registered_by.username,
                tuple(sorted((c.criterion.order, c.target_text) for c in r.commitments.all())),
            )
            for r in Registration.objects.filter(campaign=campaign)
        ),
    }


@pytest.mark.django_db
def test_the_factory_world_holds_what_the_full_demo_holds():
    with transaction.atomic():  # built, read, then rolled back before the demo is built in its place
        world = _content(factories.tan_binh_world()["campaign"])
        transaction.set_rollback(True)
    demo = _content(build_demo()["campaign"])
    for part in demo:
        assert world[part] == demo[part], part


@pytest.mark.django_db
def test_launched_campaign_is_a_minimal_launched_plan():
    campaign = factories.launched_campaign()
    assert campaign.status == CampaignStatus.LAUNCHED
    assert [c.kind for c in campaign.criteria.all()] == ["measured", "assessed"]
    assert campaign.criteria.first().targets.get().indicator == "on_time_rate"


@pytest.mark.django_db
def test_registration_factory_commits_to_every_criterion_by_default():
    campaign = factories.launched_campaign()
    registration = factories.RegistrationFactory(campaign=campaign)
    assert registration.unit.commune == campaign.commune and registration.person is None
    assert sorted(registration.commitments.values_list("criterion__order", flat=True)) == [1, 2]
    assert registration.commitments.get(criterion__order=1).target_text == "≥ 95%"


@pytest.mark.django_db
def test_user_factory_gives_the_account_its_roles_at_the_test_worlds_commune():
    user = factories.UserFactory(roles=[roles.OFFICER, roles.COUNCIL])
    held = user.role_assignments.filter(withdrawn_at__isnull=True)
    assert sorted(held.values_list("role", flat=True)) == sorted([roles.OFFICER, roles.COUNCIL])
    assert set(held.values_list("commune__code", flat=True)) == {"tan-binh"}
    assert roles.roles_of(user) == {roles.OFFICER, roles.COUNCIL}
    assert user.check_password(factories.settings.DEMO_PASSWORD)


@pytest.mark.django_db
def test_make_user_holds_the_district_reviewer_role_at_a_district_and_no_commune_role():
    user = factories.make_user("noivu-thu", roles.DISTRICT)
    assignment = user.role_assignments.get()
    assert assignment.district.code == "tan-bien" and assignment.commune is None
    assert roles.roles_of(user) == {roles.DISTRICT}


@pytest.mark.django_db
def test_council_and_nomination_factories_go_through_the_services():
    campaign = factories.launched_campaign()
    officer = User.objects.get(role_assignments__role=roles.OFFICER)
    registration = factories.RegistrationFactory(campaign=campaign, registered_by=officer)
    person = factories.PersonFactory(unit=registration.unit, commune=campaign.commune)
    factories.RegistrationFactory(campaign=campaign, person=person, unit=None, registered_by=officer)
    nomination = factories.NominationFactory(actor=officer, campaign=campaign, person=person)
    assert nomination.status == NominationStatus.DRAFT and nomination.person == person
    accepted = factories.NominationFactory(actor=officer, campaign=campaign, unit=registration.unit, accepted=True)
    assert accepted.status == NominationStatus.ACCEPTED
    members = [
        factories.CouncilMemberFactory(actor=officer, campaign=campaign, role=role)
        for role in ("chair", "vice_chair", "secretary")
    ]
    secretary = members[2].user
    factories.AwardQuotaFactory(actor=officer, campaign=campaign, quota=1)
    meeting = factories.CouncilMeetingFactory(actor=secretary, campaign=campaign)
    assert meeting.attendance.count() == 3
    assert meeting.ballots.get().nomination == accepted
