"""Undo and the trash in the window: delete deliveries, payments and contacts
from the customer detail (Delete key, context menu, button), see the book,
the balance, the forecast and Today follow, undo with Ctrl+Z, and restore
from Edit > Trash… (ui/trash_dialog.py). The core calls behind them
(undo.trash_records, undo.restore_records, taken_along, customer_of) first."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesbook.errors import ValidationError
from salesbook.records.customers import archive_customer, update_customer
from salesbook.records.deliveries import record_delivery
from salesbook.store import undo

# ---------------------------------------------------------------- the core calls


def test_trash_records_says_what_a_paid_delivery_took_along(seeded):
    b = seeded.book
    did, pid = b.conn.execute(
        "SELECT delivery_id, id FROM payments WHERE delivery_id IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    assert undo.customer_of(b, "delivery", did) == seeded.li.id
    assert undo.customer_of(b, "customer", seeded.li.id) == seeded.li.id
    assert undo.customer_of(b, "payment", 99999) is None
    assert undo.taken_along(b, did) == []  # not in the trash
    result = undo.trash_records(b, [("delivery", did)])
    assert undo.went_with_delivery(b, [pid]) == {pid: did}
    assert [i.ref for i in result.items] == [f"delivery:{did}"]
    assert [p.ref for p in result.along] == [f"payment:{pid}"]
    assert result.customer_ids == {seeded.li.id}
    assert undo.peek_undo(b, "en").startswith("delete delivery: 李秀英")
    back = undo.restore_records(b, [("delivery", did)])
    assert undo.went_with_delivery(b, [pid]) == {}
    assert [i.ref for i in back.items] == [f"delivery:{did}"]
    assert [p.ref for p in back.along] == [f"payment:{pid}"]
    assert back.refused == () and back.customer_ids == {seeded.li.id}
    assert b.conn.execute("SELECT deleted_at FROM payments WHERE id = ?", (pid,)).fetchone() == (
        None,
    )


def test_several_at_once_are_backed_up_and_one_undo_step(seeded):
    from salesbook.store.backup import list_backups

    b = seeded.book
    ids = [r[0] for r in b.conn.execute("SELECT id FROM deliveries WHERE customer_id = ?",
                                        (seeded.wang.id,))]  # fmt: skip
    result = undo.trash_records(b, [("delivery", i) for i in ids])
    assert len(result.items) == 4 and result.along == ()
    assert [x.reason for x in list_backups(seeded.path)] == ["before-bulk-delete"]
    assert undo.peek_undo(b, "en") == "delete 4 records"
    back = undo.restore_records(b, [("delivery", i) for i in ids])
    assert len(back.items) == 4
    assert undo.peek_undo(b, "en").startswith("restore delivery")  # one step for all four
    undo.undo_last(b)
    assert len(undo.list_trash(b, kind="delivery")) == 4


def test_restore_records_keeps_going_past_a_refusal(seeded):
    b = seeded.book
    cid = b.conn.execute("SELECT id FROM contacts").fetchone()[0]
    undo.trash_records(b, [("contact", cid)])
    archive_customer(b, seeded.sun.id)
    update_customer(b, seeded.zhao.id, phone="13500000006")  # 孙丽's number, now 赵敏's
    back = undo.restore_records(b, [("customer", seeded.sun.id), ("contact", cid)])
    assert [i.ref for i in back.items] == [f"contact:{cid}"]
    [(kind, rid, exc)] = back.refused
    assert (kind, rid) == ("customer", seeded.sun.id) and isinstance(exc, ValidationError)
    assert "already belongs to customer '赵敏'" in exc.message("en")
    assert [i.ref for i in undo.list_trash(b)] == [f"customer:{seeded.sun.id}"]
    with pytest.raises(ValidationError):
        undo.trash_records(b, [("product", 1)])


# ---------------------------------------------------------------- the window

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtWidgets import QMenu  # noqa: E402
from ui_support import (  # noqa: E402, F401 - the autouse fixture must be imported to apply
    TODAY,
    copy_book,
    demo_book,
    isolated_qsettings,
    open_window,
    rows,
    wait_idle,
)

SCREENS = Path(__file__).resolve().parents[1] / "out" / "screens"


@pytest.fixture(scope="session")
def demo200(tmp_path_factory) -> Path:
    return demo_book(tmp_path_factory.mktemp("trash200"), 200)


@pytest.fixture
def book200(demo200, tmp_path) -> Path:
    return copy_book(demo200, tmp_path)


def owing(path: Path, cid: int) -> int:
    return rows(path, "SELECT balance_fen FROM customer_state WHERE customer_id = ?", (cid,))[0][0]


def collect_fen(win, cid: int) -> int | None:
    """What the Today collect list says this customer owes (None: not listed)."""
    items = win.today_view.model("collect").items
    return next((i.amount_fen for i in items if i.customer_id == cid), None)


def open_detail(qtbot, win, cid: int):
    detail = win.open_customer(cid)
    qtbot.waitUntil(lambda: detail.profile is not None and detail.profile.customer.id == cid,
                    timeout=20_000)  # fmt: skip
    wait_idle(qtbot, win)
    return detail


def select(table, records, ids) -> None:
    table.clearSelection()
    for r, rec in enumerate(records):
        if rec.id in ids:
            table.selectionModel().select(
                table.model().index(r, 0),
                table.selectionModel().SelectionFlag.Select
                | table.selectionModel().SelectionFlag.Rows,
            )


def edit_menu(win):
    return next(a for a in win.menuBar().actions() if a.text() in ("&Edit", "编辑(&E)")).menu()


def open_trash(qtbot, win):
    from ui.trash_dialog import TrashDialog

    menu = edit_menu(win)
    action = next(a for a in menu.actions() if "Trash" in a.text() or "回收站" in a.text())
    action.trigger()
    [dlg] = [d for d in win.findChildren(TrashDialog) if d.isVisible()]
    qtbot.waitUntil(lambda: dlg.loaded and dlg.isVisible(), timeout=10_000)
    wait_idle(qtbot, win)
    return dlg


def test_delete_a_delivery_then_undo_then_restore_from_the_trash(qtbot, book200):
    win = open_window(qtbot, book200)
    item = win.today_view.model("collect").items[0]
    cid = item.customer_id
    did, amount, product_id = rows(book200, "SELECT id, amount_fen, product_id FROM deliveries"
                                   " WHERE customer_id = ? AND deleted_at IS NULL AND source = 'us'"
                                   " ORDER BY date DESC, id DESC LIMIT 1", (cid,))[0]  # fmt: skip
    balance = owing(book200, cid)
    assert collect_fen(win, cid) == balance > 0
    supply_before = rows(book200, "SELECT stock_at_last, runout_date FROM supply"
                         " WHERE customer_id = ? AND product_id = ?", (cid, product_id))  # fmt: skip
    detail = open_detail(qtbot, win, cid)
    detail.tabs.setCurrentWidget(detail.deliveries)
    assert detail.trash_button.isVisible() and not detail.trash_button.isEnabled()
    select(detail.deliveries, detail.records["delivery"], {did})
    assert detail.trash_button.isEnabled()
    n_rows = detail.deliveries.model().rowCount()
    # the Delete key on the table
    detail.activateWindow()
    detail.deliveries.setFocus()
    qtbot.keyClick(detail.deliveries, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: rows(book200, "SELECT deleted_at IS NOT NULL FROM deliveries WHERE id = ?",
                                 (did,)) == [(1,)], timeout=10_000)  # fmt: skip
    wait_idle(qtbot, win)
    # the book: balance down by the delivery, the forecast recomputed
    assert owing(book200, cid) == balance - amount
    supply_after = rows(book200, "SELECT stock_at_last, runout_date FROM supply"
                        " WHERE customer_id = ? AND product_id = ?", (cid, product_id))  # fmt: skip
    assert supply_after != supply_before
    # the screen follows: the detail, Today, the message
    qtbot.waitUntil(lambda: detail.deliveries.model().rowCount() == n_rows - 1, timeout=10_000)
    from ui import i18n

    assert detail.money.values["owed"].text() == i18n.money(balance - amount)
    qtbot.waitUntil(lambda: collect_fen(win, cid) == ((balance - amount) or None), timeout=10_000)
    note = detail.trash_note_text.text()
    assert detail.trash_note.isVisible()
    assert note.startswith("Moved to the trash: delivery ") and "(undo with Ctrl+Z)" in note
    assert win.statusBar().currentMessage() == note
    # Ctrl+Z in the detail brings it back
    qtbot.keyClick(detail, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: rows(book200, "SELECT deleted_at FROM deliveries WHERE id = ?", (did,))
                    == [(None,)], timeout=10_000)  # fmt: skip
    wait_idle(qtbot, win)
    assert owing(book200, cid) == balance
    assert rows(book200, "SELECT stock_at_last, runout_date FROM supply WHERE customer_id = ?"
                " AND product_id = ?", (cid, product_id)) == supply_before  # fmt: skip
    qtbot.waitUntil(lambda: detail.deliveries.model().rowCount() == n_rows, timeout=10_000)
    qtbot.waitUntil(lambda: collect_fen(win, cid) == balance, timeout=10_000)
    assert not detail.trash_note.isVisible()
    # again with the button, then restore it from Edit > Trash…
    detail.tabs.setCurrentWidget(detail.deliveries)
    select(detail.deliveries, detail.records["delivery"], {did})
    detail.trash_button.click()
    qtbot.waitUntil(lambda: owing(book200, cid) == balance - amount, timeout=10_000)
    wait_idle(qtbot, win)
    dlg = open_trash(qtbot, win)
    refs = [i.ref for i in dlg.items]
    assert refs[0] == f"delivery:{did}"  # newest first
    assert dlg.model.rows[0][0] == "Delivery" and dlg.model.rows[0][1] == item.customer
    dlg.table.selectRow(0)
    assert dlg.restore_button.isEnabled()
    dlg.restore_button.click()
    qtbot.waitUntil(lambda: rows(book200, "SELECT deleted_at FROM deliveries WHERE id = ?", (did,))
                    == [(None,)], timeout=10_000)  # fmt: skip
    wait_idle(qtbot, win)
    assert owing(book200, cid) == balance
    assert dlg.message.text().startswith("Restored: Delivery " + item.customer)
    qtbot.waitUntil(lambda: f"delivery:{did}" not in [i.ref for i in dlg.items], timeout=10_000)
    qtbot.waitUntil(lambda: detail.deliveries.model().rowCount() == n_rows, timeout=10_000)
    qtbot.waitUntil(lambda: collect_fen(win, cid) == balance, timeout=10_000)
    # and the restore is an undo step of its own
    win.undo()
    qtbot.waitUntil(lambda: owing(book200, cid) == balance - amount, timeout=10_000)
    win.close()


def test_a_paid_delivery_takes_its_payment_along_and_both_come_back(qtbot, book200):
    from salesbook.store.book import open_book

    b = open_book(book200)
    cid = b.conn.execute(
        "SELECT id FROM customers WHERE archived_at IS NULL ORDER BY id LIMIT 1"
    ).fetchone()[0]
    pid_product = b.conn.execute("SELECT id FROM products ORDER BY id LIMIT 1").fetchone()[0]
    rec = record_delivery(b, cid, pid_product, 2, on=TODAY.isoformat(), paid=True)
    b.close()
    [(pay_id,)] = rows(book200, "SELECT id FROM payments WHERE delivery_id = ?", (rec.id,))
    win = open_window(qtbot, book200)
    detail = open_detail(qtbot, win, cid)
    n_payments = detail.payments.model().rowCount()
    select(detail.deliveries, detail.records["delivery"], {rec.id})
    detail.trash_selected("delivery")
    qtbot.waitUntil(lambda: detail.trash_note.isVisible(), timeout=10_000)
    note = detail.trash_note_text.text()
    assert "with 1 payment taken on delivery: ¥" in note
    assert rows(book200, "SELECT deleted_at IS NOT NULL FROM payments WHERE id = ?", (pay_id,)) == [
        (1,)
    ]
    qtbot.waitUntil(lambda: detail.payments.model().rowCount() == n_payments - 1, timeout=10_000)
    dlg = open_trash(qtbot, win)
    refs = [i.ref for i in dlg.items]
    assert {f"delivery:{rec.id}", f"payment:{pay_id}"} <= set(refs)
    assert "comes back with it" in dlg.model.rows[refs.index(f"payment:{pay_id}")][2]
    # filter by kind
    dlg.kind.setCurrentIndex(dlg.kind.findData("payment"))
    qtbot.waitUntil(
        lambda: dlg.items and all(i.kind == "payment" for i in dlg.items), timeout=10_000
    )
    dlg.kind.setCurrentIndex(dlg.kind.findData("delivery"))
    qtbot.waitUntil(
        lambda: dlg.items and all(i.kind == "delivery" for i in dlg.items), timeout=10_000
    )
    dlg.table.selectRow([i.ref for i in dlg.items].index(f"delivery:{rec.id}"))
    dlg.restore_selected()
    qtbot.waitUntil(lambda: not dlg.busy and dlg.message.isVisible(), timeout=10_000)
    assert "with 1 payment taken on delivery" in dlg.message.text()
    assert rows(book200, "SELECT deleted_at FROM payments WHERE id = ?", (pay_id,)) == [(None,)]
    qtbot.waitUntil(lambda: detail.payments.model().rowCount() == n_payments, timeout=10_000)
    win.close()


def test_several_contacts_and_payments_from_the_context_menu(qtbot, book200):
    from salesbook.store.backup import list_backups

    [(cid,)] = rows(book200, "SELECT customer_id FROM payments WHERE deleted_at IS NULL"
                    " GROUP BY customer_id HAVING COUNT(*) >= 3 ORDER BY customer_id LIMIT 1")  # fmt: skip
    win = open_window(qtbot, book200)
    detail = open_detail(qtbot, win, cid)
    detail.tabs.setCurrentWidget(detail.payments)
    pays = detail.records["payment"]
    chosen = {pays[0].id, pays[1].id}
    select(detail.payments, pays, chosen)
    menu = detail._trash_menu("payment", QPoint(5, 5))
    assert isinstance(menu, QMenu)
    [action] = menu.actions()
    assert action.text() == "Move 2 records to trash" and action.isEnabled()
    action.trigger()
    menu.close()
    qtbot.waitUntil(lambda: detail.trash_note.isVisible(), timeout=10_000)
    assert detail.trash_note_text.text().startswith("Moved to the trash: 2 records")
    got = {r[0] for r in rows(book200, "SELECT id FROM payments WHERE deleted_at IS NOT NULL")}
    assert got == chosen
    assert [x.reason for x in list_backups(book200)] == ["before-bulk-delete"]
    # one undo step puts both back
    detail.trash_undo_button.click()
    qtbot.waitUntil(lambda: not rows(book200, "SELECT id FROM payments WHERE deleted_at IS NOT NULL"),
                    timeout=10_000)  # fmt: skip
    # nothing selected on the levels tab: no button there
    detail.tabs.setCurrentWidget(detail.levels)
    assert not detail.trash_button.isVisible()
    win.close()


def test_a_refused_restore_is_named_with_its_reason(qtbot, book200):
    from salesbook.store.book import open_book

    b = open_book(book200)
    a, other = b.conn.execute("SELECT id, phone FROM customers WHERE phone IS NOT NULL AND archived_at IS NULL"
                              " ORDER BY id LIMIT 2").fetchall()  # fmt: skip
    archive_customer(b, a[0])
    update_customer(b, other[0], phone=a[1])
    name_a = b.conn.execute("SELECT name FROM customers WHERE id = ?", (a[0],)).fetchone()[0]
    name_b = b.conn.execute("SELECT name FROM customers WHERE id = ?", (other[0],)).fetchone()[0]
    b.close()
    win = open_window(qtbot, book200)
    dlg = open_trash(qtbot, win)
    dlg.table.selectRow([i.ref for i in dlg.items].index(f"customer:{a[0]}"))
    dlg.restore_selected()
    qtbot.waitUntil(lambda: not dlg.busy and dlg.message.isVisible(), timeout=10_000)
    text = dlg.message.text()
    assert text.startswith(f"Could not restore Customer {name_a}")
    assert f"already belongs to customer '{name_b}'" in text
    assert rows(book200, "SELECT archived_at IS NOT NULL FROM customers WHERE id = ?", (a[0],)) == [
        (1,)
    ]
    win.close()


def test_the_trash_speaks_the_windows_language(qtbot, book200):
    win = open_window(qtbot, book200)
    dlg = open_trash(qtbot, win)
    assert dlg.windowTitle() == "Trash" and dlg.count.text() == "1 in the trash"
    dlg.close()
    win.set_language("zh")
    dlg = open_trash(qtbot, win)
    assert dlg.windowTitle() == "回收站" and dlg.count.text() == "回收站里有 1 条"
    assert dlg.model.rows[0][0] == "客户"  # the demo book has one archived customer
    win.set_language("en")
    win.close()
