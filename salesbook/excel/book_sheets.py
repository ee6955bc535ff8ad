"""Reading a workbook written by ``export book`` (see ``excel/restore.py``):
its sheets (Chinese or English names and headers) into plain records per
table, each cell checked, each bad one a ``BookProblem`` naming the sheet,
the row as Excel shows it and the column. Reads only; writes nothing.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..errors import SalesbookError, ValidationError
from ..rules import paycycle
from ..rules.text import LEVELS, parse_date, parse_decimal, parse_int, parse_level, parse_money_fen
from ..store.book import now_iso
from .export import (
    CONTACT_KIND,
    PRODUCT_COLS,
    SHEETS,
    SNOOZE_KIND,
    SOURCE,
    TEMPLATE_LANG,
    TIER_NAMES,
    _record_sheets,
    contact_cols,
    customer_cols,
    delivery_cols,
    payment_cols,
)
from .read import FileProblem, Limits, stream_sheets
from .rows import english_pay_cycle

_UID = re.compile(r"[0-9a-f]{32}")
# a whole book is bigger than one imported list: up to Excel's rows per sheet
BOOK_LIMITS = Limits(max_bytes=400 * 1024 * 1024, max_rows=1_048_576 + 10,
                     max_unpacked=4 * 1024 * 1024 * 1024)  # fmt: skip


@dataclass(frozen=True)
class BookProblem:
    """One bad cell of the workbook: sheet, row as Excel shows it, column header."""

    sheet: str
    row: int
    column: str
    key: str
    params: dict = field(default_factory=dict)
    field: str | None = None

    def message(self, lang: str | None = None) -> str:
        from ..i18n import t

        inner = t(self.key, lang=lang, **{**self.params, "field": ""}).strip(" ：:")
        return t("book_import_row", lang=lang, sheet=self.sheet, row=self.row,
                 column=self.column, message=inner)  # fmt: skip

    def __str__(self) -> str:
        return self.message("en")

    def to_json(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "key": self.key,
                "message": self.message()}  # fmt: skip


# -- reading the sheets -----------------------------------------------------------


class _Sheet:
    """One sheet's rows as {zh header or sb.key: cell}, with where each came from."""

    def __init__(self, name: str, rows, cols, problems: list[BookProblem]):
        """``rows``: the sheet's rows (an iterator: read once), the header first."""
        self.name = name
        self.problems = problems
        known = {}
        for c in cols:
            known[c.zh] = c.zh
            known[c.en] = c.zh
        self.rows = iter(rows)
        header = next(self.rows, None) or []
        self.columns: dict[str, int] = {}
        self.titles: dict[str, str] = {}
        for i, h in enumerate(header):
            key = known.get(str(h).strip()) if h not in (None, "") else None
            if key and key not in self.columns:
                self.columns[key] = i
                self.titles[key] = str(h).strip()

    def has(self, key: str) -> bool:
        return key in self.columns

    def records(self):
        """(sheet row number, getter) per non-blank row."""
        cols = self.columns
        for i, cells in enumerate(self.rows, 2):
            if not any(c not in (None, "") for c in cells):
                continue
            n = len(cells)

            def get(key, cells=cells, n=n):
                j = cols.get(key)
                if j is None or j >= n:
                    return None
                v = cells[j]
                return None if v == "" else v

            yield i, get

    def problem(self, row: int, key: str, msg: str, **params) -> None:
        self.problems.append(BookProblem(self.name, row, self.titles.get(key, key), msg, params))


def _text(v) -> str | None:
    """A cell's text exactly as it is (no normalising: notes keep ，。！)."""
    if v is None:
        return None
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    if isinstance(v, datetime | date):
        return v.isoformat()
    return str(v)


