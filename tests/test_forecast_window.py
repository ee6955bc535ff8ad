"""Issue 18 in the window (pytest-qt, offscreen): the customer detail says when
the book believes a household uses unusually little, and sets / clears the
family's own rate; Settings shows how good the reminders are on this book."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_support import (  # noqa: F401 - the autouse fixture must be imported to apply
    isolated_qsettings,
    open_window,
    rows,
    wait_idle,
)

from salesbook.records.deliveries import record_delivery


@pytest.fixture
def book_path(seeded):
    """张伟 (4 people: rice rule of thumb 0.6 kg a day) buys 10 kg every 50 days."""
    b = seeded.book
    for day in ("2025-12-01", "2026-01-20", "2026-03-11"):
        record_delivery(b, seeded.zhang1.id, seeded.rice.id, 10, on=day)
    b.close()
    return seeded.path


def open_detail(qtbot, win, customer_id: int):
    detail = win.open_customer(customer_id)
    qtbot.waitUntil(
        lambda: detail.profile is not None and detail.profile.customer.id == customer_id
    )
    return detail


def override(path, cid, pid):
    return rows(
        path,
        "SELECT daily_rate FROM consumption_overrides WHERE customer_id = ? AND product_id = ?",
        (cid, pid),
    )


def test_unusual_use_is_said_and_the_rate_can_be_set_and_cleared(qtbot, seeded, book_path):
    win = open_window(qtbot, book_path)
    detail = open_detail(qtbot, win, seeded.zhang1.id)
    assert detail.usage_note.isVisible()
    assert "uses little 大米" in detail.usage_note.text()
    assert "rule of thumb 0.60 kg" in detail.usage_note.text()
    assert detail.rate_product.currentText() == "大米"
    assert detail.rate_state.text() == "estimated by the book"
    assert not detail.rate_clear.isEnabled()
    detail.rate_spin.setValue(0.25)
    qtbot.mouseClick(detail.rate_set, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: override(book_path, seeded.zhang1.id, seeded.rice.id) == [(0.25,)])
    qtbot.waitUntil(lambda: detail.rate_state.text() == "set by you")
    assert not detail.usage_note.isVisible()  # the rep has said what they use
    prior = rows(book_path, "SELECT prior_rate FROM supply WHERE customer_id = ? AND product_id = ?",
                 (seeded.zhang1.id, seeded.rice.id))  # fmt: skip
    assert prior == [(0.25,)]
    assert detail.rate_clear.isEnabled()
    qtbot.mouseClick(detail.rate_clear, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: override(book_path, seeded.zhang1.id, seeded.rice.id) == [])
    qtbot.waitUntil(lambda: detail.rate_state.text() == "estimated by the book")
    wait_idle(qtbot, win)


def test_a_usual_household_gets_no_note(qtbot, seeded, book_path):
    win = open_window(qtbot, book_path)
    detail = open_detail(qtbot, win, seeded.wang.id)
    assert not detail.usage_note.isVisible()
    assert detail.rate_product.count() == 1 and detail.rate_set.isEnabled()
    wait_idle(qtbot, win)


def test_settings_checks_the_forecast_on_this_book(qtbot, seeded, book_path):
    win = open_window(qtbot, book_path)
    dlg = win.open_settings()
    qtbot.waitUntil(lambda: dlg.loaded)
    assert "Not checked yet" in dlg.accuracy.text()
    qtbot.mouseClick(dlg.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Too little history" in dlg.accuracy.text())
    assert rows(book_path, "SELECT COUNT(*) FROM settings WHERE key = 'forecast_fit'") == [(1,)]
    wait_idle(qtbot, win)
