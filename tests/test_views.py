"""salesbook.records.views: the read calls the window uses (customer rows, chart curve, copy)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from salesbook.errors import BookError
from salesbook.records import views
from salesbook.records.customers import add_customer, archive_customer, search_customers
from salesbook.records.deliveries import mark_bought_elsewhere, record_delivery
from salesbook.records.products import add_product
from salesbook.store.book import open_book

ON = date(2026, 3, 1)


@pytest.fixture
def book():
    b = open_book(":memory:")
    yield b
    b.close()


@pytest.fixture
def rice_customer(book):
    rice = add_product(book, name="大米", unit="kg", price="6", per_person_daily="0.15")
    cust = add_customer(book, name="王建国", phone="13912345678", area="东城", household_size=4,
                        address="东城1号楼")  # fmt: skip
    for k in range(4):
        record_delivery(book, cust.id, rice.id, 20, on=ON - timedelta(days=100 - 33 * k))
    return cust, rice


def test_customer_rows_match_the_list_rows(book, rice_customer):
    cust, _ = rice_customer
    other = add_customer(book, name="李秀英")
    archive_customer(book, other.id)
    rows = views.customer_rows(book, {cust.id, other.id, 9999})
    assert set(rows) == {cust.id, other.id}
    listed = search_customers(book, "wjg")[0]
    assert rows[cust.id] == listed
    assert rows[other.id].archived is True
    assert views.customer_rows(book, []) == {}


def test_customer_addresses(book, rice_customer):
    cust, _ = rice_customer
    bare = add_customer(book, name="赵敏")
    assert views.customer_addresses(book, [cust.id, bare.id]) == {
        cust.id: "东城1号楼",
        bare.id: None,
    }


def test_stock_curve_steps_up_at_deliveries_and_ends_at_runout(book, rice_customer):
    cust, rice = rice_customer
    curve = views.stock_curve(book, cust.id, rice.id, ON)
    assert curve.product == "大米" and curve.unit == "kg"
    assert [d.quantity for d in curve.deliveries] == [20, 20, 20, 20]
    assert curve.rate and curve.rate > 0
    assert curve.runout_date is not None and curve.runout_date > curve.deliveries[-1].date
    assert curve.points[-1] == (curve.runout_date, 0.0)
    assert views.runout_date(book, cust.id, rice.id) == curve.runout_date
    dates = [p[0] for p in curve.points]
    assert dates == sorted(dates)
    assert all(p[1] >= 0 for p in curve.points)
    # a step of the delivered quantity at each delivery but the last (that one is the book's estimate)
    first = curve.deliveries[0].date
    at_first = [p[1] for p in curve.points if p[0] == first]
    assert at_first[1] - at_first[0] == pytest.approx(20)


def test_stock_curve_without_history_or_rate(book):
    p = add_product(book, name="桶装水", unit="桶")
    c = add_customer(book, name="新客户")
    curve = views.stock_curve(book, c.id, p.id, ON)
    assert curve.deliveries == [] and curve.points == [] and curve.runout_date is None
    assert views.runout_date(book, c.id, p.id) is None
    record_delivery(book, c.id, p.id, 3, on=ON)  # one delivery, no household, no rate
    curve = views.stock_curve(book, c.id, p.id, ON)
    assert len(curve.deliveries) == 1 and curve.points == [] and curve.rate is None


def test_stock_curve_marks_what_was_bought_elsewhere(book, rice_customer):
    cust, rice = rice_customer
    mark_bought_elsewhere(book, cust.id, rice.id, on=ON)
    curve = views.stock_curve(book, cust.id, rice.id, ON)
    assert curve.deliveries[-1].source == "elsewhere"


def test_book_stats(book, rice_customer):
    cust, _ = rice_customer
    stats = views.book_stats(book)
    assert (stats.customers, stats.archived, stats.products, stats.has_deliveries) == (
        1,
        0,
        1,
        True,
    )
    archive_customer(book, cust.id)
    assert views.book_stats(book).archived == 1
    empty = open_book(":memory:")
    assert views.book_stats(empty) == views.BookStats(0, 0, 0, False)


def test_save_copy_is_a_readable_book_and_never_overwrites(tmp_path, rice_customer, book):
    dest = tmp_path / "copy" / "book.db"
    views.save_copy(book, dest)
    copy = open_book(dest, create=False)
    assert [r.name for r in search_customers(copy)] == ["王建国"]
    copy.close()
    with pytest.raises(BookError) as err:
        views.save_copy(book, dest)
    assert err.value.key == "target_exists"
    assert sqlite3.connect(dest).execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 1


@pytest.mark.parametrize(
    "code", ["none", "monthly:10", "monthly:31", "twice:5,20", "twice:15,31", "weekly:4", "weekly:6",
             "biweekly:2026-01-02"],
)  # fmt: skip
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pay_cycle_input_reads_back_unchanged(code, lang):
    from salesbook.rules.paycycle import parse_pay_cycle

    text = views.pay_cycle_input(code, lang)
    assert parse_pay_cycle(text).encode() == code
