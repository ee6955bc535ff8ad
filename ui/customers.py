"""Customers (客户): every customer, searched as you type (name, phone, pinyin
initials), filtered by area, level and status, sorted by any column.

``CustomerTableModel`` never holds the whole book: it reports every matching
customer (the count the core gives), so the scroll bar covers the whole list
and Ctrl+End reaches the last customer, but asks the core only for the pages
of rows that come into view; to sort or filter, it asks for a new first page
(``search_customers`` sorts and filters in SQL).
A run-out date already past is coloured as on Today (``customers.runout_status``
with the book's at-risk days: overdue red, at risk purple).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesbook.rules.text import LEVELS

from . import i18n
from .widgets import Change, EmptyState, ask, status_color

PAGE = 200


@dataclass(frozen=True)
class CustomerQuery:
    text: str = ""
    area: str | None = None
    level: str | None = None
    status: str | None = None
    include_archived: bool = False
    order_by: str = "name"
    descending: bool = False
    on: str | None = None

    def args(self) -> dict:
        return dict(area=self.area, level=self.level, status=self.status,
                    include_archived=self.include_archived, on=self.on)  # fmt: skip


def _page(book, q: CustomerQuery, offset: int):
    from salesbook.records.customers import search_customers

    return search_customers(book, q.text or None, order_by=q.order_by, descending=q.descending,
                            limit=PAGE, offset=offset, **q.args())  # fmt: skip


def _at_risk_days(book) -> int:
    return int(book.setting("at_risk_days"))


def _count(book, q: CustomerQuery) -> int:
    from salesbook.records.customers import count_customers

    return count_customers(book, q.text or None, **q.args())


COLUMNS = (
    "name",
    "phone",
    "area",
    "level",
    "household_size",
    "balance",
    "last_contact",
    "next_runout",
)


def column_title(name: str) -> str:
    return {
        "name": QCoreApplication.translate("Customers", "Name"),
        "phone": QCoreApplication.translate("Customers", "Phone"),
        "area": QCoreApplication.translate("Customers", "Area"),
        "level": QCoreApplication.translate("Customers", "Level"),
        "household_size": QCoreApplication.translate("Customers", "People"),
        "balance": QCoreApplication.translate("Customers", "Owed"),
        "last_contact": QCoreApplication.translate("Customers", "Last contact"),
        "next_runout": QCoreApplication.translate("Customers", "Next run-out"),
    }[name]


class CustomerTableModel(QAbstractTableModel):
    """Pages of ``CustomerRow`` from the core; see the module doc."""

    reset_done = Signal()  # a new first page is shown
    counted = Signal(int)

    def __init__(self, session, query: CustomerQuery | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.query = query or CustomerQuery()
        self.rows: list = []
        self.total: int | None = None
        self.exhausted = True
        self.fetching = False
        self.generation = 0
        self.pending_reset = False
        self._pos: dict[int, int] = {}
        self._asked: set[int] = set()  # pages asked of the core in this generation
        self._inflight: set[int] = set()  # ... and not answered yet
        self.at_risk_days = 14  # the book's setting, asked for with every new first page

    # -- asking the core ------------------------------------------------
    def set_query(self, **changes) -> None:
        new = replace(self.query, **changes)
        if new != self.query or not self.rows:
            self.query = new
            self.refresh()

    def refresh(self) -> None:
        if not self.session.is_open:
            return
        self.generation += 1
        gen, q = self.generation, self.query
        self.pending_reset = True
        self.total = None  # the new query's count is on its way
        self.session.call(_at_risk_days, key=f"risk{id(self)}", owner=self,
                          done=lambda n: setattr(self, "at_risk_days", n))  # fmt: skip
        self.session.call(_page, q, 0, key=f"page{id(self)}", owner=self,
                          done=lambda rows: self._first(gen, rows))  # fmt: skip
        self.session.call(_count, q, key=f"count{id(self)}", owner=self,
                          done=lambda n: self._counted(gen, n))  # fmt: skip

    def _first(self, gen: int, rows: list) -> None:
        if gen != self.generation:
            return
        self.beginResetModel()
        self.rows = list(rows)
        self._pos = {r.id: i for i, r in enumerate(self.rows)}
        self._asked, self._inflight = {0}, set()
        self.exhausted = len(rows) < PAGE
        self.fetching = False
        self.pending_reset = False
        self.endResetModel()
        self._grow()
        self.reset_done.emit()

    def _counted(self, gen: int, n: int) -> None:
        if gen == self.generation:
            self.total = n
            self._grow()
            self.counted.emit(n)

    def _grow(self) -> None:
        """Once both the first page and the count are in: one row per customer,
        the rows not asked for yet empty until they come into view."""
        if self.pending_reset or self.total is None or self.total <= len(self.rows):
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), self.total - 1)
        self.rows.extend([None] * (self.total - len(self.rows)))
        self.endInsertRows()
        self.exhausted = True

    def loaded(self) -> list:
        """The rows already fetched, in list order."""
        return [r for r in self.rows if r is not None]

    def _want(self, row: int) -> None:
        """Row ``row`` is in view but not fetched: ask for its page (once)."""
        page = row // PAGE
        if page in self._asked:
            return
        self._asked.add(page)
        self._inflight.add(page)
        self.fetching = True
        gen, q, offset = self.generation, self.query, page * PAGE
        self.session.call(
            _page, q, offset, owner=self, done=lambda rows: self._more(gen, offset, rows)
        )

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and not self.exhausted and not self.fetching

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        """Before the count is in, the next page at the end (the count then
        gives the table its full length)."""
        if parent.isValid() or self.exhausted or self.fetching:
            return
        self._want(len(self.rows))

    def _more(self, gen: int, offset: int, rows: list) -> None:
        if gen != self.generation:
            return
        self._inflight.discard(offset // PAGE)
        self.fetching = bool(self._inflight)
        if not rows:
            self.exhausted = True
            return
        end = offset + len(rows)
        if end > len(self.rows):  # before the count: rows at the end
            self.beginInsertRows(QModelIndex(), len(self.rows), end - 1)
            self.rows.extend([None] * (end - len(self.rows)))
            self.endInsertRows()
            self.exhausted = self.total is not None or len(rows) < PAGE
        for i, r in enumerate(rows, start=offset):
            old = self.rows[i]
            if old is not None and self._pos.get(old.id) == i:
                del self._pos[old.id]
            self.rows[i] = r
            self._pos[r.id] = i
        self.dataChanged.emit(self.index(offset, 0), self.index(end - 1, len(COLUMNS) - 1))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.set_query(order_by=COLUMNS[column], descending=order == Qt.SortOrder.DescendingOrder)

    def update_customers(self, ids) -> None:
        """Fresh rows for customers that changed (after a write), in place."""
        from salesbook.records.views import customer_rows

        shown = [i for i in ids if i in self._pos]
        if shown:
            gen = self.generation
            self.session.call(
                customer_rows, shown, owner=self, done=lambda rows: self._updated(gen, rows)
            )

    def _updated(self, gen: int, rows: dict) -> None:
        if gen != self.generation:
            return
        for cid, row in rows.items():
            i = self._pos.get(cid)
            if i is not None:
                self.rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    # -- showing -----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_title(COLUMNS[section])
        return None

    def row_at(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, customer_id: int) -> int:
        return self._pos.get(customer_id, -1)

    def runout_status(self, row) -> str | None:
        """overdue / at_risk when the row's next run-out is past (None otherwise,
        and for archived customers: they are not on Today)."""
        from salesbook.records.customers import runout_status

        if not self.query.on or row.archived:
            return None
        return runout_status(row.next_runout, self.query.on, self.at_risk_days)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if r is None:  # in view, not fetched yet: its page is asked for
            self._want(index.row())
            return None
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "name":
                return r.name + (
                    QCoreApplication.translate("Customers", " (archived)") if r.archived else ""
                )
            if col == "phone":
                return i18n.phone(r.phone)
            if col == "area":
                return r.area or ""
            if col == "level":
                return i18n.level(r.level)
            if col == "household_size":
                return "" if r.household_size is None else str(r.household_size)
            if col == "balance":
                return i18n.money(r.balance_fen) if r.balance_fen else ""
            if col == "last_contact":
                return i18n.list_date(r.last_contact_date, self.query.on)
            if col == "next_runout":
                return i18n.list_date(r.next_runout, self.query.on)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("household_size", "balance"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.archived:
                return QBrush(Qt.GlobalColor.gray)
            if col == "balance" and r.balance_fen > 0:
                return QBrush(QColor("#c53030"))
            if col == "next_runout" and (status := self.runout_status(r)):
                return QBrush(status_color(status))
        if role == Qt.ItemDataRole.FontRole and col == "next_runout" and self.runout_status(r):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == "next_runout":
            return self._runout_tip(r)
        return None

    def _runout_tip(self, row) -> str | None:
        status = self.runout_status(row)
        if status is None:
            return None
        days = (date.fromisoformat(self.query.on) - date.fromisoformat(row.next_runout)).days
        if status == "at_risk":
            return QCoreApplication.translate(
                "Customers",
                "Ran out %n day(s) ago: at risk, they may be buying elsewhere",
                "",
                days,
            )
        if days == 0:
            return QCoreApplication.translate("Customers", "Runs out today")
        return QCoreApplication.translate("Customers", "Ran out %n day(s) ago", "", days)


class CustomersView(QWidget):
    """The Customers tab."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("customer_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search: name, phone or pinyin initials (wjg finds 王建国)")
        )
        self.search.textChanged.connect(
            lambda text: self.model.set_query(text=i18n.search_text(text))
        )
        bar.addWidget(self.search, 3)
        self.area = QComboBox()
        self.area.setObjectName("area_filter")
        self.area.setMinimumContentsLength(8)
        self.area.addItem(self.tr("All areas"), None)
        self.area.currentIndexChanged.connect(
            lambda _i: self.model.set_query(area=self.area.currentData())
        )
        bar.addWidget(self.area, 1)
        self.level = QComboBox()
        self.level.setObjectName("level_filter")
        self.level.addItem(self.tr("All levels"), None)
        for code in reversed(LEVELS):
            self.level.addItem(i18n.level(code), code)
        self.level.currentIndexChanged.connect(
            lambda _i: self.model.set_query(level=self.level.currentData())
        )
        bar.addWidget(self.level, 1)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        for text, code in ((self.tr("Any status"), None), (self.tr("Owing"), "owing"),
                           (self.tr("Resupply due"), "due"), (self.tr("Ran out"), "overdue"),
                           (self.tr("At risk"), "at_risk")):  # fmt: skip
            self.status.addItem(text, code)
        self.status.currentIndexChanged.connect(self._status_changed)
        bar.addWidget(self.status, 1)
        self.archived = QCheckBox(self.tr("Archived too"))
        self.archived.toggled.connect(lambda on: self.model.set_query(include_archived=on))
        bar.addWidget(self.archived)
        lay.addLayout(bar)

        self.model = CustomerTableModel(self.session, parent=self)
        self.model.reset_done.connect(self._after_reset)
        # a row selected before its page came in: its buttons come alive with it
        self.model.dataChanged.connect(lambda *_: self._selection_changed())
        self.model.counted.connect(self._counted)
        self.table = QTableView()
        self.table.setObjectName("customers_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.doubleClicked.connect(lambda idx: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        header = self.table.horizontalHeader()
        fm = self.fontMetrics()
        for i, name in enumerate(COLUMNS):
            sample = {"name": "M" * 8, "phone": "0" * 13, "area": "M" * 6, "level": "acquaintance",
                      "household_size": "People", "balance": "¥00,000.00", "last_contact": "2026-00-00 ",
                      "next_runout": "2026-00-00 "}[name]  # fmt: skip
            width = max(fm.horizontalAdvance(sample), fm.horizontalAdvance(column_title(name))) + 24
            header.resizeSection(i, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        lay.addWidget(self.stack, 1)

        buttons = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("customer_count")
        buttons.addWidget(self.count_label, 1)
        self.new_button = QPushButton(self.tr("New customer…"))
        self.new_button.clicked.connect(self.window_.add_customer)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.deliver_button = QPushButton(self.tr("Delivery…"))
        self.deliver_button.clicked.connect(self.deliver_selected)
        self.archive_button = QPushButton(self.tr("Archive"))
        self.archive_button.setObjectName("archive_button")
        self.archive_button.clicked.connect(self.archive_selected)
        for b in (self.new_button, self.open_button, self.edit_button, self.deliver_button,
                  self.archive_button):  # fmt: skip
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self._selection_changed()

    # -- loading -----------------------------------------------------------
    def reload(self) -> None:
        from salesbook.records.customers import areas

        self.model.set_query(on=self.window_.today().isoformat())
        self.model.refresh()
        self.session.call(areas, done=self._got_areas, owner=self, key="areas")

    def _got_areas(self, names: list[str]) -> None:
        current = self.area.currentData()
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItem(self.tr("All areas"), None)
        for name in names:
            self.area.addItem(name, name)
        self.area.setCurrentIndex(max(0, self.area.findData(current)))
        self.area.blockSignals(False)

    def on_change(self, change: Change) -> None:
        if change.customers is None or "customer" in change.what:
            self.reload()
        else:
            self.model.update_customers(change.customers)

    def _status_changed(self, _i: int) -> None:
        self.model.set_query(status=self.status.currentData(), on=self.window_.today().isoformat())

    def _filtered(self) -> bool:
        q = self.model.query
        return bool(q.text or q.area or q.level or q.status)

    def _after_reset(self) -> None:
        if self.model.rows:
            self.stack.setCurrentWidget(self.table)
        elif self._filtered():
            self.empty.set(self.tr("No customer matches"),
                           self.tr("Check the spelling, or try pinyin initials: wjg finds 王建国."),
                           [(self.tr("Clear search and filters"), self.clear_filters)])  # fmt: skip
            self.stack.setCurrentWidget(self.empty)
        else:
            win = self.window_
            actions = [(self.tr("Add a customer"), win.add_customer)]
            if win.can_import():
                actions.append((self.tr("Import a spreadsheet…"), win.open_import))
            self.empty.set(self.tr("No customers yet"),
                           self.tr("Add the households and shops you sell to."), actions)  # fmt: skip
            self.stack.setCurrentWidget(self.empty)
        self._selection_changed()

    def _counted(self, n: int) -> None:
        self.count_label.setText(self.tr("%n customer(s)", "", n))

    def clear_filters(self) -> None:
        for combo in (self.area, self.level, self.status):
            combo.setCurrentIndex(0)
        self.search.clear()

    # -- actions -----------------------------------------------------------
    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        row = self.selected()
        for b in (self.open_button, self.edit_button, self.deliver_button, self.archive_button):
            b.setEnabled(row is not None)
        self.archive_button.setText(
            self.tr("Restore") if row and row.archived else self.tr("Archive")
        )

    def open_selected(self) -> None:
        row = self.selected()
        if row:
            self.window_.open_customer(row.id)

    def edit_selected(self) -> None:
        row = self.selected()
        if row:
            self.window_.edit_customer(row.id)

    def deliver_selected(self) -> None:
        row = self.selected()
        if row:
            self.window_.open_delivery(row.id)

    def archive_selected(self) -> None:
        from salesbook.records.customers import archive_customer

        row = self.selected()
        if row is None:
            return
        restore = row.archived

        def _do() -> None:
            self.session.call(
                archive_customer, row.id, restore=restore, error=self.window_.show_error,
                done=lambda c: self.window_.notify(
                    Change.of(row.id, what=("customer",)),
                    (self.tr("Restored {name}") if restore else self.tr("Archived {name}")).format(name=c.name)),
            )  # fmt: skip

        if restore:
            _do()
        else:
            ask(self, self.tr("Archive customer"),
                self.tr("Archive {name}? They leave the lists and Today; their history is kept "
                        "and they can be restored.").format(name=row.name), _do)  # fmt: skip

    def select_customer(self, customer_id: int) -> bool:
        row = self.model.row_of(customer_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True
