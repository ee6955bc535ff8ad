"""Crash trials: kill Salesbook with SIGKILL at random points and check the book.

Each trial copies a small seed book, starts a child process that works on it
and prints one line after each action *returns* (its commit is done), kills
the child at a random moment, then checks, as a rep reopening the app would:

* the book opens (its lock was released by the crash) and passes
  ``PRAGMA integrity_check``;
* every action the child reported committed is in the book, and at most one
  more (the one in flight when it died) - nothing half-done;
* the derived state (supply, customer_state) equals a full recomputation,
  no undo-log rows are left ungrouped, and every backup listed unpacks and
  passes its check.

Modes: ``deliveries`` (a stream of record_delivery calls, some paid),
``imports`` (CSV files of deliveries through salesbook.excel.importer.import_file,
each one transaction), ``backups`` (a delivery then a backup, repeatedly),
``undo`` (deliveries with undo/redo in between), and two that run the
window's code path while other processes use the CLI on the same book
(issue 16): ``window`` (the child is the window's BookSession, offscreen,
recording deliveries on its book thread and now and then showing a file
dialog of ui/file_dialogs.py on the book's folder, which once dropped its
SQLite locks) and ``window-stray`` (the same, but the child also opens and
closes the book file by another descriptor after each delivery, so it really
loses its POSIX locks: the CLI processes must still never checkpoint or
delete its WAL). In both, while the child runs, the parent keeps running
``salesbook due``, ``customers``, ``check`` and ``deliver`` (refused while
the window has the book) against the book in other processes.

    .venv/bin/python bench/crash_trials.py --trials 100
    .venv/bin/python bench/crash_trials.py --trials 20 --modes imports
    .venv/bin/python bench/crash_trials.py --trials 40 --modes window,window-stray

The baseline printed beside the figures is the same child run to completion
of a fixed number of actions without a kill (actions per second).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MODES = ("deliveries", "imports", "backups", "undo", "window", "window-stray")
WINDOW_MODES = ("window", "window-stray")
IMPORT_ROWS = 40


# -- the seed book ---------------------------------------------------------------


def make_seed(path: Path, customers: int = 40) -> Path:
    """A small demo book to copy for each trial (closed: a plain file copy is safe)."""
    from salesbook.cli.demo import build_demo

    path.parent.mkdir(parents=True, exist_ok=True)
    build_demo(path, customers=customers, seed=11, today=date(2026, 3, 1))
    shutil.rmtree(path.parent / "backups", ignore_errors=True)
    return path


# -- the child ---------------------------------------------------------------------


def window_child(mode: str, book_path: str, seed: int, limit: int | None = None) -> None:
    """The window's code path: BookSession opens the book and records each
    delivery on its book thread (as the delivery dialog does), 'ok <uid>'
    printed when the result is back on the GUI thread; a file dialog on the
    book's folder every few deliveries (``window-stray``: a stray open/close
    of the book file after each one as well)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from salesbook.records.deliveries import record_delivery
    from ui import file_dialogs
    from ui.workers import BookSession

    app = QApplication.instance() or QApplication([])
    session = BookSession()
    rng = random.Random(seed)

    def wait(submit) -> object:
        box: list = []
        submit(box.append)
        while not box:
            app.processEvents()
            time.sleep(0.001)
        if isinstance(box[0], BaseException):
            raise box[0]
        return box[0]

    wait(lambda put: session.open(book_path, create=False, done=put, error=put))

    def _ids(book):
        cust = [
            r[0] for r in book.conn.execute("SELECT id FROM customers WHERE archived_at IS NULL")
        ]
        return cust, [r[0] for r in book.conn.execute("SELECT id FROM products")]

    customers, products = wait(lambda put: session.call(_ids, done=put, error=put))
    if session.book.in_use_by is not None:
        raise SystemExit("the window child opened the book read-only")
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    day0 = date(2026, 3, 2)
    folder = str(Path(book_path).parent)
    i = 0
    while limit is None or i < limit:
        i += 1
        out.write("begin\n")
        out.flush()
        rec = wait(lambda put, i=i: session.call(
            record_delivery, rng.choice(customers), rng.choice(products), rng.choice((1, 2, 5, 10)),
            on=day0 + timedelta(days=i % 60), paid=rng.random() < 0.3, note=f"crash-{seed}-{i}",
            done=put, error=put,
        ))  # fmt: skip
        out.write(f"ok {rec.uid}\n")
        out.flush()
        if mode == "window-stray":
            open(book_path, "rb").close()  # drops every POSIX lock this process holds on it
        if i % 5 == 1:  # the rep opens Save as PDF / Export... on the book's folder
            dlg = file_dialogs.make_dialog(None, "Export", folder, "All files (*)", save=True)
            dlg.show()
            shown = time.perf_counter()
            while time.perf_counter() - shown < 0.15:
                app.processEvents()
                time.sleep(0.005)
            dlg.close()
            dlg.deleteLater()
    if limit is not None:
        session.close()


