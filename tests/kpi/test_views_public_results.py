"""The public results page (kpi/views/public_results.py): no login, no names, the dashboard's stored
values, cached per data version, drafts and other communes' slugs hidden."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from kpi import tasks
from kpi.models import Dossier, IndicatorValue
from kpi.ratings_tokens import token_for
from kpi.services import citizen_rating_submit, rating_ticket_issue
from kpi.services.ratings import RatingInput
from kpi.templatetags.kpi_tags import kpi_value
from tests.factories import CommuneFactory
from tests.kpi.conftest import row

CACHED_QUERIES = 3  # the campaign (with its plan revision), the previous campaign, the stored values' version


@pytest.fixture
def imported(import_rows, campaign):
    import_rows([row("HS1", **{"Đánh giá": "Hài lòng"}), row("HS2"), row("HS3", **{"Lĩnh vực": "Hộ tịch"})])
    tasks.recompute_campaign(campaign.pk)


def url(campaign, code=None):
    return reverse("public:results", args=[code or campaign.commune.code, campaign.slug])


def test_anyone_opens_the_results_without_names(imported, campaign):
    response = Client().get(url(campaign))
    page = response.content.decode()
    assert response.status_code == 200
    assert campaign.title in page and "Biểu II.06a" in page and "Chỉ tiêu và kết quả theo tháng" in page
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn" in page
    for name in ("Võ Thị Lan", "Phan Thị Ngọc", "HS1"):
        assert name not in page
    assert "<script" not in page
    assert response["Cache-Control"] == "public, max-age=300"


def test_the_figures_are_the_dashboards_stored_values(imported, campaign, client_as):
    page = Client().get(url(campaign)).content.decode()
    rated = IndicatorValue.objects.get(campaign=campaign, indicator="resolved_rated", period="2022-03", scope="commune")
    resolved = IndicatorValue.objects.get(campaign=campaign, indicator="resolved", period="2022-03", scope="commune")
    assert (rated.numerator, resolved.numerator) == (1, 3)
    assert '<th scope="row">Tháng 03/2022</th><td>3</td><td>1</td><td>33,33%</td>' in page
    dashboard = client_as("chutich").get(reverse("kpi:dashboard", args=[campaign.slug])).content.decode()
    on_time = IndicatorValue.objects.get(
        campaign=campaign, indicator="on_time_rate", period="campaign", scope="commune"
    )
    shown = kpi_value(on_time)
    assert on_time.value == 100 and f'<td data-label="Cả đợt thi đua">{shown}</td>' in page and shown in dashboard


def test_a_second_visit_is_served_from_the_cache(imported, campaign, django_assert_num_queries):
    client = Client()
    client.get(url(campaign))
    with django_assert_num_queries(CACHED_QUERIES):
        assert client.get(url(campaign)).status_code == 200


def test_a_new_rating_shows_once_recomputed(imported, campaign, users, django_capture_on_commit_callbacks):
    client = Client()
    before = client.get(url(campaign)).content.decode()
    assert "<td>3</td><td>1</td><td>33,33%</td>" in before
    ticket = rating_ticket_issue(actor=users["motcua"], dossier=Dossier.objects.get(code="HS2"))
    with django_capture_on_commit_callbacks(execute=True):
        citizen_rating_submit(token=token_for(ticket), data=RatingInput(1), now=dt.datetime(2022, 3, 12, tzinfo=dt.UTC))
    assert "<td>3</td><td>2</td><td>66,67%</td>" in client.get(url(campaign)).content.decode()


def test_a_draft_or_another_communes_slug_answers_404(imported, campaign, draft_campaign):
    client = Client()
    assert client.get(url(draft_campaign)).status_code == 404
    assert client.get(url(campaign, code=CommuneFactory().code)).status_code == 404
    assert client.get(url(campaign, code="khong-co")).status_code == 404


def test_the_page_speaks_to_a_citizen(imported, campaign):
    page = Client().get(url(campaign)).content.decode()
    assert "Nội dung " in page and " – Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn" in page
    assert '<th scope="col">Kết quả so với chỉ tiêu</th>' in page and '<th scope="col">Đánh giá</th>' not in page
    # The result column comes first after the criterion (readable on a phone), then the campaign's value.
    head = page.split("Nội dung, chỉ tiêu")[1].split("</thead>")[0]
    assert head.index("Kết quả so với chỉ tiêu") < head.index("Cả đợt thi đua") < head.index("Tháng 03/2022")
    assert "“4 tại chỗ”: hồ sơ được tiếp nhận" in page
    # The log's last date (the result of 08/03/2022): the month is complete only to it.
    assert "Số liệu tính đến ngày 08/03/2022" in page and "Tháng 03/2022 (số liệu đến 08/03)" in page


def test_the_06a_table_accounts_for_withdrawn_dossiers(import_rows, campaign):
    import_rows([row("HS1"), row("HS2", **{"Trạng thái": "7", "Ngày có kết quả": ""})])
    tasks.recompute_campaign(campaign.pk)
    page = Client().get(url(campaign)).content.decode()
    assert "Rút, dừng, không được tiếp nhận" in page
    table = page.split("Rút, dừng, không được tiếp nhận")[1]
    # (3) = 2 received, (7) = 1 resolved, (11) = 0 pending: 1 withdrawn in the last column.
    march = table.split("Tháng 03/2022</th>")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in march.split('<td class="text-end">')[1:]]
    assert (cells[0], cells[4], cells[8], cells[-1]) == ("2", "1", "0", "1")
