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

from salesbook import backup  # noqa: E402


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
        print(f"  baseline: plain file copy                    {t_copy:6.2f} s  {mb(raw)}")

        snap = work / "snap.db"
        _, t_snap = timed(lambda: backup._snapshot(book, snap, "backup"))
        print(
            f"  snapshot, SQLite backup API                  {t_snap:6.2f} s  {mb(snap.stat().st_size)}"
        )
        vac = work / "vacuum.db"
        _, t_vac = timed(lambda: backup._snapshot(book, vac, "vacuum"))
        print(
            f"  snapshot, VACUUM INTO                        {t_vac:6.2f} s  {mb(vac.stat().st_size)}"
        )
        _, t_check = timed(lambda: backup._inspect(snap))
        print(f"  quick_check + counts of the snapshot         {t_check:6.2f} s")

        if backup._zstd is not None:
            z = work / "snap.zst"
            _, t_z = timed(lambda: backup._compress(snap, z))
            print(
                f"  zstd level 3 of the snapshot                 {t_z:6.2f} s  {mb(z.stat().st_size)}  ({raw / z.stat().st_size:.1f}x)"
            )
        for level in (1, 6):
            g = work / f"snap{level}.gz"

            def gz(level=level, g=g):
                with open(snap, "rb") as fin, gzip.open(g, "wb", compresslevel=level) as fout:
                    shutil.copyfileobj(fin, fout, 1 << 20)

            _, t_g = timed(gz)
            print(
                f"  gzip level {level} of the snapshot                 {t_g:6.2f} s  {mb(g.stat().st_size)}  ({raw / g.stat().st_size:.1f}x)"
            )
        for p in (snap, vac):
            p.unlink()

        info, t_create = timed(lambda: backup.create_backup(book, "manual"))
        print(
            f"  create_backup (snapshot+check+zstd+rename)   {t_create:6.2f} s  {mb(info.size)}  <- what the app does"
        )
        ok, t_verify = timed(lambda: backup.verify_backup(info))
        print(f"  verify_backup (unpack+quick_check)           {t_verify:6.2f} s  ok={ok}")
        result, t_restore = timed(lambda: backup.restore_backup(book, info.id))
        print(
            f"  restore_backup (keeps a copy of the old book) {t_restore:5.2f} s  (copy kept: {result.safety.id})"
        )

        from salesbook.book import open_book
        from salesbook.deliveries import record_delivery

        def write_and_close(auto: bool):
            b = open_book(book)
            b.auto_backup = auto
            cid, pid = b.conn.execute(
                "SELECT customer_id, product_id FROM deliveries LIMIT 1"
            ).fetchone()
            record_delivery(b, cid, pid, 10, on=date(2026, 11, 23))
            b.close()

        _, t_plain = timed(lambda: write_and_close(False))
        _, t_auto = timed(lambda: write_and_close(True))
        print(f"  open + one delivery + close, no backup       {t_plain:6.2f} s")
        print(f"  open + one delivery + close, close backup    {t_auto:6.2f} s")
        print(f"  backups kept in {backup.backups_dir(book)}: {len(backup.list_backups(book))}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
