"""Speed of the book-and-rules core on the 100,000-customer demo book (issue 3).

Prints each figure next to a plain baseline measured in the same run:

* due list in-process vs a plain sqlite3 query reading the same rows from one
  indexed table (target <= 100 ms and <= 3x the baseline): the list as the
  Today window gets it (every item's key most urgent first, the counts, the
  first 200 items of each kind built; the rest built as they are scrolled to),
  and, for the command line, exports and the plan, every item built;
* recording a delivery including the forecast update (target <= 10 ms), vs a
  bare INSERT of the same row;
* customer search (target <= 50 ms) vs a plain LIKE on the name column;
* ``salesbook due`` as a whole command (target <= 1 s) vs a bare ``python -c``
  that opens sqlite3 and reads the same table.

Usage: python bench/core_speed.py [BOOK]   (default /tmp/sb100k.db; built if missing)
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import salesbook.startup  # noqa: F401 - the core wired as at start-up
from salesbook.records import customers, deliveries, due
from salesbook.store.book import open_book

ON = date(2026, 11, 23)
HEAD = 200  # items built per kind when Today opens (ui/today.py asks for the same)


def median_ms(fn, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def line(name: str, ours: float, base: float, target: str) -> None:
    print(f"{name:<38} {ours:9.2f} ms   baseline {base:9.2f} ms   x{ours / base:5.2f}   {target}")


def main() -> None:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sb100k.db")
    if not src.exists():
        print(f"building {src} ...")
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "salesbook.cli", "demo", str(src), "--customers", "100000",
             "--today", ON.isoformat()],
            check=True,
        )  # fmt: skip
        print(
            f"demo book of 100k customers built in {time.perf_counter() - t0:.1f} s (target <= 120 s)"
        )
    work = Path(tempfile.mkdtemp()) / "bench.db"
    with sqlite3.connect(src) as s, sqlite3.connect(work) as d:
        s.backup(d)
    book = open_book(work)
    n_cust = book.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    n_del = book.conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
    print(f"book: {n_cust} customers, {n_del} deliveries\n")

    # 1. due list vs a plain indexed table holding the same rows
    items = due.due_items(book, ON)
    plain = sqlite3.connect(work)
    plain.execute(
        "CREATE TABLE plain_due (kind TEXT, customer_uid TEXT, customer TEXT, phone TEXT, area TEXT,"
        " product TEXT, runout_date TEXT, due_date TEXT, level TEXT, last_contact TEXT, amount TEXT)"
    )
    plain.executemany(
        "INSERT INTO plain_due VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i.kind, i.customer_uid, i.customer, i.phone, i.area, i.product, i.runout_date,
          i.due_date, i.level, i.last_contact, i.amount) for i in items],
    )  # fmt: skip
    plain.execute("CREATE INDEX plain_due_date ON plain_due(due_date)")
    plain.commit()
    on_s = ON.isoformat()
    listed = due.due_list(book, ON, head=HEAD)
    assert len(listed) == len(items)
    ours = median_ms(lambda: due.due_list(book, ON, head=HEAD))
    every = median_ms(lambda: due.due_items(book, ON))
    base = median_ms(
        lambda: plain.execute(
            "SELECT * FROM plain_due WHERE due_date <= ? ORDER BY due_date", (on_s,)
        ).fetchall()
    )
    print(f"due items on {on_s}: {len(items)} {listed.counts()}")
    line("due list (in-process, as Today opens)", ours, base, "target <= 100 ms and <= 3x")
    line("due list, every item built", every, base, "(the CLI, exports, the plan)")
    page = listed.keys["resupply"][HEAD : HEAD * 2]
    base_page = median_ms(
        lambda: plain.execute(
            "SELECT * FROM plain_due WHERE due_date <= ? ORDER BY due_date LIMIT ? OFFSET ?",
            (on_s, HEAD, HEAD),
        ).fetchall()
    )
    line(f"next page of {HEAD} (scrolling)", median_ms(lambda: due.fetch_items(book, page, ON)),
         base_page, "")  # fmt: skip

    # 2. record a delivery incl. forecast update vs a bare insert
    cust_ids = [r[0] for r in book.conn.execute("SELECT id FROM customers ORDER BY id LIMIT 200")]
    rice = book.conn.execute("SELECT id FROM products WHERE name = '大米'").fetchone()[0]
    it = iter(cust_ids * 10)
    ours = median_ms(
        lambda: deliveries.record_delivery(book, next(it), rice, 10, on=ON + timedelta(days=1)), 100
    )
    it2 = iter(cust_ids * 10)

    def bare() -> None:
        with plain:
            plain.execute(
                "INSERT INTO deliveries (uid, customer_id, product_id, date, quantity, unit_price_fen,"
                " amount_fen, created_at) VALUES (lower(hex(randomblob(16))), ?, ?, ?, 10, 600, 6000, ?)",
                (next(it2), rice, on_s, on_s),
            )

    base = median_ms(bare, 100)
    line("record a delivery + forecast", ours, base, "target <= 10 ms")

    # 3. customer search (name fragment, initials, phone prefix)
    queries = ["王建", "wjg", "139", "李秀英", "zxy", "幸福"]
    ours = statistics.median(
        median_ms(lambda q=q: customers.search_customers(book, q, limit=50), 5) for q in queries
    )
    base = statistics.median(
        median_ms(
            lambda q=q: plain.execute(
                "SELECT id, name FROM customers WHERE name LIKE ? LIMIT 50", (f"%{q}%",)
            ).fetchall(),
            5,
        )
        for q in queries
    )
    line("customer search (median of 6 queries)", ours, base, "target <= 50 ms")
    book.close()
    plain.close()

    # 4. `salesbook due` as a whole command vs a bare python + sqlite3 process
    exe = Path(sys.executable).parent / "salesbook"
    cmd = [str(exe), "--book", str(work), "due", "--on", on_s, "--format", "json"]
    base_cmd = [
        sys.executable, "-c",
        f"import sqlite3; c = sqlite3.connect({str(work)!r}); "
        f"print(len(c.execute('SELECT * FROM plain_due WHERE due_date <= ?', ({on_s!r},)).fetchall()))",
    ]  # fmt: skip

    def run(c):
        return lambda: subprocess.run(c, check=True, stdout=subprocess.DEVNULL)

    ours = median_ms(run(cmd), 5)
    base = median_ms(run(base_cmd), 5)
    line("`salesbook due` whole command", ours, base, "target <= 1000 ms")
    shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
