"""One writer per book (salesbook.store.lock), and books that cannot be written."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from salesbook.errors import BookError
from salesbook.records.customers import add_customer
from salesbook.records.deliveries import record_delivery
from salesbook.store import lock
from salesbook.store.backup import create_backup, restore_backup
from salesbook.store.book import open_book

ROOT = Path(__file__).resolve().parent.parent

HOLDER = """
import sys
from salesbook.store.book import open_book
b = open_book(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
b.close()
print("closed", flush=True)
"""


class Holder:
    """Another Salesbook process with the book open."""

    def __init__(self, path: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(ROOT),
        )  # fmt: skip
        line = self.proc.stdout.readline()
        assert line.strip() == b"ready", self.proc.stderr.read()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def close(self) -> None:
        self.proc.stdin.close()
        assert self.proc.stdout.readline().strip() == b"closed"
        self.proc.wait(10)

    def crash(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


@pytest.fixture
def holder(seeded):
    seeded.book.close()
    h = Holder(seeded.path)
    yield h
    if h.proc.poll() is None:
        h.crash()


def test_second_process_sees_the_book_in_use_and_does_not_write(seeded, holder):
    b = open_book(seeded.path)
    try:
        assert b.in_use_by is not None and b.in_use_by.pid == holder.pid
        # it can read ...
        assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 6
        # ... but not write
        with pytest.raises(BookError) as err:
            record_delivery(b, seeded.wang.id, seeded.rice.id, 10, on="2026-03-20")
        assert err.value.key == "book_in_use"
        assert str(holder.pid) in err.value.message("en")
        assert "另一个销售台账" in err.value.message("zh")
        assert b.conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == 6
        # read-only at the SQLite level, not just by a pragma: it cannot write,
        # checkpoint or delete the holder's WAL whatever it runs
        b.conn.execute("PRAGMA query_only = OFF")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            b.conn.execute("DELETE FROM undo_log")
    finally:
        b.close()
    assert Path(f"{seeded.path}-wal").exists()


def test_exclusive_open_refuses_at_once(seeded, holder):
    with pytest.raises(BookError) as err:
        open_book(seeded.path, exclusive=True)
    assert err.value.key == "book_in_use"
    assert lock.owner_of(seeded.path).pid == holder.pid


def test_lock_is_released_on_close(seeded, holder):
    holder.close()
    assert lock.owner_of(seeded.path) is None
    b = open_book(seeded.path, exclusive=True)
    assert b.in_use_by is None
    add_customer(b, name="新客户")
    b.close()
    assert not lock.lock_path(seeded.path).exists()


def test_lock_is_released_when_the_holder_crashes(seeded, holder):
    holder.crash()
    assert lock.lock_path(seeded.path).exists()  # a stale file is left ...
    b = open_book(seeded.path, exclusive=True)  # ... and means nothing
    assert b.in_use_by is None
    add_customer(b, name="崩溃之后")
    b.close()


def test_restore_is_refused_while_another_process_has_the_book(seeded, holder):
    info = create_backup(seeded.path, "manual")
    before = seeded.path.read_bytes()
    with pytest.raises(BookError) as err:
        restore_backup(seeded.path, info.id)
    assert err.value.key == "book_in_use"
    assert seeded.path.read_bytes() == before


def test_cli_write_refused_while_the_app_has_the_book(seeded, holder, run_cli):
    r = run_cli("deliver", "王建国", "大米", "10", "--date", "2026-03-20", book=seeded.path)
    assert r.code == 1
    assert "open in another Salesbook" in r.err and str(holder.pid) in r.err
    assert len(r.err.strip().splitlines()) == 1  # one line: the refusal
    r = run_cli("customers", book=seeded.path)  # reading is fine, and says it only read
    assert r.code == 0 and "王建国" in r.out
    assert r.err.strip() == (
        f"Read-only: the book {seeded.path} is open in another Salesbook window"
        f" (process {holder.pid}); this shows what it has saved and changes nothing."
    )
    r = run_cli("due", book=seeded.path, lang="zh")
    assert r.code == 0 and r.err.startswith("只读：账本") and "另一个销售台账窗口" in r.err


def test_same_process_may_open_a_book_twice(tmp_path):
    path = tmp_path / "b.db"
    a = open_book(path)
    b = open_book(path)
    assert a.in_use_by is None and b.in_use_by is None
    add_customer(b, name="乙")
    a.close()
    assert lock.held_here(path)  # b still has it
    add_customer(b, name="乙二")
    b.close()
    assert not lock.held_here(path)
    assert not lock.lock_path(path).exists()


def test_lock_owner_is_recorded(tmp_path):
    path = tmp_path / "b.db"
    held = lock.acquire(path)
    try:
        text = lock.lock_path(path).read_text()
        assert f'"pid": {os.getpid()}' in text
    finally:
        held.release()
    held.release()  # twice is harmless


def test_closing_twice_is_harmless(tmp_path):
    b = open_book(tmp_path / "b.db")
    b.close()
    b.close()


# ---------------------------------------------------------------- cannot write


def test_read_only_book_gives_a_clear_message_and_keeps_what_was_saved(seeded):
    b = seeded.book
    before = b.conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
    b.conn.execute("PRAGMA query_only = ON")  # as a read-only file behaves
    with pytest.raises(BookError) as err:
        record_delivery(b, seeded.wang.id, seeded.rice.id, 10, on="2026-03-20")
    assert err.value.key == "book_readonly"
    assert "intact" in err.value.message("en")
    b.conn.execute("PRAGMA query_only = OFF")
    assert b.conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == before
    assert not b.conn.in_transaction


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file(seeded):
    seeded.book.close()
    os.chmod(seeded.path, 0o444)
    try:
        b = open_book(seeded.path)
        with pytest.raises(BookError) as err:
            add_customer(b, name="写不进去")
        assert err.value.key == "book_readonly"
        b.close()
    finally:
        os.chmod(seeded.path, 0o644)


def test_full_disk_gives_a_clear_message_and_keeps_what_was_saved(seeded):
    b = seeded.book
    pages = b.conn.execute("PRAGMA page_count").fetchone()[0]
    b.conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # as a full disk behaves
    with pytest.raises(BookError) as err, b.transaction():
        for i in range(2000):
            add_customer(b, name=f"客户{i}", notes="x" * 500)
    assert err.value.key == "disk_full"
    assert "intact" in err.value.message("en")
    b.conn.execute("PRAGMA max_page_count = 1073741823")
    assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 6
    add_customer(b, name="空间够了")
    b.close()
    b = open_book(seeded.path, check="full")
    assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 7
    b.close()


@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_a_file_system_without_locks_still_opens_the_book(tmp_path, monkeypatch):
    import errno
    import fcntl

    def no_locks(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    b = open_book(tmp_path / "b.db")
    assert b.in_use_by is None and not b.lock.held
    add_customer(b, name="网络盘")
    b.close()
