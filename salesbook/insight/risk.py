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
* ``log(1 + spend per purchase in yuan)``;
* the consumption model's evidence of a lost customer: the cycles missed
  since the expected purchase, ``missed`` = days past it / one consumption
  cycle (their mean interval with the skipped cycles taken out), at most 6;
  how often they skip us for a cycle, ``skip`` (intervals that are k times
  the usual one are whole deliveries bought elsewhere: the squared
  coefficient of variation of their intervals estimates the skip chance,
  shrunk towards 15%); then ``missed x -ln(skip)`` (-ln of the chance that a
  household still with us skipped that many cycles: a steady household two
  cycles late is strong evidence, a partial-share one is not) and
  ``log(1 + missed)``;
* ``log(1 + days since)`` squared (the effect of silence is not linear).

Then the book-only signals, with fixed weights (no public data has them):
open complaints (+1.5 for the first, +0.5 for each more: an open complaint is
the strongest sign a customer is about to leave), the share of their products
past run-out by more than ``at_risk_days`` while they still buy others
(+1.0 x share: falling share of wallet), and products whose recent rate is
below 75% of their long-run rate (+0.5 x share).

The result is a probability, ``p_lost``: the chance the customer buys
nothing from us in the next 120 days (``CustomerRisk.p_lost``; ``score`` is
it x 100, rounded). For another horizon h (``RiskModel.at_horizon``, ``risk
--horizon``) its log-odds move by ``slope x ln(h / 120)``, one slope for
shorter horizons fitted on the book's backtest at 60 days, one for longer
ones on its backtest at 180 days (``book_horizon_slopes``):
the model is calibrated for the period it is asked about. ``DEFAULT_MODEL``'s coefficients were fitted
(``fit_risk_model``) on the backtests of simulated books (tests/sim_risk.py,
seeds 101-103). What the app, the CLI and the Value view use is
``book_model``: the same coefficients fitted by logistic regression on the
book's own backtest (customers active 120 days ago, features as of then from
its deliveries, label = no purchase since), shrunk towards the default ones:
the fit is the calibration (the book's own share of lost customers, its own
weights). It is refitted once a month off the user's path (``monthly``:
the CLI after the first write of a month, the window after start-up) and
stored in the book's settings; a view only reads it (the previous month's
until the new one is stored; the default while the book is too young for a
stable fit). ``bench/risk_auc.py`` prints AUC and calibration by deciles on
simulated books (other seeds) and on the CDNOW data set, against BG/NBD and
plain recency.
"""

from __future__ import annotations

import heapq
import json
import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..rules.risk_model import (  # noqa: F401 - the model's names, here too
    DEFAULT_MODEL,
    FEATURES,
    MAX_MISSED,
    SKIP_PRIOR,
    SKIP_PRIOR_GAPS,
    SKIP_RANGE,
    RiskInput,
    RiskModel,
    auc,
    cycle_days,
    extras,
    features,
    fit_horizon_slope,
    fit_risk_model,
    horizon_offset,
    log_odds,
    loss_probability,
    skip_share,
    typical_gap_of,
    usual_gap,
)
from ..store.book import Book
from .value_base import BaseRow, base_rows, rows_for

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
    p_lost: float = 0.0  # the probability behind ``score``: no purchase in the model's horizon

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
        int(row.r_gaps or 0), float(row.r_sum_gap or 0.0), float(row.r_wcv2 or 0.0),
        int(row.r_kcv or 0),
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
        round(usual_gap(x, model.typical_gap_days)), x.open_complaints, p,
    )  # fmt: skip


def scores(rows: list[BaseRow], model: RiskModel = DEFAULT_MODEL) -> dict[int, float]:
    """Customer id -> loss probability for every buying customer (``loss_probability``
    of ``input_of`` each row)."""
    out = {}
    for r in rows:
        x = input_of(r)
        if x is not None:
            out[r.id] = loss_probability(x, model)
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
d AS MATERIALIZED (SELECT d.customer_id AS c, d.product_id AS p, d.date AS dt,
             julianday(d.date) AS jd, SUM(d.quantity) AS q,
             SUM(d.amount_fen) AS a
      FROM s CROSS JOIN deliveries d ON d.customer_id = s.id
      WHERE d.source = 'us' AND d.deleted_at IS NULL AND d.date <= :on GROUP BY 1, 2, 3),
pp AS (SELECT c, p, MIN(dt) AS f, MAX(dt) AS l, SUM(q) AS tq, COUNT(*) AS nd
       FROM d WHERE dt <= :back GROUP BY c, p),
ro AS (SELECT pp.c, MIN(julianday(pp.l) + d.q * CASE WHEN pp.nd >= 2
                 THEN (julianday(pp.l) - julianday(pp.f)) / (pp.tq - d.q)
                 ELSE 1.0 / NULLIF(s.size * pr.per_person_daily, 0) END) AS runout
       FROM pp JOIN d ON d.c = pp.c AND d.p = pp.p AND d.dt = pp.l JOIN s ON s.id = pp.c
       JOIN products pr ON pr.id = pp.p GROUP BY pp.c),
gp AS (SELECT c, p, jd - LAG(jd) OVER (PARTITION BY c, p ORDER BY dt) AS g
       FROM d WHERE dt <= :back),
gs AS (SELECT c, p, COUNT(g) AS ng, SUM(g) AS s1, SUM(g * g) AS s2 FROM gp GROUP BY c, p),
rv AS (SELECT c, SUM(CASE WHEN ng >= 1 THEN ng END) AS r_gaps,
              SUM(CASE WHEN ng >= 1 THEN s1 END) AS r_sum_gap,
              SUM(CASE WHEN ng >= 2 AND s1 > 0 THEN ng * (s2 * ng / (s1 * s1) - 1) END) AS r_wcv2,
              SUM(CASE WHEN ng >= 2 AND s1 > 0 THEN ng END) AS r_kcv
       FROM gs GROUP BY c)
SELECT g.n, g.f, g.l, g.spend, g.latest, ro.runout - julianday(:back),
       rv.r_gaps, rv.r_sum_gap, rv.r_wcv2, rv.r_kcv
FROM (SELECT c, COUNT(DISTINCT CASE WHEN dt <= :back THEN dt END) AS n, MIN(dt) AS f,
             MAX(CASE WHEN dt <= :back THEN dt END) AS l,
             SUM(CASE WHEN dt <= :back THEN a ELSE 0 END) AS spend, MAX(dt) AS latest
      FROM d GROUP BY c HAVING MIN(dt) <= :back) AS g
LEFT JOIN ro ON ro.c = g.c LEFT JOIN rv ON rv.c = g.c ORDER BY g.c
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
    for n_days, first, last, spend, latest, runout, n_gaps, sum_gap, wcv2, n_cv in rows:
        recency = (back - date.fromisoformat(last)).days
        gap = late = None
        if runout is not None and math.isfinite(runout):
            next_runout = math.floor(runout)  # whole days from back, as supply's dates
            if next_runout + recency > 0:
                gap, late = float(next_runout + recency), float(-next_runout)
        inputs.append(RiskInput(
            recency, n_days, (back - date.fromisoformat(first)).days, int(spend or 0), gap, late,
            n_gaps=int(n_gaps or 0), sum_gap_days=float(sum_gap or 0.0),
            wcv2=float(wcv2 or 0.0), n_cv_gaps=int(n_cv or 0),
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
    fitted = replace(fitted, horizon_days=holdout)
    short, long = book_horizon_slopes(book, on, fitted, min(sample, HORIZON_SAMPLE))
    if short is None and long is None:
        short, long = DEFAULT_MODEL.horizon_slope, DEFAULT_MODEL.horizon_slope_long
    elif short is None or long is None:  # one side measured: it stands for both
        short = long = short if short is not None else long
    return replace(
        DEFAULT_MODEL, coef=tuple(round(c, 6) for c in fitted.coef),
        typical_gap_days=round(fitted.typical_gap_days, 6),
        fitted_month=on.strftime("%Y-%m"), fitted_customers=len(inputs),
        horizon_days=holdout, horizon_slope=round(short, 6),
        horizon_slope_long=None if long is None else round(long, 6),
    )  # fmt: skip


# The horizons (x the fitted one) of the backtests that tell how the chance of
# no purchase grows with the horizon (``fit_horizon_slope``), and how many
# customers they sample at most (one number to fit: a few thousand pin it down
# and keep the monthly refit of a 100k book close to its old time)
HORIZON_PROBES = (0.5, 1.5)
HORIZON_SAMPLE = 5_000


def book_horizon_slope(
    book: Book,
    on: date,
    model: RiskModel,
    sample: int = HORIZON_SAMPLE,
    probes: tuple[float, ...] = HORIZON_PROBES,
) -> float | None:
    """``fit_horizon_slope`` of ``model`` (fitted for ``model.horizon_days``)
    on the book's backtests at the ``probes`` horizons (x the model's) that
    have at least ``MIN_CLASS`` lost and kept customers; None if none has."""
    tests = []
    for k in probes:
        h = round(model.horizon_days * k)
        inputs, lost, _n = backtest(book, on, h, sample)
        n_lost = sum(lost)
        if min(n_lost, len(lost) - n_lost) >= MIN_CLASS:
            tests.append((h, [log_odds(x, model) for x in inputs], lost))
    slope = fit_horizon_slope(model.horizon_days, tests)
    # a longer horizon can only make "no purchase in it" less likely: a slope
    # above 0 (or beyond the offsets' bound) is a small book's noise, not a fit
    if slope is None or not math.isfinite(slope) or not -10.0 <= slope <= 0.0:
        return None
    return slope


def book_horizon_slopes(
    book: Book, on: date, model: RiskModel, sample: int = HORIZON_SAMPLE
) -> tuple[float | None, float | None]:
    """(shorter, longer): ``book_horizon_slope`` from the probes below the
    model's horizon and from those above it (RiskModel.horizon_shift)."""
    short = tuple(k for k in HORIZON_PROBES if k < 1.0)
    long = tuple(k for k in HORIZON_PROBES if k > 1.0)
    return (
        book_horizon_slope(book, on, model, sample, short) if short else None,
        book_horizon_slope(book, on, model, sample, long) if long else None,
    )


