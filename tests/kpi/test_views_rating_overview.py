"""The ratings per procedure and per officer (kpi:ratings): roles, counts of the one set, and what
citizens typed shown to the officer and the chairman only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kpi.models import Dossier
from kpi.ratings_tokens import token_for
from kpi.services import citizen_rating_submit, rating_ticket_issue
from kpi.services.ratings import RatingInput
from tests.kpi.conftest import row

COMMENT = "Cán bộ hẹn lại nhiều lần"


@pytest.fixture
def rated(import_rows, users):
    import_rows(
        [
            row("HS1", **{"Đánh giá": "Rất hài lòng"}),
            row("HS2", **{"Tên thủ tục": "Đăng ký khai sinh", "Cán bộ tiếp nhận": "Huỳnh Văn Sang"}),
            row("HS3"),
        ]
    )
    for code, data in (("HS2", RatingInput(3, ("harassment",), COMMENT)), ("HS3", RatingInput(2))):
        ticket = rating_ticket_issue(actor=users["motcua"], dossier=Dossier.objects.get(code=code))
        citizen_rating_submit(token=token_for(ticket), data=data, now=dt.datetime(2022, 3, 12, tzinfo=dt.UTC))


def page(client, campaign):
    return client.get(reverse("kpi:ratings", args=[campaign.slug]), {"period": "2022-03"})


def test_ratings_per_procedure_and_per_officer(rated, campaign, client_as):
    response = page(client_as("motcua"), campaign)
    html = response.content.decode()
    assert response.status_code == 200
    # Chứng thực bản sao: HS1 (import, very satisfied) and HS3 (portal, satisfied); khai sinh: HS2 harassment.
    cells = '<td class="text-end">{}</td>'
    assert "Chứng thực bản sao</th>" + "".join(cells.format(n) for n in (2, 2, 1, 1, 1, 0, 0)) in html
    assert "Đăng ký khai sinh</th>" + "".join(cells.format(n) for n in (1, 1, 1, 0, 0, 1, 1)) in html
    assert "Huỳnh Văn Sang</th>" in html and "Võ Thị Lan</th>" in html


@pytest.mark.parametrize(("username", "sees_comment"), [("chutich", True), ("vanphong", True),
                                                         ("phochutich", False), ("motcua", False)])  # fmt: skip
def test_free_text_is_for_the_officer_and_the_chairman_only(rated, campaign, client_as, username, sees_comment):
    html = page(client_as(username), campaign).content.decode()
    assert (COMMENT in html) is sees_comment
    assert ("Nhũng nhiễu, gây phiền hà</td>" in html) is sees_comment


@pytest.mark.parametrize("username", ["hoidong", "canbo", "noivu"])
def test_other_roles_get_403(rated, campaign, client_as, username):
    assert page(client_as(username), campaign).status_code == 403


def test_an_unknown_period_falls_back_to_the_campaign(rated, campaign, client_as):
    response = client_as("vanphong").get(reverse("kpi:ratings", args=[campaign.slug]), {"period": "'; DROP"})
    assert response.status_code == 200 and "Cả đợt thi đua" in response.content.decode()
