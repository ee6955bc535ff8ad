"""A whole book out and back in (issue 16 part 2): ``export book`` then
``import book`` gives the same book; importing an exported book as payments
picks the payments sheet; a product missing on many rows is said once."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from salesbook.cli import main
from salesbook.cli.demo import build_demo
from salesbook.errors import ImportFailed
from salesbook.excel.export import export_book
from salesbook.excel.importer import import_file
from salesbook.excel.read import FileProblem
from salesbook.excel.restore import import_book
from salesbook.insight.message_templates import set_template
from salesbook.insight.value import record_referral
from salesbook.records.customers import add_customer, get_customer
from salesbook.records.deliveries import record_delivery
from salesbook.records.due import snooze
from salesbook.records.payments import record_payment
from salesbook.records.products import add_product, set_override
from salesbook.records.relationship import dismiss_suggestion
from salesbook.records.settings import set_setting
from salesbook.store.book import open_book
from salesbook.store.undo import undo_last

TODAY = date(2026, 3, 1)
SKIP = {"imports", "import_changes", "undo_log", "undo_actions", "undo_switch", "book_meta",
        "migrations"}  # fmt: skip


def _tables(path: Path) -> dict[str, list]:
    """Every record and derived row of the book (not its undo log or import record)."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ) if r[0] not in SKIP]  # fmt: skip
        out = {}
        for t in names:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})") if r[1] != "import_id"]
            order = ", ".join(str(i) for i in range(1, min(len(cols), 3) + 1))
            out[t] = conn.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY {order}").fetchall()
        return out
    finally:
        conn.close()


