"""Workbooks a manager prints as they are (issue 13): one Chinese font in every
cell, every sheet's page set-up and footer, phones in the text format, the due
export's column words, the team report's words."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from salesbook.cli.demo import build_demo
from salesbook.excel.export import export_book, export_due, export_plan
from salesbook.excel.summary import write_summary
from salesbook.excel.write import FONT_NAME
from salesbook.store.book import open_book

TODAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, customers=40, seed=5, today=TODAY)
    return path


@pytest.fixture
def book(demo_path, tmp_path):
    copy = tmp_path / "book.db"
    copy.write_bytes(demo_path.read_bytes())
    b = open_book(copy)
    yield b
    b.close()


def _workbooks(book, tmp_path, lang: str) -> dict[str, openpyxl.Workbook]:
    out = {}
    for kind, write in (
        ("book", lambda p: export_book(book, p, TODAY, lang=lang)),
        ("due", lambda p: export_due(book, p, TODAY, within=7, lang=lang)),
        ("plan", lambda p: export_plan(book, p, TODAY, lang=lang)),
        ("summary", lambda p: write_summary(book, p, rep="王", on=TODAY, lang=lang, today=TODAY)),
    ):
        path = tmp_path / f"{kind}-{lang}.xlsx"
        write(path)
        out[kind] = openpyxl.load_workbook(path)
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_cell_of_every_workbook_is_in_the_one_chinese_font(book, tmp_path, lang):
    for kind, wb in _workbooks(book, tmp_path, lang).items():
        for ws in wb.worksheets:
            fonts = {c.font.name for row in ws.iter_rows(max_row=40) for c in row}
            assert fonts == {FONT_NAME}, (kind, ws.title, fonts)
    assert FONT_NAME in ("Microsoft YaHei", "等线", "DengXian", "微软雅黑")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sheet_prints_with_a_footer_header_rows_and_at_most_two_pages(book, tmp_path, lang):
    page = "Page &P of &N" if lang == "en" else "第 &P 页，共 &N 页"
    for kind, wb in _workbooks(book, tmp_path, lang).items():
        for ws in wb.worksheets:
            where = (kind, ws.title)
            assert page in ws.oddFooter.center.text and "&D" in ws.oddFooter.right.text, where
            assert "&A" in ws.oddFooter.left.text, where
            assert ws.print_title_rows, where
            assert ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert 1 <= ws.page_setup.fitToWidth <= 2 and ws.page_setup.fitToHeight == 0, where
            assert ws.page_setup.pageOrder == "overThenDown", where
            assert not ws.print_options.gridLines, (
                where
            )  # borders instead: no boxes round the title
            header = 2 if ws.freeze_panes == "A3" else 1
            data = ws.cell(header + 1, 1)
            if data.value is not None:
                assert data.border.left.style == "thin", where
            if header == 2:  # the title cell has no border
                left = ws.cell(1, 1).border.left
                assert left is None or left.style is None, where


def test_uids_are_last_and_out_of_the_print_area(book, tmp_path):
    wbs = _workbooks(book, tmp_path, "zh")
    summary = wbs["summary"]["客户"]
    heads = [c.value for c in summary[1]]
    assert heads[0] == "姓名" and heads[-1] == "唯一编号"
    assert summary.print_area.split("!")[1].startswith("$A$1:$")
    last_printed = summary.print_area.split(":")[-1].strip("$0123456789")
    assert openpyxl.utils.column_index_from_string(last_printed) == len(heads) - 1
    customers = wbs["book"]["客户"]
    heads = [c.value for c in customers[1]]
    last_printed = customers.print_area.split(":")[-1].strip("$0123456789")
    assert heads[openpyxl.utils.column_index_from_string(last_printed) - 1] == "已归档"
    assert customers.page_setup.fitToWidth == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_phones_are_in_the_text_format(book, tmp_path, lang):
    phone = "Phone" if lang == "en" else "电话"
    seen = 0
    for kind, wb in _workbooks(book, tmp_path, lang).items():
        for ws in wb.worksheets:
            header = 2 if ws.freeze_panes == "A3" else 1
            heads = [c.value for c in ws[header]]
            if phone not in heads:
                continue
            col = heads.index(phone) + 1
            for r in range(header + 1, min(ws.max_row, header + 20) + 1):
                cell = ws.cell(r, col)
                if cell.value is not None:
                    assert cell.number_format == "@" and cell.data_type == "s", (kind, ws.title)
                    seen += 1
    assert seen > 20


def test_english_plan_title_has_the_weekday(book, tmp_path):
    export_plan(book, tmp_path / "p.xlsx", TODAY, lang="en")
    title = openpyxl.load_workbook(tmp_path / "p.xlsx").active["A1"].value
    assert title.startswith("Visit plan 2026-12-05 Saturday"), title


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ("提醒日", "预计用完", "剩余天数")), ("en", ("Remind on", "Runs out", "Days left"))],
)
def test_due_export_names_its_dates_for_what_they_are(book, tmp_path, lang, words):
    from salesbook.records.due import due_items

    export_due(book, tmp_path / "d.xlsx", TODAY, within=7, lang=lang)
    ws = openpyxl.load_workbook(tmp_path / "d.xlsx").active
    heads = [c.value for c in ws[2]]
    assert "日期" not in heads and "Date" not in heads
    remind, runout, left = (heads.index(w) + 1 for w in words)
    items = due_items(book, TODAY, within=7)
    resupply = 0
    for r, item in enumerate(items, 3):
        assert ws.cell(r, remind).value.date().isoformat() == item.due_date
        assert ws.cell(r, left).value == item.days_left
        if item.kind == "resupply":  # the days left count to the run-out shown beside them
            runs_out = ws.cell(r, runout).value.date()
            assert (runs_out - TODAY).days == item.days_left
            resupply += 1
        else:
            assert ws.cell(r, runout).value is None
    assert resupply


def test_a_date_of_another_year_carries_its_year():
    from types import SimpleNamespace

    from salesbook.excel.export import describe

    last_year = SimpleNamespace(kind="resupply", product="大米", runout_date="2025-12-20",
                                days_left=-16, due_date="2025-12-17")  # fmt: skip
    assert describe(last_year, date(2026, 1, 5), "zh") == "大米 已于2025年12月20日用完"
    assert describe(last_year, date(2026, 1, 5), "en") == "大米 ran out Dec 20, 2025"
    assert describe(last_year, date(2025, 12, 30), "zh") == "大米 已于12月20日用完"


def test_a_blank_cell_keeps_its_border_so_the_printed_table_has_no_gaps(book, tmp_path):
    export_due(book, tmp_path / "d.xlsx", TODAY, within=7)
    ws = openpyxl.load_workbook(tmp_path / "d.xlsx").active
    heads = [c.value for c in ws[2]]
    runout = heads.index("预计用完") + 1
    blanks = [
        ws.cell(r, runout) for r in range(3, ws.max_row + 1) if ws.cell(r, runout).value is None
    ]
    assert blanks and all(c.border.left.style == "thin" for c in blanks)
    assert all(c.font.name == FONT_NAME for c in blanks)
