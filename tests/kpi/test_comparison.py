"""The receiving level's comparison of its communes (kpi/selectors/comparison.py, kpi/views/comparison.py,
kpi/comparison_export.py): stored values only, ranked, the Excel file, and the drill-down into a commune's
dashboard, read-only and only for a commune the reviewer sees."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpi.models import IndicatorValue
from kpi.selectors.comparison import comparison_indicator, comparison_ranking
from kpi.services import dossier_import_from_path
from kpi.templatetags.kpi_tags import kpi_number
from tests.factories import CommuneFactory, DistrictFactory, launched_campaign, make_user
from tests.kpi.conftest import row, write_csv
from tests.xlsx import read_table

# The comparison page on a cache hit: session and user, the reviewer's places, the visible communes'
# years, the year's campaigns (with their plan revisions), the stored values' version; the rest of the
# page's frame (base.html). Pinned: it must not grow with the communes.
HIT_QUERIES = 8


@pytest.fixture
def two_communes(campaign, import_rows, tmp_path, users):
    """The test world's commune (3 dossiers, all on time) and commune B of the same district (2 of 4 late)."""
    import_rows([row("A1"), row("A2"), row("A3")])
    commune_b = CommuneFactory(code="xa-b", name="Bình Minh", district=campaign.commune.district)
    campaign_b = launched_campaign(commune=commune_b, slug="phong-trao-xa-b-2022")
    officer_b = make_user("vanphong-b", "Công chức Văn phòng – Thống kê", commune=commune_b)
    late = {"Ngày có kết quả": "20/03/2022 10:00"}
    path = write_csv(tmp_path / "b.csv", [row("B1"), row("B2"), row("B3", **late), row("B4", **late)])
    dossier_import_from_path(actor=officer_b, commune=commune_b, path=path, dry_run=False)
    return campaign, campaign_b


def _stored(campaign, period: str) -> Decimal | None:
    value = IndicatorValue.objects.filter(
        campaign=campaign, indicator="on_time_rate", scope="commune", period=period
    ).first()
    return None if value is None else value.value


def test_the_comparison_reads_the_stored_values_and_ranks_them(two_communes, django_assert_max_num_queries):
    a, b = two_communes
    with django_assert_max_num_queries(2):
        table = comparison_indicator([a, b], "on_time_rate", 2022)
    assert [r.campaign for r in table.rows] == [a, b]
    assert [r.rank for r in table.rows] == [1, 2]
    for r in table.rows:
        assert r.value == _stored(r.campaign, "campaign")
        assert r.months[2] == _stored(r.campaign, "2022-03")  # March
    assert table.rows[1].value == Decimal(50) and table.rows[1].met is False and table.rows[0].met is True
    with django_assert_max_num_queries(1):
        ranking = comparison_ranking([b, a])
    assert [(r.campaign, r.rank) for r in ranking][0] == (a, 1)
    b_row = next(r for r in ranking if r.campaign == b)
    assert (b_row.total, b_row.judged, b_row.met, b_row.share) == (1, 1, 0, Decimal("0.00"))


def test_the_page_for_the_district_and_nobody_else(two_communes, client_as, client):
    url = reverse("kpi:comparison") + "?nam=2022&chi-so=on_time_rate"
    assert client.get(url).status_code == 302
    assert client_as("chutich").get(url).status_code == 403
    page = client_as("noivu").get(url).content.decode()
    assert "Bình Minh" in page and ">50%</td>" in page  # B's stored on-time rate, as the dashboard writes it
    assert reverse("kpi:dashboard", args=["phong-trao-xa-b-2022"]) in page


def test_the_excel_file_holds_the_ranking_and_the_months(two_communes, client_as):
    a, b = two_communes
    response = client_as("noivu").get(reverse("kpi:comparison-export") + "?nam=2022")
    assert response["Content-Disposition"] == 'attachment; filename="so-sanh-cac-xa-2022.xlsx"'
    ranking = read_table(response.content, "Xếp hạng")
    assert ranking.headers[:3] == ["Hạng", "Xã", "Phong trào"]
    assert [r[1] for r in ranking.rows][-1] == "Bình Minh"
    assert ranking.title[0] == "PHÒNG NỘI VỤ HUYỆN TÂN BIÊN" and any("Năm 2022" in line for line in ranking.title)
    months = read_table(response.content, 1)
    assert months.headers[3] == "Tháng 01" and months.headers[-2:] == ["Cả đợt", "Đánh giá"]
    by_commune = {r[1]: r for r in months.rows}
    assert by_commune["Bình Minh"][-2] == pytest.approx(float(_stored(b, "campaign")) / 100)
    assert by_commune["Bình Minh"][-1] == "Chưa đạt"
    assert by_commune[a.commune.name][5] == pytest.approx(float(_stored(a, "2022-03")) / 100)
    assert months.sheet["A1"].font.name == "Times New Roman"


