"""Helpers shared by the rewards views: object access and running a service with user-facing errors."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404

from campaigns.selectors import campaign_get_for
from rewards.models import BallotItem, CouncilMeeting, Nomination
from rewards.policies import can_view_nomination
from tanbinh_portal.service_calls import service_call


def get_nomination(request, slug: str, pk: int) -> tuple:
    campaign = campaign_get_for(request.user, slug)
    nomination = get_object_or_404(
        Nomination.objects.select_related("campaign", "award_form", "unit", "person", "proposed_by", "decision"),
        pk=pk,
        campaign=campaign,
    )
    if not can_view_nomination(request.user, nomination):
        # Same answer as a missing nomination: a 403 would confirm that it exists.
        raise Http404("Không có đề nghị khen thưởng này.")
    return campaign, nomination


def get_meeting(request, slug: str, pk: int) -> tuple:
    campaign = campaign_get_for(request.user, slug)
    meeting = get_object_or_404(
        CouncilMeeting.objects.select_related("campaign", "chair", "secretary"), pk=pk, campaign=campaign
    )
    return campaign, meeting


def get_ballot(request, slug: str, pk: int) -> tuple:
    campaign = campaign_get_for(request.user, slug)
    ballot = get_object_or_404(
        BallotItem.objects.select_related("meeting", "meeting__campaign", "meeting__secretary", "nomination"),
        pk=pk,
        meeting__campaign=campaign,
    )
    return campaign, ballot


def run(request, service, success: str, **kwargs) -> bool:
    """Call a service; show its Vietnamese error as a message instead of failing the page."""
    with service_call(request) as call:
        service(actor=request.user, **kwargs)
    if call.ok:
        messages.success(request, success)
    return call.ok


def form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields and form.fields[field].label else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
