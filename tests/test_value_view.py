"""The Value view (ui.value_view) driven with pytest-qt on a small demo book."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from salesbook.cli.demo import build_demo  # noqa: E402
from salesbook.insight import value  # noqa: E402
from salesbook.records import complaints  # noqa: E402
from salesbook.store.book import open_book  # noqa: E402

ON = date(2026, 11, 23)


@pytest.fixture
def demo_book(tmp_path):
    path = tmp_path / "demo.db"
    build_demo(path, customers=150, seed=4, today=ON)
    b = open_book(path)
    yield b
    b.close()


@pytest.fixture
def view(qtbot, demo_book):
    from ui.value_view import ValueView

    v = ValueView(None, lambda: demo_book, today=lambda: ON)
    qtbot.addWidget(v)
    v.resize(1100, 700)
    v.show()
    with qtbot.waitSignal(v.loaded, timeout=20_000):
        v.reload()
    qtbot.waitUntil(v.charts_ready, timeout=30_000)
    return v


def _column(table, col):
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_the_view_shows_what_the_core_computes(view, demo_book):
    p = value.pyramid(demo_book, ON, write_snapshot=False)
    assert _column(view.tier_table, 1) == [str(t.count) for t in p.tiers]
    m = value.value_matrix(demo_book, ON)
    assert _column(view.quadrant_table, 1) == [
        str(m.counts[q]) for q in ("grow", "keep", "develop", "maintain")
    ]
    assert view.segment_table.rowCount() == 9
    assert view.risk_table.rowCount() > 0
    scores = [int(x) for x in _column(view.risk_table, 0)]
    assert scores == sorted(scores, reverse=True)
    assert all(_column(view.risk_table, 2))  # every customer at risk has a reason
    # a 150-customer book is too young to learn its own weights: it says so
    assert view.risk_model_note.text().startswith("Weights: the default ones")


def test_the_risk_tab_says_when_the_weights_are_the_books_own(view):
    from dataclasses import replace

    from salesbook.insight.risk import DEFAULT_MODEL

    own = replace(DEFAULT_MODEL, fitted_month="2026-11", fitted_customers=6012)
    text = view.risk_model_text(own)  # (plural forms: test_plural_forms_in_english)
    assert text.startswith("Weights learned from this book's own history (2026-11, 6012 customer")


def test_double_click_and_matrix_click_open_a_customer(view, qtbot, demo_book):
    with qtbot.waitSignal(view.customerActivated, timeout=2000) as sig:
        view.risk_table.cellDoubleClicked.emit(0, 1)
    assert sig.args[0] == view.data.at_risk[0].customer_id
    # a click on a point of the matrix
    chart = view.matrix_chart
    view.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: chart.isVisible() and chart.has_image, timeout=10_000)
    qtbot.wait(300)
    qtbot.waitUntil(lambda: chart.has_image, timeout=10_000)
    m, g = chart.matrix, chart.geom
    pix = chart.pixmap()
    ratio = pix.devicePixelRatio() or 1.0
    ox = (chart.width() - pix.width() / ratio) / 2
    oy = (chart.height() - pix.height() / ratio) / 2
    i = max(range(len(m.ids)), key=lambda k: m.values[k])  # the right-most point: easy to hit
    v = min(m.values[i] / 100, g["x_max"])
    p = min(m.potentials[i] / 100, g["y_max"])
    px = g["x0"] + v * (g["x1"] - g["x0"]) / g["x_max"]
    py = g["y1"] - p * (g["y1"] - g["y0"]) / g["y_max"]
    x, y = ox + px / ratio, oy + py / ratio
    found = chart.customer_at(x, y)
    assert found is not None
    assert chart.customer_at(ox + 1, oy + 1) is None  # outside the axes


def test_each_chart_exports_as_png(view, tmp_path):
    for name in ("pyramid", "matrix", "rfm"):
        out = tmp_path / f"{name}.png"
        assert view.export_chart(name, str(out))
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_change_marks_it_stale_and_it_reloads(view, qtbot, demo_book):
    cid = view.data.at_risk[-1].customer_id
    complaints.add_complaint(demo_book, cid, on=ON, what="送错了")
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.on_change(None)
    keys = {item.customer_id: item.reason_key for item in view.data.at_risk}
    assert keys.get(cid, "complaint") == "complaint"
    shown = {view.risk_table.item(r, 1).data(256) for r in range(view.risk_table.rowCount())}
    assert shown == set(keys)


def test_switching_to_quarter_and_value_order(view, qtbot):
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.compare.setCurrentIndex(1)
    assert view.data.pyramid.compare == "quarter"
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.risk_by.setCurrentIndex(1)
    assert view.risk_table.rowCount() > 0


def test_create_view_for_the_main_window(qtbot, demo_book):
    from PySide6.QtWidgets import QWidget

    from ui.value_view import ValueView, create_view

    opened, errors = [], []

    class Window(QWidget):
        session = staticmethod(lambda: demo_book)

        def today(self):
            return ON

        def open_customer(self, cid):
            opened.append(cid)

        def show_error(self, exc):
            errors.append(exc)

    window = Window()
    qtbot.addWidget(window)
    view = create_view(window)
    assert isinstance(view, ValueView)
    view.customerActivated.emit(7)
    assert opened == [7]


# -- its words go through Qt's translators (resources/translations/*.ts) ---------------

VIEW_SOURCE = Path(__file__).resolve().parents[1] / "ui" / "value_view.py"
TS = Path(__file__).resolve().parents[1] / "ui" / "resources" / "translations"


@pytest.fixture
def speak(qtbot):
    """speak('zh'|'en'): install the window's translators; English again afterwards."""
    from salesbook import i18n as core_i18n
    from ui import i18n

    yield i18n.install
    i18n.install("en")
    core_i18n.set_language(None)


