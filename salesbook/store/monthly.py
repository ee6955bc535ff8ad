"""Monthly work off the user's path: a small registry of jobs run once a calendar month.

Some derived state is refreshed once a month: the value pyramid's snapshot
(``value``), the book's own risk model (``risk``), the forecast's backtest
(``forecast_fit``). None of it may slow a view down: a view reads what the last run
stored (the previous month's fit until the new one is ready; the defaults on
a young book that has none) and never runs a job itself.

A job is two steps, so the heavy part can run beside the user:

* ``compute(book, today) -> result``: reads only (it may run on a second,
  read-only connection to the book: ``open_reader``);
* ``store(book, today, result)``: writes the result in one short transaction
  on the book itself (the book's own connection and thread).

Who runs them:

* the CLI, at the end of the first command of the month that wrote to the
  book, after the user's transaction committed and its result was printed
  (``cli.Ctx.close`` -> ``run_due``), in the same process: the book's lock is
  still held, so no other Salesbook sees the book half-updated, nothing is
  left running after the command, and the backup made when the book closes
  holds the new fit;
* the window, on start-up: ``compute_due`` on a thread of its own over
  ``open_reader``, then ``store_results`` on the book's worker (ui/workers.py).

Each job's last month is kept in the setting ``monthly_jobs`` (name ->
'YYYY-MM'). The modules that have jobs (insight/value.py, insight/risk.py,
records/forecast_fit.py: all built on this one) register them when imported;
``salesbook.startup`` imports them at start-up.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import SalesbookError
from .book import Book

log = logging.getLogger(__name__)
STATE_KEY = "monthly_jobs"  # settings: job name -> the month it last ran ('YYYY-MM')


@dataclass(frozen=True)
class MonthlyJob:
    name: str
    compute: Callable[[Book, date], Any]
    store: Callable[[Book, date, Any], None]


_jobs: dict[str, MonthlyJob] = {}


def register(job: MonthlyJob) -> MonthlyJob:
    """Add (or replace) a monthly job; returns it."""
    _jobs[job.name] = job
    return job


def jobs() -> list[MonthlyJob]:
    """Every registered job (none: a wiring error, never a silent month without them)."""
    if not _jobs:
        raise RuntimeError("no monthly job registered: import salesbook.startup at start-up")
    return list(_jobs.values())


def month_of(day: date) -> str:
    return day.strftime("%Y-%m")


def last_runs(book: Book) -> dict[str, str]:
    """Job name -> the month it last ran."""
    state = book.settings().get(STATE_KEY)
    return dict(state) if isinstance(state, dict) else {}


def due(book: Book, today: date) -> list[MonthlyJob]:
    """The jobs that have not run in ``today``'s month yet."""
    month = month_of(today)
    done = last_runs(book)
    return [j for j in jobs() if str(done.get(j.name, "")) < month]


def mark_done(conn: sqlite3.Connection, book: Book, name: str, today: date) -> None:
    """Record (inside the caller's transaction) that ``name`` ran for ``today``'s month."""
    done = last_runs(book)
    done[name] = month_of(today)
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (STATE_KEY, json.dumps(done, sort_keys=True)),
    )
    book._settings_cache = None


def compute_due(reader: Book, today: date, names: list[str] | None = None) -> list[tuple[str, Any]]:
    """Run the compute step of the due jobs (or of ``names``) on ``reader``:
    [(job name, result)]. A job that fails is left out (it is tried again
    next time)."""
    out = []
    for job in due(reader, today):
        if names is not None and job.name not in names:
            continue
        try:
            out.append((job.name, job.compute(reader, today)))
        except Exception:  # noqa: BLE001 - one job's bug must not stop the others or the user
            log.exception("monthly job %s", job.name)
            continue
    return out


def store_results(book: Book, today: date, results: list[tuple[str, Any]]) -> list[str]:
    """Store computed results on the book (each job in its own transaction,
    skipped if another run stored it meanwhile). Returns the jobs stored."""
    pending = {j.name for j in due(book, today)}
    stored = []
    for name, result in results:
        job = _jobs.get(name)
        if job is None or name not in pending:
            continue
        try:
            job.store(book, today, result)
        except (SalesbookError, sqlite3.Error):
            continue  # read-only or busy: the next run tries again
        except Exception:  # noqa: BLE001 - a job's bug: its transaction rolled back
            log.exception("monthly job %s", name)
            continue
        stored.append(name)
    return stored


def run_due(book: Book, today: date) -> list[str]:
    """Compute and store every due job on ``book`` itself (the CLI's way).
    Never raises for a job's failure; returns the jobs stored."""
    if book.in_use_by is not None:
        return []
    return store_results(book, today, compute_due(book, today))


def open_reader(path: str) -> Book:
    """A second, read-only connection to the book at ``path`` for ``compute``
    (no lock, no backup: it never writes)."""
    from pathlib import Path

    from .backup import _uri_path  # '#', '?' or '%' in a path must not open another file

    conn = sqlite3.connect(
        f"file:{_uri_path(Path(path))}?mode=ro", uri=True, isolation_level=None,
        check_same_thread=False,
        timeout=5,
    )  # fmt: skip
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA query_only = ON")
    reader = Book(conn, path)
    reader.auto_backup = False
    return reader


def close_reader(reader: Book) -> None:
    with contextlib.suppress(sqlite3.Error):
        reader.conn.close()


def after_write(book: Book, today: date | None = None) -> list[str]:
    """The CLI's hook, called as a command that wrote to the book closes it
    (its result already printed): run the jobs due this month. Never raises
    (a job that fails is tried again after the next write)."""
    import sys

    if book.in_use_by is not None or book.path == ":memory:":
        return []
    with contextlib.suppress(Exception):
        sys.stdout.flush()  # the user's result is out before the month's work starts
    try:
        return run_due(book, today or date.today())
    except Exception:  # noqa: BLE001 - the user's command succeeded: never fail it here
        return []
