"""Screenshots of every main view of the window, in Chinese and English.

    QT_QPA_PLATFORM=offscreen python bench/screens.py [OUT]   (default out/screens)

Builds a 300-customer demo book (today = 2026-11-23) in a temporary folder,
opens the real window on a copy per language and saves PNGs to
OUT/zh_CN/*.png and OUT/en/*.png: Today, Customers, Visit plan,
Relationships, the four tabs of Value, customer detail (with its chart), the delivery dialog, the
customer form showing a field message, Settings, the welcome dialog and the
empty Today of a new book. Look at them.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

TODAY = date(2026, 11, 23)
SIZE = (1280, 800)


def wait(cond, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def chart_settled(chart) -> bool:
    """The chart shows an image drawn at its current size (it redraws after a resize)."""
    pix = chart.pixmap()
    if not chart.has_image or chart._timer.isActive() or pix is None or pix.isNull():
        return False
    ratio = pix.devicePixelRatio() or 1.0
    want_w, want_h = max(chart.width(), 320), max(chart.height(), 180)
    return abs(pix.width() / ratio - want_w) <= 8 and abs(pix.height() / ratio - want_h) <= 8


def save(widget: QWidget, folder: Path, name: str) -> None:
    settle()
    widget.grab().save(str(folder / f"{name}.png"))
    print(folder / f"{name}.png")


def shoot(lang: str, demo: Path, out: Path, work: Path) -> None:
    from salesbook.records.customers import search_customers
    from ui.app import create_app, create_window

    folder = out / ("zh_CN" if lang == "zh" else "en")
    folder.mkdir(parents=True, exist_ok=True)
    book = work / f"book-{lang}.db"
    shutil.copyfile(demo, book)
    create_app(lang)
    win = create_window(book, today=TODAY)
    win.resize(*SIZE)
    wait(lambda: win.today_view.is_loaded and win.session.idle())
    win.reminders.remind()
    save(win, folder, "01-today")

    win.show_view("customers")
    wait(
        lambda: (
            win.customers_view.model.rowCount() > 0 and win.customers_view.model.total is not None
        )
    )
    save(win, folder, "02-customers")
    win.customers_view.search.setText("wj")
    wait(
        lambda: (
            win.customers_view.model.query.text == "wj"
            and not win.customers_view.model.pending_reset
        )
    )
    save(win, folder, "03-customers-search")
    win.customers_view.search.setText("")

    win.show_view("plan")
    wait(lambda: win.plan_view.is_loaded)
    save(win, folder, "04-plan")
    win.plan_view.save_pdf(folder / "plan.pdf")

    win.show_view("relationships")
    wait(lambda: win.relationships_view.is_loaded and win.relationships_view.model.rowCount() > 0)
    save(win, folder, "05-relationships")
    if "value" in win.views:
        win.show_view("value")
        view = win.views["value"]
        wait(lambda: view.data is not None and view.charts_ready(), 60)
        for i, name in enumerate(("pyramid", "matrix", "rfm", "risk")):
            view.tabs.setCurrentIndex(i)
            if name != "risk":
                settle(0.2)
                wait(lambda n=name: chart_settled(view.chart(n)), 30)
            save(win, folder, f"06-value-{i + 1}-{name}")
        view.tabs.setCurrentIndex(0)

    # a customer with several products, a balance and a suggestion if there is one
    from salesbook.records.relationship import suggestions
    from salesbook.store.book import open_book

    b = open_book(book)
    sugg = suggestions(b, TODAY, limit=5)
    owing = search_customers(
        b, None, status="owing", order_by="balance", descending=True, limit=1, on=str(TODAY)
    )
    b.close()
    cid = sugg[0].customer_id if sugg else owing[0].id
    detail = win.open_customer(cid)
    detail.resize(1100, 860)
    wait(lambda: detail.chart.has_image, 60)
    save(detail, folder, "07-customer-detail")
    detail.close()

    win.show_view("today")
    item = win.today_view.model("resupply").items[0]
    dlg = win.open_delivery(item.customer_id, product_id=item.product_id, on=TODAY)
    wait(lambda: dlg.picker.customer_id is not None and dlg.quantity.text() != "")
    save(dlg, folder, "08-delivery-dialog")
    dlg.reject()

    form = win.edit_customer(item.customer_id)
    wait(lambda: form.customer is not None)
    form.phone.setText("139-abc")
    form.save()
    wait(lambda: form.fields.text("phone") != "")
    save(form, folder, "09-customer-form-error")
    form.reject()

    dlg = win.open_settings()
    wait(lambda: dlg.loaded)
    save(dlg, folder, "10-settings")
    dlg.tabs.setCurrentIndex(1)
    save(dlg, folder, "11-settings-products")
    dlg.reject()

    from ui.welcome import WelcomeDialog

    welcome = WelcomeDialog(win, str(work / "salesbook.db"), win.can_import())
    welcome.show()
    save(welcome, folder, "12-welcome")
    welcome.close()
    win.close()
    settle(0.2)

    empty = create_window(work / f"empty-{lang}.db", today=TODAY)
    empty.resize(*SIZE)
    wait(lambda: empty.today_view.is_loaded and empty.stats is not None)
    empty.today_view.reload()
    wait(lambda: empty.session.idle())
    save(empty, folder, "13-empty-book")
    empty.show_view("customers")
    wait(lambda: empty.customers_view.stack.currentWidget() is empty.customers_view.empty)
    save(empty, folder, "14-empty-customers")
    empty.close()
    settle(0.2)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/screens")
    QCoreApplication.setOrganizationName("Salesbook-screens")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qsettings")
        )
        from salesbook.cli.demo import build_demo

        demo = work / "demo.db"
        build_demo(demo, customers=300, today=TODAY)
        for lang in ("zh", "en"):
            shoot(lang, demo, out, work)


if __name__ == "__main__":
    main()
