"""File > Export (ui/export_dialog.py), driven with qtbot on a small demo book."""

from __future__ import annotations

import errno
import os

import pytest

pytest.importorskip("PySide6")

import openpyxl  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from ui_support import TODAY, copy_book, demo_book, isolated_qsettings, open_window  # noqa: E402,F401

from ui import file_dialogs  # noqa: E402


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory):
    return demo_book(tmp_path_factory.mktemp("export_demo"), 120)


@pytest.fixture
def window(qtbot, small_demo, tmp_path):
    win = open_window(qtbot, copy_book(small_demo, tmp_path), lang="en")
    yield win
    win.close()


def open_dialog(qtbot, window):
    from ui.export_dialog import ExportDialog

    dialog = window.open_plugin("ui.export_dialog")
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    return dialog


def save_as(monkeypatch, path, seen: list | None = None):
    """The save dialog answers ``path`` (and records the name it suggested)."""

    def fake(_parent, _title, suggested, _filter):
        if seen is not None:
            seen.append(suggested)
        return str(path), "Excel workbook (*.xlsx)"

    monkeypatch.setattr(file_dialogs, "getSaveFileName", fake)


def finished(dialog) -> bool:
    return dialog.job is None and dialog.message.isVisible()


def test_menu_entry_opens_the_dialog(qtbot, window):
    texts = [a.text() for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
             for a in m.actions()]  # fmt: skip
    assert "&Export…" in texts
    dialog = open_dialog(qtbot, window)
    assert dialog.kind() == "book" and dialog.on_date() == TODAY
    dialog.close()


def test_export_whole_book(qtbot, window, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, window)
    seen: list[str] = []
    out = tmp_path / "out" / "book"  # no suffix: the dialog adds .xlsx
    out.parent.mkdir()
    save_as(monkeypatch, out, seen)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: finished(dialog), timeout=30_000)
    assert seen and seen[0].endswith("Salesbook_2026-11-23.xlsx")  # headers follow the window: en
    target = tmp_path / "out" / "book.xlsx"
    assert target.exists(), dialog.message.text()
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:5] == ["Customers", "Products", "Deliveries", "Payments", "Contacts"]
    assert wb.sheetnames[-1] == "Forecast"
    assert wb["Customers"].max_row == 121  # the header and the 120 customers
    assert wb["Deliveries"].max_row > 120
    assert str(target) in dialog.message.text()
    assert not dialog.folder_button.isHidden() and not dialog.file_button.isHidden()
    assert QSettings().value("export/folder") == str(target.parent)


def test_default_name_follows_kind_and_language(qtbot, window):
    from ui.export_dialog import default_name

    dialog = open_dialog(qtbot, window)
    dialog.lang.setCurrentIndex(dialog.lang.findData("zh"))
    assert dialog.suggested_path().endswith("台账_2026-11-23.xlsx")
    dialog.set_kind("due")
    assert dialog.suggested_path().endswith("待办_2026-11-23.xlsx")
    dialog.lang.setCurrentIndex(dialog.lang.findData("en"))
    assert dialog.suggested_path().endswith("Due_2026-11-23.xlsx")
    assert default_name("summary", TODAY, "zh", "王/芳") == "汇总_王芳_2026-11-23.xlsx"
    dialog.close()


def test_summary_needs_a_name_and_remembers_it(qtbot, window, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, window)
    dialog.set_kind("summary")
    dialog.lang.setCurrentIndex(dialog.lang.findData("zh"))
    called = []
    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a: called.append(a))
    dialog.rep.setText("  ")
    dialog.export_button.click()
    assert not called and dialog.rep_error.isVisible()  # no file asked for without a name
    dialog.rep.setText("王芳")
    assert dialog.rep_error.isHidden()
    out = tmp_path / "summary.xlsx"
    seen: list[str] = []
    save_as(monkeypatch, out, seen)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: finished(dialog), timeout=30_000)
    assert seen[0].endswith("汇总_王芳_2026-11-23.xlsx")
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["说明", "客户", "待办", "应收", "关系金字塔"]
    meta = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}
    assert meta["rep"] == "王芳" and meta["period_end"] == "2026-11-23"
    wb.close()
    assert not list(tmp_path.glob(".*partial*"))  # the hidden work file is gone
    assert QSettings().value("export/rep") == "王芳"
    dialog.close()
    again = open_dialog(qtbot, window)
    assert again.rep.text() == "王芳"
    again.close()


