"""File > Export: write an .xlsx of the whole book, the day's due list, the
visit plan, or the manager's summary.

All the work is the core's (``salesbook.excel.export``: export_book,
export_due, export_plan; ``salesbook.excel.summary.write_summary``); it runs
on the book thread. The whole book reports progress per sheet and can be
cancelled (no file is left behind); the progress bar shows once the export
has taken a second. At the end: the file and a button to open its folder.
The rep's name (for the summary) and the last folder are remembered in
QSettings.

``open_from(window)`` is what the main window's File menu calls.
"""

from __future__ import annotations

import errno
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QSettings, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salesbook.store import private

from . import file_dialogs, i18n
from .workers import Cancelled

KINDS = ("book", "due", "plan", "summary")
BOOK_SHEETS = 12  # 客户 商品 送货 收款 联系 投诉 关系变化 用量设定 暂缓 不再建议 设置 预测
SUMMARY_SHEETS = 5  # 说明 客户 待办 应收 关系
SHOW_PROGRESS_AFTER_MS = 1000


@dataclass
class _State:
    """What the export job is doing (written by the book thread, read by a GUI timer)."""

    sheet: str = ""
    rows: int = 0
    step: int = 0  # sheets started


class _Job:
    """One export on the book thread; ``cancel()`` stops the whole-book export at
    its next progress call (the core then leaves no file behind)."""

    def __init__(self, kind: str, path: str, on: date, lang: str, options: dict):
        self.kind, self.path, self.on, self.lang, self.options = kind, path, on, lang, options
        self.state = _State()
        self._cancel = threading.Event()
        self.started = time.monotonic()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, sheet: str, rows: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        s = self.state
        if sheet != s.sheet:
            s.sheet, s.step = sheet, s.step + 1
        s.rows = rows

    def __call__(self, book):
        """Write to a hidden file beside the target, then move it into place unless the
        user cancelled meanwhile: a cancelled or failed export leaves the target as it
        was. Every kind stops at its next progress call (every few thousand rows)."""
        import os

        from salesbook.excel.export import export_book, export_due, export_plan
        from salesbook.excel.summary import write_summary
        from salesbook.excel.write import ExportError, check_target

        o, target = self.options, Path(self.path)
        check_target(target)
        tmp = target.with_name(f".{target.stem}.partial.xlsx")
        try:
            if self._cancel.is_set():
                raise Cancelled()
            if self.kind == "book":
                result = export_book(book, tmp, self.on, self.lang, progress=self._progress)
            elif self.kind == "due":
                result = export_due(
                    book, tmp, self.on, o.get("within", 0), self.lang, progress=self._progress
                )
            elif self.kind == "plan":
                result = export_plan(
                    book, tmp, self.on, None, o.get("days", 1), self.lang, progress=self._progress
                )
            else:
                result = write_summary(
                    book, tmp, rep=o["rep"], on=self.on, days=o.get("period", 30), lang=self.lang,
                    progress=self._progress,
                )  # fmt: skip
            if self._cancel.is_set():
                raise Cancelled()
            private.restrict(tmp)  # owner-only (0600), like the book it comes from
            os.replace(tmp, target)
        except ExportError as exc:
            raise ExportError(exc.key, **{**exc.params, "path": str(target)}) from exc.__cause__
        except OSError as exc:
            raise ExportError(
                "export_target_dir", path=str(target), detail=exc.strerror or str(exc)
            ) from exc
        finally:
            tmp.unlink(missing_ok=True)
        result.path = str(target)
        return result


