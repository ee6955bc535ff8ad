"""Complaints (投诉) on Today: open complaints, longest open first, each with
its one-click actions (resolve, open the customer), and the recently resolved
ones that call for a follow-up visit (回访: one click logs it and the row goes).

Also the two small dialogs: resolve a complaint (how it was put right, when)
and log a new one. Every write is one core call on the book thread
(``salesbook.records.complaints``); no SQL here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesbook.records.complaints import Complaint, TodayComplaints

from . import i18n
from .due_table import ActionDelegate, ActionListModel
from .widgets import Change, EmptyState, FieldMessages, RecordDialog, status_color, status_tint

# the buttons on a row: the first is what Enter does
OPEN_ACTIONS = ("resolve", "open")
FOLLOW_UP_ACTIONS = ("visited", "open")
# colours: an open complaint is a problem (red), a follow-up an opportunity (blue)
COLOR_OF = {"open": "overdue", "follow_up": "upcoming"}


def action_label(action: str) -> str:
    return {
        "resolve": QCoreApplication.translate("Complaints", "Resolve…"),
        "visited": QCoreApplication.translate("Complaints", "Log visit"),
        "open": QCoreApplication.translate("Complaints", "Open customer"),
        "contact": QCoreApplication.translate("Complaints", "Log contact…"),
    }[action]


@dataclass(frozen=True)
class ComplaintRow:
    """One line of the complaints list: an open complaint or a follow-up visit."""

    kind: str  # "open" | "follow_up"
    complaint: Complaint
    visit_by: str | None = None  # follow-ups: the end of the follow-up window

    @property
    def customer_id(self) -> int:
        return self.complaint.customer_id

    @property
    def customer(self) -> str:
        return self.complaint.customer


def rows_of(today: TodayComplaints) -> list[ComplaintRow]:
    """Open complaints first (longest open first), then the follow-up visits."""
    return [ComplaintRow("open", k) for k in today.open] + [
        ComplaintRow("follow_up", f.complaint, f.visit_by) for f in today.follow_ups
    ]


def describe(row: ComplaintRow) -> str:
    """What happened / why to visit: 米里有虫 or 投诉已于11月20日解决，去回访：米里有虫."""
    k = row.complaint
    if row.kind == "open":
        return k.what
    return QCoreApplication.translate(
        "Complaints", "Resolved {date}, visit to follow up: {what}"
    ).format(date=i18n.short_date(k.resolved_date), what=k.what)


class ComplaintModel(ActionListModel):
    COLUMNS = ("status", "customer", "date", "product", "what", "days", "actions")
    rows: list[ComplaintRow]

    def headers(self) -> dict[str, str]:
        return {
            "status": QCoreApplication.translate("Complaints", "Status"),
            "customer": QCoreApplication.translate("Complaints", "Customer"),
            "date": QCoreApplication.translate("Complaints", "Date"),
            "product": QCoreApplication.translate("Complaints", "Product"),
            "what": QCoreApplication.translate("Complaints", "What happened"),
            "days": QCoreApplication.translate("Complaints", "Days open"),
            "actions": QCoreApplication.translate("Complaints", "Actions"),
        }

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        k = row.complaint
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "status":
                return (
                    QCoreApplication.translate("Complaints", "open")
                    if row.kind == "open"
                    else QCoreApplication.translate("Complaints", "follow-up visit")
                )
            if col == "customer":
                return k.customer
            if col == "date":
                return i18n.short_date(k.date)
            if col == "product":
                return k.product or ""
            if col == "what":
                return describe(row)
            if col == "days":
                return self.tr("%n day(s)", "", k.days_open(self.on)) if row.kind == "open" else ""
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col != "actions":
            return self.details(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.customer_id in self.pending:
                return QBrush(Qt.GlobalColor.gray)
            if col == "status":
                return QBrush(status_color(COLOR_OF[row.kind]))
        if role == Qt.ItemDataRole.BackgroundRole:
            tint = status_tint(COLOR_OF[row.kind])
            return QBrush(tint) if tint else None
        if role == Qt.ItemDataRole.FontRole and col in ("status", "customer"):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and col == "days":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def details(self, row: ComplaintRow) -> str:
        """The tooltip: the whole story of the complaint."""
        k = row.complaint
        lines = [
            QCoreApplication.translate("Complaints", "{customer}, {date}: {what}").format(
                customer=k.customer, date=i18n.short_date(k.date), what=k.what
            )
        ]
        if k.product:
            lines.append(
                QCoreApplication.translate("Complaints", "Product: {product}").format(
                    product=k.product
                )
            )
        if row.kind == "open":
            lines.append(self.tr("Open for %n day(s)", "", k.days_open(self.on)))
        else:
            lines.append(
                QCoreApplication.translate("Complaints", "Put right {date}: {how}").format(
                    date=i18n.short_date(k.resolved_date), how=k.resolution or ""
                )
            )
            lines.append(
                QCoreApplication.translate(
                    "Complaints", "A visit soon shows you care: suggested until {date}"
                ).format(date=i18n.short_date(row.visit_by))
            )
        return "\n".join(lines)


class ComplaintDelegate(ActionDelegate):
    """Resolve / open on an open complaint; log the visit / open on a follow-up."""

    def __init__(self, model: ComplaintModel, parent=None):
        super().__init__(OPEN_ACTIONS, parent)
        self.model = model

    def label(self, action: str) -> str:
        return action_label(action)

    def actions_at(self, index: QModelIndex | None) -> tuple[str, ...]:
        if index is not None and index.isValid() and index.row() < len(self.model.rows):
            if self.model.rows[index.row()].kind == "follow_up":
                return FOLLOW_UP_ACTIONS
        return OPEN_ACTIONS

    def action_sets(self) -> list[tuple[str, ...]]:
        return [OPEN_ACTIONS, FOLLOW_UP_ACTIONS]


class ComplaintsTable(QWidget):
    """The Complaints tab of Today. ``view``: the TodayView (session, window, day)."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.loaded = False
        self.today: TodayComplaints = TodayComplaints([], [])
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 4, 0, 4)
        self.hint = QLabel(
            self.tr("An open complaint is the strongest sign a customer may leave: put it right "
                    "first. Once it is put right, a visit often wins them over.")
        )  # fmt: skip
        self.hint.setObjectName("complaints_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #4a5568;")
        bar.addWidget(self.hint, 1)
        self.add_button = QPushButton(self.tr("Log a complaint…"))
        self.add_button.setObjectName("log_complaint")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.log_complaint())
        bar.addWidget(self.add_button)
        self.model = ComplaintModel(self)
        self.table = QTableView()
        self.table.setObjectName("complaints")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.doubleClicked.connect(self._double_clicked)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self._enter)
        self.delegate = ComplaintDelegate(self.model, self.table)
        self.delegate.clicked.connect(self._clicked)
        actions_col = ComplaintModel.COLUMNS.index("actions")
        self.table.setItemDelegateForColumn(actions_col, self.delegate)
        header = self.table.horizontalHeader()
        fm = self.fontMetrics()
        # a short list: the narrow columns fit their texts (headers included), the story stretches
        header.setMinimumSectionSize(fm.horizontalAdvance("M" * 4))
        for col, name in enumerate(ComplaintModel.COLUMNS):
            if name not in ("what", "actions"):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        what = ComplaintModel.COLUMNS.index("what")
        header.setSectionResizeMode(what, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(actions_col, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(actions_col, self.delegate.width(fm))
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.stack, 1)

    # -- showing ---------------------------------------------------------------
    def title(self, n: int | None, visits: int = 0) -> str:
        """投诉 / 投诉 2 件 / 投诉 2 件（回访 1 位）: the tab title, open complaints
        and the follow-up visits apart (the reminder counts them the same way)."""
        if n is None:
            return self.tr("Complaints")
        if visits:
            return self.tr("Complaints {n} (%n visit(s))", "", visits).format(n=n)
        return self.tr("Complaints {n}").format(n=n)

    def set_today(self, today: TodayComplaints, on: date) -> None:
        self.today = today
        self.model.set_rows(rows_of(today), on)
        self.loaded = True
        if self.model.rows:
            self.hint.show()
            self.stack.setCurrentWidget(self.table)
        else:
            self.hint.hide()
            self.empty.set(
                self.tr("No open complaints"),
                self.tr("When a customer complains, log it here: it stays on Today until it is "
                        "put right, and then reminds you to visit them."),
                [(self.tr("Log a complaint…"), lambda: self.log_complaint())],
            )  # fmt: skip
            self.stack.setCurrentWidget(self.empty)

    def row_at(self, row: int) -> ComplaintRow | None:
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def row_of(self, complaint_id: int, kind: str | None = None) -> int:
        for i, r in enumerate(self.model.rows):
            if r.complaint.id == complaint_id and (kind is None or r.kind == kind):
                return i
        return -1

    # -- actions -----------------------------------------------------------------
    def act(self, action: str, row: ComplaintRow) -> None:
        win = self.view.window_
        if action == "open":
            win.open_customer(row.customer_id)
        elif action == "resolve":
            self.resolve(row.complaint)
        elif action == "visited":
            self.log_visit(row.complaint)
        elif action == "contact":
            win.open_contact(row.customer_id, on=self.action_day())

    def action_day(self) -> date:
        """The day an action is dated: the day shown, but never in the future."""
        return min(self.view.on, self.view.window_.today())

    def resolve(self, complaint: Complaint) -> ResolveComplaintDialog:
        dlg = ResolveComplaintDialog(self.view.window_, complaint, self.action_day())
        dlg.show()
        return dlg

    def log_visit(self, complaint: Complaint) -> None:
        """One click: log the follow-up visit (dated the day shown); the row goes."""
        from salesbook.records.complaints import log_follow_up

        day = max(self.action_day(), date.fromisoformat(complaint.resolved_date or "0001-01-01"))
        win = self.view.window_
        self.view.session.call(
            log_follow_up, complaint.id, on=day, error=win.show_error,
            done=lambda _r: win.notify(
                Change.of(complaint.customer_id, what=("contact", "complaint")),
                self.tr("Follow-up visit logged: {customer}").format(customer=complaint.customer)),
        )  # fmt: skip

    def log_complaint(self, customer_id: int | None = None) -> ComplaintDialog | None:
        win = self.view.window_
        if not win.session.is_open:
            return None
        dlg = ComplaintDialog(win, customer_id, self.action_day())
        dlg.show()
        return dlg

    def _clicked(self, row: int, action: str, _pos: QPoint) -> None:
        item = self.row_at(row)
        if item is not None:
            self.table.selectRow(row)
            self.act(action, item)

    def _enter(self) -> None:
        item = self.row_at(self.table.currentIndex().row())
        if item is not None:
            self.act(OPEN_ACTIONS[0] if item.kind == "open" else FOLLOW_UP_ACTIONS[0], item)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() != ComplaintModel.COLUMNS.index("actions"):
            item = self.row_at(index.row())
            if item is not None:
                self.act("open", item)

    def _menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        item = self.row_at(index.row()) if index.isValid() else None
        if item is None:
            return
        menu = QMenu(self)
        first = "resolve" if item.kind == "open" else "visited"
        for action in ("open", first, "contact"):
            a = menu.addAction(action_label(action))
            a.triggered.connect(lambda _=False, act=action: self.act(act, item))
        menu.popup(self.table.viewport().mapToGlobal(pos))


class ResolveComplaintDialog(QDialog):
    """How was the complaint put right, and when: one transaction on Save."""

    def __init__(self, window, complaint: Complaint, on: date):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.complaint = complaint
        self.busy = False
        self.setObjectName("resolve_complaint_dialog")
        self.setWindowTitle(self.tr("Resolve a complaint"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        outer = QVBoxLayout(self)
        k = complaint
        about = " · ".join(x for x in (k.customer, i18n.short_date(k.date), k.product or "") if x)
        self.summary = QLabel(f"<b>{_html(about)}</b><br>{_html(k.what)}")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        self.fields = FieldMessages()
        self.how = QLineEdit()
        self.how.setObjectName("how")
        self.how.setPlaceholderText(self.tr("e.g. exchanged the bag, refunded the difference"))
        self.fields.add(form, "how", self.tr("How it was put right"), self.how)
        self.day = QDateEdit()
        self.day.setObjectName("resolved_date")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        start = date.fromisoformat(k.date)
        self.day.setMinimumDate(QDate(start.year, start.month, start.day))
        on = max(on, start)
        self.day.setDate(QDate(on.year, on.month, on.day))
        self.fields.add(form, "date", self.tr("Put right on"), self.day)
        outer.addWidget(self.fields.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.save_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        self.how.setFocus()

    def save(self) -> None:
        from salesbook.records.complaints import resolve_complaint

        if self.busy:
            return
        self.fields.clear()
        d = self.day.date()
        self.busy = True
        self.save_button.setEnabled(False)
        self.session.call(
            resolve_complaint, self.complaint.id, how=self.how.text(),
            on=date(d.year(), d.month(), d.day()),
            done=self._saved, error=self._failed, owner=self,
        )  # fmt: skip

    def _saved(self, k: Complaint) -> None:
        self.busy = False
        self.window_.notify(
            Change.of(k.customer_id, what=("complaint",)),
            self.tr("Complaint put right: {customer}. Visit them soon to follow up.").format(
                customer=k.customer
            ),
        )
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.fields.show_error(exc)


def _add_complaint(book, customer_id, on, what, product_id):
    from salesbook.records.complaints import add_complaint

    return add_complaint(book, customer_id, on=on, what=what, product_id=product_id)


class ComplaintDialog(RecordDialog):
    """Log a complaint: customer, product (optional), date, what happened."""

    def __init__(self, window, customer_id: int | None = None, on: date | None = None):
        super().__init__(window, customer_id, on or window.today())
        self.setWindowTitle(self.tr("Log a complaint"))
        self.setObjectName("complaint_dialog")
        from salesbook.records.products import list_products

        self.session.call(list_products, done=self._got_products, owner=self)
        self.resize(460, self.sizeHint().height())

    def build(self) -> None:
        self.product = QComboBox()
        self.product.setObjectName("product")
        self.product.addItem(self.tr("(no particular product)"), None)
        self.fields.add(self.form, "product", self.tr("Product"), self.product)
        self.day = self.date_field()
        self.fields.add(self.form, "date", self.tr("Date"), self.day)
        self.what = QLineEdit()
        self.what.setObjectName("what")
        self.what.setPlaceholderText(self.tr("What happened, in the customer's words"))
        self.fields.add(self.form, "what", self.tr("What happened"), self.what)

    def _got_products(self, products) -> None:
        for p in products:
            self.product.addItem(p.name, p.id)

    def _customer_picked(self, customer_id: int, name: str) -> None:
        self.shrink()
        self.what.setFocus()

    def save_call(self):
        args = (self.picker.customer_id, self.date_of(self.day), self.what.text(),
                self.product.currentData())  # fmt: skip
        return _add_complaint, args, {}

    def _saved(self, result) -> None:
        message = self.tr("Complaint logged: {customer}").format(customer=result.customer)
        self.window_.notify(Change.of(result.customer_id, what=("complaint",)), message)
        super()._saved(result)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
