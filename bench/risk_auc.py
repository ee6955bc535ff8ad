"""Does the loss-risk score rank the customers who stop buying? AUC against BG/NBD and recency.

    .venv/bin/pip install lifetimes      # bench only: never a runtime dependency
    .venv/bin/python bench/risk_auc.py [--customers 3000] [--fit]

Two data sets, each split at a cut-off; a customer is "lost" when they make no
purchase in the hold-out period after it. For each we print the AUC (chance
that a lost customer is ranked above a kept one) of:

* ours (default): ``salesbook.risk`` with its built-in coefficients;
* ours (fitted): the same features, coefficients fitted by
  ``risk.fit_risk_model`` on a backtest inside the calibration period only
  (features at cut-off minus the hold-out length, label = bought before the
  cut-off) - the same information BG/NBD gets;
* ours (book model, as the app does): ``risk.book_model`` on the book as it
  stood at the cut-off (demo only): the app's own recipe, a backtest from the
  book's deliveries (features 120 days before, no run-out prediction),
  shrunk towards the default coefficients, on a sample of 20,000 customers
  at most. On CDNOW the same recipe (120-day backtest inside the
  calibration period, shrunk towards the default) is the line "ours (app
  recipe)";
* BG/NBD: ``lifetimes.BetaGeoFitter`` fitted on the calibration period,
  ranked by its expected number of purchases in the hold-out (fewer = lost);
* recency: days since the last purchase.

Data sets:

1. CDNOW (the full 23,570-customer log shipped inside the ``lifetimes``
   package): calibration 1997-01-01..1997-09-30, hold-out 39 weeks to
   1998-06-30 (the split of Fader, Hardie and Lee 2005). No products, so our
   score uses the gap-based interval (no run-out prediction).
2. The demo book (``salesbook.demo``: households with a steady rhythm, some
   stop buying, some buy part elsewhere): built to day D, then truncated to
   the cut-off C = D - 120 days and its forecast rebuilt, so the score sees
   only what the book knew at C (including ``supply``'s run-out dates).
   ``--fit`` also fits the coefficients on a backtest of another seed (the
   defaults in risk.py came from that).
"""

from __future__ import annotations

import argparse
import math
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from salesbook import risk, supply  # noqa: E402
from salesbook.book import open_book  # noqa: E402
from salesbook.demo import build_demo  # noqa: E402
from salesbook.value import base_rows  # noqa: E402


def bgnbd_expected(x, tx, T, horizon):  # noqa: N803 - the model's own letters
    """BG/NBD expected purchases in ``horizon`` (same time unit as tx, T)."""
    try:
        from lifetimes import BetaGeoFitter
    except ImportError:
        return None
    import numpy as np
    from lifetimes.utils import ConvergenceError

    for penalizer in (0.0, 0.001, 0.01, 0.1):
        bg = BetaGeoFitter(penalizer_coef=penalizer)
        try:
            bg.fit(np.asarray(x, float), np.asarray(tx, float), np.asarray(T, float))
            break
        except ConvergenceError:
            continue
    else:
        return None
    print(f"  BG/NBD params (penalizer {penalizer}): "
          + ", ".join(f"{k}={v:.3g}" for k, v in bg.params_.items()))  # fmt: skip
    e = bg.conditional_expected_number_of_purchases_up_to_time(
        horizon, np.asarray(x, float), np.asarray(tx, float), np.asarray(T, float)
    )
    out = list(map(float, e))
    bad = sum(1 for v in out if not math.isfinite(v))
    if bad:
        print(f"  BG/NBD gave {bad} non-finite expectations (ranked as kept)")
    return out


def inputs_from_log(days_by_customer: dict, cutoff: date) -> dict:
    """customer -> RiskInput from purchase days (date -> spend fen) up to ``cutoff``."""
    out = {}
    for cid, days in days_by_customer.items():
        past = sorted(d for d in days if d <= cutoff)
        if not past:
            continue
        spend = sum(days[d] for d in past)
        out[cid] = risk.RiskInput(
            (cutoff - past[-1]).days, len(past), (cutoff - past[0]).days, spend
        )
    return out


def bought_between(days_by_customer: dict, start: date, end: date) -> set:
    return {c for c, days in days_by_customer.items() if any(start < d <= end for d in days)}


