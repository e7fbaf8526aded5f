from django.urls import reverse

from campaigns.models import Person, Registration, Unit
from tanbinh_portal.models import Notification


def test_unit_head_sees_what_to_register_on_the_home_page(campaign, client_as):
    page = client_as("canbo").get("/").content.decode()
    assert "Chưa đăng ký thi đua cho bản thân, tập thể Hội Nông dân xã" in page


def test_unit_head_registers_the_unit_through_the_form(campaign, client_as):
    unit = Unit.objects.get(name="Hội Nông dân xã")
    url = reverse("campaigns:registration-edit", args=[campaign.slug, "tap-the", unit.pk])
    criteria = list(campaign.criteria.all())
    data = {
        f"commit_{criteria[1].pk}": "on",
        f"target_{criteria[1].pk}": "≥ 97%",
        "commitment_text": "Cam kết",
        "version": 0,
    }
    response = client_as("canbo").post(url, data)
    assert response.status_code == 302
    registration = Registration.objects.get(campaign=campaign, unit=unit)
    assert registration.commitments.get().target_text == "≥ 97%"


def test_registration_without_any_commitment_is_explained(campaign, client_as):
    me = Person.objects.get(user__username="canbo")
    url = reverse("campaigns:registration-edit", args=[campaign.slug, "ca-nhan", me.pk])
    page = client_as("canbo").post(url, {"commitment_text": "Chỉ có lời"}).content.decode()
    assert "Hãy chọn ít nhất một nội dung" in page
    assert "Chỉ có lời" in page
    assert not Registration.objects.filter(campaign=campaign, person=me).exists()


def test_officer_reminds_and_sets_the_deadline(campaign, client_as, django_capture_on_commit_callbacks):
    client = client_as("vanphong")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("campaigns:registration-remind", args=[campaign.slug]), follow=True)
    assert "Đã gửi lời nhắc" in response.content.decode()
    assert Notification.objects.filter(recipient__username="canbo", title__startswith="Nhắc").exists()
    response = client.post(
        reverse("campaigns:registration-deadline", args=[campaign.slug]),
        {"registration_deadline": "31/01/2022"},
        follow=True,
    )
    campaign.refresh_from_db()
    assert campaign.registration_deadline.isoformat() == "2022-01-31"
    response = client.post(
        reverse("campaigns:registration-deadline", args=[campaign.slug]),
        {"registration_deadline": "99/99/2022"},
        follow=True,
    )
    assert "Ngày không hợp lệ" in response.content.decode()


def test_registration_page_says_when_registration_is_closed(campaign, client_as, officer):
    from campaigns import services

    services.campaign_set_registration_deadline(actor=officer, campaign=campaign, deadline=campaign.start_date)
    page = client_as("canbo").get(reverse("campaigns:registration-home", args=[campaign.slug])).content.decode()
    assert "Đã hết hạn đăng ký thi đua" in page


def test_district_account_without_person_cannot_register(campaign, client_as):
    assert client_as("noivu").get(reverse("campaigns:registration-home", args=[campaign.slug])).status_code == 403


def test_lists_show_the_unit_under_the_name_it_bore_on_their_day(campaign, client_as, users):
    """The desk renamed from 01/07/2025: the 2022 registration list and its XLSX keep its 2022 name and the
    pledge's own date; the unit and people pages, which speak of today, show its new name."""
    import datetime as dt
    import io

    from openpyxl import load_workbook

    from campaigns import services

    desk = Unit.objects.get(commune=campaign.commune, name="Bộ phận Tiếp nhận và Trả kết quả")
    new = "Trung tâm Phục vụ hành chính công xã"
    services.unit_rename(actor=users["vanphong"], unit=desk, name=new, valid_from=dt.date(2025, 7, 1))
    client = client_as("vanphong")
    overview = client.get(reverse("campaigns:registration-overview", args=[campaign.slug])).content.decode()
    assert "Bộ phận Tiếp nhận và Trả kết quả" in overview and new not in overview
    registration = Registration.objects.filter(campaign=campaign, unit=desk).first()
    if registration and registration.registered_on:
        assert f"Đã đăng ký {registration.registered_on:%d/%m/%Y}" in overview
    export = client.get(reverse("campaigns:registration-export", args=[campaign.slug]))
    cells = [
        c for sheet in load_workbook(io.BytesIO(export.content)) for r in sheet.iter_rows(values_only=True) for c in r
    ]
    assert "Bộ phận Tiếp nhận và Trả kết quả" in cells and new not in cells
    assert new in client.get(reverse("campaigns:unit-list")).content.decode()
    people = client.get(reverse("campaigns:person-list")).content.decode()
    assert new in people
    # Renamed before the campaign began: the campaign's list prints the name in force then.
    services.unit_rename(actor=users["vanphong"], unit=desk, name="Bộ phận Một cửa xã", valid_from=campaign.start_date)
    overview = client.get(reverse("campaigns:registration-overview", args=[campaign.slug])).content.decode()
    assert "Bộ phận Một cửa xã" in overview and "Bộ phận Tiếp nhận và Trả kết quả" not in overview
