"""What every value view reads about each customer: one row per customer.

The rows come from ``customer_value``, the per-customer state that supply.py
keeps in the same transaction as every write (spend, purchase days, first and
last purchase, run-outs, products bought, need and share of wallet in fen at
list prices, purchase rhythm), so a view over 100k customers reads 100k narrow
rows instead of aggregating ``supply`` or ``deliveries``. What depends on the
day asked about (days since, products past run-out) or on the whole book
(how many customers buy each product, the usual pack) is added here, from
indexes. Rows are memoised per book until the book changes.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from . import supply
from .book import Book


class BaseRow(NamedTuple):
    """What the value views need about one active customer (one SQL row).
    Day counts are as of ``on``; None when there is no purchase."""

    id: int
    name: str
    household_size: int | None
    created: str
    spend_fen: int
    n_days: int  # purchase days from us
    first: str | None
    last: str | None
    tenure_days: int | None  # on - first purchase
    recency_days: int | None  # on - last purchase
    covered_days: int | None  # latest predicted run-out - first purchase
    next_runout_days: int | None  # earliest run-out of a product bought from us - on
    n_products: int  # products bought from us (cross-buying)
    need_fen_day: float | None  # estimated need in fen/day of the products with a share
    got_fen_day: float | None  # of which bought from us
    bought_k: float  # sum of the cross-buy constants of products bought
    n_slowing: int  # products whose recent rate is well below their long-run rate
    n_lapsed: int  # products past run-out by more than at_risk_days
    pack_ratio: float | None  # units per purchase vs the book's usual for those products
    list_fen: int  # what they bought from us would cost at today's list prices
    referrals: int  # customers they referred
    open_complaints: int
    behaviour_type: str | None


@dataclass(frozen=True)
class CrossBuy:
    """Per product: the cross-buy constant, fen per person per year
    (penetration x per-person daily use x 365 x price), and list prices."""

    per_person_year_fen: dict[int, float]
    price_fen: dict[int, int] = field(default_factory=dict)
    usual_pack: dict[int, float] = field(default_factory=dict)  # units per purchase day

    @property
    def total(self) -> float:
        return sum(self.per_person_year_fen.values())


def cross_buy_constants(book: Book, *, packs: bool = True) -> CrossBuy:
    """How much one more person could buy per year of each product, weighted by
    the share of the book's customers who buy that product at all (from the
    product sets in ``customer_value``); ``packs``: also the usual units per
    purchase of each product (one pass over ``supply``)."""
    conn = book.conn
    counts: dict[int, int] = {}
    buyers = 0
    for key, n in conn.execute(
        "SELECT products, COUNT(*) FROM customer_value WHERE products IS NOT NULL GROUP BY products"
    ):
        buyers += n
        for pid in key.split(","):
            counts[int(pid)] = counts.get(int(pid), 0) + n
    usual: dict[int, float] = {}
    if packs:
        usual = dict(
            conn.execute(
                "SELECT product_id, AVG(bought_us / n_deliveries) FROM supply"
                " WHERE bought_us > 0 AND n_deliveries > 0 GROUP BY product_id"
            )
        )
    out: dict[int, float] = {}
    prices: dict[int, int] = {}
    for pid, price, pp, archived in conn.execute(
        "SELECT id, unit_price_fen, per_person_daily, archived_at FROM products"
    ):
        prices[pid] = int(price or 0)
        if buyers and pp and price and not archived:
            out[pid] = (counts.get(pid, 0) / buyers) * pp * 365 * price
    return CrossBuy(out, prices, usual)


# Which parts each caller needs: 'state' (RFM: spend and dates), 'value'
# (+ latest run-out: LTV, pyramid), 'risk' (+ products past run-out),
# 'matrix' (+ cross-buy constants), 'tab' (the app's Value tab), 'full'
# (+ the usual packs: loyalty, types, the Excel columns).
GROUPS = frozenset({"value", "risk", "wallet", "type"})
NEEDS = {
    "state": frozenset(),
    "value": frozenset({"value"}),
    "matrix": frozenset({"value", "wallet"}),
    "risk": frozenset({"value", "risk"}),
    "tab": frozenset({"value", "wallet", "risk"}),
    "full": GROUPS,
}

# A per-book memo: the views of one tab read the same rows; any write on the
# book (this connection's total_changes, other connections' data_version) or
# another day makes a new key.
_memo: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _token(book: Book, on: date) -> tuple:
    version = book.conn.execute("PRAGMA data_version").fetchone()[0]
    return (book.conn.total_changes, version, on)


def book_base(book: Book, on: date, need: str = "full") -> tuple[list[BaseRow], CrossBuy]:
    """Every active customer's row and the book's cross-buy constants, memoised
    until the book changes. ``need`` (see ``NEEDS``) names what to compute;
    fields not computed are 0 or None (and the constants empty); the memo
    grows to what was asked so far."""
    groups = NEEDS[need]
    hit = _memo.get(book)
    if hit and hit[0] == _token(book, on):
        if groups <= hit[3]:
            return hit[1], hit[2]
        groups = groups | hit[3]
    key = _token(book, on)
    cols = supply.VALUE_COLS.split(", r_gaps")[0]  # the rhythm is read by segments when needed
    state = book.conn.execute(f"SELECT {cols} FROM customer_value ORDER BY customer_id").fetchall()
    rows, cross = _rows(book, on, state, groups)
    _memo[book] = (key, rows, cross, groups)
    return rows, cross


def base_rows(
    book: Book, on: date, customer_ids: list[int] | None = None, need: str = "full"
) -> list[BaseRow]:
    """One row per active customer (or the given ones), in id order (see ``book_base``)."""
    if customer_ids is None:
        return book_base(book, on, need)[0]
    ids = [int(i) for i in customer_ids]
    return _rows(book, on, supply.value_state_rows(book.conn, ids), GROUPS, ids)[0]


def value_state(book: Book) -> list[tuple]:
    """Every customer's ``customer_value`` row (columns ``supply.VALUE_COLS``), id order."""
    return book.conn.execute(
        f"SELECT {supply.VALUE_COLS} FROM customer_value ORDER BY customer_id"
    ).fetchall()


