"""The window on a 100,000-customer book (slow: the book is built once per
session, about two minutes; set SALESBOOK_BIG_BOOK=/path to reuse one built
with `salesbook demo PATH --customers 100000 --today 2026-11-23`).

    QT_QPA_PLATFORM=offscreen pytest -m slow tests/test_ui_big.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ui_support import demo_book, isolated_qsettings, open_window, rows  # noqa: F401

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def book100k(tmp_path_factory) -> Path:
    given = os.environ.get("SALESBOOK_BIG_BOOK")
    if given and Path(given).exists():
        return Path(given)
    return demo_book(tmp_path_factory.mktemp("big"), 100_000)


def test_search_in_a_100k_book_finds_the_right_row(qtbot, book100k):
    win = open_window(qtbot, book100k)
    view = win.customers_view
    win.show_view("customers")
    model = view.model
    qtbot.waitUntil(
        lambda: model.total is not None and model.rowCount() == model.total, timeout=30_000
    )
    assert model.total > 90_000
    cid, name, phone = rows(book100k, "SELECT id, name, phone FROM customers WHERE id = 76543")[0]
    for n in range(4, len(phone) + 1):  # typed a digit at a time
        view.search.setText(phone[:n])
    qtbot.waitUntil(lambda: model.query.text == phone and not model.pending_reset, timeout=10_000)
    assert [r.id for r in model.rows] == [cid]
    assert model.data(model.index(0, 0)) == name
    # by name, then narrowed by area: the customer is among the rows, paged in on demand
    area = rows(book100k, "SELECT area FROM customers WHERE id = ?", (cid,))[0][0]
    view.search.setText(name)
    view.area.setCurrentIndex(view.area.findData(area))
    qtbot.waitUntil(lambda: model.query.text == name and model.query.area == area and not model.pending_reset,
                    timeout=10_000)  # fmt: skip
    for row in range(0, model.rowCount(), 100):  # scrolled through, the pages come in view
        if model.row_of(cid) >= 0:
            break
        model.data(model.index(row, 0))
        qtbot.waitUntil(lambda: not model.fetching, timeout=10_000)
    assert model.row_of(cid) >= 0
    assert view.select_customer(cid)
    assert view.selected().id == cid
    # the Today list of a big book is there too, most urgent first, every row
    # counted (one per customer) and Ctrl+End builds only the last page
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from ui.due_table import PAGE

    table = win.today_view.tables["resupply"]
    model = table.model
    assert model.rowCount() == model.total > 1000
    win.show_view("today")
    table.table.setFocus()
    QTest.keyClick(table.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = model.rowCount() - 1
    assert table.table.currentIndex().row() == last
    qtbot.waitUntil(lambda: model.row_at(last) is not None, timeout=10_000)
    assert len(model.loaded()) <= 3 * PAGE
