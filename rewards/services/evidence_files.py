"""Evidence files of a nomination: attach, replace, remove (before submission) and download, all audited.

The kind is decided by the content (``tanbinh_portal.filekinds.attachment_kind``), never by the name;
the stored name is random with the extension of that kind, so nothing the user typed reaches a path.
"""

from __future__ import annotations

import hashlib
import secrets
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction

from campaigns.models import Criterion, CriterionKind
from rewards.models import EvidenceFile, Nomination
from rewards.models.attachments import size_text
from rewards.policies import EDITABLE
from rewards.services.common import lock
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.filekinds import ATTACHMENT_KINDS, AttachmentRefused, attachment_kind
from tanbinh_portal.roles import OFFICER, has_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.text import clean_line, drop_control_characters, one_line

# Names people give these files that are still right for the kind (anything else takes the kind's own).
KEPT_EXTENSIONS = {
    "jpeg": {"jpg", "jpeg"},
    "tiff": {"tif", "tiff"},
    "heic": {"heic", "heif"},
    "ole": {"doc", "xls", "ppt"},
}


def _stored_name(original: str, kind: str) -> str:
    """The name shown and offered on download: the user's, with an extension that matches the content."""
    # Named by the user's system, not typed: control characters are dropped rather than refused.
    name = one_line(drop_control_characters(PurePath(original.replace("\\", "/")).name))[:200] or "tep-minh-chung"
    stem, dot, extension = name.rpartition(".")
    extension = extension.lower() if dot else ""
    if extension in KEPT_EXTENSIONS.get(kind, {ATTACHMENT_KINDS[kind][1]}):
        return name
    return f"{stem if dot else name}.{ATTACHMENT_KINDS[kind][1]}"


def _checked_upload(upload) -> tuple[str, str, int, str]:
    """(kind, shown name, size, sha256) of an acceptable upload; a ServiceError saying why not."""
    if upload is None:
        raise ServiceError("Hãy chọn tệp minh chứng để tải lên.", code="no_file")
    limit = settings.EVIDENCE_FILE_MAX_BYTES
    if upload.size > limit:
        raise ServiceError(
            f"Tệp “{upload.name}” nặng {size_text(upload.size)}, quá giới hạn {size_text(limit)}. Hãy quét "
            "với độ phân giải thấp hơn (200 dpi là đủ) hoặc chia thành nhiều tệp.",
            code="too_large",
        )
    if upload.size == 0:
        raise ServiceError(f"Tệp “{upload.name}” trống (0 byte).", code="empty")
    try:
        kind = attachment_kind(upload)
    except AttachmentRefused as error:
        raise ServiceError(f"Không nhận tệp “{upload.name}”: {error}", code="wrong_kind") from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return kind, _stored_name(upload.name, kind), upload.size, digest.hexdigest()


def _check_editable(actor: User, nomination: Nomination, doing: str) -> None:
    """The proposer or the officer, while the nomination is a draft or returned (as for its report)."""
    if not (has_role(actor, OFFICER, at=nomination.campaign.commune) or nomination.proposed_by_id == actor.pk):
        raise NotPermitted("Chỉ người lập đề nghị hoặc công chức Văn phòng – Thống kê được thay đổi tệp minh chứng.")
    if nomination.status not in EDITABLE:
        raise ServiceError(
            f"Không thể {doing}: đề nghị đang ở trạng thái “{nomination.get_status_display()}”, tệp minh chứng "
            "đã được chốt khi gửi.",
            code="frozen",
        )


def _check_criterion(nomination: Nomination, criterion: Criterion | None) -> None:
    if criterion is not None and (
        criterion.campaign_id != nomination.campaign_id or criterion.kind != CriterionKind.ASSESSED
    ):
        raise ServiceError(
            "Chỉ gắn tệp với nội dung thi đua do Hội đồng đánh giá của phong trào này.", code="wrong_criterion"
        )


def _store(record: EvidenceFile, upload, kind: str) -> None:
    """Write the upload under a random name with the kind's extension (the path holds nothing typed)."""
    upload.seek(0)
    record.file.save(f"{secrets.token_hex(16)}.{ATTACHMENT_KINDS[kind][1]}", File(upload), save=False)


@contextmanager
def _removed_on_failure(stored: list[str]):
    """Delete the files written in the block when it fails: a refused write leaves no file behind."""
    try:
        yield
    except BaseException:
        for name in stored:
            EvidenceFile._meta.get_field("file").storage.delete(name)
        raise


