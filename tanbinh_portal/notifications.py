"""In-portal notifications, e-mailed by a Celery task after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tanbinh_portal.models import Notification
from tanbinh_portal.tasks_dispatch import enqueue
from tanbinh_portal.text import clean_text, one_line

TITLE_LIMIT = Notification._meta.get_field("title").max_length
# RFC 5322 recommends lines under 78 characters; a subject longer than a screen is cut with "…".
SUBJECT_LIMIT = 150


def email_subject(title: str) -> str:
    """One line, whatever the title holds: a CR/LF in a header is refused by the mail library."""
    return one_line(title, SUBJECT_LIMIT) or "Thông báo từ Cổng thi đua"


def notify_users(users: Iterable[User], *, title: str, body: str = "", link: str = "") -> list[int]:
    """Create one notification per user; queue the e-mails once the caller's transaction commits.

    The title is made one line and cut to fit: it is built from user text (a plan's title), and a
    title too long for its column would fail the caller's whole transaction on PostgreSQL.
    """
    title, body = one_line(title, TITLE_LIMIT), clean_text(body)
    rows = Notification.objects.bulk_create(
        [Notification(recipient=user, title=title, body=body, link=link) for user in users]
    )
    ids = [row.pk for row in rows]
    if ids:
        from tanbinh_portal.tasks import send_notification_emails  # it imports email_subject from here

        transaction.on_commit(lambda: enqueue(send_notification_emails, ids))
    return ids


def notifications_mark_seen(*, user: User, ids: Iterable[int]) -> int:
    """Mark as read the notifications the user has just been shown that lead nowhere else.

    A notification with a link is read when it is opened (the "Mở" button); one without a link has
    nothing more to open, so showing it is reading it. Conditional: running twice changes nothing."""
    return Notification.objects.filter(recipient=user, pk__in=list(ids), link="", read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_mark_read(*, user: User, notification: Notification) -> int:
    """Mark one of the user's notifications read (it is being opened). Conditional: twice changes nothing."""
    return Notification.objects.filter(pk=notification.pk, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
