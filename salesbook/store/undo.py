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

The trash (the soft delete, ``list_trash``, ``move_to_trash``,
``restore_from_trash``) is in trash.py; its names are importable from here too.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..errors import SalesbookError
from . import hooks
from .trash import (  # noqa: F401 - the trash's names, here too (trash.py)
    TRASH_KINDS,
    Restored,
    Trashed,
    TrashItem,
    _chunks,
    _now,
    customer_of,
    list_trash,
    move_many_to_trash,
    move_to_trash,
    parse_ref,
    restore_from_trash,
    restore_records,
    taken_along,
    trash_records,
    went_with_delivery,
)

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
