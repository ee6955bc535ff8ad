"""Customer detail: household and pay cycle; per product the prior vs learned
rate, stock, run-out and share of wallet; a chart of the delivery history
with the predicted run-out; what is owed and paid; contacts; the relationship
level with its history and the upgrade suggestion; the customer's complaints,
open and put right, with "Log a complaint…" and "Resolve…". Everything comes
from ``profile.customer_profile``, ``views.stock_curve`` and
``complaints.list_complaints``.

Deliveries, payments and contacts can be moved to the trash from their tabs
(the Delete key, the context menu or the "Move to trash" button beside the
tabs): ``undo.trash_records`` on the book thread, one undo step, several at
once after a backup. Ctrl+Z in this window undoes like Edit > Undo."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesbook.rules.text import LEVELS

from . import i18n
from .charts import ChartLabel, StockChartText, render_stock_chart
from .widgets import Change, EmptyState, FieldMessages, RowsModel, status_color


def _load(book, customer_id: int, on: date):
    from salesbook.insight.profile import customer_profile
    from salesbook.records.complaints import list_complaints
    from salesbook.records.products import usage_of
    from salesbook.records.views import stock_curve

    prof = customer_profile(book, customer_id, on)
    curve = (
        stock_curve(book, customer_id, prof.products[0].product_id, on) if prof.products else None
    )
    return prof, curve, list_complaints(book, customer_id), usage_of(book, customer_id)


def _rate(value: float | None, unit: str) -> str:
    if not value:
        return "–"
    return f"{value:.2f} {unit}" if value >= 0.1 else f"{value:.3f} {unit}"


def _table(headers: list[str], name: str) -> QTableView:
    t = QTableView()
    t.setModel(RowsModel(headers, t))
    t.setObjectName(name)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setWordWrap(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setResizeContentsPrecision(50)
    return t


def _fill(table: QTableView, rows: list[list], colors: dict[tuple, QColor] | None = None) -> None:
    model: RowsModel = table.model()  # type: ignore[assignment]
    model.set_rows(rows, colors)
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(
        model.columnCount() - 1, QHeaderView.ResizeMode.Stretch
    )


class Card(QFrame):
    def __init__(self, title: str):
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "Card { background: #f7fafc; border: 1px solid #e2e8f0; border-radius: 6px; }"
        )
        lay = QVBoxLayout(self)
        head = QLabel(title)
        head.setStyleSheet("color: #4a5568; font-weight: bold;")
        lay.addWidget(head)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(12)
        lay.addLayout(self.form)
        lay.addStretch(1)  # a card with fewer rows than its neighbours keeps them at the top
        self.values: dict[str, QLabel] = {}

    def row(self, key: str, label: str) -> None:
        value = QLabel()
        value.setObjectName(f"card_{key}")
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(label, value)
        self.values[key] = value

    def set(self, key: str, text: str) -> None:
        self.values[key].setText(text or "–")


class LevelDialog(QDialog):
    """Change the relationship level, with the reason the book will remember."""

    def __init__(self, parent, current: str):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change relationship level"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        form = QFormLayout(self)
        self.fields = FieldMessages()
        self.level = QComboBox()
        for code in LEVELS:
            self.level.addItem(i18n.level(code), code)
        self.level.setCurrentIndex(max(0, self.level.findData(current)))
        self.fields.add(form, "level", self.tr("New level"), self.level)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("e.g. introduced two neighbours"))
        self.fields.add(form, "reason", self.tr("Why"), self.reason)
        form.addRow(self.fields.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class CustomerDetail(QDialog):
    """One window, reused for whichever customer is opened."""

    shown_customer = Signal(int)  # the profile is on screen
    chart_rendered = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.customer_id: int | None = None
        self.profile = None
        self.setObjectName("customer_detail")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setModal(False)
        self.resize(980, 760)
        outer = QVBoxLayout(self)
        # header
        head = QHBoxLayout()
        self.name = QLabel()
        self.name.setObjectName("detail_name")
        f = QFont(self.name.font())
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setBold(True)
        self.name.setFont(f)
        head.addWidget(self.name)
        self.level_chip = QLabel()
        self.level_chip.setStyleSheet(
            "background:#ebf4ff; color:#2b6cb0; border-radius:8px; padding:2px 8px;"
        )
        head.addWidget(self.level_chip)
        self.complaint_chip = QPushButton()
        self.complaint_chip.setObjectName("complaint_chip")
        self.complaint_chip.setFlat(True)
        self.complaint_chip.setAutoDefault(False)
        self.complaint_chip.setCursor(Qt.CursorShape.PointingHandCursor)
        self.complaint_chip.setStyleSheet(
            "#complaint_chip { background:#fdecec; color:#c53030; border:1px solid #feb2b2;"
            " border-radius:8px; padding:2px 8px; }"
        )
        self.complaint_chip.clicked.connect(self.show_complaints)
        self.complaint_chip.hide()
        head.addWidget(self.complaint_chip)
        self.subtitle = QLabel()
        self.subtitle.setStyleSheet("color:#4a5568;")
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.subtitle, 1)
        for text, slot in ((self.tr("Delivery…"), self._deliver), (self.tr("Payment…"), self._pay),
                           (self.tr("Contact…"), self._contact), (self.tr("Level…"), self._level),
                           (self.tr("Edit…"), self._edit)):  # fmt: skip
            b = QPushButton(text)
            b.setAutoDefault(False)
            b.clicked.connect(slot)
            head.addWidget(b)
        outer.addLayout(head)
        # banners
        self.suggestion = QFrame()
        self.suggestion.setObjectName("suggestion_banner")
        self.suggestion.setStyleSheet(
            "#suggestion_banner { background:#f0fff4; border:1px solid #9ae6b4; border-radius:6px; }"
        )
        sl = QHBoxLayout(self.suggestion)
        self.suggestion_text = QLabel()
        self.suggestion_text.setWordWrap(True)
        sl.addWidget(self.suggestion_text, 1)
        self.accept_button = QPushButton(self.tr("Accept"))
        self.accept_button.clicked.connect(self._accept_suggestion)
        self.dismiss_button = QPushButton(self.tr("Not now"))
        self.dismiss_button.clicked.connect(self._dismiss_suggestion)
        sl.addWidget(self.accept_button)
        sl.addWidget(self.dismiss_button)
        outer.addWidget(self.suggestion)
        self.missing = QLabel()
        self.missing.setObjectName("missing_hint")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(
            "background:#fffaf0; border:1px solid #fbd38d; border-radius:6px; padding:6px;"
        )
        outer.addWidget(self.missing)
        # the scrolled body
        body = QWidget()
        blay = QVBoxLayout(body)
        cards = QGridLayout()
        self.household = Card(self.tr("Household and pay"))
        self.household.row("size", self.tr("People"))
        self.household.row("pay", self.tr("Payday"))
        self.household.row("lead", self.tr("Remind before run-out"))
        self.money = Card(self.tr("Money"))
        self.money.row("owed", self.tr("Owed"))
        self.money.row("collect", self.tr("Collect on"))
        self.money.row("spend", self.tr("Bought in total"))
        self.contact = Card(self.tr("Contact"))
        self.contact.row("last", self.tr("Last contact"))
        self.contact.row("next", self.tr("Next follow-up"))
        self.contact.row("notes", self.tr("Notes"))
        self.contact.values["notes"].setWordWrap(True)
        self.contact.row("address_as", self.tr("Form of address"))
        self.contact.row("delivery_note", self.tr("Delivery habits"))
        self.contact.values["delivery_note"].setWordWrap(True)
        for i, card in enumerate((self.household, self.money, self.contact)):
            cards.addWidget(card, 0, i)
        blay.addLayout(cards)
        self.products = _table([self.tr("Product"), self.tr("Rule of thumb / day"), self.tr("Learned / day"),
                                self.tr("Estimate"), self.tr("In stock now"), self.tr("Runs out"),
                                self.tr("Status"), self.tr("Share we supply")], "products_table")  # fmt: skip
        self.products.setMinimumHeight(110)
        blay.addWidget(self.products)
        blay.addWidget(self._build_usage())
        chart_bar = QHBoxLayout()
        chart_bar.addWidget(QLabel(self.tr("Delivery history of")))
        self.chart_product = QComboBox()
        self.chart_product.setObjectName("chart_product")
        self.chart_product.currentIndexChanged.connect(self._chart_product_changed)
        chart_bar.addWidget(self.chart_product)
        chart_bar.addStretch(1)
        words = (self.tr("estimated stock"), self.tr("delivered"), self.tr("bought elsewhere"), self.tr("today"),
                 self.tr("predicted run-out"))  # fmt: skip
        marks = (
            ("#2b6cb0", "━━"),
            ("#38a169", "▮"),
            ("#a0aec0", "▮"),
            ("#718096", "┆"),
            ("#c53030", "┆"),
        )
        legend = QLabel(
            " &nbsp; ".join(
                f"<span style='color:{c}'>{m}</span> {w}"
                for (c, m), w in zip(marks, words, strict=True)
            )
        )
        legend.setObjectName("chart_legend")
        chart_bar.addWidget(legend)
        blay.addLayout(chart_bar)
        self.chart = ChartLabel(self.tr("Drawing the chart…"))
        self.chart.setObjectName("history_chart")
        self.chart.setMinimumHeight(230)
        self.chart.rendered.connect(self.chart_rendered)
        blay.addWidget(self.chart)
        self.tabs = QTabWidget()
        self.deliveries = _table([self.tr("Date"), self.tr("Product"), self.tr("Quantity"),
                                  self.tr("Price"), self.tr("Amount"), self.tr("Note")], "deliveries_table")  # fmt: skip
        self.payments = _table(
            [self.tr("Date"), self.tr("Amount"), self.tr("Note")], "payments_table"
        )
        self.contacts = _table([self.tr("Date"), self.tr("How"), self.tr("Note")], "contacts_table")
        self.levels = _table(
            [self.tr("Date"), self.tr("From"), self.tr("To"), self.tr("Why")], "levels_table"
        )
        for t in (self.deliveries, self.payments, self.contacts, self.levels):
            t.setMinimumHeight(160)
        self.tabs.addTab(self.deliveries, self.tr("Deliveries"))
        self.tabs.addTab(self.payments, self.tr("Payments"))
        self.tabs.addTab(self.contacts, self.tr("Contacts"))
        self.tabs.addTab(self.levels, self.tr("Relationship history"))
        self.complaints_page = self._build_complaints()
        self.complaints_tab = self.tabs.addTab(self.complaints_page, self.tr("Complaints"))
        blay.addWidget(self.tabs)
        self._build_trash()
        blay.addWidget(self.trash_note)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.scroll = scroll
        outer.addWidget(scroll, 1)
        self.suggestion.hide()
        self.missing.hide()
        # Ctrl+Z / redo here too: this is a window of its own, the main window's
        # Edit menu shortcuts do not reach it
        for keys, slot in ((QKeySequence.StandardKey.Undo, self.undo),
                           (QKeySequence.StandardKey.Redo, self.window_.redo)):  # fmt: skip
            a = QAction(self)
            a.setShortcuts(keys)
            a.triggered.connect(slot)
            self.addAction(a)

    def _build_usage(self) -> QWidget:
        """The book's belief about unusual use, and the rep's own rate per product."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.usage_note = QLabel()
        self.usage_note.setObjectName("usage_note")
        self.usage_note.setWordWrap(True)
        self.usage_note.setStyleSheet("color:#975a16;")
        self.usage_note.hide()
        lay.addWidget(self.usage_note)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("This family uses about")))
        self.rate_product = QComboBox()
        self.rate_product.setObjectName("rate_product")
        self.rate_product.currentIndexChanged.connect(self._rate_product_changed)
        row.addWidget(self.rate_product)
        self.rate_spin = QDoubleSpinBox()
        self.rate_spin.setObjectName("rate_spin")
        self.rate_spin.setDecimals(3)
        self.rate_spin.setRange(0.001, 100000.0)
        self.rate_spin.setSingleStep(0.1)
        row.addWidget(self.rate_spin)
        self.rate_unit = QLabel()
        row.addWidget(self.rate_unit)
        self.rate_set = QPushButton(self.tr("Set"))
        self.rate_set.setObjectName("rate_set")
        self.rate_set.setAutoDefault(False)
        self.rate_set.clicked.connect(lambda: self._save_rate(self.rate_spin.value()))
        row.addWidget(self.rate_set)
        self.rate_clear = QPushButton(self.tr("Clear"))
        self.rate_clear.setObjectName("rate_clear")
        self.rate_clear.setAutoDefault(False)
        self.rate_clear.clicked.connect(lambda: self._save_rate(None))
        row.addWidget(self.rate_clear)
        self.rate_state = QLabel()
        self.rate_state.setStyleSheet("color:#4a5568;")
        row.addWidget(self.rate_state, 1)
        lay.addLayout(row)
        self.usage: list = []
        return box

    def _fill_usage(self, usage: list) -> None:
        self.usage = usage
        lines = []
        for u in usage:
            if u.unusual is None:
                continue
            text = (
                self.tr("The book believes this household uses little {product}: about {rate} a day"
                        " (rule of thumb {rule}). If that is wrong, set its rate below.")
                if u.unusual == "low"
                else self.tr("The book believes this household uses a lot of {product}: about {rate}"
                             " a day (rule of thumb {rule}). If that is wrong, set its rate below.")
            )  # fmt: skip
            lines.append(
                text.replace("{product}", u.product)
                .replace("{rate}", _rate(u.rate, u.unit))
                .replace("{rule}", _rate(u.rule_of_thumb, u.unit))
            )
        self.usage_note.setText("\n".join(lines))
        self.usage_note.setVisible(bool(lines))
        keep = self.rate_product.currentData()
        self.rate_product.blockSignals(True)
        self.rate_product.clear()
        for u in usage:
            self.rate_product.addItem(u.product, u.product_id)
        at = self.rate_product.findData(keep)
        self.rate_product.setCurrentIndex(max(0, at))
        self.rate_product.blockSignals(False)
        for w in (self.rate_product, self.rate_spin, self.rate_set):
            w.setEnabled(bool(usage))
        self._rate_product_changed(self.rate_product.currentIndex())

    def _rate_product_changed(self, _index: int) -> None:
        pid = self.rate_product.currentData()
        u = next((u for u in self.usage if u.product_id == pid), None)
        self.rate_unit.setText(self.tr("{unit} a day").replace("{unit}", u.unit) if u else "")
        self.rate_clear.setEnabled(u is not None and u.override is not None)
        if u is None:
            self.rate_state.setText("")
            return
        value = u.override or u.rate or u.rule_of_thumb
        if value:
            self.rate_spin.setValue(value)
        self.rate_state.setText(
            self.tr("set by you") if u.override is not None else self.tr("estimated by the book")
        )

    def _save_rate(self, value: float | None) -> None:
        from salesbook.records.products import set_override

        pid = self.rate_product.currentData()
        cid = self.customer_id
        if pid is None or cid is None or not self.session.is_open:
            return
        message = self.tr("Rate saved") if value is not None else self.tr("Rate cleared")
        self.session.call(set_override, cid, pid, value, error=self.window_.show_error,
                          done=lambda _r: self.window_.notify(Change.of(cid, what=("supply",)),
                                                              message))  # fmt: skip

    def _build_trash(self) -> None:
        """Delete key, context menu and a button beside the tabs for the
        deliveries, payments and contacts tabs; a note under the tabs says what
        went to the trash, with Undo."""
        self.records: dict[str, list] = {"delivery": [], "payment": [], "contact": []}
        self.trash_tables = {"delivery": self.deliveries, "payment": self.payments,
                             "contact": self.contacts}  # fmt: skip
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon)
        self.trash_actions: dict[str, QAction] = {}
        for kind, table in self.trash_tables.items():
            action = QAction(icon, self.tr("Move to trash"), table)
            action.setShortcuts(QKeySequence.StandardKey.Delete)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, k=kind: self.trash_selected(k))
            table.addAction(action)
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.customContextMenuRequested.connect(lambda pos, k=kind: self._trash_menu(k, pos))
            table.selectionModel().selectionChanged.connect(lambda *_: self._update_trash_button())
            self.trash_actions[kind] = action
        self.trash_button = QToolButton()
        self.trash_button.setObjectName("trash_button")
        self.trash_button.setIcon(icon)
        self.trash_button.setText(self.tr("Move to trash"))
        self.trash_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.trash_button.setAutoRaise(True)
        self.trash_button.clicked.connect(lambda: self.trash_selected())
        self.tabs.setCornerWidget(self.trash_button, Qt.Corner.TopRightCorner)
        self.tabs.currentChanged.connect(lambda _i: self._update_trash_button())
        self.trash_note = QFrame()
        self.trash_note.setObjectName("trash_note")
        self.trash_note.setStyleSheet(
            "#trash_note { background:#edf2f7; border:1px solid #cbd5e0; border-radius:6px; }"
        )
        nl = QHBoxLayout(self.trash_note)
        nl.setContentsMargins(8, 4, 8, 4)
        self.trash_note_text = QLabel()
        self.trash_note_text.setObjectName("trash_note_text")
        self.trash_note_text.setWordWrap(True)
        nl.addWidget(self.trash_note_text, 1)
        self.trash_undo_button = QPushButton(self.tr("Undo"))
        self.trash_undo_button.setObjectName("trash_undo")
        self.trash_undo_button.setAutoDefault(False)
        self.trash_undo_button.clicked.connect(self.undo)
        nl.addWidget(self.trash_undo_button)
        self.trash_note.hide()
        self._update_trash_button()

    def _build_complaints(self) -> QWidget:
        """The Complaints tab: what happened and how it was put right, open ones
        first; a bar to log a new one or resolve the selected one."""
        self.complaints: list = []  # salesbook.records.complaints.Complaint, one per table row
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 4, 0, 0)
        self.complaints_bar = QWidget()
        bar = QHBoxLayout(self.complaints_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.complaints_hint = QLabel()
        self.complaints_hint.setObjectName("complaints_hint")
        self.complaints_hint.setWordWrap(True)
        self.complaints_hint.setStyleSheet("color:#4a5568;")
        bar.addWidget(self.complaints_hint, 1)
        bar.addStretch(0)  # keeps the buttons their size while the hint is empty
        self.resolve_button = QPushButton(self.tr("Resolve…"))
        self.resolve_button.setObjectName("resolve_complaint")
        self.resolve_button.setAutoDefault(False)
        self.resolve_button.clicked.connect(lambda: self.resolve_complaint())
        bar.addWidget(self.resolve_button)
        self.log_complaint_button = QPushButton(self.tr("Log a complaint…"))
        self.log_complaint_button.setObjectName("log_complaint")
        self.log_complaint_button.setAutoDefault(False)
        self.log_complaint_button.clicked.connect(lambda: self.log_complaint())
        bar.addWidget(self.log_complaint_button)
        lay.addWidget(self.complaints_bar)
        self.complaints_table = _table([self.tr("Date"), self.tr("Product"), self.tr("What happened"),
                                        self.tr("Status"), self.tr("Put right on"),
                                        self.tr("How it was put right")], "complaints_table")  # fmt: skip
        self.complaints_table.setMinimumHeight(160)
        self.complaints_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.complaints_table.doubleClicked.connect(self._complaint_double_clicked)
        self.complaints_table.selectionModel().selectionChanged.connect(
            lambda *_: self._complaint_selection_changed()
        )
        self.complaints_empty = EmptyState()
        self.complaints_empty.set(
            self.tr("No complaints"),
            self.tr("When this customer complains, log it here: it stays on Today until it is "
                    "put right."),
            [(self.tr("Log a complaint…"), lambda: self.log_complaint())],
        )  # fmt: skip
        self.complaints_stack = QStackedWidget()
        self.complaints_stack.addWidget(self.complaints_table)
        self.complaints_stack.addWidget(self.complaints_empty)
        lay.addWidget(self.complaints_stack, 1)
        self._complaint_selection_changed()
        return page

    # -- loading -----------------------------------------------------------
    def show_customer(self, customer_id: int) -> None:
        if customer_id != self.customer_id:
            self.trash_note.hide()
        self.customer_id = customer_id
        self.session.call(_load, customer_id, self.window_.today(), key=f"detail{id(self)}",
                          owner=self, done=self._show, error=self.window_.show_error)  # fmt: skip

    def on_change(self, change: Change) -> None:
        if self.customer_id is not None and self.isVisible() and change.touches(self.customer_id):
            self.show_customer(self.customer_id)

    def _show(self, result) -> None:
        prof, curve, complaints, usage = result
        if prof.customer.id != self.customer_id:
            return
        self.profile = prof
        c = prof.customer
        if curve is not None:
            self._draw(curve)  # the chart draws on its own thread while the rest is filled in
        self.setWindowTitle(c.name)
        self.name.setText(c.name)
        self.level_chip.setText(i18n.level(c.level))
        archived = self.tr(" · archived") if c.archived_at else ""
        self.subtitle.setText(
            " · ".join(x for x in (i18n.phone(c.phone), c.area, c.address) if x) + archived
        )
        self.household.set(
            "size", "" if c.household_size is None else self.tr("%n people", "", c.household_size)
        )
        self.household.set("pay", c.pay.describe(i18n.current()))
        lead = (
            self.tr("%n days", "", c.lead_days)
            if c.lead_days is not None
            else self.tr("the book's setting")
        )
        self.household.set("lead", lead)
        self.money.set("owed", i18n.money(prof.balance_fen))
        self.money.values["owed"].setStyleSheet(
            "color:#c53030; font-weight:bold;" if prof.balance_fen > 0 else ""
        )
        self.money.set("collect", prof.collect_date or "")
        self.money.set("spend", i18n.money(prof.spend_fen))
        self.contact.set("last", prof.last_contact_date or self.tr("never"))
        self.contact.set("next", prof.follow_up_date or "")
        self.contact.set("notes", c.notes or "")
        self.contact.set("address_as", c.address_as or "")
        self.contact.set("delivery_note", c.delivery_note or "")
        self._fill_products(prof)
        self._fill_usage(usage)
        self._fill_history(prof)
        self._fill_complaints(complaints)
        self._fill_banners(prof)
        self.chart_product.blockSignals(True)
        self.chart_product.clear()
        for p in prof.products:
            self.chart_product.addItem(p.product, p.product_id)
        self.chart_product.blockSignals(False)
        if curve is None:
            self.chart.clear_chart()
            self.chart.setText(self.tr("No deliveries yet: the chart appears after the first one."))
        self.shown_customer.emit(c.id)

    def _fill_products(self, prof) -> None:
        rows, colors = [], {}
        source_names = {"prior": self.tr("rule of thumb"), "history": self.tr("learned"),
                        "blend": self.tr("rule of thumb and learned"), "none": self.tr("no estimate")}  # fmt: skip
        for r, p in enumerate(prof.products):
            share = f"{p.share_of_wallet:.0%}" if p.share_of_wallet is not None else "–"
            stock = f"{p.stock_now:.1f} {p.unit}" if p.stock_now is not None else "–"
            used = f"{_rate(p.rate, p.unit)} ({source_names.get(p.rate_source, p.rate_source)})"
            rows.append([p.product, _rate(p.prior_rate, p.unit), _rate(p.observed_rate, p.unit), used, stock,
                         p.runout_date or "–", self._supply_status(p.status), share])  # fmt: skip
            if p.status != "upcoming":
                colors[(r, 6)] = status_color(p.status)
        _fill(self.products, rows, colors)
        header_h = self.products.horizontalHeader().sizeHint().height()
        row_h = self.products.verticalHeader().defaultSectionSize()
        self.products.setFixedHeight(header_h + 6 + row_h * max(1, len(rows)))

    def _supply_status(self, status: str | None) -> str:
        """A product's status in words: due (到期) only within the lead days
        (the core's ``due``); a run-out further ahead is not "upcoming" here
        (即将到期 for a month away), it has enough for now."""
        if status == "upcoming":
            return self.tr("enough for now")
        return i18n.status(status) or "–"

    def _fill_history(self, prof) -> None:
        _fill(self.deliveries, [
            [d.date, d.product + (self.tr(" (elsewhere)") if d.source == "elsewhere" else ""),
             f"{d.quantity:g} {d.unit}", i18n.money(d.unit_price_fen), i18n.money(d.amount_fen), d.note]
            for d in prof.deliveries])  # fmt: skip
        _fill(self.payments, [[p.date, i18n.money(p.amount_fen), p.note] for p in prof.payments])
        _fill(self.contacts, [[k.date, i18n.contact_kind(k.kind), k.note] for k in prof.contacts])
        self.records = {"delivery": list(prof.deliveries), "payment": list(prof.payments),
                        "contact": list(prof.contacts)}  # fmt: skip
        self._update_trash_button()
        _fill(self.levels, [[h.date, i18n.level(h.from_level) if h.from_level else "–", i18n.level(h.to_level),
                             self._reason(h.reason)] for h in reversed(prof.level_history)])  # fmt: skip
        self.tabs.setTabText(0, self.tr("Deliveries (%n)", "", len(prof.deliveries)))
        self.tabs.setTabText(1, self.tr("Payments (%n)", "", len(prof.payments)))
        self.tabs.setTabText(2, self.tr("Contacts (%n)", "", len(prof.contacts)))

    def _fill_complaints(self, complaints: list) -> None:
        """Open complaints first (red, with how long they have been open), then
        the ones put right, newest first; the count in the tab title."""
        on = self.window_.today()
        self.complaints = list(complaints)
        rows, colors = [], {}
        for r, k in enumerate(self.complaints):
            if k.is_open:
                status = self.tr("Open for %n day(s)", "", k.days_open(on))
                colors[(r, 3)] = status_color("overdue")
            else:
                status = self.tr("Put right in %n day(s)", "", k.days_open(on))
            rows.append([i18n.short_date(k.date), k.product or "–", k.what, status,
                         i18n.short_date(k.resolved_date) if k.resolved_date else "",
                         k.resolution or ""])  # fmt: skip
        _fill(self.complaints_table, rows, colors)
        n_open = sum(1 for k in self.complaints if k.is_open)
        self.tabs.setTabText(self.complaints_tab, self.tr("Complaints (%n)", "", len(rows)))
        # an open complaint is the strongest sign a customer may leave: a red tab title
        self.tabs.tabBar().setTabTextColor(
            self.complaints_tab, status_color("overdue") if n_open else QColor()
        )
        if n_open:
            self.complaints_hint.setText(self.tr(
                "%n complaint(s) still open: put it right first, then visit to follow up.", "",
                n_open))  # fmt: skip
        elif rows:
            self.complaints_hint.setText(self.tr("Every complaint was put right."))
        self.complaints_bar.setVisible(bool(rows))  # else the empty state says it all
        self.complaints_stack.setCurrentWidget(
            self.complaints_table if rows else self.complaints_empty
        )
        self.complaint_chip.setText(self.tr("%n open complaint(s)", "", n_open))
        self.complaint_chip.setVisible(bool(n_open))
        self._complaint_selection_changed()

    def show_complaints(self) -> None:
        """The complaints tab, scrolled into view (the header chip's click)."""
        self.tabs.setCurrentIndex(self.complaints_tab)
        self.scroll.ensureWidgetVisible(self.tabs)

    def selected_complaint(self):
        """The complaint Resolve… acts on: the selected one, or with none
        selected the first open one (the newest)."""
        rows = self.complaints_table.selectionModel().selectedRows()
        if rows:
            r = rows[0].row()
            return self.complaints[r] if 0 <= r < len(self.complaints) else None
        return next((k for k in self.complaints if k.is_open), None)

    def _complaint_selection_changed(self) -> None:
        k = self.selected_complaint()
        self.resolve_button.setEnabled(k is not None and k.is_open)

    def _complaint_double_clicked(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.complaints) and self.complaints[index.row()].is_open:
            self.resolve_complaint(self.complaints[index.row()])

    def _reason(self, reason: str | None) -> str:
        if reason == "new":
            return self.tr("new customer")
        return reason or ""

    def _fill_banners(self, prof) -> None:
        s = prof.suggestion
        if s:
            self.suggestion_text.setText(
                self.tr("Suggestion: move {name} up to {level}. {reason}").format(
                    name=s.customer, level=i18n.level(s.to_level), reason=s.reason(i18n.current())
                )
            )
        self.suggestion.setVisible(bool(s))
        if prof.missing:
            self.missing.setText(
                self.tr(
                    "Fill in the household size to predict what this customer needs "
                    "before their first deliveries show it."
                )
            )
        self.missing.setVisible(bool(prof.missing))

    # -- the chart ----------------------------------------------------------
    def _chart_text(self, curve) -> StockChartText:
        title = f"{curve.product}（{curve.unit}）" if curve.unit else curve.product
        return StockChartText(
            title=title, stock=self.tr("estimated stock"), delivered=self.tr("delivered"),
            elsewhere=self.tr("bought elsewhere"), runout=self._runout_text(curve), today=self.tr("today"),
            no_data=self.tr("no deliveries yet"), date_format=self.tr("%b %d"),
            months=tuple(QLocale().monthName(m, QLocale.FormatType.ShortFormat) for m in range(1, 13)),
        )  # fmt: skip

    def _runout_text(self, curve) -> str:
        """'runs out Dec 1' / '预计12月1日用完', the date written the local way."""
        day = i18n.short_date(curve.runout_date) if curve.runout_date else ""
        return self.tr("runs out {date}").replace("{date}", day)

    def _draw(self, curve) -> None:
        self.chart.set_chart(render_stock_chart, curve, self._chart_text(curve))

    def _chart_product_changed(self, _index: int) -> None:
        from salesbook.records.views import stock_curve

        pid = self.chart_product.currentData()
        if pid is not None and self.customer_id is not None:
            self.session.call(stock_curve, self.customer_id, pid, self.window_.today(), owner=self,
                              key=f"curve{id(self)}", done=self._draw)  # fmt: skip

    # -- actions -------------------------------------------------------------
    def _deliver(self) -> None:
        pid = self.chart_product.currentData()
        self.window_.open_delivery(self.customer_id, product_id=pid)

    def _pay(self) -> None:
        owed = self.profile.balance_fen if self.profile else None
        self.window_.open_payment(self.customer_id, amount_fen=owed or None)

    def _contact(self) -> None:
        self.window_.open_contact(self.customer_id)

    def _edit(self) -> None:
        self.window_.edit_customer(self.customer_id)

    def log_complaint(self):
        """Log a complaint for this customer (complaints.ComplaintDialog)."""
        from .complaints import ComplaintDialog

        if self.customer_id is None or not self.session.is_open:
            return None
        dlg = ComplaintDialog(self.window_, self.customer_id)
        dlg.show()
        return dlg

    def resolve_complaint(self, complaint=None):
        """Resolve the given (or selected) open complaint: how and when it was put right."""
        from .complaints import ResolveComplaintDialog

        k = complaint or self.selected_complaint()
        if k is None or not k.is_open:
            return None
        dlg = ResolveComplaintDialog(self.window_, k, self.window_.today())
        dlg.show()
        return dlg

    def _level(self) -> None:
        if self.profile is None:
            return
        dlg = LevelDialog(self, self.profile.customer.level)

        def _save() -> None:
            self._set_level(dlg.level.currentData(), dlg.reason.text().strip() or None)

        dlg.accepted.connect(_save)
        dlg.open()

    def _set_level(self, level: str, reason: str | None) -> None:
        from salesbook.records.relationship import set_level

        cid = self.customer_id
        self.session.call(set_level, cid, level, reason=reason, on=self.window_.today(),
                          error=self.window_.show_error,
                          done=lambda _r: self.window_.notify(Change.of(cid, what=("level",)),
                                                              self.tr("Relationship level saved")))  # fmt: skip

    def _accept_suggestion(self) -> None:
        s = self.profile.suggestion if self.profile else None
        if s:
            self._set_level(s.to_level, s.reason(i18n.current()))

    def _dismiss_suggestion(self) -> None:
        from salesbook.records.relationship import dismiss_suggestion

        s = self.profile.suggestion if self.profile else None
        if s:
            cid = self.customer_id
            self.session.call(dismiss_suggestion, cid, s.to_level, self.window_.today(),
                              done=lambda _r: self.window_.notify(Change.of(cid, what=("level",))))  # fmt: skip

    # -- the trash -------------------------------------------------------------
    def _current_trash_kind(self) -> str | None:
        page = self.tabs.currentWidget()
        return next((k for k, t in self.trash_tables.items() if t is page), None)

    def selected_records(self, kind: str) -> list:
        """The records selected in the deliveries / payments / contacts tab, in table order."""
        table, records = self.trash_tables[kind], self.records[kind]
        rows = sorted({i.row() for i in table.selectionModel().selectedRows()})
        return [records[r] for r in rows if 0 <= r < len(records)]

    def _update_trash_button(self) -> None:
        kind = self._current_trash_kind()
        self.trash_button.setVisible(kind is not None)
        self.trash_button.setEnabled(kind is not None and bool(self.selected_records(kind)))
        for k, action in self.trash_actions.items():
            action.setEnabled(bool(self.selected_records(k)))

    def _trash_menu(self, kind: str, pos) -> QMenu | None:
        n = len(self.selected_records(kind))
        if not n:
            return None
        action = self.trash_actions[kind]
        action.setText(
            self.tr("Move to trash") if n == 1 else self.tr("Move %n records to trash", "", n)
        )
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(action)
        menu.aboutToHide.connect(lambda: action.setText(self.tr("Move to trash")))
        menu.popup(self.trash_tables[kind].viewport().mapToGlobal(pos))
        return menu

    def _kind_word(self, kind: str) -> str:
        words = {"delivery": self.tr("delivery"), "payment": self.tr("payment"),
                 "contact": self.tr("contact")}  # fmt: skip
        return words[kind]

    def describe_record(self, kind: str, record) -> str:
        """'送货 11月12日 大米 20 kg' / 'payment Nov 12 ¥120.00': what the tab showed."""
        day = i18n.short_date(record.date)
        if kind == "delivery":
            what = f"{record.product} {record.quantity:g} {record.unit}"
        elif kind == "payment":
            what = i18n.money(record.amount_fen)
        else:
            what = i18n.contact_kind(record.kind)
        return f"{self._kind_word(kind)} {day} {what}"

    def trash_selected(self, kind: str | None = None) -> None:
        """Move the selected deliveries, payments or contacts to the trash (one
        undo step; several at once are backed up first), then say what went."""
        from salesbook.store.trash import trash_records

        kind = kind or self._current_trash_kind()
        if kind is None or self.customer_id is None or not self.session.is_open:
            return
        chosen = self.selected_records(kind)
        if not chosen:
            return
        what = (
            self.describe_record(kind, chosen[0])
            if len(chosen) == 1
            else self.tr("%n record(s)", "", len(chosen))
        )
        cid = self.customer_id
        self.trash_button.setEnabled(False)
        self.session.call(trash_records, [(kind, r.id) for r in chosen], error=self._trash_failed,
                          done=lambda result: self._trashed(cid, kind, what, result))  # fmt: skip

    def _trash_failed(self, exc: Exception) -> None:
        self._update_trash_button()
        self.window_.show_error(exc)

    def _trashed(self, cid: int, kind: str, what: str, result) -> None:
        along = ""
        if result.along:
            amounts = " ".join(p.detail for p in result.along[:3])
            along = self.tr(", with %n payment(s) taken on delivery: {amounts}", "",
                            len(result.along)).format(amounts=amounts + ("…" if len(result.along) > 3 else ""))  # fmt: skip
        keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        message = self.tr("Moved to the trash: {what}{along} (undo with {keys})").format(
            what=what, along=along, keys=keys
        )
        self.trash_note_text.setText(message)
        self.trash_note.show()
        what_changed = {"delivery": ("delivery", "payment"), "payment": ("payment",),
                        "contact": ("contact",)}[kind]  # fmt: skip
        customers = result.customer_ids or frozenset({cid})
        self.window_.notify(Change.of(*customers, what=what_changed), message)

    def undo(self) -> None:
        """Edit > Undo from this window (Ctrl+Z); the note about the trash goes."""
        self.trash_note.hide()
        self.window_.undo()
