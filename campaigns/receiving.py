"""The name of the body that receives a commune's papers at a place: "Phòng Nội vụ huyện Tân Biên" at a
district, "Sở Nội vụ tỉnh Tây Ninh" at the province (what the inbox, the notifications and the exports
of the receiving level write)."""

from __future__ import annotations

from campaigns.models import District, Province


def receiving_body(place: District | Province) -> str:
    if isinstance(place, District):
        return f"Phòng Nội vụ huyện {place.name}"
    return f"Sở Nội vụ tỉnh {place.name}"


def receiving_body_of(request_place) -> str:
    """The same for a request's place (``campaigns.places.Place``); "" at a commune or without a place."""
    if request_place is None or request_place.kind == "commune":
        return ""
    return receiving_body(request_place.district if request_place.kind == "district" else request_place.province)