CLI_CALLS = (
    ("due", "--within", "30"),
    ("customers", "--limit", "5"),
    ("check",),
    ("deliver", "#1", "大米", "1", "--note", "cli"),
    ("due", "--format", "json"),
)


def cli_traffic(book: Path, stop: threading.Event, tally: dict) -> None:
    """Other Salesbook processes on the same book until ``stop``: reads, a
    check, and writes (refused while the window has the book)."""
    code = "import sys; from salesbook.cli import main; sys.exit(main(sys.argv[1:]))"
    env = dict(os.environ, SALESBOOK_LANG="en")
    n = 0
    while not stop.is_set():
        args = CLI_CALLS[n % len(CLI_CALLS)]
        n += 1
        r = subprocess.run(
            [sys.executable, "-c", code, "--book", str(book), *args],
            capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=120,
        )  # fmt: skip
        if args[0] == "deliver":
            key = "writes_refused" if r.returncode == 1 and "open in another" in r.stderr else (
                "writes_done" if r.returncode == 0 else "errors")  # fmt: skip
        else:
            key = "reads" if r.returncode == 0 else "errors"
        tally[key] = tally.get(key, 0) + 1
        if key == "errors":
            tally.setdefault("error_text", []).append(f"{args[0]}: {r.stderr.strip()[-200:]}")


def child(mode: str, book_path: str, seed: int, limit: int | None = None) -> None:
    """Work on the book, printing 'ok <id>' after each action returns."""
    if mode in WINDOW_MODES:
        window_child(mode, book_path, seed, limit)
        return
    import salesbook.startup  # noqa: F401 - the core wired as at start-up
    from salesbook.records.deliveries import record_delivery
    from salesbook.store.book import open_book

    rng = random.Random(seed)
    book = open_book(book_path, exclusive=True)
    customers = [
        r[0] for r in book.conn.execute("SELECT id FROM customers WHERE archived_at IS NULL")
    ]
    phones = [
        r[0] for r in book.conn.execute("SELECT phone FROM customers WHERE archived_at IS NULL")
    ]
    products = [r for r in book.conn.execute("SELECT id, name FROM products")]
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    day0 = date(2026, 3, 2)
    i = 0
    tmpdir = Path(tempfile.mkdtemp(prefix="crash-child-"))
    try:
        while limit is None or i < limit:
            i += 1
            out.write("begin\n")  # an action starts: a kill from here on is mid-action
            out.flush()
            if mode in ("deliveries", "undo", "backups"):
                rec = record_delivery(
                    book, rng.choice(customers), rng.choice(products)[0], rng.choice((1, 2, 5, 10)),
                    on=day0 + timedelta(days=i % 60), paid=rng.random() < 0.3, note=f"crash-{seed}-{i}",
                )  # fmt: skip
                out.write(f"ok {rec.uid}\n")
                out.flush()
                if mode == "undo" and rng.random() < 0.4:
                    from salesbook.store.undo import redo_last, undo_last

                    out.write("begin\n")
                    out.flush()
                    undo_last(book)
                    out.write(f"undone {rec.uid}\n")
                    out.flush()
                    if rng.random() < 0.5:
                        out.write("begin\n")
                        out.flush()
                        redo_last(book)
                        out.write(f"redone {rec.uid}\n")
                        out.flush()
                if mode == "backups":
                    from salesbook.store.backup import create_backup

                    out.write("begin\n")
                    out.flush()
                    info = create_backup(book, "manual")
                    out.write(f"backup {info.id}\n")
                    out.flush()
            elif mode == "imports":
                from salesbook.excel.importer import import_file

                csv = tmpdir / f"batch{i}.csv"
                lines = ["电话,品名,日期,数量,备注"]
                for j in range(IMPORT_ROWS):
                    day = day0 + timedelta(days=(i * IMPORT_ROWS + j) % 90)
                    lines.append(
                        f"{rng.choice(phones)},{rng.choice(products)[1]},{day.isoformat()},{i}.{j + 1:03d},imp-{seed}-{i}"
                    )
                csv.write_text("\n".join(lines) + "\n", "utf-8")
                res = import_file(book, "deliveries", csv)
                out.write(f"ok {res.import_id} {res.inserted}\n")
                out.flush()
            else:
                raise SystemExit(f"unknown mode {mode}")
    finally:
        if limit is not None:
            book.close()
            shutil.rmtree(tmpdir, ignore_errors=True)


