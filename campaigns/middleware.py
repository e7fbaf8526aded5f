"""``request.place`` (where the signed-in user works on this request, ``campaigns.places``) and the scope
every query of the request runs in (``tanbinh_portal.scoping``)."""

from __future__ import annotations

from django.urls import reverse

from campaigns.models import Commune
from campaigns.places import COMMUNE, DISTRICT_KIND, SESSION_KEY, Place, place_choose, places_of
from tanbinh_portal.scoping import all_communes, commune_scope


def visible_commune_ids(place: Place | None) -> list[int]:
    """The communes a place sees: itself; a district's communes; every commune of the province."""
    if place is None:
        return []
    if place.kind == COMMUNE:
        return [place.commune.pk]
    with all_communes():  # Commune is not scoped; said anyway, this runs before any scope
        if place.kind == DISTRICT_KIND:
            return list(Commune.objects.filter(district=place.district).values_list("pk", flat=True))
        return list(Commune.objects.filter(province=place.province).values_list("pk", flat=True))


class PlaceMiddleware:
    """Sets ``request.place`` (None for an anonymous user or one without a role anywhere) from the place
    kept in the session — a user with one place has it without choosing — and runs the rest of the
    request inside the scope of the communes that place sees (none for an anonymous user). The Django
    admin (read-only, for the site administrator) sees every commune."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.place = place_choose(user, request.session.get(SESSION_KEY))
            request.places = places_of(user)  # read from what place_choose loaded: no query
        else:
            request.place, request.places = None, []
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix):
            with all_communes():
                return self.get_response(request)
        with commune_scope(visible_commune_ids(request.place)):
            return self.get_response(request)
