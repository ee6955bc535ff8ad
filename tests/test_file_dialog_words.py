"""File dialogs speak the rep's language: Qt's own Chinese lacks "Look in:" and
"Files of type:", and its date column follows the system locale ("5 12 2026")."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QDateTime, QLocale  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402
from ui_support import isolated_qsettings  # noqa: E402,F401


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps the native dialog")
def test_a_chinese_file_dialog_is_chinese_throughout(qtbot, qapp, tmp_path):
    from ui import file_dialogs, i18n

    (tmp_path / "a.xlsx").write_bytes(b"")
    i18n.install("zh")
    dlg = file_dialogs.make_dialog(None, "导入", str(tmp_path), "表格 (*.xlsx)")
    qtbot.addWidget(dlg)
    assert dlg.labelText(QFileDialog.DialogLabel.LookIn) == "查找范围："
    assert dlg.labelText(QFileDialog.DialogLabel.FileType) == "文件类型："
    dlg.setViewMode(QFileDialog.ViewMode.Detail)
    dlg.show()
    proxy = dlg.proxyModel()
    source = proxy.sourceModel()
    qtbot.waitUntil(lambda: source.index(str(tmp_path / "a.xlsx")).isValid()
                    and source.rowCount(source.index(str(tmp_path))) == 1)  # fmt: skip
    row = proxy.mapFromSource(source.index(str(tmp_path / "a.xlsx")))
    shown = proxy.data(row.siblingAtColumn(3))
    when = source.lastModified(source.index(str(tmp_path / "a.xlsx")))
    assert shown == QLocale().toString(when, QLocale.FormatType.ShortFormat)
    assert shown.startswith(str(QDateTime.currentDateTime().date().year()))  # 2026/12/5 ..
