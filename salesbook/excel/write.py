"""Write .xlsx files that open clean in Excel, WPS and LibreOffice.

``export_book(book, path, on, lang)`` writes the whole book (sheets 客户 送货
收款 联系 预测), streaming with openpyxl's write-only mode: rows go from the
SQLite cursor to the zip one by one, so 100k customers never sit in memory.
``export_due`` / ``export_plan`` write the day's list ready to print.

Every sheet: a bold header row, frozen, with an auto filter; column widths
fitted to the first rows; real dates; money as numbers shown ``¥#,##0.00``;
phones and uids as text; any text that begins with = + - @, a tab or a CR is
stored as text with the quote prefix (never a formula, even when edited), and
characters XML cannot hold are dropped.

Value figures: when ``salesbook.value`` offers ``customer_values(book, on)``,
the customers sheet gets a column group "价值/Value" with its figures (see
``value_columns``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path

from ..errors import SalesbookError
from ..text import FORMULA_START

MONEY_FORMAT = '"¥"#,##0.00;[Red]-"¥"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
PCT_FORMAT = "0%"
NUM_FORMAT = "0.###"
RATE_FORMAT = "0.00"
MAX_SHEET_ROWS = 1_048_575  # Excel's limit less the header row
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_RISKY = FORMULA_START  # = + - @ tab CR: what a spreadsheet may take for a formula


class ExportError(SalesbookError):
    """The export file cannot be written (folder missing, file open in Excel...)."""


@dataclass
class Col:
    """One column: header in Chinese and English, kind of value, optional fixed width."""

    zh: str
    en: str
    kind: str = (
        "text"  # text | wrap (long text) | any (as given) | int | num | rate | money | date | pct
    )
    width: float | None = None
    convert: Callable | None = None  # raw SQL value -> cell value (before the kind's own)
    hidden: bool = False  # exact values for a re-import (export book), not for reading

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def safe_text(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return value


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def to_date(value):
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)


def fen_to_cell(fen):
    """Integer fen -> Decimal yuan (exact, two places) for the cell."""
    if fen is None:
        return None
    return Decimal(int(fen)).scaleb(-2)


class Styles:
    """The few styles a workbook uses, registered once."""

    def __init__(self, wb):
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        header = NamedStyle(name="sb_header")
        header.font = Font(bold=True, color="FFFFFF")
        header.fill = PatternFill("solid", fgColor="2F5597")
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.border = Border(bottom=Side(style="thin", color="1F3864"))
        wb.add_named_style(header)
        title = NamedStyle(name="sb_title")
        title.font = Font(bold=True, size=14)
        title.alignment = Alignment(vertical="center")
        wb.add_named_style(title)
        middle = Alignment(vertical="center")
        for name, fmt in (("sb_money", MONEY_FORMAT), ("sb_date", DATE_FORMAT), ("sb_pct", PCT_FORMAT),
                          ("sb_num", NUM_FORMAT), ("sb_rate", RATE_FORMAT), ("sb_int", "0"),
                          ("sb_cell", "General")):  # fmt: skip
            st = NamedStyle(name=name, number_format=fmt)
            st.alignment = middle
            wb.add_named_style(st)
        wrap = NamedStyle(name="sb_wrap")
        wrap.alignment = Alignment(wrap_text=True, vertical="center")
        wb.add_named_style(wrap)


_KIND_STYLE = {"money": "sb_money", "date": "sb_date", "pct": "sb_pct", "num": "sb_num",
               "rate": "sb_rate", "int": None, "text": None, "any": None, "wrap": "sb_wrap"}  # fmt: skip


def write_sheet(
    wb,
    title: str,
    cols: list[Col],
    rows: Iterable[tuple],
    lang: str = "zh",
    *,
    title_line: str | None = None,
    printable: bool = False,
    sample: int = 400,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream ``rows`` (tuples in ``cols`` order) into a new write-only sheet. Returns the row count."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    if progress:
        progress(0)  # a new sheet: said at once, and a chance to cancel before it
    ws = wb.create_sheet(title)
    it = iter(rows)
    head = list(islice(it, sample))
    # widths from the header and the first rows
    widths = []
    for i, col in enumerate(cols):
        if col.hidden:
            widths.append(0)
            continue
        if col.width:
            widths.append(col.width)
            continue
        w = display_width(col.header(lang)) + 2
        if col.kind == "date":
            w = max(w, 12)
        elif col.kind == "money":
            w = max(w, 13)
        for r in head:
            v = r[i]
            if v is None:
                continue
            if col.convert is not None:
                v = col.convert(v)
            if col.kind in ("money", "wrap"):
                continue
            w = max(w, display_width(_shown(v, col.kind)) + 2)
        widths.append(min(w, 50))
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
        if cols[i - 1].hidden:
            ws.column_dimensions[get_column_letter(i)].hidden = True
    header_row = 2 if title_line else 1
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"  # the header on every printed page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    # printed, a sheet is as many pages wide as it needs to stay readable (the day's
    # lists: one), never one page per few columns; pages run down as far as the rows go
    ws.page_setup.fitToWidth = 1 if printable else pages_wide(widths)
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if printable:
        ws.print_options.gridLines = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.oddFooter.center.text = "&P / &N"
        ws.oddHeader.right.text = "&D"
    if title_line:
        tc = WriteOnlyCell(ws, value=safe_text(title_line))
        tc.style = "sb_title"
        if title_line[:1] in _RISKY:  # a rep named "=..." in a title: text, never a formula
            tc.data_type, tc.quotePrefix = "s", True
        ws.append([tc])
        ws.row_dimensions[1].height = 24
    header = []
    for col in cols:
        c = WriteOnlyCell(ws, value=col.header(lang))
        c.style = "sb_header"
        header.append(c)
    ws.append(header)
    fns = [_cell_maker(ws, col, printable) for col in cols]
    wrap_cols = [(i, widths[i]) for i, c in enumerate(cols) if c.kind == "wrap"]
    row_dims = ws.row_dimensions
    _fast_rows(ws)
    n = 0
    append = ws.append
    for r in chain(head, it):
        out = [
            None if v is None else f(v) for f, v in zip(fns, r, strict=False)
        ]  # rows may carry extra columns (ids)
        if wrap_cols:  # grow the row for wrapped text (not every viewer does it by itself)
            lines = max(_lines(r[i], w) for i, w in wrap_cols)
            if lines > 1:
                row_dims[header_row + n + 1].height = 15 * lines
        append(out)
        n += 1
        if progress and n % 5000 == 0:
            progress(n)
    last = get_column_letter(len(cols))
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(n, 1)}"
    return n


PAGE_WIDTH = 165  # column-width units across an A4 landscape page at ~60% (~100 at 100%)


def pages_wide(widths: list[float]) -> int:
    """How many landscape pages a sheet of these column widths is printed across."""
    return max(1, -(-int(sum(widths)) // PAGE_WIDTH))


def _shown(value, kind: str) -> str:
    """Roughly the text a cell shows for ``value`` under ``kind``'s number format
    (so a rate 0.0919711468 sizes its column as 0.09, not as its repr)."""
    try:
        if kind == "rate":
            return f"{float(value):.2f}"
        if kind == "pct":
            return f"{float(value):.0%}"
        if kind == "num":
            return f"{float(value):.3f}".rstrip("0").rstrip(".")
    except (TypeError, ValueError):
        pass
    return str(value)


def _cell_maker(ws, col: Col, printable: bool = False):
    """A function: raw value (never None) -> what to append for this column.

    Styled kinds reuse one cell per column: write-only rows are serialised as
    they are appended, so the cell is free again for the next row."""
    from openpyxl.cell import WriteOnlyCell

    kind, conv = col.kind, col.convert
    style = _KIND_STYLE.get(kind)
    if printable and style is None:  # every cell of a printed list sits in the middle of its row
        style = "sb_cell"
    cell = WriteOnlyCell(ws)
    if style:
        cell.style = style
        cell = _FixedStyleCell.of(cell)
    # text starting with = + - @ tab CR: a string cell with the quote prefix (Excel's
    # and LibreOffice's leading '), so editing it (F2, Enter) keeps it text, never a formula
    quoted = WriteOnlyCell(ws)
    if style:
        quoted.style = style
    quoted.quotePrefix = True
    quoted = _FixedStyleCell.of(quoted)
    risky = _RISKY
    illegal = _ILLEGAL.search
    styled_text = style is not None

    def text(v):
        if type(v) is not str:
            v = str(v)
        if not v:
            return None
        if illegal(v):
            v = _ILLEGAL.sub("", v)
        if v[0] in risky:
            quoted.value = v
            quoted.data_type = "s"
            return quoted
        if styled_text:
            cell.value = v
            cell.data_type = "s"
            return cell
        return v

    if kind in ("text", "any"):
        if kind == "any":

            def base(v):
                return v if type(v) is not str else text(v)
        else:
            base = text
    elif kind == "wrap":

        def base(v):
            v = safe_text(str(v))
            c = quoted if v[:1] in risky else cell
            c.value = v
            c.data_type = "s"
            return c
    elif kind == "money":

        def base(v):
            # fen -> yuan: the shortest repr of k/100 is exactly the decimal k/100,
            # so the cell text is the same as Decimal's (and no float arithmetic follows)
            cell.value = int(v) / 100
            return cell
    elif kind == "date":

        def base(v):
            if type(v) is str:
                if not v:
                    return None
                v = to_date(v)
            cell.value = v
            return cell
    elif style:

        def base(v):
            cell.value = float(v) if isinstance(v, Decimal) else v
            return cell
    else:  # int

        def base(v):
            if v == "":
                return None
            if style is None:
                return v
            cell.value = v
            return cell

    if conv is None:
        return base

    def converted(v):
        v = conv(v)
        return None if v is None or v == "" else base(v)

    return converted


def _fixed_style_cell_class():
    from openpyxl.cell.cell import Cell

    class FixedStyleCell(Cell):
        """A reusable cell whose style never changes: its style id is looked up once,
        not hashed again for every row (openpyxl's ``style_id`` does that)."""

        __slots__ = ("_sid",)

        @classmethod
        def of(cls, cell):
            new = cls(cell.parent)
            new._style = cell._style
            new._sid = cell.parent.parent._cell_styles.add(cell._style)
            return new

        @property
        def style_id(self):
            return self._sid

    return FixedStyleCell


class _FixedStyleCellProxy:
    _cls = None

    def of(self, cell):
        if _FixedStyleCellProxy._cls is None:
            _FixedStyleCellProxy._cls = _fixed_style_cell_class()
        return _FixedStyleCellProxy._cls.of(cell)


_FixedStyleCell = _FixedStyleCellProxy()


def _fast_rows(ws) -> None:
    """Let the write-only sheet take our prepared cells without its slow path.

    openpyxl's ``_values_to_row`` assigns every value to a scratch cell and
    falls back on an exception when the value already is a cell: one raised
    exception and one new cell per styled value. Ours checks the type instead
    (same output; kept only if openpyxl has the method we replace)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    if not hasattr(ws, "_values_to_row"):
        return

    def values_to_row(values, row_idx):
        scratch = WriteOnlyCell(ws)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                scratch.value = value
                cell = scratch
            cell.column = col_idx
            cell.row = row_idx
            yield cell
            if cell is scratch and scratch.has_style:
                scratch = WriteOnlyCell(ws)

    ws._values_to_row = values_to_row


def _lines(value, width: float) -> int:
    if not value:
        return 1
    per_line = max(int(width) - 1, 4)
    return sum(max(1, -(-display_width(part) // per_line)) for part in str(value).split("\n"))


@dataclass
class ExportResult:
    path: str
    sheets: dict[str, int] = field(default_factory=dict)  # sheet -> rows
    seconds: float = 0.0

    def describe(self, lang: str = "zh") -> str:
        sep = "，" if lang != "en" else ", "
        return sep.join(f"{k} {v}" for k, v in self.sheets.items())


def check_target(path) -> None:
    """Refuse a target in a missing folder before any work is done."""
    p = Path(path)
    if not p.parent.exists():
        raise ExportError("export_no_folder", path=str(p), folder=str(p.parent))
    if p.is_dir():
        raise ExportError("export_is_folder", path=str(p))


def new_workbook(path=None):
    """A write-only workbook with the styles registered (``path``: checked first)."""
    from openpyxl import Workbook

    if path is not None:
        check_target(path)
    wb = Workbook(write_only=True)
    Styles(wb)
    return wb


def save_workbook(wb, path: str | os.PathLike) -> None:
    """Save to a temporary name, then move into place: a failure leaves no half file."""
    p = Path(path)
    if p.parent and not p.parent.exists():
        raise ExportError("export_no_folder", path=str(p), folder=str(p.parent))
    tmp = p.with_name(f".{p.name}.tmp")
    try:
        wb.save(tmp)
        os.replace(tmp, p)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(
            "export_target_dir", path=str(p), detail=exc.strerror or str(exc)
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def chunks_of(rows: Iterator[tuple], size: int) -> Iterator[list[tuple] | Iterator[tuple]]:
    """Split an iterator into runs of at most ``size`` (Excel's row limit per sheet)."""
    it = iter(rows)
    while True:
        first = list(islice(it, 1))
        if not first:
            return
        yield chain(first, islice(it, size - 1))


def now_stamp() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M")
