"""The record of imports, and undo (``salesbook.excel.importer`` re-exports these).

Every import writes a row in ``imports`` (when, file, rows, mode) and, in
``import_changes``, each row it inserted and each row it updated with the row
as it was (JSON). ``revert_import`` uses them to undo the import as one step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import ValidationError
from ..records import supply
from ..store import backup
from ..store.book import Book, now_iso
from ..store.undo import unlogged_tables_with

TABLES = ("customers", "products", "deliveries", "payments", "level_history", "contacts",
          "complaints")  # fmt: skip


@dataclass(frozen=True)
class ImportRecord:
    id: int
    uid: str
    at: str
    kind: str
    file: str
    rows: int
    mode: str
    reverted_at: str | None
    inserted: int
    updated: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


def list_imports(book: Book, limit: int = 100) -> list[ImportRecord]:
    """Imports, newest first, with how many rows each inserted and updated."""
    rows = book.conn.execute(
        "SELECT i.id, i.uid, i.at, i.kind, i.file, i.rows, i.mode, i.reverted_at,"
        " (SELECT COUNT(*) FROM import_changes c WHERE c.import_id = i.id AND c.action = 'insert'"
        "  AND c.table_name = CASE i.kind WHEN 'customers' THEN 'customers' WHEN 'products' THEN 'products'"
        "  WHEN 'deliveries' THEN 'deliveries' WHEN 'book' THEN 'customers' ELSE 'payments' END),"
        " (SELECT COUNT(*) FROM import_changes c WHERE c.import_id = i.id AND c.action = 'update')"
        " FROM imports i ORDER BY i.id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [ImportRecord(*r) for r in rows]


@dataclass(frozen=True)
class RevertResult:
    import_id: int
    deleted: int
    restored: int


def revert_import(book: Book, import_id: int, *, backup_first: bool = True) -> RevertResult:
    """Undo one import as one step: delete what it inserted, restore what it
    updated (customers and products as they were), refresh the forecast.
    A backup is made first (``backup_first=False`` when the caller made it
    and runs this inside its own transaction, as undo does)."""
    conn = book.conn
    rec = conn.execute("SELECT id, reverted_at FROM imports WHERE id = ?", (import_id,)).fetchone()
    if rec is None:
        raise ValidationError("import_not_found", field="", id=import_id)
    if rec[1]:
        raise ValidationError("import_already_reverted", field="", id=import_id, at=rec[1])
    later = conn.execute(
        "SELECT MIN(c2.import_id) FROM import_changes c1 JOIN import_changes c2"
        " ON c2.table_name = c1.table_name AND c2.row_id = c1.row_id AND c2.import_id > c1.import_id"
        " JOIN imports i2 ON i2.id = c2.import_id AND i2.reverted_at IS NULL"
        " WHERE c1.import_id = ? AND c2.action = 'update'",
        (import_id,),
    ).fetchone()[0]
    if later:
        raise ValidationError("import_revert_later", field="", id=import_id, later=later)
    changes: dict[tuple[str, str], list] = {}
    for table, row_id, action, before, after in conn.execute(
        "SELECT table_name, row_id, action, before_json, after_json FROM import_changes"
        " WHERE import_id = ?",
        (import_id,),
    ):
        changes.setdefault((table, action), []).append((row_id, before, after))
    ins = {t: [r for r, _, _ in changes.get((t, "insert"), [])] for t in TABLES}
    new_customers = ins["customers"]
    deleted = restored = 0
    if backup_first:
        backup.before(book, "revert")  # raises BackupFailed: then nothing is reverted
    with book.transaction():
        _create_temp(conn, "rv_customers", new_customers)
        _create_temp(conn, "rv_deliveries", ins["deliveries"])
        _create_temp(conn, "rv_payments", ins["payments"])
        _create_temp(conn, "rv_history", ins["level_history"])
        _create_temp(conn, "rv_products", ins["products"])
        _create_temp(conn, "rv_contacts", ins["contacts"])
        _create_temp(conn, "rv_complaints", ins["complaints"])
        blocked = conn.execute(
            "SELECT c.name FROM customers c WHERE c.id IN (SELECT id FROM rv_customers) AND ("
            " EXISTS (SELECT 1 FROM deliveries d WHERE d.customer_id = c.id AND d.id NOT IN (SELECT id FROM rv_deliveries))"
            " OR EXISTS (SELECT 1 FROM payments p WHERE p.customer_id = c.id AND p.id NOT IN (SELECT id FROM rv_payments))"
            " OR EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.id AND k.id NOT IN (SELECT id FROM rv_contacts))"
            " OR EXISTS (SELECT 1 FROM complaints m WHERE m.customer_id = c.id AND m.id NOT IN (SELECT id FROM rv_complaints))"
            " OR EXISTS (SELECT 1 FROM level_history h WHERE h.customer_id = c.id AND h.id NOT IN (SELECT id FROM rv_history)))"
            " LIMIT 5"
        ).fetchall()
        blocked += conn.execute(
            "SELECT p.name FROM products p WHERE p.id IN (SELECT id FROM rv_products) AND EXISTS"
            " (SELECT 1 FROM deliveries d WHERE d.product_id = p.id AND d.id NOT IN (SELECT id FROM rv_deliveries)"
            "  UNION ALL SELECT 1 FROM complaints m WHERE m.product_id = p.id"
            "  AND m.id NOT IN (SELECT id FROM rv_complaints))"
            " LIMIT 5"
        ).fetchall()
        if blocked:
            raise ValidationError(
                "import_revert_blocked",
                field="",
                id=import_id,
                names="、".join(r[0] for r in blocked),
            )
        touched = {
            r[0]
            for r in conn.execute(
                "SELECT customer_id FROM deliveries WHERE id IN (SELECT id FROM rv_deliveries)"
                " UNION SELECT customer_id FROM payments WHERE id IN (SELECT id FROM rv_payments)"
            )
        }
        for table, temp in (("payments", "rv_payments"), ("deliveries", "rv_deliveries"),
                            ("level_history", "rv_history"), ("contacts", "rv_contacts"),
                            ("complaints", "rv_complaints")):  # fmt: skip  # payments refer to deliveries
            deleted += conn.execute(
                f"DELETE FROM {table} WHERE id IN (SELECT id FROM {temp})"
            ).rowcount
        # Every row that refers to a customer going away: derived state (supply,
        # customer_state, agenda, value tables...), snoozes, dismissals, overrides.
        for table in (*unlogged_tables_with(conn, "customer_id"), "consumption_overrides"):
            conn.execute(
                f'DELETE FROM "{table}" WHERE customer_id IN (SELECT id FROM rv_customers)'
            )
        conn.execute(
            "UPDATE customers SET referred_by = NULL WHERE referred_by IN (SELECT id FROM rv_customers)"
        )
        deleted += conn.execute(
            "DELETE FROM customers WHERE id IN (SELECT id FROM rv_customers)"
        ).rowcount
        for table in (*unlogged_tables_with(conn, "product_id"), "consumption_overrides"):
            conn.execute(f'DELETE FROM "{table}" WHERE product_id IN (SELECT id FROM rv_products)')
        deleted += conn.execute(
            "DELETE FROM products WHERE id IN (SELECT id FROM rv_products)"
        ).rowcount
        for row_id, before_json, after_json in changes.get(("customers", "update"), []):
            if _restore_customer(book, row_id, before_json, after_json):
                restored += 1
                touched.add(row_id)
        for row_id, before_json, after_json in changes.get(("products", "update"), []):
            if _restore_row(conn, "products", row_id, before_json, after_json, PRODUCT_FIELDS):
                restored += 1
                supply.refresh_product(book, row_id)
        touched -= set(new_customers)
        ids = sorted(touched)
        for start in range(0, len(ids), 500):
            supply.refresh_customers(book, ids[start : start + 500])
        for temp in ("rv_customers", "rv_deliveries", "rv_payments", "rv_history", "rv_products",
                     "rv_contacts", "rv_complaints"):  # fmt: skip
            conn.execute(f"DROP TABLE temp.{temp}")
        conn.execute("UPDATE imports SET reverted_at = ? WHERE id = ?", (now_iso(), import_id))
    return RevertResult(import_id, deleted, restored)


PRODUCT_FIELDS = ("unit", "unit_price_fen", "per_person_daily")


def _to_restore(current: dict, before: dict, after: dict | None, fields) -> dict:
    """The fields an import changed that still hold what it wrote: a field
    edited since keeps the later edit. (Imports recorded before after_json was
    kept give no ``after``: every field that differs from before comes back.)"""
    out = {}
    for k in fields:
        if k not in before or before[k] == current.get(k):
            continue
        if after is None or (after.get(k) != before[k] and current.get(k) == after.get(k)):
            out[k] = before[k]
    return out


def _restore_customer(book: Book, row_id: int, before_json: str, after_json: str | None) -> bool:
    """Put back what the import changed on a customer, through the same path as
    an edit (level history, phone check, forecast)."""
    from ..records.customers import EDITABLE, get_customer, phone_taken, write_customer_update

    current = get_customer(book, row_id)
    if current is None:
        return False
    fields = [f for f in EDITABLE if f != "referred_by"]
    back = _to_restore(
        {f: getattr(current, f) for f in fields},
        json.loads(before_json),
        json.loads(after_json) if after_json else None,
        fields,
    )
    if back.get("phone") and phone_taken(book, back["phone"], row_id):
        back.pop("phone")  # someone else has the old number by now: keep the new one
    if not back:
        return False
    write_customer_update(book, current, back, reason="撤回导入 import reverted")
    return True


def _restore_row(conn, table: str, row_id: int, before_json: str, after_json, fields) -> bool:
    from .apply import row_dict

    back = _to_restore(
        row_dict(conn, table, row_id),
        json.loads(before_json),
        json.loads(after_json) if after_json else None,
        fields,
    )
    if not back:
        return False
    sets = ", ".join(f"{k} = ?" for k in back)
    conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*back.values(), row_id])
    return True


def _create_temp(conn, name: str, ids: list[int]) -> None:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
    conn.execute(f"DELETE FROM temp.{name}")
    conn.executemany(f"INSERT INTO temp.{name} (id) VALUES (?)", ((i,) for i in ids))
