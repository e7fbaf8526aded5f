"""A nomination's frozen evidence files for the documents: the annex list of the báo cáo thành tích and
the members the district bundle adds (``minh-chung/<NN-nominee>/<file>``) with their stored SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from documents.engine import DocumentFile
from documents.engine.bundle import BundleError
from documents.kinds.base import file_slug
from rewards.models import Nomination
from rewards.selectors import evidence_files_for

FOLDER = "minh-chung"
READ_CHUNK = 1024 * 1024


def frozen_evidence(nomination: Nomination) -> list:
    """The files frozen with the nomination when it was submitted (a submitted dossier holds no others)."""
    return [record for record in evidence_files_for(nomination) if record.is_frozen]


def evidence_lines(nomination: Nomination) -> list[tuple[str, str, str, str]]:
    """(file name, type, size, criterion) of each frozen evidence file, for the report's annex table."""
    return [
        (
            record.original_name,
            record.kind_label,
            record.size_display,
            f"Nội dung {record.criterion.order}" if record.criterion_id else "",
        )
        for record in frozen_evidence(nomination)
    ]


def evidence_bytes(nominations: list[Nomination]) -> int:
    """The stored size of every frozen evidence file the bundle of these nominations would carry."""
    return sum(record.size for nomination in nominations for record in frozen_evidence(nomination))


def _member_name(index: int, record) -> str:
    """ "03-bien-ban-hop-chi-bo.pdf": ASCII, numbered so that two files of one name stay distinct."""
    name = PurePosixPath(record.original_name)
    extension = file_slug(name.suffix.lstrip("."), default=record.kind or "bin")
    return f"{index:02d}-{file_slug(name.stem, default='tep')}.{extension}"


def _stored_bytes(record) -> bytes:
    """The file's bytes, checked against the SHA-256 stored when it was uploaded: a file changed on the
    server's disk is refused rather than sent to the district under the hash the portal recorded."""
    digest = hashlib.sha256()
    parts = []
    with record.file.open("rb") as stream:
        while chunk := stream.read(READ_CHUNK):
            digest.update(chunk)
            parts.append(chunk)
    if digest.hexdigest() != record.sha256:
        raise BundleError(
            f"Tệp minh chứng “{record.original_name}” của hồ sơ {record.nomination_id} trên máy chủ không còn "
            "khớp với mã SHA-256 ghi khi tải lên (tệp đã bị thay đổi). Hãy báo quản trị hệ thống kiểm tra "
            "trước khi tạo hồ sơ trình huyện."
        )
    return b"".join(parts)


def evidence_members(nominations: list[Nomination]) -> list[DocumentFile]:
    """Each nomination's frozen evidence files as bundle members, folders numbered like the báo cáo
    thành tích files (``bao-cao-thanh-tich/<NN-nominee>.pdf`` → ``minh-chung/<NN-nominee>/…``)."""
    members = []
    for number, nomination in enumerate(nominations, start=1):
        folder = f"{FOLDER}/{number:02d}-{file_slug(str(nomination.nominee))}"
        for index, record in enumerate(frozen_evidence(nomination), start=1):
            members.append(
                DocumentFile(
                    f"{folder}/{_member_name(index, record)}",
                    f"Minh chứng – {record.original_name}",
                    _stored_bytes(record),
                )
            )
    return members
