"""Verifying an uploaded bundle or PDF, shared by the verification page and ``verify_bundle``."""

from __future__ import annotations

from dataclasses import dataclass

from tanbinh_portal.bundle import BundleReport, verify_bundle
from tanbinh_portal.signing import SignatureReport, verify_pdf


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


def verify_upload(name: str, data: bytes) -> VerificationResult:
    """A ZIP is checked as a bundle; anything starting with ``%PDF`` as a signed PDF."""
    if data[:5] == b"%PDF-":
        return VerificationResult(name=name, signature=verify_pdf(data), bundle=None)
    report = verify_bundle(data)
    return VerificationResult(name=name, signature=report.signature, bundle=report)


def _yes(flag: bool) -> str:
    return "có" if flag else "KHÔNG"


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
            f"Chứng thư được tin cậy: {_yes(sig.trusted)}",
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
