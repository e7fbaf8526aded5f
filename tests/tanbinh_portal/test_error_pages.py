"""Error pages speak Vietnamese, the CSRF refusal included."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def test_a_form_posted_without_its_csrf_cookie_is_refused_in_vietnamese(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "chutich", "password": "sai-mat-khau"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Xin tải lại trang rồi gửi lại" in page
    assert "CSRF verification failed" not in page and "Forbidden" not in page
