"""`make run` in the embedded default: a real worker takes the upload off the request, and stops with it.

The journey starts `manage.py serve` exactly as the Makefile's run rule does, with the real settings
(no DATABASE_URL, no REDIS_URL: SQLite and the folder broker under a temporary VAR_DIR; again with
REDIS_URL when the suite has one), on a copy of this test's database. Every wait is bounded.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tanbinh_portal.processes import Child, Supervisor
from tests.kpi.conftest import row, write_csv

BASE_DIR = Path(settings.BASE_DIR)
WAIT_SECONDS = 90.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc), children first."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        kids = [p for p, parent in parents.items() if parent in frontier]
        found.extend(kids)
        frontier = kids
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _wait_for(predicate, what: str, timeout: float = WAIT_SECONDS):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _makefile_serve_argv() -> list[str]:
    """The run rule's last command, as `make run` executes it, with PORT filled in later."""
    recipe = re.search(r"^run:.*?\n((?:\t.*\n)+)", (BASE_DIR / "Makefile").read_text(), re.M).group(1)
    line = recipe.strip().splitlines()[-1].strip()
    assert "manage.py serve" in line, line
    return line.replace("$(BIN)/python", sys.executable).split()


class _Browser:
    """The session cookie, the CSRF cookie once the server sets it, and no redirect following."""

    def __init__(self, base: str, session_key: str):
        self.base = base
        self.cookies = {settings.SESSION_COOKIE_NAME: session_key}
        self.opener = urllib.request.build_opener(_NoRedirect())

    def _open(self, request: urllib.request.Request) -> tuple[int, dict, str]:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx and 4xx: the status is the answer
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
            return response.status, dict(response.headers), response.read().decode()

    def get(self, path: str) -> tuple[int, str]:
        status, _, body = self._open(urllib.request.Request(self.base + path))
        return status, body

    def post_file(self, path: str, fields: dict[str, str], file_field: str, file: Path) -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file.name}"\r\n'
            f"Content-Type: text/csv\r\n\r\n".encode()
            + file.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.base + path}
        status, headers, _ = self._open(urllib.request.Request(self.base + path, data=b"".join(parts), headers=headers))
        return status, headers


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _import_status(db_path: Path, import_id: int) -> tuple[str, int]:
    with sqlite3.connect(db_path, timeout=20) as db:
        return db.execute("SELECT status, rows_read FROM kpi_dossierimport WHERE id = ?", [import_id]).fetchone()


