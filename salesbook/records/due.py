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

import json
from dataclasses import dataclass
from datetime import date

from ..errors import ValidationError
from ..store.book import Book
from . import supply

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
    customer_sort: str = ""  # the name's pinyin sort key (customers.sort_key)

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


def _checked_kinds(within: int, kinds) -> tuple[str, ...]:
    """The kinds asked for (all by default); a bad kind or a negative ``within`` refused."""
    if within < 0:
        raise ValidationError("bad_number", field="within", value=str(within))
    kinds = tuple(kinds or KINDS)
    for k in kinds:
        if k not in KINDS:
            raise ValidationError("bad_kind", field="kind", value=k)
    return kinds


# -- the rule, in SQL ----------------------------------------------------------
# ``agenda`` keeps each item's dates also as day numbers (date.toordinal(), see
# supply.refresh_agenda): ``act_day`` (the date to act: remind / payday /
# follow-up date) and ``left_day`` (the run-out for a resupply, else act_day).
# The status and the order are then integer comparisons SQLite does itself, so
# the list of every item's key, most urgent first, is one query that builds no
# Python object but an int per item (``due_list``), and the full items are built
# only for the rows someone reads (``fetch_items``) or for all of them at once
# (``due_items``). Both use these fragments: one definition of the rule.
#
# status (STATUS_ORDER codes): at risk once ``late`` days past left_day (a
# resupply: at_risk_days after the run-out; a collection: collect_overdue_days
# after the payday; a follow-up: one more cadence of the customer's level);
# overdue once left_day has passed (a resupply: on its run-out day already);
# due on the day to act; upcoming before.
_KIND_RANK = "CASE kind WHEN 'resupply' THEN 0 WHEN 'collect' THEN 1 ELSE 2 END"
_STATUS = (
    "CASE WHEN left_day + (CASE kind WHEN 'resupply' THEN :at_risk WHEN 'collect' THEN :collect_risk"
    " ELSE {cadence} END) <= :on THEN 2"
    " WHEN left_day + (kind <> 'resupply') <= :on THEN 0"
    " WHEN act_day <= :on THEN 1 ELSE 3 END"
)  # fmt: skip
# most urgent first: overdue, due, at risk (most recent first), upcoming; then
# how late/soon, kind, name (by pinyin: customers.sort_key), and the ids
_ORDER = (
    "ORDER BY s, CASE WHEN s = 2 THEN -left_day ELSE left_day END, kind_rank, customer_sort,"
    " customer_id, product_id"
)
_WHERE = "act_day <= :horizon AND (snoozed_until IS NULL OR snoozed_until <= :on_iso)"
_ITEM_COLUMNS = (
    "kind, customer_uid, customer, phone, area, product, runout_date, due_date, s,"
    " left_day - :on, amount, level, last_contact, customer_id, product_id, amount_fen,"
    " customer_sort"
)
_STATUS_NAMES = {v: k for k, v in STATUS_ORDER.items()}
# A due item's key: customer, kind and product in one int (stable across writes:
# the same item has the same key tomorrow): 24 bits of product id, 4 of kind, and
# the customer id above (35 bits left in SQLite's 64-bit integers).
_KIND_BITS, _PRODUCT_BITS = 4, 24


def item_key(customer_id: int, kind: str, product_id: int | None = None) -> int:
    return (
        (customer_id << (_KIND_BITS + _PRODUCT_BITS))
        | (KIND_ORDER[kind] << _PRODUCT_BITS)
        | (product_id or 0)
    )


def key_kind(key: int) -> str:
    return KINDS[(key >> _PRODUCT_BITS) & ((1 << _KIND_BITS) - 1)]


def key_customer(key: int) -> int:
    """The customer an item key is about (no row needs building to know it)."""
    return key >> (_KIND_BITS + _PRODUCT_BITS)


_KEY_SQL = f"(customer_id << {_KIND_BITS + _PRODUCT_BITS}) | ({_KIND_RANK} << {_PRODUCT_BITS}) | product_id"


