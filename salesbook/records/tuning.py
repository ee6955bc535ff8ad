"""The forecast tuning the maintained forecast uses: the fit the monthly
backtest stored in the book (forecast_fit.py computes and stores it), else the
defaults; a prior weight the rep set in Settings wins. supply.py reads it on
every write; it never needs the backtest itself."""

from __future__ import annotations

from dataclasses import dataclass

from ..rules import forecast
from ..store.book import Book

FIT_KEY = "forecast_fit"
DEFAULT = (45.0, forecast.ELSEWHERE_RATIO)
WITHIN_DAYS = 3


@dataclass(frozen=True)
class Fit:
    """A book's forecast tuning and how good it was on the book's history."""

    month: str | None  # 'YYYY-MM' when fitted on the book, None: the defaults
    weight_days: float
    elsewhere_ratio: float
    products: dict[int, tuple[float, float]]  # product id -> (weight_days, ratio)
    points: int  # backtest predictions
    within: int  # of which within WITHIN_DAYS days of the real reorder
    median_error: float | None  # days

    def params(self, product_id: int) -> tuple[float, float]:
        """(prior weight days, elsewhere ratio) for one product."""
        return self.products.get(product_id, (self.weight_days, self.elsewhere_ratio))


def _summary(month, best, products, errs: list[int]) -> Fit:
    s = sorted(errs)
    median = None
    if s:
        n = len(s)
        median = float(s[n // 2]) if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return Fit(
        month=month,
        weight_days=best[0],
        elsewhere_ratio=best[1],
        products=dict(products),
        points=len(s),
        within=sum(1 for e in s if e <= WITHIN_DAYS),
        median_error=median,
    )


def _record(fit: Fit) -> dict:
    return {
        "month": fit.month,
        "weight_days": fit.weight_days,
        "elsewhere_ratio": fit.elsewhere_ratio,
        "products": {str(k): list(v) for k, v in fit.products.items()},
        "points": fit.points,
        "within": fit.within,
        "median_error": fit.median_error,
    }


def _fit_of(record: object) -> Fit | None:
    if not isinstance(record, dict):
        return None
    try:
        return Fit(
            month=record.get("month"),
            weight_days=float(record["weight_days"]),
            elsewhere_ratio=float(record["elsewhere_ratio"]),
            products={
                int(k): (float(v[0]), float(v[1]))
                for k, v in (record.get("products") or {}).items()
            },
            points=int(record["points"]),
            within=int(record["within"]),
            median_error=None
            if record.get("median_error") is None
            else float(record["median_error"]),
        )
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def stored_fit(book: Book) -> Fit | None:
    """The fit kept in the book (None: never fitted)."""
    return _fit_of(book.settings().get(FIT_KEY))


def params_for(book: Book) -> Fit:
    """What the maintained forecast uses: the stored fit, else the defaults. A
    prior weight the rep set in Settings wins over the fitted one."""
    fit = stored_fit(book) or _summary(None, DEFAULT, {}, [])
    set_by_rep = book.conn.execute(
        "SELECT 1 FROM settings WHERE key = 'prior_weight_days'"
    ).fetchone()
    if set_by_rep:
        w = float(book.setting("prior_weight_days"))
        return Fit(
            fit.month,
            w,
            fit.elsewhere_ratio,
            {p: (w, r) for p, (_w, r) in fit.products.items()},
            fit.points,
            fit.within,
            fit.median_error,
        )
    return fit
