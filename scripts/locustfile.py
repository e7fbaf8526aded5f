"""Locust users for ``scripts/load_test.py``: logged-in people reading the three busiest pages.

Configured through the environment by the driver: ``LOADTEST_PAGES`` (JSON: name -> path),
``LOADTEST_COOKIES`` (JSON list of session-cookie values, one per logged-in account) and
``LOADTEST_WAIT`` ("min,max" think time in seconds).
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

PAGES: dict[str, str] = json.loads(os.environ.get("LOADTEST_PAGES", "{}"))
COOKIES: list[str] = json.loads(os.environ.get("LOADTEST_COOKIES", "[]"))
WAIT = [float(x) for x in os.environ.get("LOADTEST_WAIT", "1,3").split(",")]


class PortalUser(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self) -> None:
        # Each simulated person is one of the logged-in accounts (sessions made by the driver).
        self.client.cookies.set("sessionid", random.choice(COOKIES))  # noqa: S311  # nosec B311

    def _get(self, name: str) -> None:
        with self.client.get(PAGES[name], name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 0:
                response.failure(f"no response: {type(response.error).__name__}: {response.error}"[:200])
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif b"<html" not in response.content[:200].lower():
                response.failure("not a page")

    @task
    def dashboard(self) -> None:
        self._get("dashboard")

    @task
    def plan(self) -> None:
        self._get("plan")

    @task
    def nominations(self) -> None:
        self._get("nominations")
