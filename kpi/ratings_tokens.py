"""The token in a dossier's rating QR code: unguessable, bound to the dossier, valid for a while.

A token is ``<nonce>.<mac>``: the ticket's random nonce (16 bytes from ``secrets``, URL-safe base64)
and the first 16 bytes of an HMAC-SHA256 keyed with SECRET_KEY (``salted_hmac``) over the dossier's
id and the nonce. No id or sequence number appears in it; a token whose MAC does not match is refused
before it means anything, and a MAC made for one dossier fails for every other (docs/security.md,
"Public rating page"). Changing SECRET_KEY withdraws every printed code.

Validity (``token_problem``): from the dossier's reception until ``RATING_VALID_DAYS`` after the
result was returned (``returned_at``, else the result date when the log has no return time); a dossier
without a result keeps its code valid.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import secrets

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from kpi.models import Dossier, RatingTicket
from tanbinh_portal.scoping import all_communes

SALT = "kpi.ratings_tokens"
_PART = r"[A-Za-z0-9_-]{22}"
TOKEN_RE = re.compile(rf"^({_PART})\.({_PART})$")
# The longest a token can be: what the URL pattern and the page accept before any lookup.
TOKEN_LENGTH = 45


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def new_nonce() -> str:
    return _b64(secrets.token_bytes(16))


def _mac(dossier_id: int, nonce: str) -> str:
    return _b64(salted_hmac(SALT, f"{dossier_id}:{nonce}", algorithm="sha256").digest()[:16])


def token_for(ticket: RatingTicket) -> str:
    return f"{ticket.nonce}.{_mac(ticket.dossier_id, ticket.nonce)}"


def ticket_from_token(token: str) -> RatingTicket | None:
    """The ticket a token was made for, with its dossier; None for anything forged, altered or unknown."""
    match = TOKEN_RE.match(token or "")
    if match is None:
        return None
    nonce, mac = match.groups()
    # The code is the capability: its ticket is looked up across communes (a citizen has no place);
    # the caller then works in the ticket's commune (``commune_scope(ticket.commune_id)``).
    with all_communes():
        ticket = RatingTicket.objects.select_related("dossier").filter(nonce=nonce).first()
    if ticket is None or not constant_time_compare(mac, _mac(ticket.dossier_id, nonce)):
        return None
    return ticket


# The typeable code (docs/security.md, "Public rating page"): 10 symbols of Crockford's base32 (no I,
# L, O, U), 50 random bits, printed in two groups "ABCDE-FGHJK". Read case-insensitively, without
# spaces or hyphens, I and L as 1, O as 0: what a citizen types from paper.
SHORT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_LENGTH = 10
_TYPO = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))


def short_code_display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if code else ""


def normalise_short_code(typed: str) -> str | None:
    """What the citizen typed as a stored code, or None if it cannot be one (before any lookup)."""
    text = re.sub(r"[\s\-–—_.]", "", (typed or "")[:40]).upper().translate(_TYPO)
    if len(text) != SHORT_LENGTH or any(ch not in SHORT_ALPHABET for ch in text):
        return None
    return text


def ticket_from_short_code(typed: str) -> RatingTicket | None:
    code = normalise_short_code(typed)
    if code is None:
        return None
    with all_communes():
        return RatingTicket.objects.select_related("dossier").filter(short_code=code).first()


def valid_until(dossier: Dossier) -> dt.datetime | None:
    """The end of the token's validity, None while the dossier has no result."""
    returned = dossier.returned_at or dossier.result_at
    if returned is None and dossier.result_date is not None:
        returned = dt.datetime.combine(dossier.result_date, dt.time(23, 59), tzinfo=timezone.get_current_timezone())
    if returned is None:
        return None
    return returned + dt.timedelta(days=settings.RATING_VALID_DAYS)


def token_problem(dossier: Dossier, now: dt.datetime | None = None) -> str | None:
    """Why the dossier's code does not open its rating now (Vietnamese), or None."""
    now = now or timezone.now()
    if dossier.received_at > now:
        return "Hồ sơ này chưa được tiếp nhận: chưa thể đánh giá."
    until = valid_until(dossier)
    if until is not None and now > until:
        days = settings.RATING_VALID_DAYS
        return f"Mã đánh giá đã hết hạn: chỉ đánh giá được trong {days} ngày kể từ khi trả kết quả."
    return None


def other_channels(commune) -> dict:
    """Where a citizen whose code does not open the page can still give an opinion: the commune's
    one-stop counter (its address and phone, settings of the commune) and, if configured, the
    province's public-service portal and hotline. Template context for ``_rating_other_channels``."""
    return {
        "commune": commune,
        "province_portal": settings.RATING_PROVINCE_PORTAL_URL,
        "province_hotline": settings.RATING_PROVINCE_HOTLINE,
    }
