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
