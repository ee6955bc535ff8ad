"""The Value (价值) view: value pyramid, value x potential, RFM segments, customers at risk.

How to use it (a self-contained widget)::

    view = ValueView(parent, book_provider, today=lambda: date.today())
    view.customerActivated.connect(window.open_customer)   # a customer was clicked
    view.reload()                                           # (re)compute and redraw

* ``book_provider``: either the window's ``BookSession`` (anything with
  ``call(fn, *args, done=..., error=...)`` running ``fn(book, *args)`` on the
  book thread), or a plain callable returning the open ``Book`` (tests, small
  books: computed on the GUI thread).
* Signals: ``customerActivated(int)`` (double-click in a list, click on a
  point of the matrix), ``loaded()`` (figures and charts are on screen),
  ``failed(object)`` (the exception, for the window to show).
* ``on_change(change)``: the view marks itself stale and recomputes when shown.
* ``export_chart(name, path)``: save the 'pyramid', 'matrix' or 'rfm' chart as
  PNG (the buttons under each chart ask for a file name).

``create_view(window)`` builds it for the main window (its ``session``,
``today``, ``open_customer`` and ``show_error``). Everything is computed by the
core (``salesbook.insight.value``, ``segments``, ``risk``); charts are drawn with
matplotlib off the GUI thread (``ui.charts``, which sets a CJK font).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesbook.store import private

from . import file_dialogs, i18n
from .charts import ChartLabel, setup_matplotlib

TIER_COLORS = {"platinum": "#6b7c93", "gold": "#d69e2e", "iron": "#4a5568", "lead": "#a0aec0"}
# the tier names beside the bands: lead's light grey is too faint on white
TIER_TEXT_COLORS = {**TIER_COLORS, "lead": "#718096"}
QUADRANT_COLORS = {
    "grow": "#2f855a",
    "keep": "#2b6cb0",
    "develop": "#dd6b20",
    "maintain": "#a0aec0",
}
TOP_AT_RISK = 50


# -- what the view shows (computed on the book thread, core calls only) ------------------


@dataclass
class ValueData:
    on: date
    pyramid: object  # value.Pyramid
    matrix: object  # value.Matrix
    segments: list  # segments.SegmentSummary
    at_risk: list  # risk.CustomerRisk
    quadrant_top: dict = field(default_factory=dict)  # quadrant -> [(id, name, value, potential)]
    risk_model: object = None  # risk.RiskModel the scores come from


def load_value_data(book, on: date, compare: str = "month", by: str = "risk") -> ValueData:
    """Everything the view shows, from the core (runs on the book thread)."""
    from salesbook.insight import risk, segments, value

    pyr = value.pyramid(book, on, compare)
    matrix = value.value_matrix(book, on)
    summary = segments.rfm_summary(book, on)
    model = risk.book_model(book, on)  # the book's own weights (cached a month), or the default
    items = risk.at_risk(book, on, top=TOP_AT_RISK, by=by, model=model)
    tops = {q: matrix.top(q, 5) for q in value.QUADRANTS}
    names = value.customer_names(book, [c for q in tops for c, _v, _p in tops[q]])
    quadrant_top = {q: [(c, names.get(c, ("", ""))[0], v, p) for c, v, p in tops[q]] for q in tops}
    return ValueData(on, pyr, matrix, summary, items, quadrant_top, model)


# -- charts (drawn on the chart thread with Agg) ---------------------------------------


@dataclass(frozen=True)
class ChartText:
    title: str
    labels: dict  # key -> translated label
    note: str = ""
    notes: dict = field(default_factory=dict)  # key -> a ready line (plural forms done by tr())
    x_label: str = ""
    y_label: str = ""


def _figure(width: int, height: int, ratio: float):
    setup_matplotlib()
    from matplotlib.figure import Figure

    w_in, h_in = max(width, 200) / 100, max(height, 150) / 100
    fig = Figure(figsize=(w_in, h_in), dpi=100 * ratio)
    fig.patch.set_facecolor("white")
    return fig, w_in, h_in


def _finish(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    w, h = canvas.get_width_height(physical=True)
    return canvas, bytes(canvas.buffer_rgba()), w, h


def render_pyramid(tiers, text: ChartText, width: int, height: int, ratio: float = 1.0):
    """The value pyramid: platinum on top, each band labelled beside it with its
    customers and share of the book's value."""
    fig, w_in, h_in = _figure(width, height, ratio)
    fig.subplots_adjust(left=0.03, right=0.97, bottom=0.04, top=1 - 0.45 / h_in)
    ax = fig.add_subplot(111)
    ax.set_axis_off()
    ax.set_title(text.title, fontsize=11)
    n = len(tiers)
    for i, t in enumerate(tiers):  # i = 0: platinum (top)
        top_w, bottom_w = 0.55 * (i + 0.2) / n, 0.55 * (i + 1) / n
        y0, y1 = n - i - 1, n - i - 0.1
        cx = 0.3
        xs = [cx - bottom_w / 2, cx + bottom_w / 2, cx + top_w / 2, cx - top_w / 2]
        ax.fill(xs, [y0, y0, y1, y1], color=TIER_COLORS[t.tier], alpha=0.9, linewidth=0)
        ax.text(0.6, (y0 + y1) / 2 + 0.12, text.labels[t.tier], ha="left", va="center",
                fontsize=11, fontweight="bold", color=TIER_TEXT_COLORS[t.tier])  # fmt: skip
        note = text.notes.get(t.tier) or text.note.format(count=t.count, share=t.share)
        ax.text(0.6, (y0 + y1) / 2 - 0.15, note,
                ha="left", va="center", fontsize=9, color="#2d3748")  # fmt: skip
    ax.set_xlim(0, 1)
    ax.set_ylim(0, n)
    return _finish(fig)[1:]


