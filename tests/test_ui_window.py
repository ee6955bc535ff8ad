"""The desktop window, driven as a rep would (pytest-qt, QT_QPA_PLATFORM=offscreen).

Most tests open the real main window on a copy of a 3,000-customer demo book
built once per session; each checks the screen and the book afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication
from ui_support import (  # noqa: F401 - the autouse fixture must be imported to apply
    TODAY,
    click_row_action,
    copy_book,
    demo_book,
    gone,
    isolated_qsettings,
    open_window,
    rows,
    wait_idle,
)


@pytest.fixture(scope="session")
def demo3k(tmp_path_factory) -> Path:
    return demo_book(tmp_path_factory.mktemp("demo3k"), 3000)


@pytest.fixture
def book3k(demo3k, tmp_path) -> Path:
    return copy_book(demo3k, tmp_path)


@pytest.fixture
def win(qtbot, book3k):
    return open_window(qtbot, book3k)


def test_today_lists_are_filled_and_counted(win, book3k):
    from ui.due_table import PAGE

    today = win.today_view
    counts = {k: today.model(k).total for k in ("resupply", "winback", "collect", "follow_up")}
    assert all(n > 0 for n in counts.values())
    # one row per customer, every row counted; the rows built so far are the first page
    assert counts["resupply"] > PAGE
    for kind, n in counts.items():
        model = today.model(kind)
        assert model.rowCount() == n
        assert len(model.loaded()) == min(n, PAGE)
        ids = [r.customer_id for r in model.loaded()]
        assert len(ids) == len(set(ids))  # a customer's products are in one row
    resupply = today.model("resupply")
    items = resupply.item_count
    assert items > counts["resupply"]  # some customers have several products due
    assert today.tabs.tabText(0) == f"Resupply {counts['resupply']} ({items} items)"
    assert today.tabs.tabText(2) == f"Collect {counts['collect']}"
    # most urgent first: the first resupply row has run out, or is due
    assert resupply.items[0].status in ("overdue", "due")
    # long lost customers are in Win back, not in what to load for today's round
    assert all(i.status != "at_risk" for i in resupply.items)
    assert {i.status for i in today.model("winback").items} == {"at_risk"}
    assert {i.kind for i in today.model("winback").items} == {"resupply"}
    # every listed customer exists and is active in the book
    first = today.model("collect").items[0]
    assert rows(book3k, "SELECT archived_at FROM customers WHERE id = ?", (first.customer_id,)) == [
        (None,)
    ]
    assert "owes ¥" in today.model("collect").data(today.model("collect").index(0, 4))


def test_a_customers_products_are_one_row(win):
    today = win.today_view
    model = today.model("resupply")
    row = next(r for r in model.loaded() if len(r.items) > 1)
    n = model.loaded().index(row)
    text = model.data(model.index(n, model.COLUMNS.index("what")))
    assert text.count(" · ") == len(row.items) - 1
    assert all(i.product in text for i in row.items)
    assert len({i.product_id for i in row.items}) == len(row.items)


def _grouped(items):
    """Items grouped by customer, each customer where their first item is."""
    groups: dict[int, list] = {}
    for i in items:
        groups.setdefault(i.customer_id, []).append(i)
    return [i for g in groups.values() for i in g]


def test_the_scroll_bar_covers_the_whole_list_and_only_rows_in_view_are_built(qtbot, win, book3k):
    from PySide6.QtTest import QTest

    from salesbook.records.due import due_items
    from salesbook.store.book import open_book
    from ui.due_table import PAGE

    today = win.today_view
    table = today.tables["resupply"]
    model = table.model
    total = model.total
    assert total > 2 * PAGE and model.rowCount() == total
    table.table.setFocus()
    QTest.keyClick(table.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert table.table.currentIndex().row() == total - 1
    qtbot.waitUntil(lambda: model.row_at(total - 1) is not None, timeout=10_000)
    # the last page is built, the pages between are not
    assert model.row_at(PAGE) is None
    assert model.row_at((total - 1) // PAGE * PAGE) is not None
    for page in range(total // PAGE + 1):  # every page in view once: the whole list, in order
        model.data(model.index(page * PAGE, 0))
        qtbot.waitUntil(lambda: not model.fetching, timeout=10_000)
    assert len(model.loaded()) == total
    book = open_book(book3k)
    try:
        whole = [i for i in due_items(book, today.on) if i.kind == "resupply"]
    finally:
        book.close()
    assert model.items == _grouped([i for i in whole if i.status != "at_risk"])
    assert today.model("winback").item_count == sum(i.status == "at_risk" for i in whole)


def test_a_reload_keeps_the_reps_place_far_down_the_list(qtbot, win):
    from ui.due_table import PAGE

    today = win.today_view
    table = today.tables["resupply"]
    model = table.model
    table.table.scrollTo(model.index(PAGE + 50, 0), table.table.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: model.row_at(PAGE + 53) is not None)
    top = table.table.rowAt(0)
    assert top > PAGE
    item = model.row_at(top + 3).first
    with qtbot.waitSignal(today.loaded, timeout=10_000):
        today.snooze(item, 7)  # a write: Today reloads
    # the rows in view came with the new list: no empty rows while they are asked for
    assert model.row_at(top) is not None and model.row_at(top + 3) is not None
    qtbot.waitUntil(lambda: not model.pending)
    assert table.table.rowAt(0) == top
    assert today.row_of("resupply", item.customer_id, item.product_id) == -1


def test_after_a_reload_the_rest_of_a_page_in_view_is_still_built(qtbot, win):
    """The rows in view come built with the new list; the rest of their page
    is asked for when it comes into view (not taken as built)."""
    from ui.due_table import PAGE

    today = win.today_view
    table = today.tables["resupply"]
    model = table.model
    assert model.total > 2 * PAGE + 150
    table.table.scrollTo(model.index(2 * PAGE, 0), table.table.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: model.row_at(2 * PAGE + 3) is not None)
    assert table.table.rowAt(0) == 2 * PAGE
    item = model.row_at(2 * PAGE + 3).first
    with qtbot.waitSignal(today.loaded, timeout=10_000):
        today.snooze(item, 7)
    assert model.row_at(2 * PAGE) is not None and model.row_at(2 * PAGE + 120) is None
    table.table.scrollTo(model.index(2 * PAGE + 120, 0), table.table.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: model.row_at(2 * PAGE + 120) is not None, timeout=10_000)


def test_snooze_on_a_customers_row_puts_off_all_their_products(qtbot, win, book3k):
    today = win.today_view
    table = today.tables["resupply"]
    model = table.model
    n = next(i for i, r in enumerate(model.rows) if r and len(r.items) > 1)
    row = model.row_at(n)
    table._clicked(n, "snooze", table.table.viewport().mapToGlobal(table.table.rect().center()))
    from PySide6.QtWidgets import QMenu

    menu = next(m for m in today.findChildren(QMenu) if m.isVisible())
    with qtbot.waitSignal(today.loaded, timeout=10_000):
        menu.actions()[2].trigger()  # 7 days
    qtbot.waitUntil(lambda: today.row_of("resupply", row.customer_id) == -1 and not model.pending)
    # the row's products, each, and nothing else of the customer (a product of theirs on
    # Win back is not put off by a snooze on Resupply)
    assert rows(book3k, "SELECT product_id, until FROM snoozes WHERE customer_id = ? AND kind = 'resupply'"
                " ORDER BY product_id", (row.customer_id,)) == sorted(
        (i.product_id, "2026-11-30") for i in row.items)  # fmt: skip
    menu.close()


def test_record_a_delivery_from_today(qtbot, win, book3k):
    from ui.delivery_dialog import DeliveryDialog

    today = win.today_view
    table = today.tables["resupply"]
    item = table.model.items[0]
    before = rows(book3k, "SELECT COUNT(*) FROM deliveries WHERE customer_id = ? AND product_id = ?",
                  (item.customer_id, item.product_id))[0][0]  # fmt: skip
    click_row_action(qtbot, table, 0, "deliver")
    dialog = win.findChild(DeliveryDialog)
    assert dialog is not None and dialog.isVisible()
    # the dialog knows the customer and product, and offers their last quantity
    qtbot.waitUntil(
        lambda: dialog.picker.customer_id == item.customer_id and dialog.quantity.text() != ""
    )
    assert dialog.product.currentData() == item.product_id
    qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: gone(dialog), timeout=10_000)
    qtbot.waitUntil(lambda: today.row_of("resupply", item.customer_id, item.product_id) == -1
                    and not table.model.pending, timeout=10_000)  # fmt: skip
    after = rows(book3k, "SELECT COUNT(*), MAX(date) FROM deliveries WHERE customer_id = ? AND product_id = ?",
                 (item.customer_id, item.product_id))[0]  # fmt: skip
    assert after == (before + 1, TODAY.isoformat())
    assert today.tabs.tabText(0) == (
        f"Resupply {table.model.total} ({table.model.item_count} items)"
    )
    assert "Recorded" in win.statusBar().currentMessage()


def test_collect_and_follow_up_actions(qtbot, win, book3k):
    from ui.contact_dialog import ContactDialog
    from ui.payment_dialog import PaymentDialog

    today = win.today_view
    collect = today.tables["collect"]
    item = collect.model.items[0]
    today.tabs.setCurrentWidget(collect)
    click_row_action(qtbot, collect, 0, "payment")
    dialog = win.findChild(PaymentDialog)
    qtbot.waitUntil(lambda: dialog.amount.text() != "" and dialog.owed.text() != "")
    dialog.save()
    qtbot.waitUntil(
        lambda: today.row_of("collect", item.customer_id) == -1 and not collect.model.pending
    )
    assert rows(
        book3k, "SELECT balance_fen FROM customer_state WHERE customer_id = ?", (item.customer_id,)
    ) == [(0,)]

    follow = today.tables["follow_up"]
    item = follow.model.items[0]
    today.tabs.setCurrentWidget(follow)
    click_row_action(qtbot, follow, 0, "contact")
    dialog = win.findChild(ContactDialog)
    qtbot.waitUntil(lambda: dialog.picker.customer_id == item.customer_id)
    dialog.kinds.button(1).setChecked(True)
    dialog.note.setText("问了新品")
    dialog.save()
    qtbot.waitUntil(
        lambda: today.row_of("follow_up", item.customer_id) == -1 and not follow.model.pending
    )
    assert rows(book3k, "SELECT kind, note FROM contacts WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
                (item.customer_id,)) == [("call", "问了新品")]  # fmt: skip


def test_snooze_and_bought_elsewhere(qtbot, win, book3k):
    today = win.today_view
    table = today.tables["resupply"]
    first, second = table.model.row_at(0).first, table.model.row_at(1).first
    today.snooze(first, 7)
    qtbot.waitUntil(lambda: today.row_of("resupply", first.customer_id, first.product_id) == -1
                    and not table.model.pending)  # fmt: skip
    assert rows(book3k, "SELECT until FROM snoozes WHERE customer_id = ? AND kind = 'resupply'",
                (first.customer_id,)) == [("2026-11-30",)]  # fmt: skip
    owed = rows(
        book3k,
        "SELECT balance_fen FROM customer_state WHERE customer_id = ?",
        (second.customer_id,),
    )
    row = today.row_of("resupply", second.customer_id, second.product_id)
    click_row_action(qtbot, table, row, "elsewhere")
    qtbot.waitUntil(lambda: today.row_of("resupply", second.customer_id, second.product_id) == -1
                    and not table.model.pending)  # fmt: skip
    assert rows(book3k, "SELECT source FROM deliveries WHERE customer_id = ? AND product_id = ? ORDER BY id DESC"
                " LIMIT 1", (second.customer_id, second.product_id)) == [("elsewhere",)]  # fmt: skip
    assert rows(book3k, "SELECT balance_fen FROM customer_state WHERE customer_id = ?",
                (second.customer_id,)) == owed  # fmt: skip


def test_look_ahead_lists_more(qtbot, win):
    today = win.today_view
    n = len(today.listed)
    today.within.setValue(7)
    qtbot.waitUntil(lambda: len(today.listed) > n)
    assert any(i.status == "upcoming" for i in today.items)


def test_search_as_you_type_finds_the_customer(qtbot, win, book3k):
    view = win.customers_view
    win.show_view("customers")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    cid, name, phone = rows(
        book3k, "SELECT id, name, phone FROM customers ORDER BY id LIMIT 1 OFFSET 1234"
    )[0]
    qtbot.keyClicks(view.search, phone[:7])
    qtbot.waitUntil(lambda: view.model.query.text == phone[:7] and not view.model.pending_reset)
    qtbot.keyClicks(view.search, phone[7:])
    qtbot.waitUntil(lambda: view.model.query.text == phone and not view.model.pending_reset)
    assert [r.id for r in view.model.rows] == [cid]
    assert view.model.data(view.model.index(0, 0)) == name
    qtbot.waitUntil(lambda: view.count_label.text() == "1 customer")
    assert view.model.data(view.model.index(0, 1)) == f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    view.search.setText(f"{phone[:3]} {phone[3:7]} {phone[7:]}")  # as shown on screen
    qtbot.waitUntil(lambda: view.model.query.text == phone and not view.model.pending_reset)
    assert [r.id for r in view.model.rows] == [cid]
    # pinyin initials: every match has them
    from salesbook.records.customers import initials

    view.search.setText(initials(name))
    qtbot.waitUntil(
        lambda: view.model.query.text == initials(name) and not view.model.pending_reset
    )
    found = view.model.loaded()
    assert found and all(initials(r.name).find(initials(name)) >= 0 or initials(name) in (r.phone or "")
                         for r in found)  # fmt: skip
    assert cid in [r.id for r in found] or view.model.rowCount() > len(found)
    # nothing matches: a hint, not an empty grid
    view.search.setText("zzzzzz")
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.empty)
    assert "No customer matches" in view.empty.title.text()


def test_past_runout_dates_are_coloured_like_today(qtbot, win, book3k):
    """Run out: red (overdue); run out 14 days ago or more: purple (at risk);
    ahead: plain. The cell shows the earliest run-out of the customer's products."""
    from datetime import date

    from ui.customers import COLUMNS
    from ui.widgets import status_color

    view = win.customers_view
    win.show_view("customers")
    model = view.model
    col = COLUMNS.index("next_runout")
    fg, bg = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole
    red, purple = status_color("overdue").name(), status_color("at_risk").name()
    assert (red, purple) == ("#c53030", "#6b46c1")

    def colours(status):
        view.status.setCurrentIndex(view.status.findData(status))
        qtbot.waitUntil(lambda: model.query.status == status and not model.pending_reset)
        assert model.rows
        out = set()
        for r, row in enumerate(model.rows):
            if row is None:  # not scrolled into view: not fetched
                continue
            colour = (model.data(model.index(r, col), fg) or QBrush()).color().name()
            late = (TODAY - date.fromisoformat(row.next_runout)).days
            assert colour == (purple if late >= 14 else red if late >= 0 else "#000000"), row
            out.add(colour)
        return out

    assert red in colours("overdue")  # (some also have a product long run out: purple)
    assert colours("at_risk") == {purple}
    assert "#000000" in colours("due")  # reminded, not run out yet: no colour
    view.status.setCurrentIndex(view.status.findData("at_risk"))
    qtbot.waitUntil(lambda: model.query.status == "at_risk" and not model.pending_reset)
    index = model.index(0, col)
    assert model.data(index, bg) is None  # the text is coloured, not the (wide) cell
    assert model.data(index, Qt.ItemDataRole.FontRole).bold()
    assert "at risk" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert model.at_risk_days == 14  # the book's setting, as on Today


