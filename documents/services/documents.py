"""Writes for generated documents: request a rendering, run it (in a task), sign, record receipt; and the
finalisation that gives the tờ trình its number (rendering never takes one)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
import zipfile
from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from campaigns.models import Campaign
from documents.engine import DocumentFile
from documents.engine.bundle import BundleError, sign_bundle
from documents.engine.signing import SigningError, pin_required
from documents.kinds import DocumentKind, get_kind
from documents.kinds.base import KindCode
from documents.kinds.submission import SYMBOL as SUBMISSION_SYMBOL
from documents.models import DocumentStatus, GeneratedDocument
from documents.sources.awards import proposed_nominations
from documents.sources.signing_images import signing_images_for
from rewards.models import IssuedNumber
from rewards.services import document_number_issue
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import CHAIRMAN, DISTRICT, has_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.tasks_dispatch import TRANSIENT_ERRORS, enqueue
from tanbinh_portal.transitions import require_state, transition

logger = logging.getLogger(__name__)


def _kind_or_error(code: str) -> DocumentKind:
    kind = get_kind(code)
    if kind is None:
        raise ServiceError("Không có loại văn bản này.", code="unknown_kind")
    return kind


def submission_finalise(*, actor: User, campaign: Campaign, issued_on: dt.date) -> IssuedNumber:
    """The chairman signs the tờ trình đề nghị khen thưởng: it takes the next number of the UBND's yearly
    series, dated ``issued_on``, in the caller's transaction (audited as ``document.number``).

    The series' checks hold: the date is not in the future, and a number is never dated before the one
    issued before it. Finalising again returns the number it already has; no number is consumed twice.
    """
    if not has_role(actor, CHAIRMAN, at=campaign.commune):
        raise NotPermitted("Chỉ Chủ tịch UBND xã ký tờ trình đề nghị khen thưởng.")
    if not proposed_nominations(campaign):
        raise ServiceError("Chưa có đề nghị nào gửi cấp trên: chưa có tờ trình để ký.", code="nothing")
    with transaction.atomic():
        return document_number_issue(
            actor=actor, campaign=campaign, code=KindCode.SUBMISSION, symbol=SUBMISSION_SYMBOL, issued_on=issued_on
        )


def document_request(*, actor: User, campaign: Campaign, kind: str, sign: bool | None = None) -> GeneratedDocument:
    """Queue a new version of ``kind`` for ``campaign``; the rendering runs in a task after commit.

    A ``signed`` kind (the district bundle) is the chairman's approval: signed unless ``sign=False`` is
    asked for, and the tờ trình it encloses is finalised (numbered, dated today) in the same transaction.
    """
    document_kind = _kind_or_error(kind)
    sign = document_kind.signed if sign is None else sign
    if not has_role(actor, *document_kind.generate_roles, at=campaign.commune):
        raise NotPermitted("Vai trò của bạn không được tạo văn bản này.")
    if not document_kind.available(campaign):
        raise ServiceError(f"Chưa đủ dữ liệu để tạo “{document_kind.title}”.", code="not_available")
    with transaction.atomic():
        # Lock the campaign row so two requests cannot take the same version number.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        if document_kind.signed and sign and proposed_nominations(campaign):
            submission_finalise(actor=actor, campaign=campaign, issued_on=local_today())
        last = GeneratedDocument.objects.filter(campaign=campaign, kind=kind).aggregate(v=Max("version"))["v"]
        document = GeneratedDocument.objects.create(
            campaign=campaign, kind=kind, version=(last or 0) + 1, sign=sign, created_by=actor
        )
        audit_record(
            actor=actor, action=AuditAction.DOCUMENT_REQUEST, obj=document, changes={"version": document.version}
        )
        transaction.on_commit(lambda: _enqueue_render(document.pk))
    return document


def _enqueue_render(document_id: int) -> None:
    from documents.tasks import render_document  # documents.tasks imports this module: a cycle

    enqueue(render_document, document_id)


def _package(kind: DocumentKind, files: list[DocumentFile]) -> tuple[str, bytes]:
    """One file as it is; several files as one ZIP named after the kind."""
    if len(files) == 1 and not kind.multi_file:
        return files[0].path.rsplit("/", 1)[-1], files[0].content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(item.path, item.content)
    return f"{kind.code}.zip", buffer.getvalue()


def _progress_setter(document_id: int) -> Callable[[int, int], None]:
    def set_progress(done: int, total: int) -> None:
        percent = min(99, int(done * 100 / max(total, 1)))
        GeneratedDocument.objects.filter(pk=document_id, status=DocumentStatus.RUNNING).update(progress=percent)

    return set_progress


def document_render(*, document_id: int, give_up_on_transient: bool = True) -> GeneratedDocument | None:
    """Render a queued document. Safe to run twice: only the run that claims the row renders.

    A transient error (database or network gone) releases the claim and is raised for the task to retry,
    unless ``give_up_on_transient`` (the task's last try, or a direct call): then the document fails.
    """
    claimed = GeneratedDocument.objects.filter(pk=document_id, status=DocumentStatus.QUEUED).update(
        status=DocumentStatus.RUNNING, started_at=timezone.now(), progress=1
    )
    if not claimed:
        return None
    document = GeneratedDocument.objects.select_related("campaign").get(pk=document_id)
    kind = get_kind(document.kind)
    try:
        if kind is None:
            raise ServiceError("Loại văn bản không còn được đăng ký.")
        # With a token (PKCS#11) the PIN is asked of the chairman on the page: render unsigned, sign there.
        sign_now = document.sign and not pin_required()
        files = kind.build(document.campaign, progress=_progress_setter(document_id), sign=sign_now)
        if not files:
            raise ServiceError("Không có tệp nào được tạo.")
        filename, content = _package(kind, files)
    except TRANSIENT_ERRORS:
        if not give_up_on_transient:
            with contextlib.suppress(*TRANSIENT_ERRORS):
                GeneratedDocument.objects.filter(pk=document_id, status=DocumentStatus.RUNNING).update(
                    status=DocumentStatus.QUEUED, progress=0
                )
            raise
        logger.exception("Rendering %s failed after its retries", document)
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED,
            error="Lỗi tạm thời (cơ sở dữ liệu hoặc mạng) kéo dài; hãy tạo lại văn bản sau ít phút.",
            finished_at=timezone.now(),
        )
        return GeneratedDocument.objects.get(pk=document_id)
    except Exception as error:  # noqa: BLE001 - any failure is shown to the user, the worker carries on
        logger.exception("Rendering %s failed", document)
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return GeneratedDocument.objects.get(pk=document_id)
    except BaseException as error:
        # Not an Exception (a library's BaseException, SystemExit, KeyboardInterrupt): the document still
        # ends failed with its reason instead of "running" forever; then the interruption goes on.
        logger.exception("Rendering %s interrupted", document)
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED,
            error=f"Việc tạo văn bản bị dừng giữa chừng ({type(error).__name__}); hãy tạo lại văn bản.",
            finished_at=timezone.now(),
        )
        raise
    with transaction.atomic():
        document.file.save(filename, ContentFile(content), save=False)
        document.filename = filename
        document.sha256 = hashlib.sha256(content).hexdigest()
        document.size = len(content)
        # The run claimed the row (QUEUED → RUNNING, a conditional update) above and owns it until here.
        document.status = DocumentStatus.DONE if sign_now or not document.sign else DocumentStatus.TO_SIGN
        document.progress = 100
        document.finished_at = timezone.now()
        if sign_now:
            document.signed_at, document.signed_by = document.finished_at, document.created_by
        document.save()
        audit_record(actor=None, action=AuditAction.DOCUMENT_RENDER, obj=document, changes={"sha256": document.sha256})
    return document


SIGNED_ELSEWHERE = "Hồ sơ đã được ký số ở một phiên khác."


def document_sign(*, actor: User, document: GeneratedDocument, pin: str) -> GeneratedDocument:
    """The chairman signs a rendered bundle with the token's PIN, in this request: the PIN goes to the
    token and nowhere else (no database, no queue, no log, no audit row)."""
    if not has_role(actor, CHAIRMAN, at=document.campaign.commune):
        raise NotPermitted("Chỉ Chủ tịch UBND xã ký số hồ sơ trình huyện.")
    if not _kind_or_error(document.kind).signed or document.status != DocumentStatus.TO_SIGN:
        raise ServiceError("Văn bản này không ở trạng thái chờ ký số.", code="not_to_sign")
    with document.file.open("rb") as stream:
        unsigned = stream.read()
    try:
        images = signing_images_for(document.campaign.commune, actor)  # the signer's own signature image only
        signed = sign_bundle(unsigned, pin=pin, location=document.campaign.place_name, images=images)
    except (SigningError, BundleError) as error:
        raise ServiceError(str(error), code="signing_failed") from None
    with transaction.atomic():
        locked = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        require_state(locked, [DocumentStatus.TO_SIGN], refusal=SIGNED_ELSEWHERE)
        old_sha, old_file = locked.sha256, locked.file.name
        locked.file.save(locked.filename, ContentFile(signed), save=False)
        locked.sha256 = hashlib.sha256(signed).hexdigest()
        locked.size = len(signed)
        transition(
            locked,
            to=DocumentStatus.DONE,
            allowed=[DocumentStatus.TO_SIGN],
            refusal=SIGNED_ELSEWHERE,
            values={"signed_at": timezone.now(), "signed_by": actor},
            bump_version=False,  # the document's version is its edition, not a lock
        )
        audit_record(
            actor=actor, action=AuditAction.DOCUMENT_SIGN, obj=locked, changes={"sha256": [old_sha, locked.sha256]}
        )
        storage = locked.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))  # the unsigned copy is not kept
    return locked


def document_mark_received(*, actor: User, document: GeneratedDocument) -> GeneratedDocument:
    """Phòng Nội vụ records that it received a document; recording twice keeps the first time."""
    if not has_role(actor, DISTRICT, at=document.campaign.commune):
        raise NotPermitted("Chỉ Phòng Nội vụ xác nhận đã nhận hồ sơ.")
    if document.status != DocumentStatus.DONE:
        raise ServiceError("Văn bản chưa tạo xong.", code="not_done")
    with transaction.atomic():
        updated = GeneratedDocument.objects.filter(pk=document.pk, received_at__isnull=True).update(
            received_at=timezone.now(), received_by=actor
        )
        if updated:
            audit_record(actor=actor, action=AuditAction.DOCUMENT_RECEIVE, obj=document)
    document.refresh_from_db()
    return document
