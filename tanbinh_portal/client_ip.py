"""The client's address as the portal sees it behind its reverse proxy.

Behind nginx every request comes from 127.0.0.1, so login throttling keyed on REMOTE_ADDR would put
every user behind one address: five wrong passwords from anyone would lock the chairman out for all.
The address is read from ``X-Forwarded-For`` only when the request comes from a proxy the operator
listed in ``TRUSTED_PROXIES`` (addresses or networks); anything else a client sends there is ignored,
so a client cannot pick the address it is throttled under.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """``["127.0.0.1", "10.0.0.0/8"]`` -> networks; a value that is no address stops the process."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {value!r} is not an IP address or network") from None
    return tuple(networks)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """The first address, from the right, that is not one of the trusted proxies.

    Each proxy appends the address it received the request from, so the chain is read from the right:
    the entries right of the client's were written by trusted proxies; entries further left were
    written by the client itself and prove nothing.
    """
    remote = _address(remote_addr)
    if remote is None or not _trusted(remote, trusted) or not forwarded_for:
        return remote_addr
    current = remote_addr
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            # Garbage cannot come from a trusted proxy: the last trusted hop saw this peer.
            return current
        current = str(address)
        if not _trusted(address, trusted):
            return current
    return current


@lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def client_ip(request) -> str:
    """For django-axes (``AXES_CLIENT_IP_CALLABLE``) and anything else that keys on the client."""
    return client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        _networks(tuple(settings.TRUSTED_PROXIES)),
    )