def _rows(
    book: Book,
    on: date,
    state: list[tuple],
    groups: frozenset,
    customer_ids: list[int] | None = None,
) -> tuple[list[BaseRow], CrossBuy]:
    conn = book.conn
    where = where_id = ""
    if customer_ids is not None:
        ids = ", ".join(map(str, customer_ids)) or "NULL"
        where, where_id = f" AND customer_id IN ({ids})", f" AND id IN ({ids})"
    lapsed: dict = {}
    if groups & {"risk", "type"}:
        lapse = (on - timedelta(days=int(book.setting("at_risk_days")))).isoformat()
        lapsed = dict(
            conn.execute(
                "SELECT customer_id, COUNT(*) FROM supply WHERE bought_us > 0 AND runout_date < ?"
                f"{where} GROUP BY customer_id",
                (lapse,),
            )
        )
    cross = CrossBuy({})
    if groups & {"wallet", "type"}:
        cross = cross_buy_constants(book, packs="type" in groups)
    kp = cross.per_person_year_fen
    pack = cross.usual_pack
    bought_k: dict = {None: 0.0}  # product set -> sum of the cross-buy constants
    refs = dict(
        conn.execute(
            "SELECT referred_by, COUNT(*) FROM customers WHERE referred_by IS NOT NULL"
            " GROUP BY referred_by"
        )
    )
    complaints = dict(
        conn.execute(
            "SELECT customer_id, COUNT(*) FROM complaints WHERE resolved_date IS NULL"
            " GROUP BY customer_id"
        )
    )
    tags = dict(
        conn.execute(
            f"SELECT id, behaviour_type FROM customers WHERE behaviour_type IS NOT NULL{where_id}"
        )
    )
    with_kp = bool(kp)
    with_pack = "type" in groups and bool(pack)
    today = on.toordinal()
    rows = []
    append = rows.append
    for (
        cid, archived, name, size, created, spend, n, first, last, fd, ld, max_ro, min_ro,
        n_products, n_slowing, need, got, list_fen, products, units, pack_key, *_rest,
    ) in state:  # fmt: skip
        if archived:
            continue
        k = 0.0
        if with_kp:
            k = bought_k.get(products)
            if k is None:
                k = bought_k[products] = sum(kp.get(int(p), 0.0) for p in products.split(","))
        ratio = None
        if with_pack and pack_key:
            den = 0.0
            for item in pack_key.split(","):
                pid, _, nd = item.partition(":")
                den += int(nd) * pack.get(int(pid), 0.0)
            ratio = units / den if den else None
        append(
            BaseRow(
                cid, name, size, created, spend, n, first, last,
                None if fd is None else today - fd,
                None if ld is None else today - ld,
                None if fd is None or max_ro is None else max_ro - fd,
                None if min_ro is None else min_ro - today,
                n_products, need, got, k, n_slowing, lapsed.get(cid, 0), ratio,
                int(list_fen or 0), refs.get(cid, 0), complaints.get(cid, 0), tags.get(cid),
            )
        )  # fmt: skip
    return rows, cross


def rhythm_sums(book: Book, customer_ids: list[int] | None = None) -> list[tuple]:
    """(customer id, gaps, weighted cv^2, gaps with a cv, sum of gaps, latest
    gaps, their usual gaps) of customers with two purchase days of a product."""
    where = ""
    if customer_ids is not None:
        where = f" AND customer_id IN ({', '.join(str(int(i)) for i in customer_ids) or 'NULL'})"
    return book.conn.execute(
        "SELECT customer_id, r_gaps, r_wcv2, r_kcv, r_sum_gap, r_lg, r_mg FROM customer_value"
        f" WHERE r_gaps IS NOT NULL{where}"
    ).fetchall()
