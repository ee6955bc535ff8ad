"""The book file (salesbook.store.book): migrations, pragmas, refusals, transactions, uids."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from salesbook.errors import BookError, ValidationError
from salesbook.records.customers import add_customer, insert_customer
from salesbook.records.settings import set_setting
from salesbook.store import migrations
from salesbook.store.book import SCHEMA_VERSION, open_book

RECORD_TABLES = [
    "customers",
    "products",
    "deliveries",
    "payments",
    "contacts",
    "level_history",
    "complaints",
    "imports",
]


def _book_with_rows(path: Path, n: int = 400) -> None:
    b = open_book(path)
    with b.transaction() as conn:
        for i in range(n):
            insert_customer(conn, {"name": f"客户{i}", "phone": f"139{i:08d}", "notes": "x" * 80})
    b.close()


# ---------------------------------------------------------------- opening


def test_new_book_applies_and_records_every_migration(tmp_path):
    path = tmp_path / "b.db"
    b = open_book(path)
    names = [r[0] for r in b.conn.execute("SELECT name FROM migrations ORDER BY id")]
    assert names == [m.__name__ for m in migrations.MIGRATIONS]
    assert all(r[0] for r in b.conn.execute("SELECT applied_at FROM migrations"))
    assert b.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    uid = b.uid
    assert re.fullmatch(r"[0-9a-f]{32}", uid)
    b.close()
    # reopening applies nothing twice and keeps the book's identity
    b2 = open_book(path)
    assert b2.conn.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == len(names)
    assert b2.uid == uid
    b2.close()


def test_foreign_keys_on_and_wal(book):
    assert book.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert book.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(sqlite3.IntegrityError):
        book.conn.execute(
            "INSERT INTO payments (uid, customer_id, date, amount_fen, created_at)"
            " VALUES ('x', 999, '2026-01-01', 100, 'now')"
        )


def test_memory_book_works(mem_book):
    c = add_customer(mem_book, name="王建国")
    assert c.name == "王建国"


def test_pending_migration_is_applied_on_open(tmp_path, monkeypatch):
    path = tmp_path / "b.db"
    open_book(path).close()

    def m9999_extra(conn):
        conn.execute("CREATE TABLE extra_for_test (x)")

    monkeypatch.setattr("salesbook.store.book.MIGRATIONS", [*migrations.MIGRATIONS, m9999_extra])
    monkeypatch.setattr("salesbook.store.book.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    b = open_book(path)
    assert b.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert (
        b.conn.execute("SELECT name FROM migrations ORDER BY id DESC").fetchone()[0]
        == "m9999_extra"
    )
    b.conn.execute("SELECT * FROM extra_for_test")
    b.close()


def test_failing_migration_leaves_book_at_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "b.db"
    open_book(path).close()

    def m9999_broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("THIS IS NOT SQL")

    monkeypatch.setattr("salesbook.store.book.MIGRATIONS", [*migrations.MIGRATIONS, m9999_broken])
    monkeypatch.setattr("salesbook.store.book.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(BookError) as err:
        open_book(path)
    assert err.value.key == "migration_failed"
    assert "m9999_broken" in str(err.value)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
    conn.close()


# ---------------------------------------------------------------- refusals


def test_book_from_newer_salesbook_is_refused_and_untouched(tmp_path):
    path = tmp_path / "new.db"
    _book_with_rows(path, 5)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(BookError) as err:
        open_book(path)
    assert err.value.key == "book_too_new"
    assert "not changed" in err.value.message("en")
    assert "升级" in err.value.message("zh")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "backups") == ["new.db"]


@pytest.mark.parametrize(
    "content",
    [
        b"name,phone\n\xe7\x8e\x8b\xe5\xbb\xba\xe5\x9b\xbd,13912345678\n" * 200,  # a CSV
        bytes(range(256)) * 64,  # random-looking bytes
    ],
)
def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "customers.csv"
    path.write_bytes(content)
    with pytest.raises(BookError) as err:
        open_book(path)
    assert err.value.key == "book_not_a_book"
    assert path.read_bytes() == content


def test_an_excel_file_is_not_a_book(tmp_path):
    path = tmp_path / "客户.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>" * 100)
    before = path.read_bytes()
    with pytest.raises(BookError) as err:
        open_book(path)
    assert err.value.key == "book_not_a_book"
    assert path.read_bytes() == before


def test_another_programs_sqlite_file_is_not_a_book(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(BookError) as err:
        open_book(path)
    assert err.value.key == "book_not_a_book"
    assert path.read_bytes() == before


def test_scribbled_pages_are_reported_as_corrupt(tmp_path):
    path = tmp_path / "b.db"
    _book_with_rows(path)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    for start in range(2 * page, len(data), page):  # every b-tree page header after the schema
        data[start : start + 12] = b"\xab" * 12
    path.write_bytes(bytes(data))
    with pytest.raises(BookError) as err:
        open_book(path)
    assert err.value.key == "book_corrupt"
    assert "backup" in err.value.message("en")


def test_truncated_book_is_reported_as_corrupt(tmp_path):
    path = tmp_path / "b.db"
    _book_with_rows(path)
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.truncate(size // 2)
    with pytest.raises(BookError) as err:
        open_book(path)
    assert err.value.key == "book_corrupt"


def test_missing_book_when_not_creating(tmp_path):
    with pytest.raises(BookError) as err:
        open_book(tmp_path / "nope.db", create=False)
    assert err.value.key == "book_missing"
    assert not (tmp_path / "nope.db").exists()


def test_a_folder_is_not_a_book(tmp_path):
    with pytest.raises(BookError) as err:
        open_book(tmp_path)
    assert err.value.key == "book_not_a_book"


def test_a_new_book_is_never_created_in_a_missing_folder(tmp_path):
    with pytest.raises(BookError) as err:
        open_book(tmp_path / "a" / "b" / "book.db")
    assert err.value.key == "book_folder_missing"
    assert str(tmp_path / "a" / "b") in err.value.message("en")
    assert not (tmp_path / "a").exists()


def test_a_missing_book_is_refused_without_create(tmp_path):
    with pytest.raises(BookError) as err:
        open_book(tmp_path / "nope.db", create=False)
    assert err.value.key == "book_missing"
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- uids


def test_every_record_table_has_a_uid_beside_its_row_id(book):
    for table in RECORD_TABLES:
        cols = {r[1]: r for r in book.conn.execute(f"PRAGMA table_info({table})")}
        assert cols["id"][5] == 1, table  # integer primary key
        assert cols["uid"][3] == 1, table  # NOT NULL
        uniques = [
            r for r in book.conn.execute(f"PRAGMA index_list({table})") if r[2]
        ]  # unique indexes
        cols_unique = {
            book.conn.execute(f"PRAGMA index_info({r[1]})").fetchone()[2] for r in uniques
        }
        assert "uid" in cols_unique, table


def test_every_record_written_has_a_distinct_uid(seeded):
    from salesbook.records.relationship import set_level

    set_level(seeded.book, seeded.li.id, "朋友", reason="test")
    uids = []
    for table in RECORD_TABLES:
        rows = seeded.book.conn.execute(f"SELECT uid FROM {table}").fetchall()
        uids += [r[0] for r in rows]
        if table in (
            "customers",
            "products",
            "deliveries",
            "payments",
            "contacts",
            "level_history",
        ):
            assert rows, table
    assert all(re.fullmatch(r"[0-9a-f]{32}", u) for u in uids)
    assert len(set(uids)) == len(uids)


# ---------------------------------------------------------------- transactions


def test_failed_action_leaves_the_book_unchanged(seeded):
    b = seeded.book
    before = seeded.snapshot()
    with pytest.raises(RuntimeError), b.transaction() as conn:
        insert_customer(conn, {"name": "临时"})
        conn.execute("UPDATE customers SET area = 'x'")
        conn.execute("DELETE FROM payments")
        raise RuntimeError("power cut")
    assert seeded.snapshot() == before
    # and the book is usable afterwards
    add_customer(b, name="之后")
    assert seeded.count("customers") == 7


def test_nested_failure_rolls_back_only_the_inner_action(book):
    with book.transaction() as conn:
        insert_customer(conn, {"name": "外层"})
        with pytest.raises(ValueError), book.transaction():
            insert_customer(conn, {"name": "内层"})
            with book.transaction():
                insert_customer(conn, {"name": "最内层"})
            raise ValueError
        insert_customer(conn, {"name": "外层2"})
    names = [r[0] for r in book.conn.execute("SELECT name FROM customers ORDER BY id")]
    assert names == ["外层", "外层2"]


def test_failure_escaping_nested_savepoints_rolls_back_everything(book):
    with pytest.raises(KeyError), book.transaction() as conn:
        insert_customer(conn, {"name": "一"})
        with book.transaction():
            insert_customer(conn, {"name": "二"})
            with book.transaction():
                insert_customer(conn, {"name": "三"})
                raise KeyError("x")
    assert book.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
    assert not book.conn.in_transaction


def test_nested_api_calls_join_the_outer_transaction(seeded):
    """A user action made of several core calls is still all-or-nothing."""
    b = seeded.book
    before = seeded.snapshot()
    with pytest.raises(ValidationError), b.transaction():
        add_customer(b, name="新客户甲", phone="13111111111")
        add_customer(b, name="新客户乙", phone="13111111111")  # duplicate phone
    assert seeded.snapshot() == before


def test_settings_rolled_back_with_the_transaction(book):
    with pytest.raises(RuntimeError), book.transaction():
        set_setting(book, "lead_days", 9)
        assert book.setting("lead_days") == 9
        raise RuntimeError
    assert book.setting("lead_days") == 3
    assert book.conn.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == 0


def test_committed_work_is_visible_to_another_connection(tmp_path):
    path = tmp_path / "b.db"
    b = open_book(path)
    add_customer(b, name="王建国")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM customers").fetchall() == [("王建国",)]
    conn.close()
    b.close()
