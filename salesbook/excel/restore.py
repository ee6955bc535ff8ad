"""``salesbook import book FILE.xlsx``: a workbook written by ``export book``
back into a book, as the same book.

``import_book(book, path, progress=None) -> BookImportResult``
    Reads the sheets ``export book`` writes (Chinese or English names and
    headers): customers, products, deliveries (and 送货 2, 3 ...), payments,
    contacts, complaints, level history, daily use set by hand, snoozes,
    dismissed suggestions, settings, message templates and each month's value
    tiers (a month the book already has is kept as it is); the forecast sheet
    is derived and is not read. The visible columns give what a person reads and may have
    edited (names, phones, notes exactly as typed, quantities, money, dates);
    the hidden ``sb.*`` columns give what the visible ones only describe (pay
    cycle and level codes, time stamps, the uids of each record and of the
    delivery a payment settles, who referred whom, the original row order).

    Into an empty book it restores the book: same uids and row numbers,
    archived customers archived, created dates, level history, notes. Into a
    book that already has records it merges by uid: a customer or product
    already there is updated where the file differs, any other record already
    there (same uid) is left as it is, new ones are added, so importing the
    same file twice changes nothing the second time.

    All or nothing, one transaction, committed only once its backup (made beside
    it) is written: any bad cell raises
    ``ImportFailed`` whose problems name the sheet, row and column. The import
    is recorded like the others (``import list``; ``import revert ID`` or undo
    takes it back as one step: what it added goes, the customers and products
    it updated come back as they were; settings and snoozes it changed stay).
    The derived state (forecast, balances, Today list) is rebuilt for what it
    touched, in the same transaction.

Reading the workbook (sheets, headers, cells) is ``excel/book_sheets.py``;
this module writes what it read into the book.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportFailed
from ..records import supply
from ..store import backup, undo
from ..store.book import Book, new_uid, now_iso
from .apply import record_update, row_dict
from .book_sheets import BOOK_LIMITS, BookProblem, read_book_file
from .history import TABLES
from .read import Limits

__all__ = ["BOOK_LIMITS", "BookImportResult", "BookProblem", "import_book", "read_book_file"]


@dataclass
class BookImportResult:
    import_id: int | None
    file: str
    # table -> [inserted, updated, unchanged]
    counts: dict[str, list[int]] = field(default_factory=dict)
    seconds: float = 0.0
    backup_seconds: float = 0.0

    def n(self, table: str, i: int = 0) -> int:
        return self.counts.get(table, [0, 0, 0])[i]

    @property
    def changed(self) -> int:
        return sum(c[0] + c[1] for c in self.counts.values())

    @property
    def unchanged(self) -> int:
        return sum(c[2] for c in self.counts.values())

    def describe(self, lang: str | None = None) -> str:
        from ..i18n import t

        if not self.changed:
            return t("book_import_nothing", lang=lang, file=self.file)
        n = self.n
        return t(
            "book_imported", lang=lang, file=self.file, customers=n("customers"),
            updated=n("customers", 1), products=n("products") + n("products", 1),
            deliveries=n("deliveries"), payments=n("payments"), contacts=n("contacts"),
            history=n("level_history"), complaints=n("complaints"),
            snoozes=n("snoozes") + n("snoozes", 1),
            settings=n("settings") + n("settings", 1) + n("templates") + n("templates", 1),
            unchanged=self.unchanged,
        )  # fmt: skip

    def to_json(self) -> dict:
        return {"import_id": self.import_id, "file": self.file, "seconds": round(self.seconds, 3),
                "counts": {k: {"inserted": v[0], "updated": v[1], "unchanged": v[2]}
                           for k, v in self.counts.items()}}  # fmt: skip


_CUSTOMER_FIELDS = ("name", "phone", "address", "area", "household_size", "pay_cycle", "level",
                    "lead_days", "notes", "address_as", "delivery_note", "behaviour_type",
                    "temperament", "created_at", "archived_at", "updated_at")  # fmt: skip
_PRODUCT_FIELDS = ("name", "unit", "unit_price_fen", "per_person_daily", "created_at",
                   "archived_at")  # fmt: skip
# event tables: (table, columns written besides uid and customer_id)
_EVENTS = {
    "level_history": ("date", "from_level", "to_level", "reason", "created_at"),
    "deliveries": ("product_id", "date", "quantity", "unit_price_fen", "amount_fen", "source",
                   "note", "created_at"),
    "payments": ("date", "amount_fen", "note", "delivery_id", "created_at"),
    "contacts": ("date", "kind", "note", "created_at"),
    "complaints": ("date", "product_id", "what", "resolution", "resolved_date", "created_at"),
}  # fmt: skip


def _ordered(records: list[dict]) -> list[dict]:
    """In the source book's row order (sb.row), rows without one after."""
    return sorted(records, key=lambda r: (r.get("_row") is None, r.get("_row") or 0))


