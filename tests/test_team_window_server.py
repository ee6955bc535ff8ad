"""View > Team > Server team book… (issue 17): a manager opens the team book on
a PostgreSQL server by its URL; a URL with a password is refused, never stored."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox  # noqa: E402
from ui_support import TODAY, isolated_qsettings  # noqa: E402,F401

from salesbook.cli.demo import build_demo  # noqa: E402
from salesbook.excel.summary import write_summary  # noqa: E402
from salesbook.store.book import open_book  # noqa: E402
from salesbook.team import import_summary, open_team  # noqa: E402


def warnings() -> list[str]:
    return [
        w.text() for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "team_warning" and w.isVisible()
    ]  # fmt: skip


@pytest.fixture
def window(qtbot, qapp):
    from ui import i18n
    from ui.team_window import TeamWindow

    before = i18n.current()
    i18n.install("en")
    win = TeamWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible():
            w.close()
    i18n.install(before)


def rep_on_server(pg_url, tmp_path, rep: str, customers: int, seed: int):
    """A rep's demo book, its summary imported into the server's team book."""
    db = tmp_path / "rep.db"
    build_demo(db, customers=customers, seed=seed, today=TODAY)
    book = open_book(db)
    write_summary(book, tmp_path / "s.xlsx", rep=rep, on=TODAY)
    book.close()
    with open_team(pg_url) as team:
        assert import_summary(team, tmp_path / "s.xlsx").status == "imported"
    return db


def test_open_a_server_team_book_by_its_url(qtbot, window, pg_url, tmp_path, monkeypatch):
    rep_on_server(pg_url, tmp_path, "王芳", customers=30, seed=5)
    asked = []

    def get_text(parent, title, label, text=""):
        asked.append(label)
        return pg_url, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    window.server_button.click()
    qtbot.waitUntil(lambda: window.report is not None, timeout=20_000)
    assert "pgpass" in asked[0] and "PGPASSWORD" in asked[0]
    assert [r.rep for r in window.report.reps] == ["王芳"]
    assert pg_url in window.path_label.text()
    assert QSettings().value("team/path") == pg_url


def test_a_url_with_a_password_is_refused_and_not_stored(qtbot, window, monkeypatch):
    url = "postgresql://manager:s3cret@server.example.com/salesbook"
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (url, True)))
    window.server_button.click()
    qtbot.waitUntil(lambda: bool(warnings()), timeout=5_000)
    assert "pgpass" in warnings()[0]
    assert "s3cret" not in str(QSettings().value("team/path") or "")
    assert not window.session.is_open


def test_the_view_menu_opens_a_server_team_book(qtbot, pg_url, tmp_path, monkeypatch):
    """View > Team > Open a server team book… in the main window: the Team window
    comes up asking for the URL, and opens the server's team book."""
    from ui_support import copy_book, open_window

    db = rep_on_server(pg_url, tmp_path, "李强", customers=20, seed=6)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (pg_url, True)))
    main = open_window(qtbot, copy_book(db, tmp_path), lang="en")
    view = next(a.menu() for a in main.menuBar().actions() if a.text() == "&View")
    team = next(a.menu() for a in view.actions() if a.menu() and a.text() == "&Team")
    action = next(a for a in team.actions() if a.text() == "Open a &server team book…")
    action.trigger()
    win = main.team_window
    qtbot.waitUntil(lambda: win.report is not None, timeout=20_000)
    assert "李强" in [r.rep for r in win.report.reps]
    assert QSettings().value("team/path") == pg_url
    win.close()
    main.close()
