"""Reminders: on start, and from a tray icon while the window runs, a summary of
what is due today, open complaints included. A reminder can be snoozed (an
hour, three hours, tomorrow)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QSystemTrayIcon

from . import i18n


def summary_text(counts: dict) -> str:
    """补货 85 位（115 项）· 挽回 30 位（44 项）· 收款 3 位（¥1,230.00）· 回访 8 位 ·
    投诉 2 件（回访 1 位）: customers per list, items where a customer has several,
    win back when any, open complaints and their follow-up visits when any
    (``counts["open_complaints"]``, ``counts["complaint_visits"]``: as Today's
    complaints tab counts them)."""
    from PySide6.QtCore import QCoreApplication

    r, ri = counts.get("resupply", 0), counts.get("resupply_items", counts.get("resupply", 0))
    parts = [QCoreApplication.translate("Reminders", "Resupply {n}").format(n=r) if ri == r
             else QCoreApplication.translate("Reminders", "Resupply {n} ({items} items)").format(n=r, items=ri)]  # fmt: skip
    w, wi = counts.get("winback", 0), counts.get("winback_items", counts.get("winback", 0))
    if w:
        parts.append(QCoreApplication.translate("Reminders", "win back {n}").format(n=w) if wi == w
                     else QCoreApplication.translate("Reminders", "win back {n} ({items} items)").format(n=w, items=wi))  # fmt: skip
    parts.append(QCoreApplication.translate("Reminders", "collect {c} ({owed})").format(
        c=counts.get("collect", 0), owed=i18n.money(counts.get("owed_fen", 0))))  # fmt: skip
    parts.append(
        QCoreApplication.translate("Reminders", "follow up {f}").format(
            f=counts.get("follow_up", 0)
        )
    )
    n, visits = counts.get("open_complaints", 0), counts.get("complaint_visits", 0)
    if n and visits:
        text = QCoreApplication.translate("Reminders", "%n open complaint(s)", "", n)
        parts.append(text + QCoreApplication.translate("Reminders", " (%n visit(s))", "", visits))
    elif n:
        parts.append(QCoreApplication.translate("Reminders", "%n open complaint(s)", "", n))
    elif visits:
        parts.append(QCoreApplication.translate("Reminders", "%n complaint visit(s)", "", visits))
    # a full-width bracket carries its own space: 收款 3 位（¥1,230.00）· 回访 8 位
    return " · ".join(parts).replace("） · ", "）· ")


def due_total(counts: dict) -> int:
    """Everything the summary counts (0: nothing is due today)."""
    kinds = ("resupply", "winback", "collect", "follow_up", "open_complaints", "complaint_visits")
    return sum(counts.get(k, 0) for k in kinds)


class ReminderBanner(QFrame):
    """The summary at the top of Today, with Show / Remind me later / close."""

    snoozed = Signal(int)  # minutes; 0 = until tomorrow
    show_today = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("reminder_banner")
        self.setStyleSheet(
            "#reminder_banner { background:#ebf8ff; border:1px solid #90cdf4; border-radius:6px; }"
        )
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 6, 4)
        self.text = QLabel()
        self.text.setObjectName("reminder_text")
        lay.addWidget(self.text, 1)
        later = QPushButton(self.tr("Remind me later"))
        later.setObjectName("remind_later")
        menu = QMenu(later)
        for minutes, text in ((60, self.tr("In an hour")), (180, self.tr("In three hours")),
                              (0, self.tr("Tomorrow"))):  # fmt: skip
            menu.addAction(text).triggered.connect(lambda _=False, m=minutes: self._snooze(m))
        later.setMenu(menu)
        lay.addWidget(later)
        close = QPushButton("×")
        close.setFlat(True)
        close.setFixedWidth(28)
        close.setToolTip(self.tr("Hide"))
        close.clicked.connect(self.hide)
        lay.addWidget(close)
        self.hide()

    def show_summary(self, counts: dict) -> None:
        if due_total(counts) == 0:
            self.text.setText(self.tr("Nothing is due today."))
        else:
            self.text.setText(self.tr("Today: {summary}").format(summary=summary_text(counts)))
        self.show()

    def _snooze(self, minutes: int) -> None:
        self.hide()
        self.snoozed.emit(minutes)


class Reminders(QObject):
    """Decides when to remind; shows the banner and, where there is a system
    tray, a tray icon with a notification and a menu."""

    def __init__(self, window, banner: ReminderBanner, icon: QIcon):
        super().__init__(window)
        self.window_ = window
        self.banner = banner
        self.counts: dict | None = None
        self.day: date | None = None
        self.banner.snoozed.connect(self.snooze)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.remind)
        self.tick = QTimer(self)
        self.tick.setInterval(15 * 60 * 1000)  # a new day starts while the window stays open
        self.tick.timeout.connect(self._new_day)
        self.tick.start()
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, self)
            self.build_tray_menu()
            self.tray.activated.connect(lambda _reason: self._raise())
            self.tray.messageClicked.connect(self._raise)
            self.tray.show()

    def build_tray_menu(self) -> None:
        """The tray icon's menu (again after a language switch)."""
        if self.tray is None:
            return
        menu = QMenu()
        menu.addAction(self.tr("Show Salesbook")).triggered.connect(self._raise)
        menu.addAction(self.tr("What is due today")).triggered.connect(self.remind)
        menu.addAction(self.tr("Remind me in an hour")).triggered.connect(lambda: self.snooze(60))
        menu.addSeparator()
        menu.addAction(self.tr("Quit")).triggered.connect(self.window_.close)
        self.tray.setContextMenu(menu)
        self._menu = menu
        self.tray.setToolTip(self.tr("Salesbook"))

    def snoozed_until(self) -> datetime | None:
        value = QSettings().value("reminders/snoozed_until")
        try:
            return datetime.fromisoformat(str(value)) if value else None
        except ValueError:
            return None

    def snooze(self, minutes: int) -> None:
        now = datetime.now()
        until = (datetime.combine(now.date() + timedelta(days=1), datetime.min.time()) if minutes == 0
                 else now + timedelta(minutes=minutes))  # fmt: skip
        QSettings().setValue("reminders/snoozed_until", until.isoformat(timespec="minutes"))
        self.timer.start(int((until - now).total_seconds() * 1000))
        self.window_.status(self.tr("I will remind you again at {time}").format(
            time=until.strftime("%m-%d %H:%M")))  # fmt: skip

    def update_counts(self, counts: dict) -> None:
        """Today's lists were (re)loaded (``counts`` from TodayView: resupply,
        collect, follow_up, owed_fen). Ask the book how many complaints are open
        on the day shown and how many follow-up visits after one put right are
        due (as Today's complaints tab counts them), then ``_counted``."""
        from salesbook.records.complaints import for_today

        session = self.window_.session
        if not session.is_open:
            return
        session.call(for_today, self.window_.today_view.on, key="reminder_complaints", owner=self,
                     done=lambda t: self._counted(dict(counts, open_complaints=len(t.open),
                                                       complaint_visits=len(t.follow_ups))),
                     error=lambda _exc: self._counted(counts))  # fmt: skip

    def _counted(self, counts: dict) -> None:
        """The first time on a day, remind; later, keep what is shown current."""
        first = self.counts is None
        self.counts = counts
        if self.tray:
            self.tray.setToolTip(summary_text(counts))
        is_today = self.window_.today() == self.window_.today_view.on
        if not first and is_today and self.banner.isVisible():
            self.banner.show_summary(counts)  # after a delivery, a payment, a complaint put right
        if first and is_today:
            until = self.snoozed_until()
            if until and until > datetime.now():
                self.timer.start(int((until - datetime.now()).total_seconds() * 1000))
            else:
                self.remind()

    def remind(self) -> None:
        if self.counts is None:
            return
        stats = getattr(self.window_, "stats", None)
        if stats is not None and stats.customers == 0:
            return  # an empty book: the Today view says what to do instead
        self.banner.show_summary(self.counts)
        if self.tray and self.tray.isVisible():
            self.tray.showMessage(self.tr("Salesbook: today"), summary_text(self.counts),
                                  QSystemTrayIcon.MessageIcon.Information, 10_000)  # fmt: skip

    def _new_day(self) -> None:
        today = self.window_.today()
        if self.day is not None and today != self.day:
            self.counts = None
            self.window_.today_view.go_today()
        self.day = today

    def _raise(self) -> None:
        w = self.window_
        w.showNormal()
        w.raise_()
        w.activateWindow()
        w.show_view("today")
