"""Charts drawn with matplotlib, imported only when the first chart is shown.

The drawing runs on a worker thread with matplotlib's Agg canvas (no pyplot,
no Qt backend): the GUI thread only receives the finished image. The Chinese
font Salesbook carries (ui/fonts.py) is registered by path and set first, so
Chinese labels render on any machine, whatever its fonts and matplotlib's
font cache.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

from .fonts import BUNDLED_FAMILY, bundled_fonts
from .workers import aux

# System Chinese fonts, after the bundled one: matplotlib falls back to them,
# glyph by glyph, for a rare character the bundled subset lacks.
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Heiti SC", "STHeiti", "SimHei", "SimSun", "Droid Sans Fallback",
    "Noto Sans CJK JP", "Noto Sans CJK TC", "Arial Unicode MS",
)  # fmt: skip

_lock = threading.Lock()
_font: list[str | None] = []  # [chosen font] once matplotlib is set up


def setup_matplotlib() -> str | None:
    """Import matplotlib and set the Chinese font (once): the bundled one,
    added by path, then any system CJK font, then matplotlib's own. Returns the
    first Chinese font's family name (None only if the bundled font is gone
    and the system has none: Chinese would then show as boxes)."""
    with _lock:
        if _font:
            return _font[0]
        from matplotlib import font_manager, rcParams

        added = []
        for path in bundled_fonts():
            font_manager.fontManager.addfont(str(path))
            added.append(font_manager.get_font(str(path)).family_name)
        names = {f.name for f in font_manager.fontManager.ttflist}
        chosen = [n for n in added if n == BUNDLED_FAMILY]
        chosen += [n for n in CJK_FONTS if n in names and n not in chosen]
        rcParams["font.family"] = "sans-serif"
        rcParams["font.sans-serif"] = chosen + [
            n for n in rcParams["font.sans-serif"] if n not in chosen
        ]
        rcParams["axes.unicode_minus"] = False
        _font.append(chosen[0] if chosen else None)
        return _font[0]


def matplotlib_loaded() -> bool:
    return bool(_font)


@dataclass(frozen=True)
class StockChartText:
    """The chart's words, translated on the GUI thread before drawing."""

    title: str
    stock: str
    delivered: str
    elsewhere: str
    runout: str  # with {date}
    today: str
    no_data: str
    date_format: str  # strftime, e.g. %m-%d
    months: tuple = ()  # Jan..Dec / 1月..12月 for the ticks on the first of a month


def tick_labeller(text: StockChartText):
    """Tick text for a date axis: the month's name on the 1st (with the year on a
    second line at the first tick and each January), else the day as ``date_format``."""
    from matplotlib.dates import num2date

    def label(x, pos=None):
        d = num2date(x).date()
        if d.day == 1 and len(text.months) == 12:
            name = text.months[d.month - 1]
            return f"{name}\n{d.year}" if pos == 0 or d.month == 1 else name
        return d.strftime(text.date_format)

    return label


def render_stock_chart(curve, text: StockChartText, width: int, height: int, ratio: float = 1.0):
    """Draw a ``views.StockCurve``; returns (RGBA bytes, width px, height px)."""
    setup_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    dpi = 100 * ratio
    w_in, h_in = max(width, 200) / 100, max(height, 120) / 100
    fig = Figure(figsize=(w_in, h_in), dpi=dpi)
    fig.patch.set_facecolor("white")
    # fixed margins in inches (tight_layout would draw the figure twice)
    fig.subplots_adjust(
        left=0.42 / w_in, right=1 - 0.15 / w_in, bottom=0.45 / h_in, top=1 - 0.12 / h_in
    )
    ax = fig.add_subplot(111)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)
    if not curve.deliveries and not curve.points:
        ax.text(
            0.5,
            0.5,
            text.no_data,
            ha="center",
            va="center",
            transform=ax.transAxes,
            color="#718096",
        )
        ax.set_xticks([])
        ax.set_yticks([])
    else:
        if curve.points:
            xs = [p[0] for p in curve.points]
            ys = [p[1] for p in curve.points]
            ax.plot(xs, ys, color="#2b6cb0", linewidth=1.4, label=text.stock)
            ax.fill_between(xs, ys, color="#2b6cb0", alpha=0.10, linewidth=0)
        ours = [d for d in curve.deliveries if d.source == "us"]
        other = [d for d in curve.deliveries if d.source != "us"]
        # deliveries as thick vertical strokes: one collection, not a patch per bar
        if ours:
            ax.vlines([d.date for d in ours], 0, [d.quantity for d in ours], colors="#38a169", alpha=0.8,
                      linewidth=4 * ratio, label=text.delivered)  # fmt: skip
        if other:
            ax.vlines([d.date for d in other], 0, [d.quantity for d in other], colors="#a0aec0", alpha=0.9,
                      linewidth=4 * ratio, label=text.elsewhere)  # fmt: skip
        if curve.on:
            ax.axvline(curve.on, color="#718096", linestyle=":", linewidth=1)
        if curve.runout_date:
            ax.axvline(curve.runout_date, color="#c53030", linestyle="--", linewidth=1.2)
            ax.annotate(text.runout.format(date=curve.runout_date.strftime(text.date_format)),
                        (curve.runout_date, 0.92), xycoords=("data", "axes fraction"), fontsize=8,
                        color="#c53030", ha="right", va="top",
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8})  # fmt: skip
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=7))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(tick_labeller(text)))
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", color="#edf2f7")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    w, h = canvas.get_width_height(physical=True)
    return bytes(canvas.buffer_rgba()), w, h


class ChartLabel(QLabel):
    """Shows a chart image drawn off the GUI thread; redraws (debounced) on resize.

    ``set_chart(fn, *args)``: ``fn(*args, width, height, ratio)`` returns
    (RGBA bytes, w, h) and runs on the chart thread. ``rendered`` fires when
    the image is on screen."""

    rendered = Signal()

    def __init__(self, placeholder: str = "", parent=None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setStyleSheet("background: white; color: #718096;")
        self.placeholder = placeholder
        self._job: tuple | None = None
        self._drawn_size = QSize()
        self.has_image = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._draw)

    def set_chart(self, fn, *args) -> None:
        self._job = (fn, args)
        if not self.has_image:
            self.setText(self.placeholder)
        self._draw()

    def clear_chart(self) -> None:
        self._job = None
        self.has_image = False
        self.clear()

    def _draw(self) -> None:
        if self._job is None:
            return
        fn, args = self._job
        size = self.size()
        w, h = max(size.width(), 320), max(size.height(), 180)
        self._drawn_size = QSize(w, h)
        aux().submit(fn, *args, w, h, self.devicePixelRatioF(), key=f"chart{id(self)}", owner=self,
                     done=self._show)  # fmt: skip

    def _show(self, result) -> None:
        data, w, h = result
        image = QImage(data, w, h, QImage.Format.Format_RGBA8888).copy()
        pix = QPixmap.fromImage(image)
        pix.setDevicePixelRatio(self.devicePixelRatioF())
        self.setPixmap(pix)
        self.has_image = True
        self.rendered.emit()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, 220)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - never let the image hold the window open
        return QSize(200, 180)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        grown = event.size() - self._drawn_size
        if self._job and (abs(grown.width()) > 8 or abs(grown.height()) > 8):
            self._timer.start()
