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

The coefficients of the intercept and the four rhythm features of
``DEFAULT_MODEL`` were fitted (``fit_risk_model``) on a backtest of the
simulated demo book (seed 1: features at a cut-off, label = no purchase in
the next 120 days). What the app, the CLI and the Value view use is
``book_model``: the same coefficients fitted on the book's own backtest
(features as of 120 days ago from its deliveries, label = no purchase
since), shrunk towards the default ones, cached in the book's settings and
refitted once a month; the default while the book is too young for a stable
fit. ``bench/risk_auc.py`` checks both on another seed and on the CDNOW data
set against BG/NBD and plain recency.
"""

from __future__ import annotations

import heapq
import json
import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .book import Book
from .errors import SalesbookError
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
    fitted_month: str | None = None  # 'YYYY-MM' when fitted on the book (book_model)
    fitted_customers: int = 0  # how many customers that fit saw


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
    prior: RiskModel | None = None,
) -> RiskModel:
    """Fit the rhythm coefficients by logistic regression (Newton steps,
    a little ridge) on customers whose outcome is known: ``lost[i]`` is True
    when customer i did not buy in the period after the features were taken.

    ``prior``: shrink towards its coefficients instead of towards zero (the
    ridge ``l2`` is then how many customers' worth of weight the prior has:
    a small book stays near it, a big one is its own)."""
    gap = typical_gap if typical_gap is not None else typical_gap_of(inputs)
    rows = [features(x, gap) for x in inputs]
    y = [1.0 if v else 0.0 for v in lost]
    k = len(FEATURES)
    centre = list(prior.coef) if prior is not None else [0.0] * k
    w = [0.0] * k  # Newton from the prior can overshoot when the book is far from it
    # towards a prior, the intercept (the book's own share of lost customers) is free
    pen = [l2] * k if prior is None else [0.0] + [l2] * (k - 1)
    exp = math.exp
    for _ in range(iterations):
        grad = [-pen[i] * (w[i] - centre[i]) for i in range(k)]
        hess = [[(pen[i] if i == j else 0.0) for j in range(k)] for i in range(k)]
        w0, w1, w2, w3, w4 = w
        for f, yi in zip(rows, y, strict=True):
            z = w0 * f[0] + w1 * f[1] + w2 * f[2] + w3 * f[3] + w4 * f[4]
            if z >= 0:
                p = 1.0 / (1.0 + exp(-z))
            else:
                ez = exp(z)
                p = ez / (1.0 + ez)
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
    book: Book,
    on: date,
    *,
    rows: list[BaseRow] | None = None,
    rhythm=None,
    model: RiskModel | None = None,
) -> dict[int, CustomerRisk]:
    """Every buying customer's risk (customer id -> CustomerRisk); ``model``
    defaults to the book's own (``book_model``)."""
    del rhythm  # reserved: per-customer regularity (segments.Rhythm)
    model = model if model is not None else book_model(book, on)
    rows = rows if rows is not None else base_rows(book, on)
    out = {}
    for r in rows:
        item = assess(r, model)
        if item is not None:
            out[r.id] = item
    return out


# -- the book's own model ----------------------------------------------------------

# The backtest: features as of ``on - HOLDOUT_DAYS``, label = no purchase from
# then until ``on`` (the horizon DEFAULT_MODEL was fitted for).
HOLDOUT_DAYS = 120
MIN_SETTLED = 200  # customers with >= 3 purchase days at the backtest's cut-off
MIN_CLASS = 30  # both lost and kept customers, at least this many each
FIT_SAMPLE = 20_000  # a bigger book is fitted on this deterministic sample of customers
PRIOR_WEIGHT = 50.0  # DEFAULT_MODEL's coefficients are worth this many customers
MODEL_KEY = "risk_model"  # settings: the fitted model and the month it is for


# The backtest in one pass over the sample's deliveries up to ``on``: per
# customer, purchase days, first and last purchase, spend before ``back``,
# the latest purchase (after ``back``: kept), and the earliest run-out as of
# ``back`` of the products they bought (a plain stand-in for supply's
# forecast: the last purchase lasts as long as their past purchases of the
# product did, or, bought once, household size x per-person daily use).
BACKTEST_SQL = """
WITH s(id, size) AS (SELECT id, household_size FROM customers WHERE archived_at IS NULL
                     ORDER BY {order} LIMIT :n),
d AS (SELECT d.customer_id AS c, d.product_id AS p, d.date AS dt, SUM(d.quantity) AS q,
             SUM(d.amount_fen) AS a
      FROM s CROSS JOIN deliveries d ON d.customer_id = s.id
      WHERE d.source = 'us' AND d.deleted_at IS NULL AND d.date <= :on GROUP BY 1, 2, 3),
pp AS (SELECT c, p, MIN(dt) AS f, MAX(dt) AS l, SUM(q) AS tq, COUNT(*) AS nd
       FROM d WHERE dt <= :back GROUP BY c, p),
ro AS (SELECT pp.c, MIN(julianday(pp.l) + d.q * CASE WHEN pp.nd >= 2
                 THEN (julianday(pp.l) - julianday(pp.f)) / (pp.tq - d.q)
                 ELSE 1.0 / NULLIF(s.size * pr.per_person_daily, 0) END) AS runout
       FROM pp JOIN d ON d.c = pp.c AND d.p = pp.p AND d.dt = pp.l JOIN s ON s.id = pp.c
       JOIN products pr ON pr.id = pp.p GROUP BY pp.c)
SELECT g.n, g.f, g.l, g.spend, g.latest, ro.runout - julianday(:back)
FROM (SELECT c, COUNT(DISTINCT CASE WHEN dt <= :back THEN dt END) AS n, MIN(dt) AS f,
             MAX(CASE WHEN dt <= :back THEN dt END) AS l,
             SUM(CASE WHEN dt <= :back THEN a ELSE 0 END) AS spend, MAX(dt) AS latest
      FROM d GROUP BY c HAVING MIN(dt) <= :back) AS g
LEFT JOIN ro ON ro.c = g.c ORDER BY g.c
"""


