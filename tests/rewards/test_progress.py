"""Tiến độ của tôi / của tập thể: who sees them, and the numbers on small explicit logs."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from campaigns import services as campaign_services
from campaigns.models import Person, Unit
from rewards.selectors.progress import person_progress, unit_progress
from tanbinh_portal import roles
from tanbinh_portal.optimistic import UNCHECKED
from tests.conftest import make_user
from tests.kpi.conftest import row


def person_url(campaign, name: str) -> str:
    return reverse("rewards:progress-person", args=[campaign.slug, Person.objects.get(full_name=name).pk])


def unit_url(campaign, name: str) -> str:
    return reverse("rewards:progress-unit", args=[campaign.slug, Unit.objects.get(name=name).pk])


def test_every_commune_official_opens_their_own_progress_from_the_menu(campaign, client_as):
    for username in ("chutich", "phochutich", "vanphong", "hoidong", "motcua", "canbo"):
        client = client_as(username)
        assert "Tiến độ của tôi" in client.get(reverse("home")).content.decode(), username
        response = client.get(reverse("rewards:progress-home"))
        me = Person.objects.get(user__username=username)
        assert response["Location"] == reverse("rewards:progress-person", args=[campaign.slug, me.pk])
        page = client.get(response["Location"]).content.decode()
        assert "Tiến độ của tôi" in page and me.full_name in page


def test_the_district_has_no_progress_pages(campaign, client_as):
    client = client_as("noivu")
    assert "Tiến độ của tôi" not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("rewards:progress-home")).status_code == 403
    assert client.get(person_url(campaign, "Võ Thị Lan")).status_code == 403


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("chutich", 200),  # managers of the campaign
        ("phochutich", 200),
        ("vanphong", 200),
        ("motcua", 403),  # Võ Thị Lan works beside him at the one-stop desk; Nguyễn Thị Hồng heads it
        ("hoidong", 403),  # a colleague: the person is no secret, their progress is
        ("canbo", 403),
        ("noivu", 403),
    ],
)
def test_a_persons_progress_is_for_them_their_unit_head_and_the_managers(campaign, client_as, username, status):
    assert client_as(username).get(person_url(campaign, "Huỳnh Văn Sang")).status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [("chutich", 200), ("vanphong", 200), ("canbo", 200), ("motcua", 403), ("hoidong", 403), ("noivu", 403)],
)
def test_a_units_progress_is_for_its_head_and_the_managers(campaign, client_as, username, status):
    assert client_as(username).get(unit_url(campaign, "Hội Nông dân xã")).status_code == status


def test_anonymous_users_are_sent_to_login(campaign, client):
    for url in (reverse("rewards:progress-home"), person_url(campaign, "Võ Thị Lan")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


@pytest.fixture
def other_commune(campaign, officer):
    commune = campaign_services.commune_get_or_create(
        code="tan-phu", name="Tân Phú", district_name="Huyện Tân Phú", province_name="Tỉnh Đồng Nai", actor=officer
    )
    officer = make_user("vanphong-tanphu-lap", roles.OFFICER, commune=commune)  # Tân Bình's officer may not
    unit = campaign_services.unit_save(
        actor=officer,
        commune=commune,
        data={"name": "Văn phòng – Thống kê", "unit_type": "department"},
        expected_version=UNCHECKED,
    )
    person = campaign_services.person_save(
        actor=officer,
        commune=commune,
        data={"full_name": "Lê Thị Phú", "position": "Công chức", "unit": unit, "sex": "female"},
        expected_version=UNCHECKED,
    )
    return {"commune": commune, "unit": unit, "person": person}


def test_a_person_or_unit_of_another_commune_answers_404(campaign, client_as, other_commune):
    slug = campaign.slug
    client = client_as("vanphong")
    assert client.get(reverse("rewards:progress-person", args=[slug, other_commune["person"].pk])).status_code == 404
    assert client.get(reverse("rewards:progress-unit", args=[slug, other_commune["unit"].pk])).status_code == 404


def test_an_officer_of_another_commune_gets_404_on_this_communes_pages(campaign, client_as, other_commune):
    from django.test import Client

    user = make_user("vanphong-tanphu", roles.OFFICER, person=other_commune["person"])
    client = Client()
    client.force_login(user)
    assert client.get(person_url(campaign, "Võ Thị Lan")).status_code == 404
    assert client.get(reverse("rewards:progress-index", args=[campaign.slug])).status_code == 404


def test_the_index_offers_managers_everyone_and_others_themselves_and_their_units(campaign, client_as):
    url = reverse("rewards:progress-index", args=[campaign.slug])
    officer_page = client_as("vanphong").get(url).content.decode()
    assert "Trương Văn Lợi" in officer_page and "Ấp Tân Tây" in officer_page
    staff_page = client_as("canbo").get(url).content.decode()
    assert "Tiến độ của tập thể Hội Nông dân xã" in staff_page
    assert "Ấp Tân Tây" not in staff_page


def lan_receives(kpi_log):
    """Four dossiers received by Võ Thị Lan in March 2022 (handled by Phan Thị Ngọc, lĩnh vực Hộ tịch): three
    resolved before the due date, one after it; and two in April, both on time, one submitted online."""
    kpi_log(
        [
            row("HS1", **{"Lĩnh vực": "Hộ tịch"}),
            row("HS2", **{"Lĩnh vực": "Hộ tịch"}),
            row("HS3", **{"Lĩnh vực": "Hộ tịch"}),
            row("HS4", **{"Lĩnh vực": "Hộ tịch", "Ngày có kết quả": "15/03/2022 10:00"}),
            row(
                "HS5",
                **{
                    "Ngày tiếp nhận": "04/04/2022 08:00",
                    "Ngày hẹn trả": "11/04/2022",
                    "Ngày có kết quả": "06/04/2022 09:00",
                },
            ),
            row(
                "HS6",
                **{
                    "Kênh nộp": "2",
                    "Ngày tiếp nhận": "05/04/2022 08:00",
                    "Ngày hẹn trả": "12/04/2022",
                    "Ngày có kết quả": "07/04/2022 09:00",
                },
            ),
        ]
    )


def cells_of(measure: dict, period_label: str, targets) -> dict[str, dict]:
    found = next(r for r in measure["rows"] if r["label"] == period_label)
    return {t.indicator: cell for t, cell in zip(targets, found["cells"], strict=True)} | {"counts": found["counts"]}


def test_a_persons_results_month_by_month_against_the_targets(campaign, kpi_log, users):
    lan_receives(kpi_log)
    lan = Person.objects.get(full_name="Võ Thị Lan")
    data = person_progress(users["vanphong"], campaign, lan)
    assert [m["title"] for m in data["measures"]] == ["Hồ sơ do Võ Thị Lan tiếp nhận"]
    targets = data["targets"]
    assert [t.indicator for t in targets] == [
        "on_time_rate",
        "dissatisfaction_rate",
        "four_on_spot_rate",
        "online_rate",
        "postal_rate",
    ]
    march = cells_of(data["measures"][0], "Tháng 03/2022", targets)
    assert march["counts"] == ["4", "4"]
    assert (march["on_time_rate"]["text"], march["on_time_rate"]["base"], march["on_time_rate"]["colour"]) == (
        "75%",
        "3/4",
        "red",
    )
    april = cells_of(data["measures"][0], "Tháng 04/2022", targets)
    assert (april["on_time_rate"]["text"], april["on_time_rate"]["colour"]) == ("100%", "green")
    assert (april["online_rate"]["text"], april["online_rate"]["colour"]) == ("50%", "grey")  # month on month
    january = cells_of(data["measures"][0], "Tháng 01/2022", targets)
    assert january["on_time_rate"]["text"] == "—" and january["counts"] == ["0", "0"]  # no dossier: no rate
    whole = cells_of(data["measures"][0], "Cả đợt thi đua", targets)
    assert (whole["on_time_rate"]["text"], whole["on_time_rate"]["base"]) == ("83,33%", "5/6")
    lights = {light.target.indicator: light for light in data["measures"][0]["lights"]}
    assert lights["on_time_rate"].colour == "red"
    assert lights["online_rate"].colour == "green"  # April 50% against March 0%


def test_the_handling_officer_is_measured_on_what_they_handled(campaign, kpi_log, users):
    lan_receives(kpi_log)
    ngoc = Person.objects.get(full_name="Phan Thị Ngọc")
    data = person_progress(users["vanphong"], campaign, ngoc)
    assert [m["title"] for m in data["measures"]] == ["Hồ sơ do Phan Thị Ngọc xử lý"]
    march = cells_of(data["measures"][0], "Tháng 03/2022", data["targets"])
    assert march["on_time_rate"]["base"] == "3/4"


def test_a_person_the_logs_do_not_name_has_no_measured_results(campaign, kpi_log, client_as):
    lan_receives(kpi_log)
    page = client_as("canbo").get(person_url(campaign, "Đặng Văn Minh")).content.decode()
    assert "chưa ghi hồ sơ nào do Đặng Văn Minh tiếp nhận hoặc xử lý" in page


def test_registration_commitments_and_nominations_are_shown(campaign, client_as, nominate):
    nominate("Võ Thị Lan")
    page = client_as("motcua").get(person_url(campaign, "Võ Thị Lan")).content.decode()
    assert "Đã đăng ký thi đua ngày" in page
    assert (
        "Nội dung 2." in page
        and (
            "Chỉ tiêu cam kết: Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn: ≥ 95%; "
            "Tỷ lệ không hài lòng do nhũng nhiễu, gây phiền hà: &lt; 1,3%"
        )
        in page
    )  # a content with two targets names each (Criterion.default_target_text)
    assert "Giấy khen của Chủ tịch UBND xã" in page and "Dự thảo" in page
    # Lan may open her own nomination, so the page links it.
    assert "/de-nghi/" in page


def test_an_unregistered_person_is_told_so(campaign, client_as):
    page = client_as("canbo").get(person_url(campaign, "Đặng Văn Minh")).content.decode()
    assert "Chưa đăng ký thi đua trong phong trào này." in page


def test_a_department_is_measured_on_its_own_lĩnh_vực(campaign, kpi_log, users):
    lan_receives(kpi_log)
    # The demo commune has no such unit (its civil servants belong to the UBND); a commune that keeps a
    # department per lĩnh vực gets that lĩnh vực's dossiers.
    unit = campaign_services.unit_save(
        actor=users["vanphong"],
        commune=campaign.commune,
        data={"name": "Tổ Tư pháp – Hộ tịch", "unit_type": "department"},
        expected_version=UNCHECKED,
    )
    data = unit_progress(users["vanphong"], campaign, unit)
    assert [m["title"] for m in data["measures"]] == ["Hồ sơ lĩnh vực Hộ tịch"]
    march = cells_of(data["measures"][0], "Tháng 03/2022", data["targets"])
    assert march["on_time_rate"]["base"] == "3/4"
    whole = cells_of(data["measures"][0], "Cả đợt thi đua", data["targets"])
    assert whole["counts"] == ["4", "4"]  # April's dossiers are of another lĩnh vực


def test_the_one_stop_desk_is_measured_on_the_whole_commune_including_monthly_figures(campaign, kpi_log, users):
    lan_receives(kpi_log)
    unit = Unit.objects.get(name="Bộ phận Tiếp nhận và Trả kết quả")
    data = unit_progress(users["vanphong"], campaign, unit)
    assert [m["title"] for m in data["measures"]] == ["Hồ sơ một cửa của toàn xã (Bộ phận Tiếp nhận và Trả kết quả)"]
    whole = cells_of(data["measures"][0], "Cả đợt thi đua", data["targets"])
    assert whole["counts"] == ["6", "6"]
    assert len(data["targets"]) > 5  # the targets on hand-entered monthly figures too
    assert {p.full_name for p in data["members"]} >= {"Võ Thị Lan", "Huỳnh Văn Sang"}


def test_a_unit_the_logs_do_not_measure_says_so(campaign, client_as):
    page = client_as("vanphong").get(unit_url(campaign, "Ấp Tân Đông")).content.decode()
    assert "không đo riêng tập thể này" in page
    assert "Hồ Văn Nam" in page  # its members with their registration state


def test_the_person_page_reads_a_fixed_number_of_queries(campaign, kpi_log, users, django_assert_num_queries):
    lan_receives(kpi_log)
    lan = Person.objects.get(full_name="Võ Thị Lan")
    officer = User.objects.get(username="vanphong")
    with django_assert_num_queries(7):
        person_progress(officer, campaign, lan)
