"""Cross-cutting jobs: e-mailing notifications."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from tanbinh_portal.models import Notification
from tanbinh_portal.tasks_dispatch import RETRY_ON_TRANSIENT, TRANSIENT_ERRORS


@shared_task(**RETRY_ON_TRANSIENT)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send each notification once: the conditional UPDATE claims a row before it is mailed."""
    sent = 0
    for notification in Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed or not notification.recipient.email:
            continue
        try:
            send_mail(
                subject=notification.title,
                message=f"{notification.body}\n\n{notification.link}",
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.recipient.email],
            )
        except TRANSIENT_ERRORS:
            # Release the claim so the retry (or the sweep) sends it; the ones already sent stay sent.
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            raise
        sent += 1
    return sent


@shared_task(**RETRY_ON_TRANSIENT)
def sweep_unsent_notifications(older_than_minutes: int = 2) -> int:
    """E-mail notifications whose task never ran (the broker was down when they were queued)."""
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    ids = list(
        Notification.objects.filter(emailed_at__isnull=True, created_at__lt=cutoff).values_list("pk", flat=True)[:500]
    )
    return send_notification_emails(ids) if ids else 0
