"""RFM scores and segments, purchase rhythm, loyalty indicators, customer types.

All recomputed from the book when asked (never stored as one-off labels).

RFM
---
Recency (days since the last purchase from us), frequency (purchase days)
and monetary (spend, fen), each scored 1-5 by quintiles of the book's buying
customers (ties share a score: score = ceil(5 x share of the book at or below
the customer)). Recency "high" is a score of 3 or more (bought as recently as
the book's middle), frequency and monetary "high" 4 or more (top two fifths).
The eight classic segments follow (重要价值 ... 一般挽留, the last called
流失风险 here), with customers whose first purchase is under 60 days old
shown as 新客户 instead, since their F and M cannot be high yet.

Rhythm
------
``supply`` keeps, per customer x product, the purchase days from us and the
sum and sum of squares of the gaps between them (updated with each write);
``customer_value`` sums them per customer. Regularity = 1 - the coefficient
of variation of the gaps (0..1).

Loyalty
-------
Regularity, cross-buying (products bought), referrals, tenure, share of
wallet and purchase frequency; the score (0-100) is the mean of those that are
known, each scaled to 0..1: regularity as is, products / 3, referrals / 2,
tenure / 2 years, share of wallet, purchases per month / 2 (each capped at 1).

Customer types (from history; the rep's own tags live on the customer)
------------------------------------------------------------------------
first match wins: none 未购买 (never bought), new 新客户 (first purchase under
60 days ago), lapsed 沉睡 (every product past run-out by more than the
at-risk days, and no purchase for 90 days), price 价格敏感 (paid 5%+ under list
price on average, or tagged 讲价型 by the rep), bulk 囤货型 (buys packs 1.6x
the book's usual size for those products or more), regular 规律型 (4+ purchase
days and regularity >= 0.65), occasional 偶尔型 (buys under 40% of their
estimated need from us, or fewer than 3 purchase days in over 90 days),
general 一般.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from ..store.book import Book
from .value_base import BaseRow

R_HIGH, F_HIGH, M_HIGH = 3, 4, 4
NEW_DAYS = 60

SEGMENTS = {
    # key: (R high, F high, M high) or None, zh, en, what to do (zh, en)
    "new": (None, "新客户", "new", "首次购买不久：按时补货、留下好印象，第二次购买最关键",
            "Bought for the first time recently: resupply on time, make the second purchase happen"),
    "champions": ((1, 1, 1), "重要价值", "champions", "最好的客户：专人服务、优先送货，请他介绍邻居",
                  "Best customers: personal service, first in line, ask for referrals"),
    "develop": ((1, 0, 1), "重要发展", "develop", "买得多但不常买：约定固定送货周期，提高频次",
                "Big baskets, few visits: agree a regular delivery rhythm"),
    "keep": ((0, 1, 1), "重要保持", "keep", "一直常买的大客户最近没买：马上联系，问清原因",
             "Big regulars gone quiet: call now and find out why"),
    "win_back": ((0, 0, 1), "重要挽留", "win back", "花钱多但很久没买：上门拜访，带个小礼物挽回",
                 "Spent a lot but not seen for long: visit in person, win them back"),
    "loyal": ((1, 1, 0), "一般价值", "loyal", "常买的小客户：推荐其他商品，提高客单价",
              "Frequent small buyers: offer other products, raise the basket"),
    "promising": ((1, 0, 0), "一般发展", "promising", "最近买过、还不常买：提醒补货时间，培养习惯",
                  "Recent but occasional: remind them of run-out, build the habit"),
    "slipping": ((0, 1, 0), "一般保持", "slipping", "以前常买、最近变少：电话问候，顺便提醒补货",
                 "Used to buy often, less lately: a friendly call with a resupply reminder"),
    "at_risk": ((0, 0, 0), "流失风险", "at risk", "买得少、很久没买：低成本联系，看看是否已转去别家",
                "Little and long ago: a low-cost check whether they moved to another seller"),
}  # fmt: skip

TYPES = {
    "none": ("未购买", "no purchases", "还没买过：先了解家庭用量，给个试用", "Never bought: learn their use, offer a trial"),
    "new": ("新客户", "new", "刚开始买：按时补货，记下家庭人数和发薪日", "Just started: resupply on time, note household size and payday"),
    "lapsed": ("沉睡", "lapsed", "所有商品都早该补货却没买：上门问原因", "Every product long past run-out: visit and ask why"),
    "price": ("价格敏感", "price-driven", "常要优惠：守住价格、讲清品质，适合团购或整箱价", "Asks for discounts: hold the price, explain quality, offer case prices"),
    "bulk": ("囤货型", "bulk", "一次买得多：提前预约大包装，送货时帮忙搬运", "Buys big packs: book the large pack ahead, help carry it in"),
    "regular": ("规律型", "regular", "节奏稳定：按预测提前一两天送到，不用催", "Steady rhythm: deliver a day or two before run-out, no chasing"),
    "occasional": ("偶尔型", "occasional", "只偶尔在我们这买：问清在哪买其余的，争取份额", "Buys from us now and then: find out where the rest comes from"),
    "general": ("一般", "general", "保持按时补货和联系", "Keep resupplying and in touch"),
}  # fmt: skip


def segment_name(key: str, lang: str = "zh") -> str:
    s = SEGMENTS[key]
    return s[1] if lang.startswith("zh") else s[2]


def segment_action(key: str, lang: str = "zh") -> str:
    s = SEGMENTS[key]
    return s[3] if lang.startswith("zh") else s[4]


def type_name(key: str, lang: str = "zh") -> str:
    return TYPES[key][0 if lang.startswith("zh") else 1]


def type_action(key: str, lang: str = "zh") -> str:
    return TYPES[key][2 if lang.startswith("zh") else 3]


# -- RFM ----------------------------------------------------------------------


class Rfm(NamedTuple):
    customer_id: int
    recency_days: int
    frequency: int
    monetary_fen: int
    r: int
    f: int
    m: int
    segment: str

    @property
    def code(self) -> str:
        return f"{self.r}{self.f}{self.m}"


def quintile_scores(values: list[float]) -> list[int]:
    """Scores 1-5 by quintiles, higher value = higher score; ties share a score
    (ceil(5 x share of values at or below it))."""
    n = len(values)
    if not n:
        return []
    at_or_below: dict = {}
    for i, v in enumerate(sorted(values), start=1):
        at_or_below[v] = i  # the last occurrence wins: the count at or below v
    score = {v: max(1, math.ceil(5 * k / n)) for v, k in at_or_below.items()}
    return [score[v] for v in values]


_SEGMENT_OF = {s[0]: k for k, s in SEGMENTS.items() if s[0] is not None}


def segment_of(r: int, f: int, m: int, new: bool) -> str:
    if new:
        return "new"
    return _SEGMENT_OF[(int(r >= R_HIGH), int(f >= F_HIGH), int(m >= M_HIGH))]


def rfm_scores(rows: list[BaseRow], on: date) -> dict[int, Rfm]:
    """RFM of every customer who bought from us (customer id -> Rfm)."""
    del on  # the rows' day counts are already as of ``on``
    buying = [r for r in rows if r.n_days > 0 and r.recency_days is not None]
    rec = [r.recency_days for r in buying]
    rs = quintile_scores([-x for x in rec])  # type: ignore[operator]
    fs = quintile_scores([r.n_days for r in buying])
    ms = quintile_scores([r.spend_fen for r in buying])
    seg = _SEGMENT_OF
    out = {}
    for r, e, sr, sf, sm in zip(buying, rec, rs, fs, ms, strict=True):
        key = (
            "new"
            if (r.tenure_days or 0) < NEW_DAYS
            else seg[(sr >= R_HIGH, sf >= F_HIGH, sm >= M_HIGH)]
        )
        out[r.id] = Rfm(r.id, e, r.n_days, r.spend_fen, sr, sf, sm, key)  # type: ignore[arg-type]
    return out


@dataclass(frozen=True)
class SegmentSummary:
    segment: str
    count: int
    spend_fen: int
    share_of_spend: float


def segment_summary(scores: dict[int, Rfm]) -> list[SegmentSummary]:
    """Customers and spend per segment, in the order of ``SEGMENTS``."""
    count = dict.fromkeys(SEGMENTS, 0)
    spend = dict.fromkeys(SEGMENTS, 0)
    for s in scores.values():
        count[s.segment] += 1
        spend[s.segment] += s.monetary_fen
    total = sum(spend.values()) or 1
    return [SegmentSummary(k, count[k], spend[k], spend[k] / total) for k in SEGMENTS]


def rfm_summary(book: Book, on: date) -> list[SegmentSummary]:
    """``segment_summary(rfm_scores(...))`` of every active customer, computed in
    SQL: only the eight segments come back. A score is at least s exactly when
    more than (s - 1)/5 of the book is at or below the customer, i.e. when the
    value is at least the one at sorted position floor((s - 1) n / 5); so "high"
    is one comparison with that value."""
    conn = book.conn
    buying = "FROM customer_value WHERE archived = 0 AND n_days > 0 AND last_day IS NOT NULL"
    n = conn.execute(f"SELECT COUNT(*) {buying}").fetchone()[0]
    count = dict.fromkeys(SEGMENTS, 0)
    spend = dict.fromkeys(SEGMENTS, 0)
    if n:

        def at_least(col: str, score: int):
            return conn.execute(
                f"SELECT {col} {buying} ORDER BY {col} LIMIT 1 OFFSET ?", ((score - 1) * n // 5,)
            ).fetchone()[0]

        limits = (
            at_least("last_day", R_HIGH),
            at_least("n_days", F_HIGH),
            at_least("spend_fen", M_HIGH),
        )
        for new, rh, fh, mh, k, total in conn.execute(
            f"SELECT ? - first_day < {NEW_DAYS}, last_day >= ?, n_days >= ?, spend_fen >= ?,"
            f" COUNT(*), SUM(spend_fen) {buying} GROUP BY 1, 2, 3, 4",
            (on.toordinal(), *limits),
        ):
            key = "new" if new else _SEGMENT_OF[(rh, fh, mh)]
            count[key] += k
            spend[key] += total
    whole = sum(spend.values()) or 1
    return [SegmentSummary(k, count[k], spend[k], spend[k] / whole) for k in SEGMENTS]


# -- rhythm ---------------------------------------------------------------------


def refresh_rhythm(book: Book) -> int:
    """Kept for callers: the rhythm is now part of the state each write keeps
    (``supply`` per pair, summed per customer in ``customer_value``), so there
    is nothing to refresh. Returns 0."""
    del book
    return 0


class Rhythm(NamedTuple):
    """A customer's purchase rhythm over the products they buy from us."""

    n_gaps: int  # gaps between purchase days, all products
    cv: float | None  # coefficient of variation of the gaps (products with 2+ gaps)
    mean_gap: float | None  # days, gap-weighted over products
    last_gap_ratio: float | None  # the latest gaps vs the usual ones (>1: slower lately)

    @property
    def regularity(self) -> float | None:
        return None if self.cv is None else max(0.0, 1.0 - min(1.0, self.cv))


