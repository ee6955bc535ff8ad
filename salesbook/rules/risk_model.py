"""The loss-risk model itself, pure: a customer's rhythm in (``RiskInput``),
the chance they are lost out (``loss_probability``), its features, its fit by
logistic regression (``fit_risk_model``) and the AUC it is judged by. No book,
no SQL: insight/risk.py reads the inputs from the book, fits the book's own
model and explains each score (its module doc says what the features mean).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace


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
    # the rhythm of what they buy from us, over products bought on 2+ days
    # (customer_value's r_* sums): intervals, their total (days), and the
    # interval-weighted squared coefficient of variation over products bought
    # on 3+ days (its weight: their intervals)
    n_gaps: int = 0
    sum_gap_days: float = 0.0
    wcv2: float = 0.0
    n_cv_gaps: int = 0


@dataclass(frozen=True)
class RiskModel:
    """Coefficients of the intercept and the rhythm features (``FEATURES``),
    and the book's typical gap between purchases (days) for shrinking short
    histories.

    ``horizon_days``: the horizon the coefficients were fitted for (the
    backtest's hold-out); ``horizon_slope``: how the log-odds of "no purchase
    within h days" move with ln(h / horizon_days) (fitted on backtests at
    other horizons, ``fit_horizon_slope``), so ``loss_probability`` can be
    asked for another horizon than the one it was fitted for."""

    coef: tuple[float, ...]
    typical_gap_days: float = 30.0
    complaint_first: float = 1.5
    complaint_more: float = 0.5
    lapsed: float = 1.0
    slowing: float = 0.5
    fitted_month: str | None = None  # 'YYYY-MM' when fitted on the book (book_model)
    fitted_customers: int = 0  # how many customers that fit saw
    horizon_days: int = 120
    horizon_slope: float = -1.0
    horizon_slope_long: float | None = None  # beyond horizon_days (None: horizon_slope)

    def horizon_shift(self, horizon: float | None) -> float:
        """The log-odds to add for ``horizon`` days instead of ``horizon_days``:
        ``horizon_slope`` x ln(h / horizon_days) for a shorter horizon,
        ``horizon_slope_long`` for a longer one (the chance of no purchase falls
        more slowly past the usual rhythms than before them: one slope for both
        sides made p_lost too low at 240-270 days, CDNOW and simulated books)."""
        if horizon is None or horizon == self.horizon_days:
            return 0.0
        u = math.log(max(1.0, horizon) / self.horizon_days)
        slope = self.horizon_slope
        if u > 0 and self.horizon_slope_long is not None:
            slope = self.horizon_slope_long
        return slope * u

    def at_horizon(self, horizon: int) -> RiskModel:
        """The same model asked for ``horizon`` days: the intercept moved by
        ``horizon_shift`` (what every scorer, Python or SQL, then uses)."""
        shift = self.horizon_shift(horizon)
        return replace(self, coef=(self.coef[0] + shift, *self.coef[1:]), horizon_days=horizon)


FEATURES = (
    "intercept", "log_recency", "log_repeats", "late_z", "log_basket",
    "skip_evidence", "log_missed", "log_recency_sq",
)  # fmt: skip


# Fitted with fit_risk_model on a backtest of simulated books (tests/sim_risk.py,
# discrete purchases elsewhere, seeds 101-103, 2,000 households each; cut-off
# 120 days before the end; the horizon slopes from the same books' backtests at
# 60 days (shorter) and 180 days (longer)): ``bench/risk_auc.py --fit`` prints them. The books it
# reports on are other seeds.
DEFAULT_MODEL = RiskModel(
    coef=(-4.025, 0.3501, -0.1097, 0.9024, 0.074, 0.2936, -0.3024, 0.05859),
    typical_gap_days=15.9,
    horizon_days=120,
    horizon_slope=-0.510,
    horizon_slope_long=-0.562,
)

# The share of cycles a household buys elsewhere (whole deliveries from another
# shop: an interval of k times the usual one) before its own intervals say
# otherwise, and how many intervals that prior is worth.
SKIP_PRIOR = 0.15
SKIP_PRIOR_GAPS = 3.0
SKIP_RANGE = (0.02, 0.9)
MAX_MISSED = 6.0  # cycles: beyond that the evidence is no stronger


def usual_gap(x: RiskInput, typical_gap: float) -> float:
    """The customer's expected interval (days): the prediction, else their
    mean gap shrunk towards the book's typical gap (worth two gaps)."""
    if x.expected_gap_days is not None and x.expected_gap_days > 0:
        return float(x.expected_gap_days)
    repeats = max(0, x.n_days - 1)
    span = max(0, x.tenure_days - x.recency_days)
    return (span + 2.0 * typical_gap) / (repeats + 2.0)


