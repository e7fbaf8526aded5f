"""Cached page fragments: the data-heavy part of a page rendered once per data version.

A fragment is rendered with ``render_to_string`` *without the request*: no context processor runs, so
it holds no user, role, message or CSRF token and can be shared by everyone allowed to see the page;
whatever differs per user stays in the page around it. The key names every input of the fragment: a
cheap data version chosen by the caller (e.g. the campaign's plan revision and the latest
``computed_at`` of its stored values) and a digest of the fragment's templates (a deploy that changes
a template never serves the old markup). Backend: ``settings.CACHES`` (Redis when REDIS_URL is set,
else per-process memory).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString

logger = logging.getLogger(__name__)

# A day at most: keys change with the data, this only bounds what unused versions occupy.
FRAGMENT_SECONDS = 24 * 3600


def _templates_digest(names: Iterable[str]) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for name in names:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


def fragment_key(template: str, version: Iterable, includes: Iterable[str] = ()) -> str:
    parts = ":".join(str(p) for p in version)
    return f"fragment:{template}:{_templates_digest([template, *includes])}:{parts}"


def cached_fragment(
    template: str, version: Iterable | None, context: Callable[[], dict], includes: Iterable[str] = ()
) -> SafeString:
    """``template`` rendered with ``context()``, from the cache when ``version`` was seen before.

    ``version`` None (no data version known) renders without caching. ``context`` is only called on
    a miss, so the queries behind it are skipped on a hit. ``includes``: templates it includes.
    """
    if version is None:
        return render_to_string(template, context())
    key = fragment_key(template, version, includes)
    try:
        html = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage (Redis down) must not take the page down
        logger.warning("cache unavailable, rendering %s uncached", template, exc_info=True)
        return render_to_string(template, context())
    if html is None:
        html = render_to_string(template, context())
        try:
            cache.set(key, html, FRAGMENT_SECONDS)
        except Exception:  # noqa: BLE001 - same: serve the page, just uncached
            logger.warning("cache unavailable, %s not stored", template, exc_info=True)
    # Our own template's output, escaped when it was rendered (the cache may hand back a plain str).
    return SafeString(html)  # nosec B703
