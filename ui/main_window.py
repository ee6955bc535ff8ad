"""The main window: menus, the views as tabs, the dialogs, and the book.

Views: Today (今日), Customers (客户), Visit plan (拜访计划), Relationships
(关系), and the views other rooms add. Every write goes through the book
thread and ends with ``notify(Change)``: each view refreshes only what the
change touches.

Plug-ins (other rooms' windows), found without importing them and imported
when first used; their menu entry is hidden while the module is missing:

* ``ui.import_wizard`` (File > Import), ``ui.backups_dialog`` (File > Backups),
  ``ui.export_dialog`` (File > Export), ``ui.team_window`` (View > Team):
  each defines ``open_from(window)``.
* ``ui.value_view`` (a tab): defines ``create_view(window) -> QWidget``; the
  widget may have ``reload()`` and ``on_change(change)``.

What a plug-in may use on ``window``: ``session`` (``session.call(fn, *args,
done=..., error=...)`` runs ``fn(book, *args)`` on the book thread),
``today()``, ``notify(change, message)``, ``show_error(exc)``, ``status(text)``,
``open_customer(id)``, ``open_book_path(path)``.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QTabWidget,
    QTextEdit,
)

from . import book_files, i18n
from .book_files import recent_books, remember_book  # noqa: F401 - used by tests and plug-ins
from .widgets import Change, inform
from .workers import BookSession, aux

RESOURCES = Path(__file__).resolve().parent / "resources"


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("icon.svg", "icon-256.png", "icon-64.png", "icon-32.png"):
        path = RESOURCES / name
        if path.exists():
            icon.addFile(str(path))
    return icon


def module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _undoes_its_own_typing(widget, redo: bool) -> bool:
    """A text field with typing of its own to undo (or redo) keeps Ctrl+Z for it."""
    if isinstance(widget, QLineEdit):
        if isinstance(widget.parent(), QAbstractSpinBox):  # a date or number field
            return False
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        doc = widget.document()
        return (
            widget.isEnabled()
            and not widget.isReadOnly()
            and (doc.isRedoAvailable() if redo else doc.isUndoAvailable())
        )
    return False


class _UndoEverywhere(QObject):
    """Ctrl+Z and Ctrl+Shift+Z undo the book's last action wherever the focus is
    in the window: a date field, a spin box or a table would otherwise take the
    keys for itself (Qt sends them as a ShortcutOverride to the focused widget
    first) and nothing happens. A text field with typing to undo keeps them."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window_ = window

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        redo = event.matches(QKeySequence.StandardKey.Redo)
        if not (redo or event.matches(QKeySequence.StandardKey.Undo)):
            return False
        if not self.window_.isAncestorOf(obj) or _undoes_its_own_typing(obj, redo):
            return False
        event.ignore()  # not the widget's: the window's Undo/Redo shortcut runs
        return True


