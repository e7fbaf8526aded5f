import pytest
from django.contrib.auth.models import User
from django.core import mail

from tanbinh_portal.models import Notification
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.tasks import send_notification_emails


@pytest.mark.django_db
def test_notification_email_is_sent_once_even_when_the_task_runs_twice():
    user = User.objects.create_user("a", email="a@tanbinh.local", password="x")
    ids = [n.pk for n in Notification.objects.bulk_create([Notification(recipient=user, title="Nhắc việc")])]
    assert send_notification_emails(ids) == 1
    assert send_notification_emails(ids) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Nhắc việc"


@pytest.mark.django_db
def test_notify_users_queues_emails_only_after_commit(django_capture_on_commit_callbacks):
    user = User.objects.create_user("a", email="a@tanbinh.local", password="x")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_users([user], title="Phát động", body="Nội dung")
    assert len(mail.outbox) == 0
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert Notification.objects.get().emailed_at is not None


@pytest.mark.django_db
def test_users_without_email_get_the_portal_notification_only():
    user = User.objects.create_user("a", password="x")
    ids = [n.pk for n in Notification.objects.bulk_create([Notification(recipient=user, title="X")])]
    assert send_notification_emails(ids) == 0
    assert mail.outbox == []
