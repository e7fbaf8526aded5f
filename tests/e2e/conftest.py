"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


_LIVE: dict = {}


@pytest.fixture
def browser():
    """One browser per test process, for the journeys that run one after another (tests/shared_world.py keeps
    them together); closed after the last of them (``pytest_runtest_teardown`` below), because Playwright's
    event loop must not outlive the journeys: pyHanko signing elsewhere in the suite calls asyncio.run,
    which refuses to run inside a live loop."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}; `make setup` installs it as root")
    if "browser" not in _LIVE:
        # The live server runs in a thread; the ORM is used from Playwright's sync (greenlet) context.
        _LIVE["async_unsafe"] = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        from playwright.sync_api import sync_playwright

        _LIVE["playwright"] = sync_playwright().start()
        try:
            _LIVE["browser"] = _LIVE["playwright"].chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except BaseException:
            _close_browser()
            raise
    return _LIVE["browser"]


def _close_browser() -> None:
    browser, playwright = _LIVE.pop("browser", None), _LIVE.pop("playwright", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if playwright is not None:
            playwright.stop()
        previous = _LIVE.pop("async_unsafe", None)
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """The browser goes with the last journey of a run of them (or of the session), after that journey's
    own fixtures (its page's context) are torn down."""
    if "playwright" in _LIVE and (nextitem is None or "browser" not in getattr(nextitem, "fixturenames", ())):
        _close_browser()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(live_server, page, settings):
    password = settings.DEMO_PASSWORD

    def do(username: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return do


@pytest.fixture
def shot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


AXE_SOURCE = Path(__file__).resolve().parent / "assets" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_BLOCKING = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 AA (and best-practice) violations on the page as it is now.

    ``page.evaluate`` runs through the DevTools protocol, so the portal's strict CSP stays on and
    still reports any inline script of ours as a console error."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [", ".join(map(str, n["target"])) for n in v["nodes"][:5]],
        }
        for v in result["violations"]
    ]


@pytest.fixture
def axe(page):
    """``axe(label)`` fails the test on any serious or critical violation of the current page."""

    def check(label: str) -> list[dict]:
        found = axe_violations(page)
        blocking = [v for v in found if v["impact"] in AXE_BLOCKING]
        assert not blocking, f"{label}: {blocking}"
        return found

    return check
