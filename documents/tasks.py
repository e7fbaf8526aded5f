"""Jobs of the documents app: rendering documents (never in a request)."""

from __future__ import annotations

from celery import shared_task

from documents.models import GeneratedDocument
from tanbinh_portal.scoping import commune_scope, scope_of_row
from tanbinh_portal.tasks_dispatch import RETRY_ON_TRANSIENT


# The task keeps the name it had in campaigns: a message queued before the move still finds it after a deploy.
@shared_task(name="campaigns.tasks.render_document", bind=True, acks_late=True, **RETRY_ON_TRANSIENT)
def render_document(self, document_id: int) -> str | None:
    """Render a queued :class:`GeneratedDocument`; a second run finds it claimed and does nothing.

    A transient error puts the document back in the queue and the task retries with back-off; on the
    last try the document is marked failed instead, so it never stays "queued" for ever.
    """
    from documents.services import document_render  # documents.services queues this task: a cycle

    last_try = self.request.retries >= (self.max_retries or 0)
    with commune_scope(scope_of_row(GeneratedDocument, document_id) or []):
        document = document_render(document_id=document_id, give_up_on_transient=last_try)
    return document.status if document else None
