"""Today (今日): whom to resupply, collect from and call on, most urgent first.

Four tables (``due_table.DueTable``: resupply, win back, collect, follow up)
over ``due.today_list``: one row per customer, a customer's products in their
row; the resupply items long run out (at risk) in Win back (挽回), so Resupply is
what to load for today's round. Every row is counted (the scroll bar covers the
whole list), only the rows in view are built. Customers and items counted in
the tab titles, a date picker to look ahead, and one-click actions on
each row: record a delivery, record a payment, log a contact, snooze N days,
bought elsewhere.

A fourth tab, Complaints (投诉, ``complaints.ComplaintsTable`` over
``salesbook.records.complaints.for_today``): open complaints with resolve / open the
customer, and the follow-up visits after a complaint was put right. They are
not due items (the ``due`` JSON contract keeps its three kinds).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QPersistentModelIndex, QPoint, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesbook.records.due import DueItem, TodayList

from . import i18n
from .complaints import ComplaintsTable
from .due_table import (
    KINDS,
    PAGE,
    ROW_ACTIONS,
    SNOOZE_DAYS,
    TABS,
    DueModel,
    DueTable,
    action_label,
    describe,
    message_kind,
)
from .widgets import Change, status_color

__all__ = [
    "KINDS",
    "TABS",
    "ROW_ACTIONS",
    "DueModel",
    "DueTable",
    "TodayView",
    "action_label",
    "describe",
]


def tab_name(kind: str) -> str:
    """补货 / 挽回 / 收款 / 回访."""
    if kind == "winback":
        return QCoreApplication.translate("Names", "Win back")
    return i18n.kind(kind)


def tab_title(kind: str, customers: int | None, items: int | None = None) -> str:
    """补货 85 位（115 项）/ 收款 12 位 (Resupply 85 (115 items) / Collect 12)."""
    name = tab_name(kind)
    if customers is None:
        return name
    if items is not None and items != customers:
        return QCoreApplication.translate("Today", "{list} {customers} ({items} items)").format(
            list=name, customers=customers, items=items
        )
    return QCoreApplication.translate("Today", "{list} {customers}").format(
        list=name, customers=customers
    )


class TodayView(QWidget):
    """The Today tab. ``window`` gives the session, the day and the dialogs."""

    counts_changed = Signal(dict)
    loaded = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.is_loaded = False
        self.listed: TodayList | None = None
        self.on = window.today()
        lay = QVBoxLayout(self)
        self.banner_slot = QVBoxLayout()
        lay.addLayout(self.banner_slot)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Date")))
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("today_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate(self.on.year, self.on.month, self.on.day))
        self.date_edit.dateChanged.connect(self._date_changed)
        bar.addWidget(self.date_edit)
        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.setAutoDefault(False)
        self.today_button.clicked.connect(self.go_today)
        bar.addWidget(self.today_button)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Look ahead")))
        self.within = QSpinBox()
        self.within.setObjectName("today_within")
        self.within.setRange(0, 60)
        self.within.setSuffix(self.tr(" days"))
        self.within.valueChanged.connect(lambda _v: self.reload())
        bar.addWidget(self.within)
        bar.addSpacing(12)
        self.message_button = QPushButton(self.tr("Write message…"))
        self.message_button.setObjectName("today_message")
        self.message_button.setAutoDefault(False)
        self.message_button.setToolTip(self.tr("A message ready to paste into WeChat or an SMS, "
                                               "for each selected customer"))  # fmt: skip
        self.message_button.clicked.connect(self.write_selected)
        bar.addWidget(self.message_button)
        bar.addSpacing(12)
        self.summary = QLabel()
        self.summary.setObjectName("today_summary")
        bar.addWidget(self.summary, 1)
        lay.addLayout(bar)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("today_tabs")
        self.tables: dict[str, DueTable] = {}
        for kind in TABS:
            table = DueTable(kind, self)
            self.tables[kind] = table
            self.tabs.addTab(table, tab_name(kind))
        self.complaints = ComplaintsTable(self)
        self.complaints_tab = self.tabs.addTab(self.complaints, self.complaints.title(None))
        self.complaint_count: int | None = None
        lay.addWidget(self.tabs, 1)
        self._set_titles(None)
        self.summary.setText(self.tr("Loading…"))

    # -- loading -----------------------------------------------------
    def go_today(self) -> None:
        d = self.window_.today()
        self.date_edit.setDate(QDate(d.year, d.month, d.day))

    def _date_changed(self, qd: QDate) -> None:
        self.on = date(qd.year(), qd.month(), qd.day())
        self.reload()

    def reload(self) -> None:
        if not self.session.is_open:
            return
        from salesbook.records.complaints import for_today
        from salesbook.records.due import today_list

        within = self.within.value()
        spans = None
        shown = self.listed
        if shown is not None and (shown.on, shown.within) == (self.on, within):
            # a reload after a change: build again the rows in view, so the rep
            # keeps their place far down a long list
            spans = {k: t.visible_rows() for k, t in self.tables.items()}
        self.session.call(today_list, self.on, within=within, head=PAGE, spans=spans, key="today",
                          done=self._show, owner=self)  # fmt: skip
        self.session.call(for_today, self.on, key="today_complaints",
                          done=self._show_complaints, owner=self)  # fmt: skip
        from salesbook.insight.messages import address_forms

        self.session.call(address_forms, key="today_address_forms", done=self._show_address_forms,
                          owner=self)  # fmt: skip

    def _show_address_forms(self, forms: dict[int, str]) -> None:
        """称呼 beside the names (王建国（王哥）)."""
        for t in self.tables.values():
            t.model.set_address_forms(forms)

    def on_change(self, change: Change) -> None:
        if change.customers is not None:
            for t in self.tables.values():
                t.model.mark_pending(change.customers)
            self.complaints.model.mark_pending(change.customers)
        self.reload()

    @property
    def items(self) -> list[DueItem]:
        """The items built so far, of every kind (the rest come as tables scroll)."""
        return [i for t in self.tables.values() for i in t.model.items]

    def refresh_hints(self) -> None:
        """The empty lists say the next step for the book as it is now."""
        for kind, table in self.tables.items():
            if table.stack.currentWidget() is table.empty:
                table.empty.set(*self._empty_hint(kind))

    def _show(self, listed: TodayList) -> None:
        self.listed = listed
        for kind, table in self.tables.items():
            table.model.cadence = listed.cadence
            table.set_list(listed.rows[kind], listed.built[kind], self.on, self._empty_hint(kind))
        items = listed.items()
        counts = {k: (n, items[k]) for k, n in listed.customers().items()}
        self._set_titles(counts)
        owed = listed.owed_fen
        ahead = self.within.value()
        day = i18n.long_date(self.on)
        self.summary.setText(
            self.tr("{day} and the next %n day(s)", "", ahead).format(day=day) if ahead else day
        )
        self.is_loaded = True
        self.counts_changed.emit(self._counts(counts, owed))
        self.loaded.emit()

    def _counts(self, counts: dict, owed: int) -> dict:
        """For the reminder: customers per list and, as ``<list>_items``, items."""
        out: dict = {k: n for k, (n, _i) in counts.items()}
        out.update({f"{k}_items": i for k, (_n, i) in counts.items()}, owed_fen=owed)
        if self.complaint_count is not None:
            out["complaints"] = self.complaint_count
        return out

    def _show_complaints(self, today) -> None:
        """Open complaints and follow-up visits (salesbook.records.complaints.TodayComplaints)."""
        self.complaints.set_today(today, self.on)
        self.complaint_count = len(today)
        self.tabs.setTabText(
            self.complaints_tab, self.complaints.title(len(today.open), len(today.follow_ups))
        )
        # open complaints are the strongest sign of a leaving customer: a red tab title
        red = status_color("overdue") if today.open else QColor()
        self.tabs.tabBar().setTabTextColor(self.complaints_tab, red)

    def _set_titles(self, counts: dict | None) -> None:
        """补货 85 位（115 项）/ 收款 12 位: customers, and items where they differ."""
        for i, kind in enumerate(TABS):
            n, items = (counts or {}).get(kind, (None, None))
            self.tabs.setTabText(i, tab_title(kind, n, items))

    def _empty_hint(self, kind: str) -> tuple[str, str, list]:
        win = self.window_
        if getattr(win, "stats", None) is not None and win.stats.customers == 0:
            return (
                self.tr("Your book is empty"),
                self.tr("Add your customers, or import them from a spreadsheet, and "
                        "Salesbook will tell you every morning whom to visit."),
                [(self.tr("Add a customer"), win.add_customer)]
                + ([(self.tr("Import a spreadsheet…"), win.open_import)] if win.can_import() else [])
                + [(self.tr("Open a demo book"), win.open_demo)],
            )  # fmt: skip
        stats = getattr(win, "stats", None)
        if kind == "resupply" and stats is not None and not stats.has_deliveries:
            # customers, but no delivery yet (just imported, say): the next step
            actions = [(self.tr("Record a delivery…"), lambda: win.open_delivery())]
            if win.can_import():
                actions.append((self.tr("Import deliveries…"), win.open_import))
            return (
                self.tr("No deliveries yet"),
                self.tr("Record each customer's deliveries (Ctrl+D) or import them: from "
                        "what and when they buy, Salesbook predicts when they run out."),
                actions,
            )  # fmt: skip
        texts = {
            "resupply": (
                self.tr("Nobody needs resupplying"),
                self.tr("No customer runs out by this day. Look ahead a few days to plan."),
            ),
            "collect": (
                self.tr("Nothing to collect"),
                self.tr("No unpaid delivery has reached its payday."),
            ),
            "winback": (
                self.tr("Nobody to win back"),
                self.tr(
                    "No customer ran out long ago without buying again: nobody seems "
                    "to buy elsewhere."
                ),
            ),
            "follow_up": (
                self.tr("Nobody is waiting for a call"),
                self.tr("Every customer was contacted within the cadence of their level."),
            ),
        }
        title, hint = texts[kind]
        if kind == "winback":
            return title, hint, []
        return title, hint, [(self.tr("Look ahead 7 days"), lambda: self.within.setValue(7))]

    # -- actions -----------------------------------------------------
    def act(self, action: str, item: DueItem, pos: QPoint | None = None) -> None:
        win = self.window_
        if action == "open":
            win.open_customer(item.customer_id)
        elif action == "deliver":
            win.open_delivery(item.customer_id, product_id=item.product_id, on=self.on)
        elif action == "payment":
            win.open_payment(item.customer_id, amount_fen=item.amount_fen, on=self.on)
        elif action == "contact":
            win.open_contact(item.customer_id, on=self.on)
        elif action == "elsewhere":
            self.bought_elsewhere(item)
        elif action == "message":
            self.write_messages([item], message_kind(item.kind, [item]))
        elif action == "snooze":
            self.snooze_menu([item], pos)

    def snooze_menu(self, items: list[DueItem], pos: QPoint | None = None) -> None:
        """推迟 N 天 for these items (a Today row's products: those, nothing else)."""
        menu = QMenu(self)
        for days in SNOOZE_DAYS:
            a = QAction(self.tr("%n day(s)", "", days), menu)
            a.triggered.connect(lambda _=False, d=days: self.snooze(items, d))
            menu.addAction(a)
        menu.popup(pos or self.mapToGlobal(self.rect().center()))

    def write_messages(
        self, items: list[DueItem], kind: str | None = None, customer_ids: list[int] | None = None
    ):
        """The message dialog for these items' customers (about ``kind``), or for
        ``customer_ids`` when given (rows selected but not built yet)."""
        from .message_dialog import MessageDialog

        ids = customer_ids if customer_ids is not None else [i.customer_id for i in items]
        if not ids:
            return None
        dlg = MessageDialog(self.window_, ids, self.on, kind)
        dlg.show()
        return dlg

    def write_selected(self):
        """写消息… on the selected rows of the shown table (the current row if none)."""
        table = self.tabs.currentWidget()
        if not isinstance(table, DueTable):
            return None
        items = table.selected_items()
        ids = table.selected_customer_ids()  # rows not built yet too (Ctrl+A on a long list)
        if not ids:
            item = table.item_at(table.table.currentIndex().row())
            items = [item] if item else []
            ids = [item.customer_id] if item else []
        if not ids:
            self.window_.status(self.tr("Select the customers to write to first"))
            return None
        return self.write_messages(items, message_kind(table.kind, items), customer_ids=ids)

    def snooze(self, items: list[DueItem] | DueItem, days: int) -> None:
        from salesbook.records.due import snooze_items

        items = [items] if isinstance(items, DueItem) else list(items)
        item, until = items[0], self.on + timedelta(days=days)
        self.session.call(
            snooze_items, [(i.customer_id, i.kind, i.product_id) for i in items], until,
            done=lambda _r: self._after(item, self.tr("Snoozed {customer} until {date}").format(
                customer=item.customer, date=i18n.short_date(until))),
            error=self.window_.show_error,
        )  # fmt: skip

    def bought_elsewhere(self, item: DueItem) -> None:
        from salesbook.records.deliveries import mark_bought_elsewhere

        self.session.call(
            mark_bought_elsewhere, item.customer_id, item.product_id, on=self.on,
            done=lambda _r: self._after(item, self.tr("{customer} bought {product} elsewhere: "
                                                      "the forecast was restocked").format(
                customer=item.customer, product=item.product)),
            error=self.window_.show_error,
        )  # fmt: skip

    def _after(self, item: DueItem, message: str) -> None:
        self.window_.notify(Change.of(item.customer_id, what=("today",)), message)

    # -- for tests and tools --------------------------------------------
    def model(self, kind: str) -> DueModel:
        return self.tables[kind].model

    def row_of(self, kind: str, customer_id: int, product_id: int | None = None) -> int:
        """The row of the customer (with that product) among the rows built, or -1."""
        for i, row in enumerate(self.tables[kind].model.rows):
            if row and any(
                item.customer_id == customer_id and product_id in (None, item.product_id)
                for item in row.items
            ):
                return i
        return -1

    def persistent(self, kind: str, row: int) -> QPersistentModelIndex:
        return QPersistentModelIndex(self.tables[kind].model.index(row, 0))
