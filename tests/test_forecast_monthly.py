"""The forecast's backtest is one of the month's background jobs (salesbook/store/monthly.py):
no view runs it; the job stores the fit the maintained forecast then uses."""

from __future__ import annotations

from datetime import date

from salesbook.records import forecast_fit
from salesbook.store import monthly


def test_the_backtest_is_a_monthly_job_that_stores_the_fit(seeded):
    b = seeded.book
    assert "forecast_backtest" in [j.name for j in monthly.jobs()]
    assert forecast_fit.stored_fit(b) is None
    today = date(2026, 3, 20)
    assert "forecast_backtest" in [j.name for j in monthly.due(b, today)]
    stored = monthly.run_due(b, today)
    assert "forecast_backtest" in stored
    fit = forecast_fit.stored_fit(b)
    assert fit is not None and fit.month == "2026-03"
    assert forecast_fit.params_for(b) == fit  # what the maintained forecast now uses
    # the maintained forecasts are what a full refit with that tuning gives
    from salesbook.records import supply

    kept = b.conn.execute("SELECT * FROM supply ORDER BY 1, 2").fetchall()
    supply.refresh_all(b)
    assert b.conn.execute("SELECT * FROM supply ORDER BY 1, 2").fetchall() == kept
    assert "forecast_backtest" not in [j.name for j in monthly.due(b, today)]
    assert "forecast_backtest" in [j.name for j in monthly.due(b, date(2026, 4, 1))]


def test_the_job_computed_apart_equals_the_one_run_in_place(seeded):
    b = seeded.book
    today = date(2026, 3, 20)
    computed = dict(monthly.compute_due(b, today, names=["forecast_backtest"]))
    assert computed["forecast_backtest"] == forecast_fit.fit_book(b, today)
