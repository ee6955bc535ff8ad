"""The forecast of many customer x product pairs at once, equal to the reference.

``estimate_flat`` (the pairs as a book reads them: flat columns of delivery
days, quantities and sources, a start per pair) and ``estimate_many`` (lists
of Delivery) give, for each pair, exactly what :func:`forecast.estimate_supply`
gives: the same floats, bit for bit, so a forecast refreshed by an import and
one rebuilt from scratch are the same rows whichever path computed them, and
both are the reference's. ``records/supply.py`` uses ``estimate_flat`` for
every refresh.

Where the time goes in the reference is :func:`forecast.fit_timing`: two or
three root searches (regula falsi, Illinois step) of ~8 passes of the score
over the intervals each, in Python, per pair. Here the reference's statements
run as array operations over all the pairs at once (one numpy operation per
interval index instead of one Python statement per interval and pair), the
same IEEE operations in the same order, with ``math.exp`` and ``math.log``
per pair (numpy's may differ from them in the last bit) and Python's ``min``
and ``max`` mimicked exactly (which argument wins a tie), sums added in
the order ``sum()`` adds them. Any batch smaller than ``MIN_BATCH`` (a
delivery typed in) goes to the reference itself, without numpy; so do the
odd pairs ``estimate_flat`` cannot take as plain columns (a delivery reported
bought elsewhere, two on one day), through ``estimate_many``.

``tests/test_forecast_batch.py`` checks with hypothesis that both equal
``estimate_supply`` exactly, with the default tuning and others. The
tuning defaults are read from ``fit_timing``'s and ``fit_history``'s own
signatures and the module constants (ELSEWHERE_RATIO, FAR_RANGE...) at call
time, so tuning them in forecast.py needs no change here; a change to the
logic of ``elsewhere_gaps``, ``_noise_scales``, ``_score``, ``_bisect``,
``fit_timing``, ``fit_history`` or ``estimate_supply`` must be made in
``_fit_flat`` / ``estimate_flat`` too (that test fails until it is).

Pure: no SQL, no clock. numpy is imported on first use.
"""

from __future__ import annotations

import inspect
import math
import sys
from collections.abc import Sequence
from datetime import date

from . import forecast
from .forecast import Delivery, SupplyEstimate

# Below this many pairs the reference (pure Python) is quicker than numpy's
# per-operation overhead.
MIN_BATCH = 24
# At most this many intervals x pairs in one set of arrays (~20 of them are
# alive at once: 8 MB each).
CELLS = 1_000_000
# A pair with more deliveries than this goes to the reference: the arrays' passes
# walk every interval index of the longest pair in a chunk, so one customer with a
# delivery a day for years made a chunk ~40x slower than the reference (review).
LONG_PAIR = 400

_TIMING_DEFAULTS = {
    name: p.default
    for name, p in inspect.signature(forecast.fit_timing).parameters.items()
    if p.kind is inspect.Parameter.KEYWORD_ONLY and name != "elsewhere"
}
_MARGIN = inspect.signature(forecast.fit_history).parameters["elsewhere_margin"].default


def _score_all(x, cols):
    """forecast._score for every column at once (same operations, same order).
    The columns are in decreasing order of their number of intervals, so the
    pairs that have an interval i are the first ``counts[i]``."""
    import numpy as np

    g_, w_, s_, q_, v_, hb, st0, hp, lp, pp, pc = cols
    counts = v_.sum(axis=1).tolist()
    r = np.fromiter(map(math.exp, x.tolist()), float, len(x))
    stock = st0.copy()
    total = np.zeros(len(x))
    u = np.empty(len(x))
    neg_hb = -hb
    for i, k in enumerate(counts):
        if k == 0:
            break
        uk, sk, rk, tk = u[:k], stock[:k], r[:k], total[:k]
        np.divide(sk, rk, out=uk)
        np.subtract(g_[i, :k], uk, out=uk)
        np.multiply(uk, s_[i, :k], out=uk)
        np.minimum(uk, hb[:k], out=uk)
        np.maximum(uk, neg_hb[:k], out=uk)
        np.multiply(w_[i, :k], uk, out=uk)
        np.add(tk, uk, out=tk)
        np.subtract(sk, np.multiply(rk, g_[i, :k], out=uk), out=sk)
        np.maximum(sk, 0.0, out=sk, where=sk < 0.0)
        np.add(sk, q_[i + 1, :k], out=sk)
    d = np.clip(x - lp, -pc, pc)
    return np.where(hp, total + pp * d, total)


