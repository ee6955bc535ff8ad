"""Export speed: ``export_book`` against a plain openpyxl write-only baseline.

    .venv/bin/python bench/export_speed.py [--customers 2000] [--big /tmp/sb100k.db]

In one run, on the same book:

* baseline: openpyxl ``Workbook(write_only=True)`` writing the very same rows
  (the same SQL queries, one sheet per query, values appended as they come,
  with a header row and nothing else);
* ``export_book``: the same rows with real dates, money as ¥ numbers, phones
  as text, formula-safe text, frozen styled headers, auto filters and fitted
  widths (the value column group is left out of both, so the rows are the same).

Target (issue 5): export within 1.3x of the baseline. With ``--big`` (the
100k demo book, if it exists) the customers sheet alone is also timed and its
peak memory is shown (tracemalloc), to see that rows stream rather than sit
in memory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from salesbook.book import open_book  # noqa: E402
from salesbook.demo import build_demo  # noqa: E402
from salesbook.excel import export as ex  # noqa: E402

TODAY = date(2026, 11, 23)

QUERIES = {
    "客户": ex.CUSTOMER_SQL,
    "送货": "SELECT d.date, c.name, c.phone, p.name, d.quantity, p.unit, d.unit_price_fen, d.amount_fen,"
    " d.source, d.note, c.uid FROM deliveries d JOIN customers c ON c.id = d.customer_id"
    " JOIN products p ON p.id = d.product_id WHERE d.deleted_at IS NULL ORDER BY d.date, d.id",
    "收款": "SELECT p.date, c.name, c.phone, p.amount_fen, p.note, c.uid FROM payments p"
    " JOIN customers c ON c.id = p.customer_id WHERE p.deleted_at IS NULL ORDER BY p.date, p.id",
    "联系": "SELECT k.date, c.name, c.phone, k.kind, k.note FROM contacts k"
    " JOIN customers c ON c.id = k.customer_id WHERE k.deleted_at IS NULL ORDER BY k.date, k.id",
    "预测": "SELECT c.name, c.phone, c.area, p.name, p.unit, s.rate, s.rate_source, s.n_deliveries,"
    " s.last_date, s.stock_at_last, s.runout_date, s.remind_date, s.share_of_wallet"
    " FROM supply s JOIN customers c ON c.id = s.customer_id JOIN products p ON p.id = s.product_id"
    " WHERE c.archived_at IS NULL ORDER BY s.runout_date IS NULL, s.runout_date, c.name",
}


def baseline(book, path: Path, only: str | None = None) -> tuple[float, int]:
    from openpyxl import Workbook

    t = time.perf_counter()
    wb = Workbook(write_only=True)
    n = 0
    for name, sql in QUERIES.items():
        if only and name != only:
            continue
        ws = wb.create_sheet(name)
        cur = book.conn.execute(sql)
        ws.append([d[0] for d in cur.description])
        for row in cur:
            ws.append(row)
            n += 1
    wb.save(path)
    return time.perf_counter() - t, n


def ours(book, path: Path) -> tuple[float, int]:
    t = time.perf_counter()
    result = ex.export_book(book, path, TODAY)
    return time.perf_counter() - t, sum(result.sheets.values())


def ours_customers(book, path: Path) -> float:
    from salesbook.excel.write import new_workbook, save_workbook, write_sheet

    t = time.perf_counter()
    wb = new_workbook(path)
    write_sheet(wb, "客户", ex.customer_cols("zh"), book.conn.execute(ex.CUSTOMER_SQL))
    save_workbook(wb, path)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=2000)
    ap.add_argument("--big", default="/tmp/sb100k.db")
    args = ap.parse_args()
    ex.load_values = lambda *a, **k: None  # the same rows in both: no value column group
    with tempfile.TemporaryDirectory(prefix="sb_export_bench_") as tmp:
        d = Path(tmp)
        db = d / "demo.db"
        build_demo(db, customers=args.customers, seed=4, today=TODAY)
        book = open_book(db)
        ours(book, d / "warm.xlsx")  # imports and caches warm for both
        tb, nb = baseline(book, d / "base.xlsx")
        to, no = ours(book, d / "ours.xlsx")
        tb2, _ = baseline(book, d / "base2.xlsx")
        base = min(tb, tb2)
        assert nb == no, (nb, no)
        print(f"demo book: {args.customers} customers, {no} rows over 5 sheets")
        print(f"baseline openpyxl write-only (same rows, plain): {base:6.2f} s  {no / base:9,.0f} rows/s")
        print(f"export_book (dates, ¥, styles, filters, widths):  {to:6.2f} s  {no / to:9,.0f} rows/s")
        print(f"ratio export / baseline: {to / base:.2f}x (target <= 1.3x)")
        book.close()
        big = Path(args.big)
        if big.exists() and not Path(str(big) + ".building").exists():
            book = open_book(big)
            tracemalloc.start()
            tc = ours_customers(book, d / "big.xlsx")
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            tb, n = baseline(book, d / "big_base.xlsx", only="客户")
            print(f"100k book, customers sheet: {n} rows: export {tc:.2f} s vs baseline {tb:.2f} s"
                  f" ({tc / tb:.2f}x); peak Python memory while exporting {peak / 1e6:.1f} MB")
            book.close()


if __name__ == "__main__":
    main()
