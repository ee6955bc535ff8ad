"""Read the raw grid of a spreadsheet, safely.

``read_sheets(path)`` returns every sheet of a .xlsx/.xlsm/.xls/.ods file (via
python-calamine) or a .fods (LibreOffice's flat XML, ``fods.py``) or the one "sheet" of a .csv/.tsv/.txt file, as lists of
cell values with their sheet row numbers. Values come typed: numbers as
int/float, dates as ``date``/``datetime``, everything else as text.

Before anything is parsed the file is checked, and each of these gets a clear
``FileProblem`` (a SalesbookError) instead of a crash or a hang:

* larger than ``Limits.max_bytes`` (default 40 MB);
* a truncated/damaged zip, a zip bomb (too much unpacked data, or an absurd
  compression ratio), XML with a DTD or entity declarations (checked on each
  XML part; workbook.xml is parsed with defusedxml);
* a password-protected workbook (an encrypted OOXML package, or calamine's
  password error for .xls);
* more than ``Limits.max_rows`` rows, or one cell longer than
  ``Limits.max_cell_chars`` characters.

CSV: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"),
else GB18030 (a superset of GBK/GB2312); the delimiter (, ; tab |) is sniffed.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .grid import FileProblem, Grid, column_letter  # noqa: F401 - re-exported: read's names

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".fods")  # .fods: flat XML (fods.py)
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Limits:
    """Caps on what is read. A cap hit is an error with a clear message, never a silent cut."""

    max_bytes: int = 40 * 1024 * 1024
    max_rows: int = 500_000
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_unpacked: int = 600 * 1024 * 1024  # total unzipped size of a workbook
    max_ratio: int = 250  # unzipped / zipped for one large part


DEFAULT_LIMITS = Limits()


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}"


def check_file(path: Path, limits: Limits) -> str:
    """Existence, size and type checks. Returns the lower-case suffix."""
    name = path.name
    if not path.exists() or not path.is_file():
        raise FileProblem("import_file_missing", file=str(path))
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES + CSV_SUFFIXES:
        raise FileProblem("import_unsupported", file=name)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise FileProblem("file_too_big", file=name, size=_mb(size), limit=_mb(limits.max_bytes))
    if size == 0:
        raise FileProblem("import_empty", file=name)
    return suffix


def read_sheets(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> list[Grid]:
    """Every sheet of the file as a Grid (a CSV has one). Raises FileProblem."""
    p = Path(path)
    suffix = check_file(p, limits)
    if suffix in CSV_SUFFIXES:
        return [read_csv(p, limits)]
    return read_workbook(p, suffix, limits)


# -- CSV -------------------------------------------------------------------


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) for CSV bytes: BOMs first, then UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise FileProblem("file_encoding", file=name) from None


def read_csv(path: Path, limits: Limits = DEFAULT_LIMITS) -> Grid:
    data = path.read_bytes()
    if data[:8] == _OLE_MAGIC or data[:4] == b"PK\x03\x04":
        raise FileProblem("file_not_csv", file=path.name)
    text, encoding = decode_text(data, path.name)
    del data
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list] = []
    max_rows, max_cell = limits.max_rows, limits.max_cell_chars
    try:
        for row in reader:
            if len(rows) >= max_rows:
                raise FileProblem("file_too_many_rows", file=path.name, sheet="", limit=max_rows)
            for c, value in enumerate(row):
                if len(value) > max_cell:
                    raise FileProblem(
                        "cell_too_large", file=path.name, row=len(rows) + 1,
                        column=column_letter(c), size=len(value), limit=max_cell,
                    )  # fmt: skip
            rows.append(row)
    except csv.Error as exc:
        raise FileProblem("import_unreadable", file=path.name, detail=str(exc)) from None
    return Grid(path.stem, rows, [], encoding)


# -- workbooks -------------------------------------------------------------


def _check_ole(path: Path, suffix: str) -> None:
    """An OLE2 container: an old .xls, or an encrypted (password) OOXML package."""
    with path.open("rb") as fh:
        data = fh.read(8 * 1024 * 1024)
    if (
        "EncryptedPackage".encode("utf-16-le") in data
        or "EncryptionInfo".encode("utf-16-le") in data
    ):
        raise FileProblem("file_password", file=path.name)


def check_zip(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """A .xlsx/.ods must be a sound zip of reasonable unpacked size without DTDs."""
    name = path.name
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise FileProblem("file_truncated", file=name) from None
    except OSError as exc:
        raise FileProblem("import_unreadable", file=name, detail=str(exc)) from None
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.max_unpacked:
            raise FileProblem(
                "file_zip_bomb", file=name, size=_mb(total), limit=_mb(limits.max_unpacked)
            )
        for info in infos:
            if info.file_size > 8 * 1024 * 1024 and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise FileProblem(
                    "file_zip_bomb", file=name, size=_mb(total), limit=_mb(limits.max_unpacked)
                )
        names = {i.filename for i in infos}
        try:
            for info in infos:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with zf.open(info) as part:
                    head = part.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise FileProblem("file_xml_entities", file=name, part=info.filename)
            if "xl/workbook.xml" in names:
                import defusedxml.ElementTree as DET  # noqa: N812

                try:
                    DET.fromstring(zf.read("xl/workbook.xml"), forbid_dtd=True)
                except (DET.ParseError, ValueError) as exc:
                    raise FileProblem("import_unreadable", file=name, detail=str(exc)) from None
                except Exception as exc:  # defusedxml's DTDForbidden / EntitiesForbidden
                    raise FileProblem(
                        "file_xml_entities", file=name, part="xl/workbook.xml"
                    ) from exc
            elif "content.xml" not in names:
                raise FileProblem("import_unreadable", file=name, detail="not a spreadsheet")
        except zipfile.BadZipFile:
            raise FileProblem("file_truncated", file=name) from None
        # zipfile raises NotImplementedError for a compression method it cannot
        # read (e.g. a workbook saved with Deflate64): a clear message, not a crash
        except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
            raise FileProblem("import_unreadable", file=name, detail=str(exc)) from None


def _open_workbook(path: Path, suffix: str, limits: Limits):
    import python_calamine as pc

    name = path.name
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        _check_ole(path, suffix)  # an encrypted .xlsx is an OLE container
        opener = lambda: pc.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))  # noqa: E731
    elif head[:4] == b"PK\x03\x04":
        check_zip(path, limits)
        if suffix in (".xlsx", ".xlsm", ".xlsb", ".ods"):
            opener = lambda: pc.CalamineWorkbook.from_path(str(path))  # noqa: E731
        else:
            opener = lambda: pc.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))  # noqa: E731
    elif head[:2] == b"PK":
        raise FileProblem("file_truncated", file=name)
    else:
        # e.g. an HTML or XML table saved with an .xls name by some other program
        raise FileProblem("file_not_excel", file=name)
    try:
        return opener()
    except pc.PasswordError:
        raise FileProblem("file_password", file=name) from None
    except pc.ZipError:
        raise FileProblem("file_truncated", file=name) from None
    except pc.XmlError as exc:
        raise FileProblem("import_unreadable", file=name, detail=str(exc)[:200]) from None
    except (pc.CalamineError, OSError, ValueError) as exc:
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise FileProblem("file_password", file=name) from None
        raise FileProblem("import_unreadable", file=name, detail=text[:200]) from None


def sheet_names(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """The sheet names of a workbook (a CSV has one, named after the file)."""
    p = Path(path)
    suffix = check_file(p, limits)
    if suffix in CSV_SUFFIXES:
        return [p.stem]
    if suffix == ".fods":
        from .fods import read_fods

        return [g.sheet for g in read_fods(p, limits)]
    wb = _open_workbook(p, suffix, limits)
    try:
        return list(wb.sheet_names)
    finally:
        wb.close()


def read_workbook(
    path: Path, suffix: str, limits: Limits = DEFAULT_LIMITS, only=None, keep_going=None
) -> list[Grid]:
    """Every sheet of a workbook (``only``: a sheet name or a set of names to read).

    ``keep_going(grids_so_far)``, when given, is asked after each sheet; False
    stops reading (the team book reads a summary's 说明 sheet first and stops
    there when the summary is not newer)."""
    if suffix == ".fods":  # LibreOffice's flat XML: no zip, read with defusedxml
        from .fods import read_fods

        return read_fods(path, limits, only=only, keep_going=keep_going)
    name = path.name
    wb = _open_workbook(path, suffix, limits)
    grids: list[Grid] = []
    if isinstance(only, str):
        only = {only}
    try:
        for meta in wb.sheets_metadata:
            if only is not None and meta.name not in only:
                continue
            if str(meta.typ).endswith("ChartSheet"):
                continue
            grids.append(_read_grid(wb, meta.name, name, limits))
            if keep_going is not None and not keep_going(grids):
                break
    finally:
        wb.close()
    return grids


def _open_sheet(wb, sheet_name: str, name: str, limits: Limits):
    """The sheet, once its password and size are checked."""
    import python_calamine as pc

    try:
        sheet = wb.get_sheet_by_name(sheet_name)
    except pc.PasswordError:
        raise FileProblem("file_password", file=name) from None
    except (pc.CalamineError, ValueError) as exc:
        raise FileProblem("import_unreadable", file=name, detail=str(exc)[:200]) from None
    height = sheet.total_height if hasattr(sheet, "total_height") else sheet.height
    if height > limits.max_rows:
        raise FileProblem("file_too_many_rows", file=name, sheet=sheet_name, limit=limits.max_rows)
    return sheet


def _check_row(row: list, r: int, name: str, limits: Limits) -> list:
    """A row whose text cells are within the size limit (row ``r``, 0-based)."""
    max_cell = limits.max_cell_chars
    for c, value in enumerate(row):
        if type(value) is str and len(value) > max_cell:
            raise FileProblem(
                "cell_too_large", file=name, row=r + 1, column=column_letter(c),
                size=len(value), limit=max_cell,
            )  # fmt: skip
    return row


def _read_grid(wb, sheet_name: str, name: str, limits: Limits) -> Grid:
    sheet = _open_sheet(wb, sheet_name, name, limits)
    rows = sheet.to_python(skip_empty_area=False)
    for r, row in enumerate(rows):
        _check_row(row, r, name, limits)
    try:
        merged = list(sheet.merged_cell_ranges or [])
    except Exception:  # not every format reports merged cells
        merged = []
    return Grid(sheet_name, rows, merged)


def stream_sheets(
    path: str | os.PathLike, pick: Callable[[list[str]], list[str]], limits: Limits = DEFAULT_LIMITS
) -> Iterator[tuple[str, Iterator[list]]]:
    """(sheet name, its rows) for the sheets ``pick(all sheet names)`` chooses, in that
    order, each read row by row (a whole book's 送货 holds up to a million rows: the
    rows of one sheet are never all Python objects at once). The checks of
    ``read_workbook`` apply; consume each sheet's rows before asking for the next."""
    p = Path(path)
    suffix = check_file(p, limits)
    if suffix in CSV_SUFFIXES:
        raise FileProblem("file_not_excel", file=p.name)
    wb = _open_workbook(p, suffix, limits)
    try:
        for name in pick(list(wb.sheet_names)):
            yield name, _iter_grid(wb, name, p.name, limits)
    finally:
        wb.close()


def _iter_grid(wb, sheet_name: str, name: str, limits: Limits) -> Iterator[list]:
    sheet = _open_sheet(wb, sheet_name, name, limits)
    for r, row in enumerate(sheet.iter_rows()):
        yield _check_row(row, r, name, limits)