def default_name(kind: str, on: date, lang: str, rep: str = "") -> str:
    """台账_2026-11-23.xlsx, 待办_…, 拜访计划_…, 汇总_王芳_… (English names with lang 'en')."""
    zh = {"book": "台账", "due": "待办", "plan": "拜访计划", "summary": "汇总"}
    en = {"book": "Salesbook", "due": "Due", "plan": "Visit-plan", "summary": "Summary"}
    stem = (en if lang == "en" else zh)[kind]
    keep = "".join(ch for ch in rep.strip() if ch not in '\\/:*?"<>|').strip()
    parts = [stem, keep, on.isoformat()] if kind == "summary" and keep else [stem, on.isoformat()]
    return "_".join(parts) + ".xlsx"


def _default_folder() -> str:
    saved = QSettings().value("export/folder")
    if saved and Path(str(saved)).is_dir():
        return str(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


class ExportDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.job: _Job | None = None
        self.result = None
        self.path: str | None = None
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export to Excel"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lay = QVBoxLayout(self)

        # what
        what = QGroupBox(self.tr("What to export"))
        wl = QVBoxLayout(what)
        self.kinds = QButtonGroup(self)
        texts = {
            "book": self.tr("The whole book: customers, deliveries, payments, contacts, forecast"),
            "due": self.tr("The due list of the day (ready to print)"),
            "plan": self.tr("The visit plan of the day (ready to print)"),
            "summary": self.tr("A summary for your manager"),
        }
        self.kind_buttons: dict[str, QRadioButton] = {}
        for i, kind in enumerate(KINDS):
            b = QRadioButton(texts[kind])
            b.setObjectName(f"export_kind_{kind}")
            self.kinds.addButton(b, i)
            self.kind_buttons[kind] = b
            wl.addWidget(b)
            if kind == "due":
                self.due_box = self._indented(
                    self.tr("Also what falls due in the next"), "export_within", 0, 60, 0,
                    self.tr("days"),
                )  # fmt: skip
                self.within = self.due_box.spin
                wl.addWidget(self.due_box)
            elif kind == "plan":
                self.plan_box = self._indented(
                    self.tr("Plan for"), "export_days", 1, 31, 1, self.tr("day(s) from the date")
                )
                self.plan_days = self.plan_box.spin
                wl.addWidget(self.plan_box)
        self.summary_box = QWidget()
        sf = QFormLayout(self.summary_box)
        sf.setContentsMargins(24, 0, 0, 0)
        sf.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.rep = QLineEdit(str(QSettings().value("export/rep") or ""))
        self.rep.setObjectName("export_rep")
        self.rep.setMinimumWidth(260)
        self.rep.setPlaceholderText(self.tr("Your name, as your manager knows you"))
        self.rep.textChanged.connect(lambda _t: self.rep_error.hide())
        sf.addRow(self.tr("Your name"), self.rep)
        self.rep_error = QLabel(self.tr("Write your name: the manager's team book sorts by it."))
        self.rep_error.setObjectName("export_rep_error")
        self.rep_error.setStyleSheet("color: #c53030;")
        self.rep_error.hide()
        sf.addRow("", self.rep_error)
        self.period = QSpinBox()
        self.period.setObjectName("export_period")
        self.period.setRange(1, 366)
        self.period.setValue(int(QSettings().value("export/period") or 30))
        self.period.setSuffix(self.tr(" days up to the date"))
        sf.addRow(self.tr("Period"), self.period)
        wl.addWidget(self.summary_box)
        lay.addWidget(what)

        # when, language
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.on = QDateEdit()
        self.on.setObjectName("export_on")
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        t = window.today()
        self.on.setDate(QDate(t.year, t.month, t.day))
        form.addRow(self.tr("As of"), self.on)
        self.lang = QComboBox()
        self.lang.setObjectName("export_lang")
        self.lang.addItem(self.tr("Chinese (中文)"), "zh")
        self.lang.addItem(self.tr("English"), "en")
        self.lang.setCurrentIndex(max(0, self.lang.findData(i18n.current())))
        form.addRow(self.tr("Sheet names and headers in"), self.lang)
        lay.addLayout(form)

        # progress
        self.progress_box = QWidget()
        pl = QHBoxLayout(self.progress_box)
        pl.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setObjectName("export_progress")
        pl.addWidget(self.progress, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("export_cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)
        pl.addWidget(self.cancel_button)
        self.progress_box.hide()
        lay.addWidget(self.progress_box)
        self.message = QLabel()
        self.message.setObjectName("export_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        lay.addWidget(self.message)
        lay.addStretch(1)

        # buttons
        row = QHBoxLayout()
        self.folder_button = QPushButton(self.tr("Open folder"))
        self.folder_button.setObjectName("export_open_folder")
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self.open_folder)
        self.file_button = QPushButton(self.tr("Open file"))
        self.file_button.setObjectName("export_open_file")
        self.file_button.setAutoDefault(False)
        self.file_button.clicked.connect(self.open_file)
        for b in (self.folder_button, self.file_button):
            b.hide()
            row.addWidget(b)
        row.addStretch(1)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("export_button")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.choose_and_export)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.export_button)
        row.addWidget(self.close_button)
        lay.addLayout(row)

        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._tick)
        self.kinds.idToggled.connect(lambda _i, _on: self._kind_changed())
        self.kind_buttons["book"].setChecked(True)
        self._kind_changed()
        self.setMinimumWidth(560)

    def _indented(self, before: str, name: str, low: int, high: int, value: int, after: str):
        box = QWidget()
        h = QHBoxLayout(box)
        h.setContentsMargins(24, 0, 0, 0)
        h.addWidget(QLabel(before))
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        h.addWidget(spin)
        h.addWidget(QLabel(after))
        h.addStretch(1)
        box.spin = spin  # type: ignore[attr-defined]
        return box

    # -- choices -------------------------------------------------------------------
    def kind(self) -> str:
        return KINDS[max(0, self.kinds.checkedId())]

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)

    def _kind_changed(self) -> None:
        k = self.kind()
        self.summary_box.setEnabled(k == "summary")
        self.due_box.setEnabled(k == "due")
        self.plan_box.setEnabled(k == "plan")

    def on_date(self) -> date:
        return self.on.date().toPython()

    def export_lang(self) -> str:
        return self.lang.currentData() or "zh"

    def suggested_path(self) -> str:
        name = default_name(self.kind(), self.on_date(), self.export_lang(), self.rep.text())
        return str(Path(_default_folder()) / name)

    # -- exporting ----------------------------------------------------------------------
    def choose_and_export(self) -> None:
        """Check the choices, ask where to save (the system's save dialog), export."""
        if self.job is not None:
            return
        if self.kind() == "summary" and not self.rep.text().strip():
            self.rep_error.show()
            self.rep.setFocus()
            return
        path, _ = file_dialogs.getSaveFileName(
            self, self.tr("Export to Excel"), self.suggested_path(), self.tr("Excel workbook (*.xlsx)")
        )  # fmt: skip
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.export_to(path)

    def export_to(self, path: str) -> None:
        """Write the chosen export to ``path`` on the book thread."""
        if self.job is not None:
            return
        kind = self.kind()
        options = {"within": self.within.value(), "days": self.plan_days.value(),
                   "rep": self.rep.text().strip(), "period": self.period.value()}  # fmt: skip
        if kind == "summary":
            if not options["rep"]:
                self.rep_error.show()
                return
            QSettings().setValue("export/rep", options["rep"])
            QSettings().setValue("export/period", options["period"])
        if Path(path).parent.is_dir():
            QSettings().setValue("export/folder", str(Path(path).parent))
        self.path = path
        self.result = None
        self.job = _Job(kind, path, self.on_date(), self.export_lang(), options)
        self._set_running(True)
        self.close_button.setText(self.tr("Close"))
        self._say(self.tr("Exporting to {file}…").format(file=Path(path).name))
        job = self.job
        self.session.call(job, done=lambda r: self._done(job, r), error=lambda e: self._failed(job, e),
                          owner=self)  # fmt: skip

    def _set_running(self, running: bool) -> None:
        self.export_button.setEnabled(not running)
        for w in self.kind_buttons.values():
            w.setEnabled(not running)
        if running:
            self.folder_button.hide()
            self.file_button.hide()
            self.progress.setRange(0, 0)
            self.cancel_button.setEnabled(True)
            self._timer.start()
        else:
            self._timer.stop()
            self.progress_box.hide()

    def _tick(self) -> None:
        job = self.job
        if job is None:
            return
        elapsed = (time.monotonic() - job.started) * 1000
        if elapsed < SHOW_PROGRESS_AFTER_MS:
            return
        self.progress_box.show()
        s = job.state
        if s.step:
            sheets = {"book": BOOK_SHEETS, "summary": SUMMARY_SHEETS}.get(job.kind, 1)
            self.progress.setRange(0, sheets)
            self.progress.setValue(max(0, s.step - 1))
            self.progress.setFormat(f"{min(s.step, sheets)}/{sheets}")
            self._say(
                self.tr("Writing sheet {sheet}: {rows} rows…").format(sheet=s.sheet, rows=f"{s.rows:,}")
            )  # fmt: skip

    def cancel(self) -> None:
        job = self.job
        if job is None:
            return
        job.cancel()
        self.cancel_button.setEnabled(False)
        self._say(self.tr("Cancelling…"))  # the job stops at its next progress call

    def _done(self, job: _Job, result) -> None:
        if job is not self.job:  # a cancelled export that finished in the background
            return
        self.job = None
        self.result = result
        self._set_running(False)
        lang = self.export_lang()
        self._say(
            self.tr("Saved {path}\n{detail}").format(
                path=result.path, detail=result.describe(lang)
            ),
            ok=True,
        )
        self.folder_button.show()
        self.file_button.show()
        self.close_button.setText(self.tr("Done"))
        self.window_.status(self.tr("Exported {file}").format(file=Path(result.path).name))

    def _failed(self, job: _Job, exc: Exception) -> None:
        if job is not self.job:
            return
        cancelled = isinstance(exc, Cancelled)
        self.job = None
        self._set_running(False)
        if cancelled:
            self._say(self.tr("Export cancelled: no file was written."))
            return
        self._say(self.error_text(exc), error=True)

    def error_text(self, exc: BaseException) -> str:
        """The core's message, plus what to do about it when the system said why."""
        text = i18n.error_text(exc)
        cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else exc
        code = getattr(cause, "errno", None)
        if isinstance(cause, PermissionError) or code in (errno.EACCES, errno.EPERM):
            text += "\n" + self.tr(
                "The file may be open in Excel or WPS, or the folder is read-only: close the file there, "
                "or choose another name or folder."
            )  # fmt: skip
        elif code == errno.ENOSPC:
            text += "\n" + self.tr("The disk is full: free some space or choose another drive.")
        elif getattr(exc, "key", "") == "export_target_dir":
            text += "\n" + self.tr("Choose another name or folder.")
        return text

    def _say(self, text: str, ok: bool = False, error: bool = False) -> None:
        color = "#c53030" if error else "#276749" if ok else "#4a5568"
        self.message.setStyleSheet(f"color: {color};")
        self.message.setText(text)
        self.message.show()

    # -- after -----------------------------------------------------------------------------
    def open_folder(self) -> None:
        if self.path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.path).parent)))

    def open_file(self) -> None:
        if self.path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.path))

    def reject(self) -> None:
        if self.job is not None:
            self.cancel()
        super().reject()


def open_from(window) -> ExportDialog | None:
    """File > Export: the dialog over the open book."""
    if not window.session.is_open:
        window.status(
            QCoreApplication.translate("MainWindow", "Open or create a book first (File menu)")
        )
        return None
    dialog = ExportDialog(window)
    dialog.show()
    return dialog
