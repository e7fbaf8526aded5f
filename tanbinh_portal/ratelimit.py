"""Fixed-window counters in the cache: how often one key (an address, a token) may do something.

Backed by ``settings.CACHES`` (Redis when REDIS_URL is set, so every gunicorn worker shares the
counts; per-process memory otherwise). Keys are hashed before they reach the cache: no client
address is stored in clear. A cache outage lets requests through rather than taking a page down.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(scope: str, subject: str) -> str:
    return f"ratelimit:{scope}:{hashlib.blake2b(subject.encode(), digest_size=12).hexdigest()}"


def rate_exceeded(scope: str, subject: str, *, limit: int, window: int) -> bool:
    """Count one more event of ``subject`` in ``scope``; True once more than ``limit`` in ``window`` s."""
    key = _key(scope, subject)
    try:
        if cache.add(key, 1, window):
            return limit < 1
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this is the first of a new window
            cache.add(key, 1, window)
            count = 1
    except Exception:  # noqa: BLE001 - a cache outage must not refuse citizens, nor break the page
        logger.warning("cache unavailable, rate limit %s not applied", scope, exc_info=True)
        return False
    return count > limit
