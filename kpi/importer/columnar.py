"""A CSV file read in column batches (PyArrow) and turned into the records ``FastRows`` would make.

The row-by-row path spends most of its time in Python per row: the csv module's records (about
3.5 µs a row), building each group's key tuple and looking it up (``FastRows.record``). Here
PyArrow's C++ reader parses a block of the file into string columns; each group of cells FastRows
converts together (the procedure texts, the officers and reason, the choices, each date column, the
unit code) is dictionary-encoded as a whole column, so the Python converters of ``FastRows`` run
once per distinct value of the batch (through FastRows' own caches) and each row is left with a few
list indexes. ``FastRows.combine`` then builds every record exactly as on the row-by-row path, and a
row it cannot vouch for goes, with its cells as the csv module gives them, to the same fallback
(``parse_row``, which gives the exact errors).

The reader only takes a file it reads exactly as the csv module does. Anything else raises
``Unsupported`` before a row is written, or at the first batch that shows it, and the caller reads
the file again row by row: a record of another width than the header (the csv module pads or keeps
it, with its own errors), text that is not UTF-8, a NUL byte, a value longer than the line limit.
Quoted fields with delimiters, doubled quotes and line breaks are read alike by both (checked on
random files in tests/kpi/test_importer_columnar.py).
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import sys
from array import array
from collections.abc import Iterator
from hashlib import sha256
from operator import itemgetter

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from kpi.importer import copybinary
from kpi.importer.columns import MAX_LENGTHS
from kpi.importer.fast import CHOICE_KEYS, PEOPLE_KEYS, TEXT_KEYS, FastRows, _choices, _people, _texts
from kpi.importer.rows import DATE_KEYS
from tanbinh_portal.text import clean_cell

_DIGEST = type(sha256()).digest  # mapped over the rows' hashes: no Python frame per row
BLOCK_BYTES = 1 << 22  # about 19,000 rows of a one-stop log per batch


class Unsupported(Exception):
    """The columnar reader does not vouch for this file: read it row by row."""


class _Guarded(io.RawIOBase):
    """The file's bytes as PyArrow reads them, refusing a NUL byte (the csv module refuses the file)."""

    def __init__(self, raw):
        self.raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        if b"\x00" in data:
            raise Unsupported("NUL")
        n = len(data)
        buffer[:n] = data
        return n


def batches(stream, *, delimiter: str, width: int, line_limit: int) -> Iterator[pa.RecordBatch]:
    """String column batches of the records after the header (``stream`` at the file's start)."""
    names = [f"c{i}" for i in range(width)]
    try:
        reader = pa_csv.open_csv(
            io.BufferedReader(_Guarded(stream), 1 << 20),
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=names, block_size=BLOCK_BYTES),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            _check_lengths(batch, line_limit)
            yield batch
    except (pa.ArrowException, OSError, UnicodeError) as error:
        raise Unsupported(str(error)) from None


def _check_lengths(batch: pa.RecordBatch, line_limit: int) -> None:
    """A record whose line could be longer than the line limit is the row-by-row path's to refuse."""
    if not batch.num_rows:
        return
    total = None
    for column in batch.columns:
        lengths = pc.binary_length(column)
        total = lengths if total is None else pc.add(total, lengths)
    # A line is at most its values, each quote doubled, two quotes and a delimiter per value.
    if 2 * pc.max(total).as_py() + 3 * batch.num_columns > line_limit:
        raise Unsupported("long line")