def pair_cv(n_gaps: int, s1: float, s2: float) -> float | None:
    """Coefficient of variation of ``n_gaps`` gaps with sum s1 and sum of squares s2."""
    if n_gaps < 2 or s1 <= 0:
        return None
    mean = s1 / n_gaps
    var = max(0.0, s2 / n_gaps - mean * mean)
    return math.sqrt(var) / mean


def rhythm_by_customer(book: Book, customer_ids: list[int] | None = None) -> dict[int, Rhythm]:
    """Each customer's rhythm (customers with two purchase days of a product).
    The coefficient of variation is the root mean square over their products,
    gap-weighted (summed per customer by supply.py with each write)."""
    from .value_base import rhythm_sums

    out = {}
    sqrt = math.sqrt
    for cid, k, wcv2, kcv, s1, lg, mg in rhythm_sums(book, customer_ids):
        cv = sqrt(max(0.0, wcv2 / kcv)) if kcv else None
        out[cid] = Rhythm(int(k), cv, s1 / k if k else None, lg / mg if mg else None)
    return out


# -- loyalty ------------------------------------------------------------------


@dataclass(frozen=True)
class Loyalty:
    customer_id: int
    regularity: float | None  # 0..1 (1 = like clockwork)
    cross_buying: int  # products bought from us
    referrals: int  # customers they brought
    tenure_days: int  # since the first purchase (or since added)
    share_of_wallet: float | None  # 0..1 of their estimated need bought from us
    per_month: float  # purchase days per 30 days of tenure
    score: int  # 0-100, see the module doc


