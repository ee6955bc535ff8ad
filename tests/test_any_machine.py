"""Salesbook on any machine (issue 12, part 1): the Chinese font it carries is
what the charts and the window use, whatever fonts the system has."""

from __future__ import annotations

import sys
import warnings
from datetime import date, timedelta
from pathlib import Path

from ui.fonts import BUNDLED_FAMILY, BUNDLED_FONT

ROOT = Path(__file__).resolve().parents[1]
# Characters the app prints (month ticks, ¥, a run-out note) and a few names.
CHINESE = "1月 12月 已于3月3日用完 预计12月5日用完 ¥60.00 ￥ 尚欠 韦建国 王建国 李秀英 张伟 赵敏"


def test_the_bundled_font_covers_gb2312_and_names_in_a_few_mb():
    from matplotlib.ft2font import FT2Font

    font = FT2Font(str(BUNDLED_FONT))
    assert font.family_name == BUNDLED_FAMILY
    charmap = font.get_charmap()
    assert ord("月") in charmap
    assert all(ord(c) in charmap for c in CHINESE)
    hanzi = [bytes((row, cell)).decode("gb2312") for row in range(0xB0, 0xF8) for cell in range(0xA1, 0xFF)
             if (row, cell) not in {(0xD7, c) for c in range(0xFA, 0xFF)}]  # fmt: skip
    assert len(hanzi) == 6763 and all(ord(c) in charmap for c in hanzi)
    assert all(ord(c) in charmap for c in "喆堃赟玥珺彧昇旻祎镕")  # in names, not in GB 2312
    assert BUNDLED_FONT.stat().st_size < 6_000_000
    assert "Open Font License" in (BUNDLED_FONT.parent / "OFL.txt").read_text(encoding="utf-8")


def test_charts_use_the_bundled_font_by_path():
    from matplotlib import font_manager, rcParams

    from ui.charts import setup_matplotlib

    assert setup_matplotlib() == BUNDLED_FAMILY
    assert rcParams["font.family"] == ["sans-serif"]
    assert rcParams["font.sans-serif"][0] == BUNDLED_FAMILY
    found = font_manager.findfont(
        font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False
    )
    assert Path(found) == BUNDLED_FONT


def test_a_chart_in_chinese_draws_every_glyph():
    """The customer detail's chart with Chinese words: no "Glyph ... missing" warning."""
    from salesbook.views import CurveDelivery, StockCurve
    from ui.charts import StockChartText, render_stock_chart

    start = date(2026, 1, 5)
    curve = StockCurve(
        product="大米", unit="kg", rate=0.45, runout_date=start + timedelta(days=60), on=start + timedelta(days=40),
        deliveries=[CurveDelivery(start, 10, "us"), CurveDelivery(start + timedelta(days=21), 10, "elsewhere")],
        points=[(start, 10.0), (start + timedelta(days=21), 0.5), (start + timedelta(days=21), 10.5),
                (start + timedelta(days=60), 0.0)],
    )  # fmt: skip
    text = StockChartText(
        title="大米 库存", stock="估计库存", delivered="送货", elsewhere="别处买的", runout="预计{date}用完",
        today="今天", no_data="还没有送货", date_format="%m月%d日", months=tuple(f"{m}月" for m in range(1, 13)),
    )  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data, w, h = render_stock_chart(curve, text, 600, 220)
        render_stock_chart(StockCurve("大米", "kg", []), text, 600, 220)  # "还没有送货"
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure()
        fig.text(0.1, 0.5, CHINESE)
        FigureCanvasAgg(fig).draw()
    missing = [str(x.message) for x in caught if "missing from font" in str(x.message)]
    assert missing == []
    assert len(data) == w * h * 4


def test_the_window_falls_back_to_the_bundled_font_for_chinese(qapp):
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QTextLayout

    from ui.app import create_app

    create_app("zh")
    assert BUNDLED_FAMILY in QFontDatabase.families()
    assert BUNDLED_FAMILY in qapp.font().families()
    assert QFontMetrics(QFont(BUNDLED_FAMILY)).inFontUcs4(ord("月"))
    # what Qt really draws 月 with in the application font
    layout = QTextLayout("月", qapp.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = {run.rawFont().familyName() for run in layout.glyphRuns()}
    assert families == {BUNDLED_FAMILY} or (families and BUNDLED_FAMILY not in families and
                                             sys.platform in ("win32", "darwin"))  # fmt: skip
