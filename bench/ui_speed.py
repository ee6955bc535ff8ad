"""Speed of the window, each figure beside a plain baseline measured in the same run.

    QT_QPA_PLATFORM=offscreen python bench/ui_speed.py [BIG_BOOK]   (default /tmp/sb100k.db)

* window shown: ``salesbook --book BOOK`` started as a process until the
  window is on screen, and until the Today list is filled (small demo book
  and the 100k book; targets 1.5 s and 2.5 s) vs a plain PySide6 process
  that shows an empty main window;
* search as you type on the 100k book: a keystroke in the Customers search
  until the first page of matches is in the table (target 100 ms) vs a plain
  sqlite3 LIKE query for 200 names;
* customer detail on the 100k book: open until everything, chart included,
  is on screen (target 200 ms; the first one also imports matplotlib and is
  shown apart) vs plain sqlite3 reads of the same customer's rows;
* Ctrl+End in Today's Resupply and Win back lists (one row per customer) until
  the last row is built vs plain reads of the last 200 customers' agenda rows.

The big book is only read (built with ``salesbook demo`` if missing).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TODAY = date(2026, 11, 23)
BIN = Path(sys.executable).parent


def line(name: str, ours: float, base: float, target: str) -> None:
    print(f"{name:<44} {ours:8.1f} ms   baseline {base:8.1f} ms   x{ours / max(base, 0.01):5.1f}   {target}",
          flush=True)  # fmt: skip


def _timed_process(args: list[str], markers: tuple[str, ...], env: dict) -> dict[str, float]:
    """Start a process; seconds from start until each marker line appears."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    found: dict[str, float] = {}
    assert proc.stdout is not None
    for text in proc.stdout:
        for m in markers:
            if m in text and m not in found:
                found[m] = time.perf_counter() - t0
        if len(found) == len(markers):
            break
    proc.wait(timeout=60)
    return found


