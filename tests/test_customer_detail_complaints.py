"""The customer's complaints in the customer detail (ui/customer_detail.py),
driven through the real window (pytest-qt, QT_QPA_PLATFORM=offscreen): listed
open first with the count in the tab title, logged and resolved from there;
the book is checked afterwards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
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
    """王建国: one complaint put right, one still open (13 days on TODAY); 李秀英: none."""
    b = seeded.book
    k = cp.add_complaint(b, seeded.wang.id, on="2026-11-01", what="水桶漏水")
    cp.resolve_complaint(b, k.id, how="换了新桶", on="2026-11-03")
    cp.add_complaint(b, seeded.wang.id, on="2026-11-10", what="米里有虫", product_id=seeded.rice.id)
    cp.add_complaint(b, seeded.li.id, on="2026-11-20", what="送晚了")  # not 王建国's
    b.close()  # the window opens it
    return seeded.path


def open_detail(qtbot, win, customer_id: int):
    detail = win.open_customer(customer_id)
    qtbot.waitUntil(lambda: detail.profile is not None and detail.profile.customer.id == customer_id
                    and len(detail.complaints_table.model().rows) == len(detail.complaints))  # fmt: skip
    detail.tabs.setCurrentIndex(detail.complaints_tab)
    return detail


def shown(detail) -> list[list[str]]:
    return detail.complaints_table.model().rows


def test_complaints_are_listed_open_first_with_the_count(qtbot, seeded, book_path):
    win = open_window(qtbot, book_path)
    detail = open_detail(qtbot, win, seeded.wang.id)
    assert detail.tabs.tabText(detail.complaints_tab) == "Complaints (2)"
    assert detail.tabs.tabBar().tabTextColor(detail.complaints_tab).name() == "#c53030"
    assert shown(detail) == [
        ["Nov 10", "大米", "米里有虫", "Open for 13 days", "", ""],
        ["Nov 1", "–", "水桶漏水", "Put right in 2 days", "Nov 3", "换了新桶"],
    ]
    model = detail.complaints_table.model()
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ForegroundRole).name() == "#c53030"
    assert model.data(model.index(1, 3), Qt.ItemDataRole.ForegroundRole) is None
    assert "1 complaint still open" in detail.complaints_hint.text()
    # nothing selected: Resolve… acts on the open one (not selected, so its red shows)
    assert not detail.complaints_table.selectionModel().hasSelection()
    assert detail.selected_complaint().what == "米里有虫" and detail.resolve_button.isEnabled()
    detail.complaints_table.selectRow(1)
    assert not detail.resolve_button.isEnabled()  # already put right
    # the header says so too; a click shows the tab
    assert detail.complaint_chip.isVisible() and detail.complaint_chip.text() == "1 open complaint"
    detail.tabs.setCurrentIndex(0)
    qtbot.mouseClick(detail.complaint_chip, Qt.MouseButton.LeftButton)
    assert detail.tabs.currentIndex() == detail.complaints_tab
    # the tabs beside it are unchanged
    assert [detail.tabs.tabText(i).split(" (")[0] for i in range(detail.tabs.count())] == [
        "Deliveries", "Payments", "Contacts", "Relationship history", "Complaints"]  # fmt: skip


def test_a_customer_without_complaints(qtbot, seeded, book_path):
    win = open_window(qtbot, book_path)
    detail = open_detail(qtbot, win, seeded.zhao.id)
    assert detail.tabs.tabText(detail.complaints_tab) == "Complaints (0)"
    assert detail.complaints_stack.currentWidget() is detail.complaints_empty
    assert detail.complaints_empty.title.text() == "No complaints"
    assert detail.complaints_bar.isHidden() and not detail.resolve_button.isEnabled()
    assert not detail.tabs.tabBar().tabTextColor(detail.complaints_tab).isValid()
    assert detail.complaint_chip.isHidden()


def test_log_a_complaint_from_the_detail(qtbot, seeded, book_path):
    from ui.complaints import ComplaintDialog

    win = open_window(qtbot, book_path)
    detail = open_detail(qtbot, win, seeded.zhao.id)
    (button,) = detail.complaints_empty._button_widgets  # no complaints yet: the empty state's
    assert button.text() == "Log a complaint…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = win.findChild(ComplaintDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.picker.customer_id == seeded.zhao.id)  # the customer is set
    dialog.what.setText("煤气瓶阀门松了")
    qtbot.keyClick(dialog.what, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: gone(dialog) and len(detail.complaints) == 1, timeout=10_000)
    assert rows(book_path, "SELECT customer_id, date, what, resolved_date FROM complaints"
                " WHERE customer_id = ?", (seeded.zhao.id,)) == [
        (seeded.zhao.id, TODAY.isoformat(), "煤气瓶阀门松了", None)]  # fmt: skip
    assert detail.tabs.tabText(detail.complaints_tab) == "Complaints (1)"
    assert shown(detail) == [["Nov 23", "–", "煤气瓶阀门松了", "Open for 0 days", "", ""]]
    assert detail.complaints_stack.currentWidget() is detail.complaints_table
    assert detail.complaint_chip.text() == "1 open complaint"
    # Today counts it too
    today = win.today_view
    qtbot.waitUntil(lambda: today.complaints.row_of(detail.complaints[0].id, "open") >= 0)
    wait_idle(qtbot, win)


def test_resolve_a_complaint_from_the_detail(qtbot, seeded, book_path):
    from ui.complaints import ResolveComplaintDialog

    win = open_window(qtbot, book_path)
    detail = open_detail(qtbot, win, seeded.wang.id)
    k = detail.selected_complaint()
    qtbot.mouseClick(detail.resolve_button, Qt.MouseButton.LeftButton)
    dialog = win.findChild(ResolveComplaintDialog)
    assert dialog is not None and dialog.isVisible() and "米里有虫" in dialog.summary.text()
    dialog.save()  # nothing typed: the message under the field, the book unchanged
    qtbot.waitUntil(lambda: dialog.fields.text("how") != "")
    assert rows(book_path, "SELECT resolved_date FROM complaints WHERE id = ?", (k.id,)) == [
        (None,)
    ]
    dialog.how.setText("上门换了一袋新米")
    qtbot.keyClick(dialog.how, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(dialog) and not any(x.is_open for x in detail.complaints),
                    timeout=10_000)  # fmt: skip
    assert rows(book_path, "SELECT resolution, resolved_date FROM complaints WHERE id = ?",
                (k.id,)) == [("上门换了一袋新米", TODAY.isoformat())]  # fmt: skip
    assert shown(detail)[0] == ["Nov 10", "大米", "米里有虫", "Put right in 13 days", "Nov 23",
                                "上门换了一袋新米"]  # fmt: skip
    assert detail.complaints_hint.text() == "Every complaint was put right."
    assert not detail.tabs.tabBar().tabTextColor(detail.complaints_tab).isValid()
    assert detail.complaint_chip.isHidden()
    wait_idle(qtbot, win)


def test_double_click_on_an_open_complaint_resolves_it(qtbot, seeded, book_path):
    from ui.complaints import ResolveComplaintDialog

    win = open_window(qtbot, book_path)
    detail = open_detail(qtbot, win, seeded.wang.id)
    table = detail.complaints_table
    table.doubleClicked.emit(table.model().index(1, 2))  # put right already: nothing opens
    assert win.findChild(ResolveComplaintDialog) is None
    table.doubleClicked.emit(table.model().index(0, 2))
    dialog = win.findChild(ResolveComplaintDialog)
    assert dialog is not None and dialog.complaint.what == "米里有虫"
    dialog.reject()


def test_complaints_tab_in_chinese(qtbot, seeded, book_path):
    win = open_window(qtbot, book_path, lang="zh")
    detail = open_detail(qtbot, win, seeded.wang.id)
    assert detail.tabs.tabText(detail.complaints_tab) == "投诉记录（2）"  # like 送货记录（4）
    assert shown(detail)[0][3] == "已 13 天未解决"
    assert shown(detail)[1][3:] == ["2 天内解决", "11月3日", "换了新桶"]
    assert detail.log_complaint_button.text() == "记录投诉…"
    assert detail.resolve_button.text() == "解决…"
    assert detail.complaint_chip.text() == "1 件投诉未解决"
    model = detail.complaints_table.model()
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == ["日期", "商品", "投诉内容", "状态", "解决日期", "解决办法"]
