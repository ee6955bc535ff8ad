"""Edit > Trash… (回收站): what was deleted (deliveries, payments, contacts) or
archived (customers), newest first, filtered by kind; Restore brings the
selected back as one undo step.

Everything runs on the book thread through ``window.session``:
``undo.list_trash`` to fill the list, ``undo.restore_records`` to restore
(a record that cannot come back, e.g. a customer whose phone now belongs to
someone else, is named with the reason and stays in the trash). The list
follows the book: it reloads after any change (an undo, a delete in the
customer detail).

``open_from(window)`` is what the main window's Edit menu calls.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
)

from . import i18n
from .widgets import Change, EmptyState, RowsModel

LIMIT = 500  # newest first; the CLI lists any number


def _load(book, kind: str | None):
    """The trash (newest first) and, for its payments that went with their
    delivery, that delivery's id."""
    from salesbook.store.trash import list_trash, went_with_delivery

    items = list_trash(book, limit=LIMIT, kind=kind)
    return items, went_with_delivery(book, [i.id for i in items if i.kind == "payment"])


def when_deleted(stamp: str | None, today: date) -> str:
    """'today 14:05' / '11月12日 09:30' / '2025-03-01': the deletion time, local."""
    if not stamp:
        return ""
    try:
        at = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    hm = at.strftime("%H:%M")
    if at.date() == today:
        return QCoreApplication.translate("TrashDialog", "today {time}").format(time=hm)
    if at.year == today.year:
        return f"{i18n.short_date(at.date())} {hm}"
    return at.date().isoformat()


