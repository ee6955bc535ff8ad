"""Message templates (消息模板): the rep's own text per kind and level, in
Chinese and English, with a preview on a real customer of the book. Kept in
the book (``salesbook.insight.messages``), so they travel with its backups; Save
checks every template and writes all of them or none (a bad one is named,
with the placeholder that is wrong)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from . import i18n
from .widgets import CustomerPicker

KINDS = ("resupply", "collect", "follow_up")


def _load(book):
    from salesbook.insight.message_templates import templates

    return templates(book)


def _save(book, changes):
    from salesbook.insight.message_templates import save_templates

    return save_templates(book, changes)


def _preview(book, customer_id, on, kind, level, lang, text):
    from salesbook.insight.messages import preview

    return preview(book, customer_id, on, kind, level, lang, text)


class TemplatesDialog(QDialog):
    TEXT_COLUMN = 2

    def __init__(self, window, on: date | None = None):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.on = on or window.today()
        self.rows: dict[str, list] = {}  # lang -> [Template] in table order
        self.edited: dict[tuple[str, str, str], str] = {}
        self.customer_id: int | None = None
        self.setObjectName("templates_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(self.tr("Message templates"))
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Language of the messages")))
        self.lang_box = QComboBox()
        self.lang_box.setObjectName("templates_lang")
        self.lang_box.addItem("中文", "zh")
        self.lang_box.addItem("English", "en")
        self.lang_box.setCurrentIndex(0 if i18n.current() == "zh" else 1)
        self.lang_box.currentIndexChanged.connect(self._fill)
        bar.addWidget(self.lang_box)
        bar.addStretch(1)
        outer.addLayout(bar)
        hint = QLabel(self.tr("Placeholders: {称呼} form of address, {品名} product, {用完日期} run-out "
                              "date, {欠款} amount owed, {发薪日} payday (or {address_as} {product} "
                              "{runout} {owed} {payday})."))  # fmt: skip
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#4a5568;")
        outer.addWidget(hint)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("templates_table")
        self.table.setHorizontalHeaderLabels([self.tr("Kind"), self.tr("Relationship"),
                                              self.tr("Template")])  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._changed)
        self.table.currentCellChanged.connect(lambda *_a: self.update_preview())
        outer.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.reset_button = QPushButton(self.tr("Back to the default"))
        self.reset_button.setObjectName("templates_reset")
        self.reset_button.clicked.connect(self.reset_current)
        row.addWidget(self.reset_button)
        row.addStretch(1)
        outer.addLayout(row)
        prow = QHBoxLayout()
        prow.addWidget(QLabel(self.tr("Preview on")))
        self.picker = CustomerPicker(self.session)
        self.picker.picked.connect(self._picked)
        prow.addWidget(self.picker, 1)
        outer.addLayout(prow)
        self.preview = QLabel()
        self.preview.setObjectName("templates_preview")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setStyleSheet(
            "background:#f7fafc; border:1px solid #cbd5e0; border-radius:6px; padding:8px;"
        )
        outer.addWidget(self.preview)
        self.error = QLabel()
        self.error.setObjectName("templates_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c53030;")
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.loaded = False
        self.session.call(_load, done=self._loaded, owner=self)
        self.resize(820, 600)

    def lang(self) -> str:
        return self.lang_box.currentData()

    def _loaded(self, rows) -> None:
        self.rows = {}
        for r in rows:
            self.rows.setdefault(r.lang, []).append(r)
        self.loaded = True
        self._fill()

    def _fill(self, *_args) -> None:
        if not self.loaded:
            return
        t = self.table
        t.blockSignals(True)
        t.setRowCount(0)
        for tpl in self.rows[self.lang()]:
            r = t.rowCount()
            t.insertRow(r)
            kind = QTableWidgetItem(i18n.kind(tpl.kind))
            level = QTableWidgetItem(i18n.level(tpl.level))
            for cell in (kind, level):
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
            t.setItem(r, 0, kind)
            t.setItem(r, 1, level)
            text = self.edited.get((tpl.kind, tpl.level, tpl.lang), tpl.text)
            t.setItem(r, self.TEXT_COLUMN, QTableWidgetItem(text))
            self._mark(r)
        t.blockSignals(False)
        t.resizeRowsToContents()
        t.setCurrentCell(0, self.TEXT_COLUMN)
        self.update_preview()

    def template_at(self, row: int):
        rows = self.rows.get(self.lang(), [])
        return rows[row] if 0 <= row < len(rows) else None

    def text_at(self, row: int) -> str:
        item = self.table.item(row, self.TEXT_COLUMN)
        return item.text() if item else ""

    def set_text(self, kind: str, level: str, text: str) -> None:
        """Type a template (as the rep would in the table): for tests and tools."""
        for r, tpl in enumerate(self.rows[self.lang()]):
            if (tpl.kind, tpl.level) == (kind, level):
                self.table.setCurrentCell(r, self.TEXT_COLUMN)
                self.table.item(r, self.TEXT_COLUMN).setText(text)
                return

    def _mark(self, row: int) -> None:
        """Bold: the rep's own text (differs from the default)."""
        tpl = self.template_at(row)
        item = self.table.item(row, self.TEXT_COLUMN)
        if tpl is None or item is None:
            return
        font = item.font()
        font.setBold(item.text().strip() != tpl.default)
        item.setFont(font)

    def _changed(self, item: QTableWidgetItem) -> None:
        if item.column() != self.TEXT_COLUMN:
            return
        tpl = self.template_at(item.row())
        if tpl is None:
            return
        self.edited[tpl.kind, tpl.level, tpl.lang] = item.text()
        self.table.blockSignals(True)
        self._mark(item.row())
        self.table.blockSignals(False)
        self.update_preview()

    def reset_current(self) -> None:
        row = self.table.currentRow()
        tpl = self.template_at(row)
        if tpl is not None:
            self.table.item(row, self.TEXT_COLUMN).setText(tpl.default)

    def _picked(self, customer_id: int, _name: str) -> None:
        self.customer_id = customer_id
        self.update_preview()

    def update_preview(self) -> None:
        tpl = self.template_at(self.table.currentRow())
        if tpl is None or not self.session.is_open:
            return
        text = self.text_at(self.table.currentRow())
        self.session.call(_preview, self.customer_id, self.on, tpl.kind, tpl.level, tpl.lang, text,
                          key="template_preview", owner=self, done=self._show_preview,
                          error=self._preview_failed)  # fmt: skip

    def _show_preview(self, result) -> None:
        cid, name, text = result
        if self.picker.customer_id is None:  # the sample customer, which the rep can change
            self.picker.set_customer(cid, name)
        self.preview.setText(self.tr("{customer}: {text}").format(customer=name, text=text))
        self.error.setText("")

    def _preview_failed(self, exc: Exception) -> None:
        self.preview.setText("")
        self.error.setText(i18n.error_text(exc))

    def changes(self) -> list[tuple[str, str, str, str]]:
        """(kind, level, lang, text) of every template edited away from what was loaded."""
        loaded = {(t.kind, t.level, t.lang): t.text for rows in self.rows.values() for t in rows}
        return [(k, lv, lg, text) for (k, lv, lg), text in self.edited.items()
                if text != loaded[k, lv, lg]]  # fmt: skip

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self.accept()
            return
        self.error.setText("")
        self.save_button.setEnabled(False)
        self.session.call(_save, changes, owner=self, done=self._saved,
                          error=self._failed)  # fmt: skip

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.error.setText(i18n.error_text(exc))

    def _saved(self, n: int) -> None:
        self.window_.status(self.tr("Saved %n template(s)", "", n))
        self.accept()


def open_templates(window, on: date | None = None) -> TemplatesDialog:
    dlg = TemplatesDialog(window, on)
    dlg.show()
    return dlg
