"""State moves written once (``tanbinh_portal.transitions``), on a real state machine: the campaign's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus
from campaigns.plan_revision import plan_revision
from tanbinh_portal.service_errors import ServiceError
from tanbinh_portal.transitions import IllegalTransition, require_state, state_label, transition


def _refusal(current: str) -> str:
    return f"Không thể phát động từ trạng thái “{current}”."


def test_a_legal_move_sets_the_state_and_values_bumps_the_version_and_saves(draft_campaign):
    before_version, before_revision = draft_campaign.version, plan_revision(draft_campaign)
    now = timezone.now()
    old = transition(
        draft_campaign,
        to=CampaignStatus.LAUNCHED,
        allowed=[CampaignStatus.DRAFT],
        refusal=_refusal,
        values={"launched_at": now},
    )
    assert old == CampaignStatus.DRAFT
    stored = Campaign.objects.get(pk=draft_campaign.pk)
    assert (stored.status, stored.launched_at, stored.version) == (CampaignStatus.LAUNCHED, now, before_version + 1)
    assert draft_campaign.status == CampaignStatus.LAUNCHED and draft_campaign.version == before_version + 1
    assert plan_revision(stored) == before_revision + 1  # saved, so post_save receivers ran


def test_an_illegal_move_is_refused_in_vietnamese_and_writes_nothing(campaign):
    stored_before = Campaign.objects.values().get(pk=campaign.pk)
    with pytest.raises(IllegalTransition) as refused:
        transition(campaign, to=CampaignStatus.LAUNCHED, allowed=[CampaignStatus.DRAFT], refusal=_refusal)
    assert isinstance(refused.value, ServiceError) and refused.value.code == "illegal_transition"
    assert str(refused.value) == "Không thể phát động từ trạng thái “Đã phát động”."
    assert state_label(campaign) == "Đã phát động" == CampaignStatus.LAUNCHED.label
    assert Campaign.objects.values().get(pk=campaign.pk) == stored_before


def test_a_row_moved_meanwhile_by_another_transaction_is_not_moved_again(draft_campaign):
    """The in-memory copy still says draft; the conditional update finds the row launched and refuses."""
    Campaign.objects.filter(pk=draft_campaign.pk).update(status=CampaignStatus.LAUNCHED, launched_at=timezone.now())
    version = Campaign.objects.get(pk=draft_campaign.pk).version
    with pytest.raises(IllegalTransition, match="“Đã phát động”"):
        transition(draft_campaign, to=CampaignStatus.CLOSED, allowed=[CampaignStatus.DRAFT], refusal=_refusal)
    stored = Campaign.objects.get(pk=draft_campaign.pk)
    assert (stored.status, stored.version) == (CampaignStatus.LAUNCHED, version)
    assert draft_campaign.status == CampaignStatus.LAUNCHED  # the copy now shows what is stored


def test_require_state_checks_without_moving_and_takes_a_fixed_message(draft_campaign):
    require_state(draft_campaign, [CampaignStatus.DRAFT, CampaignStatus.LAUNCHED], refusal="không dùng")
    with pytest.raises(IllegalTransition, match="^Phong trào đã kết thúc.$"):
        require_state(draft_campaign, [CampaignStatus.CLOSED], refusal="Phong trào đã kết thúc.")
    assert Campaign.objects.get(pk=draft_campaign.pk).status == CampaignStatus.DRAFT


def test_the_state_machines_move_through_the_helper():
    """No service sets a status by hand any more (``x.status = …`` then ``save()``)."""
    root = Path(__file__).resolve().parents[2]
    services = [
        root / "campaigns" / "services" / "state.py",
        root / "kpi" / "services" / "monthly.py",
        root / "rewards" / "services" / "common.py",
        root / "rewards" / "services" / "approval.py",
        root / "rewards" / "services" / "summary.py",
        root / "documents" / "services" / "documents.py",
    ]
    # The render task claims its row with a conditional update when it starts (QUEUED → RUNNING, and a
    # second run finds nothing to claim) and sets the end state of the run it owns.
    owned = {root / "documents" / "services" / "documents.py": 1}
    for path in services:
        text = path.read_text(encoding="utf-8")
        assert "transition(" in text, path
        by_hand = re.findall(r"^\s+\w+\.status(?:, [\w.]+)* = .*$", text, re.M)
        assert len(by_hand) == owned.get(path, 0), (path, by_hand)
    # The other modules of a split services package set no status by hand either.
    for path in sorted(
        [*(root / "campaigns" / "services").glob("*.py"), root / "documents" / "services" / "signing_images.py"]
    ):
        text = path.read_text(encoding="utf-8")
        assert not re.findall(r"^\s+\w+\.status(?:, [\w.]+)* = .*$", text, re.M), path


def test_a_move_can_leave_a_version_that_is_not_a_lock_alone(draft_campaign):
    version = draft_campaign.version
    transition(
        draft_campaign,
        to=CampaignStatus.LAUNCHED,
        allowed=[CampaignStatus.DRAFT],
        refusal=_refusal,
        values={"launched_at": timezone.now()},
        bump_version=False,
    )
    assert Campaign.objects.get(pk=draft_campaign.pk).version == version
