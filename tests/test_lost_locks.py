"""A book held by one process survives other processes reading and writing it
through the CLI, even after the holder lost its SQLite locks (issue 16, part 1).

SQLite's POSIX locks belong to the process: when any code in the holder opens
and closes the book file by another descriptor, every lock its connection
holds is gone. Another process that then believed it was alone would
checkpoint and delete the WAL, and the holder's next commits would go into a
deleted file, lost at the next crash. A process that finds the book held
(lock.py's lock file) opens it read-only at the SQLite level and so can never
checkpoint or delete the holder's WAL.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The holder: the book open as the window has it, two deliveries recorded with
# a stray open/close of the book file in between (what a file dialog did).
HOLDER = """
import sys
from salesbook.store.book import open_book
from salesbook.records.deliveries import record_delivery
b = open_book(sys.argv[1])
cust = b.conn.execute("SELECT id FROM customers ORDER BY id LIMIT 1").fetchone()[0]
prod = b.conn.execute("SELECT id FROM products ORDER BY id LIMIT 1").fetchone()[0]
record_delivery(b, cust, prod, 7, on="2026-03-20", note="first")
open(sys.argv[1], "rb").close()  # drops every POSIX lock this process holds on the book
print("first", flush=True)
sys.stdin.readline()
record_delivery(b, cust, prod, 8, on="2026-03-21", note="second")
print("second", flush=True)
sys.stdin.readline()
"""


def _cli(path: Path, *args: str) -> subprocess.CompletedProcess:
    code = "import sys; from salesbook.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "--lang", "en", "--book", str(path), *args],
        capture_output=True, text=True, cwd=str(ROOT), timeout=60,
    )  # fmt: skip


def _notes(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute("SELECT note FROM deliveries WHERE note IS NOT NULL")]
    finally:
        conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")
def test_a_cli_call_never_deletes_the_wal_of_a_holder_that_lost_its_locks(seeded):
    seeded.book.close()
    path = seeded.path
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(ROOT),
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == b"first", holder.stderr.read()
        r = _cli(path, "due", "--on", "2026-03-22")  # reads the book while the holder has it
        assert r.returncode == 0, r
        assert "open in another" in r.stderr  # says it only reads a book held elsewhere
        w = _cli(path, "pay", "王建国", "10")  # a write is refused, nothing is checkpointed
        assert w.returncode == 1 and "open in another Salesbook" in w.stderr, w
        assert os.path.exists(str(path) + "-wal")
        holder.stdin.write(b"go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == b"second", holder.stderr.read()
        holder.send_signal(signal.SIGKILL)  # a crash: no close, no checkpoint
        holder.wait(10)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)
    assert sorted(_notes(path)) == ["first", "second"]
    r = _cli(path, "check")
    assert r.returncode == 0, r