def loyalty_of(row: BaseRow, on: date, rhythm: Rhythm | None) -> Loyalty:
    """A customer's loyalty indicators (see the module doc)."""
    if row.tenure_days is not None:
        tenure = row.tenure_days
    else:
        tenure = max(0, (on - date.fromisoformat(row.created)).days) if row.created else 0
    sow = None
    if row.need_fen_day and row.got_fen_day is not None and row.need_fen_day > 0:
        sow = min(1.0, row.got_fen_day / row.need_fen_day)
    per_month = row.n_days * 30 / max(30, tenure)
    regularity = rhythm.regularity if rhythm else None
    parts = [
        min(1.0, row.n_products / 3),
        min(1.0, row.referrals / 2),
        min(1.0, tenure / 730),
        min(1.0, per_month / 2),
    ]
    if regularity is not None:
        parts.append(regularity)
    if sow is not None:
        parts.append(sow)
    score = round(100 * sum(parts) / len(parts)) if row.n_days else 0
    return Loyalty(row.id, regularity, row.n_products, row.referrals, tenure, sow, per_month, score)


@dataclass(frozen=True)
class BookLoyalty:
    """Loyalty across the book's buying customers."""

    customers: int
    mean_score: float
    mean_regularity: float | None
    multi_product_share: float  # bought 2+ products from us
    referrers: int  # customers who referred someone
    referrals: int
    median_tenure_days: int
    mean_share_of_wallet: float | None
    mean_per_month: float
    score_bands: dict[str, int]  # '0-24', '25-49', '50-74', '75-100'


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def book_loyalty(items: list[Loyalty]) -> BookLoyalty:
    buying = [x for x in items if x.score > 0 or x.cross_buying > 0]
    bands = {"0-24": 0, "25-49": 0, "50-74": 0, "75-100": 0}
    for x in buying:
        key = (
            "0-24"
            if x.score < 25
            else "25-49"
            if x.score < 50
            else "50-74"
            if x.score < 75
            else "75-100"
        )
        bands[key] += 1
    tenures = sorted(x.tenure_days for x in buying)
    n = len(buying)
    return BookLoyalty(
        n,
        _mean([x.score for x in buying]) or 0.0,
        _mean([x.regularity for x in buying if x.regularity is not None]),
        (sum(1 for x in buying if x.cross_buying >= 2) / n) if n else 0.0,
        sum(1 for x in items if x.referrals > 0),
        sum(x.referrals for x in items),
        tenures[n // 2] if n else 0,
        _mean([x.share_of_wallet for x in buying if x.share_of_wallet is not None]),
        _mean([x.per_month for x in buying]) or 0.0,
        bands,
    )


LOYALTY_COLS = "n_days n_products refs ltenure cv need got"


def loyalty_levels() -> tuple[str, str, str]:
    """``loyalty_of`` as three SQL levels over the columns ``LOYALTY_COLS`` of
    ``value_base.base_sql``, each computed over the one before (so nothing is
    computed twice): per_month ``pm``, regularity ``reg`` and share of wallet
    ``sow``; the unrounded score ``lx``; the score ``score``. The same double
    arithmetic in the same order as ``loyalty_of``, rounded as Python's ``round``."""
    from .value_base import round_sql

    first = (
        "CAST(n_days * 30 AS REAL) / MAX(30, ltenure) AS pm,"
        " CASE WHEN cv IS NOT NULL THEN MAX(0.0, 1.0 - MIN(1.0, cv)) END AS reg,"
        " CASE WHEN need > 0 AND got IS NOT NULL THEN MIN(1.0, got / need) END AS sow"
    )
    second = (
        "100 * (MIN(1.0, n_products / 3.0) + MIN(1.0, refs / 2.0) + MIN(1.0, ltenure / 730.0)"
        " + MIN(1.0, pm / 2.0) + COALESCE(reg, 0.0) + COALESCE(sow, 0.0))"
        " / (4 + (reg IS NOT NULL) + (sow IS NOT NULL)) AS lx"
    )
    third = f"CASE WHEN n_days THEN {round_sql('lx')} ELSE 0 END AS score"
    return first, second, third


def loyalty_sql(book: Book, on: date, where: str = "") -> tuple[str, dict]:
    """(SELECT, parameters): ``loyalty_of`` of every active customer in SQL, one
    row each in id order, with the columns of ``loyalty_levels``."""
    from .value_base import base_sql

    base, params = base_sql(book, on, LOYALTY_COLS, where=where)
    first, second, third = loyalty_levels()
    sql = (
        f"SELECT *, {third} FROM (SELECT *, {second} FROM (SELECT *, {first} FROM ({base}))"
        " LIMIT -1 OFFSET 0) LIMIT -1 OFFSET 0"
    )
    return sql, params


def book_loyalty_summary(book: Book, on: date) -> BookLoyalty:
    """``book_loyalty(loyalty(book, on))``, computed in SQL (``loyalty_sql``):
    only the sums and the median tenure come back. Buying customers are those
    with a purchase day (``book_loyalty``: a score or a product, the same ones)."""
    sql, params = loyalty_sql(book, on, where="AND v.n_days")
    (n, score_sum, reg_sum, reg_n, multi, sow_sum, sow_n, pm_sum, b0, b1, b2, b3) = book.conn.execute(
        "SELECT COUNT(*), SUM(score), SUM(reg), COUNT(reg), SUM(n_products >= 2), SUM(sow),"
        " COUNT(sow), SUM(pm), SUM(score < 25), SUM(score >= 25 AND score < 50),"
        f" SUM(score >= 50 AND score < 75), SUM(score >= 75) FROM ({sql})",
        params,
    ).fetchone()  # fmt: skip
    referrers, referrals = book.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(f.n), 0) FROM (SELECT referred_by AS id, COUNT(*) AS n"
        " FROM customers WHERE referred_by IS NOT NULL GROUP BY referred_by) f"
        " JOIN customer_value v ON v.customer_id = f.id WHERE v.archived = 0"
    ).fetchone()
    median = _median_tenure(book, on, n) if n else 0
    return BookLoyalty(
        n,
        score_sum / n if n else 0.0,
        reg_sum / reg_n if reg_n else None,
        multi / n if n else 0.0,
        referrers,
        referrals,
        median,
        sow_sum / sow_n if sow_n else None,
        pm_sum / n if n else 0.0,
        {"0-24": b0 or 0, "25-49": b1 or 0, "50-74": b2 or 0, "75-100": b3 or 0},
    )


