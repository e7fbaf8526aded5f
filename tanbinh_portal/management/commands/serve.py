"""`manage.py serve`: the development web server together with a real Celery worker (and its beat).

What `make run` starts. Without REDIS_URL the worker takes its tasks from the folder broker under
var/celery/ (settings.py), with it from Redis; either way an upload returns at once and the page polls
the task's progress, as in production. Ctrl-C (or SIGTERM) stops the server and the worker together.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tanbinh_portal.processes import Child, Supervisor


def worker_argv() -> list[str]:
    """One worker, one task at a time, with the periodic jobs (nightly recomputation, sweeps) built in."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "tanbinh_portal",
        "worker",
        "--beat",
        # Where beat keeps the last run of each periodic job (created by the command).
        f"--schedule={Path(settings.CELERY_DIR) / 'beat-schedule'}",
        "--pool=solo",
        "--loglevel=INFO",
        "--hostname=embedded@%h",
        # Gossip, mingle and heartbeats coordinate several workers; there is only this one.
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


def web_argv(addrport: str, *, reload: bool) -> list[str]:
    manage = Path(settings.BASE_DIR) / "manage.py"
    return [sys.executable, str(manage), "runserver", addrport, *([] if reload else ["--noreload"])]


class Command(BaseCommand):
    help = (
        "Chạy máy chủ web thử nghiệm cùng tiến trình chạy tác vụ nền (Celery worker và lịch beat); Ctrl-C dừng cả hai."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default=f"127.0.0.1:{settings.PORT}")
        parser.add_argument("--noreload", action="store_true", help="Không tự khởi động lại khi mã thay đổi.")
        parser.add_argument(
            "--stop-timeout",
            type=float,
            default=10.0,
            help="Số giây chờ tác vụ đang chạy xong khi dừng, sau đó buộc dừng (mặc định 10).",
        )

    def handle(self, *args, addrport: str, noreload: bool, stop_timeout: float, **options) -> None:
        if stop_timeout <= 0:
            raise CommandError("--stop-timeout phải là số giây lớn hơn 0.")
        Path(settings.CELERY_DIR).mkdir(parents=True, exist_ok=True)
        broker = "Redis (REDIS_URL)" if settings.REDIS_URL else f"thư mục {settings.CELERY_DIR}"
        self.stdout.write(f"Tác vụ nền chạy trong tiến trình riêng; hàng đợi: {broker}.")
        children = [
            Child("tiến trình chạy tác vụ nền (Celery)", worker_argv()),
            Child("máy chủ web", web_argv(addrport, reload=not noreload)),
        ]
        supervisor = Supervisor(children, stop_timeout=stop_timeout, log=self._log)
        code = supervisor.run()
        if code:
            raise CommandError("Một tiến trình của cổng đã dừng bất thường.", returncode=code)

    def _log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
