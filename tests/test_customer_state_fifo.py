"""customer_state's balance, delivery days and oldest unpaid delivery day, as
each write and a whole-book rebuild keep them, follow the FIFO rule of
``supply.oldest_unpaid`` (payments taken on a delivery settle it, the others
pay the oldest deliveries first). Written while trying that rule in SQL for
the import's speed (issue 18 part 5): a running sum joined back per customer
was 40x slower than the Python loop, so the loop stays; the test guards it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from salesbook.records import supply
from salesbook.records.customers import add_customer
from salesbook.records.deliveries import record_delivery
from salesbook.records.payments import record_payment
from salesbook.records.products import add_product
from salesbook.store.book import open_book

START = date(2026, 1, 5)


def _expected(b, cid) -> tuple:
    """(balance, oldest unpaid day, delivery days, first, last) by the Python rule."""
    per_day: dict[str, list[int]] = {}
    for did, day, amount in b.conn.execute(
        "SELECT id, date, amount_fen FROM deliveries WHERE customer_id = ? AND deleted_at IS NULL"
        " AND source = 'us' ORDER BY date",
        (cid,),
    ):
        taken = b.conn.execute(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM payments WHERE delivery_id = ?"
            " AND deleted_at IS NULL",
            (did,),
        ).fetchone()[0]
        got = per_day.setdefault(day, [0, 0])
        got[0] += amount
        got[1] += min(amount, taken)
    paid = b.conn.execute(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM payments WHERE customer_id = ?"
        " AND deleted_at IS NULL",
        (cid,),
    ).fetchone()[0]
    spend = sum(a for a, _ in per_day.values())
    settled = sum(s for _, s in per_day.values())
    days = sorted(per_day)
    unpaid = None
    if spend - paid > 0:
        unpaid = supply.oldest_unpaid(
            [(d, per_day[d][0] - per_day[d][1]) for d in days], paid - settled
        )
    return (spend - paid, unpaid, len(days), days[0] if days else None, days[-1] if days else None)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 90), st.integers(1, 6), st.booleans()), min_size=0, max_size=12
    ),
    st.lists(
        st.tuples(
            st.integers(0, 90),  # yuan, some a whole number of 6-yuan kilos (pays deliveries off)
            st.one_of(st.integers(1, 400), st.integers(1, 20).map(lambda k: 6 * k)),
        ),
        min_size=0,
        max_size=8,
    ),
)
@example([(0, 5, False), (10, 5, False)], [(12, 30)])  # pays the first off exactly
@example([(0, 5, True), (3, 2, False), (10, 5, False)], [(12, 12)])  # one paid on the doorstep
def test_balance_and_oldest_unpaid_follow_the_fifo_rule(deliveries, payments):
    b = open_book(":memory:")
    try:
        rice = add_product(b, name="大米", unit="kg", price=6)
        c = add_customer(b, name="周涛", household_size=2, pay_cycle="月底")
        other = add_customer(b, name="李娜", household_size=3, pay_cycle="15")
        record_delivery(b, other.id, rice.id, 3, on=START.isoformat())
        for day, qty, paid in deliveries:
            on = (START + timedelta(days=day)).isoformat()
            record_delivery(b, c.id, rice.id, qty, on=on, paid=paid)
        for day, yuan in payments:
            record_payment(b, c.id, yuan, on=(START + timedelta(days=day)).isoformat())
        row = b.conn.execute(
            "SELECT balance_fen, oldest_unpaid_date, n_deliveries, first_delivery_date,"
            " last_delivery_date FROM customer_state WHERE customer_id = ?",
            (c.id,),
        ).fetchone()
        assert tuple(row) == _expected(b, c.id)
        kept = b.conn.execute("SELECT * FROM customer_state ORDER BY 1").fetchall()
        with b.transaction():
            supply.refresh_all(b)  # all customers at once: the same rows
        assert b.conn.execute("SELECT * FROM customer_state ORDER BY 1").fetchall() == kept
    finally:
        b.close()
