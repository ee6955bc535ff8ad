"""One Today table: the due items of one kind, most urgent first, each row with
its status colour, the what and why (大米 预计3月8日用完), and its one-click
action buttons painted by ``ActionDelegate``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QMenu,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesbook.due import DueItem

from . import i18n
from .widgets import EmptyState, status_color, status_tint

KINDS = ("resupply", "collect", "follow_up")
# the buttons on each row, by kind (the context menu has all of them)
ROW_ACTIONS = {
    "resupply": ("deliver", "elsewhere", "message", "snooze"),
    "collect": ("payment", "contact", "message", "snooze"),
    "follow_up": ("contact", "message", "snooze"),
}
SNOOZE_DAYS = (1, 3, 7, 14, 30)
PAGE = 200  # items built at a time: the first page comes with the list


def action_label(action: str) -> str:
    return {
        "deliver": QCoreApplication.translate("Today", "Deliver"),
        "elsewhere": QCoreApplication.translate("Today", "Bought elsewhere"),
        "snooze": QCoreApplication.translate("Today", "Snooze"),
        "payment": QCoreApplication.translate("Today", "Payment"),
        "contact": QCoreApplication.translate("Today", "Log contact"),
        "open": QCoreApplication.translate("Today", "Open customer"),
        "message": QCoreApplication.translate("Today", "Write message…"),
    }[action]


def describe(item: DueItem, on: date) -> str:
    """The what and why of a due item: 大米 预计3月8日用完 / 欠款 ¥320.00 发薪日已过 / 35天未联系."""
    if item.kind == "resupply":
        when = i18n.short_date(item.runout_date)
        if item.days_left < 0:
            return QCoreApplication.translate("Today", "{product}: ran out {date}").format(
                product=item.product, date=when
            )
        return QCoreApplication.translate("Today", "{product}: runs out {date}").format(
            product=item.product, date=when
        )
    if item.kind == "collect":
        amount = i18n.money(item.amount_fen)
        if item.days_left == 0:
            return QCoreApplication.translate("Today", "owes {amount}, payday today").format(
                amount=amount
            )
        if item.days_left < 0:
            return QCoreApplication.translate("Today", "owes {amount}, payday passed").format(
                amount=amount
            )
        return QCoreApplication.translate("Today", "owes {amount}, payday {date}").format(
            amount=amount, date=i18n.short_date(item.due_date)
        )
    if not item.last_contact:
        return QCoreApplication.translate("Today", "never contacted")
    days = (on - date.fromisoformat(item.last_contact)).days
    return QCoreApplication.translate("Today", "no contact for {days} days").format(days=days)


class ActionListModel(QAbstractTableModel):
    """A list of rows for the day ``on`` with an actions column, whose rows of
    customers being updated after a write are shown as pending. Subclasses
    give COLUMNS, headerData and data."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []
        self.on = date.today()
        self.pending: set[int] = set()  # customers being updated after a write

    def set_rows(self, rows: list, on: date) -> None:
        self.beginResetModel()
        self.rows, self.on, self.pending = rows, on, set()
        self.endResetModel()

    def mark_pending(self, customer_ids) -> None:
        self.pending |= set(customer_ids)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.COLUMNS) - 1)
            )

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headers(self) -> dict[str, str]:
        """Column key -> translated header (asked each time: the language may change)."""
        raise NotImplementedError("a subclass names its columns")

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers()[self.COLUMNS[section]]


