"""Starting the window: the README's `salesbook --demo`, first run, plug-ins, undo,
the book thread, and the language chosen at start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from ui_support import TODAY, gone, isolated_qsettings, open_window, rows  # noqa: F401

from salesbook.records.customers import add_customer
from salesbook.records.products import add_product

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp_path: Path, **extra: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SALESBOOK_QUIT_AFTER_MS="50",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               HOME=str(tmp_path))  # fmt: skip
    env.update(extra)
    return env


def test_salesbook_demo_opens_the_demo_window(tmp_path):
    """The README's first command: `salesbook --demo` shows the window on a demo book."""
    exe = Path(sys.executable).parent / "salesbook"
    result = subprocess.run(
        [str(exe), "--demo"], env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "window shown" in result.stdout and "Today loaded" in result.stdout


def test_salesbook_book_path_opens_that_book(tmp_path):
    from salesbook.store.book import open_book

    path = tmp_path / "mine.db"
    b = open_book(path)
    add_customer(b, name="王建国")
    b.close()
    exe = Path(sys.executable).parent / "salesbook"
    result = subprocess.run([str(exe), "--book", str(path), "--lang", "en"], env=_env(tmp_path),
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Today loaded" in result.stdout
    assert not (
        tmp_path / "data" / "salesbook" / "salesbook.db"
    ).exists()  # the default book was not touched


def test_first_run_welcomes_and_offers_a_demo(qtbot, tmp_path, monkeypatch):
    from ui.welcome import WelcomeDialog

    default = tmp_path / "data" / "salesbook.db"
    monkeypatch.setattr("salesbook.store.book.default_book_path", lambda: default)
    win = open_window(qtbot, None)
    qtbot.waitUntil(lambda: win.findChild(WelcomeDialog) is not None)
    welcome = win.findChild(WelcomeDialog)
    assert default.exists()  # the default book was created
    from PySide6.QtWidgets import QLabel

    assert any(str(default) in label.text() for label in welcome.findChildren(QLabel))
    qtbot.mouseClick(welcome.buttons["demo"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.session.is_demo and win.session.path is not None
                    and win.session.path.name == "demo.db", timeout=60_000)  # fmt: skip
    qtbot.waitUntil(
        lambda: win.today_view.is_loaded and len(win.today_view.items) > 0, timeout=30_000
    )
    demo_dir = win.session.path.parent
    assert "Demo book" in win.windowTitle()
    # the platform adds " — 销售台账 Salesbook" (the display name): the title must not say it again
    assert "销售台账" not in win.windowTitle() and "Salesbook" not in win.windowTitle()
    win.close()
    assert not demo_dir.exists()  # a demo book lives in a temporary folder


def test_second_start_has_no_welcome_and_remembers_recent_books(qtbot, tmp_path):
    from ui.main_window import recent_books
    from ui.welcome import WelcomeDialog

    path = tmp_path / "book.db"
    win = open_window(qtbot, path)
    assert win.findChild(WelcomeDialog) is None
    assert recent_books() == [str(path)]
    assert win.stats is not None and win.stats.customers == 0
    # an empty book says what to do
    table = win.today_view.tables["resupply"]
    assert table.stack.currentWidget() is table.empty
    assert "empty" in table.empty.title.text()


def test_a_bad_book_file_is_a_message_not_a_crash(qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    bad = tmp_path / "notes.db"
    bad.write_text("this is not a database, just some notes\n" * 50)
    from ui.app import create_app, create_window

    create_app("en")
    win = create_window(bad, today=TODAY)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.findChild(QMessageBox) is not None, timeout=20_000)
    box = win.findChild(QMessageBox)
    assert "notes.db" in box.text()
    assert not win.session.is_open
    assert bad.read_text().startswith("this is not a database")  # untouched
    box.accept()


def test_plugin_entries_hidden_while_the_module_is_missing(qtbot, tmp_path, monkeypatch):
    import ui.main_window as mw

    monkeypatch.setattr(
        mw,
        "module_available",
        lambda name: (
            name
            not in (
                "ui.import_wizard",
                "ui.backups_dialog",
                "ui.value_view",
                "ui.team_window",
                "ui.export_dialog",
            )
        ),
    )
    win = open_window(qtbot, tmp_path / "book.db")
    texts = [a.text() for m in win.menuBar().actions() for a in m.menu().actions()]
    assert not any("Import" in t or "Backups" in t or "Team" in t or "Export" in t for t in texts)
    assert "Value" not in [win.tabs.tabText(i) for i in range(win.tabs.count())]
    opened = []
    fake = type(sys)("ui.fake_plugin")
    fake.open_from = lambda window: opened.append(window)
    monkeypatch.setitem(sys.modules, "ui.fake_plugin", fake)
    win.open_plugin("ui.fake_plugin")
    assert opened == [win]


def test_undo_and_redo_from_the_edit_menu(qtbot, tmp_path):
    path = tmp_path / "book.db"
    win = open_window(qtbot, path)
    if not hasattr(win, "undo_action"):
        pytest.skip("salesbook.store.undo is not there")
    form = win.add_customer()
    qtbot.waitUntil(lambda: form.loaded)
    form.name.setText("赵敏")
    form.save()
    qtbot.waitUntil(lambda: gone(form))
    assert rows(path, "SELECT COUNT(*) FROM customers") == [(1,)]
    assert win.undo_action.shortcut().toString() == "Ctrl+Z"
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: rows(path, "SELECT COUNT(*) FROM customers") == [(0,)], timeout=10_000)
    qtbot.waitUntil(lambda: "Undone" in win.statusBar().currentMessage())
    win.redo()
    qtbot.waitUntil(lambda: rows(path, "SELECT COUNT(*) FROM customers") == [(1,)], timeout=10_000)


def test_language_follows_the_saved_choice(qtbot, tmp_path, monkeypatch):
    from ui import i18n

    monkeypatch.delenv("SALESBOOK_LANG", raising=False)
    QSettings().setValue("language", "zh")
    assert i18n.preferred_language(None) == "zh"
    assert i18n.preferred_language("en") == "en"  # --lang wins
    QSettings().setValue("language", "en")
    assert i18n.preferred_language(None) == "en"
    monkeypatch.setenv("SALESBOOK_LANG", "zh")
    assert i18n.preferred_language(None) == "zh"


def test_settings_dialog_switches_language_and_remembers_it(qtbot, tmp_path):
    win = open_window(qtbot, tmp_path / "book.db")
    dlg = win.open_settings()
    qtbot.waitUntil(lambda: dlg.loaded)
    dlg.lang_buttons["zh"].setChecked(True)
    dlg.save()
    qtbot.waitUntil(lambda: win.tabs.tabText(0) == "今日")
    assert QSettings().value("language") == "zh"
    win.set_language("en")


def test_the_book_thread_runs_calls_in_order_and_drops_stale_searches(qtbot):
    from salesbook.store.book import open_book
    from ui.workers import BookSession

    session = BookSession()
    got = []
    session.open(":memory:", done=lambda s: got.append("open"))
    qtbot.waitUntil(lambda: got == ["open"])
    add_product(session.book, name="大米")  # only for the test: the GUI thread never does this
    for i in range(5):
        session.call(lambda book, i=i: i, key="search", done=got.append)
    session.call(lambda book: "last", done=got.append)
    qtbot.waitUntil(lambda: "last" in got)
    assert got[0] == "open" and got[-1] == "last"
    assert 4 in got and all(
        x in (0, 1, 2, 3, 4) for x in got[1:-1]
    )  # older searches may be skipped
    errors = []
    session.call(lambda book: add_customer(book, name=""), error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors[0].key == "required"
    session.close()
    assert not session.is_open
    assert open_book  # keep the import for readers


def test_matplotlib_is_not_imported_until_a_chart_is_shown():
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen';"
        "from ui.app import create_app, create_window;"
        "import ui.main_window, ui.customer_detail, ui.charts;"
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.stdout.strip() == "False", out.stderr


def test_import_wizard_previews_problems_and_imports_the_good_rows(qtbot, tmp_path):
    import ui.import_wizard as iw

    path = tmp_path / "book.db"
    csv = tmp_path / "客户.csv"
    csv.write_text("客户名单\n姓名,电话,片区,家庭人数\n王建国,139 1234 5678,东城片区,3\n李秀英,12ab,西城片区,2\n"
                   "赵敏,13600000005,西城片区,五\n", encoding="utf-8")  # fmt: skip
    win = open_window(qtbot, path)
    wizard = win.open_plugin("ui.import_wizard") or win.findChild(iw.ImportWizard)
    assert isinstance(wizard, iw.ImportWizard)
    wizard.path.setText(str(csv))
    wizard.read()
    qtbot.waitUntil(lambda: wizard.preview.rowCount() == 3, timeout=20_000)
    assert wizard.kind == "customers" and wizard.table.header_row == 2
    problems = wizard.preview.item(1, 2).text()  # right after the action: seen without scrolling
    assert "row 4" in problems and "phone" in problems
    wizard.run_import()
    qtbot.waitUntil(lambda: wizard.stack.currentWidget() is wizard.report, timeout=20_000)
    assert "row 4" in wizard.report.toPlainText()
    assert rows(path, "SELECT COUNT(*) FROM customers") == [(0,)]  # all or nothing
    wizard.skip_invalid.setChecked(True)
    wizard.run_import()
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=20_000)
    assert sorted(r[0] for r in rows(path, "SELECT name FROM customers")) == sorted(
        ["王建国", "赵敏"]
    )
    assert rows(path, "SELECT household_size FROM customers WHERE name = '赵敏'") == [(5,)]
    qtbot.waitUntil(lambda: win.stats is not None and win.stats.customers == 2)


def test_every_tr_call_can_be_found_by_lupdate():
    """lupdate only sees tr()/translate() with a literal text outside f-strings."""
    import ast

    bad = []
    for path in sorted((ROOT / "ui").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_fstring = {
            id(n) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for n in ast.walk(f)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in ("tr", "translate"):
                continue
            text_arg = node.args[1] if node.func.attr == "translate" and len(node.args) > 1 else (
                node.args[0] if node.args else None)  # fmt: skip
            literal = isinstance(text_arg, ast.Constant) and isinstance(text_arg.value, str)
            if id(node) in in_fstring or not literal:
                bad.append(f"{path.name}:{node.lineno}")
    assert bad == []
