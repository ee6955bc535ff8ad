"""Consumption and run-out: pure functions over plain data (no database).

Units: quantities in the product's unit (kg, bottles...), rates in units per
day, dates as ``datetime.date``. Nothing here reads the clock.

The daily rate blends two sources (domain brief, "Consumption and run-out"):

* the *prior*: an explicit per-customer rate, else household size x the
  product's per-person daily rate;
* the *observed* rate: what the delivery history shows.

History is trusted more as it grows (:func:`fit_history`). An interval about
k times the usual one is a gap in which the household bought elsewhere
(:func:`elsewhere_gaps`): it lowers the share of wallet, not the consumption
rate. The rate is fitted to *when* the customer reordered given what we
delivered, with the stock
carried over between deliveries, robustly (one very late order or a double
pack does not throw it), with recent intervals weighing more and a rate change
detected and followed. The prior is a soft pull whose weight fades as
intervals accumulate. Checked against an oracle on simulated households:
``bench/forecast_sim.py`` (simulator in ``tests/sim_households.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

STATUSES = ("upcoming", "due", "overdue", "at_risk")


@dataclass(frozen=True)
class Delivery:
    """One delivery of one product to one customer. ``source`` is 'us' or
    'elsewhere' (the customer told us they bought it elsewhere)."""

    date: date
    quantity: float
    source: str = "us"


@dataclass(frozen=True)
class SupplyEstimate:
    """What the book believes about one customer x product."""

    prior_rate: float | None  # units/day from the rule of thumb or override
    observed_rate: float | None  # units/day from the delivery history
    rate: float | None  # the blended rate used for predictions
    rate_source: str  # 'none' | 'prior' | 'history' | 'blend'
    n_deliveries: int
    first_date: date
    last_date: date
    stock_at_last: float  # units on hand just after the last delivery
    runout_date: date | None
    bought_us: float  # units bought from us over the whole history
    bought_elsewhere: float  # units the customer reported buying elsewhere
    share_of_wallet: float | None  # 0..1, bought from us / estimated need


def prior_rate(
    override: float | None, household_size: int | None, per_person_daily: float | None
) -> float | None:
    """The rule-of-thumb rate (units/day): an override wins, else size x per-person rate."""
    if override is not None and override > 0:
        return float(override)
    if household_size and per_person_daily and household_size > 0 and per_person_daily > 0:
        return float(household_size) * float(per_person_daily)
    return None


def merge_same_day(deliveries: list[Delivery]) -> list[Delivery]:
    """Sort by date and add up deliveries made on the same day (source 'us' wins).

    The sum is exact-rounded (math.fsum), so the result does not depend on the
    order the deliveries come in."""
    if all(a.date < b.date for a, b in zip(deliveries, deliveries[1:], strict=False)):
        return list(deliveries)  # already one per day, in order (the common case)
    merged: dict[date, tuple[list[float], str]] = {}
    for d in sorted(deliveries, key=lambda d: d.date):
        if d.date in merged:
            quantities, source = merged[d.date]
            quantities.append(d.quantity)
            if d.source == "us":
                merged[d.date] = (quantities, "us")
        else:
            merged[d.date] = ([d.quantity], d.source)
    return [Delivery(day, math.fsum(qs), src) for day, (qs, src) in merged.items()]


def observed_rate(deliveries: list[Delivery]) -> float | None:
    """Units delivered before the last delivery / days from first to last delivery.

    None with fewer than two delivery days."""
    ds = merge_same_day(deliveries)
    if len(ds) < 2:
        return None
    days = (ds[-1].date - ds[0].date).days
    if days <= 0:
        return None
    return sum(d.quantity for d in ds[:-1]) / days


def blend_rate(
    prior: float | None,
    deliveries: list[Delivery],
    prior_weight_days: float = 45.0,
    **tuning: float,
) -> tuple[float | None, float | None, str]:
    """The rate to predict with: (rate, observed, source).

    ``rate`` is the fitted rate of :func:`fit_history` (prior + the timing of
    the reorders); ``observed`` is the plain :func:`observed_rate`. With no
    prior the history is used alone ('history'); with a single delivery day the
    prior alone ('prior'); with neither there is no rate ('none').
    """
    ds = merge_same_day(deliveries)
    observed = observed_rate(ds)
    prior = _valid(prior)
    rate, _stock = fit_history(prior, ds, prior_weight_days=prior_weight_days, **tuning)
    return rate, observed, _source(prior, ds, rate)


def _valid(rate: float | None) -> float | None:
    """A usable rate (positive, finite) or None."""
    if rate is None or not math.isfinite(rate) or rate <= 0:
        return None
    return float(rate)


def _source(prior: float | None, ds: list[Delivery], rate: float | None) -> str:
    if rate is None:
        return "none"
    if len(ds) < 2 or sum(d.quantity for d in ds[:-1]) <= 0:
        return "prior"
    return "history" if prior is None else "blend"


# An interval longer than ELSEWHERE_RATIO x the usual one for its quantity is a
# gap in which the household bought elsewhere (the book's own backtest may
# choose another: forecast_fit). A rate outside FAR_RANGE x the rule of thumb
# needs FAR_EVIDENCE normal intervals.
ELSEWHERE_RATIO = 1.6
FAR_RANGE = (0.4, 2.5)
FAR_EVIDENCE = 2
_EMPTY = 10**7  # days: an elsewhere gap, long enough to use up any stock


def _median(xs: list[float]) -> float:
    """The median (geometric mean of the middle two for an even count)."""
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else math.sqrt(s[n // 2 - 1] * s[n // 2])


def elsewhere_gaps(
    qs: list[float],
    gaps: list[int],
    ratio: float,
    margin_days: float = 7.0,
    min_intervals: int = 3,
    prior: float | None = None,
) -> list[bool]:
    """Per interval: is it a gap in which the household bought elsewhere?

    Each interval says the quantity delivered at its start lasted its length:
    an implied pace (units/day); the usual pace is their median. An interval
    longer than ``ratio`` x what the usual pace gives for its quantity, and by
    more than ``margin_days`` (a week: more than a late reorder), is such a
    gap; but three or more of them in a row at the end are the household's new
    pace (someone moved out, or it now buys half elsewhere every time), not
    gaps. ``ratio`` 0: none is; with fewer than ``min_intervals`` intervals
    the rule of thumb (``prior``) votes as one more pace, so two intervals
    that disagree (one bag lasting 88 days, the next 600) are told apart by
    the one the household's size agrees with; without a prior, or with a
    single interval, none is (not enough evidence to tell)."""
    if not ratio or len(gaps) == 0:
        return [False] * len(gaps)
    paces = [q / g for q, g in zip(qs, gaps, strict=False) if q > 0 and g > 0]
    if len(paces) < min_intervals:
        if prior is None or prior <= 0 or len(paces) < 2:
            return [False] * len(gaps)
        paces = [*paces, prior]
    usual = _median(paces)
    mask = [
        q > 0 and g > 0 and g * usual > ratio * q and g - q / usual > margin_days
        for q, g in zip(qs, gaps, strict=False)
    ]
    run = 0
    while run < len(mask) and mask[-1 - run]:
        run += 1
    if run >= 3:  # long every time lately: a new pace (moved out, buys elsewhere now)
        mask[-run:] = [False] * run
    return mask


def _noise_scales(
    gaps: list[int], sigma: float, rel: float, decay: float, mask: list[bool] | None = None
) -> tuple[list[float], list[float]]:
    """Per interval: weight (recency x days per noise unit) and 1 / noise (days);
    an interval in ``mask`` (an elsewhere gap) weighs nothing."""
    m = len(gaps)
    weight = [0.0] * m
    inv_s = [0.0] * m
    w = 1.0
    for i in range(m - 1, -1, -1):
        s = sigma + rel * gaps[i]
        weight[i] = 0.0 if mask and mask[i] else w * gaps[i] / s
        inv_s[i] = 1.0 / s
        w *= decay
    return weight, inv_s


def _score(
    log_rate: float,
    qs: list[float],
    gaps: list[int],
    weight: list[float],
    inv_s: list[float],
    huber: float,
    stock0: float,
    log_prior: float | None,
    prior_precision: float,
    prior_clip: float,
) -> float:
    """Estimating equation in log(rate); increasing in log_rate, root = the fit.

    Each interval contributes its clipped (Huber) standardised timing residual:
    observed gap minus the gap the tracked stock predicts at this rate."""
    r = math.exp(log_rate)
    stock = stock0
    total = 0.0
    for i, g in enumerate(gaps):
        u = (g - stock / r) * inv_s[i]
        if u > huber:
            u = huber
        elif u < -huber:
            u = -huber
        total += weight[i] * u
        stock -= r * g
        if stock < 0.0:
            stock = 0.0
        stock += qs[i + 1]
    if log_prior is not None:
        d = log_rate - log_prior
        if d > prior_clip:
            d = prior_clip
        elif d < -prior_clip:
            d = -prior_clip
        total += prior_precision * d
    return total


def _bisect(args: tuple, lo: float, hi: float, iters: int) -> float:
    """The root of the (increasing) score in [lo, hi], to within the width of
    ``iters`` halvings of the bracket, as plain bisection would give it but in
    about a third of the score evaluations: regula falsi with the Illinois
    step (the end that has not moved for two steps has its score halved, so
    both ends close in). An end where the score has no sign change is
    returned as bisection would."""
    tol = (hi - lo) / (1 << iters)
    f_lo = _score(lo, *args)
    if f_lo > 0.0:
        return lo
    f_hi = _score(hi, *args)
    if f_hi <= 0.0:
        return hi
    side = 0
    for _ in range(4 * iters):
        if hi - lo <= tol:
            break
        x = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        if not lo < x < hi:
            x = 0.5 * (lo + hi)
        fx = _score(x, *args)
        if fx > 0.0:
            hi, f_hi = x, fx
            if side == 1:
                f_lo *= 0.5
            side = 1
        else:
            lo, f_lo = x, fx
            if side == -1:
                f_hi *= 0.5
            side = -1
    return 0.5 * (lo + hi)


def _carry(stock: float, rate: float, qs: list[float], gaps: list[int], start: int) -> float:
    for i in range(start, len(gaps)):
        stock = max(0.0, stock - rate * gaps[i]) + qs[i + 1]
    return stock


def fit_history(
    prior: float | None,
    deliveries: list[Delivery],
    *,
    elsewhere_ratio: float = ELSEWHERE_RATIO,
    elsewhere_margin: float = 7.0,
    **tuning: float,
) -> tuple[float | None, float]:
    """The household's consumption rate (units/day) and the stock just after
    the last delivery: :func:`fit_timing` with the gaps in which it bought
    elsewhere left out (:func:`elsewhere_gaps`: they lower the share of
    wallet, not the rate), and a rate outside FAR_RANGE x the rule of thumb
    only when FAR_EVIDENCE normal intervals are themselves that far, on the
    same side (else the rate stops at the range's edge; the stock is the
    fit's, the one that explains the reorders)."""
    ds = merge_same_day(deliveries)
    prior = _valid(prior)
    qs = [max(0.0, float(d.quantity)) for d in ds]
    gaps = [(b.date - a.date).days for a, b in zip(ds, ds[1:], strict=False)]
    mask = elsewhere_gaps(qs, gaps, elsewhere_ratio, elsewhere_margin, prior=prior)
    rate, stock = fit_timing(prior, ds, elsewhere=mask, **tuning)
    if prior is None or rate is None or len(ds) < 2:
        return rate, stock
    lo, hi = FAR_RANGE[0] * prior, FAR_RANGE[1] * prior
    # Evidence for a far rate: normal intervals whose own pace is far on the
    # same side (one bag that lasted 600 days among usual ones is not).
    paces = [q / g for q, g, e in zip(qs, gaps, mask, strict=False) if q > 0 and g > 0 and not e]
    if rate < lo and sum(1 for p in paces if p < lo) < FAR_EVIDENCE:
        rate = lo
    elif rate > hi and sum(1 for p in paces if p > hi) < FAR_EVIDENCE:
        rate = hi
    return rate, stock


def fit_timing(
    prior: float | None,
    deliveries: list[Delivery],
    *,
    prior_weight_days: float = 45.0,
    noise_days: float = 2.0,
    noise_rel: float = 0.03,
    half_life: float = 12.0,
    huber: float = 1.5,
    change_threshold: float = 3.0,
    elsewhere: list[bool] | None = None,
) -> tuple[float | None, float]:
    """The fitted daily rate and the stock just after the last delivery.

    Model: each delivery tops up the stock (what was left, never below zero,
    plus what came) and the customer reorders around the day it runs out, a
    few days early or late. The rate is the root of a robust estimating
    equation in log(rate): for each interval, the observed gap minus the gap
    the tracked stock predicts, in units of the reorder noise
    (``noise_days + noise_rel x gap``, rescaled by the residuals actually
    seen), clipped at ``huber`` so one very late or early order cannot drag
    it, weighted by the interval's length over its noise (a long interval
    pins the rate better) and by recency (``half_life`` in intervals). A
    double pack simply lasts twice as long, which the stock tracking
    expects, so it is no outlier.

    The prior is a (clipped, heavy-tailed) pull towards log(prior) with a
    spread of 0.35 in log terms (+-40%) at the default ``prior_weight_days``;
    its weight scales with ``prior_weight_days`` while each interval of g days
    counts about (g / noise)^2, so history takes over after one or two
    intervals when they are long and after several when they are short.

    A rate change (someone moved in or out) shows as a run of same-signed
    residuals at the end; when their standardised sum exceeds
    ``change_threshold`` the rate is refitted on the intervals since the change
    and the stock carried over with the old rate up to it.

    ``elsewhere``: per interval, a gap in which the household bought
    elsewhere (:func:`elsewhere_gaps`): it counts for nothing and uses up the
    stock (None: every interval counts).

    Returns (None, stock) with neither prior nor two delivery days; with one
    delivery day (prior, its quantity). Pure and O(n): ~60 passes over the
    intervals.
    """
    ds = merge_same_day(deliveries)
    if not ds:
        return prior, 0.0
    qs = [max(0.0, float(d.quantity)) for d in ds]
    prior = _valid(prior)
    gaps = [(ds[i + 1].date - ds[i].date).days for i in range(len(ds) - 1)]
    m = len(gaps)
    units = sum(qs[:-1])
    if m == 0 or units <= 0:
        if prior is None:
            return None, _carry(qs[0], 0.0, qs, gaps, 0)
        return prior, _carry(qs[0], prior, qs, gaps, 0)
    decay = 0.5 ** (1.0 / half_life) if half_life and half_life > 0 else 1.0
    center = math.log(units / sum(gaps))
    mask = list(elsewhere) if elsewhere and len(elsewhere) == m else [False] * m
    if any(mask):
        # An elsewhere gap says nothing about the rate, and what we delivered
        # before it is used up by its end: a huge gap there empties the stock.
        gaps = [_EMPTY if e else g for g, e in zip(gaps, mask, strict=True)]
    lo, hi = center - 3.0, center + 3.0
    log_prior = None
    prior_precision = 0.0
    prior_clip = 0.0
    if prior is not None:
        log_prior = math.log(prior)
        sd = 0.35 * math.sqrt(45.0 / max(prior_weight_days, 1e-9))
        prior_precision = 1.0 / (sd * sd)
        prior_clip = 2.0 * sd
        lo, hi = min(lo, log_prior - 3.0), max(hi, log_prior + 3.0)

    # Pass 1 with the assumed reorder noise.
    weight, inv_s = _noise_scales(gaps, noise_days, noise_rel, decay, mask)
    args = (qs, gaps, weight, inv_s, huber, qs[0], log_prior, prior_precision, prior_clip)
    lr = _bisect(args, lo, hi, 22)
    if m < 2:
        r = math.exp(lr)
        return r, _carry(qs[0], r, qs, gaps, 0)

    # Pass 2: rescale the noise by what the residuals show (3 pseudo-intervals
    # at the assumed noise; never below 0.7 of it).
    r = math.exp(lr)
    stock = qs[0]
    ss = 0.0
    for i, g in enumerate(gaps):
        u = 0.0 if mask[i] else min(abs((g - stock / r) * inv_s[i]), 3.0)
        ss += u * u
        stock = max(0.0, stock - r * g) + qs[i + 1]
    f = max(0.7, math.sqrt((3.0 + ss) / (3.0 + m)))
    weight, inv_s = _noise_scales(gaps, noise_days * f, noise_rel * f, decay, mask)
    args = (qs, gaps, weight, inv_s, huber, qs[0], log_prior, prior_precision, prior_clip)
    lr = _bisect(args, lr - 1.0, lr + 1.0, 18)
    r = math.exp(lr)

    # Change detection: the largest standardised residual sum over a suffix.
    stocks = []
    us = []
    stock = qs[0]
    for i, g in enumerate(gaps):
        stocks.append(stock)
        us.append(0.0 if mask[i] else max(-6.0, min(6.0, (g - stock / r) * inv_s[i])))
        stock = max(0.0, stock - r * g) + qs[i + 1]
    best, start, acc = 0.0, -1, 0.0
    for j in range(m - 1, 0, -1):
        acc += us[j]
        t = abs(acc) / math.sqrt(m - j)
        if t > best:
            best, start = t, j
    if not change_threshold or best < change_threshold:
        return r, stock
    args = (qs[start:], gaps[start:], weight[start:], inv_s[start:], huber, stocks[start])
    # A change seen in one interval only (a top-up a few days after a delivery, one
    # very late order) may just be that: the refit on it keeps the fit so far as a
    # prior, so one odd delivery cannot move the rate several-fold; a run of two or
    # more intervals is refitted on its own.
    pull = (lr, 1.0 / (0.35 * 0.35), 0.7) if m - start < 2 else (None, 0.0, 0.0)
    lr2 = _bisect((*args, *pull), lr - 2.0, lr + 2.0, 22)
    r2 = math.exp(lr2)
    return r2, _carry(stocks[start], r2, qs, gaps, start)


def stock_after(deliveries: list[Delivery], rate: float | None) -> float:
    """Units on hand just after the last delivery: what was left plus what came."""
    ds = merge_same_day(deliveries)
    stock = 0.0
    prev: date | None = None
    for d in ds:
        if prev is not None and rate:
            stock = max(0.0, stock - rate * (d.date - prev).days)
        stock += d.quantity
        prev = d.date
    return stock


def runout_date(last_date: date, stock: float, rate: float | None) -> date | None:
    """The day the stock reaches zero; never before the last delivery. None without a rate."""
    if not rate or rate <= 0 or not math.isfinite(rate):
        return None
    days = stock / rate
    if not math.isfinite(days):
        return None
    return last_date + timedelta(days=max(0, min(int(days), 3650)))


def remind_date(runout: date | None, lead_days: int) -> date | None:
    """When to remind the rep: ``lead_days`` before run-out."""
    if runout is None:
        return None
    return runout - timedelta(days=max(0, lead_days))


def supply_status(
    runout: date | None, remind: date | None, on: date, at_risk_days: int
) -> str | None:
    """upcoming (remind date ahead), due (reminded, not run out), overdue (run out),
    at_risk (run out more than ``at_risk_days`` ago). None without a prediction."""
    if runout is None or remind is None:
        return None
    if on >= runout + timedelta(days=at_risk_days):
        return "at_risk"
    if on >= runout:
        return "overdue"
    if on >= remind:
        return "due"
    return "upcoming"


def share_of_wallet(
    prior: float | None, bought_us: float, first: date, until: date
) -> float | None:
    """Bought from us / estimated need between ``first`` and ``until`` (0..1+).

    Need is the household's consumption rate (``estimate_supply`` passes the
    fitted rate, anchored by the prior: gaps in which it bought elsewhere are
    left out of it, so they show here). None without a rate or with less than
    a week of history."""
    days = (until - first).days
    if prior is None or prior <= 0 or days < 7:
        return None
    return min(bought_us / (prior * days), 9.99)


def estimate_supply(
    prior: float | None,
    deliveries: list[Delivery],
    *,
    prior_weight_days: float = 45.0,
    **tuning: float,
) -> SupplyEstimate:
    """Everything the book keeps for one customer x product (needs >= 1 delivery)."""
    if not deliveries:
        raise ValueError("estimate_supply needs at least one delivery")
    ds = merge_same_day(deliveries)
    prior = _valid(prior)
    rate, stock = fit_history(prior, ds, prior_weight_days=prior_weight_days, **tuning)
    observed = observed_rate(ds)
    source = _source(prior, ds, rate)
    runout = runout_date(ds[-1].date, stock, rate)
    bought_us = sum(d.quantity for d in deliveries if d.source == "us")
    bought_else = sum(d.quantity for d in deliveries if d.source != "us")
    # Share of wallet is measured up to the last delivery (what they had to use),
    # against the need at the consumption rate: a gap in which the household
    # bought elsewhere lowers it, not the rate.
    need = rate if prior is not None else None
    sow = share_of_wallet(need, _used_us(deliveries, ds[-1].date), ds[0].date, ds[-1].date)
    return SupplyEstimate(
        prior_rate=prior,
        observed_rate=observed,
        rate=rate,
        rate_source=source,
        n_deliveries=len(ds),
        first_date=ds[0].date,
        last_date=ds[-1].date,
        stock_at_last=stock,
        runout_date=runout,
        bought_us=bought_us,
        bought_elsewhere=bought_else,
        share_of_wallet=sow,
    )


def _used_us(deliveries: list[Delivery], last: date) -> float:
    """Units from us delivered before the last delivery day (those were consumed)."""
    return sum(d.quantity for d in deliveries if d.source == "us" and d.date < last)
