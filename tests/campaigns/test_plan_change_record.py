"""A change to a plan is recorded once (``campaigns.plan_revision.plan_change_record``)."""

from __future__ import annotations

import pytest

from campaigns.models import Amendment
from campaigns.plan_revision import plan_change_record, plan_revision
from tanbinh_portal.audit import AuditAction
from tanbinh_portal.models import AuditEvent


def _record(campaign, officer, **extra):
    criterion = campaign.criteria.first() or campaign
    plan_change_record(
        actor=officer,
        campaign=campaign,
        action=AuditAction.CRITERION_UPDATE,
        obj=criterion,
        changes={"text": ["cũ", "mới"]},
        reason="Theo văn bản số 12",
        **extra,
    )
    return criterion


def test_a_launched_plan_gets_its_amendment_revision_and_audit_row(campaign, officer):
    revision = plan_revision(campaign)
    criterion = _record(campaign, officer)
    amendment = Amendment.objects.filter(campaign=campaign).latest("pk")
    assert (amendment.by, amendment.reason) == (officer, "Theo văn bản số 12")
    assert amendment.changes == {"object": str(criterion), "text": ["cũ", "mới"]}
    assert plan_revision(campaign) > revision  # (the amendment row raises it once more, by its signal)
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.reason, event.changes) == (
        "criterion.update",
        "Theo văn bản số 12",
        {"text": ["cũ", "mới"]},
    )


def test_the_label_names_what_changed_and_amend_false_records_no_amendment(campaign, officer):
    before = Amendment.objects.count()
    _record(campaign, officer, label="Số liệu tháng: Số buổi tiếp dân")
    assert Amendment.objects.latest("pk").changes["object"] == "Số liệu tháng: Số buổi tiếp dân"
    _record(campaign, officer, amend=False)
    assert Amendment.objects.count() == before + 1
    assert AuditEvent.objects.filter(action="criterion.update").count() == 2


@pytest.mark.parametrize("amend", [True, False])
def test_a_draft_is_changed_freely_without_an_amendment(draft_campaign, officer, amend):
    revision = plan_revision(draft_campaign)
    _record(draft_campaign, officer, amend=amend)
    assert not Amendment.objects.filter(campaign=draft_campaign).exists()
    assert plan_revision(draft_campaign) == revision + 1
    assert AuditEvent.objects.filter(action="criterion.update").count() == 1
