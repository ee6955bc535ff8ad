"""Risk of losing a customer (流失风险): a score per customer from their own rhythm.

A customer who buys before each run-out and is now well past it, who has
started skipping products or buying less often, or who has an open complaint,
is probably buying elsewhere. The score (0-100) is a logistic model over:

* ``log(1 + days since the last purchase)``;
* ``log(1 + repeat purchases)`` (more history: a more settled customer);
* ``log(1 + standardised lateness)``: lateness against their *own* rhythm,
  days past the expected purchase / (3 + 10% of their usual interval) (a
  steady household 10 days late is news, an occasional one is not). The
  expected purchase is the earliest predicted run-out in ``supply`` of what
  they buy (so a double pack counts double), and the usual interval that
  run-out minus the last purchase; without a prediction, the last purchase
  plus their mean gap, shrunk towards the book's typical gap;
* ``log(1 + spend per purchase in yuan)``.

Then the book-only signals, with fixed weights (no public data has them):
open complaints (+1.5 for the first, +0.5 for each more: an open complaint is
the strongest sign a customer is about to leave), the share of their products
past run-out by more than ``at_risk_days`` while they still buy others
(+1.0 x share: falling share of wallet), and products whose recent rate is
below 75% of their long-run rate (+0.5 x share).

The coefficients of the first four were fitted (``fit_risk_model``) on a
backtest of the simulated demo book (seed 1: features at a cut-off, label =
no purchase in the next 120 days); ``bench/risk_auc.py`` checks them on
another seed and on the CDNOW data set against BG/NBD and plain recency.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from .book import Book
from .value import BaseRow, base_rows
from .value_base import rows_for


@dataclass(frozen=True)
class RiskInput:
    """One customer as of a day (plain data: the book or any transaction log)."""

    recency_days: int  # days since the last purchase
    n_days: int  # purchase days
    tenure_days: int  # days since the first purchase
    spend_fen: int
    expected_gap_days: float | None = None  # predicted interval (run-out - last purchase)
    late_days: float | None = None  # on - expected purchase day (negative: not yet)
    n_products: int = 0
    n_lapsed: int = 0  # products past run-out by more than at_risk_days
    n_slowing: int = 0  # products bought less often lately
    open_complaints: int = 0


@dataclass(frozen=True)
class RiskModel:
    """Coefficients of the intercept and the four rhythm features, and the
    book's typical gap between purchases (days) for shrinking short histories."""

    coef: tuple[float, ...]
    typical_gap_days: float = 30.0
    complaint_first: float = 1.5
    complaint_more: float = 0.5
    lapsed: float = 1.0
    slowing: float = 0.5


# Fitted on the demo book (seed 1, 3000 customers, cut-off 120 days before its
# end) with fit_risk_model; see bench/risk_auc.py.
DEFAULT_MODEL = RiskModel(coef=(-7.58, 0.73, -0.0984, 1.25, 0.436), typical_gap_days=16.0)

FEATURES = ("intercept", "log_recency", "log_repeats", "late_z", "log_basket")


def usual_gap(x: RiskInput, typical_gap: float) -> float:
    """The customer's expected interval (days): the prediction, else their
    mean gap shrunk towards the book's typical gap (worth two gaps)."""
    if x.expected_gap_days is not None and x.expected_gap_days > 0:
        return float(x.expected_gap_days)
    repeats = max(0, x.n_days - 1)
    span = max(0, x.tenure_days - x.recency_days)
    return (span + 2.0 * typical_gap) / (repeats + 2.0)


