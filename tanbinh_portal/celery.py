"""The Celery application: Redis with REDIS_URL, else the folder broker under var/celery/ (settings.py)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanbinh_portal.settings")

app = Celery("tanbinh_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def add_portal_schedule(sender, **kwargs) -> None:
    # Work queued while the broker was down is picked up again by these sweeps.
    sender.add_periodic_task(
        600.0, sender.signature("tanbinh_portal.tasks.sweep_unsent_notifications"), name="sweep-unsent-notifications"
    )
