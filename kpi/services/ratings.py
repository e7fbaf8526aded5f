"""Citizens' ratings: the desk issues a dossier's QR code, the citizen rates on the public page.

A rating is one set with the import's (``kpi.ratings``); each one written recomputes the campaigns in
which its dossier can count. Docs: docs/kpi.md ("Ratings: one set"), docs/security.md ("Public
rating page").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from kpi.models import CitizenRating, Dossier, Rating, RatingReason, RatingTicket
from kpi.ratings_tokens import new_nonce, new_short_code, ticket_from_token, token_problem
from kpi.services.compute import campaigns_touched
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.roles import OFFICER, ONE_STOP, require_role
from tanbinh_portal.scoping import all_communes
from tanbinh_portal.service_errors import ServiceError
from tanbinh_portal.tasks_dispatch import enqueue, enqueue_later
from tanbinh_portal.text import clean_text

DESK_ROLES = (ONE_STOP, OFFICER)
TOKEN_REFUSED = "Mã đánh giá không hợp lệ. Hãy quét lại mã QR trên giấy hẹn trả kết quả."  # nosec B105: a message


@transaction.atomic
def rating_ticket_issue(*, actor, dossier: Dossier) -> RatingTicket:
    """The dossier's QR ticket, created (and audited) the first time the desk prints or shows it."""
    require_role(actor, *DESK_ROLES, message="Chỉ Bộ phận Một cửa và Văn phòng – Thống kê in mã đánh giá.")
    ticket = RatingTicket.objects.filter(dossier=dossier).first()
    if ticket is not None:
        if not ticket.short_code:  # a ticket issued before the typeable code existed
            RatingTicket.objects.filter(pk=ticket.pk, short_code__isnull=True).update(short_code=_free_short_code())
            ticket.refresh_from_db(fields=["short_code"])
        return ticket
    ticket, created = RatingTicket.objects.get_or_create(
        dossier=dossier,
        defaults={
            "commune_id": dossier.commune_id,
            "nonce": new_nonce(),
            "short_code": _free_short_code(),
            "issued_at": timezone.now(),
            "issued_by": actor,
        },
    )
    if created:
        audit_record(
            actor=actor, action=AuditAction.KPI_RATING_TICKET_ISSUED, obj=dossier, changes={"dossier": dossier.code}
        )
    return ticket


def _free_short_code() -> str:
    """A random typeable code no ticket holds (a clash of 50 random bits is all but impossible)."""
    with all_communes():
        while True:
            code = new_short_code()
            if not RatingTicket.objects.filter(short_code=code).exists():
                return code


@dataclass(frozen=True)
class RatingInput:
    level: int
    reasons: tuple[str, ...] = ()
    comment: str = ""


def _normalised(data: RatingInput) -> RatingInput:
    """Reasons and text only with "Không hài lòng"; the text as typed, NFC, bounded, without control
    characters (``clean_text``)."""
    if data.level not in Rating.values:
        raise ServiceError("Hãy chọn một mức độ hài lòng.", code="level", field="level")
    if data.level != Rating.DISSATISFIED:
        return RatingInput(level=data.level)
    unknown = set(data.reasons) - set(RatingReason.values)
    if unknown:
        raise ServiceError("Lý do không hợp lệ. Hãy tải lại trang.", code="reasons", field="reasons")
    comment = clean_text(data.comment)
    if len(comment) > CitizenRating._meta.get_field("comment").max_length:
        raise ServiceError("Ý kiến khác quá dài.", code="comment", field="comment")
    reasons = tuple(r for r in RatingReason.values if r in data.reasons)
    if not reasons and not comment:
        raise ServiceError(
            "Xin chọn ít nhất một lý do không hài lòng hoặc ghi ý kiến của ông/bà.", code="reasons", field="reasons"
        )
    return RatingInput(level=data.level, reasons=reasons, comment=comment)


def replace_deadline(rating: CitizenRating) -> dt.datetime:
    return rating.created_at + dt.timedelta(hours=settings.RATING_REPLACE_HOURS)


@transaction.atomic
def citizen_rating_submit(*, token: str, data: RatingInput, now: dt.datetime | None = None) -> CitizenRating:
    """Record the citizen's rating of the token's dossier, or replace it within the replace window."""
    now = now or timezone.now()
    ticket = ticket_from_token(token)
    if ticket is None:
        raise ServiceError(TOKEN_REFUSED, code="token")
    dossier = Dossier.objects.select_for_update().get(pk=ticket.dossier_id)
    problem = token_problem(dossier, now)
    if problem:
        raise ServiceError(problem, code="expired")
    data = _normalised(data)
    values = {
        "level": data.level,
        "harassment": RatingReason.HARASSMENT in data.reasons,
        "reasons": list(data.reasons),
        "comment": data.comment,
    }
    rating = CitizenRating.objects.filter(dossier=dossier).first()
    if rating is None:
        rating = CitizenRating.objects.create(commune_id=dossier.commune_id, dossier=dossier, created_at=now, **values)
        action = AuditAction.KPI_RATING_GIVEN
    else:
        if now > replace_deadline(rating):
            hours = settings.RATING_REPLACE_HOURS
            raise ServiceError(
                f"Hồ sơ này đã được đánh giá; chỉ được đánh giá lại trong {hours} giờ sau lần đánh giá đầu.",
                code="replace_closed",
            )
        for name, value in values.items():
            setattr(rating, name, value)
        rating.replaced_at = now
        rating.replace_count += 1
        rating.save()
        action = AuditAction.KPI_RATING_REPLACED
    # No comment in the audit row: what the citizen typed is read on the ratings page by CT and VP only.
    audit_record(actor=None, action=action, obj=dossier, changes={"level": data.level, "reasons": list(data.reasons)})
    _queue_recompute(dossier)
    return rating


def _queue_recompute(dossier: Dossier) -> None:
    from kpi.tasks import recompute_campaign  # kpi.tasks imports these services: a cycle

    days = [(dossier.received_date, dossier.result_date, dossier.result_date, dossier.result_date is None)]
    for campaign in campaigns_touched(commune_id=dossier.commune_id, days=days):
        transaction.on_commit(lambda pk=campaign.pk: _schedule(recompute_campaign, pk))


def _schedule(task, campaign_id: int) -> None:
    """One recompute per campaign for a burst of ratings: the first queues it ``delay`` seconds on, and
    the ratings committed before it runs are counted by it (their key exists no longer than the delay,
    so a later one queues the next). The nightly recompute_all catches anything a cache outage lost."""
    delay = settings.RATING_RECOMPUTE_DELAY_SECONDS
    if delay <= 0:
        enqueue(task, campaign_id)
        return
    try:
        first = cache.add(f"kpi:rating-recompute:{campaign_id}", 1, delay)
    except Exception:  # noqa: BLE001 - no cache: recompute for this rating, as without a delay
        first = True
    if first:
        enqueue_later(task, campaign_id, countdown=delay)
