import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import services
from campaigns.models import Person, Registration, Unit
from campaigns.selectors import registration_missing, registration_overview
from tanbinh_portal.models import AuditEvent, Notification
from tanbinh_portal.optimistic import UNCHECKED


def _commitments(campaign, *orders):
    return [(c, "cam kết") for c in campaign.criteria.filter(order__in=orders)]


def test_staff_member_registers_themself(campaign, users):
    me = Person.objects.get(user=users["canbo"])
    registration = services.registration_submit(
        actor=users["canbo"],
        campaign=campaign,
        person=me,
        commitments=_commitments(campaign, 2, 5),
        expected_version=UNCHECKED,
    )
    assert registration.person == me
    assert [c.criterion.order for c in registration.commitments.all()] == [2, 5]
    assert AuditEvent.objects.filter(action="registration.create", object_id=str(registration.pk)).exists()


def test_unit_head_registers_the_unit_but_not_another_unit(campaign, users):
    me = Person.objects.get(user=users["canbo"])
    mine = Unit.objects.get(head=me)
    services.registration_submit(
        actor=users["canbo"],
        campaign=campaign,
        unit=mine,
        commitments=_commitments(campaign, 1),
        expected_version=UNCHECKED,
    )
    other = Unit.objects.get(name="Ấp Tân Tây")
    with pytest.raises(PermissionDenied):
        services.registration_submit(
            actor=users["canbo"],
            campaign=campaign,
            unit=other,
            commitments=_commitments(campaign, 1),
            expected_version=UNCHECKED,
        )


def test_staff_member_cannot_register_a_colleague(campaign, users):
    colleague = Person.objects.get(full_name="Mai Văn Toàn")
    with pytest.raises(PermissionDenied):
        services.registration_submit(
            actor=users["canbo"],
            campaign=campaign,
            person=colleague,
            commitments=_commitments(campaign, 1),
            expected_version=UNCHECKED,
        )


def test_registration_needs_at_least_one_commitment(campaign, users):
    me = Person.objects.get(user=users["canbo"])
    with pytest.raises(ValidationError) as error:
        services.registration_submit(
            actor=users["canbo"], campaign=campaign, person=me, commitments=[], expected_version=UNCHECKED
        )
    assert error.value.code == "no_commitment"


def test_registering_again_updates_instead_of_duplicating(campaign, users):
    me = Person.objects.get(user=users["canbo"])
    first = services.registration_submit(
        actor=users["canbo"],
        campaign=campaign,
        person=me,
        commitments=_commitments(campaign, 2),
        expected_version=UNCHECKED,
    )
    second = services.registration_submit(
        actor=users["canbo"],
        campaign=campaign,
        person=me,
        commitments=_commitments(campaign, 2, 8),
        expected_version=first.version,
    )
    assert first.pk == second.pk
    assert Registration.objects.filter(campaign=campaign, person=me).count() == 1
    assert second.commitments.count() == 2


def test_stale_registration_form_is_refused(campaign, users):
    me = Person.objects.get(user=users["canbo"])
    services.registration_submit(
        actor=users["canbo"],
        campaign=campaign,
        person=me,
        commitments=_commitments(campaign, 2),
        expected_version=UNCHECKED,
    )
    services.registration_submit(
        actor=users["canbo"], campaign=campaign, person=me, commitments=_commitments(campaign, 2, 5), expected_version=1
    )
    with pytest.raises(ValidationError) as error:
        services.registration_submit(
            actor=users["canbo"],
            campaign=campaign,
            person=me,
            commitments=_commitments(campaign, 8),
            expected_version=1,
        )
    assert error.value.code == "stale"


def test_registration_closes_after_the_deadline_except_for_the_officer(campaign, users, officer):
    services.campaign_set_registration_deadline(actor=officer, campaign=campaign, deadline=dt.date(2022, 1, 31))
    campaign.refresh_from_db()
    me = Person.objects.get(user=users["canbo"])
    with pytest.raises(ValidationError) as error:
        services.registration_submit(
            actor=users["canbo"],
            campaign=campaign,
            person=me,
            commitments=_commitments(campaign, 2),
            expected_version=UNCHECKED,
        )
    assert "Đã hết hạn đăng ký" in error.value.messages[0]
    services.registration_submit(
        actor=officer, campaign=campaign, person=me, commitments=_commitments(campaign, 2), expected_version=UNCHECKED
    )


def test_deadline_must_fall_inside_the_campaign(campaign, officer):
    with pytest.raises(ValidationError):
        services.campaign_set_registration_deadline(actor=officer, campaign=campaign, deadline=dt.date(2023, 1, 5))


def test_registration_is_refused_before_launch(draft_campaign, officer):
    person = Person.objects.first()
    with pytest.raises(ValidationError) as error:
        services.registration_submit(
            actor=officer, campaign=draft_campaign, person=person, commitments=[], expected_version=UNCHECKED
        )
    assert error.value.code == "closed"


def test_overview_marks_who_has_and_has_not_registered(campaign):
    overview = registration_overview(campaign)
    missing = registration_missing(campaign)
    assert overview["units_registered"] == len(overview["units"]) - len(missing["units"])
    assert {u.name for u in missing["units"]} == {"Ấp Tân Tây", "Ban Chỉ huy Quân sự xã", "Hội Nông dân xã"}
    assert "Đặng Văn Minh" in {p.full_name for p in missing["people"]}


def test_reminder_notifies_the_unregistered_and_emails_after_commit(
    campaign, officer, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.registration_remind(actor=officer, campaign=campaign)
    # canbo is unregistered himself and heads an unregistered unit: one notification
    assert result.sent >= 1
    assert Notification.objects.filter(recipient=users["canbo"], title__startswith="Nhắc đăng ký").count() == 1
    assert not Notification.objects.filter(recipient=users["vanphong"], title__startswith="Nhắc đăng ký").exists()
    assert any("Nhắc đăng ký" in message.subject for message in mail.outbox)


def test_the_reminder_names_who_has_no_account_to_be_reached(campaign, officer, users):
    result = services.registration_remind(actor=officer, campaign=campaign)
    missing = registration_missing(campaign)
    without_account = {p.full_name for p in missing["people"] if p.user_id is None}
    assert without_account and set(result.unreachable_people) == without_account
    assert "Ấp Tân Tây" in result.unreachable_units  # its head has no account
    assert "Hội Nông dân xã" not in result.unreachable_units  # canbo heads it
    assert result.sent == Notification.objects.filter(title__startswith="Nhắc đăng ký").count()


def test_the_reminder_page_says_who_could_not_be_reached(campaign, client_as):
    from django.urls import reverse

    client = client_as("vanphong")
    response = client.post(reverse("campaigns:registration-remind", args=[campaign.slug]), follow=True)
    html = response.content.decode()
    assert "Chưa nhắc được (chưa có tài khoản trên cổng), hãy nhắc trực tiếp" in html
    assert "Đặng Văn Minh" in html or "người khác" in html