class DueModel(ActionListModel):
    """One kind of due items, in the core's order (most urgent first).

    It holds every item's key (``due.DueList``) but builds only the rows shown:
    the first page comes with the list, the next ones (``PAGE`` at a time) are
    asked of the core as the table is scrolled (``canFetchMore``/``fetchMore``),
    so 40,000 overdue items open as fast as 40."""

    COLUMNS = ("status", "customer", "area", "phone", "what", "actions")

    def __init__(self, kind: str, parent=None, session=None):
        super().__init__(parent)
        self.kind = kind
        self.session = session  # a BookSession, to build the next pages
        self.keys: list[int] = []
        self.consumed = 0  # keys asked for so far (an item gone since is left out)
        self.fetching = False
        self.generation = 0
        self.address_as: dict[int, str] = {}  # customer id -> 称呼 (shown beside the name)

    def set_address_forms(self, forms: dict[int, str]) -> None:
        self.address_as = forms
        if self.rows:
            col = self.COLUMNS.index("customer")
            self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col))

    @property
    def items(self) -> list[DueItem]:
        return self.rows

    @property
    def total(self) -> int:
        """How many items the list has, built or not."""
        return len(self.keys)

    def set_list(self, keys: list[int], head: list[DueItem], on: date) -> None:
        """A new list: all its keys, and its first items already built."""
        self.generation += 1
        self.keys, self.consumed, self.fetching = keys, len(head), False
        self.set_rows(list(head), on)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return (
            not parent.isValid()
            and self.session is not None
            and not self.fetching
            and self.consumed < len(self.keys)
        )

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 - Qt API
        if not self.canFetchMore(parent):
            return
        from salesbook.due import fetch_items

        self.fetching = True
        gen, keys = self.generation, self.keys[self.consumed : self.consumed + PAGE]
        self.session.call(fetch_items, keys, self.on, owner=self,
                          done=lambda items: self._more(gen, len(keys), items),
                          error=lambda exc: self._failed(gen, exc))  # fmt: skip

    def _failed(self, gen: int, exc: Exception) -> None:
        """Stop asking (the view would ask again at once) and say why, once."""
        if gen == self.generation:
            self.fetching, self.consumed = False, len(self.keys)
            self.session.failed.emit(exc)

    def _more(self, gen: int, n_keys: int, items: list[DueItem]) -> None:
        if gen != self.generation:
            return  # a new list came meanwhile
        self.fetching = False
        self.consumed += n_keys
        if items:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(items) - 1)
            self.rows.extend(items)
            self.endInsertRows()

    def headers(self) -> dict[str, str]:
        return {
            "status": QCoreApplication.translate("Today", "Status"),
            "customer": QCoreApplication.translate("Today", "Customer"),
            "area": QCoreApplication.translate("Today", "Area"),
            "phone": QCoreApplication.translate("Today", "Phone"),
            "what": QCoreApplication.translate("Today", "What and why"),
            "actions": QCoreApplication.translate("Today", "Actions"),
        }

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.items[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "status":
                return i18n.status(item.status)
            if col == "customer":
                form = self.address_as.get(item.customer_id)  # 称呼: 王建国（王哥）
                if form and form != item.customer:
                    return f"{item.customer}（{form}）"
                return item.customer
            if col == "area":
                return item.area or ""
            if col == "phone":
                return i18n.phone(item.phone)
            if col == "what":
                return describe(item, self.on)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.customer_id in self.pending:
                return QBrush(Qt.GlobalColor.gray)
            if col == "status":
                return QBrush(status_color(item.status))
        if role == Qt.ItemDataRole.BackgroundRole:
            tint = status_tint(item.status)
            return QBrush(tint) if tint else None
        if role == Qt.ItemDataRole.FontRole and col in ("status", "customer"):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole and col == "what":
            return describe(item, self.on)
        return None


class ActionDelegate(QStyledItemDelegate):
    """Paints the row's action buttons and reports a click as ``clicked(row, action)``.

    ``kind``: a Today kind (its ``ROW_ACTIONS``) or the actions themselves.
    Subclasses may give each row its own buttons (``actions_at``), their own
    labels (``label``) and every set a row can have (``action_sets``, for the width)."""

    clicked = Signal(int, str, QPoint)

    def __init__(self, kind: str | tuple[str, ...], parent=None):
        super().__init__(parent)
        self.actions = ROW_ACTIONS[kind] if isinstance(kind, str) else tuple(kind)
        self._pressed: tuple[int, str] | None = None

    def label(self, action: str) -> str:
        return action_label(action)

    def actions_at(self, index: QModelIndex | None) -> tuple[str, ...]:
        return self.actions

    def action_sets(self) -> list[tuple[str, ...]]:
        return [self.actions]

    def _rects(
        self, option: QStyleOptionViewItem, index: QModelIndex | None = None
    ) -> list[tuple[str, QRect]]:
        fm = option.fontMetrics
        x = option.rect.x() + 4
        out = []
        h = min(option.rect.height() - 4, fm.height() + 8)
        y = option.rect.y() + (option.rect.height() - h) // 2
        for action in self.actions_at(index):
            w = fm.horizontalAdvance(self.label(action)) + 16
            out.append((action, QRect(x, y, w, h)))
            x += w + 4
        return out

    def paint(self, painter, option, index) -> None:
        QStyledItemDelegate.paint(self, painter, option, QModelIndex())
        style = QApplication.style()
        for action, rect in self._rects(option, index):
            btn = QStyleOptionButton()
            btn.rect = rect
            btn.text = self.label(action)
            btn.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
            if self._pressed == (index.row(), action):
                btn.state |= QStyle.StateFlag.State_Sunken
            btn.fontMetrics = option.fontMetrics
            style.drawControl(QStyle.ControlElement.CE_PushButton, btn, painter)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        fm = option.fontMetrics
        w = sum(fm.horizontalAdvance(self.label(a)) + 20 for a in self.actions_at(index)) + 8
        return QSize(w, fm.height() + 12)

    def width(self, fm) -> int:
        """Wide enough for the widest row."""
        return max(
            sum(fm.horizontalAdvance(self.label(a)) + 20 for a in actions) + 12
            for actions in self.action_sets()
        )

    def editorEvent(self, event, model, option, index) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return False
        pos = event.position().toPoint()
        for action, rect in self._rects(option, index):
            if rect.contains(pos):
                if kind == QEvent.Type.MouseButtonPress:
                    self._pressed = (index.row(), action)
                else:
                    self._pressed = None
                    self.clicked.emit(index.row(), action, event.globalPosition().toPoint())
                return True
        self._pressed = None
        return False


class DueTable(QWidget):
    """The table of one kind, with its empty state."""

    def __init__(self, kind: str, view):  # view: today.TodayView
        super().__init__(view)
        self.kind = kind
        self.view = view
        self.model = DueModel(kind, self, session=view.session)
        self.table = QTableView()
        self.table.setObjectName(f"due_{kind}")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # several rows: one message each (写消息… on the selection)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.doubleClicked.connect(self._open)
        # Enter on a row: its first action (deliver / payment / contact)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self._enter)
        self.delegate = ActionDelegate(kind, self.table)
        self.delegate.clicked.connect(self._clicked)
        self.table.setItemDelegateForColumn(DueModel.COLUMNS.index("actions"), self.delegate)
        header = self.table.horizontalHeader()
        fm = self.fontMetrics()
        widths = {"status": fm.horizontalAdvance("MMMMMMM"), "customer": fm.horizontalAdvance("M" * 7),
                  "area": fm.horizontalAdvance("M" * 7), "phone": fm.horizontalAdvance("0" * 14)}  # fmt: skip
        for col, name in enumerate(DueModel.COLUMNS):
            if name in widths:
                header.resizeSection(col, widths[name])
        header.setSectionResizeMode(DueModel.COLUMNS.index("what"), QHeaderView.ResizeMode.Stretch)
        actions_col = DueModel.COLUMNS.index("actions")
        header.setSectionResizeMode(actions_col, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(actions_col, self.delegate.width(fm))
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack)

    def set_list(
        self, keys: list[int], head: list[DueItem], on: date, hint: tuple[str, str, list]
    ) -> None:
        """Show a list (its keys, its first items built); the empty state if none."""
        self.model.set_list(keys, head, on)
        if keys:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty.set(*hint)
            self.stack.setCurrentWidget(self.empty)

    def item_at(self, row: int) -> DueItem | None:
        return self.model.items[row] if 0 <= row < len(self.model.items) else None

    def selected_items(self) -> list[DueItem]:
        """The selected rows' items, in the list's order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [it for r in rows if (it := self.item_at(r)) is not None]

    def _clicked(self, row: int, action: str, pos: QPoint) -> None:
        item = self.item_at(row)
        if item is not None:
            self.table.selectRow(row)
            self.view.act(action, item, pos)

    def _enter(self) -> None:
        row = self.table.currentIndex().row()
        item = self.item_at(row)
        if item is not None:
            self.view.act(ROW_ACTIONS[self.kind][0], item)

    def _open(self, index: QModelIndex) -> None:
        if index.column() != DueModel.COLUMNS.index("actions"):
            item = self.item_at(index.row())
            if item:
                self.view.act("open", item)

    def _menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return
        menu = QMenu(self)
        chosen = self.selected_items()
        if len(chosen) > 1 and item in chosen:
            many = menu.addAction(self.tr("Write %n message(s)…", "", len(chosen)))
            many.triggered.connect(lambda _=False: self.view.write_messages(chosen, self.kind))
            menu.addSeparator()
        actions = ["open", *ROW_ACTIONS[self.kind]]
        for extra in ("deliver", "payment", "contact"):
            if extra not in actions:
                actions.append(extra)
        for action in actions:
            if action == "snooze":
                sub = menu.addMenu(action_label("snooze"))
                for days in SNOOZE_DAYS:
                    a = sub.addAction(self.tr("%n day(s)", "", days))
                    a.triggered.connect(lambda _=False, d=days: self.view.snooze(item, d))
                continue
            a = menu.addAction(action_label(action))
            a.triggered.connect(lambda _=False, act=action: self.view.act(act, item))
        menu.popup(self.table.viewport().mapToGlobal(pos))
