"""Writes for documents: generated documents (request, render, sign, receive; the tờ trình's number)
and the signing images the signed bundle shows."""

from documents.services.documents import (
    SIGNED_ELSEWHERE,
    document_mark_received,
    document_render,
    document_request,
    document_sign,
    submission_finalise,
)
from documents.services.signing_images import UPLOAD_ROLES, signing_image_delete, signing_image_upload

__all__ = [
    "SIGNED_ELSEWHERE",
    "UPLOAD_ROLES",
    "document_mark_received",
    "document_render",
    "document_request",
    "document_sign",
    "signing_image_delete",
    "signing_image_upload",
    "submission_finalise",
]