def features(x: RiskInput, typical_gap: float) -> list[float]:
    """The model's features for one customer (see the module doc)."""
    gap = usual_gap(x, typical_gap)
    e = max(0, x.recency_days)
    late = x.late_days if x.late_days is not None else e - gap
    basket = x.spend_fen / max(1, x.n_days) / 100
    return [
        1.0,
        math.log1p(e),
        math.log1p(max(0, x.n_days - 1)),
        math.log1p(max(0.0, late) / (3.0 + 0.1 * gap)),
        math.log1p(max(0.0, basket)),
    ]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def extras(x: RiskInput, model: RiskModel) -> float:
    """The book-only signals' contribution (log-odds)."""
    z = 0.0
    if x.open_complaints > 0:
        z += model.complaint_first + model.complaint_more * min(2, x.open_complaints - 1)
    if x.n_products > 1 and x.n_lapsed < x.n_products:
        z += model.lapsed * x.n_lapsed / x.n_products
    if x.n_products > 0:
        z += model.slowing * x.n_slowing / x.n_products
    return z


def loss_probability(x: RiskInput, model: RiskModel = DEFAULT_MODEL) -> float:
    """Probability (0..1) that the customer does not buy from us again soon."""
    f = features(x, model.typical_gap_days)
    z = sum(c * v for c, v in zip(model.coef, f, strict=True)) + extras(x, model)
    return _sigmoid(z)


