"""Undo, redo and the trash.

How undo works without touching every write function: SQLite triggers on the
record tables (customers, products, deliveries, payments, contacts,
level_history, consumption_overrides, complaints, imports, import_changes)
write the inverse of each change into ``undo_log`` (an insert: the row id; an
update or delete: every old value, exactly, as SQL literals). Just before a
transaction commits, ``Book.transaction`` calls ``seal``, which groups the
rows logged in it into one ``undo_actions`` row with a description, so one
user action is one undo step. Derived tables (supply, customer_state) are not
logged: after an undo they are recomputed for the customers it touched.

``undo_last`` reverses the newest action not yet undone; that reversal is an
action too (kind 'undo'), so ``redo_last`` can reverse it back until the rep
does something new. The log keeps the last ``KEEP_ACTIONS`` actions.

The trash is the soft delete the book already has (deleted_at on deliveries,
payments and contacts; archived_at on customers): ``list_trash``,
``move_to_trash`` and ``restore_from_trash``.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..errors import NotFound, SalesbookError, ValidationError
from . import hooks

if TYPE_CHECKING:
    from .book import Book

# Tables whose changes can be undone (derived tables are never logged).
LOGGED_TABLES = (
    "customers",
    "products",
    "deliveries",
    "payments",
    "contacts",
    "level_history",
    "consumption_overrides",
    "complaints",
    "imports",
    "import_changes",
)
KEEP_ACTIONS = 300  # undo steps kept
_PRUNE_EVERY = 50


# -- the triggers (installed by the migration runner) ------------------------------


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({_q(table)})")]


def drop_triggers(conn: sqlite3.Connection) -> None:
    """Remove the undo triggers (before a migration changes the tables)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'undo\\_%' ESCAPE '\\'"
        )
    ]
    for name in names:
        conn.execute(f"DROP TRIGGER IF EXISTS {_q(name)}")


