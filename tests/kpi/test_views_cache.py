"""The dashboard's cached fragment: shared by every reader, gone as soon as a value or the plan changes."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import CriterionTarget
from kpi.models import IndicatorValue
from tests.kpi.conftest import row

# A cached dashboard: session, user, groups, campaign (with its plan revision), the previous campaign,
# stored values' version (this and the previous campaign's), unread notifications, the campaigns of the
# picker, the table of the commune's campaigns. Nothing else, whatever the number of values (pinned).
CACHED_QUERIES = 9


@pytest.fixture
def imported(import_rows):
    return import_rows([row("A"), row("B", **{"Ngày có kết quả": "20/03/2022"}), row("C")])


def _dashboard(client, campaign) -> str:
    response = client.get(reverse("kpi:dashboard", args=[campaign.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_second_request_serves_the_fragment_in_a_fixed_number_of_queries(
    imported, campaign, client_as, django_assert_num_queries
):
    client = client_as("vanphong")
    first = _dashboard(client, campaign)
    with django_assert_num_queries(CACHED_QUERIES):
        second = _dashboard(client, campaign)
    assert _body(first) == _body(second) and "66,67%" in second


def _body(html: str) -> str:
    return html[html.index("Tiến độ so với chỉ tiêu") :]


def test_an_import_that_changes_the_values_shows_at_once(imported, import_rows, campaign, client_as):
    client = client_as("chutich")
    before = _body(_dashboard(client, campaign))
    import_rows([row("D"), row("E", **{"Ngày có kết quả": "25/03/2022"})])
    after = _body(_dashboard(client, campaign))
    cache.clear()
    assert after == _body(_dashboard(client, campaign)) != before  # what an uncached render shows


def test_a_stored_value_written_directly_shows_at_once(imported, campaign, client_as):
    # Any writer that stamps computed_at (the recompute does, on every row it changes) is seen.
    client = client_as("chutich")
    assert "66,67%" in _dashboard(client, campaign)
    IndicatorValue.objects.filter(campaign=campaign, scope="commune", value__gt=66, value__lt=67).update(
        value=Decimal("12.34"), computed_at=timezone.now()
    )
    html = _dashboard(client, campaign)
    assert "12,34%" in html and "66,67%" not in html


def test_a_deleted_stored_value_disappears_at_once(imported, campaign, client_as):
    client = client_as("chutich")
    assert "66,67%" in _dashboard(client, campaign)
    IndicatorValue.objects.filter(campaign=campaign, scope="commune", value__gt=66, value__lt=67).delete()
    assert "66,67%" not in _dashboard(client, campaign)


def test_a_changed_target_shows_at_once(imported, campaign, client_as, officer):
    client = client_as("chutich")
    target = CriterionTarget.objects.select_related("criterion").get(
        criterion__campaign=campaign, indicator="on_time_rate"
    )
    assert "chỉ tiêu ≥ 95%" in _dashboard(client, campaign)
    criterion = target.criterion
    targets = [
        {"indicator": t.indicator, "comparator": t.comparator, "target": t.target, "unit_label": t.unit_label}
        for t in criterion.targets.all()
    ]
    for t in targets:
        if t["indicator"] == "on_time_rate":
            t["target"] = Decimal("60")
    services.criterion_save(
        actor=officer,
        campaign=campaign,
        criterion=criterion,
        data={"order": criterion.order, "text": criterion.text, "kind": criterion.kind, "targets": targets},
        reason="Điều chỉnh chỉ tiêu",
    )
    html = _dashboard(client, campaign)
    assert "chỉ tiêu ≥ 60%" in html and "chỉ tiêu ≥ 95%" not in html


def test_the_shared_fragment_holds_nothing_of_the_first_reader(imported, campaign, client_as):
    first = _dashboard(client_as("vanphong"), campaign)
    second = _dashboard(client_as("hoidong"), campaign)
    # The menu names the reader (the demo accounts carry their person's name).
    officer, council = (User.objects.get(username=name).get_full_name() for name in ("vanphong", "hoidong"))
    assert f">{officer}<" in first and f">{officer}<" not in second and f">{council}<" in second
    token = 'name="csrfmiddlewaretoken" value="'
    first_token = first.split(token)[1].split('"')[0]
    assert first_token not in second
