"""factory_boy factories: the smallest state a test needs, built through the models or the services.

Rows without rules of their own (commune, units, people, accounts, criteria, targets, monthly fields,
registrations) are written through the models; state that only a service may reach (a campaign
created and launched, a nomination, a council member, a council meeting) goes through that service,
so a factory never builds a state the application could not.

``tan_binh_world()`` composes them into the demo's commune as the shared fixtures use it: the same
accounts, units, people, plan, criteria, monthly fields and registrations as ``demo.campaigns``, in a
tenth of the time (no audit row, notification or version bump per setup row). The full demo stays for
the ``seed_demo`` tests, the documents and the browser journeys (``tests/conftest.py``).
"""

from __future__ import annotations

import datetime as dt

import factory
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from factory.django import DjangoModelFactory

from campaigns import services as campaign_services
from campaigns.models import (
    AwardForm,
    Campaign,
    CampaignAwardForm,
    Commitment,
    Commune,
    Criterion,
    CriterionTarget,
    District,
    ImplementationStep,
    MonthlyField,
    Person,
    Province,
    Registration,
    RoleAssignment,
    Unit,
)
from campaigns.places import forget_roles
from campaigns.plan_revision import plan_changed
from campaigns.reference_data import AWARD_FORMS, MONTHLY_FIELDS_2022, ROLES, ensure_reference_data
from demo import plan
from demo.rewards import SECTIONS_EXAMPLE
from rewards import services as reward_services
from rewards.models import AwardQuota, CouncilMeeting, CouncilMember, CouncilRole, Nomination
from tanbinh_portal import roles
from tanbinh_portal.optimistic import UNCHECKED


def reference_data() -> None:
    """Roles and award forms: written by the migrations, gone after a transactional test's flush."""
    if Group.objects.filter(name__in=ROLES).count() < len(ROLES) or AwardForm.objects.count() < len(AWARD_FORMS):
        ensure_reference_data(Group=Group, Permission=Permission, AwardForm=AwardForm)


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "tay-ninh"
    name = "Tây Ninh"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    province = factory.SubFactory(ProvinceFactory)
    code = "tan-bien"
    name = "Tân Biên"
    valid_until = dt.date(2025, 6, 30)


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"xa-thu-{n}")
    name = factory.Sequence(lambda n: f"Xã thử {n}")
    district_name = "Tân Biên"
    province_name = "Tây Ninh"
    district = factory.SubFactory(DistrictFactory)
    province = factory.SelfAttribute("district.province")


def default_commune() -> Commune:
    """Where a test's accounts hold their roles when the test names no place: the test world's commune
    (the demo's, ``tan-binh``), created when it is not there yet."""
    return Commune.objects.filter(code=plan.COMMUNE["code"]).first() or CommuneFactory(**plan.COMMUNE)


def grant_roles(
    user: User,
    role_names,
    *,
    commune: Commune | None = None,
    district: District | None = None,
    province: Province | None = None,
) -> User:
    """Give ``user`` each role at its place, written through the model (no audit row per setup row):
    commune roles at ``commune`` (default: :func:`default_commune`), the district reviewer at
    ``district`` (default: that commune's district), the province reviewer at ``province``."""
    role_names = list(dict.fromkeys(role_names))
    if not role_names:
        return user
    if commune is None and (
        any(r in roles.COMMUNE_ROLES for r in role_names)
        or (roles.DISTRICT in role_names and district is None)
        or (roles.PROVINCE in role_names and province is None)
    ):
        commune = default_commune()
    rows = []
    for role in role_names:
        if role == roles.DISTRICT:
            rows.append(RoleAssignment(user=user, role=role, district=district or commune.district))
        elif role == roles.PROVINCE:
            rows.append(RoleAssignment(user=user, role=role, province=province or commune.province))
        else:
            rows.append(RoleAssignment(user=user, role=role, commune=commune))
    RoleAssignment.objects.bulk_create(rows)
    forget_roles(user)
    return user


def make_user(
    username: str,
    *role_names: str,
    commune: Commune | None = None,
    district: District | None = None,
    province: Province | None = None,
    person: Person | None = None,
) -> User:
    """An account holding ``role_names`` at that place (default: the commune of ``person`` when given,
    else the test world's commune)."""
    user = User.objects.create_user(username=username, password="x-password-123")
    if commune is None and person is not None:
        commune = person.commune
    grant_roles(user, role_names, commune=commune, district=district, province=province)
    if person is not None:
        person.user = user
        person.save()
    return user


