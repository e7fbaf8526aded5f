"""The district bundle (hồ sơ trình huyện): one PDF with an outline and a ZIP with a manifest.

ZIP layout::

    ho-so-trinh-huyen.pdf              every document merged, with an outline; PAdES-signed when asked
    <path of each document>            the individual PDFs (to-trinh-…pdf, bao-cao-thanh-tich/….pdf)
    danh-sach-de-nghi-khen-thuong.xlsx the nominee list
    minh-chung/<NN-nominee>/<file>     each proposed nomination's frozen evidence files (not merged)
    manifest.json                      SHA-256 and size of every file above except the merged PDF

The manifest is also embedded in the merged PDF (attachment ``manifest.json``) before signing, so
the signature covers the manifest and the manifest covers every file: one signature protects the
whole ZIP. :func:`verify_bundle` checks all three links.

The ZIP itself is canonical, so that no byte of it goes unchecked: members stored (not compressed: the
PDFs are compressed inside already), in the order merged PDF, manifest's files, manifest; every member
dated with the manifest's ``created_at`` (Vietnam time) and written with fixed attributes. The verifier
rejects any other layout: duplicate or look-alike names, unsafe paths, encryption, compression, data
before, between or after the members, headers that disagree. It reads at most the configured bytes
(``BUNDLE_VERIFY_MAX_*`` settings) and hashes members as streams.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO
from zoneinfo import ZoneInfo

from django.conf import settings

from documents.engine import BundleList, DocumentFile
from documents.engine.district_list import district_list_xlsx
from documents.engine.signature_appearance import SigningImages, VisibleSignature
from documents.engine.signing import SignatureReport, TrustRoot, sign_pdf, verify_pdf
from tanbinh_portal.service_errors import ServiceError
from tanbinh_portal.spreadsheets import Heading, Sheet, write_xlsx

BUNDLE_PDF = "ho-so-trinh-huyen.pdf"
BUNDLE_ZIP = "ho-so-trinh-huyen.zip"
LIST_XLSX = "danh-sach-de-nghi-khen-thuong.xlsx"
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 1024 * 1024
# Member dates are Vietnam time, fixed here (not settings.TIME_ZONE) so that a bundle verifies forever.
ZIP_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
ZIP_ATTRIBUTES = 0o644 << 16  # a regular file, rw-r--r--
ZIP_SYSTEM = 3  # "made by" Unix
ZIP_VERSION = 20
ZIP_UTF8_FLAG = 0x800
READ_CHUNK = 64 * 1024


class BundleError(ServiceError, ValueError):
    """The uploaded file is not a bundle this portal can read; the message is for the user."""

    default_code = "bundle_invalid"


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


def list_xlsx(bundle_list: BundleList | None, created_at: dt.datetime | None = None) -> bytes | None:
    if bundle_list is None:
        return None
    if bundle_list.title_rows:
        return district_list_xlsx(bundle_list)
    heading = Heading(bundle_list.commune, bundle_list.title, bundle_list.period, generated_at=created_at)
    return write_xlsx([Sheet(bundle_list.title, bundle_list.columns, bundle_list.rows, heading=heading)])


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


def zip_date_time(created_at: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """The DOS date and time every member carries: Vietnam time, seconds rounded down to even."""
    local = created_at.astimezone(ZIP_ZONE)
    return (local.year, local.month, local.day, local.hour, local.minute, local.second // 2 * 2)


def _member_info(name: str, date_time: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = ZIP_SYSTEM
    info.external_attr = ZIP_ATTRIBUTES
    return info


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
    pin: str | None = None,
    images: SigningImages | None = None,
    annexes: list[DocumentFile] | None = None,
) -> Bundle:
    """Merge, list, manifest, sign (optional; ``pin`` for a PKCS#11 token) and zip. ``files`` in outline
    order, the main document first: the signature shows on it (``images``: the signer's signature and
    the seal, or a text stamp without them), the number-and-time stamp on the others. ``annexes``
    (evidence scans, photos, office files) go into the ZIP and the manifest unmerged."""
    if not files:
        raise BundleError("Chưa có văn bản nào để đưa vào hồ sơ.")
    members = {item.path: item.content for item in files}
    created_at = created_at or dt.datetime.now(dt.UTC)
    xlsx = list_xlsx(bundle_list, created_at)
    if xlsx is not None:
        members[LIST_XLSX] = xlsx
    members.update((item.path, item.content) for item in annexes or ())
    manifest = manifest_for(members, title=title, created_at=created_at)
    merged = merge_with_outline(files, attachments={MANIFEST: manifest})
    if sign:
        visible = VisibleSignature.for_bundle([item.content for item in files], images)
        merged = sign_pdf(merged, reason=reason, location=location, pin=pin, visible=visible)
    date_time = zip_date_time(created_at)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [(BUNDLE_PDF, merged), *members.items(), (MANIFEST, manifest)]:
            archive.writestr(_member_info(name, date_time), data)
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
        return self.manifest_found and not (self.missing or self.changed or self.unexpected or self.errors)

    @property
    def ok(self) -> bool:
        return bool(self.files_ok and self.signature and self.signature.ok and self.manifest_signed)


@dataclass(frozen=True)
class Member:
    name: str
    sha256: str
    size: int
    date_time: tuple[int, ...]
    content: bytes | None  # kept only for the merged PDF and the manifest


@dataclass(frozen=True)
class VerifyLimits:
    max_bytes: int
    max_uncompressed: int
    max_members: int

    @classmethod
    def from_settings(cls) -> VerifyLimits:
        return cls(
            max_bytes=settings.BUNDLE_VERIFY_MAX_BYTES,
            max_uncompressed=settings.BUNDLE_VERIFY_MAX_UNCOMPRESSED_BYTES,
            max_members=settings.BUNDLE_VERIFY_MAX_MEMBERS,
        )


def bundle_max_bytes() -> int:
    """The largest bundle the verifier takes (``BUNDLE_VERIFY_MAX_BYTES``, the verification page and
    ``verify_bundle``): generation warns against this same number, so the two sides cannot disagree."""
    return VerifyLimits.from_settings().max_bytes


def bundle_size_warning(size: int, *, estimate: bool = False) -> str:
    """The officer's warning when a bundle of ``size`` bytes would be refused by the verifier, else "".

    ``estimate``: the size is what is known before generation (the evidence files alone)."""
    limit = bundle_max_bytes()
    advice = (
        "Phòng Nội vụ sẽ không kiểm tra được hồ sơ này trên trang Kiểm tra hồ sơ ký số. Hãy thay các tệp minh "
        "chứng lớn bằng bản quét có dung lượng nhỏ hơn, hoặc đề nghị quản trị hệ thống nâng giới hạn "
        "(thiết lập BUNDLE_VERIFY_MAX_BYTES)."
    )
    if not estimate:
        if size <= limit:
            return ""
        return f"Hồ sơ trình huyện có dung lượng {human_size(size)}, vượt giới hạn {human_size(limit)}. {advice}"
    if size > limit:
        return (
            f"Các tệp minh chứng kèm hồ sơ trình huyện đã có dung lượng {human_size(size)}, vượt giới hạn "
            f"{human_size(limit)}. {advice}"
        )
    if size > limit * 0.8:
        return (
            f"Các tệp minh chứng kèm hồ sơ trình huyện có dung lượng {human_size(size)}, gần giới hạn "
            f"{human_size(limit)}; cùng các văn bản, hồ sơ có thể vượt giới hạn. {advice}"
        )
    return ""


def human_size(size: int) -> str:
    """A size as a clerk reads it: "50 MB", "1,5 MB", "10 KB" (Vietnamese decimal comma)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",") + " MB"
    return f"{max(1, size // 1024)} KB"


WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a safe relative member path, or None."""
    if not name:
        return "tên rỗng"
    if "\\" in name:
        return "có dấu gạch ngược (\\)"
    if name.startswith("/") or WINDOWS_DRIVE.match(name):
        return "là đường dẫn tuyệt đối"
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in name):
        return "có ký tự điều khiển hoặc ký tự không in được"
    if any(part in ("", ".", "..") for part in name.split("/")):
        return "có thành phần “..”, “.” hoặc rỗng"
    if unicodedata.normalize("NFC", name) != name:
        return "không ở dạng chuẩn Unicode NFC"
    return None


def name_key(name: str) -> str:
    """Names that an extractor on some system could take for the same file map to one key."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def _check_names(names: list[str], where: str) -> None:
    seen: dict[str, str] = {}
    for name in names:
        problem = name_problem(name)
        if problem:
            raise BundleError(f"{where} có tên tệp không an toàn “{name[:120]}”: {problem}.")
        key = name_key(name)
        if key in seen:
            twin = seen[key]
            detail = "hai lần" if twin == name else f"và “{twin[:120]}” (trùng khi không phân biệt hoa thường/Unicode)"
            raise BundleError(f"{where} có tệp “{name[:120]}” {detail}: hồ sơ có thể bị giả mạo.")
        seen[key] = name


