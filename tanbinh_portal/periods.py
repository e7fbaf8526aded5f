"""Calendar logic in the Asia/Ho_Chi_Minh zone: local dates, months, campaign periods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_now() -> dt.datetime:
    return timezone.now().astimezone(LOCAL_TZ)


def local_today() -> dt.date:
    return local_now().date()


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Việt Nam of an aware datetime (naive means already local)."""
    if timezone.is_naive(moment):
        return moment.date()
    return moment.astimezone(LOCAL_TZ).date()


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """``'2022-03' -> Month(2022, 3)``; raises ValueError on anything else."""
        year_text, sep, month_text = text.partition("-")
        if not sep or len(year_text) != 4 or len(month_text) != 2:
            raise ValueError(f"not a month: {text!r}")
        month = cls(int(year_text), int(month_text))
        if not 1 <= month.month <= 12:
            raise ValueError(f"not a month: {text!r}")
        return month

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"Tháng {self.month:02d}/{self.year}"


def months_between(start: dt.date, end: dt.date) -> list[Month]:
    """Every calendar month touching [start, end], in order."""
    months, current, last = [], Month.of(start), Month.of(end)
    while current <= last:
        months.append(current)
        current = current.next()
    return months


def event_date(
    day: dt.date | None, *, what: str, earliest: dt.date | None = None, latest: dt.date | None = None
) -> dt.date:
    """The date of an event a document records: entered (back-dated when a paper is entered later) or today.

    Never in the future, never before ``earliest`` nor after ``latest`` (the campaign's timeline).
    ``what`` names the date in the message: "Ngày đăng ký".
    """
    today = local_today()
    day = day or today
    if isinstance(day, dt.datetime):
        day = day.date()
    if day > today:
        raise ValidationError(f"{what} ({day:%d/%m/%Y}) chưa đến; hãy nhập ngày đã diễn ra.", code="future_date")
    if earliest and day < earliest:
        raise ValidationError(
            f"{what} ({day:%d/%m/%Y}) sớm hơn ngày {earliest:%d/%m/%Y} của phong trào; hãy kiểm tra lại.",
            code="too_early",
        )
    if latest and day > latest:
        raise ValidationError(
            f"{what} ({day:%d/%m/%Y}) muộn hơn ngày {latest:%d/%m/%Y} của phong trào; hãy kiểm tra lại.",
            code="too_late",
        )
    return day
