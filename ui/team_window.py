"""View > Team: the manager's window over a team book.

A team book (a .db of its own, not a rep's book) combines the summary
workbooks the reps send (File > Export > A summary for your manager, or
``salesbook export summary``). Here the manager opens or creates one, imports
summaries (several files at once, with progress and cancel between files;
a summary that would drop more than half of a rep's customers is imported only
after a confirmation that says how many would go) and reads the report: per rep counts, due this week, overdue, receivables,
the relationship pyramid against the 100:50:10:4 guideline, the top
customers by value, conflicts (a customer under two reps, never merged) and
the team-wide due list, with a chart per rep. The report exports as .xlsx.
A replaced summary is kept: "Bring back previous summary…" restores the
selected rep's previous one (and the current one is kept in its place).
"Server team book…" opens a team book on a PostgreSQL server by its URL
(``postgresql://USER@HOST/DB``); the password is never typed here nor stored:
libpq reads ~/.pgpass or PGPASSWORD (issue 17).

All the work is the core's (``salesbook.team``: open_team, import_summary,
team_report, revert_summary, write_report_xlsx), on the team book's own thread
(``TeamSession``); charts are drawn on the chart thread.

``open_from(window)`` is what the main window's View menu calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from . import file_dialogs, i18n
from .charts import ChartLabel, setup_matplotlib
from .widgets import EmptyState, status_color
from .workers import BookSession, Cancelled, Progress

LEVELS_TOP_DOWN = ("confidant", "friend", "acquaintance", "passerby")


class TeamSession(BookSession):
    """The open team book and the one thread that touches it: ``call(fn, *args)``
    runs ``fn(team, *args)`` there; everything else is BookSession's."""

    @property
    def team(self):
        return self.book

    @staticmethod
    def _open_file(path: str | Path, create: bool):
        from salesbook.team import open_team

        return open_team(path, create=create)


def _import_files(team, progress, paths: list[str], force: bool = False):
    """Import each summary (each its own transaction); stop between files when
    cancelled. Returns (results, cancelled)."""
    from salesbook.store.lock import refuse_book_file
    from salesbook.team import import_summary

    results = []
    for n, path in enumerate(paths, 1):
        refuse_book_file(path)  # never read an open book's files but through SQLite
        results.append(import_summary(team, path, force=force))
        try:
            progress(n, len(paths))
        except Cancelled:
            return results, n < len(paths)
    return results, False


DUE_LIMIT = 5000  # rows of the team-wide due list shown (and exported)


def _report(team, top: int):
    from salesbook.team import team_report

    return team_report(team, None, top=top, due_limit=DUE_LIMIT)


def _revert(team, book_uid: str):
    from salesbook.team import revert_summary

    return revert_summary(team, book_uid)