def test_customer_table_pages_and_sorts_in_the_core(qtbot, win, book3k):
    view = win.customers_view
    win.show_view("customers")
    model = view.model
    active = rows(book3k, "SELECT COUNT(*) FROM customers WHERE archived_at IS NULL")[0][0]
    # one row per customer (the scroll bar covers the whole list), one page fetched
    qtbot.waitUntil(lambda: model.rowCount() == active and model.total == active)
    assert len(model.loaded()) == 200
    # Ctrl+End reaches the last customer: its page is asked of the core when in view
    view.table.setFocus()
    view.table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = rows(
        book3k,
        "SELECT id FROM customers WHERE archived_at IS NULL ORDER BY sort_key DESC, id DESC LIMIT 1",
    )[0][0]
    qtbot.waitUntil(lambda: model.row_at(active - 1) is not None)
    assert view.table.currentIndex().row() == active - 1
    assert model.row_at(active - 1).id == last
    qtbot.waitUntil(view.open_button.isEnabled)  # selected before its page came: usable now
    assert len(model.loaded()) < active  # the pages between were not fetched
    # sort by what is owed, largest first: asked of the core, not sorted here
    view.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.query.order_by == "balance" and not model.pending_reset)
    top = rows(book3k, "SELECT MAX(balance_fen) FROM customer_state")[0][0]
    assert model.rows[0].balance_fen == top
    # filter by level and area
    view.level.setCurrentIndex(view.level.findData("confidant"))
    qtbot.waitUntil(lambda: model.query.level == "confidant" and not model.pending_reset)
    n = rows(
        book3k, "SELECT COUNT(*) FROM customers WHERE level = 'confidant' AND archived_at IS NULL"
    )[0][0]
    qtbot.waitUntil(lambda: model.total == n)
    assert {r.level for r in model.loaded()} == {"confidant"}


