"""Run the portal's processes (web server, Celery worker with beat) as one unit that stops together.

Each child starts in its own session, so its whole process group (runserver's autoreloader child, the
worker's embedded beat) can be stopped at once, and Ctrl-C in the terminal reaches only the runner,
which then stops the children in order: the web server first (no new work), then the worker, which
finishes the task in hand (Celery's warm shutdown) for at most ``stop_timeout`` seconds before the group
is killed. On Linux a child also gets SIGTERM if the runner itself dies (``PR_SET_PDEATHSIG``), so even a
killed runner leaves no worker polling the queue.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import subprocess  # nosec B404
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: ask the kernel for SIGTERM when the runner goes away (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


@dataclass
class Child:
    name: str
    argv: Sequence[str]
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> None:
        # The argument list is built by the runner from sys.executable; no shell.
        self.process = subprocess.Popen(  # noqa: S603  # nosec B603
            list(self.argv), start_new_session=True, preexec_fn=_die_with_parent
        )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signum)  # the child is its group's leader (own session)

    def stop(self, timeout: float) -> int | None:
        """SIGTERM the group, wait at most ``timeout`` seconds, then SIGKILL whatever is left of it."""
        if self.process is None:
            return None
        self.signal_group(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=timeout)
        # Also when the leader has exited: its group may still hold a grandchild.
        self.signal_group(signal.SIGKILL)
        return self.process.wait()


class Supervisor:
    """Start children, wait until a stop signal arrives or one of them exits, then stop them all."""

    def __init__(self, children: Sequence[Child], *, stop_timeout: float = 10.0, log: Callable[[str], None]):
        self.children = list(children)
        self.stop_timeout = stop_timeout
        self.log = log
        self._stop_requested: int | None = None

    def _request_stop(self, signum, frame) -> None:
        self._stop_requested = signum

    def run(self) -> int:
        previous = {signum: signal.signal(signum, self._request_stop) for signum in STOP_SIGNALS}
        try:
            for child in self.children:
                child.start()
                self.log(f"Đã khởi động {child.name} (pid {child.process.pid}).")
            exited = self._wait()
        finally:
            # Stop in reverse order of start (web server before the worker), whatever happened above.
            for child in reversed(self.children):
                child.stop(self.stop_timeout)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if exited is None:
            self.log("Đã dừng máy chủ web và tiến trình chạy tác vụ nền.")
            return 0
        self.log(f"{exited.name} đã dừng bất thường (mã {exited.process.returncode}); đã dừng các tiến trình còn lại.")
        return exited.process.returncode or 1

    def _wait(self) -> Child | None:
        """The child that exited by itself, or None when a stop signal arrived."""
        while self._stop_requested is None:
            for child in self.children:
                if not child.running():
                    return child
            time.sleep(0.2)
        return None
