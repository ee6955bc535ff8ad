"""Contacts: visits, calls and messages, each with a note. Any contact resets the follow-up clock."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotFound, ValidationError
from ..rules.text import as_written, check_event_date, parse_date
from ..store.book import Book, new_uid, now_iso
from . import supply
from .customers import get_customer

KINDS = ("visit", "call", "message")
KIND_NAMES = {"visit": ("拜访", "visit"), "call": ("电话", "call"), "message": ("消息", "message")}


@dataclass(frozen=True)
class ContactRecord:
    id: int
    uid: str
    customer_id: int
    date: str
    kind: str
    note: str | None


def log_contact(
    book: Book, customer_id: int, *, on: object, kind: str = "visit", note: str | None = None
) -> ContactRecord:
    """Log a contact (one transaction); the follow-up date moves on."""
    if kind not in KINDS:
        raise ValidationError("bad_kind", field="kind", value=kind)
    day = check_event_date(parse_date(on))
    if get_customer(book, customer_id) is None:
        raise NotFound("customer_not_found", query=str(customer_id))
    with book.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO contacts (uid, customer_id, date, kind, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (new_uid(), customer_id, day.isoformat(), kind, as_written(note), now_iso()),
        )
        supply.refresh_customer_state(book, customer_id)
    return list_contacts(book, customer_id, contact_id=cur.lastrowid)[0]


def list_contacts(
    book: Book, customer_id: int, limit: int = 500, contact_id: int | None = None
) -> list[ContactRecord]:
    sql = "SELECT id, uid, customer_id, date, kind, note FROM contacts WHERE customer_id = ? AND deleted_at IS NULL"
    params: list = [customer_id]
    if contact_id is not None:
        sql += " AND id = ?"
        params.append(contact_id)
    sql += " ORDER BY date DESC, id DESC LIMIT ?"
    return [ContactRecord(*r) for r in book.conn.execute(sql, [*params, limit])]