def test_edit_with_a_bad_phone_shows_the_message_and_keeps_the_book(qtbot, win, book3k):
    from ui.customer_form import CustomerForm

    cid = rows(book3k, "SELECT id FROM customers ORDER BY id LIMIT 1")[0][0]
    before = rows(book3k, "SELECT * FROM customers WHERE id = ?", (cid,))
    form = win.edit_customer(cid)
    assert isinstance(form, CustomerForm)
    qtbot.waitUntil(lambda: form.customer is not None)
    form.phone.setText("139-abc")
    form.household.setText("5")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.fields.text("phone") != "")
    assert "not a valid phone number" in form.fields.text("phone")
    assert form.isVisible() and form.phone.text() == "139-abc"  # what was typed is kept
    assert rows(book3k, "SELECT * FROM customers WHERE id = ?", (cid,)) == before
    # fixing it saves
    form.phone.setText("139 8888 0001")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(form))
    assert rows(book3k, "SELECT phone, household_size FROM customers WHERE id = ?", (cid,)) == [
        ("13988880001", 5)
    ]


def test_add_customer_and_archive(qtbot, win, book3k):
    form = win.add_customer()
    qtbot.waitUntil(lambda: form.loaded)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.fields.text("name") != "")
    assert "name is required" in form.fields.text("name")
    form.name.setText("测试客户")
    form.pay.setText("月底")
    assert "last day" in form.pay_hint.text()
    form.save()
    qtbot.waitUntil(lambda: gone(form))
    [(cid, cycle)] = rows(book3k, "SELECT id, pay_cycle FROM customers WHERE name = '测试客户'")
    assert cycle == "monthly:31"
    view = win.customers_view
    win.show_view("customers")
    view.search.setText("测试客户")
    qtbot.waitUntil(lambda: [r.id for r in view.model.rows] == [cid])
    view.table.selectRow(0)
    view.archive_selected()
    box = QApplication.activeModalWidget() or next(w for w in QApplication.topLevelWidgets()
                                                   if w.isVisible() and w.inherits("QMessageBox"))  # fmt: skip
    box.accept() if not hasattr(box, "button") else box.button(box.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: rows(book3k, "SELECT archived_at IS NOT NULL FROM customers WHERE id = ?", (cid,))
                    == [(1,)])  # fmt: skip
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.empty)


