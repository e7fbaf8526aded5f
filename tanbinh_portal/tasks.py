"""Cross-cutting jobs: e-mailing notifications."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from tanbinh_portal.models import EmailStatus, Notification
from tanbinh_portal.notifications import email_subject
from tanbinh_portal.tasks_dispatch import RETRY_ON_TRANSIENT, TRANSIENT_ERRORS
from tanbinh_portal.text import one_line

logger = logging.getLogger(__name__)


@shared_task(**RETRY_ON_TRANSIENT)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send each notification once; returns how many mails the server accepted.

    A conditional UPDATE claims a pending row before it is mailed, so a second run sends nothing.
    A notification is marked sent only once the server took it. A transient error (server gone)
    puts the row back to pending and retries the task; any other refusal of one mail (a bad
    address, a header the mail library rejects) is recorded on that notification, and the others
    are still sent: one bad row never loses the rest or fails the request that queued them.
    """
    sent = 0
    pending = Notification.objects.filter(pk__in=notification_ids, email_status=EmailStatus.PENDING)
    for notification in pending.select_related("recipient"):
        row = Notification.objects.filter(pk=notification.pk)
        if not row.filter(email_status=EmailStatus.PENDING).update(email_status=EmailStatus.SENDING):
            continue
        if not notification.recipient.email:
            row.update(email_status=EmailStatus.NO_ADDRESS)
            continue
        try:
            send_mail(
                subject=email_subject(notification.title),
                message=f"{notification.body}\n\n{notification.link}",
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.recipient.email],
            )
        except TRANSIENT_ERRORS:
            # Release the claim so the retry (or the sweep) sends it; the ones already sent stay sent.
            row.update(email_status=EmailStatus.PENDING)
            raise
        except Exception as error:  # noqa: BLE001 - any refusal of this one mail is recorded, see above
            logger.warning("Notification %s not e-mailed: %s", notification.pk, error)
            row.update(email_status=EmailStatus.FAILED, email_error=one_line(f"{type(error).__name__}: {error}", 300))
            continue
        row.update(email_status=EmailStatus.SENT, emailed_at=timezone.now())
        sent += 1
    return sent


@shared_task(**RETRY_ON_TRANSIENT)
def sweep_unsent_notifications(older_than_minutes: int = 2) -> int:
    """E-mail notifications whose task never ran (the broker was down when they were queued)."""
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    ids = list(
        Notification.objects.filter(email_status=EmailStatus.PENDING, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:500]
    )
    return send_notification_emails(ids) if ids else 0
