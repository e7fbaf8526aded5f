"""Refuse an oversized upload while it arrives, before Django writes it to memory or a temporary file.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count files: without this a view that checks
``upload.size`` in its form has already received (and stored) the whole body. A view that bounds its
upload is ``csrf_exempt`` outside and ``csrf_protect`` inside (Django's documented pattern), because the
upload handlers must be set before anything reads ``request.POST``:

    @csrf_exempt
    def view(request):
        bound_upload(request, limit)
        return _protected_view(request)
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024


class BoundedUploadHandler(FileUploadHandler):
    """Stops the upload as soon as a file passes ``limit`` bytes; marks the request ``upload_too_large``."""

    def __init__(self, request: HttpRequest, limit: int):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file


def bound_upload(request: HttpRequest, limit: int) -> bool:
    """Bound the upload of ``request`` to ``limit`` bytes; False (and nothing read) when its declared
    length is already too large. Call before anything touches ``request.POST`` or ``request.FILES``."""
    request.upload_too_large = False
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit + FORM_OVERHEAD:
        request.upload_too_large = True
        return False
    request.upload_handlers.insert(0, BoundedUploadHandler(request, limit))
    return True
