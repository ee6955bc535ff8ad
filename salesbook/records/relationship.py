"""Relationship levels 过客 -> 熟人 -> 朋友 -> 知己: history, cadence, pyramid, suggestions.

The rep decides the level; the book remembers every change with its date and
reason, and may *suggest* an upgrade (never makes one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import NotFound, ValidationError
from ..rules.text import LEVELS, level_name, normalize, parse_level
from ..store.book import Book, new_uid, now_iso
from . import supply

# Of about 100 people a rep knows: ~50 acquaintances, ~10 friends, 3-5 confidants.
GUIDELINE = {"passerby": 100, "acquaintance": 50, "friend": 10, "confidant": 4}


@dataclass(frozen=True)
class LevelChange:
    date: str
    from_level: str | None
    to_level: str
    reason: str | None


@dataclass(frozen=True)
class Suggestion:
    customer_id: int
    customer_uid: str
    customer: str
    from_level: str
    to_level: str
    reason_key: str  # see REASONS
    params: dict

    def reason(self, lang: str = "zh") -> str:
        zh, en = REASONS[self.reason_key]
        if lang.startswith("zh"):
            return zh.format(**self.params)
        n = self.params.get("contacts", 0)  # English counts: 1 contact, 2 contacts
        return en.format(**self.params, contacts_n=f"{n} contact{'' if n == 1 else 's'}")


REASONS = {
    "to_acquaintance": (
        "已买过 {deliveries} 次，认识 {days} 天",
        "{deliveries} purchases over {days} days",
    ),
    "to_friend": (
        "稳定回购 {deliveries} 次（{days} 天），近半年联系 {contacts} 次",
        "{deliveries} regular purchases over {days} days, {contacts_n} in 6 months",
    ),
    "to_confidant": (
        "合作 {days} 天、{deliveries} 次购买，近半年联系 {contacts} 次，累计消费 {spend} 元",
        "{days} days, {deliveries} purchases, {contacts_n} in 6 months, {spend} yuan spent",
    ),
}


def write_level_change(
    book: Book, customer_id: int, old: str, new: str, reason: str | None, on: date | None = None
) -> None:
    """Change the level inside the caller's transaction and record it."""
    day = (on or date.today()).isoformat()
    book.conn.execute(
        "UPDATE customers SET level = ?, updated_at = ? WHERE id = ?", (new, now_iso(), customer_id)
    )
    book.conn.execute(
        "INSERT INTO level_history (uid, customer_id, date, from_level, to_level, reason, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (new_uid(), customer_id, day, old, new, reason, now_iso()),
    )
    # a new level: earlier "no" answers no longer apply (suggestions.__doc__)
    book.conn.execute("DELETE FROM dismissed_suggestions WHERE customer_id = ?", (customer_id,))
    supply.refresh_customer_state(book, customer_id)  # the cadence changed


def set_level(
    book: Book, customer_id: int, level: str, *, reason: str | None = None, on: date | None = None
) -> tuple[str, str]:
    """Set a customer's relationship level (one transaction). Returns (old, new)."""
    if not normalize(level):  # an empty level is a slip, not "passer-by"
        raise ValidationError("required", field="level")
    new = parse_level(level)
    row = book.conn.execute("SELECT level FROM customers WHERE id = ?", (customer_id,)).fetchone()
    if row is None:
        raise NotFound("customer_not_found", query=str(customer_id))
    old = row[0]
    if old == new:
        raise ValidationError("same_level", field="level", value=level_name(new))
    with book.transaction():
        write_level_change(book, customer_id, old, new, reason, on)
    return old, new


def history(book: Book, customer_id: int) -> list[LevelChange]:
    return [
        LevelChange(*r)
        for r in book.conn.execute(
            "SELECT date, from_level, to_level, reason FROM level_history WHERE customer_id = ?"
            " ORDER BY date, id",
            (customer_id,),
        )
    ]


def cadence_days(book: Book, level: str) -> int:
    return int(book.setting("cadence_days")[level])  # type: ignore[index]


