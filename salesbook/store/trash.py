"""The trash: the soft delete the book already has (deleted_at on deliveries,
payments and contacts; archived_at on customers): ``list_trash``,
``move_to_trash`` and ``restore_from_trash``, and the several-at-once moves the
window makes (``trash_records``, ``restore_records``). Each move is one
undoable action (undo.py logs it like any write); archiving a customer,
deleting a delivery or a payment and recomputing the forecast are the records'
own code, registered with hooks.py."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..errors import NotFound, SalesbookError, ValidationError
from . import hooks

if TYPE_CHECKING:
    from .book import Book


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _chunks(ids: Iterable[int], size: int = 500) -> Iterator[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


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
