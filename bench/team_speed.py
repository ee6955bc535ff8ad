"""Team book speed: 50 summaries of 2,000 customers each imported into a team book.

    .venv/bin/python bench/team_speed.py [--reps 50] [--customers 2000]

Builds one demo book, writes its summary (``write_summary``), then makes the
other reps' summaries from it by giving each its own book uid, rep name,
customer uids and phone numbers (a byte-level rewrite of the workbook's XML,
so setting up 50 files takes seconds). Times, in one run:

* baseline: python-calamine reading every sheet of the 50 files (no parsing);
* ``import_summaries`` of the 50 files into a new team book (read safely, parse,
  store, one transaction per file);
* re-importing the same 50 files (each is "not newer": skipped after reading);
* ``team_report`` over the team book.

Target (issue 5): the 50 x 2,000 import in <= 10 s.

On PostgreSQL (issue 17) with ``--pg`` (a throwaway cluster started as the
tests do, tests/pg_support.py) or ``--server URL``: the same import with
``--workers`` importers at once (processes, each its own connection), then
the report right after the import and again (warm), then the same with one
importer; the SQLite figures (one importer, above) beside them. Issue 17's
target: 300 x 2,000 in <= 60 s with 4 importers, the report in <= 2 s:

    .venv/bin/python bench/team_speed.py --pg --reps 300 --customers 2000 --workers 4

The machine's load average is printed with each figure (the bench is CPU-bound:
other work on the machine slows it). With ``--pg``, the server's CPU seconds
(its processes, read from /proc) and the importers' are printed beside the
import's wall time: where the time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import salesbook.startup  # noqa: E402, F401 - the core wired as at start-up
from salesbook.cli.demo import build_demo  # noqa: E402
from salesbook.excel.summary import write_summary  # noqa: E402
from salesbook.store.book import open_book  # noqa: E402
from salesbook.team import import_summaries, open_team, team_report  # noqa: E402

TODAY = date(2026, 11, 23)
_UID = re.compile(rb"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
_PHONE = re.compile(rb">1([3-9])(\d{9})<")


def variant(src: Path, dst: Path, i: int) -> None:
    """The summary of rep ``i``: own book uid, customer uids, phones and name."""
    tag = f"{i:02x}".encode()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = _UID.sub(lambda m: tag + m.group(0)[2:], data)
                data = _PHONE.sub(
                    lambda m: b">1" + m.group(1) + f"{i:02d}".encode() + m.group(2)[2:] + b"<", data
                )
                data = data.replace(b"REP-NAME", f"业务员{i:02d}".encode())
            zout.writestr(item, data)


def calamine_all(paths: list[Path]) -> float:
    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    for p in paths:
        wb = CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
        wb.close()
    return time.perf_counter() - t


def _import_share(target: str, paths: list[Path]) -> list[str]:
    with open_team(target) as team:
        return [r.status for r in import_summaries(team, paths)]


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _server_cpu(pid: int | None) -> float | None:
    """CPU seconds of a local PostgreSQL server: the postmaster and its children
    (running ones, and those it has waited for); None where /proc cannot tell."""
    if pid is None:
        return None
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    try:
        for p in Path("/proc").iterdir():
            if not p.name.isdigit():
                continue
            try:
                st = (p / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(p.name) == pid:
                total += sum(int(x) for x in st[11:15])  # utime stime cutime cstime
            elif int(st[1]) == pid:
                total += int(st[11]) + int(st[12])
    except OSError:
        return None
    return total / tick


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def time_backend(name: str, target: str, paths: list[Path], workers: int, server_pid=None) -> None:
    from concurrent.futures import ProcessPoolExecutor

    with open_team(target):
        pass  # create / migrate first
    cpu0, mine0 = _server_cpu(server_pid), _children_cpu() + time.process_time()
    t = time.perf_counter()
    if workers > 1:
        shares = [paths[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(workers) as pool:
            statuses = [
                s for part in pool.map(_import_share, [target] * workers, shares) for s in part
            ]
    else:
        statuses = _import_share(target, paths)
    t_import = time.perf_counter() - t
    cpu1, mine1 = _server_cpu(server_pid), _children_cpu() + time.process_time()
    at_import = load()
    assert statuses.count("imported") == len(paths), statuses
    with open_team(target) as team:
        n = team.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
        t = time.perf_counter()
        report = team_report(team)
        t_report = time.perf_counter() - t
        t = time.perf_counter()
        team_report(team)
        t_warm = time.perf_counter() - t
    print(f"{name}: {len(paths)} summaries ({n} customers) imported by {workers} importer(s) in"
          f" {t_import:6.2f} s ({at_import}); team_report in {t_report:5.2f} s right after,"
          f" {t_warm:5.2f} s again ({len(report.reps)} reps, {len(report.conflicts)} conflicts)")  # fmt: skip
    if cpu0 is not None and cpu1 is not None:
        print(f"  CPU during the import: server {cpu1 - cpu0:6.1f} s, importers (Python)"
              f" {mine1 - mine0:6.1f} s, on {os.cpu_count()} cores")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--customers", type=int, default=2000)
    ap.add_argument("--pg", action="store_true", help="also on a throwaway PostgreSQL cluster")
    ap.add_argument("--server", help="also on this postgresql:// team book (must be empty)")
    ap.add_argument("--workers", type=int, default=4, help="importers at once on PostgreSQL")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sb_team_bench_") as tmp:
        d = Path(tmp)
        db = d / "rep.db"
        build_demo(db, customers=args.customers, seed=9, today=TODAY)
        book = open_book(db)
        base = d / "base.xlsx"
        t = time.perf_counter()
        write_summary(book, base, rep="REP-NAME", on=TODAY)
        print(
            f"one summary of {args.customers} customers written in {time.perf_counter() - t:.2f} s"
        )
        book.close()
        paths = []
        for i in range(args.reps):
            p = d / f"summary_{i:02d}.xlsx"
            variant(base, p, i)
            paths.append(p)
        print(load())
        t_read = calamine_all(paths)
        team = open_team(d / "team.db")
        t = time.perf_counter()
        results = import_summaries(team, paths)
        t_import = time.perf_counter() - t
        at_import = load()
        assert all(r.status == "imported" for r in results), [
            r.message("en") for r in results if r.error
        ]
        n = team.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
        t = time.perf_counter()
        again = import_summaries(team, paths)
        t_again = time.perf_counter() - t
        assert all(r.status == "older" for r in again)
        t = time.perf_counter()
        report = team_report(team)
        t_report = time.perf_counter() - t
        team.close()
        print(f"{args.reps} summaries, {n} customers in the team book")
        print(f"baseline: python-calamine reading all sheets of the files: {t_read:6.2f} s")
        print(
            f"SQLite: import_summaries into a new team book (1 importer): {t_import:6.2f} s ({at_import})"
        )
        print(f"the same files again (each skipped as not newer):          {t_again:6.2f} s")
        print(
            f"team_report ({len(report.reps)} reps, {len(report.due)} due items, "
            f"{len(report.conflicts)} conflicts):             {t_report:6.2f} s"
        )
        if args.pg or args.server:
            cluster = None
            if args.pg:
                sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
                from pg_support import PgCluster, why_not

                if why_not():
                    sys.exit(why_not())
                cluster = PgCluster().start()
            try:
                pid = None
                if cluster:
                    with contextlib.suppress(OSError, ValueError):
                        pid = int((cluster.data / "postmaster.pid").read_text().split()[0])
                url = args.server or cluster.url(cluster.new_database())
                time_backend("PostgreSQL", url, paths, args.workers, pid)
                if cluster:
                    url = cluster.url(cluster.new_database())
                    time_backend("PostgreSQL", url, paths, 1, pid)
            finally:
                if cluster:
                    cluster.stop()


if __name__ == "__main__":
    main()
