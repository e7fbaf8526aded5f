"""Citizens' ratings as data: the submit service, the replace window, the precedence rule over the
import's ratings, the recompute it queues and the drill-down's source column (kpi/services/ratings.py,
kpi/ratings.py)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from kpi import tasks
from kpi.drilldown import drill_dossiers, drill_row
from kpi.models import CitizenRating, Dossier, IndicatorValue, RatingTicket
from kpi.ratings_tokens import token_for
from kpi.services import citizen_rating_submit, rating_ticket_issue
from kpi.services.ratings import RatingInput
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tests.kpi.conftest import row

RETURNED = {"Ngày trả kết quả": "09/03/2022 09:00"}
NOW = dt.datetime(2022, 3, 12, 2, tzinfo=dt.UTC)  # two days after the results: every code still valid


def value(campaign, indicator, period="2022-03"):
    return IndicatorValue.objects.get(campaign=campaign, indicator=indicator, period=period, scope="commune")


@pytest.fixture
def dossiers(import_rows, campaign):
    """Four resolved dossiers of March 2022: HS1 rated "Rất hài lòng" by the import, HS2 "Không hài
    lòng" for harassment by the import, HS3 and HS4 not rated."""
    import_rows(
        [
            row("HS1", **{"Đánh giá": "Rất hài lòng"}, **RETURNED),
            row("HS2", **{"Đánh giá": "Không hài lòng", "Lý do không hài lòng": "Nhũng nhiễu, gây phiền hà"}),
            row("HS3", **RETURNED),
            row("HS4"),
        ]
    )
    tasks.recompute_campaign(campaign.pk)
    return {d.code: d for d in Dossier.objects.filter(commune=campaign.commune)}


@pytest.fixture
def token_of(users):
    def make(dossier) -> str:
        return token_for(rating_ticket_issue(actor=users["motcua"], dossier=dossier))

    return make


def submit(token, level, reasons=(), comment="", now=NOW):
    return citizen_rating_submit(token=token, data=RatingInput(level, tuple(reasons), comment), now=now)


def test_the_desk_issues_one_ticket_per_dossier_and_audits_it_once(dossiers, users):
    first = rating_ticket_issue(actor=users["motcua"], dossier=dossiers["HS3"])
    again = rating_ticket_issue(actor=users["vanphong"], dossier=dossiers["HS3"])
    assert first.pk == again.pk and RatingTicket.objects.count() == 1
    assert AuditEvent.objects.filter(action="kpi.rating_ticket_issued").count() == 1


@pytest.mark.parametrize("username", ["chutich", "canbo", "hoidong", "noivu"])
def test_only_the_desk_and_the_officer_issue_tickets(dossiers, users, username):
    with pytest.raises(NotPermitted):
        rating_ticket_issue(actor=users[username], dossier=dossiers["HS3"])


def test_a_rating_is_stored_as_typed_in_nfc_with_its_harassment_flag(dossiers, token_of):
    decomposed = unicodedata.normalize("NFD", "Cán bộ hỏi tiền")  # typed with combining marks
    assert decomposed != "Cán bộ hỏi tiền"
    rating = submit(token_of(dossiers["HS3"]), 3, ["harassment", "late"], decomposed)
    rating.refresh_from_db()
    assert rating.comment == "Cán bộ hỏi tiền" and rating.harassment is True
    assert rating.reasons == ["harassment", "late"]
    event = AuditEvent.objects.get(action="kpi.rating_given")
    assert "hỏi tiền" not in str(event.changes)  # what the citizen typed stays out of the audit log


def test_reasons_and_text_are_dropped_unless_dissatisfied(dossiers, token_of):
    rating = submit(token_of(dossiers["HS3"]), 2, ["harassment"], "tốt")
    assert (rating.harassment, rating.reasons, rating.comment) == (False, [], "")


