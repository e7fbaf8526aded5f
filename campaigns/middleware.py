"""``request.place``: where the signed-in user works on this request (``campaigns.places``)."""

from __future__ import annotations

from campaigns.places import SESSION_KEY, place_choose


class PlaceMiddleware:
    """Sets ``request.place`` (None for an anonymous user or one without a role anywhere) from the place
    kept in the session; a user with one place has it without choosing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.place = place_choose(user, request.session.get(SESSION_KEY))
        else:
            request.place = None
        return self.get_response(request)
