"""What an uploaded file really is, from its first bytes, so that a PDF renamed .xlsx is called a PDF.

Only formats people really upload by mistake are named; anything else is left to the CSV or XLSX
reader, whose own messages then apply.
"""

from __future__ import annotations

# (magic bytes at offset 0, what the file is, in Vietnamese)
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "tài liệu PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp Office đời cũ (Excel 97–2003 .xls hoặc Word .doc)"),
    (b"\x89PNG\r\n\x1a\n", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF87a", "ảnh GIF"),
    (b"GIF89a", "ảnh GIF"),
    (b"II*\x00", "ảnh TIFF"),
    (b"MM\x00*", "ảnh TIFF"),
    (b"Rar!\x1a\x07", "tệp nén RAR"),
    (b"7z\xbc\xaf\x27\x1c", "tệp nén 7-Zip"),
    (b"\x1f\x8b", "tệp nén GZIP"),
    (b"\xff\xfe", "văn bản mã UTF-16 (Excel “Unicode Text”)"),
    (b"\xfe\xff", "văn bản mã UTF-16 (Excel “Unicode Text”)"),
)
# Text formats, recognised after an optional UTF-8 BOM and leading white space (lower-cased).
TEXT_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"<!doctype html", "trang web HTML (thường là tệp “.xls” do phần mềm xuất ra)"),
    (b"<html", "trang web HTML (thường là tệp “.xls” do phần mềm xuất ra)"),
    (b"<?xml", "tệp XML (có thể là Excel 2003 XML)"),
    (b"{\\rtf", "văn bản RTF"),
)
HEAD_BYTES = 64


def foreign_kind(head: bytes) -> str | None:
    """What a file that is neither CSV nor XLSX is, from its first HEAD_BYTES bytes; None otherwise."""
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "ảnh WebP"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    for magic, kind in TEXT_SIGNATURES:
        if text.startswith(magic):
            return kind
    return None


def foreign_file_message(kind: str) -> str:
    return (
        f"Tệp này thực chất là {kind}, không phải bảng tính CSV hay Excel .xlsx. Hãy mở sổ bằng Excel "
        "và lưu thành .xlsx hoặc CSV (UTF-8), hoặc dùng “Tải tệp mẫu”."
    )


# What an evidence file attached to a nomination may be (PDF, images, office documents), recognised by
# content: (code, what it is in Vietnamese, the extension it is stored and served with, content type).
ATTACHMENT_KINDS: dict[str, tuple[str, str, str]] = {
    "pdf": ("tài liệu PDF", "pdf", "application/pdf"),
    "png": ("ảnh PNG", "png", "image/png"),
    "jpeg": ("ảnh JPEG", "jpg", "image/jpeg"),
    "gif": ("ảnh GIF", "gif", "image/gif"),
    "tiff": ("ảnh TIFF", "tif", "image/tiff"),
    "webp": ("ảnh WebP", "webp", "image/webp"),
    "heic": ("ảnh HEIC (điện thoại)", "heic", "image/heic"),
    "docx": ("văn bản Word", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("bảng tính Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": (
        "trình chiếu PowerPoint",
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "ole": ("tệp Office đời cũ (Word .doc, Excel .xls)", "doc", "application/octet-stream"),
    "odt": ("văn bản OpenDocument", "odt", "application/vnd.oasis.opendocument.text"),
    "ods": ("bảng tính OpenDocument", "ods", "application/vnd.oasis.opendocument.spreadsheet"),
}
_ATTACHMENT_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
)
# The part that makes an Office Open XML package a Word, Excel or PowerPoint file.
_OOXML_MAIN_PART = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


class AttachmentRefused(ValueError):
    """The file is not one the portal keeps as evidence; the message says what it is and what to do."""


def attachment_kind(file) -> str:
    """The kind (a key of ATTACHMENT_KINDS) of an uploaded evidence file, from its content only.

    ``file`` is a readable binary file object, left at position 0. A ZIP package is recognised by its
    directory (names only, nothing is unpacked); one carrying macros (vbaProject.bin) is refused, and
    so is anything else, with the name of what it really is when known (an HTML page, a program…).
    """
    import zipfile

    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    for magic, kind in _ATTACHMENT_MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"heif"):
        return "heic"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as package:
                names = set(package.namelist())
                mimetype = package.read("mimetype").strip() if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, KeyError) as error:
            raise AttachmentRefused("Tệp nén bị hỏng hoặc được mã hóa, không mở được.") from error
        finally:
            file.seek(0)
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise AttachmentRefused(
                "Tệp Office này có chứa macro. Hãy lưu lại dưới dạng .docx, .xlsx hoặc xuất ra PDF rồi tải lên."
            )
        if "[Content_Types].xml" in names:
            for part, kind in _OOXML_MAIN_PART.items():
                if part in names:
                    return kind
        if mimetype in _ODF_MIMETYPES:
            return _ODF_MIMETYPES[mimetype]
        raise AttachmentRefused("Tệp này là tệp nén ZIP, không phải tài liệu; hãy giải nén và tải lên từng tệp.")
    if head.lstrip().lower().startswith((b"<svg", b"<?xml")):
        raise AttachmentRefused(
            "Ảnh SVG và tệp XML không được nhận vì có thể chứa mã chạy được; hãy dùng PNG hoặc PDF."
        )
    known = foreign_kind(head)
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        known = "chương trình chạy được"
    what = f"Tệp này thực chất là {known}" if known else "Không nhận ra loại tệp này"
    raise AttachmentRefused(
        f"{what}. Chỉ nhận tài liệu PDF, ảnh (JPEG, PNG, GIF, TIFF, WebP, HEIC) và văn bản Office "
        "(Word, Excel, PowerPoint, OpenDocument)."
    )
