"""Pay cycles (salesbook.rules.paycycle): when a customer has money."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesbook.errors import ValidationError
from salesbook.rules.paycycle import NONE, PayCycle, decode, next_payday, parse_pay_cycle


def is_payday(c: PayCycle, d: date) -> bool:
    """An independent oracle: is ``d`` a payday of ``c``? (none: every day is)."""
    last = calendar.monthrange(d.year, d.month)[1]
    if c.kind in ("monthly", "twice"):
        return any(d.day == min(day, last) for day in c.days)
    if c.kind == "weekly":
        return d.weekday() == c.weekday
    if c.kind == "biweekly":
        return (d - c.anchor).days % 14 == 0
    return True


DAYS = st.integers(1, 31)
CYCLES = st.one_of(
    st.just(NONE),
    DAYS.map(lambda d: PayCycle("monthly", (d,))),
    st.tuples(DAYS, DAYS)
    .filter(lambda ab: ab[0] != ab[1])
    .map(lambda ab: PayCycle("twice", tuple(sorted(ab)))),
    st.integers(0, 6).map(lambda w: PayCycle("weekly", weekday=w)),
    st.dates(date(2020, 1, 1), date(2030, 12, 31)).map(lambda a: PayCycle("biweekly", anchor=a)),
)
ON = st.dates(date(2020, 1, 1), date(2031, 12, 31))


@given(CYCLES, ON)
def test_next_payday_is_the_first_payday_on_or_after(cycle, on):
    nxt = next_payday(cycle, on)
    assert nxt >= on
    assert is_payday(cycle, nxt)
    d = on
    while d < nxt:  # no payday is skipped
        assert not is_payday(cycle, d), d
        d += timedelta(days=1)
    assert (nxt - on).days <= 31


@given(CYCLES)
def test_stored_form_round_trips(cycle):
    assert decode(cycle.encode()) == cycle
    assert parse_pay_cycle(cycle.encode()) == cycle


@pytest.mark.parametrize(
    "on, expected",
    [
        (date(2026, 1, 31), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),  # short month: its last day
        (date(2028, 2, 1), date(2028, 2, 29)),  # leap year
        (date(2100, 2, 1), date(2100, 2, 28)),  # 2100 is not a leap year
        (date(2026, 4, 15), date(2026, 4, 30)),
        (date(2026, 3, 1), date(2026, 3, 31)),
    ],
)
def test_monthly_day_31_is_the_last_day_of_short_months(on, expected):
    assert next_payday(PayCycle("monthly", (31,)), on) == expected


def test_monthly_day_30_in_february():
    assert next_payday(PayCycle("monthly", (30,)), date(2026, 2, 10)) == date(2026, 2, 28)
    assert next_payday(PayCycle("monthly", (30,)), date(2026, 3, 1)) == date(2026, 3, 30)


def test_monthly_rolls_into_next_month_and_year():
    assert next_payday(PayCycle("monthly", (10,)), date(2026, 3, 11)) == date(2026, 4, 10)
    assert next_payday(PayCycle("monthly", (10,)), date(2026, 12, 11)) == date(2027, 1, 10)
    assert next_payday(PayCycle("monthly", (10,)), date(2026, 3, 10)) == date(2026, 3, 10)


def test_twice_monthly():
    c = PayCycle("twice", (15, 31))
    assert next_payday(c, date(2026, 2, 1)) == date(2026, 2, 15)
    assert next_payday(c, date(2026, 2, 16)) == date(2026, 2, 28)
    assert next_payday(c, date(2026, 3, 1)) == date(2026, 3, 15)


def test_weekly_friday():
    c = PayCycle("weekly", weekday=4)
    assert next_payday(c, date(2026, 3, 2)) == date(2026, 3, 6)  # Monday -> Friday
    assert next_payday(c, date(2026, 3, 6)) == date(2026, 3, 6)
    assert next_payday(c, date(2026, 3, 7)) == date(2026, 3, 13)


def test_biweekly_from_anchor_both_sides():
    c = PayCycle("biweekly", anchor=date(2026, 1, 2))
    assert next_payday(c, date(2026, 1, 2)) == date(2026, 1, 2)
    assert next_payday(c, date(2026, 1, 3)) == date(2026, 1, 16)
    assert next_payday(c, date(2025, 12, 18)) == date(2025, 12, 19)  # before the anchor
    assert next_payday(c, date(2025, 12, 20)) == date(2026, 1, 2)


def test_none_pays_on_delivery():
    assert next_payday(NONE, date(2026, 3, 7)) == date(2026, 3, 7)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("每月10号", PayCycle("monthly", (10,))),
        ("10", PayCycle("monthly", (10,))),
        (10, PayCycle("monthly", (10,))),
        (10.0, PayCycle("monthly", (10,))),
        ("20日", PayCycle("monthly", (20,))),
        ("月底", PayCycle("monthly", (31,))),
        ("月末", PayCycle("monthly", (31,))),
        ("每月二十号", PayCycle("monthly", (20,))),
        ("5,20", PayCycle("twice", (5, 20))),
        ("20，5", PayCycle("twice", (5, 20))),
        ("每月5号和20号", PayCycle("twice", (5, 20))),
        ("15和月底", PayCycle("twice", (15, 31))),
        ("每周五", PayCycle("weekly", weekday=4)),
        ("星期一", PayCycle("weekly", weekday=0)),
        ("周日", PayCycle("weekly", weekday=6)),
        ("weekly:fri", PayCycle("weekly", weekday=4)),
        ("双周 2026-01-02", PayCycle("biweekly", anchor=date(2026, 1, 2))),
        ("biweekly:2026-01-02", PayCycle("biweekly", anchor=date(2026, 1, 2))),
        ("", NONE),
        (None, NONE),
        ("货到付款", NONE),
        ("none", NONE),
    ],
)
def test_parse_pay_cycle(written, expected):
    assert parse_pay_cycle(written) == expected


@pytest.mark.parametrize(
    "written", ["40", 40, "0", 0, "32号", "5,20,25", "每周八", "abc", 10.5, float("nan"), "-1"]
)
def test_parse_pay_cycle_refuses(written):
    with pytest.raises(ValidationError) as err:
        parse_pay_cycle(written)
    assert err.value.key == "bad_pay_day"
    assert err.value.field == "pay_day"
    assert "发薪日" in err.value.message("zh")


def test_describe():
    assert PayCycle("monthly", (31,)).describe("zh") == "每月月底"
    assert PayCycle("monthly", (10,)).describe("en") == "monthly on day 10"
    assert PayCycle("weekly", weekday=4).describe("zh") == "每周五"
    assert NONE.describe("zh") == "货到付款"


def test_unknown_stored_text_reads_as_none():
    assert decode("garbage") == NONE
    assert decode(None) == NONE
