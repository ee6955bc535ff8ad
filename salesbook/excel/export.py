"""What goes into the exported workbooks: the book, the due list, the visit plan.

``export_book(book, path, on, lang="zh", progress=None) -> ExportResult``
    Sheets 客户 商品 送货 收款 联系 投诉 关系变化 用量设定 暂缓 不再建议 设置
    消息模板 价值快照 预测 (English names with ``lang="en"``), streamed from SQL. Hidden ``sb.*``
    columns hold the exact codes, time stamps and uids, so ``salesbook import
    book`` (excel/restore.py) restores the very same book from the file. More
    than Excel's 1,048,575 rows of a sheet go on to 送货 2, 送货 3 ...  ``progress(sheet, rows_done)`` may raise to cancel
    (no file is left behind).
``export_due(book, path, on, within=0, lang)`` / ``export_plan(book, path, on, ...)``
    The day's list, ready to print: a title line, landscape, fit to width,
    header row repeated on each page, page numbers.

The customers sheet carries a column group 价值/Value when ``salesbook.insight.value``
provides ``customer_values(book, on)`` (see ``value_columns``).
"""

from __future__ import annotations

import importlib
import time
from datetime import date

from ..rules import paycycle
from ..rules.text import LEVEL_NAMES_EN, LEVEL_NAMES_ZH
from ..store.book import DEFAULT_SETTINGS, Book
from .write import (
    MAX_SHEET_ROWS,
    Col,
    ExportResult,
    chunks_of,
    new_workbook,
    save_workbook,
    write_sheet,
)

SHEETS = {
    "customers": ("客户", "Customers"),
    "products": ("商品", "Products"),
    "deliveries": ("送货", "Deliveries"),
    "payments": ("收款", "Payments"),
    "contacts": ("联系", "Contacts"),
    "complaints": ("投诉", "Complaints"),
    "level_history": ("关系变化", "Level history"),
    "overrides": ("用量设定", "Daily use set"),
    "snoozes": ("暂缓", "Snoozed"),
    "dismissed": ("不再建议", "Dismissed suggestions"),
    "settings": ("设置", "Settings"),
    "templates": ("消息模板", "Message templates"),
    "value_history": ("价值快照", "Value history"),
    "forecast": ("预测", "Forecast"),
}
SNOOZE_KIND = {"resupply": ("补货", "resupply"), "collect": ("收款", "collect"),
               "follow_up": ("回访", "follow up")}  # fmt: skip
STATUS = {"upcoming": ("即将", "upcoming"), "due": ("到期", "due"), "overdue": ("逾期", "overdue"),
          "at_risk": ("有风险", "at risk")}  # fmt: skip
KIND = {
    "resupply": ("补货", "resupply"),
    "collect": ("收款", "collect"),
    "follow_up": ("回访", "follow up"),
}
CONTACT_KIND = {
    "visit": ("拜访", "visit"),
    "call": ("电话", "call"),
    "message": ("消息", "message"),
}
SOURCE = {"us": ("本店", "us"), "elsewhere": ("别处购买", "elsewhere")}
TEMPLATE_LANG = {"zh": ("中文", "Chinese"), "en": ("英文", "English")}
RATE_SOURCE = {"none": ("无", "none"), "prior": ("按人数估算", "rule of thumb"),
               "history": ("按送货记录", "history"), "blend": ("估算+记录", "blend")}  # fmt: skip


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def sheet_name(key: str, lang: str) -> str:
    return _pick(SHEETS[key], lang)


# -- value figures (issue 7's salesbook.insight.value, when it exists) -------------