def _plus_days(iso: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


# -- the chart -------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamChartText:
    receivables: str
    due: str
    overdue: str
    due_title: str
    no_data: str


def render_team_chart(rows, text: TeamChartText, width: int, height: int, ratio: float = 1.0):
    """Two panels, one bar per rep: receivables (yuan) and due this week / overdue.
    ``rows``: [(rep, receivables_fen, due_this_week, overdue)]. Returns (RGBA, w, h)."""
    setup_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    w_in, h_in = max(width, 320) / 100, max(height, 180) / 100
    fig = Figure(figsize=(w_in, h_in), dpi=100 * ratio)
    fig.patch.set_facecolor("white")
    if not rows:
        ax = fig.add_subplot(111)
        ax.axis("off")
        ax.text(0.5, 0.5, text.no_data, ha="center", va="center", color="#718096")
    else:
        names = [r[0] for r in rows][::-1]
        ys = list(range(len(rows)))
        longest = max(len(n) for n in names)
        left = min(0.45, (0.25 + 0.13 * longest) / w_in)
        fig.subplots_adjust(left=left, right=1 - 0.2 / w_in, top=1 - 0.42 / h_in,
                            bottom=0.42 / h_in, wspace=0.08)  # fmt: skip
        ax1, ax2 = fig.subplots(1, 2, sharey=True)
        money = [r[1] / 100 for r in rows][::-1]  # drawing only: the figures stay in fen
        ax1.barh(ys, money, color="#2b6cb0", height=0.6)
        ax1.set_title(text.receivables, fontsize=9, loc="left")
        ax1.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: f"¥{x:,.0f}"))
        ax1.set_yticks(ys, names)
        due = [r[2] for r in rows][::-1]
        over = [r[3] for r in rows][::-1]
        h = 0.38
        ax2.barh([y + h / 2 for y in ys], due, height=h, color="#b7791f", label=text.due)
        ax2.barh([y - h / 2 for y in ys], over, height=h, color="#c53030", label=text.overdue)
        ax2.set_title(text.due_title, fontsize=9, loc="left")
        ax2.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax2.legend(fontsize=8, frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2,
                   borderaxespad=0.1)  # fmt: skip
        for ax in (ax1, ax2):
            ax.tick_params(labelsize=8)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
            ax.grid(axis="x", color="#edf2f7")
            ax.set_axisbelow(True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        ax2.tick_params(axis="y", length=0)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    w, h_px = canvas.get_width_height(physical=True)
    return bytes(canvas.buffer_rgba()), w, h_px


# -- the window ------------------------------------------------------------------------


def _table(name: str, headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the core's order first
    t.setSortingEnabled(True)
    return t


ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _Item(QTableWidgetItem):
    """A cell that sorts by its value (numbers, fen), not by its text."""

    def __lt__(self, other) -> bool:
        a, b = self.data(Qt.ItemDataRole.UserRole), other.data(Qt.ItemDataRole.UserRole)
        if a is not None and b is not None:
            return a < b
        return self.text() < other.text()


def _fill(
    table: QTableWidget,
    rows: list[list],
    numeric: set[int] = frozenset(),
    colors: dict | None = None,
    ids: list | None = None,
) -> None:
    """Rows of cells; a cell is text, a number, or (text, sort value). Numeric columns align right;
    ``colors``: {column: [QColor or None per row]} for the text; ``ids``: one per row, kept in
    the first cell (``ID_ROLE``) so it follows the row when the table is sorted."""
    table.setSortingEnabled(False)
    table.clearContents()
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            text, key = cell if isinstance(cell, tuple) else (cell, None)
            if key is None and isinstance(text, int):
                key = text
            item = _Item("" if text is None else str(text))
            if key is not None:
                item.setData(Qt.ItemDataRole.UserRole, key)
            if c in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            color = (colors or {}).get(c)
            if color and color[r] is not None:
                item.setForeground(color[r])
            if c == 0 and ids is not None:
                item.setData(ID_ROLE, ids[r])
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.setSortingEnabled(True)


class TeamWindow(QWidget):
    """The manager's team window (see the module doc)."""

    report_shown = Signal()

    def __init__(self, parent: QWidget | None = None, top: int = 10):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("team_window")
        self.setWindowTitle(self.tr("Team"))
        self.top = top
        self.session = TeamSession(self)
        self.report = None
        self.last_import: list = []
        self.last_import_text = ""
        self.busy = False
        self.resize(1180, 780)
        lay = QVBoxLayout(self)

        row = QHBoxLayout()
        self.path_label = QLabel()
        self.path_label.setObjectName("team_path")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.path_label, 1)
        self.new_button = QPushButton(self.tr("New team book…"))
        self.new_button.clicked.connect(self.new_team_dialog)
        self.open_button = QPushButton(self.tr("Open team book…"))
        self.open_button.clicked.connect(self.open_team_dialog)
        self.server_button = QPushButton(self.tr("Server team book…"))
        self.server_button.setObjectName("team_server")
        self.server_button.setToolTip(self.tr("Open a server team book (PostgreSQL) by its URL"))
        self.server_button.clicked.connect(self.open_server_dialog)
        self.import_button = QPushButton(self.tr("Import summaries…"))
        self.import_button.setObjectName("team_import")
        self.import_button.clicked.connect(self.import_dialog)
        self.export_button = QPushButton(self.tr("Export report…"))
        self.export_button.setObjectName("team_export")
        self.export_button.clicked.connect(self.export_dialog)
        self.revert_button = QPushButton(self.tr("Bring back previous summary…"))
        self.revert_button.setObjectName("team_revert")
        self.revert_button.setToolTip(self.tr(
            "Select a rep: their summary before the last import comes back (the current one is kept)"))  # fmt: skip
        self.revert_button.clicked.connect(self.revert_dialog)
        buttons = (self.new_button, self.open_button, self.server_button, self.import_button,
                   self.export_button, self.revert_button)  # fmt: skip
        for b in buttons:
            b.setAutoDefault(False)
            row.addWidget(b)
        lay.addLayout(row)

        self.headline = QLabel()
        self.headline.setObjectName("team_headline")
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setWordWrap(True)
        lay.addWidget(self.headline)
        self.import_note = QLabel()
        self.import_note.setObjectName("team_import_note")
        self.import_note.setWordWrap(True)
        self.import_note.setStyleSheet("color: #4a5568;")
        self.import_note.hide()
        lay.addWidget(self.import_note)

        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)
        self.empty = EmptyState()
        self.empty.setObjectName("team_empty")
        self._empty_kind = ""
        self.stack.addWidget(self.empty)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("team_tabs")
        self.tabs.setDocumentMode(True)
        self.stack.addWidget(self.tabs)
        levels = [i18n.level(k) for k in LEVELS_TOP_DOWN]
        self.reps_table = _table(
            "team_reps",
            [self.tr("Rep"), self.tr("As of"), self.tr("Customers"), self.tr("Due this week"),
             self.tr("Overdue"), self.tr("Receivables"), self.tr("Owing")]
            + [self.tr("{level} (guideline)").format(level=name) for name in levels],
        )  # fmt: skip
        self.chart = ChartLabel(self.tr("Drawing the chart…"))
        self.chart.setObjectName("team_chart")
        self.reps_table.horizontalHeader().setStretchLastSection(False)
        self.reps_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reps_table.itemSelectionChanged.connect(self._update)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.reps_table)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.tabs.addTab(split, self.tr("Reps"))
        self.due_table = _table(
            "team_due",
            [self.tr("Date"), self.tr("Rep"), self.tr("Kind"), self.tr("Status"), self.tr("Customer"),
             self.tr("Phone"), self.tr("Area"), self.tr("Owed"), self.tr("What")],
        )  # fmt: skip
        self.due_note = QLabel()
        self.due_note.setObjectName("team_due_note")
        self.due_note.setWordWrap(True)
        self.tabs.addTab(self._with_note(self.due_note, self.due_table), self.tr("Due list"))
        self.top_table = _table(
            "team_top",
            [self.tr("Rep"), self.tr("Customer"), self.tr("Area"), self.tr("Level"), self.tr("Value"),
             self.tr("Total spend"), self.tr("Based on")],
        )  # fmt: skip
        self.tabs.addTab(self.top_table, self.tr("Top customers"))
        self.conflicts_table = _table(
            "team_conflicts",
            [self.tr("Matched by"), self.tr("Key"), self.tr("Rep"), self.tr("Customer"), self.tr("Phone")],
        )  # fmt: skip
        note = QLabel(self.tr(
            "The same customer (same customer uid, or same phone) under two or more reps. They are not "
            "merged: decide who looks after the customer, and have the other rep archive them."))  # fmt: skip
        note.setWordWrap(True)
        self.tabs.addTab(self._with_note(note, self.conflicts_table), self.tr("Conflicts"))
        self._update()

    @staticmethod
    def _with_note(note: QLabel, table: QTableWidget) -> QWidget:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 6, 0, 0)
        note.setStyleSheet("color: #4a5568;")
        v.addWidget(note)
        v.addWidget(table, 1)
        return box

    # -- the team book -----------------------------------------------------------------
    def open_team(self, path: str | Path, create: bool = True) -> None:
        """Open (or create) the team book at ``path`` and show its report."""
        self.path_label.setText(self.tr("Opening {path}…").format(path=path))

        def opened(_session) -> None:
            self.target = str(path)  # as typed: a server URL is no file path
            QSettings().setValue("team/path", str(path))
            self.report = None
            self._update()
            self.reload()

        self.session.open(path, create=create, done=opened, error=self._open_failed)

    def _open_failed(self, exc: Exception) -> None:
        self._update()
        self._warn(i18n.error_text(exc))

    def new_team_dialog(self) -> None:
        start = str(Path(self._folder()) / self.tr("team.db"))
        path, _ = file_dialogs.getSaveFileName(self, self.tr("New team book"), start,
                                              self.tr("Team book (*.db)"))  # fmt: skip
        if path:
            if not path.lower().endswith(".db"):
                path += ".db"
            # an existing file is opened, never wiped (a rep's book or another file is refused)
            self.open_team(path, create=True)

    def open_team_dialog(self) -> None:
        path, _ = file_dialogs.getOpenFileName(self, self.tr("Open a team book"), self._folder(),
                                              self.tr("Team book (*.db)"))  # fmt: skip
        if path:
            self.open_team(path, create=False)

    def open_server_dialog(self) -> None:
        """Ask for a server team book's URL (never a password) and open it."""
        from PySide6.QtWidgets import QInputDialog

        from salesbook.team_server import has_password, is_server_url

        last = str(QSettings().value("team/path") or "")
        url, ok = QInputDialog.getText(
            self, self.tr("Open a server team book"), self.tr(
                "The team book's address on the PostgreSQL server, e.g.\n"
                "postgresql://manager@server.example.com/salesbook\n\n"
                "No password here: it is read from ~/.pgpass (Windows: %APPDATA%\\postgresql\\pgpass.conf) "
                "or the PGPASSWORD environment variable. The connection uses TLS when the server offers it."),
            text=last if is_server_url(last) else "postgresql://",
        )  # fmt: skip
        url = url.strip()
        if not ok or not url:
            return
        if not is_server_url(url):
            self._warn(self.tr("A server team book's address starts with postgresql://"))
            return
        if has_password(url):
            self._warn(self.tr(
                "Take the password out of the address: put it in ~/.pgpass or PGPASSWORD. "
                "The address is remembered, and a password must never be stored in plain text."))  # fmt: skip
            return
        self.open_team(url, create=False)

    def _folder(self) -> str:
        last = QSettings().value("team/path")
        if last and Path(str(last)).parent.is_dir():
            return str(Path(str(last)).parent)
        return str(Path.home())

    # -- importing ----------------------------------------------------------------------
    def import_dialog(self) -> None:
        if not self.session.is_open:
            return
        paths, _ = file_dialogs.getOpenFileNames(self, self.tr("Import summaries"), self._folder(),
                                                self.tr("Summary workbooks (*.xlsx)"))  # fmt: skip
        if paths:
            self.import_files(paths)

    def import_files(self, paths: list[str], force: bool = False) -> None:
        """Import summary workbooks on the team thread, with progress; then reload.
        ``force``: also a summary with under half the customers of the one it replaces."""
        if not self.session.is_open or self.busy:
            return
        self._set_busy(True)
        self.import_paths = [str(p) for p in paths]
        Progress(self, self.session, self.tr("Importing summaries"), _import_files, self.import_paths, force,
                 cancel_text=self.tr("Cancel"), done=self._imported, error=self._import_failed)  # fmt: skip

    def _import_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._warn(i18n.error_text(exc))
        self.reload()

    def import_line(self, r) -> str:
        """One line per file: "王芳: replaced older summary (…)"."""
        lang = i18n.current()
        if r.status == "imported":
            return self.tr("{rep}: imported {file} ({n} customers, as of {on})").format(
                rep=r.rep, file=r.file, n=r.customers, on=r.on)  # fmt: skip
        if r.status == "replaced":
            return self.tr("{rep}: replaced older summary with {file} ({n} customers, as of {on})").format(
                rep=r.rep, file=r.file, n=r.customers, on=r.on)  # fmt: skip
        if r.status == "older":
            return self.tr("{rep}: kept the summary already here ({file} is not newer)").format(
                rep=r.rep or r.file, file=r.file) + " — " + r.message(lang)  # fmt: skip
        if r.status == "shrink":
            return self.tr("{rep}: not imported yet: {file} has {n} customers, the team book has {before}").format(
                rep=r.rep, file=r.file, n=r.customers, before=r.before)  # fmt: skip
        return self.tr("{file}: not imported").format(file=r.file) + " — " + r.message(lang)

    def _imported(self, result) -> None:
        results, cancelled = result
        self._set_busy(False)
        self.last_import = results
        lines = [self.import_line(r) for r in results]
        # a customer another rep also has: said now, not only in the report's conflicts
        lines += [r.conflict_message(i18n.current()) for r in results if r.conflicts]
        if cancelled:
            lines.append(self.tr("Cancelled: the files after these were not imported."))
        self.last_import_text = "\n".join(lines)
        self.import_note.setText(self.last_import_text)
        self.import_note.setVisible(bool(lines))
        shrink = [
            (p, r) for p, r in zip(self.import_paths, results, strict=False) if r.status == "shrink"
        ]
        if shrink:
            self.confirm_shrink(shrink)
            self.reload()
            return
        failed = any(r.status == "failed" for r in results)
        box = QMessageBox(
            QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information,
            self.tr("Import summaries"), self.last_import_text, QMessageBox.StandardButton.Ok, self,
        )  # fmt: skip
        box.setObjectName("team_import_result")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.reload()

    def confirm_shrink(self, shrink: list) -> None:
        """Ask before a summary replaces a rep's data with under half the customers:
        how many customers would go, per file; "Import anyway" imports them with force."""
        lines = [
            self.tr("{rep}: {file} lists {n} customers; the team book has {before} for {rep}. "
                    "Importing it removes %n customer(s) from the team report.", "", r.before - r.customers)
            .format(rep=r.rep, file=r.file, n=r.customers, before=r.before)
            for _p, r in shrink
        ]  # fmt: skip
        others = [self.import_line(r) for r in self.last_import if r.status != "shrink"]
        text = "\n".join(
            [*others, *([""] if others else []), *lines, "",
             self.tr("Is this summary right? The summary it replaces is kept: "
                     "“Bring back previous summary…” restores it.")]
        )  # fmt: skip
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import summaries"), text,
                          QMessageBox.StandardButton.Cancel, self)  # fmt: skip
        box.setObjectName("team_shrink_confirm")
        go = box.addButton(
            self.tr("Import anyway (%n customer(s) go)", "", sum(r.before - r.customers for _p, r in shrink)),
            QMessageBox.ButtonRole.AcceptRole,
        )  # fmt: skip
        go.setObjectName("team_shrink_import")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        paths = [p for p, _r in shrink]
        go.clicked.connect(lambda: self.import_files(paths, force=True))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- bringing a replaced summary back -----------------------------------------------------
    def selected_uid(self) -> str | None:
        """The book uid of the rep selected in the Reps table, or None."""
        rows = self.reps_table.selectionModel().selectedRows()
        item = self.reps_table.item(rows[0].row(), 0) if rows else None
        return item.data(ID_ROLE) if item else None

    def selected_rep(self):
        """The rep (RepFigures) selected in the Reps table, or None."""
        uid = self.selected_uid()
        if uid is None or self.report is None:
            return None
        return next((r for r in self.report.reps if r.book_uid == uid), None)

    def revert_dialog(self) -> None:
        """Confirm, then bring back the selected rep's previous summary."""
        rep = self.selected_rep()
        prev = self.report.previous.get(rep.book_uid) if rep and self.report else None
        if prev is None:
            return
        text = self.tr(
            "Bring back {rep}'s previous summary (as of {on}, {n} customers)?\n\nThe current one "
            "(as of {now}, {now_n} customers) is kept: bringing back again restores it."
        ).format(rep=rep.rep, on=prev["on"], n=f"{prev['customers']:,}", now=rep.as_of,
                 now_n=f"{rep.customers:,}")  # fmt: skip
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Bring back previous summary"), text,
                          QMessageBox.StandardButton.Cancel, self)  # fmt: skip
        box.setObjectName("team_revert_confirm")
        go = box.addButton(self.tr("Bring back"), QMessageBox.ButtonRole.AcceptRole)
        go.setObjectName("team_revert_go")
        go.clicked.connect(lambda: self.revert(rep.book_uid))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def revert(self, book_uid: str) -> None:
        """Bring back the rep's previous summary on the team thread; then reload."""
        if not self.session.is_open or self.busy:
            return
        self._set_busy(True)
        self.session.call(
            _revert, book_uid, owner=self, done=self._reverted, error=self._revert_failed
        )

    def _reverted(self, result) -> None:
        self._set_busy(False)
        self.last_revert = result
        self.import_note.setText(
            self.tr(
                "Brought back {rep}'s previous summary (as of {on}, {n} customers); the one it replaced "
                "(as of {was_on}, {was_n} customers) is kept: “Bring back previous summary…” swaps them again."
            ).format(rep=result.rep, on=result.on, n=f"{result.customers:,}", was_on=result.was_on,
                     was_n=f"{result.was_customers:,}")
        )  # fmt: skip
        self.import_note.show()
        self.reload()

    def _revert_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._warn(i18n.error_text(exc))
        self.reload()

    # -- the report -------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.session.is_open:
            self._update()
            return
        self.session.call(_report, self.top, key=f"report{id(self)}", owner=self,
                          done=self.show_report, error=self._open_failed)  # fmt: skip

    def show_report(self, report) -> None:
        selected = self.selected_uid()
        self.report = report
        self._update()
        money = i18n.money
        rows = []
        for r in report.reps:
            cells = [r.rep, r.as_of, (f"{r.customers:,}", r.customers), r.due_this_week, r.overdue,
                     (money(r.receivables_fen), r.receivables_fen), r.owing_customers]  # fmt: skip
            for k in LEVELS_TOP_DOWN:
                cells.append(f"{r.pyramid.get(k, 0)} ({r.guideline.get(k, 0):.0f})")
            rows.append(cells)
        _fill(self.reps_table, rows, numeric={2, 3, 4, 5, 6, 7, 8, 9, 10},
              ids=[r.book_uid for r in report.reps])  # fmt: skip
        if selected:  # the same rep stays selected
            for row in range(self.reps_table.rowCount()):
                if self.reps_table.item(row, 0).data(ID_ROLE) == selected:
                    self.reps_table.selectRow(row)
        _fill(self.due_table, [
            [d["due_date"], d["rep"], i18n.kind(d["kind"]), i18n.status(d["status"]), d["customer"],
             i18n.phone(d["phone"]), d["area"] or "", money(d["amount_fen"]), d["what"] or ""]
            for d in report.due
        ], numeric={7}, colors={3: [status_color(d["status"]) for d in report.due]})  # fmt: skip
        basis = {"value": self.tr("value"), "spend": self.tr("total spend")}
        _fill(self.top_table, [
            [t["rep"], t["name"], t["area"] or "", i18n.level(t["level"]), money(t["value_fen"]),
             money(t["spend_fen"]), basis.get(t["value_source"], t["value_source"])]
            for t in report.top_customers
        ], numeric={4, 5})  # fmt: skip
        by = {"uid": self.tr("same customer uid"), "phone": self.tr("same phone")}
        _fill(self.conflicts_table, [
            [by.get(c.by, c.by), c.key, e["rep"], e["name"], i18n.phone(e["phone"])]
            for c in report.conflicts for e in c.entries
        ])  # fmt: skip
        self.tabs.setTabText(1, self.tr("Due list (%n)", "", len(report.due)))
        note = self.tr("Everything due by {end} (the week from {on}) and everything overdue, of all reps.").format(
            end=_plus_days(report.on, 6), on=report.on)  # fmt: skip
        if len(report.due) >= DUE_LIMIT:
            note += " " + self.tr("Showing the first {n} items, oldest first.").format(
                n=f"{DUE_LIMIT:,}"
            )
        self.due_note.setText(note)
        self.tabs.setTabText(3, self.tr("Conflicts (%n)", "", len(report.conflicts)))
        data = [(r.rep, r.receivables_fen, r.due_this_week, r.overdue) for r in report.reps]
        text = TeamChartText(self.tr("Receivables per rep"), self.tr("Due this week"), self.tr("Overdue"),
                             self.tr("Due this week and overdue, per rep"), self.tr("No summaries yet"))  # fmt: skip
        self.chart.set_chart(render_team_chart, data, text)
        self.report_shown.emit()

    def _update(self) -> None:
        """Labels, buttons and the empty state from what is open."""
        is_open = self.session.is_open
        path = getattr(self, "target", None) or self.session.path
        self.path_label.setText(
            self.tr("Team book: {path}").format(path=path) if is_open and path
            else self.tr("No team book open")
        )  # fmt: skip
        self.import_button.setEnabled(is_open and not self.busy)
        self.export_button.setEnabled(bool(self.report and self.report.reps) and not self.busy)
        rep = self.selected_rep()
        self.revert_button.setEnabled(
            bool(rep and rep.book_uid in self.report.previous) and not self.busy
        )
        r = self.report
        if not is_open:
            self._show_empty("closed", self.tr("No team book open"), self.tr(
                "A team book combines the summaries your reps send you. Create a new team book or open one, "
                "then import the summaries."),
                [(self.tr("New team book…"), self.new_team_dialog),
                 (self.tr("Open team book…"), self.open_team_dialog),
                 (self.tr("Server team book…"), self.open_server_dialog)])  # fmt: skip
        elif r is not None and not r.reps:
            self._show_empty("empty", self.tr("This team book is empty"), self.tr(
                "Import the summaries your reps sent you: each rep writes one with File > Export > "
                "A summary for your manager."), [(self.tr("Import summaries…"), self.import_dialog)])  # fmt: skip
        elif r is not None:
            self._empty_kind = ""
            customers = sum(x.customers for x in r.reps)
            owed = sum(x.receivables_fen for x in r.reps)
            self.headline.setText(
                self.tr("%n rep(s)", "", len(r.reps)) + " · "
                + self.tr("{n} customers · due this week {due} · overdue {over} · receivables {owed} · "
                          "as of {on}").format(n=f"{customers:,}", due=sum(x.due_this_week for x in r.reps),
                                               over=sum(x.overdue for x in r.reps), owed=i18n.money(owed),
                                               on=r.on)
                + (" · " + self.tr("%n conflict(s)", "", len(r.conflicts)) if r.conflicts else "")
            )  # fmt: skip
            self.stack.setCurrentWidget(self.tabs)

    def _show_empty(self, kind: str, title: str, hint: str, actions) -> None:
        if kind != self._empty_kind:  # set once: the buttons are rebuilt by set()
            self.empty.set(title, hint, actions)
            self._empty_kind = kind
        self.headline.setText("")
        self.stack.setCurrentWidget(self.empty)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update()

    # -- exporting the report --------------------------------------------------------------
    def export_dialog(self) -> None:
        if self.report is None:
            return
        name = self.tr("Team-report_{on}.xlsx").format(on=self.report.on)
        path, _ = file_dialogs.getSaveFileName(self, self.tr("Export the team report"),
                                              str(Path(self._folder()) / name),
                                              self.tr("Excel workbook (*.xlsx)"))  # fmt: skip
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.export_report(path)

    def export_report(self, path: str) -> None:
        """The report as a workbook (团队 待办 重点客户 冲突), written on the team thread."""
        from salesbook.team import write_report_xlsx

        report, lang = self.report, i18n.current()

        def write(_team):
            from salesbook.store import private

            write_report_xlsx(report, path, lang)
            private.restrict(path)  # owner-only (0600), like the books it comes from
            return path

        self._set_busy(True)
        self.session.call(write, done=self._exported, error=self._export_failed, owner=self)

    def _exported(self, path: str) -> None:
        self._set_busy(False)
        self.exported_path = path
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export the team report"),
                          self.tr("Saved {path}").format(path=path), QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setObjectName("team_export_result")
        folder = box.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _export_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        text = i18n.error_text(exc)
        if isinstance(exc.__cause__, PermissionError):
            text += "\n" + self.tr(
                "The file may be open in Excel or WPS: close it there, or choose another name."
            )
        self._warn(text)

    def _warn(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Team"), text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("team_warning")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.session.close(wait=True)
        super().closeEvent(event)


def open_from(window) -> TeamWindow:
    """View > Team in the main window: one Team window, on the last team book."""
    existing = getattr(window, "team_window", None)
    import shiboken6

    if existing is not None and shiboken6.isValid(existing):
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    win = TeamWindow(window)
    window.team_window = win
    last = QSettings().value("team/path")
    from salesbook.team_server import is_server_url

    if last and (is_server_url(str(last)) or Path(str(last)).exists()):
        win.open_team(str(last), create=False)
    win.show()
    return win
