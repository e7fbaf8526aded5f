"""Home-page tasks of the kpi app: the dashboard of each running campaign, the month to enter."""

from __future__ import annotations

from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus
from kpi.models import MonthlyReport, MonthStatus
from tanbinh_portal.home import HomeTask
from tanbinh_portal.periods import Month, local_today
from tanbinh_portal.roles import CHAIRMAN, COUNCIL, LEADERS, OFFICER, ONE_STOP, VICE_CHAIRMAN, has_role

READERS = (CHAIRMAN, VICE_CHAIRMAN, OFFICER, COUNCIL, ONE_STOP)


def kpi_home_tasks(user) -> list[HomeTask]:
    if not has_role(user, *READERS):
        return []
    tasks = []
    for campaign in Campaign.objects.filter(status=CampaignStatus.LAUNCHED):
        tasks.append(
            HomeTask(
                "Chỉ số cải cách hành chính",
                f"Tiến độ các chỉ tiêu của “{campaign.title}”.",
                reverse("kpi:dashboard", args=[campaign.slug]),
                "primary",
                "Xem",
            )
        )
        if has_role(user, *LEADERS):
            waiting = MonthlyReport.objects.filter(campaign=campaign, status=MonthStatus.SUBMITTED).count()
            if waiting:
                tasks.append(
                    HomeTask(
                        "Số liệu tháng chờ khóa",
                        f"{waiting} tháng đã gửi, chờ Chủ tịch/Phó Chủ tịch khóa.",
                        reverse("kpi:monthly-list", args=[campaign.slug]),
                        "warning",
                    )
                )
        if has_role(user, OFFICER):
            month = str(Month.of(local_today()))
            if (
                campaign.start_date <= local_today() <= campaign.end_date
                and not MonthlyReport.objects.filter(campaign=campaign, month=month).exists()
            ):
                tasks.append(
                    HomeTask(
                        "Nhập số liệu tháng",
                        f"Tháng {month[5:]}/{month[:4]} chưa có số liệu.",
                        reverse("kpi:monthly-edit", args=[campaign.slug, month]),
                        "warning",
                        "Nhập",
                    )
                )
    return tasks
