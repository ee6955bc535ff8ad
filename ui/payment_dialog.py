"""Record a payment: customer, amount in yuan (defaults to what is owed), date, note."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QLineEdit

from salesbook.rules.text import fen_to_str

from . import i18n
from .widgets import Change, RecordDialog


def _save_payment(book, customer_id, amount, on, note):
    from salesbook.records.payments import balance_fen, record_payment

    rec = record_payment(book, customer_id, amount, on=on, note=note)
    return rec, balance_fen(book, customer_id)


class PaymentDialog(RecordDialog):
    def __init__(self, window, customer_id: int | None = None, amount_fen: int | None = None,
                 on: date | None = None):  # fmt: skip
        self.preset_amount = amount_fen
        super().__init__(window, customer_id, on or window.today())
        self.setWindowTitle(self.tr("Record a payment"))
        self.setObjectName("payment_dialog")
        if amount_fen:
            self.amount.setText(fen_to_str(amount_fen))
        self.resize(420, self.sizeHint().height())

    def build(self) -> None:
        self.owed = QLabel()
        self.owed.setObjectName("owed")
        self.form.addRow(self.tr("Owed now"), self.owed)
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(self.tr("yuan, e.g. 320"))
        self.fields.add(self.form, "amount", self.tr("Amount (yuan)"), self.amount)
        self.day = self.date_field()
        self.fields.add(self.form, "date", self.tr("Date"), self.day)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.fields.add(self.form, "note", self.tr("Note"), self.note)

    def _customer_picked(self, customer_id: int, name: str) -> None:
        self.shrink()
        from salesbook.records.payments import balance_fen

        self.session.call(balance_fen, customer_id, done=self._got_balance, owner=self)
        self.amount.setFocus()

    def _got_balance(self, fen: int) -> None:
        self.owed.setText(i18n.money(fen))
        if not self.amount.text() and fen > 0:
            self.amount.setText(fen_to_str(fen))
            self.amount.selectAll()

    def save_call(self):
        args = (
            self.picker.customer_id,
            self.amount.text(),
            self.date_of(self.day),
            self.note.text(),
        )
        return _save_payment, args, {}

    def _saved(self, result) -> None:
        rec, balance = result
        message = self.tr("Payment from {customer}: {amount}; still owed {balance}").format(
            customer=self.customer_name, amount=i18n.money(rec.amount_fen),
            balance=i18n.money(balance),
        )  # fmt: skip
        self.window_.notify(Change.of(rec.customer_id, what=("payment",)), message)
        super()._saved(result)