def _params(book: Book, on: date, within: int) -> tuple[dict, str]:
    """Named parameters of the fragments above, and the cadence CASE by level."""
    settings = book.settings()
    cadence: dict = settings["cadence_days"]  # type: ignore[assignment]
    params: dict = {
        "on": on.toordinal(),
        "on_iso": on.isoformat(),
        "horizon": on.toordinal() + within,
        "at_risk": int(settings["at_risk_days"]),  # type: ignore[arg-type]
        "collect_risk": int(settings["collect_overdue_days"]),  # type: ignore[arg-type]
    }
    whens = []
    for i, (level, days) in enumerate(sorted(cadence.items())):
        params[f"lv{i}"], params[f"cd{i}"] = level, int(days or 1)
        whens.append(f"WHEN :lv{i} THEN :cd{i}")
    cases = f"CASE level {' '.join(whens)} ELSE 1 END" if whens else "1"
    return params, _STATUS.format(cadence=cases)


def _kinds_sql(kinds: tuple[str, ...]) -> str:
    if set(kinds) == set(KINDS):
        return ""
    return " AND kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"  # checked against KINDS


def _item(row: tuple) -> DueItem:
    (kind, uid, name, phone, area, product, runout, due_s, s, left, amount, level, last, cid,
     pid, fen, sort) = row  # fmt: skip
    return DueItem(kind, uid, name, phone, area, product, runout, due_s, _STATUS_NAMES[s], left,
                   amount, level, last, cid, pid or None, fen, sort or "")  # fmt: skip


def _whole_list(book: Book, on: date, within: int, kinds, columns: str):
    """The rows of every item, most urgent first, with these columns."""
    kinds = _checked_kinds(within, kinds)
    params, status = _params(book, on, within)
    sql = (
        f"SELECT {columns} FROM (SELECT *, {status} AS s, {_KIND_RANK} AS kind_rank"
        f" FROM agenda WHERE {_WHERE}{_kinds_sql(kinds)}) {_ORDER}"
    )
    return book.conn.execute(sql, params)


def due_items(
    book: Book, on: date, within: int = 0, kinds: tuple[str, ...] | list[str] | None = None
) -> list[DueItem]:
    """Everything to act on by ``on + within`` days, most urgent first, every
    item built (exports and the visit plan read them all)."""
    return [_item(r) for r in _whole_list(book, on, within, kinds, _ITEM_COLUMNS)]


# the JSON contract's values, in JSON_KEYS order, the status named by SQLite
_RECORD_VALUES = (
    "kind", "customer_uid", "customer", "phone", "area", "product", "runout_date", "due_date",
    "CASE s " + " ".join(f"WHEN {c} THEN '{n}'" for c, n in _STATUS_NAMES.items()) + " END",
    "left_day - :on", "amount", "level", "last_contact",
)  # fmt: skip
_RECORD_COLUMNS = ", ".join(_RECORD_VALUES)
_RECORD_JSON = (
    "json_object("
    + ", ".join(f"'{k}', {v}" for k, v in zip(JSON_KEYS, _RECORD_VALUES, strict=True))
    + ")"
)


def due_records(
    book: Book, on: date, within: int = 0, kinds: tuple[str, ...] | list[str] | None = None
) -> list[dict]:
    """``[i.to_json() for i in due_items(...)]`` (the documented JSON contract)
    built straight from the rows, for ``salesbook due --format csv``."""
    keys = JSON_KEYS
    return [
        dict(zip(keys, r, strict=True))
        for r in _whole_list(book, on, within, kinds, _RECORD_COLUMNS)
    ]


def due_json(
    book: Book, on: date, within: int = 0, kinds: tuple[str, ...] | list[str] | None = None
) -> str:
    """``due_records`` as JSON text, each object written by SQLite (json_object):
    what ``salesbook due --format json`` prints, a third faster on a big day."""
    rows = _whole_list(book, on, within, kinds, _RECORD_JSON)
    return "[" + ",".join(r[0] for r in rows) + "]"


@dataclass(slots=True)
class DueList:
    """The Today list as keys, most urgent first, with its counts; items are
    built on demand (``fetch_items``): a screen shows a few dozen of 50,000.

    ``keys[kind]``: that kind's item keys in order; ``owed_fen``: what the
    listed collections add up to; ``head[kind]``: the first items already built."""

    on: date
    within: int
    keys: dict[str, list[int]]
    owed_fen: int
    head: dict[str, list[DueItem]]

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.keys.items()}

    def __len__(self) -> int:
        return sum(len(v) for v in self.keys.values())


