"""Backups (salesbook.store.backup): consistent, compressed, retained, restorable."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesbook.errors import BookError, NotFound, ValidationError
from salesbook.records.customers import add_customer
from salesbook.store import backup, migrations
from salesbook.store.backup import (
    BackupFailed,
    Retention,
    backups_dir,
    create_backup,
    list_backups,
    newest_good_backup,
    plan_retention,
    prune_backups,
    restore_backup,
)
from salesbook.store.book import SCHEMA_VERSION, open_book


def table_rows(path, sql: str) -> list[tuple]:
    """Read a book with plain sqlite3 (what another tool would see)."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _names(path) -> list[str]:
    return [r[0] for r in table_rows(path, "SELECT name FROM customers ORDER BY id")]


def _unpack(info, dest: Path) -> Path:
    backup._decompress(info.path, dest)
    return dest


# ---------------------------------------------------------------- making one


def test_backup_is_a_compressed_checked_copy_beside_the_book(seeded, tmp_path):
    info = create_backup(seeded.book, "manual")
    assert info.path.parent == tmp_path / "backups" / "seeded"
    assert info.path.name == f"{info.id}_manual.db.zst"
    assert info.meta["ok"] and info.meta["customers"] == 6 and info.meta["deliveries"] == 6
    assert info.meta["schema"] == SCHEMA_VERSION
    assert info.size < info.meta["raw_size"] / 2  # compressed
    copy = _unpack(info, tmp_path / "copy.db")
    assert _names(copy) == _names(seeded.path)
    assert table_rows(copy, "PRAGMA integrity_check") == [("ok",)]
    assert table_rows(copy, "PRAGMA journal_mode") == [("delete",)]  # a plain single file


def test_backup_holds_what_is_committed_not_what_is_in_flight(seeded, tmp_path):
    """A live WAL book: committed rows still in the WAL are in the copy; the
    open transaction's rows are not (never a file copy)."""
    b = seeded.book
    add_customer(b, name="已提交")  # committed, still in the -wal file
    assert Path(str(seeded.path) + "-wal").stat().st_size > 0
    with b.transaction():
        add_customer(b, name="未提交")
        info = create_backup(seeded.path, "manual")  # e.g. the CLI while the app writes
    copy = _unpack(info, tmp_path / "copy.db")
    names = _names(copy)
    assert "已提交" in names and "未提交" not in names


def test_gzip_when_zstandard_is_missing(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "_zstd", None)
    info = create_backup(seeded.book, "manual")
    assert info.path.name.endswith(".db.gz")
    assert _names(_unpack(info, tmp_path / "c.db")) == _names(seeded.path)


def test_ids_are_unique_within_a_second(seeded):
    now = datetime(2026, 3, 20, 9, 0, 0)
    a = create_backup(seeded.book, "manual", now=now)
    b = create_backup(seeded.path, "manual", now=now)
    assert a.id == "20260320-090000" and b.id == "20260320-090000-2"
    assert [x.id for x in list_backups(seeded.path)] == [b.id, a.id]


def test_vacuum_method_gives_the_same_book(seeded, tmp_path):
    info = create_backup(seeded.book, "manual", method="vacuum")
    assert _names(_unpack(info, tmp_path / "c.db")) == _names(seeded.path)


def test_a_full_disk_leaves_no_partial_backup(seeded, monkeypatch):
    def full(src, dest):
        Path(dest).write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "_compress", full)
    with pytest.raises(BackupFailed) as err:
        create_backup(seeded.book, "manual")
    assert "No space left" in err.value.message("en")
    folder = backups_dir(seeded.path)
    assert list(folder.iterdir()) == []
    add_customer(seeded.book, name="之后")  # the book is untouched and usable


def test_memory_book_has_no_backups(mem_book):
    assert backup.before(mem_book, "import") is None
    with pytest.raises(BackupFailed):
        create_backup(mem_book)


# ---------------------------------------------------------------- when


def test_close_backs_up_only_when_something_changed(tmp_path):
    path = tmp_path / "b.db"
    open_book(path).close()  # a new empty book: nothing typed, nothing to keep
    assert list_backups(path) == []
    b = open_book(path)
    add_customer(b, name="王建国")
    b.close()
    (only,) = list_backups(path)
    assert only.reason == "close" and only.meta["customers"] == 1
    open_book(path).close()  # opened and closed without a change
    assert len(list_backups(path)) == 1


