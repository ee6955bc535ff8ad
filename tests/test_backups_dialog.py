"""The Backups dialog (ui/backups_dialog.py), driven with qtbot."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from salesbook.records.customers import add_customer  # noqa: E402
from salesbook.store import backup  # noqa: E402


def names(path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute("SELECT name FROM customers ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture(autouse=True)
def english(qapp):
    from salesbook import i18n as core_i18n
    from ui import i18n

    before_ui, before_core = i18n.current(), core_i18n._lang
    i18n.install("en")
    yield
    i18n.install(before_ui)
    core_i18n.set_language(before_core)


@pytest.fixture
def book_with_backups(seeded):
    b = seeded.book
    old = backup.create_backup(b, "manual", now=datetime(2026, 3, 1, 9, 0))
    add_customer(b, name="备份之后")
    b.close()
    return seeded.path, old


def test_lists_backs_up_and_restores(qtbot, book_with_backups):
    from ui.backups_dialog import BackupsDialog

    path, old = book_with_backups
    calls = []
    dialog = BackupsDialog(
        path, before_restore=lambda: calls.append("before"), after_restore=lambda r: calls.append(r)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 2  # the manual one and the close backup
    assert str(backup.backups_dir(path)) in dialog.folder.text()
    # back up now
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3 and not dialog.busy, timeout=10_000)
    assert "Backed up" in dialog.message.text()
    # pick the March backup and restore it through the question box
    row = next(i for i, b in enumerate(dialog.items) if b.id == old.id)
    dialog.table.selectRow(row)
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    box = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    )
    assert "kept as a backup" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(calls) == 2 and not dialog.busy, timeout=10_000)
    assert calls[0] == "before" and calls[1].restored.id == old.id
    assert "备份之后" not in names(path)
    reasons = [b.reason for b in dialog.items]
    assert "before-restore" in reasons  # the replaced book is in the list, restorable
    assert "kept as backup" in dialog.message.text()


def test_restore_refused_while_another_program_has_the_book(qtbot, book_with_backups, monkeypatch):
    from salesbook.store import lock
    from ui.backups_dialog import BackupsDialog

    path, old = book_with_backups
    held = lock.acquire(path)  # this process "has it open": restore must refuse
    try:
        seen = []
        dialog = BackupsDialog(path, after_restore=seen.append)
        qtbot.addWidget(dialog)
        dialog.restore(old.id)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
        assert seen == [None]  # the window reopens the book as it was
        assert "close it first" in dialog.message.text()
        assert "备份之后" in names(path)
    finally:
        held.release()
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox):
                w.close()


def test_empty_and_damaged(qtbot, tmp_path):
    from ui.backups_dialog import BackupsDialog

    dialog = BackupsDialog(tmp_path / "none.db")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert "No backups yet" in dialog.message.text()
    assert not dialog.restore_button.isEnabled()
