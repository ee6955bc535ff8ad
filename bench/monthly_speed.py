"""The first view of a month does not wait for the month's work (salesbook/store/monthly.py).

    .venv/bin/python bench/monthly_speed.py [--book /tmp/sbm100k.db] [--demo /tmp/sb100k.db]

On a private copy of the 100,000-customer demo book (``salesbook demo
/tmp/sb100k.db --customers 100000 --today 2026-11-23``, made once and reused)
the book is put in the state of the first day of a month: last month's
snapshot and risk fit are kept, this month's jobs have not run. Then, as the
rep would: first in process (the window's way: the book stays open), the
first call of the month and a warm one of the pyramid and the risk list,
next to a plain SQL baseline; then through the command line (a process per
call, as a user runs it):

1. a plain baseline: ``salesbook settings`` (opens the book, prints a few
   lines): what any call costs (start-up, opening the book);
2. the first ``value --by tier`` and the first ``risk`` of the month, then
   the same again (warm): the first call must cost what a warm one does
   (<= 1 s), using last month's fit;
3. the first write of the month (``salesbook deliver``): when its result is
   printed, and when the process ends (the month's jobs ran in between);
4. ``risk`` again: now with this month's fit.

Each CLI time is the wall time of the process (or up to its first line of
output); the baseline is timed again next to each figure (the machine is
shared). Then the month's jobs alone, in process: compute (what the window
runs on a thread of its own) and store (the short write on the book's
thread).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import salesbook.startup  # noqa: E402, F401 - the monthly jobs registered
from salesbook.insight import risk  # noqa: E402
from salesbook.store import monthly  # noqa: E402
from salesbook.store.book import open_book  # noqa: E402

SALESBOOK = [sys.executable, "-c", "import sys; from salesbook.cli import main; sys.exit(main())"]


def private_copy(src: Path, dst: Path) -> None:
    if not src.exists():
        sys.exit(f"{src} is missing: salesbook demo {src} --customers 100000 --today 2026-11-23")
    dst.unlink(missing_ok=True)
    a = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    b = sqlite3.connect(dst)
    a.backup(b)
    b.close()
    a.close()


def cli(book: Path, *args: str) -> tuple[float, float, str]:
    """(seconds to the first line of output, seconds to exit, output)."""
    env = dict(os.environ, SALESBOOK_LANG="en")
    t0 = time.perf_counter()
    p = subprocess.Popen(
        [*SALESBOOK, "--book", str(book), "--lang", "en", *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    assert p.stdout is not None
    first = p.stdout.readline()
    t_first = time.perf_counter() - t0
    rest = p.stdout.read()
    p.wait()
    return t_first, time.perf_counter() - t0, first + rest


def in_process(book, today: date) -> None:
    """The views as the window calls them (one process, the book open): the
    first call of the month and a warm one, next to a plain SQL baseline."""
    from salesbook.insight import value

    def baseline() -> float:
        t0 = time.perf_counter()
        book.conn.execute(
            "SELECT customer_id, SUM(amount_fen) FROM deliveries WHERE deleted_at IS NULL"
            " GROUP BY customer_id"
        ).fetchall()
        return time.perf_counter() - t0

    print(f"\n{'view (in process, this month not run yet)':<44} {'s':>6} {'baseline s':>11}")
    for label, fn in (
        ("pyramid (value --by tier)", lambda: value.pyramid(book, today)),
        ("at_risk (risk --top 20)", lambda: risk.at_risk(book, today, top=20)),
    ):
        for when in ("first of the month", "warm"):
            value._memo.clear()
            t0 = time.perf_counter()
            fn()
            took = time.perf_counter() - t0
            print(f"{label + ', ' + when:<44} {took:>6.2f} {baseline():>11.2f}", flush=True)
    print(f"  (jobs still due: {[j.name for j in monthly.due(book, today)]}: the views ran none)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--demo", default="/tmp/sb100k.db")
    ap.add_argument("--book", default="/tmp/sbm100k.db")
    args = ap.parse_args(argv)
    path = Path(args.book)
    private_copy(Path(args.demo), path)
    today = date.today()
    last_month = today.replace(day=1) - timedelta(days=1)
    book = open_book(path, check="none")
    n = book.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    # the state of the month's first day: last month's jobs ran, this month's not
    with book.transaction() as tx:
        tx.execute("DELETE FROM value_snapshots")
        tx.execute("DELETE FROM settings WHERE key IN (?, ?)", (monthly.STATE_KEY, risk.MODEL_KEY))
    t0 = time.perf_counter()
    ran = monthly.run_due(book, last_month)
    print(f"book: {path} ({n} customers); last month's jobs {ran}: "
          f"{time.perf_counter() - t0:.2f} s")  # fmt: skip
    in_process(book, today)
    cust = "#{}".format(book.conn.execute("SELECT MIN(id) FROM customers").fetchone()[0])
    product = book.conn.execute("SELECT name FROM products ORDER BY id LIMIT 1").fetchone()[0]
    book.close()

    def baseline() -> float:
        return cli(path, "settings")[1]

    baseline()  # the day's first open of a big book may run its full check: not timed
    print(f"\n{'call (CLI process)':<44} {'s':>6} {'baseline s':>11}")

    def show(label: str, seconds: float) -> None:
        print(f"{label:<44} {seconds:>6.2f} {baseline():>11.2f}", flush=True)

    for label, call in (
        ("value --by tier, first of the month", ("value", "--by", "tier")),
        ("value --by tier, warm", ("value", "--by", "tier")),
        ("risk, first of the month", ("risk",)),
        ("risk, warm", ("risk",)),
    ):
        show(label, cli(path, *call)[1])
    b = open_book(path, check="none")
    model = risk.book_model(b)
    print(f"  (risk used the fit of {model.fitted_month}; this month's jobs due:"
          f" {[j.name for j in monthly.due(b, today)]})")  # fmt: skip
    b.close()
    t_first, t_exit, _out = cli(path, "deliver", cust, product, "1")
    show("deliver (first write): result printed", t_first)
    print(f"{'deliver: process ends (month jobs ran)':<44} {t_exit:>6.2f}")
    show("risk, after the jobs", cli(path, "risk")[1])
    b = open_book(path, check="none")
    model = risk.book_model(b)
    stored = b.setting(monthly.STATE_KEY)
    print(f"  (now the fit of {model.fitted_month}; jobs done: {json.dumps(stored)})")
    # the jobs alone, in process, for next month (nothing is stored twice)
    nxt = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    reader = monthly.open_reader(str(path))
    t0 = time.perf_counter()
    results = monthly.compute_due(reader, nxt)
    t_compute = time.perf_counter() - t0
    monthly.close_reader(reader)
    t0 = time.perf_counter()
    monthly.store_results(b, nxt, results)
    t_store = time.perf_counter() - t0
    print(f"\nthe month's jobs in process: compute {t_compute:.2f} s (the window: a thread of"
          f" its own), store {t_store:.2f} s (the book's thread)")  # fmt: skip
    b.close()
    path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