BASELINE_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QTableWidget(20, 6)); w.resize(1180, 760); w.show()
QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
app.exec()
"""


def startup(book: Path, tmp: Path, runs: int = 3) -> tuple[float, float]:
    env = dict(os.environ, SALESBOOK_TODAY=TODAY.isoformat(), SALESBOOK_QUIT_AFTER_MS="10",
               XDG_CONFIG_HOME=str(tmp / "config"), SALESBOOK_LANG="zh")  # fmt: skip
    shown, loaded = [], []
    for _ in range(runs):
        t = _timed_process(
            [str(BIN / "salesbook"), "--book", str(book)], ("window shown", "Today loaded"), env
        )
        shown.append(t["window shown"] * 1000)
        loaded.append(t["Today loaded"] * 1000)
    return statistics.median(shown), statistics.median(loaded)


def baseline_startup(runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = _timed_process(
            [sys.executable, "-c", BASELINE_WINDOW], ("window shown",), dict(os.environ)
        )
        times.append(t["window shown"] * 1000)
    return statistics.median(times)


def wait(app, cond, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError
        app.processEvents()
        time.sleep(0.0005)


def in_window(big: Path, tmp: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("Salesbook-bench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qsettings"))
    from ui.app import create_app, create_window

    app = create_app("zh")
    win = create_window(big, today=TODAY)
    wait(app, lambda: win.today_view.is_loaded)
    view = win.customers_view
    win.show_view("customers")
    wait(app, lambda: view.model.rowCount() > 0 and win.session.idle())
    # search as you type: each keystroke until its first page is shown
    typed = [
        "w",
        "wj",
        "wjg",
        "王",
        "王建",
        "王建国",
        "1",
        "13",
        "138",
        "1381",
        "z",
        "zh",
        "zha",
        "zhan",
        "zhang",
    ]
    plain = sqlite3.connect(f"file:{big}?mode=ro", uri=True)
    times = []
    for text in typed * 2:
        done = []
        conn = view.model.reset_done.connect(lambda: done.append(time.perf_counter()))  # noqa: B023 (used within this iteration)
        t0 = time.perf_counter()
        view.search.setText(text)
        wait(app, lambda: bool(done))  # noqa: B023
        view.model.reset_done.disconnect(conn)
        times.append((done[0] - t0) * 1000)
        wait(app, lambda: win.session.idle())
    base = []
    for text in typed * 2:
        t0 = time.perf_counter()
        plain.execute("SELECT id, name, phone FROM customers WHERE search_key LIKE ? ORDER BY name LIMIT 200",
                      (f"%{text.lower()}%",)).fetchall()  # fmt: skip
        base.append((time.perf_counter() - t0) * 1000)
    times.sort()
    line(
        "search as you type, 100k (median)",
        statistics.median(times),
        statistics.median(base),
        "target <= 100 ms",
    )
    line("search as you type, 100k (slowest)", times[-1], max(base), "")
    # Ctrl+End in the whole list: until the last customer's row is filled in
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    model, table = view.model, view.table
    ends, plain_ends = [], []
    for _ in range(5):
        view.search.setText("")
        wait(app, lambda: model.total is not None and model.rowCount() == model.total
             and win.session.idle())  # fmt: skip
        table.setCurrentIndex(model.index(0, 0))
        last = model.rowCount() - 1
        t0 = time.perf_counter()
        QTest.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        wait(app, lambda: model.row_at(last) is not None)  # noqa: B023
        app.processEvents()
        ends.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        plain.execute("SELECT id, name, phone FROM customers WHERE archived_at IS NULL"
                      " ORDER BY sort_key LIMIT 200 OFFSET ?", (max(0, last - 199),)).fetchall()  # fmt: skip
        plain_ends.append((time.perf_counter() - t0) * 1000)
    line("Ctrl+End to the last customer, 100k (median)", statistics.median(ends),
         statistics.median(plain_ends), "target <= 100 ms")  # fmt: skip
    today_ctrl_end(app, win, plain)
    # customer detail with its chart
    ids = [r[0] for r in plain.execute(
        "SELECT customer_id FROM supply GROUP BY customer_id HAVING COUNT(*) >= 2 LIMIT 12 OFFSET 5000")]  # fmt: skip
    detail_times = []
    cold = 0.0
    for i, cid in enumerate(ids):
        shown, charted = [], []
        t0 = time.perf_counter()
        detail = win.open_customer(cid)
        c1 = detail.shown_customer.connect(lambda c, shown=shown: shown.append(c))
        c2 = detail.chart_rendered.connect(
            lambda charted=charted: charted.append(time.perf_counter())
        )
        wait(app, lambda shown=shown, charted=charted: bool(shown) and bool(charted))
        elapsed = (charted[0] - t0) * 1000
        detail.shown_customer.disconnect(c1)
        detail.chart_rendered.disconnect(c2)
        wait(app, lambda: win.session.idle())
        if i == 0:
            cold = elapsed
        else:
            detail_times.append(elapsed)
    # plain: read the same customer's rows with sqlite3 and draw one line of its deliveries with
    # matplotlib (Agg, same size), on one thread, no widgets
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    base = []
    for cid in ids[1:]:
        t0 = time.perf_counter()
        for sql in ("SELECT * FROM customers WHERE id = ?", "SELECT * FROM supply WHERE customer_id = ?",
                    "SELECT * FROM payments WHERE customer_id = ?", "SELECT * FROM contacts WHERE customer_id = ?",
                    "SELECT * FROM level_history WHERE customer_id = ?"):  # fmt: skip
            plain.execute(sql, (cid,)).fetchall()
        pts = plain.execute("SELECT date, quantity FROM deliveries WHERE customer_id = ? ORDER BY date",
                            (cid,)).fetchall()  # fmt: skip
        fig = Figure(figsize=(10.6, 2.3), dpi=100)
        ax = fig.add_subplot(111)
        ax.plot([date.fromisoformat(d) for d, _q in pts], [q for _d, q in pts])
        FigureCanvasAgg(fig).draw()
        base.append((time.perf_counter() - t0) * 1000)
    line("customer detail incl. chart, 100k (median)", statistics.median(detail_times), statistics.median(base),
         "target <= 200 ms")  # fmt: skip
    line("customer detail incl. chart (slowest)", max(detail_times), max(base), "")
    print(
        f"{'first detail (imports matplotlib + font)':<44} {cold:8.1f} ms   (once per run of the app)"
    )
    plain.close()
    win.close()


def today_ctrl_end(app, win, plain) -> None:
    """Ctrl+End in Today's longest lists: until the last customer's row is built
    (its page asked of the core, due.fetch_rows) vs plain reads of the agenda
    rows of the same last 200 customers."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    today = win.today_view
    win.show_view("today")
    for kind in ("resupply", "winback"):
        table = today.tables[kind]
        today.tabs.setCurrentWidget(table)
        model, view = table.model, table.table
        ends, plain_ends = [], []
        for _ in range(5):
            view.scrollToTop()
            today.reload()  # a fresh list: its first page built (and the rows in view)
            wait(app, lambda: win.session.idle() and model.row_at(model.rowCount() - 1) is None)  # noqa: B023
            view.setCurrentIndex(model.index(0, 0))
            last = model.rowCount() - 1
            t0 = time.perf_counter()
            QTest.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
            wait(app, lambda: model.row_at(last) is not None)  # noqa: B023
            app.processEvents()
            ends.append((time.perf_counter() - t0) * 1000)
            # plain: the same customers' agenda rows, read one customer at a time
            cids = [keys[0] >> 28 for keys in model.groups[-200:]]
            t0 = time.perf_counter()
            for cid in cids:
                plain.execute("SELECT * FROM agenda WHERE customer_id = ? AND kind = 'resupply'",
                              (cid,)).fetchall()  # fmt: skip
            plain_ends.append((time.perf_counter() - t0) * 1000)
        line(f"Today {kind}: Ctrl+End, {model.rowCount()} rows (median)", statistics.median(ends),
             statistics.median(plain_ends), "target <= 100 ms")  # fmt: skip


def main() -> None:
    big = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sb100k.db")
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (figures are wall-clock)"
    )
    if not big.exists():
        print(f"building {big} ...", flush=True)
        subprocess.run([str(BIN / "salesbook"), "demo", str(big), "--customers", "100000", "--today",
                        TODAY.isoformat()], check=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        from salesbook.cli.demo import build_demo

        small = tmp / "small.db"
        build_demo(small, customers=300, today=TODAY)
        base = baseline_startup()
        shown, loaded = startup(small, tmp)
        line("window shown, 300-customer book", shown, base, "target <= 1500 ms")
        line("  ... and Today filled", loaded, base, "")
        big_copy = big
        if os.environ.get("BENCH_COPY_BIG"):
            big_copy = tmp / "big.db"
            shutil.copyfile(big, big_copy)
        shown, loaded = startup(big_copy, tmp)
        line("window shown, 100k-customer book", shown, base, "target <= 2500 ms")
        line("  ... and Today filled", loaded, base, "")
        in_window(big_copy, tmp)


if __name__ == "__main__":
    main()
