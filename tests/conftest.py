"""Shared fixtures: a fresh book per test, a small seeded book, and a CLI runner.

* ``book``: an empty book in the test's tmp folder.
* ``seeded``: a small book (products, six customers, a few deliveries, a
  payment and a contact) with handles to its records; see ``Seeded``.
* ``run_cli``: calls ``salesbook.cli.main([...])`` in-process with the
  language forced by ``--lang`` and returns exit code, stdout and stderr.
* ``old_book``: opens a book as an older Salesbook wrote it, to test upgrades.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

import salesbook.startup  # noqa: F401 - the core wired as at start-up (store/hooks.py)
from salesbook import i18n
from salesbook.records.contacts import log_contact
from salesbook.records.customers import Customer, add_customer
from salesbook.records.deliveries import record_delivery
from salesbook.records.payments import record_payment
from salesbook.records.products import Product, add_product
from salesbook.store.book import Book, open_book

# The seeded book's "today": everything in it happened before this date.
TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def no_language_leak():
    """Every test starts in the default language, whatever the one before it
    chose: the core's language and the window's translators are reset after
    each test (a test that wants zh or en installs it)."""
    yield
    i18n.set_language(None)
    ui_i18n = sys.modules.get("ui.i18n")
    if ui_i18n is not None:
        ui_i18n.uninstall()


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's QApplication with the bundled Chinese font registered, as the
    app does at start (tests that build widgets on ``qapp`` alone see it too)."""
    from ui.fonts import install_qt_fonts

    install_qt_fonts(qapp)
    return qapp


@pytest.fixture
def book(tmp_path: Path):
    """A fresh, empty book on disk (WAL, migrations applied)."""
    b = open_book(tmp_path / "book.db")
    yield b
    b.close()


@pytest.fixture
def mem_book():
    b = open_book(":memory:")
    yield b
    b.close()


@dataclass
class Seeded:
    book: Book
    path: Path
    rice: Product
    oil: Product
    water: Product
    wang: Customer  # 王建国: 3 people, paid on the 10th, acquaintance, owes for rice
    li: Customer  # 李秀英: pays on delivery, rice paid at the door
    zhang1: Customer  # two customers both named 张伟 (ambiguous by name)
    zhang2: Customer
    zhao: Customer  # 赵敏: friend, paid every Friday, no deliveries yet
    sun: Customer  # 孙丽: no household size, no pay day

    def count(self, table: str) -> int:
        return self.book.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def snapshot(self) -> dict[str, list]:
        """Every row of every table, to prove that a failed action changed nothing."""
        conn = self.book.conn
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name"
            )
        ]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}


def seed(b: Book, path: Path) -> Seeded:
    rice = add_product(b, name="大米", unit="kg", price="6.00", per_person_daily="0.15")
    oil = add_product(b, name="食用油", unit="L", price="16", per_person_daily="0.025")
    water = add_product(b, name="桶装水", unit="桶", price="15", per_person_daily="0.04")
    created = "2025-12-01T09:00:00+00:00"
    wang = add_customer(
        b, name="王建国", phone="139 1234 5678", address="人民路 12 号", area="东城片区",
        household_size="三口人", pay_cycle="每月10号", level="熟人", on=created,
    )  # fmt: skip
    li = add_customer(
        b, name="李秀英", phone="13800000002", area="西城片区", household_size=2,
        pay_cycle="货到付款", on=created,
    )  # fmt: skip
    zhang1 = add_customer(
        b, name="张伟", phone="13700000001", area="东城片区", household_size=4, on=created
    )
    zhang2 = add_customer(
        b, name="张伟", phone="13700000002", area="南湖新村", household_size=1, on=created
    )
    zhao = add_customer(
        b, name="赵敏", phone="13600000005", area="西城片区", household_size=5,
        pay_cycle="每周五", level="朋友", on=created,
    )  # fmt: skip
    sun = add_customer(b, name="孙丽", phone="13500000006", area="南湖新村", on=created)
    # 王建国 buys 10 kg of rice every ~3 weeks; last one not paid yet.
    for day in ("2026-01-05", "2026-01-26", "2026-02-16", "2026-03-09"):
        record_delivery(b, wang.id, rice.id, 10, on=day)
    record_payment(b, wang.id, "180", on="2026-02-10")  # pays the first three
    # 李秀英 pays on delivery.
    record_delivery(b, li.id, rice.id, 10, on="2026-02-20", paid=True)
    record_delivery(b, li.id, oil.id, 5, on="2026-02-20", paid=True)
    log_contact(b, zhao.id, on="2026-03-01", kind="call", note="问了新品")
    return Seeded(b, path, rice, oil, water, wang, li, zhang1, zhang2, zhao, sun)


@pytest.fixture
def seeded(tmp_path: Path):
    """A small book with products, customers, deliveries, a payment and a contact."""
    path = tmp_path / "seeded.db"
    b = open_book(path)
    yield seed(b, path)
    b.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def __repr__(self) -> str:  # shows in assertion failures
        return f"CliResult(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def run_cli(capsys):
    """run_cli(*args, book=PATH, lang='en') -> CliResult; the language is forced with --lang."""
    from salesbook.cli import main

    def run(*args: str, book: str | Path | None = None, lang: str = "en") -> CliResult:
        argv = ["--lang", lang]
        if book is not None:
            argv += ["--book", str(book)]
        argv += [str(a) for a in args]
        capsys.readouterr()
        try:
            code = main(argv)
        finally:
            i18n.set_language(None)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def table_rows(path: Path | str, sql: str) -> list[tuple]:
    """Read a book with plain sqlite3 (what another tool would see)."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def old_book(monkeypatch) -> Callable:
    """``with old_book(path, before) as b:`` opens (creating) ``path`` with the
    schema of the Salesbook that had every migration before ``before`` (a
    migration function), for the test to fill with today's calls and close
    inside the block; opening it again afterwards upgrades it. Today's writes
    fill the Today list's day numbers (m0009): those columns are there from the
    start."""
    from salesbook.store import migrations

    @contextmanager
    def open_old(path: Path, before):
        upto = migrations.MIGRATIONS.index(before)
        with monkeypatch.context() as m:
            m.setattr("salesbook.store.book.MIGRATIONS", migrations.MIGRATIONS[:upto])
            m.setattr("salesbook.store.book.SCHEMA_VERSION", upto)
            b = open_book(path)
            migrations._agenda_days(b.conn)
            migrations._customer_reach_columns(b.conn)
            yield b

    return open_old


# -- the team book on PostgreSQL (issue 17; tests/pg_support.py) ----------------


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL server for the session (skips with the reason
    when PostgreSQL or psycopg is not installed here)."""
    from pg_support import PgCluster, why_not

    reason = why_not()
    if reason:
        pytest.skip(reason)
    cluster = PgCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """The URL of a fresh, empty database on the test server (as its superuser)."""
    return pg_cluster.url(pg_cluster.new_database())


@pytest.fixture(params=["sqlite", "pg"])
def team_target(request, tmp_path) -> str:
    """Where a team book goes: a .db file, or a fresh PostgreSQL database's URL.
    Team tests that take it run on both backends."""
    if request.param == "sqlite":
        return str(tmp_path / "team.db")
    return request.getfixturevalue("pg_url")
