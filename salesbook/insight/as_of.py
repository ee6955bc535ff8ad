"""The book as it stood at the end of a past day, for reports "as of" that day.

``as_of(book, day)`` is a context manager: inside it, the book's connection
reads the history tables as they were on ``day`` and the derived state
(``supply``, ``customer_state``, ``agenda``, ``customer_value``) recomputed
from that history by the very same rules (``supply.refresh_all``), so every
query the reports already make (balances, last delivery, last contact, the due
list, the pyramid, value) answers as of ``day``. Nothing in the book changes:

* TEMP views named like the history tables shadow them (SQLite looks in
  ``temp`` first): deliveries, payments and contacts dated on or before
  ``day``; customers that existed then (added by then, or with a delivery,
  payment or contact by then), not archived by then, at the level they had
  then (``level_history``);
* TEMP tables named like the derived tables, filled by ``refresh_all``;
* all inside a savepoint rolled back at the end, so the temp objects vanish
  and the book's file is never written (it works on a read-only book too).

When nothing in the book is dated after ``day`` (the usual "today"), the
maintained state already is the answer and nothing is shadowed.

Not shadowed: snoozes (a snooze has no date it was made), products and
settings (as they are now).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import date

from ..store.book import Book, local_day

HISTORY = ("deliveries", "payments", "contacts")
DERIVED = ("supply", "customer_state", "agenda", "customer_value")
_DAY_FN = "salesbook_local_day"


def changed_after(book: Book, day: date) -> bool:
    """Is anything in the book dated after ``day`` (a delivery, payment,
    contact, level change, a customer added or archived)?"""
    d = day.isoformat()
    _register(book)
    return bool(
        book.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM deliveries WHERE date > :d AND deleted_at IS NULL)"
            " OR EXISTS (SELECT 1 FROM payments WHERE date > :d AND deleted_at IS NULL)"
            " OR EXISTS (SELECT 1 FROM contacts WHERE date > :d AND deleted_at IS NULL)"
            " OR EXISTS (SELECT 1 FROM level_history WHERE date > :d)"
            f" OR EXISTS (SELECT 1 FROM customers WHERE {_DAY_FN}(created_at) > :d"
            f"  OR {_DAY_FN}(archived_at) > :d)",
            {"d": d},
        ).fetchone()[0]
    )


def _register(book: Book) -> None:
    book.conn.create_function(
        _DAY_FN, 1, lambda s: None if s is None else local_day(s), deterministic=True
    )


def _temp_ddl(book: Book, table: str) -> str:
    """The table's CREATE statement as a TEMP table, without foreign keys (they
    would point at the shadowing views)."""
    sql = book.conn.execute(
        "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()[0]
    sql = re.sub(r"^CREATE TABLE\s+\"?\w+\"?", f"CREATE TEMP TABLE {table}", sql.strip())
    return re.sub(r"REFERENCES\s+\w+\s*\(\w+\)(\s+ON\s+DELETE\s+\w+)?", "", sql, flags=re.I)


@contextlib.contextmanager
def as_of(book: Book, day: date) -> Iterator[bool]:
    """Read the book as of the end of ``day`` inside the block (see the module
    doc). Yields whether anything had to be shadowed."""
    if not changed_after(book, day):
        yield False
        return
    from ..records import supply

    conn = book.conn
    _register(book)
    d = day.isoformat()  # an ISO date: safe inside the view's text
    conn.execute("SAVEPOINT salesbook_as_of")
    try:
        for table in HISTORY:
            conn.execute(
                f"CREATE TEMP VIEW {table} AS SELECT * FROM main.{table} WHERE date <= '{d}'"
            )
        cols = [r[1] for r in conn.execute("PRAGMA main.table_info(customers)")]
        level = (
            "COALESCE((SELECT h.to_level FROM main.level_history h WHERE h.customer_id = c.id"
            f" AND h.date <= '{d}' ORDER BY h.date DESC, h.id DESC LIMIT 1),"
            " (SELECT h.from_level FROM main.level_history h WHERE h.customer_id = c.id"
            f" AND h.date > '{d}' ORDER BY h.date, h.id LIMIT 1), c.level)"
        )
        archived = f"CASE WHEN {_DAY_FN}(c.archived_at) <= '{d}' THEN c.archived_at END"
        select = ", ".join(
            f"{level} AS level" if col == "level"
            else f"{archived} AS archived_at" if col == "archived_at"
            else f"c.{col}"
            for col in cols
        )  # fmt: skip
        existed = " OR ".join(
            [f"{_DAY_FN}(c.created_at) <= '{d}'"]
            + [
                f"EXISTS (SELECT 1 FROM {t} x WHERE x.customer_id = c.id AND x.deleted_at IS NULL)"
                for t in HISTORY
            ]
        )
        conn.execute(
            f"CREATE TEMP VIEW customers AS SELECT {select} FROM main.customers c WHERE {existed}"
        )
        for table in DERIVED:
            conn.execute(_temp_ddl(book, table))
        supply.refresh_all(book)
        yield True
    finally:
        conn.execute("ROLLBACK TO salesbook_as_of")  # the temp objects go with it
        conn.execute("RELEASE salesbook_as_of")
