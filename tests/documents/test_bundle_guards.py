"""The district bundle's guards (documents/engine/bundle.py, signing.py):
outline entries pointing at each document's first page, the verifier's limits on the file size, the
member count and the bytes really read when unpacking (the zip-bomb guard), the canonical ZIP headers,
and the signature's byte-range rule. No database, no certificate: small PDFs made here."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile

import pytest

from documents.engine import DocumentFile
from documents.engine.bundle import (
    BUNDLE_PDF,
    MANIFEST,
    BundleError,
    VerifyLimits,
    build_bundle,
    merge_with_outline,
    read_members,
    verify_bundle,
)
from documents.engine.signing import _der_length, covers_every_byte

CREATED = dt.datetime(2023, 1, 9, 3, 17, 46, tzinfo=dt.UTC)  # hour, minute and second all differ


def pdf_of(pages: int, width: int = 200, outline: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=300)
    if outline:  # a document with an outline of its own
        writer.add_outline_item(title=outline, page_number=pages - 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def documents() -> list[DocumentFile]:
    return [
        DocumentFile("to-trinh.pdf", "Tờ trình", pdf_of(2, 201)),
        DocumentFile("danh-sach.pdf", "Danh sách", pdf_of(1, 202, outline="Mục lục riêng của danh sách")),
        DocumentFile("bao-cao-thanh-tich/vo-thi-lan.pdf", "Báo cáo thành tích – Võ Thị Lan", pdf_of(3, 203)),
    ]


@pytest.fixture(scope="module")
def bundle_zip(documents) -> bytes:
    return build_bundle(documents, title="Hồ sơ trình huyện", created_at=CREATED).zip


def limits_for(data: bytes, **change) -> VerifyLimits:
    """Limits that the bundle meets exactly (its size, its members, the bytes of its members)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    exact = {"max_bytes": len(data), "max_uncompressed": sum(i.file_size for i in infos), "max_members": len(infos)}
    return VerifyLimits(**{**exact, **change})


# --- the outline ------------------------------------------------------------------------------


def test_each_outline_entry_opens_its_document_at_its_first_page(documents):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(merge_with_outline(documents)))
    assert len(reader.pages) == 6
    entries = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    # one entry per document, none taken over from a document's own outline
    assert entries == [("Tờ trình", 0), ("Danh sách", 2), ("Báo cáo thành tích – Võ Thị Lan", 3)]
    # the page an entry opens really is that document's page (the pages carry their document's width)
    widths = [float(page.mediabox.width) for page in reader.pages]
    assert widths == [201, 201, 202, 203, 203, 203]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_the_merged_pdf_carries_the_attachments_given(documents):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(merge_with_outline(documents[:1], attachments={MANIFEST: b'{"a": 1}'})))
    assert reader.attachments == {MANIFEST: [b'{"a": 1}']}


# --- the verifier's limits --------------------------------------------------------------------


def test_a_bundle_exactly_at_every_limit_is_read(bundle_zip):
    members = read_members(io.BytesIO(bundle_zip), limits_for(bundle_zip))
    assert [m.name for m in members][0] == BUNDLE_PDF and members[-1].name == MANIFEST
    assert len(members) == 5  # merged PDF, three documents, manifest
    assert members[0].content is not None and members[-1].content is not None  # kept for the checks
    assert all(m.content is None for m in members[1:-1])  # the documents are only hashed


def test_a_file_one_byte_over_the_size_limit_is_refused_before_reading(bundle_zip):
    with pytest.raises(BundleError, match=r"BUNDLE_VERIFY_MAX_BYTES"):
        read_members(io.BytesIO(bundle_zip), limits_for(bundle_zip, max_bytes=len(bundle_zip) - 1))


def test_one_member_over_the_member_limit_is_refused(bundle_zip):
    with pytest.raises(BundleError) as error:
        read_members(io.BytesIO(bundle_zip), limits_for(bundle_zip, max_members=4))
    assert str(error.value) == "Hồ sơ có hơn 4 tệp (BUNDLE_VERIFY_MAX_MEMBERS)."


def test_unpacked_bytes_one_over_the_limit_are_refused(bundle_zip):
    limits = limits_for(bundle_zip)
    with pytest.raises(BundleError, match=r"khi giải nén vượt quá .*BUNDLE_VERIFY_MAX_UNCOMPRESSED_BYTES"):
        read_members(io.BytesIO(bundle_zip), limits_for(bundle_zip, max_uncompressed=limits.max_uncompressed - 1))


