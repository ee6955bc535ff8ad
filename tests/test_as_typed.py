"""Quantities, amounts and phones as typed (issue 16 part 5): a unit in a
quantity is converted when certain, or the row is a problem naming it; a typed
金额 that disagrees with 数量 x 单价 is a problem, never replaced; +86 numbers
are the same customer as the number without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from salesbook.errors import ImportFailed
from salesbook.excel.importer import import_file
from salesbook.records.customers import add_customer, find_customer, search_customers


def write_xlsx(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


# -- phones -------------------------------------------------------------------


def test_a_plus86_phone_finds_and_matches_the_customer(book, tmp_path):
    c = add_customer(book, name="钱多多", phone="+86 138-0000-0013")
    assert c.phone == "13800000013"
    assert [r.id for r in search_customers(book, "+86 138-0000-0013")] == [c.id]
    assert [r.id for r in search_customers(book, "138-0000-0013")] == [c.id]
    assert find_customer(book, "0086 13800000013").id == c.id
    # an import row with the number written the other way updates that customer
    path = write_xlsx(
        tmp_path / "c.xlsx", [["姓名", "电话", "片区"], ["钱多多", "13800000013", "东城"]]
    )
    result = import_file(book, "customers", path)
    assert (result.inserted, result.updated) == (0, 1)
    assert book.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 1


def test_import_rows_of_one_mobile_written_two_ways_are_one_customer(book, tmp_path):
    path = write_xlsx(
        tmp_path / "c.xlsx",
        [["姓名", "电话"], ["孙小美", "+86 139 1234 0001"], ["孙小美", "13912340001"]],
    )
    import_file(book, "customers", path)
    rows = book.conn.execute("SELECT name, phone FROM customers").fetchall()
    assert rows == [("孙小美", "13912340001")]


# -- a typed amount -------------------------------------------------------------


def _deliveries(seeded, tmp_path, rows: list[list], name: str = "d.xlsx") -> Path:
    return write_xlsx(
        tmp_path / name, [["日期", "客户", "电话", "品名", "数量", "单价", "金额"], *rows]
    )


def test_an_amount_that_disagrees_is_a_problem_not_replaced(seeded, tmp_path):
    before = seeded.snapshot()
    path = _deliveries(seeded, tmp_path, [["2026-03-10", "孙丽", "13500000006", "大米", 2, 6, 13]])
    with pytest.raises(ImportFailed) as err:
        import_file(seeded.book, "deliveries", path)
    (problem,) = err.value.problems
    assert (problem.row, problem.field) == (2, "amount")
    zh, en = problem.message("zh"), problem.message("en")
    assert "¥13.00" in zh and "¥12.00" in zh and "第 2 行" in zh and "金额" in zh
    assert "¥13.00" in en and "¥12.00" in en and "row 2" in en
    assert seeded.snapshot() == before  # nothing recorded


def test_an_amount_within_a_fen_is_accepted(seeded, tmp_path):
    path = _deliveries(
        seeded, tmp_path, [["2026-03-10", "孙丽", "13500000006", "大米", 1.5, 6.33, 9.5]]
    )
    import_file(seeded.book, "deliveries", path)
    row = seeded.book.conn.execute(
        "SELECT quantity, unit_price_fen, amount_fen FROM deliveries d JOIN customers c"
        " ON c.id = d.customer_id WHERE c.name = '孙丽'"
    ).fetchone()
    assert row == (1.5, 633, 950)  # 1.5 x 6.33 = 9.495 -> 9.50: the typed amount agrees


def test_skip_invalid_leaves_out_only_the_disagreeing_row(seeded, tmp_path):
    path = _deliveries(
        seeded, tmp_path,
        [["2026-03-10", "孙丽", "13500000006", "大米", 2, 6, 13],
         ["2026-03-11", "孙丽", "13500000006", "大米", 2, 6, 12]],
    )  # fmt: skip
    result = import_file(seeded.book, "deliveries", path, skip_invalid=True)
    assert result.inserted == 1 and [p.row for p in result.problems] == [2]


# -- a unit in the quantity -------------------------------------------------------


def _one(seeded, name: str = "孙丽") -> tuple:
    return seeded.book.conn.execute(
        "SELECT p.name, d.quantity, d.unit_price_fen, d.amount_fen FROM deliveries d"
        " JOIN customers c ON c.id = d.customer_id JOIN products p ON p.id = d.product_id"
        " WHERE c.name = ? ORDER BY d.id",
        (name,),
    ).fetchall()


@pytest.mark.parametrize(
    "product, typed, quantity",
    [("大米", "3斤", 1.5), ("大米", "3 公斤", 3.0), ("大米", "500克", 0.5), ("大米", "二两", 0.1),
     ("大米", "一斤半", 0.75), ("大米", "2千克", 2.0), ("食用油", "500ml", 0.5),
     ("食用油", "1.8升", 1.8), ("桶装水", "2桶", 2.0), ("大米", "4", 4.0)],
)  # fmt: skip
def test_a_certain_unit_is_converted_to_the_products(seeded, tmp_path, product, typed, quantity):
    path = write_xlsx(
        tmp_path / "d.xlsx",
        [
            ["日期", "客户", "电话", "品名", "数量"],
            ["2026-03-10", "孙丽", "13500000006", product, typed],
        ],
    )
    import_file(seeded.book, "deliveries", path)
    ((name, qty, price, amount),) = _one(seeded)
    assert (name, qty) == (product, quantity)
    assert amount == round(quantity * price)


@pytest.mark.parametrize(
    "product, typed, unit, product_unit",
    [("大米", "2袋", "袋", "kg"), ("桶装水", "3斤", "斤", "桶"), ("食用油", "2kg", "kg", "L"),
     ("大米", "1.5L", "L", "kg")],
)  # fmt: skip
def test_a_unit_that_cannot_be_converted_is_a_problem_naming_it(
    seeded, tmp_path, product, typed, unit, product_unit
):
    before = seeded.snapshot()
    path = write_xlsx(
        tmp_path / "d.xlsx",
        [
            ["日期", "客户", "电话", "品名", "数量"],
            ["2026-03-10", "孙丽", "13500000006", product, typed],
        ],
    )
    with pytest.raises(ImportFailed) as err:
        import_file(seeded.book, "deliveries", path)
    (problem,) = err.value.problems
    assert (problem.row, problem.field, problem.key) == (2, "quantity", "unit_unconvertible")
    zh = problem.message("zh")
    assert f"“{unit}”" in zh and product_unit in zh and "第 2 行" in zh and "数量" in zh
    assert f"'{unit}'" in problem.message("en")
    assert seeded.snapshot() == before


def test_a_price_per_typed_unit_is_read_from_the_amount(seeded, tmp_path):
    # 3 斤 at ¥3.00 a 斤 = ¥9.00: recorded as 1.5 kg at ¥6.00 a kg, ¥9.00
    path = _deliveries(
        seeded, tmp_path, [["2026-03-10", "孙丽", "13500000006", "大米", "3斤", 3, 9]]
    )
    import_file(seeded.book, "deliveries", path)
    assert _one(seeded) == [("大米", 1.5, 600, 900)]


def test_a_price_per_product_unit_with_its_amount_is_kept(seeded, tmp_path):
    # 3 斤 at ¥6.00 a kg = ¥9.00
    path = _deliveries(
        seeded, tmp_path, [["2026-03-10", "孙丽", "13500000006", "大米", "3斤", 6, 9]]
    )
    import_file(seeded.book, "deliveries", path)
    assert _one(seeded) == [("大米", 1.5, 600, 900)]


def test_a_price_without_amount_for_a_converted_unit_is_a_problem(seeded, tmp_path):
    path = write_xlsx(
        tmp_path / "d.xlsx",
        [["日期", "客户", "电话", "品名", "数量", "单价"],
         ["2026-03-10", "孙丽", "13500000006", "大米", "3斤", 3]],
    )  # fmt: skip
    with pytest.raises(ImportFailed) as err:
        import_file(seeded.book, "deliveries", path)
    (problem,) = err.value.problems
    assert (problem.field, problem.key) == ("unit_price", "unit_price_per_what")
    assert "1.5 kg" in problem.message("zh") and "金额" in problem.message("zh")


def test_cli_deliver_converts_or_refuses_a_typed_unit(seeded, run_cli):
    r = run_cli("deliver", "孙丽", "大米", "3斤", "--date", "2026-03-10", book=seeded.path)
    assert r.code == 0, r
    assert _one(seeded) == [("大米", 1.5, 600, 900)]
    r = run_cli(
        "deliver", "孙丽", "大米", "2袋", "--date", "2026-03-11", book=seeded.path, lang="zh"
    )
    assert r.code == 1 and "“袋”" in r.err and "kg" in r.err and "Traceback" not in r.err
    assert len(_one(seeded)) == 1


def test_a_book_with_plus86_phones_is_upgraded_to_match(tmp_path, old_book):
    from salesbook.records.customers import search_key
    from salesbook.records.deliveries import record_delivery
    from salesbook.records.products import add_product
    from salesbook.store.book import open_book
    from salesbook.store.migrations import m0011_trust_cells_phones

    path = tmp_path / "old.db"
    with old_book(path, m0011_trust_cells_phones) as b:
        c = add_customer(b, name="钱多多", phone="13800000013", pay_cycle="每月1号")
        other = add_customer(b, name="周到", phone="+852 9123 4567")
        rice = add_product(b, name="大米", unit="kg", price="6")
        record_delivery(b, c.id, rice.id, 10, on="2026-02-01")  # owes: a collect item
        with b.transaction() as conn:  # as the old parse_phone kept it
            conn.execute(
                "UPDATE customers SET phone = ?, search_key = ? WHERE id = ?",
                ("+8613800000013", search_key("钱多多", "+8613800000013"), c.id),
            )
            conn.execute(
                "UPDATE agenda SET phone = '+8613800000013' WHERE customer_id = ?", (c.id,)
            )
        b.close()
    b = open_book(path)
    try:
        assert find_customer(b, "13800000013").id == c.id
        assert [r.id for r in search_customers(b, "+86 138 0000 0013")] == [c.id]
        phones = b.conn.execute("SELECT DISTINCT phone FROM agenda WHERE customer_id = ?", (c.id,))
        assert phones.fetchall() == [("13800000013",)]
        assert find_customer(b, "+85291234567").id == other.id  # not mainland: kept
    finally:
        b.close()
