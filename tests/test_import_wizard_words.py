"""The import wizard as a rep meets it: the wheel does not change mappings, the
preview shows values as stored and quotes what was typed, the result says what
happened to every row, and Today then says what to do next."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from ui_support import isolated_qsettings, open_window, rows  # noqa: E402,F401


@pytest.fixture
def sheet(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "电话", "家庭人数", "关系", "地址"])
    ws.append(["王一", 13812345678, -2, "VIP", "人民路 1 号"])
    ws.append(["李二", 13812345679, 5, "朋友", "人民路 2 号"])
    ws.append(["李二", 13812345679, 4, "朋友", "人民路 3 号"])  # the same customer again
    ws.append(["合计", None, 9, None, None])
    path = tmp_path / "客户.xlsx"
    wb.save(path)
    return path


def _wizard(qtbot, win, sheet):
    import ui.import_wizard as iw

    wizard = win.open_plugin("ui.import_wizard") or win.findChild(iw.ImportWizard)
    wizard.path.setText(str(sheet))
    wizard.read()
    qtbot.waitUntil(lambda: wizard.preview.rowCount() == 3, timeout=20_000)
    return wizard


def _wheel(widget, steps: int) -> None:
    pos = QPointF(widget.rect().center())
    event = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, -120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_the_wheel_changes_a_mapping_only_after_a_click(qtbot, tmp_path, sheet):
    win = open_window(qtbot, tmp_path / "book.db")
    wizard = _wizard(qtbot, win, sheet)
    combo = wizard.columns.cellWidget(4, 1)  # 地址 -> address
    before = combo.currentData()
    assert before == "address"
    _wheel(combo, 5)
    assert combo.currentData() == before and wizard.mapping.columns.get(4) == "address"
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    _wheel(combo, 1)
    assert combo.currentData() != before  # with the focus, the wheel is the rep's choice


def test_the_preview_shows_values_as_stored_and_quotes_what_was_typed(qtbot, tmp_path, sheet):
    win = open_window(qtbot, tmp_path / "book.db", lang="zh")
    wizard = _wizard(qtbot, win, sheet)
    p = wizard.preview
    heads = [p.horizontalHeaderItem(c).text() for c in range(p.columnCount())]
    assert heads[2] == "问题"  # the problems come right after the action
    texts = [p.item(0, c).text() for c in range(p.columnCount())]
    assert "13812345678" in texts and "13812345678.0" not in texts
    assert "“-2”" in texts[2] and "“VIP”" in texts[2], texts[2]
    assert wizard.columns.item(2, 2).text() == "-2"  # first value of 家庭人数, not -2.0


def test_the_result_says_what_happened_to_every_row_and_today_says_what_next(
    qtbot, tmp_path, sheet
):
    path = tmp_path / "book.db"
    win = open_window(qtbot, path)
    wizard = _wizard(qtbot, win, sheet)
    wizard.skip_invalid.setChecked(True)
    wizard.run_import()
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=20_000)
    report = wizard.report.toPlainText()
    assert "1 row(s) repeated a customer of an earlier row and were merged" in report, report
    assert "1 total row(s) (合计/小计) were skipped" in report
    assert "Skipped 1 row(s) with problems" in report and "'-2'" in report
    assert rows(path, "SELECT household_size, address FROM customers WHERE name = '李二'") == [
        (4, "人民路 3 号")
    ]
    wizard.close()
    qtbot.waitUntil(lambda: win.stats is not None and win.stats.customers == 1)
    qtbot.waitUntil(lambda: win.today_view.is_loaded)
    table = win.today_view.tables["resupply"]
    qtbot.waitUntil(lambda: table.empty.title.text() == "No deliveries yet", timeout=10_000)


def test_a_name_that_looks_like_a_formula_is_said(qtbot, tmp_path):
    csv = tmp_path / "客户.csv"
    csv.write_text("姓名,电话\n=1+1,13812345670\n王五,13812345671\n", encoding="utf-8")
    path = tmp_path / "book.db"
    win = open_window(qtbot, path)
    import ui.import_wizard as iw

    wizard = win.open_plugin("ui.import_wizard") or win.findChild(iw.ImportWizard)
    wizard.path.setText(str(csv))
    wizard.kind_box.setCurrentIndex(wizard.kind_box.findData("customers"))  # reads it
    qtbot.waitUntil(lambda: wizard.preview.rowCount() == 2, timeout=20_000)
    wizard.run_import()
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=20_000)
    assert wizard.result.suspicious == [(2, "=1+1")]
    report = wizard.report.toPlainText()
    assert "start like a spreadsheet formula" in report and "row 2: =1+1" in report