class MainWindow(QMainWindow):
    book_changed = Signal(object)  # Change
    book_ready = Signal()  # a book was opened and the views are loading

    def __init__(self, session: BookSession | None = None, today: date | None = None):
        super().__init__()
        self.session = session or BookSession(self)
        self.session.setParent(self)
        self._today = today
        self.stats = None
        self.detail = None
        self.temp_dirs: list[Path] = []
        self.views: dict[str, object] = {}
        self.setObjectName("main_window")
        self.setWindowIcon(app_icon())
        self.session.failed.connect(self.show_error)
        self.session.opened.connect(self._opened)
        from .reminders import Reminders

        self.build()
        self.reminders = Reminders(self, self.today_view.banner, self.windowIcon())
        geometry = QSettings().value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 760)

    # -- the day -------------------------------------------------------------
    def today(self) -> date:
        return self._today or date.today()

    # -- building (again after a language switch) --------------------------------
    def build(self) -> None:
        from .customers import CustomersView
        from .plan_view import PlanView
        from .relationships import RelationshipsView
        from .reminders import ReminderBanner
        from .today import TodayView

        current = self.tabs.currentIndex() if getattr(self, "tabs", None) else 0
        self.menuBar().clear()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("views")
        self.tabs.setDocumentMode(True)
        self.today_view = TodayView(self)
        banner = ReminderBanner()
        banner.show_today.connect(lambda: self.show_view("today"))
        self.today_view.banner_slot.addWidget(banner)
        self.today_view.banner = banner
        self.today_view.counts_changed.connect(self._counts_changed)
        self.customers_view = CustomersView(self)
        self.plan_view = PlanView(self)
        self.relationships_view = RelationshipsView(self)
        self.views = {"today": self.today_view, "customers": self.customers_view, "plan": self.plan_view,
                      "relationships": self.relationships_view}  # fmt: skip
        self.tabs.addTab(self.today_view, self.tr("Today"))
        self.tabs.addTab(self.customers_view, self.tr("Customers"))
        self.tabs.addTab(self.plan_view, self.tr("Visit plan"))
        self.tabs.addTab(self.relationships_view, self.tr("Relationships"))
        if module_available("ui.value_view"):
            self._add_value_view()
        self.tabs.currentChanged.connect(self._tab_changed)
        old = self.centralWidget()
        self.setCentralWidget(self.tabs)
        if old is not None:
            old.deleteLater()
        self._build_menus()
        self._build_status()
        if hasattr(self, "reminders"):
            self.reminders.banner = banner
            banner.snoozed.connect(self.reminders.snooze)
            self.reminders.build_tray_menu()
        if self.detail is not None:
            self.detail.close()
            self.detail.deleteLater()
            self.detail = None
        self.tabs.setCurrentIndex(min(current, self.tabs.count() - 1))
        self._update_title()
        if self.session.is_open:
            self._load_views()

    def _add_value_view(self) -> None:
        try:
            mod = importlib.import_module("ui.value_view")
            view = mod.create_view(self)
        except Exception as exc:  # noqa: BLE001 - another room's view must not stop the window
            self.status(i18n.error_text(exc))
            return
        self.views["value"] = view
        self.tabs.addTab(view, self.tr("Value"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self._action(file, self.tr("&New book…"), self.new_book, QKeySequence.StandardKey.New)
        self._action(
            file, self.tr("&Open book…"), self.open_book_dialog, QKeySequence.StandardKey.Open
        )
        self.recent_menu = file.addMenu(self.tr("Recent books"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file, self.tr("Open a &demo book"), self.open_demo)
        file.addSeparator()
        if module_available("ui.import_wizard"):  # File > Import > a spreadsheet / the whole book
            imports = file.addMenu(self.tr("&Import"))
            self._plugin_action(
                imports, "ui.import_wizard", self.tr("&Import a spreadsheet…"), "Ctrl+I"
            )
            self._action(imports, self.tr("&Whole book…"), self.import_whole_book)
        self._plugin_action(file, "ui.export_dialog", self.tr("&Export…"), "Ctrl+E")
        self._action(file, self.tr("Save a &copy of the book…"), self.save_copy)
        self._plugin_action(file, "ui.backups_dialog", self.tr("&Backups…"))
        file.addSeparator()
        self._action(file, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        if module_available("salesbook.store.undo"):
            edit = bar.addMenu(self.tr("&Edit"))
            self.undo_action = self._action(
                edit, self.tr("&Undo"), self.undo, QKeySequence.StandardKey.Undo
            )
            self.redo_action = self._action(
                edit, self.tr("&Redo"), self.redo, QKeySequence.StandardKey.Redo
            )
            edit.aboutToShow.connect(self._update_undo)
            # The menu greys out what cannot be undone while it is open; the keys
            # always reach the book, which says when there is nothing to undo.
            edit.aboutToHide.connect(lambda: self.undo_action.setEnabled(True))
            edit.aboutToHide.connect(lambda: self.redo_action.setEnabled(True))
            QApplication.instance().installEventFilter(_UndoEverywhere(self))
            edit.addSeparator()
            self._plugin_action(edit, "ui.trash_dialog", self.tr("&Trash…"))
        record = bar.addMenu(self.tr("&Record"))
        self._action(record, self.tr("&Delivery…"), lambda: self.open_delivery(), "Ctrl+D")
        self._action(record, self.tr("&Payment…"), lambda: self.open_payment(), "Ctrl+Shift+P")
        self._action(record, self.tr("&Contact…"), lambda: self.open_contact(), "Ctrl+L")
        record.addSeparator()
        self._action(record, self.tr("New &customer…"), self.add_customer, "Ctrl+Shift+N")
        view = bar.addMenu(self.tr("&View"))
        for i in range(self.tabs.count()):
            self._action(
                view,
                self.tabs.tabText(i),
                lambda _=False, i=i: self.tabs.setCurrentIndex(i),
                f"Ctrl+{i + 1}",
            )
        view.addSeparator()
        self._action(
            view, self.tr("Find a customer"), self.find_customer, QKeySequence.StandardKey.Find
        )
        self._action(
            view, self.tr("Reload"), lambda: self.notify(Change()), QKeySequence.StandardKey.Refresh
        )
        if module_available("ui.team_window"):  # a manager's: the team book (file or server)
            team = view.addMenu(self.tr("&Team"))
            self._plugin_action(team, "ui.team_window", self.tr("Team &window…"))
            self._action(team, self.tr("Open a &server team book…"), self.open_server_team)
        tools = bar.addMenu(self.tr("&Tools"))
        self._action(
            tools, self.tr("&Settings…"), self.open_settings, QKeySequence.StandardKey.Preferences
        )
        lang = tools.addMenu(self.tr("Language"))
        for code, text in (("zh", "中文（简体）"), ("en", "English")):
            a = self._action(lang, text, lambda _=False, c=code: self.set_language(c))
            a.setCheckable(True)
            a.setChecked(code == i18n.current())
        help_ = bar.addMenu(self.tr("&Help"))
        self._action(help_, self.tr("&About Salesbook"), self.about)

    def _action(self, menu: QMenu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(
                shortcut
            )  # every binding of the platform (Redo: Ctrl+Y, Ctrl+Shift+Z)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _plugin_action(self, menu: QMenu, module: str, text: str, shortcut=None) -> QAction | None:
        if not module_available(module):
            return None
        return self._action(menu, text, lambda _=False: self.open_plugin(module), shortcut)

    def open_plugin(self, module: str):
        try:
            mod = importlib.import_module(module)
            return mod.open_from(self)
        except Exception as exc:  # noqa: BLE001 - another room's window must not stop this one
            self.show_error(exc)
            return None

    def open_server_team(self):
        """View > Team > Open a server team book…: the Team window, asking for the URL."""
        win = self.open_plugin("ui.team_window")
        if win is not None:
            win.open_server_dialog()
        return win

    def import_whole_book(self) -> None:
        """File > Import > Whole book…: a workbook from Export (the whole book) back in."""
        if self._need_book():
            from .import_wizard import import_whole_book

            import_whole_book(self)

    def can_import(self) -> bool:
        return module_available("ui.import_wizard")

    def open_import(self) -> None:
        if self.can_import():
            self.open_plugin("ui.import_wizard")

    def _build_status(self) -> None:
        sb = self.statusBar()
        for old in (getattr(self, "book_label", None), getattr(self, "busy", None)):
            if old is not None:
                sb.removeWidget(old)
                old.deleteLater()
        self.busy = QProgressBar()
        self.busy.setObjectName("busy")
        self.busy.setRange(0, 0)  # "working", no percentage
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        sb.addPermanentWidget(self.busy)
        self.book_label = QLabel()
        self.book_label.setObjectName("book_label")
        sb.addPermanentWidget(self.book_label)
        if not hasattr(self, "_busy_timer"):
            self._busy_since: float | None = None
            self._busy_timer = QTimer(self)
            self._busy_timer.setInterval(200)
            self._busy_timer.timeout.connect(self._check_busy)
            self._busy_timer.start()

    def _check_busy(self) -> None:
        """A working bar in the status bar while the book thread is busy for more than 0.4 s."""
        if self.session.idle():
            self._busy_since = None
            self.busy.hide()
            return
        now = time.monotonic()
        if self._busy_since is None:
            self._busy_since = now
        self.busy.setVisible(now - self._busy_since > 0.4)

    # -- the book ------------------------------------------------------------------
    def open_book_path(self, path: str | Path, create: bool = True, demo: bool = False) -> None:
        """Open a book (on the book thread); the views load when it is open."""
        self.session.is_demo = demo
        self.status(self.tr("Opening {path}…").format(path=path))
        self.session.open(path, create=create, error=self._open_failed)

    def _open_failed(self, exc: Exception) -> None:
        self.show_error(exc)
        self._update_title()

    def _opened(self, _session) -> None:
        self.statusBar().clearMessage()
        path = str(self.session.path)
        if not self.session.is_demo:
            remember_book(path)
        self._update_title()
        if self.detail is not None:
            self.detail.hide()
        self._load_views()
        self.book_ready.emit()
        book = self.session.book
        if book is not None and getattr(book, "in_use_by", None) is not None:
            inform(self, self.tr("Book in use"),
                   self.tr("This book is open in another Salesbook window, so it opened read-only here."),
                   warning=True)  # fmt: skip

    def _load_views(self) -> None:
        from salesbook.records.views import book_stats

        self.session.call(book_stats, done=self._got_stats, owner=self)
        self.today_view.reload()
        current = self.tabs.currentWidget()
        for view in self.views.values():
            view._stale = view is not current  # type: ignore[attr-defined]
        self._reload_view(current)

    def _got_stats(self, stats) -> None:
        self.stats = stats
        self._update_title()
        self.today_view.refresh_hints()  # an empty list's next step depends on the counts

    def _reload_view(self, view) -> None:
        if view is not None and view is not self.today_view and hasattr(view, "reload"):
            view.reload()
        if view is not None:
            view._stale = False  # type: ignore[attr-defined]

    def _tab_changed(self, index: int) -> None:
        view = self.tabs.widget(index)
        if getattr(view, "_stale", False):
            self._reload_view(view)

    def _update_title(self) -> None:
        path = self.session.path
        # Qt adds the application's display name (销售台账 Salesbook) after the title
        if path is None:
            self.setWindowTitle("")
            self.book_label.setText(self.tr("No book open"))
            return
        label = self.tr("Demo book (deleted when you quit)") if self.session.is_demo else path.name
        self.setWindowTitle(label)
        text = str(path)
        if self.stats is not None:
            text = self.tr("{path} · %n customer(s)", "", self.stats.customers).format(path=path)
        self.book_label.setText(text)

    def new_book(self) -> None:
        book_files.new_book(self)

    def open_book_dialog(self) -> None:
        book_files.open_book_dialog(self)

    def _fill_recent(self) -> None:
        book_files.fill_recent(self, self.recent_menu)

    def open_demo(self, customers: int = 300) -> None:
        """Build a demo book in a temporary folder (progress, cancel) and open it."""
        book_files.open_demo(self, customers)

    def save_copy(self) -> None:
        book_files.save_copy(self)

    # -- undo -------------------------------------------------------------------------
    def _update_undo(self) -> None:
        from salesbook.store import undo

        def _peek(book):
            return undo.peek_undo(book, i18n.current()), undo.peek_redo(book, i18n.current())

        def _show(result) -> None:
            u, r = result
            self.undo_action.setText(
                self.tr("&Undo {what}").format(what=u) if u else self.tr("&Undo")
            )
            self.redo_action.setText(
                self.tr("&Redo {what}").format(what=r) if r else self.tr("&Redo")
            )
            self.undo_action.setEnabled(bool(u))
            self.redo_action.setEnabled(bool(r))

        if self.session.is_open:
            self.session.call(_peek, done=_show, owner=self)

    def undo(self) -> None:
        self._undo_redo("undo_last", self.tr("Undone: {what}"), self.tr("Nothing to undo"))

    def redo(self) -> None:
        self._undo_redo("redo_last", self.tr("Redone: {what}"), self.tr("Nothing to redo"))

    def _undo_redo(self, name: str, done_text: str, nothing: str) -> None:
        from salesbook.store import undo

        if not self.session.is_open:
            return
        fn = getattr(undo, name)
        self.session.call(fn, i18n.current(), error=self.show_error,
                          done=lambda what: self.notify(Change(), done_text.format(what=what)) if what
                          else self.status(nothing))  # fmt: skip

    # -- changes ------------------------------------------------------------------------
    def notify(self, change: Change, message: str | None = None) -> None:
        """Something was written: refresh what it touches, say what happened."""
        if message:
            self.status(message)
        self.today_view.on_change(change)
        current = self.tabs.currentWidget()
        for name, view in self.views.items():
            if name == "today":
                continue
            if view is current:
                if hasattr(view, "on_change"):
                    view.on_change(change)
            else:
                view._stale = True  # type: ignore[attr-defined] # reloads when shown
        if self.detail is not None:
            self.detail.on_change(change)
        if change.customers is None or "customer" in change.what:
            from salesbook.records.views import book_stats

            self.session.call(book_stats, done=self._got_stats, owner=self)
        self.book_changed.emit(change)

    def _counts_changed(self, counts: dict) -> None:
        self.reminders.update_counts(counts)

    def status(self, text: str, msecs: int = 8000) -> None:
        self.statusBar().showMessage(text, msecs)

    def show_error(self, exc: BaseException) -> None:
        text = i18n.error_text(exc)
        self.status(text, 15000)
        tb = getattr(exc, "__ui_traceback__", None)
        from salesbook.errors import SalesbookError

        if tb and not isinstance(exc, SalesbookError):
            import logging

            logging.getLogger("ui").error(tb)
        inform(self, self.tr("Salesbook"), text, warning=True)

    # -- views and dialogs -------------------------------------------------------------------
    def show_view(self, name: str) -> None:
        view = self.views.get(name)
        if view is not None:
            self.tabs.setCurrentWidget(view)

    def find_customer(self) -> None:
        self.show_view("customers")
        self.customers_view.search.setFocus()
        self.customers_view.search.selectAll()

    def open_customer(self, customer_id: int):
        from .customer_detail import CustomerDetail

        if self.detail is None:
            self.detail = CustomerDetail(self)
        self.detail.show_customer(customer_id)
        self.detail.show()
        self.detail.raise_()
        return self.detail

    def open_delivery(
        self, customer_id: int | None = None, product_id: int | None = None, on: date | None = None
    ):
        from .delivery_dialog import DeliveryDialog

        if not self._need_book():
            return None
        dlg = DeliveryDialog(self, customer_id, product_id, on)
        dlg.show()
        return dlg

    def open_payment(
        self, customer_id: int | None = None, amount_fen: int | None = None, on: date | None = None
    ):
        from .payment_dialog import PaymentDialog

        if not self._need_book():
            return None
        dlg = PaymentDialog(self, customer_id, amount_fen, on)
        dlg.show()
        return dlg

    def open_contact(self, customer_id: int | None = None, on: date | None = None):
        from .contact_dialog import ContactDialog

        if not self._need_book():
            return None
        dlg = ContactDialog(self, customer_id, on)
        dlg.show()
        return dlg

    def add_customer(self):
        return self.edit_customer(None)

    def edit_customer(self, customer_id: int | None):
        from .customer_form import CustomerForm

        if not self._need_book():
            return None
        dlg = CustomerForm(self, customer_id)
        dlg.show()
        return dlg

    def open_settings(self):
        from .settings_dialog import SettingsDialog

        dlg = SettingsDialog(self)
        dlg.show()
        return dlg

    def _need_book(self) -> bool:
        if self.session.is_open:
            return True
        self.status(self.tr("Open or create a book first (File menu)"))
        return False

    def about(self) -> None:
        from salesbook import __version__

        inform(self, self.tr("About Salesbook"), self.tr(
            "Salesbook {version}\n\nA field sales rep's customer book: who to resupply, collect from and "
            "call on, every morning.").format(version=__version__))  # fmt: skip

    # -- language ----------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switch the window's language now (and remember it)."""
        i18n.install(lang)
        i18n.save_language(lang)
        self.build()
        self.status(self.tr("Language: {name}").format(name="中文" if lang == "zh" else "English"))

    # -- closing ----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        QSettings().setValue("window/geometry", self.saveGeometry())
        self.hide()  # closing the book may back it up first: do not look frozen meanwhile
        if self.detail is not None:
            self.detail.close()
        if getattr(self.reminders, "tray", None) is not None:
            self.reminders.tray.hide()
        self.session.close(wait=True)
        aux().wait(10_000)
        for folder in self.temp_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        event.accept()