def test_sizes_declared_over_the_unpacking_limit_are_refused_before_a_byte_is_read(bundle_zip):
    """The directory's sizes already pass the limit: refused at once, so a damaged first member (its CRC
    fails as soon as it is read) is never reached."""
    limits = limits_for(bundle_zip)
    with zipfile.ZipFile(io.BytesIO(bundle_zip)) as archive:
        first = archive.infolist()[0]
    assert first.file_size < 64 * 1024  # read in one chunk: its CRC would be checked by that read
    data = bytearray(bundle_zip)
    data[30 + len(first.filename.encode())] ^= 0xFF  # the first byte of the stored first member
    damaged = bytes(data)
    with pytest.raises(BundleError) as error:
        read_members(io.BytesIO(damaged), limits)  # within every limit: the damage is found
    assert str(error.value) == f"Tệp “{first.filename}” trong ZIP bị hỏng (mã kiểm tra CRC không khớp)."
    with pytest.raises(BundleError) as error:
        read_members(io.BytesIO(damaged), limits_for(bundle_zip, max_uncompressed=limits.max_uncompressed - 1))
    assert str(error.value).startswith("Hồ sơ khi giải nén vượt quá ")


def test_the_exact_messages_of_a_file_too_large_not_a_zip_or_with_an_unsafe_name():
    limits = VerifyLimits(max_bytes=1024 * 1024, max_uncompressed=10**6, max_members=10)
    with pytest.raises(BundleError) as error:
        read_members(io.BytesIO(b"0" * (1024 * 1024 + 1)), limits)
    assert str(error.value) == "Tệp lớn hơn 1 MB (BUNDLE_VERIFY_MAX_BYTES): không phải hồ sơ thật."
    with pytest.raises(BundleError) as error:
        read_members(io.BytesIO(b"%PDF-1.7 not a zip"), limits)
    assert str(error.value) == "Tệp không phải tệp ZIP hồ sơ hợp lệ (hỏng, bị cắt cụt hoặc không phải ZIP)."
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../to-trinh.pdf", b"%PDF")
    with pytest.raises(BundleError) as error:
        read_members(io.BytesIO(buffer.getvalue()), limits)
    assert str(error.value) == "Tệp ZIP có tên tệp không an toàn “../to-trinh.pdf”: có thành phần “..”, “.” hoặc rỗng."


def test_the_unpacking_limit_counts_the_bytes_read_not_the_compressed_sizes(documents):
    """A deflated member: small in the ZIP, large when read. The verifier refuses compressed members
    anyway, but the bound must hold on what would be unpacked (the sizes in the directory and the
    bytes actually read), never on the compressed size."""
    from documents.engine import bundle as module

    big = b"0" * 200_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bom.txt", big)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[0]
        assert info.compress_size < 2_000 < info.file_size
        budget = module._Budget(100_000)
        with pytest.raises(BundleError, match="khi giải nén vượt quá 97 KB"):
            module._read_member(archive, info, budget, keep=False)
        budget = module._Budget(200_000)  # exactly what it unpacks to: read
        member = module._read_member(archive, info, budget, keep=True)
        assert (member.size, member.content, budget.left) == (200_000, big, 0)


def test_the_limits_come_from_the_settings(settings):
    settings.BUNDLE_VERIFY_MAX_BYTES = 11
    settings.BUNDLE_VERIFY_MAX_UNCOMPRESSED_BYTES = 22
    settings.BUNDLE_VERIFY_MAX_MEMBERS = 33
    assert VerifyLimits.from_settings() == VerifyLimits(max_bytes=11, max_uncompressed=22, max_members=33)


def test_the_default_limits_are_those_documented():
    from django.conf import settings

    assert settings.BUNDLE_VERIFY_MAX_BYTES == 50 * 1024 * 1024
    assert settings.BUNDLE_VERIFY_MAX_UNCOMPRESSED_BYTES == 100 * 1024 * 1024
    assert settings.BUNDLE_VERIFY_MAX_MEMBERS == 1000


# --- canonical headers ------------------------------------------------------------------------


