"""The rep's summary workbook for the manager, and reading it back.

Format (also in README.md, "Manager's summary format"), version ``FORMAT_VERSION``:

* sheet 说明 (or Meta): rows of ``key | value | 说明``; keys ``format``
  (= ``salesbook-summary``), ``format_version``, ``rep``, ``book_uid``,
  ``period_start``, ``period_end``, ``generated_at``, ``salesbook_version``,
  ``customers``, ``lang``.
* sheet 客户 (Customers): one row per active customer (columns: ``SUMMARY_COLUMNS``).
* sheet 待办 (Due): the due list as of ``period_end`` for the week ahead
  (``DUE_DAYS``), overdue items included.
* sheet 应收 (Receivables): customers who owe, oldest debt first.
* sheet 关系金字塔 (Pyramid): customers per relationship level vs the
  100:50:10:4 guideline.

Headers may be Chinese or English (or the field key itself): the reader maps
all three, so a manager can build a summary by hand.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter

from .. import __version__
from ..rules.text import LEVEL_NAMES_EN, LEVEL_NAMES_ZH, LEVELS
from ..store.book import Book
from .export import KIND, STATUS, describe, load_values, value_row
from .write import Col, ExportResult, new_workbook, save_workbook, write_sheet

FORMAT = "salesbook-summary"
FORMAT_VERSION = 1
DUE_DAYS = 7

SHEETS = {"meta": ("说明", "Meta"), "customers": ("客户", "Customers"), "due": ("待办", "Due"),
          "receivables": ("应收", "Receivables"), "pyramid": ("关系金字塔", "Pyramid")}  # fmt: skip

# key, 中文, English, kind
SUMMARY_COLUMNS = {
    "customers": [
        ("name", "姓名", "Name", "text"),
        ("phone", "电话", "Phone", "text"), ("area", "片区", "Area", "text"),
        ("level", "关系", "Level", "text"), ("household_size", "家庭人数", "Household", "int"),
        ("balance", "欠款", "Owed", "money"), ("spend_total", "累计消费", "Total spend", "money"),
        ("spend_period", "本期消费", "Spend in period", "money"), ("deliveries", "送货次数", "Deliveries", "int"),
        ("last_delivery", "最近送货", "Last delivery", "date"), ("last_contact", "最近联系", "Last contact", "date"),
        ("next_follow_up", "下次回访", "Next follow-up", "date"),
        ("value", "客户价值", "Value", "money"), ("value_tier", "价值层级", "Value tier", "text"),
        ("rfm_segment", "RFM分群", "RFM segment", "text"), ("loss_risk", "流失风险", "Loss risk", "int"),
        ("customer_uid", "唯一编号", "Customer uid", "text"),  # last: kept out of the print area
    ],
    "due": [
        ("kind", "类型", "Kind", "text"), ("status", "状态", "Status", "text"),
        ("customer", "客户", "Customer", "text"),
        ("phone", "电话", "Phone", "text"), ("area", "片区", "Area", "text"),
        ("what", "事项", "What", "text"), ("due_date", "日期", "Date", "date"),
        ("days_left", "剩余天数", "Days left", "int"), ("amount", "欠款", "Owed", "money"),
        # what the team report words the item from, in the manager's language (not 事项's)
        ("product", "品名", "Product", "text"), ("runout_date", "预计用完", "Runs out", "date"),
        ("customer_uid", "客户唯一编号", "Customer uid", "text"),
    ],
    "receivables": [
        ("customer", "客户", "Customer", "text"),
        ("phone", "电话", "Phone", "text"), ("area", "片区", "Area", "text"),
        ("balance", "欠款", "Owed", "money"), ("oldest_unpaid", "最早未付送货", "Oldest unpaid", "date"),
        ("collect_date", "收款日", "Collect on", "date"),
        ("customer_uid", "客户唯一编号", "Customer uid", "text"),
    ],
    "pyramid": [
        ("level", "关系", "Level", "text"), ("count", "人数", "Count", "int"),
        ("guideline", "参考(100:50:10:4)", "Guideline (100:50:10:4)", "rate"),
    ],
}  # fmt: skip

META_KEYS = [
    ("format", "格式标记，固定为 salesbook-summary", "format mark, always salesbook-summary"),
    ("format_version", "格式版本", "format version"),
    ("rep", "业务员", "the rep"),
    (
        "book_uid",
        "账本唯一编号（同一业务员的账本不变）",
        "the book's uid (stays the same for a rep's book)",
    ),
    ("period_start", "期间开始", "first day of the period"),
    ("period_end", "期间结束（统计日期）", "last day of the period (figures as of)"),
    ("generated_at", "生成时间", "written at"),
    ("salesbook_version", "销售台账版本", "Salesbook version"),
    ("customers", "客户数", "customers"),
    ("lang", "语言", "language"),
]
# the key words a summary's level column may use
_LEVEL_TEXT = {**{v: k for k, v in LEVEL_NAMES_ZH.items()}, **{v: k for k, v in LEVEL_NAMES_EN.items()},
               **{k: k for k in LEVELS}}  # fmt: skip


def _cols(sheet: str, lang: str) -> list[Col]:
    # the uids are for the team book, not for paper: last, out of the print area
    return [
        Col(zh, en, kind, width=34 if k == "customer_uid" else None, printed=k != "customer_uid")
        for k, zh, en, kind in SUMMARY_COLUMNS[sheet]
    ]


def _name(sheet: str, lang: str) -> str:
    return SHEETS[sheet][1] if lang == "en" else SHEETS[sheet][0]


def write_summary(
    book: Book,
    path,
    *,
    rep: str,
    on: date,
    days: int = 30,
    lang: str = "zh",
    progress=None,
    today: date | None = None,
) -> ExportResult:
    """Write the summary workbook as of the end of ``on`` (see the module doc):
    balances, deliveries, contacts, spend, the due list and the pyramid count
    only what is dated on or before ``on`` (``salesbook.insight.as_of``). A day after
    ``today`` (default: the computer's date) is refused (ValidationError).
    Returns what was written. ``progress(sheet, rows_done)`` as in
    ``export_book`` (may raise to cancel)."""
    from ..errors import ValidationError
    from ..insight.as_of import as_of

    today = today or date.today()
    if on > today:
        raise ValidationError("summary_future_on", field="on", value=on.isoformat(),
                              on=on.isoformat(), today=today.isoformat())  # fmt: skip
    with as_of(book, on):
        return _write_summary(book, path, rep=rep, on=on, days=days, lang=lang, progress=progress)


def _write_summary(book: Book, path, *, rep: str, on: date, days: int, lang: str, progress):
    from ..records.due import due_items
    from ..records.relationship import guideline_for, pyramid

    started = time.perf_counter()

    def tick(sheet: str):
        return (lambda n: progress(sheet, n)) if progress else None

    conn = book.conn
    start = on - timedelta(days=days - 1)
    levels = LEVEL_NAMES_EN if lang == "en" else LEVEL_NAMES_ZH
    values = load_values(book, on, lang)
    vfields = ["ltv_fen", "tier", "segment", "risk"] if values else []
    period = dict(conn.execute(
        "SELECT customer_id, SUM(amount_fen) FROM deliveries WHERE deleted_at IS NULL AND source = 'us'"
        " AND date BETWEEN ? AND ? GROUP BY customer_id", (start.isoformat(), on.isoformat()),
    ))  # fmt: skip
    n_customers = conn.execute(
        "SELECT COUNT(*) FROM customers WHERE archived_at IS NULL"
    ).fetchone()[0]

    def customer_rows():
        for r in conn.execute(
            "SELECT c.uid, c.name, c.phone, c.area, c.level, c.household_size, cs.balance_fen,"
            " cs.spend_fen, c.id, cs.n_deliveries, cs.last_delivery_date, cs.last_contact_date,"
            " cs.follow_up_date FROM customers c LEFT JOIN customer_state cs ON cs.customer_id = c.id"
            " WHERE c.archived_at IS NULL ORDER BY c.area, c.sort_key, c.id"
        ):
            v = value_row(values, vfields, r[8], r[0], lang) if values else (None, None, None, None)
            yield (r[1], r[2], r[3], levels.get(r[4], r[4]), r[5], r[6] or 0, r[7] or 0,
                   period.get(r[8], 0), r[9] or 0, r[10], r[11], r[12], *v, r[0])  # fmt: skip

    wb = new_workbook(path)
    result = ExportResult(str(path))
    meta_values = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "rep": rep, "book_uid": book.uid,
        "period_start": start, "period_end": on, "generated_at": datetime.now().replace(microsecond=0).isoformat(" "),
        "salesbook_version": __version__, "customers": n_customers, "lang": lang,
    }  # fmt: skip
    meta_cols = [
        Col("键", "key", width=20),
        Col("值", "value", "any", width=36),
        Col("说明", "about", width=40),
    ]
    meta_rows = [(k, meta_values[k].isoformat() if isinstance(meta_values[k], date) else meta_values[k],
                  about_en if lang == "en" else about) for k, about, about_en in META_KEYS]  # fmt: skip
    name = _name("meta", lang)
    result.sheets[name] = write_sheet(wb, name, meta_cols, meta_rows, lang, progress=tick(name))

    name = _name("customers", lang)
    result.sheets[name] = write_sheet(
        wb, name, _cols("customers", lang), customer_rows(), lang, progress=tick(name)
    )

    items = due_items(book, on, within=DUE_DAYS - 1)
    pick = (lambda pair: pair[1]) if lang == "en" else (lambda pair: pair[0])
    due_rows = [(pick(KIND[i.kind]), pick(STATUS[i.status]), i.customer, i.phone, i.area,
                 describe(i, on, lang), i.due_date, i.days_left, i.amount_fen, i.product, i.runout_date,
                 i.customer_uid)
                for i in items]  # fmt: skip
    name = _name("due", lang)
    result.sheets[name] = write_sheet(
        wb, name, _cols("due", lang), due_rows, lang, progress=tick(name)
    )

    rec_rows = conn.execute(
        "SELECT c.name, c.phone, c.area, cs.balance_fen, cs.oldest_unpaid_date, cs.collect_date, c.uid"
        " FROM customer_state cs JOIN customers c ON c.id = cs.customer_id"
        " WHERE cs.balance_fen > 0 AND c.archived_at IS NULL ORDER BY cs.oldest_unpaid_date, c.sort_key"
    )
    name = _name("receivables", lang)
    result.sheets[name] = write_sheet(
        wb, name, _cols("receivables", lang), rec_rows, lang, progress=tick(name)
    )

    counts = pyramid(book)
    guide = guideline_for(sum(counts.values()))
    pyr_rows = [(levels[k], counts[k], round(guide[k], 1)) for k in reversed(LEVELS)]
    name = _name("pyramid", lang)
    result.sheets[name] = write_sheet(
        wb, name, _cols("pyramid", lang), pyr_rows, lang, progress=tick(name)
    )
    save_workbook(wb, path)
    result.seconds = time.perf_counter() - started
    return result


# -- reading a summary back (the team book uses this) ------------------------


@dataclass
class Summary:
    file: str
    meta: dict
    customers: list[dict] = field(default_factory=list)
    due: list[dict] = field(default_factory=list)
    receivables: list[dict] = field(default_factory=list)
    pyramid: list[dict] = field(default_factory=list)
    complete: bool = True  # False: only the meta sheet was read (not newer)


def _header_keys(sheet: str) -> dict[str, str]:
    from .columns import norm_header

    out = {}
    for key, zh, en, _kind in SUMMARY_COLUMNS[sheet]:
        for label in (key, zh, en):
            out[norm_header(label)] = key
    return out


# The columns the team report cannot be right without: a summary that lacks one
# is refused (a missing 欠款 would report ¥0 owed, a missing 关系 a pyramid of
# passers-by, a missing 电话 would hide conflicts).
REQUIRED_SHEETS = ("customers", "due")
REQUIRED_COLUMNS = {
    "customers": ("customer_uid", "name", "phone", "level", "balance", "spend_total"),
    "due": ("kind", "status", "customer", "due_date"),
}
ROW = "_row"  # each record's sheet row number (1-based), for messages


def column_label(sheet: str, key: str, lang: str = "zh") -> str:
    """How a summary in ``lang`` heads the column ``key`` of ``sheet``: “姓名” / “Name”."""
    for k, zh, en, _kind in SUMMARY_COLUMNS[sheet]:
        if k == key:
            return en if lang == "en" else zh
    return key


def _records(rows: list[list], sheet: str) -> tuple[list[dict], set[str]]:
    """The sheet's rows as {key: value, ROW: row number}, and the keys its header has."""
    from .columns import norm_header

    keys = _header_keys(sheet)
    header_idx = None
    for i, row in enumerate(rows[:10]):
        hits = sum(1 for c in row if isinstance(c, str) and norm_header(c) in keys)
        if hits >= 2:
            header_idx = i
            break
    if header_idx is None:
        return [], set()
    cols = {i: keys[norm_header(c)] for i, c in enumerate(rows[header_idx])
            if isinstance(c, str) and norm_header(c) in keys}  # fmt: skip
    out = []
    idx, names = list(cols), list(cols.values())
    width, pick, blank = max(idx) + 1, itemgetter(*idx), {None, ""}
    for n, row in enumerate(rows[header_idx + 1 :], header_idx + 2):
        # (a summary's rows are as wide as its header: one C call picks the cells)
        vals = pick(row) if len(row) >= width else [row[i] if i < len(row) else None for i in idx]
        if blank.issuperset(vals):
            continue
        rec = dict(zip(names, vals, strict=True))
        rec[ROW] = n
        out.append(rec)
    return out, set(cols.values())


def read_summary(path, limits=None, newer_than=None) -> Summary:
    """Read a summary workbook (safely, like any import). Raises FileProblem
    (``team_not_summary``, ``team_format_too_new``...) when it is not one.

    ``newer_than(meta) -> bool``, when given, is asked once the 说明/Meta sheet
    is read; False stops there (``Summary.complete`` is then False)."""
    from pathlib import Path

    from .read import CSV_SUFFIXES, DEFAULT_LIMITS, FileProblem, check_file, read_workbook

    p = Path(path)
    limits = limits or DEFAULT_LIMITS
    suffix = check_file(p, limits)
    if suffix in CSV_SUFFIXES:
        raise FileProblem("team_not_summary", file=p.name)
    state = {"meta": None, "stopped": False}
    meta_names = set(SHEETS["meta"])

    def keep_going(grids) -> bool:
        last = grids[-1]
        if last.sheet in meta_names:
            state["meta"] = _meta(last.rows, p.name)
            if newer_than is not None and not newer_than(state["meta"]):
                state["stopped"] = True
                return False
        return True

    grids = {g.sheet: g for g in read_workbook(p, suffix, limits, keep_going=keep_going)}
    if state["meta"] is None:
        raise FileProblem("team_not_summary", file=p.name)
    out = Summary(p.name, state["meta"], complete=not state["stopped"])
    if state["stopped"]:
        return out

    def sheet(key: str):
        for name in SHEETS[key]:
            if name in grids:
                return grids[name].rows
        return None

    lang = "en" if str(state["meta"].get("lang") or "").strip().lower() == "en" else "zh"
    for key in ("customers", "due", "receivables", "pyramid"):
        rows = sheet(key)
        if rows is None and key in REQUIRED_SHEETS:
            raise FileProblem("team_missing_sheet", file=p.name, sheet=_name(key, lang),
                              found="、".join(grids) or "-")  # fmt: skip
        records, found = _records(rows or [], key)
        missing = [k for k in REQUIRED_COLUMNS.get(key, ()) if k not in found]
        if missing:
            raise FileProblem(
                "team_missing_columns",
                file=p.name,
                sheet=next(n for n in SHEETS[key] if n in grids),
                columns="、".join(f"“{column_label(key, k, lang)}”({k})" for k in missing),
            )
        setattr(out, key, records)
    return out


def _meta(rows: list[list], file: str) -> dict:
    from .read import FileProblem

    meta = {}
    for row in rows:
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip():
            meta[row[0].strip()] = row[1]
    if meta.get("format") != FORMAT:
        raise FileProblem("team_not_summary", file=file)
    try:
        version = int(float(meta.get("format_version") or 0))
    except (TypeError, ValueError):
        version = 0
    if version > FORMAT_VERSION:
        raise FileProblem("team_format_too_new", file=file, version=version, known=FORMAT_VERSION)
    for key in ("rep", "book_uid", "period_end"):
        if meta.get(key) in (None, ""):
            raise FileProblem(
                "team_bad_summary", file=file, detail=f"说明/meta: '{key}' is missing"
            )
    return meta
