"""Add or edit a customer. The core validates (``customers.clean_fields``); a bad
field shows its message under the field and nothing is written."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from salesbook.rules.text import LEVELS

from . import i18n
from .widgets import Change, FieldMessages


def _load(book, customer_id):
    from salesbook.records.customers import areas, get_customer

    return (get_customer(book, customer_id) if customer_id else None), areas(book)


def _save(book, customer_id, data, reason):
    from salesbook.records.customers import add_customer, update_customer

    if customer_id is None:
        return add_customer(book, **data)
    return update_customer(book, customer_id, reason=reason, **data)


class CustomerForm(QDialog):
    saved = Signal(object)

    def __init__(self, window, customer_id: int | None = None):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.customer_id = customer_id
        self.customer = None
        self.setObjectName("customer_form")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(
            self.tr("New customer") if customer_id is None else self.tr("Edit customer")
        )
        outer = QVBoxLayout(self)
        form = self.form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        self.fields = FieldMessages()

        def line(name: str, label: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setPlaceholderText(placeholder)
            self.fields.add(form, name, label, edit)
            return edit

        self.name = line("name", self.tr("Name *"))
        self.phone = line("phone", self.tr("Phone"), self.tr("e.g. 139 1234 5678"))
        self.address = line("address", self.tr("Address"))
        self.address_as = line("address_as", self.tr("Form of address"),
                               self.tr("how messages greet them, e.g. 王姐, 李师傅"))  # fmt: skip
        self.area = QComboBox()
        self.area.setObjectName("area")
        self.area.setEditable(True)
        self.area.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.fields.add(form, "area", self.tr("Area"), self.area)
        self.household = line(
            "household_size", self.tr("Household size"), self.tr("people, e.g. 4")
        )
        self.pay = line(
            "pay_cycle", self.tr("Payday"), self.tr("e.g. 10, 31 (month end), 5,20, weekly:fri")
        )
        self.pay_hint = QLabel()
        self.pay_hint.setStyleSheet("color: #4a5568;")
        form.addRow("", self.pay_hint)
        self.pay.textChanged.connect(self._pay_hint)
        self.level = QComboBox()
        self.level.setObjectName("level")
        for code in LEVELS:
            self.level.addItem(i18n.level(code), code)
        self.fields.add(form, "level", self.tr("Relationship"), self.level)
        self.reason = line("reason", self.tr("Why the level changed"))
        self.reason_row = self.reason.parentWidget()
        self.level.currentIndexChanged.connect(self._level_changed)
        self.lead = line("lead_days", self.tr("Remind days before run-out"),
                         self.tr("empty: the book's setting"))  # fmt: skip
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setFixedHeight(self.fontMetrics().height() * 4)
        self.fields.add(form, "notes", self.tr("Notes"), self.notes)
        self.delivery_note = QPlainTextEdit()
        self.delivery_note.setObjectName("delivery_note")
        self.delivery_note.setPlaceholderText(
            self.tr("shown when a delivery is recorded and on the visit plan, e.g. 放门口")
        )
        self.delivery_note.setFixedHeight(self.fontMetrics().height() * 3)
        self.fields.add(form, "delivery_note", self.tr("Delivery habits"), self.delivery_note)
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
        self._level_changed()
        self.loaded = customer_id is None
        self.session.call(_load, customer_id, done=self._loaded, owner=self)
        self.resize(520, self.sizeHint().height())

    def _loaded(self, result) -> None:
        from salesbook.records.views import pay_cycle_input

        cust, areas = result
        self.area.addItems([""] + areas)
        if cust is not None:
            self.customer = cust
            self.name.setText(cust.name)
            self.phone.setText(cust.phone or "")
            self.address.setText(cust.address or "")
            self.area.setCurrentText(cust.area or "")
            self.household.setText("" if cust.household_size is None else str(cust.household_size))
            self.pay.setText(pay_cycle_input(cust.pay_cycle, i18n.current()))
            self.level.setCurrentIndex(max(0, self.level.findData(cust.level)))
            self.lead.setText("" if cust.lead_days is None else str(cust.lead_days))
            self.notes.setPlainText(cust.notes or "")
            self.address_as.setText(cust.address_as or "")
            self.delivery_note.setPlainText(cust.delivery_note or "")
        self.loaded = True
        self._level_changed()
        self._pay_hint(self.pay.text())
        self.name.setFocus()

    def _pay_hint(self, text: str) -> None:
        from salesbook.errors import ValidationError
        from salesbook.rules.paycycle import parse_pay_cycle

        try:  # a pure function of the text: cheap enough for every keystroke
            cycle = parse_pay_cycle(text)
            self.pay_hint.setText("→ " + cycle.describe(i18n.current()))
        except ValidationError:
            self.pay_hint.setText(self.tr("→ not understood yet"))

    def _level_changed(self, *_args) -> None:
        changed = self.customer is not None and self.level.currentData() != self.customer.level
        self.form.setRowVisible(self.reason_row, changed)

    def data(self) -> dict:
        return {
            "name": self.name.text(),
            "phone": self.phone.text(),
            "address": self.address.text(),
            "area": self.area.currentText(),
            "household_size": self.household.text(),
            "pay_cycle": self.pay.text(),
            "level": self.level.currentData(),
            "lead_days": self.lead.text(),
            "notes": self.notes.toPlainText(),
            "address_as": self.address_as.text(),
            "delivery_note": self.delivery_note.toPlainText(),
        }

    def save(self) -> None:
        if not self.loaded:
            return
        self.fields.clear()
        self.save_button.setEnabled(False)
        reason = self.reason.text().strip() or None
        self.session.call(_save, self.customer_id, self.data(), reason, done=self._saved,
                          error=self._failed, owner=self)  # fmt: skip

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        field = getattr(exc, "field", None)
        if field == "pay_day":
            exc.field = "pay_cycle"  # the core names the typed field pay_day
        self.fields.show_error(exc)

    def _saved(self, cust) -> None:
        self.window_.notify(Change.of(cust.id, what=("customer",)),
                            self.tr("Saved {name}").format(name=cust.name))  # fmt: skip
        self.saved.emit(cust)
        self.accept()
