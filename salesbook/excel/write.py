"""Write .xlsx files that open clean in Excel, WPS and LibreOffice.

``export_book(book, path, on, lang)`` writes the whole book (sheets 客户 送货
收款 联系 预测), streaming with openpyxl's write-only mode: rows go from the
SQLite cursor to the zip one by one, so 100k customers never sit in memory.
``export_due`` / ``export_plan`` write the day's list ready to print.

Every sheet: a bold header row, frozen, with an auto filter; column widths
fitted to the first rows; real dates; money as numbers shown ``¥#,##0.00``;
phones and uids as text in the text format (@); any text that begins with
= + - @, a tab or a CR is stored as text with the quote prefix (never a
formula, even when edited), and characters XML cannot hold are dropped.

Every cell of every workbook is in one font, ``FONT_NAME`` (微软雅黑: on every
Chinese Windows since Vista and in WPS; LibreOffice substitutes a CJK face),
with thin borders; every sheet prints the same way (``print_setup``): header
row repeated, at most two pages wide, footer with the sheet, page N of M and
the date; columns marked ``printed=False`` (uids) are left out of the print
area.

Value figures: when ``salesbook.insight.value`` offers ``customer_values(book, on)``,
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
from ..rules.text import FORMULA_START

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
    printed: bool = True  # False: kept out of the print area (such columns come last)

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


# One font for every cell of every workbook: 微软雅黑 is on every Chinese Windows
# since Vista and in WPS, so Excel and WPS print Simplified Chinese in it;
# LibreOffice (which has no such font on Linux) substitutes a CJK sans face.
FONT_NAME = "Microsoft YaHei"
FONT_SIZE = 10
FONT_CHARSET = 134  # GB2312: tells Excel the face is a Simplified Chinese one
TEXT_FORMAT = "@"  # Excel's text format: a phone or uid is text, never "a number stored as text"
_GRID = "A6A6A6"  # the thin grey border round every data cell (BFBFBF faded on paper)


def font(**kw):
    """The workbook font (``FONT_NAME``) with ``kw`` (bold, size, color) on top."""
    from openpyxl.styles import Font

    kw.setdefault("size", FONT_SIZE)
    return Font(name=FONT_NAME, charset=FONT_CHARSET, family=2, **kw)


class Styles:
    """The few styles a workbook uses, registered once; every one in ``FONT_NAME``."""

    def __init__(self, wb):
        from openpyxl.styles import Alignment, Border, NamedStyle, PatternFill, Side
        from openpyxl.utils.indexed_list import IndexedList

        # the default font (style 0: any cell written without a style) and the
        # built-in Normal style, which Excel shows as the workbook's font
        wb._fonts = IndexedList([font()])
        normal = wb._named_styles["Normal"]
        normal.font = font()
        header = NamedStyle(name="sb_header")
        header.font = font(bold=True, color="FFFFFF")
        header.fill = PatternFill("solid", fgColor="2F5597")
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        side = Side(style="thin", color="1F3864")
        header.border = Border(left=side, right=side, top=side, bottom=side)
        wb.add_named_style(header)
        title = NamedStyle(name="sb_title")
        title.font = font(bold=True, size=14)
        title.alignment = Alignment(vertical="center")
        wb.add_named_style(title)
        middle = Alignment(vertical="center")
        grid = Side(style="thin", color=_GRID)
        box = Border(left=grid, right=grid, top=grid, bottom=grid)
        for name, fmt, align in (
            ("sb_money", MONEY_FORMAT, middle),
            ("sb_date", DATE_FORMAT, Alignment(horizontal="center", vertical="center")),
            ("sb_pct", PCT_FORMAT, middle), ("sb_num", NUM_FORMAT, middle),
            ("sb_rate", RATE_FORMAT, middle), ("sb_cell", "General", middle),
            # dates and small counts (household size, days left) centred: never read into
            # the next cell's text
            ("sb_int", "0", Alignment(horizontal="center", vertical="center")),
            ("sb_text", TEXT_FORMAT, middle),
            ("sb_wrap", TEXT_FORMAT, Alignment(wrap_text=True, vertical="center")),
        ):  # fmt: skip
            st = NamedStyle(name=name, number_format=fmt)
            st.font = font()
            st.alignment = align
            st.border = box
            wb.add_named_style(st)


_KIND_STYLE = {"money": "sb_money", "date": "sb_date", "pct": "sb_pct", "num": "sb_num",
               "rate": "sb_rate", "int": "sb_int", "text": "sb_text", "any": "sb_cell",
               "wrap": "sb_wrap"}  # fmt: skip


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
        w = header_width(col.header(lang)) + 2  # a long header wraps onto two lines
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
    print_setup(ws, cols, widths, header_row, lang, one_page_wide=printable)
    if title_line:
        tc = WriteOnlyCell(ws, value=safe_text(title_line))
        tc.style = "sb_title"
        if title_line[:1] in _RISKY:  # a rep named "=..." in a title: text, never a formula
            tc.data_type, tc.quotePrefix = "s", True
        ws.append([tc])
        ws.row_dimensions[1].height = 24
    if any(display_width(c.header(lang)) + 2 > w for c, w in zip(cols, widths, strict=True)):
        ws.row_dimensions[header_row].height = 30  # two lines of header
    header = []
    for col in cols:
        c = WriteOnlyCell(ws, value=col.header(lang))
        c.style = "sb_header"
        header.append(c)
    ws.append(header)
    fns = [_cell_maker(ws, col, printable) for col in cols]
    blanks = [getattr(f, "blank", None) for f in fns]
    wrap_cols = [(i, widths[i]) for i, c in enumerate(cols) if c.kind == "wrap"]
    row_dims = ws.row_dimensions
    _fast_rows(ws)
    n = 0
    append = ws.append
    for r in chain(head, it):
        out = [
            b if v is None else f(v) for f, v, b in zip(fns, r, blanks, strict=False)
        ]  # rows may carry extra columns (ids)
        if wrap_cols:  # grow the row for wrapped text (not every viewer does it by itself)
            lines = max(_lines(r[i], w) for i, w in wrap_cols)
            if lines > 1:
                row_dims[header_row + n + 1].height = 15 * lines
        append(out)
        n += 1
        if progress and n % 5000 == 0:
            progress(n)
    last_row = header_row + max(n, 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(cols))}{last_row}"
    shown = printed_columns(cols)
    if shown < len(cols):  # uids and the like: in the sheet, not on paper
        ws.print_area = f"A1:{get_column_letter(max(shown, 1))}{last_row}"
    return n


def header_width(text: str) -> int:
    """The display width a header needs on at most two lines (long ones wrap:
    English at a space, Chinese anywhere), so a long header does not widen its column."""
    full = display_width(text)
    if full <= 10:
        return full
    words = text.split(" ")
    if len(words) > 1:
        return min(max(display_width(" ".join(words[:i])), display_width(" ".join(words[i:])))
                   for i in range(1, len(words)))  # fmt: skip
    return max(10, -(-full // 2) + 1)


def printed_columns(cols: list[Col]) -> int:
    """How many columns, from the left, are printed (those after are ``printed=False``)."""
    n = len(cols)
    while n > 1 and not cols[n - 1].printed:
        n -= 1
    return n


PORTRAIT_WIDTH = 100  # column-width units across an A4 portrait page at 100%
MAX_PAGES_WIDE = 2


def print_setup(ws, cols: list[Col], widths: list[float], header_row: int, lang: str = "zh",
                *, one_page_wide: bool = False) -> None:  # fmt: skip
    """How every sheet prints: A4, portrait when its printed columns fit at full size
    and landscape otherwise, ``one_page_wide`` (the day's lists) or at most
    ``MAX_PAGES_WIDE`` pages wide, as many pages down as the rows need; the header
    row on every page; thin borders (the cells'), no grid boxes round the title;
    a footer with the sheet's name, page N of M and the date it is printed."""
    printed = sum(widths[: printed_columns(cols)])
    ws.print_title_rows = f"{header_row}:{header_row}"  # the header on every printed page
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "portrait" if printed <= PORTRAIT_WIDTH else "landscape"
    ws.page_setup.fitToWidth = 1 if one_page_wide else min(MAX_PAGES_WIDE, pages_wide([printed]))
    ws.page_setup.fitToHeight = 0
    ws.page_setup.pageOrder = "overThenDown"  # a row's two halves on pages 1 and 2, not 1 and 6
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = printed <= PORTRAIT_WIDTH
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.5
    ws.page_margins.bottom = 0.6
    ws.page_margins.footer = 0.25
    face = f'&"{FONT_NAME},Regular"&9'
    footer = ws.oddFooter
    footer.left.text = f"{face}&A"
    footer.center.text = face + ("Page &P of &N" if lang == "en" else "第 &P 页，共 &N 页")
    footer.right.text = f"{face}&D"


PAGE_WIDTH = 165  # column-width units across an A4 landscape page at ~90% (~150 at 100%)


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
    # an empty cell keeps its column's style (its border): the printed table has no gaps
    blank = WriteOnlyCell(ws)
    if style:
        blank.style = style
        blank = _FixedStyleCell.of(blank)
    else:
        blank = None
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
            return blank
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
                if type(v) is str:
                    return text(v)
                cell.value = float(v) if isinstance(v, Decimal) else v
                return cell
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
                    return blank
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
                return blank
            if style is None:
                return v
            cell.value = v
            return cell

    base.blank = blank
    if conv is None:
        return base

    def converted(v):
        v = conv(v)
        return blank if v is None or v == "" else base(v)

    converted.blank = blank
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
