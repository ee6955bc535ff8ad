"""The Today list: what to resupply, whom to collect from, whom to call on.

One indexed range scan over the ``agenda`` table, which supply.py keeps in
the same transaction as every write (never a replay of history). An item is listed when its
date to act is on or before ``on + within`` days (so everything overdue is
listed too), unless it is snoozed past ``on``.

Statuses:
* resupply: upcoming (remind date ahead) / due (reminded, not yet run out) /
  overdue (run out) / at_risk (run out ``at_risk_days`` or more ago).
* collect (date = first payday on or after the oldest unpaid delivery):
  upcoming (payday ahead) / due (payday today) / overdue (payday passed) /
  at_risk (payday passed ``collect_overdue_days`` or more ago).
* follow_up (date = last contact + the level's cadence): upcoming / due /
  overdue / at_risk (a whole cadence more has passed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from . import supply
from .book import Book
from .errors import ValidationError

KINDS = ("resupply", "collect", "follow_up")
# Act first on what just ran out or is due; long-lost (at risk) next, most recent first.
STATUS_ORDER = {"overdue": 0, "due": 1, "at_risk": 2, "upcoming": 3}
KIND_ORDER = {"resupply": 0, "collect": 1, "follow_up": 2}
# The documented JSON contract (README): DueItem.to_json gives exactly these keys.
JSON_KEYS = ("kind", "customer_uid", "customer", "phone", "area", "product", "runout_date",
             "due_date", "status", "days_left", "amount", "level", "last_contact")  # fmt: skip


@dataclass(slots=True)
class DueItem:
    """One line of the Today list. ``to_json`` gives the documented JSON contract."""

    kind: str
    customer_uid: str
    customer: str
    phone: str | None
    area: str | None
    product: str | None
    runout_date: str | None
    due_date: str
    status: str
    days_left: int
    amount: str | None
    level: str
    last_contact: str | None
    customer_id: int
    product_id: int | None
    amount_fen: int | None

    def to_json(self) -> dict:
        """The documented contract: exactly these keys (README, "due --format json")."""
        return {
            "kind": self.kind,
            "customer_uid": self.customer_uid,
            "customer": self.customer,
            "phone": self.phone,
            "area": self.area,
            "product": self.product,
            "runout_date": self.runout_date,
            "due_date": self.due_date,
            "status": self.status,
            "days_left": self.days_left,
            "amount": self.amount,
            "level": self.level,
            "last_contact": self.last_contact,
        }


@lru_cache(maxsize=8192)
def _ordinal(iso: str) -> int:
    """Day number of an ISO date (cached: a due list has few distinct dates)."""
    return date.fromisoformat(iso).toordinal()


def _status(days_left: int, late_after: int) -> str:
    """upcoming / due (today) / overdue / at_risk (``late_after`` days or more late)."""
    if days_left > 0:
        return "upcoming"
    if days_left == 0:
        return "due"
    if -days_left >= late_after:
        return "at_risk"
    return "overdue"


def _resupply_status(runout_left: int, remind_left: int, at_risk_days: int) -> str:
    """Same rule as forecast.supply_status, on day counts (the hot path of the Today list)."""
    if -runout_left >= at_risk_days:
        return "at_risk"
    if runout_left <= 0:
        return "overdue"
    if remind_left <= 0:
        return "due"
    return "upcoming"


def due_items(
    book: Book, on: date, within: int = 0, kinds: tuple[str, ...] | list[str] | None = None
) -> list[DueItem]:
    """Everything to act on by ``on + within`` days, most urgent first."""
    if within < 0:
        raise ValidationError("bad_number", field="within", value=str(within))
    kinds = tuple(kinds or KINDS)
    for k in kinds:
        if k not in KINDS:
            raise ValidationError("bad_kind", field="kind", value=k)
    settings = book.settings()
    at_risk_days = int(settings["at_risk_days"])
    collect_risk_days = int(settings["collect_overdue_days"])
    cadence: dict = settings["cadence_days"]  # type: ignore[assignment]
    horizon = (on + timedelta(days=within)).isoformat()
    on_s = on.isoformat()
    today = on.toordinal()
    sql = (
        "SELECT kind, customer_uid, customer, phone, area, product, runout_date, due_date,"
        " amount, level, last_contact, customer_id, product_id, amount_fen FROM agenda"
        " WHERE due_date <= ? AND (snoozed_until IS NULL OR snoozed_until <= ?)"
    )
    params: list = [horizon, on_s]
    if set(kinds) != set(KINDS):
        sql += f" AND kind IN ({', '.join('?' * len(kinds))})"
        params += list(kinds)
    items: list[DueItem] = []
    append = items.append
    for (
        kind,
        uid,
        name,
        phone,
        area,
        product,
        runout,
        due_s,
        amount,
        level,
        last,
        cid,
        pid,
        fen,
    ) in book.conn.execute(sql, params):
        if kind == "resupply":
            left = _ordinal(runout) - today
            status = _resupply_status(left, _ordinal(due_s) - today, at_risk_days)
        else:
            left = _ordinal(due_s) - today
            late = collect_risk_days if kind == "collect" else int(cadence.get(level) or 1)
            status = _status(left, late)
        append(
            DueItem(kind, uid, name, phone, area, product, runout, due_s, status, left, amount,
                    level, last, cid, pid or None, fen)
        )  # fmt: skip
    items.sort(key=urgency_key)
    return items


def urgency_key(item: DueItem) -> tuple:
    """Most urgent first: overdue, due, at risk (most recent first), upcoming;
    then how late/soon, then kind, then name."""
    days = -item.days_left if item.status == "at_risk" else item.days_left
    return (STATUS_ORDER[item.status], days, KIND_ORDER[item.kind], item.customer)


def counts(items: list[DueItem]) -> dict[str, int]:
    out = dict.fromkeys(KINDS, 0)
    for item in items:
        out[item.kind] += 1
    return out


def snooze(
    book: Book, customer_id: int, kind: str, until: date, product_id: int | None = None
) -> None:
    """Hide an item until ``until`` (exclusive: it shows again on that day).
    A resupply snooze without ``product_id`` hides every product of the customer."""
    if kind not in KINDS:
        raise ValidationError("bad_kind", field="kind", value=kind)
    with book.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO snoozes (customer_id, kind, product_id, until) VALUES (?, ?, ?, ?)",
            (customer_id, kind, product_id or 0, until.isoformat()),
        )
        supply.refresh_agenda(book, [customer_id])
