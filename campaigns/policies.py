"""Object-level access rules for campaigns, shared by views and services."""

from __future__ import annotations

from campaigns.models import Campaign, CampaignStatus, Person, Unit
from tanbinh_portal.roles import CHAIRMAN, COMMUNE_ROLES, DISTRICT, MANAGERS, OFFICER, PROVINCE, has_role

# Who may do what to a campaign, checked by the views' decorators and again by the services
# (``tanbinh_portal.roles.require_role``), with the message the refusal shows.
PLAN_EDITORS_ONLY = "Chỉ công chức Văn phòng – Thống kê soạn và sửa kế hoạch thi đua."
ORGANISATION_EDITORS_ONLY = "Chỉ công chức Văn phòng – Thống kê cập nhật danh sách tập thể, cán bộ."
PLAN_DECIDERS_ONLY = "Chỉ Chủ tịch UBND xã phát động, kết thúc hoặc tổng kết phong trào thi đua."
MONTHLY_FIELD_EDITORS = (OFFICER, CHAIRMAN)
MONTHLY_FIELD_EDITORS_ONLY = "Chỉ công chức Văn phòng – Thống kê hoặc Chủ tịch UBND xã xác định số liệu tháng."
NEXT_YEAR_COPIERS = (OFFICER, CHAIRMAN)
NEXT_YEAR_COPIERS_ONLY = "Chỉ công chức Văn phòng – Thống kê hoặc Chủ tịch UBND xã tạo kế hoạch năm sau."


def person_of(user) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def can_register_for(user, registrant: Unit | Person) -> bool:
    """The officer registers anyone; a person registers themself; a unit head registers the unit."""
    if has_role(user, OFFICER, at=registrant.commune):
        return True
    if not has_role(user, *COMMUNE_ROLES, at=registrant.commune):
        return False
    me = person_of(user)
    if me is None:
        return False
    if isinstance(registrant, Person):
        return registrant.pk == me.pk
    return registrant.head_id == me.pk


def can_view_campaign(user, campaign: Campaign) -> bool:
    """Commune staff see every campaign; managers see drafts; the district sees launched plans only.

    The plan's nơi nhận includes the district, so a launched plan counts as submitted to it.
    """
    if has_role(user, *MANAGERS, at=campaign.commune):
        return True
    if campaign.status == CampaignStatus.DRAFT:
        return False
    return has_role(user, *COMMUNE_ROLES, DISTRICT, PROVINCE, at=campaign.commune)