def render_rfm(segments, text: ChartText, width: int, height: int, ratio: float = 1.0):
    """Customers per RFM segment (bars) with each segment's share of spend."""
    fig, w_in, h_in = _figure(width, height, ratio)
    fig.subplots_adjust(
        left=0.95 / w_in, right=1 - 0.2 / w_in, bottom=0.35 / h_in, top=1 - 0.4 / h_in
    )
    ax = fig.add_subplot(111)
    ax.set_title(text.title, fontsize=11)
    names = [text.labels[s.segment] for s in segments][::-1]
    counts = [s.count for s in segments][::-1]
    bars = ax.barh(names, counts, color="#2b6cb0", alpha=0.85)
    top = max(counts) if counts and max(counts) else 1
    for bar, s in zip(bars, segments[::-1], strict=True):
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2,
                text.note.format(share=s.share_of_spend), va="center", fontsize=8, color="#4a5568")  # fmt: skip
    ax.set_xlim(0, top * 1.25)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _finish(fig)[1:]


def render_matrix(m, text: ChartText, width: int, height: int, ratio: float = 1.0):
    """Value (yearly spend) x potential scatter with the four quadrants. Returns
    (RGBA, w, h, geometry) where geometry maps image pixels back to data."""
    fig, w_in, h_in = _figure(width, height, ratio)
    fig.subplots_adjust(
        left=0.8 / w_in, right=1 - 0.2 / w_in, bottom=0.55 / h_in, top=1 - 0.4 / h_in
    )
    ax = fig.add_subplot(111)
    ax.set_title(text.title, fontsize=11)
    xs = [v / 100 for v in m.values]
    ys = [p / 100 for p in m.potentials]
    x_max = _quantile(xs, 0.995) * 1.05 or 1.0
    y_max = _quantile(ys, 0.995) * 1.05 or 1.0
    colors = [QUADRANT_COLORS[q] for q in m.quadrants]
    size = 4 if len(xs) > 5000 else 14
    ax.scatter([min(x, x_max) for x in xs], [min(y, y_max) for y in ys], s=size, c=colors,
               alpha=0.35 if len(xs) > 5000 else 0.8, linewidths=0, rasterized=True)  # fmt: skip
    vx, vy = m.value_split_fen / 100, m.potential_split_fen / 100
    ax.axvline(vx, color="#4a5568", linewidth=1, linestyle="--")
    ax.axhline(vy, color="#4a5568", linewidth=1, linestyle="--")
    ax.set_xlim(0, x_max)
    ax.set_ylim(0, y_max)
    corners = {"grow": (0.98, 0.97, "right"), "keep": (0.98, 0.03, "right"),
               "develop": (0.02, 0.97, "left"), "maintain": (0.02, 0.03, "left")}  # fmt: skip
    for q, (cx, cy, ha) in corners.items():
        ax.text(cx, cy, text.labels[q].format(count=m.counts[q]), transform=ax.transAxes, ha=ha,
                va="top" if cy > 0.5 else "bottom", fontsize=9, color=QUADRANT_COLORS[q],
                fontweight="bold", bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                                         "alpha": 0.8})  # fmt: skip
    ax.set_xlabel(text.x_label, fontsize=9)
    ax.set_ylabel(text.y_label, fontsize=9)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    canvas, data, w, h = _finish(fig)
    bbox = ax.get_window_extent()  # pixels, origin bottom-left
    geom = {"x0": bbox.x0, "x1": bbox.x1, "y0": h - bbox.y1, "y1": h - bbox.y0,
            "x_max": x_max, "y_max": y_max}  # fmt: skip
    del canvas
    return data, w, h, geom


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


