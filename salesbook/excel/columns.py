"""What each import kind needs, and how spreadsheet headers map onto it.

``FIELDS[kind]`` lists the fields of a kind in order; ``REQUIRED[kind]`` the
ones that must be mapped. Headers are matched by synonyms in English and
Chinese after normalising (full-width to half-width, case, spaces, a trailing
``*`` or ``:``, a bracketed unit such as ``(元)``): exact matches beat a match
without the brackets, which beats a header that merely contains a synonym
(the longest wins: ``客户电话`` is a phone, not a customer).

``find_header_row`` picks the header by itself under title rows: the row among
the first 30 that matches the most synonyms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import SalesbookError

KINDS = ("customers", "products", "deliveries", "payments")

FIELDS: dict[str, tuple[str, ...]] = {
    "customers": ("uid", "name", "phone", "address", "area", "household_size", "pay_day",
                  "level", "lead_days", "notes", "address_as", "delivery_note"),
    "products": ("name", "unit", "unit_price", "per_person_daily"),
    "deliveries": ("customer", "phone", "customer_uid", "product", "date", "quantity",
                   "unit_price", "amount", "paid", "note"),
    "payments": ("customer", "phone", "customer_uid", "date", "amount", "note"),
}  # fmt: skip

REQUIRED: dict[str, tuple[str, ...]] = {
    "customers": ("name",),
    "products": ("name",),
    "deliveries": ("product", "date", "quantity"),
    "payments": ("date", "amount"),
}
# Deliveries and payments need one way to find the customer.
CUSTOMER_KEYS = ("customer", "phone", "customer_uid")
# Headers (read as a deliveries sheet's) that a sheet of this kind never has: a
# sheet with 数量/单价/品名 holds deliveries, and importing it as payments would
# record every delivery amount as paid.
FOREIGN: dict[str, tuple[str, ...]] = {
    "payments": ("product", "quantity", "unit_price"),
    "products": ("customer", "quantity", "date"),
}

_S = {
    "uid": "uid 唯一编号 客户唯一编号 customeruid 客户uid",
    "customer_uid": "customeruid 客户唯一编号 唯一编号 uid 客户uid",
    "name": "name 姓名 客户 客户名 客户名称 客户姓名 名字 户主 联系人 单位名称 店名 customer "
    "customername fullname 名称",
    "customer": "customer 客户 客户名 客户名称 客户姓名 姓名 名字 户主 收货人 付款人 name customername",
    "phone": "phone 电话 手机 手机号 手机号码 电话号码 联系电话 联系方式 客户电话 客户手机 tel "
    "mobile telephone phonenumber cell cellphone",
    "address": "address 地址 住址 详细地址 家庭住址 送货地址 收货地址 门牌 addr",
    "area": "area 片区 区域 线路 路线 小区 社区 街道 片 route district zone region",
    "household_size": "householdsize household 家庭人数 人数 人口 家庭人口 几口人 口数 户人数 "
    "members people size familysize 人口数",
    "pay_day": "payday 发薪日 发工资 发工资日 工资日 发薪 发薪时间 收款日 结账日 付款日 paycycle "
    "发薪周期 发工资时间",
    "level": "level 关系 关系层级 层级 关系等级 客户关系 亲疏 relationship relationshiplevel 客户等级",
    "lead_days": "leaddays 提前天数 提前提醒天数 提醒天数",
    "notes": "notes note 备注 说明 附注 remark remarks comment comments memo",
    "note": "note notes 备注 说明 附注 remark remarks comment memo",
    "address_as": "addressas 称呼 称谓 怎么称呼 formofaddress salutation",
    "delivery_note": "deliverynote 送货习惯 送货备注 送货要求 送货须知 deliveryhabits",
    "product": "product 品名 商品 商品名 商品名称 产品 产品名称 货品 货物 item productname",
    "unit": "unit 单位 计量单位 规格单位",
    "unit_price": "unitprice price 单价 价格 售价 零售价 单价元 每单位价格",
    "per_person_daily": "perpersondaily 人均日用量 人均用量 每人每天 人均每日用量 人均每天用量 "
    "dailyperperson",
    "date": "date 日期 送货日期 销售日期 交易日期 收款日期 付款日期 时间 日子 day 送货时间",
    "quantity": "quantity qty 数量 件数 送货数量 销量 数目 份数",
    "amount": "amount 金额 总价 合计金额 货款 总金额 收款金额 付款金额 实收 实收金额 收款 付款 "
    "total sum",
    "paid": "paid 已付 已付款 已收 已收款 是否付款 结清 付款状态 付了没",
}
SYNONYMS: dict[str, tuple[str, ...]] = {k: tuple(v.split()) for k, v in _S.items()}
# the products kind calls its name column by product words too
_PRODUCT_NAME = SYNONYMS["product"] + ("name", "名称")

IGNORE_WORDS = ("-", "ignore", "skip", "忽略", "不导入", "none", "")


class MappingError(SalesbookError):
    """A --map option or a wizard choice that names no column or no field."""


def norm_header(text: object) -> str:
    """Header text as compared: NFKC, lower case, no spaces or _ - . / and no trailing * : ："""
    s = unicodedata.normalize("NFKC", "" if text is None else str(text)).lower()
    s = re.sub(r"[\s_\-./\\*:：]+", "", s)
    return s


def _strip_brackets(s: str) -> str:
    return re.sub(r"[(\[【<][^)\]】>]*[)\]】>]", "", s)


def synonyms_for(kind: str, fld: str) -> tuple[str, ...]:
    if kind == "products" and fld == "name":
        return _PRODUCT_NAME
    return SYNONYMS.get(fld, (fld,))


def _lookup(kind: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for fld in FIELDS[kind]:
        for word in (fld.replace("_", ""), *synonyms_for(kind, fld)):
            table.setdefault(norm_header(word), fld)
    return table


_LOOKUPS = {k: _lookup(k) for k in KINDS}


def match_header(text: object, kind: str) -> tuple[str | None, int]:
    """(field, strength) for one header cell: 3 exact, 2 exact without brackets, 1 contains."""
    if not isinstance(text, str):
        return None, 0
    s = norm_header(text)
    if not s or len(s) > 40:
        return None, 0
    table = _LOOKUPS[kind]
    if s in table:
        return table[s], 3
    bare = _strip_brackets(s)
    if bare and bare in table:
        return table[bare], 2
    best, best_len = None, 0
    for word, fld in table.items():
        if len(word) >= 2 and len(word) > best_len and word in bare and not word.isdigit():
            best, best_len = fld, len(word)
    return (best, 1) if best else (None, 0)


def foreign_headers(row: list, kind: str) -> list[str]:
    """The header texts of ``row`` that do not belong on a sheet of ``kind`` (see FOREIGN)."""
    foreign = FOREIGN.get(kind, ())
    out = []
    for cell in row:
        fld, strength = match_header(cell, "deliveries")
        if fld in foreign and strength >= 2:
            out.append(str(cell).strip())
    return out


def header_score(row: list, kind: str) -> int:
    seen: set[str] = set()
    score = 0
    for cell in row:
        fld, strength = match_header(cell, kind)
        if fld and fld not in seen:
            seen.add(fld)
            score += 2 if strength >= 2 else 1
    return score


def find_header_row(rows: list[list], kind: str, scan: int = 30) -> int | None:
    """Index of the header row among the first ``scan`` rows, or None.

    The row matching the most fields wins (ties: the upper one); it must match
    at least two fields, or one of the kind's required fields."""
    best, best_score = None, 0
    for i, row in enumerate(rows[:scan]):
        if not any(isinstance(c, str) and c.strip() for c in row):
            continue
        score = header_score(row, kind)
        if score > best_score:
            best, best_score = i, score
    if best is None:
        return None
    fields = {match_header(c, kind)[0] for c in rows[best]}
    if best_score >= 3 or fields & set(REQUIRED[kind]) or fields & set(CUSTOMER_KEYS):
        return best
    return None