def evidence_file_add(
    *, actor: User, nomination: Nomination, upload, criterion: Criterion | None = None, description: str = ""
) -> EvidenceFile:
    """Attach a file to a draft or returned nomination (optionally for an assessed criterion)."""
    stored: list[str] = []
    with _removed_on_failure(stored), transaction.atomic():
        nomination = lock(nomination)
        _check_editable(actor, nomination, "thêm tệp minh chứng")
        _check_criterion(nomination, criterion)
        if nomination.evidence_files.count() >= settings.EVIDENCE_FILES_PER_NOMINATION:
            raise ServiceError(
                f"Một đề nghị có tối đa {settings.EVIDENCE_FILES_PER_NOMINATION} tệp minh chứng; hãy gộp các "
                "trang quét vào một tệp PDF.",
                code="too_many",
            )
        kind, name, size, sha256 = _checked_upload(upload)
        record = EvidenceFile(
            nomination=nomination,
            criterion=criterion,
            description=clean_line(description)[:300],
            original_name=name,
            kind=kind,
            size=size,
            sha256=sha256,
            uploaded_by=actor,
        )
        _store(record, upload, kind)
        stored.append(record.file.name)
        record.save()
        audit_record(
            actor=actor, action=AuditAction.EVIDENCE_FILE_ADD, obj=record, changes={"file": [None, _describe(record)]}
        )
    return record


def _describe(record: EvidenceFile) -> str:
    return f"{record.original_name} ({record.kind_label}, {size_text(record.size)}, SHA-256 {record.sha256[:16]}…)"


def _lock_file(record: EvidenceFile) -> tuple[Nomination, EvidenceFile]:
    nomination = lock(record.nomination)
    return nomination, EvidenceFile.objects.select_for_update().get(pk=record.pk, nomination=nomination)


def _check_not_frozen(record: EvidenceFile, doing: str) -> None:
    if record.is_frozen:
        raise ServiceError(
            f"Không thể {doing} “{record.original_name}”: tệp đã được chốt khi đề nghị được gửi. Có thể thêm tệp "
            "mới khi đề nghị bị trả lại để bổ sung.",
            code="frozen",
        )


def evidence_file_replace(*, actor: User, record: EvidenceFile, upload) -> EvidenceFile:
    """Put a new file in place of one not yet frozen; the old file is deleted once the change is saved."""
    stored: list[str] = []
    with _removed_on_failure(stored), transaction.atomic():
        nomination, record = _lock_file(record)
        _check_editable(actor, nomination, "thay tệp minh chứng")
        _check_not_frozen(record, "thay")
        kind, name, size, sha256 = _checked_upload(upload)
        before, old_name = _describe(record), record.file.name
        record.kind, record.original_name, record.size, record.sha256 = kind, name, size, sha256
        _store(record, upload, kind)
        stored.append(record.file.name)
        record.uploaded_by = actor
        record.version += 1
        record.save()
        audit_record(
            actor=actor,
            action=AuditAction.EVIDENCE_FILE_REPLACE,
            obj=record,
            changes={"file": [before, _describe(record)]},
        )
        storage = record.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return record


def evidence_file_delete(*, actor: User, record: EvidenceFile) -> None:
    """Remove a file not yet frozen (its stored copy goes once the removal is saved)."""
    with transaction.atomic():
        nomination, record = _lock_file(record)
        _check_editable(actor, nomination, "xóa tệp minh chứng")
        _check_not_frozen(record, "xóa")
        audit_record(
            actor=actor,
            action=AuditAction.EVIDENCE_FILE_DELETE,
            obj=record,
            changes={"file": [_describe(record), None]},
        )
        name, storage = record.file.name, record.file.storage
        record.delete()
        transaction.on_commit(lambda: storage.delete(name))


def evidence_file_download(*, actor: User, record: EvidenceFile):
    """Open the stored file for reading, and record who downloaded it (the caller checked the access)."""
    handle = record.file.storage.open(record.file.name, "rb")
    audit_record(actor=actor, action=AuditAction.EVIDENCE_FILE_DOWNLOAD, obj=record)
    return handle


def evidence_files_freeze(*, nomination: Nomination, at) -> int:
    """Stamp the nomination's files as frozen (called by nomination_submit, inside its transaction)."""
    return EvidenceFile.objects.filter(nomination=nomination, frozen_at__isnull=True).update(frozen_at=at)