class _Cells:
    """Parse one row's cells; each failure becomes a problem naming sheet, row, column."""

    def __init__(self, sheet: _Sheet, row: int, get):
        self.sheet, self.row, self.get = sheet, row, get
        self.ok = True

    def bad(self, key: str, msg: str = "book_import_bad_value", **params) -> None:
        self.ok = False
        params.setdefault("value", str(self.get(key))[:40])
        self.sheet.problem(self.row, key, msg, **params)

    def text(self, key: str, required: bool = False) -> str | None:
        v = _text(self.get(key))
        if required and not (v or "").strip():
            self.ok = False
            self.sheet.problem(self.row, key, "required", field="")
            return None
        return v

    def uid(self, key: str, required: bool = True) -> str | None:
        v = self.text(key, required)
        if v is None:
            return None
        s = v.strip().lower().replace("-", "")
        if not _UID.fullmatch(s):
            self.bad(key)
            return None
        return s

    def _given(self, key: str, required: bool):
        """The cell's value; None for an empty cell (a problem when ``required``)."""
        v = self.get(key)
        if v is None and required:
            self.text(key, True)
        return v

    def day(self, key: str, required: bool = False) -> str | None:
        v = self._given(key, required)
        if v is None:
            return None
        try:
            return parse_date(v).isoformat()  # dates, datetimes and text alike
        except ValidationError:
            self.bad(key)
            return None

    def fen(self, key: str, required: bool = False, positive: bool = False) -> int | None:
        v = self._given(key, required)
        if v is None:
            return None
        try:
            fen = parse_money_fen(v, allow_zero=not positive)
        except ValidationError:
            self.bad(key)
            return None
        return fen

    def number(self, key: str, positive: bool = False, required: bool = False) -> float | None:
        v = self._given(key, required)
        if v is None:
            return None
        try:
            x = float(v) if isinstance(v, int | float) else float(parse_decimal(v))
        except ValidationError:
            self.bad(key)
            return None
        if x < 0 or (positive and x <= 0) or x != x:
            self.bad(key)
            return None
        return x

    def integer(self, key: str) -> int | None:
        v = self.get(key)
        if v is None:
            return None
        try:
            return parse_int(v)
        except ValidationError:
            self.bad(key)
            return None

    def level(self, code_key: str, text_key: str | None, required: bool = True) -> str | None:
        code = self.text(code_key)
        if code:
            if code in LEVELS:
                return code
            self.bad(code_key)
            return None
        shown = self.get(text_key) if text_key else None
        if shown is None:
            if required:
                self.text(text_key or code_key, True)
            return None
        try:
            return parse_level(shown)
        except ValidationError:
            self.bad(text_key or code_key)
            return None

    def stamp(self, exact_key: str, day_key: str, default: str | None) -> str | None:
        """A time stamp: the exact one when the visible date still says its day,
        else the visible date (a person changed it), else ``default``."""
        exact = self.text(exact_key)
        shown = self.day(day_key)
        if shown is None:
            return exact if exact and not self.sheet.has(day_key) else default
        if exact and exact[:10] == shown:
            return exact
        return shown + "T00:00:00+00:00"

    def choice(self, code_key: str, text_key: str, names: dict, default: str | None) -> str | None:
        code = self.text(code_key)
        if code in names:
            return code
        shown = self.text(text_key)
        if shown is None:
            return default
        for k, pair in names.items():
            if shown.strip() in (k, *pair):
                return k
        self.bad(text_key)
        return None


# -- the workbook -----------------------------------------------------------------


def _names(key: str) -> tuple[str, str]:
    return SHEETS[key]


def _find(names: list[str], key: str) -> list[str]:
    """The sheets of ``key`` in the file: its zh or en name, and the ones that go
    on where a sheet was full ('送货 2', '价值快照 2'...)."""
    zh, en = _names(key)
    out = [n for n in names if n in (zh, en)]
    out += [n for n in names if re.fullmatch(rf"(?:{zh}|{en}) \d+", n)]
    return out


def _record_cols(key: str):
    for k, cols, _sql in _record_sheets("zh"):
        if k == key:
            return cols
    raise KeyError(key)


def read_book_file(path, limits: Limits = BOOK_LIMITS) -> tuple[dict, list[BookProblem]]:
    """Every record of the workbook as plain dicts per table, and the problems found."""
    p = Path(path)
    wanted: dict[str, list[str]] = {}

    def pick(names: list[str]) -> list[str]:
        wanted.update({k: _find(names, k) for k in SHEETS if k != "forecast"})
        if not wanted["customers"]:
            raise FileProblem("book_import_not_export", file=p.name, sheet="客户/Customers",
                              column="唯一编号/uid")  # fmt: skip
        return [n for ns in wanted.values() for n in ns]

    problems: list[BookProblem] = []
    cols_of = {
        "customers": customer_cols("zh"), "products": PRODUCT_COLS,
        "deliveries": delivery_cols("zh"), "payments": payment_cols(),
        "contacts": contact_cols("zh"),
    }  # fmt: skip
    data: dict[str, list[dict]] = {}
    for name, rows in stream_sheets(p, pick, limits):
        key = next(k for k, ns in wanted.items() if name in ns)
        sheet = _Sheet(name, rows, cols_of.get(key) or _record_cols(key), problems)
        need = _REQUIRED_COLUMN.get(key)
        out = data.setdefault(key, [])
        seen: dict[str, int] = {}
        for row, get in sheet.records():
            if need and not sheet.has(need):
                raise FileProblem("book_import_not_export", file=p.name, sheet=name, column=need)
            c = _Cells(sheet, row, get)
            rec = _PARSE[key](c)
            if c.ok and rec is not None:
                if "uid" in rec and rec["uid"] is None and key in _EVENT_KEYS:
                    rec["uid"] = _content_uid(key, rec, seen)
                rec["_at"] = (name, row)
                out.append(rec)
    for key in wanted:
        data.setdefault(key, [])
    return data, problems