def backtest(
    book: Book, on: date, holdout: int = HOLDOUT_DAYS, sample: int = FIT_SAMPLE
) -> tuple[list[RiskInput], list[bool], int]:
    """The book's own backtest: every buying active customer's ``RiskInput``
    as of ``back = on - holdout`` from their deliveries (days since, purchase
    days, tenure, spend, and the expected purchase from the run-outs of
    ``BACKTEST_SQL``, taken as ``input_of`` takes supply's) and whether they
    did not buy again up to ``on``. Over ``sample`` active customers, a
    deterministic sample of that many (by a hash of the id). Returns (inputs,
    lost, active customers)."""
    conn = book.conn
    back = on - timedelta(days=holdout)
    (n_active,) = conn.execute(
        "SELECT COUNT(*) FROM customers WHERE archived_at IS NULL"
    ).fetchone()
    order = "(id * 2654435761) % 4294967296, id" if n_active > sample else "id"
    rows = conn.execute(
        BACKTEST_SQL.format(order=order),
        {"n": sample, "back": back.isoformat(), "on": on.isoformat()},
    ).fetchall()
    inputs, lost = [], []
    for n_days, first, last, spend, latest, runout in rows:
        recency = (back - date.fromisoformat(last)).days
        gap = late = None
        if runout is not None and math.isfinite(runout):
            next_runout = math.floor(runout)  # whole days from back, as supply's dates
            if next_runout + recency > 0:
                gap, late = float(next_runout + recency), float(-next_runout)
        inputs.append(RiskInput(
            recency, n_days, (back - date.fromisoformat(first)).days, int(spend or 0), gap, late,
        ))  # fmt: skip
        lost.append(latest <= last)
    return inputs, lost, n_active


def fit_book_model(
    book: Book, on: date, holdout: int = HOLDOUT_DAYS, sample: int = FIT_SAMPLE
) -> RiskModel:
    """Fit the rhythm coefficients on the book's own backtest (``backtest``),
    shrunk towards DEFAULT_MODEL (``PRIOR_WEIGHT``); DEFAULT_MODEL when the
    book has too little history for a stable fit (fewer than ``MIN_SETTLED``
    customers with 3+ purchase days, or fewer than ``MIN_CLASS`` lost or kept)."""
    inputs, lost, _n = backtest(book, on, holdout, sample)
    settled = sum(1 for x in inputs if x.n_days >= 3)
    n_lost = sum(lost)
    if settled < MIN_SETTLED or min(n_lost, len(lost) - n_lost) < MIN_CLASS:
        return DEFAULT_MODEL
    fitted = fit_risk_model(inputs, lost, l2=PRIOR_WEIGHT, prior=DEFAULT_MODEL)
    if not all(math.isfinite(c) for c in fitted.coef):
        return DEFAULT_MODEL
    return replace(
        DEFAULT_MODEL, coef=tuple(round(c, 6) for c in fitted.coef),
        typical_gap_days=round(fitted.typical_gap_days, 6),
        fitted_month=on.strftime("%Y-%m"), fitted_customers=len(inputs),
    )  # fmt: skip


def _this_month() -> str:
    """The calendar month now (the cache never keeps a fit for a later one)."""
    return date.today().strftime("%Y-%m")


