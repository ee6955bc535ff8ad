"""Undo, redo and the trash (salesbook.store.undo)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from salesbook.errors import NotFound, SalesbookError, ValidationError
from salesbook.records.contacts import log_contact
from salesbook.records.customers import add_customer, archive_customer, update_customer
from salesbook.records.deliveries import delete_delivery, record_delivery
from salesbook.records.payments import delete_payment, record_payment
from salesbook.records.products import add_product, set_override, update_product
from salesbook.records.relationship import set_level
from salesbook.store import migrations, undo
from salesbook.store.book import open_book


def state(book) -> dict[str, list]:
    """Every row of every table but the undo log itself (derived tables included)."""
    conn = book.conn
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'undo_%' ORDER BY name"
        )
    ]
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}


# ---------------------------------------------------------------- one action


def test_undo_a_delivery_puts_forecast_and_balance_back(seeded):
    b = seeded.book
    before = state(b)
    record_delivery(b, seeded.wang.id, seeded.oil.id, 5, on="2026-03-19")
    assert state(b) != before
    assert undo.peek_undo(b, "en") == "delivery: 王建国 食用油 5L"
    assert undo.undo_last(b, "en") == "delivery: 王建国 食用油 5L"
    assert state(b) == before
    assert undo.peek_redo(b, "zh") == "送货：王建国 食用油 5L"


def test_redo_brings_it_back_exactly(seeded):
    b = seeded.book
    record_delivery(b, seeded.li.id, seeded.water.id, 3, on="2026-03-18", paid=True)
    after = state(b)
    undo.undo_last(b)
    assert undo.redo_last(b, "en") == "delivery: 李秀英 桶装水 3桶"
    assert state(b) == after
    assert undo.redo_last(b) is None  # nothing left to redo


def test_something_new_ends_redo(seeded):
    b = seeded.book
    log_contact(b, seeded.sun.id, on="2026-03-19", kind="visit")
    undo.undo_last(b)
    log_contact(b, seeded.zhao.id, on="2026-03-19", kind="call")
    assert undo.peek_redo(b) is None
    assert undo.redo_last(b) is None


def test_nothing_to_undo(book):
    assert undo.undo_last(book) is None
    assert undo.peek_undo(book) is None


def test_an_action_of_several_writes_is_one_step(seeded):
    b = seeded.book
    before = state(b)
    with b.transaction():
        c = add_customer(b, name="周新", household_size=3)
        record_delivery(b, c.id, seeded.rice.id, 10, on="2026-03-19", paid=True)
        log_contact(b, c.id, on="2026-03-19")
    undo.undo_last(b)
    assert state(b) == before


def test_derived_tables_are_never_logged(seeded):
    b = seeded.book
    record_delivery(b, seeded.wang.id, seeded.rice.id, 10, on="2026-03-19", paid=True)
    tables = {r[0] for r in b.conn.execute("SELECT DISTINCT tbl FROM undo_log")}
    assert tables <= set(undo.LOGGED_TABLES)
    assert not tables & {"supply", "customer_state", "settings", "undo_actions"}


def test_real_numbers_come_back_exactly(seeded):
    b = seeded.book
    set_override(b, seeded.wang.id, seeded.rice.id, 1 / 3)
    set_override(b, seeded.wang.id, seeded.rice.id, 0.1 + 0.2)
    undo.undo_last(b)
    rate = b.conn.execute("SELECT daily_rate FROM consumption_overrides").fetchone()[0]
    assert rate == 1 / 3


def test_a_label_names_the_action(seeded):
    b = seeded.book
    with b.transaction():
        undo.label(b, "合并客户")
        update_customer(b, seeded.zhang2.id, notes="并入张伟")
    assert undo.peek_undo(b) == "合并客户"


@pytest.mark.parametrize(
    ("action", "en"),
    [
        (
            lambda s: record_payment(s.book, s.wang.id, "60", on="2026-03-19"),
            "payment: 王建国 ¥60.00",
        ),
        (lambda s: archive_customer(s.book, s.sun.id), "archive customer: 孙丽"),
        (
            lambda s: set_level(s.book, s.li.id, "朋友", reason="聊得来"),
            "level: 李秀英 passer-by -> friend",
        ),
        (lambda s: update_customer(s.book, s.zhao.id, household_size=6), "edit customer: 赵敏"),
        (lambda s: add_product(s.book, name="面粉", unit="kg", price="5"), "add product: 面粉"),
        (lambda s: update_product(s.book, s.rice.id, per_person_daily="0.2"), "edit product: 大米"),
        (lambda s: add_customer(s.book, name="吴芳"), "add customer: 吴芳"),
        (lambda s: log_contact(s.book, s.wang.id, on="2026-03-19"), "contact: 王建国"),
    ],
)
def test_each_kind_of_action_is_named_and_undone(seeded, action, en):
    b = seeded.book
    before = state(b)
    action(seeded)
    assert undo.peek_undo(b, "en") == en
    assert undo.undo_last(b, "en") == en
    assert state(b) == before
    assert undo.history(b, 2)[0].describe("en") == f"undo {en}"


def test_undo_a_delete_and_an_archive(seeded):
    b = seeded.book
    did = b.conn.execute(
        "SELECT MAX(id) FROM deliveries WHERE customer_id = ?", (seeded.wang.id,)
    ).fetchone()[0]
    before = state(b)
    delete_delivery(b, did)
    assert undo.peek_undo(b, "en").startswith("delete delivery: 王建国 大米 10kg")
    undo.undo_last(b)
    assert state(b) == before


# ---------------------------------------------------------------- many actions


def _random_action(b, rng: random.Random, day: date) -> None:
    conn = b.conn
    customers = [r[0] for r in conn.execute("SELECT id FROM customers WHERE archived_at IS NULL")]
    products = [r[0] for r in conn.execute("SELECT id FROM products")]
    cid, pid = rng.choice(customers), rng.choice(products)
    kind = rng.choice(
        ["deliver", "deliver", "pay", "contact", "edit", "level", "archive", "unarchive", "delete_delivery",
         "delete_payment", "add_customer", "add_product", "product_rate", "override", "trash_contact",
         "restore"]
    )  # fmt: skip
    if kind == "deliver":
        record_delivery(b, cid, pid, rng.choice((1, 5, 10)), on=day, paid=rng.random() < 0.4)
    elif kind == "pay":
        record_payment(b, cid, rng.choice(("10", "55.5")), on=day)
    elif kind == "contact":
        log_contact(b, cid, on=day, kind=rng.choice(("visit", "call")), note="聊了聊")
    elif kind == "edit":
        update_customer(
            b, cid, household_size=rng.randint(1, 6), pay_cycle=rng.choice(("10", "每周五", "5,20"))
        )
    elif kind == "level":
        try:
            set_level(b, cid, rng.choice(("熟人", "朋友", "知己", "过客")), reason="随机")
        except ValidationError:
            pass  # already at that level
    elif kind == "archive":
        archive_customer(b, cid)
    elif kind == "unarchive":
        row = conn.execute(
            "SELECT id FROM customers WHERE archived_at IS NOT NULL LIMIT 1"
        ).fetchone()
        if row:
            archive_customer(b, row[0], restore=True)
    elif kind == "delete_delivery":
        row = conn.execute(
            "SELECT id FROM deliveries WHERE deleted_at IS NULL ORDER BY random() LIMIT 1"
        ).fetchone()
        if row:
            delete_delivery(b, row[0])
    elif kind == "delete_payment":
        row = conn.execute(
            "SELECT id FROM payments WHERE deleted_at IS NULL ORDER BY random() LIMIT 1"
        ).fetchone()
        if row:
            delete_payment(b, row[0])
    elif kind == "add_customer":
        add_customer(
            b, name=f"新客{rng.randrange(1000)}", household_size=rng.randint(1, 5), pay_cycle="15"
        )
    elif kind == "add_product":
        add_product(
            b, name=f"商品{rng.randrange(10**6)}", unit="个", price="3", per_person_daily="0.05"
        )
    elif kind == "product_rate":
        update_product(b, pid, per_person_daily=str(rng.choice((0.01, 0.1, 0.3))))
    elif kind == "override":
        set_override(b, cid, pid, rng.choice((None, 0.5, 1 / 7)))
    elif kind == "trash_contact":
        row = conn.execute("SELECT id FROM contacts WHERE deleted_at IS NULL LIMIT 1").fetchone()
        if row:
            undo.move_to_trash(b, "contact", row[0])
    elif kind == "restore":
        items = undo.list_trash(b, limit=5)
        if items:
            undo.restore_from_trash(b, items[0].kind, items[0].id)


@pytest.mark.parametrize("seed", range(4))
def test_undo_everything_then_redo_everything(seeded, seed):
    """After any mix of actions, undoing them one by one walks back through
    every earlier state exactly (derived state too), and redo walks forward."""
    b = seeded.book
    rng = random.Random(seed)
    states = [state(b)]
    start_actions = len(undo.history(b, 10_000))
    day = date(2026, 3, 20)
    for i in range(14):
        n = len(undo.history(b, 10_000))
        _random_action(b, rng, day + timedelta(days=i))
        if len(undo.history(b, 10_000)) > n:  # it changed something
            states.append(state(b))
    steps = len(states) - 1
    for k in range(steps):
        assert undo.undo_last(b) is not None
        assert state(b) == states[-2 - k], f"after undoing {k + 1} of {steps}"
    for k in range(steps):
        assert undo.redo_last(b) is not None
        assert state(b) == states[k + 1], f"after redoing {k + 1} of {steps}"
    assert undo.redo_last(b) is None
    assert len(undo.history(b, 10_000)) == start_actions + 3 * steps


def test_undo_an_import(seeded, tmp_path):
    from salesbook.excel.importer import import_file

    b = seeded.book
    before = state(b)
    csv = tmp_path / "送货.csv"
    csv.write_text(
        "电话,品名,日期,数量\n13912345678,大米,2026-03-18,10\n13800000002,食用油,2026-03-18,5\n",
        "utf-8",
    )
    res = import_file(b, "deliveries", csv)
    assert res.inserted == 2
    after = state(b)
    assert undo.peek_undo(b, "en") == "import: " + str(csv)
    assert undo.undo_last(b, "en") == "import: " + str(csv)  # through importer.revert_import
    now = state(b)
    reverted = now.pop("imports")
    assert reverted[0][0] == res.import_id and reverted[0][-1] is not None  # reverted_at
    now.pop("import_changes")
    assert now == {k: v for k, v in before.items() if k not in ("imports", "import_changes")}
    assert undo.redo_last(b, "en") == "import: " + str(csv)
    assert state(b) == after
    undo.undo_last(b)  # and again
    assert state(b)["deliveries"] == before["deliveries"]


# ---------------------------------------------------------------- limits


def test_undo_blocked_by_a_later_unlogged_change_leaves_the_book_unchanged(seeded):
    b = seeded.book
    c = add_customer(b, name="临时客户")
    with undo.paused(b):  # a write the undo log does not see
        b.conn.execute(
            "INSERT INTO payments (uid, customer_id, date, amount_fen, created_at)"
            " VALUES ('x1', ?, '2026-03-19', 100, 'now')",
            (c.id,),
        )
    before = state(b)
    with pytest.raises(SalesbookError) as err:
        undo.undo_last(b)
    assert err.value.key == "undo_blocked"
    assert "临时客户" in err.value.message("en")
    assert state(b) == before


def test_old_actions_are_pruned(seeded, monkeypatch):
    monkeypatch.setattr(undo, "KEEP_ACTIONS", 5)
    monkeypatch.setattr(undo, "_PRUNE_EVERY", 5)
    b = seeded.book
    for i in range(12):
        log_contact(b, seeded.wang.id, on=date(2026, 3, 1) + timedelta(days=i))
    ids = [a.id for a in undo.history(b, 100)]
    assert len(ids) < 12 and max(ids) - min(ids) < 10
    orphans = b.conn.execute(
        "SELECT COUNT(*) FROM undo_log WHERE action_id NOT IN (SELECT id FROM undo_actions)"
    ).fetchone()[0]
    assert orphans == 0


def test_demo_books_do_not_fill_the_undo_log(tmp_path):
    from salesbook.cli.demo import build_demo

    build_demo(tmp_path / "demo.db", customers=20, today=date(2026, 3, 1))
    b = open_book(tmp_path / "demo.db")
    assert b.conn.execute("SELECT COUNT(*) FROM undo_log").fetchone()[0] == 0
    assert b.conn.execute("SELECT recording FROM undo_switch").fetchone()[0] == 1
    assert undo.undo_last(b) is None
    # the undo triggers, taken out for the build, are back: the next write is undoable
    assert _undo_triggers(b) == 3 * len(undo.LOGGED_TABLES)
    cid = b.conn.execute("SELECT MIN(id) FROM customers WHERE archived_at IS NULL").fetchone()[0]
    log_contact(b, cid, on=date(2026, 3, 1))
    assert undo.undo_last(b) is not None
    b.close()


def _undo_triggers(b) -> int:
    return b.conn.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'undo!_%' ESCAPE '!'"
    ).fetchone()[0]


def test_an_import_that_fails_or_succeeds_leaves_the_undo_triggers_in_place(seeded, tmp_path):
    from salesbook.errors import ImportFailed
    from salesbook.excel.importer import import_file

    b = seeded.book
    n = _undo_triggers(b)
    assert n > 0
    bad = tmp_path / "bad.csv"
    bad.write_text("电话,品名,日期,数量\n13912345678,大米,2026-03-18,-1\n", "utf-8")
    with pytest.raises(ImportFailed):
        import_file(b, "deliveries", bad)
    assert _undo_triggers(b) == n
    good = tmp_path / "good.csv"
    good.write_text("电话,品名,日期,数量\n13912345678,大米,2026-03-18,10\n", "utf-8")
    assert import_file(b, "deliveries", good).inserted == 1
    assert _undo_triggers(b) == n
    log_contact(b, seeded.wang.id, on=date(2026, 3, 19))
    assert undo.peek_undo(b, "en") is not None and "import" not in undo.peek_undo(b, "en")


def test_triggers_follow_a_migration_that_adds_or_drops_a_column(tmp_path, monkeypatch):
    path = tmp_path / "b.db"
    b = open_book(path)
    c = add_customer(b, name="王建国")
    b.close()

    def m9998_wechat(conn):
        conn.execute("ALTER TABLE customers ADD COLUMN wechat TEXT")
        conn.execute("ALTER TABLE contacts DROP COLUMN note")  # allowed: triggers are off

    monkeypatch.setattr("salesbook.store.book.MIGRATIONS", [*migrations.MIGRATIONS, m9998_wechat])
    monkeypatch.setattr("salesbook.store.book.SCHEMA_VERSION", len(migrations.MIGRATIONS) + 1)
    b = open_book(path)
    with b.transaction() as conn:
        conn.execute("UPDATE customers SET wechat = 'wjg88' WHERE id = ?", (c.id,))
    with b.transaction() as conn:
        conn.execute("UPDATE customers SET wechat = 'wjg99' WHERE id = ?", (c.id,))
    undo.undo_last(b)
    assert b.conn.execute("SELECT wechat FROM customers").fetchone()[0] == "wjg88"
    b.close()


# ---------------------------------------------------------------- the trash


def test_deleted_records_go_to_the_trash_and_come_back(seeded):
    b = seeded.book
    did = b.conn.execute(
        "SELECT MAX(id) FROM deliveries WHERE customer_id = ?", (seeded.wang.id,)
    ).fetchone()[0]
    pid = b.conn.execute(
        "SELECT id FROM payments WHERE customer_id = ?", (seeded.wang.id,)
    ).fetchone()[0]
    before = state(b)
    delete_delivery(b, did)
    delete_payment(b, pid)
    archive_customer(b, seeded.sun.id)
    cid = b.conn.execute("SELECT id FROM contacts").fetchone()[0]
    undo.move_to_trash(b, "contact", cid)
    items = undo.list_trash(b)
    assert {i.ref for i in items} == {
        f"delivery:{did}",
        f"payment:{pid}",
        f"customer:{seeded.sun.id}",
        f"contact:{cid}",
    }
    d = next(i for i in items if i.kind == "delivery")
    assert d.customer == "王建国" and d.detail == "大米 10kg" and d.date == "2026-03-09"
    assert undo.list_trash(b, kind="payment")[0].detail == "¥180.00"
    for i in items:
        undo.restore_from_trash(b, i.kind, i.id)
    assert undo.list_trash(b) == []
    after = state(b)
    assert (
        after["supply"] == before["supply"] and after["customer_state"] == before["customer_state"]
    )
    assert after["deliveries"] == before["deliveries"]


def test_trash_refusals(seeded):
    b = seeded.book
    with pytest.raises(NotFound):
        undo.restore_from_trash(b, "delivery", 1)  # not deleted
    with pytest.raises(ValidationError):
        undo.parse_ref("order:1")
    with pytest.raises(ValidationError):
        undo.parse_ref("delivery:x")
    assert undo.parse_ref("delivery:12") == ("delivery", 12)
    with pytest.raises(NotFound):
        undo.move_to_trash(b, "payment", 9999)
    with pytest.raises(ValidationError):
        undo.move_to_trash(b, "product", 1)


def test_bulk_delete_makes_a_backup_and_is_one_undo_step(seeded):
    from salesbook.store.backup import list_backups

    b = seeded.book
    ids = [
        r[0]
        for r in b.conn.execute(
            "SELECT id FROM deliveries WHERE customer_id = ?", (seeded.wang.id,)
        )
    ]
    before = state(b)
    assert undo.move_many_to_trash(b, [("delivery", i) for i in ids]) == 4
    assert [x.reason for x in list_backups(seeded.path)] == ["before-bulk-delete"]
    assert undo.peek_undo(b, "en") == "delete 4 records"
    undo.undo_last(b)
    assert state(b) == before


# ---------------------------------------------------------------- CLI


def test_cli_undo_redo_and_list(seeded, run_cli):
    seeded.book.close()
    path = seeded.path
    r = run_cli("deliver", "王建国", "食用油", "5", "--date", "2026-03-19", book=path)
    assert r.code == 0
    r = run_cli("undo", book=path)
    assert r.code == 0 and r.out.strip() == "Undone: delivery: 王建国 食用油 5L"
    r = run_cli("undo", "--list", book=path)
    assert "undo delivery: 王建国 食用油 5L" in r.out
    r = run_cli("redo", book=path, lang="zh")
    assert r.out.strip() == "已重做：送货：王建国 食用油 5L"
    r = run_cli("redo", book=path)
    assert r.out.strip() == "Nothing to redo"


def test_cli_trash(seeded, run_cli):
    did = seeded.book.conn.execute("SELECT MAX(id) FROM deliveries").fetchone()[0]
    seeded.book.close()
    path = seeded.path
    assert run_cli("trash", "list", book=path).out.strip() == "The trash is empty"
    r = run_cli("trash", "add", f"delivery:{did}", book=path)
    assert r.code == 0
    r = run_cli("trash", "list", book=path)
    assert f"delivery:{did}" in r.out and "李秀英" in r.out
    r = run_cli("trash", "restore", f"delivery:{did}", book=path)
    assert r.code == 0 and "Restored from the trash" in r.out
    r = run_cli("trash", "restore", f"delivery:{did}", book=path)
    assert r.code == 1 and "not in the trash" in r.err
    r = run_cli("trash", "restore", "nonsense", book=path)
    assert r.code == 1 and "kind:id" in r.err