def _roots(G, W, S, Q, V, huber, stock0, has_prior, log_prior, precision, clip, lo, hi, iters):
    """forecast._bisect for every column: G/W/S/V (intervals x pairs) the gaps,
    weights, 1 / noise and which intervals are real, Q (intervals + 1 x pairs)
    the quantities; the rest one value per pair. Pairs are dropped from the
    arrays as they converge (and the intervals none of the rest has)."""
    import numpy as np

    n = len(lo)
    order = np.argsort(-V.sum(axis=0), kind="stable")  # most intervals first
    lo, hi = lo[order], hi[order]
    tol = (hi - lo) / float(1 << iters)
    steps = np.full(n, 4 * iters)
    data = [G, W, S, Q, V, huber, stock0, has_prior, log_prior, precision, clip]
    data = [c[..., order] for c in data]
    score = _score_all
    result = np.empty(n)
    f_lo = score(lo, data)
    done = f_lo > 0.0
    result[done] = lo[done]
    idx = np.flatnonzero(~done)
    cols = [c[..., idx] for c in data]
    lo, hi, tol, steps, f_lo = lo[idx], hi[idx], tol[idx], steps[idx], f_lo[idx]
    f_hi = score(hi, cols)
    done = f_hi <= 0.0
    result[idx[done]] = hi[done]
    side = np.zeros(len(idx), dtype=np.int8)
    active = ~done
    taken = 0
    while True:
        finished = active & ((hi - lo <= tol) | (taken >= steps))
        if finished.any():
            result[idx[finished]] = 0.5 * (lo[finished] + hi[finished])
            active &= ~finished
        n_active = int(active.sum())
        if n_active == 0:
            break
        if n_active * 2 < len(idx):  # keep working on the pairs still searching only
            keep = np.flatnonzero(active)
            idx, lo, hi, tol, steps = idx[keep], lo[keep], hi[keep], tol[keep], steps[keep]
            f_lo, f_hi, side = f_lo[keep], f_hi[keep], side[keep]
            cols = [c[..., keep] for c in cols]
            used = np.flatnonzero(cols[4].any(axis=1))
            width = int(used[-1]) + 1 if len(used) else 0
            cols[:5] = [c[: width + 1] if j == 3 else c[:width] for j, c in enumerate(cols[:5])]
            active = np.ones(len(idx), dtype=bool)
        with np.errstate(all="ignore"):
            x = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
            inside = (lo < x) & (x < hi)
        x = np.where(inside, x, 0.5 * (lo + hi))
        x = np.where(active, x, lo)  # finished ones: any value, not used
        fx = score(x, cols)
        up = active & (fx > 0.0)
        down = active & ~(fx > 0.0)
        # fx > 0: the root is below x (hi moves; lo's score halves if hi moved last time too)
        f_lo = np.where(up & (side == 1), f_lo * 0.5, f_lo)
        f_hi = np.where(down & (side == -1), f_hi * 0.5, f_hi)
        hi = np.where(up, x, hi)
        f_hi = np.where(up, fx, f_hi)
        lo = np.where(down, x, lo)
        f_lo = np.where(down, fx, f_lo)
        side = np.where(up, 1, np.where(down, -1, side)).astype(np.int8)
        taken += 1
    found = np.empty(n)
    found[order] = result
    return found


def fit_many(
    jobs: Sequence[tuple[float | None, list[Delivery], float, float]], **tuning: float
) -> list[tuple[float | None, float]]:
    """:func:`forecast.fit_history` for each (prior, merged deliveries, prior
    weight days, elsewhere ratio): the consumption rate and the stock just
    after the last delivery, bit for bit. Pairs with fewer than two delivery
    days, or nothing delivered before the last one, go to the reference."""
    opts = {**_TIMING_DEFAULTS, **tuning}
    out: list[tuple[float | None, float] | None] = [None] * len(jobs)
    batch: list[int] = []
    alone: list[int] = []  # by the reference
    for k, (_prior, ds, _weight, _ratio) in enumerate(jobs):
        if (
            len(ds) < 2
            or len(ds) > LONG_PAIR
            or sum(max(0.0, float(d.quantity)) for d in ds[:-1]) <= 0
        ):
            alone.append(k)
        else:
            batch.append(k)
    if len(batch) < MIN_BATCH:
        alone, batch = alone + batch, []
    for k in alone:
        prior, ds, weight_days, ratio = jobs[k]
        out[k] = forecast.fit_history(
            prior, ds, prior_weight_days=weight_days, elsewhere_ratio=ratio,
            elsewhere_margin=_MARGIN, **tuning,
        )  # fmt: skip
    if batch:
        fitted = _fit_arrays([jobs[k] for k in batch], opts)
        for k, rs in zip(batch, fitted, strict=True):
            out[k] = rs
    return out  # type: ignore[return-value]


