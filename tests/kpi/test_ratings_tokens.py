"""The rating QR code's token (kpi/ratings_tokens.py): forged, altered, moved, reused and expired."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from kpi.models import CitizenRating, Dossier, RatingTicket
from kpi.ratings_tokens import TOKEN_LENGTH, TOKEN_RE, ticket_from_token, token_for, token_problem, valid_until
from kpi.services import citizen_rating_submit, rating_ticket_issue
from kpi.services.ratings import RatingInput
from tanbinh_portal.service_errors import ServiceError
from tests.kpi.conftest import row


@pytest.fixture
def pair(import_rows, users):
    import_rows([row("HS1", **{"Ngày trả kết quả": "09/03/2022 09:00"}), row("HS2")])
    desk = users["motcua"]
    return [rating_ticket_issue(actor=desk, dossier=d) for d in Dossier.objects.order_by("code")]


def test_a_token_is_random_and_names_no_dossier(pair):
    first, second = (token_for(t) for t in pair)
    assert TOKEN_RE.match(first) and len(first) == TOKEN_LENGTH
    assert first != second
    for ticket in pair:
        assert len(base64.urlsafe_b64decode(ticket.nonce + "==")) == 16  # 128 random bits
        assert ticket.dossier.code not in token_for(ticket)
    assert ticket_from_token(first) == pair[0]


def test_a_forged_or_altered_token_opens_nothing(pair):
    token = token_for(pair[0])
    nonce, mac = token.split(".")
    flipped = mac[:-1] + ("A" if mac[-1] != "A" else "B")
    for bad in [
        f"{nonce}.{flipped}",  # altered MAC
        f"{nonce}.{'A' * 22}",  # guessed MAC
        f"{'A' * 22}.{mac}",  # unknown nonce
        nonce,  # MAC missing
        token + "x",  # too long
        "1",  # a sequential id
        "",
        "../../etc/passwd",
    ]:
        assert ticket_from_token(bad) is None, bad


def test_a_token_made_for_one_dossier_fails_for_another(pair, settings):
    first, second = pair
    # The second ticket's nonce with the first's MAC: the MAC covers the dossier, so it does not match.
    moved = f"{second.nonce}.{token_for(first).split('.')[1]}"
    assert ticket_from_token(moved) is None
    # Pointing the nonce at another dossier (a database edit) breaks its token too.
    token = token_for(first)
    RatingTicket.objects.filter(pk=second.pk).delete()
    RatingTicket.objects.filter(pk=first.pk).update(dossier=second.dossier)
    assert ticket_from_token(token) is None


def test_a_new_secret_key_withdraws_every_printed_code(pair, settings):
    token = token_for(pair[0])
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert ticket_from_token(token) is None


def test_the_code_is_valid_from_reception_until_the_documented_days_after_the_return(pair, settings):
    settings.RATING_VALID_DAYS = 30
    returned = pair[0].dossier  # returned 09/03/2022 09:00 local time = 02:00 UTC
    assert valid_until(returned) == dt.datetime(2022, 4, 8, 2, tzinfo=dt.UTC)
    assert token_problem(returned, dt.datetime(2022, 3, 3, 0, 59, tzinfo=dt.UTC)) is not None  # before reception
    assert token_problem(returned, dt.datetime(2022, 3, 3, 1, 0, tzinfo=dt.UTC)) is None  # received 08:00 local
    assert token_problem(returned, dt.datetime(2022, 4, 8, 2, tzinfo=dt.UTC)) is None
    assert "hết hạn" in token_problem(returned, dt.datetime(2022, 4, 8, 2, 0, 1, tzinfo=dt.UTC))


def test_without_a_return_time_the_result_time_starts_the_count(pair):
    # HS2 has a result (08/03/2022 10:00 local) but no return time in the log.
    assert valid_until(pair[1].dossier) == dt.datetime(2022, 4, 7, 3, tzinfo=dt.UTC)


def test_an_expired_code_is_refused_by_the_service_and_stores_nothing(pair):
    with pytest.raises(ServiceError) as error:
        citizen_rating_submit(token=token_for(pair[0]), data=RatingInput(1), now=dt.datetime(2022, 5, 1, tzinfo=dt.UTC))
    assert error.value.code == "expired"
    assert not CitizenRating.objects.exists()


def test_a_forged_token_is_refused_by_the_service(pair):
    with pytest.raises(ServiceError) as error:
        citizen_rating_submit(token="A" * 22 + "." + "B" * 22, data=RatingInput(1))
    assert error.value.code == "token"


def test_reusing_a_code_rates_the_same_dossier_again_never_another(pair):
    token = token_for(pair[0])
    now = dt.datetime(2022, 3, 10, tzinfo=dt.UTC)
    citizen_rating_submit(token=token, data=RatingInput(2), now=now)
    citizen_rating_submit(token=token, data=RatingInput(1), now=now + dt.timedelta(hours=1))
    assert list(CitizenRating.objects.values_list("dossier__code", "level", "replace_count")) == [("HS1", 1, 1)]