class UserFactory(DjangoModelFactory):
    """An account; ``UserFactory(roles=[roles.OFFICER])`` gives it those roles at the test world's commune,
    ``roles__commune=…`` (or ``roles__district``, ``roles__province``) at another place."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@tanbinh.local")
    password = factory.django.Password(settings.DEMO_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            grant_roles(self, extracted, **kwargs)


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Tập thể {n}")
    unit_type = "department"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    unit = factory.SubFactory(UnitFactory)
    commune = factory.SelfAttribute("unit.commune")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    position = "Công chức"
    sex = "female"


class CampaignFactory(DjangoModelFactory):
    """A draft campaign created by the officer through ``campaign_create`` (its audit row included)."""

    class Meta:
        model = Campaign

    commune = factory.SubFactory(CommuneFactory)
    actor = None  # default: an officer of the campaign's commune
    slug = factory.Sequence(lambda n: f"phong-trao-thu-{n}")
    issuing_body = "ỦY BAN NHÂN DÂN XÃ TÂN BÌNH"
    place_name = "Tân Bình"
    title = factory.Sequence(lambda n: f"Phát động thi đua cải cách hành chính (thử {n})")
    purposes = "Mục đích thứ nhất."
    start_date = dt.date(2022, 1, 2)
    end_date = dt.date(2022, 12, 31)
    recipients = "UBND huyện\nLưu: VT"
    signatory_name = "Lê Văn Tài"

    @classmethod
    def _create(cls, model_class, *, actor, commune, slug, **data):
        actor = actor or UserFactory(roles=[roles.OFFICER], roles__commune=commune)
        return campaign_services.campaign_create(actor=actor, commune=commune, slug=slug, data=data)


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    campaign = factory.SubFactory(CampaignFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Nội dung thi đua thứ {n + 1}.")
    kind = "assessed"


class CriterionTargetFactory(DjangoModelFactory):
    class Meta:
        model = CriterionTarget

    criterion = factory.SubFactory(CriterionFactory, kind="measured")
    indicator = "on_time_rate"
    comparator = "gte"
    target = 95
    unit_label = "%"


class MonthlyFieldFactory(DjangoModelFactory):
    class Meta:
        model = MonthlyField

    criterion = factory.SubFactory(CriterionFactory)
    campaign = factory.SelfAttribute("criterion.campaign")
    key = factory.Sequence(lambda n: f"so_lieu_{n}")
    label = factory.Sequence(lambda n: f"Số liệu tháng {n}")
    unit = "văn bản"
    order = 1


class RegistrationFactory(DjangoModelFactory):
    """A unit's (or, given ``person=``, a person's) registration committing to every criterion."""

    class Meta:
        model = Registration
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.Maybe(
        "person",
        yes_declaration=None,
        no_declaration=factory.SubFactory(UnitFactory, commune=factory.SelfAttribute("..campaign.commune")),
    )
    person = None
    registered_by = factory.SelfAttribute("campaign.launched_by")
    registered_on = dt.date(2022, 1, 10)
    commitment_text = "Cam kết hoàn thành xuất sắc nhiệm vụ cải cách hành chính."

    @factory.post_generation
    def commitments(self, create, extracted, **kwargs):
        """``commitments=[criterion, …]`` (default: all of the campaign's), each with its targets' text."""
        if not create:
            return
        criteria = extracted if extracted is not None else list(self.campaign.criteria.prefetch_related("targets"))
        Commitment.objects.bulk_create(
            Commitment(registration=self, criterion=c, target_text=c.default_target_text()) for c in criteria
        )


def launch(campaign: Campaign, chairman: User | None = None) -> Campaign:
    """The chairman launches the plan through ``campaign_launch`` (its checks, audit and notifications)."""
    chairman = chairman or UserFactory(roles=[roles.CHAIRMAN], roles__commune=campaign.commune)
    return campaign_services.campaign_launch(actor=chairman, campaign=campaign)


def launched_campaign(**kwargs) -> Campaign:
    """A launched campaign with one measured criterion (on-time rate ≥ 95%) and one assessed."""
    reference_data()
    campaign = CampaignFactory(**{"document_number": "01/KH-UBND", "document_date": dt.date(2022, 1, 5), **kwargs})
    CriterionTargetFactory(criterion__campaign=campaign, criterion__order=1)
    CriterionFactory(campaign=campaign, order=2)
    CampaignAwardForm.objects.create(
        campaign=campaign, award_form=AwardForm.objects.get(code=plan.AWARD_OPTIONS[0][0]), order=1, wording="Giấy khen"
    )
    ImplementationStep.objects.create(campaign=campaign, order=1, heading="Tổ chức thực hiện", body="Thực hiện.")
    return launch(campaign)


class NominationFactory(DjangoModelFactory):
    """A draft nomination made through ``nomination_create`` (eligibility and proposer checks included);
    ``accepted=True``: then submitted and accepted for the council by the same officer."""

    class Meta:
        model = Nomination

    actor = None
    campaign = None
    award_form = factory.LazyFunction(lambda: AwardForm.objects.get(code=plan.AWARD_OPTIONS[0][0]))
    unit = None
    person = None
    sections = factory.LazyFunction(lambda: dict(SECTIONS_EXAMPLE))
    accepted = False

    @classmethod
    def _create(cls, model_class, *, accepted, **kwargs):
        nomination = reward_services.nomination_create(**kwargs)
        if accepted:
            nomination = reward_services.nomination_submit(actor=kwargs["actor"], nomination=nomination)
            nomination = reward_services.nomination_accept(actor=kwargs["actor"], nomination=nomination)
        return nomination


class AwardQuotaFactory(DjangoModelFactory):
    """How many of an award form the council may pass, set by the officer through ``quota_set``."""

    class Meta:
        model = AwardQuota

    actor = None
    campaign = None
    award_form = factory.LazyFunction(lambda: AwardForm.objects.get(code=plan.AWARD_OPTIONS[0][0]))
    quota = 4

    @classmethod
    def _create(cls, model_class, **kwargs):
        return reward_services.quota_set(**kwargs, expected_version=UNCHECKED)


class CouncilMemberFactory(DjangoModelFactory):
    """A council member appointed by the officer through ``council_member_set``."""

    class Meta:
        model = CouncilMember

    actor = None
    campaign = None
    user = None  # default: a council member's account at the campaign's commune
    role = CouncilRole.MEMBER
    full_name = factory.Sequence(lambda n: f"Thành viên Hội đồng {n}")
    position = "Công chức"

    @classmethod
    def _create(cls, model_class, **kwargs):
        if kwargs["user"] is None:
            kwargs["user"] = UserFactory(roles=[roles.COUNCIL], roles__commune=kwargs["campaign"].commune)
        return reward_services.council_member_set(**kwargs)


class CouncilMeetingFactory(DjangoModelFactory):
    """An open council meeting through ``meeting_create``; everyone present unless ``attendance`` says."""

    class Meta:
        model = CouncilMeeting

    actor = None
    campaign = None
    held_on = dt.date(2023, 1, 5)
    place = "Hội trường UBND xã"
    method = "paper"
    attendance = factory.LazyAttribute(
        lambda o: {m.pk: (True, "") for m in CouncilMember.objects.filter(campaign=o.campaign)}
    )

    @classmethod
    def _create(cls, model_class, **kwargs):
        return reward_services.meeting_create(**kwargs)


# --- The demo's commune, built by the factories above ---------------------------------------------
# Rows are built in memory and written with one bulk_create per table (ids come back on SQLite and
# PostgreSQL); the plan revision those bulk writes skip is raised once, as plan_revision.py asks.


def _world_accounts() -> dict[str, User]:
    names = {person[5]: person[0] for person in plan.PEOPLE if person[5]} | plan.ACCOUNT_NAMES
    users = {
        username: UserFactory(username=username, first_name=names.get(username, ""), roles=[getattr(roles, role)])
        for username, role in plan.ACCOUNTS.items()
    }
    grant_roles(users["chutich"], [roles.COUNCIL])  # the chairman chairs the council
    users["admin"] = UserFactory(username="admin", first_name=names["admin"], is_staff=True, is_superuser=True)
    return users


def _world_organisation(commune: Commune, users: dict[str, User]) -> tuple[dict, dict]:
    units = {
        name: UnitFactory.build(commune=commune, name=name, unit_type=kind, member_count=count)
        for name, kind, count in plan.UNITS
    }
    Unit.objects.bulk_create(units.values())
    people = {
        full_name: PersonFactory.build(
            commune=commune,
            unit=units[unit_name],
            full_name=full_name,
            position=position,
            sex=sex,
            year_of_birth=year_of_birth,
            user=users.get(username),
            has_open_disciplinary_matter=discipline,
        )
        for full_name, position, unit_name, sex, year_of_birth, username, _head, discipline in plan.PEOPLE
    }
    Person.objects.bulk_create(people.values())
    for full_name, _position, unit_name, _sex, _year, _username, is_head, _discipline in plan.PEOPLE:
        if is_head:
            units[unit_name].head = people[full_name]
    for unit_name, full_name in plan.HEADS_ELSEWHERE.items():
        units[unit_name].head = people[full_name]
    Unit.objects.bulk_update(units.values(), ["head"])
    return units, people


def _world_plan(campaign: Campaign) -> None:
    """The 2022 plan's criteria, targets, monthly fields, award options and steps."""
    criteria = Criterion.objects.bulk_create(
        CriterionFactory.build(campaign=campaign, order=order, text=text, kind="measured" if targets else "assessed")
        for order, (text, targets) in enumerate(plan.CRITERIA, start=1)
    )
    CriterionTarget.objects.bulk_create(
        CriterionTargetFactory.build(criterion=criteria[order - 1], **target)
        for order, (_text, targets) in enumerate(plan.CRITERIA, start=1)
        for target in targets
    )
    MonthlyField.objects.bulk_create(
        MonthlyFieldFactory.build(
            criterion=criteria[order - 1], key=key, label=label, unit=unit, help_text=help_text, order=position
        )
        for key, order, label, unit, help_text, position in MONTHLY_FIELDS_2022
    )
    forms = AwardForm.objects.in_bulk([code for code, _ in plan.AWARD_OPTIONS], field_name="code")
    CampaignAwardForm.objects.bulk_create(
        CampaignAwardForm(campaign=campaign, award_form=forms[code], order=i, wording=wording)
        for i, (code, wording) in enumerate(plan.AWARD_OPTIONS, start=1)
    )
    ImplementationStep.objects.bulk_create(
        ImplementationStep(campaign=campaign, order=i, heading=heading, body="\n".join(paragraphs))
        for i, (heading, paragraphs) in enumerate(plan.STEPS, start=1)
    )
    plan_changed(campaign.pk)


def _world_registrations(campaign: Campaign, officer: User, units: dict, people: dict) -> None:
    """Who registered in January 2022, committing to what (as ``demo.campaigns.ensure_registrations``)."""
    criteria = list(campaign.criteria.prefetch_related("targets"))
    person_criteria = [c for c in criteria if c.order in (2, 5, 8)]
    days = iter(plan.REGISTRATION_DAYS * 20)
    rows = [
        (
            RegistrationFactory.build(
                campaign=campaign,
                registered_by=officer,
                unit=unit,
                registered_on=next(days),
                commitment_text="Tập thể cam kết hoàn thành xuất sắc nhiệm vụ cải cách hành chính năm 2022.",
            ),
            criteria,
        )
        for name, unit in units.items()
        if name not in plan.UNREGISTERED_UNITS
    ] + [
        (
            RegistrationFactory.build(
                campaign=campaign,
                registered_by=officer,
                person=person,
                unit=None,
                registered_on=next(days),
                commitment_text="Không để xảy ra nhũng nhiễu, gây phiền hà cho tổ chức, cá nhân.",
            ),
            person_criteria,
        )
        for name, person in people.items()
        if name not in plan.UNREGISTERED_PEOPLE
    ]
    Registration.objects.bulk_create(registration for registration, _ in rows)
    Commitment.objects.bulk_create(
        Commitment(registration=registration, criterion=c, target_text=c.default_target_text())
        for registration, committed in rows
        for c in committed
    )


def tan_binh_world(*, registrations: bool = True) -> dict:
    """The demo's commune and launched 2022 campaign (same shape as ``demo.campaigns.build_demo()``)."""
    reference_data()
    users = _world_accounts()
    commune = CommuneFactory(**plan.COMMUNE)
    units, people = _world_organisation(commune, users)
    campaign = CampaignFactory(actor=users["vanphong"], commune=commune, slug=plan.SLUG, **plan.PLAN)
    _world_plan(campaign)
    campaign = launch(campaign, users["chutich"])
    if registrations:
        _world_registrations(campaign, users["vanphong"], units, people)
    return {"password": settings.DEMO_PASSWORD, "generated": False, "campaign": campaign, "users": users}


# --- Commune B, for the two-commune isolation tests ------------------------------------------------
# Another commune in another district (huyện Tân Châu), so that no role of the test world's commune —
# its district reviewer included — has any business with it. Every object a portal URL can open has
# one row of B here; the names are markers a page of commune A must never show.
SECOND_COMMUNE_MARKERS = ("Ấp Tân Lập Một", "Nguyễn Văn Bê", "Kế hoạch thi đua riêng của xã Tân Lập")


def second_commune_world(
    *,
    code: str = "tan-lap",
    name: str = "Tân Lập",
    person_name: str = "Nguyễn Văn Bê",
    district: District | None = None,
) -> dict:
    """Commune B: own units, people, accounts, a launched campaign with a monthly field and registrations,
    nominations (a draft with an evidence file, one accepted and on a council meeting's ballot), an
    eligibility rule, a decision, a dossier import, a generated document and signing images."""
    from documents.models import GeneratedDocument, SigningImage
    from kpi.models import DossierImport
    from rewards.models import Decision, EligibilityRule, EvidenceFile

    reference_data()
    district = district or DistrictFactory(code="tan-chau", name="Tân Châu")
    commune = CommuneFactory(code=code, name=name, district_name=district.name, district=district)
    tail = code.replace("-", "")
    officer = UserFactory(username=f"vanphong-{tail}", roles=[roles.OFFICER], roles__commune=commune)
    chairman = UserFactory(username=f"chutich-{tail}", roles=[roles.CHAIRMAN, roles.COUNCIL], roles__commune=commune)
    unit = UnitFactory(commune=commune, name=f"Ấp {name} Một", unit_type="hamlet", member_count=12)
    person = PersonFactory(unit=unit, commune=commune, full_name=person_name, user=chairman)
    unit.head = person
    unit.save()
    campaign = launched_campaign(
        commune=commune, actor=officer, slug=f"{code}-cchc-2022", title=f"Kế hoạch thi đua riêng của xã {name}"
    )
    criterion = campaign.criteria.get(order=1)
    field = MonthlyFieldFactory(criterion=criterion, key="surveys", label=f"Phiếu khảo sát xã {name}")
    RegistrationFactory(campaign=campaign, unit=unit, registered_by=officer)
    RegistrationFactory(campaign=campaign, person=person, unit=None, registered_by=officer)
    accepted = NominationFactory(actor=officer, campaign=campaign, unit=unit, accepted=True)
    draft = NominationFactory(actor=officer, campaign=campaign, person=person)
    members = [
        CouncilMemberFactory(actor=officer, campaign=campaign, role=role, user=user)
        for role, user in (("chair", chairman), ("secretary", officer))
    ]
    form = AwardForm.objects.get(code=plan.AWARD_OPTIONS[0][0])
    AwardQuotaFactory(actor=officer, campaign=campaign, award_form=form, quota=2)
    meeting = CouncilMeetingFactory(actor=officer, campaign=campaign)
    return {
        "commune": commune,
        "campaign": campaign,
        "officer": officer,
        "chairman": chairman,
        "unit": unit,
        "person": person,
        "criterion": criterion,
        "field": field,
        "accepted": accepted,
        "draft": draft,
        "members": members,
        "meeting": meeting,
        "ballot": meeting.ballots.get(),
        "rule": EligibilityRule.objects.create(campaign=campaign, award_form=form, kind="registered"),
        "decision": Decision.objects.create(
            campaign=campaign,
            commune=commune,
            year=2023,
            number=1,
            issued_on=dt.date(2023, 1, 10),
            signatory_name="Trần Văn Bê",
            title=f"Quyết định khen thưởng của xã {name}",
            issued_by=chairman,
        ),
        "evidence": EvidenceFile.objects.create(
            nomination=draft,
            file=f"minh-chung/{code}.pdf",
            original_name=f"bien-ban-{code}.pdf",
            kind="pdf",
            size=10,
            sha256="b" * 64,
            uploaded_by=officer,
        ),
        "dossier_import": DossierImport.objects.create(
            commune=commune, file_name=f"so-{code}.csv", sha256="c" * 64, status="rejected", created_by=officer
        ),
        "document": GeneratedDocument.objects.create(
            campaign=campaign, kind="ke-hoach", version=1, status="done", file=f"van-ban/{code}.pdf", sha256="f" * 64
        ),
        "signature": SigningImage.objects.create(
            commune=commune,
            kind="signature",
            owner=chairman,
            png=b"\x89PNG",
            sha256="d" * 64,
            width=1,
            height=1,
            source_format="png",
            uploaded_by=chairman,
        ),
        "seal": SigningImage.objects.create(
            commune=commune,
            kind="seal",
            png=b"\x89PNG",
            sha256="e" * 64,
            width=1,
            height=1,
            source_format="png",
            uploaded_by=officer,
        ),
    }
