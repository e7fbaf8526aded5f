"""Storage for files only the portal serves (evidence files): outside MEDIA_ROOT, without a URL.

Nothing under ``PRIVATE_FILES_ROOT`` is ever reachable by a web server path; a view reads a file after
checking who asks (rewards.views.evidence_files). The root is read at each use, so tests (and a
changed setting) move it without a new migration.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="tanbinh_portal.private_storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def file_permissions_mode(self) -> int:
        return 0o600

    @property
    def directory_permissions_mode(self) -> int:
        return 0o700

    def url(self, name: str) -> str:
        raise ValueError("Private files have no URL: they are served by a permission-checked view.")
