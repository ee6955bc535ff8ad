"""Customer value (客户价值), one customer at a time and ranked: lifetime value
and the tiers of the value pyramid (value.py builds the views on them).

Lifetime value (per customer, inputs kept next to the figure)
-------------------------------------------------------------
* **yearly spend** = spend from us x 365 / observed days, where observed days
  = the longest of: days since the first delivery, days from the first
  delivery to the latest predicted run-out (what was bought covers that), and
  30 days. A customer younger than a year is thus annualised; an old one is
  averaged over their whole tenure (so one who stopped buying fades).
* **expected loyal years** = 1 / (1 - retention): with a yearly retention of
  r, the number of years a relationship lasts is geometric with that mean.
* **simple LTV** = yearly spend x expected loyal years.
* **discounted LTV** = yearly spend x margin x (1 + d) / (1 + d - r): the
  profit of this year and every later year, each kept with chance r and
  discounted at d per year (the classic m(1+i)/(1+i-r) form). With d = 0 and
  margin 100% it equals the simple LTV. This is the figure the pyramid ranks.

Defaults (settings, integers in percent; change with ``salesbook settings``):
``value_margin_pct`` 15 (gross margin of a small distributor of rice, oil,
water, gas: typically 10-20%), ``value_discount_pct`` 10 (a small business's
cost of money), ``value_retention_pct`` 80 (a household that is happy with its
supplier rarely switches; 80% means 5 expected years, the planning horizon
reps usually think in).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from ..errors import NotFound
from ..rules.text import fen_to_yuan
from ..store.book import Book
from .value_base import (
    BaseRow,
    CrossBuy,
    base_rows,
)


@dataclass(frozen=True)
class ValueSettings:
    """The value settings of a book (integers, percent)."""

    margin_pct: int = 15
    discount_pct: int = 10
    retention_pct: int = 80
    platinum_pct: int = 1
    gold_pct: int = 4
    iron_pct: int = 15

    @classmethod
    def of(cls, book: Book) -> ValueSettings:
        s = book.settings()
        return cls(
            int(s["value_margin_pct"]),
            int(s["value_discount_pct"]),
            int(s["value_retention_pct"]),
            int(s["tier_platinum_pct"]),
            int(s["tier_gold_pct"]),
            int(s["tier_iron_pct"]),
        )

    @property
    def expected_years(self) -> float:
        """Expected loyal years = 1 / (1 - retention)."""
        return 100 / (100 - self.retention_pct)


# -- lifetime value (pure) -----------------------------------------------------


@dataclass(frozen=True)
class Ltv:
    """A customer's lifetime value with the inputs it came from (fen, days)."""

    spend_fen: int  # everything bought from us
    observed_days: int  # days the spend is spread over (>= 30)
    yearly_spend_fen: int  # spend x 365 / observed days
    expected_years: float  # 1 / (1 - retention)
    simple_ltv_fen: int  # yearly spend x expected years
    margin_pct: int
    discount_pct: int
    retention_pct: int
    ltv_fen: int  # yearly spend x margin x (1 + d) / (1 + d - r)

    def explain(self, lang: str = "zh") -> str:
        """How the figures were reached, in words a rep can check."""
        ys = fen_to_yuan(self.yearly_spend_fen)
        if lang.startswith("zh"):
            return (
                f"年均消费 {ys}（共 {fen_to_yuan(self.spend_fen)} ÷ {self.observed_days} 天 × 365）"
                f" × 预计 {self.expected_years:.1f} 年 = {fen_to_yuan(self.simple_ltv_fen)}；"
                f"折现：{ys} × 毛利 {self.margin_pct}% × (1+{self.discount_pct}%)"
                f" ÷ (1+{self.discount_pct}%−留存 {self.retention_pct}%) = {fen_to_yuan(self.ltv_fen)}"
            )
        return (
            f"yearly spend {ys} ({fen_to_yuan(self.spend_fen)} / {self.observed_days} days x 365)"
            f" x {self.expected_years:.1f} expected years = {fen_to_yuan(self.simple_ltv_fen)};"
            f" discounted: {ys} x margin {self.margin_pct}% x (1+{self.discount_pct}%)"
            f" / (1+{self.discount_pct}% - retention {self.retention_pct}%) = {fen_to_yuan(self.ltv_fen)}"
        )


def _div_round(num: int, den: int) -> int:
    """num / den rounded half up, integers only (den > 0, num >= 0)."""
    return (2 * num + den) // (2 * den)


def lifetime_value(
    spend_fen: int,
    first: date | None,
    on: date,
    settings: ValueSettings,
    covered_until: date | None = None,
) -> Ltv:
    """Lifetime value of one customer (see the module doc). ``covered_until`` is
    the latest predicted run-out of what they bought (extends the observed days)."""
    days = 30
    if first is not None:
        days = max(days, (on - first).days)
        if covered_until is not None:
            days = max(days, (covered_until - first).days)
    return ltv_from_days(spend_fen, days, settings)