@dataclass
class Mapping:
    """Which column holds which field. ``columns`` maps a 0-based column index
    to a field name; ``headers`` is the header row as text."""

    kind: str
    headers: list[str]
    columns: dict[int, str] = field(default_factory=dict)
    by_user: set[int] = field(default_factory=set)

    @property
    def fields(self) -> dict[str, int]:
        return {f: c for c, f in self.columns.items()}

    @property
    def missing(self) -> list[str]:
        """Required fields no column is mapped to (the import cannot start without them)."""
        have = set(self.columns.values())
        out = [f for f in REQUIRED[self.kind] if f not in have]
        if self.kind in ("deliveries", "payments") and not have & set(CUSTOMER_KEYS):
            out.insert(0, "customer")
        return out

    @property
    def unmapped(self) -> list[int]:
        """Columns with a header that no field is mapped to (shown as ignored)."""
        return [i for i, h in enumerate(self.headers) if h and i not in self.columns]

    def set(self, column: int, fld: str | None) -> Mapping:
        """A copy with ``column`` mapped to ``fld`` (None: ignored). A field maps to one column."""
        cols = {c: f for c, f in self.columns.items() if c != column and (fld is None or f != fld)}
        if fld is not None:
            if fld not in FIELDS[self.kind]:
                raise MappingError(
                    "import_bad_field", value=fld, fields=", ".join(FIELDS[self.kind])
                )
            cols[column] = fld
        return Mapping(self.kind, self.headers, dict(sorted(cols.items())), self.by_user | {column})

    def describe(self, lang: str | None = None) -> list[tuple[str, str]]:
        """(header, field display name or '') per column, for a wizard or the CLI."""
        from ..i18n import field_name

        return [(h, field_name(self.columns[i], lang) if i in self.columns else "")
                for i, h in enumerate(self.headers)]  # fmt: skip

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "columns": {self.headers[c] or str(c): f for c, f in self.columns.items()},
        }


