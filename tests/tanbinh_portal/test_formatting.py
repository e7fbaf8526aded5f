import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import formats

from tanbinh_portal.formatting import format_number, format_percent, format_target
from tanbinh_portal.templatetags.portal import roman, vn_date_line


def test_numbers_use_decimal_comma_and_dot_thousands():
    assert format_number(Decimal("1.30")) == "1,3"
    assert format_number(1234567) == "1.234.567"
    assert format_number(Decimal("95.005")) == "95,01"
    assert format_number(None) == ""
    assert format_percent(Decimal("1.3")) == "1,3%"


def test_targets_read_as_the_plan_writes_them():
    assert format_target("gte", Decimal("95"), "%") == "≥ 95%"
    assert format_target("lt", Decimal("1.3"), "%") == "< 1,3%"
    # What kpi.year_comparison compares; the dashboard announces its in-year fallback where it uses it.
    assert format_target("increase", None, "%") == "Nâng cao so với cùng kỳ năm trước"


def test_date_line_pads_days_below_ten_and_months_january_and_february_only():
    assert vn_date_line(dt.date(2022, 1, 5)) == "ngày 05 tháng 01 năm 2022"
    assert vn_date_line(dt.date(2022, 3, 15)) == "ngày 15 tháng 3 năm 2022"
    assert vn_date_line(dt.date(2022, 12, 9)) == "ngày 09 tháng 12 năm 2022"


def test_django_date_format_is_day_month_year(settings):
    assert formats.date_format(dt.date(2022, 1, 2), "SHORT_DATE_FORMAT") == "02/01/2022"
    rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": dt.date(2022, 1, 2)}))
    assert rendered == "02/01/2022"


def test_roman_numerals_for_plan_headings():
    assert [roman(n) for n in (1, 2, 3, 4, 5, 9)] == ["I", "II", "III", "IV", "V", "IX"]
