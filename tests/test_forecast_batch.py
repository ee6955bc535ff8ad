"""Issue 18 part 5: the forecast of many pairs at once (rules/forecast_batch.py)
is the reference estimate_supply, bit for bit, so an import's refresh and a
full rebuild give the same supply rows whichever path computed them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesbook.rules import forecast, forecast_batch

START = date(2024, 11, 1)

quantities = st.one_of(
    st.sampled_from([0, 1, 2, 5, 10, 15, 25, 50]),
    st.floats(min_value=0.0, max_value=80.0, allow_nan=False).map(lambda q: round(q, 2)),
)


@st.composite
def histories(draw) -> list[forecast.Delivery]:
    """A customer x product's deliveries: mostly regular reorders, with the
    odd same-day top-up, double pack, long gap (bought elsewhere) or report
    of buying elsewhere."""
    n = draw(st.integers(min_value=1, max_value=40))
    base = draw(st.integers(min_value=5, max_value=60))
    day = START
    out = []
    for _ in range(n):
        out.append(
            forecast.Delivery(
                day,
                draw(quantities),
                draw(st.sampled_from(["us"] * 9 + ["elsewhere"])),
            )
        )
        gap = draw(
            st.one_of(
                st.integers(min_value=max(1, base - 6), max_value=base + 6),
                st.integers(min_value=0, max_value=4 * base),
            )
        )
        day += timedelta(days=gap)
    return out


jobs = st.tuples(
    st.one_of(st.none(), st.floats(min_value=0.01, max_value=5.0), st.sampled_from([0.0, -1.0])),
    histories(),
    st.sampled_from([5.0, 20.0, 45.0, 90.0]),
    st.sampled_from([0.0, 1.6, 2.5, forecast.ELSEWHERE_RATIO]),
)


def _reference(job_list, **tuning):
    return [
        forecast.estimate_supply(p, ds, prior_weight_days=w, elsewhere_ratio=r, **tuning)
        for p, ds, w, r in job_list
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(jobs, min_size=1, max_size=40))
def test_many_pairs_at_once_equal_the_reference_bit_for_bit(job_list):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(forecast_batch, "MIN_BATCH", 1)  # always the array path
        assert forecast_batch.estimate_many(job_list) == _reference(job_list)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(jobs, min_size=1, max_size=25),
    st.sampled_from(
        [
            {"half_life": 0.0},
            {"change_threshold": 0.0},
            {"change_threshold": 1.0, "noise_days": 4.0},
            {"huber": 0.5, "noise_rel": 0.1},
        ]
    ),
)
def test_other_tuning_equals_the_reference_too(job_list, tuning):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(forecast_batch, "MIN_BATCH", 1)
        assert forecast_batch.estimate_many(job_list, **tuning) == _reference(job_list, **tuning)


def test_a_small_batch_and_a_big_one_give_the_same_estimates(monkeypatch):
    """The rows of a one-pair refresh (a delivery typed in) and of a rebuild of
    the whole book (thousands of pairs) are the same."""
    import random

    rng = random.Random(7)
    job_list = []
    for _ in range(300):
        rate = rng.uniform(0.1, 2.0)
        day, ds = START, []
        for _ in range(rng.randint(1, 30)):
            q = rng.choice((1, 2, 5, 10))
            ds.append(forecast.Delivery(day, q))
            late = 3.0 if rng.random() < 0.1 else rng.uniform(0.8, 1.2)
            day += timedelta(days=max(1, round(q / rate * late)))
        job_list.append((rng.choice((None, rate * rng.uniform(0.5, 2))), ds, 45.0, 1.6))
    whole = forecast_batch.estimate_many(job_list)
    monkeypatch.setattr(forecast_batch, "MIN_BATCH", 10**9)  # the reference, one by one
    alone = [forecast_batch.estimate_many([job])[0] for job in job_list]
    assert whole == alone == _reference(job_list)
    assert sum(e.rate is not None for e in whole) == len(job_list) - sum(
        1 for p, ds, _, _ in job_list if p is None and len({d.date for d in ds}) < 2
    )


def test_no_delivery_is_refused_as_by_the_reference():
    with pytest.raises(ValueError):
        forecast_batch.estimate_many([(0.5, [], 45.0, 1.6)])


def _flat(job_list):
    """The jobs as the book reads them: flat columns, a start per pair."""
    starts, days, quantities, sources, params = [], [], [], [], []
    for prior, ds, weight, ratio in job_list:
        starts.append(len(days))
        for d in sorted(ds, key=lambda d: d.date):
            days.append(d.date.toordinal())
            quantities.append(d.quantity)
            sources.append(d.source)
        params.append((prior, weight, ratio))
    return starts, days, quantities, sources, params


@settings(max_examples=60, deadline=None)
@given(st.lists(jobs, min_size=1, max_size=40), st.sampled_from([1, 10**9]), st.booleans())
def test_flat_columns_give_the_reference_estimates_and_purchase_rhythm(job_list, min_batch, plain):
    from salesbook.records.supply import purchase_rhythm

    job_list = [(p, sorted(ds, key=lambda d: d.date), w, r) for p, ds, w, r in job_list]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(forecast_batch, "MIN_BATCH", min_batch)
        if not plain:  # as on Python 3.12+: only quantities in 1/1024ths as arrays
            mp.setattr(forecast_batch, "_PLAIN_SUM", False)
        got = forecast_batch.estimate_flat(*_flat(job_list))
    assert [est for est, _ in got] == _reference(job_list)
    for (_, ds, _, _), (_, rhythm) in zip(job_list, got, strict=True):
        if rhythm is not None:
            assert rhythm == purchase_rhythm([d.date for d in ds if d.source == "us"])


def test_flat_columns_of_regular_histories_take_the_array_path():
    """Whole and half units, one delivery a day, all from us: computed as
    arrays (a rhythm comes back), equal to the reference."""
    job_list = []
    for k in range(60):
        ds = [
            forecast.Delivery(START + timedelta(days=20 * i + (k * i) % 7), 5 + (i % 3) * 2.5)
            for i in range(3 + k % 20)
        ]
        job_list.append((None if k % 4 == 0 else 0.2 + k / 100, ds, 45.0, 1.6))
    got = forecast_batch.estimate_flat(*_flat(job_list))
    assert all(rhythm is not None for _, rhythm in got)
    assert [est for est, _ in got] == _reference(job_list)


def test_long_and_short_histories_in_small_chunks_give_the_same_estimates(monkeypatch):
    """However the pairs are cut into chunks (CELLS: intervals x pairs in one
    set of arrays), each pair's estimate is its own."""
    import random

    rng = random.Random(3)
    job_list = []
    for _ in range(200):
        rate, day, ds = rng.uniform(0.1, 2.0), START, []
        for _ in range(rng.randint(1, 60)):
            q = rng.choice((1, 2, 5, 1.8, 3.6))
            ds.append(forecast.Delivery(day, q))
            day += timedelta(days=max(1, round(q / rate * rng.uniform(0.6, 2.5))))
        job_list.append((rng.choice((None, rate)), ds, 45.0, 1.6))
    whole = forecast_batch.estimate_flat(*_flat(job_list))
    monkeypatch.setattr(forecast_batch, "CELLS", 50)
    assert forecast_batch.estimate_flat(*_flat(job_list)) == whole
    assert [est for est, _ in whole] == _reference(job_list)