def _fit_arrays(jobs, opts) -> list[tuple[float, float]]:
    """fit_history for pairs with >= 2 delivery days and units before the
    last one, all at once: the reference's statements as array operations
    over the pairs (one per interval index), in the same order."""
    import numpy as np

    n = len(jobs)
    flat_q: list[float] = []
    flat_g: list[int] = []
    m_of = np.empty(n, dtype=np.int64)
    ratio = np.empty(n)
    prior_of = np.full(n, np.nan)
    weight_of = np.empty(n)
    center = np.empty(n)
    for k, (prior, ds, weight_days, r) in enumerate(jobs):
        qs = [max(0.0, float(d.quantity)) for d in ds]
        days = [d.date.toordinal() for d in ds]
        gaps = [b - a for a, b in zip(days, days[1:], strict=False)]
        flat_q.extend(qs)
        flat_g.extend(gaps)
        m_of[k] = len(gaps)
        ratio[k] = r or 0.0
        center[k] = math.log(sum(qs[:-1]) / sum(gaps))
        prior = forecast._valid(prior)
        if prior is not None:
            prior_of[k] = prior
        weight_of[k] = weight_days
    rate, stock = _fit_flat(
        np.array(flat_q, dtype=float), np.array(flat_g, dtype=float), m_of, center,
        prior_of, weight_of, ratio, opts,
    )  # fmt: skip
    return list(zip(rate.tolist(), stock.tolist(), strict=True))


