"""Write message (写消息): the message(s) for one customer or a selection of
Today, written by the core (``salesbook.insight.messages``) in the tone of each
customer's level, editable; Copy (复制) puts the shown one on the clipboard,
Sent (已发送) logs it as a contact of kind message (only then). With several
customers, a list on the left: each is copied and marked sent in turn."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from . import i18n
from .widgets import Change


def _compose(book, customer_ids, on, lang, kind):
    from salesbook.insight.messages import compose_many

    return compose_many(book, customer_ids, on, lang=lang, kind=kind)


def _log_sent(book, customer_id, on, text):
    from salesbook.insight.messages import log_sent

    return log_sent(book, customer_id, on, text)


class MessageDialog(QDialog):
    """``customer_ids``: whom to write to (in order); ``kind``: what about (None:
    each customer's most urgent due item)."""

    def __init__(self, window, customer_ids: list[int], on: date, kind: str | None = None):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.customer_ids = list(dict.fromkeys(customer_ids))
        self.on = on
        self.kind = kind
        self.messages: list = []  # salesbook.insight.messages.Message or the error in its place
        self.texts: dict[int, str] = {}  # row -> text as edited
        self.sent: set[int] = set()  # rows logged as sent
        self.current = -1
        self.setObjectName("message_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Write message"))
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("About")))
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("message_kind")
        self.kind_box.addItem(self.tr("Most urgent"), None)
        for code in ("resupply", "collect", "follow_up"):
            self.kind_box.addItem(i18n.kind(code), code)
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(kind)))
        self.kind_box.currentIndexChanged.connect(self._options_changed)
        bar.addWidget(self.kind_box)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Language")))
        self.lang_box = QComboBox()
        self.lang_box.setObjectName("message_lang")
        self.lang_box.addItem("中文", "zh")
        self.lang_box.addItem("English", "en")
        self.lang_box.setCurrentIndex(0 if i18n.current() == "zh" else 1)
        self.lang_box.currentIndexChanged.connect(self._options_changed)
        bar.addWidget(self.lang_box)
        bar.addStretch(1)
        outer.addLayout(bar)
        split = QSplitter()
        self.list = QListWidget()
        self.list.setObjectName("message_list")
        self.list.currentRowChanged.connect(self._show_row)
        split.addWidget(self.list)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.head = QLabel()
        self.head.setObjectName("message_head")
        self.head.setWordWrap(True)
        rl.addWidget(self.head)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("message_text")
        self.editor.textChanged.connect(self._edited)
        rl.addWidget(self.editor, 1)
        self.also = QLabel()
        self.also.setObjectName("message_also")
        self.also.setWordWrap(True)
        self.also.setStyleSheet("color:#4a5568;")
        rl.addWidget(self.also)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([170, 530])
        outer.addWidget(split, 1)
        buttons = QHBoxLayout()
        self.info = QLabel()
        self.info.setObjectName("message_info")
        buttons.addWidget(self.info, 1)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("message_copy")
        self.copy_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy)
        buttons.addWidget(self.copy_button)
        self.sent_button = QPushButton(self.tr("Sent"))
        self.sent_button.setObjectName("message_sent")
        self.sent_button.setToolTip(self.tr("Log it as a message sent to the customer"))
        self.sent_button.clicked.connect(self.mark_sent)
        buttons.addWidget(self.sent_button)
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        outer.addLayout(buttons)
        self.list.setVisible(len(self.customer_ids) > 1)
        self._set_enabled(False)
        self.loaded = False
        self.load()
        self.resize(720 if len(self.customer_ids) > 1 else 480, 320)

    def lang(self) -> str:
        return self.lang_box.currentData()

    def load(self) -> None:
        self.loaded = False
        self.info.setText(self.tr("Writing…"))
        self.session.call(_compose, self.customer_ids, self.on, self.lang(),
                          self.kind_box.currentData(), done=self._loaded, owner=self,
                          error=self._failed)  # fmt: skip

    def _options_changed(self, *_args) -> None:
        self.load()

    def _failed(self, exc: Exception) -> None:
        self.info.setText(i18n.error_text(exc))

    def _loaded(self, messages: list) -> None:
        from salesbook.errors import ValidationError

        self.messages = messages
        self.texts = {}
        self.list.blockSignals(True)
        self.list.clear()
        for row, (cid, msg) in enumerate(zip(self.customer_ids, messages, strict=True)):
            if isinstance(msg, ValidationError):
                item = QListWidgetItem("⚠ " + str(msg.params.get("customer", cid)))
            else:
                self.texts[row] = msg.text
                item = QListWidgetItem(self._list_text(row, msg))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.loaded = True
        self.info.setText("")
        self.current = -1
        self.list.setCurrentRow(0)
        self._show_row(0)

    def _list_text(self, row: int, msg) -> str:
        mark = "✓ " if row in self.sent else ""
        return f"{mark}{msg.customer}"

    def _show_row(self, row: int) -> None:
        from salesbook.errors import ValidationError

        if not (0 <= row < len(self.messages)):
            return
        self.current = row
        msg = self.messages[row]
        self.editor.blockSignals(True)
        if isinstance(msg, ValidationError):
            self.head.setText("")
            self.editor.setPlainText("")
            self.also.setText(i18n.error_text(msg))
            self._set_enabled(False)
        else:
            who = (
                msg.customer
                if msg.address_as == msg.customer
                else f"{msg.customer}（{msg.address_as}）"
            )
            parts = [
                who,
                i18n.phone(msg.phone),
                msg.area or "",
                i18n.level(msg.level),
                i18n.kind(msg.kind),
            ]
            self.head.setText("<b>" + " · ".join(p for p in parts if p) + "</b>")
            self.editor.setPlainText(self.texts.get(row, msg.text))
            also = [i18n.kind(i.kind) for i in msg.also]
            self.also.setText(
                self.tr("Also due: {what}").format(what=", ".join(dict.fromkeys(also))) if also else ""
            )  # fmt: skip
            self._set_enabled(row not in self.sent)
            self.copy_button.setEnabled(True)
        self.editor.blockSignals(False)

    def _set_enabled(self, on: bool) -> None:
        self.copy_button.setEnabled(on)
        self.sent_button.setEnabled(on)
        self.editor.setReadOnly(not on)

    def _edited(self) -> None:
        if self.current >= 0:
            self.texts[self.current] = self.editor.toPlainText()

    def text(self) -> str:
        """The message shown, as edited."""
        return self.editor.toPlainText().strip()

    def copy(self) -> None:
        """Put the shown message on the clipboard (nothing is logged)."""
        text = self.text()
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        self.info.setText(self.tr("Copied: paste it into WeChat or an SMS"))

    def mark_sent(self) -> None:
        """Log the shown message as sent (a contact of kind message), then go to the next."""
        from salesbook.errors import ValidationError

        row = self.current
        if row < 0 or row in self.sent or isinstance(self.messages[row], ValidationError):
            return
        text = self.text()
        if not text:
            return
        msg = self.messages[row]
        self.sent_button.setEnabled(False)
        self.session.call(_log_sent, msg.customer_id, self.on, text, owner=self,
                          done=lambda _r: self._logged(row, msg),
                          error=self._send_failed)  # fmt: skip

    def _send_failed(self, exc: Exception) -> None:
        self.sent_button.setEnabled(True)
        self.info.setText(i18n.error_text(exc))

    def _logged(self, row: int, msg) -> None:
        self.sent.add(row)
        self.list.item(row).setText(self._list_text(row, msg))
        text = self.tr("Logged the message to {customer}").format(customer=msg.customer)
        self.window_.notify(Change.of(msg.customer_id, what=("contact",)), text)
        self.info.setText(text)
        if len(self.messages) == 1:
            self.accept()
            return
        for nxt in list(range(row + 1, len(self.messages))) + list(range(row)):
            if nxt not in self.sent and not isinstance(self.messages[nxt], Exception):
                self.list.setCurrentRow(nxt)
                return
        self._set_enabled(False)
