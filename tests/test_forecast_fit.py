"""Issue 18: the book's own backtest (salesbook.records.forecast_fit), ``salesbook
forecast accuracy`` and ``salesbook customer rate``."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import table_rows

from salesbook.cli.demo import build_demo
from salesbook.records import forecast_fit, supply
from salesbook.store.book import open_book

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("fit") / "demo.db"
    build_demo(path, customers=120, seed=5, today=TODAY)
    return path


@pytest.fixture
def demo(demo_path, tmp_path):
    import shutil

    path = tmp_path / "demo.db"
    shutil.copy(demo_path, path)
    return path


def test_customer_rate_sets_and_clears_the_override(seeded, run_cli):
    def rice_row():
        return table_rows(
            seeded.path,
            "SELECT prior_rate, runout_date FROM supply WHERE customer_id = "
            f"{seeded.wang.id} AND product_id = {seeded.rice.id}",
        )[0]

    before = rice_row()
    assert before[0] == pytest.approx(0.45)  # 3 people x 0.15
    r = run_cli("customer", "rate", "王建国", "大米", "0.9", book=seeded.path)
    assert r.code == 0 and "uses about 0.9 kg of 大米 a day" in r.out, r
    after = rice_row()
    assert after[0] == pytest.approx(0.9) and after[1] < before[1]
    r = run_cli("customer", "rate", "王建国", "大米", "--clear", book=seeded.path, lang="zh")
    assert r.code == 0 and "已清除" in r.out, r
    assert rice_row() == before


@pytest.mark.parametrize("args", [("0",), ("abc",), (), ("0.5", "--clear")])
def test_customer_rate_bad_input_changes_nothing(seeded, run_cli, args):
    snap = table_rows(seeded.path, "SELECT * FROM consumption_overrides")
    r = run_cli("customer", "rate", "王建国", "大米", *args, book=seeded.path)
    assert r.code == 1 and r.err.strip() and "Traceback" not in r.err, r
    assert "daily rate" in r.err
    assert table_rows(seeded.path, "SELECT * FROM consumption_overrides") == snap


def test_forecast_accuracy_on_a_young_book(seeded, run_cli):
    r = run_cli("forecast", "accuracy", "--on", "2026-03-20", book=seeded.path)
    assert r.code == 0 and "Too little history" in r.out, r
    r = run_cli("forecast", "accuracy", "--on", "2026-03-20", "--format", "json", book=seeded.path)
    record = json.loads(r.out)
    assert record["prior_weight_days"] == forecast_fit.DEFAULT[0]
    assert record["elsewhere_ratio"] == forecast_fit.DEFAULT[1]


def test_forecast_accuracy_backtests_the_book_once_a_month(demo, run_cli, monkeypatch):
    r = run_cli("forecast", "accuracy", "--on", TODAY.isoformat(), book=demo)
    assert r.code == 0, r
    assert "run-outs fell within 3 days of the real reorder" in r.out, r
    assert "median error" in r.out
    zh = run_cli("forecast", "accuracy", "--on", TODAY.isoformat(), book=demo, lang="zh")
    assert "次预计用完日在实际再订货的 3 天以内" in zh.out and "中位误差" in zh.out, zh
    stored = json.loads(
        table_rows(demo, "SELECT value FROM settings WHERE key = 'forecast_fit'")[0][0]
    )
    assert stored["month"] == "2026-11" and stored["points"] >= forecast_fit.MIN_POINTS
    assert 0 < stored["within"] <= stored["points"]

    # the same month: the stored fit, no new backtest
    def boom(*_a, **_k):
        raise AssertionError("refitted within the month")

    monkeypatch.setattr(forecast_fit, "fit_book", boom)
    again = run_cli("forecast", "accuracy", "--on", "2026-11-30", book=demo)
    assert again.out == r.out


def test_the_fitted_tuning_is_what_the_forecast_uses(demo, monkeypatch):
    """After a fit that changes the tuning, every supply row is what a full
    refresh with that tuning gives (the fit refreshes in its transaction)."""
    book = open_book(demo)
    try:
        fake = forecast_fit.Fit("2026-11", 20.0, 0.0, {}, 500, 300, 2.0)
        monkeypatch.setattr(forecast_fit, "fit_book", lambda b, on: fake)
        before = book.conn.execute("SELECT * FROM supply ORDER BY 1, 2").fetchall()
        fit = forecast_fit.book_fit(book, TODAY, refit=True)
        assert (fit.weight_days, fit.elsewhere_ratio) == (20.0, 0.0)
        fitted = book.conn.execute("SELECT * FROM supply ORDER BY 1, 2").fetchall()
        assert fitted != before
        with book.transaction():
            supply.refresh_all(book)
        assert book.conn.execute("SELECT * FROM supply ORDER BY 1, 2").fetchall() == fitted
        # a prior weight the rep set in Settings wins over the fitted one
        from salesbook.records.settings import set_setting

        set_setting(book, "prior_weight_days", 90)
        assert forecast_fit.params_for(book).weight_days == 90.0
    finally:
        book.close()


def test_next_months_import_gives_the_forecasts_of_a_full_refit(demo, tmp_path):
    """Issue 18 part 5: a month of deliveries imported on top of the history
    leaves every supply row as a full rebuild would (with the book's fitted
    tuning in place)."""
    import csv
    import random
    from datetime import timedelta

    from salesbook.excel.importer import import_file

    book = open_book(demo)
    try:
        forecast_fit.book_fit(book, TODAY)
        pairs = book.conn.execute(
            "SELECT c.phone, p.name FROM supply s JOIN customers c ON c.id = s.customer_id"
            " JOIN products p ON p.id = s.product_id WHERE c.phone IS NOT NULL"
            " AND c.archived_at IS NULL ORDER BY 1, 2"
        ).fetchall()
        rng = random.Random(4)
        path = tmp_path / "month.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["电话", "品名", "送货日期", "数量"])
            for phone, product in pairs:
                day = TODAY + timedelta(days=rng.randint(1, 30))
                w.writerow([phone, product, day.isoformat(), rng.choice((1, 5, 10))])
        result = import_file(book, "deliveries", path)
        assert result.inserted == len(pairs)
        imported = book.conn.execute("SELECT * FROM supply ORDER BY 1, 2").fetchall()
        with book.transaction():
            supply.refresh_all(book)
        assert book.conn.execute("SELECT * FROM supply ORDER BY 1, 2").fetchall() == imported
    finally:
        book.close()
