"""The rep's keyboard loop: Ctrl+D, type, Tab, Enter, Ctrl+Z, whatever has the focus."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from ui_support import (  # noqa: E402,F401
    copy_book,
    demo_book,
    gone,
    isolated_qsettings,
    open_window,
    rows,
)


@pytest.fixture(scope="module")
def demo300(tmp_path_factory) -> Path:
    return demo_book(tmp_path_factory.mktemp("demo300"), 300)


@pytest.fixture
def book(demo300, tmp_path) -> Path:
    return copy_book(demo300, tmp_path)


def _deliveries(book: Path) -> int:
    return rows(book, "SELECT COUNT(*) FROM deliveries")[0][0]


def _customer_with_two_products(book: Path) -> tuple[int, str, str]:
    """A customer with two products whose run-outs differ: (id, name, first product)."""
    cid, name = rows(book, "SELECT c.id, c.name FROM customers c JOIN supply s ON s.customer_id = c.id"
                           " WHERE s.runout_date IS NOT NULL GROUP BY c.id"
                           " HAVING COUNT(DISTINCT s.runout_date) >= 2 ORDER BY c.id LIMIT 1")[0]  # fmt: skip
    first = rows(book, "SELECT p.name FROM supply s JOIN products p ON p.id = s.product_id"
                       " WHERE s.customer_id = ? ORDER BY s.runout_date LIMIT 1", (cid,))[0][0]  # fmt: skip
    return cid, name, first


def test_ctrl_z_undoes_a_delivery_even_from_the_date_field(qtbot, book):
    from ui.delivery_dialog import DeliveryDialog

    win = open_window(qtbot, book)
    before = _deliveries(book)
    cid, name, _ = _customer_with_two_products(book)
    qtbot.keyClick(win, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dlg = win.findChild(DeliveryDialog)
    qtbot.keyClicks(
        dlg.picker.edit, rows(book, "SELECT phone FROM customers WHERE id = ?", (cid,))[0][0]
    )
    qtbot.waitUntil(lambda: dlg.picker.results.item(0) is not None
                    and dlg.picker.results.item(0).data(Qt.ItemDataRole.UserRole) is not None)  # fmt: skip
    qtbot.keyClick(dlg.picker.edit, Qt.Key.Key_Tab)  # Tab picks the highlighted match
    assert dlg.picker.customer_id == cid
    qtbot.waitUntil(lambda: dlg.quantity.text() != "")
    qtbot.keyClick(dlg.quantity, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(dlg), timeout=10_000)
    qtbot.waitUntil(lambda: _deliveries(book) == before + 1, timeout=10_000)
    assert win.statusBar().currentMessage().startswith(f"Recorded for {name}:")
    # the focus lands on a field that would keep Ctrl+Z for itself (Today's date)
    win.activateWindow()
    win.today_view.date_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.today_view.date_edit)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _deliveries(book) == before, timeout=10_000)
    qtbot.waitUntil(lambda: win.statusBar().currentMessage().startswith("Undone"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: _deliveries(book) == before + 1, timeout=10_000)


def test_a_text_field_keeps_ctrl_z_for_its_own_typing(qtbot, book):
    from ui.delivery_dialog import DeliveryDialog

    win = open_window(qtbot, book)
    win.open_delivery()
    dlg = win.findChild(DeliveryDialog)
    qtbot.keyClicks(dlg.picker.edit, "abc")
    qtbot.keyClick(dlg.picker.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dlg.picker.edit.text() == "ab" or dlg.picker.edit.text() == ""  # the field's own undo
    dlg.reject()


def test_the_product_offered_first_runs_out_first(qtbot, book):
    from ui.delivery_dialog import DeliveryDialog

    win = open_window(qtbot, book)
    cid, _, first = _customer_with_two_products(book)
    win.open_delivery(cid)
    dlg = win.findChild(DeliveryDialog)
    qtbot.waitUntil(lambda: dlg.picker.customer_id == cid and dlg.product.count() > 0)
    qtbot.waitUntil(lambda: dlg.product.currentText().startswith(first))
    dlg.reject()


def test_payment_status_names_the_customer_and_an_empty_amount_is_required(qtbot, book):
    from ui.payment_dialog import PaymentDialog

    win = open_window(qtbot, book)
    cid, name = rows(book, "SELECT id, name FROM customers ORDER BY id LIMIT 1")[0]
    win.open_payment(cid)
    dlg = win.findChild(PaymentDialog)
    qtbot.waitUntil(lambda: dlg.picker.customer_id == cid)
    dlg.amount.setText("")
    dlg.save()
    qtbot.waitUntil(lambda: dlg.fields.text("amount") != "")
    assert (
        dlg.fields.text("amount") == "amount is required"
    )  # was "amount '' is not a valid number"
    dlg.amount.setText("60")
    dlg.save()
    qtbot.waitUntil(lambda: gone(dlg), timeout=10_000)
    assert win.statusBar().currentMessage().startswith(f"Payment from {name}: ¥60.00")
