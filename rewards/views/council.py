"""Views of the council: meetings with attendance and quorum, paper tallies, online secret ballots, minutes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_get_for
from rewards import selectors, services
from rewards.forms import ConvocationForm, CorrectionForm, MeetingForm, MinutesForm, TallyForm, TellersForm, VoteForm
from rewards.models import CouncilConvocation, CouncilMeeting, CouncilMember
from rewards.policies import council_seat, is_meeting_chair, is_meeting_secretary, may_close_meeting, may_convene
from rewards.views.common import form_errors, get_ballot, get_meeting, run
from tanbinh_portal.access import role_required
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import COMMUNE_ROLES, COUNCIL, MANAGERS, OFFICER
from tanbinh_portal.service_calls import service_call

VIEWERS = (*MANAGERS, COUNCIL)


@role_required(*VIEWERS)
def meeting_list(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    return render(
        request,
        "rewards/meeting_list.html",
        {
            "campaign": campaign,
            "meetings": list(CouncilMeeting.objects.filter(campaign=campaign)),
            "convocations": list(CouncilConvocation.objects.filter(campaign=campaign)),
            "convocation_form": ConvocationForm(initial={"issued_on": local_today()}),
            "may_convene": may_convene(request.user, campaign),
        },
    )


@role_required(OFFICER, COUNCIL)
@require_POST
def meeting_convene(request, slug: str):
    """The Giấy mời họp Hội đồng, recorded with the date written on it: numbered from the council's series."""
    campaign = campaign_get_for(request.user, slug)
    form = ConvocationForm(request.POST)
    if not may_convene(request.user, campaign):
        raise PermissionDenied("Chỉ thư ký Hội đồng hoặc công chức Văn phòng – Thống kê gửi giấy mời họp.")
    if form.is_valid():
        run(
            request,
            services.meeting_convene,
            "Đã cấp số giấy mời họp Hội đồng.",
            campaign=campaign,
            **form.cleaned_data,
        )
    else:
        form_errors(request, form)
    return redirect("rewards:meeting-list", slug=slug)


@role_required(OFFICER, COUNCIL)
def meeting_create(request, slug: str):
    campaign = campaign_get_for(request.user, slug)
    members = list(CouncilMember.objects.filter(campaign=campaign))
    # The meeting the latest invitation called: its day, hour and place, as the paper states them.
    invitation = CouncilConvocation.objects.filter(campaign=campaign).first()
    initial = (
        {"held_on": invitation.meeting_on, "place": invitation.place, "started_at": invitation.meeting_at}
        if invitation
        else {}
    )
    form = MeetingForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form=form) as call:
            meeting = services.meeting_create(
                actor=request.user,
                campaign=campaign,
                held_on=data["held_on"],
                place=data["place"],
                method=data["method"],
                attendance=form.attendance(),
                quorum_numerator=data["quorum_numerator"],
                quorum_denominator=data["quorum_denominator"],
                started_at=data["started_at"],
            )
        if call.ok:
            messages.success(request, "Đã mở cuộc họp; Hội đồng đủ số thành viên để xét.")
            return redirect("rewards:meeting-detail", slug=slug, pk=meeting.pk)
    return render(request, "rewards/meeting_form.html", {"campaign": campaign, "form": form, "members": members})


@role_required(*VIEWERS)
def meeting_detail(request, slug: str, pk: int):
    campaign, meeting = get_meeting(request, slug, pk)
    seat = council_seat(request.user, campaign)
    return render(
        request,
        "rewards/meeting_detail.html",
        {
            "campaign": campaign,
            "meeting": meeting,
            "data": selectors.meeting_detail(meeting, seat),
            "is_secretary": is_meeting_secretary(request.user, meeting),
            "is_chair": is_meeting_chair(request.user, meeting),
            "may_close": may_close_meeting(request.user, meeting),
            "seat": seat,
            "tally_form": TallyForm(),
            "tellers_form": TellersForm(meeting=meeting),
            "minutes_form": MinutesForm(
                initial={
                    "started_at": meeting.started_at,
                    "ended_at": meeting.ended_at,
                    "discussion": meeting.discussion,
                    "version": meeting.version,
                }
            ),
        },
    )