def test_next_months_import_leaves_the_rows_the_reference_gives(tmp_path, monkeypatch):
    """A month of deliveries imported on top of two years of history (the
    arrays refresh the touched pairs) leaves every supply row exactly as a full
    rebuild by the pure reference (estimate_supply one pair at a time) gives it."""
    import csv
    import random

    from salesbook.cli.demo import build_demo
    from salesbook.excel.importer import import_file
    from salesbook.records import supply
    from salesbook.store.book import open_book

    today = date(2026, 11, 23)
    path = tmp_path / "demo.db"
    build_demo(path, customers=80, seed=3, today=today)
    book = open_book(path)
    try:
        pairs = book.conn.execute(
            "SELECT c.phone, p.name FROM supply s JOIN customers c ON c.id = s.customer_id"
            " JOIN products p ON p.id = s.product_id WHERE c.phone IS NOT NULL"
            " AND c.archived_at IS NULL ORDER BY 1, 2"
        ).fetchall()
        assert len(pairs) >= 4 * forecast_batch.MIN_BATCH  # the import takes the array path
        rng = random.Random(9)
        month = tmp_path / "month.csv"
        with month.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["电话", "品名", "送货日期", "数量"])
            for phone, product in pairs:
                for _ in range(rng.choice((1, 1, 2))):
                    day = today + timedelta(days=rng.randint(1, 30))
                    w.writerow([phone, product, day.isoformat(), rng.choice((1, 2.5, 1.8, 10))])
        calls = []
        real = forecast_batch._fit_flat
        monkeypatch.setattr(
            forecast_batch, "_fit_flat", lambda *a: calls.append(len(a[2])) or real(*a)
        )
        assert import_file(book, "deliveries", month).inserted > len(pairs)
        assert sum(calls) > len(pairs) // 2  # most pairs were fitted as arrays
        imported = book.conn.execute("SELECT * FROM supply ORDER BY 1, 2").fetchall()
        monkeypatch.setattr(forecast_batch, "MIN_BATCH", 10**9)  # the reference only
        with book.transaction():
            supply.refresh_all(book)
        assert book.conn.execute("SELECT * FROM supply ORDER BY 1, 2").fetchall() == imported
    finally:
        book.close()


def test_a_very_long_history_goes_to_the_reference_and_agrees():
    """A pair longer than LONG_PAIR deliveries (a delivery a day for years) is
    estimated by the reference (the arrays' passes walk the longest pair of a
    chunk: one such customer made a chunk ~40x slower, found in review)."""
    job_list = [
        (
            0.5,
            [forecast.Delivery(START + timedelta(days=10 * k), 5.0) for k in range(12)],
            45.0,
            1.6,
        )
        for _ in range(30)
    ]
    long = [
        forecast.Delivery(START + timedelta(days=k), 1.0)
        for k in range(forecast_batch.LONG_PAIR + 50)
    ]
    job_list.append((1.0, long, 45.0, 1.6))
    got = forecast_batch.estimate_flat(*_flat(job_list))
    assert [est for est, _ in got] == _reference(job_list)
    assert got[-1][1] is None  # by the reference: the rhythm is supply's to compute
    assert forecast_batch.estimate_many(job_list) == _reference(job_list)