def _fit_flat(flat_q, flat_g, m_of, center, prior_of, weight_of, ratio, opts):
    """_fit_arrays on flat arrays: every pair's quantities (its intervals + 1)
    and gaps one after the other, ``m_of`` its intervals, ``center`` the log of
    units before the last delivery over the days they covered, its valid prior
    (nan: none), prior weight days and elsewhere ratio (0: none)."""
    import numpy as np

    n = len(m_of)
    noise_days, noise_rel = opts["noise_days"], opts["noise_rel"]
    half_life, huber = opts["half_life"], opts["huber"]
    change_threshold = opts["change_threshold"]
    has_prior = ~np.isnan(prior_of)
    prior_of = np.where(has_prior, prior_of, 0.0)
    log_prior = np.zeros(n)
    log_prior[has_prior] = np.frompyfunc(math.log, 1, 1)(prior_of[has_prior])
    w = np.where(1e-9 > weight_of, 1e-9, weight_of)
    sd = 0.35 * np.sqrt(45.0 / w)
    precision = np.where(has_prior, 1.0 / (sd * sd), 0.0)
    clip = np.where(has_prior, 2.0 * sd, 0.0)
    width = int(m_of.max())
    cols_g = np.repeat(np.arange(n), m_of)
    rows_g = np.arange(len(flat_g)) - np.repeat(np.cumsum(m_of) - m_of, m_of)
    G = np.zeros((width, n))
    G[rows_g, cols_g] = flat_g
    Q = np.zeros((width + 1, n))
    cols_q = np.repeat(np.arange(n), m_of + 1)
    rows_q = np.arange(len(flat_q)) - np.repeat(np.cumsum(m_of + 1) - (m_of + 1), m_of + 1)
    Q[rows_q, cols_q] = flat_q
    V = np.zeros((width, n), dtype=bool)
    V[rows_g, cols_g] = True
    m_f = m_of.astype(float)

    # elsewhere_gaps: the usual pace is the median of q / g over intervals with both > 0
    q_i = Q[:-1]
    paced = V & (q_i > 0) & (G > 0)
    with np.errstate(all="ignore"):
        pace = np.where(paced, q_i / np.where(G > 0, G, 1.0), np.inf)
    count = paced.sum(axis=0)
    srt = np.sort(pace, axis=0)
    at = np.arange(n)
    half = count // 2
    odd = srt[np.minimum(half, width - 1), at]
    even = np.sqrt(srt[np.maximum(half - 1, 0), at] * srt[np.minimum(half, width - 1), at])
    usual = np.where(count % 2 == 1, odd, even)
    # two intervals: the rule of thumb votes as a third pace (the middle of the three)
    voted = (count == 2) & has_prior
    middle = np.maximum(srt[0], np.minimum(srt[1 % width], prior_of))
    usual = np.where(voted, middle, usual)
    judged = (ratio != 0.0) & ((count >= 3) | voted)
    with np.errstate(all="ignore"):
        mask = paced & judged & (G * usual > ratio * q_i) & (G - q_i / usual > _MARGIN)
    run = np.zeros(n, dtype=np.int64)
    going = np.ones(n, dtype=bool)
    for i in range(width - 1, -1, -1):  # the run of gaps at the end of each pair's history
        here = i < m_of
        going &= ~here | mask[i]
        run += here & going
    cleared = (run >= 3)[None, :] & (np.arange(width)[:, None] >= (m_of - run)[None, :])
    mask &= ~cleared
    Gm = np.where(mask, float(forecast._EMPTY), G)  # an elsewhere gap empties the stock

    decay = 0.5 ** (1.0 / half_life) if half_life and half_life > 0 else 1.0
    power = np.empty(width)  # decay multiplied in, one interval at a time from the last
    w = 1.0
    for j in range(width):
        power[j] = w
        w *= decay
    back = np.clip(m_of[None, :] - 1 - np.arange(width)[:, None], 0, width - 1)
    recency = power[back]

    def noise(f):
        s = noise_days * f + (noise_rel * f) * Gm
        weight = np.where(mask | ~V, 0.0, recency * Gm / s)
        return weight, np.where(V, 1.0 / s, 0.0)

    lo = np.minimum(center - 3.0, np.where(has_prior, log_prior - 3.0, np.inf))
    hi = np.maximum(center + 3.0, np.where(has_prior, log_prior + 3.0, -np.inf))
    one = np.ones(n)
    weight, inv_s = noise(one)
    fixed = (Q, V, np.full(n, huber))
    prior_terms = (has_prior, log_prior, precision, clip)
    lr = _roots(Gm, weight, inv_s, *fixed, Q[0], *prior_terms, lo, hi, 22)
    exp = np.frompyfunc(math.exp, 1, 1)
    r = exp(lr).astype(float)
    one = m_of < 2  # one interval: the reference stops here, the stock carried at this rate
    left = Q[0] - r * Gm[0]
    rate_one, stock_one = r, np.where(left > 0.0, left, 0.0) + Q[1]

    # Pass 2: the noise rescaled by the residuals seen
    stock = Q[0].copy()
    ss = np.zeros(n)
    for i in range(width):
        v = i < m_of
        u = np.abs((Gm[i] - stock / r) * inv_s[i])
        u = np.where(3.0 < u, 3.0, u)
        u = np.where(mask[i], 0.0, u)
        ss = np.where(v, ss + u * u, ss)
        left = stock - r * Gm[i]
        stock = np.where(v, np.where(left > 0.0, left, 0.0) + Q[i + 1], stock)
    spread = np.sqrt((3.0 + ss) / (3.0 + m_f))
    f = np.where(spread > 0.7, spread, 0.7)
    weight, inv_s = noise(f)
    lr = _roots(Gm, weight, inv_s, *fixed, Q[0], *prior_terms, lr - 1.0, lr + 1.0, 18)
    r = exp(lr).astype(float)

    # Change detection: the largest standardised residual sum over a suffix
    stocks = np.zeros((width, n))
    us = np.zeros((width, n))
    stock = Q[0].copy()
    for i in range(width):
        v = i < m_of
        stocks[i] = stock
        z = (Gm[i] - stock / r) * inv_s[i]
        z = np.where(z < 6.0, z, 6.0)
        z = np.where(z > -6.0, z, -6.0)
        us[i] = np.where(mask[i] | ~v, 0.0, z)
        left = stock - r * Gm[i]
        stock = np.where(v, np.where(left > 0.0, left, 0.0) + Q[i + 1], stock)
    best = np.zeros(n)
    start = np.full(n, -1, dtype=np.int64)
    acc = np.zeros(n)
    for j in range(width - 1, 0, -1):
        v = j < m_of
        acc = np.where(v, acc + us[j], acc)
        with np.errstate(all="ignore"):
            t = np.abs(acc) / np.sqrt(np.where(v, m_f - j, 1.0))
        better = v & (t > best)
        best = np.where(better, t, best)
        start = np.where(better, j, start)
    changed = (best >= change_threshold) if change_threshold else np.zeros(n, dtype=bool)
    changed &= ~one
    rate = np.where(one, rate_one, r)
    final = np.where(one, stock_one, stock)
    idx = np.flatnonzero(changed)
    if len(idx):
        s0 = start[idx]
        m2 = m_of[idx] - s0
        take = np.minimum(np.arange(width)[:, None] + s0[None, :], width - 1)
        v2 = np.arange(width)[:, None] < m2[None, :]

        def shift(a):
            return np.where(v2, np.take_along_axis(a[:, idx], take, axis=0), 0.0)

        q2 = np.zeros((width + 1, len(idx)))
        q2[1:] = np.where(v2, np.take_along_axis(Q[1:, idx], take, axis=0), 0.0)
        lr_k = lr[idx]
        pulled = m2 < 2
        st0 = stocks[s0, idx]
        lr2 = _roots(
            shift(Gm), shift(weight), shift(inv_s), q2, v2, np.full(len(idx), huber), st0,
            pulled, lr_k, np.where(pulled, 1.0 / (0.35 * 0.35), 0.0),
            np.where(pulled, 0.7, 0.0), lr_k - 2.0, lr_k + 2.0, 22,
        )  # fmt: skip
        r2 = exp(lr2).astype(float)
        g2 = shift(Gm)
        stock = st0.copy()
        for i in range(width):
            left = stock - r2 * g2[i]
            stock = np.where(v2[i], np.where(left > 0.0, left, 0.0) + q2[i + 1], stock)
        rate[idx] = r2
        final[idx] = stock

    # fit_history: a rate far from the rule of thumb needs FAR_EVIDENCE normal
    # intervals that are themselves that far, on the same side
    normal = paced & ~mask
    low, high = forecast.FAR_RANGE
    floor = low * prior_of
    ceiling = high * prior_of
    n_low = (normal & (pace < floor[None, :])).sum(axis=0)
    n_high = (normal & (pace > ceiling[None, :])).sum(axis=0)
    to_floor = has_prior & (floor > rate) & (n_low < forecast.FAR_EVIDENCE)
    to_ceiling = has_prior & ~to_floor & (ceiling < rate) & (n_high < forecast.FAR_EVIDENCE)
    rate = np.where(to_floor, floor, np.where(to_ceiling, ceiling, rate))
    return rate, final