# The column group filled from salesbook.insight.value.CustomerValue (issue 7), in this
# order; headers carry the group prefix 价值· / Value: so a manager sees where
# they come from. Money fields are fen in the book, yuan in the sheet.
VALUE_FIELDS = [
    ("ltv_fen", "终身价值(折现)", "LTV (discounted)", "money"),
    ("simple_ltv_fen", "终身价值(简单)", "LTV (simple)", "money"),
    ("yearly_spend_fen", "年均消费", "Yearly spend", "money"),
    ("expected_years", "预计忠诚年数", "Expected loyal years", "rate"),
    ("tier", "价值层级", "Value tier", "text"),
    ("tier_rank", "价值排名", "Value rank", "int"),
    ("rfm", "RFM", "RFM", "text"),
    ("segment", "RFM分群", "RFM segment", "text"),
    ("potential_fen", "潜力(年)", "Potential per year", "money"),
    ("quadrant", "价值矩阵", "Matrix quadrant", "text"),
    ("customer_type", "客户类型", "Customer type", "text"),
    ("loyalty", "忠诚度", "Loyalty (0-100)", "int"),
    ("risk", "流失风险", "Loss risk (0-100)", "int"),
    ("risk_reason", "风险原因", "Risk reason", "text"),
]
TIER_NAMES = {"platinum": ("铂金", "platinum"), "gold": ("黄金", "gold"), "iron": ("钢铁", "iron"),
              "lead": ("铅", "lead")}  # fmt: skip


def load_values(book: Book, on: date, lang: str = "zh") -> dict | None:
    """{customer_id: CustomerValue} from ``salesbook.insight.value.customer_values``, or None
    while that module (issue 7) is not there."""
    try:
        mod = importlib.import_module("salesbook.insight.value")
        fn = mod.customer_values
    except (ImportError, AttributeError):
        return None
    try:
        return fn(book, on, lang=lang)
    except TypeError:
        return fn(book, on)
    except ImportError:  # the value module is there but a part it needs is not yet
        return None


def _value_attr(obj, attr: str):
    if isinstance(obj, dict):
        return obj.get(attr)
    v = getattr(obj, attr, None)
    if v is None and hasattr(obj, "ltv"):
        v = getattr(obj.ltv, attr, None)
    return v


def value_columns(values: dict | None) -> list[tuple[str, Col]]:
    """(field, Col) of the value group; the fields the value objects really have."""
    if not values:
        return []
    sample = next(iter(values.values()))
    # kept out of the print area with the uid before them: the printed 客户 sheet is the
    # customers' own columns, at most two pages wide
    return [(f, Col(f"价值·{zh}", f"Value: {en}", kind, printed=False)) for f, zh, en, kind in VALUE_FIELDS
            if _value_attr(sample, f) is not None or hasattr(sample, f)]  # fmt: skip


def value_row(
    values: dict | None, fields: list[str], cid: int, uid: str, lang: str = "zh"
) -> tuple:
    if not values:
        return ()
    obj = values.get(cid) or values.get(uid)
    if obj is None:
        return (None,) * len(fields)
    out = []
    names = _value_namers(lang)
    for f in fields:
        v = _value_attr(obj, f)
        if f in names and isinstance(v, str):
            try:
                v = names[f](v)
            except (KeyError, TypeError, ValueError):
                pass
        out.append(_plain(v))
    return tuple(out)


_NAMERS: dict[str, dict] = {}


def _value_namers(lang: str) -> dict:
    """Codes of the value module (tier, RFM segment, quadrant, customer type) -> words."""
    if lang in _NAMERS:
        return _NAMERS[lang]
    namers: dict = {"tier": lambda v: _pick(TIER_NAMES[v], lang)}
    try:
        from ..insight import segments, value

        namers["quadrant"] = lambda v: _pick(value.QUADRANT_NAMES[v], lang)
        namers["segment"] = lambda v: segments.segment_name(v, lang)
        namers["customer_type"] = lambda v: segments.type_name(v, lang)
    except (ImportError, AttributeError):
        pass
    _NAMERS[lang] = namers
    return namers


def _plain(v):
    if v is None or isinstance(v, int | float | str | date):
        return v
    return str(v)


# -- the book ----------------------------------------------------------------


def _cycle_text(lang: str):
    cache: dict[str, str] = {}

    def conv(code: str) -> str:
        hit = cache.get(code)
        if hit is None:
            hit = cache[code] = paycycle.decode(code).describe("en" if lang == "en" else "zh")
        return hit

    return conv


def _level_text(lang: str):
    names = LEVEL_NAMES_EN if lang == "en" else LEVEL_NAMES_ZH
    return lambda v: names.get(v, v)


def _map(table: dict, lang: str):
    return lambda v: _pick(table[v], lang) if v in table else v


