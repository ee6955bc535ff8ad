"""Payments and balances. Balance = deliveries - payments, in integer fen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import NotFound
from ..rules.text import as_written, check_event_date, parse_date, parse_money_fen
from ..store import hooks
from ..store.book import Book, new_uid, now_iso
from . import supply
from .customers import get_customer


@dataclass(frozen=True)
class PaymentRecord:
    id: int
    uid: str
    customer_id: int
    date: str
    amount_fen: int
    note: str | None


def insert_payment(
    conn,
    customer_id: int,
    day: date,
    amount: int,
    *,
    note: str | None = None,
    import_id=None,
    delivery_id: int | None = None,
) -> int:
    """Insert inside the caller's transaction (no derived-state refresh).
    ``delivery_id``: the delivery this payment was taken on (it settles that one)."""
    cur = conn.execute(
        "INSERT INTO payments (uid, customer_id, date, amount_fen, note, import_id, created_at,"
        " delivery_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (new_uid(), customer_id, day.isoformat(), amount, note, import_id, now_iso(), delivery_id),
    )
    return cur.lastrowid


def record_payment(
    book: Book, customer_id: int, amount: object, *, on: object, note: str | None = None
) -> PaymentRecord:
    """Record a payment in yuan (one transaction); balance and collection date follow."""
    fen = parse_money_fen(amount, field="amount", allow_zero=False)
    day = check_event_date(parse_date(on))
    if get_customer(book, customer_id) is None:
        raise NotFound("customer_not_found", query=str(customer_id))
    with book.transaction() as conn:
        pid = insert_payment(conn, customer_id, day, fen, note=as_written(note))
        supply.refresh_customer_state(book, customer_id)
    return get_payment(book, pid)


def get_payment(book: Book, payment_id: int) -> PaymentRecord:
    row = book.conn.execute(
        "SELECT id, uid, customer_id, date, amount_fen, note FROM payments WHERE id = ?",
        (payment_id,),
    ).fetchone()
    if row is None:
        raise NotFound("record_not_found", query=str(payment_id))
    return PaymentRecord(*row)


def list_payments(book: Book, customer_id: int, limit: int = 500) -> list[PaymentRecord]:
    return [
        PaymentRecord(*r)
        for r in book.conn.execute(
            "SELECT id, uid, customer_id, date, amount_fen, note FROM payments"
            " WHERE customer_id = ? AND deleted_at IS NULL ORDER BY date DESC, id DESC LIMIT ?",
            (customer_id, limit),
        )
    ]


def balance_fen(book: Book, customer_id: int) -> int:
    """What the customer owes now (fen), from the maintained state."""
    row = book.conn.execute(
        "SELECT balance_fen FROM customer_state WHERE customer_id = ?", (customer_id,)
    ).fetchone()
    return row[0] if row else 0


def delete_payment(book: Book, payment_id: int) -> None:
    rec = get_payment(book, payment_id)
    with book.transaction() as conn:
        conn.execute("UPDATE payments SET deleted_at = ? WHERE id = ?", (now_iso(), payment_id))
        supply.refresh_customer_state(book, rec.customer_id)


hooks.provide("delete_payment", delete_payment)  # the trash (store/undo.py)
