"""The chairman signs the tờ trình on the documents page: it takes its number then, dated as entered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from documents.kinds import KindCode
from rewards.models import IssuedNumber, NumberSeries
from tests.rewards.helpers import ensure_award_round


@pytest.fixture
def award_round(campaign):
    ensure_award_round(campaign)
    return campaign


def sign_url(campaign) -> str:
    return reverse("documents:submission-finalise", args=[campaign.slug])


def numbers(campaign):
    return IssuedNumber.objects.filter(campaign=campaign, code=KindCode.SUBMISSION)


def test_anonymous_users_are_sent_to_login(award_round, client):
    response = client.post(sign_url(award_round), {"issued_on": "12/01/2023"})
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
    assert not numbers(award_round).exists()


@pytest.mark.parametrize("username", ["vanphong", "phochutich", "hoidong", "noivu"])
def test_only_the_chairman_signs_the_submission(award_round, client_as, username):
    assert client_as(username).post(sign_url(award_round), {"issued_on": "12/01/2023"}).status_code == 403
    assert not numbers(award_round).exists()


def test_the_chairman_signs_it_with_the_date_on_the_paper_and_the_page_shows_the_number(award_round, client_as):
    client = client_as("chutich")
    page = client.get(reverse("documents:document-list", args=[award_round.slug])).content.decode()
    assert "Ký tờ trình và cấp số" in page and "chưa có số" in page
    response = client.post(sign_url(award_round), {"issued_on": "12/01/2023"}, follow=True)
    number = numbers(award_round).get()
    assert number.issued_on == dt.date(2023, 1, 12) and number.reference.endswith("/TTr-UBND")
    page = response.content.decode()
    assert f"Đã ký tờ trình: số {number.reference} ngày 12/01/2023." in page
    assert f"Tờ trình đã ký: số {number.reference} ngày 12/01/2023." in page and "Ký tờ trình và cấp số" not in page


def test_the_officer_sees_that_the_submission_is_unsigned_but_no_form(award_round, client_as):
    page = client_as("vanphong").get(reverse("documents:document-list", args=[award_round.slug])).content.decode()
    assert "chưa có số" in page and "Ký tờ trình và cấp số" not in page


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        ("", "Hãy nhập ngày ký tờ trình"),
        ("32/01/2023", "Ngày không hợp lệ"),
        ("ngày mai", "Ngày không hợp lệ"),
    ],
)
def test_an_unreadable_date_is_refused_with_a_message_and_takes_no_number(award_round, client_as, entered, message):
    response = client_as("chutich").post(sign_url(award_round), {"issued_on": entered}, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    assert not numbers(award_round).exists()


def test_a_date_before_the_last_number_of_the_series_is_refused_in_vietnamese(award_round, client_as):
    last = NumberSeries.objects.get(commune=award_round.commune, issuer="ubnd", year=2023).last_issued_on
    day = last - dt.timedelta(days=1)
    response = client_as("chutich").post(sign_url(award_round), {"issued_on": f"{day:%d/%m/%Y}"}, follow=True)
    assert "văn bản số sau không được ghi ngày sớm hơn" in response.content.decode()
    assert not numbers(award_round).exists()


def test_a_future_date_is_refused(award_round, client_as):
    from tanbinh_portal.periods import local_today

    tomorrow = local_today() + dt.timedelta(days=1)
    response = client_as("chutich").post(sign_url(award_round), {"issued_on": f"{tomorrow:%d/%m/%Y}"}, follow=True)
    assert "chưa đến" in response.content.decode()
    assert not numbers(award_round).exists()


def test_an_unknown_campaign_answers_404(award_round, client_as):
    response = client_as("chutich").post(reverse("documents:submission-finalise", args=["khong-co"]), {})
    assert response.status_code == 404