def test_close_backups_keep_a_gap(tmp_path):
    """A run of short sessions (CLI calls) makes one close backup, not one each."""
    path = tmp_path / "b.db"
    for name in ("甲", "乙", "丙"):
        b = open_book(path)
        add_customer(b, name=name)
        b.close()
    assert [x.reason for x in list_backups(path)] == ["close"]
    b = open_book(path)
    backup.set_retention(b, close_gap_minutes=0)
    b.close()
    for name in ("丁", "戊"):
        b = open_book(path)
        add_customer(b, name=name)
        b.close()
    assert len(list_backups(path)) == 4  # the gap off: a backup per session that changed something


def test_a_rolled_back_action_is_not_a_change(tmp_path):
    path = tmp_path / "b.db"
    b = open_book(path)
    with pytest.raises(RuntimeError), b.transaction():
        add_customer(b, name="临时")
        raise RuntimeError
    b.close()
    assert list_backups(path) == []


def test_before_makes_one_and_reuses_it_while_nothing_changed(seeded):
    first = backup.before(seeded.book, "import")
    assert first.reason == "before-import"
    assert backup.before(seeded.book, "import") == first
    add_customer(seeded.book, name="新")
    second = backup.before(seeded.book, "bulk delete")
    assert second.id != first.id and second.reason == "before-bulk-delete"


def test_periodic_backup_after_a_commit_once_the_interval_passed(seeded):
    b = seeded.book
    backup.set_retention(b, every_minutes=5)
    add_customer(b, name="甲")
    assert [x.reason for x in list_backups(seeded.path)] == []  # not yet 5 minutes
    b._backup_clock -= 5 * 60 + 1  # five minutes of use later
    add_customer(b, name="乙")
    assert [x.reason for x in list_backups(seeded.path)] == ["auto"]
    add_customer(b, name="丙")  # the clock restarted
    assert len(list_backups(seeded.path)) == 1


def test_a_failing_automatic_backup_never_fails_the_users_action(seeded, monkeypatch):
    b = seeded.book

    def broken(*a, **k):
        raise BackupFailed("backup_failed", detail="disk full")

    monkeypatch.setattr(backup, "create_backup", broken)
    b._backup_clock -= 10_000
    add_customer(b, name="照样保存")
    assert b.last_backup_error is not None
    b.close()  # the close backup fails too, quietly
    assert "照样保存" in _names(seeded.path)


def test_migration_is_preceded_by_a_backup_of_the_old_book(tmp_path, old_book):
    path = tmp_path / "old.db"
    # a book written by Salesbook before the undo migration
    with old_book(path, migrations.m0002_undo) as b:
        add_customer(b, name="老客户")
        b.auto_backup = False
        b.close()
    assert list_backups(path) == []
    b = open_book(path)  # upgrades
    assert b.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    b.close()
    (pre,) = [x for x in list_backups(path) if x.reason.startswith("before-upgrade")]
    assert pre.reason == "before-upgrade-v1" and pre.meta["schema"] == 1
    assert _names(_unpack(pre, tmp_path / "pre.db")) == ["老客户"]


def test_migration_does_not_run_when_its_backup_cannot_be_made(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr("salesbook.store.book.MIGRATIONS", migrations.MIGRATIONS[:1])
        m.setattr("salesbook.store.book.SCHEMA_VERSION", 1)
        open_book(path).close()

    def full(*a, **k):
        raise BackupFailed("backup_failed", detail="No space left on device")

    monkeypatch.setattr(backup, "create_backup", full)
    with pytest.raises(BackupFailed):
        open_book(path)
    assert table_rows(path, "PRAGMA user_version") == [(1,)]


# ---------------------------------------------------------------- retention


def test_retention_keeps_last_daily_weekly_monthly():
    now = datetime(2026, 11, 23, 18, 0)
    # a backup every 6 hours for 400 days
    items = [(f"b{i}", now - timedelta(hours=6 * i)) for i in range(1600)]
    keep = plan_retention(items, now, Retention())
    kept = sorted((when for bid, when in items if bid in keep), reverse=True)
    assert [bid for bid, _ in items[:10]] == [b for b, _ in items[:10] if b in keep]  # last 10
    days = {w.date() for w in kept}
    assert all(now.date() - timedelta(days=i) in days for i in range(7))  # one a day for a week
    assert len({(w.year, w.month) for w in kept}) >= 12  # one a month for a year
    assert len(keep) <= 10 + 7 + 4 + 12
    assert min(kept) >= now - timedelta(days=370)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 60 * 24 * 500), min_size=0, max_size=60, unique=True),
    st.integers(1, 15), st.integers(0, 10), st.integers(0, 6), st.integers(0, 14),
)  # fmt: skip
def test_retention_properties(minutes_ago, last, daily, weekly, monthly):
    now = datetime(2026, 11, 23, 12, 0)
    items = [(f"b{m}", now - timedelta(minutes=m)) for m in minutes_ago]
    policy = Retention(last=last, daily=daily, weekly=weekly, monthly=monthly)
    keep = plan_retention(items, now, policy)
    assert keep <= {b for b, _ in items}
    assert len(keep) <= last + daily + weekly + monthly
    if items:
        newest = min(items, key=lambda x: now - x[1])[0]
        assert newest in keep
    for _bid, when in items:  # the newest of each recent day is kept
        if (now.date() - when.date()).days < daily:
            same_day = [b for b, w in items if w.date() == when.date()]
            newest_of_day = max(same_day, key=lambda b: dict(items)[b])
            assert newest_of_day in keep


