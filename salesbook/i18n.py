"""Core messages in Chinese (Simplified, the default) and English.

``t(key, lang=None, **params)``: the message for ``key`` in ``lang`` ('zh' or
'en'; None means the process language set by ``set_language`` or the
locale). Field names in messages are translated too (``field_name``).
"""

from __future__ import annotations

import locale
import os

_lang: str | None = None

MESSAGES: dict[str, tuple[str, str]] = {
    # the book
    "book_missing": ("找不到账本文件：{path}", "Book file not found: {path}"),
    "book_not_a_book": ("{path} 不是销售台账的账本文件", "{path} is not a Salesbook book"),
    "book_corrupt": (
        "账本文件已损坏：{path}（{detail}）。请从备份恢复。",
        "The book {path} is damaged ({detail}). Restore it from a backup.",
    ),
    "book_too_new": (
        "账本 {path} 由更新版本的销售台账创建（格式 {version}，本程序只认识到 {known}）。请升级销售台账后再打开，账本未做任何改动。",
        "The book {path} was written by a newer Salesbook (format {version}; this one knows up to {known}). Upgrade Salesbook to open it; the book was not changed.",
    ),
    "book_readonly": (
        "账本 {path} 是只读的，无法保存。已保存的内容没有丢失。",
        "The book {path} is read-only; nothing can be saved. What was saved before is intact.",
    ),
    "book_locked": (
        "账本 {path} 正被另一个程序使用，请稍后再试。",
        "The book {path} is in use by another program; try again shortly.",
    ),
    "disk_full": (
        "磁盘已满，无法写入账本 {path}。已保存的内容没有丢失。",
        "The disk is full; cannot write the book {path}. What was saved before is intact.",
    ),
    "book_io": ("无法使用账本 {path}：{detail}", "Cannot use the book {path}: {detail}"),
    "migration_failed": (
        "升级账本 {path} 失败（{name}：{detail}），账本未改动。",
        "Upgrading the book {path} failed ({name}: {detail}); the book was not changed.",
    ),
    # validation
    "required": ("{field}不能为空", "{field} is required"),
    "bad_number": ("{field}“{value}”不是有效的数字", "{field} '{value}' is not a valid number"),
    "not_positive": ("{field}必须大于 0（“{value}”）", "{field} must be greater than 0 ('{value}')"),
    "too_large": ("{field}“{value}”太大了", "{field} '{value}' is too large"),
    "bad_date": (
        "{field}“{value}”不是有效日期（例如 2026-03-05）",
        "{field} '{value}' is not a valid date (e.g. 2026-03-05)",
    ),
    "impossible_date": ("{field}“{value}”是不存在的日期", "{field} '{value}' is not a real date"),
    "bad_phone": ("{field}“{value}”不是有效的电话号码", "{field} '{value}' is not a valid phone number"),
    "bad_pay_day": (
        "{field}“{value}”无法识别（例如 10、每月10号、月底、5,20、每周五）",
        "{field} '{value}' is not understood (e.g. 10, 31 for month end, 5,20, weekly:fri)",
    ),
    "bad_level": (
        "{field}“{value}”无法识别（过客/熟人/朋友/知己）",
        "{field} '{value}' is not a level (passerby/acquaintance/friend/confidant)",
    ),
    "bad_kind": ("{field}“{value}”无效", "{field} '{value}' is not valid"),
    "duplicate_phone": (
        "电话 {value} 已属于客户“{other}”",
        "Phone {value} already belongs to customer '{other}'",
    ),
    "duplicate_product": ("商品“{value}”已存在", "Product '{value}' already exists"),
    "same_level": ("客户已经是{value}", "The customer is already {value}"),
    # lookups
    "customer_not_found": ("找不到客户：{query}", "No customer matches: {query}"),
    "customer_ambiguous": (
        "“{query}”对应多个客户，请用电话或编号指定：{names}",
        "'{query}' matches several customers; use a phone or id: {names}",
    ),
    "product_not_found": ("找不到商品：{query}", "No product named: {query}"),
    "record_not_found": ("找不到记录：{query}", "No record: {query}"),
    # import
    "import_failed": (
        "{file}：{count} 行有问题，未导入任何数据",
        "{file}: {count} bad row(s); nothing was imported",
    ),
    "import_row": ("第 {row} 行，{field}：{message}", "row {row}, {field}: {message}"),
    "import_no_header": (
        "{file}：找不到表头（需要包含：{needed}）",
        "{file}: no header row found (it needs: {needed})",
    ),
    "import_missing_column": (
        "{file}：缺少必需的列“{field}”",
        "{file}: the required column '{field}' is missing",
    ),
    "import_unreadable": ("无法读取文件 {file}：{detail}", "Cannot read the file {file}: {detail}"),
    "import_unsupported": (
        "不支持的文件类型：{file}（支持 .csv .xlsx .xls .ods）",
        "Unsupported file type: {file} (use .csv .xlsx .xls .ods)",
    ),
    "import_empty": ("{file} 里没有数据行", "{file} has no data rows"),
    "unknown_customer": ("找不到客户“{value}”", "no customer '{value}'"),
    "unknown_product": ("找不到商品“{value}”", "no product '{value}'"),
    "ambiguous_customer": (
        "“{value}”对应多个客户，请加上电话列",
        "'{value}' matches several customers; add a phone column",
    ),
    # cli output
    "imported": (
        "已导入 {imported} 行（新增 {inserted}，更新 {updated}），跳过 {skipped} 行",
        "Imported {imported} row(s) ({inserted} new, {updated} updated), skipped {skipped}",
    ),
    "dry_run_ok": (
        "试运行：{imported} 行可以导入，{skipped} 行有问题；账本未改动",
        "Dry run: {imported} row(s) would be imported, {skipped} bad; the book was not changed",
    ),
    "demo_built": (
        "演示账本已生成：{path}（{customers} 个客户，{deliveries} 次送货，用时 {seconds:.1f} 秒）",
        "Demo book written: {path} ({customers} customers, {deliveries} deliveries, {seconds:.1f} s)",
    ),
    "target_exists": ("{path} 已存在，不会覆盖", "{path} already exists; not overwriting it"),
    "saved_delivery": (
        "已记录：{customer} {product} {quantity}{unit}，{amount}；预计 {runout} 用完",
        "Recorded: {customer} {product} {quantity}{unit}, {amount}; runs out about {runout}",
    ),
    "saved_payment": (
        "已收款：{customer} {amount}，尚欠 {balance}",
        "Payment recorded: {customer} {amount}, still owed {balance}",
    ),
    "saved_contact": ("已记录联系：{customer}（{kind}）", "Contact logged: {customer} ({kind})"),
    "saved_level": (
        "{customer}：{old} → {new}",
        "{customer}: {old} -> {new}",
    ),
    "saved_customer": ("已保存客户：{customer}", "Customer saved: {customer}"),
    "archived_customer": ("已归档客户：{customer}", "Customer archived: {customer}"),
    "nothing_due": ("没有待办事项", "Nothing due"),
    "unexpected": (
        "出现意外错误：{detail}。账本未改动。",
        "Unexpected error: {detail}. The book was not changed.",
    ),
}

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "name": ("姓名", "name"),
    "phone": ("电话", "phone"),
    "address": ("地址", "address"),
    "area": ("片区", "area"),
    "household_size": ("家庭人数", "household size"),
    "pay_day": ("发薪日", "pay day"),
    "pay_cycle": ("发薪周期", "pay cycle"),
    "level": ("关系", "level"),
    "notes": ("备注", "notes"),
    "customer": ("客户", "customer"),
    "product": ("品名", "product"),
    "unit": ("单位", "unit"),
    "unit_price": ("单价", "unit price"),
    "price": ("单价", "price"),
    "per_person_daily": ("人均日用量", "per-person daily use"),
    "date": ("日期", "date"),
    "quantity": ("数量", "quantity"),
    "amount": ("金额", "amount"),
    "paid": ("已付", "paid"),
    "kind": ("方式", "kind"),
    "lead_days": ("提前天数", "lead days"),
    "daily_rate": ("日用量", "daily rate"),
    "number": ("数字", "number"),
    "note": ("备注", "note"),
}


