"""Logins and accounts (issue 10 §4): throttling per client behind the proxy, password change and
reset ending other sessions, idle and maximum session age."""

from __future__ import annotations

import io
import time

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tanbinh_portal.models import AuditEvent

PROXY = "127.0.0.1"


def _behind_proxy(client_address_: str) -> Client:
    """A browser at ``client_address_`` reaching the portal through the nginx on the same machine."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address_)


def _login(client: Client, password: str, username: str = "chutich"):
    return client.post(reverse("login"), {"username": username, "password": password})


# --- The client's address ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),  # nginx in front
        ("127.0.0.1", "", "127.0.0.1"),  # a request made on the machine itself
        ("127.0.0.1", "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # the client's own claim is ignored
        ("127.0.0.1", "203.0.113.5, 10.0.0.2", "203.0.113.5"),  # two trusted proxies
        ("198.51.100.7", "203.0.113.5", "198.51.100.7"),  # not a trusted proxy: the header is ignored
        ("127.0.0.1", "không-phải-địa-chỉ", "127.0.0.1"),
        ("127.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_from_trusted_proxies_only(remote, forwarded, expected):
    from tanbinh_portal.client_ip import client_address, parse_networks

    trusted = parse_networks(["127.0.0.1", "10.0.0.0/8"])
    assert client_address(remote, forwarded, trusted) == expected


def test_a_mistyped_trusted_proxy_stops_the_process():
    from tanbinh_portal.client_ip import parse_networks

    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        parse_networks(["127.0.0.1", "127.0.0.300"])


# --- Throttling ----------------------------------------------------------------------------------


def test_wrong_passwords_from_one_client_behind_the_proxy_do_not_lock_the_user_out_elsewhere(world, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    attacker = _behind_proxy("203.0.113.5")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "sai-mat-khau")
    throttled = _login(attacker, settings.DEMO_PASSWORD)
    assert throttled.status_code == 429
    page = throttled.content.decode()
    assert "Tạm dừng đăng nhập" in page and "hãy thử lại sau" in page and "15 phút" in page

    chairman = _behind_proxy("198.51.100.20")
    response = _login(chairman, settings.DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_direct_client_cannot_escape_the_throttle_by_inventing_forwarded_addresses(world, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}"), "sai")
    late = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert _login(late, settings.DEMO_PASSWORD).status_code == 429


# --- Password change and reset -------------------------------------------------------------------


def test_a_password_change_keeps_this_session_and_ends_the_others(world, settings, client_as):
    here, elsewhere = client_as("canbo"), client_as("canbo")
    response = here.post(
        reverse("password-change"),
        {
            "old_password": settings.DEMO_PASSWORD,
            "new_password1": "Mật-khẩu-mới-2026",
            "new_password2": "Mật-khẩu-mới-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("password-change-done")
    assert here.get(reverse("home")).status_code == 200
    ended = elsewhere.get(reverse("home"))
    assert ended.status_code == 302 and ended["Location"].startswith(reverse("login"))
    assert _login(Client(), "Mật-khẩu-mới-2026", "canbo").status_code == 302
    event = AuditEvent.objects.get(action="account.password_change")
    assert event.object_id == str(User.objects.get(username="canbo").pk)
    assert "Mật-khẩu-mới-2026" not in str(event.changes) + event.reason


@pytest.mark.parametrize(
    ("old", "new1", "new2", "message"),
    [
        ("sai-mat-khau", "Mật-khẩu-mới-2026", "Mật-khẩu-mới-2026", "Mật khẩu hiện tại không đúng"),
        (None, "Mật-khẩu-mới-2026", "Mật-khẩu-khác-2026", "không khớp"),
        (None, "ab1", "ab1", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự"),
        (None, "12345678901", "12345678901", "không được chỉ gồm chữ số"),
    ],
)
def test_a_bad_password_change_says_why_in_vietnamese_and_changes_nothing(
    world, settings, client_as, old, new1, new2, message
):
    client = client_as("canbo")
    data = {"old_password": old or settings.DEMO_PASSWORD, "new_password1": new1, "new_password2": new2}
    response = client.post(reverse("password-change"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(username="canbo").check_password(settings.DEMO_PASSWORD)


def test_an_administrator_resets_a_password_from_the_command_line(world, settings, client_as):
    session = client_as("canbo")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "sai", "canbo")
    out = io.StringIO()
    call_command("reset_password", "canbo", "--reason", "Quên mật khẩu", stdout=out)
    temporary = out.getvalue().rsplit(": ", 1)[1].strip()
    assert session.get(reverse("home")).status_code == 302  # the user's sessions ended
    assert _login(Client(), temporary, "canbo").status_code == 302  # and the throttle was lifted
    event = AuditEvent.objects.get(action="account.password_reset")
    assert event.actor is None and event.reason == "Quên mật khẩu"


def test_an_administrator_resets_a_password_in_site_administration(world, settings, client_as):
    canbo = User.objects.get(username="canbo")
    session = client_as("canbo")
    url = reverse("admin:auth_user_password_change", args=[canbo.pk])
    new = "Mật-khẩu-tạm-2026"
    response = client_as("admin").post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    assert session.get(reverse("home")).status_code == 302
    assert _login(Client(), new, "canbo").status_code == 302
    event = AuditEvent.objects.get(action="account.password_reset")
    assert event.actor.username == "admin" and event.object_id == str(canbo.pk)


def test_the_reset_command_refuses_an_unknown_account_and_a_weak_password(world, monkeypatch):
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("reset_password", "khong-co-ai")
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError, match="Mật khẩu không dùng được"):
        call_command("reset_password", "canbo", "--password-stdin")


def test_a_password_an_administrator_set_must_be_changed_before_any_work(world, settings):
    from tanbinh_portal.accounts import account_password_set
    from tanbinh_portal.models import PasswordChangeDue

    canbo = User.objects.get(username="canbo")
    temporary = "Tạm-thời-2026-xyz"
    account_password_set(actor=None, user=canbo, password=temporary, reason="Quên mật khẩu", must_change=True)
    event = AuditEvent.objects.get(action="account.password_reset")
    assert event.changes == {"must_change": [None, True]} and temporary not in str(event.changes) + event.reason

    client = Client()
    assert _login(client, temporary, "canbo").status_code == 302
    for page in (reverse("home"), reverse("notification-list"), "/phong-trao/"):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"] == reverse("password-change"), page
    assert client.post(reverse("notification-list")).status_code == 302  # a POST too
    page = client.get(reverse("password-change"))
    assert page.status_code == 200 and "hãy đặt mật khẩu mới của riêng bạn" in page.content.decode()

    new = "Mật-khẩu-riêng-2026"
    changed = client.post(
        reverse("password-change"), {"old_password": temporary, "new_password1": new, "new_password2": new}
    )
    assert changed.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # free to work, in this same session
    assert not PasswordChangeDue.objects.filter(user=canbo).exists()
    again = Client()
    assert _login(again, new, "canbo").status_code == 302 and again.get(reverse("home")).status_code == 200


def test_an_account_whose_password_change_is_due_can_still_log_out(world):
    from tanbinh_portal.accounts import account_password_set

    canbo = User.objects.get(username="canbo")
    account_password_set(actor=None, user=canbo, password="Tạm-thời-2026-xyz", must_change=True)
    client = Client()
    _login(client, "Tạm-thời-2026-xyz", "canbo")
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] != reverse("password-change")
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_a_reset_without_must_change_leaves_the_account_free(world):
    from tanbinh_portal.accounts import account_password_set

    canbo = User.objects.get(username="canbo")
    account_password_set(actor=None, user=canbo, password="Tạm-thời-2026-xyz")
    client = Client()
    _login(client, "Tạm-thời-2026-xyz", "canbo")
    assert client.get(reverse("home")).status_code == 200


# --- Session lifetime ----------------------------------------------------------------------------


def test_sessions_default_to_thirty_idle_minutes_twelve_hours_and_the_browser_closing(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_MAX_AGE_SECONDS == 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def _session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_activity_slides_the_idle_expiry(world, client_as, settings):
    from tanbinh_portal.accounts import LAST_TOUCH

    client = client_as("canbo")
    client.get(reverse("home"))
    row = _session_row(client)
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() + timezone.timedelta(minutes=1))
    session = client.session
    session[LAST_TOUCH] = int(time.time()) - 120
    session.save()
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() + timezone.timedelta(minutes=1))
    assert client.get(reverse("home")).status_code == 200
    remaining = _session_row(client).expire_date - timezone.now()
    assert remaining > timezone.timedelta(minutes=25)


def test_a_session_ends_at_its_maximum_age_whatever_the_activity(world, client_as, settings):
    from tanbinh_portal.accounts import LOGIN_STARTED

    client = client_as("canbo")
    client.get(reverse("home"))
    session = client.session
    session[LOGIN_STARTED] = int(time.time()) - settings.SESSION_MAX_AGE_SECONDS - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("home")).status_code == 302  # logged out, not just redirected once