def test_the_reviewer_drills_into_a_communes_dashboard_it_sees_and_no_other(two_communes, client_as, db):
    a, b = two_communes
    assert client_as("noivu").get(reverse("kpi:dashboard", args=[b.slug])).status_code == 200
    far = CommuneFactory(code="xa-xa", name="Xa Xôi", district=DistrictFactory(code="chau-thanh", name="Châu Thành"))
    far_campaign = launched_campaign(commune=far, slug="phong-trao-xa-xoi-2022")
    assert client_as("noivu").get(reverse("kpi:dashboard", args=[far_campaign.slug])).status_code == 404
    page = client_as("noivu").get(reverse("kpi:comparison") + "?nam=2022").content.decode()
    assert "Xa Xôi" not in page
    # Read-only: the monthly figures and the imports stay the commune's.
    assert client_as("noivu").get(reverse("kpi:monthly-list", args=[b.slug])).status_code == 403


def test_the_province_compares_every_commune_of_the_province(two_communes, client_as, db):
    a, b = two_communes
    far = CommuneFactory(code="xa-xa", name="Xa Xôi", district=DistrictFactory(code="chau-thanh", name="Châu Thành"))
    launched_campaign(commune=far, slug="phong-trao-xa-xoi-2022")
    make_user("sonoivu-kiemtra", "Sở Nội vụ tỉnh", province=a.commune.province)
    page = client_as("sonoivu-kiemtra").get(reverse("kpi:comparison") + "?nam=2022").content.decode()
    assert all(name in page for name in ("Tân Bình", "Bình Minh", "Xa Xôi"))
    assert (
        client_as("sonoivu-kiemtra").get(reverse("kpi:dashboard", args=["phong-trao-xa-xoi-2022"])).status_code == 200
    )


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    # The cached part: from the year/indicator form to the last table (the frame holds a CSRF token).
    start = page.index('<form method="get"')
    return len(queries.captured_queries), page[start : page.rindex("</table>")]


def test_the_page_is_one_cached_fragment_per_data_version(two_communes, client_as, tmp_path, users):
    """A second look costs the same few queries whatever the number of communes (the province bench's
    100 communes: docs/benchmarks.md, "Province scale"); a new stored value or target shows at once."""
    a, b = two_communes
    client = client_as("noivu")
    url = reverse("kpi:comparison") + "?nam=2022&chi-so=on_time_rate"
    missed, first = _queries(client, url)
    hit, again = _queries(client, url)
    assert again == first and hit < missed
    assert hit == HIT_QUERIES
    # More communes: a miss once, then the same number of queries as with two.
    for index in range(3):
        commune = CommuneFactory(code=f"xa-them-{index}", name=f"Thêm {index}", district=a.commune.district)
        launched_campaign(commune=commune, slug=f"phong-trao-them-{index}-2022")
    _queries(client, url)
    hit_more, page = _queries(client, url)
    assert hit_more == hit and "Thêm 2" in page
    # B imports two more late dossiers: its stored rate changes and the page shows it at once.
    late = {"Ngày có kết quả": "20/03/2022 10:00"}
    path = write_csv(tmp_path / "b2.csv", [row("B5", **late), row("B6", **late)])
    officer_b = User.objects.get(username="vanphong-b")
    dossier_import_from_path(actor=officer_b, commune=b.commune, path=path, dry_run=False)
    shown = f">{kpi_number(_stored(b, 'campaign'))}%</td>"
    assert _stored(b, "campaign") != Decimal(50)
    assert shown in client.get(url).content.decode()
    # A code outside the catalogue is keyed as none asked: the first indicator, not a fragment of its own.
    other = client.get(reverse("kpi:comparison") + "?nam=2022&chi-so=khong-co").content.decode()
    assert '<option value="on_time_rate" selected>' in other
