"""Log a contact: a visit, call or message with a note (resets the follow-up clock)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QRadioButton, QWidget

from . import i18n
from .widgets import Change, RecordDialog


def _save_contact(book, customer_id, on, kind, note):
    from salesbook.records.contacts import log_contact

    return log_contact(book, customer_id, on=on, kind=kind, note=note)


class ContactDialog(RecordDialog):
    def __init__(self, window, customer_id: int | None = None, on: date | None = None):
        super().__init__(window, customer_id, on or window.today())
        self.setWindowTitle(self.tr("Log a contact"))
        self.setObjectName("contact_dialog")
        self.resize(420, self.sizeHint().height())

    def build(self) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.kinds = QButtonGroup(self)
        for i, code in enumerate(("visit", "call", "message")):
            b = QRadioButton(i18n.contact_kind(code))
            b.setObjectName(f"kind_{code}")
            b.setChecked(i == 0)
            self.kinds.addButton(b, i)
            row.addWidget(b)
        row.addStretch(1)
        self.fields.add(self.form, "kind", self.tr("How"), box)
        self.day = self.date_field()
        self.fields.add(self.form, "date", self.tr("Date"), self.day)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("What was said, what to do next"))
        self.fields.add(self.form, "note", self.tr("Note"), self.note)

    def _customer_picked(self, customer_id: int, name: str) -> None:
        self.shrink()
        self.note.setFocus()

    def save_call(self):
        kind = ("visit", "call", "message")[max(0, self.kinds.checkedId())]
        return (
            _save_contact,
            (self.picker.customer_id, self.date_of(self.day), kind, self.note.text()),
            {},
        )

    def _saved(self, result) -> None:
        message = self.tr("Contact logged with {customer} ({kind})").format(
            customer=self.customer_name, kind=i18n.contact_kind(result.kind)
        )
        self.window_.notify(Change.of(result.customer_id, what=("contact",)), message)
        super()._saved(result)
