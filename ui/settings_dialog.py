"""Settings (设置): lead days, cadence per level, at-risk threshold, capacity;
products and their per-person rates; the window's language.

Domain settings live in the book (``settings.set_setting``); the language is
a preference of this computer (QSettings). Saving is one action: every change
is written in one transaction, or none when a value is refused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesbook.rules.text import LEVELS, fen_to_str

from . import i18n
from .widgets import Change, FieldMessages

NUMBERS = ("lead_days", "at_risk_days", "collect_overdue_days", "capacity", "prior_weight_days",
           "tier_platinum_pct", "tier_gold_pct", "tier_iron_pct")  # fmt: skip


def _load(book):
    from salesbook.records.forecast_fit import describe, stored_fit
    from salesbook.records.products import list_products

    fit = stored_fit(book)
    return book.settings(), list_products(book), describe(fit) if fit else None


def _check_forecast(book, on):
    """The book's backtest for this month (issue 18): the line the Settings
    dialog shows (run now if the month's background job has not yet)."""
    from salesbook.records.forecast_fit import book_fit, describe

    return describe(book_fit(book, on))


def _save(book, settings: dict, cadence: dict, updates: list, adds: list) -> None:
    """Write every change in one transaction (a refused value undoes them all)."""
    from salesbook.errors import ValidationError
    from salesbook.records.products import add_product, update_product
    from salesbook.records.settings import set_setting

    with book.transaction():
        current = book.settings()
        for key, value in settings.items():
            if current.get(key) != value:
                set_setting(book, key, value)
        if cadence != current["cadence_days"]:
            set_setting(book, "cadence_days", cadence)
        for row, pid, data in updates:
            try:
                update_product(book, pid, **data)
            except ValidationError as exc:
                exc.params["row"] = row
                raise
        for row, data in adds:
            try:
                add_product(book, **data)
            except ValidationError as exc:
                exc.params["row"] = row
                raise


NUMBER_COLUMNS = (2, 3)  # price, per-person rate: figures line up on the right


def _cell(text: str, column: int) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if column in NUMBER_COLUMNS:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class SettingsDialog(QDialog):
    PRODUCT_COLUMNS = ("name", "unit", "price", "per_person_daily")

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.products = []
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs)
        self.fields = FieldMessages()
        # reminders
        page = QWidget()
        form = QFormLayout(page)
        from salesbook.records.settings import LIMITS

        labels = {
            "lead_days": self.tr("Remind this many days before run-out"),
            "at_risk_days": self.tr("At risk: days past run-out or payday"),
            "collect_overdue_days": self.tr("A collection this many days late is at risk"),
            "capacity": self.tr("Visit plan: stops per day"),
            "prior_weight_days": self.tr(
                "A new customer's household-size estimate counts as much as"
            ),
            "tier_platinum_pct": self.tr("Value pyramid: Platinum is the top"),
            "tier_gold_pct": self.tr("Gold: the next"),
            "tier_iron_pct": self.tr("Iron: the next (the rest are Lead)"),
        }
        units = {
            "lead_days": self.tr(" days"), "at_risk_days": self.tr(" days"),
            "collect_overdue_days": self.tr(" days"), "capacity": self.tr(" stops"),
            "prior_weight_days": self.tr(" days of their own deliveries"),
            "tier_platinum_pct": "%", "tier_gold_pct": "%", "tier_iron_pct": "%",
        }  # fmt: skip
        self.numbers: dict[str, QSpinBox] = {}
        for key in NUMBERS:
            spin = QSpinBox()
            spin.setObjectName(key)
            spin.setRange(*LIMITS[key])
            spin.setSuffix(units[key])
            self.numbers[key] = spin
            self.fields.add(form, key, labels[key], spin)
        accuracy_row = QHBoxLayout()
        self.accuracy = QLabel(self.tr("How good are the reminders on this book? Not checked yet."))
        self.accuracy.setObjectName("forecast_accuracy")
        self.accuracy.setWordWrap(True)
        self.accuracy.setStyleSheet("color:#4a5568;")
        accuracy_row.addWidget(self.accuracy, 1)
        self.check_button = QPushButton(self.tr("Check now"))
        self.check_button.setObjectName("check_forecast")
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check_forecast)
        accuracy_row.addWidget(self.check_button)
        form.addRow(accuracy_row)
        form.addRow(QLabel("<b>" + self.tr("Keep in touch: days between contacts") + "</b>"))
        self.cadence: dict[str, QSpinBox] = {}
        for code in reversed(LEVELS):
            spin = QSpinBox()
            spin.setObjectName(f"cadence_{code}")
            spin.setRange(0, 730)
            spin.setSuffix(self.tr(" days"))
            spin.setSpecialValueText(self.tr("no reminders"))
            self.cadence[code] = spin
            form.addRow(i18n.level(code), spin)
        self.fields.add(form, "cadence_days", "", QWidget())
        templates = QPushButton(self.tr("Message templates…"))  # ui/templates_dialog.py
        templates.setObjectName("open_templates")
        templates.clicked.connect(self.open_templates)
        form.addRow(QLabel("<b>" + self.tr("Messages to customers") + "</b>"), templates)
        self.tabs.addTab(page, self.tr("Reminders"))
        # products
        page = QWidget()
        pl = QVBoxLayout(page)
        self.product_table = QTableWidget(0, 4)
        self.product_table.setObjectName("products_settings")
        self.product_table.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Unit"), self.tr("Price (yuan)"),
                                                      self.tr("Per person per day")])  # fmt: skip
        self.product_table.verticalHeader().hide()
        self.product_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.product_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        pl.addWidget(self.product_table)
        hint = QLabel(self.tr("Per person per day is the rule of thumb (e.g. rice 0.15 kg): with the household "
                              "size it predicts a new customer's needs until their deliveries show the real rate."))  # fmt: skip
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#4a5568;")
        pl.addWidget(hint)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Add product"))
        add.clicked.connect(self.add_product_row)
        row.addWidget(add)
        row.addStretch(1)
        pl.addLayout(row)
        self.tabs.addTab(page, self.tr("Products"))
        # language
        page = QWidget()
        ll = QVBoxLayout(page)
        self.lang_group = QButtonGroup(self)
        self.lang_buttons: dict[str, QRadioButton] = {}
        for i, (code, text) in enumerate((("zh", "中文（简体）"), ("en", "English"))):
            b = QRadioButton(text)
            b.setObjectName(f"lang_{code}")
            self.lang_group.addButton(b, i)
            self.lang_buttons[code] = b
            ll.addWidget(b)
        self.lang_buttons[i18n.current()].setChecked(True)
        ll.addStretch(1)
        self.tabs.addTab(page, self.tr("Language"))
        outer.addWidget(self.fields.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.loaded = False
        if self.session.is_open:
            self.session.call(_load, done=self._loaded, owner=self)
        self.resize(640, 520)

    def open_templates(self):
        from .templates_dialog import open_templates

        return open_templates(self.window_)

    def _loaded(self, result) -> None:
        settings, products, accuracy = result
        if accuracy:
            self.accuracy.setText(accuracy)
        for key, spin in self.numbers.items():
            spin.setValue(int(settings[key]))
        for code, spin in self.cadence.items():
            spin.setValue(int(settings["cadence_days"][code]))
        self.products = products
        t = self.product_table
        t.setRowCount(0)
        for p in products:
            r = t.rowCount()
            t.insertRow(r)
            values = (p.name, p.unit, fen_to_str(p.unit_price_fen),
                      "" if p.per_person_daily is None else f"{p.per_person_daily:g}")  # fmt: skip
            for c, v in enumerate(values):
                t.setItem(r, c, _cell(v, c))
        self.loaded = True

    def check_forecast(self) -> None:
        """Predict each past reorder from what came before it, on the book thread."""
        if not self.session.is_open:
            return
        self.check_button.setEnabled(False)
        self.accuracy.setText(self.tr("Checking the forecast against this book's history…"))
        self.session.call(_check_forecast, self.window_.today(), owner=self,
                          done=self._checked, error=self._check_failed)  # fmt: skip

    def _checked(self, text: str) -> None:
        self.check_button.setEnabled(True)
        self.accuracy.setText(text)

    def _check_failed(self, exc: Exception) -> None:
        self.check_button.setEnabled(True)
        self.accuracy.setText(i18n.error_text(exc))

    def add_product_row(self) -> None:
        t = self.product_table
        r = t.rowCount()
        t.insertRow(r)
        for c in range(4):
            t.setItem(r, c, _cell("", c))
        t.setCurrentCell(r, 0)
        t.editItem(t.item(r, 0))

    def _product_changes(self) -> tuple[list, list]:
        t = self.product_table
        updates, adds = [], []
        for r in range(t.rowCount()):
            values = [(t.item(r, c).text().strip() if t.item(r, c) else "") for c in range(4)]
            data = dict(zip(("name", "unit", "price", "per_person_daily"), values, strict=True))
            if r < len(self.products):
                p = self.products[r]
                old = (p.name, p.unit, fen_to_str(p.unit_price_fen),
                       "" if p.per_person_daily is None else f"{p.per_person_daily:g}")  # fmt: skip
                if tuple(values) != old:
                    updates.append((r + 1, p.id, data))
            elif any(values):
                adds.append((r + 1, data))
        return updates, adds

    def language(self) -> str:
        return "en" if self.lang_buttons["en"].isChecked() else "zh"

    def save(self) -> None:
        self.fields.clear()
        lang = self.language()
        if not self.loaded:
            self._finish(lang, False)
            return
        settings = {k: s.value() for k, s in self.numbers.items()}
        cadence = {k: s.value() for k, s in self.cadence.items()}
        updates, adds = self._product_changes()
        self.save_button.setEnabled(False)
        self.session.call(_save, settings, cadence, updates, adds, owner=self,
                          done=lambda _r: self._finish(lang, True), error=self._failed)  # fmt: skip

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        row = getattr(exc, "params", {}).get("row")
        text = i18n.error_text(exc)
        if row:
            self.tabs.setCurrentIndex(1)
            self.fields.show(
                None, self.tr("Product row {row}: {message}").format(row=row, message=text)
            )
        else:
            self.fields.show_error(exc)

    def _finish(self, lang: str, changed: bool) -> None:
        win = self.window_
        self.accept()
        if changed:
            win.notify(Change(None, frozenset({"settings"})), self.tr("Settings saved"))
        if lang != i18n.current():
            win.set_language(lang)