class MatrixChart(ChartLabel):
    """The matrix image; a click near a point activates that customer."""

    pointClicked = Signal(int)  # noqa: N815 - Qt naming

    def __init__(self, placeholder: str = "", parent=None):
        super().__init__(placeholder, parent)
        self.geom: dict | None = None
        self.matrix = None
        self.setCursor(Qt.CursorShape.CrossCursor)

    def _show(self, result) -> None:
        data, w, h, geom = result
        self.geom = geom
        super()._show((data, w, h))

    def customer_at(self, x: float, y: float) -> int | None:
        """The customer whose point is within 8 px of widget position (x, y)."""
        pix, g, m = self.pixmap(), self.geom, self.matrix
        if pix is None or pix.isNull() or not g or m is None or not m.ids:
            return None
        ratio = pix.devicePixelRatio() or 1.0
        pw, ph = pix.width() / ratio, pix.height() / ratio
        ox, oy = (self.width() - pw) / 2, (self.height() - ph) / 2  # centred
        ix, iy = (x - ox) * ratio, (y - oy) * ratio  # image pixels
        if not (g["x0"] <= ix <= g["x1"] and g["y0"] <= iy <= g["y1"]):
            return None
        sx = (g["x1"] - g["x0"]) / g["x_max"]
        sy = (g["y1"] - g["y0"]) / g["y_max"]
        best, best_d = None, (8 * ratio) ** 2
        for cid, v, p in zip(m.ids, m.values, m.potentials, strict=True):
            px = g["x0"] + min(v / 100, g["x_max"]) * sx
            py = g["y1"] - min(p / 100, g["y_max"]) * sy
            d = (px - ix) ** 2 + (py - iy) ** 2
            if d < best_d:
                best, best_d = cid, d
        return best

    def mousePressEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        cid = self.customer_at(pos.x(), pos.y())
        if cid is not None:
            self.pointClicked.emit(cid)
        super().mousePressEvent(event)


# -- the widget -------------------------------------------------------------------------------


def _item(text, data=None, align_right=False) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def _table(headers: list[str], name: str, stretch: int | None = None) -> QTableWidget:
    """A read-only table whose columns fit their contents (with some air); column
    ``stretch`` (the long text) takes the rest of the width. Without one, the
    figures keep their width and the table ends where they end."""
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    head = t.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        head.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    head.setStretchLastSection(False)
    t.setStyleSheet("QTableWidget::item { padding: 0 6px; }")
    t.setWordWrap(True)
    t.setTextElideMode(Qt.TextElideMode.ElideNone)
    # long advice wraps: re-fit the rows whenever the columns get their widths
    t.horizontalHeader().sectionResized.connect(lambda *_a: t.resizeRowsToContents())
    return t


