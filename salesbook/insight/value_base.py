"""What every value view reads about each customer: one row per customer.

The rows come from ``customer_value``, the per-customer state that supply.py
keeps in the same transaction as every write (spend, purchase days, first and
last purchase, run-outs, products bought, need and share of wallet in fen at
list prices, purchase rhythm), so a view over 100k customers reads 100k narrow
rows instead of aggregating ``supply`` or ``deliveries``. What depends on the
day asked about (days since, products past run-out) or on the whole book
(how many customers buy each product, the usual pack) is added here, from
indexes. Rows are memoised per book until the book changes.

Two ways to read them:

* ``base_rows`` / ``book_base``: one ``BaseRow`` per customer, for the
  per-customer rules in Python (one customer's figures, the tests' reference);
* ``base_sql``: the same fields as columns of a SQL subquery, for the views
  over the whole book (matrix, loyalty, types, risk, the Excel columns), which
  apply the same rules in SQL and bring back only what they show. No BaseRow
  is made for 100k customers.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from ..records import supply
from ..store.book import Book


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
    # the purchase rhythm (customer_value's r_* sums; risk.RiskInput says what they are)
    r_gaps: int | None = None
    r_wcv2: float | None = None
    r_kcv: int | None = None
    r_sum_gap: float | None = None


@dataclass(frozen=True)
class CrossBuy:
    """Per product: the cross-buy constant, fen per person per year
    (penetration x per-person daily use x 365 x price), and list prices."""

    per_person_year_fen: dict[int, float]
    price_fen: dict[int, int] = field(default_factory=dict)
    usual_pack: dict[int, float] = field(default_factory=dict)  # units per purchase day
    # customer_value.products -> customers with that set of products (most common first)
    sets: dict[str, int] = field(default_factory=dict)

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
    found = Counter(
        key
        for (key,) in conn.execute("SELECT products FROM customer_value WHERE products IS NOT NULL")
    )
    sets = dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
    for key, n in sets.items():
        buyers += n
        for pid in key.split(","):
            counts[int(pid)] = counts.get(int(pid), 0) + n
    usual = usual_packs(book) if packs else {}
    out: dict[int, float] = {}
    prices: dict[int, int] = {}
    for pid, price, pp, archived in conn.execute(
        "SELECT id, unit_price_fen, per_person_daily, archived_at FROM products"
    ):
        prices[pid] = int(price or 0)
        if buyers and pp and price and not archived:
            out[pid] = (counts.get(pid, 0) / buyers) * pp * 365 * price
    return CrossBuy(out, prices, usual, sets)


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
    cols = supply.VALUE_COLS.split(", r_lg")[0]  # (the latest gaps: read by segments)
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
        n_products, n_slowing, need, got, list_fen, products, units, pack_key, *rhythm,
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
                *rhythm[:4],
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


# -- the same rules in SQL over customer_value (the views' fast paths) ------------
#
# Each view below reads ``customer_value`` once in SQL and brings back only
# what it shows (sums, a page, one tuple per customer), never a BaseRow per
# customer. The expressions follow the Python rules above operation for
# operation (IEEE doubles in both, so the same figures; tests/test_value.py
# checks them against the rules on random books). Where a rule uses log1p
# (the risk model), SQL's ln(1 + x) can differ in the last bits: those views
# rank in SQL and recompute the few rows that matter with the Python rule.


# Python's floor division, for b > 0 (SQLite's integer / truncates towards 0).
def floordiv_sql(a: str, b: str) -> str:
    return f"(CASE WHEN ({a}) >= 0 THEN ({a}) / ({b}) ELSE -((-({a}) + ({b}) - 1) / ({b})) END)"


def round_sql(x: str) -> str:
    """SQL for Python's ``round(x)`` of a double: the nearest integer, halves to
    even (``x - floor(x)`` is exact). ``x`` is repeated: pass a column name,
    computed once in a subquery that is not flattened (``LIMIT -1 OFFSET 0``)."""
    fl = f"(CAST({x} AS INTEGER) - ({x} < CAST({x} AS INTEGER)))"
    return (
        f"(CASE WHEN {x} - {fl} > 0.5 THEN {fl} + 1 WHEN {x} - {fl} < 0.5 THEN {fl}"
        f" ELSE {fl} + ({fl} & 1) END)"
    )


_math_checked: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def ensure_math(book: Book) -> None:
    """SQLite's ln/exp/sqrt come with SQLITE_ENABLE_MATH_FUNCTIONS (3.35+, on in
    Python's builds); a build without them gets Python's (``register_math``:
    slower, the same results)."""
    if _math_checked.get(book):
        return
    try:
        book.conn.execute("SELECT ln(2.0), exp(1.0), sqrt(4.0)").fetchone()
    except sqlite3.OperationalError:
        register_math(book.conn)
    _math_checked[book] = True


def register_math(conn: sqlite3.Connection) -> None:
    """ln, exp and sqrt on this connection from Python's math module (NULL
    where SQLite's give NULL; exp overflows to infinity as in C)."""
    import math

    def ln(x):
        return math.log(x) if x is not None and x > 0 else None

    def exp(x):
        if x is None:
            return None
        try:
            return math.exp(x)
        except OverflowError:
            return math.inf

    def sqrt(x):
        return math.sqrt(x) if x is not None and x >= 0 else None

    for name, fn in (("ln", ln), ("exp", exp), ("sqrt", sqrt)):
        conn.create_function(name, 1, fn, deterministic=True)


