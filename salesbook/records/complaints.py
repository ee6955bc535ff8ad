"""Complaints (投诉): log what happened, put it right, follow up.

An open complaint is the strongest sign a customer is about to leave: it
counts in the loss-risk score (risk.py) and shows on Today
(``open_complaints``). A complaint handled well often deepens the
relationship: for ``FOLLOW_UP_DAYS`` after it is resolved, ``follow_ups``
suggests a visit until the rep has been in touch (any contact dated on or
after the day it was resolved; ``log_follow_up`` logs one). ``for_today``
gives both lists in one call for the Today screen.

These are not due items: ``due.due_items`` and its JSON contract
(resupply / collect / follow_up) do not include them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import NotFound, ValidationError
from ..rules.text import normalize, parse_date
from ..store.book import Book, new_uid, now_iso
from .contacts import ContactRecord, log_contact
from .customers import get_customer
from .products import get_product

FOLLOW_UP_DAYS = 14  # a resolved complaint suggests a visit for this many days
MAX_TEXT = 1000


@dataclass(frozen=True)
class Complaint:
    id: int
    uid: str
    customer_id: int
    customer: str
    date: str
    product_id: int | None
    product: str | None
    what: str
    resolution: str | None
    resolved_date: str | None

    @property
    def is_open(self) -> bool:
        return self.resolved_date is None

    def days_open(self, on: date) -> int:
        """Days from the complaint to its resolution (or to ``on`` while open)."""
        end = date.fromisoformat(self.resolved_date) if self.resolved_date else on
        return max(0, (end - date.fromisoformat(self.date)).days)

    def describe(self, on: date, lang: str = "zh") -> str:
        """As a reason to visit (the plan, printed): 投诉未处理：送晚了（大米，3天）."""
        days = self.days_open(on)
        if lang == "en":
            product = f"{self.product}, " if self.product else ""
            return f"open complaint: {self.what} ({product}{days} day{'s' if days != 1 else ''})"
        return f"投诉未处理：{self.what}（{self.product + '，' if self.product else ''}{days}天）"


_COLS = (
    "k.id, k.uid, k.customer_id, c.name, k.date, k.product_id, p.name, k.what, k.resolution,"
    " k.resolved_date"
)
_FROM = (
    " FROM complaints k JOIN customers c ON c.id = k.customer_id"
    " LEFT JOIN products p ON p.id = k.product_id"
)


def _text(value: object, key: str, field: str) -> str:
    text = normalize(value)
    if not text:
        raise ValidationError(key, field=field)
    if len(text) > MAX_TEXT:
        raise ValidationError("too_large", field=field, value=text[:20] + "…")
    return text


def add_complaint(
    book: Book, customer_id: int, *, on: object, what: object, product_id: int | None = None
) -> Complaint:
    """Log a complaint (one transaction). ``on``: the day it happened."""
    day = parse_date(on)
    text = _text(what, "complaint_what_required", "what")
    if get_customer(book, customer_id) is None:
        raise NotFound("customer_not_found", query=str(customer_id))
    if product_id is not None and get_product(book, product_id) is None:
        raise NotFound("product_not_found", query=str(product_id))
    with book.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO complaints (uid, customer_id, date, product_id, what, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (new_uid(), customer_id, day.isoformat(), product_id, text, now_iso()),
        )
    return get_complaint(book, cur.lastrowid)


def resolve_complaint(book: Book, complaint_id: int, *, how: object, on: object) -> Complaint:
    """Record how and when a complaint was put right (one transaction)."""
    day = parse_date(on)
    text = _text(how, "complaint_how_required", "how")
    k = get_complaint(book, complaint_id)
    if not k.is_open:
        raise ValidationError("complaint_already_resolved", field="complaint", date=k.resolved_date)
    if day < date.fromisoformat(k.date):
        raise ValidationError(
            "complaint_resolved_before", field="date", value=day.isoformat(), date=k.date
        )
    with book.transaction() as conn:
        conn.execute(
            "UPDATE complaints SET resolution = ?, resolved_date = ? WHERE id = ?",
            (text, day.isoformat(), complaint_id),
        )
    return get_complaint(book, complaint_id)


def get_complaint(book: Book, complaint_id: int) -> Complaint:
    row = book.conn.execute(f"SELECT {_COLS}{_FROM} WHERE k.id = ?", (complaint_id,)).fetchone()
    if row is None:
        raise NotFound("record_not_found", query=str(complaint_id))
    return Complaint(*row)


def find_complaint(book: Book, ref: str) -> Complaint:
    """A complaint by its number or the start of its uid."""
    q = normalize(ref).lstrip("#")
    if q.isdigit() and len(q) < 9:
        row = book.conn.execute("SELECT id FROM complaints WHERE id = ?", (int(q),)).fetchone()
        if row:
            return get_complaint(book, row[0])
    if len(q) >= 4:
        rows = book.conn.execute(
            "SELECT id FROM complaints WHERE uid LIKE ? LIMIT 2", (q.lower() + "%",)
        ).fetchall()
        if len(rows) == 1:
            return get_complaint(book, rows[0][0])
    raise NotFound("record_not_found", query=q)


def list_complaints(
    book: Book, customer_id: int | None = None, *, open_only: bool = False, limit: int = 500
) -> list[Complaint]:
    """Complaints, newest first (open ones first when mixed)."""
    sql = f"SELECT {_COLS}{_FROM} WHERE 1=1"
    params: list = []
    if customer_id is not None:
        sql += " AND k.customer_id = ?"
        params.append(customer_id)
    if open_only:
        sql += " AND k.resolved_date IS NULL"
    sql += " ORDER BY k.resolved_date IS NOT NULL, k.date DESC, k.id DESC LIMIT ?"
    return [Complaint(*r) for r in book.conn.execute(sql, [*params, limit])]


def open_complaints(book: Book, on: date | None = None) -> list[Complaint]:
    """Every open complaint of an active customer, oldest (longest open) first,
    for Today. With ``on``: only complaints made on or before that day."""
    sql = f"SELECT {_COLS}{_FROM} WHERE k.resolved_date IS NULL AND c.archived_at IS NULL"
    params: list = []
    if on is not None:
        sql += " AND k.date <= ?"
        params.append(on.isoformat())
    rows = book.conn.execute(sql + " ORDER BY k.date, k.id", params)
    return [Complaint(*r) for r in rows]


def open_complaint_count(book: Book, on: date | None = None) -> int:
    """How many complaints are open (active customers; with ``on``: made on or
    before that day): ``len(open_complaints(book, on))`` without loading them,
    for the start-of-day reminder."""
    sql = (
        "SELECT COUNT(*) FROM complaints k JOIN customers c ON c.id = k.customer_id"
        " WHERE k.resolved_date IS NULL AND c.archived_at IS NULL"
    )
    params: list = []
    if on is not None:
        sql += " AND k.date <= ?"
        params.append(on.isoformat())
    return book.conn.execute(sql, params).fetchone()[0]


def open_count(book: Book, customer_id: int) -> int:
    return book.conn.execute(
        "SELECT COUNT(*) FROM complaints WHERE customer_id = ? AND resolved_date IS NULL",
        (customer_id,),
    ).fetchone()[0]


@dataclass(frozen=True)
class FollowUp:
    """A resolved complaint: visit to deepen the relationship."""

    complaint: Complaint
    visit_by: str  # ISO date: the end of the follow-up window

    def reason(self, lang: str = "zh") -> str:
        k = self.complaint
        if lang.startswith("zh"):
            return f"投诉已于 {k.resolved_date} 解决（{k.what}）：上门回访，加深关系"
        return (
            f"complaint resolved on {k.resolved_date} ({k.what}): visit to deepen the relationship"
        )


def follow_ups(book: Book, on: date, days: int = FOLLOW_UP_DAYS) -> list[FollowUp]:
    """Complaints resolved in the last ``days`` days with no contact since: a
    visit is suggested (the rep shows they care; it often wins loyalty).
    A contact dated on the day it was resolved counts as the follow-up (the
    book keeps days, not times), so logging one today clears today's list.
    Oldest resolution (the window that closes first) first."""
    since = (on - timedelta(days=days)).isoformat()
    rows = book.conn.execute(
        f"SELECT {_COLS}{_FROM} WHERE k.resolved_date IS NOT NULL AND k.resolved_date >= ?"
        " AND k.resolved_date <= ? AND c.archived_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM contacts t WHERE t.customer_id = k.customer_id"
        "  AND t.deleted_at IS NULL AND t.date >= k.resolved_date)"
        " ORDER BY k.resolved_date, k.id",
        (since, on.isoformat()),
    )
    out = []
    for r in rows:
        k = Complaint(*r)
        end = date.fromisoformat(k.resolved_date) + timedelta(days=days)  # type: ignore[arg-type]
        out.append(FollowUp(k, end.isoformat()))
    return out


@dataclass(frozen=True)
class TodayComplaints:
    """What the Today screen shows about complaints on a day."""

    open: list[Complaint]  # open complaints, longest open first
    follow_ups: list[FollowUp]  # recently resolved, no contact since

    def __len__(self) -> int:
        return len(self.open) + len(self.follow_ups)


def for_today(book: Book, on: date, days: int = FOLLOW_UP_DAYS) -> TodayComplaints:
    """Open complaints (made by ``on``) and the follow-up visits due on ``on``."""
    return TodayComplaints(open_complaints(book, on), follow_ups(book, on, days))


def log_follow_up(
    book: Book, complaint_id: int, *, on: object, kind: str = "visit", note: object = None
) -> ContactRecord:
    """Log the follow-up contact after a resolved complaint (one transaction):
    the visit suggestion goes away. ``note`` defaults to 投诉回访：<what happened>."""
    day = parse_date(on)
    k = get_complaint(book, complaint_id)
    if k.is_open:
        raise ValidationError("complaint_not_resolved", field="complaint")
    if day < date.fromisoformat(k.resolved_date):  # type: ignore[arg-type]
        raise ValidationError(
            "complaint_follow_up_before", field="date", value=day.isoformat(), date=k.resolved_date
        )
    from ..i18n import t

    text = normalize(note) or t("complaint_follow_up_note", what=k.what)
    return log_contact(book, k.customer_id, on=day, kind=kind, note=text)