def _keep_ids(conn, table: str, records: list[dict]) -> bool:
    """Restore the source's row numbers: only into an empty table, all known and distinct."""
    rows = [r.get("_row") for r in records]
    if not records or None in rows or len(set(rows)) != len(rows):
        return False
    return conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None


def import_book(
    book: Book, path, *, progress=None, limits: Limits = BOOK_LIMITS
) -> BookImportResult:
    """Restore or merge a workbook written by ``export book`` (see the module doc)."""
    started = time.perf_counter()
    p = Path(path)
    data, problems = read_book_file(p, limits)
    result = BookImportResult(None, p.name)
    if progress:
        progress(0, 1, "check")
    # the backup is made beside the import; it must be written before the import commits
    pending = backup.before_started(book, "import")
    with pending, book.transaction() as conn, undo.suspended(conn):
        w = _Writer(book, data, problems, result)
        w.check_refs()
        if problems:
            raise ImportFailed(problems, file=p.name)
        before = {
            t: conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0] for t in TABLES
        }
        rows = sum(len(v) for v in data.values())
        import_id = conn.execute(
            "INSERT INTO imports (uid, at, kind, file, rows, mode) VALUES (?, ?, 'book', ?, ?, 'merge')",
            (new_uid(), now_iso(), str(p), rows),
        ).lastrowid
        w.write(import_id, progress)
        for t in TABLES:
            conn.execute(
                "INSERT INTO import_changes (import_id, table_name, row_id, action)"
                f" SELECT ?, ?, id, 'insert' FROM {t} WHERE id > ?",
                (import_id, t, before[t]),
            )
        if not result.changed:  # nothing written: no record to undo
            conn.execute("DELETE FROM import_changes WHERE import_id = ?", (import_id,))
            conn.execute("DELETE FROM imports WHERE id = ?", (import_id,))
            import_id = None
        else:
            w.refresh(progress)
        result.import_id = import_id
        pending.wait()  # raises BackupFailed: rolled back, nothing imported
    result.backup_seconds = pending.waited
    result.seconds = time.perf_counter() - started
    return result