def test_prune_spares_manual_backups_and_restore_copies(seeded):
    path = seeded.path
    start = datetime(2026, 1, 1, 9, 0)
    create_backup(path, "manual", now=start - timedelta(days=500), prune=False)
    for i in range(12):
        create_backup(path, "close", now=start + timedelta(minutes=i), prune=False)
    removed = prune_backups(
        path, Retention(last=3, daily=0, weekly=0, monthly=0), now=start + timedelta(hours=1)
    )
    assert len(removed) == 9
    left = list_backups(path)
    assert [b.reason for b in left] == ["close", "close", "close", "manual"]
    assert all(b.meta_path.exists() for b in left)
    assert len(list(backups_dir(path).iterdir())) == 8  # the .json files went with them


def test_retention_is_a_setting_of_the_book(seeded):
    b = seeded.book
    assert backup.retention(b) == Retention()
    policy = backup.set_retention(b, last="20", monthly=24)
    assert policy.last == 20 and policy.monthly == 24 and policy.daily == 7
    assert backup.retention(b) == policy
    with pytest.raises(ValidationError):
        backup.set_retention(b, last=0)
    with pytest.raises(ValidationError):
        backup.set_retention(b, hourly=3)


# ---------------------------------------------------------------- restore


def test_restore_brings_back_the_book_and_keeps_the_one_it_replaces(seeded, tmp_path):
    path = seeded.path
    good = create_backup(seeded.book, "manual")
    add_customer(seeded.book, name="备份之后")
    seeded.book.close()
    result = restore_backup(path, good.id)
    assert result.restored.id == good.id
    assert result.safety.reason == "before-restore"
    assert "备份之后" not in _names(path)
    assert "备份之后" in _names(_unpack(result.safety, tmp_path / "kept.db"))
    assert not Path(str(path) + "-wal").exists()
    b = open_book(path)
    assert b.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    b.close()
    # and the restore can itself be undone from the copy it kept
    restore_backup(path, result.safety.id)
    assert "备份之后" in _names(path)


def test_restore_latest_and_prefix(seeded):
    create_backup(seeded.book, "manual", now=datetime(2026, 3, 1, 8, 0))
    newest = create_backup(seeded.book, "manual", now=datetime(2026, 3, 2, 8, 0))
    seeded.book.close()
    assert backup.find_backup(seeded.path, "latest").id == newest.id
    assert backup.find_backup(seeded.path, "20260302").id == newest.id
    with pytest.raises(NotFound):
        backup.find_backup(seeded.path, "2026")  # two match
    with pytest.raises(NotFound):
        backup.find_backup(seeded.path, "nope")


def test_restore_is_refused_while_the_book_is_open(seeded):
    info = create_backup(seeded.book, "manual")
    with pytest.raises(BookError) as err:
        restore_backup(seeded.path, info.id)
    assert err.value.key == "book_open_here"


