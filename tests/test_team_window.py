"""View > Team (ui/team_window.py): import two reps' summaries, read the report."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

import openpyxl  # noqa: E402
import shiboken6  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402
from ui_support import TODAY, isolated_qsettings  # noqa: E402,F401

from salesbook.cli.demo import build_demo  # noqa: E402
from salesbook.excel.summary import write_summary  # noqa: E402
from salesbook.store.book import open_book  # noqa: E402
from salesbook.team import open_team, team_report  # noqa: E402
from ui import file_dialogs  # noqa: E402


@pytest.fixture(scope="module")
def rep_books(tmp_path_factory):
    d = tmp_path_factory.mktemp("team_reps")
    a, b = d / "wang.db", d / "li.db"
    build_demo(a, customers=60, seed=11, today=TODAY)
    build_demo(b, customers=40, seed=12, today=TODAY)
    return a, b


def summary(db, path, rep: str, on: date = TODAY):
    book = open_book(db)
    try:
        write_summary(book, path, rep=rep, on=on)
    finally:
        book.close()
    return path


@pytest.fixture
def summaries(rep_books, tmp_path):
    a, b = rep_books
    return (summary(a, tmp_path / "wang-old.xlsx", "王芳", date(2026, 11, 16)),
            summary(b, tmp_path / "li.xlsx", "李强"),
            summary(a, tmp_path / "wang-new.xlsx", "王芳"))  # fmt: skip


@pytest.fixture
def lang_app(qapp):
    from salesbook import i18n as core_i18n
    from ui import i18n

    before_ui, before_core = i18n.current(), core_i18n._lang

    def use(lang: str):
        i18n.install(lang)

    yield use
    i18n.install(before_ui)
    core_i18n.set_language(before_core)


@pytest.fixture
def team_window(qtbot, tmp_path, lang_app):
    from ui.team_window import TeamWindow

    lang_app("en")
    win = TeamWindow()
    qtbot.addWidget(win)
    win.show()
    path = tmp_path / "team.db"
    win.open_team(path)
    qtbot.waitUntil(lambda: win.report is not None, timeout=10_000)
    yield win, path
    close_boxes()


def close_boxes() -> None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and shiboken6.isValid(w) and w.isVisible():
            w.close()


def result_box() -> QMessageBox:
    return next(
        w for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "team_import_result" and w.isVisible()
    )  # fmt: skip


def column(table, c: int) -> list[str]:
    return [table.item(r, c).text() for r in range(table.rowCount())]


def import_and_wait(qtbot, win, paths) -> None:
    shown = []
    win.report_shown.connect(lambda: shown.append(1))
    win.import_files([str(p) for p in paths])
    qtbot.waitUntil(lambda: bool(shown) and not win.busy, timeout=30_000)


def test_empty_team_book_says_what_to_do(team_window):
    win, _ = team_window
    assert win.stack.currentWidget() is win.empty
    assert "Import the summaries" in win.empty.hint.text()
    assert win.import_button.isEnabled() and not win.export_button.isEnabled()


def test_import_two_reps_and_read_the_report(qtbot, team_window, summaries, tmp_path, monkeypatch):
    win, path = team_window
    old, li, new = summaries
    # through the file dialog, multi-select
    monkeypatch.setattr(
        file_dialogs, "getOpenFileNames", lambda *a: ([str(old), str(li)], "*.xlsx")
    )
    shown = []
    win.report_shown.connect(lambda: shown.append(1))
    win.import_button.click()
    qtbot.waitUntil(lambda: bool(shown) and not win.busy, timeout=30_000)
    assert [r.status for r in win.last_import] == ["imported", "imported"]
    assert "王芳: imported wang-old.xlsx" in result_box().text()
    close_boxes()
    assert win.stack.currentWidget() is win.tabs
    # the tables show what the core reports
    with open_team(path, create=False) as team:
        core = team_report(team, None, top=win.top)
    table = win.reps_table
    assert sorted(column(table, 0)) == sorted(r.rep for r in core.reps) == ["李强", "王芳"]
    by_rep = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    for rep in core.reps:
        row = by_rep[rep.rep]
        assert table.item(row, 2).text() == f"{rep.customers:,}"
        assert table.item(row, 3).text() == str(rep.due_this_week)
        assert table.item(row, 4).text() == str(rep.overdue)
        assert (
            table.item(row, 5).text().replace(",", "").lstrip("¥")
            == f"{rep.receivables_fen / 100:.2f}"
        )
    assert win.due_table.rowCount() == len(core.due) > 0
    assert set(column(win.due_table, 1)) == {"王芳", "李强"}
    assert win.top_table.rowCount() == len(core.top_customers) > 0
    assert win.conflicts_table.rowCount() == sum(len(c.entries) for c in core.conflicts)
    assert "2 reps" in win.headline.text()
    assert win.export_button.isEnabled()
    qtbot.waitUntil(lambda: win.chart.has_image, timeout=30_000)


def test_reimport_newer_summary_replaces(qtbot, team_window, summaries):
    win, path = team_window
    old, li, new = summaries
    import_and_wait(qtbot, win, [old, li])
    close_boxes()
    n_before = {win.reps_table.item(r, 0).text(): win.reps_table.item(r, 1).text()
                for r in range(win.reps_table.rowCount())}  # fmt: skip
    assert n_before["王芳"] == "2026-11-16"
    import_and_wait(qtbot, win, [new])
    assert [r.status for r in win.last_import] == ["replaced"]
    assert "王芳: replaced older summary" in result_box().text()
    assert "王芳: replaced older summary" in win.import_note.text()
    close_boxes()
    reps = column(win.reps_table, 0)
    assert sorted(reps) == ["李强", "王芳"]  # replaced, not duplicated
    as_of = {win.reps_table.item(r, 0).text(): win.reps_table.item(r, 1).text() for r in range(2)}
    assert as_of["王芳"] == "2026-11-23"
    # the older one again: kept what is there
    import_and_wait(qtbot, win, [old])
    assert [r.status for r in win.last_import] == ["older"]
    assert "kept the summary already here" in result_box().text()
    close_boxes()
    assert win.reps_table.rowCount() == 2


def test_bad_file_is_reported_and_the_rest_imported(qtbot, team_window, summaries, tmp_path):
    win, _ = team_window
    bad = tmp_path / "not-a-summary.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["hello"])
    wb.save(bad)
    import_and_wait(qtbot, win, [bad, summaries[1]])
    assert [r.status for r in win.last_import] == ["failed", "imported"]
    text = result_box().text()
    assert "not-a-summary.xlsx: not imported" in text and "Traceback" not in text
    assert result_box().icon() == QMessageBox.Icon.Warning
    close_boxes()
    assert column(win.reps_table, 0) == ["李强"]


def test_export_report(qtbot, team_window, summaries, tmp_path, monkeypatch):
    win, _ = team_window
    import_and_wait(qtbot, win, summaries[:2])
    close_boxes()
    out = tmp_path / "report"
    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a: (str(out), "*.xlsx"))
    win.export_button.click()
    qtbot.waitUntil(lambda: getattr(win, "exported_path", None) is not None, timeout=30_000)
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    assert wb.sheetnames == ["Team", "Due", "Top customers", "Conflicts"]
    wb.close()


def test_not_a_team_book(qtbot, team_window, rep_books):
    win, _ = team_window
    win.open_team(rep_books[0], create=False)  # a rep's book, not a team book
    qtbot.waitUntil(
        lambda: any(isinstance(w, QMessageBox) and w.objectName() == "team_warning" and w.isVisible()
                    for w in QApplication.topLevelWidgets()), timeout=10_000)  # fmt: skip
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "team_warning")
    assert "is not a team book" in box.text()


def test_menu_opens_team_window_in_chinese(qtbot, tmp_path, rep_books, summaries):
    from ui_support import copy_book, open_window

    with open_team(tmp_path / "t.db") as team:
        from salesbook.team import import_summaries

        import_summaries(team, summaries[:2])
    from PySide6.QtCore import QSettings

    window = open_window(qtbot, copy_book(rep_books[0], tmp_path), lang="zh")
    QSettings().setValue("team/path", str(tmp_path / "t.db"))  # the last team book opens again
    win = window.open_plugin("ui.team_window")
    qtbot.waitUntil(lambda: win.report is not None, timeout=10_000)
    assert win.windowTitle() == "团队"
    assert win.reps_table.horizontalHeaderItem(0).text() == "业务员"
    assert "2 名业务员" in win.headline.text()
    assert window.open_plugin("ui.team_window") is win  # one Team window
    win.close()
    window.close()


def test_a_conflict_is_said_at_import(qtbot, team_window, rep_books, tmp_path):
    """A customer another rep also has is named in the import note, not only in the report."""
    win, _ = team_window
    a, b = rep_books
    copy = tmp_path / "li-shared.db"
    copy.write_bytes(b.read_bytes())
    book = open_book(a)
    phone = book.conn.execute(
        "SELECT phone FROM customers WHERE phone IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    book.close()
    book = open_book(copy)
    with book.transaction() as conn:
        conn.execute(
            "UPDATE customers SET phone = ? WHERE id = (SELECT MIN(id) FROM customers)", (phone,)
        )
    name = book.conn.execute("SELECT name FROM customers WHERE phone = ?", (phone,)).fetchone()[0]
    book.close()
    wang = summary(a, tmp_path / "wang.xlsx", "王芳")
    li = summary(copy, tmp_path / "li-shared.xlsx", "李强")
    import_and_wait(qtbot, win, [wang, li])
    text = result_box().text()
    assert "also listed under another rep" in text and "same phone" in text
    assert name in text and "王芳" in text.split("li-shared.xlsx: ")[-1]