def estimate_many(
    jobs: Sequence[tuple[float | None, list[Delivery], float, float]], **tuning: float
) -> list[SupplyEstimate]:
    """:func:`forecast.estimate_supply` for each (prior, deliveries, prior
    weight days, elsewhere ratio), bit for bit (each needs >= 1 delivery)."""
    merged = []
    for prior, deliveries, weight, ratio in jobs:
        if not deliveries:
            raise ValueError("estimate_supply needs at least one delivery")
        merged.append((prior, forecast.merge_same_day(deliveries), weight, ratio))
    fits = fit_many(merged, **tuning)
    out = []
    for (prior, deliveries, _, _), (_, ds, _, _), (rate, stock) in zip(
        jobs, merged, fits, strict=True
    ):
        prior = forecast._valid(prior)
        last: date = ds[-1].date
        need = rate if prior is not None else None
        out.append(
            SupplyEstimate(
                prior_rate=prior,
                observed_rate=forecast.observed_rate(ds),
                rate=rate,
                rate_source=forecast._source(prior, ds, rate),
                n_deliveries=len(ds),
                first_date=ds[0].date,
                last_date=last,
                stock_at_last=stock,
                runout_date=forecast.runout_date(last, stock, rate),
                bought_us=sum(d.quantity for d in deliveries if d.source == "us"),
                bought_elsewhere=sum(d.quantity for d in deliveries if d.source != "us"),
                share_of_wallet=forecast.share_of_wallet(
                    need, forecast._used_us(deliveries, last), ds[0].date, last
                ),
            )
        )
    return out


