"""Where a user works: the places they hold roles at, the current one, and the roles resolver.

A place is a commune, a district or a province at which the user holds at least one active
:class:`~campaigns.models.RoleAssignment`. The current place is kept in the session
(:data:`SESSION_KEY`, chosen on the ``place-switch`` page); with a single place it is that one.
``tanbinh_portal.roles`` asks :func:`roles_at` (registered in ``CampaignsConfig.ready``) which roles a
user holds at their current place, or at an object's commune.

The user's active assignments are read once per user object (one query, places included) and kept on
it, as the roles were before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from campaigns.models import Commune, District, Province, RoleAssignment
from tanbinh_portal.roles import ALL_ROLES, DISTRICT, PROVINCE

SESSION_KEY = "portal_place"
COMMUNE, DISTRICT_KIND, PROVINCE_KIND = "commune", "district", "province"
_KIND_ORDER = {COMMUNE: 0, DISTRICT_KIND: 1, PROVINCE_KIND: 2}


@dataclass(frozen=True)
class Place:
    """One place a user works at and the roles they hold there."""

    kind: str  # "commune" | "district" | "province"
    commune: Commune | None
    district: District | None
    province: Province | None
    roles: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """How the session names this place: ``commune:12``."""
        return f"{self.kind}:{self.obj.pk}"

    @property
    def obj(self) -> Commune | District | Province:
        return self.commune or self.district or self.province

    @property
    def name(self) -> str:
        return self.commune.place_name if self.commune is not None else str(self.obj)

    @property
    def ended(self) -> bool:
        """A commune merged away (``valid_until`` set): its history stays open, after the places of today."""
        return self.commune is not None and self.commune.valid_until is not None

    @property
    def label(self) -> str:
        """What the header shows: “Xã Tân Bình · Chủ tịch UBND xã”."""
        return f"{self.name} · {', '.join(self.roles)}"

    def __str__(self) -> str:
        return self.label


def _assignments(user) -> list[RoleAssignment]:
    cached = getattr(user, "_portal_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user, withdrawn_at__isnull=True)
            .select_related("commune__district", "commune__province", "district__province", "province")
            .order_by("id")
        )
        user._portal_assignments = cached
    return cached


_UNSET = object()


def forget_roles(user) -> None:
    """Drop what this user object remembers of its roles and place (after a grant or a withdrawal)."""
    for name in ("_portal_assignments", "_portal_place"):
        # delattr, not __dict__: request.user is a lazy object that passes attributes to the user
        if getattr(user, name, _UNSET) is not _UNSET:
            delattr(user, name)


def places_of(user) -> list[Place]:
    """Every place the user holds a role at: communes first (those of today before merged ones), then
    districts, then the province, by name."""
    if user is None or not user.is_authenticated:
        return []
    by_key: dict[tuple[str, int], list[RoleAssignment]] = {}
    for assignment in _assignments(user):
        kind = COMMUNE if assignment.commune_id else DISTRICT_KIND if assignment.district_id else PROVINCE_KIND
        by_key.setdefault((kind, assignment.place.pk), []).append(assignment)
    places = []
    for (kind, _pk), rows in by_key.items():
        first = rows[0]
        roles = tuple(sorted({r.role for r in rows}, key=ALL_ROLES.index))
        if kind == COMMUNE:
            commune = first.commune
            places.append(Place(kind, commune, commune.district, commune.province, roles))
        elif kind == DISTRICT_KIND:
            places.append(Place(kind, None, first.district, first.district.province, roles))
        else:
            places.append(Place(kind, None, None, first.province, roles))
    # The first place is where a login lands: a commune of today before a merged one of the same name.
    return sorted(places, key=lambda p: (_KIND_ORDER[p.kind], p.ended, p.name, p.obj.pk))


def place_choose(user, key: str | None) -> Place | None:
    """The place named ``key`` (a session value) if the user holds it, else their first place (or None)."""
    places = places_of(user)
    chosen = next((p for p in places if p.key == key), None) if key else None
    place = chosen or (places[0] if places else None)
    if user is not None and user.is_authenticated:
        user._portal_place = place
    return place


def current_place(user) -> Place | None:
    """The place set for this user object (by the middleware from the session), else their first."""
    if user is None or not user.is_authenticated:
        return None
    place = getattr(user, "_portal_place", _UNSET)  # not __dict__: request.user is a lazy object
    if place is not _UNSET:
        return place
    return place_choose(user, None)


def roles_at(user, at: Commune | None) -> frozenset[str]:
    """The resolver of ``tanbinh_portal.roles``: roles at the current place, or at the commune ``at``.

    At a commune a user holds the commune roles given there, the district reviewer's role when it was
    given at the commune's district, the province reviewer's when given at its province.
    """
    if at is None:
        place = current_place(user)
        return frozenset(place.roles) if place is not None else frozenset()
    held = set()
    for a in _assignments(user):
        if (
            (a.commune_id is not None and a.commune_id == at.pk)
            or (a.role == DISTRICT and a.district_id is not None and a.district_id == at.district_id)
            or (a.role == PROVINCE and a.province_id is not None and a.province_id == at.province_id)
        ):
            held.add(a.role)
    return frozenset(held)
