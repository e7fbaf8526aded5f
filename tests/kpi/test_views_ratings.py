"""The public rating page (kpi/views/ratings.py): no login, no personal data, one rating per dossier,
rate limits, honeypot, bounded input, CSRF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from kpi.models import CitizenRating, Dossier
from kpi.ratings_tokens import token_for
from kpi.services import rating_ticket_issue
from tests.kpi.conftest import row

NOW = dt.datetime(2022, 3, 12, 2, tzinfo=dt.UTC)


@pytest.fixture
def token(import_rows, users):
    import_rows([row("HS-2022-000123", **{"Ngày trả kết quả": "09/03/2022 09:00"})])
    return token_for(rating_ticket_issue(actor=users["motcua"], dossier=Dossier.objects.get()))


@pytest.fixture
def at_now(monkeypatch):
    """The pages run on 12/03/2022, two days after the result (the token's validity is checked at once)."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)


def url(token):
    return reverse("public:rating", args=[token])


def test_an_anonymous_visitor_sees_the_procedure_and_dates_and_nothing_personal(client, token, at_now):
    response = client.get(url(token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chứng thực bản sao" in page and "03/03/2022" in page and "09/03/2022" in page
    for personal in ("Võ Thị Lan", "Phan Thị Ngọc", "HS-2022-000123"):
        assert personal not in page
    assert "Rất hài lòng" in page and "Nhũng nhiễu, gây phiền hà" in page
    assert 'name="csrfmiddlewaretoken"' in page and "<script" not in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_rating_is_stored_and_thanked(client, token, at_now):
    response = client.post(url(token), {"level": "3", "reasons": ["harassment"], "comment": "Phải chờ lâu"})
    assert response.status_code == 302 and response["Location"] == reverse("public:rating-done", args=[token])
    rating = CitizenRating.objects.get()
    assert (rating.level, rating.harassment, rating.comment) == (3, True, "Phải chờ lâu")
    done = client.get(response["Location"]).content.decode()
    assert "Cảm ơn" in done


def test_a_second_rating_replaces_the_first_and_the_page_says_until_when(client, token, at_now):
    client.post(url(token), {"level": "3", "reasons": ["late"]})
    client.post(url(token), {"level": "1"})
    assert list(CitizenRating.objects.values_list("level", "replace_count")) == [(1, 1)]
    page = client.get(url(token)).content.decode()
    assert "đã được đánh giá" in page and "13/03/2022" in page  # 24 hours after the first


def test_after_the_window_the_page_refuses_and_keeps_the_first(client, token, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client.post(url(token), {"level": "2"})
    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(hours=25))
    response = client.post(url(token), {"level": "3", "reasons": ["late"]})
    assert response.status_code == 200 and "chỉ được đánh giá lại trong 24 giờ" in response.content.decode()
    assert CitizenRating.objects.get().level == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Xin chọn một mức"),
        ({"level": "7"}, "Mức đánh giá không hợp lệ"),
        ({"level": "3"}, "Xin chọn ít nhất một lý do"),
        ({"level": "3", "reasons": ["bribe"]}, "Lý do không hợp lệ"),
        ({"level": "3", "comment": "x" * 1001}, "dài quá 1000 ký tự"),
        ({"level": "3", "comment": "a\x00b"}, "ký tự không đọc được"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_stores_nothing(client, token, at_now, data, message):
    response = client.post(url(token), data)
    assert response.status_code == 200
    assert message in response.content.decode() and "Chưa gửi được đánh giá" in response.content.decode()
    assert not CitizenRating.objects.exists()


def test_the_honeypot_is_thanked_and_stores_nothing(client, token, at_now):
    response = client.post(url(token), {"level": "1", "trang_web": "http://spam.example"})
    assert response.status_code == 302
    assert not CitizenRating.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(token, at_now):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(token), {"level": "1"}).status_code == 403
    assert not CitizenRating.objects.exists()


@pytest.mark.parametrize("bad", ["A" * 22 + "." + "B" * 22, "1", "x" * 500])
def test_a_forged_code_answers_404(client, token, at_now, bad):
    assert client.get(url(bad)).status_code == 404
    assert client.post(url(bad), {"level": "1"}).status_code == 404


def test_an_expired_code_answers_410_with_the_reason(client, token, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(days=40))
    response = client.get(url(token))
    assert response.status_code == 410 and "hết hạn" in response.content.decode()


def test_submissions_per_code_are_limited(client, token, at_now, settings):
    settings.RATING_POSTS_PER_TOKEN = 3
    statuses = [client.post(url(token), {"level": "2"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_submissions_per_address_are_limited_across_codes(client, import_rows, users, at_now, settings):
    settings.RATING_POSTS_PER_ADDRESS = 2
    import_rows([row("HS1"), row("HS2"), row("HS3")])
    tokens = [token_for(rating_ticket_issue(actor=users["motcua"], dossier=d)) for d in Dossier.objects.all()]
    statuses = [client.post(url(t), {"level": "1"}).status_code for t in tokens]
    assert statuses == [302, 302, 429]
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(url(tokens[2]), {"level": "1"}).status_code == 302  # another address is not held back
    assert CitizenRating.objects.count() == 3


def test_guessing_codes_from_one_address_is_cut_off(client, token, at_now, settings):
    settings.RATING_POSTS_PER_ADDRESS = 3
    statuses = [client.get(url("A" * 22 + "." + f"{i:022d}")).status_code for i in range(5)]
    assert statuses == [404, 404, 404, 429, 429]


def test_the_410_page_names_the_commune_and_other_channels(client, token, monkeypatch, settings):
    from django.utils import timezone

    from campaigns.services import commune_contact_set

    commune_contact_set(actor=None, commune=Dossier.objects.get().commune, address="Ấp Thạnh Phú", phone="0276 111")
    settings.RATING_PROVINCE_PORTAL_URL = "https://dichvucong.tayninh.gov.vn"
    settings.RATING_PROVINCE_HOTLINE = "1022"
    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(days=40))
    page = client.get(url(token)).content.decode()
    commune = Dossier.objects.get().commune
    assert f"UBND xã {commune.name}" in page
    for text in ("Ấp Thạnh Phú", "0276 111", "https://dichvucong.tayninh.gov.vn", "Đường dây nóng của tỉnh: 1022"):
        assert text in page, text


def test_the_410_page_without_configured_channels_still_names_the_counter(client, token, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(days=40))
    page = client.get(url(token)).content.decode()
    assert "Bộ phận Một cửa, UBND xã" in page and "Cổng dịch vụ công" not in page


def test_a_second_visit_in_the_window_preselects_the_earlier_choice_not_the_text(client, token, at_now):
    client.post(url(token), {"level": "3", "reasons": ["late", "attitude"], "comment": "Chờ lâu quá"})
    page = client.get(url(token)).content.decode()
    assert 'value="3" id="id_level_2" checked' in page or (
        'value="3"' in page and "checked" in page.split('value="3"')[1][:60]
    )
    assert "checked" in page.split('value="late"')[1][:60] and "checked" in page.split('value="attitude"')[1][:60]
    assert "checked" not in page.split('value="1"')[1][:40]
    assert "Chờ lâu quá" not in page


def test_a_dissatisfied_rating_needs_a_reason_and_the_page_says_so(client, token, at_now):
    page = client.get(url(token)).content.decode()
    assert "bắt buộc: chọn ít nhất một lý do" in page and "không bắt buộc" not in page
    response = client.post(url(token), {"level": "3"})
    assert response.status_code == 200 and "Xin chọn ít nhất một lý do" in response.content.decode()
    assert not CitizenRating.objects.exists()


def test_the_410_page_shows_the_counter_the_officer_saved_on_its_page(client, client_as, token, monkeypatch):
    """The demo's counter (demo/campaigns.py ONE_STOP_CONTACT), saved on the officer's page, reaches the
    citizen whose code has expired."""
    from django.utils import timezone

    from demo.campaigns import ONE_STOP_CONTACT

    saved = client_as("vanphong").post(reverse("campaigns:one-stop-contact"), ONE_STOP_CONTACT)
    assert saved.status_code == 302
    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(days=40))
    response = client.get(url(token))
    page = response.content.decode()
    assert response.status_code == 410
    assert f"{ONE_STOP_CONTACT['address']}; điện thoại {ONE_STOP_CONTACT['phone']}" in page
