"""File > Import a spreadsheet: choose a file and what it holds, check which
column is which, preview the first rows with their problems, import (one
transaction, with progress and cancel), and read what happened.

All the work is the core's (``salesbook.excel.importer``: read_table,
detect_mapping, preview, import_table); reading a file runs on a worker
thread, previews and the import on the book thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from . import file_dialogs, i18n
from .widgets import Change, inform
from .workers import Cancelled, Progress, aux

PREVIEW_ROWS = 20


class _MappingCombo(QComboBox):
    """A column's field: the mouse wheel changes it only once it has the focus
    (a click); otherwise the wheel scrolls the table as the rep meant."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # goes on to the table, which scrolls


def _shown(value) -> str:
    """A cell as the book will store it: 13812345678 and 5, not 13812345678.0 and 5.0."""
    from salesbook.rules.text import as_typed

    return "" if value is None else as_typed(value)


def _read(path: str, kind: str | None, sheet: str | None):
    from salesbook.excel.importer import detect_mapping, read_table
    from salesbook.store.lock import refuse_book_file

    refuse_book_file(path)  # never read the open book's files but through SQLite
    table = read_table(path, kind, sheet=sheet)
    chosen = kind or table.kind or "customers"
    return table, detect_mapping(table, chosen), chosen


def _import(book, progress, table, kind, mapping, skip_invalid):
    from salesbook.excel.importer import import_table

    def _report(done: int, total: int, _stage: str) -> None:
        progress(done, total)

    return import_table(book, table, kind, mapping, skip_invalid=skip_invalid, progress=_report)


