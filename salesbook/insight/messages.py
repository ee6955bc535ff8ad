"""Messages ready to send (WeChat, SMS): a short, natural text per due item.

Reps reach customers by message far more often than at the door. For a
customer's due item the book writes the message the rep would type:

* resupply: the product and when it will run out (王姐，家里的大米估计12月9日就用完了…);
* collect: what is owed and the next payday, never pushy with a 知己;
* follow_up: a friendly check-in.

The tone follows the relationship level (polite and short for 过客, warmer for
朋友 and 知己), through the templates of ``message_templates`` (the rep's own
where set). The values: {称呼} the form of address (``customers.address_as``,
else the name), {品名} the product(s), {用完日期} the run-out date (a past one
reads 这几天 / now: it is out by now), {欠款} what is owed (¥12.50), {发薪日}
the next payday on or after the day. Dates the local way: 12月9日 / Dec 9
(今天/明天, today/tomorrow).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..errors import NotFound, ValidationError
from ..records.customers import Customer, get_customer
from ..records.due import KINDS, DueItem, fetch_items, item_key, urgency_key
from ..rules import paycycle
from ..rules.text import fen_to_yuan
from ..store.book import Book
from .message_templates import _lang, check_template, fill, template_text

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def message_date(day: date, on: date, lang: str) -> str:
    """A date in a message the local way: 12月9日 / Dec 9; 今天/明天, today/tomorrow."""
    if day == on:
        return "今天" if lang == "zh" else "today"
    if day == on + timedelta(days=1):
        return "明天" if lang == "zh" else "tomorrow"
    if lang == "zh":
        text = f"{day.month}月{day.day}日"
        return text if day.year == on.year else f"{day.year}年{text}"
    text = f"{_MONTHS[day.month - 1]} {day.day}"
    return text if day.year == on.year else f"{text}, {day.year}"


def join_products(names: list[str], lang: str) -> str:
    """大米、食用油 / rice and oil / rice, oil and gas."""
    if lang == "zh" or len(names) < 2:
        return "、".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _day_title(day: date, lang: str) -> str:
    """2026年12月9日 星期三 / Wed, Dec 9, 2026."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日 星期{'一二三四五六日'[day.weekday()]}"
    wd = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day.weekday()]
    return f"{wd}, {_MONTHS[day.month - 1]} {day.day}, {day.year}"


# -- messages -------------------------------------------------------------------


@dataclass
class Message:
    """A message for one customer, ready to paste."""

    customer_id: int
    customer: str
    address_as: str
    phone: str | None
    area: str | None
    level: str
    kind: str
    lang: str
    text: str
    items: list[DueItem] = field(default_factory=list)  # what it is about
    also: list[DueItem] = field(default_factory=list)  # other due items it leaves out

    def to_json(self) -> dict:
        return {
            "customer": self.customer, "address_as": self.address_as, "phone": self.phone,
            "area": self.area, "level": self.level, "kind": self.kind, "lang": self.lang,
            "text": self.text, "about": [i.to_json() for i in self.items],
            "also_due": [i.to_json() for i in self.also],
        }  # fmt: skip


def address_of(customer: Customer) -> str:
    """The form of address a message uses: 称呼 when set, else the name."""
    return customer.address_as or customer.name


def address_forms(book: Book) -> dict[int, str]:
    """Customer id -> 称呼 of every active customer who has one (for Today)."""
    return dict(
        book.conn.execute(
            "SELECT id, address_as FROM customers"  # the partial index customers_address_as
            " WHERE address_as IS NOT NULL AND archived_at IS NULL"
        )
    )


def customer_items(book: Book, customer_id: int, on: date) -> list[DueItem]:
    """Every item of the customer in the agenda (upcoming ones too, snoozed or
    not), most urgent first, with its status on ``on``."""
    keys = [
        item_key(customer_id, kind, pid)
        for kind, pid in book.conn.execute(
            "SELECT kind, product_id FROM agenda WHERE customer_id = ?", (customer_id,)
        )
    ]
    return sorted(fetch_items(book, keys, on), key=urgency_key)


COMBINE_DAYS = 3  # as the visit plan: one trip takes what runs out within this many days
SOON_DAYS = 7  # with nothing due, an item falling due within a week is what to write about