class ValueView(QWidget):
    """Value (价值): pyramid, matrix, RFM segments and the at-risk list (see the module doc)."""

    customerActivated = Signal(int)  # noqa: N815 - Qt naming
    loaded = Signal()
    failed = Signal(object)

    def __init__(self, parent=None, book_provider=None, *, today=None):
        super().__init__(parent)
        self.book_provider = book_provider
        self.today = today or date.today
        self.data: ValueData | None = None
        self.stale = True
        self._pending_charts = 0
        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(self.tr("Customer value"))
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(QLabel(self.tr("Tier moves since")))
        self.compare = QComboBox()
        self.compare.setObjectName("value_compare")
        self.compare.addItem(self.tr("last month"), "month")
        self.compare.addItem(self.tr("last quarter"), "quarter")
        self.compare.currentIndexChanged.connect(lambda _i: self.reload())
        head.addWidget(self.compare)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        head.addWidget(self.refresh_button)
        lay.addLayout(head)
        self.status = QLabel(self.tr("Computing…"))
        self.status.setStyleSheet("color:#4a5568;")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("value_tabs")
        lay.addWidget(self.tabs, 1)
        self._build_pyramid()
        self._build_matrix()
        self._build_rfm()
        self._build_risk()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.reload)

    # -- building ---------------------------------------------------------------
    def _chart_box(self, chart: ChartLabel, name: str) -> QWidget:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(chart, 1)
        button = QPushButton(self.tr("Export chart as PNG…"))
        button.setObjectName(f"export_{name}")
        button.clicked.connect(lambda: self._export_dialog(name))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        v.addLayout(row)
        return box

    def _build_pyramid(self) -> None:
        split = QSplitter()
        self.pyramid_chart = ChartLabel(self.tr("Drawing…"))
        self.pyramid_chart.setObjectName("value_pyramid_chart")
        split.addWidget(self._chart_box(self.pyramid_chart, "pyramid"))
        right = QWidget()
        rl = QVBoxLayout(right)
        self.tier_table = _table(
            [self.tr("Tier"), self.tr("Customers"), self.tr("Value (LTV)"), self.tr("Share"),
             self.tr("From"), self.tr("Moved up"), self.tr("Moved down")],
            "value_tier_table",
        )  # fmt: skip
        rl.addWidget(self.tier_table, 1)
        self.moves_label = QLabel()
        self.moves_label.setWordWrap(True)
        rl.addWidget(self.moves_label)
        self.moves_table = _table(
            [self.tr("Customer"), self.tr("Was"), self.tr("Now")], "value_moves_table"
        )
        self.moves_table.cellDoubleClicked.connect(
            lambda r, _c: self._activate(self.moves_table, r)
        )
        rl.addWidget(self.moves_table, 1)
        note = QLabel(self.tr("Ranked by discounted lifetime value: top 1% platinum, next 4% gold, "
                              "next 15% iron, the rest lead (Settings). Platinum and gold deserve a "
                              "named plan and personal service."))  # fmt: skip
        note.setWordWrap(True)
        note.setStyleSheet("color:#4a5568;")
        rl.addWidget(note)
        split.addWidget(right)
        split.setSizes([420, 520])
        self.tabs.addTab(split, self.tr("Value pyramid"))

    def _build_matrix(self) -> None:
        split = QSplitter()
        self.matrix_chart = MatrixChart(self.tr("Drawing…"))
        self.matrix_chart.setObjectName("value_matrix_chart")
        self.matrix_chart.pointClicked.connect(self.customerActivated)
        split.addWidget(self._chart_box(self.matrix_chart, "matrix"))
        right = QWidget()
        rl = QVBoxLayout(right)
        self.quadrant_table = _table(
            [self.tr("Quadrant"), self.tr("Customers"), self.tr("What to do")],
            "value_quadrant_table",
            stretch=2,
        )
        rl.addWidget(self.quadrant_table, 1)
        rl.addWidget(QLabel(self.tr("Most potential (double-click to open):")))
        self.potential_table = _table(
            [self.tr("Customer"), self.tr("Quadrant"), self.tr("Yearly spend"), self.tr("Potential / year")],
            "value_potential_table",
        )  # fmt: skip
        self.potential_table.cellDoubleClicked.connect(
            lambda r, _c: self._activate(self.potential_table, r)
        )
        rl.addWidget(self.potential_table, 1)
        self.matrix_note = QLabel()
        self.matrix_note.setWordWrap(True)
        self.matrix_note.setStyleSheet("color:#4a5568;")
        rl.addWidget(self.matrix_note)
        split.addWidget(right)
        split.setSizes([520, 420])
        self.tabs.addTab(split, self.tr("Value × potential"))

    def _build_rfm(self) -> None:
        split = QSplitter()
        self.rfm_chart = ChartLabel(self.tr("Drawing…"))
        self.rfm_chart.setObjectName("value_rfm_chart")
        split.addWidget(self._chart_box(self.rfm_chart, "rfm"))
        self.segment_table = _table(
            [self.tr("Segment"), self.tr("Customers"), self.tr("Share of spend"), self.tr("What to do")],
            "value_segment_table", stretch=3,
        )  # fmt: skip
        split.addWidget(self.segment_table)
        split.setSizes([440, 500])
        self.tabs.addTab(split, self.tr("RFM segments"))

    def _build_risk(self) -> None:
        box = QWidget()
        v = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Most at risk of being lost, ordered by")))
        self.risk_by = QComboBox()
        self.risk_by.setObjectName("value_risk_by")
        self.risk_by.addItem(self.tr("risk"), "risk")
        self.risk_by.addItem(self.tr("yearly spend at stake"), "value")
        self.risk_by.currentIndexChanged.connect(lambda _i: self.reload())
        row.addWidget(self.risk_by)
        row.addStretch(1)
        v.addLayout(row)
        self.risk_table = _table(
            [self.tr("Risk"), self.tr("Customer"), self.tr("Why")], "value_risk_table", stretch=2
        )
        self.risk_table.cellDoubleClicked.connect(lambda r, _c: self._activate(self.risk_table, r))
        v.addWidget(self.risk_table, 1)
        note = QLabel(self.tr("Risk (0-100) comes from each customer's own rhythm: time since the last "
                              "purchase against their usual interval and predicted run-out, products "
                              "dropped or bought less often, and open complaints. Double-click to open."))  # fmt: skip
        note.setWordWrap(True)
        note.setStyleSheet("color:#4a5568;")
        v.addWidget(note)
        self.risk_model_note = QLabel()
        self.risk_model_note.setObjectName("value_risk_model")
        self.risk_model_note.setWordWrap(True)
        self.risk_model_note.setStyleSheet("color:#4a5568;")
        v.addWidget(self.risk_model_note)
        self.tabs.addTab(box, self.tr("At risk"))
        # a tab's rows are fitted when it is first seen at its real width
        self.tabs.currentChanged.connect(lambda _i: QTimer.singleShot(0, self._fit_rows))

    # -- loading ------------------------------------------------------------------
    def reload(self) -> None:
        """Recompute from the book (on the book thread when there is a session)."""
        self._debounce.stop()
        provider = self.book_provider
        if provider is None:
            return
        on = self.today()
        args = (on, self.compare.currentData(), self.risk_by.currentData())
        self.status.setText(self.tr("Computing…"))
        if hasattr(provider, "call"):
            provider.call(load_value_data, *args, done=self._show, error=self._fail,
                          key=f"value{id(self)}", owner=self)  # fmt: skip
            return
        try:
            data = load_value_data(provider(), *args)
        except Exception as exc:  # noqa: BLE001 - shown, not raised into Qt
            self._fail(exc)
            return
        self._show(data)

    def on_change(self, change) -> None:
        """Something in the book changed: recompute now if shown, else when shown."""
        self.stale = True
        if self.isVisible():
            self._debounce.start()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.stale:
            self._debounce.start(0)
        QTimer.singleShot(0, self._fit_rows)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_rows)

    def _fit_rows(self) -> None:
        for t in (self.quadrant_table, self.segment_table, self.risk_table, self.tier_table):
            t.resizeRowsToContents()

    def _fail(self, exc) -> None:
        self.status.setText(self.tr("Could not compute the value figures."))
        self.failed.emit(exc)

    def _show(self, data: ValueData) -> None:
        self.data = data
        self.stale = False
        self._fill_pyramid(data)
        self._fill_matrix(data)
        self._fill_rfm(data)
        self._fill_risk(data)
        total = sum(t.count for t in data.pyramid.tiers)
        self.status.setText(
            self.tr("As of {day}: %n customer(s).", "", total).format(day=i18n.long_date(data.on))
        )
        self._pending_charts = 3
        for chart in (self.pyramid_chart, self.matrix_chart, self.rfm_chart):
            chart.rendered.connect(self._chart_done)
        self._draw_charts(data)
        self.loaded.emit()

    def _chart_done(self) -> None:
        chart = self.sender()
        if chart is not None:
            try:
                chart.rendered.disconnect(self._chart_done)
            except (RuntimeError, TypeError):
                pass
        self._pending_charts = max(0, self._pending_charts - 1)

    def charts_ready(self) -> bool:
        return self._pending_charts == 0 and all(
            c.has_image for c in (self.pyramid_chart, self.matrix_chart, self.rfm_chart)
        )

    # -- names -------------------------------------------------------------------------
    def tier_name(self, tier: str) -> str:
        return {"platinum": self.tr("Platinum"), "gold": self.tr("Gold"), "iron": self.tr("Iron"),
                "lead": self.tr("Lead")}[tier]  # fmt: skip

    def quadrant_name(self, q: str) -> str:
        # not the RFM segments' Keep / Develop: another measure, other names
        return {"grow": self.tr("Grow", "quadrant"), "keep": self.tr("Protect", "quadrant"),
                "develop": self.tr("Cultivate", "quadrant"), "maintain": self.tr("Maintain", "quadrant")}[q]  # fmt: skip

    def quadrant_action(self, q: str) -> str:
        return {
            "grow": self.tr("High value, high potential: visit first, offer what they do not buy yet "
                            "and win what they buy elsewhere."),
            "keep": self.tr("High value, little room left: keep service perfect, remember occasions, "
                            "ask for referrals."),
            "develop": self.tr("Low value, high potential: they need a lot but buy little from us; find "
                               "out where and why, offer a trial."),
            "maintain": self.tr("Low value, low potential: keep in touch by phone or message, resupply "
                                "on time."),
        }[q]  # fmt: skip

    def segment_name(self, key: str) -> str:
        return {
            "new": self.tr("New"), "champions": self.tr("Champions"),
            "develop": self.tr("Develop", "segment"), "keep": self.tr("Keep", "segment"),
            "win_back": self.tr("Win back"), "loyal": self.tr("Loyal"),
            "promising": self.tr("Promising"), "slipping": self.tr("Slipping"),
            "at_risk": self.tr("At risk"),
        }[key]  # fmt: skip

    def segment_action(self, key: str) -> str:
        return {
            "new": self.tr("Resupply on time: the second purchase matters most."),
            "champions": self.tr("Best customers: personal service, first in line, ask for referrals."),
            "develop": self.tr("Big baskets, few visits: agree a regular delivery rhythm."),
            "keep": self.tr("Big regulars gone quiet: call now and find out why."),
            "win_back": self.tr("Spent a lot but not seen for long: visit in person, win them back."),
            "loyal": self.tr("Frequent small buyers: offer other products."),
            "promising": self.tr("Recent but occasional: remind them of run-out, build the habit."),
            "slipping": self.tr("Used to buy often, less lately: a friendly call with a reminder."),
            "at_risk": self.tr("Little and long ago: a low-cost check whether they moved elsewhere."),
        }[key]  # fmt: skip

    def risk_reason(self, item) -> str:
        p = item.params
        texts = {
            "complaint": lambda: self.tr("%n open complaint(s)", "", p["n"]),
            "late": lambda: self.tr("expected to buy again %n day(s) ago (usually every {gap} days)",
                                    "", p["days"]),
            "silent": lambda: self.tr("no purchase for %n day(s) (usually every {gap})", "",
                                      p["days"]),
            "lapsed": lambda: self.tr("stopped buying %n product(s) while buying others", "", p["n"]),
            "slowing": lambda: self.tr("buying %n product(s) less often lately", "", p["n"]),
            "few": lambda: self.tr("only %n purchase(s) so far", "", p["n"]),
            "steady": lambda: self.tr("on rhythm"),
        }  # fmt: skip
        return texts[item.reason_key]().format(**p)

    # -- filling ----------------------------------------------------------------------
    def _fill_pyramid(self, data: ValueData) -> None:
        p = data.pyramid
        up = {t: 0 for t in ("platinum", "gold", "iron", "lead")}
        down = dict(up)
        for _c, _n, _old, new in p.up:
            up[new] += 1
        for _c, _n, _old, new in p.down:
            down[new] += 1
        t = self.tier_table
        t.setRowCount(len(p.tiers))
        for r, s in enumerate(p.tiers):
            t.setItem(r, 0, _item(self.tier_name(s.tier)))
            t.setItem(r, 1, _item(s.count, align_right=True))
            t.setItem(r, 2, _item(i18n.money(s.value_fen), align_right=True))
            t.setItem(r, 3, _item(f"{s.share:.0%}", align_right=True))
            t.setItem(r, 4, _item(i18n.money(s.min_value_fen) if s.min_value_fen is not None else "-",
                                  align_right=True))  # fmt: skip
            t.setItem(r, 5, _item(up[s.tier] if p.since else "-", align_right=True))
            t.setItem(r, 6, _item(down[s.tier] if p.since else "-", align_right=True))
        if p.since:
            self.moves_label.setText(self.tr("Since {period}: {up} moved up, {down} moved down "
                                             "(double-click to open).").format(
                period=p.since, up=len(p.up), down=len(p.down)))  # fmt: skip
        else:
            self.moves_label.setText(self.tr("Tier moves show once last month's (or quarter's) "
                                             "snapshot exists: the book keeps one each month."))  # fmt: skip
        order = {"platinum": 0, "gold": 1, "iron": 2, "lead": 3}
        moves = (
            sorted(p.up, key=lambda m: order[m[3]])[:100]
            + sorted(p.down, key=lambda m: order[m[2]])[:100]
        )
        m = self.moves_table
        m.setRowCount(len(moves))
        for r, (cid, name, old, new) in enumerate(moves):
            m.setItem(r, 0, _item(name, cid))
            m.setItem(r, 1, _item(self.tier_name(old)))
            m.setItem(
                r, 2, _item(("▲ " if order[new] < order[old] else "▼ ") + self.tier_name(new))
            )

    def _fill_matrix(self, data: ValueData) -> None:
        m = data.matrix
        self.matrix_chart.matrix = m
        t = self.quadrant_table
        qs = ("grow", "keep", "develop", "maintain")
        t.setRowCount(len(qs))
        for r, q in enumerate(qs):
            t.setItem(r, 0, _item(self.quadrant_name(q)))
            t.setItem(r, 1, _item(m.counts[q], align_right=True))
            action = _item(self.quadrant_action(q))
            action.setToolTip(self.quadrant_action(q))
            t.setItem(r, 2, action)
        t.resizeRowsToContents()
        rows = [
            (c, n, v, p, q)
            for q in ("grow", "develop")
            for c, n, v, p in data.quadrant_top.get(q, [])
        ]
        pt = self.potential_table
        pt.setRowCount(len(rows))
        for r, (cid, name, v, pot, q) in enumerate(rows):
            pt.setItem(r, 0, _item(name, cid))
            pt.setItem(r, 1, _item(self.quadrant_name(q)))
            pt.setItem(r, 2, _item(i18n.money(v), align_right=True))
            pt.setItem(r, 3, _item(i18n.money(pot), align_right=True))
        note = self.tr("Value = yearly spend (split at {v}); potential = what they could still buy "
                       "from us per year: need not yet bought from us plus products they do not buy "
                       "yet (split at {p}). Click a point to open the customer.").format(
            v=i18n.money(m.value_split_fen), p=i18n.money(m.potential_split_fen))  # fmt: skip
        if m.unknown:
            note += " " + self.tr("%n customer(s) without a household size: fill it in to see "
                                  "their potential.", "", m.unknown)  # fmt: skip
        self.matrix_note.setText(note)

    def _fill_rfm(self, data: ValueData) -> None:
        t = self.segment_table
        t.setRowCount(len(data.segments))
        for r, s in enumerate(data.segments):
            t.setItem(r, 0, _item(self.segment_name(s.segment)))
            t.setItem(r, 1, _item(s.count, align_right=True))
            t.setItem(r, 2, _item(f"{s.share_of_spend:.0%}", align_right=True))
            action = _item(self.segment_action(s.segment))
            action.setToolTip(self.segment_action(s.segment))
            t.setItem(r, 3, action)
        t.resizeRowsToContents()

    def risk_model_text(self, model) -> str:
        """Which weights the scores use: fitted on this book, or the default."""
        if model is None or not getattr(model, "fitted_month", None):
            return self.tr("Weights: the default ones (the book does not yet have enough "
                           "history to learn its own; it will, from a few hundred customers).")  # fmt: skip
        return self.tr(
            "Weights learned from this book's own history ({month}, %n customer(s)); "
            "relearned once a month.", "", model.fitted_customers
        ).format(month=model.fitted_month)  # fmt: skip

    def _fill_risk(self, data: ValueData) -> None:
        self.risk_model_note.setText(self.risk_model_text(data.risk_model))
        t = self.risk_table
        t.setRowCount(len(data.at_risk))
        for r, item in enumerate(data.at_risk):
            score = _item(item.score, item.customer_id, align_right=True)
            if item.score >= 70:
                score.setForeground(Qt.GlobalColor.darkRed)
            t.setItem(r, 0, score)
            t.setItem(r, 1, _item(item.name, item.customer_id))
            t.setItem(r, 2, _item(self.risk_reason(item)))

    def _activate(self, table: QTableWidget, row: int) -> None:
        for col in range(table.columnCount()):
            item = table.item(row, col)
            cid = item.data(Qt.ItemDataRole.UserRole) if item else None
            if cid is not None:
                self.customerActivated.emit(int(cid))
                return

    # -- charts -------------------------------------------------------------------------
    def _chart_texts(self, data: ValueData | None = None) -> dict[str, ChartText]:
        tiers = {t: self.tier_name(t) for t in ("platinum", "gold", "iron", "lead")}
        quads = {
            q: self.quadrant_name(q) + " {count}" for q in ("grow", "keep", "develop", "maintain")
        }
        segs = {k: self.segment_name(k) for k in ("new", "champions", "develop", "keep", "win_back",
                                                  "loyal", "promising", "slipping", "at_risk")}  # fmt: skip
        return {
            "pyramid": ChartText(
                self.tr("Value pyramid"),
                tiers,
                notes={
                    t.tier: self.tr("%n customer(s) · {share:.0%} of value", "", t.count).format(
                        share=t.share
                    )
                    for t in (data.pyramid.tiers if data else ())
                },
            ),
            "matrix": ChartText(
                self.tr("Value × potential"),
                quads,
                x_label=self.tr("Value: yearly spend (yuan)"),
                y_label=self.tr("Potential: more per year (yuan)"),
            ),  # fmt: skip
            "rfm": ChartText(
                self.tr("Customers per RFM segment"), segs, note=self.tr("{share:.0%} of spend")
            ),  # fmt: skip
        }

    def _draw_charts(self, data: ValueData) -> None:
        text = self._chart_texts(data)
        self.pyramid_chart.set_chart(render_pyramid, data.pyramid.tiers, text["pyramid"])
        self.matrix_chart.set_chart(render_matrix, data.matrix, text["matrix"])
        self.rfm_chart.set_chart(render_rfm, data.segments, text["rfm"])

    def chart(self, name: str) -> ChartLabel:
        return {"pyramid": self.pyramid_chart, "matrix": self.matrix_chart, "rfm": self.rfm_chart}[
            name
        ]

    def export_chart(self, name: str, path: str) -> bool:
        """Save the chart ``name`` ('pyramid', 'matrix', 'rfm') as a PNG file."""
        pix = self.chart(name).pixmap()
        if pix is None or pix.isNull():
            return False
        saved = pix.save(str(path), "PNG")
        private.restrict(path)  # owner-only (0600), like the book it comes from
        return saved

    def _export_dialog(self, name: str) -> None:
        default = {"pyramid": self.tr("value-pyramid.png"), "matrix": self.tr("value-matrix.png"),
                   "rfm": self.tr("rfm-segments.png")}[name]  # fmt: skip
        path, _f = file_dialogs.getSaveFileName(self, self.tr("Export chart"), default,
                                               self.tr("PNG image (*.png)"))  # fmt: skip
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            if not self.export_chart(name, path):
                self.status.setText(
                    self.tr("The chart could not be saved to {path}.").format(path=path)
                )


def create_view(window) -> ValueView:
    """The Value tab for the main window (see ui.main_window's plug-in contract)."""
    view = ValueView(window, window.session, today=window.today)
    view.customerActivated.connect(window.open_customer)
    view.failed.connect(window.show_error)
    return view
