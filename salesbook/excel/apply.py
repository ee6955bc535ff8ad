"""Per-kind import work: match rows to the book, plan, then write.

Each importer is used in two steps by ``salesbook.excel.importer``:

1. ``plan(row, clean)`` for every clean row: find the customer/product it
   means, decide insert / update / skip (the duplicate mode), or raise
   ``RowProblem``. Planning reads the book, never writes it, so a preview
   and a dry run use the very same code.
2. ``write(import_id, progress)`` inside the import's transaction; updated
   rows record their "before" state in ``import_changes`` so the import can be
   reverted. Returns the ids of the customers whose forecast must follow.

Duplicates: customers match on their uid, else phone, else name + address
(a blank address or phone on either side does not tell two people apart).
Deliveries and payments that already are in the book (same customer,
product, date, quantity and price / same customer, date and amount) count
as duplicates too, so importing the same file twice does not double them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..errors import SalesbookError, ValidationError
from ..records import supply
from ..rules.text import normalize, parse_phone
from ..store.book import Book, new_uid, now_iso
from .rows import settle_delivery

MODES = ("update", "skip", "keep")
DEFAULT_MODE = {
    "customers": "update",
    "products": "update",
    "deliveries": "skip",
    "payments": "skip",
}


def _uid() -> str:
    """A random 128-bit uid as 32 hex digits, the form book.new_uid gives (cheaper in bulk)."""
    return os.urandom(16).hex()


class RowProblem(Exception):
    def __init__(self, fld: str | None, key: str, **params):
        super().__init__(key)
        self.field = fld
        self.key = key
        self.params = params


@dataclass
class Op:
    row: int
    action: str  # insert | update | skip
    data: dict
    target: int | None = None  # the book row updated
    rows: list[int] = field(default_factory=list)  # sheet rows merged into this op
    note: str = ""  # why skipped: duplicate_in_file / duplicate_in_book


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    skipped_duplicates: int = 0


def row_dict(conn, table: str, row_id: int) -> dict:
    cur = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    return dict(zip(names, row, strict=True)) if row else {}


def record_update(conn, import_id: int, table: str, row_id: int, before: dict) -> None:
    """Remember a row an import changed: as it was before, and as the import left
    it (read back now: call this after the update, in the same transaction)."""
    after = row_dict(conn, table, row_id)
    conn.execute(
        "INSERT INTO import_changes (import_id, table_name, row_id, action, before_json, after_json)"
        " VALUES (?, ?, ?, 'update', ?, ?)",
        (import_id, table, row_id, json.dumps(before, ensure_ascii=False),
         json.dumps(after, ensure_ascii=False)),
    )  # fmt: skip


# -- customers ---------------------------------------------------------------


class CustomerImporter:
    kind = "customers"

    def __init__(self, book: Book, mode: str):
        self.book = book
        self.mode = mode
        self.ops: list[Op] = []
        self.counts = Counts()
        conn = book.conn
        self.by_uid: dict[str, int] = {}
        self.by_phone: dict[str, list[int]] = {}
        self.by_name: dict[str, list[tuple[int, str | None, str | None]]] = {}
        for cid, uid, name, phone, address, archived in conn.execute(
            "SELECT id, uid, name, phone, address, archived_at IS NOT NULL FROM customers"
        ):
            self.by_uid[uid] = cid
            if archived:
                continue
            if phone:
                self.by_phone.setdefault(phone, []).append(cid)
            self.by_name.setdefault(name, []).append((cid, phone, address))
        # the file's own index: keys -> op index
        self.f_uid: dict[str, int] = {}
        self.f_phone: dict[str, int] = {}
        self.f_name: dict[str, list[int]] = {}
        self.f_target: dict[int, int] = {}

    @staticmethod
    def _compatible(phone, address, other_phone, other_address) -> bool:
        return (not phone or not other_phone or phone == other_phone) and (
            not address or not other_address or address == other_address
        )

    def _match_file(self, clean: dict) -> int | None:
        if clean.get("uid") in self.f_uid:
            return self.f_uid[clean["uid"]]
        phone = clean.get("phone")
        if phone:
            return self.f_phone.get(phone)
        hits = [
            i for i in self.f_name.get(clean["name"], [])
            if self._compatible(None, clean.get("address"), self.ops[i].data.get("phone"),
                                self.ops[i].data.get("address"))
        ]  # fmt: skip
        return hits[-1] if hits else None

    def _match_book(self, clean: dict) -> int | None:
        uid = clean.get("uid")
        if uid and uid in self.by_uid:
            return self.by_uid[uid]
        phone, address = clean.get("phone"), clean.get("address")
        if phone and phone in self.by_phone:
            ids = self.by_phone[phone]
            if len(ids) == 1:
                return ids[0]
            same = [c for c, _p, _a in self.by_name.get(clean["name"], []) if c in ids]
            return same[0] if same else ids[0]
        candidates = [
            c
            for c in self.by_name.get(clean["name"], [])
            if self._compatible(phone, address, c[1], c[2])
        ]
        if len(candidates) > 1 and address:
            exact = [c for c in candidates if c[2] == address]
            candidates = exact or candidates
        if len(candidates) > 1:
            raise RowProblem("name", "ambiguous_customer", value=clean["name"])
        return candidates[0][0] if candidates else None

    def _index(self, i: int, clean: dict) -> None:
        if clean.get("uid"):
            self.f_uid[clean["uid"]] = i
        if clean.get("phone"):
            self.f_phone.setdefault(clean["phone"], i)
        self.f_name.setdefault(clean["name"], []).append(i)

    def plan(self, row: int, clean: dict) -> Op:
        mode = self.mode
        i = self._match_file(clean)
        if i is not None and mode != "keep":
            if mode == "skip":
                self.counts.skipped_duplicates += 1
                return Op(row, "skip", clean, note="duplicate_in_file")
            op = self.ops[i]
            op.data.update(clean)
            op.rows.append(row)
            self.counts.merged += 1
            self._index(i, clean)
            return op
        target = None if mode == "keep" else self._match_book(clean)
        if target is not None:
            if mode == "skip":
                self.counts.skipped_duplicates += 1
                return Op(row, "skip", clean, target, note="duplicate_in_book")
            if target in self.f_target:  # an earlier row already updates this customer
                op = self.ops[self.f_target[target]]
                op.data.update(clean)
                op.rows.append(row)
                self.counts.merged += 1
                return op
            op = Op(row, "update", dict(clean), target, [row])
            self.f_target[target] = len(self.ops)
        else:
            op = Op(row, "insert", dict(clean), None, [row])
        self.ops.append(op)
        self._index(len(self.ops) - 1, clean)
        return op

    def finish_plan(self) -> None:
        pass

    def write(
        self, import_id: int, progress, problems: list, skip_invalid: bool, sheet: str
    ) -> set[int]:
        from ..records.customers import get_customer, insert_customer, write_customer_update

        book, conn = self.book, self.book.conn
        inserted: list[int] = []
        touched: set[int] = set()
        total = len(self.ops)
        for n, op in enumerate(self.ops, 1):
            if progress and n % 500 == 0:
                progress(n, total, "write")
            data = dict(op.data)
            if op.action == "insert":
                if data.get("uid") in self.by_uid:
                    data.pop("uid")
                try:
                    cid = insert_customer(conn, data)
                except Exception as exc:  # a CHECK the cleaning did not foresee
                    raise _row_failure(op, exc) from exc
                if data.get("uid"):
                    self.by_uid[data["uid"]] = cid
                inserted.append(cid)
                self.counts.inserted += 1
                continue
            before = get_customer(book, op.target)
            data.pop("uid", None)
            if before is None or all(getattr(before, k) == v for k, v in data.items()):
                self.counts.unchanged += 1
                continue
            snapshot = row_dict(conn, "customers", op.target)
            try:
                with book.transaction():
                    write_customer_update(book, before, data, reason="导入 import")
                    record_update(conn, import_id, "customers", op.target, snapshot)
            except SalesbookError as exc:
                from .rows import problem_from

                problems.append(problem_from(exc, op.row, exc.params.get("field"), sheet))
                if not skip_invalid:
                    continue
                continue
            touched.add(op.target)
            self.counts.updated += 1
        supply.refresh_customers(book, inserted)
        return touched | set(inserted)


def _row_failure(op: Op, exc: Exception) -> SalesbookError:
    return ValidationError("bad_kind", field="name", value=f"row {op.row}: {exc}")


# -- products ----------------------------------------------------------------


class ProductImporter:
    kind = "products"

    def __init__(self, book: Book, mode: str):
        self.book = book
        self.mode = mode
        self.ops: list[Op] = []
        self.counts = Counts()
        self.by_name = {n: i for i, n in book.conn.execute("SELECT id, name FROM products")}
        self.f_name: dict[str, int] = {}

    def plan(self, row: int, clean: dict) -> Op:
        name = clean["name"]
        if name in self.f_name:
            if self.mode == "skip":
                self.counts.skipped_duplicates += 1
                return Op(row, "skip", clean, note="duplicate_in_file")
            op = self.ops[self.f_name[name]]
            op.data.update(clean)
            op.rows.append(row)
            self.counts.merged += 1
            return op
        target = self.by_name.get(name)
        if target is not None:
            if self.mode == "skip":
                self.counts.skipped_duplicates += 1
                return Op(row, "skip", clean, target, note="duplicate_in_book")
            if self.mode == "keep":
                raise RowProblem("product", "duplicate_product", value=name)
            op = Op(row, "update", dict(clean), target, [row])
        else:
            op = Op(row, "insert", dict(clean), None, [row])
        self.f_name[name] = len(self.ops)
        self.ops.append(op)
        return op

    def finish_plan(self) -> None:
        pass

    def write(
        self, import_id: int, progress, problems: list, skip_invalid: bool, sheet: str
    ) -> set[int]:
        conn = self.book.conn
        for op in self.ops:
            d = op.data
            if op.action == "insert":
                conn.execute(
                    "INSERT INTO products (uid, name, unit, unit_price_fen, per_person_daily, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (new_uid(), d["name"], d.get("unit", ""), d.get("unit_price_fen", 0),
                     d.get("per_person_daily"), now_iso()),
                )  # fmt: skip
                self.counts.inserted += 1
                continue
            before = row_dict(conn, "products", op.target)
            changed = {k: v for k, v in d.items() if k != "name" and before.get(k) != v}
            if not changed:
                self.counts.unchanged += 1
                continue
            sets = ", ".join(f"{k} = ?" for k in changed)
            conn.execute(f"UPDATE products SET {sets} WHERE id = ?", [*changed.values(), op.target])
            record_update(conn, import_id, "products", op.target, before)
            if "per_person_daily" in changed:
                supply.refresh_product(self.book, op.target)
            self.counts.updated += 1
        return set()


# -- deliveries and payments -------------------------------------------------


class _MovementImporter:
    """Shared by deliveries and payments: finding the customer a row means."""

    kind = ""

    def __init__(self, book: Book, mode: str):
        self.book = book
        self.mode = mode
        self.ops: list[Op] = []
        self.counts = Counts()
        self.by_uid: dict[str, int] = {}
        self.by_phone: dict[str, list[int]] = {}
        self.by_name: dict[str, list[int]] = {}
        self.names: dict[int, str] = {}
        for cid, uid, name, phone, archived in book.conn.execute(
            "SELECT id, uid, name, phone, archived_at IS NOT NULL FROM customers"
        ):
            self.by_uid[uid] = cid
            if archived:  # found by its uid only (a whole book's export names it so)
                continue
            self.names[cid] = name
            if phone:
                self.by_phone.setdefault(phone, []).append(cid)
            self.by_name.setdefault(name, []).append(cid)
        self._who_cache: dict[tuple, int] = {}

    def customer(self, clean: dict) -> int:
        key = (clean.get("customer_uid"), clean.get("phone"), clean.get("customer"))
        hit = self._who_cache.get(key)
        if hit is None:
            hit = self._find_customer(*key)
            self._who_cache[key] = hit
        return hit

    def _find_customer(self, uid: str | None, phone: str | None, name: str | None) -> int:
        if uid:
            if uid in self.by_uid:
                return self.by_uid[uid]
            if not phone and not name:
                raise RowProblem("customer_uid", "unknown_customer", value=uid)
        if phone:
            ids = self.by_phone.get(phone, [])
            if name and len(ids) > 1:
                ids = [i for i in ids if self.names[i] == name] or ids
            if len(ids) >= 1:
                return ids[0]
            if not name:
                raise RowProblem("phone", "unknown_customer", value=phone)
        assert name is not None
        ids = self.by_name.get(name, [])
        if not ids:
            try:
                as_phone = parse_phone(name) if any(ch.isdigit() for ch in name) else None
            except ValidationError:
                as_phone = None
            if as_phone and as_phone in self.by_phone:
                return self.by_phone[as_phone][0]
            raise RowProblem("customer", "unknown_customer", value=name)
        if len(ids) > 1:
            raise RowProblem("customer", "ambiguous_customer", value=name)
        return ids[0]

    def _existing(self, sql: str, ops: list[Op]) -> set[tuple]:
        """Keys of the same kind of record already in the book, for the customers and dates in ``ops``."""
        if not ops:
            return set()
        days = [op.data["date"] for op in ops]
        lo, hi = min(days), max(days)
        ids = sorted({op.target for op in ops})
        out: set[tuple] = set()
        conn = self.book.conn
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            out.update(conn.execute(sql.format(marks=marks), [lo, hi, *chunk]))
        return out

    def finish_plan(self) -> None:
        """Mark rows already in the book as duplicates (mode skip/update; keep imports them)."""
        if self.mode == "keep" or not self.ops:
            return
        existing = self._existing(self.existing_sql, self.ops)
        if not existing:
            return
        kept = []
        for op in self.ops:
            if self.key(op) in existing:
                op.action, op.note = "skip", "duplicate_in_book"
                self.counts.skipped_duplicates += 1
            else:
                kept.append(op)
        self.ops = kept


class DeliveryImporter(_MovementImporter):
    kind = "deliveries"
    existing_sql = (
        "SELECT customer_id, product_id, date, quantity, unit_price_fen FROM deliveries"
        " WHERE deleted_at IS NULL AND source = 'us' AND date BETWEEN ? AND ? AND customer_id IN ({marks})"
    )

    def __init__(self, book: Book, mode: str):
        super().__init__(book, mode)
        self.products: dict[str, tuple[int, int]] = {}
        self.products_ci: dict[str, tuple[int, int]] = {}
        for pid, name, price in book.conn.execute(
            "SELECT id, name, unit_price_fen FROM products WHERE archived_at IS NULL"
        ):
            self.products[name] = (pid, price)
            self.products_ci.setdefault(name.casefold(), (pid, price))
        self.units = dict(book.conn.execute("SELECT id, unit FROM products"))  # settle_delivery

    @staticmethod
    def key(op: Op) -> tuple:
        d = op.data
        return (op.target, d["product_id"], d["date"], d["quantity"], d["unit_price_fen"])

    def plan(self, row: int, clean: dict) -> Op:
        cid = self.customer(clean)
        name = clean["product"]
        prod = self.products.get(name) or self.products_ci.get(name.casefold())
        if prod is None:
            raise RowProblem("product", "unknown_product", value=name)
        try:  # 数量 in the product's unit (3斤 -> 1.5 kg), a typed 金额 checked, never replaced
            settle_delivery(clean, self.units.get(prod[0]) or "")
        except ValidationError as exc:
            raise RowProblem(exc.params.get("field"), exc.key, **exc.params) from None
        qty = clean["quantity"]
        price = clean.get("unit_price_fen")
        if price is None:
            if clean.get("amount_fen") is not None:
                price = int(
                    (Decimal(clean["amount_fen"]) / Decimal(repr(qty))).quantize(
                        Decimal(1), rounding=ROUND_HALF_UP
                    )
                )
            else:
                price = prod[1]
        if qty.is_integer():
            amount = int(qty) * price
        else:
            from ..records.deliveries import amount_fen

            amount = amount_fen(qty, price)
        paid = clean.get("paid")
        pay = (
            amount if paid is True else (paid if isinstance(paid, int) and paid is not False else 0)
        )
        data = {"product_id": prod[0], "date": clean["date"].isoformat(), "quantity": qty,
                "unit_price_fen": price, "amount_fen": amount, "paid_fen": pay, "note": clean.get("note")}  # fmt: skip
        op = Op(row, "insert", data, cid, [row])
        self.ops.append(op)
        return op

    def write(
        self, import_id: int, progress, problems: list, skip_invalid: bool, sheet: str
    ) -> set[int]:
        conn = self.book.conn
        created = now_iso()
        total = len(self.ops)
        batch: list[tuple] = []
        pays: list[tuple] = []
        # in (customer, product, date) order: the book's indexes grow in order, not at random
        self.ops.sort(key=lambda op: (op.target, op.data["product_id"], op.data["date"]))
        for n, op in enumerate(self.ops, 1):
            d = op.data
            delivery_uid = _uid()
            batch.append(
                (delivery_uid, op.target, d["product_id"], d["date"], d["quantity"], d["unit_price_fen"],
                 d["amount_fen"], d["note"], import_id, created)
            )  # fmt: skip
            if d["paid_fen"] > 0:  # paid on delivery: settles that delivery
                pays.append(
                    (_uid(), op.target, d["date"], d["paid_fen"], "已付 paid", import_id, created,
                     delivery_uid)
                )  # fmt: skip
            if len(batch) >= 5000:
                self._flush(conn, batch, pays)
                batch, pays = [], []
                if progress:
                    progress(n, total, "write")
        self._flush(conn, batch, pays)
        self.counts.inserted = total
        return {op.target for op in self.ops}

    @staticmethod
    def _flush(conn, batch, pays) -> None:
        conn.executemany(
            "INSERT INTO deliveries (uid, customer_id, product_id, date, quantity, unit_price_fen,"
            " amount_fen, source, note, import_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'us', ?, ?, ?)",
            batch,
        )
        if pays:
            conn.executemany(
                "INSERT INTO payments (uid, customer_id, date, amount_fen, note, import_id, created_at,"
                " delivery_id) VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT id FROM deliveries WHERE uid = ?))",
                pays,
            )


class PaymentImporter(_MovementImporter):
    kind = "payments"
    existing_sql = (
        "SELECT customer_id, date, amount_fen FROM payments"
        " WHERE deleted_at IS NULL AND date BETWEEN ? AND ? AND customer_id IN ({marks})"
    )

    @staticmethod
    def key(op: Op) -> tuple:
        return (op.target, op.data["date"], op.data["amount_fen"])

    def plan(self, row: int, clean: dict) -> Op:
        cid = self.customer(clean)
        data = {"date": clean["date"].isoformat(), "amount_fen": clean["amount_fen"],
                "note": normalize(clean.get("note")) or None}  # fmt: skip
        op = Op(row, "insert", data, cid, [row])
        self.ops.append(op)
        return op

    def write(
        self, import_id: int, progress, problems: list, skip_invalid: bool, sheet: str
    ) -> set[int]:
        created = now_iso()
        rows = [
            (
                new_uid(),
                op.target,
                op.data["date"],
                op.data["amount_fen"],
                op.data["note"],
                import_id,
                created,
            )
            for op in self.ops
        ]
        self.book.conn.executemany(
            "INSERT INTO payments (uid, customer_id, date, amount_fen, note, import_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.counts.inserted = len(rows)
        return {op.target for op in self.ops}


IMPORTERS = {
    "customers": CustomerImporter,
    "products": ProductImporter,
    "deliveries": DeliveryImporter,
    "payments": PaymentImporter,
}
