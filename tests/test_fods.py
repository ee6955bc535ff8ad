"""LibreOffice's flat ODS (.fods) is read like an .ods (issue 13 part 6)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from salesbook.excel.read import FileProblem, read_sheets, sheet_names

FIX = Path(__file__).parent / "fixtures"

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:mimetype='
    '"application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>'
)
_TAIL = "</office:spreadsheet></office:body></office:document>"


def _fods(tmp_path, tables: str, head: str = _HEAD) -> Path:
    p = tmp_path / "t.fods"
    p.write_text(head + tables + _TAIL, encoding="utf-8")
    return p


def test_fods_reads_as_the_same_grid_as_the_ods():
    ods, fods = read_sheets(FIX / "customers_title.ods"), read_sheets(FIX / "customers_title.fods")
    assert [(g.sheet, g.rows) for g in fods] == [(g.sheet, g.rows) for g in ods]
    assert sheet_names(FIX / "customers_title.fods") == ["客户名单"]


def test_fods_values_repeats_and_blank_tails(tmp_path):
    path = _fods(tmp_path, (
        '<table:table table:name="表一"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>王<text:s text:c="2"/>芳</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="13912345678"><text:p>1</text:p></table:table-cell>'
        '<table:table-cell office:value-type="date" office:date-value="2026-12-05"><text:p>x</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="16381"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/>'
        '</table:table-row>'
        '<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string">'
        '<text:p>=cmd</text:p></table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell/></table:table-row>'
        "</table:table>"
    ))  # fmt: skip
    (grid,) = read_sheets(path)
    assert grid.sheet == "表一"
    assert grid.rows == [["王  芳", 13912345678.0, date(2026, 12, 5)], ["", "", ""], ["", "", ""],
                         ["=cmd", "", ""], ["=cmd", "", ""]]  # fmt: skip


def test_fods_with_a_dtd_or_broken_xml_is_refused(tmp_path):
    dtd = _HEAD.replace(
        "<office:document", '<!DOCTYPE x [<!ENTITY e "boom">]>\n<office:document', 1
    )
    with pytest.raises(FileProblem) as err:
        read_sheets(_fods(tmp_path, '<table:table table:name="a"/>', head=dtd))
    assert err.value.key == "file_xml_entities"
    bad = tmp_path / "bad.fods"
    bad.write_text("<office:document", encoding="utf-8")
    with pytest.raises(FileProblem) as err:
        read_sheets(bad)
    assert err.value.key == "import_unreadable" and "bad.fods" in err.value.message("en")


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice to write a .fods")
def test_a_summary_saved_as_fods_goes_into_the_team_book(tmp_path):
    from salesbook.cli.demo import build_demo
    from salesbook.excel.summary import write_summary
    from salesbook.store.book import open_book
    from salesbook.team import import_summary, open_team

    on = date(2026, 3, 2)
    build_demo(tmp_path / "a.db", customers=20, seed=1, today=on)
    book = open_book(tmp_path / "a.db")
    write_summary(book, tmp_path / "s.xlsx", rep="小王", on=on, today=on)
    book.close()
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "fods", "--outdir", str(tmp_path), str(tmp_path / "s.xlsx")],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    with open_team(tmp_path / "team.db") as team:
        res = import_summary(team, tmp_path / "s.fods")
        assert res.status == "imported", res.message("en")
        assert res.customers == 20 and res.rep == "小王"
