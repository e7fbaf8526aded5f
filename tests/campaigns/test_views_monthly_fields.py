"""The monthly fields page: anonymous, wrong role, right role; add, edit, delete, bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import Amendment, MonthlyField
from campaigns.selectors import monthly_fields_overview
from kpi.services import monthly_values_save
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.optimistic import UNCHECKED


def _list_url(campaign):
    return reverse("campaigns:monthly-fields", args=[campaign.slug])


def _new_field(campaign, **extra):
    return {
        "key": "tiep_dan",
        "criterion": str(campaign.criteria.get(order=5).pk),
        "label": "Buổi tiếp công dân",
        "unit": "buổi",
        "order": "1",
        "aggregation": "sum",
        "is_active": "on",
        "version": "0",
        **extra,
    }


def test_anonymous_users_are_sent_to_login(campaign, client):
    field = campaign.monthly_fields.get(key="surveys")
    for url in (_list_url(campaign), reverse("campaigns:monthly-field-edit", args=[campaign.slug, field.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize("username", ["canbo", "hoidong", "motcua", "noivu"])
def test_other_roles_cannot_open_the_page(campaign, client_as, username):
    assert client_as(username).get(_list_url(campaign)).status_code == 403


def test_the_vice_chairman_sees_the_fields_but_cannot_change_them(campaign, client_as):
    client = client_as("phochutich")
    html = client.get(_list_url(campaign)).content.decode()
    assert "Số ngày hệ thống camera Bộ phận Một cửa hoạt động" in html and "Thêm số liệu tháng" not in html
    assert client.post(_list_url(campaign), _new_field(campaign)).status_code == 403
    field = campaign.monthly_fields.get(key="surveys")
    assert client.get(reverse("campaigns:monthly-field-edit", args=[campaign.slug, field.pk])).status_code == 403
    assert not MonthlyField.objects.filter(key="tiep_dan").exists()


@pytest.mark.parametrize("username", ["vanphong", "chutich"])
def test_officer_and_chairman_add_a_field_that_shows_on_the_monthly_form(campaign, client_as, username):
    client = client_as(username)
    response = client.post(_list_url(campaign), _new_field(campaign))
    assert response.status_code == 302
    field = MonthlyField.objects.get(campaign=campaign, key="tiep_dan")
    assert field.label == "Buổi tiếp công dân" and field.criterion.order == 5
    html = client_as("vanphong").get(reverse("kpi:monthly-edit", args=[campaign.slug, "2022-03"])).content.decode()
    assert "Buổi tiếp công dân (buổi)" in html and 'name="tiep_dan"' in html
    assert html.index('name="tiep_dan"') < html.index('name="promotion_sessions"')  # criterion 5 before 7


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # One refusal of the service (the key rules themselves: tests/campaigns/test_monthly_fields.py).
        ({"key": "e_documents"}, "đã có số liệu tháng mã"),
        ({"label": ""}, "Hãy nhập tên số liệu"),
        ({"criterion": "999999999999999999999"}, "Hãy chọn một nội dung thi đua của phong trào này"),
        ({"aggregation": "avg"}, "Hãy chọn cộng dồn các tháng"),
        ({"order": "0"}, "Thứ tự là một số nguyên"),
    ],
)
def test_bad_input_is_shown_on_the_form(campaign, client_as, change, message):
    response = client_as("vanphong").post(_list_url(campaign), _new_field(campaign, **change))
    assert response.status_code == 200
    assert not MonthlyField.objects.filter(key="tiep_dan").exists()
    assert message in response.content.decode()


def test_relabelling_after_launch_needs_a_reason_then_becomes_an_amendment(campaign, client_as):
    field = campaign.monthly_fields.get(key="surveys")
    url = reverse("campaigns:monthly-field-edit", args=[campaign.slug, field.pk])
    client = client_as("vanphong")
    data = {
        "criterion": str(field.criterion_id),
        "label": "Cuộc khảo sát ý kiến người dân",
        "unit": "cuộc",
        "order": "1",
        "aggregation": "sum",
        "is_active": "on",
        "version": str(field.version),
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "phải ghi rõ lý do" in response.content.decode()
    response = client.post(url, {**data, "reason": "Thống nhất tên với báo cáo huyện"})
    assert response.status_code == 302
    field.refresh_from_db()
    assert field.label == "Cuộc khảo sát ý kiến người dân"
    assert Amendment.objects.filter(campaign=campaign, reason="Thống nhất tên với báo cáo huyện").exists()


def test_deleting_a_field_with_values_is_refused_with_a_message(campaign, client_as, officer):
    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"camera_days": 20}, expected_version=UNCHECKED
    )
    field = campaign.monthly_fields.get(key="camera_days")
    assert [row["deletable"] for row in monthly_fields_overview(campaign) if row["field"] == field] == [False]
    url = reverse("campaigns:monthly-field-delete", args=[campaign.slug, field.pk])
    response = client_as("vanphong").post(url, {"reason": "Không cần nữa"}, follow=True)
    assert "không xóa được" in response.content.decode()
    assert MonthlyField.objects.filter(pk=field.pk).exists()


def test_an_unused_field_is_deleted_by_the_chairman(campaign, client_as):
    client = client_as("chutich")
    client.post(_list_url(campaign), _new_field(campaign))
    field = MonthlyField.objects.get(key="tiep_dan")
    response = client.post(
        reverse("campaigns:monthly-field-delete", args=[campaign.slug, field.pk]), {"reason": "Thêm nhầm"}
    )
    assert response.status_code == 302 and not MonthlyField.objects.filter(key="tiep_dan").exists()
    assert AuditEvent.objects.filter(action="monthly_field.delete", reason="Thêm nhầm").exists()


def test_a_field_of_another_campaign_is_not_found(campaign, draft_campaign, client_as):
    field = campaign.monthly_fields.get(key="surveys")
    url = reverse("campaigns:monthly-field-edit", args=[draft_campaign.slug, field.pk])
    assert client_as("vanphong").get(url).status_code == 404


def test_a_closed_campaign_shows_its_fields_read_only(campaign, client_as, chairman):
    from campaigns import services

    services.campaign_close(actor=chairman, campaign=campaign)
    client = client_as("vanphong")
    html = client.get(_list_url(campaign)).content.decode()
    assert "Phong trào đã kết thúc" in html and "Thêm số liệu tháng" not in html
    response = client.post(_list_url(campaign), _new_field(campaign), follow=True)
    assert "Chỉ được thêm số liệu tháng khi" in response.content.decode()
    assert not MonthlyField.objects.filter(key="tiep_dan").exists()