def _outputs(path: Path, capsys) -> dict[str, bytes]:
    out = {}
    for name, args in (
        ("due", ["due", "--on", TODAY.isoformat(), "--within", "7", "--format", "json"]),
        ("plan", ["plan", "--on", TODAY.isoformat(), "--days", "3", "--format", "json"]),
        ("customers", ["customers", "--all", "--limit", "100000", "--format", "json"]),
    ):
        capsys.readouterr()
        assert main(["--lang", "zh", "--book", str(path), *args]) == 0
        out[name] = capsys.readouterr().out.encode()
    return out


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A demo book (300 customers, fixed seed and day) with one of everything the
    demo does not make: a referral, snoozes, a daily use set by hand, a dismissed
    suggestion, changed settings, a behaviour tag, a paid-on-delivery link, notes
    with full-width punctuation and an archived customer who had something due."""
    path = tmp_path_factory.mktemp("src") / "src.db"
    build_demo(path, customers=300, seed=11, today=TODAY)
    b = open_book(path)
    try:
        ids = [r[0] for r in b.conn.execute(
            "SELECT DISTINCT customer_id FROM agenda ORDER BY customer_id LIMIT 6")]  # fmt: skip
        rice = b.conn.execute("SELECT id FROM products WHERE name = '大米'").fetchone()[0]
        record_referral(b, ids[1], ids[0])
        snooze(b, ids[2], "collect", TODAY + timedelta(days=3))
        snooze(b, ids[2], "resupply", TODAY + timedelta(days=2), product_id=rice)
        set_override(b, ids[3], rice, 0.7)
        dismiss_suggestion(b, ids[3], "friend", TODAY)
        set_setting(b, "lead_days", 4)
        set_template(b, "resupply", "friend", "{称呼}，{品名}快用完了吧？明天给您送来。", lang="zh")
        set_template(b, "collect", "passerby", "Hello {称呼}, {欠款} is still open.", lang="en")
        set_setting(b, "cadence_days", "朋友=21")
        with b.transaction() as conn:
            conn.execute(
                "UPDATE customers SET behaviour_type = 'bargainer' WHERE id = ?", (ids[4],)
            )
        c = add_customer(b, name="周全", phone="13800000099", notes="老人在家，白天送！（别按门铃）",
                         household_size=3, address_as="周叔", delivery_note="旧米倒出来放在上面，放门口")  # fmt: skip
        record_delivery(b, c.id, rice, 10, on=TODAY - timedelta(days=5), paid=True)
        record_delivery(b, c.id, rice, 10, on=TODAY - timedelta(days=40))
        # an archived customer with deliveries and a debt: must not come back into due
        record_delivery(b, ids[5], rice, 25, on=TODAY - timedelta(days=60))
        with b.transaction() as conn:
            conn.execute("UPDATE customers SET archived_at = '2026-02-20T08:00:00+00:00'"
                         " WHERE id = ?", (ids[5],))  # fmt: skip
            from salesbook.records import supply

            supply.refresh_customers(b, [ids[5]])
            # two months of value tiers kept (what Value's "since last month" compares)
            tiers = ("platinum", "gold", "iron", "lead")
            conn.executemany(
                "INSERT INTO value_snapshots (period, customer_id, tier, value_fen)"
                " VALUES (?, ?, ?, ?)",
                [(period, cid, tiers[(cid + k) % 4], 1000 * cid + 7 * k)
                 for k, period in enumerate(("2026-01", "2026-02"))
                 for (cid,) in conn.execute("SELECT id FROM customers ORDER BY id LIMIT 40")],
            )  # fmt: skip
    finally:
        b.close()
    return path


def test_whole_book_round_trip_is_the_same_book(source, tmp_path, capsys):
    out = tmp_path / "book.xlsx"
    src = open_book(source)
    archived_uid = src.conn.execute(
        "SELECT uid FROM customers WHERE archived_at LIKE '2026-02-20%'"
    ).fetchone()[0]
    owed = src.conn.execute("SELECT SUM(balance_fen) FROM customer_state").fetchone()[0]
    export_book(src, out, TODAY)
    src.close()
    assert "商品" in openpyxl.load_workbook(out, read_only=True).sheetnames

    target = tmp_path / "restored.db"
    open_book(target).close()
    assert main(["--lang", "zh", "--book", str(target), "import", "book", str(out)]) == 0
    assert "已导入整本账" in capsys.readouterr().out

    # `import book` was the restored book's first write of the month: its monthly
    # jobs (value snapshot, risk and forecast fits) ran after it. The same jobs on
    # the source give the same derived state.
    from datetime import date

    from salesbook.store import monthly

    with open_book(source) as src:
        monthly.run_due(src, date.today())
    before = _outputs(source, capsys)
    after = _outputs(target, capsys)
    for name in before:
        assert after[name] == before[name], name
    assert archived_uid not in after["due"].decode() and archived_uid in after["customers"].decode()
    src_tables, new_tables = _tables(source), _tables(target)
    for t in src_tables:
        assert new_tables[t] == src_tables[t], t  # uids, ids, notes, stamps, derived state
    b = open_book(target)
    assert b.conn.execute("SELECT SUM(balance_fen) FROM customer_state").fetchone()[0] == owed
    assert b.conn.execute(
        "SELECT notes FROM customers WHERE name = '周全'").fetchone()[0] == "老人在家，白天送！（别按门铃）"  # fmt: skip
    assert b.conn.execute("SELECT COUNT(*) FROM payments WHERE delivery_id IS NOT NULL").fetchone()[
        0
    ]

    # a second import changes nothing
    again = import_book(b, out)
    assert again.changed == 0 and again.import_id is None and again.unchanged > 6000
    b.close()
    assert _tables(target) == new_tables


def test_english_export_restores_too_and_undo_takes_it_back(source, tmp_path):
    out = tmp_path / "book_en.xlsx"
    src = open_book(source)
    export_book(src, out, TODAY, lang="en")
    src.close()
    b = open_book(tmp_path / "en.db")
    result = import_book(b, out)
    b.close()
    assert result.n("customers") == 301 and result.n("contacts") > 0
    # each book's monthly work (fits, the value snapshot) is its own, derived from
    # its records: the same jobs on both give the same state (whatever ran before)
    from salesbook.store import monthly

    for path in (source, tmp_path / "en.db"):
        with open_book(path) as b:
            monthly.run_due(b, date.today())
    assert _tables(tmp_path / "en.db") == _tables(source)
    b = open_book(tmp_path / "en.db")
    assert undo_last(b)  # one step, like every import
    for t in ("customers", "deliveries", "payments", "contacts", "complaints", "level_history"):
        assert b.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] == 0, t
    b.close()


def test_merge_into_a_book_with_records_by_uid(source, tmp_path):
    out = tmp_path / "book.xlsx"
    src = open_book(source)
    export_book(src, out, TODAY)
    uid, name = src.conn.execute("SELECT uid, name FROM customers ORDER BY id LIMIT 1").fetchone()
    src.close()
    b = open_book(tmp_path / "mine.db")
    mine = add_customer(b, name="自己的客户", phone="13900000001")
    first = import_book(b, out)
    assert first.n("customers") == 301
    with b.transaction() as conn:
        conn.execute("UPDATE customers SET name = '改过的名字' WHERE uid = ?", (uid,))
    second = import_book(b, out)
    assert second.n("customers", 1) == 1 and second.n("customers") == 0
    assert second.n("deliveries") == 0 and second.n("payments") == 0
    assert b.conn.execute("SELECT name FROM customers WHERE uid = ?", (uid,)).fetchone()[0] == name
    assert get_customer(b, mine.id).name == "自己的客户"
    assert import_book(b, out).changed == 0
    b.close()


def test_bad_cells_name_sheet_row_and_column_and_change_nothing(source, tmp_path):
    out = tmp_path / "book.xlsx"
    src = open_book(source)
    export_book(src, out, TODAY)
    src.close()
    wb = openpyxl.load_workbook(out)
    ws = wb["送货"]
    head = [c.value for c in ws[1]]
    ws.cell(3, head.index("日期") + 1).value = "下周二"
    ws.cell(5, head.index("客户唯一编号") + 1).value = "f" * 32
    wb.save(out)
    b = open_book(tmp_path / "x.db")
    with pytest.raises(ImportFailed) as err:
        import_book(b, out)
    lines = [p.message("zh") for p in err.value.problems]
    assert any("工作表“送货”第 3 行，日期" in x for x in lines), lines
    assert any("第 5 行，客户唯一编号" in x and "f" * 32 in x for x in lines), lines
    assert b.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
    b.close()


def test_a_workbook_not_from_export_book_is_refused(tmp_path):
    path = tmp_path / "list.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["王建国", "13800000000"])
    wb.save(path)
    b = open_book(tmp_path / "x.db")
    with pytest.raises(FileProblem) as err:
        import_book(b, path)
    assert "export book" in err.value.message("en")
    b.close()


# -- importing an exported book as payments ------------------------------------------------


def _small_book(path: Path):
    b = open_book(path)
    rice = add_product(b, name="大米", unit="kg", price="6.00", per_person_daily="0.15")
    for i, name in enumerate(("王建国", "李秀英", "赵敏")):
        c = add_customer(b, name=name, phone=f"1380000000{i}", pay_day="10")
        record_delivery(b, c.id, rice.id, 10 + i, on=TODAY - timedelta(days=20))
        record_delivery(b, c.id, rice.id, 5, on=TODAY - timedelta(days=3))
        record_payment(b, c.id, "60", on=TODAY - timedelta(days=10))
    return b


def _owed(b) -> int:
    return b.conn.execute("SELECT SUM(balance_fen) FROM customer_state").fetchone()[0]


def test_import_payments_from_an_exported_book_reads_the_payments_sheet(tmp_path):
    b = _small_book(tmp_path / "b.db")
    owed = _owed(b)
    assert owed > 0
    out = tmp_path / "book.xlsx"
    export_book(b, out, TODAY)
    result = import_file(b, "payments", out)
    assert result.sheet == "收款" and result.inserted == 0 and result.skipped_duplicates == 3
    assert _owed(b) == owed  # no delivery amount recorded as a payment
    assert import_file(b, "products", out).sheet == "商品"  # not 送货's 品名/单位/单价
    b.close()


def test_payments_refused_when_only_a_deliveries_sheet_fits(tmp_path, capsys):
    b = _small_book(tmp_path / "b.db")
    owed = _owed(b)
    path = tmp_path / "deliveries.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "送货"
    wb.active.append(["日期", "客户", "电话", "品名", "数量", "单价", "金额"])
    wb.active.append(["2026-02-01", "王建国", "13800000000", "大米", 10, 6, 60])
    other = wb.create_sheet("说明")
    other.append(["这是送货记录"])
    wb.save(path)
    with pytest.raises(FileProblem) as err:
        import_file(b, "payments", path)
    text = err.value.message("zh")
    assert "送货" in text and "说明" in text and "--sheet" in text and "数量" in text
    with pytest.raises(FileProblem):
        import_file(b, "payments", path, sheet="送货")
    b.close()
    assert main(["--book", str(tmp_path / "b.db"), "import", "payments", str(path)]) == 1
    assert "--sheet" in capsys.readouterr().err
    b = open_book(tmp_path / "b.db")
    assert _owed(b) == owed
    b.close()


# -- deliveries before their products ------------------------------------------------------


def test_missing_products_are_said_once_with_how_to_add_them(tmp_path, capsys):
    b = open_book(tmp_path / "b.db")
    add_customer(b, name="王建国", phone="13800000000")
    b.close()
    path = tmp_path / "d.csv"
    lines = ["客户,品名,日期,数量"] + [f"王建国,大米,2026-01-{d:02d},10" for d in range(1, 29)]
    lines += ["王建国,食用油,2026-01-05,1", "王建国,食用油,2026-01-06,1"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--book", str(tmp_path / "b.db"), "--lang", "zh", "import", "deliveries",
                 str(path)]) == 1  # fmt: skip
    err = capsys.readouterr().err
    rice = [x for x in err.splitlines() if "大米" in x]
    assert len(rice) == 1 and "28 行" in rice[0] and "salesbook product add 大米" in rice[0]
    assert "import products" in rice[0]
    oil = [x for x in err.splitlines() if "食用油" in x]
    assert len(oil) == 1 and "2 行" in oil[0]


# -- notes as typed ---------------------------------------------------------------------------


def test_customer_notes_keep_full_width_punctuation(tmp_path):
    b = open_book(tmp_path / "b.db")
    c = add_customer(b, name="王建国", notes="老人在家，白天送！")
    assert get_customer(b, c.id).notes == "老人在家，白天送！"
    path = tmp_path / "c.csv"
    path.write_text("姓名,备注\n李秀英,“下午五点后”在家；要发票。\n", encoding="utf-8")
    import_file(b, "customers", path)
    notes = b.conn.execute("SELECT notes FROM customers WHERE name = '李秀英'").fetchone()[0]
    assert notes == "“下午五点后”在家；要发票。"
    b.close()


# -- the window ------------------------------------------------------------------------------


def test_window_file_import_whole_book(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from ui_support import open_window, rows

    b = _small_book(tmp_path / "src.db")
    out = tmp_path / "book.xlsx"
    export_book(b, out, TODAY)
    b.close()
    target = tmp_path / "new.db"
    win = open_window(qtbot, target)
    file_menu = win.menuBar().actions()[0].menu()
    imports = next(a.menu() for a in file_menu.actions() if a.menu() and "Import" in a.text())
    action = next(a for a in imports.actions() if "Whole book" in a.text())
    monkeypatch.setattr("ui.file_dialogs.getOpenFileName", lambda *a, **k: (str(out), ""))
    action.trigger()
    qtbot.waitUntil(
        lambda: rows(target, "SELECT COUNT(*) FROM customers") == [(3,)], timeout=30_000
    )
    qtbot.waitUntil(lambda: win.findChild(QMessageBox) is not None, timeout=10_000)
    box = win.findChild(QMessageBox)
    assert "3 new" in box.text() and "import 1" in box.text()
    assert rows(target, "SELECT COUNT(*) FROM deliveries") == [(6,)]
    qtbot.waitUntil(lambda: win.stats is not None and win.stats.customers == 3, timeout=10_000)


def test_contact_delivery_and_payment_notes_keep_full_width_punctuation(tmp_path):
    from salesbook.records.contacts import log_contact

    b = open_book(tmp_path / "b.db")
    rice = add_product(b, name="大米", unit="kg", price="6.00")
    c = add_customer(b, name="王建国")
    log_contact(b, c.id, on=TODAY, note="聊了家常，说米吃得快！")
    record_delivery(b, c.id, rice.id, 10, on=TODAY, note="放门口，别敲门")
    record_payment(b, c.id, "60", on=TODAY, note="微信（已截图）")
    got = [r[0] for r in b.conn.execute(
        "SELECT note FROM contacts UNION ALL SELECT note FROM deliveries"
        " UNION ALL SELECT note FROM payments")]  # fmt: skip
    assert got == ["聊了家常，说米吃得快！", "放门口，别敲门", "微信（已截图）"]
    b.close()


# -- what a second look found (review of the merged change) ---------------------------


def test_a_row_added_by_hand_is_not_added_twice(tmp_path):
    b = _small_book(tmp_path / "b.db")
    out = tmp_path / "book.xlsx"
    export_book(b, out, TODAY)
    b.close()
    wb = openpyxl.load_workbook(out)
    ws = wb["送货"]
    heads = [c.value for c in ws[1]]
    last = [c.value for c in ws[ws.max_row]]
    copy = [None if (h or "").startswith("sb.") else v for h, v in zip(heads, last, strict=True)]
    ws.append(copy)  # typed in by hand: no hidden uid
    ws.append(copy)  # ... twice: the same delivery again that day
    wb.save(out)
    target = tmp_path / "t.db"
    t = open_book(target)
    import_book(t, out)
    n = t.conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
    assert n == 6 + 2
    again = import_book(t, out)
    assert (
        again.changed == 0 and t.conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == n
    )
    t.close()


def test_another_books_derived_settings_stay_there_and_bad_ones_are_named(tmp_path):
    from salesbook.store import monthly

    b = _small_book(tmp_path / "b.db")
    monthly.run_due(b, TODAY)  # its own fits, keyed by its own row ids
    out = tmp_path / "book.xlsx"
    export_book(b, out, TODAY)
    b.close()
    wb = openpyxl.load_workbook(out)
    keys = [r[0].value for r in wb["设置"].iter_rows(min_row=2)]
    assert "forecast_fit" not in keys and "monthly_jobs" not in keys and "risk_model" not in keys
    ws = wb["设置"]
    ws.append(["lead_days", '"abc"'])
    wb.save(out)
    t = open_book(tmp_path / "t.db")
    with pytest.raises(ImportFailed) as err:
        import_book(t, out)
    assert any(p.column == "值" for p in err.value.problems), [
        p.message("en") for p in err.value.problems
    ]
    assert t.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0  # unchanged
    t.close()


def test_the_reps_message_templates_travel_and_a_bad_one_is_named(source, tmp_path):
    """The rep's own templates are in `export book` (sheet 消息模板) and come back
    with `import book`, as typed; a template whose placeholder does not belong to
    its kind is refused naming sheet, row and column, the book unchanged."""
    out = tmp_path / "book.xlsx"
    with open_book(source) as src:
        export_book(src, out, TODAY)
        mine = src.conn.execute("SELECT * FROM message_templates ORDER BY 1, 2, 3").fetchall()
    assert len(mine) == 2
    t = open_book(tmp_path / "t.db")
    result = import_book(t, out)
    assert result.n("templates") == 2
    assert t.conn.execute("SELECT * FROM message_templates ORDER BY 1, 2, 3").fetchall() == mine
    t.close()

    wb = openpyxl.load_workbook(out)
    ws = wb["消息模板"]
    header = [c.value for c in ws[1]]
    ws.cell(
        row=3, column=header.index("模板") + 1, value="{称呼}，生日快乐 {生日}"
    )  # no such placeholder
    wb.save(out)
    u = open_book(tmp_path / "u.db")
    with pytest.raises(ImportFailed) as err:
        import_book(u, out)
    bad = [(p.sheet, p.row, p.column) for p in err.value.problems]
    assert bad == [("消息模板", 3, "模板")], [p.message("en") for p in err.value.problems]
    assert u.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0  # unchanged
    u.close()


def test_a_merge_keeps_one_customer_a_phone(tmp_path):
    b = _small_book(tmp_path / "b.db")
    out = tmp_path / "book.xlsx"
    export_book(b, out, TODAY)
    b.close()
    t = open_book(tmp_path / "t.db")
    add_customer(t, name="王建国", phone="13800000000")  # the same person, typed anew
    with pytest.raises(ImportFailed) as err:
        import_book(t, out)
    assert [p.key for p in err.value.problems] == ["duplicate_phone"]
    assert t.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 1
    t.close()


def test_a_payment_linked_to_another_customers_delivery_is_refused(tmp_path):
    """Found in review: a hand-edited workbook could link 王建国's payment to
    李秀英's delivery; balances then depended on which customers a refresh
    covered. The row is named and the book left unchanged."""
    b = _small_book(tmp_path / "b.db")
    out = tmp_path / "book.xlsx"
    export_book(b, out, TODAY)
    b.close()
    wb = openpyxl.load_workbook(out)
    dl, pay = wb["送货"], wb["收款"]
    dh, ph = [c.value for c in dl[1]], [c.value for c in pay[1]]
    theirs = next(r for r in dl.iter_rows(min_row=2, values_only=True) if r[1] == "李秀英")
    row = next(i for i in range(2, pay.max_row + 1) if pay.cell(i, 2).value == "王建国")
    pay.cell(row, ph.index("sb.delivery") + 1, theirs[dh.index("sb.uid")])
    wb.save(out)
    t = open_book(tmp_path / "t.db")
    with pytest.raises(ImportFailed) as err:
        import_book(t, out)
    (p,) = err.value.problems
    assert p.key == "book_import_other_customers_delivery" and p.row == row, p
    assert "另一位客户" in p.message("zh")
    assert t.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
    t.close()


def test_a_payment_on_another_customers_delivery_settles_nothing_there(tmp_path):
    """Balances do not depend on which customers a refresh covers: a payment
    linked (in an older book) to another customer's delivery is on account."""
    from salesbook.records import supply

    b = _small_book(tmp_path / "b.db")
    (wang, li) = [r[0] for r in b.conn.execute(
        "SELECT id FROM customers WHERE name IN ('王建国', '李秀英') ORDER BY name DESC")]  # fmt: skip
    (theirs,) = b.conn.execute(
        "SELECT id FROM deliveries WHERE customer_id = ? ORDER BY date LIMIT 1", (li,)
    ).fetchone()
    with b.transaction() as conn:
        conn.execute("UPDATE payments SET delivery_id = ? WHERE customer_id = ?", (theirs, wang))
    states = []
    for ids in ([li], [wang, li], None):
        with b.transaction():
            if ids is None:
                supply.refresh_customers_state_all(b)
            else:
                supply.refresh_customers(b, ids)
        states.append(
            b.conn.execute("SELECT * FROM customer_state ORDER BY customer_id").fetchall()
        )
    assert states[0] == states[1] == states[2]
    b.close()