@pytest.mark.parametrize(
    ("level", "reasons", "comment", "code"),
    [
        (0, (), "", "level"),
        (3, (), "", "reasons"),
        (3, ("bribe",), "", "reasons"),
        (3, (), "x" * 1001, "comment"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_stores_nothing(dossiers, token_of, level, reasons, comment, code):
    with pytest.raises(ServiceError) as error:
        submit(token_of(dossiers["HS3"]), level, reasons, comment)
    assert error.value.code == code and str(error.value)
    assert not CitizenRating.objects.exists()


def test_a_second_rating_replaces_the_first_within_the_window_and_is_refused_after(dossiers, token_of, settings):
    settings.RATING_REPLACE_HOURS = 24
    token = token_of(dossiers["HS3"])
    start = NOW
    submit(token, 3, ["harassment"], now=start)
    replaced = submit(token, 1, now=start + dt.timedelta(hours=23))
    assert CitizenRating.objects.count() == 1
    assert (replaced.level, replaced.harassment, replaced.replace_count) == (1, False, 1)
    with pytest.raises(ServiceError) as error:
        submit(token, 3, ["late"], now=start + dt.timedelta(hours=24, seconds=1))
    assert error.value.code == "replace_closed" and "24 giờ" in str(error.value)
    assert CitizenRating.objects.get().level == 1
    assert AuditEvent.objects.filter(action="kpi.rating_replaced").count() == 1


def test_the_portal_rating_wins_over_the_imported_one_and_both_count_as_one_set(
    dossiers, token_of, campaign, django_capture_on_commit_callbacks
):
    # Before: rated HS1 (very satisfied), HS2 (harassment): 1 of 2 rated for harassment.
    assert (value(campaign, "dissatisfaction_rate").numerator, value(campaign, "resolved_rated").value) == (1, 2)
    with django_capture_on_commit_callbacks(execute=True):
        submit(token_of(dossiers["HS1"]), 3, ["harassment"])  # overrides the import's "Rất hài lòng"
        submit(token_of(dossiers["HS2"]), 2)  # overrides the import's harassment
        submit(token_of(dossiers["HS3"]), 3, ["late"])  # not rated by the import
    rate = value(campaign, "dissatisfaction_rate")
    assert (rate.numerator, rate.denominator, rate.formula_version) == (1, 3, "2")
    any_rate = value(campaign, "dissatisfaction_any_rate")
    assert (any_rate.numerator, any_rate.denominator, any_rate.formula_version) == (2, 3, "2")
    # The import's values are kept, not counted.
    assert Dossier.objects.get(code="HS1").rating == 1 and Dossier.objects.get(code="HS2").harassment is True


def test_a_rating_recomputes_at_once_and_the_task_twice_changes_nothing(
    dossiers, token_of, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(token_of(dossiers["HS4"]), 3, ["harassment"])
    assert len(callbacks) == 1  # one campaign can count the dossier
    assert value(campaign, "dissatisfied_harassment").value == 2
    first = list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "fingerprint", "computed_at"))
    tasks.recompute_campaign(campaign.pk)
    tasks.recompute_campaign(campaign.pk)
    assert list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "fingerprint", "computed_at")) == first


def test_ratings_in_a_burst_queue_one_recompute_per_campaign(
    dossiers, token_of, campaign, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.RATING_RECOMPUTE_DELAY_SECONDS = 60
    queued = []
    monkeypatch.setattr(
        tasks.recompute_campaign, "apply_async", lambda args, countdown: queued.append((args, countdown))
    )
    with django_capture_on_commit_callbacks(execute=True):
        for code in ("HS1", "HS3", "HS4"):
            submit(token_of(dossiers[code]), 2)
    assert queued == [((campaign.pk,), 60)]


def test_a_rating_outside_every_campaign_queues_no_recompute(
    import_rows, campaign, token_of, django_capture_on_commit_callbacks
):
    import_rows([row("HS9", **{"Ngày tiếp nhận": "03/03/2024 08:00", "Ngày hẹn trả": "10/03/2024",
                               "Ngày có kết quả": "08/03/2024 10:00"})])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(token_of(Dossier.objects.get(code="HS9")), 1, now=dt.datetime(2024, 3, 9, tzinfo=dt.UTC))
    assert callbacks == []


def test_the_drilldown_lists_each_rating_with_its_source(dossiers, token_of, campaign):
    submit(token_of(dossiers["HS1"]), 3, ["harassment"])
    drill = drill_dossiers(
        campaign, indicator="dissatisfaction_any_rate", period="2022-03", scope="commune", key="", part="denominator"
    )
    rows = {d.code: drill_row(d) for d in drill["queryset"]}
    assert set(rows) == {"HS1", "HS2"}
    assert rows["HS1"][10:12] == ["Không hài lòng", "Người dân đánh giá trên Cổng"]
    assert rows["HS2"][10:12] == ["Không hài lòng", "Theo sổ hồ sơ nhập"]
