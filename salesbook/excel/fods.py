"""Read LibreOffice's flat OpenDocument spreadsheet (.fods): one XML file, no zip.

``read_fods(path, limits, only=None, keep_going=None)`` returns the same Grids
as ``read.read_workbook`` gives for an .ods (python-calamine's values: text as
str, numbers as float, dates as ``date``/``datetime``, booleans as bool, blanks
as ""), with the same caps. The XML is parsed with defusedxml: a DTD or an
entity declaration is refused, never expanded.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T = f"{{{_TABLE}}}"
_O = f"{{{_OFFICE}}}"
_X = f"{{{_TEXT}}}"


def _walk(node, out: list[str]) -> None:
    if node.text:
        out.append(node.text)
    for child in node:
        tag = child.tag
        if tag == f"{_X}s":
            out.append(" " * int(child.get(f"{_X}c", "1") or 1))
        elif tag == f"{_X}tab":
            out.append("\t")
        elif tag == f"{_X}line-break":
            out.append("\n")
        elif tag != f"{_O}annotation":  # a comment is not the cell's text
            _walk(child, out)
        if child.tail:
            out.append(child.tail)


def _text(el) -> str:
    """A cell's shown text: its paragraphs on lines, text:s / text:tab / line breaks kept."""
    lines = []
    for p in el:
        if p.tag in (f"{_X}p", f"{_X}h"):
            out: list[str] = []
            _walk(p, out)
            lines.append("".join(out))
    return "\n".join(lines)


def _value(cell):
    kind = cell.get(f"{_O}value-type")
    if kind is None:
        return _text(cell) or ""
    if kind in ("float", "percentage", "currency"):
        try:
            return float(cell.get(f"{_O}value"))
        except (TypeError, ValueError):
            return _text(cell)
    if kind == "date":
        raw = cell.get(f"{_O}date-value") or ""
        try:
            return datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
        except ValueError:
            return _text(cell)
    if kind == "boolean":
        return (cell.get(f"{_O}boolean-value") or "").lower() == "true"
    return _text(cell)  # string, time (shown as typed)


def _sheets(root):
    body = root.find(f"{_O}body")
    sheet = body.find(f"{_O}spreadsheet") if body is not None else None
    return [] if sheet is None else sheet.findall(f"{_T}table")


def _grid(table, name: str, limits):
    from .grid import FileProblem, Grid, column_letter

    sheet = table.get(f"{_T}name") or ""
    rows: list[list] = []
    pending = 0  # blank rows seen, kept only when a row with something follows
    max_cell = limits.max_cell_chars
    for row in table.iter(f"{_T}table-row"):
        repeat = int(row.get(f"{_T}number-rows-repeated", "1") or 1)
        cells: list = []
        blanks = 0
        for cell in row:
            if cell.tag not in (f"{_T}table-cell", f"{_T}covered-table-cell"):
                continue
            n = int(cell.get(f"{_T}number-columns-repeated", "1") or 1)
            v = _value(cell)
            if v == "":
                blanks += n  # trailing blanks (often 16,000 of them) are never stored
                continue
            if type(v) is str and len(v) > max_cell:
                raise FileProblem("cell_too_large", file=name, row=len(rows) + pending + 1,
                                  column=column_letter(len(cells) + blanks), size=len(v), limit=max_cell)  # fmt: skip
            cells.extend([""] * blanks)
            blanks = 0
            cells.extend([v] * min(n, 16_384))
        if not cells:
            pending += repeat
            continue
        if len(rows) + pending + repeat > limits.max_rows:
            raise FileProblem("file_too_many_rows", file=name, sheet=sheet, limit=limits.max_rows)
        rows.extend([] for _ in range(pending))
        pending = 0
        rows.extend(list(cells) for _ in range(repeat))
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([""] * (width - len(r)))
    return Grid(sheet, rows, [])


def read_fods(path: Path, limits, only=None, keep_going=None):
    """Every sheet of a flat ODS as Grids (see the module doc). Raises FileProblem."""
    import defusedxml.ElementTree as DET  # noqa: N812
    from defusedxml import DefusedXmlException

    from .grid import FileProblem

    name = path.name
    try:
        root = DET.parse(str(path), forbid_dtd=True).getroot()
    except DefusedXmlException:
        raise FileProblem("file_xml_entities", file=name, part=name) from None
    except (DET.ParseError, ValueError, OSError) as exc:
        raise FileProblem("import_unreadable", file=name, detail=str(exc)[:200]) from None
    if root.tag != f"{_O}document":
        raise FileProblem("import_unreadable", file=name, detail="not a flat OpenDocument file")
    if isinstance(only, str):
        only = {only}
    grids = []
    for table in _sheets(root):
        if only is not None and table.get(f"{_T}name") not in only:
            continue
        grids.append(_grid(table, name, limits))
        if keep_going is not None and not keep_going(grids):
            break
    return grids
