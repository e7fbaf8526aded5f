"""``parse_row`` for the common CSV row, converting every distinct cell value only once.

A million-row log repeats the same few hundred procedures, officers, channels, statuses and
ratings, and far fewer distinct date-times than rows. ``FastRows.record`` looks each cell (or group
of cells) up in a cache filled by the very functions ``parse_row`` uses (``clean_cell``,
``parse_choice``, ``parse_datetime``…), checks the row rules, and builds the same record with the
same hash. Whenever anything is unusual — a value those functions refuse, a broken row rule, a
short record — it returns None and the caller runs ``parse_row``, which gives the record or the exact
errors. So the rules and the Vietnamese messages have one source; ``record`` only ever returns what
``parse_row`` would (tests/kpi/test_importer_fast.py checks both on the same rows, fixed and random).
"""

from __future__ import annotations

import datetime as dt
import operator
from hashlib import sha256

from django.utils import timezone

from kpi.importer.columns import (
    CHANNELS,
    MAX_LENGTHS,
    STATUSES,
    CellError,
    local_day,
    mentions_harassment,
    parse_count,
    parse_datetime,
    parse_flag,
)
from kpi.importer.rows import (
    CHANNEL_REASON,
    DATE_KEYS,
    STATUS_REASON,
    _utc_text,
    pg_timestamp,
    read_rating,
    read_required_choice,
)
from tanbinh_portal.text import clean_cell

CACHE_LIMIT = 100_000  # entries per cache; a cache that grows past it starts again (memory stays flat)
TEXT_KEYS = ("procedure_code", "procedure_name", "field")
PEOPLE_KEYS = ("receiver", "handler", "dissatisfaction_reason")
CHOICE_KEYS = ("channel", "status", "rating", "supplement_count", "four_on_spot")
NO_DATE = (None, None, None, None, False, None, "", "")