# -- the parent ------------------------------------------------------------------------


@dataclass
class Trial:
    mode: str
    seconds_before_kill: float
    reported: int = 0  # actions the child said were committed
    lost: int = 0  # reported but not in the book
    extra: int = 0  # in the book but never reported (at most 1 allowed: in flight)
    opened: bool = False
    integrity_ok: bool = False
    derived_ok: bool = False
    undo_log_ok: bool = False
    backups_ok: bool = True
    partial_import: bool = False
    cli: dict = field(default_factory=dict)  # window modes: the CLI calls made meanwhile
    mid_action: bool = False  # the kill came after 'begin' and before that action's 'ok'
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.opened and self.integrity_ok and self.lost == 0 and self.extra <= 1
            and self.derived_ok and self.undo_log_ok and self.backups_ok and not self.partial_import
        )  # fmt: skip


def _spawn(mode: str, book: Path, seed: int, limit: int | None = None) -> subprocess.Popen:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(book), str(seed)]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    env = dict(os.environ, PYTHONUNBUFFERED="1", SALESBOOK_LANG="en")
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(ROOT)
    )


def run_trial(
    mode: str, seed_book: Path, workdir: Path, rng: random.Random, kill_after=(0.05, 1.5)
) -> Trial:
    """One trial: copy the seed, run a child, SIGKILL it after a random delay, check."""
    workdir.mkdir(parents=True, exist_ok=True)
    book = workdir / "book.db"
    shutil.copyfile(seed_book, book)
    seed = rng.randrange(1 << 30)
    delay = rng.uniform(*kill_after)
    trial = Trial(mode, delay)
    proc = _spawn(mode, book, seed)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            text = raw.decode("utf-8", "replace")
            if not text.endswith("\n"):
                break  # cut mid-line by the kill: not reported
            if text.strip() == "ready":
                ready.set()
            else:
                lines.append(text.strip())
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not ready.wait(60):
        proc.kill()
        trial.problems.append("child never became ready")
        return trial
    stop = threading.Event()
    traffic = None
    if mode in WINDOW_MODES:
        traffic = threading.Thread(target=cli_traffic, args=(book, stop, trial.cli), daemon=True)
        traffic.start()
    time.sleep(delay)
    if proc.poll() is not None:
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        trial.problems.append(f"child ended by itself ({proc.returncode}): {err[-500:]}")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(10)
    if traffic is not None:
        time.sleep(
            rng.uniform(0, 0.3)
        )  # CLI calls go on a little after the crash, as a rep's would
        stop.set()
        traffic.join(180)
    trial.mid_action = bool(lines) and lines[-1] == "begin"
    _check(trial, book, [ln for ln in lines if ln != "begin"], seed)
    return trial


