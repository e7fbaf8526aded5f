"""Logins and accounts: password changes and resets, the throttled-login answer, session lifetime.

- A password change (by the user in the portal, or a reset by an administrator) goes through
  :func:`account_password_set`, which writes an audit row (never the password). Django derives each
  session's auth hash from the password hash, so every other session of the user ends at its next
  request; the view that changes the user's own password keeps the current one.
- Failed logins are throttled per (username, client address) by django-axes: wrong passwords from one
  client do not lock the same account on another client. :func:`lockout_response` says in Vietnamese
  when to retry.
- :class:`SessionLifetimeMiddleware` ends a session after ``SESSION_MAX_AGE_SECONDS`` since login,
  whatever the activity; the idle limit is ``SESSION_COOKIE_AGE``, renewed at most once a minute.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time

from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from tanbinh_portal.audit import AuditAction, audit_record

LOGIN_STARTED = "portal_login_started"
LAST_TOUCH = "portal_last_touch"
# The idle expiry slides with activity; renewing it on every request would write the session row on
# every page. Once a minute keeps the idle limit accurate to a minute.
TOUCH_EVERY_SECONDS = 60


def account_password_set(*, actor: User | None, user: User, password: str, reason: str = "") -> User:
    """Set ``user``'s password (validated against the password rules) and audit who did it.

    ``actor`` is the user themself for a change, an administrator (or None from the command line) for
    a reset. The failed-login record of the account is cleared so a reset also lifts a throttle.
    """
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        action = (
            AuditAction.ACCOUNT_PASSWORD_CHANGE
            if actor is not None and actor.pk == user.pk
            else AuditAction.ACCOUNT_PASSWORD_RESET
        )
        audit_record(actor=actor, action=action, obj=user, reason=reason)
    axes_reset(username=user.get_username())
    return user


def generated_password() -> str:
    """A temporary password for a reset, told to the user through another channel."""
    return "TanBinh-" + secrets.token_urlsafe(12)


def lockout_response(request, original_response=None, credentials=None):
    """The answer to a throttled login: when to retry, in the commune's time (HTTP 429)."""
    cool_off = get_cool_off(request) or dt.timedelta(0)
    retry_at = timezone.localtime(timezone.now() + cool_off)
    minutes = max(1, int(cool_off.total_seconds() // 60))
    return render(
        request,
        "registration/locked_out.html",
        {"retry_at": retry_at, "minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def session_start(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the maximum age counts from this login."""
    request.session[LOGIN_STARTED] = int(time.time())


class SessionLifetimeMiddleware:
    """Ends a session past its maximum age and slides its idle expiry (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(LOGIN_STARTED, now)
            if now - started > settings.SESSION_MAX_AGE_SECONDS:
                logout(request)
                messages.info(request, "Phiên làm việc đã quá thời gian tối đa. Hãy đăng nhập lại.")
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(LAST_TOUCH, 0) >= TOUCH_EVERY_SECONDS:
                request.session[LAST_TOUCH] = now  # marks the session modified: a new idle expiry
        return self.get_response(request)