def due_list(
    book: Book,
    on: date,
    within: int = 0,
    kinds: tuple[str, ...] | list[str] | None = None,
    head: int | dict[str, int] = 0,
) -> DueList:
    """The same list as ``due_items``, as keys per kind (one query), with the
    first ``head`` items of each kind built (a number per kind in a dict: the
    window builds again as many as were shown, so a reload keeps its place)."""
    kinds = _checked_kinds(within, kinds)
    top = book.conn.execute("SELECT MAX(id) FROM products").fetchone()[0] or 0
    if top >= 1 << _PRODUCT_BITS:  # keys would collide (no book gets near 16 million products)
        raise ValidationError("too_large", field="product_id", value=str(top))
    params, status = _params(book, on, within)
    rows = book.conn.execute(
        f"SELECT k FROM (SELECT {_KEY_SQL} AS k, {status} AS s, {_KIND_RANK} AS kind_rank,"
        f" left_day, customer_sort, customer_id, product_id FROM agenda"
        f" WHERE {_WHERE}{_kinds_sql(kinds)}) {_ORDER}",
        params,
    ).fetchall()
    keys: dict[str, list[int]] = {k: [] for k in kinds}
    lists = [keys.get(k, []) for k in KINDS]
    shift, mask = _PRODUCT_BITS, (1 << _KIND_BITS) - 1
    for (key,) in rows:
        lists[(key >> shift) & mask].append(key)
    owed = 0
    if "collect" in kinds:
        owed = book.conn.execute(
            f"SELECT COALESCE(SUM(amount_fen), 0) FROM agenda WHERE {_WHERE} AND kind = 'collect'",
            params,
        ).fetchone()[0]
    heads = head if isinstance(head, dict) else dict.fromkeys(kinds, head)
    built = {k: fetch_items(book, keys[k][: heads.get(k, 0)], on) for k in kinds}
    return DueList(on, within, keys, owed, built)


def fetch_items(book: Book, keys: list[int], on: date) -> list[DueItem]:
    """The items of these keys as they are now, in the keys' order, with their
    status on ``on``. A key whose item is gone (delivered, paid, archived since
    the list was made) is left out."""
    if not keys:
        return []
    params, status = _params(book, on, 0)
    out: list[DueItem] = []
    for start in range(0, len(keys), 2000):
        params["keys"] = json.dumps([int(k) for k in keys[start : start + 2000]])
        sql = (
            f"SELECT {_ITEM_COLUMNS} FROM (SELECT a.*, {status} AS s, j.key AS i"
            f" FROM json_each(:keys) j JOIN agenda a"
            f" ON a.customer_id = j.value >> {_KIND_BITS + _PRODUCT_BITS}"
            f" AND a.kind = CASE (j.value >> {_PRODUCT_BITS}) & {(1 << _KIND_BITS) - 1}"
            " WHEN 0 THEN 'resupply' WHEN 1 THEN 'collect' ELSE 'follow_up' END"
            f" AND a.product_id = j.value & {(1 << _PRODUCT_BITS) - 1}) ORDER BY i"
        )
        out += [_item(r) for r in book.conn.execute(sql, params)]
    return out


def urgency_key(item: DueItem) -> tuple:
    """Most urgent first: overdue, due, at risk (most recent first), upcoming;
    then how late/soon, then kind, then name (by pinyin)."""
    days = -item.days_left if item.status == "at_risk" else item.days_left
    return (STATUS_ORDER[item.status], days, KIND_ORDER[item.kind],
            item.customer_sort or item.customer)  # fmt: skip


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


def snooze_items(book: Book, items: list[tuple[int, str, int | None]], until: date) -> None:
    """Hide several items (customer id, kind, product id) until ``until``, as one
    action: a Today row's products, and nothing else of the customer."""
    with book.transaction():
        for customer_id, kind, product_id in items:
            snooze(book, customer_id, kind, until, product_id)


# -- Today as a rep reads it: one row per customer -------------------------------
# The window's lists (``today_list``): the same items as ``due_list``, in the same
# order, grouped into one row per customer (a customer's products in one row, the
# row where their most urgent item is), and the resupply items at risk (ran out
# ``at_risk_days`` or more ago: the customer probably buys elsewhere) in a list of
# their own, win back (挽回), so Resupply is what to load for today's round. The
# ``due`` JSON contract (``due_items``, ``due_records``) is unchanged.
TABS = ("resupply", "winback", "collect", "follow_up")


@dataclass(slots=True)
class DueRow:
    """One customer's row in a Today list: their items of one kind (most urgent
    first; several products on a resupply row, one item otherwise)."""

    tab: str
    items: list[DueItem]

    @property
    def first(self) -> DueItem:
        return self.items[0]

    @property
    def kind(self) -> str:
        return self.items[0].kind

    @property
    def customer_id(self) -> int:
        return self.items[0].customer_id

    @property
    def customer(self) -> str:
        return self.items[0].customer

    @property
    def status(self) -> str:
        """The most urgent item's status (the row's place in the list)."""
        return self.items[0].status


