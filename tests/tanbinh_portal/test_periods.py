import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tanbinh_portal.periods import Month, local_date, months_between


def test_local_date_converts_utc_evening_to_next_day_in_vietnam():
    moment = dt.datetime(2022, 1, 31, 17, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on 1 February in Hà Nội
    assert local_date(moment) == dt.date(2022, 2, 1)


def test_month_boundaries_and_parsing():
    feb = Month.parse("2022-02")
    assert (feb.first_day, feb.last_day) == (dt.date(2022, 2, 1), dt.date(2022, 2, 28))
    assert Month(2022, 12).next() == Month(2023, 1)
    assert str(Month(2022, 3)) == "2022-03"


@pytest.mark.parametrize("text", ["2022-13", "2022-1", "22-01", "abc", "2022/01"])
def test_month_parse_refuses_malformed_text(text):
    with pytest.raises(ValueError):
        Month.parse(text)


def test_campaign_period_spans_twelve_months():
    months = months_between(dt.date(2022, 1, 2), dt.date(2022, 12, 31))
    assert len(months) == 12 and months[0] == Month(2022, 1) and months[-1] == Month(2022, 12)
