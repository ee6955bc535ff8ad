"""Bad files: each gets a clear message naming the file and an unchanged book."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from salesbook.cli import main
from salesbook.excel.importer import import_file, read_table
from salesbook.excel.read import FileProblem, Limits, check_zip
from salesbook.store.book import open_book

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture
def book(tmp_path):
    b = open_book(tmp_path / "book.db")
    import_file(b, "customers", FIX / "customers_utf8.csv")
    yield b
    b.close()


def snapshot(book):
    c = book.conn
    return (c.execute("SELECT * FROM customers ORDER BY id").fetchall(),
            c.execute("SELECT COUNT(*) FROM imports").fetchone())  # fmt: skip


def refused(book, path, key, **options):
    before = snapshot(book)
    with pytest.raises(FileProblem) as exc:
        import_file(book, "customers", path, **options)
    assert exc.value.key == key
    msg = exc.value.message("zh")
    assert Path(path).name in msg
    assert snapshot(book) == before
    return exc.value


@pytest.mark.parametrize(
    "name, key",
    [
        ("truncated.xlsx", "file_truncated"),
        ("password.xlsx", "file_password"),
        ("zip_bomb.xlsx", "file_zip_bomb"),
        ("xxe.xlsx", "file_xml_entities"),
        ("empty.xlsx", "import_empty"),
        ("header_only.xlsx", "import_header_only"),
    ],
)
def test_bad_workbooks(book, name, key):
    err = refused(book, FIX / name, key)
    assert err.message("en")  # both languages have the message


def test_a_50_mb_file_is_refused_before_reading(book, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:  # sparse: no 50 MB written to disk
        fh.truncate(50 * 1024 * 1024)
    err = refused(book, path, "file_too_big")
    assert "50.0 MB" in err.message("en") and "40.0 MB" in err.message("en")


def test_row_and_cell_caps(book, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(
        "姓名,电话\n" + "".join(f"客户{i},139{i:08d}\n" for i in range(20)), encoding="utf-8"
    )
    refused(book, path, "file_too_many_rows", limits=Limits(max_rows=10))
    wb = Workbook()
    wb.active.append(["姓名", "备注"])
    wb.active.append(["王", "很长" * 100])
    wb.save(tmp_path / "cell.xlsx")
    err = refused(book, tmp_path / "cell.xlsx", "cell_too_large", limits=Limits(max_cell_chars=50))
    assert "B" in err.message("en") and "row 2" in err.message("en")


def test_zip_bomb_by_total_size(tmp_path):
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * 300_000 + "</a>")
    with pytest.raises(FileProblem) as exc:
        check_zip(path, Limits(max_unpacked=100_000))
    assert exc.value.key == "file_zip_bomb"


def test_not_a_spreadsheet_and_unsupported(book, tmp_path):
    html = tmp_path / "report.xls"
    html.write_text("<html><table><tr><td>姓名</td></tr></table></html>", encoding="utf-8")
    refused(book, html, "file_not_excel")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    refused(book, tmp_path / "a.pdf", "import_unsupported")
    fake = tmp_path / "really_xlsx.csv"
    fake.write_bytes((FIX / "customers_title.xlsx").read_bytes())
    refused(book, fake, "file_not_csv")
    refused(book, tmp_path / "missing.xlsx", "import_file_missing")


def test_no_header_row(book, tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("1,2,3\n4,5,6\n", encoding="utf-8")
    err = refused(book, path, "import_no_header")
    assert "姓名" in err.message("zh")


def test_missing_sheet(tmp_path):
    with pytest.raises(FileProblem) as exc:
        read_table(FIX / "customers_title.xlsx", "customers", sheet="没有")
    assert "客户名单" in exc.value.message("zh")


def test_cli_bad_file_one_clear_line(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    assert (
        main(["--lang", "en", "--book", db, "import", "customers", str(FIX / "password.xlsx")]) == 1
    )
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "password" in err and "Traceback" not in err