@dataclass(slots=True)
class TodayList:
    """Today's lists as rows of item keys (one tuple per customer), most urgent
    first; ``built[tab]``: the rows already built, by row number (``fetch_rows``
    builds the others when they come into view)."""

    on: date
    within: int
    rows: dict[str, list[tuple[int, ...]]]
    owed_fen: int
    built: dict[str, dict[int, DueRow | None]]
    cadence: dict[str, int]  # the follow-up cadence (days) of each level, for the words

    def customers(self) -> dict[str, int]:
        """How many customers each list has (its rows)."""
        return {t: len(r) for t, r in self.rows.items()}

    def items(self) -> dict[str, int]:
        """How many items each list has (a customer's products counted apart)."""
        return {t: sum(len(k) for k in r) for t, r in self.rows.items()}

    def __len__(self) -> int:
        return sum(self.items().values())


def today_list(
    book: Book,
    on: date,
    within: int = 0,
    head: int = 0,
    spans: dict[str, tuple[int, int]] | None = None,
) -> TodayList:
    """Today's four lists (``TABS``), one row per customer; see above. One query
    (the ``due_list`` one, with each item's status). The first ``head`` rows of
    each list are built, and the rows ``spans[tab]`` (start, stop) too: the
    window builds again the rows in view, so a reload keeps the rep's place."""
    _checked_kinds(within, None)
    top = book.conn.execute("SELECT MAX(id) FROM products").fetchone()[0] or 0
    if top >= 1 << _PRODUCT_BITS:
        raise ValidationError("too_large", field="product_id", value=str(top))
    params, status = _params(book, on, within)
    cursor = book.conn.execute(
        f"SELECT k, s FROM (SELECT {_KEY_SQL} AS k, {status} AS s, {_KIND_RANK} AS kind_rank,"
        f" left_day, customer_sort, customer_id, product_id FROM agenda WHERE {_WHERE}) {_ORDER}",
        params,
    )
    # per list, customer id -> that customer's keys (dicts keep the order of each
    # customer's first, most urgent, item)
    groups: dict[str, dict[int, list[int]]] = {t: {} for t in TABS}
    by_kind = [groups["resupply"], groups["collect"], groups["follow_up"]]
    winback, risk = groups["winback"], STATUS_ORDER["at_risk"]
    shift, mask, cshift = _PRODUCT_BITS, (1 << _KIND_BITS) - 1, _KIND_BITS + _PRODUCT_BITS
    for key, s in cursor:
        rank = (key >> shift) & mask
        into = winback if rank == 0 and s == risk else by_kind[rank]
        cid = key >> cshift
        keys = into.get(cid)
        if keys is None:
            into[cid] = [key]
        else:
            keys.append(key)
    rows = {t: [tuple(k) for k in g.values()] for t, g in groups.items()}
    owed = book.conn.execute(
        f"SELECT COALESCE(SUM(amount_fen), 0) FROM agenda WHERE {_WHERE} AND kind = 'collect'",
        params,
    ).fetchone()[0]
    built: dict[str, dict[int, DueRow | None]] = {}
    for t in TABS:
        start, stop = (spans or {}).get(t, (0, 0))
        n = len(rows[t])
        numbers = sorted(set(range(min(head, n))) | set(range(max(start, 0), min(stop, n))))
        got = fetch_rows(book, [rows[t][n] for n in numbers], on, t)
        built[t] = dict(zip(numbers, got, strict=True))
    cadence = {k: int(v) for k, v in book.settings()["cadence_days"].items() if v}  # type: ignore[union-attr]
    return TodayList(on, within, rows, owed, built, cadence)


def fetch_rows(
    book: Book, rows: list[tuple[int, ...]], on: date, tab: str = "resupply"
) -> list[DueRow | None]:
    """The rows of these keys (``TodayList.rows``) as they are now, one per
    tuple in the same order; None for a row whose items are all gone since
    (delivered, paid, archived)."""
    flat = [k for keys in rows for k in keys]
    found = {item_key(i.customer_id, i.kind, i.product_id): i for i in fetch_items(book, flat, on)}
    out: list[DueRow | None] = []
    for keys in rows:
        items = [found[k] for k in keys if k in found]
        out.append(DueRow(tab, items) if items else None)
    return out
