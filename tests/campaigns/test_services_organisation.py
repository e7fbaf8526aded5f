import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import services
from campaigns.models import Person, Unit
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.optimistic import UNCHECKED


def test_unit_names_are_unique_per_commune(campaign, officer):
    with pytest.raises(ValidationError) as error:
        services.unit_save(
            actor=officer,
            commune=campaign.commune,
            data={"name": "Ấp Tân Đông", "unit_type": "hamlet"},
            expected_version=UNCHECKED,
        )
    assert error.value.code == "duplicate"


def test_unit_update_is_audited_from_old_to_new(campaign, officer):
    unit = Unit.objects.get(name="Ấp Tân Đông")
    services.unit_save(
        actor=officer,
        commune=campaign.commune,
        unit=unit,
        data={"name": "Ấp Tân Đông A", "unit_type": "hamlet"},
        expected_version=unit.version,
    )
    event = AuditEvent.objects.filter(action="unit.update", object_id=str(unit.pk)).latest("id")
    assert event.changes["name"] == ["Ấp Tân Đông", "Ấp Tân Đông A"]
    assert event.actor == officer


def test_disciplinary_flag_change_needs_a_reason_and_is_audited(campaign, officer):
    person = Person.objects.get(full_name="Đỗ Văn Khánh")
    data = {
        "full_name": person.full_name,
        "position": person.position,
        "unit": person.unit,
        "sex": person.sex,
        "has_open_disciplinary_matter": True,
    }
    with pytest.raises(ValidationError) as error:
        services.person_save(
            actor=officer, commune=campaign.commune, person=person, data=data, expected_version=UNCHECKED
        )
    assert error.value.code == "reason_required"
    services.person_save(
        actor=officer,
        commune=campaign.commune,
        person=person,
        data=data,
        reason="Quyết định xem xét kỷ luật số 12",
        expected_version=UNCHECKED,
    )
    event = AuditEvent.objects.filter(action="person.update", object_id=str(person.pk)).latest("id")
    assert event.changes["has_open_disciplinary_matter"] == [False, True]
    assert event.reason == "Quyết định xem xét kỷ luật số 12"


def test_one_account_links_to_one_person_only(campaign, officer, users):
    person = Person.objects.get(full_name="Đỗ Văn Khánh")
    data = {
        "full_name": person.full_name,
        "position": person.position,
        "unit": person.unit,
        "sex": person.sex,
        "user": users["canbo"],
    }
    with pytest.raises(ValidationError) as error:
        services.person_save(
            actor=officer, commune=campaign.commune, person=person, data=data, expected_version=UNCHECKED
        )
    assert error.value.code == "user_taken"


def test_stale_person_edit_is_refused(campaign, officer):
    person = Person.objects.get(full_name="Đỗ Văn Khánh")
    data = {"full_name": person.full_name, "position": "Chức vụ mới", "unit": person.unit, "sex": person.sex}
    services.person_save(actor=officer, commune=campaign.commune, person=person, data=data, expected_version=1)
    with pytest.raises(ValidationError) as error:
        services.person_save(
            actor=officer,
            commune=campaign.commune,
            person=person,
            data={**data, "position": "Khác"},
            expected_version=1,
        )
    assert error.value.code == "stale"


def test_database_refuses_a_unit_of_nobody_and_an_impossible_year_of_birth(world):
    from django.db import IntegrityError, transaction

    unit = Unit.objects.filter(commune=world["campaign"].commune).first()
    person = Person.objects.filter(commune=world["campaign"].commune).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(member_count=0)
    for year in (1899, 2101):
        with pytest.raises(IntegrityError), transaction.atomic():
            Person.objects.filter(pk=person.pk).update(year_of_birth=year)
    Unit.objects.filter(pk=unit.pk).update(member_count=1)
    Person.objects.filter(pk=person.pk).update(year_of_birth=1900)


def test_a_unit_takes_a_new_name_from_a_date_audited_and_keeps_its_former_one_before(users):
    import datetime as dt

    from campaigns import services as campaign_services
    from campaigns.models import Unit
    from tanbinh_portal.models import AuditEvent

    desk = Unit.objects.get(name="Bộ phận Tiếp nhận và Trả kết quả")
    reform = dt.date(2025, 7, 1)
    officer = users["vanphong"]
    with pytest.raises(PermissionDenied):
        campaign_services.unit_rename(actor=users["canbo"], unit=desk, name="Trung tâm", valid_from=reform)
    with pytest.raises(ValidationError, match="Nhập tên mới"):
        campaign_services.unit_rename(actor=officer, unit=desk, name="  ", valid_from=reform)
    with pytest.raises(ValidationError, match="đã mang tên"):
        campaign_services.unit_rename(actor=officer, unit=desk, name=desk.name, valid_from=reform)
    name = "Trung tâm Phục vụ hành chính công xã"
    campaign_services.unit_rename(actor=officer, unit=desk, name=name, valid_from=reform)
    campaign_services.unit_rename(actor=officer, unit=desk, name=name, valid_from=reform)  # again: nothing changes
    with pytest.raises(ValidationError, match="đã mang tên “Trung tâm Phục vụ"):
        campaign_services.unit_rename(actor=officer, unit=desk, name="Tên khác", valid_from=reform)
    desk = Unit.objects.get(pk=desk.pk)
    assert desk.name == "Bộ phận Tiếp nhận và Trả kết quả"  # the record keeps the name it was created with
    assert desk.name_on(reform - dt.timedelta(days=1)) == "Bộ phận Tiếp nhận và Trả kết quả"
    assert desk.name_on(reform) == name and desk.name_on(dt.date(2026, 1, 12)) == name
    event = AuditEvent.objects.get(action="unit.rename")
    assert event.changes["name"] == ["Bộ phận Tiếp nhận và Trả kết quả", f"{name} (từ 01/07/2025)"]
