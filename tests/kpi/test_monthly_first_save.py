"""Two tabs on an empty month: the second first save is refused instead of silently winning."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kpi.models import MonthlyReport
from kpi.services import monthly_values_save
from tanbinh_portal.optimistic import NEW_ROW, STALE_MESSAGE


def test_two_first_saves_of_one_month_keep_the_first(campaign, officer):
    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 12}, expected_version=NEW_ROW
    )
    with pytest.raises(ValidationError) as error:
        monthly_values_save(
            actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 99}, expected_version=NEW_ROW
        )
    assert error.value.code == "stale"
    report = MonthlyReport.objects.get(campaign=campaign, month="2022-03")
    assert report.values.get(key="e_documents").value == 12


def test_two_tabs_on_an_empty_month_through_the_page(campaign, client_as):
    url = reverse("kpi:monthly-edit", args=[campaign.slug, "2022-04"])
    tab_one, tab_two = client_as("vanphong"), client_as("vanphong")
    assert 'name="version" value="0"' in tab_one.get(url).content.decode()
    assert tab_one.post(url, {"e_documents": "30", "version": "0"}).status_code == 302
    response = tab_two.post(url, {"e_documents": "31", "version": "0"})
    assert response.status_code == 200 and STALE_MESSAGE in response.content.decode()
    assert MonthlyReport.objects.get(month="2022-04").values.get(key="e_documents").value == 30


def test_a_monthly_post_without_version_saves_nothing(campaign, client_as):
    url = reverse("kpi:monthly-edit", args=[campaign.slug, "2022-05"])
    response = client_as("vanphong").post(url, {"e_documents": "30"})
    assert response.status_code == 200 and "thiếu thông tin phiên bản" in response.content.decode()
    assert not MonthlyReport.objects.filter(campaign=campaign, month="2022-05").exists()
