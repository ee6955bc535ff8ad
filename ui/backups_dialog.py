"""File > Backups: the backups of the open book; back up now; restore one.

``BackupsDialog(book_path, parent, before_restore=..., after_restore=...)``
works on a book path with the core calls (salesbook.store.backup) on a worker
thread, so it can be used with or without the main window. A restore needs
the book closed: ``before_restore()`` is called first (the window closes its
book there) and ``after_restore(result)`` after (the window reopens it). The
book a restore replaces is always kept as a backup, so a restore can itself
be undone from this list.

``open_from(window)`` is what the main window's File menu calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesbook.store import backup

from . import i18n
from .widgets import ask, inform
from .workers import aux


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "KB") else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


class BackupsDialog(QDialog):
    """The backups of one book, newest first."""

    COLUMNS = 6

    def __init__(
        self,
        book_path: str | Path,
        parent: QWidget | None = None,
        *,
        before_restore: Callable[[], None] | None = None,
        after_restore: Callable[[backup.RestoreResult], None] | None = None,
    ):
        super().__init__(parent)
        self.book_path = Path(book_path)
        self.before_restore = before_restore
        self.after_restore = after_restore
        self.items: list[backup.BackupInfo] = []
        self.busy = False
        self.setWindowTitle(self.tr("Backups"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            self.tr(
                "Salesbook backs up this book when you close it, every 30 minutes while you work, and before "
                "imports and upgrades. It keeps the last 10, one a day for a week, one a week for a month and "
                "one a month for a year."
            )
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.folder = QLabel()
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Why"), self.tr("Size"), self.tr("Customers"), self.tr("Deliveries"),
             self.tr("State")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.create_button = QPushButton(self.tr("Back up now"))
        self.create_button.clicked.connect(self.create_now)
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton(self.tr("Open folder"))
        self.folder_button.clicked.connect(self.open_folder)
        for b in (self.create_button, self.restore_button, self.folder_button):
            row.addWidget(b)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.reload()

    # -- the list -------------------------------------------------------------------
    def reload(self) -> None:
        """Read the backups folder (a directory listing: fast, on the GUI thread)."""
        self.items = backup.list_backups(self.book_path)
        self.folder.setText(
            self.tr("Folder: {path}").format(path=backup.backups_dir(self.book_path))
        )
        lang = i18n.current()
        self.table.setRowCount(len(self.items))
        for r, b in enumerate(self.items):
            cells = [
                b.created.strftime("%Y-%m-%d %H:%M"),
                backup.reason_text(b.reason, lang),
                _size(b.size),
                str(b.meta.get("customers", "")),
                str(b.meta.get("deliveries", "")),
                self.tr("good") if b.ok else self.tr("damaged"),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (2, 3, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if not b.ok:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        if not self.items:
            self.message.setText(
                self.tr("No backups yet: the first one is made when you close the book.")
            )
        if self.items and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        sel = self.selected()
        self.restore_button.setEnabled(not self.busy and sel is not None and sel.ok)
        self.create_button.setEnabled(not self.busy)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        if text:
            self.message.setText(text)
        self._update_buttons()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False, i18n.error_text(exc))
        inform(self, self.tr("Backups"), i18n.error_text(exc), warning=True)
        self.reload()

    # -- actions -----------------------------------------------------------------------
    def create_now(self) -> None:
        """A manual backup (never pruned), made from what is committed in the book."""
        self._set_busy(True, self.tr("Backing up…"))

        def done(info: backup.BackupInfo) -> None:
            self._set_busy(
                False, self.tr("Backed up: {id} ({size})").format(id=info.id, size=_size(info.size))
            )
            self.reload()

        aux().submit(
            backup.create_backup,
            self.book_path,
            "manual",
            done=done,
            error=self._failed,
            owner=self,
        )

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or not info.ok or self.busy:
            return
        text = self.tr(
            "Replace the book with the backup of {when}?\n\nThe book as it is now is kept as a backup first, "
            "so you can come back to it."
        ).format(when=info.created.strftime("%Y-%m-%d %H:%M"))
        ask(self, self.tr("Restore a backup"), text, lambda: self.restore(info.id))

    def restore(self, backup_id: str) -> None:
        """Close the book (``before_restore``), restore, reopen (``after_restore``)."""
        self._set_busy(True, self.tr("Restoring…"))
        if self.before_restore is not None:
            self.before_restore()

        def done(result: backup.RestoreResult) -> None:
            kept = result.safety.id if result.safety else "-"
            self._set_busy(
                False,
                self.tr(
                    "Restored the backup of {when}. The replaced book was kept as backup {kept}."
                ).format(when=result.restored.created.strftime("%Y-%m-%d %H:%M"), kept=kept),
            )
            self.reload()
            if self.after_restore is not None:
                self.after_restore(result)

        def failed(exc: Exception) -> None:
            self._failed(exc)
            if self.after_restore is not None:
                self.after_restore(None)  # reopen the book as it was

        aux().submit(
            backup.restore_backup, self.book_path, backup_id, done=done, error=failed, owner=self
        )

    def open_folder(self) -> None:
        folder = backup.backups_dir(self.book_path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def open_from(window) -> BackupsDialog | None:
    """File > Backups in the main window: restore closes and reopens its book."""
    session = window.session
    if not session.is_open or session.path is None:
        return None
    path = Path(session.path)

    def before() -> None:
        session.close(wait=True)

    def after(_result) -> None:
        window.open_book_path(path, create=False)

    dialog = BackupsDialog(path, window, before_restore=before, after_restore=after)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
