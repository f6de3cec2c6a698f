"""The 工作进度 parser and the date options, by example and by property."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcity.plan.deadlines import Deadline, DeadlineError, date_range, parse_date, parse_deadline

END = date(2010, 12, 31)


@pytest.mark.parametrize(
    ("text", "due", "standing"),
    [
        ("2008年9月", date(2008, 9, 30), False),
        ("2009年3月", date(2009, 3, 31), False),
        ("2009年2月", date(2009, 2, 28), False),
        ("2008年2月", date(2008, 2, 29), False),
        ("2009年底", date(2009, 12, 31), False),
        ("2010年末", date(2010, 12, 31), False),
        ("2010年底前", date(2010, 12, 31), False),
        ("2009年上半年", date(2009, 6, 30), False),
        ("2009年下半年", date(2009, 12, 31), False),
        ("2009年第三季度", date(2009, 9, 30), False),
        ("2009-05-01", date(2009, 5, 1), False),
        ("2009年5月1日", date(2009, 5, 1), False),
        ("试点期内", END, False),
        ("试点期末", END, False),
        ("常设", None, True),
        ("2008年,以后常设", date(2008, 12, 31), True),
        ("2008年，以后常设", date(2008, 12, 31), True),
        (" 2009年 3月 ", date(2009, 3, 31), False),
        ("２００９年３月", date(2009, 3, 31), False),
    ],
)
def test_phrases_of_the_annex_and_their_kin(text: str, due: date | None, standing: bool) -> None:
    assert parse_deadline(text, END) == Deadline(text, due, standing)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2009年13月", "无法识别的工作进度「2009年13月」"),
        ("尽快", "无法识别的工作进度「尽快」"),
        ("2009-02-30", "无法识别的工作进度「2009-02-30」"),
        ("", "工作进度为空"),
        ("常设常设", "无法识别的工作进度「常设常设」"),
    ],
)
def test_unknown_phrases_are_named(text: str, message: str) -> None:
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(text, END)
    assert str(caught.value) == message


def test_date_options_cover_a_span() -> None:
    assert date_range("2009年3月") == (date(2009, 3, 1), date(2009, 3, 31))
    assert date_range("2009年") == (date(2009, 1, 1), date(2009, 12, 31))
    assert date_range("2010年底") == (date(2010, 12, 31), date(2010, 12, 31))
    assert parse_date("2009年3月", end=False) == date(2009, 3, 1)
    assert parse_date("2009年3月") == date(2009, 3, 31)
    with pytest.raises(DeadlineError, match="日期不存在「2009-02-30」"):
        parse_date("2009-02-30")


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


@given(days)
def test_any_iso_date_is_its_own_deadline(day: date) -> None:
    assert parse_deadline(day.isoformat(), END).due == day
    assert parse_deadline(f"{day.year}年{day.month}月{day.day}日", END).due == day


@given(days)
def test_a_month_means_its_last_day(day: date) -> None:
    last = calendar.monthrange(day.year, day.month)[1]
    assert parse_deadline(f"{day.year}年{day.month}月", END).due == day.replace(day=last)
    assert parse_deadline(f"{day.year}年底", END).due == date(day.year, 12, 31)


@given(days)
def test_then_standing_keeps_the_first_due_date(day: date) -> None:
    parsed = parse_deadline(f"{day.isoformat()},以后常设", END)
    assert (parsed.due, parsed.standing) == (day, True)


@pytest.mark.slow
@given(st.text())
def test_any_text_is_read_or_refused_with_a_deadline_error(text: str) -> None:
    try:
        parsed = parse_deadline(text, END)
    except DeadlineError as exc:
        assert str(exc)
    else:
        assert parsed.text == text
        assert parsed.due is not None or parsed.standing
