"""Read calls the desktop window needs beyond the other core modules (Qt-free).

Each returns plain dataclasses or dicts, so the window only shows them:

* ``customer_rows(book, ids)``: fresh list rows for some customers, after a write;
* ``customer_addresses(book, ids)``: addresses for the printed visit plan;
* ``stock_curve(book, customer_id, product_id, on)``: the delivery history and
  the estimated stock, down to the predicted run-out, for the detail chart;
* ``runout_date(book, customer_id, product_id)``: the predicted run-out after a write;
* ``book_stats(book)``: how many customers and products there are (status bar, hints);
* ``pay_cycle_input(code, lang)``: a pay cycle as a person would type it back;
* ``save_copy(book, dest)``: a consistent copy of the open book (File > copy).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..errors import BookError
from ..rules.forecast import Delivery, merge_same_day
from ..rules.paycycle import decode
from ..store import private
from ..store.book import Book
from .customers import CustomerRow


def _in(ids: list[int]) -> str:
    return ", ".join("?" * len(ids))


def customer_rows(book: Book, ids: list[int] | set[int]) -> dict[int, CustomerRow]:
    """The customer-list rows (same columns as ``search_customers``) for ``ids``,
    archived ones included; ids that do not exist are left out."""
    ids = list(ids)
    out: dict[int, CustomerRow] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = (
            "SELECT c.id, c.uid, c.name, c.phone, c.area, c.level, c.household_size,"
            " COALESCE(cs.balance_fen, 0), cs.last_contact_date,"
            " (SELECT MIN(s.runout_date) FROM supply s WHERE s.customer_id = c.id),"
            " c.archived_at IS NOT NULL"
            " FROM customers c LEFT JOIN customer_state cs ON cs.customer_id = c.id"
            f" WHERE c.id IN ({_in(chunk)})"
        )
        for r in book.conn.execute(sql, chunk):
            out[r[0]] = CustomerRow(*r[:-1], bool(r[-1]))
    return out


def customer_addresses(book: Book, ids: list[int] | set[int]) -> dict[int, str | None]:
    """Address per customer id (None when none was typed)."""
    ids = list(ids)
    out: dict[int, str | None] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for cid, address in book.conn.execute(
            f"SELECT id, address FROM customers WHERE id IN ({_in(chunk)})", chunk
        ):
            out[cid] = address
    return out


@dataclass(frozen=True)
class CurveDelivery:
    date: date
    quantity: float
    source: str  # 'us' | 'elsewhere'


@dataclass(frozen=True)
class StockCurve:
    """What the detail chart draws for one customer x product.

    ``points`` are (date, units on hand) with a step up at each delivery and a
    straight decline at the estimated daily ``rate`` in between; the last one
    is (``runout_date``, 0) when there is a prediction."""

    product: str
    unit: str
    deliveries: list[CurveDelivery]
    points: list[tuple[date, float]] = field(default_factory=list)
    rate: float | None = None
    runout_date: date | None = None
    on: date | None = None


def stock_curve(
    book: Book, customer_id: int, product_id: int, on: date, days: int = 365
) -> StockCurve:
    """Delivery history of the last ``days`` days before ``on`` and the estimated
    stock (units) over it, ending at the predicted run-out (see StockCurve)."""
    prod = book.conn.execute(
        "SELECT name, unit FROM products WHERE id = ?", (product_id,)
    ).fetchone() or ("", "")
    rows = book.conn.execute(
        "SELECT date, quantity, source FROM deliveries WHERE customer_id = ? AND product_id = ?"
        " AND deleted_at IS NULL ORDER BY date, id",
        (customer_id, product_id),
    ).fetchall()
    supply = book.conn.execute(
        "SELECT rate, last_date, stock_at_last, runout_date FROM supply"
        " WHERE customer_id = ? AND product_id = ?",
        (customer_id, product_id),
    ).fetchone()
    history = [Delivery(date.fromisoformat(d), q, s) for d, q, s in rows]
    since = on - timedelta(days=days)
    shown = [CurveDelivery(d.date, d.quantity, d.source) for d in history if d.date >= since]
    if not history:
        return StockCurve(prod[0], prod[1], shown, on=on)
    rate = supply[0] if supply else None
    runout = date.fromisoformat(supply[3]) if supply and supply[3] else None
    points: list[tuple[date, float]] = []
    if rate:
        stock = 0.0
        prev: date | None = None
        merged = merge_same_day(history)
        for i, d in enumerate(merged):
            if prev is not None:
                before = max(0.0, stock - rate * (d.date - prev).days)
                empty_on = prev + timedelta(days=stock / rate)
                if before == 0.0 and empty_on < d.date:
                    points.append((empty_on, 0.0))
                stock = before
            after = stock + d.quantity
            if i == len(merged) - 1 and supply:
                after = float(supply[2])  # the book's own estimate after the last delivery
            points.append((d.date, stock))
            points.append((d.date, after))
            stock = after
            prev = d.date
        if runout:
            points.append((runout, 0.0))
        points = [p for p in points if p[0] >= since] or points[-2:]
    return StockCurve(prod[0], prod[1], shown, points, rate, runout, on)


def runout_date(book: Book, customer_id: int, product_id: int) -> date | None:
    """The predicted run-out of one customer x product (None without a prediction)."""
    row = book.conn.execute(
        "SELECT runout_date FROM supply WHERE customer_id = ? AND product_id = ?",
        (customer_id, product_id),
    ).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def first_runout_product(book: Book, customer_id: int) -> int | None:
    """The customer's product that runs out first (the one a delivery most likely
    brings), else the one bought last; None for a customer with no deliveries."""
    row = book.conn.execute(
        "SELECT product_id FROM supply WHERE customer_id = ?"
        " ORDER BY runout_date IS NULL, runout_date, last_date DESC LIMIT 1",
        (customer_id,),
    ).fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class BookStats:
    customers: int  # active (not archived)
    archived: int
    products: int
    has_deliveries: bool


def book_stats(book: Book) -> BookStats:
    """Counts for the status bar and the empty-book hints."""
    conn = book.conn
    active, archived = conn.execute(
        "SELECT COALESCE(SUM(archived_at IS NULL), 0), COALESCE(SUM(archived_at IS NOT NULL), 0)"
        " FROM customers"
    ).fetchone()
    products = conn.execute("SELECT COUNT(*) FROM products WHERE archived_at IS NULL").fetchone()[0]
    has_deliveries = conn.execute("SELECT 1 FROM deliveries LIMIT 1").fetchone() is not None
    return BookStats(int(active), int(archived), int(products), has_deliveries)


def save_copy(book: Book, dest: str | Path) -> Path:
    """Write a consistent copy of the open book to ``dest`` (SQLite online backup).
    Refuses to overwrite an existing file; a failed copy leaves no file behind."""
    target = Path(dest)
    if target.exists():
        raise BookError("target_exists", path=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        private.create_file(target)  # owner-only (0600) before SQLite writes the copy
        out = sqlite3.connect(str(target))
        try:
            book.conn.backup(out)
        finally:
            out.close()
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)
        raise BookError("book_io", path=str(target), detail=str(exc)) from exc
    return target


_WEEKDAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def pay_cycle_input(code: str | None, lang: str = "zh") -> str:
    """The stored pay cycle as text an edit field can show and ``parse_pay_cycle``
    reads back unchanged: 每月10日 / 10, 每周五 / weekly:fri, '' for none."""
    cycle = decode(code)
    if cycle.kind == "none":
        return ""
    if lang.startswith("zh"):
        return cycle.describe("zh")
    if cycle.kind == "monthly":
        return str(cycle.days[0])
    if cycle.kind == "twice":
        return f"{cycle.days[0]},{cycle.days[1]}"
    if cycle.kind == "weekly":
        return f"weekly:{_WEEKDAYS_EN[cycle.weekday or 0]}"
    return cycle.encode()