class BatchGroups:
    """One batch's rows as indexes into the converted values of each group of cells.

    For each group the batch's distinct combinations are converted once (FastRows' caches, its
    converters); ``rows()`` gives per row (code, texts, people, choices, received, due, result,
    returned[, route]) exactly as ``FastRows.record`` looks them up.
    """

    def __init__(self, batch: pa.RecordBatch, positions: dict[str, int], fast: FastRows, route=None):
        self.batch, self.positions, self.fast = batch, positions, fast
        self.size = batch.num_rows
        self._lists: list | None = None
        self.codes = self._codes()
        self.texts = self._group(TEXT_KEYS, fast.texts, _texts)
        self.people = self._group(PEOPLE_KEYS, fast.people, _people)
        self.choices = self._group(CHOICE_KEYS, fast.choices, _choices)
        self.dates = [self._group((key,), fast.dates, fast._date, single=True) for key in DATE_KEYS]
        self.route = None
        if route is not None and "unit_code" in positions:
            self.route = self._group(("unit_code",), {}, route, single=True, cache_refusals=False)

    def cells(self, index: int) -> list:
        """The row's cells as the csv module gives them (strings; the batch is converted on first need)."""
        if self._lists is None:
            self._lists = [column.to_pylist() for column in self.batch.columns]
        return [column[index] for column in self._lists]

    def _column(self, key: str) -> pa.Array | None:
        index = self.positions.get(key)
        return None if index is None else self.batch.column(index)

    def _codes(self) -> list[str]:
        """Mã hồ sơ cleaned: a value ``clean_cell`` would leave as it is is taken as it is, in bulk."""
        column = self._column("code")
        raw = column.to_pylist()
        plain = pc.and_(
            pc.and_(pc.string_is_ascii(column), pc.ascii_is_printable(column)),
            pc.invert(
                pc.or_(
                    pc.match_substring(column, "  "),
                    pc.or_(pc.starts_with(column, " "), pc.ends_with(column, " ")),
                )
            ),
        )
        if pc.all(plain).as_py():
            return raw
        for index, is_plain in enumerate(plain.to_pylist()):
            if not is_plain:
                raw[index] = clean_cell(raw[index])
        return raw

    def _group(self, keys, cache: dict, convert, *, single: bool = False, cache_refusals: bool = True):
        """(converted value per distinct combination, index of each row's combination)."""
        columns = [self._column(key) for key in keys]
        present = [(slot, pc.dictionary_encode(column)) for slot, column in enumerate(columns) if column is not None]
        if not present:
            # Every cell of the group is the empty cell FastRows appends for a missing column.
            key = "" if single else ("",) * len(keys)
            return [self._convert(cache, key, convert, cache_refusals)], [0] * self.size
        if single:  # one column (a date, the unit code): its dictionary is the distinct values already
            (_, encoded), convert_one = present[0], self._convert
            values = [convert_one(cache, key, convert, cache_refusals) for key in encoded.dictionary.to_pylist()]
            return values, encoded.indices.to_pylist()
        combined, sizes = None, []
        for _, encoded in present:
            indices = pc.cast(encoded.indices, pa.int64())
            combined = (
                indices
                if combined is None
                else pc.add_checked(pc.multiply_checked(combined, len(encoded.dictionary)), indices)
            )
            sizes.append(len(encoded.dictionary))
        combinations = pc.dictionary_encode(combined)
        dictionaries = [encoded.dictionary.to_pylist() for _, encoded in present]
        values = []
        for number in combinations.dictionary.to_pylist():
            raw = [""] * len(keys)
            for (slot, _), dictionary, size in zip(
                reversed(present), reversed(dictionaries), reversed(sizes), strict=True
            ):
                number, at = divmod(number, size)
                raw[slot] = dictionary[at]
            key = raw[0] if single else tuple(raw)
            values.append(self._convert(cache, key, convert, cache_refusals))
        return values, combinations.indices.to_pylist()

    def _convert(self, cache: dict, key, convert, cache_refusals: bool):
        if not cache_refusals:
            return convert(key)
        value = cache.get(key)
        return value if value is not None else self.fast._fill(cache, key, convert)

    def row(self, index: int) -> tuple:
        """Row ``index``'s (code, texts, people, choices, received, due, result, returned) for combine."""
        groups = (self.texts, self.people, self.choices, *self.dates)
        return (self.codes[index], *(values[indexes[index]] for values, indexes in groups))

    def routes(self) -> list:
        """Per row: the router's answer for its unit code (commune, text, reason), or None without routing."""
        if self.route is None:
            return [None] * self.size
        table, indexes = self.route
        return _take(table, indexes)


def _take(table: list, indexes: list) -> list:
    return list(map(table.__getitem__, indexes))