def test_customer_detail_shows_forecast_money_and_chart(qtbot, win, book3k):
    cid = rows(
        book3k, "SELECT customer_id FROM supply GROUP BY customer_id HAVING COUNT(*) >= 2 LIMIT 1"
    )[0][0]
    detail = win.open_customer(cid)
    with qtbot.waitSignal(detail.chart_rendered, timeout=60_000):
        pass
    name = rows(book3k, "SELECT name FROM customers WHERE id = ?", (cid,))[0][0]
    assert detail.name.text() == name
    assert detail.products.model().rowCount() >= 2
    header = detail.products.model().headerData
    assert [header(c, Qt.Orientation.Horizontal) for c in (3, 7)] == ["Estimate", "Share we supply"]
    assert detail.deliveries.model().rowCount() == rows(book3k, "SELECT COUNT(*) FROM deliveries WHERE customer_id = ?",
                                                 (cid,))[0][0]  # fmt: skip
    assert detail.chart.has_image and not detail.chart.pixmap().isNull()
    from ui.charts import setup_matplotlib

    assert setup_matplotlib() is not None  # a CJK font was found for the chart's Chinese labels


def test_customer_detail_in_plain_words(qtbot, win, book3k):
    """采用用量 (综合) and 钱包份额 were jargon; 即将到期 was shown for a run-out a
    month away (the core's upcoming: the remind date is still ahead)."""
    from salesbook.insight.profile import customer_profile
    from salesbook.store.book import open_book

    book = open_book(book3k)
    try:
        found = None
        for (cid,) in book.conn.execute(
            "SELECT customer_id FROM supply GROUP BY customer_id LIMIT 400"
        ):
            prof = customer_profile(book, cid, on=TODAY)
            if any(p.status == "upcoming" for p in prof.products) and any(
                p.rate_source == "blend" for p in prof.products
            ):
                found = cid
                break
    finally:
        book.close()
    assert found is not None
    win.set_language("zh")
    detail = win.open_customer(found)
    model = detail.products.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0 and detail.customer_id == found, timeout=10_000)
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "估算用量" in header and "我们供应的比例" in header
    assert "采用用量" not in header and "钱包份额" not in header
    cells = [
        model.data(model.index(r, c))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    assert any("（经验与实际结合）" in (x or "") or "(经验与实际结合)" in (x or "") for x in cells)
    assert "还够用" in cells and "即将到期" not in cells
    win.set_language("en")


def test_visit_plan_groups_by_area_and_saves_a_pdf(qtbot, win, tmp_path):
    plan = win.plan_view
    win.show_view("plan")
    qtbot.waitUntil(lambda: plan.is_loaded)
    assert plan.stop_count() == 12  # the book's capacity
    html = plan.document_html()
    assert "Visit plan" in html and html.count("<h3>") >= 1
    plan.capacity.setValue(5)
    qtbot.waitUntil(lambda: plan.stop_count() == 5)
    pdf = plan.save_pdf(tmp_path / "plan.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000


def test_relationships_pyramid_and_accepting_a_suggestion(qtbot, win, book3k):
    view = win.relationships_view
    win.show_view("relationships")
    qtbot.waitUntil(lambda: view.is_loaded)
    total = rows(book3k, "SELECT COUNT(*) FROM customers WHERE archived_at IS NULL")[0][0]
    assert sum(view.pyramid.counts.values()) == total
    assert view.pyramid.guide["passerby"] == pytest.approx(total * 100 / 164)
    assert view.suggestions, "the demo book has customers worth an upgrade"
    s = view.suggestions[0]
    view.accept_suggestion(s)
    qtbot.waitUntil(lambda: rows(book3k, "SELECT level FROM customers WHERE id = ?", (s.customer_id,))
                    == [(s.to_level,)])  # fmt: skip
    reason = rows(book3k, "SELECT reason FROM level_history WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
                  (s.customer_id,))[0][0]  # fmt: skip
    assert reason == s.reason("en")


def test_settings_change_lead_days_and_refuse_a_bad_price(qtbot, win, book3k):
    dlg = win.open_settings()
    qtbot.waitUntil(lambda: dlg.loaded)
    dlg.numbers["lead_days"].setValue(5)
    dlg.product_table.item(0, 2).setText("abc")
    dlg.save()
    qtbot.waitUntil(lambda: not dlg.fields.general.isHidden())
    assert "Product row 1" in dlg.fields.general.text()
    assert (
        rows(book3k, "SELECT value FROM settings WHERE key = 'lead_days'") == []
    )  # nothing was written
    dlg.product_table.item(0, 2).setText("6.5")
    dlg.save()
    qtbot.waitUntil(lambda: gone(dlg))
    assert rows(book3k, "SELECT value FROM settings WHERE key = 'lead_days'") == [("5",)]
    assert rows(book3k, "SELECT unit_price_fen FROM products ORDER BY id LIMIT 1") == [(650,)]


def test_switch_language(qtbot, win):
    assert win.tabs.tabText(0) == "Today"
    assert win.menuBar().actions()[0].text() == "&File"
    n = win.today_view.model("resupply").total
    items = win.today_view.model("resupply").item_count
    win.set_language("zh")
    assert win.tabs.tabText(0) == "今日"
    assert win.menuBar().actions()[0].text().startswith("文件")
    qtbot.waitUntil(lambda: win.today_view.is_loaded)
    assert win.today_view.tabs.tabText(0) == f"补货 {n} 位（{items} 项）"
    assert win.today_view.tabs.tabText(1).startswith("挽回 ")
    item = win.today_view.model("resupply").items[0]
    assert "用完" in win.today_view.model("resupply").data(
        win.today_view.model("resupply").index(0, 4)
    )
    assert item.product in win.today_view.model("resupply").data(
        win.today_view.model("resupply").index(0, 4)
    )
    win.set_language("en")
    assert win.tabs.tabText(0) == "Today"


def test_every_text_has_a_chinese_translation():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, str(root / "bench" / "translations.py"), "--check"],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout
    for qm in ("salesbook_zh_CN.qm", "salesbook_en.qm"):
        assert (root / "ui" / "resources" / "translations" / qm).stat().st_size > 100


def test_record_dialog_refuses_bad_quantity(qtbot, win, book3k):
    cid = rows(book3k, "SELECT customer_id FROM supply LIMIT 1")[0][0]
    n = rows(book3k, "SELECT COUNT(*) FROM deliveries")[0][0]
    dlg = win.open_delivery(cid)
    qtbot.waitUntil(lambda: dlg.picker.customer_id == cid and dlg.product.count() > 0)
    dlg.quantity.setText("-3")
    dlg.save()
    qtbot.waitUntil(lambda: dlg.fields.text("quantity") != "")
    assert "greater than 0" in dlg.fields.text("quantity")
    assert rows(book3k, "SELECT COUNT(*) FROM deliveries")[0][0] == n
    dlg.reject()


def test_record_dialog_converts_or_refuses_a_typed_unit(qtbot, win, book3k):
    """3斤 of rice (sold by the kg) is 1.5 kg; 2袋 is refused, naming the unit."""
    cid = rows(book3k, "SELECT customer_id FROM supply LIMIT 1")[0][0]
    rice = rows(book3k, "SELECT id FROM products WHERE name = '大米'")[0][0]
    n = rows(book3k, "SELECT COUNT(*) FROM deliveries")[0][0]
    dlg = win.open_delivery(cid)
    qtbot.waitUntil(lambda: dlg.picker.customer_id == cid and dlg.product.count() > 0)
    dlg.product.setCurrentIndex(dlg.product.findData(rice))
    dlg.quantity.setText("2袋")
    dlg.save()
    qtbot.waitUntil(lambda: dlg.fields.text("quantity") != "")
    assert "袋" in dlg.fields.text("quantity") and "kg" in dlg.fields.text("quantity")
    assert rows(book3k, "SELECT COUNT(*) FROM deliveries")[0][0] == n
    dlg.quantity.setText("3斤")
    dlg.save()
    qtbot.waitUntil(lambda: rows(book3k, "SELECT COUNT(*) FROM deliveries")[0][0] == n + 1)
    assert rows(book3k, "SELECT product_id, quantity FROM deliveries ORDER BY id DESC LIMIT 1") == [
        (rice, 1.5)
    ]


def test_ctrl_d_opens_delivery_and_picks_a_customer_by_typing(qtbot, win, book3k):
    from ui.delivery_dialog import DeliveryDialog

    name, phone, cid = rows(
        book3k, "SELECT name, phone, id FROM customers ORDER BY id LIMIT 1 OFFSET 77"
    )[0]
    qtbot.keyClick(win, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dlg = win.findChild(DeliveryDialog)
    assert dlg is not None
    qtbot.keyClicks(dlg.picker.edit, phone)
    qtbot.waitUntil(
        lambda: (
            dlg.picker.results.count() == 1
            and dlg.picker.results.item(0).data(Qt.ItemDataRole.UserRole) is not None
        )
    )
    qtbot.keyClick(dlg.picker.edit, Qt.Key.Key_Return)
    assert dlg.picker.customer_id == cid
    dlg.reject()


def test_enter_on_a_today_row_starts_its_first_action(qtbot, win):
    from ui.payment_dialog import PaymentDialog

    today = win.today_view
    today.tabs.setCurrentWidget(today.tables["collect"])
    table = today.tables["collect"].table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = win.findChild(PaymentDialog)
    assert dialog is not None
    item = today.model("collect").items[0]
    qtbot.waitUntil(lambda: dialog.picker.customer_id == item.customer_id)
    dialog.reject()


def test_reminder_on_start_can_be_snoozed(qtbot, win):
    from PySide6.QtCore import QSettings

    banner = win.today_view.banner
    qtbot.waitUntil(banner.isVisible)  # once the book said how many complaints are open
    counts = {k: win.today_view.model(k).total for k in ("resupply", "collect", "follow_up")}
    text = banner.text.text()
    assert f"Resupply {counts['resupply']}" in text and f"collect {counts['collect']}" in text
    banner._snooze(60)
    assert not banner.isVisible()
    assert QSettings().value("reminders/snoozed_until")
    assert (
        win.reminders.timer.isActive()
        and 59 * 60_000 < win.reminders.timer.remainingTime() <= 3_605_000
    )
    assert "remind you again" in win.statusBar().currentMessage()


def test_level_change_from_the_detail_keeps_the_reason(qtbot, win, book3k):
    from ui.customer_detail import LevelDialog

    cid = rows(book3k, "SELECT id FROM customers WHERE level = 'passerby' ORDER BY id LIMIT 1")[0][
        0
    ]
    detail = win.open_customer(cid)
    qtbot.waitUntil(lambda: detail.profile is not None and detail.profile.customer.id == cid)
    detail._level()
    dlg = detail.findChild(LevelDialog)
    dlg.level.setCurrentIndex(dlg.level.findData("friend"))
    dlg.reason.setText("介绍了两位邻居")
    dlg.accept()
    qtbot.waitUntil(
        lambda: rows(book3k, "SELECT level FROM customers WHERE id = ?", (cid,)) == [("friend",)]
    )
    qtbot.waitUntil(lambda: detail.profile.customer.level == "friend")
    assert detail.levels.model().rows[0][-1] == "介绍了两位邻居"
    assert detail.level_chip.text() == "friend"


def _item(kind, days_left, **kw):
    from datetime import timedelta

    from salesbook.records.due import DueItem

    day = (TODAY + timedelta(days=days_left)).isoformat()
    fields = dict(kind=kind, customer_uid="u", customer="王", phone=None, area=None,
                  product="大米" if kind == "resupply" else None,
                  runout_date=day if kind == "resupply" else None, due_date=day, status="due",
                  days_left=days_left, amount="12.00", level="friend", last_contact=None,
                  customer_id=1, product_id=1 if kind == "resupply" else None, amount_fen=1200)  # fmt: skip
    fields.update(kw)
    return DueItem(**fields)


def test_a_collection_says_its_payday_and_how_late(win):
    from ui.due_table import describe

    assert describe(_item("collect", 0), TODAY) == "owes ¥12.00, payday today"
    # overdue and at risk: the payday's date and how many days late (not "payday passed")
    assert describe(_item("collect", -3), TODAY) == "owes ¥12.00, payday Nov 20, 3 days late"
    assert describe(_item("collect", -1), TODAY) == "owes ¥12.00, payday Nov 22, 1 day late"
    assert describe(_item("collect", 5), TODAY) == "owes ¥12.00, payday Nov 28"


def test_words_agree_with_the_status(win):
    from ui.due_table import describe

    # on the run-out day (overdue from that day on): not "runs out Nov 23"
    assert describe(_item("resupply", 0, status="overdue"), TODAY) == "大米: runs out today"
    assert describe(_item("resupply", -9, status="overdue"), TODAY) == (
        "大米: ran out Nov 14, 9 days ago"
    )
    assert describe(_item("resupply", 2), TODAY) == "大米: runs out Nov 25"
    # a follow-up says the level and its cadence
    cadence = {"friend": 30}
    seen = _item("follow_up", -5, last_contact="2026-10-19")
    assert describe(seen, TODAY, cadence) == "friend, every 30 days: no contact for 35 days"
    assert (
        describe(_item("follow_up", 0), TODAY, cadence) == "friend, every 30 days: never contacted"
    )


def test_today_words_in_chinese(qtbot, win):
    from ui.due_table import describe

    win.set_language("zh")
    qtbot.waitUntil(lambda: win.today_view.is_loaded)
    assert describe(_item("resupply", 0, status="overdue"), TODAY) == "大米 今天用完"
    assert describe(_item("collect", -4), TODAY) == "欠款 ¥12.00，发薪日 11月19日，已过 4 天"
    seen = _item("follow_up", -5, last_contact="2026-10-19")
    assert describe(seen, TODAY, {"friend": 30}) == "朋友，每 30 天联系一次：35 天未联系"
    model = win.today_view.model("follow_up")
    assert "天联系一次" in model.data(model.index(0, model.COLUMNS.index("what")))
    win.set_language("en")