class ImportWizard(QDialog):
    def __init__(self, window):
        super().__init__(window)
        from salesbook.excel.importer import KINDS

        self.window_ = window
        self.session = window.session
        self.table = None
        self.mapping = None
        self.kind: str | None = None
        self.result = None
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import a spreadsheet"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(900, 620)
        lay = QVBoxLayout(self)
        # the file
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("File")))
        self.path = QLineEdit()
        self.path.setObjectName("import_path")
        self.path.setPlaceholderText(self.tr("An Excel (.xlsx, .xls), .ods or .csv file"))
        self.path.returnPressed.connect(self.read)
        row.addWidget(self.path, 1)
        browse = QPushButton(self.tr("Choose…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self.choose)
        row.addWidget(browse)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("It holds")))
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("import_kind")
        self.kind_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_box.addItem(self.tr("(guess from the headers)"), None)
        names = {"customers": self.tr("customers"), "products": self.tr("products"),
                 "deliveries": self.tr("deliveries"), "payments": self.tr("payments")}  # fmt: skip
        for k in KINDS:
            self.kind_box.addItem(names.get(k, k), k)
        self.kind_box.currentIndexChanged.connect(lambda _i: self.read())
        row.addWidget(self.kind_box)
        row.addWidget(QLabel(self.tr("Sheet")))
        self.sheet = QComboBox()
        self.sheet.setObjectName("import_sheet")
        self.sheet.activated.connect(lambda _i: self.read(self.sheet.currentText()))
        row.addWidget(self.sheet)
        row.addStretch(1)
        lay.addLayout(row)
        self.info = QLabel(
            self.tr("Choose a file: the header row and the columns are found by themselves.")
        )
        self.info.setObjectName("import_info")
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)
        # columns and preview
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(QLabel("<b>" + self.tr("Which column is which") + "</b>"))
        self.columns = QTableWidget(0, 3)
        self.columns.setObjectName("import_columns")
        self.columns.setHorizontalHeaderLabels([self.tr("Column in the file"), self.tr("Is"),
                                                self.tr("First value")])  # fmt: skip
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.columns.setMaximumHeight(200)
        pl.addWidget(self.columns)
        self.missing = QLabel()
        self.missing.setStyleSheet("color:#c53030;")
        pl.addWidget(self.missing)
        pl.addWidget(QLabel("<b>" + self.tr("The first rows as they would be imported") + "</b>"))
        self.preview = QTableWidget(0, 0)
        self.preview.setObjectName("import_preview")
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        pl.addWidget(self.preview, 1)
        self.stack.addWidget(page)
        # the result
        self.report = QPlainTextEdit()
        self.report.setObjectName("import_report")
        self.report.setReadOnly(True)
        self.stack.addWidget(self.report)
        self.skip_invalid = QCheckBox(self.tr("Import the good rows and skip the bad ones"))
        lay.addWidget(self.skip_invalid)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("import_button")
        self.close_button = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self.reject)
        self.import_button.setEnabled(False)
        lay.addWidget(self.buttons)

    # -- reading -----------------------------------------------------------------
    def choose(self) -> None:
        path, _ = file_dialogs.getOpenFileName(self, self.tr("Import a spreadsheet"), str(Path.home()),
                                              self.tr("Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv)"))  # fmt: skip
        if path:
            self.path.setText(path)
            self.read()

    def read(self, sheet: str | None = None) -> None:
        path = self.path.text().strip()
        if not path:
            return
        self.info.setText(self.tr("Reading {file}…").format(file=Path(path).name))
        self.import_button.setEnabled(False)
        aux().submit(_read, path, self.kind_box.currentData(), sheet or None, key=f"read{id(self)}", owner=self,
                     done=self._read_done, error=self._read_failed)  # fmt: skip

    def _read_failed(self, exc: Exception) -> None:
        self.table = None
        self.info.setText("<span style='color:#c53030'>" + i18n.error_text(exc) + "</span>")

    def _read_done(self, result) -> None:
        self.table, self.mapping, self.kind = result
        t = self.table
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(t.sheets)
        self.sheet.setCurrentText(t.sheet)
        self.sheet.blockSignals(False)
        self.info.setText(self.tr("{file}, sheet {sheet}: header in row {row}, {n} rows below it.").format(
            file=t.file, sheet=t.sheet, row=t.header_row, n=t.n_rows))  # fmt: skip
        self._show_columns()
        self.stack.setCurrentIndex(0)
        self._preview()

    def _field_names(self) -> list[tuple[str | None, str]]:
        from salesbook.excel.importer import FIELDS
        from salesbook.i18n import field_name

        return [(None, self.tr("(ignore)"))] + [
            (f, field_name(f, i18n.current())) for f in FIELDS[self.kind]
        ]

    def _show_columns(self) -> None:
        t, m = self.table, self.mapping
        first = next(
            (cells for _r, cells in t.data_rows() if any(c not in (None, "") for c in cells)), []
        )
        self.columns.setRowCount(len(t.headers))
        choices = self._field_names()
        for i, header in enumerate(t.headers):
            self.columns.setItem(
                i, 0, QTableWidgetItem(header or self.tr("(column {n})").format(n=i + 1))
            )
            combo = _MappingCombo()
            for code, name in choices:
                combo.addItem(name, code)
            combo.setCurrentIndex(max(0, combo.findData(m.columns.get(i))))
            combo.currentIndexChanged.connect(
                lambda _x, i=i, c=combo: self._remap(i, c.currentData())
            )
            self.columns.setCellWidget(i, 1, combo)
            value = first[i] if i < len(first) else ""
            self.columns.setItem(i, 2, QTableWidgetItem(_shown(value)))
        self._update_missing()

    def _update_missing(self) -> None:
        from salesbook.i18n import field_name

        missing = self.mapping.missing
        if missing:
            names = "、".join(field_name(f, i18n.current()) for f in missing)
            self.missing.setText(
                self.tr("Still needed: a column for {fields}").format(fields=names)
            )
        self.missing.setVisible(bool(missing))
        self.import_button.setEnabled(not missing and self.session.is_open)

    def _remap(self, column: int, field: str | None) -> None:
        try:
            self.mapping = self.mapping.set(column, field)
        except Exception as exc:  # noqa: BLE001 - a MappingError: say so
            self.missing.setText(i18n.error_text(exc))
            return
        self._show_columns()
        self._preview()

    def _preview(self) -> None:
        from salesbook.excel.importer import preview

        if not self.session.is_open or self.mapping.missing:
            self.preview.setRowCount(0)
            return
        self.session.call(preview, self.table, self.kind, self.mapping, PREVIEW_ROWS, key=f"preview{id(self)}",
                          owner=self, done=self._show_preview, error=self._read_failed)  # fmt: skip

    def _show_preview(self, rows) -> None:
        from salesbook.i18n import field_name

        fields = list(dict.fromkeys(f for r in rows for f in r.values))
        actions = {"insert": self.tr("new"), "update": self.tr("update"), "skip": self.tr("skip (already there)"),
                   "merge": self.tr("merged"), "invalid": self.tr("problem")}  # fmt: skip
        lang = i18n.current()
        # the problems right after the action: seen at the window's default size
        headers = [self.tr("Row"), self.tr("Action"), self.tr("Problems")]
        headers += [field_name(f, lang) for f in fields]
        p = self.preview
        p.clear()
        p.setColumnCount(len(headers))
        p.setHorizontalHeaderLabels(headers)
        p.setRowCount(len(rows))
        bad = QBrush(QColor("#fdecec"))
        for r, row in enumerate(rows):
            cells = [str(row.row), actions.get(row.action, row.action),
                     "；".join(pr.message(lang) for pr in row.problems)]  # fmt: skip
            cells += [_shown(row.values.get(f)) for f in fields]
            bad_fields = {pr.field for pr in row.problems}
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.problems and (c == 2 or (c > 2 and fields[c - 3] in bad_fields)):
                    item.setBackground(bad)
                if c == 2 and text:
                    item.setToolTip(text)
                p.setItem(r, c, item)
        p.resizeColumnsToContents()
        p.setColumnWidth(2, min(p.columnWidth(2), 360))  # long problems: the tooltip has them

    # -- importing ----------------------------------------------------------------
    def run_import(self) -> None:
        if self.table is None or self.mapping is None or self.mapping.missing:
            return
        self.import_button.setEnabled(False)
        Progress(self, self.session, self.tr("Importing {file}").format(file=self.table.file), _import,
                 self.table, self.kind, self.mapping, self.skip_invalid.isChecked(), cancel_text=self.tr("Cancel"),
                 done=self._imported, error=self._failed)  # fmt: skip

    def _failed(self, exc: Exception) -> None:
        self.import_button.setEnabled(True)
        lang = i18n.current()
        if isinstance(exc, Cancelled):
            text = self.tr("Import cancelled: the book was not changed.")
        else:
            from salesbook.excel.importer import problem_lines

            lines = [i18n.error_text(exc)]
            # a product missing on many rows is one line, not thousands
            lines += ["  " + x for x in problem_lines(getattr(exc, "problems", None) or [], lang)]
            if getattr(exc, "problems", None):
                lines.append("")
                lines.append(
                    self.tr(
                        "Fix these rows in the file, or tick “skip the bad ones” and import again."
                    )
                )
            text = "\n".join(lines)
        self.report.setPlainText(text)
        self.stack.setCurrentWidget(self.report)

    def _imported(self, result) -> None:
        self.result = result
        lang = i18n.current()
        lines = [self.tr("Imported {n} row(s) from {file}: {new} new, {updated} updated, {same} unchanged.").format(
            n=result.imported, file=result.file, new=result.inserted, updated=result.updated,
            same=result.unchanged)]  # fmt: skip
        if result.merged:
            lines.append(self.tr("{n} row(s) repeated a customer of an earlier row and were merged "
                                 "into it (where both rows have a value, the later one wins).").format(n=result.merged))  # fmt: skip
        if result.skipped_duplicates:
            lines.append(self.tr("{n} row(s) repeated a record already in the book and were "
                                 "skipped.").format(n=result.skipped_duplicates))  # fmt: skip
        if result.skipped_totals:
            lines.append(
                self.tr("{n} total row(s) (合计/小计) were skipped.").format(
                    n=result.skipped_totals
                )
            )
        if result.suspicious:
            lines.append(self.tr("Names that start like a spreadsheet formula (imported as typed; "
                                 "check them):"))  # fmt: skip
            lines += [
                "  " + self.tr("row {row}: {name}").format(row=row, name=name)
                for row, name in result.suspicious
            ]
        if result.problems:
            from salesbook.excel.importer import problem_lines

            lines.append(self.tr("Skipped {n} row(s) with problems:").format(
                n=len({p.row for p in result.problems})))  # fmt: skip
            lines += ["  " + x for x in problem_lines(result.problems, lang)]
        if result.import_id:
            lines.append(
                self.tr("This import can be undone as one step (import {id}).").format(
                    id=result.import_id
                )
            )
        self.report.setPlainText("\n".join(lines))
        self.stack.setCurrentWidget(self.report)
        self.close_button.setText(self.tr("Done"))
        self.window_.notify(Change(), lines[0])


