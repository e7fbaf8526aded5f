"""Notification links are built from URL names: each resolves to the page it names, none is typed by hand."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import resolve

from campaigns.models import Campaign
from campaigns.services import registration_link
from rewards.models import CouncilMeeting, Decision, Nomination
from rewards.services.common import approval_link, decision_link, meeting_link, nomination_link, summary_report_link

ROOT = Path(__file__).resolve().parents[1]
CAMPAIGN = Campaign(slug="cchc-2022", pk=7)


@pytest.mark.parametrize(
    ("build", "path", "view_name", "kwargs"),
    [
        (lambda: registration_link(CAMPAIGN), "/phong-trao/cchc-2022/dang-ky/", "campaigns:registration-home", {}),
        (
            lambda: nomination_link(Nomination(pk=41, campaign=CAMPAIGN)),
            "/khen-thuong/cchc-2022/de-nghi/41/",
            "rewards:nomination-detail",
            {"pk": 41},
        ),
        (
            lambda: meeting_link(CouncilMeeting(pk=3, campaign=CAMPAIGN)),
            "/khen-thuong/cchc-2022/hoi-dong/hop/3/",
            "rewards:meeting-detail",
            {"pk": 3},
        ),
        (lambda: approval_link(CAMPAIGN), "/khen-thuong/cchc-2022/phe-duyet/", "rewards:approval", {}),
        (
            lambda: decision_link(Decision(pk=12, campaign=CAMPAIGN)),
            "/khen-thuong/cchc-2022/quyet-dinh/12/",
            "rewards:decision-detail",
            {"pk": 12},
        ),
        (
            lambda: summary_report_link(CAMPAIGN),
            "/khen-thuong/cchc-2022/bao-cao-tong-ket/",
            "documents:summary-report",
            {},
        ),
    ],
    ids=["registration", "nomination", "meeting", "approval", "decision", "summary-report"],
)
def test_each_link_resolves_to_the_page_it_names(build, path, view_name, kwargs):
    link = build()
    assert link == path  # the address users already have in their notifications stays the same
    match = resolve(link)
    assert match.view_name == view_name
    assert match.kwargs == {"slug": "cchc-2022", **kwargs}


def test_no_service_types_a_link_by_hand():
    """``link=`` in a service is a call of a link builder (or a name holding one), never a string."""
    offenders, calls = [], 0
    for app in ("campaigns", "kpi", "rewards", "documents"):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.keyword) and node.arg == "link":
                    calls += 1
                    if not isinstance(node.value, (ast.Call, ast.Name)):
                        offenders.append(f"{path.relative_to(ROOT)}: {ast.unparse(node.value)}")
                if isinstance(node, ast.JoinedStr) and ast.unparse(node).startswith(("f'/", 'f"/')):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert not offenders, offenders
    assert calls >= 9  # the walk finds the services' notifications
