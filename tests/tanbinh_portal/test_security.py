"""Login throttling, security headers and the production checklist."""

import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

from tanbinh_portal.optimistic import UNCHECKED


def _fail_login(client, username="canbo"):
    return client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"})


def test_wrong_password_gets_a_vietnamese_message(world, client):
    page = _fail_login(client).content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page


def test_repeated_failures_lock_the_login_even_with_the_right_password(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(client)
    response = client.post(reverse("login"), {"username": "canbo", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 429
    assert "Tạm dừng đăng nhập" in response.content.decode()


def test_right_password_logs_in(world, client, settings):
    response = client.post(reverse("login"), {"username": "canbo", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_pages_carry_a_strict_content_security_policy(world, client_as):
    response = client_as("canbo").get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert b"<script>" not in response.content and b" style=" not in response.content


def test_user_text_is_escaped_in_pages(world, client_as, officer):
    from campaigns import services
    from campaigns.models import Person

    person = Person.objects.get(full_name="Đỗ Văn Khánh")
    services.person_save(
        actor=officer,
        commune=person.commune,
        person=person,
        data={"position": "<script>alert(1)</script>"},
        expected_version=UNCHECKED,
    )
    page = client_as("vanphong").get(reverse("campaigns:person-list")).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("value", ["=1+1", "+cmd", "-2", "@SUM(A1)"])
def test_spreadsheet_exports_neutralise_formulas(value):
    """Stored as text with the quote-prefix style: never evaluated, and no visible apostrophe."""
    from tanbinh_portal.spreadsheets import write_xlsx
    from tests.xlsx import read_table

    cell = read_table(write_xlsx([("Lỗi", ["Giá trị"], [[value], ["Nguyễn Văn A"]])])).sheet
    assert cell["A2"].value == value and cell["A2"].data_type == "s" and cell["A2"].quotePrefix
    assert cell["A3"].value == "Nguyễn Văn A" and not cell["A3"].quotePrefix


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "thidua.vn",
        "TRUSTED_PROXIES": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "tanbinh_portal.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
