"""Import customers, products, deliveries and payments from real spreadsheets.

The calls, in the order an import wizard uses them (all Qt-free; run them in
a worker thread, they take seconds on big files):

``read_table(path, kind=None, sheet=None, limits=Limits()) -> Table``
    Reads .xlsx/.xlsm/.xls/.ods (python-calamine) or .csv (UTF-8, UTF-8 BOM,
    UTF-16, GBK/GB18030 detected) and finds the header row by itself under
    title rows. With ``kind=None`` the kind is guessed from the headers
    (``Table.kind``), so the wizard can preselect it. ``Table.sheets`` lists the sheets (pick another with
    ``sheet=``), ``Table.header_row`` is the sheet row number of the header,
    ``Table.headers`` its texts, ``Table.n_rows`` the data rows below it.
    Bad files raise ``FileProblem`` (a SalesbookError: ``exc.message()``).

``detect_mapping(table, kind, overrides=None) -> Mapping``
    Which column holds which field, from EN/ZH header synonyms.
    ``Mapping.columns`` {column index: field}, ``Mapping.missing`` required
    fields with no column (the wizard must not go on while it is non-empty),
    ``Mapping.set(col, field_or_None)`` returns a changed copy,
    ``Mapping.describe(lang)`` gives (header, field name) pairs to show.
    ``overrides`` is ``{"列名": "field"}`` or the CLI's ``["列名=field"]``.
    ``FIELDS[kind]`` lists the fields a column may be mapped to.

``preview(book, table, kind, mapping, n=20, mode=None) -> list[PreviewRow]``
    The first ``n`` data rows as they would be imported: the raw values per
    field, the action (insert / update / skip) and the problems of the row
    (each ``Problem`` has ``row``, ``field``, ``key``, ``params`` and
    ``.message(lang)``), so the wizard can mark the bad cells. Reads only.

``import_table(book, table, kind, mapping, mode=None, dry_run=False,
skip_invalid=False, progress=None) -> ImportResult``
    One transaction. ``mode``: update | skip | keep for duplicates (default:
    update for customers and products, skip for deliveries and payments, so
    re-importing a file neither duplicates customers nor doubles deliveries).
    All or nothing: any bad row raises ``ImportFailed`` whose ``problems``
    name the sheet row and field, and the book is unchanged; with
    ``skip_invalid`` the good rows go in and ``ImportResult.problems`` lists
    the rest. ``dry_run`` does everything, then rolls back.
    ``progress(done, total, stage)`` is called now and then (stage: "check",
    "write", "forecast"); it may raise (e.g. ``ImportCancelled()``) to cancel,
    and the book is left exactly as it was.
    Deliveries and payments update the maintained forecast and balances of
    the customers they touch in the same transaction. The safety backup is
    made beside the import (``backup.before_started``) and the import commits
    only once it is written: a failed backup leaves the book unchanged.

``import_file(book, kind, path, **options) -> ImportResult``
    All of the above in one call (options: sheet, overrides, mode, dry_run,
    skip_invalid, progress, limits).

``list_imports(book) -> list[ImportRecord]`` and ``revert_import(book, id)``
    Every import is recorded (when, file, rows, mode, and in
    ``import_changes`` what it inserted or updated, with the row as it was);
    reverting deletes what it inserted and restores what it updated, as one
    step.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportFailed, SalesbookError, ValidationError
from ..records import supply
from ..store import backup, hooks, undo
from ..store.book import Book, new_uid, now_iso
from .apply import DEFAULT_MODE, IMPORTERS, MODES, RowProblem
from .columns import (
    FIELDS,
    KINDS,
    REQUIRED,
    Mapping,
    MappingError,
    apply_overrides,
    auto_mapping,
    find_header_row,
    foreign_headers,
    guess_kind,
    header_score,
    header_texts,
)
from .history import TABLES as _TABLES
from .history import ImportRecord, RevertResult, list_imports, revert_import
from .read import DEFAULT_LIMITS, FileProblem, Limits, read_sheets
from .rows import (
    Parsers,
    Problem,
    clean_row,
    is_blank,
    is_footer_row,
    is_total_row,
    problem_from,
)

__all__ = [
    "FIELDS", "KINDS", "REQUIRED", "MODES", "Table", "Mapping", "Problem", "PreviewRow",
    "ImportResult", "ImportRecord", "RevertResult", "FileProblem", "MappingError", "ImportCancelled", "Limits",
    "read_table", "detect_mapping", "preview", "import_table", "import_file", "list_imports",
    "revert_import", "problem_lines",
]  # fmt: skip

Progress = Callable[[int, int, str], None]


class ImportCancelled(SalesbookError):
    """Raise this from a progress callback to cancel; the book is left as it was."""

    def __init__(self) -> None:
        super().__init__("import_cancelled")


class _DryRun(Exception):
    pass


@dataclass
class Table:
    """One sheet of a file, with its header row found."""

    path: str
    sheet: str
    sheets: list[str]
    rows: list[list]
    header_index: int
    headers: list[str]
    merged: list = field(default_factory=list)
    encoding: str | None = None
    kind: str | None = None

    @property
    def file(self) -> str:
        return Path(self.path).name

    @property
    def header_row(self) -> int:
        """The header's row number as the spreadsheet shows it (1-based)."""
        return self.header_index + 1

    @property
    def n_rows(self) -> int:
        """Data rows under the header (blank and total rows included)."""
        return len(self.rows) - self.header_index - 1

    def data_rows(self) -> Iterator[tuple[int, list]]:
        """(sheet row number, cells) under the header; merged cells filled with their value."""
        start = self.header_index + 1
        rows = self.rows
        if self.merged:
            rows = [list(r) for r in rows]
            for (r0, c0), (r1, c1) in self.merged:
                if r0 < start or r0 >= len(rows):
                    continue
                value = rows[r0][c0] if c0 < len(rows[r0]) else None
                for r in range(r0, min(r1, len(rows) - 1) + 1):
                    row = rows[r]
                    for c in range(c0, c1 + 1):
                        if c < len(row) and is_blank(row[c]):
                            row[c] = value
        for i in range(start, len(rows)):
            yield i + 1, rows[i]


