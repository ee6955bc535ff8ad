"""Reverting an import leaves no trace of the customers it added (review finding:
Today and the plan kept listing them, and value snapshots blocked the revert)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from salesbook.excel import importer
from salesbook.records import supply
from salesbook.records.due import due_items
from salesbook.store.book import open_book

ON = date(2026, 11, 23)


def _kept(b) -> tuple:
    return tuple(
        b.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall()
        for t in ("supply", "customer_state", "agenda")
    )


def test_revert_removes_the_new_customers_from_today_and_every_derived_table(
    tmp_path: Path, run_cli
) -> None:
    path = tmp_path / "book.db"
    b = open_book(path)
    try:
        csv = tmp_path / "c.csv"
        csv.write_text(
            "客户,电话,关系\n新客甲,13900000001,朋友\n新客乙,13900000002,知己\n", encoding="utf-8"
        )
        res = importer.import_file(b, "customers", csv)
        assert res.inserted == 2
        names = {i.customer for i in due_items(b, ON, within=60)}
        assert {"新客甲", "新客乙"} <= names  # never contacted: a follow-up each
    finally:
        b.close()
    # value figures computed in between (they keep per-customer rows)
    assert run_cli("value", "--by", "tier", "--on", ON.isoformat(), book=path).code == 0
    b = open_book(path)
    try:
        importer.revert_import(b, res.import_id)
        assert not {i.customer for i in due_items(b, ON, within=60)} & {"新客甲", "新客乙"}
        left = [
            t
            for (t,) in b.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            if "customer_id" in [c[1] for c in b.conn.execute(f'PRAGMA table_info("{t}")')]
            and b.conn.execute(
                f'SELECT COUNT(*) FROM "{t}" WHERE customer_id NOT IN (SELECT id FROM customers)'
            ).fetchone()[0]
        ]
        assert left == []
        kept = _kept(b)
        with b.transaction():
            supply.refresh_all(b)
        assert _kept(b) == kept
    finally:
        b.close()


def test_revert_keeps_what_was_edited_by_hand_after_the_import(tmp_path: Path) -> None:
    from salesbook.records.customers import (
        add_customer,
        archive_customer,
        get_customer,
        update_customer,
    )
    from salesbook.records.relationship import set_level

    b = open_book(tmp_path / "book.db")
    try:
        c = add_customer(b, name="白建军", phone="18262915591", area="老城区", household_size=3,
                         pay_cycle="10", notes="老客户")  # fmt: skip
        csv = tmp_path / "u.csv"
        csv.write_text(
            "客户,电话,家庭人数,发薪日,片区\n白建军,18262915591,5,15,新城区\n", encoding="utf-8"
        )
        res = importer.import_file(b, "customers", csv)
        assert res.updated == 1
        # by hand, after the import: a new phone, the area again, notes, a level, archived
        update_customer(b, c.id, phone="13955556666", area="江边", notes="新号码")
        set_level(b, c.id, "知己", reason="多年")
        archive_customer(b, c.id)
        importer.revert_import(b, res.import_id)
        now = get_customer(b, c.id)
        assert (now.phone, now.area, now.notes, now.level) == (
            "13955556666",
            "江边",
            "新号码",
            "confidant",
        )
        assert now.archived_at is not None  # the archive stands
        # what the import changed and nobody touched since came back
        cur = b.conn.execute(
            "SELECT household_size, pay_cycle FROM customers WHERE id = ?", (c.id,)
        )
        size, cycle = cur.fetchone()
        assert size == 3 and "15" not in cycle
        history = b.conn.execute(
            "SELECT to_level FROM level_history WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
            (c.id,),
        ).fetchone()[0]
        assert history == now.level  # the history still tells the truth
    finally:
        b.close()