# -- the book in one pass: see value_base --------------------------------------


def row_ltv(row: BaseRow, settings: ValueSettings) -> Ltv:
    """A customer's lifetime value from their base row."""
    return ltv_from_days(row.spend_fen, observed_days(row), settings)


def observed_days(row: BaseRow) -> int:
    """Days the spend is spread over: tenure, or up to the latest run-out, at least 30."""
    return max(30, row.tenure_days or 0, row.covered_days or 0)


def ltv_from_days(spend_fen: int, days: int, settings: ValueSettings) -> Ltv:
    spend = max(0, int(spend_fen))
    days = max(30, int(days))
    yearly = _div_round(spend * 365, days)
    r, d, m = settings.retention_pct, settings.discount_pct, settings.margin_pct
    simple = _div_round(yearly * 100, 100 - r)
    ltv = _div_round(yearly * m * (100 + d), 100 * (100 + d - r))
    return Ltv(spend, days, yearly, 100 / (100 - r), simple, m, d, r, ltv)


def ltv_values(rows: list[BaseRow], settings: ValueSettings) -> dict[int, int]:
    """Customer id -> discounted LTV (fen), fast (no per-row objects)."""
    r, d, m = settings.retention_pct, settings.discount_pct, settings.margin_pct
    num, den = m * (100 + d), 100 * (100 + d - r)
    out = {}
    for row in rows:
        days = max(30, row.tenure_days or 0, row.covered_days or 0)
        yearly = (2 * row.spend_fen * 365 + days) // (2 * days)
        out[row.id] = (2 * yearly * num + den) // (2 * den)
    return out


def potential_fen(row: BaseRow, cross: CrossBuy) -> int | None:
    """What the customer could still buy from us per year (fen); None when the
    book cannot tell (no household size and no share of wallet)."""
    headroom = None
    if row.need_fen_day is not None and row.got_fen_day is not None:
        headroom = max(0.0, row.need_fen_day - row.got_fen_day) * 365
    cross_room = None
    if row.household_size:
        cross_room = max(0.0, row.household_size * (cross.total - row.bought_k))
    if headroom is None and cross_room is None:
        return None
    return int(round((headroom or 0.0) + (cross_room or 0.0)))


# -- per-customer values -------------------------------------------------------


class CustomerValue(NamedTuple):
    """Value figures of one customer, as the views, the CLI and the Excel export
    show them (a plain tuple: the export builds 100k of them). Columns for the
    export (suggested headers zh / en):

    * ``ltv_fen`` 终身价值(折现) / LTV (discounted), yuan: the ranking figure;
    * ``simple_ltv_fen`` 终身价值(简单) / LTV (simple): yearly spend x years;
    * ``yearly_spend_fen`` 年均消费 / yearly spend;
    * ``expected_years`` 预计忠诚年数 / expected loyal years;
    * ``tier`` 价值层级 / value tier: 铂金 / 黄金 / 钢铁 / 铅;
    * ``tier_rank`` 价值排名 / value rank (1 = most valuable);
    * ``rfm`` RFM: three digits 1-5, e.g. '545'; ``segment`` RFM 分群 / RFM segment;
    * ``potential_fen`` 潜力(年) / potential per year; ``quadrant`` 价值矩阵 / matrix quadrant;
    * ``customer_type`` 客户类型 / customer type (from history);
    * ``loyalty`` 忠诚度 / loyalty score 0-100;
    * ``risk`` 流失风险 / loss risk 0-100 and ``risk_reason`` 风险原因 / why.
    Money in integer fen: divide by 100 for yuan. ``ltv`` gives the LTV with
    its inputs (``Ltv``)."""

    customer_id: int
    uid: str
    name: str
    ltv_fen: int
    simple_ltv_fen: int
    yearly_spend_fen: int
    expected_years: float
    tier: str
    tier_rank: int | None
    rfm: str | None
    segment: str | None
    potential_fen: int | None
    quadrant: str | None
    customer_type: str
    loyalty: int
    risk: int | None
    risk_reason: str | None
    spend_fen: int  # the LTV's inputs
    observed_days: int
    margin_pct: int
    discount_pct: int
    retention_pct: int

    @property
    def ltv(self) -> Ltv:
        return Ltv(
            self.spend_fen, self.observed_days, self.yearly_spend_fen, self.expected_years,
            self.simple_ltv_fen, self.margin_pct, self.discount_pct, self.retention_pct,
            self.ltv_fen,
        )  # fmt: skip


