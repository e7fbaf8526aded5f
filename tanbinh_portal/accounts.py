"""Logins and accounts: password changes and resets, the throttled-login answer, session lifetime.

- A password change (by the user in the portal, or a reset by an administrator) goes through
  :func:`account_password_set`, which writes an audit row (never the password). Django derives each
  session's auth hash from the password hash, so every other session of the user ends at its next
  request; the view that changes the user's own password keeps the current one.
- An account created by an administrator, or whose password an administrator reset in the portal, must
  choose its own password first (:class:`~tanbinh_portal.models.PasswordChangeDue`): the login notes it in
  the session and :class:`PasswordChangeDueMiddleware` sends every page to the password change until then.
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
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.models import PasswordChangeDue

LOGIN_STARTED = "portal_login_started"
LAST_TOUCH = "portal_last_touch"
# The idle expiry slides with activity; renewing it on every request would write the session row on
# every page. Once a minute keeps the idle limit accurate to a minute.
TOUCH_EVERY_SECONDS = 60
# Set at login when the account must choose its own password (PasswordChangeDue).
PASSWORD_CHANGE_DUE = "portal_password_change_due"  # nosec B105: a session key, not a password


def account_password_set(
    *, actor: User | None, user: User, password: str, reason: str = "", must_change: bool = False, commune=None
) -> User:
    """Set ``user``'s password (validated against the password rules) and audit who did it.

    ``actor`` is the user themself for a change, an administrator (or None from the command line) for
    a reset. The failed-login record of the account is cleared so a reset also lifts a throttle.
    ``must_change``: the user must choose their own password at their next login (a password an
    administrator told them); the user's own change always lifts that. ``commune``: whose audit log
    records a reset made by a commune's administrator.
    """
    validate_password(password, user)
    own = actor is not None and actor.pk == user.pk
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        if own:
            PasswordChangeDue.objects.filter(user=user).delete()
        elif must_change:
            PasswordChangeDue.objects.get_or_create(user=user)
        action = AuditAction.ACCOUNT_PASSWORD_CHANGE if own else AuditAction.ACCOUNT_PASSWORD_RESET
        changes = {"must_change": [None, True]} if must_change and not own else {}
        audit_record(actor=actor, action=action, obj=user, changes=changes, reason=reason, commune=commune)
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
    """``user_logged_in`` receiver: the maximum age counts from this login; a password change that is
    due is noted for :class:`PasswordChangeDueMiddleware` (one query per login, none per page)."""
    request.session[LOGIN_STARTED] = int(time.time())
    if PasswordChangeDue.objects.filter(user=user).exists():
        request.session[PASSWORD_CHANGE_DUE] = True


class PasswordChangeDueMiddleware:
    """Until an account has chosen its own password, every page but the change itself (and the logout)
    leads to the password change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(PASSWORD_CHANGE_DUE):
            allowed = (reverse("password-change"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("password-change")  # the page says why (registration/password_change_form.html)
        return self.get_response(request)


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
