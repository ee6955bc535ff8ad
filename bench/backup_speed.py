"""Backup sizes and times on the 100k demo book, next to a plain file copy.

    .venv/bin/python bench/backup_speed.py [/tmp/sb100k.db]

Works on a copy in a temporary folder (the shared book is only read). Prints:
the plain copy (baseline), the two snapshot methods (SQLite backup API,
VACUUM INTO), zstd and gzip on the snapshot, a whole create_backup, a
verify (what a corrupt-book open pays to find the newest good backup), a
restore, and what a write plus close costs with and without the close backup.
"""

from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import salesbook.startup  # noqa: E402, F401 - the core wired as at start-up
from salesbook.store import backup  # noqa: E402


def mb(n: int) -> str:
    return f"{n / 1e6:8.1f} MB"


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> int:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sb100k.db")
    if not source.exists():
        print(
            f"{source} not found: build it once with\n  .venv/bin/salesbook demo {source} --customers 100000 --today 2026-11-23"
        )
        return 1
    work = Path(tempfile.mkdtemp(prefix="salesbook-backup-bench-"))
    try:
        book = work / "sb100k.db"
        # baseline: a plain file copy (safe here only because the book is closed:
        # with a -wal beside it the work copy is made through SQLite instead)
        _, t_copy = timed(lambda: shutil.copyfile(source, book))
        if Path(str(source) + "-wal").exists():
            book.unlink()
            backup._snapshot(source, book, "backup")
        raw = book.stat().st_size
        print(f"book {source}: {mb(raw)}")

        def line(label: str, seconds: float, size: int | None = None, extra: str = "") -> None:
            sz = f"  {mb(size)}  ({raw / size:.1f}x)" if size else ""
            print(f"  {label:<46} {seconds:6.2f} s{sz}{extra}")

        line("baseline: plain file copy", t_copy)
        snap = work / "snap.db"
        _, t = timed(lambda: backup._snapshot(book, snap, "backup"))
        line("snapshot, SQLite backup API (the app's)", t)
        vac = work / "vacuum.db"
        _, t = timed(lambda: backup._snapshot(book, vac, "vacuum"))
        line("snapshot, VACUUM INTO", t, vac.stat().st_size)
        vac.unlink()
        _, t = timed(lambda: backup._inspect(snap))
        line("quick_check + counts of the snapshot", t)
        if backup._zstd is not None:
            for level in (1, 3):
                z = work / f"snap{level}.zst"

                def zstd(level=level, z=z):
                    with open(snap, "rb") as fin, open(z, "wb") as fout:
                        c = backup._zstd.ZstdCompressor(level=level, write_checksum=True)
                        c.copy_stream(fin, fout, read_size=1 << 20)

                _, t = timed(zstd)
                line(
                    f"zstd level {level}" + (" (the app's)" if level == 1 else ""),
                    t,
                    z.stat().st_size,
                )
        for level in (1, 6):
            g = work / f"snap{level}.gz"

            def gz(level=level, g=g):
                with open(snap, "rb") as fin, gzip.open(g, "wb", compresslevel=level) as fout:
                    shutil.copyfileobj(fin, fout, 1 << 20)

            _, t = timed(gz)
            line(
                f"gzip level {level}" + (" (without zstandard)" if level == 6 else ""),
                t,
                g.stat().st_size,
            )
        snap.unlink()

        info, t = timed(lambda: backup.create_backup(book, "manual"))
        line("create_backup: all of it, as the app does", t, info.size)
        ok, t = timed(lambda: backup.verify_backup(info))
        line("verify_backup (unpack + quick_check)", t, extra=f"  ok={ok}")
        result, t = timed(lambda: backup.restore_backup(book, info.id))
        line("restore_backup (keeps a copy of the old book)", t)

        from salesbook.records.deliveries import record_delivery
        from salesbook.store.book import open_book

        def write_and_close(auto: bool):
            b = open_book(book)
            b.auto_backup = auto
            cid, pid = b.conn.execute(
                "SELECT customer_id, product_id FROM deliveries LIMIT 1"
            ).fetchone()
            record_delivery(b, cid, pid, 10, on=date(2026, 11, 23))
            b.close()

        def clear_backups():  # so the close backup is not skipped by the 5-minute gap
            for item in backup.list_backups(book):
                item.path.unlink()
                item.meta_path.unlink()

        write_and_close(False)  # warm the cache
        _, t = timed(lambda: write_and_close(False))
        line("open + one delivery + close, no backup", t)
        clear_backups()
        _, t = timed(lambda: write_and_close(True))
        line("open + one delivery + close + close backup", t)
        _, t = timed(lambda: write_and_close(True))
        line("... again within 5 minutes (gap: no backup)", t)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
