"""Visit plan > Print…: through the real QPrintDialog, to a PDF file, and an
area's heading never ends a page without its first stop."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from ui_support import copy_book, demo_book, isolated_qsettings, open_window  # noqa: E402,F401


@pytest.fixture(scope="module")
def demo300(tmp_path_factory) -> Path:
    return demo_book(tmp_path_factory.mktemp("demo300"), 300)


def _print_through_the_dialog(qtbot, plan, target: Path) -> None:
    from PySide6.QtWidgets import QComboBox, QLineEdit

    plan.print_plan()  # raised TypeError (QPrintDialog.open() wants 2 arguments) before
    dialog = plan.print_dialog
    qtbot.waitUntil(dialog.isVisible)
    # No printer on a test machine: Qt's own dialog offers "Print to File (PDF)"
    # and a file name field, which the test fills as a user would.
    printers = dialog.findChild(QComboBox, "printers")
    assert printers.currentText()
    dialog.findChild(QLineEdit, "filename").setText(str(target))
    dialog.accept()


def test_print_goes_through_the_print_dialog_to_a_pdf(qtbot, demo300, tmp_path):
    win = open_window(qtbot, copy_book(demo300, tmp_path))
    plan = win.plan_view
    win.show_view("plan")
    qtbot.waitUntil(lambda: plan.is_loaded)
    assert plan.stop_count() > 0
    target = tmp_path / "printed.pdf"
    _print_through_the_dialog(qtbot, plan, target)
    qtbot.waitUntil(lambda: target.exists() and target.stat().st_size > 2000)
    assert target.read_bytes().startswith(b"%PDF")


def _pages_of_each_area(plan, doc) -> list[tuple[str, int, int]]:
    """(heading, its page, the page of the area's first stop) for every area of the plan."""
    layout, height = doc.documentLayout(), doc.pageSize().height()
    blocks, block = [], doc.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    found, at = [], 0
    for day in plan.plans:
        for area, stops in day.by_area():
            heading = f"{area or plan.tr('No area')} ({len(stops)})"
            at = next(i for i in range(at, len(blocks)) if blocks[i].text() == heading)
            stop = next(
                i
                for i in range(at, len(blocks))
                if blocks[i].text().split("\u2028")[0] == stops[0].customer
            )
            pages = [int(layout.blockBoundingRect(blocks[i]).top() // height) for i in (at, stop)]
            found.append((heading, *pages))
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_area_heading_never_ends_a_page_without_its_first_stop(qtbot, demo300, tmp_path, lang):
    from PySide6.QtGui import QPageSize, QPdfWriter

    win = open_window(qtbot, copy_book(demo300, tmp_path), lang=lang)
    plan = win.plan_view
    win.show_view("plan")
    qtbot.waitUntil(lambda: plan.is_loaded)
    writer = QPdfWriter(str(tmp_path / "plan.pdf"))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    breaks = 0
    for capacity in (20, 35, 50, 60, 80):  # page breaks land at many places in the plan
        plan.capacity.setValue(capacity)
        qtbot.waitUntil(lambda c=capacity: plan.stop_count() == c, timeout=10_000)
        areas = _pages_of_each_area(plan, plan._document(writer))
        assert len(areas) >= 3
        for heading, heading_page, first_stop_page in areas:
            assert heading_page == first_stop_page, f"{heading!r} ends page {heading_page + 1}"
        breaks += len({p for _, p, _ in areas}) - 1
    assert breaks > 5  # the check met real page breaks