def tier_cutoffs(n: int, settings: ValueSettings) -> tuple[int, int, int]:
    """How many of ``n`` ranked customers are platinum, platinum+gold, and
    platinum+gold+iron (rounded up)."""
    p = math.ceil(n * settings.platinum_pct / 100)
    g = math.ceil(n * (settings.platinum_pct + settings.gold_pct) / 100)
    i = math.ceil(n * (settings.platinum_pct + settings.gold_pct + settings.iron_pct) / 100)
    return min(p, n), min(g, n), min(i, n)


def rank_tiers(
    values: dict[int, int], settings: ValueSettings
) -> dict[int, tuple[str, int | None]]:
    """Customer id -> (tier, rank) from their values (fen); zero value is lead, unranked.
    Equal values keep the customer id order."""
    ranked = sorted(
        (c for c in sorted(values) if values[c] > 0), key=values.__getitem__, reverse=True
    )
    p, g, i = tier_cutoffs(len(ranked), settings)
    out: dict[int, tuple[str, int | None]] = dict.fromkeys(values, ("lead", None))
    for rank, cid in enumerate(ranked, start=1):
        tier = "platinum" if rank <= p else "gold" if rank <= g else "iron" if rank <= i else "lead"
        out[cid] = (tier, rank)
    return out


def tier_of_rank(rank: int | None, cutoffs: tuple[int, int, int]) -> str:
    if rank is None:
        return "lead"
    p, g, i = cutoffs
    return "platinum" if rank <= p else "gold" if rank <= g else "iron" if rank <= i else "lead"


@dataclass(frozen=True)
class RankedValue:
    """One line of the LTV list."""

    rank: int | None  # 1 = most valuable; None for customers who never bought
    customer_id: int
    name: str
    tier: str
    ltv: Ltv


def _floordiv(a: str, b: str) -> str:
    """SQL for Python's a // b with b > 0 (SQLite's integer / truncates)."""
    return f"(CASE WHEN ({a}) >= 0 THEN ({a}) / ({b}) ELSE -((-({a}) + ({b}) - 1) / ({b})) END)"


def _ltv_sql(book: Book, on: date, settings: ValueSettings) -> str:
    """A SELECT of (id, spend, observed days, discounted LTV) for every active
    customer, in integer arithmetic exactly as ``ltv_values``."""
    del book  # spend, first purchase and run-out do not depend on prices: no rebuild needed
    r, d, m = settings.retention_pct, settings.discount_pct, settings.margin_pct
    num, den = m * (100 + d), 100 * (100 + d - r)
    today = on.toordinal()
    days = f"MAX(30, COALESCE({today} - first_day, 0), COALESCE(max_runout_day - first_day, 0))"
    yearly = _floordiv(f"2 * spend_fen * 365 + {days}", f"2 * {days}")
    ltv = _floordiv(f"2 * ({yearly}) * {num} + {den}", f"{2 * den}")
    return (
        f"SELECT customer_id AS id, spend_fen AS spend, {days} AS days, {ltv} AS ltv"
        " FROM customer_value WHERE archived = 0"
    )


def ltv_ranking(
    book: Book, on: date, *, limit: int | None = 50, offset: int = 0
) -> tuple[list[RankedValue], int]:
    """Customers by discounted LTV, most valuable first, with the inputs of each
    figure. Returns (a page, how many customers there are). Ranked in SQL: only
    the page comes back."""
    settings = ValueSettings.of(book)
    conn = book.conn
    sql = _ltv_sql(book, on, settings)
    total, buying = conn.execute(
        f"SELECT COUNT(*), COALESCE(SUM(ltv > 0), 0) FROM ({sql})"
    ).fetchone()
    cutoffs = tier_cutoffs(buying, settings)
    page = conn.execute(
        f"SELECT l.id, v.name, l.spend, l.days FROM ({sql}) l"
        " JOIN customer_value v ON v.customer_id = l.id"
        " ORDER BY l.ltv > 0 DESC, CASE WHEN l.ltv > 0 THEN -l.ltv END, l.id LIMIT ? OFFSET ?",
        (-1 if limit is None else limit, offset),
    ).fetchall()
    out = []
    for pos, (c, name, spend, days) in enumerate(page, start=offset + 1):
        rank = pos if pos <= buying else None
        out.append(
            RankedValue(
                rank, c, name, tier_of_rank(rank, cutoffs), ltv_from_days(spend, days, settings)
            )
        )
    return out, total


def customer_value(book: Book, customer_id: int, on: date) -> Ltv:
    """One customer's lifetime value with its inputs."""
    rows = base_rows(book, on, [customer_id])
    if not rows:
        raise NotFound("customer_not_found", query=str(customer_id))
    return row_ltv(rows[0], ValueSettings.of(book))


# -- the pyramid and its movement --------------------------------------------
