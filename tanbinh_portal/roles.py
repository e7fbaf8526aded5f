"""The portal's roles. Each role is a Django group created by a data migration.

The group names are the official Vietnamese titles, shown as they are to users; code refers to
them through the constants below.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from tanbinh_portal.service_errors import NotPermitted

CHAIRMAN = "Chủ tịch UBND xã"
VICE_CHAIRMAN = "Phó Chủ tịch UBND xã"
OFFICER = "Công chức Văn phòng – Thống kê"
COUNCIL = "Thành viên Hội đồng Thi đua – Khen thưởng"
ONE_STOP = "Cán bộ Bộ phận Một cửa"
STAFF = "Cán bộ, công chức"
DISTRICT = "Phòng Nội vụ huyện"

ALL_ROLES: tuple[str, ...] = (CHAIRMAN, VICE_CHAIRMAN, OFFICER, COUNCIL, ONE_STOP, STAFF, DISTRICT)
# Everyone who works for the commune (everyone but the district).
COMMUNE_ROLES: tuple[str, ...] = (CHAIRMAN, VICE_CHAIRMAN, OFFICER, COUNCIL, ONE_STOP, STAFF)
LEADERS: tuple[str, ...] = (CHAIRMAN, VICE_CHAIRMAN)
MANAGERS: tuple[str, ...] = (CHAIRMAN, VICE_CHAIRMAN, OFFICER)


def roles_of(user: User | AnonymousUser) -> set[str]:
    """The role names a user holds: the portal groups they belong to, nothing more.

    Being a superuser gives no commune role. Site administration (the Django admin) and commune work
    are separate: a superuser that could sign the district bundle with the commune's certificate or
    record the district's receipt would let one technical account act as the chairman and the district.
    """
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._portal_roles = cached
    return cached


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def require_role(actor, *roles: str, message: str) -> None:
    """Refuse with :class:`~tanbinh_portal.service_errors.NotPermitted` unless ``actor`` holds a role.

    For services: the view's ``role_required`` is the first check; this one holds when the service is
    called from anywhere else (a command, a task, another service, a test).
    """
    if actor is None or not has_role(actor, *roles):
        raise NotPermitted(message)
