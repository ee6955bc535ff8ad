"""Customer value (客户价值): lifetime value, the value pyramid, value x potential.

Everything is recomputed from the book when asked, as of a day ``on``, from
the per-customer ``customer_value`` rows that supply.py keeps with each write
(see ``value_base``; never a loop over deliveries). The views over the whole
book run in SQL; the per-customer rules below are the reference they are
tested against. Money is integer fen; the percentages are integers from the
book's settings, so every figure is exact integer arithmetic and can be
explained.

Lifetime value: see ltv.py (the rules, the settings and their defaults).

Value pyramid
-------------
Customers who bought anything, ranked by discounted LTV: top
``tier_platinum_pct`` (1%) platinum 铂金, next ``tier_gold_pct`` (4%) gold 黄金,
next ``tier_iron_pct`` (15%) iron 钢铁, the rest (and customers who never
bought) lead 铅. Counts are rounded up, so a small book still has a platinum
customer. The first time value is computed in a month its tiers are kept in
``value_snapshots`` (period 'YYYY-MM'), so movement since last month or
quarter can be shown.

Value x potential
-----------------
Potential = what the customer could still buy from us per year (fen):
*share-of-wallet headroom* (estimated need minus what they buy, for the
products they buy, from ``supply``'s prior rate and share of wallet) plus
*cross-buy room* (household size x each product they do not buy yet x its
per-person use x price x the share of the book's customers who buy it). Split
at the book's medians into four quadrants, each with what to do.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ..errors import NotFound, ValidationError
from ..store.book import Book
from .ltv import (  # noqa: F401  (lifetime value and tiers, re-exported for callers)
    CustomerValue,
    Ltv,
    RankedValue,
    ValueSettings,
    _div_round,
    _floordiv,
    _ltv_sql,
    customer_value,
    lifetime_value,
    ltv_from_days,
    ltv_ranking,
    ltv_values,
    observed_days,
    potential_fen,
    rank_tiers,
    row_ltv,
    tier_cutoffs,
    tier_of_rank,
)
from .value_base import (  # noqa: F401  (the row machinery, re-exported for callers)
    GROUPS,
    NEEDS,
    BaseRow,
    CrossBuy,
    _memo,
    base_rows,
    base_sql,
    book_base,
    cross_buy_constants,
    rows_for,
    yearly_spend,
)

TIERS = ("platinum", "gold", "iron", "lead")
TIER_NAMES = {
    "platinum": ("铂金", "platinum"),
    "gold": ("黄金", "gold"),
    "iron": ("钢铁", "iron"),
    "lead": ("铅", "lead"),
}
QUADRANTS = ("grow", "keep", "develop", "maintain")
QUADRANT_NAMES = {
    "grow": ("重点发展", "grow"),
    "keep": ("重点维护", "keep"),
    "develop": ("潜力开发", "develop"),
    "maintain": ("低成本维持", "maintain"),
}
QUADRANT_ACTIONS = {
    "grow": (
        "价值高、潜力大：优先拜访，推荐还没买的商品，争取他在别处买的那部分",
        "High value, high potential: visit first, offer what they do not buy yet and win what they buy elsewhere",
    ),
    "keep": (
        "价值高、已基本全在我们这买：保证服务不走样，节日问候，请他介绍邻居",
        "High value, little room left: keep service perfect, remember occasions, ask for referrals",
    ),
    "develop": (
        "价值低、潜力大：家里用得多却很少找我们，问清在哪买、为什么，给个试用或优惠",
        "Low value, high potential: they need a lot but buy little from us; find out where and why, offer a trial",
    ),
    "maintain": (
        "价值低、潜力小：电话或微信保持联系，按时补货即可，不必多花时间",
        "Low value, low potential: keep in touch by phone or message, resupply on time, little extra time",
    ),
}


def name_of(pair: tuple[str, str], lang: str = "zh") -> str:
    return pair[0] if lang.startswith("zh") else pair[1]


def period_of(day: date) -> str:
    """The snapshot period of a day: 'YYYY-MM'."""
    return f"{day.year:04d}-{day.month:02d}"


def _shift_period(period: str, months: int) -> str:
    y, m = int(period[:4]), int(period[5:7])
    k = y * 12 + (m - 1) - months
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


# -- settings ----------------------------------------------------------------


@dataclass(frozen=True)
class TierSummary:
    tier: str
    count: int
    value_fen: int  # sum of discounted LTV in this tier
    share: float  # of the book's total value, 0..1
    min_value_fen: int | None  # the lowest value in the tier (its threshold)


@dataclass(frozen=True)
class Pyramid:
    """The value pyramid as of ``on`` and how customers moved since ``since``."""

    on: date
    period: str
    tiers: list[TierSummary]
    compare: str  # 'month' | 'quarter'
    since: str | None  # the snapshot period compared against, None if there is none
    moves: dict[tuple[str, str], int] = field(default_factory=dict)  # (from, to) -> count
    up: list[tuple[int, str, str, str]] = field(default_factory=list)  # (id, name, from, to)
    down: list[tuple[int, str, str, str]] = field(default_factory=list)
    snapshot_written: bool = False

    def count(self, tier: str) -> int:
        return next(t.count for t in self.tiers if t.tier == tier)


def _tiers_sql(book: Book, on: date, settings: ValueSettings) -> str:
    """A SELECT of (id, ltv, tier) for every active customer: ranked by LTV
    (ties by id), the top percentages of those with a value, rounded up."""
    pl, gd, ir = settings.platinum_pct, settings.gold_pct, settings.iron_pct
    ranked = (
        "SELECT id, ltv, CASE WHEN ltv > 0 THEN ROW_NUMBER() OVER"
        " (ORDER BY ltv > 0 DESC, CASE WHEN ltv > 0 THEN -ltv END, id) END AS rank,"
        " SUM(ltv > 0) OVER () AS n"
        f" FROM ({_ltv_sql(book, on, settings)})"
    )
    cut = "MIN(n, (n * {pct} + 99) / 100)"
    return (
        "SELECT id, ltv, CASE WHEN rank IS NULL THEN 'lead'"
        f" WHEN rank <= {cut.format(pct=pl)} THEN 'platinum'"
        f" WHEN rank <= {cut.format(pct=pl + gd)} THEN 'gold'"
        f" WHEN rank <= {cut.format(pct=pl + gd + ir)} THEN 'iron' ELSE 'lead' END AS tier"
        f" FROM ({ranked})"
    )


def pyramid(
    book: Book, on: date, compare: str = "month", *, write_snapshot: bool = False
) -> Pyramid:
    """Customers per tier, each tier's value and share, and the moves between
    tiers since last month's (or last quarter's) snapshot. The month's
    snapshot is written by the monthly job (``snapshot_job``, off the user's
    path), or here with ``write_snapshot`` (one transaction). Computed in SQL:
    only the tier sums and the customers who moved come back."""
    if compare not in ("month", "quarter"):
        raise ValidationError("bad_kind", field="compare", value=compare)
    settings = ValueSettings.of(book)
    conn = book.conn
    tiers_sql = _tiers_sql(book, on, settings)
    count = dict.fromkeys(TIERS, 0)
    value = dict.fromkeys(TIERS, 0)
    low: dict[str, int | None] = dict.fromkeys(TIERS, None)
    for tier, n, v, lo in conn.execute(
        f"SELECT tier, COUNT(*), SUM(ltv), MIN(ltv) FROM ({tiers_sql}) GROUP BY tier"
    ):
        count[tier], value[tier], low[tier] = n, v, lo
    total = sum(value.values()) or 1
    summary = [TierSummary(t, count[t], value[t], value[t] / total, low[t]) for t in TIERS]
    period = period_of(on)
    written = _write_snapshot(book, period, tiers_sql) if write_snapshot else False
    target = _shift_period(period, 1 if compare == "month" else 3)
    row = conn.execute(
        "SELECT MAX(period) FROM value_snapshots WHERE period <= ?", (target,)
    ).fetchone()
    since = row[0] if row else None
    moves: dict[tuple[str, str], int] = {}
    up, down = [], []
    if since:
        order = {t: i for i, t in enumerate(TIERS)}
        for old, new, cid, name, n in conn.execute(
            "SELECT s.tier, t.tier, CASE WHEN s.tier <> t.tier THEN s.customer_id END AS cid,"
            " CASE WHEN s.tier <> t.tier THEN v.name END, COUNT(*)"
            f" FROM value_snapshots s JOIN ({tiers_sql}) t ON t.id = s.customer_id"
            " JOIN customer_value v ON v.customer_id = s.customer_id"
            " WHERE s.period = ? GROUP BY 1, 2, 3 ORDER BY 3",
            (since,),
        ):
            moves[(old, new)] = moves.get((old, new), 0) + n
            if cid is None:
                continue
            if order[new] < order[old]:
                up.append((cid, name, old, new))
            elif order[new] > order[old]:
                down.append((cid, name, old, new))
    return Pyramid(on, period, summary, compare, since, moves, up, down, written)


def _write_snapshot(book: Book, period: str, tiers_sql: str) -> bool:
    """Keep this period's tiers once (never overwrite, never write a period
    older than the newest one kept). Returns whether it wrote."""
    conn = book.conn
    newest = conn.execute("SELECT MAX(period) FROM value_snapshots").fetchone()[0]
    if newest is not None and newest >= period:
        return False
    from ..errors import BookError

    try:
        with book.transaction() as tx:
            tx.execute(
                "INSERT OR IGNORE INTO value_snapshots (period, customer_id, tier, value_fen)"
                f" SELECT ?, id, tier, ltv FROM ({tiers_sql})",
                (period,),
            )
    except BookError:  # a read-only or busy book: the view still shows, without history
        return False
    return True


def snapshot_rows(book: Book, today: date) -> tuple[str, str]:
    """The monthly job's compute step (reads only): (period, the tiers of
    every active customer as of ``today`` as a JSON list of [customer id,
    tier, value fen], in id order)."""
    import json

    tiers_sql = _tiers_sql(book, today, ValueSettings.of(book))
    rows = book.conn.execute(f"SELECT id, tier, ltv FROM ({tiers_sql}) ORDER BY id").fetchall()
    return period_of(today), json.dumps(rows)


def store_snapshot(book: Book, today: date, result: tuple[str, str]) -> None:
    """The monthly job's store step: keep the period's tiers (never over a
    period already kept, never older than the newest one) and mark it done.
    One statement over the JSON (100k customers: ~0.3 s less on the book's
    thread than a row-by-row insert), in id order (appends to the b-tree)."""
    from ..store import monthly

    period, rows = result
    with book.transaction() as tx:
        newest = tx.execute("SELECT MAX(period) FROM value_snapshots").fetchone()[0]
        if newest is None or newest < period:
            tx.execute(
                "INSERT OR IGNORE INTO value_snapshots (period, customer_id, tier, value_fen)"
                " SELECT ?, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'),"
                " json_extract(j.value, '$[2]') FROM json_each(?) j",
                (period, rows),
            )
        monthly.mark_done(tx, book, "value_snapshot", today)


def _register_snapshot() -> None:
    from ..store import monthly

    monthly.register(monthly.MonthlyJob("value_snapshot", snapshot_rows, store_snapshot))


_register_snapshot()


def tier_history(book: Book, customer_id: int) -> list[tuple[str, str, int]]:
    """A customer's kept tiers: (period, tier, value_fen), oldest first."""
    return list(
        book.conn.execute(
            "SELECT period, tier, value_fen FROM value_snapshots WHERE customer_id = ? ORDER BY period",
            (customer_id,),
        )
    )


