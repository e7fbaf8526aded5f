"""PostgreSQL's binary COPY format written by the importer itself, row by row or a column batch at once.

psycopg's ``write_row`` formats one record per call in Python: for a million-row file that was the
largest cost left in the import (about 10 µs a row with the calls around it). The columnar path
(kpi.importer.columnar.Bulk) instead encodes each distinct value of a batch once with the functions
below and lets PyArrow join the encoded fields of every row; the few rows handled one by one are
encoded with ``encode_row``. Both give the bytes psycopg gives for the same values and types
(tests/kpi/test_importer_copybinary.py compares them): a 16-bit field count, then per field a 32-bit
length (-1 for NULL) and the value in network byte order (integers; dates as days and timestamps as
microseconds since 2000-01-01 UTC; text as UTF-8).
"""

from __future__ import annotations

import datetime as dt
import struct

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
TRAILER = b"\xff\xff"
NULL = b"\xff\xff\xff\xff"
TRUE, FALSE = b"\x00\x00\x00\x01\x01", b"\x00\x00\x00\x01\x00"
_EPOCH_DAY = dt.date(2000, 1, 1).toordinal()
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
_length = struct.Struct("!i").pack
_int2, _int4, _int8 = struct.Struct("!ih").pack, struct.Struct("!ii").pack, struct.Struct("!iq").pack
field_count = struct.Struct("!h").pack


def text(value: str | None) -> bytes:
    if value is None:
        return NULL
    data = value.encode()
    return _length(len(data)) + data


def smallint(value: int | None) -> bytes:
    return NULL if value is None else _int2(2, value)


def integer(value: int | None) -> bytes:
    return NULL if value is None else _int4(4, value)


def bigint(value: int | None) -> bytes:
    return NULL if value is None else _int8(8, value)


def boolean(value: bool | None) -> bytes:
    return NULL if value is None else (TRUE if value else FALSE)


def date(value: dt.date | None) -> bytes:
    return NULL if value is None else _int4(4, value.toordinal() - _EPOCH_DAY)


def timestamptz(value: dt.datetime | None) -> bytes:
    """An aware date-time (a naive one raises TypeError: it has no instant)."""
    return NULL if value is None else _int8(8, (value - _EPOCH) // _MICROSECOND)


ENCODERS = {
    "text": text,
    "smallint": smallint,
    "integer": integer,
    "bigint": bigint,
    "boolean": boolean,
    "date": date,
    "timestamptz": timestamptz,
}


class RowEncoder:
    """One record's binary COPY tuple for the column types ``types`` (pipeline's type names)."""

    def __init__(self, types: list[str]):
        self.encoders = [ENCODERS[kind] for kind in types]
        self.head = field_count(len(types))

    def __call__(self, record) -> bytes:
        return self.head + b"".join([encode(value) for encode, value in zip(self.encoders, record, strict=True)])
