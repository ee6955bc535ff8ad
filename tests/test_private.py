"""Only the rep reads the book (issue 16, part 7): on Linux and macOS the book,
its -wal/-shm, the lock file, the backups folder, every backup and every export
are owner-only (files 0600, folders 0700), whatever the umask; an existing
book's files are fixed when it is opened."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from salesbook.records.customers import add_customer
from salesbook.records.views import save_copy
from salesbook.store import lock
from salesbook.store.backup import backups_dir, create_backup, list_backups, restore_backup
from salesbook.store.book import open_book

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    """The usual 022: without explicit modes every file would be 0644."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_book_and_everything_beside_it_is_owner_only(tmp_path):
    path = tmp_path / "book.db"
    b = open_book(path)
    add_customer(b, name="王建国", phone="13912345678")
    assert mode(path) == 0o600
    assert mode(f"{path}-wal") == 0o600 and mode(f"{path}-shm") == 0o600
    assert mode(lock.lock_path(path)) == 0o600
    create_backup(b, "manual")
    b.close()  # and a backup on close
    folder = backups_dir(path)
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700
    files = list(folder.iterdir())
    assert len(files) >= 2  # backups and their notes
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}


def test_an_existing_world_readable_book_is_fixed_on_open(tmp_path):
    path = tmp_path / "book.db"
    b = open_book(path)
    add_customer(b, name="王建国")
    create_backup(b, "manual")
    b.close()
    os.chmod(path, 0o644)  # as Salesbook made them before
    os.chmod(backups_dir(path), 0o755)
    os.chmod(backups_dir(path).parent, 0o755)
    b = open_book(path)
    assert mode(path) == 0o600
    assert mode(f"{path}-wal") == 0o600 and mode(f"{path}-shm") == 0o600
    add_customer(b, name="李秀英")
    create_backup(b, "manual")
    assert mode(backups_dir(path)) == 0o700 and mode(backups_dir(path).parent) == 0o700
    b.close()


def test_a_read_only_book_stays_read_only(tmp_path):
    path = tmp_path / "book.db"
    open_book(path).close()
    os.chmod(path, 0o444)
    with open_book(path, check="none") as b:
        assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
    assert mode(path) == 0o400  # others lose read access, the owner gets no write access


def test_restored_copied_and_exported_books_are_owner_only(tmp_path, run_cli):
    path = tmp_path / "book.db"
    b = open_book(path)
    add_customer(b, name="王建国", phone="13912345678", household_size=3)
    info = create_backup(b, "manual")
    copy = save_copy(b, tmp_path / "copy.db")
    b.close()
    assert mode(copy) == 0o600
    restore_backup(path, info.id)
    assert mode(path) == 0o600
    assert all(mode(i.path) == 0o600 for i in list_backups(path))
    for kind in ("book", "due"):
        out = tmp_path / f"{kind}.xlsx"
        r = run_cli("export", kind, out, book=path)
        assert r.code == 0, r
        assert mode(out) == 0o600


def test_the_team_book_and_a_plan_of_messages_are_owner_only(seeded, run_cli, tmp_path):
    from salesbook.team import open_team

    team = open_team(tmp_path / "team.db", create=True)
    team.close()
    assert mode(tmp_path / "team.db") == 0o600  # every rep's customers
    seeded.book.close()
    out = tmp_path / "plan.txt"
    r = run_cli("message", "--plan", "--on", "2026-03-20", "--out", out, book=seeded.path)
    assert r.code == 0, r
    assert mode(out) == 0o600  # names, phones, addresses


def test_an_import_on_a_book_held_elsewhere_makes_no_backup(tmp_path, monkeypatch):
    from salesbook.errors import BookError
    from salesbook.store import backup
    from salesbook.store.lock import LockOwner

    path = tmp_path / "book.db"
    open_book(path).close()
    b = open_book(path)
    b.in_use_by = LockOwner(pid=4242, host="here", since="now")  # as a second opener sees it
    with pytest.raises(BookError) as err:
        backup.before(b, "import")
    assert err.value.key == "book_in_use"
    assert list_backups(path) == [] or all("import" not in x.path.name for x in list_backups(path))
    b.in_use_by = None
    b.close()