def book_model(book: Book, on: date | None = None, *, refit: bool = False) -> RiskModel:
    """The risk model the app uses on this book: its own fit as the last
    monthly refit stored it (``refit_job``, run off the user's path by
    ``monthly``), else DEFAULT_MODEL (a young book, or none stored yet). Never
    fits, so a view never waits for a refit: the first call of a month uses
    the previous month's fit until the new one is stored. ``refit``: fit now
    and store it (``on``, default today, is the day of the fit), as the
    monthly job would."""
    if refit:
        day = on or date.today()
        model = fit_book_model(book, fit_day(book, day))
        store_model(book, day, model)
        return model
    cached = book.settings().get(MODEL_KEY)
    if isinstance(cached, dict):
        model = _model_of(cached)
        if model is not None:
            return model
    return DEFAULT_MODEL


def fit_day(book: Book, today: date) -> date:
    """The day the monthly refit is for: today, or the newest delivery in the
    book if that is earlier (a book kept up to an older day fits on its own
    latest 120 days, not on an empty stretch after them)."""
    (newest,) = book.conn.execute(
        "SELECT MAX(date) FROM deliveries WHERE deleted_at IS NULL AND source = 'us'"
    ).fetchone()
    if newest is None:
        return today
    return min(today, date.fromisoformat(newest))


