"""Small pieces every view uses: status colours, field messages, empty states,
non-blocking questions, the customer picker, and the ``Change`` notice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from . import i18n

# status -> (text colour, row tint)
STATUS_COLORS = {
    "overdue": ("#c53030", "#fdecec"),
    "due": ("#b7791f", "#fff6e0"),
    "at_risk": ("#6b46c1", "#f1ecfb"),
    "upcoming": ("#2b6cb0", "#ffffff"),
}


def status_color(status: str | None) -> QColor:
    return QColor(STATUS_COLORS.get(status or "", ("#4a5568", ""))[0])


def status_tint(status: str | None) -> QColor | None:
    tint = STATUS_COLORS.get(status or "", ("", ""))[1]
    return QColor(tint) if tint and tint != "#ffffff" else None


@dataclass(frozen=True)
class Change:
    """What a write changed, so views refresh only what they show.

    ``customers`` None means anything may have changed (a new book, settings)."""

    customers: frozenset[int] | None = None
    what: frozenset[str] = field(default_factory=frozenset)

    @staticmethod
    def of(*customer_ids: int, what: tuple[str, ...] = ()) -> Change:
        return Change(frozenset(customer_ids), frozenset(what))

    def touches(self, customer_id: int | None) -> bool:
        return self.customers is None or (customer_id is not None and customer_id in self.customers)


class FieldMessages:
    """Red messages under form fields: ``show('phone', text)`` puts the text under
    the phone field and focuses it; ``clear()`` hides them all."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.general = QLabel()
        self._style(self.general)

    @staticmethod
    def _style(label: QLabel) -> None:
        label.setStyleSheet("color: #c53030;")
        label.setWordWrap(True)
        label.hide()

    def add(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> QLabel:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        msg = QLabel()
        msg.setObjectName(f"error_{name}")
        self._style(msg)
        lay.addWidget(msg)
        form.addRow(label, box)
        self._fields[name] = (widget, msg)
        return msg

    def show(self, name: str | None, text: str) -> None:
        widget_msg = self._fields.get(name or "")
        if widget_msg is None:
            self.general.setText(text)
            self.general.show()
            return
        widget, msg = widget_msg
        msg.setText(text)
        msg.show()
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def text(self, name: str) -> str:
        entry = self._fields.get(name)
        return entry[1].text() if entry and not entry[1].isHidden() else ""

    def clear(self) -> None:
        self.general.hide()
        for _w, msg in self._fields.values():
            msg.clear()
            msg.hide()

    def show_error(self, exc: BaseException) -> None:
        """A ValidationError goes under its field; anything else at the bottom."""
        self.show(getattr(exc, "field", None), i18n.error_text(exc))


class EmptyState(QFrame):
    """A friendly message where a list would be: what is empty and what to do."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #4a5568;")
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        lay.addWidget(self.title)
        lay.addWidget(self.hint)
        lay.addLayout(self.buttons)
        lay.addStretch(2)
        self._button_widgets: list[QPushButton] = []

    def set(
        self, title: str, hint: str = "", actions: list[tuple[str, Callable[[], None]]] = ()
    ) -> None:
        self.title.setText(title)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        for b in self._button_widgets:
            b.deleteLater()
        self._button_widgets = []
        # keep the stretch at both ends
        while self.buttons.count() > 1:
            self.buttons.takeAt(1)
        for text, fn in actions:
            b = QPushButton(text)
            b.clicked.connect(fn)
            self.buttons.addWidget(b)
            self._button_widgets.append(b)
        self.buttons.addStretch(1)


def ask(parent: QWidget, title: str, text: str, on_yes: Callable[[], None]) -> QMessageBox:
    """A yes/no question that does not block the event loop."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)  # fmt: skip
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _done(result: int) -> None:
        if result == QMessageBox.StandardButton.Yes:
            on_yes()

    box.finished.connect(_done)
    box.open()
    return box


def inform(parent: QWidget, title: str, text: str, warning: bool = False) -> QMessageBox:
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class _ArrowKeys(QObject):
    """Up/Down in the search field move in the result list; Enter picks."""

    def __init__(self, picker: CustomerPicker):
        super().__init__(picker)
        self.picker = picker

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            lst = self.picker.results
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and lst.count():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                lst.setCurrentRow(max(0, min(lst.count() - 1, lst.currentRow() + step)))
                return True
            picks = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
            if event.key() in picks and self.picker.customer_id is None:
                # Tab and Enter take the highlighted match (Tab moves on after it).
                item = lst.currentItem() or lst.item(0)
                if item is not None and item.data(Qt.ItemDataRole.UserRole):
                    self.picker._pick(item)
                    return True
                return event.key() != Qt.Key.Key_Tab  # no match: Tab still moves on
        return False


class CustomerPicker(QWidget):
    """Choose a customer by typing a name, phone or pinyin initials.

    Searches through the book thread as you type; ``picked(id, name)`` fires
    on a choice. ``set_customer(id, text)`` fixes it from the caller."""

    picked = Signal(int, str)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.customer_id: int | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.edit = QLineEdit()
        self.edit.setObjectName("customer_search")
        self.edit.setPlaceholderText(self.tr("Name, phone or pinyin initials"))
        self.edit.setClearButtonEnabled(True)
        self.chosen = QLabel()
        self.chosen.setObjectName("customer_chosen")
        self.change = QPushButton(self.tr("Change"))
        self.change.setAutoDefault(False)
        self.change.clicked.connect(self._unpick)
        row.addWidget(self.edit, 1)
        row.addWidget(self.chosen, 1)
        row.addWidget(self.change)
        lay.addLayout(row)
        self.results = QListWidget()
        self.results.setObjectName("customer_results")
        self.results.setMaximumHeight(130)
        self.results.itemActivated.connect(self._pick)
        self.results.itemClicked.connect(self._pick)
        lay.addWidget(self.results)
        self.edit.textChanged.connect(self._search)
        self.edit.installEventFilter(_ArrowKeys(self))
        self._unpick()

    def _search(self, text: str) -> None:
        from salesbook.records.customers import search_customers

        if self.customer_id is not None:
            return
        if not text.strip():
            self.results.clear()
            return
        self.session.call(search_customers, i18n.search_text(text), limit=8, done=self._show, key=f"picker{id(self)}",
                          owner=self)  # fmt: skip

    def _show(self, rows) -> None:
        self.results.clear()
        for r in rows:
            item = QListWidgetItem(
                " · ".join(x for x in (r.name, i18n.phone(r.phone), r.area or "") if x)
            )
            item.setData(Qt.ItemDataRole.UserRole, (r.id, r.name))
            self.results.addItem(item)
        if rows:
            self.results.setCurrentRow(0)
        else:
            self.results.addItem(QListWidgetItem(self.tr("No customer matches")))

    def _pick(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        self.set_customer(data[0], item.text())
        self.picked.emit(data[0], data[1])

    def set_customer(self, customer_id: int, text: str) -> None:
        self.customer_id = customer_id
        self.chosen.setText(f"<b>{text}</b>")
        self.edit.hide()
        self.results.hide()
        self.chosen.show()
        self.change.show()

    def _unpick(self) -> None:
        self.customer_id = None
        self.chosen.hide()
        self.change.hide()
        self.edit.show()
        self.results.show()
        self.edit.setFocus()


class RecordDialog(QDialog):
    """Base of the quick-entry dialogs (delivery, payment, contact): a customer
    picker, a form with field messages, Save/Cancel; Enter saves. The save runs
    on the book thread; a ValidationError shows under its field and the dialog
    stays open with what was typed."""

    saved = Signal(object)

    def __init__(self, window, customer_id: int | None, on: date):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.on = on
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)
        self.fields = FieldMessages()
        self.picker = CustomerPicker(self.session)
        self.fields.add(self.form, "customer", self.tr("Customer"), self.picker)
        self.customer_name = ""  # for the status message after saving
        self.picker.picked.connect(self._remember_name)
        self.picker.picked.connect(self._customer_picked)
        self.build()
        outer.addWidget(self.fields.general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.busy = False
        if customer_id is not None:
            from salesbook.records.customers import get_customer

            self.session.call(get_customer, customer_id, done=self._got_customer, owner=self)

    def build(self) -> None:  # subclasses add their fields
        pass

    def _remember_name(self, customer_id: int, name: str) -> None:
        self.customer_name = name

    def _got_customer(self, cust) -> None:
        if cust is not None:
            self.customer_name = cust.name
            text = " · ".join(x for x in (cust.name, i18n.phone(cust.phone), cust.area or "") if x)
            self.picker.set_customer(cust.id, text)
            self._customer_picked(cust.id, cust.name)

    def _customer_picked(self, customer_id: int, name: str) -> None:
        self.shrink()

    def shrink(self) -> None:
        """Fit the height once the picker's result list is hidden."""
        QTimer.singleShot(0, lambda: self.resize(self.width(), self.minimumSizeHint().height()))

    def date_field(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate(self.on.year, self.on.month, self.on.day))
        return edit

    @staticmethod
    def date_of(edit: QDateEdit) -> date:
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    def save(self) -> None:
        if self.busy:
            return
        self.fields.clear()
        if self.picker.customer_id is None:
            self.fields.show("customer", self.tr("Choose a customer first"))
            return
        call = self.save_call()
        if call is None:
            return
        fn, args, kwargs = call
        self.busy = True
        self.save_button.setEnabled(False)
        self.session.call(fn, *args, done=self._saved, error=self._failed, owner=self, **kwargs)

    def save_call(self):  # -> (fn, args, kwargs)
        """The core call that saves the record: each dialog (delivery, payment,
        contact, complaint) gives its own; None when a field message was shown."""
        raise NotImplementedError("a RecordDialog subclass gives save_call")

    def _saved(self, result) -> None:
        self.busy = False
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.fields.show_error(exc)


class RowsModel(QAbstractTableModel):
    """A read-only table of texts (small lists: a customer's deliveries...).
    Cheaper than a QTableWidget: no item object per cell."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers = headers
        self.rows: list[list[str]] = []
        self.colors: dict[tuple[int, int], QColor] = {}

    def set_rows(
        self, rows: list[list], colors: dict[tuple[int, int], QColor] | None = None
    ) -> None:
        self.beginResetModel()
        self.rows = [["" if v is None else str(v) for v in r] for r in rows]
        self.colors = colors or {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self.colors.get((index.row(), index.column()))
            return color
        return None
