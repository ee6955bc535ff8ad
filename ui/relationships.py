"""Relationships (关系): the rep's pyramid 过客/熟人/朋友/知己 next to the
100:50:10:3-5 guideline, the customers at each level, and upgrade
suggestions to accept or dismiss (the book never changes a level itself)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesbook.rules.text import LEVELS

from . import i18n
from .customers import CustomerQuery, CustomerTableModel
from .widgets import Change

LEVEL_COLORS = {
    "confidant": "#b7791f",
    "friend": "#2f855a",
    "acquaintance": "#2b6cb0",
    "passerby": "#718096",
}


def _load(book, on):
    from salesbook.records.relationship import guideline_for, pyramid, suggestions

    counts = pyramid(book)
    return counts, guideline_for(sum(counts.values())), suggestions(book, on, limit=200)


class PyramidWidget(QWidget):
    """Four stacked bands, 知己 on top: your count, and the guideline beside it."""

    level_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts: dict[str, int] = {}
        self.guide: dict[str, float] = {}
        self.setMinimumSize(360, 260)

    def set_data(self, counts: dict[str, int], guide: dict[str, float]) -> None:
        self.counts, self.guide = counts, guide
        self.update()

    def _bands(self) -> list[tuple[str, QRectF]]:
        h = self.height() - 10
        band = h / 4
        return [
            (code, QRectF(0, 5 + i * band, self.width(), band))
            for i, code in enumerate(reversed(LEVELS))
        ]

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w = self.width() * 0.62
        left = 8
        bold = QFont(self.font())
        bold.setBold(True)
        for i, (code, rect) in enumerate(self._bands()):
            top_w = w * (0.25 + 0.75 * i / 4)
            bottom_w = w * (0.25 + 0.75 * (i + 1) / 4)
            cx = left + w / 2
            path = QPainterPath(QPointF(cx - top_w / 2, rect.top() + 2))
            path.lineTo(cx + top_w / 2, rect.top() + 2)
            path.lineTo(cx + bottom_w / 2, rect.bottom() - 2)
            path.lineTo(cx - bottom_w / 2, rect.bottom() - 2)
            path.closeSubpath()
            color = QColor(LEVEL_COLORS[code])
            p.fillPath(path, color.lighter(165))
            p.setPen(QPen(color, 1.5))
            p.drawPath(path)
            p.setPen(QColor("#1a202c"))
            p.setFont(bold)
            p.drawText(QRectF(left, rect.top(), w, rect.height()), Qt.AlignmentFlag.AlignCenter,
                       f"{i18n.level(code)}  {self.counts.get(code, 0)}")  # fmt: skip
            p.setFont(self.font())
            p.setPen(QColor("#4a5568"))
            guide = self.tr("guideline ≈ {n}").format(n=f"{self.guide.get(code, 0):.0f}")
            p.drawText(QRectF(left + w + 10, rect.top(), self.width() - w - 20, rect.height()),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, guide)  # fmt: skip
        p.end()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        for code, rect in self._bands():
            if rect.contains(event.position()):
                self.level_clicked.emit(code)


class RelationshipsView(QWidget):
    loaded = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.suggestions = []
        self.is_loaded = False
        lay = QHBoxLayout(self)
        split = QSplitter()
        lay.addWidget(split)
        # left: the pyramid and the level's customers
        left = QWidget()
        ll = QVBoxLayout(left)
        box = QGroupBox(self.tr("Your pyramid"))
        bl = QVBoxLayout(box)
        self.pyramid = PyramidWidget()
        self.pyramid.setObjectName("pyramid")
        self.pyramid.level_clicked.connect(self.show_level)
        bl.addWidget(self.pyramid)
        self.note = QLabel(self.tr("Of about 100 people a rep knows, about 50 become acquaintances, "
                                   "10 friends and 3-5 confidants."))  # fmt: skip
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#4a5568;")
        bl.addWidget(self.note)
        ll.addWidget(box)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Customers who are")))
        self.level = QComboBox()
        self.level.setObjectName("relationship_level")
        for code in reversed(LEVELS):
            self.level.addItem(i18n.level(code), code)
        self.level.currentIndexChanged.connect(
            lambda _i: self.model.set_query(level=self.level.currentData())
        )
        row.addWidget(self.level)
        row.addStretch(1)
        ll.addLayout(row)
        self.model = CustomerTableModel(self.session, CustomerQuery(level="confidant"), parent=self)
        self.table = QTableView()
        self.table.setObjectName("level_customers")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.doubleClicked.connect(lambda idx: self._open(self.model.row_at(idx.row())))
        for col in (4, 5, 7):
            self.table.setColumnHidden(col, True)
        self.table.horizontalHeader().setStretchLastSection(True)
        ll.addWidget(self.table, 1)
        split.addWidget(left)
        # right: suggestions
        right = QGroupBox(self.tr("Upgrade suggestions"))
        rl = QVBoxLayout(right)
        hint = QLabel(self.tr("The book only suggests; you decide. Accepting records the reason in the "
                              "customer's history."))  # fmt: skip
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#4a5568;")
        rl.addWidget(hint)
        self.sugg_table = QTableWidget(0, 5)
        self.sugg_table.setObjectName("suggestions_table")
        self.sugg_table.setHorizontalHeaderLabels([self.tr("Customer"), self.tr("Now"), self.tr("Suggested"),
                                                   self.tr("Why"), ""])  # fmt: skip
        self.sugg_table.verticalHeader().hide()
        self.sugg_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sugg_table.setWordWrap(True)
        hh = self.sugg_table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.sugg_table.cellDoubleClicked.connect(lambda r, _c: self._open_suggestion(r))
        rl.addWidget(self.sugg_table, 1)
        self.sugg_empty = QLabel(self.tr("No suggestions right now. They appear as customers buy regularly "
                                         "and you keep in touch."))  # fmt: skip
        self.sugg_empty.setWordWrap(True)
        self.sugg_empty.setStyleSheet("color:#4a5568; padding: 20px;")
        rl.addWidget(self.sugg_empty)
        split.addWidget(right)
        split.setSizes([480, 620])

    def reload(self) -> None:
        if not self.session.is_open:
            return
        self.session.call(
            _load, self.window_.today(), key="relationships", owner=self, done=self._show
        )
        self.model.set_query(level=self.level.currentData())
        self.model.refresh()

    def on_change(self, change: Change) -> None:
        if change.customers is None or change.what & {"level", "customer", "delivery", "contact"}:
            self.reload()

    def show_level(self, code: str) -> None:
        self.level.setCurrentIndex(self.level.findData(code))

    def _show(self, result) -> None:
        counts, guide, suggestions = result
        self.pyramid.set_data(counts, guide)
        self.suggestions = suggestions
        t = self.sugg_table
        t.setRowCount(len(suggestions))
        lang = i18n.current()
        for r, s in enumerate(suggestions):
            for c, text in enumerate(
                (s.customer, i18n.level(s.from_level), i18n.level(s.to_level), s.reason(lang))
            ):
                t.setItem(r, c, QTableWidgetItem(text))
            cell = QWidget()
            cl = QHBoxLayout(cell)
            cl.setContentsMargins(2, 0, 2, 0)
            ok = QPushButton(self.tr("Accept"))
            ok.setObjectName(f"accept_{r}")
            ok.clicked.connect(lambda _=False, s=s: self.accept_suggestion(s))
            no = QPushButton(self.tr("Dismiss"))
            no.clicked.connect(lambda _=False, s=s: self.dismiss(s))
            cl.addWidget(ok)
            cl.addWidget(no)
            t.setCellWidget(r, 4, cell)
        t.resizeRowsToContents()
        t.setVisible(bool(suggestions))
        self.sugg_empty.setVisible(not suggestions)
        self.is_loaded = True
        self.loaded.emit()

    def accept_suggestion(self, s) -> None:
        from salesbook.records.relationship import set_level

        self.session.call(
            set_level, s.customer_id, s.to_level, reason=s.reason(i18n.current()), on=self.window_.today(),
            error=self.window_.show_error,
            done=lambda _r: self.window_.notify(Change.of(s.customer_id, what=("level",)),
                                                self.tr("{name} is now: {level}").format(
                                                    name=s.customer, level=i18n.level(s.to_level))),
        )  # fmt: skip

    def dismiss(self, s) -> None:
        from salesbook.records.relationship import dismiss_suggestion

        self.session.call(dismiss_suggestion, s.customer_id, s.to_level, self.window_.today(),
                          done=lambda _r: self.window_.notify(Change.of(s.customer_id, what=("level",))))  # fmt: skip

    def _open(self, row) -> None:
        if row is not None:
            self.window_.open_customer(row.id)

    def _open_suggestion(self, r: int) -> None:
        if 0 <= r < len(self.suggestions):
            self.window_.open_customer(self.suggestions[r].customer_id)