def header_texts(row: list) -> list[str]:
    from ..rules.text import normalize

    return [normalize(c) if c is not None else "" for c in row]


def auto_mapping(headers: list[str], kind: str) -> Mapping:
    """The mapping from synonyms alone: for each field the strongest, leftmost column."""
    best: dict[str, tuple[int, int]] = {}
    for i, h in enumerate(headers):
        fld, strength = match_header(h, kind)
        if fld and (fld not in best or strength > best[fld][0]):
            best[fld] = (strength, i)
    columns = {i: f for f, (_, i) in best.items()}
    # a deliveries sheet whose only customer column says 姓名/name is still the customer
    return Mapping(kind, headers, dict(sorted(columns.items())))


def resolve_field(text: str, kind: str) -> str | None:
    """A field named by a person: 'household_size', '家庭人数', 'pay_day', '发薪日'...
    None means "ignore this column". Raises MappingError when nothing fits."""
    from ..i18n import FIELD_NAMES

    s = norm_header(text)
    if s in IGNORE_WORDS:
        return None
    for fld in FIELDS[kind]:
        if s == norm_header(fld):
            return fld
    for fld in FIELDS[kind]:
        names = FIELD_NAMES.get(fld, ())
        if s in (norm_header(n) for n in names):
            return fld
    fld, strength = match_header(text, kind)
    if fld and strength >= 2:
        return fld
    raise MappingError("import_bad_field", value=text, fields=", ".join(FIELDS[kind]))


def resolve_column(key: str, headers: list[str]) -> int:
    """A column named by its header text, its letter (C) or its 1-based number."""
    k = norm_header(key)
    for i, h in enumerate(headers):
        if norm_header(h) == k and k:
            return i
    raw = key.strip()
    if re.fullmatch(r"[A-Za-z]{1,2}", raw):
        n = 0
        for ch in raw.upper():
            n = n * 26 + ord(ch) - 64
        if n - 1 < max(len(headers), 1) + 50:
            return n - 1
    if raw.isdigit() and 1 <= int(raw) <= len(headers) + 50:
        return int(raw) - 1
    raise MappingError("import_bad_column", value=key, headers="、".join(h for h in headers if h))


def apply_overrides(mapping: Mapping, overrides: dict[str, str] | list[str] | None) -> Mapping:
    """Apply user choices: ``{"列名": "field"}`` or ``["列名=field", ...]`` (the CLI's --map)."""
    if not overrides:
        return mapping
    pairs: list[tuple[str, str]] = []
    if isinstance(overrides, dict):
        pairs = list(overrides.items())
    else:
        for item in overrides:
            if "=" not in item:
                raise MappingError("import_bad_map", value=item)
            left, _, right = item.partition("=")
            pairs.append((left, right))
    for col_key, fld_text in pairs:
        col = resolve_column(col_key, mapping.headers)
        mapping = mapping.set(col, resolve_field(fld_text, mapping.kind))
    return mapping


def guess_kind(rows: list[list]) -> str | None:
    """The import kind whose headers fit the first rows best (for a wizard's first guess)."""
    best, best_score = None, 0
    for kind in ("deliveries", "payments", "customers", "products"):
        for row in rows[:30]:
            score = header_score(row, kind)
            if score > best_score:
                best, best_score = kind, score
    return best if best_score >= 3 else None
