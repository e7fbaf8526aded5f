"""The typeable short code (/dg/): maps to the same ticket, tolerant of case, spaces, hyphens and
I/L/O, refuses forged codes, and counts misses against the address."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kpi.models import Dossier
from kpi.ratings_tokens import SHORT_ALPHABET, normalise_short_code, short_code_display, token_for
from kpi.services import rating_ticket_issue
from tests.kpi.conftest import row


@pytest.fixture
def ticket(import_rows, users):
    import_rows([row("HS1", **{"Trạng thái": "4", "Ngày có kết quả": ""})])
    return rating_ticket_issue(actor=users["motcua"], dossier=Dossier.objects.get())


def short(client, typed):
    return client.get(reverse("public:rating-short"), {"ma": typed})


def test_every_ticket_has_a_random_ten_symbol_code(ticket):
    assert len(ticket.short_code) == 10 and set(ticket.short_code) <= set(SHORT_ALPHABET)
    assert not set("ILOU") & set(ticket.short_code)


def test_the_short_code_opens_the_same_rating_page(client, ticket):
    response = short(client, short_code_display(ticket.short_code))
    assert response.status_code == 302 and response["Location"] == reverse("public:rating", args=[token_for(ticket)])


def test_case_spaces_and_hyphens_do_not_matter(client, ticket):
    code = ticket.short_code
    for typed in (code.lower(), f" {code[:5]} - {code[5:]} ", f"{code[:3]} {code[3:6]} {code[6:]}"):
        assert short(client, typed).status_code == 302, typed


def test_i_l_o_read_as_one_and_zero():
    assert normalise_short_code("ilo23-45678") == "11023" + "45678"
    assert normalise_short_code("ABCDE-FGHJU") is None  # U is not in the alphabet
    assert normalise_short_code("ABCD") is None and normalise_short_code("x" * 500) is None


def test_a_forged_or_mistyped_code_is_refused_in_vietnamese(client, ticket):
    code = ticket.short_code
    other = next(ch for ch in SHORT_ALPHABET if ch != code[-1])
    response = short(client, code[:-1] + other)  # one symbol changed
    assert response.status_code == 404 and "Không tìm thấy mã này" in response.content.decode()


def test_misses_from_one_address_are_cut_off(client, ticket, settings):
    settings.RATING_POSTS_PER_ADDRESS = 3
    statuses = [short(client, f"ZZZZZ-ZZZZ{n}").status_code for n in range(5)]
    assert statuses == [404, 404, 404, 429, 429]


def test_the_form_without_a_code_asks_for_it(client, db):
    page = client.get(reverse("public:rating-short")).content.decode()
    assert "Nhập mã đánh giá" in page and 'name="ma"' in page


def test_the_receipt_prints_the_short_code_and_url(client_as, ticket):
    client = client_as("motcua")
    client.post(reverse("kpi:dossier-ticket", args=[ticket.dossier_id]), {"in": "receipt"})
    page = client.get(reverse("kpi:dossier-receipt", args=[ticket.dossier_id])).content.decode()
    assert short_code_display(ticket.short_code) in page and "http://testserver/dg/" in page
