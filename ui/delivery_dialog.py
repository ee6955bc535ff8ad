"""Quick delivery entry (Ctrl+D from anywhere): customer, product, quantity,
price (defaults from the product), paid or not, note. Enter saves; the
forecast and Today update at once."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from salesbook.rules.text import fen_to_str

from . import i18n
from .widgets import Change, RecordDialog


def _save_delivery(book, customer_id, product_id, quantity, on, price, paid, note):
    from salesbook.records.deliveries import record_delivery
    from salesbook.records.views import runout_date

    rec = record_delivery(book, customer_id, product_id, quantity, on=on, unit_price=price,
                          paid=paid, note=note)  # fmt: skip
    return rec, runout_date(book, customer_id, product_id)


def _delivery_note(book, customer_id):
    """The customer's standing delivery habits (customers.delivery_note), or None."""
    from salesbook.records.customers import get_customer

    cust = get_customer(book, customer_id)
    return cust.delivery_note if cust else None


def _last_quantity(book, customer_id, product_id):
    from salesbook.records.deliveries import list_deliveries

    last = list_deliveries(book, customer_id, product_id, limit=1)
    return last[0].quantity if last else None


class DeliveryDialog(RecordDialog):
    def __init__(self, window, customer_id: int | None = None, product_id: int | None = None,
                 on: date | None = None):  # fmt: skip
        self.want_product = product_id
        self.products = []
        super().__init__(window, customer_id, on or window.today())
        self.setWindowTitle(self.tr("Record a delivery"))
        self.setObjectName("delivery_dialog")
        from salesbook.records.products import list_products

        self.session.call(list_products, done=self._got_products, owner=self)
        self.resize(460, self.sizeHint().height())

    def build(self) -> None:
        # the customer's delivery habits (放门口, 旧米倒出来放在上面), once one is chosen
        self.habits = QLabel()
        self.habits.setObjectName("delivery_habits")
        self.habits.setWordWrap(True)
        self.habits.setStyleSheet(
            "background:#fffbea; border:1px solid #f6e05e; border-radius:4px; padding:4px;"
        )
        self.habits.hide()
        self.form.addRow("", self.habits)
        self.product = QComboBox()
        self.product.setObjectName("product")
        self.product.currentIndexChanged.connect(self._product_changed)
        self.fields.add(self.form, "product", self.tr("Product"), self.product)
        self.quantity = QLineEdit()
        self.quantity.setObjectName("quantity")
        self.quantity.setPlaceholderText(self.tr("e.g. 10"))
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.quantity, 1)
        self.unit = QLabel()
        self.unit.setMinimumWidth(self.fontMetrics().horizontalAdvance("MMM"))
        row.addWidget(self.unit)
        self.fields.add(self.form, "quantity", self.tr("Quantity"), box)
        self.price = QLineEdit()
        self.price.setObjectName("price")
        self.fields.add(self.form, "unit_price", self.tr("Unit price (yuan)"), self.price)
        self.day = self.date_field()
        self.fields.add(self.form, "date", self.tr("Date"), self.day)
        self.paid = QCheckBox(self.tr("Paid on delivery"))
        self.paid.setObjectName("paid")
        self.form.addRow("", self.paid)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.fields.add(self.form, "note", self.tr("Note"), self.note)

    def _got_products(self, products) -> None:
        self.products = products
        self.product.blockSignals(True)
        self.product.clear()
        for p in products:
            self.product.addItem(f"{p.name}（{p.unit}）" if p.unit else p.name, p.id)
        self.product.blockSignals(False)
        if not products:
            self.fields.show(
                "product", self.tr("The book has no products yet: add them in Settings")
            )
            return
        index = self.product.findData(self.want_product) if self.want_product else 0
        self.product.setCurrentIndex(max(0, index))
        self._product_changed(self.product.currentIndex())

    def _product_changed(self, index: int) -> None:
        if not (0 <= index < len(self.products)):
            return
        p = self.products[index]
        self.unit.setText(p.unit)
        self.price.setPlaceholderText(fen_to_str(p.unit_price_fen))
        self.price.clear()
        self._fill_quantity()

    def _customer_picked(self, customer_id: int, name: str) -> None:
        if self.want_product is None:  # offer the product of theirs that runs out first
            from salesbook.records.views import first_runout_product

            self.session.call(first_runout_product, customer_id, done=self._got_first_product,
                              owner=self)  # fmt: skip
        self.habits.hide()
        self.session.call(_delivery_note, customer_id, owner=self,
                          done=lambda note: self._show_habits(customer_id, note))  # fmt: skip
        self._fill_quantity()
        self.quantity.setFocus()
        self.shrink()

    def _got_first_product(self, product_id: int | None) -> None:
        index = self.product.findData(product_id) if product_id is not None else -1
        if index >= 0 and index != self.product.currentIndex():
            self.product.setCurrentIndex(index)  # fills the quantity again

    def _show_habits(self, customer_id: int, note: str | None) -> None:
        if note and self.picker.customer_id == customer_id:
            self.habits.setText(self.tr("Delivery habits: {note}").format(note=note))
            self.habits.show()
            self.shrink()

    def _fill_quantity(self) -> None:
        pid = self.product.currentData()
        cid = self.picker.customer_id
        if pid is None or cid is None:
            return
        self.session.call(_last_quantity, cid, pid, done=self._got_quantity, owner=self)

    def _got_quantity(self, qty) -> None:
        if qty is not None and not self.quantity.isModified():
            self.quantity.setText(f"{qty:g}")
            self.quantity.selectAll()

    def save_call(self):
        pid = self.product.currentData()
        if pid is None:
            self.fields.show("product", self.tr("Choose a product"))
            return None
        price = self.price.text().strip() or None
        args = (self.picker.customer_id, pid, self.quantity.text(), self.date_of(self.day), price,
                self.paid.isChecked(), self.note.text())  # fmt: skip
        return _save_delivery, args, {}

    def _saved(self, result) -> None:
        rec, runout = result
        if runout:
            message = self.tr(
                "Recorded for {customer}: {quantity} {unit} {product} ({amount});"
                " runs out about {date}"
            )
        else:
            message = self.tr("Recorded for {customer}: {quantity} {unit} {product} ({amount})")
        message = message.format(customer=self.customer_name, quantity=f"{rec.quantity:g}", unit=rec.unit, product=rec.product,
                                 amount=i18n.money(rec.amount_fen), date=i18n.short_date(runout))  # fmt: skip
        self.window_.notify(Change.of(rec.customer_id, what=("delivery",)), message)
        super()._saved(result)
