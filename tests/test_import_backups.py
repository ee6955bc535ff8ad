"""Issue 6: a backup is always made before an import and before a revert."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from salesbook.excel import importer
from salesbook.store import backup
from salesbook.store.book import open_book


def _csv(path: Path) -> Path:
    path.write_text("客户,电话,片区,家庭人数\n王建国,13900000001,幸福里,3\n李秀英,13900000002,幸福里,2\n",
                    encoding="utf-8")  # fmt: skip
    return path


def reasons(book_path: Path) -> list[str]:
    return [b.reason for b in backup.list_backups(book_path)]


def test_import_and_revert_each_make_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    b = open_book(path)
    try:
        res = importer.import_file(b, "customers", _csv(tmp_path / "c.csv"))
        assert res.inserted == 2
        assert reasons(path) == ["before-import"]
        # the backup holds the book as it was before the import: no customers
        info = backup.list_backups(path)[0]
        assert info.meta.get("customers") == 0
        importer.revert_import(b, res.import_id)
        assert reasons(path)[0] == "before-revert"
        assert backup.list_backups(path)[0].meta.get("customers") == 2
    finally:
        b.close()


def test_a_dry_run_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    b = open_book(path)
    try:
        importer.import_file(b, "customers", _csv(tmp_path / "c.csv"), dry_run=True)
        assert reasons(path) == []
        assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
    finally:
        b.close()


def test_a_failed_backup_stops_the_import_and_leaves_the_book(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "book.db"
    b = open_book(path)

    def broken(*_a, **_k):
        raise backup.BackupFailed("backup_failed", detail="disk full")

    monkeypatch.setattr(backup, "create_backup", broken)
    try:
        try:
            importer.import_file(b, "customers", _csv(tmp_path / "c.csv"))
        except backup.BackupFailed:
            pass
        else:  # pragma: no cover - the point of the test
            raise AssertionError("the import went on without its backup")
        assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
    finally:
        b.close()


def test_undoing_an_import_backs_up_first(tmp_path: Path) -> None:
    from salesbook.store import undo

    path = tmp_path / "book.db"
    b = open_book(path)
    try:
        importer.import_file(b, "customers", _csv(tmp_path / "c.csv"))
        assert undo.undo_last(b, "en")
        assert reasons(path)[0] == "before-revert"
        assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
    finally:
        b.close()


def _backup_after_the_writes(monkeypatch, fail: bool) -> None:
    """The safety backup is made beside the import (backup.before_started):
    make it start only once the import has written every row, uncommitted."""
    import threading

    written = threading.Event()
    real_backup, real_names = backup.create_backup, importer._suspicious_names

    def names(imp):
        written.set()  # the rows are in the import's transaction now
        return real_names(imp)

    def late(*a, **k):
        assert written.wait(30)
        if fail:
            raise backup.BackupFailed("backup_failed", detail="disk full")
        return real_backup(*a, **k)

    monkeypatch.setattr(importer, "_suspicious_names", names)
    monkeypatch.setattr(backup, "create_backup", late)


def test_a_backup_made_beside_the_import_holds_the_book_before_it(tmp_path, monkeypatch):
    path = tmp_path / "book.db"
    b = open_book(path)
    _backup_after_the_writes(monkeypatch, fail=False)
    try:
        res = importer.import_file(b, "customers", _csv(tmp_path / "c.csv"))
        assert res.inserted == 2
        (info,) = backup.list_backups(path)
        assert info.reason == "before-import" and info.meta.get("customers") == 0
        assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 2
        assert backup._changed(b)  # the import came after the backup: not in it
    finally:
        b.close()


def test_a_backup_failing_after_the_import_wrote_leaves_the_book(tmp_path, monkeypatch):
    path = tmp_path / "book.db"
    b = open_book(path)
    _backup_after_the_writes(monkeypatch, fail=True)
    try:
        with pytest.raises(backup.BackupFailed):  # not committed without its backup
            importer.import_file(b, "customers", _csv(tmp_path / "c.csv"))
        assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
        assert b.conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 0
    finally:
        b.close()


def test_import_book_waits_for_its_backup_and_a_failed_one_leaves_the_book(tmp_path, monkeypatch):
    from salesbook.errors import BookError
    from salesbook.excel.export import export_book
    from salesbook.excel.restore import import_book

    src = open_book(tmp_path / "src.db")
    importer.import_file(src, "customers", _csv(tmp_path / "c.csv"))
    out = tmp_path / "book.xlsx"
    export_book(src, out, date.today())
    src.close()
    path = tmp_path / "t.db"
    b = open_book(path)
    _backup_after_the_writes_of_import_book(monkeypatch, fail=True)
    try:
        with pytest.raises((backup.BackupFailed, BookError)):  # not committed without it
            import_book(b, out)
        assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
        monkeypatch.undo()
        assert import_book(b, out).changed
        (info,) = backup.list_backups(path)
        assert info.reason == "before-import" and info.meta.get("customers") == 0
    finally:
        b.close()


def _backup_after_the_writes_of_import_book(monkeypatch, fail: bool) -> None:
    import threading

    from salesbook.excel import restore

    written = threading.Event()
    real_write = restore._Writer.write

    def write(self, *a, **k):
        real_write(self, *a, **k)
        written.set()

    def late(*_a, **_k):
        assert written.wait(30)
        raise backup.BackupFailed("backup_failed", detail="disk full")

    monkeypatch.setattr(restore._Writer, "write", write)
    monkeypatch.setattr(backup, "create_backup", late)
