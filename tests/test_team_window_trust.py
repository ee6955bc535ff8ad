"""View > Team (ui/team_window.py): a summary that would drop most of a rep's
customers asks first and says how many would go; a replaced summary comes back
with "Bring back previous summary…"."""

from __future__ import annotations

import json

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


@pytest.fixture(scope="module")
def good_summary(tmp_path_factory):
    d = tmp_path_factory.mktemp("team_trust_ui")
    db = d / "wang.db"
    build_demo(db, customers=50, seed=21, today=TODAY)
    book = open_book(db)
    try:
        write_summary(book, d / "wang.xlsx", rep="王芳", on=TODAY, today=TODAY)
    finally:
        book.close()
    return d / "wang.xlsx"


def small_copy(good, path, keep: int = 5):
    wb = openpyxl.load_workbook(good)
    ws = wb["客户"]
    ws.delete_rows(keep + 2, ws.max_row)
    for row in wb["说明"].iter_rows():
        if row[0].value == "customers":
            row[1].value = keep
        if row[0].value == "period_end":
            row[1].value = "2026-12-01"
    wb.save(path)
    return path


@pytest.fixture
def window(qtbot, tmp_path, qapp):
    from salesbook import i18n as core_i18n
    from ui import i18n
    from ui.team_window import TeamWindow

    before_ui, before_core = i18n.current(), core_i18n._lang
    i18n.install("en")
    win = TeamWindow()
    qtbot.addWidget(win)
    win.show()
    win.open_team(tmp_path / "team.db")
    qtbot.waitUntil(lambda: win.report is not None, timeout=10_000)
    yield win, tmp_path / "team.db"
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and shiboken6.isValid(w) and w.isVisible():
            w.close()
    i18n.install(before_ui)
    core_i18n.set_language(before_core)


def box(name: str) -> QMessageBox:
    return next(
        w for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()
    )  # fmt: skip


def has_box(name: str) -> bool:
    return any(
        isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()
        for w in QApplication.topLevelWidgets()
    )


def import_and_wait(qtbot, win, paths, force=False):
    shown = []
    win.report_shown.connect(lambda: shown.append(1))
    win.import_files([str(p) for p in paths], force=force)
    qtbot.waitUntil(lambda: bool(shown) and not win.busy, timeout=30_000)


def report_json(path) -> str:
    with open_team(path, create=False) as team:
        return json.dumps(team_report(team, TODAY).to_json(), ensure_ascii=False, sort_keys=True)


def test_shrinking_summary_asks_and_says_how_many_go(qtbot, window, good_summary, tmp_path):
    win, path = window
    import_and_wait(qtbot, win, [good_summary])
    box("team_import_result").close()
    n = win.report.reps[0].customers
    before = report_json(path)
    small = small_copy(good_summary, tmp_path / "wang-small.xlsx")
    import_and_wait(qtbot, win, [small])
    assert [r.status for r in win.last_import] == ["shrink"]
    ask = box("team_shrink_confirm")
    assert f"Importing it removes {n - 5} customers" in ask.text()
    assert f"lists 5 customers; the team book has {n}" in ask.text()
    ask.button(QMessageBox.StandardButton.Cancel).click()
    assert report_json(path) == before  # cancelled: nothing changed
    import_and_wait(qtbot, win, [small])
    shown = []
    win.report_shown.connect(lambda: shown.append(1))
    go = box("team_shrink_confirm").findChild(object, "team_shrink_import")
    assert f"{n - 5} customers go" in go.text()
    go.click()
    qtbot.waitUntil(lambda: has_box("team_import_result") and not win.busy, timeout=30_000)
    assert [r.status for r in win.last_import] == ["replaced"]
    qtbot.waitUntil(lambda: win.report.reps[0].customers == 5, timeout=10_000)


def test_bring_back_the_previous_summary(qtbot, window, good_summary, tmp_path):
    win, path = window
    import_and_wait(qtbot, win, [good_summary])
    box("team_import_result").close()
    before = report_json(path)
    assert not win.revert_button.isEnabled()  # nothing selected, nothing replaced
    import_and_wait(qtbot, win, [small_copy(good_summary, tmp_path / "s.xlsx")], force=True)
    box("team_import_result").close()
    win.reps_table.selectRow(0)
    assert win.revert_button.isEnabled()
    win.revert_button.click()
    ask = box("team_revert_confirm")
    assert "Bring back 王芳's previous summary (as of 2026-11-23" in ask.text()
    assert "(as of 2026-12-01, 5 customers) is kept" in ask.text()
    shown = []
    win.report_shown.connect(lambda: shown.append(1))
    ask.findChild(object, "team_revert_go").click()
    qtbot.waitUntil(lambda: bool(shown) and not win.busy, timeout=30_000)
    assert report_json(path) == before
    assert "Brought back 王芳's previous summary (as of 2026-11-23" in win.import_note.text()
    assert "swaps them again" in win.import_note.text()
    assert win.reps_table.item(0, 1).text() == "2026-11-23"
    # the summary it took down can come back the same way
    assert win.revert_button.isEnabled()