def store_model(book: Book, today: date, model: RiskModel) -> None:
    """Keep ``model`` as the book's (settings ``MODEL_KEY``) and mark the
    monthly refit done for ``today``'s month, in one transaction."""
    from ..store import monthly

    record = {"month": today.strftime("%Y-%m"), "on": today.isoformat(),
              "fitted": model.fitted_month is not None, "coef": list(model.coef),
              "typical_gap_days": model.typical_gap_days,
              "customers": model.fitted_customers, "fitted_on": model.fitted_month,
              "horizon_days": model.horizon_days, "horizon_slope": model.horizon_slope,
              "horizon_slope_long": model.horizon_slope_long}  # fmt: skip
    with book.transaction() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (MODEL_KEY, json.dumps(record)),
        )
        monthly.mark_done(conn, book, "risk_model", today)
        book._settings_cache = None


def _register_refit() -> None:
    from ..store import monthly

    monthly.register(monthly.MonthlyJob(
        "risk_model",
        compute=lambda book, today: fit_book_model(book, fit_day(book, today)),
        store=store_model,
    ))  # fmt: skip


def _model_of(record: dict) -> RiskModel | None:
    if not record.get("fitted"):
        return DEFAULT_MODEL
    try:
        coef = tuple(float(c) for c in record["coef"])
        gap = float(record["typical_gap_days"])
        # a fit stored before the horizon was kept: fitted for 120 days
        hdays = int(record.get("horizon_days") or DEFAULT_MODEL.horizon_days)
        slope = float(record.get("horizon_slope", DEFAULT_MODEL.horizon_slope))
        # a fit stored before the longer horizons had their own slope: one for both
        long = record.get("horizon_slope_long", slope if "horizon_slope" in record else
                          DEFAULT_MODEL.horizon_slope_long)  # fmt: skip
        long = None if long is None else float(long)
    except (KeyError, TypeError, ValueError):
        return None
    if len(coef) != len(FEATURES) or hdays <= 0:
        return None
    if not all(math.isfinite(c) for c in (*coef, gap, slope, 0.0 if long is None else long)):
        return None
    return replace(DEFAULT_MODEL, coef=coef, typical_gap_days=gap, fitted_month=record.get("fitted_on") or record.get("month"),
                   fitted_customers=int(record.get("customers") or 0),
                   horizon_days=hdays, horizon_slope=slope, horizon_slope_long=long)  # fmt: skip


