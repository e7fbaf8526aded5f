"""Every document is dated by the event it records, and one issuing body's numbers follow their dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from campaigns import services as campaign_services
from campaigns.models import Registration, Unit
from demo.documents import build_summary_report
from documents.sources.awards import achievement_reports, decision_document, latest_decision
from documents.sources.summary import summary_report_document
from rewards import services
from rewards.models import CouncilMeeting, Decision, IssuedNumber, Issuer, Nomination, NumberSeries
from tanbinh_portal.optimistic import UNCHECKED
from tanbinh_portal.periods import local_today
from tests.rewards.helpers import ensure_award_round


@pytest.fixture
def award_round(campaign, users):
    ensure_award_round(campaign)
    build_summary_report(campaign, users)
    return campaign


def test_the_demo_registrations_are_dated_in_january_2022(campaign):
    days = set(Registration.objects.filter(campaign=campaign).values_list("registered_on", flat=True))
    assert days and all(day.year == 2022 and day.month == 1 for day in days)


def test_the_demo_story_is_dated_2022_to_2023_and_never_by_the_seeding_day(award_round):
    nominations = Nomination.objects.filter(campaign=award_round, submitted_on__isnull=False)
    assert nominations and {n.submitted_on.strftime("%Y-%m") for n in nominations} == {"2022-12"}
    meeting = CouncilMeeting.objects.get(campaign=award_round)
    decision = Decision.objects.get(campaign=award_round)
    summary = IssuedNumber.objects.get(campaign=award_round, code="bao-cao-tong-ket")
    submission = IssuedNumber.objects.get(campaign=award_round, code="to-trinh-de-nghi-khen-thuong")
    assert meeting.held_on.strftime("%Y-%m") == "2023-01"
    assert decision.issued_on <= summary.issued_on <= submission.issued_on
    assert submission.issued_on.strftime("%Y-%m") == "2023-01"
    # Each báo cáo thành tích carries its proposal's date, before the tờ trình that encloses it.
    for _nomination, report in achievement_reports(award_round):
        assert report.header.date is not None and report.header.date < submission.issued_on
    assert summary_report_document(award_round).header.date == summary.issued_on
    assert decision_document(latest_decision(award_round)).header.date == decision.issued_on


def test_the_ubnd_numbers_of_the_demo_increase_with_their_dates(award_round):
    decision = Decision.objects.get(campaign=award_round)
    numbers = [(decision.issued_on, decision.number)] + [
        (n.issued_on, n.number) for n in IssuedNumber.objects.filter(campaign=award_round, issuer=Issuer.UBND)
    ]
    numbers.sort()
    assert [n for _day, n in numbers] == sorted(n for _day, n in numbers)


def test_a_report_dated_before_the_previous_number_cannot_take_the_next_number(campaign, users):
    """A BC 02 dated after TTr 03 is impossible: the series refuses an earlier date for a later number."""
    services.document_number_issue(
        actor=users["chutich"], campaign=campaign, code="to-trinh-de-nghi-khen-thuong", symbol="TTr-UBND",
        issued_on=dt.date(2023, 1, 12),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.document_number_issue(
            actor=users["chutich"], campaign=campaign, code="bao-cao-tong-ket", symbol="BC-UBND",
            issued_on=dt.date(2023, 1, 11),
        )  # fmt: skip
    assert error.value.code == "number_order" and "12/01/2023" in error.value.messages[0]
    series = NumberSeries.objects.get(commune=campaign.commune, issuer=Issuer.UBND, year=2023)
    assert series.last_number == 1  # the refused report took no number
    same_day = services.document_number_issue(
        actor=users["chutich"], campaign=campaign, code="bao-cao-tong-ket", symbol="BC-UBND",
        issued_on=dt.date(2023, 1, 12),
    )  # fmt: skip
    assert same_day.reference == "02/BC-UBND"


def test_a_document_number_cannot_be_dated_in_the_future(campaign, users):
    with pytest.raises(ValidationError) as error:
        services.document_number_issue(
            actor=users["chutich"], campaign=campaign, code="bao-cao-tong-ket", symbol="BC-UBND",
            issued_on=local_today() + dt.timedelta(days=1),
        )  # fmt: skip
    assert error.value.code == "future_date"


def test_a_paper_registration_entered_later_keeps_the_date_on_the_form(campaign, users):
    unit = Unit.objects.get(commune=campaign.commune, name="Ấp Tân Tây")
    criterion = campaign.criteria.get(order=2)
    Registration.objects.filter(campaign=campaign, unit=unit).delete()
    registration = campaign_services.registration_submit(
        expected_version=UNCHECKED,
        actor=users["vanphong"], campaign=campaign, unit=unit, commitments=[(criterion, "≥ 95%")],
        registered_on=dt.date(2022, 1, 20),
    )  # fmt: skip
    assert registration.registered_on == dt.date(2022, 1, 20)


@pytest.mark.parametrize(
    ("day", "code"),
    [(dt.date(2021, 12, 1), "too_early"), (dt.date(2023, 2, 1), "too_late")],
)
def test_a_registration_date_outside_the_campaign_is_refused_in_vietnamese(campaign, users, day, code):
    unit = Unit.objects.get(commune=campaign.commune, name="Ấp Tân Tây")
    Registration.objects.filter(campaign=campaign, unit=unit).delete()
    with pytest.raises(ValidationError) as error:
        campaign_services.registration_submit(
            expected_version=UNCHECKED,
            actor=users["vanphong"], campaign=campaign, unit=unit,
            commitments=[(campaign.criteria.get(order=2), "≥ 95%")], registered_on=day,
        )  # fmt: skip
    assert error.value.code == code and "Ngày đăng ký" in error.value.messages[0]


def test_a_nomination_cannot_be_dated_before_the_campaign_or_in_the_future(configured, users, nominate):
    nomination = nominate("Võ Thị Lan")
    for day, code in ((dt.date(2021, 12, 31), "too_early"), (local_today() + dt.timedelta(days=2), "future_date")):
        with pytest.raises(ValidationError) as error:
            services.nomination_submit(actor=users["vanphong"], nomination=nomination, submitted_on=day)
        assert error.value.code == code
    submitted = services.nomination_submit(
        actor=users["vanphong"], nomination=nomination, submitted_on=dt.date(2022, 12, 10)
    )
    assert submitted.submitted_on == dt.date(2022, 12, 10)


def test_the_officer_enters_a_paper_registrations_date_on_the_page(campaign, client_as):
    from django.urls import reverse

    unit = Unit.objects.get(commune=campaign.commune, name="Ấp Tân Tây")
    criterion = campaign.criteria.get(order=2)
    url = reverse("campaigns:registration-edit", args=[campaign.slug, "tap-the", unit.pk])
    data = {
        f"commit_{criterion.pk}": "on",
        f"target_{criterion.pk}": "≥ 95%",
        "registered_on": "18/01/2022",
        "version": "0",
    }
    assert client_as("vanphong").post(url, data).status_code == 302
    assert Registration.objects.get(campaign=campaign, unit=unit).registered_on == dt.date(2022, 1, 18)
    page = client_as("vanphong").post(url, {**data, "registered_on": "18/01/2021"}).content.decode()
    assert "sớm hơn ngày" in page  # outside the campaign: refused with a Vietnamese reason


def test_the_proposer_enters_the_proposal_date_when_submitting_on_the_page(configured, nominate, client_as):
    from django.urls import reverse

    nomination = nominate("Võ Thị Lan")
    url = reverse("rewards:nomination-submit", args=[configured.slug, nomination.pk])
    client_as("vanphong").post(url, {"submitted_on": "16/12/2022"})
    nomination.refresh_from_db()
    assert nomination.submitted_on == dt.date(2022, 12, 16)