def _choose(items: list[DueItem], on: date, kind: str | None, product_id: int | None):
    """The kind to write about and its items. One message per customer: the most
    urgent kind (a rep does not ask for money in the message that offers rice);
    every resupply item due goes in the same message (大米、食用油)."""
    horizon = (on + timedelta(days=SOON_DAYS)).isoformat()
    due = [i for i in items if i.due_date <= on.isoformat()]
    soon = due or [i for i in items if i.due_date <= horizon]
    if kind is None:
        kind = soon[0].kind if soon else "follow_up"
    pool = [i for i in (soon or items) if i.kind == kind] or [i for i in items if i.kind == kind]
    if product_id is not None:
        pool = [i for i in items if i.kind == kind and i.product_id == product_id]
    if kind == "resupply" and pool:
        # every product due now, and those running out within a few days of the
        # first (one delivery): not the eggs that last another month
        first = min(i.runout_date or i.due_date for i in pool)
        near = (date.fromisoformat(first) + timedelta(days=COMBINE_DAYS)).isoformat()
        pool = [i for i in pool if i.due_date <= on.isoformat() or (i.runout_date or "") <= near]
    return kind, pool, [i for i in due if i not in pool]


def _resupply_fallback(book: Book, customer_id: int, product_id: int | None) -> list[tuple]:
    """(product, runout) of the customer's forecasts, earliest first, when no
    resupply item is listed (the rep asks ahead of the reminder)."""
    sql = (
        "SELECT p.name, s.runout_date FROM supply s JOIN products p ON p.id = s.product_id"
        " WHERE s.customer_id = ? AND s.runout_date IS NOT NULL"
    )
    params: list = [customer_id]
    if product_id is not None:
        sql += " AND s.product_id = ?"
        params.append(product_id)
    return book.conn.execute(sql + " ORDER BY s.runout_date LIMIT 3", params).fetchall()


def _values(
    book: Book,
    cust: Customer,
    on: date,
    kind: str,
    about: list[DueItem],
    product_id: int | None,
    lang: str,
) -> dict[str, str]:
    """What the placeholders of a ``kind`` message say for this customer."""  # fmt: skip
    customer_id = cust.id
    values = {"address_as": address_of(cust)}
    if kind == "resupply":
        pairs = [(i.product, i.runout_date) for i in about if i.runout_date]
        if not pairs:
            pairs = _resupply_fallback(book, customer_id, product_id)
        if not pairs and product_id is not None:
            row = book.conn.execute("SELECT name FROM products WHERE id = ?", (product_id,))
            raise ValidationError("message_no_runout_product", field="product",
                                  customer=cust.name, product=row.fetchone()[0])  # fmt: skip
        if not pairs:
            raise ValidationError("message_no_runout", field="product", customer=cust.name)
        names = list(dict.fromkeys(p for p, _ in pairs))
        runout = min(date.fromisoformat(r) for _, r in pairs)
        values["product"] = join_products(names, lang)
        # run out already: it is out about now (a past date would read oddly)
        out_now = "这几天" if lang == "zh" else "now"
        values["runout"] = out_now if runout < on else message_date(runout, on, lang)
    elif kind == "collect":
        owed = book.conn.execute(
            "SELECT balance_fen FROM customer_state WHERE customer_id = ?", (customer_id,)
        ).fetchone()
        if not owed or owed[0] <= 0:
            raise ValidationError("message_nothing_owed", field="amount", customer=cust.name)
        values["owed"] = fen_to_yuan(owed[0])
        values["payday"] = message_date(paycycle.next_payday(cust.pay, on), on, lang)
    return values


def compose(
    book: Book,
    customer_id: int,
    on: date,
    kind: str | None = None,
    product_id: int | None = None,
    lang: str | None = None,
    items: list[DueItem] | None = None,
) -> Message:
    """The message for a customer on ``on``: about ``kind`` (default: the most
    urgent of their due items; a check-in when nothing is due), in ``lang``,
    from the template of their level. ``items``: their due items when the
    caller has them. Raises ValidationError when the kind has nothing to say
    (no run-out predicted, nothing owed)."""
    if kind is not None and kind not in KINDS:
        raise ValidationError("bad_kind", field="kind", value=kind)
    lang = _lang(lang)
    cust = get_customer(book, customer_id)
    if cust is None:
        raise NotFound("customer_not_found", query=str(customer_id))
    if items is None:
        items = customer_items(book, customer_id, on)
    kind, about, also = _choose(items, on, kind, product_id)
    values = _values(book, cust, on, kind, about, product_id, lang)
    text = fill(kind, cust.level, lang, template_text(book, kind, cust.level, lang), values)
    return Message(cust.id, cust.name, values["address_as"], cust.phone, cust.area, cust.level,
                   kind, lang, text, about, also)  # fmt: skip