def fit_risk_model(
    inputs: Sequence[RiskInput],
    lost: Sequence[bool],
    typical_gap: float | None = None,
    l2: float = 1e-3,
    iterations: int = 25,
) -> RiskModel:
    """Fit the rhythm coefficients by logistic regression (Newton steps,
    a little ridge) on customers whose outcome is known: ``lost[i]`` is True
    when customer i did not buy in the period after the features were taken."""
    gap = typical_gap if typical_gap is not None else typical_gap_of(inputs)
    rows = [features(x, gap) for x in inputs]
    y = [1.0 if v else 0.0 for v in lost]
    k = len(FEATURES)
    w = [0.0] * k
    for _ in range(iterations):
        grad = [-l2 * wi for wi in w]
        hess = [[(l2 if i == j else 0.0) for j in range(k)] for i in range(k)]
        for f, yi in zip(rows, y, strict=True):
            p = _sigmoid(sum(a * b for a, b in zip(w, f, strict=True)))
            r = yi - p
            q = p * (1 - p)
            for i in range(k):
                fi = f[i]
                grad[i] += r * fi
                qi = q * fi
                hi = hess[i]
                for j in range(i, k):
                    hi[j] += qi * f[j]
        for i in range(k):
            for j in range(i):
                hess[i][j] = hess[j][i]
        step = _solve(hess, grad)
        w = [a + b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return RiskModel(coef=tuple(w), typical_gap_days=gap)


def typical_gap_of(inputs: Sequence[RiskInput]) -> float:
    """The median gap between purchases of customers who bought twice or more."""
    gaps = sorted(
        (x.tenure_days - x.recency_days) / (x.n_days - 1) for x in inputs if x.n_days >= 2
    )
    return float(gaps[len(gaps) // 2]) if gaps else 30.0


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a x = b (small, symmetric positive definite) by Gaussian elimination."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            if f:
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        if abs(m[r][r]) < 1e-12:
            continue
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def auc(scores: Sequence[float], positives: Sequence[bool]) -> float:
    """Area under the ROC curve: the chance a random positive scores above a
    random negative (ties count half)."""
    pairs = sorted(
        ((s if s == s else -math.inf, p) for s, p in zip(scores, positives, strict=True)),
        key=lambda t: t[0],
    )  # a NaN score ranks lowest
    n_pos = sum(1 for _s, p in pairs if p)
    n_neg = len(pairs) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    rank_sum = 0.0
    i = 0
    while i < len(pairs):
        j = i + 1
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        avg_rank = (i + 1 + j) / 2
        rank_sum += avg_rank * sum(1 for t in pairs[i:j] if t[1])
        i = j
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


# -- the book ---------------------------------------------------------------------


REASONS = {
    "complaint": ("有 {n} 件投诉未解决", "{n} open complaint(s)"),
    "late": (
        "预计 {days} 天前就该再买了（平时约 {gap} 天买一次）",
        "expected to buy again {days} days ago (usually every {gap} days)",
    ),
    "silent": (
        "已 {days} 天没买（平时约 {gap} 天一次）",
        "no purchase for {days} days (usually every {gap})",
    ),
    "lapsed": (
        "{n} 种商品早已用完没再买，别的还在买",
        "stopped buying {n} product(s) while buying others",
    ),
    "slowing": ("{n} 种商品最近买得少了", "buying {n} product(s) less often lately"),
    "few": ("只买过 {n} 次", "only {n} purchase(s) so far"),
    "steady": ("节奏正常", "on rhythm"),
}


@dataclass(frozen=True)
class CustomerRisk:
    """One customer's loss risk and its main reason."""

    customer_id: int
    name: str
    score: int  # 0-100
    reason_key: str
    params: dict = field(default_factory=dict)
    recency_days: int = 0
    usual_gap_days: int = 0
    open_complaints: int = 0

    def reason(self, lang: str = "zh") -> str:
        zh, en = REASONS[self.reason_key]
        return (zh if lang.startswith("zh") else en).format(**self.params)


def input_of(row: BaseRow) -> RiskInput | None:
    """The risk input of a customer's base row (None if they never bought)."""
    if row.n_days <= 0 or row.recency_days is None or row.tenure_days is None:
        return None
    gap = late = None
    if row.next_runout_days is not None and row.next_runout_days + row.recency_days > 0:
        gap = float(row.next_runout_days + row.recency_days)
        late = float(-row.next_runout_days)
    return RiskInput(
        row.recency_days, row.n_days, row.tenure_days, row.spend_fen, gap, late,
        row.n_products, row.n_lapsed, row.n_slowing, row.open_complaints,
    )  # fmt: skip


def _reason(x: RiskInput, model: RiskModel) -> tuple[str, dict]:
    gap = round(usual_gap(x, model.typical_gap_days))
    late = x.late_days if x.late_days is not None else x.recency_days - gap
    if x.open_complaints:
        return "complaint", {"n": x.open_complaints}
    if late > max(7, 0.5 * gap):
        if x.late_days is not None:
            return "late", {"days": round(late), "gap": gap}
        return "silent", {"days": x.recency_days, "gap": gap}
    if x.n_products > 1 and 0 < x.n_lapsed < x.n_products:
        return "lapsed", {"n": x.n_lapsed}
    if x.n_slowing:
        return "slowing", {"n": x.n_slowing}
    if x.n_days <= 2:
        return "few", {"n": x.n_days}
    return "steady", {}


def assess(row: BaseRow, model: RiskModel = DEFAULT_MODEL) -> CustomerRisk | None:
    """One customer's risk from their base row (None if they never bought)."""
    x = input_of(row)
    if x is None:
        return None
    p = loss_probability(x, model)
    key, params = _reason(x, model)
    return CustomerRisk(
        row.id, row.name, round(100 * p), key, params, x.recency_days,
        round(usual_gap(x, model.typical_gap_days)), x.open_complaints,
    )  # fmt: skip


def scores(rows: list[BaseRow], model: RiskModel = DEFAULT_MODEL) -> dict[int, float]:
    """Customer id -> loss probability for every buying customer (the same
    model as ``loss_probability``, inlined for 100k customers)."""
    c0, c1, c2, c4, c5 = model.coef
    typical = model.typical_gap_days
    log1p, exp = math.log1p, math.exp
    out = {}
    for r in rows:
        e = r.recency_days
        if r.n_days <= 0 or e is None or r.tenure_days is None:
            continue
        if r.next_runout_days is not None and r.next_runout_days + e > 0:
            gap = float(r.next_runout_days + e)
            late = -r.next_runout_days
        else:
            gap = (max(0, r.tenure_days - e) + 2.0 * typical) / (r.n_days + 1.0)
            late = e - gap
        e = max(0, e)
        z = (
            c0
            + c1 * log1p(e)
            + c2 * log1p(r.n_days - 1)
            + c4 * log1p(max(0.0, late) / (3.0 + 0.1 * gap))
            + c5 * log1p(max(0.0, r.spend_fen / r.n_days / 100))
        )
        if r.open_complaints or r.n_lapsed or r.n_slowing:
            z += extras(input_of(r), model)  # type: ignore[arg-type]
        out[r.id] = 1.0 / (1.0 + exp(-z)) if z > -700 else 0.0
    return out


def risk_by_customer(
    book: Book, on: date, *, rows: list[BaseRow] | None = None, rhythm=None
) -> dict[int, CustomerRisk]:
    """Every buying customer's risk (customer id -> CustomerRisk)."""
    del rhythm  # reserved: per-customer regularity (segments.Rhythm)
    rows = rows if rows is not None else base_rows(book, on)
    out = {}
    for r in rows:
        item = assess(r)
        if item is not None:
            out[r.id] = item
    return out


# How far the SQL score (ln(1 + x) for log1p) may be from the Python one: far
# more than the last-bit differences it can have, far less than a score point.
SQL_SLACK = 1e-9


RISK_COLS = "recency n_days tenure spend next_runout n_products n_lapsed n_slowing complaints"
BUYING = "AND v.n_days > 0 AND v.last_day IS NOT NULL AND v.first_day IS NOT NULL"


def risk_levels(model: RiskModel = DEFAULT_MODEL, like: str = "scores") -> tuple[str, str, dict]:
    """The model as two SQL levels over the columns ``RISK_COLS`` of
    ``value_base.base_sql`` (buying customers: ``BUYING``): the usual gap
    ``gap`` (float) and whether it is a prediction ``predicted``; then the loss
    probability ``p``, with ln(1 + x) for log1p: equal to ``scores`` up to the
    last bits (see ``SQL_SLACK``). ``like``: 'scores' or 'features' (they
    differ only on a purchase dated after ``on``). Returns (first, second,
    parameters)."""
    c0, c1, c2, c4, c5 = model.coef
    params = {"c0": c0, "c1": c1, "c2": c2, "c4": c4, "c5": c5,
              "tg2": 2.0 * model.typical_gap_days, "cf": model.complaint_first,
              "cm": model.complaint_more, "cl": model.lapsed, "cs": model.slowing}  # fmt: skip
    pred = "next_runout IS NOT NULL AND next_runout + recency > 0"
    first = (
        f"CASE WHEN {pred} THEN next_runout + recency"
        " ELSE (MAX(0, tenure - recency) + :tg2) / (n_days + 1.0) END AS gap,"
        f" CASE WHEN {pred} THEN 1 ELSE 0 END AS predicted"
    )
    e_late = "recency" if like == "scores" else "MAX(0, recency)"
    z = (
        ":c0 + :c1 * ln(1 + MAX(0, recency)) + :c2 * ln(n_days)"
        f" + :c4 * ln(1 + MAX(0.0, CASE WHEN predicted THEN -next_runout ELSE {e_late} - gap END)"
        " / (3.0 + 0.1 * gap)) + :c5 * ln(1 + MAX(0.0, spend * 1.0 / n_days / 100))"
        " + (CASE WHEN complaints > 0 THEN :cf + :cm * MIN(2, complaints - 1) ELSE 0.0 END"
        " + CASE WHEN n_products > 1 AND n_lapsed < n_products"
        " THEN :cl * n_lapsed / n_products ELSE 0.0 END"
        " + CASE WHEN n_products > 0 THEN :cs * n_slowing / n_products ELSE 0.0 END)"
    )
    second = f"1.0 / (1.0 + exp(-({z}))) AS p"
    return first, second, params


def risk_sql(
    book: Book, on: date, model: RiskModel = DEFAULT_MODEL, *, cols: str = ""
) -> tuple[str, dict]:
    """(SELECT, parameters): every buying customer's SQL loss probability ``p``
    (``risk_levels``) with the columns of ``RISK_COLS``, gap and ``cols``."""
    from .value_base import base_sql

    base, params = base_sql(book, on, f"{RISK_COLS} {cols}", where=BUYING)
    first, second, more = risk_levels(model)
    sql = f"SELECT *, {second} FROM (SELECT *, {first} FROM ({base}) LIMIT -1 OFFSET 0)"
    return sql, params | more


def at_risk(
    book: Book, on: date, top: int = 20, *, by: str = "risk", min_score: int = 0
) -> list[CustomerRisk]:
    """The customers most likely to be lost, each with the main reason.
    ``by='risk'``: highest risk first; ``by='value'``: most yearly spend at
    stake first (risk x yearly spend), so a slipping big customer comes before
    one lost long ago. Customers who never bought are not listed.

    Ranked in SQL (``risk_sql``); the leaders, and every customer whose SQL
    score is within ``SQL_SLACK`` of theirs, are then scored again with the
    Python rule (``scores``) and ranked exactly as ``at_risk_by_rule`` does."""
    if top <= 0:
        return []
    sql, params = risk_sql(book, on, cols="yearly" if by == "value" else "")
    weight = "yearly" if by == "value" else "1"
    params["floor"] = min_score - 0.5 - 1e-6
    params["slack"] = SQL_SLACK
    ranked = f"SELECT id, p, {weight} AS w FROM ({sql}) WHERE 100 * p >= :floor"
    conn = book.conn
    k = top + 32
    rows = conn.execute(f"{ranked} ORDER BY p * w DESC LIMIT {k}", params).fetchall()
    if len(rows) == k:
        lead = rows[:top]
        # the top rows' exact keys are at least cut; a customer can beat them
        # only if its SQL key plus the slack reaches cut
        cut = lead[-1][1] * lead[-1][2] - SQL_SLACK * max(1, max(w for _c, _p, w in lead))
        params["cut"] = cut
        cond = "(p + :slack) * w >= :cut"
        if (rows[-1][1] + SQL_SLACK) * rows[-1][2] >= cut:
            rows = conn.execute(f"SELECT * FROM ({ranked}) WHERE {cond}", params).fetchall()
        else:
            rows = [r for r in rows if (r[1] + SQL_SLACK) * r[2] >= cut]
        best = _rank_exact(book, on, [r[0] for r in rows], top, by, min_score)
        lead_ids = {r[0] for r in lead}
        if len(best) == top and lead_ids <= set(_passing(book, on, lead_ids, min_score)):
            return best
        # the score floor cut into the leaders (within a hair of min_score): do it all
        rows = conn.execute(ranked, params).fetchall()
    return _rank_exact(book, on, [r[0] for r in rows], top, by, min_score)


def _passing(book: Book, on: date, ids, min_score: int) -> list[int]:
    rows = rows_for(book, on, list(ids), need="risk")
    return [c for c, v in scores(rows).items() if 100 * v >= min_score - 0.5]


def _rank_exact(
    book: Book, on: date, ids: list[int], top: int, by: str, min_score: int
) -> list[CustomerRisk]:
    """``at_risk_by_rule`` over the given customers only."""
    return _rank(rows_for(book, on, ids, need="risk"), top, by, min_score)


def _rank(rows: list[BaseRow], top: int, by: str, min_score: int) -> list[CustomerRisk]:
    from .value import yearly_spend

    by_id = {r.id: r for r in rows}
    p = scores(rows)
    ids = [c for c, v in p.items() if 100 * v >= min_score - 0.5]
    if by == "value":
        key = {c: p[c] * yearly_spend(by_id[c]) for c in ids}
        best = heapq.nsmallest(top, ids, key=lambda c: (-key[c], -p[c], c))
    else:
        best = heapq.nsmallest(top, ids, key=lambda c: (-p[c], -(by_id[c].recency_days or 0), c))
    return [a for a in (assess(by_id[c]) for c in best) if a is not None]


def at_risk_by_rule(
    book: Book, on: date, top: int = 20, *, by: str = "risk", min_score: int = 0
) -> list[CustomerRisk]:
    """``at_risk`` with the Python rule over every customer's BaseRow (the
    reference the SQL ranking is tested against)."""
    return _rank(base_rows(book, on, need="risk"), top, by, min_score)


def customer_risk(book: Book, customer_id: int, on: date) -> CustomerRisk | None:
    """One customer's risk (None if they never bought)."""
    rows = base_rows(book, on, [customer_id])
    return assess(rows[0]) if rows else None