def test_value_history_travels_and_a_bad_month_is_named(tmp_path):
    """Each month's value tiers go out (sheet 价值快照) and come back; a month
    the book already has keeps the book's own; a bad month is named."""
    b = _small_book(tmp_path / "b.db")
    cid = b.conn.execute("SELECT id FROM customers ORDER BY id LIMIT 1").fetchone()[0]
    with b.transaction() as conn:
        conn.execute("INSERT INTO value_snapshots VALUES ('2026-01', ?, 'gold', 12345)", (cid,))
    out = tmp_path / "book.xlsx"
    export_book(b, out, TODAY, lang="en")  # the English names come back too
    b.close()
    t = open_book(tmp_path / "t.db")
    result = import_book(t, out)
    assert result.n("value_history") == 1
    got = t.conn.execute("SELECT period, tier, value_fen FROM value_snapshots").fetchall()
    assert got == [("2026-01", "gold", 12345)]
    with t.transaction() as conn:
        conn.execute("UPDATE value_snapshots SET tier = 'lead'")  # the book's own history now
    again = import_book(t, out)
    assert again.changed == 0 and again.n("value_history", 2) == 1
    assert t.conn.execute("SELECT tier FROM value_snapshots").fetchone()[0] == "lead"
    t.close()
    wb = openpyxl.load_workbook(out)
    ws = wb["Value history"]
    heads = [c.value for c in ws[1]]
    ws.cell(2, heads.index("月份") + 1 if "月份" in heads else 1, "2026-13")
    wb.save(out)
    fresh = open_book(tmp_path / "f.db")
    with pytest.raises(ImportFailed) as err:
        import_book(fresh, out)
    (p,) = err.value.problems
    assert p.row == 2 and p.sheet == "Value history", p
    assert fresh.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
    fresh.close()
