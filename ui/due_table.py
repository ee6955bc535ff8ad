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
    QTimer,
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

from salesbook.records.due import DueItem, DueRow

from . import i18n
from .widgets import EmptyState, status_color, status_tint

KINDS = ("resupply", "collect", "follow_up")
# Today's lists: the resupply items at risk (long run out) have their own, win back
TABS = ("resupply", "winback", "collect", "follow_up")
# the buttons on each row, by list (the context menu has all of them)
ROW_ACTIONS = {
    "resupply": ("deliver", "elsewhere", "message", "snooze"),
    "winback": ("contact", "message", "elsewhere", "snooze"),
    "collect": ("payment", "contact", "message", "snooze"),
    "follow_up": ("contact", "message", "snooze"),
}
SNOOZE_DAYS = (1, 3, 7, 14, 30)
PAGE = 200  # rows built at a time: the first page comes with the list


class _Gone:
    """A row acted on since the list was made (its items gone): shown empty."""

    def __bool__(self) -> bool:
        return False


GONE = _Gone()


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


def describe(item: DueItem, on: date, cadence: dict[str, int] | None = None) -> str:
    """The what and why of a due item, in words that agree with its status:
    大米 预计3月8日用完 / 大米 今天用完 / 大米 已于3月3日用完（9 天前）/
    欠款 ¥320.00，发薪日 12月1日，已过 4 天 / 朋友，每 30 天联系一次：35 天未联系."""
    if item.kind == "resupply":
        when = i18n.short_date(item.runout_date)
        ago = -item.days_left
        if ago > 0:
            return QCoreApplication.translate(
                "Today", "{product}: ran out {date}, %n day(s) ago", "", ago
            ).format(product=item.product, date=when)
        if item.days_left == 0:
            return QCoreApplication.translate("Today", "{product}: runs out today").format(
                product=item.product
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
        late = -item.days_left
        if late > 0:
            return QCoreApplication.translate(
                "Today", "owes {amount}, payday {date}, %n day(s) late", "", late
            ).format(amount=amount, date=i18n.short_date(item.due_date))
        return QCoreApplication.translate("Today", "owes {amount}, payday {date}").format(
            amount=amount, date=i18n.short_date(item.due_date)
        )
    days = (cadence or {}).get(item.level)
    level = (
        QCoreApplication.translate("Today", "{level}, every %n day(s)", "", days).format(
            level=i18n.level(item.level)
        )
        if days
        else i18n.level(item.level)
    )
    if not item.last_contact:
        return QCoreApplication.translate("Today", "{level}: never contacted").format(level=level)
    since = (on - date.fromisoformat(item.last_contact)).days
    return QCoreApplication.translate(
        "Today", "{level}: no contact for %n day(s)", "", since
    ).format(level=level)


def describe_row(row: DueRow, on: date, cadence: dict[str, int] | None = None) -> str:
    """A customer's row: their products one after another
    (大米 已于12月4日用完（1 天前）· 食用油 预计12月6日用完)."""
    return " · ".join(describe(i, on, cadence) for i in row.items)


def message_kind(list_kind: str, items: list[DueItem]) -> str | None:
    """What a message about these items is: a win-back row (a resupply that ran out
    long ago) gets a friendly check-in, not an offer of what ran out weeks ago;
    otherwise the list's kind (None: each customer's most urgent)."""
    if list_kind == "winback" or (items and all(
            i.kind == "resupply" and i.status == "at_risk" for i in items)):  # fmt: skip
        return "follow_up"
    return list_kind if list_kind in ("resupply", "collect", "follow_up") else None


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
    """One Today list (``salesbook.records.due.TABS``): one row per customer, in the
    core's order (most urgent first), a customer's products in their row.

    It reports every row of the list (``due.TodayList``), so the scroll bar
    covers the whole list and Ctrl+End reaches the last customer, but builds
    only the rows in view: a row not built yet is None until ``data`` asks for
    it (``_want``), and its page (``PAGE`` rows) is asked of the core
    (``due.fetch_rows``); the pages between are never built."""

    COLUMNS = ("status", "customer", "area", "phone", "what", "actions")

    def __init__(self, kind: str, parent=None, session=None):
        super().__init__(parent)
        self.kind = kind  # the list: resupply / winback / collect / follow_up
        self.session = session  # a BookSession, to build the rows in view
        self.groups: list[tuple[int, ...]] = []  # each row's item keys
        self.fetching = False
        self.generation = 0
        self._asked: set[int] = set()  # pages asked of the core for this list
        self._inflight: set[int] = set()
        self._queued: list[int] = []  # pages wanted in this turn of the event loop
        self.cadence: dict[str, int] = {}  # the book's follow-up cadence by level
        self.address_as: dict[int, str] = {}  # customer id -> 称呼 (shown beside the name)

    def set_address_forms(self, forms: dict[int, str]) -> None:
        self.address_as = forms
        if self.rows:
            col = self.COLUMNS.index("customer")
            self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col))

    @property
    def items(self) -> list[DueItem]:
        """The items of the rows built so far, in list order."""
        return [i for r in self.rows if r for i in r.items]

    def loaded(self) -> list[DueRow]:
        """The rows built so far, in list order."""
        return [r for r in self.rows if r]

    @property
    def total(self) -> int:
        """How many customers (rows) the list has, built or not."""
        return len(self.groups)

    @property
    def item_count(self) -> int:
        """How many items the list has (a customer's products counted apart)."""
        return sum(len(g) for g in self.groups)

    def set_list(
        self, groups: list[tuple[int, ...]], built: dict[int, DueRow | None], on: date
    ) -> None:
        """A new list: every row's keys, and the rows already built by number."""
        self.generation += 1
        self.groups, self.fetching = groups, False
        self._inflight, self._queued = set(), []
        # a page is asked for once in view unless every row of it came built
        pages = {n // PAGE for n in built}
        self._asked = {
            p
            for p in pages
            if all(n in built for n in range(p * PAGE, min((p + 1) * PAGE, len(groups))))
        }
        rows: list = [None] * len(groups)
        for n, row in built.items():
            rows[n] = row if row is not None else GONE
        self.set_rows(rows, on)

    def row_at(self, row: int) -> DueRow | None:
        r = self.rows[row] if 0 <= row < len(self.rows) else None
        return r or None

    def _want(self, row: int) -> None:
        """Row ``row`` is in view but not built: ask the core for its page (once).
        The pages wanted while the view paints go in one call (Ctrl+End to a
        short last page shows the page before it too)."""
        page = row // PAGE
        if page in self._asked or self.session is None:
            return
        self._asked.add(page)
        self._inflight.add(page)
        self.fetching = True
        if not self._queued:
            QTimer.singleShot(0, self._ask)
        self._queued.append(page)

    def _ask(self) -> None:
        from salesbook.records.due import fetch_rows

        pages, self._queued = sorted(self._queued), []
        pages = [p for p in pages if p in self._inflight]  # not dropped by a new list
        if not pages:
            return
        gen = self.generation
        starts = [(p * PAGE, len(self.groups[p * PAGE : (p + 1) * PAGE])) for p in pages]
        groups = [g for p in pages for g in self.groups[p * PAGE : (p + 1) * PAGE]]
        self.session.call(fetch_rows, groups, self.on, self.kind, owner=self,
                          done=lambda rows: self._more(gen, starts, rows),
                          error=lambda exc: self._failed(gen, pages, exc))  # fmt: skip

    def _failed(self, gen: int, pages: list[int], exc: Exception) -> None:
        """Say why, once (the pages stay asked: the view would ask again at once)."""
        if gen == self.generation:
            self._inflight.difference_update(pages)
            self.fetching = bool(self._inflight)
            self.session.failed.emit(exc)

    def _more(self, gen: int, starts: list[tuple[int, int]], rows: list) -> None:
        if gen != self.generation:
            return  # a new list came meanwhile
        at = 0
        for start, n in starts:
            self._inflight.discard(start // PAGE)
            for i, r in enumerate(rows[at : at + n], start=start):
                if self.rows[i] is None:
                    self.rows[i] = r if r is not None else GONE
            at += n
            if n:
                last = len(self.COLUMNS) - 1
                self.dataChanged.emit(self.index(start, 0), self.index(start + n - 1, last))
        self.fetching = bool(self._inflight)

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
        row = self.rows[index.row()]
        if row is None:  # in view, not built yet: its page is asked for
            self._want(index.row())
            return None
        if row is GONE:  # acted on since the list was made: gone at the next reload
            return QBrush(Qt.GlobalColor.gray) if role == Qt.ItemDataRole.ForegroundRole else None
        item = row.first
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
                return describe_row(row, self.on, self.cadence)
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
        if role == Qt.ItemDataRole.ToolTipRole and col == "customer":  # the whole name and 称呼
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole and col == "what":
            return "\n".join(describe(i, self.on, self.cadence) for i in row.items)
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
        widths = {"status": fm.horizontalAdvance("MMMMMMM"), "customer": fm.horizontalAdvance("M" * 11),
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
        self,
        groups: list[tuple[int, ...]],
        built: dict[int, DueRow | None],
        on: date,
        hint: tuple[str, str, list],
    ) -> None:
        """Show a list (every row's keys, the rows built); the empty state if none."""
        self.model.set_list(groups, built, on)
        if groups:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty.set(*hint)
            self.stack.setCurrentWidget(self.empty)

    def item_at(self, row: int) -> DueItem | None:
        """The row's most urgent item (what its buttons act on)."""
        r = self.model.row_at(row)
        return r.first if r else None

    def _for(self, row: int, action: str) -> DueItem | None:
        """What an action on the row acts on: its most urgent item (a snooze puts
        off all the row's items: see _clicked)."""
        r = self.model.row_at(row)
        return r.first if r else None

    def _selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def selected_items(self) -> list[DueItem]:
        """The selected rows' items, in the list's order (rows built so far)."""
        return [it for r in self._selected_rows() if (it := self.item_at(r)) is not None]

    def selected_customer_ids(self) -> list[int]:
        """The selected rows' customers, in the list's order, built or not (Ctrl+A on
        a long list selects rows whose page was never built: their keys say whom);
        a row acted on since the list was made is left out."""
        from salesbook.records.due import key_customer

        out = []
        for r in self._selected_rows():
            built = self.model.rows[r] if 0 <= r < len(self.model.rows) else None
            if built is GONE:
                continue
            out.append(built.first.customer_id if built else key_customer(self.model.groups[r][0]))
        return out

    def _clicked(self, row: int, action: str, pos: QPoint) -> None:
        item = self._for(row, action)
        if item is None:
            return
        self.table.selectRow(row)
        if action == "snooze":  # the row's products, nothing else of the customer
            self.view.snooze_menu(list(self.model.row_at(row).items), pos)
        else:
            self.view.act(action, item, pos)

    def visible_rows(self) -> tuple[int, int]:
        """The rows in view (start, stop), to build again on a reload."""
        top = self.table.rowAt(0)
        if top < 0:
            return (0, 0)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        return (top, (bottom if bottom >= 0 else self.model.rowCount() - 1) + 1)

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
            many.triggered.connect(lambda _=False: self.view.write_messages(
                chosen, message_kind(self.kind, chosen)))  # fmt: skip
            menu.addSeparator()
        actions = ["open", *ROW_ACTIONS[self.kind]]
        for extra in ("deliver", "payment", "contact"):
            if extra not in actions:
                actions.append(extra)
        for action in actions:
            if action == "snooze":
                sub = menu.addMenu(action_label("snooze"))
                whole = list(self.model.row_at(index.row()).items)
                for days in SNOOZE_DAYS:
                    a = sub.addAction(self.tr("%n day(s)", "", days))
                    a.triggered.connect(lambda _=False, d=days, it=whole: self.view.snooze(it, d))
                continue
            a = menu.addAction(action_label(action))
            a.triggered.connect(lambda _=False, act=action: self.view.act(act, item))
        row = self.model.row_at(index.row())
        if row is not None and len(row.items) > 1:  # a customer's other products, one by one
            menu.addSeparator()
            for other in row.items:
                for action in ("deliver", "elsewhere"):
                    a = menu.addAction(self.tr("{action}: {product}").format(
                        action=action_label(action), product=other.product))  # fmt: skip
                    a.triggered.connect(
                        lambda _=False, act=action, it=other: self.view.act(act, it)
                    )
        menu.popup(self.table.viewport().mapToGlobal(pos))
