"""Who sees which version of a document (issue 10 §3): one selector, drafts stay with who prepares them.

The district sees only what the commune sent it; other roles see only versions issued for them. A
version rendered before the plan's launch, or before the chairman approved the summary report (so
unnumbered, "Số: /BC-UBND"), is a draft: CT, PCT and VP see it, everyone else gets 404 as for a
version that does not exist.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import AwardForm
from documents.selectors import document_rows
from documents.services import document_render, document_request
from documents.sources.summary import suggested_sections
from rewards.services import summary_report_approve, summary_report_save, summary_report_submit
from tanbinh_portal.optimistic import UNCHECKED
from tests.rewards.helpers import ensure_award_round

MANAGERS = ("chutich", "phochutich", "vanphong")


def _render(actor, campaign, kind: str):
    return document_render(document_id=document_request(actor=actor, campaign=campaign, kind=kind).pk)


def _download(client, campaign, document):
    return client.get(reverse("documents:document-download", args=[campaign.slug, document.pk]))


def _complete_and_launch(campaign, officer, chairman):
    services.campaign_update(
        expected_version=UNCHECKED,
        actor=officer,
        campaign=campaign,
        data={"document_number": "01/KH-UBND", "document_date": dt.date(2023, 1, 3)},
    )
    services.criterion_save(
        actor=officer,
        campaign=campaign,
        data={
            "order": 1,
            "text": "Tỷ lệ hồ sơ đúng hạn",
            "kind": "measured",
            "targets": [{"indicator": "on_time_rate", "comparator": "gte", "target": Decimal("95"), "unit_label": "%"}],
        },
    )
    services.campaign_set_award_forms(
        actor=officer,
        campaign=campaign,
        options=[(AwardForm.objects.get(code="giay-khen-chu-tich-xa-2017"), "Giấy khen của UBND xã")],
    )
    return services.campaign_launch(actor=chairman, campaign=campaign)


@pytest.fixture
def plans(draft_campaign, officer, chairman):
    """A plan version rendered while the plan was a draft, then the launch, then a version after it."""
    before = _render(officer, draft_campaign, "ke-hoach")
    campaign = _complete_and_launch(draft_campaign, officer, chairman)
    after = _render(officer, campaign, "ke-hoach")
    assert before.status == after.status == "done"
    return campaign, before, after


@pytest.mark.parametrize("username", ["noivu", "motcua", "canbo", "hoidong"])
def test_a_plan_version_rendered_before_the_launch_is_hidden_from_everyone_but_the_managers(plans, client_as, username):
    campaign, before, after = plans
    client = client_as(username)
    assert _download(client, campaign, before).status_code == 404
    assert _download(client, campaign, after).status_code == 200
    progress = reverse("documents:document-progress", args=[campaign.slug, before.pk])
    assert client.get(progress).status_code == 404
    page = client.get(reverse("documents:document-list", args=[campaign.slug])).content.decode()
    assert reverse("documents:document-download", args=[campaign.slug, before.pk]) not in page
    assert reverse("documents:document-download", args=[campaign.slug, after.pk]) in page


@pytest.mark.parametrize("username", MANAGERS)
def test_the_managers_keep_every_plan_version(plans, client_as, username):
    campaign, before, after = plans
    for document in (before, after):
        assert _download(client_as(username), campaign, document).status_code == 200


def test_the_managers_see_which_plan_version_is_a_draft(plans, users):
    campaign, before, after = plans
    (row,) = [row for row in document_rows(users["vanphong"], campaign) if row.kind.code == "ke-hoach"]
    assert {d.pk: d.draft for d in row.versions} == {before.pk: True, after.pk: False}


def test_a_hidden_version_answers_exactly_like_a_missing_one(plans, client_as):
    campaign, before, _after = plans
    client = client_as("noivu")
    hidden = _download(client, campaign, before)
    missing = client.get(reverse("documents:document-download", args=[campaign.slug, 999999]))
    assert hidden.status_code == missing.status_code == 404
    receive = reverse("documents:document-receive", args=[campaign.slug, before.pk])
    assert client.post(receive).status_code == 404


@pytest.fixture
def summaries(campaign, users):
    """A summary report rendered as a draft (unnumbered), then approved and rendered again."""
    ensure_award_round(campaign)
    officer, chairman = users["vanphong"], users["chutich"]
    sections = {
        name: text or "Nội dung." for name, text in suggested_sections(campaign).items() if name != "assessments"
    }
    sections["assessments"] = {str(c.order): "Đã thực hiện." for c in campaign.criteria.filter(kind="assessed")}
    summary_report_save(actor=officer, campaign=campaign, sections=sections, expected_version=UNCHECKED)
    draft = _render(officer, campaign, "bao-cao-tong-ket")
    summary_report_submit(actor=officer, campaign=campaign)
    summary_report_approve(actor=chairman, campaign=campaign, issued_on=dt.date(2023, 1, 12))
    approved = _render(officer, campaign, "bao-cao-tong-ket")
    assert draft.status == approved.status == "done"
    return draft, approved


@pytest.mark.parametrize("username", ["noivu", "hoidong"])
def test_the_district_and_council_never_get_the_unnumbered_draft_summary_report(
    campaign, summaries, client_as, username
):
    draft, approved = summaries
    client = client_as(username)
    assert _download(client, campaign, draft).status_code == 404
    assert _download(client, campaign, approved).status_code == 200


def test_the_officer_keeps_the_draft_summary_report(campaign, summaries, client_as):
    draft, _approved = summaries
    assert _download(client_as("vanphong"), campaign, draft).status_code == 200


def test_every_document_view_reads_the_same_selector(campaign, summaries, users):
    """The page lists exactly the versions the single selector lets the user open."""
    from documents.selectors import documents_visible_to

    for user in users.values():
        listed = {d.pk for row in document_rows(user, campaign) for d in row.versions}
        assert listed == set(documents_visible_to(user, campaign).values_list("pk", flat=True))


@pytest.mark.with_award_round
def test_a_draft_summary_report_is_hidden_before_any_approval(campaign, users, client_as):
    ensure_award_round(campaign)
    sections = {
        name: text or "Nội dung." for name, text in suggested_sections(campaign).items() if name != "assessments"
    }
    sections["assessments"] = {str(c.order): "Đã thực hiện." for c in campaign.criteria.filter(kind="assessed")}
    summary_report_save(actor=users["vanphong"], campaign=campaign, sections=sections, expected_version=UNCHECKED)
    draft = _render(users["vanphong"], campaign, "bao-cao-tong-ket")
    assert _download(client_as("noivu"), campaign, draft).status_code == 404
    assert _download(client_as("phochutich"), campaign, draft).status_code == 200
