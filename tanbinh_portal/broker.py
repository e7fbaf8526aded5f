"""Whether the task broker answers, checked at most every 30 seconds per process."""

from __future__ import annotations

import time

from django.conf import settings

_CACHE: dict[str, float | bool] = {"at": 0.0, "ok": True}
TTL_SECONDS = 30.0


def broker_available() -> bool:
    """True without Redis (the folder broker is a local directory) or when Redis answers a PING within 0.5 s."""
    if not settings.REDIS_URL:
        return True
    now = time.monotonic()
    if now - float(_CACHE["at"]) < TTL_SECONDS:
        return bool(_CACHE["ok"])
    import redis

    try:
        ok = bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5).ping())
    except (redis.RedisError, OSError):
        ok = False
    _CACHE.update(at=now, ok=ok)
    return ok
