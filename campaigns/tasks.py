"""Jobs of the campaigns app: rendering documents (never in a request)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def render_document(document_id: int) -> str | None:
    """Render a queued :class:`GeneratedDocument`; a second run finds it claimed and does nothing."""
    from campaigns.document_services import document_render

    document = document_render(document_id=document_id)
    return document.status if document else None