def install_triggers(conn: sqlite3.Connection) -> None:
    """(Re)create the undo triggers from the tables' current columns, inside
    the caller's transaction. Does nothing before the undo tables exist."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "undo_log" not in tables:
        return
    drop_triggers(conn)
    when = "(SELECT recording FROM undo_switch WHERE id = 1)"
    for table in LOGGED_TABLES:
        if table not in tables:
            continue
        cols = _columns(conn, table)
        t = _q(table)
        lit = "'" + table + "'"
        old = "json_object(" + ", ".join(f"'{c}', quote(old.{_q(c)})" for c in cols) + ")"
        changed = " OR ".join(f"old.{_q(c)} IS NOT new.{_q(c)}" for c in cols)
        conn.execute(
            f"CREATE TRIGGER {_q('undo_' + table + '_ins')} AFTER INSERT ON {t} WHEN {when}"
            f" BEGIN INSERT INTO undo_log (tbl, op, row_id) VALUES ({lit}, 'insert', new.rowid); END"
        )
        conn.execute(
            f"CREATE TRIGGER {_q('undo_' + table + '_upd')} AFTER UPDATE ON {t} WHEN {when} AND ({changed})"
            f" BEGIN INSERT INTO undo_log (tbl, op, row_id, old) VALUES ({lit}, 'update', old.rowid, {old}); END"
        )
        conn.execute(
            f"CREATE TRIGGER {_q('undo_' + table + '_del')} AFTER DELETE ON {t} WHEN {when}"
            f" BEGIN INSERT INTO undo_log (tbl, op, row_id, old) VALUES ({lit}, 'delete', old.rowid, {old}); END"
        )


@contextlib.contextmanager
def paused(book: Book) -> Iterator[None]:
    """Do not record undo steps for the writes inside (bulk builds such as the
    demo book), in one transaction (see ``suspended``)."""
    with book.transaction() as conn, suspended(conn):
        yield


@contextlib.contextmanager
def suspended(conn) -> Iterator[None]:
    """Inside the caller's transaction: the undo triggers are taken out for the
    writes inside and put back after, so a bulk write (the demo, an import, which
    has its own one-step revert) is not logged row by row. Taken out, not just
    switched off: a trigger that only checks the switch still costs about 7 µs a
    row (a third of a demo book's inserts). An error rolls the transaction back,
    the triggers with it, so a crash cannot leave them out."""
    drop_triggers(conn)
    yield
    install_triggers(conn)


def label(book: Book, text: str) -> None:
    """Name the current action for the undo menu (else a name is derived from what changed)."""
    book._undo_label = {"text": text}  # type: ignore[attr-defined]


# -- sealing an action at commit -------------------------------------------------


def seal(book: Book) -> None:
    """Group what the triggers logged in this transaction into one undo step.

    Called by ``Book.transaction`` just before COMMIT, inside the transaction."""
    conn = book.conn
    kind, reverses = getattr(book, "_undo_kind", None) or ("do", None)
    text_label = getattr(book, "_undo_label", None)
    book._undo_kind = None  # type: ignore[attr-defined]
    book._undo_label = None  # type: ignore[attr-defined]
    try:
        groups = conn.execute(
            "SELECT tbl, op, COUNT(*), MIN(id) FROM undo_log WHERE action_id IS NULL GROUP BY tbl, op"
        ).fetchall()
    except sqlite3.OperationalError:  # a book without undo tables (never after migration)
        return
    new_import = _new_import(book) if kind == "do" else None
    if not groups and kind == "do" and new_import is None:
        return
    n = sum(g[2] for g in groups)
    if kind != "do":
        inner = conn.execute("SELECT label FROM undo_actions WHERE id = ?", (reverses,)).fetchone()
        of = _base(json.loads(inner[0]) if inner and inner[0] else None)
        desc = {"key": "act_" + kind, "of": of}  # 'undo X' / 'redo X', never 'redo undo X'
    elif text_label:
        desc = dict(text_label)
    elif new_import is not None:
        row = conn.execute("SELECT file, rows FROM imports WHERE id = ?", (new_import,)).fetchone()
        desc = {"key": "act_import", "params": {"file": row[0]}}
        n = n or row[1]
    else:
        desc = _describe(conn, groups)
    if new_import is not None:
        desc["import_id"] = new_import  # undone through importer.revert_import
    cur = conn.execute(
        "INSERT INTO undo_actions (at, kind, reverses, label, n_changes) VALUES (?, ?, ?, ?, ?)",
        (_now(), kind, reverses, json.dumps(desc, ensure_ascii=False), n),
    )
    aid = cur.lastrowid
    if groups:
        conn.execute("UPDATE undo_log SET action_id = ? WHERE action_id IS NULL", (aid,))
    if reverses is not None:
        conn.execute("UPDATE undo_actions SET undone_by = ? WHERE id = ?", (aid, reverses))
    if aid % _PRUNE_EVERY == 0:
        cutoff = aid - KEEP_ACTIONS
        conn.execute("DELETE FROM undo_log WHERE action_id <= ?", (cutoff,))
        conn.execute("DELETE FROM undo_actions WHERE id <= ?", (cutoff,))


def attach(book: Book) -> None:
    """Note the newest import of a freshly opened book (see ``_new_import``)."""
    book._imports_top = _imports_top(book.conn)  # type: ignore[attr-defined]


def _imports_top(conn) -> int:
    try:
        return conn.execute("SELECT COALESCE(MAX(id), 0) FROM imports").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _new_import(book: Book) -> int | None:
    """The import this transaction recorded, if any. Imports write with the
    undo log paused (they keep their own record, imports/import_changes, and
    ``importer.revert_import`` undoes one), so an import is one undo step
    that calls revert_import."""
    top = _imports_top(book.conn)
    before = getattr(book, "_imports_top", top)
    book._imports_top = top  # type: ignore[attr-defined]
    return top if top > before else None


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# What names an action, most telling first.
_PRIMARY = [
    ("imports", "insert"),
    ("deliveries", "insert"),
    ("payments", "insert"),
    ("deliveries", "update"),
    ("payments", "update"),
    ("contacts", "insert"),
    ("contacts", "update"),
    ("customers", "insert"),
    ("customers", "update"),
    ("complaints", "insert"),
    ("complaints", "update"),
    ("level_history", "insert"),
    ("products", "insert"),
    ("products", "update"),
    ("consumption_overrides", "insert"),
    ("consumption_overrides", "update"),
    ("consumption_overrides", "delete"),
]


def _describe(conn: sqlite3.Connection, groups: list[tuple]) -> dict:
    """A language-neutral description {key, params} of the logged changes."""
    by = {(g[0], g[1]): (g[2], g[3]) for g in groups}
    n = sum(g[2] for g in groups)
    for tbl, op in _PRIMARY:
        if (tbl, op) not in by:
            continue
        count, first = by[(tbl, op)]
        try:
            desc = _describe_row(conn, tbl, op, count, first)
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            desc = None
        if desc:
            return desc
    return {"key": "act_changes", "params": {"n": n}}


def _old(conn: sqlite3.Connection, log_id: int) -> tuple[int, dict]:
    row_id, old = conn.execute(
        "SELECT row_id, old FROM undo_log WHERE id = ?", (log_id,)
    ).fetchone()
    return row_id, ({k: _unquote(v) for k, v in json.loads(old).items()} if old else {})


def _customer_name(conn: sqlite3.Connection, cid) -> str:
    row = conn.execute("SELECT name FROM customers WHERE id = ?", (cid,)).fetchone()
    return row[0] if row else "?"


def _describe_row(conn, tbl: str, op: str, count: int, first: int) -> dict | None:
    from ..rules.text import fen_to_yuan

    row_id, old = _old(conn, first)
    if tbl == "imports":
        row = conn.execute("SELECT file FROM imports WHERE id = ?", (row_id,)).fetchone()
        return {"key": "act_import", "params": {"file": row[0] if row else "?"}}
    if tbl == "deliveries":
        row = conn.execute(
            "SELECT c.name, p.name, p.unit, d.quantity, d.date, d.deleted_at FROM deliveries d"
            " JOIN customers c ON c.id = d.customer_id JOIN products p ON p.id = d.product_id"
            " WHERE d.id = ?",
            (row_id,),
        ).fetchone()
        if row is None:
            return None
        params = {
            "customer": row[0],
            "product": row[1],
            "quantity": f"{row[3]:g}{row[2]}",
            "date": row[4],
            "n": count,
        }
        if op == "insert":
            return {"key": "act_deliver" if count == 1 else "act_deliveries", "params": params}
        if old.get("deleted_at") is None and row[5] is not None:
            return {
                "key": "act_delete_delivery" if count == 1 else "act_delete_many",
                "params": params,
            }
        if old.get("deleted_at") is not None and row[5] is None:
            return {"key": "act_restore_delivery", "params": params}
        return {"key": "act_edit_delivery", "params": params}
    if tbl == "payments":
        row = conn.execute(
            "SELECT c.name, p.amount_fen, p.date, p.deleted_at FROM payments p"
            " JOIN customers c ON c.id = p.customer_id WHERE p.id = ?",
            (row_id,),
        ).fetchone()
        if row is None:
            return None
        params = {"customer": row[0], "amount": fen_to_yuan(row[1]), "date": row[2], "n": count}
        if op == "insert":
            return {"key": "act_pay" if count == 1 else "act_changes", "params": params}
        if old.get("deleted_at") is None and row[3] is not None:
            return {
                "key": "act_delete_payment" if count == 1 else "act_delete_many",
                "params": params,
            }
        if old.get("deleted_at") is not None and row[3] is None:
            return {"key": "act_restore_payment", "params": params}
        return {"key": "act_edit_payment", "params": params}
    if tbl == "contacts":
        row = conn.execute(
            "SELECT c.name, k.date, k.deleted_at FROM contacts k JOIN customers c ON c.id = k.customer_id"
            " WHERE k.id = ?",
            (row_id,),
        ).fetchone()
        if row is None:
            return None
        params = {"customer": row[0], "date": row[1], "n": count}
        if op == "insert":
            return {"key": "act_contact", "params": params}
        if old.get("deleted_at") is None and row[2] is not None:
            return {"key": "act_delete_contact", "params": params}
        if old.get("deleted_at") is not None and row[2] is None:
            return {"key": "act_restore_contact", "params": params}
        return None
    if tbl == "customers":
        row = conn.execute(
            "SELECT name, level, archived_at FROM customers WHERE id = ?", (row_id,)
        ).fetchone()
        if row is None:
            return None
        params = {"customer": row[0], "n": count}
        if op == "insert":
            return {
                "key": "act_add_customer" if count == 1 else "act_add_customers",
                "params": params,
            }
        if "archived_at" in old and old["archived_at"] is None and row[2] is not None:
            return {"key": "act_archive_customer", "params": params}
        if old.get("archived_at") is not None and row[2] is None:
            return {"key": "act_unarchive_customer", "params": params}
        if old.get("level") and old["level"] != row[1]:
            return {"key": "act_level", "params": {**params, "old": old["level"], "new": row[1]}}
        return {"key": "act_edit_customer", "params": params}
    if tbl == "complaints":
        row = conn.execute(
            "SELECT c.name FROM complaints k JOIN customers c ON c.id = k.customer_id WHERE k.id = ?",
            (row_id,),
        ).fetchone()
        return {"key": "act_complaint", "params": {"customer": row[0] if row else "?"}}
    if tbl == "level_history":
        row = conn.execute(
            "SELECT c.name, h.from_level, h.to_level FROM level_history h"
            " JOIN customers c ON c.id = h.customer_id WHERE h.id = ?",
            (row_id,),
        ).fetchone()
        if row is None:
            return None
        return {
            "key": "act_level",
            "params": {"customer": row[0], "old": row[1] or "", "new": row[2]},
        }
    if tbl == "products":
        row = conn.execute("SELECT name FROM products WHERE id = ?", (row_id,)).fetchone()
        name = row[0] if row else old.get("name", "?")
        return {
            "key": "act_add_product" if op == "insert" else "act_edit_product",
            "params": {"product": name},
        }
    if tbl == "consumption_overrides":
        cid = old.get("customer_id")
        if cid is None:
            r = conn.execute(
                "SELECT customer_id FROM consumption_overrides WHERE rowid = ?", (row_id,)
            ).fetchone()
            cid = r[0] if r else None
        return {"key": "act_override", "params": {"customer": _customer_name(conn, cid)}}
    return None


def _base(desc: dict | None) -> dict | None:
    """The user's own action behind undo/redo wrappers."""
    while desc and desc.get("key") in ("act_undo", "act_redo"):
        desc = desc.get("of")
    return desc


def render(desc: dict | None, lang: str | None = None) -> str:
    """The description of an action in the user's language."""
    from ..i18n import t
    from ..rules.text import level_name

    if not desc:
        return "?"
    if "text" in desc:
        return str(desc["text"])
    key = desc.get("key", "act_changes")
    if key in ("act_undo", "act_redo"):
        return t(key, lang=lang, what=render(desc.get("of"), lang))
    params = dict(desc.get("params") or {})
    if key == "act_level":
        from ..i18n import current_language

        lg = lang or current_language()
        params["old"] = level_name(params.get("old") or "", lg) if params.get("old") else "—"
        params["new"] = level_name(params.get("new") or "", lg)
    return t(key, lang=lang, **params)


# -- reading the history ------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One undo step: ``kind`` do | undo | redo; ``undone`` once reversed."""

    id: int
    at: str
    kind: str
    n_changes: int
    undone: bool
    desc: dict | None

    def describe(self, lang: str | None = None) -> str:
        return render(self.desc, lang)


def _action(row) -> Action:
    return Action(
        row[0], row[1], row[2], row[3], row[4] is not None, json.loads(row[5]) if row[5] else None
    )


# undone: reversed by an undo/redo that was not itself reversed again
_ACTION_COLS = (
    "id, at, kind, n_changes, CASE WHEN undone_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
    " undo_actions r WHERE r.id = undo_actions.undone_by AND r.undone_by IS NOT NULL) THEN 1 END,"
    " label"
)


def history(book: Book, limit: int = 20) -> list[Action]:
    """The newest actions first (for an Edit menu or ``salesbook undo --list``)."""
    return [
        _action(r)
        for r in book.conn.execute(
            f"SELECT {_ACTION_COLS} FROM undo_actions ORDER BY id DESC LIMIT ?", (limit,)
        )
    ]


def _undo_candidate(conn) -> Action | None:
    row = conn.execute(
        f"SELECT {_ACTION_COLS} FROM undo_actions WHERE kind IN ('do', 'redo') AND undone_by IS NULL"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return _action(row) if row else None


def _redo_candidate(conn) -> Action | None:
    row = conn.execute(
        f"SELECT {_ACTION_COLS} FROM undo_actions WHERE kind = 'undo' AND undone_by IS NULL"
        " AND id > COALESCE((SELECT MAX(id) FROM undo_actions WHERE kind = 'do'), 0)"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return _action(row) if row else None


def peek_undo(book: Book, lang: str | None = None) -> str | None:
    """What Ctrl+Z would undo (for the menu text), or None."""
    a = _undo_candidate(book.conn)
    return render(_base(a.desc), lang) if a else None


def peek_redo(book: Book, lang: str | None = None) -> str | None:
    """What redo would bring back, or None."""
    a = _redo_candidate(book.conn)
    return render(_base(a.desc), lang) if a else None


def local_time(at: str) -> str:
    """An action's UTC time as local 'YYYY-MM-DD HH:MM:SS'."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at


# -- undo and redo --------------------------------------------------------------------


def undo_last(book: Book, lang: str | None = None) -> str | None:
    """Undo the newest action not yet undone (one transaction). Returns its
    description, or None when there is nothing to undo. Raises
    SalesbookError('undo_blocked') when later changes that are not logged
    depend on it (the book is then unchanged)."""
    target = _undo_candidate(book.conn)
    if target is None:
        return None
    _reverse(book, target, "undo")
    return render(_base(target.desc), lang)


def redo_last(book: Book, lang: str | None = None) -> str | None:
    """Redo the last undone action, if nothing new was done since. Returns
    its description or None."""
    target = _redo_candidate(book.conn)
    if target is None:
        return None
    _reverse(book, target, "redo")
    return render(_base(target.desc), lang)


def _table_has_customer_col(conn, tbl: str, cache: dict) -> bool:
    if tbl not in cache:
        cache[tbl] = "customer_id" in _columns(conn, tbl)
    return cache[tbl]


def _reverse(book: Book, action: Action, kind: str) -> None:
    conn = book.conn
    rows = conn.execute(
        "SELECT tbl, op, row_id, old FROM undo_log WHERE action_id = ? ORDER BY id DESC",
        (action.id,),
    ).fetchall()
    has_cust: dict[str, bool] = {}
    customers: set[int] = set()
    removed_customers: set[int] = set()
    products: set[int] = set()
    removed_products: set[int] = set()
    ops = []
    for tbl, op, row_id, old_json in rows:
        if tbl not in LOGGED_TABLES:
            continue
        old = {k: _unquote(v) for k, v in json.loads(old_json).items()} if old_json else {}
        ops.append((tbl, op, row_id, old))
        if tbl == "customers":
            customers.add(row_id)
            if op == "insert":
                removed_customers.add(row_id)
        elif tbl == "products":
            if op == "insert":
                removed_products.add(row_id)
            else:
                products.add(row_id)
        elif _table_has_customer_col(conn, tbl, has_cust):
            if old.get("customer_id") is not None:
                customers.add(int(old["customer_id"]))
            if op != "delete":
                r = conn.execute(
                    f"SELECT customer_id FROM {_q(tbl)} WHERE rowid = ?", (row_id,)
                ).fetchone()
                if r and r[0] is not None:
                    customers.add(r[0])
    import_id = (action.desc or {}).get("import_id") if kind == "undo" else None
    if import_id is not None:
        from . import backup

        backup.before(book, "revert")  # raises BackupFailed: then nothing is undone
    try:
        with book.transaction():
            if import_id is not None:
                # its own checks; raises a clear error (excel/importer.py registers it)
                hooks.need("revert_import")(book, int(import_id), backup_first=False)
            book._undo_kind = (kind, action.id)  # type: ignore[attr-defined]
            _clear_derived(conn, customers, removed_customers, removed_products)
            for tbl, op, row_id, old in ops:
                _apply_inverse(conn, tbl, op, row_id, old)
            alive = [
                c
                for c in customers
                if conn.execute("SELECT 1 FROM customers WHERE id = ?", (c,)).fetchone()
            ]
            if alive:
                hooks.need("refresh_customers")(book, alive)
            for pid in products:
                if conn.execute("SELECT 1 FROM products WHERE id = ?", (pid,)).fetchone():
                    hooks.need("refresh_product")(book, pid)
            book._settings_cache = None
    except sqlite3.IntegrityError as exc:
        raise SalesbookError("undo_blocked", what=action.describe(), detail=str(exc)) from exc
    finally:
        book._undo_kind = None  # type: ignore[attr-defined]


def _chunks(ids: Iterable[int], size: int = 500) -> Iterator[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def unlogged_tables_with(conn, column: str) -> list[str]:
    """Tables the undo log does not cover that have ``column`` (derived state,
    caches, snoozes): their rows of a customer or product that an undo
    removes are removed with it."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return [
        n
        for n in names
        if n not in LOGGED_TABLES and not n.startswith("undo_") and column in _columns(conn, n)
    ]


def _clear_derived(
    conn, customers: set[int], removed: set[int], removed_products: set[int]
) -> None:
    """Drop derived rows of the customers an undo touches (recomputed after it),
    and every unlogged row of customers and products it removes."""
    for chunk in _chunks(customers):
        marks = ", ".join("?" * len(chunk))
        conn.execute(f"DELETE FROM supply WHERE customer_id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM customer_state WHERE customer_id IN ({marks})", chunk)
    for ids, column in ((removed, "customer_id"), (removed_products, "product_id")):
        if not ids:
            continue
        tables = unlogged_tables_with(conn, column)
        for chunk in _chunks(ids):
            marks = ", ".join("?" * len(chunk))
            for table in tables:
                conn.execute(f"DELETE FROM {_q(table)} WHERE {_q(column)} IN ({marks})", chunk)


def _apply_inverse(conn, tbl: str, op: str, row_id: int, old: dict) -> None:
    t = _q(tbl)
    if op == "insert":
        conn.execute(f"DELETE FROM {t} WHERE rowid = ?", (row_id,))
    elif op == "update":
        cols = list(old)
        sets = ", ".join(f"{_q(c)} = ?" for c in cols)
        conn.execute(f"UPDATE {t} SET {sets} WHERE rowid = ?", [*(old[c] for c in cols), row_id])
    else:
        cols = list(old)
        names = ", ".join(["rowid", *(_q(c) for c in cols)])
        marks = ", ".join("?" * (len(cols) + 1))
        conn.execute(
            f"INSERT INTO {t} ({names}) VALUES ({marks})", [row_id, *(old[c] for c in cols)]
        )


def _unquote(literal: str | None):
    """The value of an SQL literal made by SQLite's quote(): exact for REAL too."""
    if literal is None or literal == "NULL":
        return None
    if literal.startswith("'"):
        return literal[1:-1].replace("''", "'")
    if literal[:2] in ("X'", "x'"):
        return bytes.fromhex(literal[2:-1])
    try:
        return int(literal)
    except ValueError:
        return float(literal)


# -- the trash --------------------------------------------------------------------------

TRASH_KINDS = ("customer", "delivery", "payment", "contact")


@dataclass(frozen=True)
class TrashItem:
    """Something deleted (or a customer archived) that can be restored."""

    kind: str  # customer | delivery | payment | contact
    id: int
    deleted_at: str
    customer: str
    detail: str  # what it was: '大米 10kg', '¥120.00', 'call'
    date: str | None  # the record's own date

    @property
    def ref(self) -> str:
        """How the CLI names it: 'delivery:12'."""
        return f"{self.kind}:{self.id}"


def list_trash(
    book: Book, *, limit: int = 200, kind: str | None = None, record_id: int | None = None
) -> list[TrashItem]:
    """Deleted deliveries, payments, contacts and archived customers, newest first."""
    from ..rules.text import fen_to_yuan

    parts = {
        "delivery": (
            "SELECT 'delivery', d.id, d.deleted_at, c.name, p.name, d.quantity, p.unit, d.date"
            " FROM deliveries d JOIN customers c ON c.id = d.customer_id"
            " JOIN products p ON p.id = d.product_id WHERE d.deleted_at IS NOT NULL",
            "d.id",
        ),
        "payment": (
            "SELECT 'payment', p.id, p.deleted_at, c.name, NULL, p.amount_fen, NULL, p.date"
            " FROM payments p JOIN customers c ON c.id = p.customer_id WHERE p.deleted_at IS NOT NULL",
            "p.id",
        ),
        "contact": (
            "SELECT 'contact', k.id, k.deleted_at, c.name, k.kind, NULL, k.note, k.date"
            " FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE k.deleted_at IS NOT NULL",
            "k.id",
        ),
        "customer": (
            "SELECT 'customer', c.id, c.archived_at, c.name, c.phone, NULL, c.area, NULL"
            " FROM customers c WHERE c.archived_at IS NOT NULL",
            "c.id",
        ),
    }
    if kind is not None and kind not in parts:
        raise ValidationError("bad_kind", field="kind", value=kind)
    selects, params = [], []
    for k, (sql, id_col) in parts.items():
        if kind not in (None, k):
            continue
        if record_id is not None:
            sql += f" AND {id_col} = ?"
            params.append(record_id)
        selects.append(sql)
    items = []
    for k, rid, when, cust, a, num, b, day in book.conn.execute(
        f"SELECT * FROM ({' UNION ALL '.join(selects)}) ORDER BY 3 DESC, 2 DESC LIMIT ?",
        [*params, limit],
    ):
        if k == "delivery":
            detail = f"{a} {num:g}{b}"
        elif k == "payment":
            detail = fen_to_yuan(num)
        elif k == "contact":
            detail = a + (f" {b}" if b else "")
        else:
            detail = " ".join(x for x in (a, b) if x)
        items.append(TrashItem(k, rid, when, cust, detail, day))
    return items


def parse_ref(ref: str) -> tuple[str, int]:
    """'delivery:12' (or 'delivery 12', 'd12' is not accepted) -> ('delivery', 12)."""
    text = str(ref).strip().replace(" ", ":")
    kind, _, num = text.partition(":")
    kind = kind.lower()
    if kind not in TRASH_KINDS or not num.isdigit():
        raise ValidationError("bad_trash_ref", field="kind", value=str(ref))
    return kind, int(num)


def move_to_trash(book: Book, kind: str, record_id: int) -> None:
    """Delete a delivery, payment or contact (or archive a customer) into the
    trash, one undoable action; the forecast and balance follow. Raises
    NotFound when there is no such record (or it is in the trash already)."""
    if kind not in _TRASH_TABLES:
        raise ValidationError("bad_kind", field="kind", value=kind)
    table, col = _TRASH_TABLES[kind]
    with book.transaction() as conn:
        row = conn.execute(
            f"SELECT {'id' if kind == 'customer' else 'customer_id'} FROM {table}"
            f" WHERE id = ? AND {col} IS NULL",
            (record_id,),
        ).fetchone()
        if row is None:
            raise NotFound("record_not_found", query=f"{kind}:{record_id}")
        if kind == "customer":
            hooks.need("archive_customer")(book, record_id)
        elif kind == "delivery":
            hooks.need("delete_delivery")(book, record_id)
        elif kind == "payment":
            hooks.need("delete_payment")(book, record_id)
        else:
            conn.execute(f"UPDATE {table} SET {col} = ? WHERE id = ?", (_now(), record_id))
            hooks.need("refresh_customers")(book, [row[0]])


def move_many_to_trash(book: Book, refs: Iterable[tuple[str, int]]) -> int:
    """A bulk delete: a backup first, then one undoable action. Returns how many moved."""
    from . import backup

    refs = list(refs)
    if not refs:
        return 0
    backup.before(book, "bulk-delete")
    with book.transaction():
        for kind, rid in refs:
            move_to_trash(book, kind, rid)
    return len(refs)


_TRASH_TABLES = {
    "customer": ("customers", "archived_at"),
    "delivery": ("deliveries", "deleted_at"),
    "payment": ("payments", "deleted_at"),
    "contact": ("contacts", "deleted_at"),
}


def restore_from_trash(book: Book, kind: str, record_id: int) -> TrashItem:
    """Bring a record back from the trash (one undoable action). Returns what was restored.
    Raises NotFound('trash_not_found') if it is not in the trash (and
    ValidationError when a restored customer's phone now belongs to another)."""
    if kind not in _TRASH_TABLES:
        raise ValidationError("bad_kind", field="kind", value=kind)
    found = list_trash(book, limit=1, kind=kind, record_id=record_id)
    if not found:
        raise NotFound("trash_not_found", query=f"{kind}:{record_id}")
    table, col = _TRASH_TABLES[kind]
    with book.transaction() as conn:
        if kind == "customer":
            hooks.need("archive_customer")(book, record_id, restore=True)
            hooks.need("refresh_customers")(book, [record_id])
        else:
            if kind == "delivery":  # the payment taken on it went to the trash with it
                conn.execute(
                    "UPDATE payments SET deleted_at = NULL WHERE delivery_id = ? AND deleted_at ="
                    " (SELECT deleted_at FROM deliveries WHERE id = ?)",
                    (record_id, record_id),
                )
            conn.execute(f"UPDATE {table} SET {col} = NULL WHERE id = ?", (record_id,))
            cid = conn.execute(
                f"SELECT customer_id FROM {table} WHERE id = ?", (record_id,)
            ).fetchone()[0]
            hooks.need("refresh_customers")(book, [cid])
    return found[0]


# -- what a move to the trash took with it (for the window's messages) -----------------

_TRASH_ORDER = {"contact": 0, "payment": 1, "delivery": 2, "customer": 3}


@dataclass(frozen=True)
class Trashed:
    """What ``trash_records`` moved: the records asked for (as the trash lists
    them), the payments that went along with a deleted paid delivery, and the
    customers whose balance and forecast changed."""

    items: tuple[TrashItem, ...]
    along: tuple[TrashItem, ...]
    customer_ids: frozenset[int]


def customer_of(book: Book, kind: str, record_id: int) -> int | None:
    """The id of the customer a delivery, payment or contact belongs to (for a
    customer: its own id), in the trash or not; None when there is no such record."""
    if kind not in _TRASH_TABLES:
        raise ValidationError("bad_kind", field="kind", value=kind)
    table, _col = _TRASH_TABLES[kind]
    col = "id" if kind == "customer" else "customer_id"
    row = book.conn.execute(f"SELECT {col} FROM {table} WHERE id = ?", (record_id,)).fetchone()
    return row[0] if row else None


def taken_along(book: Book, delivery_id: int) -> list[TrashItem]:
    """The payments taken on a delivery (paid on delivery) that went to the
    trash with it, at the same moment; restoring the delivery brings them back.
    Empty while the delivery is not in the trash."""
    ids = [
        r[0]
        for r in book.conn.execute(
            "SELECT p.id FROM payments p JOIN deliveries d ON d.id = p.delivery_id"
            " WHERE d.id = ? AND d.deleted_at IS NOT NULL AND p.deleted_at = d.deleted_at"
            " ORDER BY p.id",
            (delivery_id,),
        )
    ]
    return [
        item for pid in ids for item in list_trash(book, limit=1, kind="payment", record_id=pid)
    ]


def trash_records(book: Book, refs: Iterable[tuple[str, int]]) -> Trashed:
    """Move records to the trash and say what went: one with ``move_to_trash``,
    several with ``move_many_to_trash`` (a backup first, then one undo step).
    Contacts and payments go before deliveries, so a payment chosen together
    with its own delivery is not moved twice. Raises as ``move_to_trash`` does;
    then nothing was moved."""
    wanted = list(dict.fromkeys((str(k), int(i)) for k, i in refs))
    wanted.sort(key=lambda r: _TRASH_ORDER.get(r[0], 9))
    if not wanted:
        return Trashed((), (), frozenset())
    if len(wanted) == 1:
        move_to_trash(book, *wanted[0])
    else:
        move_many_to_trash(book, wanted)
    chosen = set(wanted)
    items = [i for k, rid in wanted for i in list_trash(book, limit=1, kind=k, record_id=rid)]
    along = [
        p
        for k, rid in wanted
        if k == "delivery"
        for p in taken_along(book, rid)
        if ("payment", p.id) not in chosen
    ]
    customers = {customer_of(book, k, rid) for k, rid in wanted}
    customers.discard(None)
    return Trashed(tuple(items), tuple(along), frozenset(customers))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Restored:
    """What ``restore_records`` brought back, the payments that came back with
    their delivery, what it could not (kind, id, the error), and the customers
    whose balance and forecast changed."""

    items: tuple[TrashItem, ...]
    along: tuple[TrashItem, ...]
    refused: tuple[tuple[str, int, SalesbookError], ...]
    customer_ids: frozenset[int]


_RESTORE_ORDER = {"customer": 0, "delivery": 1, "payment": 2, "contact": 3}


def restore_records(book: Book, refs: Iterable[tuple[str, int]]) -> Restored:
    """Bring several records back from the trash as one undo step. One that
    cannot come back (a customer whose phone now belongs to someone else, one
    no longer in the trash) stays where it is and is listed in ``refused``;
    the others are restored all the same."""
    wanted = list(dict.fromkeys((str(k), int(i)) for k, i in refs))
    wanted.sort(key=lambda r: _RESTORE_ORDER.get(r[0], 9))
    items: list[TrashItem] = []
    along: list[TrashItem] = []
    refused: list[tuple[str, int, SalesbookError]] = []
    customers: set[int] = set()
    came_back: set[tuple[str, int]] = set()
    with book.transaction():
        for kind, rid in wanted:
            if (kind, rid) in came_back:
                continue  # a payment that came back with its delivery
            try:
                with_it = taken_along(book, rid) if kind == "delivery" else []
                items.append(restore_from_trash(book, kind, rid))
            except SalesbookError as exc:  # its savepoint was rolled back
                refused.append((kind, rid, exc))
                continue
            for p in with_it:
                came_back.add(("payment", p.id))
                if ("payment", p.id) not in wanted:
                    along.append(p)
            cid = customer_of(book, kind, rid)
            if cid is not None:
                customers.add(cid)
    return Restored(tuple(items), tuple(along), tuple(refused), frozenset(customers))


def went_with_delivery(book: Book, payment_ids: Iterable[int]) -> dict[int, int]:
    """For the given payments that are in the trash because their delivery is
    (paid on delivery, deleted together): payment id -> delivery id.
    Restoring the delivery brings such a payment back with it."""
    out: dict[int, int] = {}
    for chunk in _chunks(set(payment_ids)):
        marks = ", ".join("?" * len(chunk))
        for pid, did in book.conn.execute(
            "SELECT p.id, p.delivery_id FROM payments p JOIN deliveries d ON d.id = p.delivery_id"
            f" WHERE p.id IN ({marks}) AND p.deleted_at IS NOT NULL AND p.deleted_at = d.deleted_at",
            chunk,
        ):
            out[pid] = did
    return out
