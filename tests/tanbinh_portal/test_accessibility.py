"""Markup every assistive technology relies on, checked without a browser (axe runs in tests/e2e)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

SLUG = "tan-binh-cchc-2022"
PAGES = [
    ("vanphong", "campaigns:registration-overview", [SLUG]),
    ("vanphong", "campaigns:unit-list", []),
    ("vanphong", "campaigns:person-list", []),
    ("vanphong", "kpi:monthly-list", [SLUG]),
    ("vanphong", "campaigns:monthly-fields", [SLUG]),
    ("vanphong", "kpi:import-list", []),
    ("chutich", "kpi:dashboard", [SLUG]),
    ("chutich", "kpi:by-field", [SLUG]),
    ("vanphong", "campaigns:campaign-copy-next-year", [SLUG]),
    ("vanphong", "audit-log", []),
]


@pytest.mark.parametrize(("username", "name", "args"), PAGES)
def test_tables_have_named_headers_and_scroll_regions_reachable_by_keyboard(world, client_as, username, name, args):
    html = client_as(username).get(reverse(name, args=args)).content.decode()
    assert not re.search(r"<th[^>]*>\s*</th>", html), "empty <th>"
    for tag in re.findall(r'<div class="table-responsive[^>]*>', html):
        assert 'tabindex="0"' in tag and 'role="region"' in tag and re.search(r'aria-label="[^"]+"', tag), tag


def test_every_navigation_landmark_has_a_name(world, client_as):
    html = client_as("vanphong").get(reverse("home")).content.decode()
    navs = re.findall(r"<nav\b[^>]*>", html)
    assert navs and all("aria-label=" in nav for nav in navs)


def test_the_menu_is_open_on_a_desktop_screen_not_hidden_behind_the_toggle(world, client_as):
    html = client_as("vanphong").get(reverse("home")).content.decode()
    assert "navbar-expand-lg" in html and "navbar-expand-xxl" not in html


def test_a_failed_login_is_announced_and_takes_the_focus(world, client):
    response = client.post(reverse("login"), {"username": "vanphong", "password": "sai"})
    html = response.content.decode()
    alert = re.search(r'<div class="alert[^"]*alert-danger"[^>]*>', html)
    assert alert and 'role="alert"' in alert.group(0) and "data-error-summary" in alert.group(0)


def test_the_greeting_uses_the_persons_name_not_the_login(world, client_as):
    html = client_as("noivu").get(reverse("home")).content.decode()
    assert "Xin chào Trần Thị Hồng" in html and "Xin chào noivu" not in html


@pytest.mark.parametrize("username", ["hoidong", "motcua"])
def test_the_dashboard_offers_no_link_the_role_cannot_open(world, client_as, username):
    client = client_as(username)
    html = client.get(reverse("kpi:dashboard", args=[SLUG])).content.decode()
    assert reverse("kpi:monthly-list", args=[SLUG]) not in html


def test_the_unlock_reason_box_has_a_visible_label(campaign, officer, chairman, client_as):
    from kpi.services import monthly_report_lock, monthly_report_submit, monthly_values_save
    from tanbinh_portal.optimistic import UNCHECKED

    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 1}, expected_version=UNCHECKED
    )
    monthly_report_submit(actor=officer, campaign=campaign, month="2022-03")
    monthly_report_lock(actor=chairman, campaign=campaign, month="2022-03")
    html = client_as("chutich").get(reverse("kpi:monthly-edit", args=[SLUG, "2022-03"])).content.decode()
    textarea = re.search(r'<textarea name="reason"[^>]*id="([^"]+)"', html)
    assert textarea and f'<label class="form-label" for="{textarea.group(1)}">Lý do mở khóa' in html


def test_the_council_page_offers_a_new_meeting_only_to_who_may_open_one(world, client_as):
    url = reverse("rewards:meeting-list", args=[SLUG])
    create = reverse("rewards:meeting-create", args=[SLUG])
    assert create not in client_as("phochutich").get(url).content.decode()
    assert create in client_as("hoidong").get(url).content.decode()