def evaluate(
    name: str,
    inputs: dict,
    lost: dict,
    bg_expected: list | None,
    model_fit,
    model_default,
    more: dict | None = None,
):
    ids = sorted(inputs)
    y = [lost[c] for c in ids]
    res = {
        "ours (default)": risk.auc(
            [risk.loss_probability(inputs[c], model_default) for c in ids], y
        ),
        "ours (fitted)": risk.auc([risk.loss_probability(inputs[c], model_fit) for c in ids], y)
        if model_fit
        else float("nan"),
    }
    for label, model in (more or {}).items():
        res[label] = risk.auc([risk.loss_probability(inputs[c], model) for c in ids], y)
    res |= {
        "BG/NBD E[purchases]": risk.auc([-e for e in bg_expected], y)
        if bg_expected
        else float("nan"),
        "recency": risk.auc([inputs[c].recency_days for c in ids], y),
    }
    print(f"\n{name}: {len(ids)} customers, {sum(y)} lost ({sum(y) / len(y):.0%})")
    for k, v in res.items():
        print(f"  {k:<36} AUC {v:.4f}")
    if bg_expected and not all(math.isfinite(e) for e in bg_expected):
        keep = [i for i, e in enumerate(bg_expected) if math.isfinite(e)]
        yk = [y[i] for i in keep]
        ours = [risk.loss_probability(inputs[ids[i]], model_default) for i in keep]
        print(f"  on the {len(keep)} customers BG/NBD could score: BG/NBD"
              f" {risk.auc([-bg_expected[i] for i in keep], yk):.4f}, ours (default)"
              f" {risk.auc(ours, yk):.4f}")  # fmt: skip
    return res


# -- CDNOW ----------------------------------------------------------------------


def cdnow_log() -> dict | None:
    try:
        import importlib.util

        spec = importlib.util.find_spec("lifetimes")
    except ImportError:
        spec = None
    if spec is None or not spec.origin:
        print("lifetimes is not installed: .venv/bin/pip install lifetimes (bench only)")
        return None
    path = Path(spec.origin).parent / "datasets" / "CDNOW_master.txt"
    days: dict = defaultdict(lambda: defaultdict(int))
    with open(path) as fh:
        next(fh)
        for line in fh:
            cid, d, _n, dollars = line.split()
            day = date(int(d[:4]), int(d[4:6]), int(d[6:8]))
            days[cid][day] += round(float(dollars) * 100)
    return days


def run_cdnow() -> dict | None:
    log = cdnow_log()
    if log is None:
        return None
    cal_end, hold_end = date(1997, 9, 30), date(1998, 6, 30)
    inputs = inputs_from_log(log, cal_end)
    kept = bought_between(log, cal_end, hold_end)
    lost = {c: c not in kept for c in inputs}
    # backtest inside the calibration period: features 13 weeks before its end
    back = cal_end - timedelta(weeks=13)
    b_inputs = inputs_from_log(log, back)
    b_kept = bought_between(log, back, cal_end)
    ids = sorted(b_inputs)
    t0 = time.perf_counter()
    fitted = risk.fit_risk_model([b_inputs[c] for c in ids], [c not in b_kept for c in ids])
    fit_s = time.perf_counter() - t0
    # the app's recipe (risk.book_model): a 120-day backtest, shrunk towards the default
    back = cal_end - timedelta(days=risk.HOLDOUT_DAYS)
    a_inputs = inputs_from_log(log, back)
    a_kept = bought_between(log, back, cal_end)
    ids = sorted(a_inputs)
    recipe = risk.fit_risk_model(
        [a_inputs[c] for c in ids], [c not in a_kept for c in ids],
        l2=risk.PRIOR_WEIGHT, prior=risk.DEFAULT_MODEL,
    )  # fmt: skip
    ids = sorted(inputs)
    x = [inputs[c].n_days - 1 for c in ids]
    T = [inputs[c].tenure_days / 7 for c in ids]  # noqa: N806
    tx = [(inputs[c].tenure_days - inputs[c].recency_days) / 7 for c in ids]
    t0 = time.perf_counter()
    e = bgnbd_expected(x, tx, T, (hold_end - cal_end).days / 7)
    bg_s = time.perf_counter() - t0
    res = evaluate("CDNOW (hold-out 39 weeks)", inputs, lost, e, fitted, risk.DEFAULT_MODEL,
                   {"ours (app recipe)": recipe})  # fmt: skip
    print(f"  (fit: ours {fit_s:.1f} s, BG/NBD {bg_s:.1f} s; fitted coef {_fmt(fitted.coef)})")
    return res


# -- the simulated (demo) book -------------------------------------------------------