def customer_cols(lang: str) -> list[Col]:
    return [
        Col("姓名", "Name"), Col("电话", "Phone"),
        Col("地址", "Address"), Col("片区", "Area"), Col("家庭人数", "Household", "int"),
        Col("发薪日", "Pay day", convert=_cycle_text(lang)), Col("关系", "Level", convert=_level_text(lang)),
        Col("提前天数", "Lead days", "int"), Col("备注", "Notes", width=30),
        Col("称呼", "Address as"), Col("送货习惯", "Delivery habits", width=24), Col("欠款", "Owed", "money"),
        Col("累计消费", "Total spend", "money"), Col("送货次数", "Deliveries", "int"),
        Col("首次送货", "First delivery", "date"), Col("最近送货", "Last delivery", "date"),
        Col("最近联系", "Last contact", "date"), Col("下次回访", "Next follow-up", "date"),
        Col("建档日期", "Created", "date"), Col("已归档", "Archived", "date"),
        Col("唯一编号", "uid", width=34, printed=False),
        *hidden("created", "archived", "updated", "cycle", "level", "behaviour", "temperament",
                "referrer", "row"),
    ]  # fmt: skip


def hidden(*keys: str) -> list[Col]:
    """Hidden columns ``sb.<key>`` holding exact values (codes, time stamps, uids,
    row numbers) so ``import book`` restores the book as it was; people read the
    visible columns beside them."""
    return [Col(f"sb.{k}", f"sb.{k}", "int" if k == "row" else "text", hidden=True, printed=False)
            for k in keys]  # fmt: skip


CUSTOMER_SQL = (
    "SELECT c.name, c.phone, c.address, c.area, c.household_size, c.pay_cycle, c.level,"
    " c.lead_days, c.notes, c.address_as, c.delivery_note, cs.balance_fen, cs.spend_fen, cs.n_deliveries, cs.first_delivery_date,"
    " cs.last_delivery_date, cs.last_contact_date, cs.follow_up_date, substr(c.created_at, 1, 10),"
    " substr(c.archived_at, 1, 10), c.uid, c.created_at, c.archived_at, c.updated_at, c.pay_cycle,"
    " c.level, c.behaviour_type, c.temperament,"
    " (SELECT r.uid FROM customers r WHERE r.id = c.referred_by), c.id"
    " FROM customers c LEFT JOIN customer_state cs ON cs.customer_id = c.id"
    " ORDER BY c.archived_at IS NOT NULL, c.area, c.name, c.id"
)
CUSTOMER_UID_AT = 18  # c.uid's place in CUSTOMER_SQL's rows (c.id is the last)