def _has_data(grid_rows: list[list], after: int) -> bool:
    for row in grid_rows[after + 1 :]:
        if any(not is_blank(c) for c in row) and not is_total_row(row) and not is_footer_row(row):
            return True
    return False


def read_table(
    path: str | Path, kind: str | None = None, *, sheet: str | int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Table:  # fmt: skip
    """Read a file and find its header row (see the module doc). Raises FileProblem."""
    if kind is not None and kind not in KINDS:
        raise ValidationError("bad_kind", field="kind", value=kind)
    p = Path(path)
    grids = read_sheets(p, limits)
    names = [g.sheet for g in grids]
    if sheet is not None:
        if isinstance(sheet, int) or (
            isinstance(sheet, str) and sheet.isdigit() and sheet not in names
        ):
            idx = int(sheet) - 1
            chosen = [grids[idx]] if 0 <= idx < len(grids) else []
        else:
            chosen = [g for g in grids if g.sheet == sheet]
        if not chosen:
            raise FileProblem(
                "import_sheet_not_found", file=p.name, sheet=str(sheet), sheets="、".join(names)
            )
        candidates = chosen
    else:
        candidates = [g for g in grids if any(any(not is_blank(c) for c in r) for r in g.rows)]
        if not candidates:
            raise FileProblem("import_empty", file=p.name)
    guessed = kind
    best = None  # (score, grid, header index)
    unfit: list[tuple[str, list[str]]] = []  # sheets whose headers belong to another kind
    for g in candidates:
        k = kind or guess_kind(g.rows)
        if k is None:
            continue
        h = find_header_row(g.rows, k)
        if h is None:
            continue
        foreign = foreign_headers(g.rows[h], k)
        if foreign:
            unfit.append((g.sheet, foreign))
            continue
        # a sheet whose headers give every required field beats one that needs --map
        complete = not auto_mapping(header_texts(g.rows[h]), k).missing
        score = (complete, header_score(g.rows[h], k) + (1 if _has_data(g.rows, h) else 0))
        if best is None or score > best[0]:
            best, guessed = (score, g, h), k
    if best is None and unfit:
        from ..i18n import kind_name

        sheet_name_, foreign = unfit[0]
        raise FileProblem(
            "import_sheet_unfit", file=p.name, kind=kind_name(kind or "payments"),
            sheet=sheet_name_, columns="、".join(foreign), sheets="、".join(names),
        )  # fmt: skip
    if best is None:
        if not any(any(not is_blank(c) for c in r) for g in candidates for r in g.rows):
            raise FileProblem("import_empty", file=p.name)
        needed = _needed_text(kind)
        raise FileProblem("import_no_header", file=p.name, needed=needed)
    _, grid, h = best
    if not _has_data(grid.rows, h):
        raise FileProblem("import_header_only", file=p.name, sheet=grid.sheet)
    return Table(str(p), grid.sheet, names, grid.rows, h, header_texts(grid.rows[h]),
                 grid.merged, grid.encoding, guessed)  # fmt: skip


def _needed_text(kind: str | None) -> str:
    from ..i18n import field_name

    if kind is None:
        return "姓名/name, 电话/phone, 品名/product, 日期/date ..."
    fields = list(REQUIRED[kind])
    if kind in ("deliveries", "payments"):
        fields.insert(0, "customer")
    return "、".join(f"{field_name(f, 'zh')}/{f}" for f in fields)


def detect_mapping(table: Table, kind: str, overrides=None) -> Mapping:
    """The detected column mapping, with the user's overrides applied."""
    if kind not in KINDS:
        raise ValidationError("bad_kind", field="kind", value=kind)
    return apply_overrides(auto_mapping(table.headers, kind), overrides)


@dataclass
class PreviewRow:
    row: int
    values: dict  # field -> the cell as read
    action: str  # insert | update | skip | merge | invalid
    problems: list[Problem]
    note: str = ""


@dataclass
class ImportResult:
    import_id: int | None
    kind: str
    file: str
    sheet: str
    header_row: int
    mode: str
    rows: int  # data rows considered (blank and total rows not counted)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0  # rows merged into an earlier row of the same file (mode update)
    skipped_duplicates: int = 0
    skipped_totals: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0
    backup_seconds: float = 0.0  # of ``seconds``: waiting for the safety backup (made beside)
    customers_touched: int = 0
    # (sheet row, name) of names a spreadsheet would take for a formula (=..., +...):
    # imported as typed, but worth a look (a pasted formula, a CSV injection)
    suspicious: list[tuple[int, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.inserted + self.updated

    @property
    def skipped(self) -> int:
        return len({p.row for p in self.problems}) + self.skipped_duplicates

    def to_json(self) -> dict:
        return {
            "import_id": self.import_id, "kind": self.kind, "file": self.file, "sheet": self.sheet,
            "header_row": self.header_row, "mode": self.mode, "rows": self.rows,
            "inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged,
            "merged": self.merged, "skipped_duplicates": self.skipped_duplicates,
            "skipped_totals": self.skipped_totals, "dry_run": self.dry_run,
            "problems": [p.to_json() for p in self.problems], "seconds": round(self.seconds, 3),
            "suspicious_names": [{"row": r, "name": n} for r, n in self.suspicious],
        }  # fmt: skip


def _check_mapping(table: Table, mapping: Mapping) -> None:
    missing = mapping.missing
    if missing:
        raise MappingError("import_missing_column", file=table.file, field=missing[0])


def _iter_clean(
    table: Table, kind: str, mapping: Mapping, parsers: Parsers, stats: dict, limit=None
):
    """(row, raw, clean, errors) per data row; blank, total and footer rows counted and skipped."""
    cols = sorted(mapping.columns.items())
    seen = 0
    for rownum, cells in table.data_rows():
        for c in cells:  # skip blank rows (inlined: this loop runs once per row)
            if c is not None and (type(c) is not str or c.strip()):
                break
        else:
            continue
        if is_total_row(cells) or is_footer_row(cells):
            stats["totals"] += 1
            continue
        n = len(cells)
        raw = {f: (cells[c] if c < n else None) for c, f in cols}
        for v in raw.values():
            if v is not None and (type(v) is not str or v.strip()):
                break
        else:
            continue
        seen += 1
        clean, errors = clean_row(kind, raw, parsers)
        yield rownum, raw, clean, errors
        if limit is not None and seen >= limit:
            return


def _plan(book, table, kind, mapping, mode, parsers, progress=None, limit=None):
    importer = IMPORTERS[kind](book, mode)
    stats = {"totals": 0, "rows": 0}
    problems: list[Problem] = []
    planned: list[tuple[int, dict, str, list[Problem], str]] = []
    total = table.n_rows
    headers = mapping.headers
    cols = mapping.fields
    for rownum, raw, clean, errors in _iter_clean(table, kind, mapping, parsers, stats, limit):
        stats["rows"] += 1
        if progress and stats["rows"] % 2000 == 0:
            progress(rownum - table.header_row, total, "check")
        row_problems = [
            problem_from(exc, rownum, fld, table.sheet, headers[cols[fld]] if fld in cols else None)
            for fld, exc in errors
        ]
        action, note = "invalid", ""
        if not row_problems:
            try:
                op = importer.plan(rownum, clean)
                action = op.action if op.row == rownum else "merge"
                note = op.note
            except RowProblem as rp:
                col = headers[cols[rp.field]] if rp.field in cols else None
                row_problems.append(Problem(rownum, rp.field, rp.key, rp.params, table.sheet, col))
        problems.extend(row_problems)
        if limit is not None:
            planned.append((rownum, raw, action, row_problems, note))
    importer.finish_plan()
    return importer, stats, problems, planned


def preview(
    book: Book, table: Table, kind: str, mapping: Mapping, n: int = 20, mode: str | None = None
) -> list[PreviewRow]:
    """The first ``n`` data rows as the import would see them (reads only)."""
    mode = _mode(kind, mode)
    _, _, _, planned = _plan(book, table, kind, mapping, mode, Parsers(), limit=n)
    return [PreviewRow(r, raw, a, p, note) for r, raw, a, p, note in planned]


def _mode(kind: str, mode: str | None) -> str:
    mode = mode or DEFAULT_MODE[kind]
    if mode not in MODES:
        raise ValidationError("bad_mode", field="mode", value=mode)
    return mode


def import_table(
    book: Book,
    table: Table,
    kind: str,
    mapping: Mapping,
    mode: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the table as one transaction (see the module doc)."""
    started = time.perf_counter()
    mode = _mode(kind, mode)
    _check_mapping(table, mapping)
    parsers = Parsers()
    result = ImportResult(
        None, kind, table.file, table.sheet, table.header_row, mode, 0, dry_run=dry_run
    )
    # made beside the import; it must be written before the import commits (none for a dry run)
    pending = backup.PendingBackup.made(None) if dry_run else backup.before_started(book, "import")
    try:
        # imports have their own one-step undo (revert_import, recorded in
        # imports/import_changes): the general undo log does not copy every row
        with pending, book.transaction() as conn, undo.suspended(conn):
            importer, stats, problems, _ = _plan(
                book, table, kind, mapping, mode, parsers, progress
            )
            result.rows = stats["rows"]
            result.skipped_totals = stats["totals"]
            if problems and not skip_invalid:
                raise ImportFailed(problems, file=table.file)
            before = {
                t: conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0]
                for t in _TABLES
            }
            cur = conn.execute(
                "INSERT INTO imports (uid, at, kind, file, rows, mode) VALUES (?, ?, ?, ?, ?, ?)",
                (new_uid(), now_iso(), kind, _file_label(table), result.rows, mode),
            )
            import_id = cur.lastrowid
            touched = importer.write(import_id, progress, problems, skip_invalid, table.sheet)
            if problems and not skip_invalid:
                raise ImportFailed(problems, file=table.file)
            if kind in ("deliveries", "payments"):
                _refresh(book, touched, progress)
            for t in _TABLES:
                conn.execute(
                    "INSERT INTO import_changes (import_id, table_name, row_id, action)"
                    f" SELECT ?, ?, id, 'insert' FROM {t} WHERE id > ?",
                    (import_id, t, before[t]),
                )
            c = importer.counts
            if not c.inserted and not c.updated:  # nothing written: no record to undo
                conn.execute("DELETE FROM import_changes WHERE import_id = ?", (import_id,))
                conn.execute("DELETE FROM imports WHERE id = ?", (import_id,))
                import_id = None
            result.import_id = import_id
            result.inserted, result.updated, result.unchanged = c.inserted, c.updated, c.unchanged
            result.merged, result.skipped_duplicates = c.merged, c.skipped_duplicates
            result.problems = problems
            result.customers_touched = len(touched)
            result.suspicious = _suspicious_names(importer)
            if dry_run:
                raise _DryRun
            pending.wait()  # raises BackupFailed: rolled back, nothing imported
    except _DryRun:
        result.import_id = None
    result.backup_seconds = pending.waited
    result.seconds = time.perf_counter() - started
    return result


def _suspicious_names(importer) -> list[tuple[int, str]]:
    from ..rules.text import formula_risky

    out = []
    for op in getattr(importer, "ops", []):
        name = op.data.get("name") if isinstance(op.data, dict) else None
        if isinstance(name, str) and formula_risky(name):
            out.append((op.row, name))
    return out


def _file_label(table: Table) -> str:
    return table.path if len(table.sheets) <= 1 else f"{table.path} [{table.sheet}]"


def _refresh(book: Book, customer_ids: set[int], progress: Progress | None) -> None:
    ids = sorted(customer_ids)
    step = supply.REFRESH_CHUNK
    for start in range(0, len(ids), step):
        supply.refresh_customers(book, ids[start : start + step])
        if progress:
            progress(min(start + step, len(ids)), len(ids), "forecast")


def problem_lines(problems, lang: str | None = None) -> list[str]:
    """The problems as lines to show: a product missing on many rows is said once,
    with how many rows, which, and how to add it (not thousands of equal lines)."""
    from ..i18n import t

    missing: dict[str, list] = {}
    for p in problems:
        if p.key == "unknown_product":
            missing.setdefault(str(p.params.get("value")), []).append(p)
    lines: list[str] = []
    said: set[str] = set()
    for p in problems:
        if p.key != "unknown_product":
            lines.append(p.message(lang))
            continue
        name = str(p.params.get("value"))
        if name in said:
            continue
        said.add(name)
        rows = [q.row for q in missing[name]]
        shown = "、".join(str(r) for r in rows[:5]) + ("…" if len(rows) > 5 else "")
        lines.append(t("unknown_products_summary", lang=lang, value=name, count=len(rows),
                       rows=shown))  # fmt: skip
    return lines


def import_file(
    book: Book,
    kind: str,
    path: str | Path,
    *,
    sheet: str | int | None = None,
    overrides=None,
    mode: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportResult:
    """Read, map and import one file in one call."""
    table = read_table(path, kind, sheet=sheet, limits=limits)
    mapping = detect_mapping(table, kind, overrides)
    return import_table(book, table, kind, mapping, mode, dry_run, skip_invalid, progress)


hooks.provide("revert_import", revert_import)  # undo of an import (store/undo.py)
