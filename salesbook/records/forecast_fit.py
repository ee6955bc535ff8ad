"""The book learns its forecast from itself: a backtest over its own history.

For each customer x product, each past delivery from the 2nd on is predicted
from the deliveries before it (``forecast.estimate_supply`` as the app runs it)
and compared with the day the customer really reordered. Over a grid of the
prior's weight (days of history it is worth) and the elsewhere threshold
(``forecast.elsewhere_gaps``), the pair with the smallest mean error is this
book's; a product with enough points of its own gets its own pair. The fit is
kept in the book's settings (``FIT_KEY``, the way ``risk.book_model`` keeps its
monthly fit) and refitted at most once a calendar month; a young book (fewer
than ``MIN_POINTS`` points) keeps the defaults. ``accuracy`` reports, from the
same backtest, how many run-outs fell within 3 days of the real reorder and the
median error: what ``salesbook forecast accuracy`` and the Settings dialog say.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date
from itertools import groupby

from ..errors import SalesbookError
from ..i18n import t
from ..rules import forecast
from ..store.book import Book
from .tuning import (  # noqa: F401 - re-exported: the tuning's names here too
    DEFAULT,
    FIT_KEY,
    WITHIN_DAYS,
    Fit,
    _fit_of,
    _record,
    _summary,
    params_for,
    stored_fit,
)

WEIGHTS = (20.0, 45.0, 90.0)  # days of history the prior is worth
RATIOS = (0.0, 1.6, 2.2)  # elsewhere threshold (0: every interval counts)
MIN_POINTS = 200  # the book's own pair needs this many backtest points
MIN_PRODUCT_POINTS = 300  # and a product's own pair this many
SAMPLE_PAIRS = 600  # a bigger book is backtested on this deterministic sample
LAST_POINTS = 8  # predictions per pair: its last 8 reorders


def _pairs(book: Book) -> list[tuple[float | None, list[forecast.Delivery], int]]:
    """(prior, deliveries, product id) per customer x product with >= 3 delivery
    days, a deterministic sample of SAMPLE_PAIRS on a big book."""
    conn = book.conn
    per_person = dict(conn.execute("SELECT id, per_person_daily FROM products"))
    sizes = dict(conn.execute("SELECT id, household_size FROM customers"))
    overrides = {
        (r[0], r[1]): r[2]
        for r in conn.execute(
            "SELECT customer_id, product_id, daily_rate FROM consumption_overrides"
        )
    }
    keys = conn.execute(
        "SELECT customer_id, product_id FROM supply WHERE n_deliveries >= 3"
        " ORDER BY customer_id, product_id"
    ).fetchall()
    if len(keys) > SAMPLE_PAIRS:
        keys = sorted(random.Random(18).sample(keys, SAMPLE_PAIRS))
    out = []
    for start in range(0, len(keys), 400):
        chunk = keys[start : start + 400]
        cids = sorted({c for c, _ in chunk})
        wanted = set(chunk)
        marks = ", ".join("?" * len(cids))
        cursor = conn.execute(
            "SELECT customer_id, product_id, date, quantity, source FROM deliveries"
            f" WHERE deleted_at IS NULL AND customer_id IN ({marks})"
            " ORDER BY customer_id, product_id, date",
            cids,
        )
        for (cid, pid), group in groupby(cursor, key=lambda r: (r[0], r[1])):
            if (cid, pid) not in wanted:
                continue
            ds = forecast.merge_same_day(
                [forecast.Delivery(date.fromisoformat(r[2]), r[3], r[4]) for r in group]
            )
            prior = forecast.prior_rate(
                overrides.get((cid, pid)), sizes.get(cid), per_person.get(pid)
            )
            out.append((prior, ds, pid))
    return out


def backtest(
    book: Book, grid: list[tuple[float, float]]
) -> tuple[dict[tuple[float, float], list[tuple[int, int]]], int]:
    """Per grid point: (product id, |predicted run-out - real reorder| days) per
    prediction; and the number of pairs seen."""
    pairs = _pairs(book)
    errors: dict[tuple[float, float], list[tuple[int, int]]] = {g: [] for g in grid}
    for prior, ds, pid in pairs:
        if prior is None:
            continue
        first = max(1, len(ds) - 1 - LAST_POINTS)
        for k in range(first, len(ds) - 1):
            seen = ds[: k + 1]
            actual = ds[k + 1].date
            for w, ratio in grid:
                rate, stock = forecast.fit_history(
                    prior, seen, prior_weight_days=w, elsewhere_ratio=ratio
                )
                runout = forecast.runout_date(seen[-1].date, stock, rate)
                if runout is not None:
                    errors[(w, ratio)].append((pid, abs((runout - actual).days)))
    return errors, len(pairs)


def _mean(xs: list[int]) -> float:
    return sum(xs) / len(xs) if xs else float("inf")


def fit_book(book: Book, on: date) -> Fit:
    """Backtest the book and choose its tuning (not stored)."""
    grid = [(w, r) for w in WEIGHTS for r in RATIOS]
    if DEFAULT not in grid:
        grid.append(DEFAULT)
    errors, _n = backtest(book, grid)
    default_errs = [e for _, e in errors[DEFAULT]]
    if len(default_errs) < MIN_POINTS:
        return _summary(None, DEFAULT, {}, default_errs)
    best = min(grid, key=lambda g: (_mean([e for _, e in errors[g]]), g != DEFAULT))
    products: dict[int, tuple[float, float]] = {}
    for pid in sorted({p for p, _ in errors[DEFAULT]}):
        if sum(1 for p, _ in errors[DEFAULT] if p == pid) < MIN_PRODUCT_POINTS:
            continue
        own = min(grid, key=lambda g: (_mean([e for p, e in errors[g] if p == pid]), g != best))
        if own != best:
            products[pid] = own
    chosen = [e for g in grid for p, e in errors[g] if g == products.get(p, best)]
    return _summary(on.strftime("%Y-%m"), best, products, chosen)


def book_fit(book: Book, on: date, *, refit: bool = False) -> Fit:
    """The book's forecast fit for the month of ``on``: the stored one when it
    is for that month, else a new backtest, stored (with every forecast
    refreshed when the tuning changed, in the same transaction). A book that
    cannot be written still gets its fit for this call."""
    from . import supply

    month = on.strftime("%Y-%m")
    cached = stored_fit(book)
    if cached is not None and cached.month == month and not refit:
        return cached
    fit = fit_book(book, on)
    if fit.month is None:
        fit = Fit(month, *DEFAULT, {}, fit.points, fit.within, fit.median_error)
    try:
        with book.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (FIT_KEY, json.dumps(_record(fit))),
            )
            book._settings_cache = None
            before = cached or _summary(None, DEFAULT, {}, [])
            if (before.weight_days, before.elsewhere_ratio, before.products) != (
                fit.weight_days,
                fit.elsewhere_ratio,
                fit.products,
            ):
                supply.refresh_all(book)
    except (SalesbookError, sqlite3.Error):
        pass  # read-only or in use: the fit stands for this call
    return fit


def describe(fit: Fit, lang: str | None = None) -> str:
    """What the backtest says, as the rep reads it ("on this book, about 8 in
    10 run-outs fell within 3 days of the real reorder..."), in ``lang``."""
    if fit.points < MIN_POINTS or fit.median_error is None:
        return t("forecast_accuracy_young", lang, n=fit.points, need=MIN_POINTS)
    return t(
        "forecast_accuracy",
        lang,
        n=fit.points,
        k=fit.within,
        tenths=round(10 * fit.within / fit.points),
        days=WITHIN_DAYS,
        median=f"{fit.median_error:g}",
    )


def store_fit(book: Book, today: date, fit: Fit) -> None:
    """The monthly job's store step: keep ``fit`` as the book's and mark the job
    done for ``today``'s month, in one transaction. When the tuning changed,
    every maintained forecast is rebuilt with it in the same transaction, so the
    book always holds what a full refit gives (a restored copy of the book is
    the same book). That rebuild is the slow part (seconds to tens of seconds on
    a 100k book, once, when the tuning moves); it runs in the month's
    background work, never in a view."""
    from ..store import monthly
    from . import supply

    if fit.month is None:  # a young book: the defaults, recorded for this month
        fit = Fit(today.strftime("%Y-%m"), *DEFAULT, {}, fit.points, fit.within, fit.median_error)
    before = params_for(book)
    with book.transaction() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (FIT_KEY, json.dumps(_record(fit))),
        )
        monthly.mark_done(conn, book, "forecast_backtest", today)
        book._settings_cache = None
        after = params_for(book)
        if (before.weight_days, before.elsewhere_ratio, before.products) != (
            after.weight_days, after.elsewhere_ratio, after.products,
        ):  # fmt: skip
            supply.refresh_all(book)


def _register_backtest() -> None:
    from ..store import monthly

    monthly.register(monthly.MonthlyJob("forecast_backtest", compute=fit_book, store=store_fit))


_register_backtest()