def test_due_and_plan(qtbot, window, tmp_path):
    dialog = open_dialog(qtbot, window)
    dialog.lang.setCurrentIndex(dialog.lang.findData("en"))
    for kind, sheet in (("due", "Due"), ("plan", "Plan")):
        dialog.set_kind(kind)
        out = tmp_path / f"{kind}.xlsx"
        dialog.export_to(str(out))
        qtbot.waitUntil(lambda: finished(dialog), timeout=30_000)
        wb = openpyxl.load_workbook(out, read_only=True)
        assert wb.sheetnames == [sheet]
        wb.close()
    dialog.close()


def test_unwritable_target_gives_a_message(qtbot, window, tmp_path):
    dialog = open_dialog(qtbot, window)
    folder = tmp_path / "taken.xlsx"
    folder.mkdir()  # the target is a folder
    dialog.export_to(str(folder))
    qtbot.waitUntil(lambda: finished(dialog), timeout=30_000)
    text = dialog.message.text()
    assert "Cannot write" in text and str(folder) in text and "Traceback" not in text
    assert dialog.folder_button.isHidden() and dialog.export_button.isEnabled()
    # a missing folder, for the summary (written beside the target first)
    dialog.set_kind("summary")
    dialog.rep.setText("Wang")
    missing = tmp_path / "nowhere" / "s.xlsx"
    dialog.export_to(str(missing))
    qtbot.waitUntil(lambda: finished(dialog), timeout=30_000)
    assert "Cannot write" in dialog.message.text() and str(missing) in dialog.message.text()
    assert "partial" not in dialog.message.text()
    dialog.close()


@pytest.mark.parametrize("kind", ["book", "summary"])
def test_file_open_in_excel_gives_a_hint(qtbot, window, tmp_path, monkeypatch, kind):
    real = os.replace

    def locked(src, dst):
        if str(dst).endswith("locked.xlsx"):
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    dialog = open_dialog(qtbot, window)
    dialog.set_kind(kind)
    dialog.rep.setText("Wang")
    out = tmp_path / "locked.xlsx"
    dialog.export_to(str(out))
    qtbot.waitUntil(lambda: finished(dialog), timeout=30_000)
    text = dialog.message.text()
    assert "Permission denied" in text and "open in Excel" in text and "Traceback" not in text
    assert not out.exists() and not list(tmp_path.glob(".*"))
    dialog.close()


def test_cancel_whole_book_leaves_no_file(qtbot, window, tmp_path, monkeypatch):
    import ui.export_dialog as mod

    monkeypatch.setattr(mod, "SHOW_PROGRESS_AFTER_MS", 0)
    dialog = open_dialog(qtbot, window)
    out = tmp_path / "cancelled.xlsx"
    dialog.export_to(str(out))
    dialog.job.cancel()  # before the first sheet's progress call: stops at once
    qtbot.waitUntil(lambda: finished(dialog), timeout=30_000)
    assert "cancelled" in dialog.message.text() and not out.exists()
    assert dialog.progress_box.isHidden() and dialog.export_button.isEnabled()
    dialog.close()


def test_chinese_dialog(qtbot, small_demo, tmp_path):
    win = open_window(qtbot, copy_book(small_demo, tmp_path), lang="zh")
    dialog = open_dialog(qtbot, win)
    assert dialog.windowTitle() == "导出到 Excel"
    assert dialog.lang.currentData() == "zh"
    dialog.close()
    win.close()