class TrashDialog(QDialog):
    """The trash of the window's book."""

    KINDS = ("delivery", "payment", "contact", "customer")

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.items: list = []  # salesbook.store.undo.TrashItem, one per table row
        self.with_delivery: dict[int, int] = {}  # payment id -> its delivery, both in the trash
        self.busy = False
        self.loaded = False
        self.setObjectName("trash_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a new one speaks a new language
        self.setWindowTitle(self.tr("Trash"))
        self.resize(820, 480)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Deleted deliveries, payments and contacts, and archived customers. Restore brings them "
            "back as they were, with the forecast and balance; Edit > Undo takes a restore back."))  # fmt: skip
        intro.setWordWrap(True)
        intro.setStyleSheet("color:#4a5568;")
        lay.addWidget(intro)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show")))
        self.kind = QComboBox()
        self.kind.setObjectName("trash_kind")
        self.kind.addItem(self.tr("Everything"), None)
        for code in self.KINDS:
            self.kind.addItem(self.kind_name(code, plural=True), code)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.kind)
        self.count = QLabel()
        self.count.setObjectName("trash_count")
        self.count.setStyleSheet("color:#4a5568;")
        bar.addWidget(self.count, 1)
        lay.addLayout(bar)
        self.table = QTableView()
        self.table.setObjectName("trash_table")
        self.model = RowsModel([self.tr("Kind"), self.tr("Customer"), self.tr("What"), self.tr("Date"),
                                self.tr("Deleted")], self.table)  # fmt: skip
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        lay.addWidget(self.stack, 1)
        self.message = QLabel()
        self.message.setObjectName("trash_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        lay.addWidget(self.message)
        row = QHBoxLayout()
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("trash_restore")
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.restore_selected)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        lay.addLayout(row)
        window.book_changed.connect(self._book_changed)
        self.session.opened.connect(self._book_opened)
        self._update_buttons()
        self.reload()

    def kind_name(self, code: str, plural: bool = False) -> str:
        if plural:
            names = {"delivery": self.tr("Deliveries"), "payment": self.tr("Payments"),
                     "contact": self.tr("Contacts"), "customer": self.tr("Archived customers")}  # fmt: skip
        else:
            names = {"delivery": self.tr("Delivery"), "payment": self.tr("Payment"),
                     "contact": self.tr("Contact"), "customer": self.tr("Customer")}  # fmt: skip
        return names.get(code, code)

    # -- the list ------------------------------------------------------------------
    def reload(self) -> None:
        if not self.session.is_open:
            return
        self.session.call(_load, self.kind.currentData(), owner=self,
                          key=f"trash{id(self)}", done=self._show,
                          error=self.window_.show_error)  # fmt: skip

    def _book_opened(self, _session) -> None:
        self.reload()

    def _book_changed(self, _change: Change) -> None:
        if self.isVisible():
            self.reload()

    def _detail(self, item) -> str:
        if item.kind == "contact":  # 'visit 问了新品': the kind in the window's language
            code, _, note = item.detail.partition(" ")
            return " ".join(x for x in (i18n.contact_kind(code), note) if x)
        if item.kind == "customer":
            code, _, rest = item.detail.partition(" ")
            return " ".join(x for x in (i18n.phone(code) if code.isdigit() else code, rest) if x)
        if item.kind == "payment" and item.id in self.with_delivery:
            return self.tr("{amount} (paid on a delivery in the trash: comes back with it)").format(
                amount=item.detail
            )
        return item.detail

    def _show(self, result) -> None:
        items, self.with_delivery = result
        self.items = list(items)
        today = self.window_.today()
        self.model.set_rows([[self.kind_name(i.kind), i.customer, self._detail(i),
                              i18n.short_date(i.date) if i.date else "", when_deleted(i.deleted_at, today)]
                             for i in self.items])  # fmt: skip
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        n = len(self.items)
        if n >= LIMIT:
            self.count.setText(self.tr("the newest %n", "", n))
        else:
            self.count.setText(self.tr("%n in the trash", "", n))
        if not n:
            self.empty.set(
                self.tr("The trash is empty"),
                self.tr("Delete a delivery, payment or contact in a customer's window (the Delete "
                        "key) and it waits here until you restore it."),
            )  # fmt: skip
        self.stack.setCurrentWidget(self.table if n else self.empty)
        self.loaded = True
        self._update_buttons()

    def selected_items(self) -> list:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.items[r] for r in rows if 0 <= r < len(self.items)]

    def _update_buttons(self) -> None:
        n = len(self.selected_items())
        self.restore_button.setEnabled(n > 0 and not self.busy)
        self.restore_button.setText(self.tr("Restore") if n <= 1 else self.tr("Restore %n", "", n))

    # -- restoring -----------------------------------------------------------------
    def restore_selected(self) -> None:
        from salesbook.store.trash import restore_records

        chosen = self.selected_items()
        if not chosen or self.busy or not self.session.is_open:
            return
        self.busy = True
        self._update_buttons()
        names = {(i.kind, i.id): i for i in chosen}
        self.session.call(restore_records, [(i.kind, i.id) for i in chosen], owner=self,
                          done=lambda r: self._restored(r, names), error=self._failed)  # fmt: skip

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self._say(i18n.error_text(exc), error=True)
        self._update_buttons()

    def _label(self, item) -> str:
        return f"{self.kind_name(item.kind)} {item.customer} {self._detail(item)}".strip()

    def _restored(self, result, names: dict) -> None:
        self.busy = False
        lines = []
        if result.items:
            what = (
                self._label(result.items[0])
                if len(result.items) == 1
                else self.tr("%n record(s)", "", len(result.items))
            )
            text = self.tr("Restored: {what}").format(what=what)
            if result.along:
                text += self.tr(", with %n payment(s) taken on delivery", "", len(result.along))
            lines.append(text)
        for kind, rid, exc in result.refused:
            item = names.get((kind, rid))
            what = self._label(item) if item else f"{kind}:{rid}"
            lines.append(
                self.tr("Could not restore {what}: {why}").format(
                    what=what, why=i18n.error_text(exc)
                )
            )
        self._say("\n".join(lines), error=bool(result.refused))
        if result.items:
            what = ["customer"] if any(i.kind == "customer" for i in result.items) else []
            what += ["delivery", "payment", "contact"]
            self.window_.notify(Change.of(*result.customer_ids, what=tuple(what)), lines[0])
        else:
            self.reload()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color:#c53030;" if error else "color:#276749;")
        self.message.setVisible(bool(text))


def open_from(window) -> TrashDialog | None:
    """Edit > Trash…: one dialog per window, raised if it is open already."""
    if not window.session.is_open:
        window.status(
            QCoreApplication.translate("MainWindow", "Open or create a book first (File menu)")
        )
        return None
    dlg = next((d for d in window.findChildren(TrashDialog) if d.isVisible()), None)
    if dlg is None:
        dlg = TrashDialog(window)
    else:
        dlg.reload()
    dlg.show()
    dlg.raise_()
    dlg.activateWindow()
    return dlg
