from tanbinh_portal.broker import broker_available
from tanbinh_portal.navigation import nav_for
from tanbinh_portal.roles import CHAIRMAN, DISTRICT, MANAGERS, OFFICER, has_role, roles_of


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    place = getattr(request, "place", None)  # set by campaigns.middleware.PlaceMiddleware
    return {
        "current_place": place,
        "other_places": len(getattr(request, "places", ())) > 1,
        "user_roles": sorted(roles_of(user)),
        "is_manager": has_role(user, *MANAGERS),
        "is_officer": has_role(user, OFFICER),
        "is_chairman": has_role(user, CHAIRMAN),
        "is_district": has_role(user, DISTRICT),
        "nav_items": nav_for(user),
        "background_delayed": not broker_available(),
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
    }