def day_exprs(on: date) -> dict[str, str]:
    """The BaseRow day counts as SQL over ``customer_value v`` (NULL where the
    BaseRow has None)."""
    t = on.toordinal()
    return {
        "tenure": f"({t} - v.first_day)",
        "recency": f"({t} - v.last_day)",
        "covered": "(v.max_runout_day - v.first_day)",
        "next_runout": f"(v.min_runout_us_day - {t})",
        # value.observed_days / yearly_spend
        "days": f"MAX(30, COALESCE({t} - v.first_day, 0), COALESCE(v.max_runout_day - v.first_day, 0))",
    }


def yearly_sql(on: date, spend: str = "v.spend_fen") -> str:
    """``value.yearly_spend``: spend x 365 / observed days, rounded half up (integers)."""
    days = day_exprs(on)["days"]
    return floordiv_sql(f"2 * {spend} * 365 + {days}", f"2 * {days}")


# Optional joins (each an aggregate, materialised once; customer_value stays
# the outer loop, so rows come in customer id order).
JOINS = {
    "lapsed": "LEFT JOIN (SELECT customer_id, COUNT(*) AS n FROM (SELECT customer_id FROM supply"
    " WHERE bought_us > 0 AND runout_date < :lapse ORDER BY runout_date)"  # (reads the index
    " GROUP BY customer_id) l ON l.customer_id = v.customer_id",  # of run-outs, not supply)
    "refs": "LEFT JOIN (SELECT referred_by AS id, COUNT(*) AS n FROM customers"
    " WHERE referred_by IS NOT NULL GROUP BY referred_by) f ON f.id = v.customer_id",
    "complaints": "LEFT JOIN (SELECT customer_id, COUNT(*) AS n FROM complaints"
    " WHERE resolved_date IS NULL GROUP BY customer_id) k ON k.customer_id = v.customer_id",
    "tags": "LEFT JOIN (SELECT id, behaviour_type AS tag FROM customers"  # (the grouping
    " WHERE behaviour_type IS NOT NULL GROUP BY behaviour_type, id) g"  # reads the tag index)
    " ON g.id = v.customer_id",
}
N_LAPSED, REFERRALS, OPEN_COMPLAINTS, TAG = (
    "COALESCE(l.n, 0)",
    "COALESCE(f.n, 0)",
    "COALESCE(k.n, 0)",
    "g.tag",
)


def join_params(book: Book, on: date) -> dict:
    return {"lapse": (on - timedelta(days=int(book.setting("at_risk_days")))).isoformat()}