@role_required(*VIEWERS)
def meeting_minutes(request, slug: str, pk: int):
    campaign, meeting = get_meeting(request, slug, pk)
    return render(
        request,
        "rewards/meeting_minutes.html",
        {"campaign": campaign, "meeting": meeting, "minutes": selectors.meeting_minutes(meeting)},
    )


def _require_secretary(request, meeting) -> None:
    if not is_meeting_secretary(request.user, meeting):
        raise PermissionDenied("Chỉ thư ký Hội đồng thực hiện thao tác này.")


@role_required(OFFICER, COUNCIL)
@require_POST
def meeting_tellers(request, slug: str, pk: int):
    """The Ban kiểm phiếu the council elected at a paper-ballot meeting, recorded by the secretary."""
    _campaign, meeting = get_meeting(request, slug, pk)
    _require_secretary(request, meeting)
    form = TellersForm(request.POST, meeting=meeting)
    if form.is_valid():
        run(
            request,
            services.meeting_tellers_elect,
            "Đã ghi Ban kiểm phiếu.",
            meeting=meeting,
            head=form.cleaned_data["head"],
            members=list(form.cleaned_data["members"]),
        )
    else:
        form_errors(request, form)
    return redirect("rewards:meeting-detail", slug=slug, pk=meeting.pk)


@role_required(OFFICER, COUNCIL)
@require_POST
def ballot_tally(request, slug: str, pk: int):
    _campaign, ballot = get_ballot(request, slug, pk)
    _require_secretary(request, ballot.meeting)
    form = TallyForm(request.POST)
    if form.is_valid():
        run(request, services.ballot_tally, "Đã ghi kết quả kiểm phiếu.", ballot=ballot, **form.cleaned_data)
    else:
        form_errors(request, form)
    return redirect("rewards:meeting-detail", slug=slug, pk=ballot.meeting_id)


@role_required(*COMMUNE_ROLES)
@require_POST
def ballot_vote(request, slug: str, pk: int):
    campaign, ballot = get_ballot(request, slug, pk)
    if council_seat(request.user, campaign) is None:
        raise PermissionDenied("Chỉ thành viên Hội đồng được bỏ phiếu.")
    form = VoteForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.ballot_cast,
            "Đã ghi nhận phiếu kín của bạn.",
            ballot=ballot,
            agree=form.cleaned_data["choice"] == "agree",
        )
    else:
        form_errors(request, form)
    return redirect("rewards:meeting-detail", slug=slug, pk=ballot.meeting_id)


@role_required(OFFICER, COUNCIL)
@require_POST
def ballot_correct(request, slug: str, pk: int):
    _campaign, ballot = get_ballot(request, slug, pk)
    _require_secretary(request, ballot.meeting)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.ballot_correct,
            "Đã sửa số phiếu; kết quả đã tính lại.",
            ballot=ballot,
            **form.cleaned_data,
        )
    else:
        form_errors(request, form)
    return redirect("rewards:meeting-detail", slug=slug, pk=ballot.meeting_id)


@role_required(OFFICER, COUNCIL)
@require_POST
def meeting_minutes_save(request, slug: str, pk: int):
    _campaign, meeting = get_meeting(request, slug, pk)
    _require_secretary(request, meeting)
    form = MinutesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run(
            request,
            services.meeting_minutes_record,
            "Đã ghi biên bản cuộc họp.",
            meeting=meeting,
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            discussion=data["discussion"],
            expected_version=data["version"],
        )
    else:
        form_errors(request, form)
    return redirect("rewards:meeting-detail", slug=slug, pk=pk)


@role_required(*COMMUNE_ROLES)
@require_POST
def meeting_close(request, slug: str, pk: int):
    _campaign, meeting = get_meeting(request, slug, pk)
    if not may_close_meeting(request.user, meeting):
        raise PermissionDenied("Chỉ Chủ tịch Hội đồng hoặc Thư ký Hội đồng kết thúc cuộc họp.")
    run(
        request, services.meeting_close, "Đã kết thúc cuộc họp; danh sách đã trình Chủ tịch phê duyệt.", meeting=meeting
    )
    return redirect("rewards:meeting-detail", slug=slug, pk=pk)