_EVENT_KEYS = ("deliveries", "payments", "contacts", "complaints", "level_history")
_HAND_ROWS = uuid.UUID("5a1e5b00-c0de-4b00-8000-000000000000")


def _content_uid(key: str, rec: dict, seen: dict[str, int]) -> str:
    """A row typed into the workbook by hand has no uid: it gets one made from what
    it says (and how many equal rows came before it in the file), so importing the
    same file again finds it instead of adding it twice."""
    text = (
        key
        + "|"
        + "|".join(f"{k}={rec[k]}" for k in sorted(rec) if k not in ("uid", "created_at", "_row"))
    )
    n = seen[text] = seen.get(text, 0) + 1
    return uuid.uuid5(_HAND_ROWS, f"{text}#{n}").hex


_REQUIRED_COLUMN = {
    "customers": "唯一编号", "products": "品名", "deliveries": "客户唯一编号",
    "payments": "客户唯一编号", "contacts": "客户唯一编号", "complaints": "客户唯一编号",
    "level_history": "客户唯一编号", "overrides": "客户唯一编号", "snoozes": "客户唯一编号",
    "dismissed": "客户唯一编号", "settings": "设置", "templates": "模板",
    "value_history": "客户唯一编号",
}  # fmt: skip


def _customer(c: _Cells) -> dict:
    cycle_code = c.text("sb.cycle")
    if cycle_code:
        pay = paycycle.decode(cycle_code).encode()
        if pay != cycle_code:
            c.bad("sb.cycle")
    else:
        shown = c.get("发薪日")
        try:
            pay = paycycle.parse_pay_cycle(english_pay_cycle(shown)).encode() if shown else "none"
        except SalesbookError:
            c.bad("发薪日")
            pay = "none"
    household = c.integer("家庭人数")
    if household is not None and household <= 0:
        c.bad("家庭人数")
    return {
        "uid": c.uid("唯一编号"), "name": c.text("姓名", True), "phone": c.text("电话"),
        "address": c.text("地址"), "area": c.text("片区"), "household_size": household,
        "pay_cycle": pay, "level": c.level("sb.level", "关系"), "lead_days": c.integer("提前天数"),
        "notes": c.text("备注"), "address_as": c.text("称呼"), "delivery_note": c.text("送货习惯"),
        "behaviour_type": c.text("sb.behaviour"),
        "temperament": c.text("sb.temperament"),
        "created_at": c.stamp("sb.created", "建档日期", None) or now_iso(),
        "archived_at": c.stamp("sb.archived", "已归档", None),
        "updated_at": c.text("sb.updated"), "_referrer": c.uid("sb.referrer", False),
        "_row": c.integer("sb.row"),
    }  # fmt: skip


def _product(c: _Cells) -> dict:
    return {
        "uid": c.uid("唯一编号", False), "name": c.text("品名", True), "unit": c.text("单位") or "",
        "unit_price_fen": c.fen("单价") or 0, "per_person_daily": c.number("人均日用量"),
        "created_at": c.stamp("sb.created", "建档日期", None) or now_iso(),
        "archived_at": c.stamp("sb.archived", "已停用", None), "_row": c.integer("sb.row"),
    }  # fmt: skip


def _delivery(c: _Cells) -> dict:
    return {
        "uid": c.uid("sb.uid", False), "_customer": c.uid("客户唯一编号"),
        "_product": c.text("品名", True), "date": c.day("日期", True),
        "quantity": c.number("数量", positive=True, required=True),
        "unit_price_fen": c.fen("单价", True), "amount_fen": c.fen("金额", True),
        "source": c.choice("sb.source", "来源", SOURCE, "us"), "note": c.text("备注"),
        "created_at": c.text("sb.created") or now_iso(), "_row": c.integer("sb.row"),
    }  # fmt: skip


def _payment(c: _Cells) -> dict:
    return {
        "uid": c.uid("sb.uid", False), "_customer": c.uid("客户唯一编号"),
        "date": c.day("日期", True), "amount_fen": c.fen("金额", True, positive=True),
        "note": c.text("备注"), "_delivery": c.uid("sb.delivery", False),
        "created_at": c.text("sb.created") or now_iso(), "_row": c.integer("sb.row"),
    }  # fmt: skip


def _contact(c: _Cells) -> dict:
    return {
        "uid": c.uid("sb.uid", False), "_customer": c.uid("客户唯一编号"),
        "date": c.day("日期", True), "kind": c.choice("sb.kind", "方式", CONTACT_KIND, "visit"),
        "note": c.text("备注"), "created_at": c.text("sb.created") or now_iso(),
        "_row": c.integer("sb.row"),
    }  # fmt: skip