def _import_book(book, progress, path: str):
    from salesbook.excel.restore import import_book

    return import_book(book, path, progress=lambda done, total, _stage: progress(done, total))


def import_whole_book(window, path: str | None = None) -> Progress | None:
    """File > Import > Whole book…: a workbook written by Export (the whole book)
    restored into this book on the book's worker (merged by uid when the book has
    records; a second import changes nothing), then what happened is said."""
    if not window.session.is_open:
        window.status(
            QCoreApplication.translate("ImportWizard", "Open or create a book first (File menu)")
        )
        return None
    if path is None:
        title = QCoreApplication.translate("ImportWizard", "Import a whole book")
        kinds = QCoreApplication.translate("ImportWizard", "Workbooks written by Export (*.xlsx)")
        path, _ = file_dialogs.getOpenFileName(window, title, str(Path.home()), kinds)
    if not path:
        return None
    from salesbook.errors import BookError
    from salesbook.store.lock import refuse_book_file

    try:
        refuse_book_file(path)  # never read an open book's files but through SQLite
    except BookError as exc:
        window.show_error(exc)
        return None

    def done(result) -> None:
        text = result.describe(i18n.current())
        if result.import_id:
            text += "\n" + QCoreApplication.translate(
                "ImportWizard", "This import can be undone as one step (import {id})."
            ).format(id=result.import_id)
        window.notify(Change(), text.splitlines()[0])
        inform(window, QCoreApplication.translate("ImportWizard", "Import a whole book"), text)

    def failed(exc: Exception) -> None:
        if isinstance(exc, Cancelled):
            window.status(
                QCoreApplication.translate(
                    "ImportWizard", "Import cancelled: the book was not changed."
                )
            )
            return
        from salesbook.excel.importer import problem_lines

        lines = [i18n.error_text(exc)]
        problems = getattr(exc, "problems", None) or []
        shown = problem_lines(problems, i18n.current())
        lines += ["  " + x for x in shown[:30]] + (["  …"] if len(shown) > 30 else [])
        window.status(lines[0], 15000)
        inform(
            window,
            QCoreApplication.translate("ImportWizard", "Import a whole book"),
            "\n".join(lines),
            warning=True,
        )

    label = QCoreApplication.translate("ImportWizard", "Importing {file}").format(
        file=Path(path).name
    )
    cancel = QCoreApplication.translate("ImportWizard", "Cancel")
    return Progress(window, window.session, label, _import_book, path, cancel_text=cancel,
                    done=done, error=failed)  # fmt: skip


def open_from(window) -> ImportWizard | None:
    """File > Import: the wizard over the open book."""
    if not window.session.is_open:
        window.status(
            QCoreApplication.translate("MainWindow", "Open or create a book first (File menu)")
        )
        return None
    wizard = ImportWizard(window)
    wizard.show()
    return wizard
