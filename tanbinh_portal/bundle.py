"""The district bundle (hồ sơ trình huyện): one PDF with an outline and a ZIP with a manifest.

ZIP layout::

    ho-so-trinh-huyen.pdf              every document merged, with an outline; PAdES-signed when asked
    <path of each document>            the individual PDFs (to-trinh-…pdf, bao-cao-thanh-tich/….pdf)
    danh-sach-de-nghi-khen-thuong.xlsx the nominee list
    manifest.json                      SHA-256 and size of every file above except the merged PDF

The manifest is also embedded in the merged PDF (attachment ``manifest.json``) before signing, so
the signature covers the manifest and the manifest covers every file: one signature protects the
whole ZIP. :func:`verify_bundle` checks all three links.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

from tanbinh_portal.documents import BundleList, DocumentFile
from tanbinh_portal.signing import SignatureReport, sign_pdf, verify_pdf
from tanbinh_portal.spreadsheets import write_xlsx

BUNDLE_PDF = "ho-so-trinh-huyen.pdf"
BUNDLE_ZIP = "ho-so-trinh-huyen.zip"
LIST_XLSX = "danh-sach-de-nghi-khen-thuong.xlsx"
MANIFEST = "manifest.json"
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 500 * 1024 * 1024


class BundleError(ValueError):
    """The uploaded file is not a bundle this portal can read; the message is for the user."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def merge_with_outline(files: list[DocumentFile], attachments: dict[str, bytes] | None = None) -> bytes:
    """Concatenate PDFs; one top-level outline entry per file, titled with the file's title."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for item in files:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(item.content)), import_outline=False)
        writer.add_outline_item(title=item.title, page_number=start)
    for name, data in (attachments or {}).items():
        writer.add_attachment(name, data)
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def list_xlsx(bundle_list: BundleList | None) -> bytes | None:
    if bundle_list is None:
        return None
    if bundle_list.title_rows:
        from tanbinh_portal.documents.district_list import district_list_xlsx

        return district_list_xlsx(bundle_list)
    return write_xlsx([(bundle_list.title, bundle_list.columns, bundle_list.rows)])


def manifest_for(files: dict[str, bytes], *, title: str, created_at: dt.datetime) -> bytes:
    entries = [{"path": path, "sha256": sha256(data), "size": len(data)} for path, data in files.items()]
    document = {
        "title": title,
        "created_at": created_at.isoformat(),
        "bundle_pdf": BUNDLE_PDF,
        "algorithm": "SHA-256",
        "files": entries,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True)
class Bundle:
    pdf: bytes
    zip: bytes
    manifest: bytes


def build_bundle(
    files: list[DocumentFile],
    *,
    title: str,
    bundle_list: BundleList | None = None,
    sign: bool = False,
    reason: str = "Phê duyệt hồ sơ đề nghị khen thưởng",
    location: str = "",
    created_at: dt.datetime | None = None,
) -> Bundle:
    """Merge, list, manifest, sign (optional) and zip. ``files`` in outline order."""
    if not files:
        raise BundleError("Chưa có văn bản nào để đưa vào hồ sơ.")
    members = {item.path: item.content for item in files}
    xlsx = list_xlsx(bundle_list)
    if xlsx is not None:
        members[LIST_XLSX] = xlsx
    manifest = manifest_for(members, title=title, created_at=created_at or dt.datetime.now(dt.UTC))
    merged = merge_with_outline(files, attachments={MANIFEST: manifest})
    if sign:
        merged = sign_pdf(merged, reason=reason, location=location)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(BUNDLE_PDF, merged)
        for path, data in members.items():
            archive.writestr(path, data)
        archive.writestr(MANIFEST, manifest)
    return Bundle(pdf=merged, zip=buffer.getvalue(), manifest=manifest)


# --- Verification -------------------------------------------------------------------------------


@dataclass
class BundleReport:
    signature: SignatureReport | None = None
    manifest_found: bool = False
    manifest_signed: bool = False  # the ZIP's manifest equals the one embedded in the signed PDF
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    checked: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def files_ok(self) -> bool:
        return self.manifest_found and not (self.missing or self.changed or self.unexpected)

    @property
    def ok(self) -> bool:
        return bool(self.files_ok and self.signature and self.signature.ok and self.manifest_signed)


def _embedded_manifest(pdf: bytes) -> bytes | None:
    from pypdf import PdfReader

    try:
        attachments = PdfReader(io.BytesIO(pdf)).attachments
    except Exception:  # noqa: BLE001 - an unreadable PDF simply has no manifest
        return None
    data = attachments.get(MANIFEST)
    return data[0] if data else None


def _read_members(data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BundleError("Tệp không phải tệp ZIP hồ sơ hợp lệ.") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
            raise BundleError("Tệp ZIP quá lớn hoặc có cấu trúc bất thường.")
        return {info.filename: archive.read(info) for info in infos}


def verify_bundle(data: bytes, trust_roots: list | None = None) -> BundleReport:
    """Check a bundle ZIP: the merged PDF's signature, the manifest against it, every file's hash."""
    members = _read_members(data)
    report = BundleReport()
    manifest_bytes = members.get(MANIFEST)
    if manifest_bytes is None:
        report.errors.append("Không có manifest.json trong hồ sơ.")
    else:
        try:
            manifest = json.loads(manifest_bytes.decode("utf-8"))
            entries = {e["path"]: e["sha256"] for e in manifest["files"]}
        except (ValueError, KeyError, TypeError):
            report.errors.append("manifest.json không đọc được.")
            entries = {}
        else:
            report.manifest_found = True
        for path, digest in entries.items():
            if path not in members:
                report.missing.append(path)
            elif sha256(members[path]) != digest:
                report.changed.append(path)
            report.checked += 1
        report.unexpected = sorted(set(members) - set(entries) - {MANIFEST, BUNDLE_PDF})
    pdf = members.get(BUNDLE_PDF)
    if pdf is None:
        report.errors.append(f"Không có {BUNDLE_PDF} trong hồ sơ.")
        return report
    report.signature = verify_pdf(pdf, trust_roots=trust_roots)
    report.manifest_signed = manifest_bytes is not None and _embedded_manifest(pdf) == manifest_bytes
    return report
