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
    cells = '<td class="text-end" data-label="{}">{}</td>'
    labels = ("Đã giải quyết", "Có đánh giá", "Qua mã QR", "Rất hài lòng", "Hài lòng", "Không hài lòng",
              "Do nhũng nhiễu, gây phiền hà", "Tính vào chỉ số")  # fmt: skip
    procedure = "".join(cells.format(lab, n) for lab, n in zip(labels, (2, 2, 1, 1, 1, 0, 0, "2 / 0"), strict=True))
    birth = "".join(cells.format(lab, n) for lab, n in zip(labels, (1, 1, 1, 0, 0, 1, 1, "1 / 1"), strict=True))
    assert "Chứng thực bản sao</th>" + procedure in html
    assert "Đăng ký khai sinh</th>" + birth in html
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


def test_a_dissatisfied_rating_of_a_dossier_in_process_is_shown_and_marked_not_counted(
    import_rows, users, campaign, client_as
):
    # HS9 received 03/03/2022 and still in process (status 4, no result): the KPI does not count it yet.
    import_rows([row("HS9", **{"Trạng thái": "4", "Ngày có kết quả": ""})])
    ticket = rating_ticket_issue(actor=users["motcua"], dossier=Dossier.objects.get(code="HS9"))
    citizen_rating_submit(
        token=token_for(ticket),
        data=RatingInput(3, ("late",), "Quá hẹn chưa có kết quả"),
        now=dt.datetime(2022, 3, 20, tzinfo=dt.UTC),
    )
    for period in ("2022-03", "campaign"):
        html = (
            client_as("vanphong").get(reverse("kpi:ratings", args=[campaign.slug]), {"period": period}).content.decode()
        )
        assert "Không có đánh giá không hài lòng" not in html, period
        assert (
            "Quá hẹn chưa có kết quả" in html
            and "Không: hồ sơ không giải quyết xong trong kỳ (hiện: Đang xử lý)" in html
        )
        # Shown (1 rated, 1 dissatisfied), counted by the formula: 0 of each.
        cells = '<td class="text-end" data-label="{}">{}</td>'
        assert cells.format("Không hài lòng", 1) in html and cells.format("Tính vào chỉ số", "0 / 0") in html


def test_a_counted_rating_says_so(rated, campaign, client_as):
    html = page(client_as("chutich"), campaign).content.decode()
    assert '<td data-label="Tính vào chỉ số kỳ này">Có</td>' in html
