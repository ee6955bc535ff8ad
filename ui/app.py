"""Start the window: ``salesbook`` (default book), ``salesbook --demo`` (a demo
book in a temporary folder), ``salesbook --book PATH``.

``run()`` is what the CLI calls; ``create_app`` and ``create_window`` are the
same steps without the event loop (tests, benches, screenshots).

Environment (for tests and tools): ``SALESBOOK_TODAY`` fixes the day the
window treats as today; ``SALESBOOK_QUIT_AFTER_MS`` quits after that many
milliseconds once the Today list is shown (the installer smoke test).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

import salesbook.startup  # noqa: F401 - the core wired (salesbook/store/hooks.py)

from . import i18n
from .fonts import install_qt_fonts
from .main_window import MainWindow, app_icon

STARTED = time.perf_counter()


def create_app(lang: str | None = None, argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, icon, bundled fonts and the language set."""
    QCoreApplication.setOrganizationName("Salesbook")
    QCoreApplication.setApplicationName("Salesbook")
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("销售台账 Salesbook")
    app.setWindowIcon(app_icon())
    install_qt_fonts(app)  # the bundled Chinese font, for systems without one
    i18n.install(i18n.preferred_language(lang))
    return app


def _today_from_env() -> date | None:
    value = os.environ.get("SALESBOOK_TODAY")
    return date.fromisoformat(value) if value else None


def create_window(book_path: str | Path | None = None, demo: bool = False, today: date | None = None,
                  show: bool = True) -> MainWindow:  # fmt: skip
    """The main window, opening ``book_path`` (or the default book, or a demo)."""
    from salesbook.store.book import default_book_path

    window = MainWindow(today=today or _today_from_env())
    if show:
        window.show()
    if demo:
        window.open_demo()
        return window
    path = Path(book_path) if book_path else default_book_path()
    first_run = book_path is None and not path.exists()
    window.open_book_path(path)
    if first_run:
        window.book_ready.connect(lambda: _welcome(window, path), type=_single_shot())
    return window


def _single_shot():
    from PySide6.QtCore import Qt

    return Qt.ConnectionType.SingleShotConnection


def _welcome(window: MainWindow, path: Path) -> None:
    from .welcome import WelcomeDialog

    dlg = WelcomeDialog(window, str(path), window.can_import())

    def _chosen(code: str) -> None:
        if code == "demo":
            window.open_demo()
        elif code == "import":
            window.open_import()
        else:
            window.add_customer()

    dlg.chosen.connect(_chosen)
    dlg.open()


def run(book_path: str | None = None, demo: bool = False, lang: str | None = None) -> int:
    """Open the window and run until it closes. Returns the exit code."""
    app = create_app(lang)
    window = create_window(book_path, demo=demo)
    quit_after = os.environ.get("SALESBOOK_QUIT_AFTER_MS")
    if quit_after:
        QTimer.singleShot(
            0, lambda: print(f"window shown in {time.perf_counter() - STARTED:.2f} s", flush=True)
        )

        def _shown() -> None:
            print(
                f"window shown, Today loaded in {time.perf_counter() - STARTED:.2f} s", flush=True
            )
            QTimer.singleShot(int(quit_after), window.close)

        window.today_view.loaded.connect(_shown, type=_single_shot())
    return app.exec()
