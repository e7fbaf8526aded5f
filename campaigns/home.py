"""Home-page tasks that come from campaigns: launching, registering, following registration."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus, Registration, Unit
from campaigns.policies import person_of
from tanbinh_portal.home import HomeTask
from tanbinh_portal.models import Notification
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import CHAIRMAN, COMMUNE_ROLES, DISTRICT, OFFICER, has_role


def campaign_home_tasks(user) -> list[HomeTask]:
    tasks: list[HomeTask] = []
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    if unread:
        tasks.append(
            HomeTask(
                "Thông báo mới",
                f"Bạn có {unread} thông báo chưa đọc.",
                reverse("notification-list"),
                "info",
                "Xem thông báo",
            )
        )
    campaigns = list(Campaign.objects.exclude(status=CampaignStatus.SUMMARISED).order_by("-start_date")[:5])
    for campaign in campaigns:
        tasks.extend(_tasks_for_campaign(user, campaign))
    if has_role(user, DISTRICT):
        tasks.append(
            HomeTask(
                "Hồ sơ xã gửi lên",
                "Các kế hoạch đã phát động và hồ sơ khen thưởng xã đã trình.",
                reverse("campaigns:campaign-list"),
                "secondary",
                "Xem",
            )
        )
    return tasks


def _tasks_for_campaign(user, campaign: Campaign) -> list[HomeTask]:
    tasks = []
    detail = reverse("campaigns:campaign-detail", args=[campaign.slug])
    if campaign.status == CampaignStatus.DRAFT:
        if has_role(user, OFFICER):
            tasks.append(
                HomeTask(
                    campaign.title,
                    "Kế hoạch đang là dự thảo: hoàn thiện nội dung rồi trình Chủ tịch.",
                    detail,
                    "warning",
                    "Hoàn thiện kế hoạch",
                )
            )
        if has_role(user, CHAIRMAN):
            tasks.append(
                HomeTask(
                    campaign.title,
                    "Kế hoạch dự thảo chờ Chủ tịch xem xét và phát động.",
                    detail,
                    "warning",
                    "Xem và phát động",
                )
            )
        return tasks
    if campaign.status == CampaignStatus.LAUNCHED:
        tasks.extend(_registration_tasks(user, campaign))
        if has_role(user, CHAIRMAN) and local_today() > campaign.end_date:
            tasks.append(
                HomeTask(
                    campaign.title,
                    "Đợt thi đua đã hết thời gian: kết thúc đợt để tổng kết.",
                    detail,
                    "warning",
                    "Kết thúc đợt",
                )
            )
    return tasks


def _registration_tasks(user, campaign: Campaign) -> list[HomeTask]:
    tasks = []
    register = reverse("campaigns:registration-home", args=[campaign.slug])
    me = person_of(user)
    if me is not None and has_role(user, *COMMUNE_ROLES):
        registered = Registration.objects.filter(campaign=campaign, person=me).exists()
        heads = Unit.objects.filter(head=me, is_active=True).annotate(
            done=Exists(Registration.objects.filter(campaign=campaign, unit=OuterRef("pk")))
        )
        pending_units = [u.name for u in heads if not u.done]
        if not registered or pending_units:
            who = ["bản thân"] if not registered else []
            who += [f"tập thể {name}" for name in pending_units]
            tasks.append(
                HomeTask(
                    campaign.title,
                    "Chưa đăng ký thi đua cho " + ", ".join(who) + ".",
                    register,
                    "primary",
                    "Đăng ký thi đua",
                )
            )
    if has_role(user, OFFICER):
        overview = reverse("campaigns:registration-overview", args=[campaign.slug])
        tasks.append(
            HomeTask(
                campaign.title,
                "Theo dõi đăng ký thi đua, nhắc các tập thể, cá nhân chưa đăng ký.",
                overview,
                "secondary",
                "Theo dõi đăng ký",
            )
        )
    return tasks