def export_book(book: Book, path, on: date, lang: str = "zh", progress=None) -> ExportResult:
    """The whole book as one workbook (see the module doc)."""
    started = time.perf_counter()
    conn = book.conn
    wb = new_workbook(path)
    result = ExportResult(str(path))

    def tick(name):
        return (lambda n: progress(name, n)) if progress else None

    values = load_values(book, on, lang)
    vcols = value_columns(values)
    vfields = [k for k, _ in vcols]
    cols = customer_cols(lang) + [c for _, c in vcols]
    rows = conn.execute(CUSTOMER_SQL)
    if vcols:
        rows = (r + value_row(values, vfields, r[-1], r[CUSTOMER_UID_AT], lang) for r in rows)
    name = sheet_name("customers", lang)
    result.sheets[name] = write_sheet(wb, name, cols, rows, lang, progress=tick(name))

    name = sheet_name("products", lang)
    result.sheets[name] = write_sheet(wb, name, PRODUCT_COLS, conn.execute(PRODUCT_SQL), lang,
                                      progress=tick(name))  # fmt: skip

    dcols = delivery_cols(lang)
    drows = conn.execute(
        "SELECT d.date, c.name, c.phone, p.name, d.quantity, p.unit, d.unit_price_fen,"
        " d.amount_fen, d.source, d.note, c.uid, d.uid, d.created_at, d.id"
        " FROM deliveries d JOIN customers c ON c.id = d.customer_id"
        " JOIN products p ON p.id = d.product_id WHERE d.deleted_at IS NULL ORDER BY d.date, d.id"
    )
    base = sheet_name("deliveries", lang)
    for i, part in enumerate(chunks_of(drows, MAX_SHEET_ROWS)):
        name = base if i == 0 else f"{base} {i + 1}"
        result.sheets[name] = write_sheet(wb, name, dcols, part, lang, progress=tick(name))
    if base not in result.sheets:
        result.sheets[base] = write_sheet(wb, base, dcols, [], lang)

    pcols = payment_cols()
    prows = conn.execute(
        "SELECT p.date, c.name, c.phone, p.amount_fen, p.note, c.uid, p.uid,"
        " (SELECT d.uid FROM deliveries d WHERE d.id = p.delivery_id), p.created_at, p.id"
        " FROM payments p JOIN customers c ON c.id = p.customer_id WHERE p.deleted_at IS NULL"
        " ORDER BY p.date, p.id"
    )
    name = sheet_name("payments", lang)
    result.sheets[name] = write_sheet(wb, name, pcols, prows, lang, progress=tick(name))

    kcols = contact_cols(lang)
    krows = conn.execute(
        "SELECT k.date, c.name, c.phone, k.kind, k.note, c.uid, k.uid, k.created_at, k.id"
        " FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE k.deleted_at IS NULL"
        " ORDER BY k.date, k.id"
    )
    name = sheet_name("contacts", lang)
    result.sheets[name] = write_sheet(wb, name, kcols, krows, lang, progress=tick(name))

    for key, bcols, sql in _record_sheets(lang):
        base = sheet_name(key, lang)  # more rows than a sheet holds: '价值快照 2'...
        for i, part in enumerate(chunks_of(conn.execute(sql), MAX_SHEET_ROWS)):
            name = base if i == 0 else f"{base} {i + 1}"
            result.sheets[name] = write_sheet(wb, name, bcols, part, lang, progress=tick(name))
        if base not in result.sheets:
            result.sheets[base] = write_sheet(wb, base, bcols, [], lang)

    name = sheet_name("forecast", lang)
    result.sheets[name] = write_sheet(
        wb, name, forecast_cols(lang), forecast_rows(book, on, lang), lang, progress=tick(name)
    )
    save_workbook(wb, path)
    result.seconds = time.perf_counter() - started
    return result


def delivery_cols(lang: str) -> list[Col]:
    return [
        Col("日期", "Date", "date"), Col("客户", "Customer"), Col("电话", "Phone"),
        Col("品名", "Product"), Col("数量", "Quantity", "num"),
        Col("单位", "Unit"), Col("单价", "Unit price", "money"), Col("金额", "Amount", "money"),
        Col("来源", "Source", convert=_map(SOURCE, lang)), Col("备注", "Note", width=24),
        Col("客户唯一编号", "Customer uid", width=34, printed=False), *hidden("uid", "created", "row"),
    ]  # fmt: skip


def payment_cols() -> list[Col]:
    return [Col("日期", "Date", "date"), Col("客户", "Customer"), Col("电话", "Phone"),
            Col("金额", "Amount", "money"), Col("备注", "Note", width=24),
            Col("客户唯一编号", "Customer uid", width=34, printed=False),
            *hidden("uid", "delivery", "created", "row")]  # fmt: skip


def contact_cols(lang: str) -> list[Col]:
    return [Col("日期", "Date", "date"), Col("客户", "Customer"), Col("电话", "Phone"),
            Col("方式", "Kind", convert=_map(CONTACT_KIND, lang)), Col("备注", "Note", width=40),
            Col("客户唯一编号", "Customer uid", width=34, printed=False),
            *hidden("uid", "created", "row")]  # fmt: skip


PRODUCT_COLS = [
    Col("品名", "Product"), Col("单位", "Unit"), Col("单价", "Unit price", "money"),
    Col("人均日用量", "Per person per day", "any"), Col("建档日期", "Created", "date"),
    Col("已停用", "Archived", "date"), Col("唯一编号", "uid", width=34),
    *hidden("created", "archived", "row"),
]  # fmt: skip
PRODUCT_SQL = (
    "SELECT name, unit, unit_price_fen, per_person_daily, substr(created_at, 1, 10),"
    " substr(archived_at, 1, 10), uid, created_at, archived_at, id FROM products ORDER BY id"
)


