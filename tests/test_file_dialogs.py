"""Every file dialog of the window leaves the book's SQLite locks alone (issue 16, part 1).

SQLite's POSIX locks belong to the process: Qt's file dialog used to open the
book, its -wal and -shm to sniff their MIME types for icons, and the window
silently lost its locks (then a CLI call could delete the WAL it wrote into).
Each dialog here is opened for real, through the action the user clicks, on
the book's own folder; while it shows and lists the folder, /proc/locks must
still show this process's locks on the book file and on its -shm.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc/locks (Linux)"
)

from PySide6.QtCore import QFileInfo, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel  # noqa: E402
from ui_support import TODAY, isolated_qsettings, open_window, wait_idle  # noqa: E402,F401

from salesbook.cli.demo import build_demo  # noqa: E402


def held_locks(book: Path) -> set[str]:
    """Which of the book's files this process holds a POSIX lock on ('book', 'shm')."""
    names = {}
    for suffix, name in (("", "book"), ("-shm", "shm")):
        st = os.stat(str(book) + suffix)
        names[(os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)] = name
    held = set()
    with open("/proc/locks") as f:
        for line in f:
            parts = line.split()
            if parts[1] == "->":  # a waiter
                continue
            if parts[1] != "POSIX" or parts[4] != str(os.getpid()):
                continue
            major, minor, inode = parts[5].split(":")
            key = (int(major, 16), int(minor, 16), int(inode))
            if key in names:
                held.add(names[key])
    return held


def through_dialog(qtbot, trigger, book: Path) -> dict:
    """Run ``trigger`` (which opens a modal file dialog); while the dialog shows,
    let it list its folder, ask its model for every file's icon and type (what
    painting the list does), note its folder and the locks held, then cancel."""
    seen: dict = {}
    tries = [0]

    def poll() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, QFileDialog):
            tries[0] += 1
            if tries[0] < 400:
                QTimer.singleShot(25, poll)
            return
        model = dlg.findChild(QFileSystemModel)
        qtbot.wait(500)  # the folder's details come in from Qt's gatherer thread
        provider = model.iconProvider()
        for path in sorted(book.parent.iterdir()):
            index = model.index(str(path))
            model.data(index, Qt.ItemDataRole.DecorationRole)
            model.data(index.siblingAtColumn(2))  # the type column
            provider.icon(QFileInfo(str(path)))
            provider.type(QFileInfo(str(path)))
        qtbot.wait(100)
        seen["folder"] = Path(dlg.directory().absolutePath())
        seen["locks"] = held_locks(book)
        dlg.reject()

    QTimer.singleShot(0, poll)
    trigger()
    assert "locks" in seen, "no file dialog was shown"
    return seen


@pytest.fixture
def book_folder(tmp_path, monkeypatch):
    """A book in a folder that is also home and the current folder, where every
    dialog opens (a rep's book in ~ is the usual case)."""
    home = tmp_path / "home"
    home.mkdir()
    book = home / "book.db"
    build_demo(book, customers=20, today=TODAY)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    QSettings().setValue("team/path", str(home / "team.db"))
    return book


def test_every_file_dialog_keeps_the_books_locks(qtbot, book_folder):
    from ui import book_files
    from ui.team_window import TeamWindow

    book = book_folder
    window = open_window(qtbot, book)
    wait_idle(qtbot, window)
    assert held_locks(book) == {"book", "shm"}  # what SQLite holds while the book is open
    (book.parent / "notes.txt").write_text("x")  # a file of another kind beside the book

    team = TeamWindow()
    qtbot.addWidget(team)
    team.open_team(book.parent / "team.db")
    qtbot.waitUntil(lambda: team.report is not None, timeout=10_000)

    def export_dialog():
        dialog = window.open_plugin("ui.export_dialog")
        dialog.choose_and_export()
        dialog.close()

    def import_choose():
        wizard = window.open_plugin("ui.import_wizard")
        wizard.choose()
        wizard.close()

    dialogs = {
        "File > New book": lambda: book_files.new_book(window),
        "File > Open book": window.open_book_dialog,
        "File > Save a copy": lambda: book_files.save_copy(window),
        "File > Export": export_dialog,
        "File > Import: choose": import_choose,
        "Plan: Save as PDF": window.plan_view.ask_pdf,
        "Value: export chart": lambda: window.views["value"]._export_dialog("pyramid"),
        "Team: new": team.new_team_dialog,
        "Team: open": team.open_team_dialog,
        "Team: import": team.import_dialog,
        "Team: export": team.export_dialog,
    }
    lost = {}
    for name, trigger in dialogs.items():
        seen = through_dialog(qtbot, trigger, book)
        assert seen["folder"] == book.parent, name
        if seen["locks"] != {"book", "shm"}:
            lost[name] = seen["locks"]
    assert lost == {}
    wait_idle(qtbot, window)
    assert held_locks(book) == {"book", "shm"}


def test_the_open_book_cannot_be_read_as_a_spreadsheet(qtbot, book_folder):
    book = book_folder
    window = open_window(qtbot, book)
    wait_idle(qtbot, window)
    wizard = window.open_plugin("ui.import_wizard")
    for name in (book.name, book.name + "-wal", book.name + "-shm"):
        wizard.path.setText(str(book.parent / name))
        wizard.read()
        qtbot.waitUntil(lambda: "cannot be imported" in wizard.info.text(), timeout=10_000)
        assert name in wizard.info.text()
        wizard.info.setText("")
    assert held_locks(book) == {"book", "shm"}
    wizard.close()
