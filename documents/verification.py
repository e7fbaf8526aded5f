"""Verifying an uploaded bundle or PDF, shared by the verification page and ``verify_bundle``."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings

from documents.engine.bundle import BundleError, BundleReport, human_size, verify_bundle
from documents.engine.signing import SignatureReport, verify_pdf


@dataclass(frozen=True)
class VerificationResult:
    name: str
    signature: SignatureReport | None
    bundle: BundleReport | None

    @property
    def ok(self) -> bool:
        if self.bundle is not None:
            return self.bundle.ok
        return bool(self.signature and self.signature.ok)


def verify_upload(name: str, data: bytes | BinaryIO) -> VerificationResult:
    """A file starting with ``%PDF-`` is checked as a signed PDF, anything else as a bundle ZIP.

    Raises BundleError (a message for the user) for a file that is too large or not a readable bundle."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if stream.read(5) == b"%PDF-":
        limit = settings.BUNDLE_VERIFY_MAX_BYTES
        if size > limit:
            raise BundleError(f"Tệp PDF lớn hơn {human_size(limit)} (BUNDLE_VERIFY_MAX_BYTES).")
        stream.seek(0)
        return VerificationResult(name=name, signature=verify_pdf(stream.read()), bundle=None)
    report = verify_bundle(stream)
    return VerificationResult(name=name, signature=report.signature, bundle=report)


def _yes(flag: bool) -> str:
    return "có" if flag else "KHÔNG"


def _trust_lines(sig: SignatureReport) -> list[str]:
    lines = [f"Chứng thư được tin cậy (theo danh sách tin cậy đã cấu hình): {_yes(sig.trusted)}"]
    if sig.trust_anchor:
        lines.append(f"Tin cậy nhờ chứng thư gốc: {sig.trust_anchor}")
    if sig.trust_problem:
        lines.append(f"Danh sách tin cậy: {sig.trust_problem}")
    lines += [f"Chứng thư gốc trong danh sách tin cậy đã dùng: {root}" for root in sig.trust_roots]
    return lines


def verification_lines(result: VerificationResult) -> list[str]:
    lines = [f"Tệp: {result.name}"]
    sig = result.signature
    if sig is None or not sig.signed:
        lines.append("Chữ ký số: KHÔNG có" + (f" ({sig.message})" if sig and sig.message else ""))
    else:
        lines += [
            f"Người ký: {sig.signer}",
            f"Thời điểm ký: {sig.signed_at.isoformat() if sig.signed_at else '–'}",
            f"Nguyên vẹn (không bị sửa sau khi ký): {_yes(sig.intact)}",
            f"Chữ ký hợp lệ: {_yes(sig.valid)}",
            f"Chữ ký bao trùm toàn bộ tệp: {_yes(sig.whole_document)}",
            *_trust_lines(sig),
        ]
    report = result.bundle
    if report is not None:
        lines.append(f"Manifest: {'có' if report.manifest_found else 'KHÔNG có'}; đã kiểm {report.checked} tệp")
        lines.append(f"Manifest trùng với bản được ký trong PDF: {_yes(report.manifest_signed)}")
        lines += [f"Tệp bị thay đổi: {p}" for p in report.changed]
        lines += [f"Tệp bị thiếu: {p}" for p in report.missing]
        lines += [f"Tệp không có trong manifest: {p}" for p in report.unexpected]
        lines += report.errors
    return lines