def product_set_sql(
    cross: CrossBuy, prefix: str, sql, products: str = "v.products"
) -> tuple[str, dict]:
    """SQL: per product set (the column ``products``, one CASE
    branch per set, the most common first), ``sql(name, pids, params)`` of that
    set's products in their order; NULL for a customer with no products.
    Parameter names start with ``prefix``."""
    params: dict = {}
    branches = []
    for i, key in enumerate(cross.sets):
        name = f"{prefix}{i}"
        params[name] = key
        branches.append(f"WHEN :{name} THEN {sql(name, [int(p) for p in key.split(',')], params)}")
    if not branches:
        return "NULL", params
    return f"(CASE {products} {' '.join(branches)} END)", params


def bought_k_sql(cross: CrossBuy, products: str = "v.products") -> tuple[str, dict]:
    """SQL for ``BaseRow.bought_k``: the cross-buy constants of the customer's
    products summed in the set's own order (as ``_rows`` sums them), each
    set's sum computed here and bound as a parameter (exact doubles)."""
    kp = cross.per_person_year_fen

    def one(name, pids, params):
        params[f"{name}k"] = sum(kp.get(p, 0.0) for p in pids)
        return f":{name}k"

    expr, params = product_set_sql(cross, "bk", one, products)
    return f"COALESCE({expr}, 0.0)", params


def pack_den_sql(
    cross: CrossBuy, products: str = "v.products", pack_key: str = "v.pack_key"
) -> tuple[str, dict]:
    """SQL for the denominator of ``BaseRow.pack_ratio``: each product's usual
    units per purchase x the customer's purchase days of it (from ``pack_key``,
    which lists the same products as ``products``, in the same order), summed
    in that order from 0.0, as ``_rows`` does."""
    usual = cross.usual_pack

    def one(name, pids, params):
        den = "0.0"
        for j, pid in enumerate(pids):
            params[f"{name}u{j}"] = usual.get(pid, 0.0)
            nd = (
                f"CAST(substr({pack_key}, instr(',' || {pack_key}, ',{pid}:') + {len(str(pid)) + 1})"
                " AS INTEGER)"
            )
            den = f"({den} + {nd} * :{name}u{j})"
        return den

    return product_set_sql(cross, "pd", one, products)


def usual_packs(book: Book) -> dict[int, float]:
    """Per product: the book's usual units per purchase day (the mean over its
    buyers of units bought from us / deliveries); one pass over ``supply``
    (one sum and count per product in that pass: no sort of ``supply`` by
    product; the same sums, in the same order, as ``AVG ... GROUP BY``)."""
    conn = book.conn
    where = "FROM supply WHERE bought_us > 0 AND n_deliveries > 0"
    pids = [r[0] for r in conn.execute("SELECT id FROM products ORDER BY id")]
    if len(pids) > 64:
        return dict(
            conn.execute(
                f"SELECT product_id, AVG(bought_us / n_deliveries) {where} GROUP BY product_id"
            )
        )
    if not pids:
        return {}
    row = conn.execute(
        "SELECT "
        + ", ".join(
            f"SUM(CASE WHEN product_id = {p} THEN bought_us / n_deliveries END),"
            f" COUNT(CASE WHEN product_id = {p} THEN 1 END)"
            for p in pids
        )
        + f" {where}"
    ).fetchone()
    return {p: row[2 * i] / row[2 * i + 1] for i, p in enumerate(pids) if row[2 * i + 1]}