def _complaint(c: _Cells) -> dict:
    return {
        "uid": c.uid("sb.uid", False), "_customer": c.uid("客户唯一编号"),
        "date": c.day("日期", True), "_product": c.text("品名"), "what": c.text("投诉内容", True),
        "resolution": c.text("解决办法"), "resolved_date": c.day("解决日期"),
        "created_at": c.text("sb.created") or now_iso(), "_row": c.integer("sb.row"),
    }  # fmt: skip


def _history(c: _Cells) -> dict:
    return {
        "uid": c.uid("sb.uid", False), "_customer": c.uid("客户唯一编号"),
        "date": c.day("日期", True), "from_level": c.level("sb.from", "原关系", required=False),
        "to_level": c.level("sb.to", "新关系"), "reason": c.text("原因"),
        "created_at": c.text("sb.created") or now_iso(), "_row": c.integer("sb.row"),
    }  # fmt: skip


def _override(c: _Cells) -> dict:
    return {"_customer": c.uid("客户唯一编号"), "_product": c.text("品名", True),
            "daily_rate": c.number("日用量", positive=True, required=True)}  # fmt: skip


def _snooze(c: _Cells) -> dict:
    kind = c.choice("sb.kind", "事项", SNOOZE_KIND, None)
    if kind is None and c.ok:
        c.text("事项", True)
    return {"_customer": c.uid("客户唯一编号"), "kind": kind, "_product": c.text("品名"),
            "until": c.day("暂缓到", True)}  # fmt: skip


def _dismissed(c: _Cells) -> dict:
    return {"_customer": c.uid("客户唯一编号"), "to_level": c.level("sb.level", "建议的关系"),
            "date": c.day("日期", True)}  # fmt: skip


def _setting(c: _Cells) -> dict | None:
    """A setting the rep chose (the ones Settings shows), checked like Settings
    checks it. Anything else is the other book's own derived state (its monthly
    fits keyed by its row ids, which jobs ran): not this book's, left out."""
    from ..records.settings import LIMITS
    from ..rules.text import LEVELS
    from ..store.book import DEFAULT_SETTINGS

    key, value = c.text("设置", True), c.text("值", True)
    if key not in DEFAULT_SETTINGS:
        return None
    try:
        parsed = json.loads(value) if value is not None else None
    except ValueError:
        parsed = None
    if key == "cadence_days":
        good = isinstance(parsed, dict) and set(parsed) <= set(LEVELS) and all(
            type(v) is int and 0 <= v <= 730 for v in parsed.values())  # fmt: skip
    else:
        lo, hi = LIMITS.get(key, (0, 10**6))
        good = type(parsed) is int and lo <= parsed <= hi
    if not good and value is not None:
        c.bad("值")
    return {"key": key, "value": value}


def _template(c: _Cells) -> dict:
    """One of the rep's message templates, checked as Settings checks it (its
    placeholders must be the kind's)."""
    from ..insight.message_templates import check_template

    kind = c.choice("sb.kind", "事项", SNOOZE_KIND, None)
    level = c.level("sb.level", "关系")
    lang = c.choice("sb.lang", "语言", TEMPLATE_LANG, None)
    text = c.text("模板", True)
    for key, value in (("事项", kind), ("语言", lang)):
        if value is None and c.ok:
            c.text(key, True)
    if c.ok and text is not None:
        try:
            text = check_template(kind, level, lang, text)
        except ValidationError:
            c.bad("模板")
    return {"kind": kind, "level": level, "lang": lang, "text": text,
            "updated_at": c.text("sb.updated") or now_iso()}  # fmt: skip


_PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _value_snapshot(c: _Cells) -> dict:
    """One month's value tier of one customer (value_snapshots)."""
    period = c.text("月份", True)
    if period is not None and not _PERIOD.fullmatch(period.strip()):
        c.bad("月份")
        period = None
    tier = c.choice("sb.tier", "层级", TIER_NAMES, None)
    if tier is None and c.ok:
        c.text("层级", True)
    return {"_customer": c.uid("客户唯一编号"), "period": period and period.strip(),
            "tier": tier, "value_fen": c.fen("价值", True)}  # fmt: skip


_PARSE = {
    "customers": _customer, "products": _product, "deliveries": _delivery, "payments": _payment,
    "contacts": _contact, "complaints": _complaint, "level_history": _history,
    "overrides": _override, "snoozes": _snooze, "dismissed": _dismissed, "settings": _setting,
    "templates": _template, "value_history": _value_snapshot,
}  # fmt: skip
