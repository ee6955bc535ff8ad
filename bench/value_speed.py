"""Speed of every value view on the 100,000-customer demo book, beside a plain SQL baseline.

    .venv/bin/python bench/value_speed.py [--book /tmp/sbv100k.db] [--repeat 3]

The book is a private copy of the shared demo book (``/tmp/sb100k.db``, built
once with ``salesbook demo /tmp/sb100k.db --customers 100000 --today
2026-11-23``): the value views write their monthly snapshot, which must not
touch a book other people read.

Every view reads ``customer_value`` in SQL (nothing is memoised between
views). The baseline is the plainest SQL aggregate a value view could be:
total spend per customer straight from ``deliveries`` (``SUM(amount_fen)
GROUP BY customer_id``). The machine is shared, so the baseline is timed
again right before each view and each figure is printed beside it and as a
ratio; each figure is the best of ``--repeat`` runs. Target: every view <= 1 s.

``customer_values`` (the Excel columns) returns a mapping that makes each
customer's tuple when it is read; "+ read all" also reads all 100k of them,
as the export does while it writes its rows.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import salesbook.startup  # noqa: E402, F401 - the core wired as at start-up
from salesbook.insight import risk, segments, value  # noqa: E402
from salesbook.store.book import open_book  # noqa: E402

SHARED = Path("/tmp/sb100k.db")
ON = date(2026, 11, 23)


def private_copy(dst: Path) -> Path:
    if dst.exists():
        return dst
    while Path(str(SHARED) + ".building").exists():
        print("waiting for the shared demo book to be built ...")
        time.sleep(10)
    if not SHARED.exists():
        sys.exit(
            f"{SHARED} is missing: salesbook demo {SHARED} --customers 100000 --today 2026-11-23"
        )
    src = sqlite3.connect(f"file:{SHARED}?mode=ro", uri=True)
    out = sqlite3.connect(dst)
    src.backup(out)
    out.close()
    src.close()
    return dst


def timed(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--book", default="/tmp/sbv100k.db")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--refill", action="store_true", help="also time rebuilding customer_value from supply"
    )
    args = ap.parse_args(argv)
    path = private_copy(Path(args.book))
    book = open_book(path, check="none")
    n = book.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    nd = book.conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
    print(f"book: {path} ({n} customers, {nd} deliveries), on {ON}")

    def baseline():
        return book.conn.execute(
            "SELECT customer_id, SUM(amount_fen) FROM deliveries WHERE deleted_at IS NULL"
            " GROUP BY customer_id"
        ).fetchall()

    if args.refill:
        from salesbook.records import supply

        t0 = time.perf_counter()
        with book.transaction():
            supply.fill_value_state(book.conn)
        print(
            f"customer_value rebuilt from supply (once per book): {time.perf_counter() - t0:.2f} s"
        )

    def cold(fn):  # (the BaseRow memo is not used by the views any more; cleared all the same)
        def run():
            value._memo.clear()
            return fn()

        return run

    views = {
        "value --by ltv (top 50)": lambda: value.ltv_ranking(book, ON, limit=50),
        "value --by tier (pyramid)": lambda: value.pyramid(book, ON, write_snapshot=False),
        "value --by rfm (segments)": lambda: segments.rfm_summary(book, ON),
        "value --by matrix": lambda: value.value_matrix(book, ON),
        "value --by loyalty (book)": lambda: segments.book_loyalty_summary(book, ON),
        "value --by type": lambda: segments.customer_types(book, ON),
        "risk --top 20": lambda: risk.at_risk(book, ON, top=20),
        "risk --top 20 --by value": lambda: risk.at_risk(book, ON, top=20, by="value"),
        "customer_values (Excel, all)": lambda: value.customer_values(book, ON),
    }

    def read_all():
        vals = value.customer_values(book, ON)
        return sum(1 for _v in vals.values())

    views["customer_values + read all"] = read_all
    print(f"\n{'view':<30} {'s':>7} {'baseline s':>11} {'x baseline':>11}")
    worst = 0.0
    for name, fn in views.items():
        base_s, _ = timed(baseline, args.repeat)
        c, _ = timed(cold(fn), args.repeat)
        if "read all" not in name:
            worst = max(worst, c)
        print(f"{name:<30} {c:>7.3f} {base_s:>11.3f} {c / base_s:>11.2f}")
    # the month's snapshot (100k rows) is the monthly job's, off the user's path
    # (salesbook/store/monthly.py; bench/monthly_speed.py times a view's first call of a month)
    with book.transaction() as tx:
        tx.execute("DELETE FROM value_snapshots WHERE period = ?", (value.period_of(ON),))
    value._memo.clear()
    t0 = time.perf_counter()
    p = value.pyramid(book, ON, write_snapshot=True)
    print(f"{'pyramid + the month snapshot':<30} {time.perf_counter() - t0:>7.3f}"
          f"   (wrote snapshot: {p.snapshot_written}; the monthly job's work, not a view's)")  # fmt: skip
    print(
        f"\nslowest view (cold): {worst:.3f} s -> {'OK' if worst <= 1.0 else 'OVER'} the 1 s target"
    )
    book.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
