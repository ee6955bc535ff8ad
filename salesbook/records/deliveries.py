"""Deliveries: record what was handed to a customer; the forecast follows at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..errors import NotFound, ValidationError
from ..rules.text import (
    as_written,
    check_event_date,
    fen_to_str,
    normalize,
    parse_date,
    parse_money_fen,
    parse_quantity,
)
from ..store import hooks
from ..store.book import Book, new_uid, now_iso
from . import supply
from .customers import get_customer
from .products import require_product


@dataclass(frozen=True)
class DeliveryRecord:
    id: int
    uid: str
    customer_id: int
    product_id: int
    product: str
    unit: str
    date: str
    quantity: float
    unit_price_fen: int
    amount_fen: int
    source: str
    note: str | None


def amount_fen(quantity: float, unit_price_fen: int) -> int:
    """Quantity x unit price in fen, rounded half up (Decimal, never float money)."""
    q = float(quantity)
    if q.is_integer():  # whole units: exact in integers (most deliveries; no Decimal needed)
        fen = int(q) * int(unit_price_fen)
    else:
        value = Decimal(repr(q)) * Decimal(int(unit_price_fen))
        fen = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if fen > MAX_AMOUNT_FEN:  # a typo, and beyond what SQLite's integers can sum safely
        raise ValidationError("too_large", field="amount", value=fen_to_str(fen))
    return fen


MAX_AMOUNT_FEN = 10**13  # ¥100 billion on one delivery line


def insert_delivery(
    conn,
    customer_id: int,
    product_id: int,
    day: date,
    quantity: float,
    unit_price_fen: int,
    *,
    source: str = "us",
    note: str | None = None,
    import_id: int | None = None,
) -> int:
    """Insert inside the caller's transaction (no derived-state refresh). Returns the row id."""
    cur = conn.execute(
        "INSERT INTO deliveries (uid, customer_id, product_id, date, quantity, unit_price_fen,"
        " amount_fen, source, note, import_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new_uid(),
            customer_id,
            product_id,
            day.isoformat(),
            float(quantity),
            unit_price_fen,
            amount_fen(quantity, unit_price_fen) if source == "us" else 0,
            source,
            note,
            import_id,
            now_iso(),
        ),
    )
    return cur.lastrowid


def record_delivery(
    book: Book,
    customer_id: int,
    product_id: int,
    quantity: object,
    *,
    on: object,
    unit_price: object = None,
    paid: bool = False,
    note: str | None = None,
    source: str = "us",
) -> DeliveryRecord:
    """Record a delivery (one transaction): the supply forecast, balance and
    follow-up are updated in the same transaction. ``unit_price`` in yuan
    (default: the product's price). ``paid`` also records the payment.
    ``source='elsewhere'`` records what the customer bought elsewhere."""
    qty = parse_quantity(quantity)
    day = check_event_date(parse_date(on))
    if source not in ("us", "elsewhere"):
        raise ValidationError("bad_kind", field="source", value=source)
    if get_customer(book, customer_id) is None:
        raise NotFound("customer_not_found", query=str(customer_id))
    product = require_product(book, product_id)
    qty = parse_quantity(quantity, unit=product.unit)  # 3斤 of a kg product: 1.5
    price = (
        product.unit_price_fen
        if unit_price is None or normalize(unit_price) == ""
        else parse_money_fen(unit_price, field="unit_price")
    )
    with book.transaction() as conn:
        did = insert_delivery(
            conn,
            customer_id,
            product_id,
            day,
            qty,
            price,
            source=source,
            note=as_written(note),
        )
        if paid and source == "us":
            from .payments import insert_payment

            amount = amount_fen(qty, price)
            if amount > 0:
                insert_payment(
                    conn, customer_id, day, amount, note="paid on delivery", delivery_id=did
                )
        supply.refresh_pair(book, customer_id, product_id)
        supply.refresh_customer_state(book, customer_id)
    return get_delivery(book, did)


def mark_bought_elsewhere(
    book: Book, customer_id: int, product_id: int, *, on: object, quantity: object = None
) -> DeliveryRecord:
    """The customer bought this product elsewhere: restock the forecast with it
    (default quantity: their last delivery) without changing what they owe."""
    if quantity is None:
        row = book.conn.execute(
            "SELECT quantity FROM deliveries WHERE customer_id = ? AND product_id = ?"
            " AND deleted_at IS NULL ORDER BY date DESC, id DESC LIMIT 1",
            (customer_id, product_id),
        ).fetchone()
        if row is None:
            raise ValidationError("required", field="quantity")
        quantity = row[0]
    return record_delivery(
        book, customer_id, product_id, quantity, on=on, unit_price=0, source="elsewhere"
    )


_COLS = (
    "d.id, d.uid, d.customer_id, d.product_id, p.name, p.unit, d.date, d.quantity,"
    " d.unit_price_fen, d.amount_fen, d.source, d.note"
)


def get_delivery(book: Book, delivery_id: int) -> DeliveryRecord:
    row = book.conn.execute(
        f"SELECT {_COLS} FROM deliveries d JOIN products p ON p.id = d.product_id WHERE d.id = ?",
        (delivery_id,),
    ).fetchone()
    if row is None:
        raise NotFound("record_not_found", query=str(delivery_id))
    return DeliveryRecord(*row)


def list_deliveries(
    book: Book, customer_id: int, product_id: int | None = None, limit: int = 500
) -> list[DeliveryRecord]:
    """A customer's deliveries, newest first."""
    sql = (
        f"SELECT {_COLS} FROM deliveries d JOIN products p ON p.id = d.product_id"
        " WHERE d.customer_id = ? AND d.deleted_at IS NULL"
    )
    params: list = [customer_id]
    if product_id is not None:
        sql += " AND d.product_id = ?"
        params.append(product_id)
    sql += " ORDER BY d.date DESC, d.id DESC LIMIT ?"
    return [DeliveryRecord(*r) for r in book.conn.execute(sql, [*params, limit])]


def delete_delivery(book: Book, delivery_id: int) -> None:
    """Move a delivery to the trash (kept, hidden), with the payment taken on
    it (else that money would stay as a credit); the forecast follows."""
    rec = get_delivery(book, delivery_id)
    with book.transaction() as conn:
        at = now_iso()
        conn.execute("UPDATE deliveries SET deleted_at = ? WHERE id = ?", (at, delivery_id))
        conn.execute(
            "UPDATE payments SET deleted_at = ? WHERE delivery_id = ? AND deleted_at IS NULL",
            (at, delivery_id),
        )
        supply.refresh_pair(book, rec.customer_id, rec.product_id)
        supply.refresh_customer_state(book, rec.customer_id)


hooks.provide("delete_delivery", delete_delivery)  # the trash (store/undo.py)