def _rewrite(data: bytes, **info_changes) -> bytes:
    """The same members written again with one attribute changed on every member."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            new.create_system, new.external_attr = info.create_system, info.external_attr
            for name, value in info_changes.items():
                setattr(new, name, value)
            archive.writestr(new, content)
    return buffer.getvalue()


def test_a_compressed_member_is_refused_with_its_method(bundle_zip):
    data = _rewrite(bundle_zip, compress_type=zipfile.ZIP_DEFLATED)
    with pytest.raises(BundleError, match=f"“{BUNDLE_PDF}” được nén theo phương thức 8"):
        read_members(io.BytesIO(data), limits_for(data))


@pytest.mark.parametrize(
    "change",
    [{"external_attr": 0o600 << 16}, {"create_system": 0}, {"comment": b"x"}, {"extra": b"\x00\x00\x00\x00"}],
)
def test_a_member_written_with_other_attributes_is_refused(bundle_zip, change):
    data = _rewrite(bundle_zip, **change)
    with pytest.raises(BundleError, match="bất thường"):
        read_members(io.BytesIO(data), limits_for(data))


def test_the_same_members_written_again_canonically_are_read(bundle_zip):
    data = _rewrite(bundle_zip)
    assert data == bundle_zip


def test_an_encrypted_member_is_refused(bundle_zip):
    data = bytearray(bundle_zip)
    central = data.rfind(b"PK\x01\x02", 0, len(data))  # the last member's central entry
    flags_at = central + 8
    struct.pack_into("<H", data, flags_at, struct.unpack_from("<H", data, flags_at)[0] | 0x1)
    with pytest.raises(BundleError, match="được mã hóa"):
        read_members(io.BytesIO(bytes(data)), limits_for(bytes(data)))


def test_a_local_header_that_disagrees_with_the_directory_is_refused(bundle_zip):
    data = bytearray(bundle_zip)
    time_at = 10  # the first local header's modification time
    struct.pack_into("<H", data, time_at, struct.unpack_from("<H", data, time_at)[0] ^ 0x1)
    with pytest.raises(BundleError, match="không khớp với mục lục ZIP"):
        read_members(io.BytesIO(bytes(data)), limits_for(bytes(data)))


def test_bytes_hidden_before_the_directory_are_refused(bundle_zip):
    with zipfile.ZipFile(io.BytesIO(bundle_zip)) as archive:
        cd_offset = sum(30 + len(i.filename.encode()) + i.compress_size for i in archive.infolist())
    data = bundle_zip[:cd_offset] + b"hidden" + bundle_zip[cd_offset:]
    end = data.rfind(b"PK\x05\x06")
    data = bytearray(data)
    struct.pack_into("<L", data, end + 16, cd_offset + 6)  # the directory moved by the hidden bytes
    with pytest.raises(BundleError, match="dữ liệu chèn trước mục lục"):
        read_members(io.BytesIO(bytes(data)), limits_for(bytes(data)))


def test_an_untouched_unsigned_bundle_passes_every_file_check(bundle_zip):
    report = verify_bundle(bundle_zip, trust_roots=[], limits=limits_for(bundle_zip))
    assert report.files_ok and report.checked == 3 and not report.ok  # not signed


# --- the signature's byte range ---------------------------------------------------------------


def _signed_shape(signature_hex: bytes, before: bytes = b"%PDF-1.7 head ", after: bytes = b" tail %%EOF") -> tuple:
    pdf = before + b"<" + signature_hex + b">" + after
    start2 = len(before) + len(signature_hex) + 2
    return pdf, [0, len(before), start2, len(after)]


DER = bytes([0x30, 0x03, 0x02, 0x01, 0x05])  # SEQUENCE { INTEGER 5 }


def test_a_byte_range_around_exactly_one_der_signature_covers_every_byte():
    pdf, byte_range = _signed_shape(DER.hex().encode() + b"00" * 4)
    assert covers_every_byte(pdf, byte_range)
    pdf, byte_range = _signed_shape(DER.hex().upper().encode())
    assert covers_every_byte(pdf, byte_range)
    for letters in (b"30030201ab", b"30030201AB"):
        assert covers_every_byte(*_signed_shape(letters))


@pytest.mark.parametrize(
    "tamper",
    [
        lambda pdf, r: (pdf, [1, r[1], r[2], r[3]]),  # does not start at the first byte
        lambda pdf, r: (pdf, [0, r[1], r[2], r[3] - 1]),  # stops before the last byte
        lambda pdf, r: (pdf + b"x", r),  # bytes appended after the range
        lambda pdf, r: (pdf, r[:3]),  # not four numbers
        lambda pdf, r: (pdf, [0, 0, r[2], r[3]]),  # empty first part
        lambda pdf, r: (pdf, [0, r[2], r[2], r[3]]),  # no gap
    ],
)
def test_a_byte_range_that_leaves_bytes_uncovered_is_refused(tamper):
    pdf, byte_range = _signed_shape(DER.hex().encode())
    assert covers_every_byte(pdf, byte_range)
    assert not covers_every_byte(*tamper(pdf, byte_range))


@pytest.mark.parametrize(
    "signature_hex",
    [
        DER.hex().encode() + b"01",  # something but zero padding after the DER object
        DER.hex().encode() + DER.hex().encode(),  # two objects
        b"3003020105" + b" 00",  # whitespace (bytes.fromhex would skip it)
        b"30030201aB",  # mixed letter case (30030201ab and 30030201AB are both fine)
        b"300302010",  # odd number of digits
        b"zz",
        b"",
        b"3105020105",  # not a SEQUENCE
        b"3006020105",  # claims more content than there is
    ],
)
def test_a_gap_holding_anything_but_one_padded_der_object_is_refused(signature_hex):
    assert not covers_every_byte(*_signed_shape(signature_hex))


def test_a_gap_not_delimited_by_angle_brackets_is_refused():
    pdf, byte_range = _signed_shape(DER.hex().encode())
    assert not covers_every_byte(pdf.replace(b"<", b"(", 1), byte_range)
    assert not covers_every_byte(pdf.replace(b">", b")", 1), byte_range)


@pytest.mark.parametrize(
    ("data", "length"),
    [
        (bytes([0x30, 0x00]), 2),
        (bytes([0x30, 0x7F]), 2 + 127),
        (bytes([0x30, 0x81, 0x80]), 3 + 128),
        (bytes([0x30, 0x82, 0x01, 0x00]), 4 + 256),
        (bytes([0x30, 0x84, 0x00, 0x00, 0x01, 0x00]), 6 + 256),
        (bytes([0x30, 0x80]), None),  # indefinite length: not DER
        (bytes([0x30, 0x85, 0, 0, 0, 0, 1]), None),  # more than four length bytes
        (bytes([0x30, 0x82, 0x01]), None),  # length bytes cut off
        (bytes([0x31, 0x01, 0x00]), None),
        (bytes([0x30]), None),
        (b"", None),
    ],
)
def test_der_lengths(data, length):
    assert _der_length(data) == length


def test_the_first_part_of_the_range_may_be_one_byte_but_not_empty():
    assert covers_every_byte(*_signed_shape(DER.hex().encode(), before=b"%"))
    # A range whose first part is empty leaves the gap at byte 0: even a well-formed gap is refused.
    pdf, byte_range = _signed_shape(DER.hex().encode(), before=b"")
    assert byte_range[:2] == [0, 0]
    assert not covers_every_byte(pdf, byte_range)


def test_der_length_reads_only_its_length_bytes():
    assert _der_length(bytes([0x30, 0x81, 0x80]) + b"\xff" * 128) == 131
    assert _der_length(bytes([0x30, 0x82, 0x01, 0x00]) + b"\xff" * 256) == 260


def test_only_zero_bytes_may_pad_the_signature():
    for padding in (b"\x58", b"X", b"\x20", b"\x00\x01"):
        assert not covers_every_byte(*_signed_shape((DER + padding).hex().encode()))


LONG = "bao-cao-thanh-tich/" + "a" * 140 + ".pdf"


@pytest.fixture(scope="module")
def long_name_zip() -> bytes:
    files = [DocumentFile(LONG, "Báo cáo", pdf_of(1))]
    return build_bundle(files, title="Hồ sơ", created_at=CREATED).zip


def _member_message(data: bytes) -> str:
    with pytest.raises(BundleError) as error:
        read_members(io.BytesIO(data), limits_for(data))
    return str(error.value)


def test_a_long_member_name_is_cut_at_120_characters_in_every_header_message(long_name_zip):
    shown = f"“{LONG[:120]}”"
    source = zipfile.ZipFile(io.BytesIO(long_name_zip))
    names = [i.filename for i in source.infolist()]
    assert names[1] == LONG

    def rewritten(change) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for info in source.infolist():
                new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                new.create_system, new.external_attr = info.create_system, info.external_attr
                if info.filename == LONG:
                    change(new)
                archive.writestr(new, source.read(info))
        return buffer.getvalue()

    def deflate(info):
        info.compress_type = zipfile.ZIP_DEFLATED

    def other_attributes(info):
        info.external_attr = 0o600 << 16

    assert _member_message(rewritten(deflate)) == (
        f"Tệp {shown} được nén theo phương thức 8: hồ sơ do cổng tạo lưu từng tệp không nén. Hãy tải lại hồ sơ "
        "gốc từ cổng (hồ sơ tạo trước phiên bản này phải tạo lại)."
    )
    assert _member_message(rewritten(other_attributes)) == f"Phần đầu của tệp {shown} trong ZIP bất thường."
    data = bytearray(long_name_zip)
    entries = [i for i in range(len(data)) if data.startswith(b"PK\x01\x02", i)]
    flags_at = entries[1] + 8  # the long name's central entry
    struct.pack_into("<H", data, flags_at, struct.unpack_from("<H", data, flags_at)[0] | 0x1)
    assert _member_message(bytes(data)) == (f"Tệp {shown} trong ZIP được mã hóa: cổng không kiểm tra tệp mã hóa.")


def test_a_local_header_of_a_long_name_that_disagrees_shows_the_cut_name(long_name_zip):
    data = bytearray(long_name_zip)
    second = [i for i in range(len(data)) if data.startswith(b"PK\x03\x04", i)][1]
    struct.pack_into("<H", data, second + 10, struct.unpack_from("<H", data, second + 10)[0] ^ 0x1)
    assert _member_message(bytes(data)) == f"Phần đầu cục bộ của tệp “{LONG[:120]}” không khớp với mục lục ZIP."


def test_a_vietnamese_member_name_is_checked_in_utf_8():
    files = [DocumentFile("bao-cao-thanh-tich/võ-thị-lan.pdf", "Báo cáo", pdf_of(1))]
    data = build_bundle(files, title="Hồ sơ", created_at=CREATED).zip
    members = read_members(io.BytesIO(data), limits_for(data))
    assert members[1].name == "bao-cao-thanh-tich/võ-thị-lan.pdf"


def _central_entries(data: bytes) -> list[int]:
    return [i for i in range(len(data)) if data.startswith(b"PK\x01\x02", i)]


def test_an_end_record_counting_other_entries_is_refused(bundle_zip):
    data = bytearray(bundle_zip)
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<2H", data, end + 8, 4, 4)  # five members, the end record says four
    assert _member_message(bytes(data)) == "Số tệp ghi trong mục lục ZIP không khớp với mục lục."


def test_members_that_do_not_follow_each_other_are_refused(bundle_zip):
    data = bytearray(bundle_zip)
    offset_at = _central_entries(data)[1] + 42  # the second member's local header offset
    struct.pack_into("<L", data, offset_at, struct.unpack_from("<L", data, offset_at)[0] + 1)
    assert _member_message(bytes(data)) == "Tệp ZIP có dữ liệu chèn giữa các tệp hoặc các tệp chồng lên nhau."


def test_the_exact_messages_of_the_size_guards(bundle_zip):
    with zipfile.ZipFile(io.BytesIO(bundle_zip)) as archive:
        cd_offset = sum(30 + len(i.filename.encode()) + i.compress_size for i in archive.infolist())
    data = bytearray(bundle_zip[:cd_offset] + b"hidden" + bundle_zip[cd_offset:])
    struct.pack_into("<L", data, data.rfind(b"PK\x05\x06") + 16, cd_offset + 6)
    assert _member_message(bytes(data)) == "Tệp ZIP có dữ liệu chèn trước mục lục."
    limits = limits_for(bundle_zip)
    with pytest.raises(BundleError) as error:
        read_members(io.BytesIO(bundle_zip), limits_for(bundle_zip, max_uncompressed=limits.max_uncompressed - 1))
    assert str(error.value).endswith(
        " (BUNDLE_VERIFY_MAX_UNCOMPRESSED_BYTES): không phải hồ sơ thật hoặc quá lớn để kiểm tra."
    )
    assert str(error.value).startswith("Hồ sơ khi giải nén vượt quá ")


def _one_member_zip(compression=zipfile.ZIP_STORED, content=b"0123456789" * 50) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        archive.writestr("tep.pdf", content)
    return buffer.getvalue()


def _read_alone(data: bytes, change=None):
    from documents.engine import bundle as module

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[0]
        if change:
            change(info)
        return module._read_member(archive, info, module._Budget(10**6), keep=False)


def test_a_member_whose_bytes_fail_their_crc_is_damaged():
    data = bytearray(_one_member_zip())
    data[30 + len("tep.pdf")] ^= 0xFF  # first byte of the stored content
    with pytest.raises(BundleError) as error:
        _read_alone(bytes(data))
    assert str(error.value) == "Tệp “tep.pdf” trong ZIP bị hỏng (mã kiểm tra CRC không khớp)."


def test_a_member_whose_local_header_is_gone_is_damaged():
    data = bytearray(_one_member_zip())
    data[0:4] = b"XXXX"
    with pytest.raises(BundleError) as error:
        _read_alone(bytes(data))
    assert str(error.value) == "Tệp “tep.pdf” trong ZIP bị hỏng (dữ liệu hỏng)."


def test_a_member_whose_compressed_bytes_are_broken_is_truncated_or_damaged():
    data = bytearray(_one_member_zip(zipfile.ZIP_DEFLATED, bytes(range(256)) * 40))
    start = 30 + len("tep.pdf")
    data[start : start + 8] = b"\xff" * 8
    with pytest.raises(BundleError) as error:
        _read_alone(bytes(data))
    assert str(error.value) == "Tệp “tep.pdf” trong ZIP bị cắt cụt hoặc hỏng."


def test_a_member_shorter_than_its_directory_says_is_refused():
    def longer(info):
        info.file_size += 1

    with pytest.raises(BundleError) as error:
        _read_alone(_one_member_zip(), longer)
    assert str(error.value) == "Kích thước tệp “tep.pdf” không khớp với mục lục ZIP."


def test_a_member_is_hashed_in_chunks_never_read_whole(monkeypatch):
    """Reading a member whole would put a bomb's output in memory before the budget could stop it."""
    from documents.engine import bundle as module

    sizes = []
    data = _one_member_zip(content=b"x" * (3 * module.READ_CHUNK + 5))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[0]
        real_open = archive.open

        def spying_open(*args, **kwargs):
            member = real_open(*args, **kwargs)
            real_read = member.read

            def read(size=-1):
                sizes.append(size)
                return real_read(size)

            member.read = read
            return member

        monkeypatch.setattr(archive, "open", spying_open)
        member = module._read_member(archive, info, module._Budget(10**6), keep=False)
    assert member.size == 3 * module.READ_CHUNK + 5
    assert sizes and all(size == module.READ_CHUNK == 64 * 1024 for size in sizes)
    assert len(sizes) == 5  # three full chunks, the rest, and the empty read that ends the loop


def test_damage_messages_cut_a_long_member_name_at_120_characters():
    name = "b" * 130 + ".pdf"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, b"0123456789" * 50)
    data = bytearray(buffer.getvalue())
    data[30 + len(name)] ^= 0xFF
    with pytest.raises(BundleError) as error:
        _read_alone(bytes(data))
    assert str(error.value) == f"Tệp “{name[:120]}” trong ZIP bị hỏng (mã kiểm tra CRC không khớp)."

    def longer(info):
        info.file_size += 1

    with pytest.raises(BundleError) as error:
        _read_alone(buffer.getvalue(), longer)
    assert str(error.value) == f"Kích thước tệp “{name[:120]}” không khớp với mục lục ZIP."
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, bytes(range(256)) * 40)
    data = bytearray(buffer.getvalue())
    data[30 + len(name) : 30 + len(name) + 8] = b"\xff" * 8
    with pytest.raises(BundleError) as error:
        _read_alone(bytes(data))
    assert str(error.value) == f"Tệp “{name[:120]}” trong ZIP bị cắt cụt hoặc hỏng."