def _check(trial: Trial, book: Path, lines: list[str], seed: int) -> None:
    from salesbook.errors import SalesbookError
    from salesbook.records import supply
    from salesbook.store import backup
    from salesbook.store.book import open_book

    try:
        b = open_book(book, exclusive=True)
    except SalesbookError as exc:
        trial.problems.append(f"open failed: {exc}")
        return
    trial.opened = True
    try:
        conn = b.conn
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        trial.integrity_ok = result == ["ok"]
        if not trial.integrity_ok:
            trial.problems.append("integrity: " + "; ".join(result[:3]))
        if trial.mode == "imports":
            _check_imports(trial, conn, lines, seed)
        else:
            _check_deliveries(trial, conn, lines, seed)
        # derived state equals a full recomputation
        before = _derived(conn)
        with b.transaction():
            supply.refresh_all(b)
            after = _derived(conn)
            raise _Rollback  # a check only: leave the book as the crash left it
    except _Rollback:
        trial.derived_ok = before == after
        if not trial.derived_ok:
            trial.problems.append("derived state differs from a recomputation")
    finally:
        trial.undo_log_ok = (
            b.conn.execute("SELECT COUNT(*) FROM undo_log WHERE action_id IS NULL").fetchone()[0]
            == 0
        )
        if not trial.undo_log_ok:
            trial.problems.append("ungrouped undo-log rows")
        b.auto_backup = False
        b.close()
    if trial.mode == "backups":
        listed = backup.list_backups(book)
        reported = {ln.split()[1] for ln in lines if ln.startswith("backup ")}
        ids = {i.id for i in listed}
        missing = reported - ids
        bad = [i.id for i in listed if not backup.verify_backup(i)]
        if missing or bad:
            trial.backups_ok = False
            trial.problems.append(f"backups missing {sorted(missing)} damaged {bad}")


class _Rollback(Exception):
    pass


def _derived(conn: sqlite3.Connection) -> tuple:
    supply_rows = conn.execute("SELECT * FROM supply ORDER BY customer_id, product_id").fetchall()
    state = conn.execute("SELECT * FROM customer_state ORDER BY customer_id").fetchall()
    return supply_rows, state


def _check_deliveries(trial: Trial, conn, lines: list[str], seed: int) -> None:
    present = {
        r[0]
        for r in conn.execute(
            "SELECT uid FROM deliveries WHERE note LIKE ? AND deleted_at IS NULL",
            (f"crash-{seed}-%",),
        )
    }
    # the state the child reported: ok adds, undone removes, redone adds back
    expected: set[str] = set()
    for ln in lines:
        word, _, uid = ln.partition(" ")
        if word in ("ok", "redone"):
            expected.add(uid)
        elif word == "undone":
            expected.discard(uid)
    trial.reported = len(lines)
    missing = expected - present
    extra = present - expected
    # in flight when killed: a delivery (or redo) committed but not printed, or
    # an undo of the last reported delivery committed but not printed
    may_be_undone: set[str] = set()
    if trial.mode == "undo" and lines:
        word, _, uid = lines[-1].partition(" ")
        if word in ("ok", "redone"):
            may_be_undone = {uid}
    trial.lost = len(missing - may_be_undone)
    trial.extra = len(extra) + len(missing & may_be_undone)
    if trial.lost:
        trial.problems.append(f"lost {trial.lost} reported deliveries")
    if trial.extra > 1:
        trial.problems.append(f"{trial.extra} changes never reported")


def _check_imports(trial: Trial, conn, lines: list[str], seed: int) -> None:
    reported = {}
    for ln in lines:
        parts = ln.split()
        if parts[0] == "ok":
            reported[int(parts[1])] = int(parts[2])
    trial.reported = len(reported)
    in_book = dict(conn.execute("SELECT id, rows FROM imports").fetchall())
    counts = dict(
        conn.execute(
            "SELECT import_id, COUNT(*) FROM deliveries WHERE import_id IS NOT NULL GROUP BY import_id"
        ).fetchall()
    )
    trial.lost = sum(1 for i in reported if i not in in_book or counts.get(i, 0) != reported[i])
    extra = [i for i in in_book if i not in reported]
    trial.extra = len(extra)
    for i in in_book:  # all or nothing: every recorded import holds all its rows
        if counts.get(i, 0) != IMPORT_ROWS:
            trial.partial_import = True
            trial.problems.append(f"import {i} holds {counts.get(i, 0)} of {IMPORT_ROWS} rows")
    orphans = [i for i in counts if i not in in_book]
    if orphans:
        trial.partial_import = True
        trial.problems.append(f"deliveries of unrecorded imports {orphans}")
    if trial.lost:
        trial.problems.append(f"lost {trial.lost} reported imports")


