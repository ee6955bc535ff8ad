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

import salesbook.startup  # noqa: E402, F401 - the core wired as at start-up
from salesbook.cli.demo import build_demo  # noqa: E402
from salesbook.excel import export as ex  # noqa: E402
from salesbook.store.book import open_book  # noqa: E402

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


def _same_values(name: str):
    """Row -> the values as the export file holds them (dates as dates, money in yuan, codes as words)."""
    from decimal import Decimal

    def d(v):
        return date.fromisoformat(v[:10]) if v else None

    def y(v):
        return Decimal(v).scaleb(-2) if v is not None else None

    cyc, lvl = ex._cycle_text("zh"), ex._level_text("zh")
    if name == "客户":
        return lambda r: (
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            cyc(r[5]),
            lvl(r[6]),
            r[7],
            r[8],
            r[9],
            r[10],
            y(r[11]),
            y(r[12]),
            r[13],
            d(r[14]),
            d(r[15]),
            d(r[16]),
            d(r[17]),
            d(r[18]),
            d(r[19]),
            r[20],
        )
    if name == "送货":
        return lambda r: (
            d(r[0]),
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            y(r[6]),
            y(r[7]),
            r[8],
            r[9],
            r[10],
        )
    if name == "收款":
        return lambda r: (d(r[0]), r[1], r[2], y(r[3]), r[4], r[5])
    if name == "联系":
        return lambda r: (d(r[0]), r[1], r[2], r[3], r[4])
    return lambda r: (
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        d(r[8]),
        r[9],
        d(r[10]),
        d(r[11]),
        r[12],
    )


def baseline(
    book, path: Path, only: str | None = None, same_values: bool = False
) -> tuple[float, int]:
    """Plain openpyxl write-only: a header row, then the rows as they come (``same_values``:
    converted to what the export file holds, dates as dates and money in yuan)."""
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
        conv = _same_values(name) if same_values else None
        for row in cur:
            ws.append(conv(row) if conv else row)
            n += 1
    # the book's other records (complaints, level history, ..., value history): as they come
    others = [("products", None, ex.PRODUCT_SQL), *ex._record_sheets("zh")]
    for key, _cols, sql in [] if only else others:
        ws = wb.create_sheet(key)
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


def _peak_rss() -> int:
    """The process's peak resident memory in kB (Linux), 0 elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=2000)
    ap.add_argument("--big", default="/tmp/sb100k.db")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    ex.load_values = lambda *a, **k: None  # the same rows in both: no value column group
    with tempfile.TemporaryDirectory(prefix="sb_export_bench_") as tmp:
        d = Path(tmp)
        db = d / "demo.db"
        build_demo(db, customers=args.customers, seed=4, today=TODAY)
        book = open_book(db)
        ours(book, d / "warm.xlsx")  # imports and caches warm for both
        # interleaved rounds, best of each: the machine is shared, single timings wander
        tv = tr = to = float("inf")
        for r in range(args.rounds):
            t, nb = baseline(book, d / f"base_values{r}.xlsx", same_values=True)
            tv = min(tv, t)
            t, no = ours(book, d / f"ours{r}.xlsx")
            to = min(to, t)
            t, _ = baseline(book, d / f"base_raw{r}.xlsx")
            tr = min(tr, t)
        assert nb == no, (nb, no)
        sheets = len(QUERIES) + 1 + len(ex._record_sheets("zh"))
        print(f"demo book: {args.customers} customers, {no} rows over {sheets} sheets")
        print(
            f"baseline A: openpyxl write-only, the same cell values, plain: {tv:6.2f} s  {no / tv:8,.0f} rows/s"
        )
        print(
            f"baseline B: openpyxl write-only, raw SQL tuples (ISO text, fen): {tr:6.2f} s  {no / tr:8,.0f} rows/s"
        )
        print(
            f"export_book (¥ format, styled frozen header, filters, widths, safe text): {to:6.2f} s  {no / to:8,.0f} rows/s"
        )
        print(
            f"ratio export / baseline A: {to / tv:.2f}x (target <= 1.3x);  / baseline B: {to / tr:.2f}x"
        )
        book.close()
        big = Path(args.big)
        if big.exists() and not Path(str(big) + ".building").exists():
            book = open_book(big)
            hwm0 = _peak_rss()
            tc = ours_customers(book, d / "big.xlsx")
            grew = _peak_rss() - hwm0
            tb, n = baseline(book, d / "big_base.xlsx", only="客户", same_values=True)
            print(
                f"100k book, customers sheet: {n} rows: export {tc:.2f} s vs baseline A {tb:.2f} s"
                f" ({tc / tb:.2f}x); peak memory grew by {grew / 1024:.0f} MB while exporting"
            )
            tracemalloc.start()
            wb_rows = book.conn.execute(ex.CUSTOMER_SQL + " LIMIT 20000")
            from salesbook.excel.write import new_workbook, save_workbook, write_sheet

            wb = new_workbook(d / "t.xlsx")
            write_sheet(wb, "客户", ex.customer_cols("zh"), wb_rows)
            save_workbook(wb, d / "t.xlsx")
            print(
                f"(tracemalloc, 20,000 customers: peak {tracemalloc.get_traced_memory()[1] / 1e6:.1f} MB of Python objects)"
            )
            tracemalloc.stop()
            book.close()


if __name__ == "__main__":
    main()