def _record_sheets(lang: str) -> list[tuple[str, list[Col], str]]:
    """The book's other records, one sheet each: complaints, level history, daily
    use set by hand, snoozes, dismissed suggestions, settings (key, JSON value)."""
    level = _level_text(lang)
    uid_col = Col("客户唯一编号", "Customer uid", width=34, printed=False)
    return [
        ("complaints", [
            Col("日期", "Date", "date"), Col("客户", "Customer"), Col("品名", "Product"),
            Col("投诉内容", "What happened", width=30), Col("解决办法", "How it was put right", width=30),
            Col("解决日期", "Resolved on", "date"), uid_col, *hidden("uid", "created", "row"),
        ], "SELECT k.date, c.name, p.name, k.what, k.resolution, k.resolved_date, c.uid, k.uid,"
           " k.created_at, k.id FROM complaints k JOIN customers c ON c.id = k.customer_id"
           " LEFT JOIN products p ON p.id = k.product_id ORDER BY k.date, k.id"),
        ("level_history", [
            Col("日期", "Date", "date"), Col("客户", "Customer"), Col("原关系", "From", convert=level),
            Col("新关系", "To", convert=level), Col("原因", "Reason", width=24), uid_col,
            *hidden("uid", "from", "to", "created", "row"),
        ], "SELECT h.date, c.name, h.from_level, h.to_level, h.reason, c.uid, h.uid, h.from_level,"
           " h.to_level, h.created_at, h.id FROM level_history h"
           " JOIN customers c ON c.id = h.customer_id ORDER BY h.id"),
        ("overrides", [
            Col("客户", "Customer"), Col("品名", "Product"), Col("日用量", "Per day", "any"), uid_col,
        ], "SELECT c.name, p.name, o.daily_rate, c.uid FROM consumption_overrides o"
           " JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id"
           " ORDER BY o.customer_id, o.product_id"),
        ("snoozes", [
            Col("客户", "Customer"), Col("事项", "What", convert=_map(SNOOZE_KIND, lang)),
            Col("品名", "Product"), Col("暂缓到", "Until", "date"), uid_col, *hidden("kind"),
        ], "SELECT c.name, z.kind, p.name, z.until, c.uid, z.kind FROM snoozes z"
           " JOIN customers c ON c.id = z.customer_id LEFT JOIN products p ON p.id = z.product_id"
           " ORDER BY z.customer_id, z.kind, z.product_id"),
        ("dismissed", [
            Col("客户", "Customer"), Col("建议的关系", "Suggested level", convert=level),
            Col("日期", "Date", "date"), uid_col, *hidden("level"),
        ], "SELECT c.name, s.to_level, s.date, c.uid, s.to_level FROM dismissed_suggestions s"
           " JOIN customers c ON c.id = s.customer_id ORDER BY s.customer_id, s.to_level"),
        ("settings", [Col("设置", "Setting"), Col("值", "Value", width=40)],
         "SELECT key, value FROM settings WHERE key IN ("
         + ", ".join(f"'{k}'" for k in DEFAULT_SETTINGS) + ") ORDER BY key"),
        # the rep's own message templates (the defaults are the program's, not written)
        ("templates", [
            Col("事项", "What", convert=_map(SNOOZE_KIND, lang)), Col("关系", "Level", convert=level),
            Col("语言", "Language", convert=_map(TEMPLATE_LANG, lang)),
            Col("模板", "Template", "wrap", width=60), *hidden("kind", "level", "lang", "updated"),
        ], "SELECT kind, level, lang, text, kind, level, lang, updated_at FROM message_templates"
           " ORDER BY kind, level, lang"),
        # each month's value tier of each customer (what Value's "since last month" compares)
        ("value_history", [
            Col("月份", "Month"), Col("客户", "Customer"),
            Col("层级", "Tier", convert=_map(TIER_NAMES, lang)), Col("价值", "Value", "money"),
            uid_col, *hidden("tier"),
        ], "SELECT s.period, c.name, s.tier, s.value_fen, c.uid, s.tier FROM value_snapshots s"
           " JOIN customers c ON c.id = s.customer_id ORDER BY s.period, s.customer_id"),
    ]  # fmt: skip


def forecast_cols(lang: str) -> list[Col]:
    return [
        Col("客户", "Customer"), Col("电话", "Phone"), Col("片区", "Area"), Col("品名", "Product"),
        Col("单位", "Unit"), Col("日用量", "Per day", "rate"), Col("月用量", "Per month", "rate"),
        Col("依据", "Based on"), Col("送货次数", "Deliveries", "int"), Col("上次送货", "Last delivery", "date"),
        Col("现有库存(估)", "Stock now (est.)", "rate"), Col("预计用完", "Runs out", "date"),
        Col("提醒日期", "Remind on", "date"), Col("状态", "Status"), Col("本店份额", "Share of wallet", "pct"),
    ]  # fmt: skip


