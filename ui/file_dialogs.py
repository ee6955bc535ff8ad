"""Every file dialog of the window, made so that it never reads a file it lists.

Why: SQLite's locks on the book are POSIX locks, which belong to the process;
when any code in the window's process opens and closes the book file (or its
-wal/-shm) through another descriptor, the kernel drops every lock the book's
connection holds. Another process would then believe it is alone with the book
and could checkpoint and delete the WAL the window still writes into (SQLite's
"How To Corrupt An SQLite Database File", 2.2; issue 16).

Qt's file dialog does exactly that by default: its QFileSystemModel asks a
QFileIconProvider for each file's icon and type name, and the provider asks
QMimeDatabase, which opens the file and reads its first bytes when the name
alone is not enough (``book.db``, ``book.db-wal``, ``book.db-shm``). The
platform's native dialog (GTK on Linux) sniffs the same way, in our process.

So every dialog here is Qt's own dialog (not the native one) on Linux and
macOS, with ``NameOnlyIcons``: icons and type names from the file's name only
(QMimeDatabase.MatchExtension never opens a file), generic ones otherwise, and
no custom folder icons (which read .directory files). On Windows the native
dialog is kept: its locks (LockFileEx) belong to a handle, not the process.

The three functions are drop-in replacements for QFileDialog's static ones
and return the same tuples; ``make_dialog`` builds the dialog they run.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import (
    QCoreApplication,
    QFileInfo,
    QIdentityProxyModel,
    QLocale,
    QMimeDatabase,
    Qt,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

NATIVE = sys.platform == "win32"


class NameOnlyIcons(QFileIconProvider):
    """A file icon provider that never opens the files it is asked about."""

    def __init__(self) -> None:
        super().__init__()
        self.setOptions(QFileIconProvider.Option.DontUseCustomDirectoryIcons)
        self._mime = QMimeDatabase()

    def _mime_for(self, info: QFileInfo):
        return self._mime.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension)

    def icon(self, what):  # noqa: D102 - both overloads of QFileIconProvider.icon
        if not isinstance(what, QFileInfo):
            return super().icon(what)
        if what.isDir():
            return super().icon(QFileIconProvider.IconType.Folder)
        mime = self._mime_for(what)
        for name in (mime.iconName(), mime.genericIconName()):
            icon = QIcon.fromTheme(name)
            if not icon.isNull():
                return icon
        return super().icon(QFileIconProvider.IconType.File)

    def type(self, info: QFileInfo) -> str:  # noqa: A003 - Qt's name
        if info.isDir():
            return super().type(info)  # "Folder"; reads nothing
        mime = self._mime_for(info)
        return mime.comment() or mime.name()


class _LocalDates(QIdentityProxyModel):
    """The file list's "Date Modified" the way the rep's language writes dates
    (Qt's own model uses the system locale: "5 12 2026" on a machine set to C)."""

    DATE_COLUMN = 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.column() == self.DATE_COLUMN and role == Qt.ItemDataRole.DisplayRole:
            source = self.sourceModel()
            when = source.lastModified(self.mapToSource(index))
            if when.isValid():
                return QLocale().toString(when, QLocale.FormatType.ShortFormat)
        return super().data(index, role)


def _labels(dlg: QFileDialog) -> None:
    """The words Qt's Chinese translation lacks, through our own translations."""
    look_in = QCoreApplication.translate("FileDialogs", "Look in:")
    dlg.setLabelText(QFileDialog.DialogLabel.LookIn, look_in)
    of_type = QCoreApplication.translate("FileDialogs", "Files of type:")
    dlg.setLabelText(QFileDialog.DialogLabel.FileType, of_type)


def make_dialog(
    parent: QWidget | None,
    caption: str,
    start: str,
    filters: str,
    *,
    save: bool = False,
    many: bool = False,
) -> QFileDialog:
    """A file dialog that reads no file it lists (see the module doc)."""
    dlg = QFileDialog(parent, caption, start, filters)
    if save:
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dlg.setFileMode(
            QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile
        )
    if not NATIVE:
        dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dlg.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
        icons = NameOnlyIcons()
        dlg.setIconProvider(icons)
        dlg._name_only_icons = icons  # type: ignore[attr-defined] # the dialog does not own it
        dates = _LocalDates(dlg)
        dlg.setProxyModel(dates)
        _labels(dlg)
    return dlg


def _run(dlg: QFileDialog) -> tuple[list[str], str]:
    try:
        if dlg.exec() != QFileDialog.DialogCode.Accepted:
            return [], ""
        return list(dlg.selectedFiles()), dlg.selectedNameFilter()
    finally:
        dlg.deleteLater()


def getOpenFileName(parent, caption: str = "", start: str = "", filters: str = ""):  # noqa: N802
    """Like QFileDialog.getOpenFileName: (path or '', the chosen filter)."""
    files, chosen = _run(make_dialog(parent, caption, start, filters))
    return (files[0] if files else ""), chosen


def getOpenFileNames(parent, caption: str = "", start: str = "", filters: str = ""):  # noqa: N802
    """Like QFileDialog.getOpenFileNames: ([paths], the chosen filter)."""
    return _run(make_dialog(parent, caption, start, filters, many=True))


def getSaveFileName(parent, caption: str = "", start: str = "", filters: str = ""):  # noqa: N802
    """Like QFileDialog.getSaveFileName: (path or '', the chosen filter)."""
    files, chosen = _run(make_dialog(parent, caption, start, filters, save=True))
    return (files[0] if files else ""), chosen
