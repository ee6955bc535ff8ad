"""Hostile input: whatever a person types or a spreadsheet holds, the parsers
and the importer either return a value or raise a SalesbookError (a clear,
translated message), never another exception (a traceback)."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from salesbook.errors import SalesbookError
from salesbook.records.customers import clean_fields
from salesbook.rules import paycycle, text

# Characters people and spreadsheets actually produce around numbers and dates.
TYPED = "0123456789０１２３４５６７８９.,-+/:：年月日号周星期一二三四五六七八九十百千万零两俩口人元¥￥ eE%()（）kg斤"
typed_text = st.text(alphabet=TYPED, max_size=30)
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    typed_text,
    st.dates(),
    st.datetimes(),
    st.binary(max_size=20),
    st.lists(st.integers(), max_size=3),
)

# SALESBOOK_FUZZ=20 runs twenty times as many examples (a deeper hunt, outside CI).
SCALE = int(os.environ.get("SALESBOOK_FUZZ", "1"))
FUZZ = settings(
    max_examples=120 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def returns_or_clear_error(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except SalesbookError as exc:
        msg = exc.message("en")
        assert msg and not msg.startswith(exc.key + " {"), f"untranslated {exc.key}"
        assert exc.message("zh")
        return None


PARSERS = [
    text.parse_int,
    text.parse_decimal,
    text.parse_quantity,
    text.parse_money_fen,
    text.parse_date,
    text.parse_phone,
    text.parse_level,
    paycycle.parse_pay_cycle,
]


@pytest.mark.parametrize("parser", PARSERS, ids=lambda f: f.__name__)
@FUZZ
@given(value=anything)
@example(value=float("inf"))
@example(value=float("nan"))
@example(value=Decimal("sNaN"))
@example(value=10**40)
@example(value="9" * 300)
@example(value="1e999999")
@example(value="-0")
@example(value="٣٤٥")  # Arabic-Indic digits
@example(value="2026-02-30")
@example(value="99999")
@example(value="十万八千")
def test_parsers_never_crash(parser, value):
    returns_or_clear_error(parser, value)


@FUZZ
@given(value=anything)
def test_parsed_values_are_sane(value):
    fen = returns_or_clear_error(text.parse_money_fen, value)
    if fen is not None:
        assert isinstance(fen, int) and 0 <= fen <= 10**13
    qty = returns_or_clear_error(text.parse_quantity, value)
    if qty is not None:
        assert 0 < qty <= 1_000_000
    day = returns_or_clear_error(text.parse_date, value)
    if day is not None:
        assert isinstance(day, date)
    phone = returns_or_clear_error(text.parse_phone, value)
    if phone is not None:
        assert phone.lstrip("+").isdigit() and phone.isascii()


@FUZZ
@given(value=anything)
def test_a_pay_cycle_read_back_is_valid(value):
    cycle = returns_or_clear_error(paycycle.parse_pay_cycle, value)
    if cycle is not None:
        assert paycycle.decode(cycle.encode()) == cycle
        assert paycycle.next_payday(cycle, date(2026, 2, 28)) >= date(2026, 2, 28)
        cycle.describe("zh")
        cycle.describe("en")


@FUZZ
@given(value=st.text(max_size=40))
def test_stored_pay_cycle_text_never_crashes(value):
    paycycle.decode(value)
    paycycle.decode("monthly:" + value)
    paycycle.decode("biweekly:" + value)


CUSTOMER_FIELDS = (
    "name",
    "phone",
    "address",
    "area",
    "household_size",
    "pay_cycle",
    "level",
    "lead_days",
    "notes",
)


@FUZZ
@given(data=st.fixed_dictionaries({}, optional={k: anything for k in CUSTOMER_FIELDS}))
def test_customer_fields_never_crash(data):
    returns_or_clear_error(clean_fields, data)
    returns_or_clear_error(clean_fields, data, partial=True)


# ---------------------------------------------------------------- the importer

cell = st.one_of(
    typed_text,
    st.text(max_size=15),
    st.sampled_from(["", "=1+1", "@SUM(A1)", "\t", "\r", "NaN", "大米", "王建国"]),
)


@settings(
    max_examples=25 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    kind=st.sampled_from(["customers", "products", "deliveries", "payments"]),
    rows=st.lists(st.lists(cell, min_size=5, max_size=5), min_size=1, max_size=6),
)
def test_import_of_hostile_csv_never_crashes(seeded, tmp_path_factory, kind, rows):
    from salesbook.excel.importer import import_file

    headers = {
        "customers": "姓名,电话,家庭人数,发薪日,关系",
        "products": "品名,单位,单价,人均日用量,备注",
        "deliveries": "电话,品名,日期,数量,单价",
        "payments": "客户,电话,日期,金额,备注",
    }[kind]
    path = tmp_path_factory.mktemp("fuzz") / f"{kind}.csv"
    body = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
    path.write_text(headers + "\n" + body + "\n", "utf-8")
    before = seeded.book.conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
    try:
        import_file(seeded.book, kind, path)
    except SalesbookError as exc:
        assert exc.message("en") and exc.message("zh")
        assert seeded.book.conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == before
    assert not seeded.book.conn.in_transaction


@settings(
    max_examples=20 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    content=st.binary(max_size=3000),
    suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".ods", ".txt"]),
)
@example(content=b"PK\x03\x04" + b"\x00" * 100, suffix=".xlsx")
@example(content="姓名,电话\n王建国,139".encode("gbk"), suffix=".csv")
@example(content=b"\xff\xfe" + "姓名\n王".encode("utf-16-le"), suffix=".csv")
def test_import_of_random_bytes_never_crashes(seeded, tmp_path_factory, content, suffix):
    from salesbook.excel.importer import import_file

    path = tmp_path_factory.mktemp("bytes") / f"file{suffix}"
    path.write_bytes(content)
    try:
        import_file(seeded.book, "customers", path)
    except SalesbookError as exc:
        assert exc.message("en")
