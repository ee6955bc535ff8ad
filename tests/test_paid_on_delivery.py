"""A payment taken on delivery settles that delivery (review finding: it paid off
the oldest debt instead, so a customer paying cash for new deliveries hid an old
unpaid one and its collection date kept moving later)."""

from __future__ import annotations

from datetime import date

import pytest

from salesbook.records import supply
from salesbook.records.customers import add_customer
from salesbook.records.deliveries import record_delivery
from salesbook.records.due import due_items
from salesbook.records.payments import record_payment
from salesbook.records.products import add_product
from salesbook.store import migrations
from salesbook.store.book import open_book
from salesbook.store.undo import move_to_trash, restore_from_trash


@pytest.fixture
def zhang(book):
    rice = add_product(book, name="大米", unit="kg", price=6, per_person_daily=0.15)
    c = add_customer(book, name="张三", household_size=3, pay_cycle="10")
    return book, rice, c


def state(b, cid) -> dict:
    cur = b.conn.execute("SELECT * FROM customer_state WHERE customer_id = ?", (cid,))
    return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))


def test_cash_for_a_new_delivery_leaves_the_old_debt_due(zhang):
    b, rice, c = zhang
    record_delivery(b, c.id, rice.id, 10, on="2026-03-01")  # ¥60, unpaid
    record_delivery(b, c.id, rice.id, 20, on="2026-06-01", paid=True)  # ¥120, paid at the door
    s = state(b, c.id)
    assert s["balance_fen"] == 6000
    assert s["oldest_unpaid_date"] == "2026-03-01"
    assert s["collect_date"] == "2026-03-10"
    (item,) = [i for i in due_items(b, date(2026, 6, 2)) if i.kind == "collect"]
    assert item.status == "at_risk" and item.amount == "60.00"


def test_other_payments_still_pay_the_oldest_first(zhang):
    b, rice, c = zhang
    record_delivery(b, c.id, rice.id, 10, on="2026-03-01")  # ¥60
    record_delivery(b, c.id, rice.id, 10, on="2026-04-01")  # ¥60
    record_payment(b, c.id, "60", on="2026-04-05")
    assert state(b, c.id)["oldest_unpaid_date"] == "2026-04-01"


def test_trashing_a_paid_delivery_takes_its_payment_along_and_back(zhang):
    b, rice, c = zhang
    record_payment(b, c.id, "105", on="2026-03-01")  # a credit of ¥105
    d = record_delivery(b, c.id, rice.id, 100, on="2026-03-02", paid=True)  # ¥600 paid
    assert state(b, c.id)["balance_fen"] == -10500
    move_to_trash(b, "delivery", d.id)
    assert state(b, c.id)["balance_fen"] == -10500  # not -¥705: the ¥600 left with it
    assert (
        b.conn.execute("SELECT COUNT(*) FROM payments WHERE deleted_at IS NULL").fetchone()[0] == 1
    )
    restore_from_trash(b, "delivery", d.id)
    assert state(b, c.id)["balance_fen"] == -10500
    assert (
        b.conn.execute("SELECT COUNT(*) FROM payments WHERE deleted_at IS NULL").fetchone()[0] == 2
    )


def test_an_imported_paid_row_settles_its_own_delivery(zhang, tmp_path):
    from salesbook.excel.importer import import_file

    b, _, c = zhang
    csv = tmp_path / "d.csv"
    csv.write_text("客户,品名,日期,数量,已付\n张三,大米,2026-03-01,10,否\n张三,大米,2026-06-01,20,是\n",
                   encoding="utf-8")  # fmt: skip
    import_file(b, "deliveries", csv)
    assert state(b, c.id)["oldest_unpaid_date"] == "2026-03-01"
    linked = b.conn.execute(
        "SELECT COUNT(*) FROM payments WHERE delivery_id IS NOT NULL"
    ).fetchone()
    assert linked[0] == 1


def test_books_written_before_the_link_get_it_on_upgrade(tmp_path, old_book):
    path = tmp_path / "old.db"
    with old_book(path, migrations.m0006_paid_on_delivery) as b:
        rice = add_product(b, name="大米", unit="kg", price=6, per_person_daily=0.15)
        c = add_customer(b, name="张三", household_size=3, pay_cycle="10")
        record_delivery(b, c.id, rice.id, 10, on="2026-03-01")
        with b.transaction() as conn:  # what record_delivery(paid=True) wrote before the link
            cur = conn.execute(
                "INSERT INTO deliveries (uid, customer_id, product_id, date, quantity, unit_price_fen,"
                " amount_fen, source, created_at) VALUES ('d2', ?, ?, '2026-06-01', 20, 600, 12000, 'us', 'x')",
                (c.id, rice.id),
            )
            conn.execute(
                "INSERT INTO payments (uid, customer_id, date, amount_fen, note, created_at)"
                " VALUES ('p2', ?, '2026-06-01', 12000, 'paid on delivery', 'x')",
                (c.id,),
            )
            supply.refresh_customers(b, [c.id])
        assert state(b, c.id)["oldest_unpaid_date"] == "2026-06-01"  # the old mistake
        b.close()
    b = open_book(path)
    try:
        link = b.conn.execute("SELECT delivery_id FROM payments WHERE uid = 'p2'").fetchone()[0]
        assert link == cur.lastrowid
        assert state(b, c.id)["oldest_unpaid_date"] == "2026-03-01"  # the upgrade refreshed it
        with b.transaction():
            supply.refresh_all(b)
        assert state(b, c.id)["oldest_unpaid_date"] == "2026-03-01"
    finally:
        b.close()