def pyramid(book: Book) -> dict[str, int]:
    """Active customers per level (every level present, zero if none)."""
    counts = dict.fromkeys(LEVELS, 0)
    for level, n in book.conn.execute(
        "SELECT level, COUNT(*) FROM customers WHERE archived_at IS NULL GROUP BY level"
    ):
        counts[level] = n
    return counts


def guideline_for(total: int) -> dict[str, float]:
    """The 100:50:10:4 rule of thumb scaled to ``total`` customers."""
    scale = total / sum(GUIDELINE.values()) if total else 0
    return {k: v * scale for k, v in GUIDELINE.items()}


def suggestions(
    book: Book, on: date, limit: int | None = None, customer_id: int | None = None
) -> list[Suggestion]:
    """Upgrade suggestions with their reason (never applied automatically).

    passer-by -> acquaintance: 3+ purchases over 30+ days;
    acquaintance -> friend: 8+ purchases over 180+ days, bought within their
      cadence, and 2+ contacts in the last 6 months (or 12+ purchases);
    friend -> confidant: 20+ purchases over 365+ days, 6+ contacts in the last
      6 months, and spend in the top fifth of the book.
    Dismissed suggestions are not repeated until the level changes."""
    since = (on - timedelta(days=182)).isoformat()
    spend_p80: int | None = None  # the book's top fifth: only sorted when a friend qualifies
    rows = book.conn.execute(
        "SELECT c.id, c.uid, c.name, c.level, cs.n_deliveries, cs.first_delivery_date,"
        " cs.last_delivery_date, cs.spend_fen,"
        " (SELECT COUNT(*) FROM contacts k WHERE k.customer_id = c.id AND k.deleted_at IS NULL"
        "  AND k.date >= ?) AS recent_contacts"
        " FROM customers c JOIN customer_state cs ON cs.customer_id = c.id"
        " WHERE c.archived_at IS NULL AND c.level != 'confidant' AND cs.n_deliveries >= 3"
        " AND NOT EXISTS (SELECT 1 FROM dismissed_suggestions x WHERE x.customer_id = c.id"
        "  AND x.to_level = CASE c.level WHEN 'passerby' THEN 'acquaintance'"
        "  WHEN 'acquaintance' THEN 'friend' ELSE 'confidant' END)"
        + (" AND c.id = ?" if customer_id is not None else "")
        + " ORDER BY cs.spend_fen DESC",
        (since,) if customer_id is None else (since, customer_id),
    )
    cadence: dict = book.setting("cadence_days")  # type: ignore[assignment]
    out: list[Suggestion] = []
    for cid, uid, name, level, n, first, last, spend, contacts in rows:
        if not first or not last:
            continue
        tenure = (on - date.fromisoformat(first)).days
        recent = (on - date.fromisoformat(last)).days <= int(cadence[level])
        params = {"deliveries": n, "days": tenure, "contacts": contacts, "spend": spend // 100}
        to = None
        if level == "passerby" and n >= 3 and tenure >= 30:
            to, key = "acquaintance", "to_acquaintance"
        elif (
            level == "acquaintance"
            and n >= 8
            and tenure >= 180
            and recent
            and (contacts >= 2 or n >= 12)
        ):
            to, key = "friend", "to_friend"
        elif level == "friend" and n >= 20 and tenure >= 365 and contacts >= 6:
            if spend_p80 is None:
                spend_p80 = _spend_quantile(book, 0.8)
            if spend >= spend_p80:
                to, key = "confidant", "to_confidant"
        if to:
            out.append(Suggestion(cid, uid, name, level, to, key, params))
            if limit and len(out) >= limit:
                break
    return out


def _spend_quantile(book: Book, q: float) -> int:
    n = book.conn.execute("SELECT COUNT(*) FROM customer_state").fetchone()[0]
    if not n:
        return 0
    row = book.conn.execute(
        "SELECT spend_fen FROM customer_state ORDER BY spend_fen LIMIT 1 OFFSET ?", (int(n * q),)
    ).fetchone()
    return row[0] if row else 0


def dismiss_suggestion(book: Book, customer_id: int, to_level: str, on: date) -> None:
    """The rep said no: do not suggest this level again until the level changes."""
    with book.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO dismissed_suggestions (customer_id, to_level, date) VALUES (?, ?, ?)",
            (customer_id, to_level, on.isoformat()),
        )