class FastRows:
    """Records for the rows of one file (one header mapping), or None when parse_row must decide."""

    def __init__(
        self,
        positions: dict[str, int],
        with_offset: bool,
        now: dt.datetime | None = None,
        *,
        binary: bool = False,
        lead: tuple[int, int] | None = None,
    ):
        self.with_offset = with_offset
        self.binary, self.lead = binary, lead
        # Where a date entry (see _date) keeps the record's value: texts, or a binary COPY's values.
        self.stamp_at, self.day_at = (5, 2) if binary else (1, 3)
        self.now = now or timezone.now()  # the time of import, as parse_row is given it
        # A column the header lacks reads as an empty cell: the one appended to every record.
        self.pad = any(key not in positions for key in (*TEXT_KEYS, *PEOPLE_KEYS, *CHOICE_KEYS, *DATE_KEYS))

        def getter(keys):
            return operator.itemgetter(*(positions.get(key, -1) for key in keys))

        self.code_index = positions["code"]
        self.texts, self.text_cells = {}, getter(TEXT_KEYS)
        self.people, self.people_cells = {}, getter(PEOPLE_KEYS)
        self.choices, self.choice_cells = {}, getter(CHOICE_KEYS)
        self.dates, self.date_cells = {}, getter(DATE_KEYS)

    @staticmethod
    def _fill(cache: dict, key, convert):
        """Convert a value not seen yet; a value the converter refuses is cached as False."""
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        try:
            value = convert(key)
        except CellError:
            value = False
        cache[key] = value = value or False
        return value

    def record(self, cells: list, row_no: int) -> tuple | None:
        """The record parse_row would give this row, or None (then parse_row decides).

        With ``binary`` the date-times and dates are Python values, as a binary COPY takes them (the
        record ``pipeline._BinaryValues`` makes of parse_row's); with ``lead`` (commune, import) the record
        starts with that pair instead of the row number. Written flat, with local names: it runs once per row
        of a million-row file.
        """
        if self.pad:
            cells = [*cells, ""]
        fill, dates = self._fill, self.dates
        try:
            code = clean_cell(cells[self.code_index])
            texts = self.texts.get(key := self.text_cells(cells)) or fill(self.texts, key, _texts)
            people = self.people.get(key := self.people_cells(cells)) or fill(self.people, key, _people)
            choices = self.choices.get(key := self.choice_cells(cells)) or fill(self.choices, key, _choices)
            raw_received, raw_due, raw_result, raw_returned = self.date_cells(cells)
        except IndexError:  # a short record
            return None
        received = dates.get(raw_received) or fill(dates, raw_received, self._date)
        due = dates.get(raw_due) or fill(dates, raw_due, self._date)
        result = dates.get(raw_result) or fill(dates, raw_result, self._date)
        returned = dates.get(raw_returned) or fill(dates, raw_returned, self._date)
        return self.combine(row_no, code, texts, people, choices, received, due, result, returned)

    def combine(self, row_no, code, texts, people, choices, received, due, result, returned) -> tuple | None:
        """The record of a row from its cleaned code and its converted cell groups (the caches' entries:
        False for a value a converter refused), or None when parse_row must decide. ``record`` looks
        the groups up row by row; ``kpi.importer.columnar`` looks them up for a whole column batch at
        once and calls this for each row, so both paths build their records with this one code.
        """
        if not (texts and people and choices and received and due and result and returned):
            return None
        if not 0 < len(code) <= MAX_LENGTHS["code"]:
            return None
        (channel, status, rating, count, four), choice_text, tail_text, rating_three = choices
        received_day = received[2]
        if received_day is None or (due[0] is None and status not in (1, 3)):
            return None
        if due[2] is not None and due[2] < received_day:
            return None
        if received[4] or result[4] or returned[4]:  # later than the time of import
            return None
        if (result[2] is not None and result[2] < received_day) or (
            returned[2] is not None and returned[2] < received_day
        ):
            return None
        finished = result if result[0] is not None else returned
        (receiver, handler, reason), mentions, people_text = people
        harassment = rating_three and mentions
        digest = sha256(
            f"{code}\x1f{texts[1]}\x1f{choice_text}\x1f{received[0]}\x1f{due[6]}\x1f{result[6]}\x1f"
            f"{returned[6]}\x1f{received[3]}\x1f{due[7]}\x1f{finished[7]}\x1f{tail_text[0]}\x1f{people_text}"
            f"\x1f{tail_text[1]}\x1f{reason}\x1f{'True' if harassment else 'False'}\x1f{tail_text[2]}".encode()
        ).hexdigest()
        procedure_code, procedure_name, field = texts[0]
        stamp, day = self.stamp_at, self.day_at
        lead = self.lead
        if lead is None:  # two literal tuples: unpacking the lead into one cost a microsecond a row
            return (
                row_no,
                code,
                procedure_code,
                procedure_name,
                field,
                channel,
                status,
                received[stamp],
                due[stamp],
                result[stamp],
                returned[stamp],
                received[day],
                due[day],
                finished[day],
                count,
                receiver,
                handler,
                rating,
                reason,
                harassment,
                four,
                digest[:32],
                int(digest[:8], 16) & 0x7FFFFFFF,
            )
        return (
            lead[0],
            lead[1],
            code,
            procedure_code,
            procedure_name,
            field,
            channel,
            status,
            received[stamp],
            due[stamp],
            result[stamp],
            returned[stamp],
            received[day],
            due[day],
            finished[day],
            count,
            receiver,
            handler,
            rating,
            reason,
            harassment,
            four,
            digest[:32],
            int(digest[:8], 16) & 0x7FFFFFFF,
        )

    def _date(self, raw) -> tuple:
        """(text hashed, text stored, local date, its ISO text, later than now, the instant in UTC, the
        text hashed or "", the ISO text or "") as parse_row and the binary COPY make them."""
        moment = parse_datetime(raw)
        if moment is None:
            return NO_DATE
        day = local_day(moment)
        hashed = _utc_text(moment, self.with_offset)
        stored = pg_timestamp(moment) if self.with_offset else hashed
        instant = moment.astimezone(dt.UTC) if self.binary else None
        return hashed, stored, day, day.isoformat(), moment > self.now, instant, hashed, day.isoformat()


def _texts(cells: tuple) -> tuple | None:
    values = tuple(clean_cell(cell) for cell in cells)
    for key, value in zip(TEXT_KEYS, values, strict=True):
        if len(value) > MAX_LENGTHS[key]:
            return None
    if not values[1] or not values[2]:  # Tên thủ tục and Lĩnh vực are required
        return None
    return values, "\x1f".join(values)


def _people(cells: tuple) -> tuple | None:
    receiver, handler, reason = (clean_cell(cell) for cell in cells)
    if len(receiver) > MAX_LENGTHS["receiver"] or len(handler) > MAX_LENGTHS["handler"]:
        return None
    receiver, handler = receiver.title(), handler.title()
    return (receiver, handler, reason), mentions_harassment(reason), f"{receiver}\x1f{handler}"


def _choices(cells: tuple) -> tuple:
    channel, status, rating, count, four = cells
    values = (
        read_required_choice(channel, CHANNELS, CHANNEL_REASON),
        read_required_choice(status, STATUSES, STATUS_REASON),
        read_rating(rating),
        parse_count(count),
        parse_flag(four),
    )
    channel, status, rating, count, four = values
    # The hashed texts around the officers' names: count, then rating, then 4 tại chỗ.
    tail = (str(count), "" if rating is None else str(rating), str(four))
    return values, f"{channel}\x1f{status}", tail, rating == 3