def test_no_chinese_left_in_the_view_source():
    text = VIEW_SOURCE.read_text(encoding="utf-8")
    tree = ast.parse(text)
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(n)}  # fmt: skip
    chinese = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, str) and id(n) not in docs
               and re.search(r"[\u4e00-\u9fff]", n.value)]  # fmt: skip
    assert chinese == [], "the Chinese belongs in salesbook_zh_CN.ts"
    assert "QTranslator" not in text


def test_every_value_view_string_is_translated_in_the_ts_files():
    root = ET.parse(TS / "salesbook_zh_CN.ts").getroot()
    ctx = next(c for c in root.iter("context") if c.findtext("name") == "ValueView")
    messages = list(ctx.iter("message"))
    assert len(messages) > 60
    for m in messages:
        tr = m.find("translation")
        assert tr.get("type") is None, m.findtext("source")
        text = "".join(tr.itertext()).strip()
        assert re.search(r"[\u4e00-\u9fff]|PNG|RFM|%n|\{", text), m.findtext("source")
    en = ET.parse(TS / "salesbook_en.ts").getroot()
    ctx = next(c for c in en.iter("context") if c.findtext("name") == "ValueView")
    plurals = [m for m in ctx.iter("message") if m.get("numerus") == "yes"]
    assert len(plurals) >= 8
    for m in plurals:
        forms = [f.text for f in m.find("translation").iter("numerusform")]
        assert len(forms) == 2 and all(forms) and forms[0] != forms[1]


