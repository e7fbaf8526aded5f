"""The portal's roles, held per place: a user is chairman of one commune, reviewer at one district…

The role names are the official Vietnamese titles, shown as they are to users; code refers to them
through the constants below. Who holds which role where is data of the campaigns app
(``campaigns.models.RoleAssignment``); this module cannot import it (``tanbinh_portal`` imports from no
app), so campaigns registers the resolver in its ``ready()`` (:func:`register_role_resolver`).

Django groups carry no role: they remain only for the read-only admin's view permissions.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser, User

from tanbinh_portal.service_errors import NotPermitted

CHAIRMAN = "Chủ tịch UBND xã"
VICE_CHAIRMAN = "Phó Chủ tịch UBND xã"
OFFICER = "Công chức Văn phòng – Thống kê"
COUNCIL = "Thành viên Hội đồng Thi đua – Khen thưởng"
ONE_STOP = "Cán bộ Bộ phận Một cửa"
STAFF = "Cán bộ, công chức"
COMMUNE_ADMIN = "Quản trị tài khoản xã"
DISTRICT = "Phòng Nội vụ huyện"
# The province's reviewer: Sở Nội vụ / Ban Thi đua – Khen thưởng, the receiving level from 01/07/2025.
PROVINCE = "Sở Nội vụ tỉnh"

ALL_ROLES: tuple[str, ...] = (
    CHAIRMAN,
    VICE_CHAIRMAN,
    OFFICER,
    COUNCIL,
    ONE_STOP,
    STAFF,
    COMMUNE_ADMIN,
    DISTRICT,
    PROVINCE,
)
# Everyone who works for the commune (held at a commune; the district and province are outside).
COMMUNE_ROLES: tuple[str, ...] = (CHAIRMAN, VICE_CHAIRMAN, OFFICER, COUNCIL, ONE_STOP, STAFF, COMMUNE_ADMIN)
LEADERS: tuple[str, ...] = (CHAIRMAN, VICE_CHAIRMAN)
MANAGERS: tuple[str, ...] = (CHAIRMAN, VICE_CHAIRMAN, OFFICER)
# The levels that receive the communes' papers (held at a district or at the province).
RECEIVERS: tuple[str, ...] = (DISTRICT, PROVINCE)

# ``resolver(user, at)``: the role names ``user`` holds at the commune ``at``, or at their current place
# when ``at`` is None (the place chosen in the session, else their only or first place).
RoleResolver = Callable[[User, object | None], frozenset[str]]
_resolver: RoleResolver | None = None


def register_role_resolver(resolver: RoleResolver) -> None:
    global _resolver
    _resolver = resolver


def roles_of(user: User | AnonymousUser, *, at=None) -> set[str]:
    """The role names a user holds at their current place (or at the commune ``at``), nothing more.

    Being a superuser gives no commune role. Site administration (the Django admin) and commune work
    are separate: a superuser that could sign the district bundle with the commune's certificate or
    record the district's receipt would let one technical account act as the chairman and the district.
    """
    if user is None or not user.is_authenticated or _resolver is None:
        return set()
    return set(_resolver(user, at))


def has_role(user: User | AnonymousUser, *roles: str, at=None) -> bool:
    """Whether ``user`` holds one of ``roles`` at their current place, or at the commune ``at``."""
    return bool(roles_of(user, at=at) & set(roles))


def require_role(actor, *roles: str, message: str, at=None) -> None:
    """Refuse with :class:`~tanbinh_portal.service_errors.NotPermitted` unless ``actor`` holds a role
    (at the commune ``at`` when given: the commune of the object the service acts on).

    For services: the view's ``role_required`` is the first check; this one holds when the service is
    called from anywhere else (a command, a task, another service, a test).
    """
    if actor is None or not has_role(actor, *roles, at=at):
        raise NotPermitted(message)