class _Writer:
    def __init__(self, book: Book, data: dict, problems: list, result: BookImportResult):
        self.book, self.conn, self.data, self.problems, self.result = (
            book, book.conn, data, problems, result,
        )  # fmt: skip
        conn = self.conn
        self.cust = dict(conn.execute("SELECT uid, id FROM customers"))
        self.prod_uid = dict(conn.execute("SELECT uid, id FROM products"))
        self.prod_name = dict(conn.execute("SELECT name, id FROM products"))
        self.was_empty = not self.cust
        self.touched: set[int] = set()
        self.settings_changed = self.products_changed = False

    def _count(self, table: str, i: int, n: int = 1) -> None:
        self.result.counts.setdefault(table, [0, 0, 0])[i] += n

    def _problem(self, rec: dict, column: str, key: str, **params) -> None:
        sheet, row = rec["_at"]
        self.problems.append(BookProblem(sheet, row, column, key, params))

    def check_refs(self) -> None:
        """Every customer, product and delivery a row names is in the file or the book."""
        uids = set(self.cust) | {r["uid"] for r in self.data["customers"]}
        products = set(self.prod_name) | {r["name"] for r in self.data["products"]}
        missing_products: dict[str, list[dict]] = {}
        for recs in self.data.values():
            for r in recs:
                cu = r.get("_customer")
                if "_customer" in r and cu not in uids:
                    self._problem(r, "客户唯一编号", "book_import_unknown_ref", value=cu)
                pr = r.get("_product")
                if pr and pr not in products:
                    missing_products.setdefault(pr, []).append(r)
                ref = r.get("_referrer")
                if ref and ref not in uids:
                    self._problem(r, "sb.referrer", "book_import_unknown_ref", value=ref)
        for name, recs in missing_products.items():  # once per product, not once per row
            first = recs[0]
            rows = "、".join(str(x["_at"][1]) for x in recs[:5]) + ("…" if len(recs) > 5 else "")
            self._problem(first, "品名", "unknown_products_summary", value=name,
                          count=len(recs), rows=rows)  # fmt: skip
        # a new customer whose phone is an active customer's of this book: the book's
        # rule (one customer a phone) holds for a merge as for `customer add`
        for r in self.data["customers"]:
            if r["uid"] in self.cust or not r.get("phone") or r.get("archived_at"):
                continue
            other = self.conn.execute(
                "SELECT name FROM customers WHERE phone = ? AND archived_at IS NULL AND uid != ?",
                (r["phone"], r["uid"]),
            ).fetchone()
            if other:
                self._problem(r, "电话", "duplicate_phone", value=r["phone"], other=other[0])
        if self.data["payments"]:
            # a payment settles one of its own customer's deliveries (supply.py's balances)
            deliveries = {r["uid"]: r.get("_customer") for r in self.data["deliveries"]}
            for r in self.data["payments"]:
                d = r.get("_delivery")
                if not d:
                    continue
                if d in deliveries:
                    whose = deliveries[d]
                else:
                    got = self.conn.execute(
                        "SELECT c.uid FROM deliveries d JOIN customers c ON c.id = d.customer_id"
                        " WHERE d.uid = ?",
                        (d,),
                    ).fetchone()
                    if got is None:
                        self._problem(r, "sb.delivery", "book_import_unknown_ref", value=d)
                        continue
                    whose = got[0]
                if whose != r.get("_customer"):
                    self._problem(r, "sb.delivery", "book_import_other_customers_delivery", value=d)

    # -- writing ---------------------------------------------------------------------
    def write(self, import_id: int, progress) -> None:
        self._products(import_id)
        self._customers(import_id)
        steps = ("level_history", "deliveries", "payments", "contacts", "complaints")
        for n, table in enumerate(steps, 1):
            self._events(table)
            if progress:
                progress(n, len(steps), "write")
        self._overrides()
        self._snoozes()
        self._dismissed()
        self._settings()
        self._templates()
        self._value_history()

    def _products(self, import_id: int) -> None:
        conn = self.conn
        recs = _ordered(self.data["products"])
        keep = _keep_ids(conn, "products", recs)
        for r in recs:
            pid = self.prod_uid.get(r["uid"]) if r["uid"] else None
            if pid is None:
                pid = self.prod_name.get(r["name"])
            values = {k: r[k] for k in _PRODUCT_FIELDS}
            if pid is None:
                cols = ["uid", *_PRODUCT_FIELDS] + (["id"] if keep else [])
                vals = [r["uid"] or new_uid(), *values.values()] + ([r["_row"]] if keep else [])
                pid = conn.execute(
                    f"INSERT INTO products ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    vals,
                ).lastrowid
                self._count("products", 0)
                self.products_changed = True
            else:
                before = row_dict(conn, "products", pid)
                changed = {k: v for k, v in values.items() if before.get(k) != v}
                if changed:
                    sets = ", ".join(f"{k} = ?" for k in changed)
                    conn.execute(
                        f"UPDATE products SET {sets} WHERE id = ?", [*changed.values(), pid]
                    )
                    record_update(conn, import_id, "products", pid, before)
                    self._count("products", 1)
                    self.products_changed = True
                else:
                    self._count("products", 2)
            self.prod_name[r["name"]] = pid
            if r["uid"]:
                self.prod_uid[r["uid"]] = pid

    def _customers(self, import_id: int) -> None:
        from ..records.customers import search_key, sort_key

        conn = self.conn
        recs = _ordered(self.data["customers"])
        keep = _keep_ids(conn, "customers", recs)
        for r in recs:
            values = {k: r[k] for k in _CUSTOMER_FIELDS}
            cid = self.cust.get(r["uid"])
            if cid is None:
                row = {"uid": r["uid"], **values, "search_key": search_key(r["name"], r["phone"]),
                       "sort_key": sort_key(r["name"])}  # fmt: skip
                if keep:
                    row["id"] = r["_row"]
                cid = conn.execute(
                    f"INSERT INTO customers ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                    list(row.values()),
                ).lastrowid
                self.cust[r["uid"]] = cid
                self.touched.add(cid)
                self._count("customers", 0)
                r["_new"] = True
                continue
            before = row_dict(conn, "customers", cid)
            changed = {k: v for k, v in values.items() if before.get(k) != v}
            if changed:
                if {"name", "phone"} & changed.keys():
                    changed["search_key"] = search_key(r["name"], r["phone"])
                    changed["sort_key"] = sort_key(r["name"])
                sets = ", ".join(f"{k} = ?" for k in changed)
                conn.execute(f"UPDATE customers SET {sets} WHERE id = ?", [*changed.values(), cid])
                r["_snapshot"] = before
                self.touched.add(cid)
            r["_changed"] = bool(changed)
        # who referred whom, once every customer of the file is in the book
        for r in recs:
            cid = self.cust[r["uid"]]
            ref = self.cust.get(r["_referrer"]) if r["_referrer"] else None
            current = conn.execute(
                "SELECT referred_by FROM customers WHERE id = ?", (cid,)
            ).fetchone()[0]
            if current != ref:
                if not r.get("_new") and "_snapshot" not in r:
                    r["_snapshot"] = row_dict(conn, "customers", cid)
                conn.execute("UPDATE customers SET referred_by = ? WHERE id = ?", (ref, cid))
                r["_changed"] = True
                self.touched.add(cid)
            if r.get("_new"):
                continue
            if r["_changed"]:
                record_update(conn, import_id, "customers", cid, r["_snapshot"])
                self._count("customers", 1)
            else:
                self._count("customers", 2)

    def _events(self, table: str) -> None:
        conn = self.conn
        recs = self.data.get(table) or []
        if not recs:
            return
        have = set()
        uids = [r["uid"] for r in recs]
        for start in range(0, len(uids), 500):
            chunk = uids[start : start + 500]
            have.update(
                u for (u,) in conn.execute(
                    f"SELECT uid FROM {table} WHERE uid IN ({', '.join('?' * len(chunk))})", chunk
                )
            )  # fmt: skip
        new = _ordered([r for r in recs if r["uid"] not in have])
        self._count(table, 2, len(recs) - len(new))
        if not new:
            return
        keep = _keep_ids(conn, table, new)
        cols = ["uid", "customer_id", *_EVENTS[table]] + (["id"] if keep else [])
        delivery_ids: dict[str, int] = {}
        if table == "payments":
            links = [r["_delivery"] for r in new if r.get("_delivery")]
            for start in range(0, len(links), 500):
                chunk = links[start : start + 500]
                delivery_ids.update(conn.execute(
                    f"SELECT uid, id FROM deliveries WHERE uid IN ({', '.join('?' * len(chunk))})",
                    chunk,
                ))  # fmt: skip
        rows = []
        for r in new:
            cid = self.cust[r["_customer"]]
            self.touched.add(cid)
            if "_product" in r:
                r["product_id"] = self.prod_name.get(r["_product"]) if r["_product"] else None
            if table == "payments":
                r["delivery_id"] = delivery_ids.get(r["_delivery"]) if r["_delivery"] else None
            rows.append([r["uid"], cid, *(r[k] for k in _EVENTS[table])]
                        + ([r["_row"]] if keep else []))  # fmt: skip
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows
        )
        self._count(table, 0, len(rows))

    def _upsert(self, table: str, keys: dict, values: dict, count_as: str) -> None:
        conn = self.conn
        where = " AND ".join(f"{k} = ?" for k in keys)
        cur = conn.execute(
            f"SELECT {', '.join(values)} FROM {table} WHERE {where}", list(keys.values())
        ).fetchone()
        if cur is not None and list(cur) == list(values.values()):
            self._count(count_as, 2)
            return
        cols = {**keys, **values}
        conn.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET "
            + ", ".join(f"{k} = excluded.{k}" for k in values),
            list(cols.values()),
        )
        self._count(count_as, 0 if cur is None else 1)
        if "customer_id" in keys:
            self.touched.add(keys["customer_id"])

    def _overrides(self) -> None:
        for r in self.data.get("overrides") or []:
            keys = {"customer_id": self.cust[r["_customer"]],
                    "product_id": self.prod_name[r["_product"]]}  # fmt: skip
            self._upsert(
                "consumption_overrides", keys, {"daily_rate": r["daily_rate"]}, "overrides"
            )

    def _snoozes(self) -> None:
        for r in self.data.get("snoozes") or []:
            pid = self.prod_name[r["_product"]] if r["_product"] else 0
            keys = {"customer_id": self.cust[r["_customer"]], "kind": r["kind"], "product_id": pid}
            self._upsert("snoozes", keys, {"until": r["until"]}, "snoozes")

    def _dismissed(self) -> None:
        for r in self.data.get("dismissed") or []:
            keys = {"customer_id": self.cust[r["_customer"]], "to_level": r["to_level"]}
            self._upsert("dismissed_suggestions", keys, {"date": r["date"]}, "dismissed")

    def _settings(self) -> None:
        n = self.result.counts.get("settings", [0, 0, 0])[:2]
        for r in self.data.get("settings") or []:
            self._upsert("settings", {"key": r["key"]}, {"value": r["value"]}, "settings")
        if self.result.counts.get("settings", [0, 0, 0])[:2] != n:
            self.settings_changed = True
            self.book._settings_cache = None

    def _templates(self) -> None:
        """The rep's own message templates: the file's wins, as with settings."""
        for r in self.data.get("templates") or []:
            keys = {"kind": r["kind"], "level": r["level"], "lang": r["lang"]}
            values = {"text": r["text"], "updated_at": r["updated_at"]}
            self._upsert("message_templates", keys, values, "templates")

    def _value_history(self) -> None:
        """Each month's value tiers (what Value's "since last month" compares): a
        month the book already has for a customer is kept as the book has it
        (its own history); the others are added. Derived: nothing to refresh."""
        recs = self.data.get("value_history") or []
        rows = [(r["period"], self.cust[r["_customer"]], r["tier"], r["value_fen"]) for r in recs]
        count = "SELECT COUNT(*) FROM value_snapshots"
        before = self.conn.execute(count).fetchone()[0]
        self.conn.executemany(
            "INSERT OR IGNORE INTO value_snapshots (period, customer_id, tier, value_fen)"
            " VALUES (?, ?, ?, ?)",
            rows,
        )
        added = self.conn.execute(count).fetchone()[0] - before
        self._count("value_history", 0, added)
        self._count("value_history", 2, len(rows) - added)

    def refresh(self, progress) -> None:
        """The derived state (forecast, balances, Today list) of what changed."""
        n_book = self.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
        if (
            self.was_empty
            or self.settings_changed
            or self.products_changed
            or len(self.touched) * 3 > n_book
        ):
            supply.refresh_all(self.book)
            return
        ids = sorted(self.touched)
        for start in range(0, len(ids), 500):
            supply.refresh_customers(self.book, ids[start : start + 500])
            if progress:
                progress(min(start + 500, len(ids)), len(ids), "forecast")