# Python's sum() of floats adds them one by one up to 3.11 (the arrays do the
# same: a running sum per pair); from 3.12 it compensates the rounding, so
# there the arrays take only quantities in whole 1/1024ths below 2**30, whose
# sums are exact in any order.
_PLAIN_SUM = sys.version_info < (3, 12)
_DYADIC = 1024.0


def estimate_flat(
    starts: Sequence[int],
    days: Sequence[int],
    quantities: Sequence[float],
    sources: Sequence[str],
    jobs: Sequence[tuple[float | None, float, float]],
    **tuning: float,
) -> list[tuple[SupplyEstimate, tuple[int, float, float, float | None] | None]]:
    """:func:`estimate_supply` for pairs given as flat columns, as a book reads
    them: pair k's deliveries are rows ``starts[k]`` to ``starts[k + 1]`` (the
    last to the end) of ``days`` (``date.toordinal()``, in date order),
    ``quantities`` and ``sources``; ``jobs[k]`` is its (prior, prior weight
    days, elsewhere ratio). Each result is the estimate and, where the arrays
    computed it, the purchase rhythm of the dates bought from us (purchase
    days, sum of gaps, sum of squared gaps, last gap), else None.

    Pairs with two or more delivery days, one a day, all from us, with
    quantities in 1/1024ths: the whole estimate as arrays, no object per
    delivery. Any other pair: Delivery objects and :func:`estimate_many`."""
    n = len(starts)
    rows = len(days)
    out: list = [None] * n
    when: dict[int, date] = {}

    def to_date(d: int) -> date:
        got = when.get(d)
        if got is None:
            got = when[d] = date.fromordinal(d)
        return got

    def by_reference(pairs: list[int]) -> None:
        listed = []
        for k in pairs:
            end = starts[k + 1] if k + 1 < n else rows
            ds = [
                Delivery(to_date(days[i]), quantities[i], sources[i]) for i in range(starts[k], end)
            ]
            prior, weight, ratio = jobs[k]
            listed.append((prior, ds, weight, ratio))
        for k, est in zip(pairs, estimate_many(listed, **tuning), strict=True):
            out[k] = (est, None)

    if n < MIN_BATCH:  # a delivery typed in: no numpy
        by_reference(list(range(n)))
        return out
    import numpy as np

    opts = {**_TIMING_DEFAULTS, **tuning}
    start = np.array(starts, dtype=np.int64)
    end = np.append(start[1:], rows)
    length = end - start
    day = np.array(days, dtype=np.int64)
    q = np.array(quantities, dtype=float)
    pair = np.repeat(np.arange(n), length)
    bad = ~np.fromiter((s == "us" for s in sources), bool, rows)
    bad |= ~(q >= 0.0) | ~np.isfinite(q)
    if not _PLAIN_SUM:
        bad |= ~((q < 2.0**30) & (np.floor(q * _DYADIC) == q * _DYADIC))
    later = np.ones(rows, dtype=bool)
    later[1:] = day[1:] > day[:-1]
    later[start] = True
    bad |= ~later
    good = np.bincount(pair[bad], minlength=n) == 0
    clean = good & (length >= 2)
    if not _PLAIN_SUM and q.sum() >= 2.0**42:  # sums no longer exact
        clean[:] = False
    last_row = np.zeros(rows, dtype=bool)
    last_row[end - 1] = True
    clean &= np.bincount(pair[(q > 0.0) & ~last_row], minlength=n) > 0  # units before the last
    single = good & (length == 1)  # one delivery from us: the prior alone, what came the stock
    for k in np.flatnonzero(single).tolist():
        prior = forecast._valid(jobs[k][0])
        on = to_date(days[starts[k]])
        qty = quantities[starts[k]]
        stock = max(0.0, float(qty))
        est = SupplyEstimate(
            prior_rate=prior,
            observed_rate=None,
            rate=prior,
            rate_source="none" if prior is None else "prior",
            n_deliveries=1,
            first_date=on,
            last_date=on,
            stock_at_last=stock,
            runout_date=forecast.runout_date(on, stock, prior),
            bought_us=0 + qty,
            bought_elsewhere=0,
            share_of_wallet=None,
        )
        out[k] = (est, (1, 0.0, 0.0, None))
    clean &= length <= LONG_PAIR  # a very long history: the reference (see LONG_PAIR)
    rest = np.flatnonzero(~clean & ~single).tolist()
    if rest:
        by_reference(rest)

    def as_arrays(idx, sel) -> None:
        """The estimates of pairs ``idx`` (their rows: ``sel``), into ``out``."""
        cq, cday = q[sel], day[sel]
        m = length[idx] - 1
        c_start = np.cumsum(length[idx]) - length[idx]
        c_end = c_start + length[idx]
        gap = np.diff(cday)
        inner = np.ones(len(gap), dtype=bool)
        inner[(c_start[1:] - 1)] = False  # the step from one pair to the next
        flat_g = gap[inner]
        span = (cday[c_end - 1] - cday[c_start]).astype(float)
        # running sums per pair, in delivery order (as sum() adds them)
        running = np.zeros((int(length[idx].max()), len(idx)))
        running[
            np.arange(len(cq)) - np.repeat(c_start, length[idx]),
            np.repeat(np.arange(len(idx)), length[idx]),
        ] = cq
        np.cumsum(running, axis=0, out=running)
        u = running[m - 1, np.arange(len(idx))]  # units before the last delivery
        bought_us = running[m, np.arange(len(idx))]
        center = np.frompyfunc(math.log, 1, 1)(u / span).astype(float)
        priors = [forecast._valid(jobs[k][0]) for k in idx.tolist()]
        prior_of = np.array([np.nan if p is None else p for p in priors], dtype=float)
        weight_of = np.array([jobs[k][1] for k in idx.tolist()], dtype=float)
        ratio_of = np.array([jobs[k][2] or 0.0 for k in idx.tolist()], dtype=float)
        rate, stock = _fit_flat(
            np.where(cq > 0.0, cq, 0.0), flat_g.astype(float), m, center, prior_of, weight_of,
            ratio_of, opts,
        )  # fmt: skip
        observed = u / span
        with np.errstate(all="ignore"):
            left = stock / rate
        has_runout = np.isfinite(rate) & (rate > 0.0) & np.isfinite(left)
        ahead = np.trunc(np.where(has_runout, left, 0.0))
        ahead = np.where(ahead < 3650, ahead, 3650)
        ahead = np.where(0 > ahead, 0, ahead).astype(np.int64)
        last = cday[c_end - 1]
        runout = last + ahead
        has_prior = ~np.isnan(prior_of)
        with np.errstate(all="ignore"):
            share = u / (rate * span)
        share = np.where(9.99 < share, 9.99, share)
        has_share = has_prior & (rate > 0.0) & (span >= 7)
        sq = np.add.reduceat(flat_g.astype(np.int64) ** 2, np.cumsum(m) - m)
        last_gap = gap[c_end[:] - 2].astype(float)
        for k, prior, n_days, first, end_day, r, st, ok, run, obs, bu, ok_share, sh, s2, lg in zip(
            idx.tolist(), priors, length[idx].tolist(), cday[c_start].tolist(),
            last.tolist(), rate.tolist(), stock.tolist(), has_runout.tolist(), runout.tolist(),
            observed.tolist(), bought_us.tolist(), has_share.tolist(), share.tolist(), sq.tolist(),
            last_gap.tolist(), strict=True,
        ):  # fmt: skip
            est = SupplyEstimate(
                prior_rate=prior,
                observed_rate=obs,
                rate=r,
                rate_source="history" if prior is None else "blend",
                n_deliveries=n_days,
                first_date=to_date(first),
                last_date=to_date(end_day),
                stock_at_last=st,
                runout_date=to_date(run) if ok else None,
                bought_us=bu,
                bought_elsewhere=0,
                share_of_wallet=sh if ok_share else None,
            )
            out[k] = (est, (n_days, float(end_day - first), float(s2), lg))

    # The pairs as arrays, a chunk at a time: pairs of similar length together,
    # at most CELLS intervals x pairs (the arrays stay a few MB each however
    # long one history is).
    by_length = np.flatnonzero(clean)
    by_length = by_length[np.argsort(length[by_length], kind="stable")].tolist()
    sizes = length.tolist()
    lo = 0
    while lo < len(by_length):
        hi = lo + 1
        while hi < len(by_length) and sizes[by_length[hi]] * (hi + 1 - lo) <= CELLS:
            hi += 1
        chunk = np.sort(np.array(by_length[lo:hi], dtype=np.int64))
        picked = np.zeros(n, dtype=bool)
        picked[chunk] = True
        as_arrays(chunk, picked[pair])
        lo = hi
    return out