# -- value x potential --------------------------------------------------------


@dataclass(frozen=True)
class Matrix:
    """Value (yearly spend, fen) x potential (fen/year), split at the book's
    medians. The points are parallel lists (a scatter of 100k customers)."""

    on: date
    value_split_fen: int
    potential_split_fen: int
    ids: list[int]
    values: list[int]
    potentials: list[int]
    quadrants: list[str]
    counts: dict[str, int]
    unknown: int  # buying customers whose potential cannot be estimated (no household size)

    def action(self, quadrant: str, lang: str = "zh") -> str:
        return name_of(QUADRANT_ACTIONS[quadrant], lang)

    def top(self, quadrant: str, n: int = 10) -> list[tuple[int, int, int]]:
        """The quadrant's customers with the most potential: (id, value, potential)."""
        pts = [
            (self.ids[i], self.values[i], self.potentials[i])
            for i, q in enumerate(self.quadrants)
            if q == quadrant
        ]
        return sorted(pts, key=lambda t: (-t[2], -t[1], t[0]))[:n]


def quadrant_of(value: int, potential: int, value_split: int, potential_split: int) -> str:
    high_v = value >= value_split
    high_p = potential >= potential_split
    if high_v:
        return "grow" if high_p else "keep"
    return "develop" if high_p else "maintain"


