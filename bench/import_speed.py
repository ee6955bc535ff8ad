"""Import speed: delivery rows per second from .csv and .xlsx into a book.

    .venv/bin/python bench/import_speed.py [--rows 30000] [--customers 2000 15000]

Builds a demo book, writes the same delivery rows (客户 电话 品名 日期 数量 单价,
under a title row, with a 合计 row) as .csv and .xlsx, then times, in one run,
for two books: "old records" (the demo's customers and products, no
deliveries yet: a rep bringing a year of paper/Excel history in) and
"next month" (a month of deliveries, one or two per customer x product, on
top of the demo's two years of history, so every touched customer x product
re-fits its whole history: the forecast refresh then dominates):

* baseline: openpyxl read-only iterating every row of the .xlsx (values only);
* python-calamine reading the same .xlsx (what the importer uses);
* ``import_file(book, "deliveries", ...)`` end to end: read, header detection,
  parsing, customer/product matching, duplicate check, insert, the forecast
  and balances of every touched customer refreshed, commit.

"Next month" runs for each ``--customers`` book (a small one, where the fixed
costs show, and one of realistic size: 15,000 customers, ~41,000 rows), and
times beside it, on the imported book, the forecast of every touched pair
computed the plain way (``forecast.estimate_supply`` one pair at a time, what
the refresh did before issue 18 part 5) and as arrays
(``forecast_batch.estimate_flat``, what it does now: the same floats).

Target (issues 3 and 18 part 5): >= 20,000 rows/s from CSV and from .xlsx.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import salesbook.startup  # noqa: E402, F401 - the core wired as at start-up
from salesbook.cli.demo import build_demo  # noqa: E402
from salesbook.excel.importer import import_file  # noqa: E402
from salesbook.store.book import open_book  # noqa: E402

TODAY = date(2026, 11, 23)


def strip_history(src: Path, dst: Path) -> None:
    """A copy of the book with its customers and products but no deliveries, payments or contacts."""
    from salesbook.records import supply

    shutil.copy(src, dst)
    book = open_book(dst)
    with book.transaction() as conn:
        for table in ("deliveries", "payments", "contacts", "supply", "customer_state"):
            conn.execute(f"DELETE FROM {table}")
        supply.refresh_all(book)
    with book.transaction() as conn:
        for table in ("undo_log", "undo_actions"):
            try:
                conn.execute(f"DELETE FROM {table}")
            except Exception:  # a book without the undo tables
                pass
    book.conn.execute("VACUUM")
    book.close()


def make_rows(db: Path, n: int, seed: int = 5, start: date = TODAY, span: int = 120) -> list[list]:
    """``n`` delivery rows as a rep's records have them: each household buys one to
    three products, each product again every 2-5 weeks from ``start`` for ``span``
    days (a year of history gives ~12 deliveries per customer x product)."""
    book = open_book(db)
    customers = book.conn.execute(
        "SELECT name, phone FROM customers WHERE archived_at IS NULL AND phone IS NOT NULL"
    ).fetchall()
    products = book.conn.execute("SELECT name, unit_price_fen FROM products").fetchall()
    book.close()
    rng = random.Random(seed)
    rows: list[list] = []
    while len(rows) < n:
        name, phone = rng.choice(customers)
        for product, price in rng.sample(products, rng.randint(1, 3)):
            qty = rng.choice((1, 2, 5, 10, 15))
            day = start + timedelta(days=rng.randint(1, 30))
            while day < start + timedelta(days=span) and len(rows) < n:
                rows.append([name, phone, product, day.isoformat(), qty, f"{price / 100:.2f}"])
                day += timedelta(days=rng.randint(14, 35))
    rng.shuffle(rows)
    return rows


HEADER = ["客户", "电话", "品名", "送货日期", "数量", "单价"]


def make_month(db: Path, seed: int = 6) -> list[list]:
    """The next month of deliveries on top of the book's history: each customer x
    product it forecasts is resupplied once (a fifth of them twice) around its run-out."""
    book = open_book(db)
    pairs = book.conn.execute(
        "SELECT c.name, c.phone, p.name, p.unit_price_fen, s.runout_date FROM supply s"
        " JOIN customers c ON c.id = s.customer_id JOIN products p ON p.id = s.product_id"
        " WHERE c.phone IS NOT NULL AND c.archived_at IS NULL"
    ).fetchall()
    book.close()
    rng = random.Random(seed)
    rows = []
    for name, phone, product, price, _runout in pairs:
        for _ in range(2 if rng.random() < 0.2 else 1):
            day = TODAY + timedelta(days=rng.randint(1, 30))
            rows.append(
                [
                    name,
                    phone,
                    product,
                    day.isoformat(),
                    rng.choice((1, 2, 5, 10)),
                    f"{price / 100:.2f}",
                ]
            )
    rng.shuffle(rows)
    return rows


def write_csv(path: Path, rows: list[list]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["送货记录（导入测试）"])
        w.writerow(HEADER)
        w.writerows(rows)
        w.writerow(["合计", "", "", "", sum(r[4] for r in rows), ""])


def write_xlsx(path: Path, rows: list[list]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("送货")
    ws.append(["送货记录（导入测试）"])
    ws.append(HEADER)
    for r in rows:
        ws.append([r[0], r[1], r[2], date.fromisoformat(r[3]), r[4], float(r[5])])
    ws.append(["合计", None, None, None, sum(r[4] for r in rows)])
    wb.save(path)


def openpyxl_baseline(path: Path) -> float:
    from openpyxl import load_workbook

    t = time.perf_counter()
    wb = load_workbook(path, read_only=True, data_only=True)
    n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    assert n > 0
    return time.perf_counter() - t


def calamine_read(path: Path) -> float:
    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    wb = CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_index(0).to_python()
    assert rows
    return time.perf_counter() - t


def timed_import(template: Path, work: Path, path: Path, expect: int) -> tuple[float, float]:
    """(seconds of the whole import, of which waiting for its safety backup, made
    beside it on a thread of its own: backup.before_started);
    prints the CPU seconds this process spent (the machine may be shared)."""
    shutil.copy(template, work)
    book = open_book(work)
    t = time.perf_counter()
    cpu = time.process_time()
    result = import_file(book, "deliveries", path)
    seconds = time.perf_counter() - t
    print(f"    ({path.suffix}: {time.process_time() - cpu:.2f} s of CPU in {seconds:.2f} s)")
    assert result.inserted + result.skipped_duplicates == expect, result
    book.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.rmtree(work.parent / "backups", ignore_errors=True)
    return seconds, result.backup_seconds


def forecast_baseline(db: Path, path: Path) -> None:
    """On a copy of the book with ``path`` imported: the forecast of every
    touched customer x product, the plain way (estimate_supply, one pair at a
    time) and as arrays (estimate_flat), which must give the same estimates."""
    from salesbook.records import tuning
    from salesbook.rules import forecast, forecast_batch

    work = db.parent / "f.db"
    shutil.copy(db, work)
    book = open_book(work)
    import_file(book, "deliveries", path)
    fit = tuning.params_for(book)
    rows = book.conn.execute(
        "SELECT d.customer_id, d.product_id, d.date, d.quantity, d.source, c.household_size,"
        " p.per_person_daily, o.daily_rate FROM deliveries d"
        " JOIN customers c ON c.id = d.customer_id JOIN products p ON p.id = d.product_id"
        " LEFT JOIN consumption_overrides o ON o.customer_id = d.customer_id"
        " AND o.product_id = d.product_id"
        " WHERE d.deleted_at IS NULL AND d.customer_id IN (SELECT DISTINCT customer_id FROM"
        " deliveries WHERE date > ?) ORDER BY d.customer_id, d.product_id, d.date",
        (TODAY.isoformat(),),
    ).fetchall()
    book.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    starts, days, quantities, sources, jobs, plain = [], [], [], [], [], []
    for i, (cid, pid, day, qty, source, size, per_person, override) in enumerate(rows):
        if i == 0 or (cid, pid) != rows[i - 1][:2]:
            starts.append(i)
            weight, ratio = fit.params(pid)
            prior = forecast.prior_rate(override, size, per_person)
            jobs.append((prior, weight, ratio))
            plain.append((prior, [], weight, ratio))
        on = date.fromisoformat(day)
        days.append(on.toordinal())
        quantities.append(qty)
        sources.append(source)
        plain[-1][1].append(forecast.Delivery(on, qty, source))
    t = time.perf_counter()
    reference = [
        forecast.estimate_supply(p, ds, prior_weight_days=w, elsewhere_ratio=r)
        for p, ds, w, r in plain
    ]
    t_plain = time.perf_counter() - t
    t = time.perf_counter()
    arrays = forecast_batch.estimate_flat(starts, days, quantities, sources, jobs)
    t_arrays = time.perf_counter() - t
    same = [est for est, _ in arrays] == reference
    print(
        f"[next month] forecast of the {len(jobs):,} touched pairs ({len(rows):,} deliveries):"
        f" baseline estimate_supply one by one {t_plain:5.2f} s; arrays {t_arrays:5.2f} s"
        f" ({t_plain / t_arrays:.1f}x), the same estimates: {'yes' if same else 'NO'}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=30_000)
    ap.add_argument("--customers", type=int, nargs="+", default=[2_000, 15_000])
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sb_import_bench_"))
    try:
        results = []
        for scale, customers in enumerate(args.customers):
            db = tmp / f"book{customers}.db"
            t = time.perf_counter()
            build_demo(db, customers=customers, seed=11, today=TODAY)
            print(f"demo book: {customers} customers in {time.perf_counter() - t:.1f} s")
            runs = [(f"next month, {customers:,} customers", db, make_month(db))]
            if scale == 0:
                empty = tmp / "old_records.db"
                strip_history(db, empty)
                old = make_rows(db, args.rows, start=TODAY - timedelta(days=366), span=365)
                runs.insert(0, ("old records", empty, old))
            results += _run(tmp, runs)
        for label, r_csv, r_xlsx in results:
            ok = min(r_csv, r_xlsx) >= 20_000
            print(
                f"target >= 20,000 rows/s [{label}] (import work, the wait for its backup apart):",
                "met" if ok else "NOT met",
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(tmp: Path, runs) -> list[tuple[str, float, float]]:
    results = []
    for label, book_path, rows in runs:
        n = len(rows)
        print(f"[{label}] {n} rows")
        csv_path, xlsx_path = tmp / "rows.csv", tmp / "rows.xlsx"
        write_csv(csv_path, rows)
        write_xlsx(xlsx_path, rows)
        base = openpyxl_baseline(xlsx_path)
        cal = calamine_read(xlsx_path)
        print(f"baseline openpyxl read-only, reading only:  {base:6.2f} s  {n / base:9,.0f} rows/s")
        print(f"python-calamine, reading only:              {cal:6.2f} s  {n / cal:9,.0f} rows/s")
        t_csv, b_csv = timed_import(book_path, tmp / "w1.db", csv_path, n)
        t_xlsx, b_xlsx = timed_import(book_path, tmp / "w2.db", xlsx_path, n)
        for ext, t_all, t_bak in ((".csv ", t_csv, b_csv), (".xlsx", t_xlsx, b_xlsx)):
            t_own = t_all - t_bak
            print(
                f"[{label}] import_file {ext} -> book: {t_all:6.2f} s {n / t_all:9,.0f} rows/s"
                f" with its safety backup (made beside it; {t_bak:.2f} s waiting for it);"
                f" {n / t_own:9,.0f} rows/s without the wait"
                + (
                    f"  ({base / t_own:.1f}x faster than openpyxl's reading alone)"
                    if ext == ".xlsx"
                    else ""
                )
            )
        results.append((label, n / (t_csv - b_csv), n / (t_xlsx - b_xlsx)))
        if label.startswith("next month"):
            forecast_baseline(book_path, csv_path)
    return results


if __name__ == "__main__":
    main()