def forecast_rows(book: Book, on: date, lang: str):
    from ..rules.forecast import supply_status

    at_risk = int(book.setting("at_risk_days"))
    rate_src = {k: _pick(v, lang) for k, v in RATE_SOURCE.items()}
    status_names = {k: _pick(v, lang) for k, v in STATUS.items()}
    on_ord = on.toordinal()
    for r in book.conn.execute(
        "SELECT c.name, c.phone, c.area, p.name, p.unit, s.rate, s.rate_source, s.n_deliveries,"
        " s.last_date, s.stock_at_last, s.runout_date, s.remind_date, s.share_of_wallet"
        " FROM supply s JOIN customers c ON c.id = s.customer_id JOIN products p ON p.id = s.product_id"
        " WHERE c.archived_at IS NULL ORDER BY s.runout_date IS NULL, s.runout_date, c.name"
    ):
        rate = r[5]
        last = date.fromisoformat(r[8])
        stock = None
        if rate:
            stock = max(0.0, r[9] - rate * max(0, on_ord - last.toordinal()))
        runout = date.fromisoformat(r[10]) if r[10] else None
        remind = date.fromisoformat(r[11]) if r[11] else None
        status = supply_status(runout, remind, on, at_risk)
        yield (
            r[0], r[1], r[2], r[3], r[4], rate, rate * 30 if rate else None, rate_src.get(r[6], r[6]),
            r[7], last, stock, runout, remind, status_names.get(status, "") if status else "", r[12],
        )  # fmt: skip


# -- the day's lists, printable -----------------------------------------------


def _weekday(d: date, lang: str) -> str:
    return d.strftime("%A") if lang == "en" else "星期" + "一二三四五六日"[d.weekday()]


def export_due(
    book: Book, path, on: date, within: int = 0, lang: str = "zh", progress=None
) -> ExportResult:
    """Everything due by ``on + within`` days (and overdue), one printable sheet.
    ``progress(sheet, rows_done)`` as in ``export_book`` (may raise to cancel)."""
    from ..records.due import due_items

    started = time.perf_counter()
    items = due_items(book, on, within=within)
    cols = [
        Col("类型", "Kind"), Col("状态", "Status"), Col("客户", "Customer"),
        Col("电话", "Phone", width=14), Col("片区", "Area"), Col("事项", "What", "wrap", width=34),
        # the words of Today and the forecast: the date to act, the run-out, the days to it
        Col("提醒日", "Remind on", "date"), Col("预计用完", "Runs out", "date"),
        Col("剩余天数", "Days left", "int", width=9),
        Col("欠款", "Owed", "money"), Col("关系", "Level", convert=_level_text(lang)),
        Col("完成 ✓", "Done ✓", width=8),
    ]  # fmt: skip
    rows = [
        (_pick(KIND[i.kind], lang), _pick(STATUS[i.status], lang), i.customer, i.phone, i.area,
         describe(i, on, lang), i.due_date, i.runout_date, i.days_left, i.amount_fen, i.level, "")
        for i in items
    ]  # fmt: skip
    title = (f"待办清单 {on.isoformat()} {_weekday(on, lang)}（共 {len(rows)} 项）" if lang != "en"
             else f"Due list {on.isoformat()} {_weekday(on, lang)} ({len(rows)} items)")  # fmt: skip
    name = "待办" if lang != "en" else "Due"
    return _printable(path, name, title, cols, rows, lang, progress, started)


def _printable(path, name, title, cols, rows, lang, progress, started) -> ExportResult:
    """One printable sheet (title line, landscape, header repeated) in a new workbook."""
    wb = new_workbook(path)
    result = ExportResult(str(path))
    tick = (lambda n: progress(name, n)) if progress else None
    result.sheets[name] = write_sheet(
        wb, name, cols, rows, lang, title_line=title, printable=True, progress=tick
    )
    save_workbook(wb, path)
    result.seconds = time.perf_counter() - started
    return result