def _read_end_record(stream: BinaryIO, size: int) -> tuple[int, int, int]:
    """(entries, central directory size, its offset) from an end record that ends the file exactly."""
    if size < 22:
        raise BundleError("Tệp không phải tệp ZIP hồ sơ hợp lệ.")
    stream.seek(size - 22)
    signature, disk, cd_disk, disk_entries, entries, cd_size, cd_offset, comment = struct.unpack(
        "<4s4H2LH", stream.read(22)
    )
    if signature != b"PK\x05\x06":
        raise BundleError("Tệp ZIP bị cắt cụt, có dữ liệu thêm vào cuối hoặc không phải tệp ZIP hồ sơ.")
    if disk or cd_disk or disk_entries != entries or comment or cd_offset + cd_size != size - 22:
        raise BundleError("Cấu trúc tệp ZIP bất thường (chia tập, có chú thích hoặc dữ liệu chèn thêm).")
    return entries, cd_size, cd_offset


def _expected_flags(name: str) -> int:
    return 0 if name.isascii() else ZIP_UTF8_FLAG


def _check_member_header(stream: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Compare the local header with the central directory and the canonical values; return its end."""
    if info.flag_bits & 0x1:
        raise BundleError(f"Tệp “{info.filename[:120]}” trong ZIP được mã hóa: cổng không kiểm tra tệp mã hóa.")
    if info.compress_type != zipfile.ZIP_STORED:
        raise BundleError(
            f"Tệp “{info.filename[:120]}” được nén theo phương thức {info.compress_type}: hồ sơ do cổng tạo "
            "lưu từng tệp không nén. Hãy tải lại hồ sơ gốc từ cổng (hồ sơ tạo trước phiên bản này phải tạo lại)."
        )
    canonical = (
        info.create_system == ZIP_SYSTEM
        and info.create_version == ZIP_VERSION
        and info.extract_version == ZIP_VERSION
        and info.reserved == 0
        and info.flag_bits == _expected_flags(info.filename)
        and info.external_attr == ZIP_ATTRIBUTES
        and info.internal_attr == 0
        and info.volume == 0
        and not info.extra
        and not info.comment
        and info.compress_size == info.file_size
    )
    stream.seek(info.header_offset)
    raw = stream.read(30)
    if len(raw) != 30 or not canonical:
        raise BundleError(f"Phần đầu của tệp “{info.filename[:120]}” trong ZIP bất thường.")
    signature, version, system, flags, method, time, date, crc, csize, usize, nlen, elen = struct.unpack(
        "<4s2B4HL2L2H", raw
    )
    dos_time = (info.date_time[3] << 11) | (info.date_time[4] << 5) | (info.date_time[5] // 2)
    dos_date = ((info.date_time[0] - 1980) << 9) | (info.date_time[1] << 5) | info.date_time[2]
    name = info.filename.encode("utf-8" if info.flag_bits & ZIP_UTF8_FLAG else "cp437")
    if (signature, version, system, flags, method, time, date, crc, csize, usize, nlen, elen) != (
        b"PK\x03\x04", ZIP_VERSION, 0, info.flag_bits, 0, dos_time, dos_date, info.CRC, info.compress_size,
        info.file_size, len(name), 0,
    ) or stream.read(nlen) != name:  # fmt: skip
        raise BundleError(f"Phần đầu cục bộ của tệp “{info.filename[:120]}” không khớp với mục lục ZIP.")
    return info.header_offset + 30 + nlen + info.compress_size


def _check_layout(stream: BinaryIO, size: int, infos: list[zipfile.ZipInfo]) -> None:
    """Members back to back from byte 0, then the central directory, then the end record: no byte hidden."""
    entries, _, cd_offset = _read_end_record(stream, size)
    if entries != len(infos):
        raise BundleError("Số tệp ghi trong mục lục ZIP không khớp với mục lục.")
    position = 0
    for info in infos:
        if info.header_offset != position:
            raise BundleError("Tệp ZIP có dữ liệu chèn giữa các tệp hoặc các tệp chồng lên nhau.")
        position = _check_member_header(stream, info)
    if position != cd_offset:
        raise BundleError("Tệp ZIP có dữ liệu chèn trước mục lục.")


class _Budget:
    def __init__(self, limit: int):
        self.left = limit
        self.limit = limit

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise BundleError(
                f"Hồ sơ khi giải nén vượt quá {human_size(self.limit)} (BUNDLE_VERIFY_MAX_UNCOMPRESSED_BYTES): "
                "không phải hồ sơ thật hoặc quá lớn để kiểm tra."
            )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, keep: bool) -> Member:
    """Hash one member as a stream, counting what is really read, not what the header claims."""
    digest = hashlib.sha256()
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(READ_CHUNK):
                size += len(chunk)
                budget.take(len(chunk))
                digest.update(chunk)
                if keep:
                    parts.append(chunk)
    except BundleError:
        raise  # the unpacking budget's refusal (a ValueError too): keep its message
    except zipfile.BadZipFile as error:
        reason = "mã kiểm tra CRC không khớp" if "CRC" in str(error) else "dữ liệu hỏng"
        raise BundleError(f"Tệp “{info.filename[:120]}” trong ZIP bị hỏng ({reason}).") from None
    except (EOFError, zlib.error, OSError, ValueError, NotImplementedError, RuntimeError):
        raise BundleError(f"Tệp “{info.filename[:120]}” trong ZIP bị cắt cụt hoặc hỏng.") from None
    if size != info.file_size:
        raise BundleError(f"Kích thước tệp “{info.filename[:120]}” không khớp với mục lục ZIP.")
    return Member(info.filename, digest.hexdigest(), size, tuple(info.date_time), b"".join(parts) if keep else None)


def read_members(stream: BinaryIO, limits: VerifyLimits | None = None) -> list[Member]:
    """The members of a canonical bundle ZIP in their order, hashed; BundleError for anything else."""
    limits = limits or VerifyLimits.from_settings()
    size = stream.seek(0, io.SEEK_END)
    if size > limits.max_bytes:
        limit = human_size(limits.max_bytes)
        raise BundleError(f"Tệp lớn hơn {limit} (BUNDLE_VERIFY_MAX_BYTES): không phải hồ sơ thật.")
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error):
        raise BundleError("Tệp không phải tệp ZIP hồ sơ hợp lệ (hỏng, bị cắt cụt hoặc không phải ZIP).") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise BundleError(f"Hồ sơ có hơn {limits.max_members} tệp (BUNDLE_VERIFY_MAX_MEMBERS).")
        _check_names([info.filename for info in infos], "Tệp ZIP")
        _check_layout(stream, size, infos)
        budget = _Budget(limits.max_uncompressed)
        if sum(info.file_size for info in infos) > limits.max_uncompressed:
            budget.take(limits.max_uncompressed + 1)
        return [_read_member(archive, info, budget, keep=info.filename in (BUNDLE_PDF, MANIFEST)) for info in infos]


def _parse_manifest(data: bytes) -> tuple[list[tuple[str, str, int]], str]:
    """The manifest's (path, sha256, size) entries and its created_at; BundleError when unreadable."""
    try:
        document = json.loads(data.decode("utf-8"))
        entries = [(e["path"], e["sha256"], e["size"]) for e in document["files"]]
        created_at = document["created_at"]
        valid = isinstance(created_at, str) and all(
            isinstance(p, str) and isinstance(h, str) and re.fullmatch(r"[0-9a-f]{64}", h) and type(n) is int
            for p, h, n in entries
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        valid = False
    if not valid:
        raise BundleError("manifest.json không đọc được hoặc sai cấu trúc.")
    _check_names([path for path, _, _ in entries], "manifest.json")
    if {path for path, _, _ in entries} & {MANIFEST, BUNDLE_PDF}:
        raise BundleError("manifest.json liệt kê chính nó hoặc tệp PDF tổng hợp.")
    return entries, created_at


def _embedded_manifest(pdf: bytes) -> bytes | None:
    """``manifest.json`` attached to the merged PDF, decompressed with a bound (it could be a bomb)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        names = PdfFileReader(io.BytesIO(pdf), strict=False).root["/Names"]["/EmbeddedFiles"]["/Names"]
        for index in range(0, len(names) - 1, 2):
            if str(names[index]) == MANIFEST:
                stream = names[index + 1]["/EF"]["/F"]
                filters = stream.get("/Filter")
                if filters is None:
                    return stream.encoded_data[: MAX_MANIFEST_BYTES + 1]
                if str(filters) != "/FlateDecode":
                    return None
                inflater = zlib.decompressobj()
                return inflater.decompress(stream.encoded_data, MAX_MANIFEST_BYTES + 1)
    except Exception:  # noqa: BLE001 - an unreadable PDF simply has no manifest
        return None
    return None


def _check_order_and_dates(report: BundleReport, members: list[Member], entries: list, created_at: str) -> None:
    expected = [BUNDLE_PDF, *(path for path, _, _ in entries), MANIFEST]
    if [m.name for m in members] != expected:
        report.errors.append(
            "Thứ tự tệp trong ZIP khác với hồ sơ do cổng tạo (tệp PDF tổng hợp, các tệp theo manifest, manifest.json)."
        )
    try:
        expected_time = zip_date_time(dt.datetime.fromisoformat(created_at))
    except (ValueError, TypeError, OverflowError):
        report.errors.append("manifest.json có thời điểm tạo không đọc được.")
        return
    if any(member.date_time != expected_time for member in members):
        report.errors.append("Ngày giờ của các tệp trong ZIP khác thời điểm tạo ghi trong manifest.")


def verify_bundle(
    data: bytes | BinaryIO, trust_roots: list[TrustRoot] | None = None, limits: VerifyLimits | None = None
) -> BundleReport:
    """Check a bundle ZIP: its canonical layout, the merged PDF's signature, the manifest against the signed
    copy, every file's hash and size. BundleError when the ZIP is not a readable canonical bundle."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    members = read_members(stream, limits)
    by_name = {m.name: m for m in members}
    report = BundleReport()
    manifest = by_name.get(MANIFEST)
    if manifest is None or manifest.size > MAX_MANIFEST_BYTES:
        raise BundleError("Không có manifest.json hợp lệ trong hồ sơ.")
    entries, created_at = _parse_manifest(manifest.content or b"")
    report.manifest_found = True
    for path, digest, size in entries:
        report.checked += 1
        if path not in by_name:
            report.missing.append(path)
        elif by_name[path].sha256 != digest or by_name[path].size != size:
            report.changed.append(path)
    report.unexpected = sorted(set(by_name) - {path for path, _, _ in entries} - {MANIFEST, BUNDLE_PDF})
    if not (report.missing or report.unexpected):
        _check_order_and_dates(report, members, entries, created_at)
    pdf = by_name.get(BUNDLE_PDF)
    if pdf is None or pdf.content is None:
        report.errors.append(f"Không có {BUNDLE_PDF} trong hồ sơ.")
        return report
    report.signature = verify_pdf(pdf.content, trust_roots=trust_roots)
    report.manifest_signed = _embedded_manifest(pdf.content) == manifest.content
    return report


def sign_bundle(
    data: bytes,
    *,
    pin: str | None,
    reason: str = "Phê duyệt hồ sơ đề nghị khen thưởng",
    location: str = "",
    images: SigningImages | None = None,
) -> bytes:
    """Sign the merged PDF of an unsigned bundle ZIP (made while the signer's token was not at hand) and
    write the ZIP again in the same canonical layout: the other members and the manifest do not change.
    The visible signature is laid out from the member PDFs, which are the merged PDF's parts in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if not infos or infos[0].filename != BUNDLE_PDF or infos[-1].filename != MANIFEST:
            raise BundleError("Tệp không phải hồ sơ trình huyện do cổng tạo.")
        contents = [(info, archive.read(info)) for info in infos]
    if verify_pdf(contents[0][1], trust_roots=[]).signed:
        raise BundleError("Hồ sơ này đã được ký số.")
    parts = [content for info, content in contents[1:-1] if info.filename.lower().endswith(".pdf")]
    visible = VisibleSignature.for_bundle(parts, images)
    signed = sign_pdf(contents[0][1], reason=reason, location=location, pin=pin, visible=visible)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info, content in [(contents[0][0], signed), *contents[1:]]:
            archive.writestr(_member_info(info.filename, info.date_time), content)
    return buffer.getvalue()
