"""Locust users for ``scripts/load_province.py``: half reviewers of the province on the comparison page
(its year and indicator variants), half a commune's chairman on that commune's dashboards.

Configured through the environment by the driver: ``LOADTEST_PROVINCE`` (JSON: ``reviewer_cookies``,
``comparison`` (list of paths), ``communes`` (list of {cookie, dashboards: [paths]})) and
``LOADTEST_WAIT`` ("min,max" think time in seconds).
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

CONFIG: dict = json.loads(os.environ.get("LOADTEST_PROVINCE", "{}"))
WAIT = [float(x) for x in os.environ.get("LOADTEST_WAIT", "1,3").split(",")]


class _Reader(HttpUser):
    abstract = True
    wait_time = between(*WAIT)

    def _get(self, name: str, path: str) -> None:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 0:
                response.failure(f"no response: {type(response.error).__name__}: {response.error}"[:200])
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif b"<html" not in response.content[:200].lower():
                response.failure("not a page")


class ProvinceReviewer(_Reader):
    """Sở Nội vụ's reviewer comparing the communes: a year and an indicator at a time."""

    weight = 1

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", random.choice(CONFIG["reviewer_cookies"]))  # noqa: S311  # nosec B311

    @task
    def comparison(self) -> None:
        self._get("comparison", random.choice(CONFIG["comparison"]))  # noqa: S311  # nosec B311


class CommuneChairman(_Reader):
    """A commune's chairman reading the dashboards of the commune's campaigns (one commune per user)."""

    weight = 1

    def on_start(self) -> None:
        self.commune = random.choice(CONFIG["communes"])  # noqa: S311  # nosec B311
        self.client.cookies.set("sessionid", self.commune["cookie"])

    @task
    def dashboard(self) -> None:
        self._get("dashboard", random.choice(self.commune["dashboards"]))  # noqa: S311  # nosec B311
