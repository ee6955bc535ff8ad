"""Helpers for the window tests (tests/test_ui*.py): a demo book built once per
session, an isolated QSettings, and a window opened on a copy of a book."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path):
    """Window geometry, recent books and the language choice go to the test's folder."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    yield


def demo_book(folder: Path, customers: int) -> Path:
    from salesbook.cli.demo import build_demo

    path = folder / f"demo{customers}.db"
    build_demo(path, customers=customers, today=TODAY)
    return path


def copy_book(src: Path, folder: Path) -> Path:
    dest = folder / "book.db"
    shutil.copyfile(src, dest)
    return dest


def open_window(qtbot, path: Path | str | None, lang: str = "en", demo: bool = False):
    """The real main window on ``path``, shown, with Today loaded."""
    from ui.app import create_app, create_window

    create_app(lang)
    window = create_window(path, demo=demo, today=TODAY)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.today_view.is_loaded, timeout=30_000)
    return window


def rows(path: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the book with plain sqlite3, as another program would see it."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def click_row_action(qtbot, due_table, row: int, action: str) -> None:
    """Click the painted button ``action`` on ``row`` of a Today table."""
    from ui.due_table import DueModel

    table = due_table.table
    index = due_table.model.index(row, DueModel.COLUMNS.index("actions"))
    table.scrollTo(index)
    option = QStyleOptionViewItem()
    option.rect = table.visualRect(index)
    option.fontMetrics = table.fontMetrics()
    rect = dict(due_table.delegate._rects(option))[action]
    center: QPoint = rect.center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)


def gone(widget) -> bool:
    """Closed (a dialog with WA_DeleteOnClose is deleted when it closes)."""
    import shiboken6

    return not shiboken6.isValid(widget) or not widget.isVisible()


def wait_idle(qtbot, window, timeout: int = 20_000) -> None:
    """Until the book thread has nothing queued and the results were delivered."""
    qtbot.waitUntil(lambda: window.session.idle(), timeout=timeout)
