"""Writes for documents: generated documents (request, render, sign, receive; the tờ trình's number)
and the signing images the signed bundle shows."""

from documents.services.deadlines import deadline_announce
from documents.services.documents import (
    SIGNED_ELSEWHERE,
    document_mark_received,
    document_render,
    document_request,
    document_sign,
    submission_finalise,
)
from documents.services.receiving import (
    inbox_link,
    submission_link,
    submission_receive,
    submission_record_outcome,
    submission_return,
    submission_send,
)
from documents.services.signing_images import UPLOAD_ROLES, signing_image_delete, signing_image_upload

__all__ = [
    "SIGNED_ELSEWHERE",
    "UPLOAD_ROLES",
    "deadline_announce",
    "document_mark_received",
    "inbox_link",
    "document_render",
    "document_request",
    "document_sign",
    "signing_image_delete",
    "signing_image_upload",
    "submission_finalise",
    "submission_link",
    "submission_receive",
    "submission_record_outcome",
    "submission_return",
    "submission_send",
]