def _median(values: list[int]) -> int:
    if not values:
        return 0
    s = sorted(values)
    return s[len(s) // 2]


def _value_potential(rows: list[BaseRow], cross: CrossBuy) -> tuple[list, int]:
    pts = []
    unknown = 0
    for r in rows:
        if r.spend_fen <= 0:
            continue
        pot = potential_fen(r, cross)
        if pot is None:
            unknown += 1
        else:
            pts.append((r.id, yearly_spend(r), pot))
    return pts, unknown


def value_matrix(book: Book, on: date) -> Matrix:
    """Every buying customer placed by value and potential (see the module doc).
    Value and potential come from SQL (``potential_sql``); only the medians and
    the quadrants are done here, on plain columns."""
    cross = cross_buy_constants(book, packs=False)
    sql, params = potential_sql(book, on, cross, where="AND v.spend_fen > 0")
    ids, values, potentials = [], [], []
    unknown = 0
    for cid, yearly, pot in book.conn.execute(sql, params):
        if pot is None:
            unknown += 1
        else:
            ids.append(cid)
            values.append(yearly)
            potentials.append(round(pot))
    v_split = _median(values)
    p_split = _median(potentials)
    quads = [
        QUADRANT_OF[v >= v_split, p >= p_split] for v, p in zip(values, potentials, strict=True)
    ]
    counts = dict.fromkeys(QUADRANTS, 0)
    for q in quads:
        counts[q] += 1
    return Matrix(on, v_split, p_split, ids, values, potentials, quads, counts, unknown)


QUADRANT_OF = {
    (True, True): "grow",
    (True, False): "keep",
    (False, True): "develop",
    (False, False): "maintain",
}


def potential_sql(book: Book, on: date, cross: CrossBuy, where: str = "") -> tuple[str, dict]:
    """(A SELECT of (id, yearly spend, potential before rounding or
    NULL), parameters) for every active customer: ``yearly_spend`` and
    ``potential_fen`` in SQL, the same double arithmetic in the same order."""
    base, params = base_sql(book, on, "yearly need got size k", where=where, cross=cross)
    params["total"] = cross.total
    sql = (
        "SELECT id, yearly, CASE WHEN h IS NULL AND c IS NULL THEN NULL"
        " ELSE COALESCE(h, 0.0) + COALESCE(c, 0.0) END FROM ("
        " SELECT id, yearly,"
        " CASE WHEN need IS NOT NULL AND got IS NOT NULL THEN MAX(0.0, need - got) * 365 END AS h,"
        " CASE WHEN size THEN MAX(0.0, size * (:total - k)) END AS c"
        f" FROM ({base}))"
    )
    return sql, params


def customer_names(book: Book, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Customer id -> (name, uid) for display."""
    out: dict[int, tuple[str, str]] = {}
    ids = list(ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for cid, name, uid in book.conn.execute(
            f"SELECT id, name, uid FROM customers WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ):
            out[cid] = (name, uid)
    return out


# -- referrals ----------------------------------------------------------------


def record_referral(book: Book, customer_id: int, referred_by: int | None) -> None:
    """Record that ``referred_by`` brought ``customer_id`` to us (None clears it).
    One transaction. Refuses a customer referring themselves or a loop."""
    conn = book.conn
    if conn.execute("SELECT 1 FROM customers WHERE id = ?", (customer_id,)).fetchone() is None:
        raise NotFound("customer_not_found", query=str(customer_id))
    if referred_by is not None:
        if conn.execute("SELECT 1 FROM customers WHERE id = ?", (referred_by,)).fetchone() is None:
            raise NotFound("customer_not_found", query=str(referred_by))
        # walk up the referrer's chain: finding customer_id there would make a loop
        seen, cur = set(), referred_by
        while cur is not None and cur not in seen:
            if cur == customer_id:
                raise ValidationError("referral_loop", field="referred_by", value=str(referred_by))
            seen.add(cur)
            row = conn.execute("SELECT referred_by FROM customers WHERE id = ?", (cur,)).fetchone()
            cur = row[0] if row else None
    with book.transaction() as tx:
        tx.execute("UPDATE customers SET referred_by = ? WHERE id = ?", (referred_by, customer_id))


def referrals_of(book: Book, customer_id: int) -> list[tuple[int, str]]:
    """Customers this one referred: (id, name)."""
    return list(
        book.conn.execute(
            "SELECT id, name FROM customers WHERE referred_by = ? ORDER BY id", (customer_id,)
        )
    )


# -- everything per customer (Excel, reports) ---------------------------------


# A risk score (0-100) whose SQL value is this close to a half point is scored
# again in Python (SQL's ln(1 + x) can differ from log1p in the last bits).
RISK_TIE = 1e-6


def customer_values(
    book: Book, on: date, *, with_risk: bool = True, lang: str = "zh"
) -> Mapping[int, CustomerValue]:
    """Value figures for every active customer (see ``CustomerValue`` for the
    columns). Used by the book export and the manager's summary.

    One SQL pass over ``customer_value`` computes every column by the rules of
    the views (``customer_values_by_rule`` is the per-row reference), and hands
    back small integer codes instead of repeated words; here only the ranks,
    the medians and the quadrants are done, and the codes turned into words.
    The risk score comes from SQL's ln(1 + x): a score within a hair of a half
    point is recomputed with the Python model."""
    from . import risk, segments
    from .value_base import bought_k_sql, round_sql

    settings = ValueSettings.of(book)
    conn = book.conn
    cross = cross_buy_constants(book)
    cols = (
        f"name spend days tenure size need got {segments.TYPE_COLS}"
        f" {segments.LOYALTY_COLS} {risk.RISK_COLS} last_day"
    )
    base, params = base_sql(book, on, cols, cross=cross)
    ctype, more = segments.type_sql(cross, codes=True)
    params |= more
    l1, l2, l3 = segments.loyalty_levels()
    rmodel = risk.book_model(book, on) if with_risk else risk.DEFAULT_MODEL
    r1, r2, more = risk.risk_levels(rmodel)
    params |= more
    r, d, m = settings.retention_pct, settings.discount_pct, settings.margin_pct
    num, den = m * (100 + d), 100 * (100 + d - r)
    params |= {"total": cross.total, "tie": RISK_TIE}
    # RFM: 1 + the limits at or below the value; code = segment x 1000 + r f m digits
    limits = rfm_limits(book)
    scores = []
    for col, name in (("last_day", "r"), ("n_days", "f"), ("spend", "m")):
        params |= {f"{name}{i}": limits[name][i - 2] for i in range(2, 6)}
        scores.append(f"1 + {' + '.join(f'({col} >= :{name}{i})' for i in range(2, 6))} AS s{name}")
    seg_keys = list(segments.SEGMENTS)
    seg = " ".join(
        f"WHEN {4 * h[0] + 2 * h[1] + h[2]} THEN {seg_keys.index(key)}"
        for key, (h, *_rest) in segments.SEGMENTS.items()
        if h is not None
    )
    rfm = (
        f"CASE WHEN sr IS NOT NULL THEN 1000 * CASE WHEN COALESCE(tenure, 0) < {segments.NEW_DAYS}"
        f" THEN {seg_keys.index('new')} ELSE CASE (sr >= {segments.R_HIGH}) * 4"
        f" + (sf >= {segments.F_HIGH}) * 2 + (sm >= {segments.M_HIGH}) {seg} END END"
        " + 100 * sr + 10 * sf + sm END"
    )
    # risk._reason as a code: reason index + 8 x (first number + 2^26 x second)
    why_keys = list(risk.REASONS)
    late = "CASE WHEN predicted THEN -next_runout ELSE recency - gap_r END"

    def why_code(key: str, a: str = "0", b: str = "0") -> str:
        return f"{why_keys.index(key)} + 8 * ({a} + {2**26} * {b})"

    why = (
        f"CASE WHEN complaints > 0 THEN {why_code('complaint', 'complaints')}"
        f" WHEN {late} > MAX(7, 0.5 * gap_r) THEN CASE WHEN predicted"
        f" THEN {why_code('late', '-next_runout', 'gap_r')}"
        f" ELSE {why_code('silent', 'recency', 'gap_r')} END"
        " WHEN n_products > 1 AND n_lapsed > 0 AND n_lapsed < n_products"
        f" THEN {why_code('lapsed', 'n_lapsed')}"
        f" WHEN n_slowing THEN {why_code('slowing', 'n_slowing')}"
        f" WHEN n_days <= 2 THEN {why_code('few', 'n_days')} ELSE {why_code('steady')} END"
    )
    bought_k, more = bought_k_sql(cross, "products")  # only where there is a household size
    params |= more
    potential = (  # potential_fen before rounding: headroom + cross-buy room, None if neither
        "CASE WHEN (need IS NULL OR got IS NULL) AND COALESCE(size, 0) = 0 THEN NULL"
        " ELSE COALESCE(CASE WHEN need IS NOT NULL AND got IS NOT NULL"
        " THEN MAX(0.0, need - got) * 365 END, 0.0)"
        f" + COALESCE(CASE WHEN size THEN MAX(0.0, size * (:total - {bought_k})) END, 0.0) END"
    )
    buying = "n_days > 0 AND recency IS NOT NULL AND tenure IS NOT NULL"
    keep = (
        "id, name, spend, days, n_days, recency, next_runout, n_products, n_lapsed,"
        " n_slowing, complaints"
    )
    level1 = (
        f"SELECT {keep}, tenure, refs, ltenure, {l1}, {r1}, {ctype} AS ctype,"
        f" CASE WHEN n_days > 0 AND last_day IS NOT NULL THEN {scores[0]} END,"
        f" CASE WHEN n_days > 0 AND last_day IS NOT NULL THEN {scores[1]} END,"
        f" CASE WHEN n_days > 0 AND last_day IS NOT NULL THEN {scores[2]} END,"
        "  (2 * MAX(0, spend) * 365 + days) / (2 * days) AS yc,"  # spend >= 0: plain division
        f" {potential} AS px, {buying} AS buy FROM ({base}) LIMIT -1 OFFSET 0"
    )
    level1 = level1.replace(" AS sr END", " END AS sr").replace(" AS sf END", " END AS sf")
    level1 = level1.replace(" AS sm END", " END AS sm")
    level2 = (
        f"SELECT {keep}, predicted, ctype, yc, px, buy, {l2}, {rfm} AS rfm,"
        f" CASE WHEN buy THEN 100 * ({r2.removesuffix(' AS p')}) END AS rx,"
        f" CASE WHEN buy THEN {round_sql('gap')} END AS gap_r"
        f" FROM ({level1}) LIMIT -1 OFFSET 0"
    )
    risk_cols = (
        f", CASE WHEN ABS(rx - CAST(rx AS INTEGER) - 0.5) < :tie THEN -1"
        f" ELSE {round_sql('rx')} END, CASE WHEN buy THEN {why} END"
        if with_risk
        else ""
    )
    level3 = (
        f"SELECT id, name, (2 * yc * {num} + {den}) / {2 * den},"
        f" (2 * yc * 100 + {100 - r}) / {2 * (100 - r)}, yc, rfm, px, ctype,"
        f" {l3.removesuffix(' AS score')}, MAX(0, spend), days{risk_cols} FROM ({level2})"
    )
    rows = conn.execute(level3, params).fetchall()
    # tiers: the customers with a value, most valuable first, ties in id order
    # (one integer per customer: -value x 2^32 + id sorts as (-value, id))
    ranked = sorted([(-row[2] << 32) + row[0] for row in rows if row[2] > 0])
    cuts = tier_cutoffs(len(ranked), settings)
    # the matrix: buying customers whose potential is known, split at the medians
    pts = [(row[4], round(row[6])) for row in rows if row[9] > 0 and row[6] is not None]
    v_split = _median([v for v, _p in pts])
    p_split = _median([p for _v, p in pts])
    types = list(segments.TYPES)
    rfm_words: dict = {None: (None, None)}
    reasons: dict = {None: None}
    zh = lang.startswith("zh")
    ey = settings.expected_years
    uids: dict = {}

    def build(row: tuple) -> CustomerValue:
        cid, name, ltv, simple, yearly, code, px, ct, loyalty, spend, days = row[:11]
        words = rfm_words.get(code)
        if words is None:
            words = rfm_words[code] = (str(code % 1000), seg_keys[code // 1000])
        p = quad = None
        if px is not None:
            p = round(px)
            if spend > 0:
                quad = QUADRANT_OF[yearly >= v_split, p >= p_split]
        score = reason = None
        if with_risk:
            score, why_at = row[11], row[12]
            if score == -1:  # a half point within SQL's rounding: the Python model decides
                score = risk.assess(rows_for(book, on, [cid], need="risk")[0], rmodel).score
            reason = reasons.get(why_at)
            if reason is None and why_at is not None:
                key, a, b = why_at & 7, (why_at >> 3) & (2**26 - 1), why_at >> 29
                reason = reasons[why_at] = risk.CustomerRisk(
                    cid, name, 0, why_keys[key], {"n": a, "days": a, "gap": b}
                ).reason("zh" if zh else "en")
        if not uids:
            uids.update(conn.execute("SELECT id, uid FROM customers"))
        rank = bisect_left(ranked, (-ltv << 32) + cid) + 1 if ltv > 0 else None
        return CustomerValue(
            cid, uids.get(cid, ""), name, ltv, simple, yearly, ey, tier_of_rank(rank, cuts),
            rank, words[0], words[1], p, quad, types[ct], loyalty, score, reason, spend, days,
            m, d, r,
        )  # fmt: skip

    return ValueTable({row[0]: row for row in rows}, build)


class ValueTable(Mapping):
    """Customer id -> ``CustomerValue``, read-only. Holds the rows of one SQL
    pass (every figure computed) and makes each customer's tuple when it is
    looked up: the export streams 100k customers and reads each once."""

    def __init__(self, rows: dict[int, tuple], build) -> None:
        self._rows = rows
        self._build = build

    def __getitem__(self, customer_id) -> CustomerValue:
        return self._build(self._rows[customer_id])

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"<ValueTable of {len(self)} customers>"


def rfm_limits(book: Book) -> dict[str, list]:
    """The RFM score limits of the book: for recency (as the last purchase's
    day number), frequency and spend, the values at sorted positions
    floor((s - 1) n / 5) of the buying customers, s = 2..5; a customer scores
    1 + the number of limits at or below their value (as ``quintile_scores``)."""
    cols = book.conn.execute(
        "SELECT last_day, n_days, spend_fen FROM customer_value"
        " WHERE archived = 0 AND n_days > 0 AND last_day IS NOT NULL"
    ).fetchall()
    n = len(cols)
    out = {}
    for name, column in zip("rfm", zip(*cols, strict=True) if n else ((), (), ()), strict=True):
        values = sorted(column)
        out[name] = [values[(s - 1) * n // 5] if n else 0 for s in range(2, 6)]
    return out


def customer_values_by_rule(
    book: Book, on: date, *, with_risk: bool = True, lang: str = "zh"
) -> dict[int, CustomerValue]:
    """``customer_values`` by the per-row Python rules over every BaseRow (the
    reference its SQL is tested against)."""
    from . import risk, segments

    settings = ValueSettings.of(book)
    rows, cross = book_base(book, on)
    tiers = rank_tiers(ltv_values(rows, settings), settings)
    rfm = segments.rfm_scores(rows, on)
    rhythm = segments.rhythm_by_customer(book)
    pts, _unknown = _value_potential(rows, cross)
    v_split = _median([v for _c, v, _p in pts])
    p_split = _median([p for _c, _v, p in pts])
    quads = {c: quadrant_of(v, p, v_split, p_split) for c, v, p in pts}
    risks = risk.risk_by_customer(book, on, rows=rows, rhythm=rhythm) if with_risk else {}
    uids = dict(book.conn.execute("SELECT id, uid FROM customers WHERE archived_at IS NULL"))
    out = {}
    for r in rows:
        score = rfm.get(r.id)
        rk = risks.get(r.id)
        rh = rhythm.get(r.id)
        lv = row_ltv(r, settings)
        out[r.id] = CustomerValue(
            r.id, uids.get(r.id, ""), r.name, lv.ltv_fen, lv.simple_ltv_fen,
            lv.yearly_spend_fen, lv.expected_years, tiers[r.id][0], tiers[r.id][1],
            score.code if score else None, score.segment if score else None,
            potential_fen(r, cross), quads.get(r.id), segments.customer_type(r, rh),
            segments.loyalty_of(r, on, rh).score, rk.score if rk else None,
            rk.reason(lang) if rk else None, lv.spend_fen, lv.observed_days,
            lv.margin_pct, lv.discount_pct, lv.retention_pct,
        )  # fmt: skip
    return out