def base_sql(
    book: Book,
    on: date,
    cols: str,
    *,
    where: str = "",
    cross: CrossBuy | None = None,
) -> tuple[str, dict]:
    """(a subquery, its parameters): one row per active customer, in id order,
    with the named columns of ``cols`` (space-separated), the BaseRow fields:

    id, name, size, created, spend, n_days, first_day, last_day, tenure,
    recency, covered, next_runout, days (observed), yearly, n_products,
    n_slowing, need, got, list_int, units, products, cv (the rhythm's
    coefficient of variation), ltenure (``segments.loyalty_of``'s tenure),
    n_lapsed, refs, complaints, tag (these four join what they need), k (the cross-buy sum of the customer's products,
    from ``cross.per_person_year_fen``) and den (the usual-pack denominator,
    from ``cross.usual_pack``; or ``pack_den_sql`` over the columns products
    and pack_key in the outer query, computed only where it is needed).

    The subquery is computed once per row (``LIMIT -1 OFFSET 0`` keeps SQLite
    from copying its expressions into the outer query)."""
    ensure_math(book)
    d = day_exprs(on)
    exprs = {
        "id": "v.customer_id", "name": "v.name", "size": "v.household_size",
        "created": "v.created", "spend": "v.spend_fen", "n_days": "v.n_days",
        "first_day": "v.first_day", "last_day": "v.last_day",
        "tenure": d["tenure"], "recency": d["recency"], "covered": d["covered"],
        "next_runout": d["next_runout"], "days": d["days"], "yearly": yearly_sql(on),
        "n_products": "v.n_products", "n_slowing": "v.n_slowing",
        "need": "v.need_fen_day", "got": "v.got_fen_day",
        "list_int": "CAST(COALESCE(v.list_fen, 0) AS INTEGER)", "units": "v.bought_units",
        "products": "v.products", "pack_key": "v.pack_key",
        "cv": "CASE WHEN v.r_kcv THEN sqrt(MAX(0.0, v.r_wcv2 / v.r_kcv)) END",
        "n_lapsed": N_LAPSED, "refs": REFERRALS, "complaints": OPEN_COMPLAINTS, "tag": TAG,
        "r_gaps": "v.r_gaps", "r_sum_gap": "v.r_sum_gap", "r_wcv2": "v.r_wcv2", "r_kcv": "v.r_kcv",
        # segments.loyalty_of: days since the first purchase, else since added, else 0
        "ltenure": f"COALESCE({d['tenure']}, MAX(0, {on.toordinal()}"
        " - CAST(julianday(v.created) - 1721424.5 AS INTEGER)), 0)",
    }  # fmt: skip
    names = list(dict.fromkeys(["id", *cols.split()]))
    params: dict = {}
    cross = cross or CrossBuy({})
    for key, fn in (("k", bought_k_sql), ("den", pack_den_sql)):
        if key in names:
            exprs[key], more = fn(cross)
            params.update(more)
    joins = [JOINS[j] for j in ("lapsed", "refs", "complaints", "tags")
             if {"lapsed": "n_lapsed", "tags": "tag"}.get(j, j) in names]  # fmt: skip
    if "n_lapsed" in names:
        params.update(join_params(book, on))
    sql = (
        f"SELECT {', '.join(f'{exprs[n]} AS {n}' for n in names)}"
        f" FROM customer_value v {' '.join(joins)}"
        f" WHERE v.archived = 0 {where} ORDER BY v.customer_id LIMIT -1 OFFSET 0"
    )
    return sql, params


def rows_for(book: Book, on: date, customer_ids: list[int], need: str = "full") -> list[BaseRow]:
    """The BaseRows of a few customers from ``customer_value`` (``need`` as in
    ``book_base``; the usual packs and cross-buy constants are only computed
    when asked for)."""
    ids = sorted({int(i) for i in customer_ids})
    if not ids:
        return []
    cols = supply.VALUE_COLS.split(", r_lg")[0]
    state = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        state += book.conn.execute(
            f"SELECT {cols} FROM customer_value WHERE customer_id IN"
            f" ({', '.join('?' * len(chunk))}) ORDER BY customer_id",
            chunk,
        ).fetchall()
    return _rows(book, on, state, NEEDS[need], ids)[0]


def yearly_spend(row: BaseRow) -> int:
    """What the customer spends with us in a year (value.py, risk.py)."""
    days = max(30, row.tenure_days or 0, row.covered_days or 0)
    return (2 * row.spend_fen * 365 + days) // (2 * days)