def sample_customer(book: Book, kind: str) -> int | None:
    """A customer to preview a ``kind`` template on: one with such an item in the
    Today list (the first by name), else any active customer."""
    row = (
        book.conn.execute(
            "SELECT customer_id FROM agenda WHERE kind = ? ORDER BY customer_sort LIMIT 1", (kind,)
        ).fetchone()
        or book.conn.execute(
            "SELECT id FROM customers WHERE archived_at IS NULL ORDER BY sort_key LIMIT 1"
        ).fetchone()
    )
    return row[0] if row else None


def preview(
    book: Book, customer_id: int | None, on: date, kind: str, level: str, lang: str, text: str
) -> tuple[str, str]:
    """(customer id, name, ``text`` filled for that real customer) as a ``kind``
    message, whatever their level; ``customer_id`` None: ``sample_customer``.
    Raises ValidationError for a bad template or a kind with nothing to say."""
    clean = check_template(kind, level, lang, text)
    cid = customer_id if customer_id is not None else sample_customer(book, kind)
    cust = get_customer(book, cid) if cid is not None else None
    if cust is None:
        raise NotFound("customer_not_found", query=str(customer_id or ""))
    _kind, about, _also = _choose(customer_items(book, cust.id, on), on, kind, None)
    values = _values(book, cust, on, kind, about, None, lang)
    return cust.id, cust.name, fill(kind, level, lang, clean, values)


def compose_many(
    book: Book,
    customer_ids: list[int],
    on: date,
    lang: str | None = None,
    kind: str | None = None,
) -> list[Message | ValidationError]:
    """A message per customer (in order); a customer the kind has nothing to
    say about gives its ValidationError in its place (the rest are written)."""  # fmt: skip
    out: list[Message | ValidationError] = []
    for cid in dict.fromkeys(customer_ids):
        try:
            out.append(compose(book, cid, on, kind=kind, lang=lang))
        except ValidationError as exc:
            out.append(exc)
    return out


def log_sent(book: Book, customer_id: int, on: date, text: str):
    """The rep sent it: a contact of kind message, the text as its note (one
    transaction; the follow-up clock restarts)."""
    from ..records.contacts import log_contact

    return log_contact(book, customer_id, on=on, kind="message", note=text)


# -- the day's plan as one text file ------------------------------------------


def plan_messages(
    book: Book, on: date, lang: str | None = None, capacity: int | None = None
) -> list[tuple]:
    """(stop, message) for every stop of the day's visit plan, in the plan's
    order. A stop whose kind has nothing to say (a complaint only) gets the check-in."""
    from ..records.plan import visit_plan

    lang = _lang(lang)
    day = visit_plan(book, on, capacity=capacity, days=1)[0]
    out = []
    for _area, stops in day.by_area():
        for stop in stops:
            try:
                msg = compose(book, stop.customer_id, on, lang=lang, items=stop.reasons)
            except ValidationError:
                msg = compose(book, stop.customer_id, on, kind="follow_up", lang=lang)
            out.append((stop, msg))
    return out


def plan_text(book: Book, on: date, lang: str | None = None, capacity: int | None = None) -> str:
    """Every stop of the day's visit plan with its message, as one text: each
    headed by number, name (称呼), phone and area, with the delivery notes, then
    the message to paste."""
    from ..i18n import t

    lang = _lang(lang)
    pairs = plan_messages(book, on, lang, capacity)
    lines = [t("message_plan_title", lang=lang, date=_day_title(on, lang)), "=" * 24, ""]
    for n, (stop, msg) in enumerate(pairs, start=1):
        name = stop.customer + (f"（{msg.address_as}）" if msg.address_as != stop.customer else "")
        lines.append(
            " · ".join(x for x in (f"{n}. {name}", stop.phone or "", stop.area or "") if x)
        )
        notes = stop.notes_text(lang)
        if notes:
            lines.append("  " + notes)
        lines.append(msg.text)
        lines.append("")
    if not pairs:
        lines.append(t("message_plan_empty", lang=lang))
    return "\n".join(lines).rstrip() + "\n"
