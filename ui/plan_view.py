"""Visit plan (拜访计划): for a chosen day and capacity, the stops grouped by
area with their reasons; printed or saved as PDF to carry on the road.

The same HTML document is shown on screen, printed and written to PDF."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QMarginsF, QSizeF, Qt, Signal
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from salesbook.store import private

from . import file_dialogs, i18n
from .today import describe
from .widgets import STATUS_COLORS, Change, inform


def _plan(book, on: date, capacity: int | None, days: int):
    from salesbook.records.plan import carried_over, visit_plan
    from salesbook.records.views import customer_addresses

    plans = visit_plan(book, on, capacity=capacity, days=days)
    ids = {s.customer_id for p in plans for s in p.stops}
    extra = carried_over(book, on, capacity) if days == 1 else None
    return plans, customer_addresses(book, ids), extra, int(book.setting("capacity"))


class PlanView(QWidget):
    loaded = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.plans = []
        self.is_loaded = False
        self._capacity_from_book = True
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Day")))
        self.day = QDateEdit()
        self.day.setObjectName("plan_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = window.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.dateChanged.connect(lambda _d: self.reload())
        bar.addWidget(self.day)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Stops per day")))
        self.capacity = QSpinBox()
        self.capacity.setObjectName("plan_capacity")
        self.capacity.setRange(1, 500)
        self.capacity.setValue(12)
        self.capacity.valueChanged.connect(self._capacity_changed)
        bar.addWidget(self.capacity)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Days")))
        self.days = QSpinBox()
        self.days.setObjectName("plan_days")
        self.days.setRange(1, 7)
        self.days.valueChanged.connect(lambda _v: self.reload())
        bar.addWidget(self.days)
        bar.addStretch(1)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_plan)
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.pdf_button.clicked.connect(self.ask_pdf)
        bar.addWidget(self.print_button)
        bar.addWidget(self.pdf_button)
        lay.addLayout(bar)
        self.browser = QTextBrowser()
        self.browser.setObjectName("plan_browser")
        self.browser.setOpenLinks(False)
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser.anchorClicked.connect(self._link)
        lay.addWidget(self.browser, 1)
        loading = self.tr("Loading…")
        self.browser.setHtml(f"<p style='color:#718096'>{html.escape(loading)}</p>")

    def _capacity_changed(self, _v: int) -> None:
        self._capacity_from_book = False
        self.reload()

    def selected_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def reload(self) -> None:
        if not self.session.is_open:
            return
        cap = None if self._capacity_from_book else self.capacity.value()
        self.session.call(_plan, self.selected_day(), cap, self.days.value(), key="plan", owner=self,
                          done=self._show)  # fmt: skip

    def on_change(self, change: Change) -> None:
        if change.customers is None:
            self._capacity_from_book = True
        self.reload()

    def _show(self, result) -> None:
        self.plans, self.addresses, self.carried, book_capacity = result
        if self._capacity_from_book:
            self.capacity.blockSignals(True)
            self.capacity.setValue(book_capacity)
            self.capacity.blockSignals(False)
        self.browser.setHtml(self.document_html(for_print=False))
        has_stops = any(p.stops for p in self.plans)
        self.print_button.setEnabled(has_stops)
        self.pdf_button.setEnabled(has_stops)
        self.is_loaded = True
        self.loaded.emit()

    def stop_count(self) -> int:
        return sum(len(p.stops) for p in self.plans)

    # -- the document -------------------------------------------------------
    def document_html(self, for_print: bool = True) -> str:
        e = html.escape
        parts = ["<html><head><meta charset='utf-8'><style>"
                 "body { font-size: 10pt; } h2 { margin: 0 0 4px 0; } h3 { margin: 14px 0 4px 0; color: #2d3748; }"
                 "th { background: #edf2f7; text-align: left; } td, th { padding: 4px 6px; }"
                 ".muted { color: #718096; } .what { color: #1a202c; }"
                 "</style></head><body>"]  # fmt: skip
        if not any(p.stops for p in self.plans):
            title, nobody = self.tr("Visit plan"), self.tr("Nobody needs a visit on this day.")
            hint = self.tr("Pick a later day, or look at Today with a few days ahead.")
            parts.append(f"<h2>{e(title)}</h2>")
            parts.append(f"<p>{e(nobody)}</p>")
            parts.append(f"<p class='muted'>{e(hint)}</p>")
            return "".join(parts) + "</body></html>"
        number = 0
        for plan in self.plans:
            title = self.tr("Visit plan")
            parts.append(f"<h2>{e(title)} · {e(i18n.long_date(plan.day))}</h2>")
            summary = self.tr("%n stop(s)", "", len(plan.stops))
            if self.carried:
                summary += " · " + self.tr("%n more wait for another day", "", self.carried)
            parts.append(f"<p class='muted'>{e(summary)}</p>")
            if not plan.stops:
                none = self.tr("No stops.")
                parts.append(f"<p class='muted'>{e(none)}</p>")
            for area, stops in plan.by_area():
                area_name = area or self.tr("No area")
                # The area's heading is the table's first header row: Qt never
                # leaves a table's header rows alone at the foot of a page, and
                # repeats them on each page the area runs onto.
                parts.append("<table width='100%' cellspacing='0' cellpadding='4' border='1'"
                             " style='border-collapse:collapse; border-color:#cbd5e0; margin-top:10px'>")  # fmt: skip
                heads = (("#", 5), (self.tr("Customer"), 18), (self.tr("Phone"), 16), (self.tr("Address"), 22),
                         (self.tr("What and why"), 32), (self.tr("Done"), 7))  # fmt: skip
                parts.append(
                    f"<thead><tr><td colspan='{len(heads)}' style='border:none'><h3>{e(area_name)}"
                    f" ({len(stops)})</h3></td></tr>"
                    "<tr>"
                    + "".join(f"<th width='{w}%'>{e(h)}</th>" for h, w in heads)
                    + "</tr></thead>"
                )
                for stop in stops:
                    number += 1
                    color = STATUS_COLORS.get(stop.status, ("#2d3748", ""))[0]
                    reasons = "<br>".join(
                        [f"<b style='color:{STATUS_COLORS['overdue'][0]}'>{e(self.complaint_text(k, plan.day))}</b>"
                         for k in stop.complaints]
                        + [e(describe(r, plan.day)) for r in stop.reasons]
                        + self.notes_html(stop)
                    )  # fmt: skip
                    name = e(stop.customer)
                    if not for_print:
                        name = f"<a href='customer:{stop.customer_id}'>{name}</a>"
                    parts.append(
                        f"<tr><td style='white-space:nowrap'>{number}</td><td><b>{name}</b><br><span class='muted'>"
                        f"{e(i18n.level(stop.level))}</span></td><td style='white-space:nowrap'>{e(i18n.phone(stop.phone))}</td>"
                        f"<td>{e(self.addresses.get(stop.customer_id) or '')}</td>"
                        f"<td><span style='color:{color}'>{e(i18n.status(stop.status))}</span><br>"
                        f"<span class='what'>{reasons}</span></td><td align='center'>☐</td></tr>"
                    )  # fmt: skip
                parts.append("</table>")
        return "".join(parts) + "</body></html>"

    def notes_html(self, stop) -> list[str]:
        """The stop's delivery habits and its last delivery's note, to carry on the road."""
        e = html.escape
        out = []
        if stop.delivery_note:
            text = self.tr("Delivery habits: {note}").format(note=stop.delivery_note)
            out.append(f"<span style='color:#975a16'>✎ {e(text)}</span>")
        last = stop.last_delivery_note
        if last:
            text = self.tr("Last delivery ({date}, {product}): {note}").format(
                date=i18n.short_date(last["date"]), product=last["product"], note=last["note"]
            )
            out.append(f"<span class='muted'>✎ {e(text)}</span>")
        return out

    def complaint_text(self, k, on: date) -> str:
        """An open complaint on the plan: 投诉未处理：送晚了 (大米) · 已 3 天."""
        what = f"{k.what} ({k.product})" if k.product else k.what
        days = k.days_open(on)
        return self.tr("Open complaint: {what} · %n day(s)", "", days).format(what=what)

    def _document(self, device=None) -> QTextDocument:
        """The plan as a document; laid out for ``device`` (a printer or PDF) when given,
        so sizes in points come out as points on paper."""
        doc = QTextDocument()
        if device is not None:
            doc.documentLayout().setPaintDevice(device)
            rect = device.pageLayout().paintRectPixels(device.resolution())
            doc.setPageSize(QSizeF(rect.width(), rect.height()))
        font = QFont(self.font())
        font.setPointSizeF(10)
        doc.setDefaultFont(font)
        doc.setHtml(self.document_html(for_print=True))
        return doc

    # -- print and PDF --------------------------------------------------------
    def save_pdf(self, path: str | Path) -> Path:
        """Write the plan to ``path`` as an A4 PDF; returns the path."""
        path = Path(path)
        if not path.exists():  # owner-only (0600): the plan names customers and debts
            private.create_file(path)
        private.restrict(path)
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
        writer.setResolution(300)
        writer.setTitle(self.tr("Visit plan"))
        writer.setCreator("Salesbook")
        self._document(writer).print_(writer)
        return path

    def ask_pdf(self) -> None:
        stem = self.tr("visit-plan")
        default = f"{stem}-{self.selected_day().isoformat()}.pdf"
        path, _ = file_dialogs.getSaveFileName(
            self, self.tr("Save the visit plan as PDF"), default, "PDF (*.pdf)"
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            self.save_pdf(path)
        except OSError as exc:
            inform(self, self.tr("Save as PDF"), str(exc), warning=True)
            return
        self.window_.status(self.tr("Saved {path}").format(path=path))

    def print_plan(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the visit plan"))

        def _print() -> None:
            self._document(printer).print_(printer)
            self.window_.status(self.tr("Sent the plan to the printer"))

        dialog.accepted.connect(_print)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.print_dialog = dialog  # for tests: the dialog stays reachable until it closes
        # QPrintDialog.open() takes (receiver, member) in PySide6 6.11: the plain
        # window-modal open is QDialog's.
        QDialog.open(dialog)

    def _link(self, url) -> None:
        text = url.toString()
        if text.startswith("customer:"):
            self.window_.open_customer(int(text.split(":", 1)[1]))
