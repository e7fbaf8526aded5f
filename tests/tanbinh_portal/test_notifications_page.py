"""Notifications are read once opened: the list reads those with nothing to open, "Mở" the others."""

from __future__ import annotations

from django.urls import reverse

from tanbinh_portal.models import Notification
from tanbinh_portal.notifications import notify_users


def test_a_notification_without_a_link_is_read_once_shown(officer, client_as):
    notify_users([officer], title="Nhắc nộp số liệu tháng 3")
    notify_users([officer], title="Có đề nghị mới", link="/khen-thuong/")
    client = client_as("vanphong")
    first = client.get(reverse("notification-list")).content.decode()
    # Both highlighted the first time they are shown.
    assert ">Mới</span><strong>Nhắc nộp số liệu tháng 3<" in first and ">Mới</span><strong>Có đề nghị mới<" in first
    plain = Notification.objects.get(title="Nhắc nộp số liệu tháng 3")
    linked = Notification.objects.get(title="Có đề nghị mới")
    plain.refresh_from_db()
    assert plain.read_at is not None and Notification.objects.get(pk=linked.pk).read_at is None
    client.post(reverse("notification-open", args=[linked.pk]))
    assert Notification.objects.get(pk=linked.pk).read_at is not None
    again = client.get(reverse("notification-list")).content.decode()
    assert "<strong>Nhắc nộp số liệu tháng 3<" in again and ">Mới</span><strong>Nhắc nộp" not in again
    assert ">Mới</span><strong>Có đề nghị mới<" not in again


def test_the_menu_count_drops_after_the_list_is_seen(officer, client_as):
    notify_users([officer], title="Thông báo chung")
    client = client_as("vanphong")
    unread = Notification.objects.filter(recipient=officer, read_at__isnull=True)
    before = unread.count()
    client.get(reverse("notification-list"))
    assert unread.count() == before - 1 and not unread.filter(link="").exists()