def _yuan(fen: int) -> str:
    """¥1,234.50 from integer fen."""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{'-' if fen < 0 else ''}¥{yuan:,}.{cents:02d}"


def day_text(d: date, on: date, lang: str) -> str:
    """3月8日 / Mar 8; with the year when it is not ``on``'s: 2025年12月20日 / Dec 20, 2025."""
    if lang == "en":
        return f"{d:%b} {d.day}" + (f", {d.year}" if d.year != on.year else "")
    return (f"{d.year}年" if d.year != on.year else "") + f"{d.month}月{d.day}日"


def describe(item, on: date, lang: str) -> str:
    """What to do and why, e.g. 大米 预计3月8日用完 / 欠款 ¥123.40 发薪日已过."""
    if item.kind == "resupply":
        d = date.fromisoformat(item.runout_date)
        if lang == "en":
            return f"{item.product} {'ran out' if item.days_left < 0 else 'runs out'} {day_text(d, on, lang)}"
        return (
            f"{item.product} {'已于' if item.days_left < 0 else '预计'}{day_text(d, on, lang)}用完"
        )
    if item.kind == "collect":
        pay = date.fromisoformat(item.due_date)
        owed = _yuan(item.amount_fen) if item.amount_fen is not None else f"¥{item.amount}"
        if item.days_left == 0:
            when = ("今天发薪", "payday today")
        elif item.days_left < 0:
            when = ("发薪日已过", "payday passed")
        else:
            when = (f"发薪日 {day_text(pay, on, 'zh')}", f"payday {day_text(pay, on, 'en')}")
        return f"owes {owed}, {when[1]}" if lang == "en" else f"欠款 {owed} {when[0]}"
    if not item.last_contact:
        return "never contacted" if lang == "en" else "从未联系"
    days = (on - date.fromisoformat(item.last_contact)).days
    return f"no contact for {days} days" if lang == "en" else f"{days}天未联系"


def export_plan(
    book: Book,
    path,
    on: date,
    capacity: int | None = None,
    days: int = 1,
    lang: str = "zh",
    progress=None,
) -> ExportResult:
    """The visit plan (one stop per customer, grouped by area), one printable sheet.
    ``progress(sheet, rows_done)`` as in ``export_book`` (may raise to cancel)."""
    from ..records.plan import visit_plan

    started = time.perf_counter()
    plans = visit_plan(book, on, capacity=capacity, days=days)
    cols = [
        Col("日期", "Date", "date"), Col("序号", "#", "int", width=6), Col("片区", "Area"),
        Col("客户", "Customer"), Col("电话", "Phone", width=14), Col("地址", "Address", "wrap", width=26),
        Col("状态", "Status"), Col("事项", "What", "wrap", width=46), Col("应收", "To collect", "money"),
        Col("完成 ✓", "Done ✓", width=8), Col("备注", "Notes", width=20),
    ]  # fmt: skip
    addresses = {}
    ids = [s.customer_id for p in plans for s in p.stops]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        addresses.update(
            book.conn.execute(f"SELECT id, address FROM customers WHERE id IN ({marks})", chunk)
        )
    rows = []
    sep = "; " if lang == "en" else "；"
    for p in plans:
        n = 0
        for area, stops in p.by_area():
            for s in stops:
                n += 1
                what = sep.join(
                    [k.describe(p.day, lang) for k in s.complaints]
                    + [describe(r, p.day, lang) for r in s.reasons]
                )
                rows.append((p.day, n, area, s.customer, s.phone, addresses.get(s.customer_id),
                             _pick(STATUS[s.status], lang), what, s.amount_fen or None, "",
                             s.notes_text(lang)))  # fmt: skip
    if days <= 1:  # the title carries the date
        cols = cols[1:]
        rows = [r[1:] for r in rows]
    end = on if days <= 1 else plans[-1].day
    span = on.isoformat() if days <= 1 else f"{on.isoformat()} ~ {end.isoformat()}"
    title = (f"拜访计划 {span} {_weekday(on, lang) if days <= 1 else ''}（共 {len(rows)} 站）" if lang != "en"
             else f"Visit plan {span} {_weekday(on, lang) + ' ' if days <= 1 else ''}({len(rows)} stops)")  # fmt: skip
    name = "拜访计划" if lang != "en" else "Plan"
    return _printable(path, name, title, cols, rows, lang, progress, started)
