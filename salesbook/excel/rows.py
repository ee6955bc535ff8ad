"""One spreadsheet row -> clean fields, or the problems that stop it.

``Problem`` is what a person sees about one bad row: the sheet row number, the
field, a message key with its parameters, and ``.message(lang)``.
``clean_row(kind, raw)`` returns ``(clean, problems)`` where ``raw`` maps a
field to the cell value; empty cells are left out of ``clean`` (an update
never erases what the book knows because a cell was blank).

Parsers of repeated values (dates, quantities, prices, phones) are memoised
per import: an old delivery sheet repeats the same few dates and prices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from ..errors import SalesbookError, ValidationError
from ..records.deliveries import amount_fen
from ..rules.text import (
    as_typed,
    check_event_date,
    fen_to_yuan,
    normalize,
    parse_date,
    parse_money_fen,
    parse_phone,
    parse_quantity,
    quantity_factor,
    split_quantity,
    unquote_formula,
)


@dataclass(frozen=True)
class Problem:
    """One bad row (or cell): ``row`` is the sheet row number as Excel shows it."""

    row: int
    field: str | None
    key: str
    params: dict = field(default_factory=dict)
    sheet: str = ""
    column: str | None = None  # the header text of the cell, when known

    def message(self, lang: str | None = None) -> str:
        from ..i18n import field_name, t

        inner = t(self.key, lang=lang, **{**self.params, "field": ""}).strip(" ：:")
        if not self.field:
            return t("import_row_nofield", lang=lang, row=self.row, message=inner)
        return t(
            "import_row", lang=lang, row=self.row, field=field_name(self.field, lang), message=inner
        )

    def __str__(self) -> str:
        return self.message("en")

    def to_json(self) -> dict:
        return {"row": self.row, "field": self.field, "key": self.key, "message": self.message(),
                "sheet": self.sheet, "column": self.column}  # fmt: skip


def problem_from(
    exc: SalesbookError, row: int, fld: str | None, sheet: str = "", column=None
) -> Problem:
    params = {k: v for k, v in exc.params.items() if k != "field"}
    return Problem(row, fld or exc.params.get("field") or None, exc.key, params, sheet, column)


_TOTAL = re.compile(
    r"^(合计|小计|总计|共计|累计|总和|本页合计|本月合计|total|subtotal|grandtotal|sum)\b", re.I
)
_FOOTER = re.compile(r"^(制表|制表人|审核|审核人|填表|填表人|打印|打印日期|备注|说明|注)[:：]")


_TOTAL_START = set("合小总共累本tTsS")


def is_total_row(cells: list) -> bool:
    """A 合计/小计/Total row (any of the first cells says so)."""
    for c in cells[:6]:
        if type(c) is str and c:
            s = c.lstrip()
            if s[:1] not in _TOTAL_START:
                continue
            s = normalize(s).replace(" ", "")
            if _TOTAL.match(s):
                return True
    return False


def is_footer_row(cells: list) -> bool:
    """A lone 制表人：… / 备注：… line under the table."""
    texts = [c for c in cells if c not in (None, "")]
    return (
        len(texts) == 1 and isinstance(texts[0], str) and bool(_FOOTER.match(normalize(texts[0])))
    )


def is_blank(value: object) -> bool:
    """None, or text that is only spaces (full-width spaces included)."""
    if value is None:
        return True
    if type(value) is str:
        return not value.strip()
    return False


_TRUE = {
    "1",
    "是",
    "y",
    "yes",
    "true",
    "已付",
    "已收",
    "已结",
    "结清",
    "√",
    "✓",
    "✔",
    "x",
    "付了",
    "已付款",
    "paid",
    "ok",
    "对",
}
_FALSE = {
    "0",
    "否",
    "n",
    "no",
    "false",
    "未付",
    "未收",
    "欠",
    "欠款",
    "赊账",
    "没付",
    "×",
    "✗",
    "未结",
    "unpaid",
    "-",
}


class Parsers:
    """Memoised parsers for one import (values repeat a lot in real sheets)."""

    def __init__(self) -> None:
        self._dates: dict = {}
        self._qty: dict = {}
        self._money: dict = {}
        self._phones: dict = {}
        self._texts: dict = {}
        self.cells: dict = {}  # (field, cell value) -> (key, parsed) or the error

    @staticmethod
    def _memo(cache: dict, fn, value, fld: str):
        try:
            hit = cache[value]
        except KeyError:
            try:
                hit = fn(value, fld)
            except ValidationError as exc:
                hit = exc
            except TypeError:  # unhashable never happens for cell values; be safe
                return fn(value, fld)
            if len(cache) < 200_000:
                cache[value] = hit
        if isinstance(hit, ValidationError):
            raise hit
        return hit

    def date(self, value, fld: str = "date") -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return self._memo(self._dates, parse_date, value, fld)

    def quantity(self, value, fld: str = "quantity") -> float:
        return self._memo(self._qty, parse_quantity, value, fld)

    def quantity_typed(self, value, fld: str = "quantity") -> tuple[float, str | None]:
        """The number and the unit typed after it (converted by ``settle_delivery``)."""
        return self._memo(self._qty, _quantity_typed, value, fld)

    def money(self, value, fld: str = "amount") -> int:
        return self._memo(self._money, parse_money_fen, value, fld)

    def phone(self, value, fld: str = "phone") -> str | None:
        return self._memo(self._phones, parse_phone, value, fld)

    def text(self, value) -> str | None:
        try:
            return self._texts[value]
        except KeyError:
            out = _text(value)
            if len(self._texts) < 200_000:
                self._texts[value] = out
            return out
        except TypeError:
            return _text(value)

    @staticmethod
    def paid(value, fld: str = "paid") -> bool | int:
        """True/False for yes/no cells, or an amount in fen when the cell holds money."""
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        s = normalize(value).lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        try:
            return parse_money_fen(value, fld)
        except ValidationError:
            raise ValidationError("bad_paid", field=fld, value=s[:40]) from None


def _quantity_typed(value, fld: str) -> tuple[float, str | None]:
    number, unit = split_quantity(value, fld)
    return parse_quantity(number, fld), unit


def settle_delivery(clean: dict, unit: str) -> None:
    """A clean delivery row once its product (and so its ``unit``) is known:
    the typed quantity in the product's unit (3斤 of a kg product: 1.5), and a
    typed 金额 checked against 数量 x 单价. Changes ``clean`` in place; raises
    ValidationError naming the field (a typed amount is never replaced)."""
    typed = clean.pop("quantity_unit", None)
    amount = clean.get("amount_fen")
    if typed is None and amount is None:  # most rows: a plain number, no 金额 typed
        return
    qty, price = clean["quantity"], clean.get("unit_price_fen")
    if typed is not None:
        value = f"{fmt_number(qty)}{typed}"
        factor = quantity_factor(typed, unit, value)
        if factor != 1:
            number = Decimal(repr(qty))
            converted = parse_quantity(number * factor)
            if price is not None:
                if amount is None:  # 3斤 at ¥3.00: per 斤 or per kg? not ours to guess
                    raise ValidationError(
                        "unit_price_per_what", field="unit_price", value=value, unit=typed,
                        quantity=fmt_number(converted), product_unit=unit, price=fen_to_yuan(price),
                    )  # fmt: skip
                if abs(amount_fen(qty, price) - amount) <= 1:  # the price is per typed unit
                    clean["unit_price_fen"] = price = int(
                        (Decimal(price) / factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                    )
            clean["quantity"] = qty = converted
    if price is not None and amount is not None:
        expected = amount_fen(qty, price)
        if abs(expected - amount) > 1:  # more than a fen apart
            raise ValidationError(
                "amount_mismatch", field="amount", amount=fen_to_yuan(amount),
                quantity=fmt_number(qty), price=fen_to_yuan(price), expected=fen_to_yuan(expected),
            )  # fmt: skip


def fmt_number(x: float) -> str:
    """1.5 -> '1.5', 2.0 -> '2' (a quantity as a person writes it)."""
    return f"{x:.6f}".rstrip("0").rstrip(".")


def _text(value) -> str | None:
    if isinstance(value, float) and value == int(value):
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    s = normalize(value)
    return s or None


_EN_CYCLE = [
    (re.compile(r"^monthly,? (?:on )?(?:the )?last day$"), lambda m: "31"),
    (re.compile(r"^monthly on day (\d{1,2})$"), lambda m: m.group(1)),
    (
        re.compile(r"^twice monthly:? (\d{1,2}) and (\d{1,2}|last day)$"),
        lambda m: f"{m.group(1)},{'31' if m.group(2) == 'last day' else m.group(2)}",
    ),
    (re.compile(r"^weekly on ([a-z]{3})[a-z]*$"), lambda m: f"weekly:{m.group(1)}"),
    (
        re.compile(r"^every (?:two|2) weeks from (\d{4}-\d{2}-\d{2})$"),
        lambda m: f"biweekly:{m.group(1)}",
    ),
    (re.compile(r"^pays on delivery$"), lambda m: "none"),
]


def english_pay_cycle(value):
    """The English descriptions the export writes (PayCycle.describe('en')) back to parseable text."""
    if not isinstance(value, str):
        return value
    s = normalize(value).lower()
    for pattern, fn in _EN_CYCLE:
        m = pattern.match(s)
        if m:
            return fn(m)
    return value


def clean_customer(raw: dict, parsers: Parsers) -> tuple[dict, list[tuple[str, SalesbookError]]]:
    """Customer fields in the form customers.clean_fields returns them; uid kept if valid."""
    from ..records.customers import clean_fields

    clean: dict = {}
    errors: list[tuple[str, SalesbookError]] = []
    for fld, value in raw.items():
        if is_blank(value):
            continue
        if type(value) is str and value[0] == "'":  # '=1+1 from a CSV we wrote
            value = unquote_formula(value)
        try:
            if fld == "uid":
                s = normalize(value).lower().replace("-", "")
                if not re.fullmatch(r"[0-9a-f]{32}", s):
                    raise ValidationError("bad_kind", field="uid", value=as_typed(value)[:40])
                clean["uid"] = s
            elif fld == "phone":
                clean["phone"] = parsers.phone(value)
            elif fld == "pay_day":
                clean.update(clean_fields({"pay_cycle": english_pay_cycle(value)}, partial=True))
            elif fld in ("name", "address", "area", "notes"):
                text = value if fld == "notes" and isinstance(value, str) else _text(value)
                clean.update(clean_fields({fld: text}, partial=True))
            else:
                clean.update(clean_fields({fld: value}, partial=True))
        except SalesbookError as exc:
            errors.append((fld, exc))
    if "name" not in clean and not any(f == "name" for f, _ in errors):
        errors.append(("name", ValidationError("required", field="name")))
    return clean, errors


def clean_product(raw: dict, parsers: Parsers) -> tuple[dict, list[tuple[str, SalesbookError]]]:
    from ..records.products import clean_fields

    clean: dict = {}
    errors: list[tuple[str, SalesbookError]] = []
    for fld, value in raw.items():
        if is_blank(value):
            continue
        if type(value) is str and value[0] == "'":
            value = unquote_formula(value)
        try:
            data = {fld: _text(value) if fld in ("name", "unit") else value}
            clean.update(clean_fields(data, partial=True))
        except SalesbookError as exc:
            errors.append((fld, exc))
    if "name" not in clean and not any(f == "name" for f, _ in errors):
        errors.append(("name", ValidationError("required", field="product")))
    return clean, errors


_MOVE_KEY = {"date": "date", "quantity": "quantity", "unit_price": "unit_price_fen", "amount": "amount_fen",
             "phone": "phone", "paid": "paid", "customer_uid": "customer_uid", "customer": "customer",
             "product": "product", "note": "note"}  # fmt: skip


def _movement_cell(kind: str, fld: str, value, parsers: Parsers):
    """(clean key, value) for one cell, or the ValidationError it raises."""
    try:
        if fld == "date":
            v = check_event_date(parsers.date(value))
        elif fld == "quantity":
            v, unit = parsers.quantity_typed(value)
            if unit is not None:  # kept for settle_delivery, which knows the product's unit
                return ("quantity", v, "quantity_unit", unit)
        elif fld == "unit_price":
            v = parsers.money(value, "unit_price")
        elif fld == "amount":
            v = parsers.money(value, "amount")
            if kind == "payments" and v <= 0:
                raise ValidationError("not_positive", field="amount", value=as_typed(value))
        elif fld == "phone":
            v = parsers.phone(value)
        elif fld == "paid":
            v = parsers.paid(value)
        elif fld == "customer_uid":
            v = normalize(value).lower().replace("-", "")
        else:  # customer, product, note
            v = parsers.text(value)
    except SalesbookError as exc:
        return exc
    return (_MOVE_KEY[fld], v)


def clean_movement(
    kind: str, raw: dict, parsers: Parsers
) -> tuple[dict, list[tuple[str, SalesbookError]]]:
    """A delivery or payment row: who (customer/phone/uid), date, quantity/amount...

    Each distinct (field, cell value) is parsed once per import: real sheets repeat
    the same names, products, dates and prices on thousands of rows."""
    clean: dict = {}
    errors: list[tuple[str, SalesbookError]] = []
    cache = parsers.cells
    for fld, value in raw.items():
        if value is None or (type(value) is str and not value.strip()):
            continue
        if type(value) is str and value[0] == "'":
            value = unquote_formula(value)
        try:
            hit = cache[(fld, value)]
        except KeyError:
            hit = _movement_cell(kind, fld, value, parsers)
            if len(cache) < 300_000:
                cache[(fld, value)] = hit
        except TypeError:
            hit = _movement_cell(kind, fld, value, parsers)
        if type(hit) is tuple:
            clean[hit[0]] = hit[1]
            if len(hit) > 2:
                clean[hit[2]] = hit[3]
        else:
            errors.append((fld, hit))
    needed = ("date", "quantity", "product") if kind == "deliveries" else ("date", "amount_fen")
    if (
        not errors
        and all(k in clean for k in needed)
        and ("customer" in clean or "phone" in clean or "customer_uid" in clean)
    ):
        return clean, errors
    failed = {f for f, _ in errors}
    for fld in needed:
        name = "amount" if fld == "amount_fen" else fld
        if fld not in clean and name not in failed:
            errors.append((name, ValidationError("required", field=name)))
    if not (clean.keys() & {"customer", "phone", "customer_uid"}) and not (
        failed & {"customer", "phone", "customer_uid"}
    ):
        errors.append(("customer", ValidationError("required", field="customer")))
    return clean, errors


def clean_row(kind: str, raw: dict, parsers: Parsers):
    if kind == "customers":
        return clean_customer(raw, parsers)
    if kind == "products":
        return clean_product(raw, parsers)
    return clean_movement(kind, raw, parsers)