def _median_tenure(book: Book, on: date, n: int) -> int:
    """The middle (sorted position n // 2) tenure of the buying customers."""
    from .value_base import base_sql

    base, params = base_sql(book, on, "ltenure", where="AND v.n_days")
    return book.conn.execute(
        f"SELECT ltenure FROM ({base}) ORDER BY ltenure LIMIT 1 OFFSET :half",
        {**params, "half": n // 2},
    ).fetchone()[0]


def loyalty(book: Book, on: date, customer_id: int | None = None) -> list[Loyalty]:
    """Loyalty indicators of every active customer (or one)."""
    from .value_base import base_rows

    ids = None if customer_id is None else [customer_id]
    rows = base_rows(book, on, ids)
    rhythm = rhythm_by_customer(book, ids)
    return [loyalty_of(r, on, rhythm.get(r.id)) for r in rows]


# -- customer types -------------------------------------------------------------


# The thresholds of the customer types (see the module doc).
NEW_TYPE_DAYS = NEW_DAYS
LAPSED_DAYS = 90
PRICE_SHARE = 0.95  # paid this share of list price or less
BULK_RATIO = 1.6  # packs this many times the book's usual
REGULAR_DAYS, REGULAR_MIN = 4, 0.65
OCCASIONAL_SOW = 0.4
BARGAINER_TAGS = ("bargainer", "讲价型")


def customer_type(row: BaseRow, rhythm: Rhythm | None) -> str:
    """The behaviour type of one customer from their history (see the module doc)."""
    if row.n_days <= 0 or row.tenure_days is None or row.recency_days is None:
        return "none"
    if row.tenure_days < NEW_TYPE_DAYS:
        return "new"
    if row.n_products and row.n_lapsed >= row.n_products and row.recency_days >= LAPSED_DAYS:
        return "lapsed"
    if row.behaviour_type in BARGAINER_TAGS or (
        row.list_fen and row.spend_fen <= PRICE_SHARE * row.list_fen
    ):
        return "price"
    if row.pack_ratio is not None and row.pack_ratio >= BULK_RATIO:
        return "bulk"
    if (
        row.n_days >= REGULAR_DAYS
        and rhythm
        and rhythm.regularity is not None
        and rhythm.regularity >= REGULAR_MIN
    ):
        return "regular"
    sow = (
        row.got_fen_day / row.need_fen_day
        if row.need_fen_day and row.got_fen_day is not None
        else None
    )
    if (sow is not None and sow < OCCASIONAL_SOW) or (row.n_days < 3 and row.tenure_days > 90):
        return "occasional"
    return "general"


def type_sql(cross, *, codes: bool = False) -> tuple[str, dict]:
    """(SQL CASE, parameters): ``customer_type`` over the columns ``TYPE_COLS``
    of ``value_base.base_sql``, the same tests in the same order. ``cross``:
    the book's cross-buy constants with the usual packs. ``codes``: the type's
    position in ``TYPES`` instead of its key."""
    from .value_base import pack_den_sql

    den, params = pack_den_sql(cross, "products", "pack_key")
    params |= {"t_price": PRICE_SHARE, "t_bulk": BULK_RATIO, "t_regular": REGULAR_MIN,
              "t_occasional": OCCASIONAL_SOW, "t_tag1": BARGAINER_TAGS[0],
              "t_tag2": BARGAINER_TAGS[1]}  # fmt: skip
    case = (
        "CASE WHEN n_days <= 0 OR tenure IS NULL OR recency IS NULL THEN 'none'"
        f" WHEN tenure < {NEW_TYPE_DAYS} THEN 'new'"
        f" WHEN n_products AND n_lapsed >= n_products AND recency >= {LAPSED_DAYS} THEN 'lapsed'"
        " WHEN tag IN (:t_tag1, :t_tag2) OR (list_int AND spend <= :t_price * list_int)"
        " THEN 'price'"
        f" WHEN units / NULLIF({den}, 0) >= :t_bulk THEN 'bulk'"
        f" WHEN n_days >= {REGULAR_DAYS} AND cv IS NOT NULL"
        " AND MAX(0.0, 1.0 - MIN(1.0, cv)) >= :t_regular THEN 'regular'"
        " WHEN (need AND got IS NOT NULL AND got / need < :t_occasional)"
        " OR (n_days < 3 AND tenure > 90) THEN 'occasional'"
        " ELSE 'general' END"
    )
    if codes:
        for i, key in enumerate(TYPES):
            case = case.replace(f"'{key}'", str(i))
    return case, params


TYPE_COLS = "n_days tenure recency n_products n_lapsed tag list_int spend units products pack_key cv need got"


def customer_types(book: Book, on: date) -> dict[int, str]:
    """Customer id -> type, for every active customer (recomputed now, in SQL)."""
    from .value_base import base_sql, cross_buy_constants

    cross = cross_buy_constants(book)
    base, params = base_sql(book, on, TYPE_COLS, cross=cross)
    case, more = type_sql(cross)
    return dict(book.conn.execute(f"SELECT id, {case} FROM ({base})", {**params, **more}))


def customer_types_by_rule(book: Book, on: date) -> dict[int, str]:
    """``customer_type`` of every active customer, one BaseRow each (the rule the
    SQL of ``customer_types`` follows; tests compare the two)."""
    from .value_base import base_rows

    rows = base_rows(book, on)
    rhythm = rhythm_by_customer(book)
    return {r.id: customer_type(r, rhythm.get(r.id)) for r in rows}
