"""File menu: new book, open, recent books, a demo book, save a copy.

Functions over the main window (its session, status bar and dialogs); the
texts are in the MainWindow translation context."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMenu

from . import file_dialogs
from .widgets import inform
from .workers import Cancelled, Progress, aux

MAX_RECENT = 8


def recent_books() -> list[str]:
    value = QSettings().value("recent_books") or []
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value if v]


def remember_book(path: str) -> None:
    items = [p for p in recent_books() if p != path]
    QSettings().setValue("recent_books", [path, *items][:MAX_RECENT])


def new_book(window) -> None:
    title = QCoreApplication.translate("MainWindow", "New book")
    kinds = QCoreApplication.translate("MainWindow", "Salesbook books (*.db)")
    path, _ = file_dialogs.getSaveFileName(window, title, str(Path.home() / "salesbook.db"), kinds)
    if not path:
        return
    if Path(path).exists():
        text = QCoreApplication.translate("MainWindow", "{path} already exists: use Open.")
        inform(window, title, text.format(path=path))
        return
    window.open_book_path(path)


def open_book_dialog(window) -> None:
    start = str(window.session.path.parent) if window.session.path else str(Path.home())
    title = QCoreApplication.translate("MainWindow", "Open a book")
    kinds = QCoreApplication.translate("MainWindow", "Salesbook books (*.db);;All files (*)")
    path, _ = file_dialogs.getOpenFileName(window, title, start, kinds)
    if path:
        window.open_book_path(path, create=False)


def fill_recent(window, menu: QMenu) -> None:
    menu.clear()
    items = recent_books()
    if not items:
        a = menu.addAction(QCoreApplication.translate("MainWindow", "No recent books"))
        a.setEnabled(False)
    for p in items:
        a = menu.addAction(p)
        a.triggered.connect(lambda _=False, p=p: window.open_book_path(p, create=False))


def build_demo_book(progress, path: str, customers: int, today: date):
    from salesbook.cli.demo import build_demo

    return build_demo(path, customers=customers, today=today, progress=progress)


def open_demo(window, customers: int = 300) -> None:
    """A demo book in a temporary folder (deleted when the window closes),
    written on a worker thread with progress and cancel, then opened."""
    folder = Path(tempfile.mkdtemp(prefix="salesbook-demo-"))
    window.temp_dirs.append(folder)
    path = folder / "demo.db"
    window.status(QCoreApplication.translate("MainWindow", "Writing a demo book…"))

    def _failed(exc: Exception) -> None:
        if isinstance(exc, Cancelled):
            window.status(QCoreApplication.translate("MainWindow", "Demo book cancelled"))
        else:
            window.show_error(exc)

    Progress(
        window, aux(), QCoreApplication.translate("MainWindow", "Writing a demo book"), build_demo_book,
        str(path), customers, window.today(), cancel_text=QCoreApplication.translate("MainWindow", "Cancel"),
        done=lambda _r: window.open_book_path(path, demo=True), error=_failed,
    )  # fmt: skip


def save_copy(window) -> None:
    from salesbook.records.views import save_copy as copy_book

    if not window.session.is_open:
        return
    title = QCoreApplication.translate("MainWindow", "Save a copy of the book")
    kinds = QCoreApplication.translate("MainWindow", "Salesbook books (*.db)")
    default = str(Path.home() / f"salesbook-{window.today().isoformat()}.db")
    path, _ = file_dialogs.getSaveFileName(window, title, default, kinds)
    if path:
        done_text = QCoreApplication.translate("MainWindow", "Copy saved: {path}")
        window.session.call(copy_book, path, error=window.show_error,
                            done=lambda p: window.status(done_text.format(path=p)))  # fmt: skip
