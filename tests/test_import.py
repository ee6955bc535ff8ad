"""Import from real spreadsheets (salesbook.excel.importer): headers, synonyms, mapping,
duplicates, all-or-nothing, undo, deliveries feeding the forecast, the CLI."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from salesbook.cli import main
from salesbook.errors import ImportFailed
from salesbook.excel.importer import (
    ImportCancelled,
    MappingError,
    detect_mapping,
    import_file,
    import_table,
    list_imports,
    preview,
    read_table,
    revert_import,
)
from salesbook.store.book import open_book

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture
def book(tmp_path):
    b = open_book(tmp_path / "book.db")
    yield b
    b.close()


def customers(book) -> list[tuple]:
    return book.conn.execute(
        "SELECT name, phone, address, area, household_size, pay_cycle, level, notes FROM customers ORDER BY id"
    ).fetchall()


def count(book, table: str) -> int:
    return book.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def write_xlsx(path: Path, rows: list[list], title: str = "Sheet1") -> Path:
    wb = Workbook()
    wb.active.title = title
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def seed(book) -> None:
    """Customers and products the delivery fixtures refer to."""
    import_file(book, "customers", FIX / "customers_title.xlsx")
    import_file(book, "products", FIX / "products.csv")


# -- reading and mapping ----------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["customers_title.xlsx", "customers_title.xls", "customers_title.ods", "customers_title.fods"],
)
def test_header_found_under_title_rows_and_values_normalised(book, name):
    path = FIX / name
    if not path.exists():
        pytest.skip(f"{name} not generated (needs LibreOffice)")
    table = read_table(path, "customers")
    assert table.header_row == 4 and table.sheet == "客户名单"
    result = import_file(book, "customers", path)
    assert result.inserted == 4 and result.skipped_totals == 2  # 合计 + 制表人
    rows = {r[0]: r for r in customers(book)}
    wang, li, zhang, chen = rows["王建国"], rows["李秀英"], rows["张伟"], rows["陈静"]
    assert (
        wang[1:][:1] == ("13912345678",)
        and wang[4] == 3
        and wang[5] == "monthly:10"
        and wang[6] == "friend"
    )
    assert (
        li[1] == "13812345678" and li[5] == "monthly:20" and li[6] == "acquaintance"
    )  # 全角, 20日, 老客户
    assert zhang[4] == 2 and zhang[5] == "monthly:31"  # 两口, 月底
    assert chen[4] == 5 and chen[1] is None and chen[5] == "monthly:15"  # ５, payday as a number
    if name.endswith(".xlsx"):
        assert li[3] == "幸福里"  # the merged area cell fills both rows


@pytest.mark.parametrize("name", ["customers_utf8.csv", "customers_bom.csv", "customers_gbk.csv"])
def test_csv_encodings(book, name):
    result = import_file(book, "customers", FIX / name)
    assert result.inserted == 2 and result.skipped_totals == 1
    assert [r[0] for r in customers(book)] == ["王建国", "李秀英"]
    assert customers(book)[1][4] == 4  # full-width ４


def test_utf16_tab_separated_csv(book, tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes("Name\tPhone\tHousehold size\r\nWang Wei\t13912345678\t3\r\n".encode("utf-16"))
    result = import_file(book, "customers", path)
    assert result.inserted == 1 and customers(book)[0][:2] == ("Wang Wei", "13912345678")


def test_english_and_chinese_synonyms(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["Customer Name", "Mobile", "Addr.", "Route", "People", "Payday",
                                             "Relationship", "Remarks"], ["A", "13912345678", "x", "r", 3, 10,
                                                                          "friend", "n"]])  # fmt: skip
    m = detect_mapping(read_table(path, "customers"), "customers")
    assert set(m.columns.values()) == {"name", "phone", "address", "area", "household_size", "pay_day",
                                       "level", "notes"}  # fmt: skip
    path = write_xlsx(tmp_path / "y.xlsx", [["客户电话", "客户姓名", "送货日期", "商品", "数量", "金额"],
                                            ["13912345678", "王", "2025-1-1", "大米", 1, 6]])  # fmt: skip
    m = detect_mapping(read_table(path, "deliveries"), "deliveries")
    assert m.columns == {
        0: "phone",
        1: "customer",
        2: "date",
        3: "product",
        4: "quantity",
        5: "amount",
    }


def test_map_option_fixes_an_unknown_column(book, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["姓名", "电话", "口子"], ["王五", "13900001111", 3]])
    table = read_table(path, "customers")
    assert "household_size" not in detect_mapping(table, "customers").columns.values()
    m = detect_mapping(table, "customers", ["口子=household_size"])
    assert m.columns[2] == "household_size"
    assert detect_mapping(table, "customers", ["C=家庭人数"]).columns[2] == "household_size"
    assert 1 not in detect_mapping(table, "customers", ["电话=-"]).columns  # ignore a column
    with pytest.raises(MappingError):
        detect_mapping(table, "customers", ["口子=shoe_size"])
    with pytest.raises(MappingError):
        detect_mapping(table, "customers", ["nope=name"])
    import_table(book, table, "customers", m)
    assert customers(book)[0][4] == 3


def test_missing_required_column_is_refused(book, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["客户", "品名", "数量"], ["王五", "大米", 3]])
    table = read_table(path, "deliveries")
    m = detect_mapping(table, "deliveries")
    assert m.missing == ["date"]
    with pytest.raises(MappingError) as exc:
        import_table(book, table, "deliveries", m)
    assert "日期" in exc.value.message("zh") and count(book, "imports") == 0


# -- all or nothing ---------------------------------------------------------------


def test_bad_rows_abort_with_row_and_field_and_leave_the_book_unchanged(book):
    import_file(book, "customers", FIX / "customers_utf8.csv")
    before = customers(book), count(book, "imports"), count(book, "level_history")
    with pytest.raises(ImportFailed) as exc:
        import_file(book, "customers", FIX / "customers_bad.xlsx")
    where = {(p.row, p.field) for p in exc.value.problems}
    assert where == {(3, "household_size"), (4, "pay_day"), (5, "name"), (6, "level")}
    msgs = [p.message("zh") for p in exc.value.problems]
    assert any(m.startswith("第 3 行，家庭人数") for m in msgs)
    assert any("第 4 行，发薪日" in m and "每月40号" in m for m in msgs)
    assert (customers(book), count(book, "imports"), count(book, "level_history")) == before
    en = [p.message("en") for p in exc.value.problems]
    assert "row 5, name: is required" in en


def test_skip_invalid_imports_the_good_rows(book):
    result = import_file(book, "customers", FIX / "customers_bad.xlsx", skip_invalid=True)
    assert result.inserted == 1 and [r[0] for r in customers(book)] == ["好人"]
    assert len(result.problems) == 4 and result.skipped == 4


def test_dry_run_changes_nothing_but_counts(book):
    result = import_file(book, "customers", FIX / "customers_title.xlsx", dry_run=True)
    assert result.inserted == 4 and result.import_id is None
    assert count(book, "customers") == 0 and count(book, "imports") == 0


def test_progress_callback_can_cancel(book):
    seen = []

    def progress(done, total, stage):
        seen.append(stage)
        raise ImportCancelled()

    rows = [["姓名", "电话"]] + [[f"客户{i}", f"139{i:08d}"] for i in range(2100)]
    path = write_xlsx(Path(book.path).parent / "many.xlsx", rows)
    with pytest.raises(ImportCancelled):
        import_file(book, "customers", path, progress=progress)
    assert seen and count(book, "customers") == 0


# -- duplicates -------------------------------------------------------------------


def test_reimport_updates_never_duplicates(book, tmp_path):
    import_file(book, "customers", FIX / "customers_title.xlsx")
    again = import_file(book, "customers", FIX / "customers_title.xlsx")
    assert again.inserted == 0 and again.unchanged == 4 and count(book, "customers") == 4
    path = write_xlsx(tmp_path / "new.xlsx", [["姓名", "电话", "人数", "关系"],
                                              ["王建国", "139-1234-5678", 5, "知己"]])  # fmt: skip
    r = import_file(book, "customers", path)
    assert (r.inserted, r.updated) == (0, 1)
    wang = book.conn.execute(
        "SELECT household_size, level, address FROM customers WHERE name='王建国'"
    ).fetchone()
    assert wang == (5, "confidant", "幸福里3号楼201")  # blank cells never erase
    history = book.conn.execute(
        "SELECT from_level, to_level FROM level_history h JOIN customers c ON c.id = h.customer_id"
        " WHERE c.name = '王建国' ORDER BY h.id"
    ).fetchall()
    assert history[-1] == ("friend", "confidant")


def test_modes_skip_and_keep(book, tmp_path):
    import_file(book, "customers", FIX / "customers_utf8.csv")
    path = write_xlsx(tmp_path / "x.xlsx", [["姓名", "电话", "人数"], ["王建国", "13912345678", 9]])
    r = import_file(book, "customers", path, mode="skip")
    assert r.skipped_duplicates == 1 and count(book, "customers") == 2
    assert book.conn.execute(
        "SELECT household_size FROM customers WHERE name='王建国'"
    ).fetchone() == (3,)
    r = import_file(book, "customers", path, mode="keep")
    assert r.inserted == 1 and count(book, "customers") == 3


def test_duplicates_within_the_file(book, tmp_path):
    rows = [["姓名", "电话", "地址", "人数"], ["王五", "13900001111", "", 3], ["王五", "13900001111", "东街1号", ""],
            ["李四", "", "西街2号", 2], ["李四", "", "西街2号", 4], ["李四", "", "北街9号", 1]]  # fmt: skip
    path = write_xlsx(tmp_path / "dup.xlsx", rows)
    r = import_file(book, "customers", path)
    assert (r.inserted, r.merged) == (3, 2)
    got = sorted(customers(book))
    assert ("王五", "13900001111", "东街1号", None, 3, "none", "passerby", None) in got
    assert [g[2] for g in got if g[0] == "李四"] == ["北街9号", "西街2号"] or \
           sorted(g[2] for g in got if g[0] == "李四") == ["北街9号", "西街2号"]  # fmt: skip
    assert next(g for g in got if g[2] == "西街2号")[4] == 4  # the later row wins
    book2 = open_book(tmp_path / "b2.db")
    assert import_file(book2, "customers", path, mode="skip").skipped_duplicates == 2
    assert import_file(open_book(tmp_path / "b3.db"), "customers", path, mode="keep").inserted == 5


def test_match_on_name_and_address_without_phone(book, tmp_path):
    import_file(book, "customers", write_xlsx(tmp_path / "a.xlsx", [["姓名", "地址"], ["张三", "东街1号"],
                                                                    ["张三", "西街2号"]]))  # fmt: skip
    r = import_file(book, "customers", write_xlsx(tmp_path / "b.xlsx", [["姓名", "地址", "人数"],
                                                                        ["张三", "西街2号", 4]]))  # fmt: skip
    assert (r.inserted, r.updated) == (0, 1)
    assert book.conn.execute(
        "SELECT household_size FROM customers WHERE address='西街2号'"
    ).fetchone() == (4,)
    with pytest.raises(ImportFailed) as exc:  # two 张三 and no address: cannot tell which
        import_file(
            book, "customers", write_xlsx(tmp_path / "c.xlsx", [["姓名", "人数"], ["张三", 4]])
        )
    assert exc.value.problems[0].key == "ambiguous_customer"


# -- undo -------------------------------------------------------------------------


def test_revert_restores_updated_and_removes_inserted(book, tmp_path):
    import_file(book, "customers", FIX / "customers_utf8.csv")
    original = customers(book)
    path = write_xlsx(tmp_path / "x.xlsx", [["姓名", "电话", "人数", "关系"], ["王建国", "13912345678", 8, "知己"],
                                            ["新人", "13700000000", 1, "过客"]])  # fmt: skip
    r = import_file(book, "customers", path)
    assert (r.inserted, r.updated) == (1, 1)
    listed = list_imports(book)
    assert listed[0].id == r.import_id and (listed[0].inserted, listed[0].updated) == (1, 1)
    revert_import(book, r.import_id)
    assert customers(book) == original
    assert list_imports(book)[0].reverted_at
    from salesbook.errors import ValidationError

    with pytest.raises(ValidationError):
        revert_import(book, r.import_id)


def test_revert_refused_when_imported_customers_got_new_records(book):
    from salesbook.records.contacts import log_contact

    r = import_file(book, "customers", FIX / "customers_utf8.csv")
    cid = book.conn.execute("SELECT id FROM customers LIMIT 1").fetchone()[0]
    log_contact(book, cid, on=date(2025, 5, 1), note="聊了聊")
    from salesbook.errors import ValidationError

    with pytest.raises(ValidationError) as exc:
        revert_import(book, r.import_id)
    assert exc.value.key == "import_revert_blocked" and count(book, "customers") == 2


# -- deliveries and payments ----------------------------------------------------


def test_deliveries_import_feeds_the_forecast_and_balances(book):
    seed(book)
    result = import_file(book, "deliveries", FIX / "deliveries.xlsx")
    assert result.inserted == 4 and result.skipped_totals == 1
    rows = book.conn.execute(
        "SELECT c.name, p.name, d.date, d.quantity, d.unit_price_fen, d.amount_fen FROM deliveries d"
        " JOIN customers c ON c.id = d.customer_id JOIN products p ON p.id = d.product_id ORDER BY d.id"
    ).fetchall()
    assert rows == [
        ("王建国", "大米", "2025-03-05", 10.0, 600, 6000),
        ("王建国", "大米", "2025-04-01", 10.0, 600, 6000),  # Excel serial 45748, price as text
        ("李秀英", "食用油", "2025-03-08", 5.0, 1600, 8000),  # 2025年3月8日, price from the product
        ("张伟", "大米", "2025-03-09", 15.0, 580, 8700),  # a phone in the customer column
    ]
    pays = book.conn.execute("SELECT amount_fen FROM payments ORDER BY id").fetchall()
    assert pays == [(6000,), (5000,)]  # 是 -> paid in full; 50 -> paid 50 yuan
    supply = book.conn.execute(
        "SELECT c.name, s.n_deliveries, s.runout_date FROM supply s JOIN customers c ON c.id = s.customer_id"
        " ORDER BY c.name"
    ).fetchall()
    assert {s[0]: s[1] for s in supply} == {"王建国": 2, "李秀英": 1, "张伟": 1}
    assert all(s[2] for s in supply)
    bal = dict(book.conn.execute(
        "SELECT c.name, cs.balance_fen FROM customer_state cs JOIN customers c ON c.id = cs.customer_id"
    ).fetchall())  # fmt: skip
    assert bal["王建国"] == 6000 and bal["张伟"] == 3700 and bal["李秀英"] == 8000
    again = import_file(
        book, "deliveries", FIX / "deliveries.xlsx"
    )  # the same file twice: no doubles
    assert again.inserted == 0 and again.skipped_duplicates == 4 and count(book, "deliveries") == 4
    revert_import(book, result.import_id)
    assert (
        count(book, "deliveries") == 0
        and count(book, "supply") == 0
        and count(book, "payments") == 0
    )


def test_deliveries_unknown_customer_product_and_bad_values(book, tmp_path):
    seed(book)
    path = write_xlsx(tmp_path / "d.xlsx", [
        ["客户", "品名", "日期", "数量"],
        ["王建国", "大米", "2025-02-30", 5],  # row 2: impossible date
        ["无名氏", "大米", "2025-03-01", 5],  # row 3: unknown customer
        ["王建国", "钻石", "2025-03-01", 5],  # row 4: unknown product
        ["王建国", "大米", "2025-03-01", 0],  # row 5: quantity <= 0
        ["王建国", "大米", "2025-03-01", 5],  # good
    ])  # fmt: skip
    with pytest.raises(ImportFailed) as exc:
        import_file(book, "deliveries", path)
    got = {(p.row, p.field, p.key) for p in exc.value.problems}
    assert got == {(2, "date", "impossible_date"), (3, "customer", "unknown_customer"),
                   (4, "product", "unknown_product"), (5, "quantity", "not_positive")}  # fmt: skip
    assert count(book, "deliveries") == 0 and count(book, "supply") == 0


def test_payments_and_products(book):
    seed(book)
    r = import_file(book, "payments", FIX / "payments.csv")
    assert r.inserted == 2
    assert book.conn.execute("SELECT SUM(amount_fen) FROM payments").fetchone() == (10000,)
    r = import_file(book, "products", FIX / "products.csv")
    assert r.unchanged == 2 and r.inserted == 0
    assert book.conn.execute(
        "SELECT unit_price_fen, per_person_daily FROM products WHERE name='大米'"
    ).fetchone() == (600, 0.15)


def test_preview_marks_problems_and_actions(book):
    import_file(book, "customers", FIX / "customers_utf8.csv")
    table = read_table(FIX / "customers_bad.xlsx", "customers")
    rows = preview(book, table, "customers", detect_mapping(table, "customers"), n=3)
    assert [r.row for r in rows] == [2, 3, 4]
    assert rows[0].action == "insert" and not rows[0].problems
    assert rows[1].problems[0].field == "household_size" and rows[1].action == "invalid"
    assert rows[1].values["household_size"] == -2
    assert count(book, "customers") == 2  # preview never writes


# -- the command line -------------------------------------------------------------


def test_cli_import_errors_exit_1_and_name_row_and_field(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    assert main(["new", db]) == 0
    assert (
        main(["--lang", "zh", "--book", db, "import", "customers", str(FIX / "customers_bad.xlsx")])
        == 1
    )
    err = capsys.readouterr().err
    assert "customers_bad.xlsx" in err and "第 3 行，家庭人数" in err and "第 5 行，姓名" in err
    book = open_book(db)
    assert count(book, "customers") == 0
    book.close()


def test_cli_import_dry_run_map_list_revert(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    assert main(["new", db]) == 0
    src = str(shutil.copy(FIX / "customers_title.xlsx", tmp_path / "c.xlsx"))
    assert main(["--lang", "en", "--book", db, "import", "customers", src, "--dry-run"]) == 0
    assert "Dry run: 4 row(s)" in capsys.readouterr().out
    assert main(["--lang", "en", "--book", db, "import", "customers", src, "--map", "备注=-"]) == 0
    out = capsys.readouterr().out
    assert "4 new" in out and "备注→(ignored)" in out
    assert (
        main(["--lang", "en", "--book", db, "import", "products", str(FIX / "products.csv")]) == 0
    )
    assert main(["--lang", "en", "--book", db, "import", "deliveries", str(FIX / "deliveries.xlsx"),
                 "--format", "json"]) == 0  # fmt: skip
    assert '"inserted": 4' in capsys.readouterr().out
    assert main(["--lang", "en", "--book", db, "import", "list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["kind"] == "deliveries"
    assert main(["--lang", "en", "--book", db, "import", "revert", "3"]) == 0
    assert "Reverted import 3" in capsys.readouterr().out
    assert main(["--lang", "en", "--book", db, "import", "customers", src, "--mode", "bogus"]) == 2
