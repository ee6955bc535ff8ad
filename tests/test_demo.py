"""The demo book (salesbook.cli.demo): deterministic, realistic, refuses to overwrite."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from salesbook.cli.demo import build_demo
from salesbook.errors import BookError
from salesbook.records.customers import search_customers
from salesbook.records.due import due_items
from salesbook.records.plan import visit_plan
from salesbook.records.relationship import GUIDELINE
from salesbook.store.book import open_book

TODAY = date(2026, 11, 23)
DOMAIN_TABLES = [
    "products",
    "customers",
    "deliveries",
    "payments",
    "contacts",
    "level_history",
    "supply",
    "customer_state",
]


def dump(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in DOMAIN_TABLES
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def big_demo(tmp_path_factory):
    """2,000 customers, built once for the read-only checks below."""
    path = tmp_path_factory.mktemp("demo") / "demo2000.db"
    result = build_demo(path, customers=2000, seed=7, today=TODAY)
    return path, result


def test_same_seed_and_day_give_the_same_book(tmp_path):
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    build_demo(a, customers=40, seed=3, today=TODAY)
    build_demo(b, customers=40, seed=3, today=TODAY)
    build_demo(c, customers=40, seed=4, today=TODAY)
    da, db, dc = dump(a), dump(b), dump(c)
    assert all(da[t] for t in DOMAIN_TABLES)
    assert da == db  # uids included
    assert da["customers"] != dc["customers"]


def test_levels_roughly_follow_100_50_10_4(big_demo):
    path, result = big_demo
    assert result.customers == 2000
    conn = sqlite3.connect(path)
    counts = dict(conn.execute("SELECT level, COUNT(*) FROM customers GROUP BY level"))
    conn.close()
    total = sum(GUIDELINE.values())
    for level, weight in GUIDELINE.items():
        expected = 2000 * weight / total
        assert abs(counts[level] - expected) <= max(0.15 * expected, 15), (level, counts)
    assert counts["passerby"] > counts["acquaintance"] > counts["friend"] > counts["confidant"]


def test_demo_is_a_working_book(big_demo):
    path, result = big_demo
    assert result.deliveries > 2000 * 5
    b = open_book(path)
    try:
        items = due_items(b, TODAY)
        assert {i.kind for i in items} == {"resupply", "collect", "follow_up"}
        assert {i.status for i in items} >= {"due", "overdue", "at_risk"}
        (plan,) = visit_plan(b, TODAY, capacity=12)
        assert len(plan.stops) == 12
        # every customer can be found by pinyin initials of their own name
        sample = search_customers(b, limit=30)
        from salesbook.records.customers import initials

        for row in sample:
            found = search_customers(b, initials(row.name), limit=2000, include_archived=True)
            assert row.id in {r.id for r in found}
        # money is whole fen, dates are ISO, every delivery is later than its customer
        bad = b.conn.execute(
            "SELECT COUNT(*) FROM deliveries d JOIN customers c ON c.id = d.customer_id"
            " WHERE d.date < substr(c.created_at, 1, 10) OR d.date > ?"
            " OR typeof(d.amount_fen) != 'integer'",
            (TODAY.isoformat(),),
        ).fetchone()[0]
        assert bad == 0
    finally:
        b.close()


def test_refuses_an_existing_path(tmp_path):
    path = tmp_path / "mine.db"
    path.write_bytes(b"my real book")
    with pytest.raises(BookError) as err:
        build_demo(path, customers=10, today=TODAY)
    assert err.value.key == "target_exists"
    assert path.read_bytes() == b"my real book"


def test_cancelled_demo_leaves_no_file(tmp_path):
    path = tmp_path / "demo.db"

    def cancel(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_demo(path, customers=10, today=TODAY, progress=cancel)
    assert list(tmp_path.iterdir()) == []