def set_language(lang: str | None) -> None:
    """Set the process language ('zh' or 'en'; None: from the environment)."""
    global _lang
    _lang = _norm(lang) if lang else None


def _norm(lang: str) -> str:
    return "en" if lang.lower().startswith("en") else "zh"


def current_language() -> str:
    if _lang:
        return _lang
    env = os.environ.get("SALESBOOK_LANG") or os.environ.get("LC_ALL") or os.environ.get("LANG")
    if env:
        low = env.lower()
        if low.startswith("zh") or low in ("c", "posix") or low.startswith(("c.", "posix.")):
            return "zh"  # Chinese first when the system says nothing
        return "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "en" if loc and not loc.lower().startswith("zh") else "zh"


def field_name(field: str, lang: str | None = None) -> str:
    lang = _norm(lang) if lang else current_language()
    pair = FIELD_NAMES.get(field)
    if not pair:
        return field
    return pair[0] if lang == "zh" else pair[1]


def t(key: str, lang: str | None = None, **params) -> str:
    """The message ``key`` in ``lang``, with ``params`` filled in."""
    lang = _norm(lang) if lang else current_language()
    pair = MESSAGES.get(key)
    if pair is None:
        return key + (" " + repr(params) if params else "")
    template = pair[0] if lang == "zh" else pair[1]
    if "field" in params and params["field"]:
        params = dict(params, field=field_name(str(params["field"]), lang))
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
