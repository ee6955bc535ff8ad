"""The visit plan: one stop per customer, most urgent first, grouped by area,
at most ``capacity`` stops a day; what does not fit is carried to the next day.

Wang's rhythm: a stop combines every reason to see the customer (resupply
rice and oil, collect on payday, a follow-up), so one trip does all three.

An open complaint (投诉) is a reason too, and the most urgent one: left open it
is the strongest sign a customer is about to leave (domain: respond fast). A
customer with an open complaint is a stop even with nothing due, and such stops
come first, the longest open first; the stop lists the complaints beside its
due items (``Stop.complaints``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..store.book import Book
from .complaints import Complaint, open_complaints
from .customers import get_customer, sort_key
from .due import STATUS_ORDER, DueItem, due_items, urgency_key


@dataclass
class Stop:
    customer_id: int
    customer_uid: str
    customer: str
    phone: str | None
    area: str | None
    level: str
    reasons: list[DueItem] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)  # open ones, oldest first
    delivery_note: str | None = None  # the customer's standing delivery habits (放门口)
    last_delivery_note: dict | None = None  # {date, product, note} of their last delivery, if noted

    @property
    def urgency(self) -> tuple:
        if self.complaints:  # before any due item; the longest open first
            return (-1, self.complaints[0].date, -1, sort_key(self.customer))
        return min(urgency_key(r) for r in self.reasons)

    @property
    def status(self) -> str:
        """The most urgent status of its items; with an open complaint,
        overdue (it waits for an answer, and the stop comes first)."""
        if self.complaints or not self.reasons:
            return "overdue"
        return min((r.status for r in self.reasons), key=STATUS_ORDER.__getitem__)

    @property
    def amount_fen(self) -> int:
        return sum(r.amount_fen or 0 for r in self.reasons if r.kind == "collect")

    def to_json(self) -> dict:
        return {
            "customer_uid": self.customer_uid,
            "customer": self.customer,
            "phone": self.phone,
            "area": self.area,
            "level": self.level,
            "status": self.status,
            "reasons": [r.to_json() for r in self.reasons],
            "complaints": [
                {"date": k.date, "what": k.what, "product": k.product} for k in self.complaints
            ],
            "delivery_note": self.delivery_note,
            "last_delivery_note": self.last_delivery_note,
        }

    def notes_text(self, lang: str = "zh") -> str:
        """The delivery notes to carry on the road: the standing one, then the
        last delivery's (送货习惯：放门口；上次送货 11-20 大米：放邻居家)."""
        zh = lang != "en"
        parts = []
        if self.delivery_note:
            parts.append(("送货习惯：" if zh else "habits: ") + self.delivery_note)
        last = self.last_delivery_note
        if last:
            head = (
                f"上次送货 {last['date']} {last['product']}："
                if zh
                else f"last delivery {last['date']} {last['product']}: "
            )
            parts.append(head + last["note"])
        return ("；" if zh else "; ").join(parts)


@dataclass
class DayPlan:
    day: date
    stops: list[Stop]

    def by_area(self) -> list[tuple[str, list[Stop]]]:
        """Stops grouped by area, areas in the order of their most urgent stop."""
        groups: dict[str, list[Stop]] = {}
        for stop in self.stops:
            groups.setdefault(stop.area or "", []).append(stop)
        return list(groups.items())

    def to_json(self) -> dict:
        return {
            "date": self.day.isoformat(),
            "areas": [
                {"area": area, "stops": [s.to_json() for s in stops]}
                for area, stops in self.by_area()
            ],
        }


def stops_from(
    items: list[DueItem], complaints: list[Complaint] = (), book: Book | None = None
) -> list[Stop]:
    """Combine the due items and open complaints (oldest first) of each customer
    into one stop, most urgent first. ``book`` gives the customers of
    complaints without a due item."""
    stops: dict[int, Stop] = {}
    for item in items:
        stop = stops.get(item.customer_id)
        if stop is None:
            stop = stops[item.customer_id] = Stop(
                item.customer_id,
                item.customer_uid,
                item.customer,
                item.phone,
                item.area,
                item.level,
            )
        stop.reasons.append(item)
    for k in complaints:
        stop = stops.get(k.customer_id)
        if stop is None:
            if book is None:
                raise ValueError("stops_from needs the book for a complaint's customer")
            c = get_customer(book, k.customer_id)
            stop = stops[k.customer_id] = Stop(c.id, c.uid, c.name, c.phone, c.area, c.level)
        stop.complaints.append(k)
    ordered = sorted(stops.values(), key=lambda s: s.urgency)
    for stop in ordered:
        stop.reasons.sort(key=urgency_key)
    return ordered