# How far the SQL score (ln(1 + x) for log1p) may be from the Python one: far
# more than the last-bit differences it can have, far less than a score point.
SQL_SLACK = 1e-9


RISK_COLS = (
    "recency n_days tenure spend next_runout n_products n_lapsed n_slowing complaints"
    " r_gaps r_sum_gap r_wcv2 r_kcv"
)
BUYING = "AND v.n_days > 0 AND v.last_day IS NOT NULL AND v.first_day IS NOT NULL"


def risk_levels(model: RiskModel = DEFAULT_MODEL) -> tuple[str, str, dict]:
    """The model as two SQL levels over the columns ``RISK_COLS`` of
    ``value_base.base_sql`` (buying customers: ``BUYING``): the usual gap
    ``gap`` (float), whether it is a prediction ``predicted``, the skip share
    ``skip`` and the mean interval ``mgap``; then the loss probability ``p``,
    with ln(1 + x) for log1p: equal to ``scores`` up to the last bits (see
    ``SQL_SLACK``). Returns (first, second, parameters)."""
    c0, c1, c2, c4, c5, c6, c7, c8 = model.coef
    params = {"c0": c0, "c1": c1, "c2": c2, "c4": c4, "c5": c5, "c6": c6, "c7": c7, "c8": c8,
              "tg2": 2.0 * model.typical_gap_days, "cf": model.complaint_first,
              "cm": model.complaint_more, "cl": model.lapsed, "cs": model.slowing,
              "sp0": SKIP_PRIOR * SKIP_PRIOR_GAPS, "spg": SKIP_PRIOR_GAPS,
              "smin": SKIP_RANGE[0], "smax": SKIP_RANGE[1], "mm": MAX_MISSED}  # fmt: skip
    pred = "next_runout IS NOT NULL AND next_runout + recency > 0"
    kk = "COALESCE(r_kcv, 0)"
    first = (
        f"CASE WHEN {pred} THEN next_runout + recency"
        " ELSE (MAX(0, tenure - recency) + :tg2) / (n_days + 1.0) END AS gap,"
        f" CASE WHEN {pred} THEN 1 ELSE 0 END AS predicted,"
        f" MIN(:smax, MAX(:smin, (CASE WHEN {kk} > 0 THEN MAX(0.0, r_wcv2 * 1.0 / r_kcv)"
        f" ELSE 0.0 END * {kk} + :sp0) / ({kk} + :spg))) AS skip,"
        " CASE WHEN r_gaps > 0 THEN r_sum_gap * 1.0 / r_gaps END AS mgap"
    )
    late = "(CASE WHEN predicted THEN -next_runout ELSE MAX(0, recency) - gap END)"
    cycle = "(CASE WHEN mgap IS NOT NULL THEN MAX(1.0, mgap * (1.0 - skip)) ELSE gap * 1.0 END)"
    missed = f"MIN(:mm, MAX(0.0, {late}) * 1.0 / {cycle})"
    lr = "ln(1 + MAX(0, recency))"
    z = (
        f":c0 + :c1 * {lr} + :c2 * ln(n_days)"
        f" + :c4 * ln(1 + MAX(0.0, {late}) / (3.0 + 0.1 * gap))"
        " + :c5 * ln(1 + MAX(0.0, spend * 1.0 / n_days / 100))"
        f" + :c6 * ({missed} * -ln(skip)) + :c7 * ln(1 + {missed}) + :c8 * ({lr} * {lr})"
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
    from .value_base import yearly_spend

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


_register_refit()
