"""Complaints on the Today screen (ui/complaints.py in ui/today.py), driven
through the real window as a rep would (pytest-qt, QT_QPA_PLATFORM=offscreen):
open complaints listed and counted, resolved through the row's button, the
follow-up visit logged with one click, a new complaint logged; the book is
checked afterwards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem
from ui_support import (  # noqa: F401 - the autouse fixture must be imported to apply
    TODAY,
    gone,
    isolated_qsettings,
    open_window,
    rows,
    wait_idle,
)

from salesbook.records import complaints as cp


@pytest.fixture
def book_path(seeded):
    """The seeded book with two open complaints and one put right three days ago."""
    b = seeded.book
    cp.add_complaint(b, seeded.wang.id, on="2026-11-10", what="米里有虫", product_id=seeded.rice.id)
    cp.add_complaint(b, seeded.li.id, on="2026-11-20", what="送晚了")
    k = cp.add_complaint(b, seeded.zhao.id, on="2026-11-15", what="水桶漏水")
    cp.resolve_complaint(b, k.id, how="换了新桶", on="2026-11-20")
    b.close()  # the window opens it (a second open would be read-only)
    return seeded.path


def complaints_tab(win):
    today = win.today_view
    today.tabs.setCurrentWidget(today.complaints)
    return today.complaints


def click(qtbot, tab, row: int, action: str) -> None:
    """Click the painted button ``action`` on ``row`` of the complaints table."""
    from ui.complaints import ComplaintModel

    table = tab.table
    index = tab.model.index(row, ComplaintModel.COLUMNS.index("actions"))
    table.scrollTo(index)
    option = QStyleOptionViewItem()
    option.rect = table.visualRect(index)
    option.fontMetrics = table.fontMetrics()
    rect = dict(tab.delegate._rects(option, index))[action]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shown(tab) -> list[tuple[str, str, str, str]]:
    """(status, customer, what, days) as the table shows them."""
    m = tab.model
    cols = [m.COLUMNS.index(c) for c in ("status", "customer", "what", "days")]
    return [tuple(m.data(m.index(r, c)) for c in cols) for r in range(m.rowCount())]


def test_open_complaints_and_follow_ups_show_on_today(qtbot, book_path):
    win = open_window(qtbot, book_path)
    tab = complaints_tab(win)
    qtbot.waitUntil(lambda: tab.loaded)
    today = win.today_view
    # two open complaints and a visit, counted apart as the reminder counts them
    assert today.tabs.tabText(today.complaints_tab) == "Complaints 2 (1 visit)"
    assert shown(tab) == [
        ("open", "王建国", "米里有虫", "13 days"),  # longest open first
        ("open", "李秀英", "送晚了", "3 days"),
        ("follow-up visit", "赵敏", "Resolved Nov 20, visit to follow up: 水桶漏水", ""),
    ]
    m = tab.model
    assert m.data(m.index(0, m.COLUMNS.index("product"))) == "大米"
    assert m.data(m.index(0, m.COLUMNS.index("date"))) == "Nov 10"
    assert "换了新桶" in m.data(m.index(2, 1), Qt.ItemDataRole.ToolTipRole)
    # the due lists are not affected: complaints are their own list
    assert all(i.kind in ("resupply", "collect", "follow_up") for i in today.items)


def test_resolve_from_today_then_log_the_follow_up_visit(qtbot, book_path):
    from ui.complaints import ResolveComplaintDialog

    win = open_window(qtbot, book_path)
    tab = complaints_tab(win)
    qtbot.waitUntil(lambda: tab.loaded)
    wang = tab.model.rows[0].complaint
    click(qtbot, tab, 0, "resolve")
    dialog = win.findChild(ResolveComplaintDialog)
    assert dialog is not None and dialog.isVisible() and "米里有虫" in dialog.summary.text()
    # nothing typed: the message goes under the field, the book is unchanged
    dialog.save()
    qtbot.waitUntil(lambda: dialog.fields.text("how") != "")
    assert "how the complaint was resolved" in dialog.fields.text("how")
    assert rows(book_path, "SELECT resolved_date FROM complaints WHERE id = ?", (wang.id,)) == [
        (None,)
    ]
    dialog.how.setText("上门换了一袋新米")
    qtbot.keyClick(dialog.how, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: gone(dialog), timeout=10_000)
    qtbot.waitUntil(lambda: tab.row_of(wang.id, "follow_up") >= 0 and not tab.model.pending)
    assert rows(
        book_path, "SELECT resolution, resolved_date FROM complaints WHERE id = ?", (wang.id,)
    ) == [("上门换了一袋新米", TODAY.isoformat())]
    assert tab.row_of(wang.id, "open") == -1
    assert [r.kind for r in tab.model.rows] == ["open", "follow_up", "follow_up"]
    assert "put right: 王建国" in win.statusBar().currentMessage()

    # one click on the follow-up: a visit is logged, the row goes
    row = tab.row_of(wang.id, "follow_up")
    contacts = rows(book_path, "SELECT COUNT(*) FROM contacts WHERE customer_id = ?",
                    (wang.customer_id,))[0][0]  # fmt: skip
    click(qtbot, tab, row, "visited")
    qtbot.waitUntil(lambda: tab.row_of(wang.id) == -1 and not tab.model.pending)
    assert rows(book_path, "SELECT COUNT(*), MAX(date) FROM contacts WHERE customer_id = ?",
                (wang.customer_id,))[0] == (contacts + 1, TODAY.isoformat())  # fmt: skip
    assert rows(book_path, "SELECT kind, note FROM contacts WHERE customer_id = ? ORDER BY id DESC"
                " LIMIT 1", (wang.customer_id,)) == [("visit", "Follow-up after a complaint: 米里有虫")]  # fmt: skip
    today = win.today_view
    assert today.tabs.tabText(today.complaints_tab) == "Complaints 1 (1 visit)"


def test_log_a_complaint_from_today(qtbot, seeded):
    from ui.complaints import ComplaintDialog

    path, wang = seeded.path, seeded.wang
    seeded.book.close()
    win = open_window(qtbot, path)
    tab = complaints_tab(win)
    qtbot.waitUntil(lambda: tab.loaded)
    assert tab.model.rowCount() == 0 and tab.stack.currentWidget() is tab.empty
    assert win.today_view.tabs.tabText(win.today_view.complaints_tab) == "Complaints 0"
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = win.findChild(ComplaintDialog)
    dialog.picker.set_customer(wang.id, wang.name)
    qtbot.waitUntil(lambda: dialog.product.count() > 1)
    dialog.product.setCurrentIndex(dialog.product.findData(seeded.rice.id))
    dialog.save()  # nothing typed
    qtbot.waitUntil(lambda: dialog.fields.text("what") != "")
    assert rows(path, "SELECT COUNT(*) FROM complaints") == [(0,)]
    dialog.what.setText("米发霉了")
    dialog.save()
    qtbot.waitUntil(lambda: gone(dialog) and tab.model.rowCount() == 1, timeout=10_000)
    assert rows(
        path, "SELECT customer_id, date, product_id, what, resolved_date FROM complaints"
    ) == [(wang.id, TODAY.isoformat(), seeded.rice.id, "米发霉了", None)]
    assert shown(tab) == [("open", "王建国", "米发霉了", "0 days")]


def test_complaints_tab_in_chinese(qtbot, book_path):
    win = open_window(qtbot, book_path, lang="zh")
    tab = complaints_tab(win)
    qtbot.waitUntil(lambda: tab.loaded)
    assert win.today_view.tabs.tabText(win.today_view.complaints_tab) == "投诉 2 件（回访 1 位）"
    status, _who, what, days = shown(tab)[2]
    assert status == "待回访" and what == "投诉已于11月20日解决，去回访：水桶漏水"
    assert shown(tab)[0][3] == "13天"
    m = tab.model
    assert m.headerData(m.COLUMNS.index("what"), Qt.Orientation.Horizontal) == "投诉内容"
    wait_idle(qtbot, win)


# ---------------------------------------------------------------- the start-of-day reminder


def banner_text(qtbot, win, part: str) -> str:
    banner = win.today_view.banner
    qtbot.waitUntil(lambda: banner.isVisible() and part in banner.text.text(), timeout=10_000)
    return banner.text.text()


def test_the_reminder_counts_open_complaints_and_visits_apart(qtbot, book_path):
    """Two open complaints and one follow-up visit: the banner says 2 and 1
    visit, as the complaints tab does, and follows when one is put right."""
    from ui.widgets import Change

    win = open_window(qtbot, book_path)
    text = banner_text(qtbot, win, "complaint")
    counts = {k: win.today_view.model(k).total for k in ("resupply", "collect", "follow_up")}
    assert text.startswith(f"Today: Resupply {counts['resupply']} · ")
    assert f" · collect {counts['collect']} (" in text
    assert text.endswith(f"follow up {counts['follow_up']} · 2 open complaints (1 visit)")
    assert win.reminders.counts["open_complaints"] == 2
    today = win.today_view
    assert today.tabs.tabText(today.complaints_tab) == "Complaints 2 (1 visit)"
    # one is put right: the banner, still shown, says so (singular)
    tab = win.today_view.complaints
    qtbot.waitUntil(lambda: tab.loaded)
    k = tab.model.rows[0].complaint
    win.session.call(cp.resolve_complaint, k.id, how="换了一袋", on=TODAY,
                     done=lambda r: win.notify(Change.of(r.customer_id, what=("complaint",))))  # fmt: skip
    text = banner_text(qtbot, win, "1 open complaint (")
    assert text.endswith(" · 1 open complaint (2 visits)")
    qtbot.waitUntil(lambda: today.tabs.tabText(today.complaints_tab) == "Complaints 1 (2 visits)")
    if win.reminders.tray is not None:
        assert "1 open complaint (2 visits)" in win.reminders.tray.toolTip()
    wait_idle(qtbot, win)


def test_the_reminder_in_chinese(qtbot, book_path):
    win = open_window(qtbot, book_path, lang="zh")
    text = banner_text(qtbot, win, "投诉")
    assert text.startswith("今日待办：补货 ") and text.endswith("位 · 投诉 2 件（回访 1 位）")
    assert "） ·" not in text and "）· 回访" in text
    today = win.today_view
    assert today.tabs.tabText(today.complaints_tab) == "投诉 2 件（回访 1 位）"
    wait_idle(qtbot, win)


def test_no_complaints_no_mention(qtbot, seeded):
    path = seeded.path
    seeded.book.close()
    win = open_window(qtbot, path)
    qtbot.waitUntil(lambda: win.reminders.counts is not None, timeout=10_000)
    assert win.reminders.counts["open_complaints"] == 0
    assert win.today_view.banner.isVisible()
    assert "complaint" not in win.today_view.banner.text.text()
    wait_idle(qtbot, win)


def test_summary_text_plural_forms(qtbot, book_path):
    from ui.reminders import ReminderBanner, summary_text

    open_window(qtbot, book_path)  # the English translations (plural forms) are installed
    counts = {"resupply": 1, "collect": 2, "owed_fen": 554520, "follow_up": 3}
    assert summary_text(counts) == "Resupply 1 · collect 2 (¥5,545.20) · follow up 3"
    assert summary_text(dict(counts, open_complaints=0)) == summary_text(counts)
    assert summary_text(dict(counts, open_complaints=1)).endswith(" · 1 open complaint")
    assert summary_text(dict(counts, open_complaints=5)).endswith(" · 5 open complaints")
    assert summary_text(dict(counts, open_complaints=2, complaint_visits=1)).endswith(
        " · 2 open complaints (1 visit)"
    )
    assert summary_text(dict(counts, complaint_visits=2)).endswith(" · 2 complaint visits")
    # customers and items, and the win-back list when it has anyone
    many = dict(counts, resupply=85, resupply_items=115, winback=30, winback_items=44)
    assert summary_text(many).startswith(
        "Resupply 85 (115 items) · win back 30 (44 items) · collect 2"
    )
    banner = ReminderBanner()
    qtbot.addWidget(banner)
    banner.show_summary({"open_complaints": 1})  # nothing else due: still worth a reminder
    assert "1 open complaint" in banner.text.text()
    banner.show_summary({})
    assert banner.text.text() == "Nothing is due today."
