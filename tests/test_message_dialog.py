"""Write message from Today (ui/message_dialog.py), driven through the real
window (pytest-qt, offscreen): the message shown, copied to the clipboard,
logged as a contact only when the rep says it was sent; a whole selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from ui_support import (  # noqa: F401 - the autouse fixture must be imported to apply
    click_row_action,
    gone,
    isolated_qsettings,
    open_window,
    rows,
    wait_idle,
)

from salesbook.records.customers import update_customer


@pytest.fixture
def book_path(seeded):
    update_customer(seeded.book, seeded.wang.id, address_as="王哥")
    seeded.book.close()  # the window opens it
    return seeded.path


def _dialog(qtbot, win):
    from ui.message_dialog import MessageDialog

    qtbot.waitUntil(lambda: win.findChild(MessageDialog) is not None, timeout=10_000)
    dlg = win.findChild(MessageDialog)
    qtbot.waitUntil(lambda: dlg.loaded, timeout=10_000)
    return dlg


def _messages(path):
    return rows(path, "SELECT customer_id, note FROM contacts WHERE kind = 'message' ORDER BY id")


def test_row_action_copies_and_logs_only_when_sent(qtbot, book_path, seeded):
    win = open_window(qtbot, book_path, lang="zh")
    today = win.today_view
    table = today.tables["collect"]
    row = today.row_of("collect", seeded.wang.id)
    assert row >= 0
    # 称呼 beside the name in Today
    qtbot.waitUntil(lambda: "（王哥）" in table.model.data(table.model.index(row, 1)))
    click_row_action(qtbot, table, row, "message")
    dlg = _dialog(qtbot, win)
    text = dlg.editor.toPlainText()
    assert text.startswith("王哥您好") and "¥60.00" in text  # 熟人, what he owes
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dlg.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text
    wait_idle(qtbot, win)
    assert _messages(book_path) == []  # copied, not sent: nothing logged
    dlg.editor.setPlainText("王哥，钱不急，下周我过来。")
    qtbot.mouseClick(dlg.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "王哥，钱不急，下周我过来。"
    qtbot.mouseClick(dlg.sent_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(dlg), timeout=10_000)
    wait_idle(qtbot, win)
    logged = _messages(book_path)
    assert len(logged) == 1 and logged[0][0] == seeded.wang.id
    assert "钱不急" in logged[0][1]  # the text as edited


def test_a_selection_gets_one_message_each(qtbot, book_path, seeded, monkeypatch):
    from datetime import date

    # a day when the seeded customers' rice runs out (later on, months after their
    # last delivery, they are in the Win back list, not Resupply)
    monkeypatch.setattr("ui_support.TODAY", date(2026, 3, 28))
    win = open_window(qtbot, book_path, lang="en")
    today = win.today_view
    table = today.tables["resupply"]
    today.tabs.setCurrentWidget(table)
    assert len(table.model.items) >= 2
    sel = table.table.selectionModel()
    for r in (0, 1):
        sel.select(
            table.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    qtbot.mouseClick(today.message_button, Qt.MouseButton.LeftButton)
    dlg = _dialog(qtbot, win)
    assert dlg.list.count() == 2 and dlg.list.isVisibleTo(dlg)
    first = dlg.editor.toPlainText()
    assert first and "run out" in first
    names = [i.customer for i in table.model.items[:2]]
    qtbot.mouseClick(dlg.sent_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.list.currentRow() == 1, timeout=10_000)
    wait_idle(qtbot, win)
    logged = _messages(book_path)
    assert len(logged) == 1  # only the one marked sent
    assert dlg.list.item(0).text().startswith("✓")
    assert dlg.list.item(1).text() == names[1]
    dlg.close()


def test_select_all_writes_to_rows_not_built_yet(qtbot, book_path, seeded, monkeypatch):
    """Ctrl+A on a long Today list selects rows whose page was never built (only
    the rows in view are): 写消息 writes to every selected customer, not only to
    the rows built so far. Here only the first row comes built (head of 1) and
    no page is built on demand."""
    from datetime import date

    import ui.due_table
    import ui.today

    monkeypatch.setattr("ui_support.TODAY", date(2026, 3, 28))
    monkeypatch.setattr(ui.today, "PAGE", 1)
    monkeypatch.setattr(ui.due_table, "PAGE", 1)
    monkeypatch.setattr(ui.due_table.DueModel, "_want", lambda self, row: None)
    win = open_window(qtbot, book_path, lang="en")
    today = win.today_view
    table = today.tables["resupply"]
    today.tabs.setCurrentWidget(table)
    total = table.model.total
    assert total >= 2 and table.model.row_at(1) is None  # not built
    table.table.selectAll()
    qtbot.mouseClick(today.message_button, Qt.MouseButton.LeftButton)
    dlg = _dialog(qtbot, win)
    assert dlg.list.count() == total
    assert "run out" in dlg.editor.toPlainText()  # about resupply, the list's kind
    want = [r[0] for r in rows(book_path, "SELECT id FROM customers")]
    assert set(dlg.customer_ids) <= set(want) and len(set(dlg.customer_ids)) == total
    dlg.close()


def test_kind_and_language_can_be_changed(qtbot, book_path, seeded):
    win = open_window(qtbot, book_path, lang="zh")
    dlg = win.today_view.write_messages(
        [i for i in win.today_view.items if i.customer_id == seeded.wang.id][:1], "collect"
    )
    dlg = _dialog(qtbot, win)
    dlg.lang_box.setCurrentIndex(dlg.lang_box.findData("en"))
    qtbot.waitUntil(lambda: dlg.loaded and dlg.editor.toPlainText().startswith("Hi 王哥"))
    dlg.kind_box.setCurrentIndex(dlg.kind_box.findData("follow_up"))
    qtbot.waitUntil(lambda: dlg.loaded and "¥" not in dlg.editor.toPlainText())
    dlg.close()


def test_templates_dialog_previews_saves_and_refuses_a_bad_one(qtbot, book_path, seeded):
    from ui.templates_dialog import TemplatesDialog

    win = open_window(qtbot, book_path, lang="zh")
    dlg = TemplatesDialog(win)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.loaded, timeout=10_000)
    assert dlg.table.rowCount() == 12
    # a preview on a real customer of the book, picked by the rep
    dlg._picked(seeded.wang.id, "王建国")
    dlg.set_text("collect", "acquaintance", "{称呼}，{欠款}等{发薪日}发了再给就行")
    qtbot.waitUntil(lambda: "王哥，¥60.00等" in dlg.preview.text(), timeout=10_000)
    # a bad placeholder: named in the preview's message, and Save refuses it
    dlg.set_text("follow_up", "friend", "{称呼}，{欠款}")
    qtbot.waitUntil(lambda: "{欠款}" in dlg.error.text(), timeout=10_000)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.save_button.isEnabled() and "回访·朋友·中文" in dlg.error.text(),
                    timeout=10_000)  # fmt: skip
    wait_idle(qtbot, win)
    assert rows(book_path, "SELECT COUNT(*) FROM message_templates") == [(0,)]  # none written
    dlg.set_text("follow_up", "friend", "{称呼}，周末喝茶？")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(dlg), timeout=10_000)
    wait_idle(qtbot, win)
    saved = rows(book_path, "SELECT kind, level, lang, text FROM message_templates ORDER BY kind")
    assert saved == [
        ("collect", "acquaintance", "zh", "{称呼}，{欠款}等{发薪日}发了再给就行"),
        ("follow_up", "friend", "zh", "{称呼}，周末喝茶？"),
    ]


def test_settings_opens_the_templates(qtbot, book_path):
    from ui.templates_dialog import TemplatesDialog

    win = open_window(qtbot, book_path, lang="en")
    settings = win.open_settings()
    qtbot.mouseClick(settings.findChild(type(settings.save_button), "open_templates"),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    qtbot.waitUntil(lambda: win.findChild(TemplatesDialog) is not None)
    win.findChild(TemplatesDialog).close()
    settings.close()


def test_customer_form_keeps_address_and_delivery_habits(qtbot, book_path, seeded):
    from ui.customer_form import CustomerForm

    win = open_window(qtbot, book_path, lang="zh")
    form = CustomerForm(win, seeded.li.id)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: form.loaded and form.name.text() == "李秀英", timeout=10_000)
    form.address_as.setText("李姐")
    form.delivery_note.setPlainText("下午五点后在家，旧米倒出来放在上面")
    form.save()
    qtbot.waitUntil(lambda: gone(form), timeout=10_000)
    wait_idle(qtbot, win)
    assert rows(book_path, "SELECT address_as, delivery_note FROM customers WHERE id = ?",
                (seeded.li.id,)) == [("李姐", "下午五点后在家，旧米倒出来放在上面")]  # fmt: skip
    detail = win.open_customer(seeded.li.id)
    qtbot.waitUntil(
        lambda: "旧米倒出来" in detail.contact.values["delivery_note"].text(), timeout=10_000
    )
    assert detail.contact.values["address_as"].text() == "李姐"


def test_delivery_dialog_shows_the_habits_and_the_plan_prints_them(qtbot, seeded):
    from salesbook.records.deliveries import record_delivery

    b = seeded.book
    update_customer(b, seeded.wang.id, delivery_note="放门口，别敲门")
    record_delivery(b, seeded.wang.id, seeded.oil.id, 2, on="2026-11-01", note="下次带小瓶的")
    b.close()
    win = open_window(qtbot, seeded.path, lang="zh")
    dlg = win.open_delivery(seeded.wang.id)
    qtbot.waitUntil(lambda: dlg.habits.isVisibleTo(dlg), timeout=10_000)
    assert "放门口，别敲门" in dlg.habits.text()
    dlg.close()
    dlg = win.open_delivery(seeded.li.id)  # no habits: nothing shown
    wait_idle(qtbot, win)
    assert not dlg.habits.isVisibleTo(dlg)
    dlg.close()
    plan = win.views["plan"]
    plan.reload()
    qtbot.waitUntil(lambda: plan.is_loaded and plan.stop_count() > 0, timeout=20_000)
    html = plan.document_html()
    assert "放门口，别敲门" in html and "下次带小瓶的" in html