REDIS = os.environ.get("REDIS_URL")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "redis_url",
    [
        pytest.param(None, id="folder-broker"),
        pytest.param(REDIS, id="redis", marks=pytest.mark.skipif(not REDIS, reason="needs REDIS_URL")),
    ],
)
def test_make_run_queues_an_upload_for_the_embedded_worker_and_ctrl_c_stops_it(campaign, officer, tmp_path, redis_url):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded default is SQLite: the runner gets a copy of this test's SQLite database")
    # The runner's database: this test's (migrated, with the demo commune and a logged-in officer).
    client = Client()
    client.force_login(officer)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    db_path = var_dir / "db.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(db_path)])
    upload = write_csv(tmp_path / "so-20-dong.csv", [row(f"HS{i:02d}") for i in range(20)])

    port = _free_port()
    argv = [part.replace("$(PORT)", str(port)) for part in _makefile_serve_argv()]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CACHE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="tanbinh_portal.settings",
        DEBUG="true",
        SECRET_KEY=settings.SECRET_KEY,  # the session cookie was made with it
        VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
    )
    if redis_url:  # `make run` with REDIS_URL: the same runner, Redis as the broker
        env["REDIS_URL"] = redis_url
    log_path = tmp_path / "serve.log"
    with open(log_path, "wb") as log:
        runner = subprocess.Popen(
            [*argv, "--noreload"], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    family: list[int] = []
    try:
        _wait_for(lambda: b" ready." in log_path.read_bytes(), "the worker to be ready")
        browser = _Browser(f"http://127.0.0.1:{port}", session_key)
        _wait_for(lambda: _probe(browser), "the web server to answer")
        family = _descendants(runner.pid)
        worker = next(p for p in family if "celery" in _cmdline(p) and os.getpgid(p) == p)

        # Freeze the worker: the upload must still come back at once, with the import only queued.
        os.killpg(worker, signal.SIGSTOP)
        try:
            status, _ = browser.get(reverse("kpi:import-list"))
            assert status == 200
            token = browser.cookies[settings.CSRF_COOKIE_NAME]
            status, headers = browser.post_file(
                reverse("kpi:import-list"),
                {"csrfmiddlewaretoken": token, "commune": str(campaign.commune.pk)},
                "file",
                upload,
            )
            assert status == 302, status
            import_id = int(re.search(r"/(\d+)/?$", headers["Location"]).group(1))
            assert _import_status(db_path, import_id) == ("queued", 0)
            _, partial = browser.get(reverse("kpi:import-progress", args=[import_id]))
            assert "hx-get" in partial and "Đang chờ" in partial  # the page keeps polling
        finally:
            os.killpg(worker, signal.SIGCONT)

        _wait_for(lambda: _import_status(db_path, import_id)[0] == "applied", "the worker to apply the import")
        assert _import_status(db_path, import_id) == ("applied", 20)
        _, partial = browser.get(reverse("kpi:import-progress", args=[import_id]))
        assert "hx-get" not in partial and "Đã nhập" in partial
        # The worker ran it (its log line follows the task's return, so it may lag the database by a moment).
        ran = re.compile(rb"kpi\.tasks\.run_dossier_import\[[^\]]+\] succeeded")
        _wait_for(lambda: ran.search(log_path.read_bytes()), "the worker's log of the task", timeout=30)

        # Ctrl-C on `make run`: the runner stops the web server and the worker, nothing is left behind.
        family = [p for p in _descendants(runner.pid) if _alive(p)]  # settled: beat has started too
        assert worker in family and len(family) >= 3  # worker, its beat, the web server
        runner.send_signal(signal.SIGINT)
        assert runner.wait(timeout=WAIT_SECONDS) == 0
        _wait_for(lambda: not any(_alive(p) for p in family), "the runner's processes to end", timeout=5)
    finally:
        if runner.poll() is None:
            runner.kill()
        for pid in family:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        runner.wait(timeout=10)


def _probe(browser: _Browser) -> bool:
    try:
        return browser.get(reverse("kpi:import-list"))[0] == 200
    except OSError:
        return False


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_supervisor_stops_the_others_when_one_child_dies(tmp_path):
    messages: list[str] = []
    survivor = Child("người ở lại", _python("import time; time.sleep(120)"))
    supervisor = Supervisor(
        [survivor, Child("người bỏ đi", _python("raise SystemExit(3)"))], stop_timeout=5, log=messages.append
    )
    assert supervisor.run() == 3
    assert survivor.process.returncode is not None  # stopped, not left running
    assert "người bỏ đi đã dừng bất thường (mã 3)" in messages[-1]


def test_a_killed_runner_takes_its_children_with_it(tmp_path):
    # The runner is SIGKILLed (no chance to clean up): the kernel sends its children SIGTERM.
    pid_file = tmp_path / "child.pid"
    child_code = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(120)"
    script = (
        "import sys, time\n"
        "from tanbinh_portal.processes import Child\n"
        f"Child('con', [sys.executable, '-c', {child_code!r}]).start()\n"
        "time.sleep(120)\n"
    )
    runner = subprocess.Popen(_python(script), cwd=BASE_DIR)
    try:
        child_pid = int(_wait_for(lambda: pid_file.exists() and pid_file.read_text(), "the child", timeout=30))
        assert _alive(child_pid)
        runner.kill()
        runner.wait(timeout=10)
        _wait_for(lambda: not _alive(child_pid), "the orphan to end", timeout=10)
    finally:
        if runner.poll() is None:
            runner.kill()


def test_serve_refuses_a_stop_timeout_that_is_not_positive():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--stop-timeout phải là số giây lớn hơn 0"):
        call_command("serve", "--stop-timeout", "0")
