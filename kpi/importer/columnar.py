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

import io
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from kpi.importer.fast import CHOICE_KEYS, PEOPLE_KEYS, TEXT_KEYS, FastRows, _choices, _people, _texts
from kpi.importer.rows import DATE_KEYS
from tanbinh_portal.text import clean_cell

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

    def rows(self):
        """Per row: (code, texts, people, choices, received, due, result, returned, route or None)."""
        (texts, ti), (people, pi), (choices, ci) = self.texts, self.people, self.choices
        (da, ai), (db, bi), (dc, ci2), (dd, di) = self.dates
        if self.route is None:
            routes = [None] * self.size
        else:
            table, indexes = self.route
            routes = [table[i] for i in indexes]
        for code, t, p, c, a, b, r, d, route in zip(self.codes, ti, pi, ci, ai, bi, ci2, di, routes, strict=True):
            yield code, texts[t], people[p], choices[c], da[a], db[b], dc[r], dd[d], route