def test_the_view_reads_in_chinese(qtbot, demo_book, speak):
    from ui.value_view import ValueView

    speak("zh")
    v = ValueView(None, lambda: demo_book, today=lambda: ON)
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.loaded, timeout=20_000):
        v.reload()
    assert v.title.text() == "客户价值"
    assert [v.tabs.tabText(i) for i in range(4)] == [
        "价值金字塔",
        "价值 × 潜力",
        "RFM 分群",
        "流失风险",
    ]
    assert v.status.text().startswith("截至 2026年11月23日") and "位客户" in v.status.text()
    assert _column(v.tier_table, 0) == ["铂金", "黄金", "钢铁", "铅"]
    headers = [v.risk_table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers == ["风险", "客户", "原因"]
    for r in range(v.risk_table.rowCount()):  # every reason reads as Chinese
        assert re.search(r"[\u4e00-\u9fff]", v.risk_table.item(r, 2).text())
    text = v._chart_texts(v.data)["pyramid"]
    assert text.notes["platinum"].endswith("%") and " 人 · 占价值 " in text.notes["platinum"]


def test_plural_forms_in_english(qtbot, speak):
    from salesbook.insight.risk import CustomerRisk
    from ui.value_view import ValueView

    speak("en")
    v = ValueView(None, None, today=lambda: ON)
    qtbot.addWidget(v)

    def reason(key, **params):
        return v.risk_reason(CustomerRisk(1, "x", 50, key, params))

    assert reason("complaint", n=1) == "1 open complaint"
    assert reason("complaint", n=3) == "3 open complaints"
    assert reason("few", n=1) == "only 1 purchase so far"
    assert reason("late", days=1, gap=9) == "expected to buy again 1 day ago (usually every 9 days)"
    assert reason("lapsed", n=2) == "stopped buying 2 products while buying others"


def test_the_window_runs_the_months_jobs_beside_the_views(qtbot, tmp_path):
    """After start-up the book's session computes the month's jobs on a thread
    of its own and stores them on the book thread; until then the views get
    last month's fit, and what is stored equals a synchronous refit."""
    from dataclasses import replace
    from datetime import timedelta

    from test_risk import pattern_book

    from salesbook.insight import risk
    from salesbook.store import monthly
    from ui.workers import BookSession

    path = tmp_path / "book.db"
    b = open_book(path)
    pattern_book(b, n=260)
    today = date.today()
    last_month = today.replace(day=1) - timedelta(days=1)
    monthly.run_due(b, last_month)
    previous = replace(risk.DEFAULT_MODEL, coef=(-3.0, 0.3, 0, 1, 0, 0.3, 0, 0),
                       fitted_month=last_month.strftime("%Y-%m"), fitted_customers=1)  # fmt: skip
    risk.store_model(b, last_month, previous)  # last month's fit, unlike this month's
    assert risk.book_model(b) == previous
    b.close()

    session = BookSession()
    session.monthly_after_ms = None  # started by hand below
    got, stored = [], []
    session.monthly_stored.connect(stored.append)
    session.open(path, done=lambda s: got.append("open"))
    qtbot.waitUntil(lambda: got == ["open"])
    session.call(lambda book: risk.book_model(book), done=got.append)
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got[1] == previous  # a view on the new month: last month's fit
    session.start_monthly(today)
    qtbot.waitUntil(lambda: bool(stored), timeout=60_000)
    assert sorted(stored[0]) == ["forecast_backtest", "risk_model", "value_snapshot"]
    session.call(lambda book: (risk.book_model(book), monthly.due(book, today)), done=got.append)
    qtbot.waitUntil(lambda: len(got) == 3)
    new, due = got[2]
    assert due == [] and new != previous and new.fitted_month == min(today, ON).strftime("%Y-%m")
    session.call(lambda book: risk.book_model(book, today, refit=True), done=got.append)
    qtbot.waitUntil(lambda: len(got) == 4)
    assert got[3] == new  # equal to a synchronous refit
    session.close()


def test_window_runs_a_big_books_daily_check_off_the_book_thread(qtbot, tmp_path, monkeypatch):
    """store/book.py leaves a big book's whole quick_check for later; the window
    runs it after start-up on a reader, so the first write does not wait for it."""
    from salesbook.records.customers import add_customer
    from salesbook.store import book as book_mod
    from salesbook.store import monthly
    from ui.workers import BookSession

    path = tmp_path / "book.db"
    b = open_book(path)
    with b.transaction():
        add_customer(b, name="张三")
    monthly.run_due(b, date.today())  # nothing monthly due: only the check starts the thread
    b.close()
    monkeypatch.setattr(book_mod, "BIG_BOOK_BYTES", 0)
    session = BookSession()
    session.monthly_after_ms = None
    got = []
    session.open(path, done=lambda s: got.append(s.book.pending_check))
    qtbot.waitUntil(lambda: got == [True])
    session.start_monthly()
    stamp = book_mod._check_stamp(str(path))
    qtbot.waitUntil(stamp.exists, timeout=30_000)
    session.call(lambda book: book.pending_check, done=got.append)
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got[1] is False
    session.close()


def test_window_says_at_once_when_the_daily_check_finds_damage(qtbot, tmp_path, monkeypatch):
    """The damage the window's background check finds is shown (session.failed,
    which the window shows as the damaged-book message naming a backup)."""
    import sqlite3

    from salesbook.errors import BookError
    from salesbook.records.customers import add_customer
    from salesbook.store import book as book_mod
    from salesbook.store import monthly
    from ui.workers import BookSession

    path = tmp_path / "book.db"
    b = open_book(path)
    with b.transaction():
        for i in range(300):
            add_customer(b, name=f"客户{i}", notes="x" * 80)
    monthly.run_due(b, date.today())
    b.close()
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'customers'").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * 4096 : (root - 1) * 4096 + 12] = b"\xab" * 12
    path.write_bytes(bytes(data))
    monkeypatch.setattr(book_mod, "BIG_BOOK_BYTES", 0)
    session = BookSession()
    session.monthly_after_ms = None
    opened, failed = [], []
    session.failed.connect(failed.append)
    session.open(path, done=lambda s: opened.append(s.book.pending_check))
    qtbot.waitUntil(lambda: opened == [True])
    session.start_monthly()
    qtbot.waitUntil(lambda: bool(failed), timeout=30_000)
    assert isinstance(failed[0], BookError) and failed[0].key == "book_corrupt"
    assert not book_mod._check_stamp(str(path)).exists()
    session.close()
