"""Tiến độ của tôi / của tập thể: what an official or a unit committed to and how it is doing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from campaigns.models import CampaignStatus, Person, Unit
from campaigns.policies import person_of
from campaigns.selectors import campaign_day, campaign_get_for, campaign_list_for, commune_for
from rewards.policies import can_view_history, can_view_progress
from rewards.selectors.progress import person_progress, progress_choices, unit_progress
from tanbinh_portal.access import role_required
from tanbinh_portal.roles import COMMUNE_ROLES, MANAGERS, has_role


def _campaign(request, slug: str):
    """The campaign, 404 when hidden or of another commune than the user's."""
    campaign = campaign_get_for(request.user, slug)
    commune = commune_for(request.user)
    if commune is None or commune.pk != campaign.commune_id:
        raise Http404("Không có phong trào này.")
    return campaign


@role_required(*COMMUNE_ROLES)
def progress_home(request):
    """The menu entry: one's own progress in the latest launched campaign (or the choice of pages)."""
    latest = campaign_list_for(request.user).exclude(status=CampaignStatus.DRAFT).first()
    if latest is None:
        messages.info(request, "Chưa có phong trào nào đã phát động.")
        return redirect("campaigns:campaign-list")
    me = person_of(request.user)
    if me is not None and me.commune_id == latest.commune_id:
        return redirect("rewards:progress-person", slug=latest.slug, pk=me.pk)
    return redirect("rewards:progress-index", slug=latest.slug)


@role_required(*COMMUNE_ROLES)
def progress_index(request, slug: str):
    campaign = _campaign(request, slug)
    choices = progress_choices(
        request.user, campaign, me=person_of(request.user), manager=has_role(request.user, *MANAGERS)
    )
    return render(request, "rewards/progress_index.html", {"campaign": campaign, **choices})


@role_required(*COMMUNE_ROLES)
def progress_person(request, slug: str, pk: int):
    campaign = _campaign(request, slug)
    person = get_object_or_404(Person.objects.select_related("unit", "user"), pk=pk, commune=campaign.commune)
    if not can_view_progress(request.user, person):
        raise PermissionDenied(
            "Chỉ người này, người đứng đầu tập thể của họ và lãnh đạo, Văn phòng – Thống kê xem được."
        )
    mine = person.user_id == request.user.pk
    context = {
        "campaign": campaign,
        "subject": person,
        "is_unit": False,
        "title": "Tiến độ của tôi" if mine else f"Tiến độ của {person.full_name}",
        "headed": list(Unit.objects.filter(head=person, is_active=True).prefetch_related("dated_names"))
        if mine
        else [],
        "can_view_history": can_view_history(request.user, person),
        **person_progress(request.user, campaign, person),
    }
    return render(request, "rewards/progress_page.html", context)


@role_required(*COMMUNE_ROLES)
def progress_unit(request, slug: str, pk: int):
    campaign = _campaign(request, slug)
    unit = get_object_or_404(Unit.objects.select_related("head"), pk=pk, commune=campaign.commune)
    if not can_view_progress(request.user, unit):
        raise PermissionDenied("Chỉ người đứng đầu tập thể và lãnh đạo, Văn phòng – Thống kê xem được.")
    context = {
        "campaign": campaign,
        "subject": unit,
        "is_unit": True,
        "title": f"Tiến độ của tập thể {unit.name_on(campaign_day(campaign))}",
        "can_view_history": can_view_history(request.user, unit),
        **unit_progress(request.user, campaign, unit),
    }
    return render(request, "rewards/progress_page.html", context)
