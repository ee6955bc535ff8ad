"""Salesbook on any machine (issue 12, part 1): the Chinese font it carries is
what the charts and the window use, whatever fonts the system has; without a
display or Qt's xcb libraries, `salesbook` says so in one line and exits 1,
and the command line works without a display."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from datetime import date, timedelta
from pathlib import Path

import pytest

from salesbook import i18n
from ui.display_check import QT_LIBS, XCB_LIBS, window_problem
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
    from salesbook.records.views import CurveDelivery, StockCurve
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


# -- can the window open? -------------------------------------------------------


def _all(_soname: str) -> bool:
    return True


@pytest.fixture
def lang():
    def use(code: str) -> None:
        i18n.set_language(code)

    yield use
    i18n.set_language(None)


def test_no_display_is_one_line_in_the_users_language(lang):
    lang("zh")
    msg = window_problem(env={}, platform="linux", can_load=_all)
    assert "无法打开窗口" in msg and "DISPLAY" in msg and "\n" not in msg
    lang("en")
    msg = window_problem(env={"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, platform="linux",
                         can_load=_all)  # fmt: skip
    assert msg.startswith("Cannot open the window: no display (DISPLAY is not set)")
    msg = window_problem(env={"QT_QPA_PLATFORM": "wayland"}, platform="linux", can_load=_all)
    assert "WAYLAND_DISPLAY is not set" in msg


def test_missing_xcb_libraries_name_the_apt_packages(lang):
    lang("en")
    lacking = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}  # what a fresh Debian lacks
    msg = window_problem(
        env={"DISPLAY": ":0"}, platform="linux", can_load=lambda n: n not in lacking
    )
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in msg
    assert msg.endswith("Install them: sudo apt-get install libxcb-icccm4 libxcb-keysyms1")
    assert "xcb-cursor" not in msg  # Qt's own message blames it whatever is missing
    lang("zh")
    msg = window_problem(
        env={"DISPLAY": ":0"}, platform="linux", can_load=lambda n: n not in lacking
    )
    assert msg.endswith("安装：sudo apt-get install libxcb-icccm4 libxcb-keysyms1")


def test_the_window_is_allowed_where_qt_needs_nothing_more():
    nothing = lambda n: False  # noqa: E731
    assert (
        window_problem(env={"DISPLAY": ":0"}, platform="linux", can_load=_all, can_connect=_all)
        is None
    )
    # headless platforms need no display and no xcb library
    no_xcb = lambda n: n not in dict(XCB_LIBS)  # noqa: E731
    assert (
        window_problem(env={"QT_QPA_PLATFORM": "offscreen"}, platform="linux", can_load=no_xcb)
        is None
    )
    # a Wayland session uses Qt's wayland plugin, not xcb
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}
    assert window_problem(env=wayland, platform="linux", can_load=no_xcb) is None
    # but Qt's own libraries are needed everywhere on Linux
    msg = window_problem(env={"QT_QPA_PLATFORM": "offscreen"}, platform="linux",
                         can_load=lambda n: n != "libGL.so.1")  # fmt: skip
    assert msg and "libgl1" in msg and dict(QT_LIBS)["libGL.so.1"] == "libgl1"
    # Windows and macOS: Qt brings what it needs
    assert window_problem(env={}, platform="win32", can_load=nothing) is None
    assert window_problem(env={}, platform="darwin", can_load=nothing) is None


def test_a_display_that_does_not_answer_is_named(lang):
    lang("en")
    msg = window_problem(
        env={"DISPLAY": ":7"}, platform="linux", can_load=_all, can_connect=lambda d: d != ":7"
    )
    assert msg.startswith("Cannot open the window: the display :7 does not answer")
    lang("zh")
    msg = window_problem(
        env={"DISPLAY": ":7"}, platform="linux", can_load=_all, can_connect=lambda d: False
    )
    assert msg.startswith("无法打开窗口：连接不上显示 :7")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="libxcb is Linux's")
def test_the_real_x_check_reports_a_display_with_no_server():
    from ui.display_check import loadable, x_display_answers

    if not loadable("libxcb.so.1"):
        pytest.skip("no libxcb here")
    assert not x_display_answers(":4711")  # nothing listens there


def test_the_real_loader_finds_a_library_that_is_there_and_not_one_that_is_not():
    from ui.display_check import loadable

    assert loadable("libc.so.6")
    assert not loadable("libsalesbook-no-such-library.so.7")


def _no_display_env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "SALESBOOK_LANG")}  # fmt: skip
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), SALESBOOK_QUIT_AFTER_MS="50")  # fmt: skip
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_salesbook_without_a_display_exits_1_with_one_line(tmp_path):
    env = _no_display_env(tmp_path)
    for lang_code, words in (
        ("zh", "无法打开窗口：没有图形显示"),
        ("en", "Cannot open the window: no display"),
    ):
        out = subprocess.run([sys.executable, "-m", "ui", "--lang", lang_code, "--demo"], env=env, cwd=ROOT,
                             capture_output=True, text=True, timeout=120)  # fmt: skip
        assert out.returncode == 1, out
        assert out.stderr.strip().count("\n") == 0 and words in out.stderr, out.stderr
    assert not (tmp_path / "data").exists()  # nothing was opened or written
    # every other command works without a display
    book = tmp_path / "demo.db"
    out = subprocess.run([sys.executable, "-m", "ui", "--lang", "en", "demo", str(book), "--customers", "5"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr
    out = subprocess.run([sys.executable, "-m", "ui", "--lang", "en", "--book", str(book), "customers",
                          "--format", "json"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.count('"customer_uid"') == 5
