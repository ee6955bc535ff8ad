"""A deterministic simulated book of households, some of whom leave (loss-risk checks).

Importable by the tests (``tests/`` is on ``sys.path`` under pytest) and by
``bench/risk_auc.py`` (which inserts ``tests/`` into ``sys.path``).

Each customer (a household of 1-6) buys 1-3 products; per product the
household's real use is the rule of thumb (household size x per-person use)
x U(0.5, 1.5), it has its own usual pack (``sim_households._packs``), now and
then a double pack, and reorders at the true run-out + N(0, 2.5) days (a week
late now and then). ``elsewhere_p`` of the households buy only a share
U(0.4, 0.9) of a product from us:

* ``discrete`` (the held-out books' way): whole deliveries go to another
  shop, each with probability 1 - share; the household eats at its own rate,
  so an interval between our deliveries is now and then 2 or 3 times the
  usual one;
* ``smooth`` (the older simulator's way): our deliveries are depleted at
  rate x share, so every interval is longer.

Customers leave at a constant hazard (a mean life of ``leave_days`` from
their first purchase): no purchase from us after it. The hazard is the same
all along, so the book's own backtest (120 days before the cut-off) sees the
same kind of leavers as the hold-out. The book covers ``days`` days; the cut-off is ``days -
horizon``; a customer is *lost* when they buy nothing from us in the
``horizon`` days after it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sim_households import PRODUCTS, _packs

START = date(2023, 1, 2)
PRICES = {"rice": 600, "oil": 1600, "water": 1500, "gas": 9000}  # fen per unit
UNITS = {"rice": "kg", "oil": "L", "water": "L", "gas": "kg"}

VARIANTS: dict[str, dict] = {
    "discrete": {"elsewhere": "discrete"},
    "smooth": {"elsewhere": "smooth"},
    "discrete_heavy": {"elsewhere": "discrete", "elsewhere_p": 0.5},
    "few_leavers": {"elsewhere": "discrete", "leave_days": 1500.0},
}


@dataclass
class SimBook:
    """Customers' sizes and purchases, the cut-off and who is lost after it."""

    sizes: dict[int, int]
    purchases: dict[int, list[tuple[date, str, float]]]  # customer -> (day, product, qty)
    cutoff: date
    end: date

    def before(self, customer: int) -> list[tuple[date, str, float]]:
        return [p for p in self.purchases[customer] if p[0] <= self.cutoff]

    def lost(self) -> dict[int, bool]:
        """Customers who bought by the cut-off -> no purchase in the hold-out."""
        out = {}
        for c, items in self.purchases.items():
            if any(d <= self.cutoff for d, _p, _q in items):
                out[c] = not any(self.cutoff < d <= self.end for d, _p, _q in items)
        return out

    def days_log(self) -> dict[int, dict[date, int]]:
        """customer -> purchase day -> spend (fen), up to the end."""
        log: dict = defaultdict(lambda: defaultdict(int))
        for c, items in self.purchases.items():
            for d, p, q in items:
                log[c][d] += round(q * PRICES[p])
        return log


def simulate_book(
    n: int = 2000,
    seed: int = 0,
    *,
    days: int = 730,
    horizon: int = 120,
    elsewhere: str = "discrete",
    elsewhere_p: float = 0.3,
    leave_days: float = 600.0,
    double_p: float = 0.1,
    noise_sd: float = 2.5,
    late_p: float = 0.08,
) -> SimBook:
    rng = random.Random(seed)
    end = START + timedelta(days=days)
    sizes, purchases = {}, {}
    names = list(PRODUCTS)
    for c in range(1, n + 1):
        size = rng.choices(range(1, 7), (2, 4, 4, 3, 2, 1))[0]
        sizes[c] = size
        first = rng.uniform(0, days * 0.7)
        leave = first + rng.expovariate(1.0 / leave_days)
        k = rng.choices((1, 2, 3), (5, 3, 2))[0]
        chosen = rng.sample(names, k) if k > 1 else [rng.choices(names, (5, 2, 2, 1))[0]]
        items = []
        for name in chosen:
            spec = PRODUCTS[name]
            rate = size * spec["per_person"] * rng.uniform(0.5, 1.5)
            share = rng.uniform(0.4, 0.9) if rng.random() < elsewhere_p else 1.0
            deplete = rate * share if elsewhere == "smooth" else rate
            _all, pack = _packs(rng, spec, deplete)
            day, stock, ours = first + rng.uniform(0, 20), 0.0, True
            while day <= days and day < leave:
                qty = pack * (2 if rng.random() < double_p else 1)
                if ours:
                    items.append((START + timedelta(days=int(day)), name, qty))
                stock += qty
                gap = stock / deplete + rng.gauss(0.0, noise_sd)
                if rng.random() < late_p:
                    gap += rng.uniform(5, 10)
                gap = max(1.0, round(gap))
                stock = max(0.0, stock - deplete * gap)
                day += gap
                ours = elsewhere == "smooth" or rng.random() < share
        purchases[c] = sorted(items)
    return SimBook(sizes, purchases, end - timedelta(days=horizon), end)


def build_book(book, sim: SimBook) -> dict[int, int]:
    """Write the simulated book as it stood at the cut-off into ``book`` (an
    open, empty Salesbook book) and rebuild its forecast. Returns sim customer
    -> book customer id."""
    from salesbook.records import supply
    from salesbook.records.customers import insert_customer
    from salesbook.records.deliveries import insert_delivery
    from salesbook.records.products import add_product

    pids = {}
    for name, spec in PRODUCTS.items():
        pids[name] = add_product(book, name=name, unit=UNITS[name], price=str(PRICES[name] / 100),
                                 per_person_daily=str(spec["per_person"])).id  # fmt: skip
    ids = {}
    with book.transaction() as conn:
        for c, size in sim.sizes.items():
            before = sim.before(c)
            if not before:
                continue
            ids[c] = insert_customer(conn, {"name": f"户{c}", "household_size": size},
                                     created_at=before[0][0].isoformat())  # fmt: skip
            for d, p, q in before:
                insert_delivery(conn, ids[c], pids[p], d, q, PRICES[p])
        supply.refresh_all(book)
    return ids
