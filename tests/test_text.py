"""Parsing what people type or what spreadsheets hold (salesbook.rules.text)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesbook.errors import ValidationError
from salesbook.i18n import MESSAGES
from salesbook.rules import paycycle, text

# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-05",
        "2026/3/5",
        "2026.3.5",
        "2026年3月5日",
        "2026年3月5号",
        " 2026-03-05 ",
        "２０２６－０３－０５",  # full-width
        "2026/03/05 08:30",
        "2026-03-05T08:30:00",
        "20260305",
        46086,  # Excel serial
        46086.0,
        46086.75,  # a serial with a time of day
        "46086",  # a serial stored as text
        date(2026, 3, 5),
        datetime(2026, 3, 5, 17, 45),
    ],
)
def test_parse_date_accepts_the_usual_forms(value):
    assert text.parse_date(value) == date(2026, 3, 5)


@pytest.mark.parametrize(
    "value", ["2026-02-30", "2026-13-01", "2025-02-29", "2026年4月31日", "20260230"]
)
def test_impossible_dates_are_refused_as_impossible(value):
    with pytest.raises(ValidationError) as err:
        text.parse_date(value, field="date")
    assert err.value.key == "impossible_date"
    assert err.value.field == "date"
    assert value in err.value.message("en")


def test_leap_day_is_a_real_date():
    assert text.parse_date("2028-02-29") == date(2028, 2, 29)


@pytest.mark.parametrize(
    "value",
    ["", None, "yesterday", "3/5", "2026-03", "05-03-2026", "1800-01-01", 0, -5, True, 1e12],
)
def test_bad_dates_are_refused(value):
    with pytest.raises(ValidationError) as err:
        text.parse_date(value)
    assert err.value.key in ("bad_date", "impossible_date")


def test_date_message_names_the_field_in_both_languages():
    err = pytest.raises(ValidationError, text.parse_date, "2026-02-30", field="date").value
    assert err.message("en") == "date '2026-02-30' is not a real date"
    assert err.message("zh") == "日期“2026-02-30”是不存在的日期"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_any_real_date_round_trips_through_every_written_form(d):
    for form in (
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}年{d.month}月{d.day}日",
    ):
        assert text.parse_date(form) == d
    serial = (d - date(1899, 12, 30)).days
    assert text.parse_date(serial) == d


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "value, expected",
    [
        ("13912345678", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("１３９１２３４５６７８", "13912345678"),  # full-width
        ("１３９　１２３４　５６７８", "13912345678"),  # full-width spaces too
        ("(010) 6552-1234", "01065521234"),
        ("+86 139 1234 5678", "13912345678"),  # mainland: the country code goes
        ("+86 138-0000-0013", "13800000013"),
        ("(+86) 138 0000 0013", "13800000013"),
        ("0086 13800000013", "13800000013"),
        ("8613800000013", "13800000013"),
        ("＋８６ １３８００００００１３", "13800000013"),
        ("+86 10 6552 1234", "01065521234"),  # a Beijing landline as dialled at home
        ("+86 755 8888 1234", "075588881234"),
        ("+86 (0)755 8888 1234", "075588881234"),
        ("0086 21 6552 1234", "02165521234"),
        ("+852 9123 4567", "+85291234567"),  # Hong Kong: kept as typed
        ("+44 20 7946 0958", "+442079460958"),
        ("+86 12 3456", "+86123456"),  # not clearly a mainland number: kept
        (13912345678, "13912345678"),
        (13912345678.0, "13912345678"),  # a spreadsheet number
        ("13912345678.0", "13912345678"),  # a spreadsheet number saved as text (CSV)
        ("", None),
        (None, None),
        (float("nan"), None),  # an empty spreadsheet cell
    ],
)
def test_parse_phone(value, expected):
    assert text.parse_phone(value) == expected


_mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
_seps = st.sampled_from(["", " ", "-", " - ", "　"])


@given(
    _mobiles, st.sampled_from(["", "+86", "+86 ", "0086", "0086 ", "86", "(+86) ", "＋86"]), _seps
)
def test_a_mainland_mobile_is_one_number_however_written(mobile, prefix, sep):
    typed = prefix + sep.join([mobile[:3], mobile[3:7], mobile[7:]])
    assert text.parse_phone(typed) == mobile


@given(st.from_regex(r"\+?[0-9][0-9 \-]{3,18}", fullmatch=True))
def test_parse_phone_is_idempotent(typed):
    try:
        once = text.parse_phone(typed)
    except ValidationError:
        return
    assert once is None or text.parse_phone(once) == once


@pytest.mark.parametrize(
    "value",
    ["abc", "1234", "139123456789012345", "12012345678", "139-abcd-5678", float("inf"), 1.5],
)
def test_bad_phones_are_refused(value):
    with pytest.raises(ValidationError) as err:
        text.parse_phone(value)
    assert err.value.key == "bad_phone"


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "value, expected",
    [
        (3, 3),
        ("3", 3),
        ("３", 3),
        ("3.0", 3),
        (3.0, 3),
        ("三", 3),
        ("三口人", 3),
        ("3口人", 3),
        ("两口", 2),
        ("五人", 5),
        ("十二", 12),
        ("二十五", 25),
        ("一百零五", 105),
        ("壹佰", 100),
        (" 4 人 ", 4),
    ],
)
def test_parse_int(value, expected):
    assert text.parse_int(value) == expected


@pytest.mark.parametrize("value", ["", "abc", "3.5", 3.5, True, "三点五", "1" * 300, float("nan")])
def test_parse_int_refuses(value):
    with pytest.raises(ValidationError) as err:
        text.parse_int(value, field="household_size")
    assert err.value.field == "household_size"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1,234.5", Decimal("1234.5")),
        ("１２.５", Decimal("12.5")),
        ("¥12", Decimal(12)),
        ("￥12", Decimal(12)),
        ("12元", Decimal(12)),
        ("10kg", Decimal(10)),
        ("5桶", Decimal(5)),
        ("三", Decimal(3)),
        (2.5, Decimal("2.5")),
        (7, Decimal(7)),
    ],
)
def test_parse_decimal(value, expected):
    assert text.parse_decimal(value) == expected


@pytest.mark.parametrize(
    "value, fen",
    [
        ("12.5", 1250),
        ("¥1,200", 120000),
        (12, 1200),
        ("0.1", 10),
        (0.1, 10),  # a float from a spreadsheet, without float rounding noise
        (1.15, 115),  # 1.15 * 100 is 114.99999999999999 in floats
        ("0.005", 1),  # half up
        ("0.004", 0),
        ("123.40", 12340),
        ("十", 1000),
    ],
)
def test_money_to_fen_is_exact(value, fen):
    got = text.parse_money_fen(value)
    assert got == fen
    assert type(got) is int


@pytest.mark.parametrize("value", ["-1", -1, "abc", "NaN", "Infinity", 1e300, 10**40, float("inf")])
def test_bad_money_is_refused(value):
    with pytest.raises(ValidationError):
        text.parse_money_fen(value)


def test_zero_money_refused_when_not_allowed():
    assert text.parse_money_fen("0") == 0
    with pytest.raises(ValidationError) as err:
        text.parse_money_fen("0", field="amount", allow_zero=False)
    assert err.value.key == "not_positive"


@pytest.mark.parametrize("value", ["0", 0, "-3", -0.5, "零"])
def test_quantity_must_be_positive(value):
    with pytest.raises(ValidationError) as err:
        text.parse_quantity(value)
    assert err.value.key == "not_positive"
    assert err.value.field == "quantity"


def test_quantity_too_large():
    with pytest.raises(ValidationError) as err:
        text.parse_quantity("2000000")
    assert err.value.key == "too_large"


@pytest.mark.parametrize(
    "fen, s, yuan", [(12340, "123.40", "¥123.40"), (5, "0.05", "¥0.05"), (0, "0.00", "¥0.00"),
                     (-250, "-2.50", "-¥2.50")]
)  # fmt: skip
def test_fen_formatting(fen, s, yuan):
    assert text.fen_to_str(fen) == s
    assert text.fen_to_yuan(fen) == yuan


@given(st.integers(min_value=0, max_value=10**12))
def test_fen_round_trip(fen):
    assert text.parse_money_fen(text.fen_to_str(fen)) == fen


# ---------------------------------------------------------------- levels


@pytest.mark.parametrize(
    "value, level",
    [
        ("过客", "passerby"),
        ("熟人", "acquaintance"),
        ("朋友", "friend"),
        ("知己", "confidant"),
        ("好朋友", "friend"),
        ("老朋友", "friend"),
        ("老客户", "acquaintance"),
        ("新客户", "passerby"),
        ("挚友", "confidant"),
        ("Friend", "friend"),
        ("passer-by", "passerby"),
        ("ｆｒｉｅｎｄ", "friend"),
        ("", "passerby"),
        ("2", "friend"),
    ],
)
def test_parse_level(value, level):
    assert text.parse_level(value) == level


@pytest.mark.parametrize("value", ["x", "enemy", "9", "過客"])
def test_unknown_level_refused(value):
    with pytest.raises(ValidationError) as err:
        text.parse_level(value)
    assert err.value.key == "bad_level"
    assert "过客" in err.value.message("zh")


def test_level_names():
    assert [text.level_name(lv, "zh") for lv in text.LEVELS] == ["过客", "熟人", "朋友", "知己"]
    assert text.level_name("passerby", "en") == "passer-by"


# ---------------------------------------------------------------- quantities with a unit


@given(st.decimals(min_value="0.01", max_value="10000", places=2))
def test_a_unit_with_a_certain_size_converts_exactly(n):
    assert text.parse_quantity(f"{n}斤", unit="kg") == float(n / 2)
    assert text.parse_quantity(f"{n}kg", unit="斤") == float(n * 2)
    assert text.parse_quantity(f"{n} 毫升", unit="L") == float(n / 1000)
    assert text.parse_quantity(f"{n}公斤", unit="千克") == float(n)
    assert text.parse_quantity(f"{n}袋", unit="袋") == float(n)
    assert text.parse_quantity(f"{n}袋") == float(n)  # unit unknown: not checked
    assert text.parse_quantity(n, unit="kg") == float(n)  # a number has no unit


@pytest.mark.parametrize(
    "typed, unit",
    [("2袋", "kg"), ("3斤", "桶"), ("2kg", "L"), ("500ml", "kg"), ("2瓶", "桶"), ("2袋", "")],
)
def test_a_unit_of_uncertain_size_is_refused_naming_it(typed, unit):
    with pytest.raises(ValidationError) as err:
        text.parse_quantity(typed, unit=unit)
    assert err.value.key in ("unit_unconvertible", "unit_no_product_unit")
    assert err.value.params["unit"] == typed.lstrip("0123456789")
    assert f"“{err.value.params['unit']}”" in err.value.message("zh")


# ---------------------------------------------------------------- fuzz

PARSERS = [
    text.parse_int,
    text.parse_decimal,
    text.parse_quantity,
    lambda v: text.parse_quantity(v, unit="kg"),  # a typed unit converted, or refused
    lambda v: text.parse_quantity(v, unit="袋"),
    lambda v: text.parse_quantity(v, unit=""),
    text.parse_money_fen,
    text.parse_date,
    text.parse_phone,
    text.parse_level,
    paycycle.parse_pay_cycle,
]
# Characters the parsers look for, so the fuzz reaches past the first check.
NEAR = st.text(
    st.sampled_from(
        list(
            "0123456789０１２-/.,，:年月日号人口元¥kgL eE+_十百千零一二三两五每周双和底T斤半袋克ml升"
        )
    ),
    max_size=24,
)
CELLS = st.one_of(
    st.text(max_size=60),
    NEAR,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.none(),
    st.booleans(),
    st.decimals(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=400, deadline=None)
@given(CELLS)
def test_parsers_only_ever_raise_validation_error(value):
    for parse in PARSERS:
        try:
            parse(value)
        except ValidationError as err:
            # and the message can be shown in both languages
            assert err.message("zh") and err.message("en")
            assert err.key in MESSAGES