class Bulk:
    """A batch's records built column by column, for the rows ``FastRows.combine`` would accept.

    ``records[i]`` is row i's record (what ``combine`` returns) or None where the row must go through
    ``combine`` itself (a value a converter refused, a broken row rule, a code to clean: the row-by-
    row handling decides, with the exact errors). ``special`` lists, in order, those rows and the
    rows a warning may concern (the loop's cheap pre-check, computed per column).
    """

    def __init__(self, groups: BatchGroups, fast: FastRows, first_row_no: int, *, encode: bool = False):
        n = groups.size
        (texts, ti), (people, pi), (choices, ci) = groups.texts, groups.people, groups.choices
        dates = groups.dates
        stamp_at, day_at = fast.stamp_at, fast.day_at
        no_text, no_people = ((None, None, None), "", False), (("", "", ""), False, "")
        no_choice = ((None, None, None, None, False), "", ("", "", ""), False)
        no_date = (None, None, None, None, True, None, "", "")  # "future": never vouched
        T = [t or no_text for t in texts]
        P = [p or no_people for p in people]
        C = [c or no_choice for c in choices]
        D = [[d or no_date for d in table] for table, _ in dates]

        arrow_indexes: dict[int, pa.Array] = {}  # each group's row indexes, converted once

        def arrow_take(values: list, indexes: list, kind=pa.bool_()) -> pa.Array:  # noqa: B008
            taken = arrow_indexes.get(id(indexes))
            if taken is None:
                taken = arrow_indexes[id(indexes)] = pa.array(indexes, type=pa.int32())
            return pa.array(values, type=kind).take(taken)

        ok = pc.and_(
            arrow_take([bool(t) for t in texts], ti),
            pc.and_(arrow_take([bool(p) for p in people], pi), arrow_take([bool(c) for c in choices], ci)),
        )
        ordinals = []
        for key, (table, indexes), converted in zip(DATE_KEYS, dates, D, strict=True):
            # Only the due date may lie after the time of import.
            usable = [bool(d) and (key == "due_at" or not d[4]) for d in table]
            ok = pc.and_(ok, arrow_take(usable, indexes))
            ordinals.append(
                arrow_take([None if d[2] is None else d[2].toordinal() for d in converted], indexes, pa.int32())
            )
        received, due, result, returned = ordinals
        status = arrow_take([c[0][1] for c in C], ci, pa.int16())
        codes = pa.array(groups.codes, type=pa.string())
        lengths = pc.utf8_length(codes)
        due_is_none = arrow_take([d[0] is None for d in D[1]], dates[1][1])
        ok = pc.and_(ok, pc.and_(pc.greater(lengths, 0), pc.less_equal(lengths, MAX_LENGTHS["code"])))
        ok = pc.and_(ok, pc.is_valid(received))
        ok = pc.and_(ok, pc.invert(pc.and_(due_is_none, pc.invert(pc.is_in(status, pa.array([1, 3], pa.int16()))))))
        for later in (due, result, returned):
            ok = pc.and_(ok, pc.fill_null(pc.greater_equal(later, received), True))
        vouched = pc.fill_null(ok, False).to_pylist()

        # The warnings' pre-check: 4 tại chỗ not counted, a code that may have been turned into a number.
        four = arrow_take([c[0][4] for c in C], ci, pa.bool_())
        finished = pc.coalesce(result, returned)  # the record's result date: the result's, else the return's
        same_day = pc.fill_null(pc.equal(finished, received), False)
        resolved_same_day = pc.and_(pc.is_in(status, pa.array([9, 10], pa.int16())), same_day)
        numeric = arrow_take(
            [t[0][0] is not None and (t[0][0].isdigit() or "e" in t[0][0].lower()) for t in T], ti, pa.bool_()
        )
        warn = pc.or_(
            pc.or_(pc.and_(four, pc.invert(resolved_same_day)), numeric),
            pc.match_substring(codes, "e", ignore_case=True),
        ).to_pylist()
        self.special = [i for i, (v, w) in enumerate(zip(vouched, warn, strict=True)) if w or not v]
        self._arrow_take = arrow_take

        # The values, each a column of Python objects: a field of the batch's converted values (one
        # small list per group) taken by the rows' indexes, so that no Python code runs per row but
        # the SHA-256 and the choice of the result date.
        def field(table: list, indexes: list, pick) -> list:
            return _take(list(map(pick, table)), indexes)

        def part(k):
            return itemgetter(k)

        received_i, due_i, result_i, returned_i = (indexes for _, indexes in dates)
        d_received, d_due, d_result, d_returned = D
        result_day = field(d_result, result_i, part(day_at))
        returned_day = field(d_returned, returned_i, part(day_at))
        finished_day = [x if x is not None else t for x, t in zip(result_day, returned_day, strict=True)]

        def text(table: list, indexes: list, pick) -> pa.Array:
            return arrow_take(list(map(pick, table)), indexes, pa.string())

        result_iso = text(d_result, result_i, part(7))
        finished_iso = pc.if_else(pc.equal(result_iso, ""), text(d_returned, returned_i, part(7)), result_iso)
        harassing = pc.and_(arrow_take([c[3] for c in C], ci), arrow_take([bool(p[1]) for p in P], pi))
        harassment = harassing.to_pylist()
        # The hashed text of every row, joined by PyArrow; only the SHA-256 itself is Python's.
        joined = pc.binary_join_element_wise(
            codes,
            text(T, ti, part(1)),
            text(C, ci, part(1)),
            text(d_received, received_i, lambda d: d[0] or ""),
            text(d_due, due_i, part(6)),
            text(d_result, result_i, part(6)),
            text(d_returned, returned_i, part(6)),
            text(d_received, received_i, lambda d: d[3] or ""),
            text(d_due, due_i, part(7)),
            finished_iso,
            text(C, ci, lambda c: c[2][0]),
            text(P, pi, part(2)),
            text(C, ci, lambda c: c[2][1]),
            text(P, pi, lambda p: p[0][2]),
            pc.if_else(harassing, "True", "False"),
            text(C, ci, lambda c: c[2][2]),
            "\x1f",
        )
        blob = b"".join(map(_DIGEST, map(sha256, pc.cast(joined, pa.binary()).to_pylist())))
        if encode:
            # PostgreSQL: no record per row, the rows' binary COPY tuples joined column by column.
            self.records = None
            self._encode(groups, fast, first_row_no, blob, D, harassing, (received, finished))
            return
        hexes = blob.hex()
        row_hash = [hexes[at : at + 32] for at in range(0, 64 * n, 64)]
        words = array("I", blob)  # the first four bytes of each digest, as the big-endian int they are
        if sys.byteorder == "little":
            words.byteswap()
        row_hash31 = list(map((0x7FFFFFFF).__and__, words[::8]))
        lead = fast.lead
        head = [range(first_row_no, first_row_no + n)] if lead is None else [[lead[0]] * n, [lead[1]] * n]
        columns = [
            *head,
            groups.codes,
            *(field(T, ti, lambda t, k=k: t[0][k]) for k in range(3)),
            *(field(C, ci, lambda c, k=k: c[0][k]) for k in (0, 1)),
            *(
                field(table, indexes, part(stamp_at))
                for table, indexes in zip(D, (received_i, due_i, result_i, returned_i), strict=True)
            ),
            field(d_received, received_i, part(day_at)),
            field(d_due, due_i, part(day_at)),
            finished_day,
            field(C, ci, lambda c: c[0][3]),
            *(field(P, pi, lambda p, k=k: p[0][k]) for k in (0, 1)),
            field(C, ci, lambda c: c[0][2]),
            field(P, pi, lambda p: p[0][2]),
            harassment,
            field(C, ci, lambda c: c[0][4]),
            row_hash,
            row_hash31,
        ]
        self.records = list(zip(*columns, strict=True))
        for index in self.special:
            if not vouched[index]:
                self.records[index] = None

    def _encode(self, groups: BatchGroups, fast: FastRows, first_row_no: int, blob: bytes, D, harassing, days):
        """``encoded``: the binary COPY tuples (copybinary) of the rows not in ``special``, as one
        buffer; ``count``: how many; ``pairs``: their distinct (received day, result day) pairs.

        Each field is encoded once per distinct value of its group (the small per-batch tables) and
        taken by the rows' indexes; PyArrow joins the fields of each row. Only the SHA-256 above ran
        per row in Python. The tuples are those ``copybinary.RowEncoder`` makes of the records.
        """
        n = groups.size
        self.count, self.encoded, self.pairs = 0, b"", []
        if not n:
            return
        take = self._arrow_take
        binary = pa.binary()
        stamp_at, day_at = fast.stamp_at, fast.day_at
        (ti, pi, ci) = groups.texts[1], groups.people[1], groups.choices[1]
        T, P, C = (
            [t or none for t in table]
            for table, none in (
                (groups.texts[0], ((None, None, None), "", False)),
                (groups.people[0], (("", "", ""), False, "")),
                (groups.choices[0], ((None, None, None, None, False), "", ("", "", ""), False)),
            )
        )
        indexes = [table_indexes for _, table_indexes in groups.dates]

        def seg(table: list, at: list, encode) -> pa.Array:
            return take(list(map(encode, table)), at, binary)

        codes = pc.cast(pa.array(groups.codes, type=pa.string()), binary)
        lengths = pc.binary_length(codes)
        prefixes = [struct.pack("!i", k) for k in range((pc.max(lengths).as_py() or 0) + 1)]
        code = pc.binary_join_element_wise(pa.array(prefixes, binary).take(lengths), codes, b"")
        if fast.lead is None:  # staging: the row number first
            numbers = array("i", range(first_row_no, first_row_no + n))
            if sys.byteorder == "little":
                numbers.byteswap()
            head = pc.binary_join_element_wise(
                copybinary.field_count(23) + b"\x00\x00\x00\x04", _fixed(numbers.tobytes(), 4, n), b""
            )
        else:  # the direct load: the commune's and the import's ids first
            head = pa.scalar(
                copybinary.field_count(24) + copybinary.bigint(fast.lead[0]) + copybinary.bigint(fast.lead[1]), binary
            )
        text, smallint, boolean, day = copybinary.text, copybinary.smallint, copybinary.boolean, copybinary.date
        stamps = [
            seg(table, at, lambda d: copybinary.timestamptz(d[stamp_at])) for table, at in zip(D, indexes, strict=True)
        ]
        result_missing = take([d[day_at] is None for d in D[2]], indexes[2])
        finished_day = pc.if_else(
            result_missing,
            seg(D[3], indexes[3], lambda d: day(d[day_at])),
            seg(D[2], indexes[2], lambda d: day(d[day_at])),
        )
        hexes = pc.binary_slice(pc.cast(_fixed(blob.hex().encode(), 64, n), binary), 0, 32)
        words = array("I", blob)  # the first four bytes of each digest, as the big-endian int they are
        if sys.byteorder == "little":
            words.byteswap()
        short = array("q", map((0x7FFFFFFF).__and__, words[::8]))
        if sys.byteorder == "little":
            short.byteswap()
        fields = [
            head,
            code,
            seg(T, ti, lambda t: text(t[0][0]) + text(t[0][1]) + text(t[0][2])),
            seg(C, ci, lambda c: smallint(c[0][0]) + smallint(c[0][1])),
            *stamps,
            seg(D[0], indexes[0], lambda d: day(d[day_at])),
            seg(D[1], indexes[1], lambda d: day(d[day_at])),
            finished_day,
            seg(C, ci, lambda c: smallint(c[0][3])),
            seg(P, pi, lambda p: text(p[0][0]) + text(p[0][1])),
            seg(C, ci, lambda c: smallint(c[0][2])),
            seg(P, pi, lambda p: text(p[0][2])),
            pc.if_else(harassing, pa.scalar(copybinary.TRUE, binary), pa.scalar(copybinary.FALSE, binary)),
            seg(C, ci, lambda c: boolean(c[0][4])),
            pa.scalar(b"\x00\x00\x00\x20", binary),
            hexes,
            pa.scalar(b"\x00\x00\x00\x08", binary),
            _fixed(short.tobytes(), 8, n),
        ]
        keep = [True] * n
        for index in self.special:
            keep[index] = False
        keep = pa.array(keep, pa.bool_())
        rows = pc.binary_join_element_wise(*fields, b"").filter(keep)
        self.count = len(rows)
        self._offsets = memoryview(rows.buffers()[1]).cast("i")[rows.offset :]  # native int32, as Arrow keeps them
        self._data = memoryview(rows.buffers()[2])
        self.encoded = self.chunk(0, self.count)
        received, finished = days
        key = pc.add(
            pc.multiply(pc.cast(received, pa.int64()), 4_000_000), pc.fill_null(pc.cast(finished, pa.int64()), 0)
        )
        self.pairs = []
        for number in pc.unique(key.filter(keep)).to_pylist():
            first, second = divmod(number, 4_000_000)
            self.pairs.append((dt.date.fromordinal(first), dt.date.fromordinal(second) if second else None))

    def chunk(self, start: int, stop: int):
        """The encoded tuples of the bulk rows ``start`` to ``stop`` (not counting the special rows)."""
        if start >= stop:
            return b""
        return self._data[self._offsets[start] : self._offsets[stop]]


def _fixed(data: bytes, width: int, n: int) -> pa.Array:
    """``n`` values of ``width`` bytes each, laid end to end in ``data``, as a binary array."""
    return pc.cast(pa.Array.from_buffers(pa.binary(width), n, [None, pa.py_buffer(data)]), pa.binary())
