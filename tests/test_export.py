"""Export (salesbook.excel.export): workbooks written and read back."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from salesbook.cli import main
from salesbook.cli.demo import build_demo
from salesbook.excel.export import export_book, export_due, export_plan
from salesbook.excel.importer import import_file
from salesbook.records.customers import add_customer
from salesbook.store.book import open_book

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, customers=60, seed=3, today=TODAY)
    return path


@pytest.fixture
def book(demo_path, tmp_path):
    copy = tmp_path / "book.db"
    copy.write_bytes(demo_path.read_bytes())
    b = open_book(copy)
    yield b
    b.close()


def test_book_export_sheets_headers_and_types(book, tmp_path):
    add_customer(
        book, name="=cmd|' /C calc'!A0", phone="13912340000", notes="@SUM(1+1)", area="-危险"
    )
    out = tmp_path / "book.xlsx"
    result = export_book(book, out, TODAY)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["客户", "商品", "送货", "收款", "联系", "投诉", "关系变化", "用量设定",
                             "暂缓", "不再建议", "设置", "消息模板", "价值快照", "预测"]  # fmt: skip
    assert result.sheets["客户"] == 61
    ws = wb["客户"]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["姓名", "电话", "地址", "片区"] and "唯一编号" in headers
    assert (
        ws.freeze_panes == "A2"
        and ws.auto_filter.ref == f"A1:{ws.cell(1, len(headers)).column_letter}62"
    )
    assert all(c.font.bold for c in ws[1])
    assert ws.column_dimensions["A"].width >= 6 and ws.column_dimensions["C"].width > 10
    col = {h: i for i, h in enumerate(headers)}
    rows = list(ws.iter_rows(min_row=2, values_only=False))
    for r in rows:
        phone = r[col["电话"]]
        if phone.value is not None:
            assert phone.data_type == "s"  # phones are text, never numbers
    danger = next(r for r in rows if r[col["姓名"]].value.startswith("=cmd"))
    assert danger[col["姓名"]].data_type == "s" and danger[col["备注"]].value == "@SUM(1+1)"
    assert danger[col["片区"]].data_type == "s"
    owed = rows[0][col["欠款"]]
    assert owed.number_format.startswith('"¥"#,##0.00')
    d = wb["送货"]
    drow = [c for c in d[2]]
    assert isinstance(drow[0].value, datetime) and drow[0].number_format == "yyyy-mm-dd"
    dh = [c.value for c in d[1]]
    amount = drow[dh.index("金额")]
    assert amount.number_format.startswith('"¥"') and isinstance(amount.value, int | float)
    total = book.conn.execute(
        "SELECT SUM(amount_fen) FROM deliveries WHERE deleted_at IS NULL"
    ).fetchone()[0]
    exported = sum(
        Decimal(str(r[dh.index("金额")])) for r in d.iter_rows(min_row=2, values_only=True)
    )
    assert exported * 100 == total
    f = wb["预测"]
    assert [c.value for c in f[1]][:4] == ["客户", "电话", "片区", "品名"] and f.max_row > 2


def test_book_export_in_english_and_round_trip(book, tmp_path):
    out = tmp_path / "book_en.xlsx"
    export_book(book, out, TODAY, lang="en")
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames[:5] == ["Customers", "Products", "Deliveries", "Payments", "Contacts"]
    assert wb.sheetnames[-1] == "Forecast"
    wb.close()
    # the exported customers re-import into an empty book with the same uids and fields
    fresh = open_book(tmp_path / "fresh.db")
    r = import_file(fresh, "customers", out, sheet="Customers")
    n = book.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    assert r.inserted == n
    q = "SELECT uid, name, phone, household_size, pay_cycle, level FROM customers ORDER BY uid"
    assert fresh.conn.execute(q).fetchall() == book.conn.execute(q).fetchall()
    # and importing the same export again updates nothing, duplicates nothing
    r2 = import_file(fresh, "customers", out, sheet="Customers")
    assert r2.inserted == 0 and r2.unchanged == n
    fresh.close()


def test_due_and_plan_are_printable(book, tmp_path):
    export_due(book, tmp_path / "due.xlsx", TODAY, within=3)
    export_plan(book, tmp_path / "plan.xlsx", TODAY, capacity=8)
    for name in ("due.xlsx", "plan.xlsx"):
        wb = openpyxl.load_workbook(tmp_path / name)
        ws = wb.worksheets[0]
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows.replace("$", "") == "2:2" and ws.freeze_panes == "A3"
        assert "2026-03-02" in ws["A1"].value and ws["A1"].font.bold
    plan = openpyxl.load_workbook(tmp_path / "plan.xlsx").worksheets[0]
    assert plan.max_row - 2 <= 8


def test_cli_export_commands(book, tmp_path, capsys):
    path = book.path
    book.close()
    for cmd in (["export", "book"], ["export", "due"], ["export", "plan"]):
        out = str(tmp_path / f"{cmd[1]}.xlsx")
        assert main(["--lang", "en", "--book", path, *cmd, out, "--on", TODAY.isoformat()]) == 0
        assert "Exported" in capsys.readouterr().out
    assert main(["--book", path, "export", "book", str(tmp_path / "zh.xlsx"), "--lang", "en"]) == 0
    assert openpyxl.load_workbook(tmp_path / "zh.xlsx", read_only=True).sheetnames[0] == "Customers"
    assert (
        main(["--lang", "en", "--book", path, "export", "book", str(tmp_path / "no" / "x.xlsx")])
        == 1
    )
    assert "Cannot write" in capsys.readouterr().err


def _widths(ws) -> list[float]:
    from openpyxl.utils import get_column_letter

    dims = [ws.column_dimensions[get_column_letter(c)] for c in range(1, ws.max_column + 1)]
    return [d.width for d in dims if not d.hidden]  # hidden columns (sb.*) are not printed


def test_every_sheet_prints_a_few_pages_wide_not_one_page_per_column(book, tmp_path):
    from openpyxl.utils import column_index_from_string

    from salesbook.excel.write import pages_wide

    out = tmp_path / "book.xlsx"
    export_book(book, out, TODAY)
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        widths = _widths(ws)
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToHeight == 0 and int(ws.page_setup.paperSize) == 9
        if ws.print_area:  # uids (and the value group) are not printed
            widths = widths[
                : column_index_from_string(ws.print_area.split(":")[-1].strip("$0123456789"))
            ]
        assert ws.page_setup.fitToWidth == min(pages_wide(widths), 2), ws.title
    assert wb["送货"].page_setup.fitToWidth == 1
    # a rate shown as 0.00 gets a column for "0.00", not for its float repr
    forecast = wb["预测"]
    head = [c.value for c in forecast[1]]
    rate = head.index("日用量")
    assert forecast.cell(2, rate + 1).number_format == "0.00"
    assert _widths(forecast)[rate] <= 12


def test_english_workbooks_carry_no_chinese_words_of_ours(book, tmp_path):
    import re

    from salesbook.excel.summary import write_summary

    write_summary(book, tmp_path / "s.xlsx", rep="Wang", on=TODAY, lang="en")
    meta = openpyxl.load_workbook(tmp_path / "s.xlsx").worksheets[0]
    assert meta.title == "Meta"
    about = [r[2] for r in meta.iter_rows(min_row=2, values_only=True)]
    assert about and not any(re.search(r"[\u4e00-\u9fff]", a or "") for a in about)
    # the level column of the due list is wide enough for "acquaintance"
    export_due(book, tmp_path / "due.xlsx", TODAY, within=3, lang="en")
    ws = openpyxl.load_workbook(tmp_path / "due.xlsx").worksheets[0]
    head = [c.value for c in ws[2]]
    assert _widths(ws)[head.index("Level")] >= len("acquaintance") + 1


def test_a_collection_names_its_payday_the_local_way():
    from types import SimpleNamespace

    from salesbook.excel.export import describe

    item = SimpleNamespace(kind="collect", days_left=8, due_date="2026-03-10", amount="1234.50",
                           amount_fen=123450)  # fmt: skip
    assert describe(item, TODAY, "en") == "owes ¥1,234.50, payday Mar 10"
    assert describe(item, TODAY, "zh") == "欠款 ¥1,234.50 发薪日 3月10日"
    on_payday = SimpleNamespace(**{**vars(item), "days_left": 0})
    late = SimpleNamespace(**{**vars(item), "days_left": -2})
    assert describe(on_payday, TODAY, "en") == "owes ¥1,234.50, payday today"
    assert describe(on_payday, TODAY, "zh") == "欠款 ¥1,234.50 今天发薪"
    assert describe(late, TODAY, "zh") == "欠款 ¥1,234.50 发薪日已过"


def test_due_plan_and_summary_report_progress_and_can_be_cancelled(book, tmp_path):
    from salesbook.excel.summary import write_summary

    class Stop(Exception):
        pass

    seen: list[tuple[str, int]] = []
    export_due(
        book, tmp_path / "d.xlsx", TODAY, within=30, progress=lambda s, n: seen.append((s, n))
    )
    export_plan(book, tmp_path / "p.xlsx", TODAY, progress=lambda s, n: seen.append((s, n)))
    write_summary(book, tmp_path / "s.xlsx", rep="王芳", on=TODAY,
                  progress=lambda s, n: seen.append((s, n)))  # fmt: skip
    assert {"待办", "拜访计划"} <= {s for s, _ in seen}
    assert len({s for s, _ in seen}) >= 5  # the summary's sheets too

    def stop(_sheet, _n):
        raise Stop

    with pytest.raises(Stop):
        export_due(book, tmp_path / "x.xlsx", TODAY, within=30, progress=stop)
