import pytest
from django.contrib.auth.models import User
from django.core import mail

from tanbinh_portal.models import EmailStatus, Notification
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
    notification = Notification.objects.get()
    assert notification.email_status == EmailStatus.NO_ADDRESS and notification.emailed_at is None


@pytest.mark.django_db
def test_sweep_sends_notifications_queued_while_the_broker_was_down():
    from django.utils import timezone

    from tanbinh_portal.tasks import sweep_unsent_notifications

    user = User.objects.create_user("a", email="a@tanbinh.local", password="x")
    old = Notification.objects.create(recipient=user, title="Bị lỡ")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=10))
    Notification.objects.create(recipient=user, title="Mới tạo")  # its own task is still on the way
    assert sweep_unsent_notifications() == 1
    assert sweep_unsent_notifications() == 0
    assert [m.subject for m in mail.outbox] == ["Bị lỡ"]


@pytest.mark.django_db
def test_pages_say_background_work_is_delayed_when_redis_is_down(client, settings, monkeypatch):
    from tanbinh_portal import broker
    from tanbinh_portal.tasks_dispatch import enqueue

    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    monkeypatch.setitem(broker._CACHE, "at", 0.0)
    from tests.factories import make_user

    user = make_user("a", "Cán bộ, công chức")
    client.force_login(user)
    response = client.get("/thong-bao/")
    assert response.status_code == 200
    assert "Hệ thống xử lý nền đang tạm gián đoạn" in response.content.decode()
    monkeypatch.setitem(broker._CACHE, "at", 0.0)

    class Unreachable:
        name = "x"

        def delay(self, *args):
            raise ConnectionError("broker down")

    assert enqueue(Unreachable(), 1) is False


@pytest.fixture
def one_notification(db, monkeypatch):
    user = User.objects.create_user("a", email="a@tanbinh.local", password="x")
    # apply() without propagating is Celery's in-process worker: it honours the task's retries.
    monkeypatch.setitem(send_notification_emails.app.conf, "task_eager_propagates", False)
    return [n.pk for n in Notification.objects.bulk_create([Notification(recipient=user, title="Nhắc việc")])]


def _mail_failing(monkeypatch, error: Exception, times: int) -> list:
    from django.core.mail import send_mail as real_send_mail

    calls = []

    def send_mail(**kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise error
        return real_send_mail(**kwargs)

    monkeypatch.setattr("tanbinh_portal.tasks.send_mail", send_mail)
    return calls


def test_a_mail_server_that_hangs_up_is_retried_and_the_mail_goes_out(one_notification, monkeypatch):
    calls = _mail_failing(monkeypatch, ConnectionError("mail server unreachable"), times=1)
    result = send_notification_emails.apply(args=[one_notification], throw=False)
    assert len(calls) == 2 and result.result == 1
    assert len(mail.outbox) == 1 and Notification.objects.get().emailed_at is not None


def test_a_refused_recipient_is_not_retried(one_notification, monkeypatch):
    import smtplib

    calls = _mail_failing(monkeypatch, smtplib.SMTPRecipientsRefused({"a@tanbinh.local": (550, b"no")}), times=1)
    result = send_notification_emails.apply(args=[one_notification], throw=False)
    assert len(calls) == 1 and result.result == 0
    assert mail.outbox == []
    notification = Notification.objects.get()
    assert notification.email_status == EmailStatus.FAILED and notification.emailed_at is None
    assert "SMTPRecipientsRefused" in notification.email_error


@pytest.mark.django_db
def test_a_title_with_a_line_break_is_mailed_with_a_one_line_subject():
    user = User.objects.create_user("a", email="a@tanbinh.local", password="x")
    # A row written before titles were checked (or by code that bypassed notify_users).
    ids = [n.pk for n in Notification.objects.bulk_create([Notification(recipient=user, title="Phát động:\r\nBcc: x")])]
    assert send_notification_emails(ids) == 1
    assert mail.outbox[0].subject == "Phát động: Bcc: x"
    assert Notification.objects.get().email_status == EmailStatus.SENT


@pytest.mark.django_db
def test_one_refused_mail_is_recorded_and_the_others_still_go_out(monkeypatch):
    from django.core.mail import BadHeaderError
    from django.core.mail import send_mail as real_send_mail

    users = [User.objects.create_user(name, email=f"{name}@tanbinh.local", password="x") for name in ("a", "b")]
    ids = notify_users(users, title="Nhắc việc")

    def send_mail(**kwargs):
        if kwargs["recipient_list"] == ["a@tanbinh.local"]:
            raise BadHeaderError("Header values can't contain newlines")
        return real_send_mail(**kwargs)

    monkeypatch.setattr("tanbinh_portal.tasks.send_mail", send_mail)
    assert send_notification_emails(ids) == 1
    assert [m.to for m in mail.outbox] == [["b@tanbinh.local"]]
    failed = Notification.objects.get(recipient=users[0])
    assert failed.email_status == EmailStatus.FAILED and failed.emailed_at is None
    assert "BadHeaderError" in failed.email_error
    assert Notification.objects.get(recipient=users[1]).emailed_at is not None
    assert send_notification_emails(ids) == 0  # neither is sent twice


@pytest.mark.django_db
def test_notify_users_makes_titles_one_line_and_fits_them_to_the_column():
    user = User.objects.create_user("a", password="x")
    notify_users([user], title="Phát động: " + "Kế hoạch\r\n" * 40, body="Dòng 1\r\nDòng 2\x00")
    notification = Notification.objects.get()
    assert "\n" not in notification.title and len(notification.title) == 200
    assert notification.body == "Dòng 1\nDòng 2"