def _group(stops: list[Stop]) -> list[Stop]:
    """Keep the chosen stops together by area: areas by their most urgent stop."""
    order: dict[str, int] = {}
    for i, stop in enumerate(stops):
        order.setdefault(stop.area or "", i)
    return sorted(stops, key=lambda s: (order[s.area or ""], s.urgency))


COMBINE_DAYS = 3  # a chosen stop also takes what falls due within this many days


def _item_key(item: DueItem) -> tuple[str, int, int]:
    return (item.kind, item.customer_id, item.product_id or 0)


def visit_plan(
    book: Book,
    on: date,
    capacity: int | None = None,
    days: int = 1,
    combine_days: int = COMBINE_DAYS,
) -> list[DayPlan]:
    """Plans for ``days`` days from ``on``. Each day takes the most urgent stops
    due by that day, at most ``capacity`` (default: the book's setting); the
    rest are carried to the next day. A chosen stop also takes the customer's
    items falling due within ``combine_days`` (deliver the oil with the rice
    due in two days: one trip, as Wang did). An item is planned once: a
    customer visited on Monday comes back on Thursday only for what fell due
    since."""
    cap = int(capacity if capacity is not None else book.setting("capacity"))
    if cap <= 0:
        from ..errors import ValidationError

        raise ValidationError("not_positive", field="capacity", value=str(capacity))
    plans: list[DayPlan] = []
    planned: set[tuple[str, int, int]] = set()
    for offset in range(max(1, days)):
        day = on + timedelta(days=offset)
        day_s = day.isoformat()
        items = [
            i
            for i in due_items(book, day, within=max(0, combine_days))
            if _item_key(i) not in planned
        ]
        complaints = [
            k for k in open_complaints(book, day) if ("complaint", k.id, 0) not in planned
        ]
        chosen = stops_from([i for i in items if i.due_date <= day_s], complaints, book)[:cap]
        by_customer = {s.customer_id: s for s in chosen}
        for item in items:  # what falls due soon rides along with a chosen stop
            stop = by_customer.get(item.customer_id)
            if stop is not None and item.due_date > day_s:
                stop.reasons.append(item)
        for stop in chosen:
            stop.reasons.sort(key=urgency_key)
            planned.update(_item_key(r) for r in stop.reasons)
            planned.update(("complaint", k.id, 0) for k in stop.complaints)
        plans.append(DayPlan(day, _group(chosen)))
    add_delivery_notes(book, [s for p in plans for s in p.stops])
    return plans


def add_delivery_notes(book: Book, stops: list[Stop]) -> None:
    """Fill each stop's standing delivery note (customers.delivery_note) and the
    note of the customer's last delivery from us when it has one."""
    ids = sorted({s.customer_id for s in stops})
    standing: dict[int, str | None] = {}
    last: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        standing.update(
            book.conn.execute(
                f"SELECT id, delivery_note FROM customers WHERE id IN ({marks})", chunk
            )
        )
        for cid, day, product, note in book.conn.execute(
            "SELECT d.customer_id, d.date, p.name, d.note FROM deliveries d"
            " JOIN products p ON p.id = d.product_id"
            " WHERE d.id IN (SELECT (SELECT d2.id FROM deliveries d2 WHERE d2.customer_id = c.id"
            "   AND d2.deleted_at IS NULL AND d2.source = 'us' ORDER BY d2.date DESC, d2.id DESC"
            f"   LIMIT 1) FROM customers c WHERE c.id IN ({marks}))",
            chunk,
        ):
            if note and note.strip():
                last[cid] = {"date": day, "product": product, "note": note}
    for stop in stops:
        stop.delivery_note = standing.get(stop.customer_id)
        stop.last_delivery_note = last.get(stop.customer_id)


def carried_over(book: Book, on: date, capacity: int | None = None) -> int:
    """How many stops due by ``on`` do not fit in that day's plan."""
    cap = int(capacity if capacity is not None else book.setting("capacity"))
    return max(0, len(stops_from(due_items(book, on), open_complaints(book, on), book)) - cap)
