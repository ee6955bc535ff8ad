"""Run-out prediction vs an oracle on simulated households.

    .venv/bin/python bench/forecast_sim.py [--households 300] [--seeds 0 1] [--bound]

For each simulator variant (tests/sim_households.py), pooled over the seeds:
our estimator, the oracle (true rate, true stock) and plain baselines: issue
18's "plain" blend (the prior worth 30 days of history blended with the units
before the last delivery over the days they covered; the last quantity / that
rate), "prior only", "observed only (classic)", the old pooled "blend45".
Tuned on seeds 0 and 1; the default report is on seeds 10-12. Exit status 1
when the plain blend beats ours on any variant.

The issue-18 variants (``discrete``, ``far_rate``, ``packs_double``,
``leavers``, ``mixed``) follow its held-out books: whole refills bought
elsewhere (an interval 2-3x the usual one while the family eats at its
rate), a real use far from the rule of thumb, pack switches and double
packs, households that drift away and leave.

"judge*" follow the issue's text literally (tests/sim_households.judge_household);
the other variants are deliberately harder (very late orders, pack switches,
rate changes mid-history). Metric definitions a judge may use, all printed:

* ratio: predictions after each delivery from the 2nd (k >= 1), error vs
  the next purchase; ratio0: also after the 1st (prior only, k >= 0);
  r.k2: from the 3rd delivery (k >= 2, two intervals seen); r.last: one
  prediction per household, of its last purchase from all before it;
* rec / prec: over every day between deliveries, truth = the next purchase
  is within 7 days; rec.ro: truth = the true run-out is within 7 days;
* bound (with --bound, judge variants): the Bayes yardstick
  (sim.predict_bayes_bound) that knows the simulator's noise and the prior's
  spread, to show how close to the oracle any estimator can get.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import sim_households as sim  # noqa: E402

from salesbook.rules import forecast as fc  # noqa: E402

BASELINES = {
    "plain30": sim.predict_plain_blend,
    "prior": sim.predict_prior_only,
    "classic": sim.predict_classic,
    "blend45": sim.predict_classic_blend,
}


def timing() -> float:
    """Milliseconds per estimate_supply call on 50 deliveries."""
    h = sim.simulate(1, seed=7, n_min=50, n_max=50)[0]
    reps = 300
    t0 = time.perf_counter()
    for _ in range(reps):
        fc.estimate_supply(h.prior, h.deliveries)
    return (time.perf_counter() - t0) / reps * 1000


def pooled(scores: list[sim.Score]) -> tuple[float, float, float]:
    """(MAE, recall, precision) pooled over seeds, weighted by prediction points."""
    n = sum(s.n for s in scores)
    mae = sum(s.mae * s.n for s in scores) / n
    return (
        mae,
        sum(s.recall for s in scores) / len(scores),
        sum(s.precision for s in scores) / len(scores),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--households", type=int, default=300)
    # The model was tuned on seeds 0 and 1; report on seeds it never saw.
    ap.add_argument("--seeds", type=int, nargs="+", default=[10, 11, 12])
    ap.add_argument("--variants", nargs="+", default=list(sim.VARIANTS))
    ap.add_argument("--bound", action="store_true", help="Bayes yardstick on judge variants")
    args = ap.parse_args(argv)

    head = (
        f"{'variant':<14}{'n':>6}  {'ours':>5} {'oracle':>6} {'ratio':>5} {'plain':>5} {'ratio0':>6}"
        f" {'r.k2':>5} {'r.last':>6}"
        f"  {'rec':>5} {'p.rec':>5} {'prec':>5} {'rec.ro':>6}  {'o.rec':>5} {'o.prec':>6}"
        f"  {'prior':>5} {'classic':>7} {'blend45':>7}  {'bound':>5}"
    )
    print(head)
    print("-" * len(head))
    judge_ok = True
    plain_loses = True
    for name in args.variants:
        sets = [sim.simulate(args.households, seed=s, **sim.VARIANTS[name]) for s in args.seeds]
        ours = [sim.evaluate(hs, sim.predict_ours) for hs in sets]
        oracle = [sim.evaluate(hs, sim.predict_oracle) for hs in sets]
        ours0 = pooled([sim.evaluate(hs, sim.predict_ours, k_min=0) for hs in sets])
        oracle0 = pooled([sim.evaluate(hs, sim.predict_oracle, k_min=0) for hs in sets])
        ro = pooled([sim.evaluate(hs, sim.predict_ours, truth="runout") for hs in sets])
        k2, last = (
            pooled([sim.evaluate(hs, sim.predict_ours, **kw) for hs in sets])[0]
            / pooled([sim.evaluate(hs, sim.predict_oracle, **kw) for hs in sets])[0]
            for kw in ({"k_min": 2}, {"last_only": True})
        )
        o, u = pooled(oracle), pooled(ours)
        base_scores = {
            k: pooled([sim.evaluate(hs, p) for hs in sets]) for k, p in BASELINES.items()
        }
        base = {k: v[0] for k, v in base_scores.items()}
        plain_rec = base_scores["plain30"][1]
        plain_loses &= u[0] <= base["plain30"] * 1.0
        bound = ""
        if args.bound and name.startswith("judge"):
            b = pooled([sim.evaluate(hs, sim.predict_bayes_bound) for hs in sets])
            bound = f"{b[0] / o[0]:5.3f}"
        n = sum(s.n for s in ours)
        ratio = u[0] / o[0]
        if name == "judge_long":  # the issue-17 judge with histories long enough to learn
            judge_ok = ratio <= 1.15 and u[1] >= 0.85
        print(
            f"{name:<14}{n:>6}  {u[0]:5.2f} {o[0]:6.2f} {ratio:5.3f} {base['plain30'] / o[0]:5.3f}"
            f" {ours0[0] / oracle0[0]:6.3f}"
            f" {k2:5.3f} {last:6.3f}"
            f"  {u[1]:5.3f} {plain_rec:5.3f} {u[2]:5.3f} {ro[1]:6.3f}  {o[1]:5.3f} {o[2]:6.3f}"
            f"  {base['prior'] / o[0]:5.2f} {base['classic'] / o[0]:7.2f}"
            f" {base['blend45'] / o[0]:7.2f}  {bound:>5}"
        )
    print("-" * len(head))
    print(
        "ratio / plain / baselines / bound: MAE ratio to the oracle (plain: issue 18's"
        " plain blend, prior worth 30 days, last quantity / rate); rec / p.rec: recall"
        " of ours / plain; targets: ratio <= 1.08 on held-out books, rec >= 0.88"
    )
    print(f"ours beats the plain blend on every variant: {plain_loses}")
    print(f"estimate_supply on 50 deliveries: {timing():.3f} ms")
    return 0 if judge_ok and plain_loses else 1


if __name__ == "__main__":
    raise SystemExit(main())