def truncated_copy(src: Path, dst: Path, cutoff: date) -> None:
    """A copy of the book as it stood at ``cutoff``: later records removed, forecast rebuilt."""
    shutil.copy(src, dst)
    c = cutoff.isoformat()
    conn = sqlite3.connect(dst)
    conn.execute("DELETE FROM deliveries WHERE date > ?", (c,))
    conn.execute("DELETE FROM payments WHERE date > ?", (c,))
    conn.execute("DELETE FROM contacts WHERE date > ?", (c,))
    conn.commit()
    conn.close()
    book = open_book(dst)
    with book.transaction():
        supply.refresh_all(book)
    book.close()


def demo_case(
    workdir: Path, seed: int, n: int, end: date, horizon: int, app_model: list | None = None
):
    """(inputs from the book at the cut-off, lost flags, purchase days log);
    ``app_model``: a list to append ``risk.book_model`` of the truncated book to."""
    full = workdir / f"demo{seed}_{end.isoformat()}.db"
    if not full.exists():
        build_demo(full, customers=n, seed=seed, today=end)
    cutoff = end - timedelta(days=horizon)
    cut = workdir / f"demo{seed}_{end.isoformat()}_cut.db"
    cut.unlink(missing_ok=True)
    truncated_copy(full, cut, cutoff)
    conn = sqlite3.connect(full)
    log: dict = defaultdict(lambda: defaultdict(int))
    for cid, d, amt in conn.execute(
        "SELECT customer_id, date, amount_fen FROM deliveries WHERE source = 'us' AND deleted_at IS NULL"
    ):
        log[cid][date.fromisoformat(d)] += amt
    conn.close()
    book = open_book(cut)
    if app_model is not None:
        t0 = time.perf_counter()
        app_model.append(risk.book_model(book, cutoff))
        print(f"  book_model on the truncated book: {time.perf_counter() - t0:.2f} s,"
              f" {app_model[-1].fitted_month or 'default'}, coef {_fmt(app_model[-1].coef)}")  # fmt: skip
    inputs = {}
    for row in base_rows(book, cutoff):
        x = risk.input_of(row)
        if x is not None:
            inputs[row.id] = x
    book.close()
    kept = bought_between(log, cutoff, end)
    return inputs, {c: c not in kept for c in inputs}, log, cutoff


def run_demo(n: int, fit: bool) -> dict:
    end = date(2026, 11, 23)
    horizon = 120
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        # the model fitted on a backtest inside this book's own calibration period
        b_inputs, b_lost, _log, _c = demo_case(work, 7, n, end - timedelta(days=horizon), horizon)
        ids = sorted(b_inputs)
        fitted = risk.fit_risk_model([b_inputs[c] for c in ids], [b_lost[c] for c in ids])
        if fit:  # what risk.DEFAULT_MODEL holds: fitted on another seed's backtest
            o_inputs, o_lost, _l, _c = demo_case(work, 1, n, end - timedelta(days=horizon), horizon)
            oid = sorted(o_inputs)
            other = risk.fit_risk_model([o_inputs[c] for c in oid], [o_lost[c] for c in oid])
            print(f"seed-1 backtest coefficients (for DEFAULT_MODEL): {_fmt(other.coef)}"
                  f" typical gap {other.typical_gap_days:.0f} d")  # fmt: skip
        app: list = []
        inputs, lost, log, cutoff = demo_case(work, 7, n, end, horizon, app)
        ids = sorted(inputs)
        x, tx, T = [], [], []  # noqa: N806
        for c in ids:
            days = sorted(d for d in log[c] if d <= cutoff)
            x.append(len(days) - 1)
            T.append((cutoff - days[0]).days / 7)
            tx.append((days[-1] - days[0]).days / 7)
        e = bgnbd_expected(x, tx, T, horizon / 7)
        res = evaluate(
            f"demo book, seed 7, {n} households (hold-out {horizon} days)",
            inputs, lost, e, fitted, risk.DEFAULT_MODEL,
            {"ours (book model, as the app does)": app[0]},
        )  # fmt: skip
        print(f"  ({time.perf_counter() - t0:.0f} s including building the books;"
              f" fitted coef {_fmt(fitted.coef)})")  # fmt: skip
    return res


def _fmt(coef) -> str:
    return "(" + ", ".join(f"{c:.3g}" for c in coef) + ")"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=3000)
    ap.add_argument("--fit", action="store_true", help="also print the seed-1 coefficients")
    ap.add_argument("--only", choices=["cdnow", "demo"])
    args = ap.parse_args(argv)
    if args.only != "demo":
        run_cdnow()
    if args.only != "cdnow":
        run_demo(args.customers, args.fit)
    return 0


if __name__ == "__main__":
    math.isfinite(0.0)
    sys.exit(main())
