"""The first-run welcome: open a demo book, import a spreadsheet, or start empty."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QLabel, QVBoxLayout


class WelcomeDialog(QDialog):
    chosen = Signal(str)  # 'demo' | 'import' | 'empty'

    def __init__(self, window, book_path: str, can_import: bool):
        super().__init__(window)
        self.setObjectName("welcome")
        self.setWindowTitle(self.tr("Welcome to Salesbook"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        lay = QVBoxLayout(self)
        title = QLabel(self.tr("Welcome to Salesbook"))
        f = QFont(title.font())
        f.setPointSizeF(f.pointSizeF() * 1.6)
        f.setBold(True)
        title.setFont(f)
        lay.addWidget(title)
        intro = QLabel(
            self.tr(
                "Like the rice seller who noted every household's size, consumption and payday, Salesbook "
                "tells you each morning whom to resupply, whom to collect from and whom to call on."
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.buttons = {}
        options = [
            (
                "demo",
                self.tr("Open a demo book"),
                self.tr("300 made-up households with a year of deliveries: look around safely."),
            )
        ]
        if can_import:
            options.append(
                (
                    "import",
                    self.tr("Import a spreadsheet"),
                    self.tr("Bring your customers and deliveries in from Excel or CSV."),
                )
            )
        options.append(
            (
                "empty",
                self.tr("Start with an empty book"),
                self.tr("Add customers and products as you go."),
            )
        )
        for code, text, hint in options:
            b = QCommandLinkButton(text, hint)
            b.setObjectName(f"welcome_{code}")
            b.clicked.connect(lambda _=False, c=code: self._choose(c))
            lay.addWidget(b)
            self.buttons[code] = b
        where = QLabel(self.tr("Your book is kept on this computer: {path}").format(path=book_path))
        where.setWordWrap(True)
        where.setStyleSheet("color:#718096;")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(where)
        self.resize(520, self.sizeHint().height())

    def _choose(self, code: str) -> None:
        self.chosen.emit(code)
        self.accept()