def baseline(mode: str, seed_book: Path, workdir: Path, n: int) -> float:
    """Actions per second of the same child run to completion (no kill)."""
    workdir.mkdir(parents=True, exist_ok=True)
    book = workdir / "book.db"
    shutil.copyfile(seed_book, book)
    proc = _spawn(mode, book, 1, limit=n)
    started = None
    assert proc.stdout is not None
    count = 0
    for raw in proc.stdout:
        if raw.strip() == b"ready":
            started = time.perf_counter()
        elif raw.startswith((b"ok", b"backup")):
            count += 1
    proc.wait()
    if started is None or proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"baseline child failed: {err[-800:]}")
    return count / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--trials", type=int, default=100, help="trials in all, split over the modes")
    ap.add_argument("--modes", default="deliveries,imports,backups,undo")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--child", nargs=3, metavar=("MODE", "BOOK", "SEED"), help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]), args.limit)
        return 0
    modes = [m for m in args.modes.split(",") if m]
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="salesbook-crash-"))
    try:
        seed_book = make_seed(work / "seed" / "seed.db")
        print(f"crash trials: {args.trials} over {', '.join(modes)} (seed {args.seed})")
        per_mode = {
            m: args.trials // len(modes) + (1 if i < args.trials % len(modes) else 0)
            for i, m in enumerate(modes)
        }
        totals = {"trials": 0, "reported": 0, "lost": 0, "extra": 0, "failed_open": 0, "bad": 0}
        started = time.perf_counter()
        for mode in modes:
            rate = baseline(mode, seed_book, work / f"base-{mode}", 15 if mode == "imports" else 40)
            results = []
            kill_after = (0.3, 4.0) if mode in WINDOW_MODES else (0.05, 1.5)
            for n in range(per_mode[mode]):
                trial = run_trial(mode, seed_book, work / f"{mode}-{n}", rng, kill_after)
                results.append(trial)
                if not trial.ok:
                    print(
                        f"  FAILED {mode} #{n} after {trial.seconds_before_kill:.2f}s: {trial.problems}"
                    )
                shutil.rmtree(work / f"{mode}-{n}", ignore_errors=True)
            reported = sum(t.reported for t in results)
            lost = sum(t.lost for t in results)
            in_flight = sum(1 for t in results if t.extra == 1)
            mid = sum(1 for t in results if t.mid_action)
            failed_open = sum(1 for t in results if not t.opened)
            bad = sum(1 for t in results if not t.ok)
            print(
                f"{mode:<10} trials {len(results):>3}  killed mid-action {mid:>3}  actions reported committed {reported:>5}"
                f"  lost {lost}  in-flight found committed {in_flight:>3}  failed to open {failed_open}"
                f"  failed checks {bad}   (baseline without kills: {rate:.1f} actions/s)"
            )
            if mode in WINDOW_MODES:
                cli = {k: sum(t.cli.get(k, 0) for t in results)
                       for k in ("reads", "writes_refused", "writes_done", "errors")}  # fmt: skip
                print(
                    f"{'':<10} CLI meanwhile: {cli['reads']} reads/checks, {cli['writes_refused']}"
                    f" writes refused while the window had the book, {cli['writes_done']} writes"
                    f" after the crash, {cli['errors']} errors"
                )
                for t in results:
                    for text in t.cli.get("error_text", [])[:3]:
                        print(f"  CLI error: {text}")
            totals["trials"] += len(results)
            totals["reported"] += reported
            totals["lost"] += lost
            totals["failed_open"] += failed_open
            totals["bad"] += bad
        print(
            f"TOTAL      trials {totals['trials']}  reported {totals['reported']}  lost {totals['lost']}"
            f"  failed to open {totals['failed_open']}  failed checks {totals['bad']}"
            f"  ({time.perf_counter() - started:.0f} s)"
        )
        return 0 if totals["bad"] == 0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
