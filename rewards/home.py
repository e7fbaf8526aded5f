"""Home-page tasks from rewards: what each actor of the award round has to do next."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from campaigns.models import CampaignStatus
from rewards.models import (
    ApprovalRound,
    ApprovalStatus,
    BallotItem,
    BallotMethod,
    MeetingStatus,
    Nomination,
    NominationStatus,
    SummaryReport,
    SummaryStatus,
)
from tanbinh_portal.home import HomeTask
from tanbinh_portal.roles import CHAIRMAN, COUNCIL, DISTRICT, OFFICER, has_role


def rewards_home_tasks(user) -> list[HomeTask]:
    if not user.is_authenticated:
        return []
    tasks: list[HomeTask] = []
    S = NominationStatus
    # A summarised campaign is finished: what is left in it (an ineligible nomination nobody took up)
    # is no longer a task, so it leaves the home pages like the campaign's other tasks do.
    per_campaign = (
        Nomination.objects.exclude(campaign__status=CampaignStatus.SUMMARISED)
        .values("campaign__slug", "campaign__title")
        .annotate(
            submitted=Count("id", filter=Q(status=S.SUBMITTED)),
            ineligible=Count("id", filter=Q(status=S.SUBMITTED, is_eligible=False, override_reason="")),
            accepted=Count("id", filter=Q(status=S.ACCEPTED)),
            proposed=Count("id", filter=Q(status=S.PROPOSED)),
            mine_returned=Count("id", filter=Q(status=S.RETURNED, proposed_by=user)),
        )
        .order_by("campaign__slug")
    )
    pending = set(ApprovalRound.objects.filter(status=ApprovalStatus.PENDING).values_list("campaign__slug", flat=True))
    for row in per_campaign:
        slug, title = row["campaign__slug"], row["campaign__title"]
        listing = reverse("rewards:nomination-list", args=[slug])
        if has_role(user, OFFICER) and row["submitted"]:
            tasks.append(
                HomeTask(
                    title, f"{row['submitted']} đề nghị khen thưởng chờ tiếp nhận.", listing, "warning", "Xem đề nghị"
                )
            )
        if has_role(user, CHAIRMAN) and row["ineligible"]:
            tasks.append(
                HomeTask(
                    title,
                    f"{row['ineligible']} đề nghị chưa đủ điều kiện chờ Chủ tịch xem xét.",
                    listing,
                    "warning",
                    "Xem",
                )
            )
        if has_role(user, COUNCIL, OFFICER) and row["accepted"]:
            tasks.append(
                HomeTask(
                    title,
                    f"{row['accepted']} đề nghị chờ Hội đồng xét.",
                    reverse("rewards:meeting-list", args=[slug]),
                    "primary",
                    "Họp Hội đồng",
                )
            )
        if has_role(user, DISTRICT) and row["proposed"]:
            tasks.append(
                HomeTask(title, f"{row['proposed']} đề nghị khen thưởng xã gửi lên.", listing, "primary", "Xem")
            )
        if row["mine_returned"]:
            tasks.append(
                HomeTask(
                    title,
                    f"{row['mine_returned']} đề nghị của bạn bị trả lại để bổ sung.",
                    listing,
                    "danger",
                    "Bổ sung",
                )
            )
        if has_role(user, CHAIRMAN) and slug in pending:
            tasks.append(
                HomeTask(
                    title,
                    "Danh sách Hội đồng đề nghị chờ phê duyệt.",
                    reverse("rewards:approval", args=[slug]),
                    "warning",
                    "Phê duyệt",
                )
            )
    if has_role(user, CHAIRMAN):
        for report in SummaryReport.objects.filter(status=SummaryStatus.SUBMITTED).select_related("campaign"):
            tasks.append(
                HomeTask(
                    report.campaign.title,
                    "Báo cáo tổng kết phong trào thi đua chờ Chủ tịch duyệt.",
                    reverse("documents:summary-report", args=[report.campaign.slug]),
                    "warning",
                    "Duyệt báo cáo",
                )
            )
    if not has_role(user, DISTRICT):
        tasks.extend(_ballots_waiting_for(user))
    return tasks


def _ballots_waiting_for(user) -> list[HomeTask]:
    """Open online ballots of a meeting the user attends and has not voted on yet (one query). Depends
    only on the user's own participation, never on anyone's choice."""
    waiting = (
        BallotItem.objects.filter(
            closed=False,
            meeting__status=MeetingStatus.OPEN,
            meeting__method=BallotMethod.ONLINE,
            meeting__attendance__member__user=user,
            meeting__attendance__present=True,
        )
        .exclude(participations__member__user=user)
        .values("meeting_id", "meeting__campaign__slug", "meeting__campaign__title")
        .annotate(count=Count("id", distinct=True))
        .order_by("meeting_id")
    )
    return [
        HomeTask(
            row["meeting__campaign__title"],
            f"{row['count']} phiếu kín trực tuyến đang chờ bạn bỏ phiếu.",
            reverse("rewards:meeting-detail", args=[row["meeting__campaign__slug"], row["meeting_id"]]),
            "warning",
            "Bỏ phiếu",
        )
        for row in waiting
    ]