def test_a_damaged_backup_is_never_restored(seeded):
    info = create_backup(seeded.book, "manual")
    seeded.book.close()
    data = info.path.read_bytes()
    info.path.write_bytes(data[: len(data) // 2])
    before = seeded.path.read_bytes()
    with pytest.raises(BookError) as err:
        restore_backup(seeded.path, info.id)
    assert err.value.key == "backup_damaged"
    assert seeded.path.read_bytes() == before


def test_a_backup_from_a_newer_salesbook_is_refused(seeded, tmp_path):
    info = create_backup(seeded.book, "manual")
    seeded.book.close()
    raw = _unpack(info, tmp_path / "raw.db")
    conn = sqlite3.connect(raw)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    backup._compress(raw, info.path)
    with pytest.raises(BookError) as err:
        restore_backup(seeded.path, info.id)
    assert err.value.key == "book_too_new"


# ---------------------------------------------------------------- a corrupt book


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for start in range(2 * 4096, len(data), 4096):
        data[start : start + 12] = b"\xab" * 12
    path.write_bytes(bytes(data))


def _book_with_customers(path: Path, n: int = 300) -> None:
    b = open_book(path)
    with b.transaction():
        for i in range(n):
            add_customer(b, name=f"客户{i}", notes="x" * 80)
    b.close()  # backs up on close


def test_corrupt_book_offers_the_newest_good_backup(tmp_path):
    path = tmp_path / "b.db"
    _book_with_customers(path)
    (good,) = list_backups(path)
    # a newer backup that is itself damaged is skipped
    broken = good.path.with_name("20991231-000000_close.db.zst")
    broken.write_bytes(good.path.read_bytes()[:500])
    _scribble(path)
    with pytest.raises(BookError) as err:
        open_book(path)
    assert err.value.key == "book_corrupt"
    assert err.value.backup.id == good.id
    msg = err.value.message("en")
    assert good.id in msg and "backup restore" in msg
    assert good.id in err.value.message("zh")
    assert newest_good_backup(path).id == good.id
    # the rep restores it; the damaged book is kept too
    result = restore_backup(path, good.id)
    assert result.safety is not None and not result.safety.ok
    assert len(_names(path)) == 300
    assert newest_good_backup(path).id == good.id  # a damaged copy is never offered


def test_corrupt_book_without_backups_says_so_plainly(tmp_path):
    path = tmp_path / "b.db"
    _book_with_customers(path)
    for p in list(backups_dir(path).iterdir()):
        p.unlink()
    _scribble(path)
    with pytest.raises(BookError) as err:
        open_book(path)
    assert err.value.key == "book_corrupt"
    assert not hasattr(err.value, "backup")


# ---------------------------------------------------------------- CLI


def test_cli_backup_create_list_restore(run_cli, tmp_path):
    path = tmp_path / "cli.db"
    assert run_cli("new", path).code == 0
    assert run_cli("customer", "add", "--name", "王建国", book=path).code == 0
    r = run_cli("backup", "create", book=path)
    assert r.code == 0 and "Backed up" in r.out
    bid = list_backups(path)[0].id
    assert run_cli("customer", "add", "--name", "李秀英", book=path).code == 0
    r = run_cli("backup", "list", book=path)
    assert r.code == 0 and bid in r.out and "manual" in r.out
    r = run_cli("backup", "list", "--format", "json", book=path)
    assert json.loads(r.out)[0]["reason"] == "manual"
    r = run_cli("backup", "restore", bid, "--yes", book=path)
    assert r.code == 0, r
    assert "restored from backup" in r.out
    assert _names(path) == ["王建国"]
    r = run_cli("backup", "restore", "nope", "--yes", book=path)
    assert r.code == 1 and "No backup matches" in r.err


def test_cli_backup_list_in_chinese(run_cli, tmp_path):
    path = tmp_path / "cli.db"
    assert run_cli("new", path).code == 0
    run_cli("customer", "add", "--name", "王建国", book=path)
    r = run_cli("backup", "list", book=path, lang="zh")
    assert "关闭时" in r.out and "完好" in r.out


def test_cli_keep(run_cli, tmp_path):
    path = tmp_path / "cli.db"
    assert run_cli("new", path).code == 0
    r = run_cli("backup", "keep", "--last", "5", "--every", "15", book=path)
    assert r.code == 0 and "last = 5" in r.out and "every_minutes = 15" in r.out
    r = run_cli("backup", "keep", "--last", "0", book=path)
    assert r.code == 1


def test_cli_check_ok_and_corrupt(run_cli, tmp_path):
    path = tmp_path / "b.db"
    _book_with_customers(path)
    r = run_cli("check", "--full", book=path)
    assert r.code == 0 and "sound (full check)" in r.out and "300 customers" in r.out
    good = list_backups(path)[0]
    _scribble(path)
    r = run_cli("check", book=path)
    assert r.code == 1
    assert f"backup restore {good.id}" in r.err
    assert "Traceback" not in r.err
    r = run_cli("backup", "restore", good.id, "--yes", book=path)
    assert r.code == 0, r
    assert run_cli("check", "--full", book=path).code == 0


def test_big_books_daily_check_runs_before_the_first_write_not_in_a_view(tmp_path, monkeypatch):
    """A big book (store/book.py: BIG_BOOK_BYTES) opens with a check of its core
    tables; its whole quick_check, once a day, runs before the first write, so a
    view never waits for it. Damage it finds stops the write: nothing written,
    and the message names the newest good backup."""
    from salesbook.store import book as book_mod

    path = tmp_path / "b.db"
    _book_with_customers(path)
    (good,) = list_backups(path)
    monkeypatch.setattr(book_mod, "BIG_BOOK_BYTES", 0)  # every book is big
    stamp = book_mod._check_stamp(str(path))
    assert not stamp.exists()
    b = open_book(path)
    assert b.pending_check  # never checked: its whole check is due
    assert b.conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 300  # a view: no
    assert not stamp.exists()
    with b.transaction():
        add_customer(b, name="新客户")
    assert not b.pending_check and stamp.exists()  # the write ran it first
    b.close()
    b = open_book(path)
    assert not b.pending_check  # checked today: not again
    b.close()
    # a day later, damage in the customers' pages only
    os.utime(stamp, (time.time() - 2 * 86400,) * 2)
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'customers'").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * 4096
    data[start : start + 12] = b"\xab" * 12
    path.write_bytes(bytes(data))
    b = open_book(path)  # the core tables are fine: it opens
    assert b.pending_check
    with pytest.raises(BookError) as err, b.transaction():
        b.conn.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    assert err.value.key == "book_corrupt"
    assert err.value.backup.id == good.id
    assert b.conn.execute("SELECT count(*) FROM settings WHERE key = 'x'").fetchone()[0] == 0
    assert b.pending_check  # every write asks again until the book is restored
    b.close()


def _big_book_damaged_in(path: Path, table: str, monkeypatch):
    """A book (made "big") not checked today, one of ``table``'s pages scribbled."""
    from salesbook.store import book as book_mod

    _book_with_customers(path)
    (good,) = list_backups(path)
    monkeypatch.setattr(book_mod, "BIG_BOOK_BYTES", 0)
    book_mod._check_stamp(str(path)).unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * 4096 : (root - 1) * 4096 + 12] = b"\xab" * 12
    path.write_bytes(bytes(data))
    return good


def test_check_command_checks_a_big_book_whole(tmp_path, monkeypatch, run_cli):
    """Found in review: `salesbook check` never writes, so a big book's whole
    check (left for the first write) never ran and damage was called sound."""
    path = tmp_path / "b.db"
    good = _big_book_damaged_in(path, "undo_log", monkeypatch)
    res = run_cli("check", book=path)
    assert res.code == 1 and "damaged" in res.err and good.id in res.err, res


def test_a_view_reading_damaged_pages_names_the_backup(tmp_path, monkeypatch, run_cli):
    """Found in review: a read that hits damage the open did not check said
    "Unexpected error: DatabaseError"; it is the damaged-book message."""
    path = tmp_path / "b.db"
    good = _big_book_damaged_in(path, "customers", monkeypatch)
    res = run_cli("customers", book=path)
    assert res.code != 0 and "Unexpected" not in res.err, res
    assert "damaged" in res.err and good.id in res.err, res


def test_a_big_book_held_by_another_process_is_checked_whole_on_open(tmp_path, monkeypatch):
    """Found in review: a read-only open (the book held elsewhere) never writes, so
    its whole check cannot wait for a write: it runs on open, as before."""
    from salesbook.store import lock

    path = tmp_path / "b.db"
    _big_book_damaged_in(path, "undo_log", monkeypatch)
    owner = lock.LockOwner(pid=999_999_999, host="elsewhere", since="2026-12-06T00:00:00")
    monkeypatch.setattr(lock, "acquire", lambda _p: (_ for _ in ()).throw(lock.Locked(owner)))
    with pytest.raises(BookError) as err:
        open_book(path)
    assert err.value.key == "book_corrupt"


def test_the_reader_opens_the_book_itself_whatever_its_name(tmp_path):
    """Found in review: the monthly reader's URI was not escaped, so 'shop#2.db'
    opened a file named 'shop' (and the window marked the real book checked)."""
    from salesbook.store import monthly

    path = tmp_path / "shop#2 100%.db"
    _book_with_customers(path, n=3)
    decoy = open_book(tmp_path / "shop")
    decoy.close()
    reader = monthly.open_reader(str(path))
    try:
        assert reader.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 3
    finally:
        monthly.close_reader(reader)
