"""Bad input found by a review of the core: each gets a clear message naming
the field, and the book is left as it was."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from salesbook.errors import ValidationError
from salesbook.records.contacts import log_contact
from salesbook.records.customers import add_customer
from salesbook.records.deliveries import record_delivery
from salesbook.records.payments import record_payment
from salesbook.records.products import add_product, update_product
from salesbook.records.relationship import set_level
from salesbook.rules.text import check_event_date, parse_money_fen


def counts(b) -> tuple:
    return tuple(
        b.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("deliveries", "payments", "contacts", "level_history")
    )


@pytest.fixture
def shop(book):
    rice = add_product(book, name="大米", unit="kg", price=6, per_person_daily=0.15)
    oil = add_product(book, name="食用油", unit="L", price=16)
    c = add_customer(book, name="白建军", phone="18262915591", household_size=3, level="熟人")
    return book, rice, oil, c


def test_a_date_more_than_a_month_ahead_is_refused_everywhere(shop):
    b, rice, _, c = shop
    before = counts(b)
    far = date.today() + timedelta(days=400)  # 2062 for 2026, say
    for action in (
        lambda: record_delivery(b, c.id, rice.id, 10, on=far.isoformat()),
        lambda: record_payment(b, c.id, "10", on=far.isoformat()),
        lambda: log_contact(b, c.id, on=far.isoformat()),
    ):
        with pytest.raises(ValidationError) as err:
            action()
        assert err.value.key == "future_date" and err.value.params["field"] == "date"
        assert "年份" in err.value.message("zh")
    assert counts(b) == before
    soon = date.today() + timedelta(days=3)  # a delivery booked for later this week is fine
    record_delivery(b, c.id, rice.id, 10, on=soon.isoformat())
    assert check_event_date(soon) == soon


def test_an_import_row_dated_far_ahead_names_its_row_and_field(shop, tmp_path):
    from salesbook.errors import ImportFailed
    from salesbook.excel.importer import import_file

    b, *_ = shop
    before = counts(b)
    csv = tmp_path / "d.csv"
    csv.write_text("客户,品名,日期,数量\n白建军,大米,2026-11-01,10\n白建军,大米,2062-11-23,10\n",
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(ImportFailed) as err:
        import_file(b, "deliveries", csv)
    (problem,) = err.value.problems
    assert (problem.row, problem.field, problem.key) == (3, "date", "future_date")
    assert problem.message("zh").startswith("第 3 行，日期")
    assert "2062-11-23" in problem.message("zh")
    assert counts(b) == before


def test_an_amount_that_rounds_to_nothing_is_refused(shop):
    b, _, _, c = shop
    assert parse_money_fen("0.005", allow_zero=False) == 1  # half a fen rounds up
    with pytest.raises(ValidationError) as err:
        record_payment(b, c.id, "0.001", on="2026-11-01")
    assert err.value.key == "not_positive"
    assert counts(b) == (0, 0, 0, 1)


def test_a_delivery_line_beyond_any_real_amount_is_refused(shop):
    b, rice, _, c = shop
    with pytest.raises(ValidationError) as err:
        record_delivery(b, c.id, rice.id, 1_000_000, on="2026-11-01", unit_price="99999999999")
    assert err.value.key == "too_large" and err.value.params["field"] == "amount"
    assert counts(b)[0] == 0


def test_renaming_a_product_to_another_products_name_is_refused(shop):
    b, rice, oil, _ = shop
    with pytest.raises(ValidationError) as err:
        update_product(b, rice.id, name="食用油")
    assert err.value.key == "duplicate_product"
    assert update_product(b, rice.id, name="大米").name == "大米"  # its own name is fine


def test_an_empty_level_does_not_demote_a_customer(shop):
    b, _, _, c = shop
    with pytest.raises(ValidationError) as err:
        set_level(b, c.id, "  ")
    assert err.value.key == "required"
    assert (
        b.conn.execute("SELECT level FROM customers WHERE id = ?", (c.id,)).fetchone()[0]
        == "acquaintance"
    )


def test_cli_empty_date_is_a_bad_date_not_today(shop, run_cli):
    b, *_ = shop
    path = b.path
    b.close()
    r = run_cli("deliver", "白建军", "大米", "10", "--date", "", book=path)
    assert r.code == 1 and "date" in r.err.lower()


def test_a_short_number_is_not_taken_for_a_customer(shop, run_cli):
    from salesbook.errors import NotFound
    from salesbook.records.customers import find_customer

    b, _, _, c = shop
    for query in (str(c.id), "150", "1826291", "18262"):  # row numbers, partial phones
        with pytest.raises(NotFound):
            find_customer(b, query)
    assert find_customer(b, f"#{c.id}").id == c.id  # said so
    assert find_customer(b, c.uid[:8]).id == c.id  # as an ambiguous name lists it
    assert find_customer(b, "18262915591").id == c.id
    path = b.path
    b.close()
    r = run_cli("pay", str(c.id), "5", book=path)
    assert r.code == 1 and r.err.strip()


def test_upgrade_reasons_count_contacts_in_good_english():
    from salesbook.records.relationship import Suggestion

    s = Suggestion(1, "u", "王", "acquaintance", "friend", "to_friend",
                   {"deliveries": 9, "days": 200, "contacts": 1, "spend": 0})  # fmt: skip
    assert s.reason("en") == "9 regular purchases over 200 days, 1 contact in 6 months"
    assert "联系 1 次" in s.reason("zh")


def test_a_name_with_a_space_and_a_phone_is_found_by_the_whole_name(book):
    from salesbook.records.customers import add_customer, search_customers

    c = add_customer(book, name="老王 水站", phone="13911112222")
    assert [r.id for r in search_customers(book, "老王 水站")] == [c.id]
    assert [r.id for r in search_customers(book, "13911112222")] == [c.id]
    assert [r.id for r in search_customers(book, "lw")] == [c.id]


def test_a_look_into_the_future_does_not_block_the_risk_model_cache(book, monkeypatch):
    import json

    from salesbook.insight import risk
    from salesbook.store import monthly

    fits = []
    monkeypatch.setattr(risk, "fit_book_model", lambda b, on: fits.append(on) or risk.DEFAULT_MODEL)
    today = date.today()
    risk.book_model(book, today + timedelta(days=60))  # a look ahead: a view, it fits nothing
    assert fits == [] and risk.MODEL_KEY not in book.settings()
    monthly.run_due(book, today)  # the month's refit (off the user's path) is kept...
    monthly.run_due(book, today)  # ...and runs once a month
    risk.book_model(book, today)
    assert len(fits) == 1
    kept = json.loads(book.conn.execute("SELECT value FROM settings WHERE key = ?",
                                        (risk.MODEL_KEY,)).fetchone()[0])  # fmt: skip
    assert kept["month"] == today.strftime("%Y-%m")


def test_an_upgraded_book_gets_its_forecasts_rebuilt_with_todays_rules(tmp_path, old_book):
    from salesbook.store import migrations
    from salesbook.store.book import open_book

    path = tmp_path / "old.db"
    with old_book(path, migrations.m0008_rebuild_derived) as b:
        rice = add_product(b, name="大米", unit="kg", price=6, per_person_daily=0.15)
        c = add_customer(b, name="老王 水站", phone="13911112222", household_size=3)
        record_delivery(b, c.id, rice.id, 10, on="2026-10-01")
        with b.transaction() as conn:  # what an older forecast left behind
            conn.execute("UPDATE supply SET runout_date = '2030-01-01'")
            conn.execute("UPDATE customers SET search_key = 'stale'")
        b.close()
    b = open_book(path)
    try:
        runout = b.conn.execute("SELECT runout_date FROM supply").fetchone()[0]
        assert runout != "2030-01-01"
        key = b.conn.execute("SELECT search_key FROM customers").fetchone()[0]
        assert key.startswith("老王 水站 13911112222")
    finally:
        b.close()


def test_a_book_on_a_read_only_drive_is_called_read_only_not_damaged():
    """SQLite says "unable to open database file" when a WAL book's folder is
    read-only (its -shm cannot be made): that is no reason to restore a backup."""
    import sqlite3

    from salesbook.errors import BookError
    from salesbook.store.book import _prepare

    class ReadOnlyDrive:
        def execute(self, *_a):
            raise sqlite3.OperationalError("unable to open database file")

    with pytest.raises(BookError) as err:
        _prepare(ReadOnlyDrive(), "/media/usb/book.db", "quick")
    assert err.value.key == "book_readonly"


def test_a_customer_added_late_in_the_evening_is_added_that_local_day(book, monkeypatch):
    """At 07:30 in Beijing it is still yesterday in UTC: the first level-history
    entry and the follow-up count from the rep's day, not the UTC one."""
    import time

    from salesbook.records import customers

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        monkeypatch.setattr(customers, "now_iso", lambda: "2026-03-01T23:30:00+00:00")
        c = customers.add_customer(book, name="早起的人", level="熟人")
        (day,) = book.conn.execute(
            "SELECT date FROM level_history WHERE customer_id = ?", (c.id,)
        ).fetchone()
        assert day == "2026-03-02"
        (follow,) = book.conn.execute(
            "SELECT follow_up_date FROM customer_state WHERE customer_id = ?", (c.id,)
        ).fetchone()
        cadence = book.settings()["cadence_days"]["acquaintance"]
        assert follow == (date(2026, 3, 2) + timedelta(days=cadence)).isoformat()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