def skip_share(x: RiskInput) -> float:
    """How often the household skips us for a cycle (0..1): the squared
    coefficient of variation of its intervals (for intervals that are k times
    a usual one, k geometric with skip chance s, CV^2 = s), shrunk towards
    ``SKIP_PRIOR`` (worth ``SKIP_PRIOR_GAPS`` intervals), within ``SKIP_RANGE``."""
    k = x.n_cv_gaps
    cv2 = x.wcv2 / k if k else 0.0
    s = (max(0.0, cv2) * k + SKIP_PRIOR * SKIP_PRIOR_GAPS) / (k + SKIP_PRIOR_GAPS)
    return min(SKIP_RANGE[1], max(SKIP_RANGE[0], s))


def cycle_days(x: RiskInput, gap: float, skip: float) -> float:
    """One consumption cycle (days): their mean interval between our
    deliveries with the skipped cycles taken out (mean x (1 - skip)), at least
    a day; ``gap`` (the expected interval) when they bought once."""
    if x.n_gaps > 0:
        return max(1.0, x.sum_gap_days / x.n_gaps * (1.0 - skip))
    return gap


def features(x: RiskInput, typical_gap: float) -> list[float]:
    """The model's features for one customer (see the module doc)."""
    gap = usual_gap(x, typical_gap)
    e = max(0, x.recency_days)
    late = x.late_days if x.late_days is not None else e - gap
    basket = x.spend_fen / max(1, x.n_days) / 100
    skip = skip_share(x)
    missed = min(MAX_MISSED, max(0.0, late) / cycle_days(x, gap, skip))
    lr = math.log1p(e)
    return [
        1.0,
        lr,
        math.log1p(max(0, x.n_days - 1)),
        math.log1p(max(0.0, late) / (3.0 + 0.1 * gap)),
        math.log1p(max(0.0, basket)),
        missed * -math.log(skip),
        math.log1p(missed),
        lr * lr,
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


def log_odds(x: RiskInput, model: RiskModel = DEFAULT_MODEL) -> float:
    """The model's log-odds that the customer is lost, for its own horizon."""
    f = features(x, model.typical_gap_days)
    return sum(c * v for c, v in zip(model.coef, f, strict=True)) + extras(x, model)


def loss_probability(
    x: RiskInput, model: RiskModel = DEFAULT_MODEL, horizon: float | None = None
) -> float:
    """Probability (0..1) that the customer buys nothing from us in the next
    ``horizon`` days (default: the model's own ``horizon_days``)."""
    return _sigmoid(log_odds(x, model) + model.horizon_shift(horizon))


def horizon_offset(z: Sequence[float], lost: Sequence[bool], iterations: int = 60) -> float:
    """The one constant b that, added to the log-odds ``z``, makes the mean
    predicted loss equal the share ``lost``: bisection in [-OFFSET_BOUND,
    OFFSET_BOUND] (the predicted total only grows with b, so it cannot run off
    where the curve is flat as Newton steps did; numpy, as ``fit_risk_model``)."""
    import numpy as np

    zv = np.asarray(z, dtype=float)
    n_lost = float(sum(1 for v in lost if v))
    if not len(zv) or n_lost in (0.0, float(len(zv))):
        return 0.0
    lo, hi = -OFFSET_BOUND, OFFSET_BOUND
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        p = 1.0 / (1.0 + np.exp(-np.clip(zv + mid, -700.0, 700.0)))
        if float(np.sum(p)) < n_lost:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


OFFSET_BOUND = 20.0  # log-odds: a shift beyond this is no calibration but a broken backtest


def fit_horizon_slope(
    base_horizon: float, backtests: Sequence[tuple[float, Sequence[float], Sequence[bool]]]
) -> float | None:
    """How the log-odds of "no purchase within h days" move with ln(h / base):
    for each backtest (h, log-odds of the model fitted for ``base_horizon``,
    lost within h), the constant that calibrates it (``horizon_offset``), then
    the least-squares slope of those constants on ln(h / base) through the
    origin (the model is calibrated at its own horizon). None without a
    backtest at another horizon."""
    num = den = 0.0
    for h, z, lost in backtests:
        if h <= 0 or h == base_horizon:
            continue
        u = math.log(h / base_horizon)
        num += u * horizon_offset(z, lost)
        den += u * u
    if den <= 0:
        return None
    return num / den


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
    # numpy (already here: matplotlib needs it) for the Newton steps: 20,000
    # customers x 8 features in a few milliseconds a step
    import numpy as np

    x = np.asarray(rows, dtype=float).reshape(len(rows), k)
    yv = np.asarray(y, dtype=float)
    pen_v, centre_v = np.asarray(pen), np.asarray(centre)
    wv = np.asarray(w)
    for _ in range(iterations):
        z = np.clip(x @ wv, -700.0, 700.0)
        p = 1.0 / (1.0 + np.exp(-z))
        grad = x.T @ (yv - p) - pen_v * (wv - centre_v)
        hess = (x * (p * (1.0 - p))[:, None]).T @ x + np.diag(pen_v)
        step = np.asarray(_solve(hess.tolist(), grad.tolist()))
        wv = wv + step
        if not len(step) or float(np.max(np.abs(step))) < 1e-6:
            break
    w = [float(c) for c in wv]
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