def book_model(book: Book, on: date, *, refit: bool = False) -> RiskModel:
    """The risk model the app uses on this book as of ``on``: its own fit
    (``fit_book_model``), cached in the book's settings (``MODEL_KEY``) and
    refitted at most once a month (the month of ``on``) or when ``refit``;
    DEFAULT_MODEL while the book is too young. A month before the cached
    one is fitted but not stored (looking back does not undo the cache); a
    book that cannot be written (in use elsewhere) still gets its fit."""
    month = on.strftime("%Y-%m")
    cached = book.settings().get(MODEL_KEY)
    if isinstance(cached, dict) and not refit:
        if cached.get("month") == month:
            model = _model_of(cached)
            if model is not None:
                return model
    model = fit_book_model(book, on)
    this_month = _this_month()
    if month > this_month:  # a look into the future is not kept (it would block the cache)
        return model
    kept = str(cached.get("month", "")) if isinstance(cached, dict) else ""
    if month < kept <= this_month:  # looking back does not replace this month's fit
        return model
    record = {"month": month, "on": on.isoformat(), "fitted": model.fitted_month is not None,
              "coef": list(model.coef), "typical_gap_days": model.typical_gap_days,
              "customers": model.fitted_customers}  # fmt: skip
    try:
        with book.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (MODEL_KEY, json.dumps(record)),
            )
            book._settings_cache = None
    except (SalesbookError, sqlite3.Error):
        pass  # read-only or in use: the fit stands for this call
    return model


def _model_of(record: dict) -> RiskModel | None:
    if not record.get("fitted"):
        return DEFAULT_MODEL
    try:
        coef = tuple(float(c) for c in record["coef"])
        gap = float(record["typical_gap_days"])
    except (KeyError, TypeError, ValueError):
        return None
    if len(coef) != len(FEATURES) or not all(math.isfinite(c) for c in (*coef, gap)):
        return None
    return replace(DEFAULT_MODEL, coef=coef, typical_gap_days=gap, fitted_month=record.get("month"),
                   fitted_customers=int(record.get("customers") or 0))  # fmt: skip


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
    book: Book,
    on: date,
    top: int = 20,
    *,
    by: str = "risk",
    min_score: int = 0,
    model: RiskModel | None = None,
) -> list[CustomerRisk]:
    """The customers most likely to be lost, each with the main reason.
    ``by='risk'``: highest risk first; ``by='value'``: most yearly spend at
    stake first (risk x yearly spend), so a slipping big customer comes before
    one lost long ago. Customers who never bought are not listed.

    Ranked in SQL (``risk_sql``); the leaders, and every customer whose SQL
    score is within ``SQL_SLACK`` of theirs, are then scored again with the
    Python rule (``scores``) and ranked exactly as ``at_risk_by_rule`` does.
    ``model`` defaults to the book's own (``book_model``); any coefficients
    work: the SQL carries them as parameters."""
    if top <= 0:
        return []
    model = model if model is not None else book_model(book, on)
    sql, params = risk_sql(book, on, model, cols="yearly" if by == "value" else "")
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
        best = _rank_exact(book, on, [r[0] for r in rows], top, by, min_score, model)
        lead_ids = {r[0] for r in lead}
        if len(best) == top and lead_ids <= set(_passing(book, on, lead_ids, min_score, model)):
            return best
        # the score floor cut into the leaders (within a hair of min_score): do it all
        rows = conn.execute(ranked, params).fetchall()
    return _rank_exact(book, on, [r[0] for r in rows], top, by, min_score, model)


def _passing(book: Book, on: date, ids, min_score: int, model: RiskModel) -> list[int]:
    rows = rows_for(book, on, list(ids), need="risk")
    return [c for c, v in scores(rows, model).items() if 100 * v >= min_score - 0.5]


def _rank_exact(
    book: Book, on: date, ids: list[int], top: int, by: str, min_score: int, model: RiskModel
) -> list[CustomerRisk]:
    """``at_risk_by_rule`` over the given customers only."""
    return _rank(rows_for(book, on, ids, need="risk"), top, by, min_score, model)


def _rank(
    rows: list[BaseRow], top: int, by: str, min_score: int, model: RiskModel
) -> list[CustomerRisk]:
    from .value import yearly_spend

    by_id = {r.id: r for r in rows}
    p = scores(rows, model)
    ids = [c for c, v in p.items() if 100 * v >= min_score - 0.5]
    if by == "value":
        key = {c: p[c] * yearly_spend(by_id[c]) for c in ids}
        best = heapq.nsmallest(top, ids, key=lambda c: (-key[c], -p[c], c))
    else:
        best = heapq.nsmallest(top, ids, key=lambda c: (-p[c], -(by_id[c].recency_days or 0), c))
    return [a for a in (assess(by_id[c], model) for c in best) if a is not None]


def at_risk_by_rule(
    book: Book,
    on: date,
    top: int = 20,
    *,
    by: str = "risk",
    min_score: int = 0,
    model: RiskModel | None = None,
) -> list[CustomerRisk]:
    """``at_risk`` with the Python rule over every customer's BaseRow (the
    reference the SQL ranking is tested against)."""
    model = model if model is not None else book_model(book, on)
    return _rank(base_rows(book, on, need="risk"), top, by, min_score, model)


def customer_risk(
    book: Book, customer_id: int, on: date, model: RiskModel | None = None
) -> CustomerRisk | None:
    """One customer's risk (None if they never bought); ``model`` defaults to
    the book's own (``book_model``)."""
    rows = base_rows(book, on, [customer_id])
    if not rows:
        return None
    return assess(rows[0], model if model is not None else book_model(book, on))
