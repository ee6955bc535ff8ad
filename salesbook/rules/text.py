"""Reading what people type or what spreadsheets hold: dates, phones, numbers,
money, Chinese numerals, relationship levels. Each parser returns a clean
value or raises ValidationError naming the field; none ever lets another
exception escape (the fuzz tests hold them to that).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..errors import ValidationError

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_MAX_TEXT = 200  # longer than any value a person types in one cell


def as_typed(value: object) -> str:
    """A value for a message, as the user typed it: a spreadsheet's number 5 or
    -2 arrives as the float 5.0 or -2.0 and is quoted as "5" / "-2"."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def normalize(value: object) -> str:
    """NFKC (full-width to half-width: １３９ -> 139, （） -> ()), trimmed."""
    if value is None:
        return ""
    s = str(value)[:10_000]
    return unicodedata.normalize("NFKC", s).replace("\u3000", " ").strip()


def cn_numeral(text: str) -> int | None:
    """三 -> 3, 十二 -> 12, 二十五 -> 25, 一百零五 -> 105; None if not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            total += (current or 1) * unit
            current = 0
    return total + current


def parse_int(value: object, field: str = "number") -> int:
    """An integer from 3, '3', '３', '3.0', '三', '三口人', '3人'."""
    if isinstance(value, bool):
        raise ValidationError("bad_number", field=field, value=as_typed(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or value != int(value):
            raise ValidationError("bad_number", field=field, value=as_typed(value))
        return int(value)
    s = normalize(value)
    if not s:
        raise ValidationError("required", field=field)
    if len(s) > _MAX_TEXT:
        raise ValidationError("bad_number", field=field, value=s[:20] + "…")
    s = re.sub(r"(口人|口|人|个|位|名)$", "", s).strip()
    m = re.fullmatch(r"[+-]?\d+(\.0*)?", s)
    if m:
        return int(float(s)) if "." in s else int(s)
    n = cn_numeral(s)
    if n is not None:
        return n
    raise ValidationError("bad_number", field=field, value=s[:40])


def parse_decimal(value: object, field: str = "number") -> Decimal:
    """A Decimal from numbers or text ('1,234.5', '１２.５', '¥12', '12元')."""
    if isinstance(value, bool):
        raise ValidationError("bad_number", field=field, value=as_typed(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError("bad_number", field=field, value=as_typed(value))
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError("bad_number", field=field, value=as_typed(value))
        return value
    s = normalize(value)
    if not s:
        raise ValidationError("required", field=field)
    if len(s) > _MAX_TEXT:
        raise ValidationError("bad_number", field=field, value=s[:20] + "…")
    s = s.replace(",", "").replace("¥", "").replace("￥", "").replace("元", "").strip()
    s = re.sub(r"(kg|公斤|斤|升|l|桶|瓶|袋|罐|个|件|箱)$", "", s, flags=re.I).strip()
    try:
        d = Decimal(s)
    except InvalidOperation:
        n = cn_numeral(s)
        if n is None:
            raise ValidationError("bad_number", field=field, value=s[:40]) from None
        return Decimal(n)
    if not d.is_finite() or abs(d) > Decimal(10) ** 12:
        raise ValidationError("bad_number", field=field, value=s[:40])
    return d


def parse_quantity(value: object, field: str = "quantity", unit: str | None = None) -> float:
    """A positive quantity in the product's ``unit``: 2, '2', '3斤' (1.5 for a kg
    product), '500克', '2袋' (for a product sold by the 袋). A unit that cannot be
    converted to ``unit`` for certain raises ValidationError naming it; with
    ``unit=None`` (the product's unit is not known) a typed unit is not checked."""
    number, typed = split_quantity(value, field)
    if typed is not None and unit is not None:
        number = number * quantity_factor(typed, unit, str(value), field)
    return _checked_quantity(number, value, field)


def _checked_quantity(number: Decimal, value: object, field: str) -> float:
    if number <= 0:
        raise ValidationError("not_positive", field=field, value=as_typed(value))
    if number > 1_000_000:
        raise ValidationError("too_large", field=field, value=as_typed(value))
    return float(number)


# Units a quantity may be typed in whose size is certain: what they measure and
# how many kg or L one is. Anything else (袋, 桶, 箱...) converts only to itself.
_MEASURES = {
    "kg": ("kg", Decimal(1)), "kgs": ("kg", Decimal(1)), "公斤": ("kg", Decimal(1)),
    "千克": ("kg", Decimal(1)), "斤": ("kg", Decimal("0.5")), "市斤": ("kg", Decimal("0.5")),
    "两": ("kg", Decimal("0.05")), "g": ("kg", Decimal("0.001")), "克": ("kg", Decimal("0.001")),
    "吨": ("kg", Decimal(1000)),
    "l": ("L", Decimal(1)), "升": ("L", Decimal(1)), "公升": ("L", Decimal(1)),
    "ml": ("L", Decimal("0.001")), "毫升": ("L", Decimal("0.001")),
}  # fmt: skip
_QTY_NUMBER = re.compile(r"([+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+))\s*(.*)")
_QTY_CN = re.compile(r"([零〇一壹二贰两俩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟]+)\s*(.*)")


def split_quantity(value: object, field: str = "quantity") -> tuple[Decimal, str | None]:
    """The number and the unit typed after it: '3斤' -> (3, '斤'), '1.5 kg' ->
    (1.5, 'kg'), '两袋' -> (2, '袋'), '二两' -> (2, '两'), '一斤半' -> (1.5, '斤'),
    '半斤' -> (0.5, '斤'), '2' or 2 -> (2, None). A unit is at most 6 characters
    without digits; anything else raises ValidationError (bad_number)."""
    if not isinstance(value, str):
        return parse_decimal(value, field), None
    s = normalize(value)
    if len(s) > _MAX_TEXT:
        raise ValidationError("bad_number", field=field, value=s[:20] + "…")
    m = _QTY_NUMBER.fullmatch(s)
    if m:
        number = parse_decimal(m.group(1), field)
        unit = m.group(2)
    elif s.startswith("半"):  # 半斤
        number, unit = Decimal("0.5"), s[1:].strip()
        if not unit:
            raise ValidationError("bad_number", field=field, value=s[:40])
    else:
        m = _QTY_CN.fullmatch(s)
        if not m:
            return parse_decimal(value, field), None  # ¥, 元... or its bad_number
        numeral, unit = m.group(1), m.group(2)
        if not unit and len(numeral) > 1 and numeral.endswith("两"):  # 二两: 2 两, not 22
            numeral, unit = numeral[:-1], "两"
        n = cn_numeral(numeral)
        if n is None:
            raise ValidationError("bad_number", field=field, value=s[:40])
        number = Decimal(n)
    unit = unit.strip()
    if len(unit) > 1 and unit.endswith("半"):  # 一斤半 = 1.5 斤
        number, unit = number + Decimal("0.5"), unit[:-1].strip()
    if not unit:
        return number, None
    if len(unit) > 6 or any(ch.isdigit() for ch in unit):
        raise ValidationError("bad_number", field=field, value=s[:40])
    return number, unit


def _unit_key(unit: str) -> str:
    return normalize(unit).lower().replace(" ", "")


def quantity_factor(typed: str, unit: str, value: str = "", field: str = "quantity") -> Decimal:
    """How many of the product's ``unit`` one ``typed`` unit is (斤 -> kg: 0.5;
    ml -> L: 0.001; 袋 -> 袋: 1). Raises ValidationError naming the unit when the
    conversion is not certain (袋 -> kg: a bag's weight varies)."""
    t, u = _unit_key(typed), _unit_key(unit)
    if t == u:
        return Decimal(1)
    mt, mu = _MEASURES.get(t), _MEASURES.get(u)
    if mt and mu and mt[0] == mu[0]:
        return mt[1] / mu[1]
    if not u:
        raise ValidationError("unit_no_product_unit", field=field, value=value, unit=typed)
    raise ValidationError(
        "unit_unconvertible", field=field, value=value, unit=typed, product_unit=unit
    )


def parse_money_fen(value: object, field: str = "amount", allow_zero: bool = True) -> int:
    """Yuan as typed ('12.5', '¥1,200', 12) -> integer fen (1250). Never float money."""
    d = parse_decimal(value, field)
    if d < 0 or (d == 0 and not allow_zero):
        raise ValidationError("not_positive", field=field, value=as_typed(value))
    if d > Decimal(10) ** 11:  # numbers and floats skip parse_decimal's text bound
        raise ValidationError("too_large", field=field, value=as_typed(value))
    fen = (d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if fen > 10**13:
        raise ValidationError("too_large", field=field, value=as_typed(value))
    if fen == 0 and not allow_zero:  # 0.001 yuan rounds to nothing
        raise ValidationError("not_positive", field=field, value=as_typed(value))
    return int(fen)


def fen_to_str(fen: int) -> str:
    """12340 -> '123.40' (the form the JSON contract uses)."""
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def fen_to_yuan(fen: int) -> str:
    """12340 -> '¥123.40' for people."""
    return "¥" + fen_to_str(fen) if fen >= 0 else "-¥" + fen_to_str(-fen)


_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object, field: str = "date") -> date:
    """A date from 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305, an Excel
    serial number or a date/datetime value. Impossible dates are refused."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or not 1 <= value < 2958466:  # Excel serials up to 9999-12-31
            raise ValidationError("bad_date", field=field, value=as_typed(value))
        return _EXCEL_EPOCH + timedelta(days=int(value))
    s = normalize(value)
    if not s or len(s) > 40:
        raise ValidationError("bad_date", field=field, value=s[:40])
    m = re.fullmatch(
        r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*(?:日|号)?"
        r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?",
        s,
    )
    if not m:
        m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
    if not m:
        if re.fullmatch(r"\d{5}(\.\d+)?", s):  # a serial stored as text
            return parse_date(float(s), field)
        raise ValidationError("bad_date", field=field, value=s)
    y, mo, d = (int(g) for g in m.groups())
    try:
        result = date(y, mo, d)
    except ValueError:
        raise ValidationError("impossible_date", field=field, value=s) from None
    if not 1900 <= result.year <= 2200:
        raise ValidationError("bad_date", field=field, value=s)
    return result


FUTURE_DAYS = 31  # how far ahead a delivery, payment or contact may be dated


def check_event_date(day: date, field: str = "date", today: date | None = None) -> date:
    """The date something happened (a delivery, payment, contact): refused when
    more than ``FUTURE_DAYS`` ahead of today, since a mistyped year (2062 for
    2026) would hide the customer's reminders for decades."""
    if day > (today or date.today()) + timedelta(days=FUTURE_DAYS):
        raise ValidationError("future_date", field=field, value=day.isoformat())
    return day


def parse_phone(value: object, field: str = "phone") -> str | None:
    """A phone number as digits (keeps a leading +): '139 1234 5678', '１３９-1234-5678',
    13912345678.0 (a spreadsheet number). Empty means no phone (None)."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:
            return None
        if value in (float("inf"), float("-inf")):
            raise ValidationError("bad_phone", field=field, value=as_typed(value))
        if value == int(value):
            value = int(value)
    s = normalize(value)
    if not s:
        return None
    if len(s) > 40:
        raise ValidationError("bad_phone", field=field, value=s[:20] + "…")
    s = re.sub(r"^(\+?\d+)\.0+$", r"\1", s)  # 13912345678.0: a spreadsheet number as text
    compact = re.sub(r"[\s\-()（）.]", "", s)  # (+86) 138-0000-0013 -> +8613800000013
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isascii() or not digits.isdigit() or not 5 <= len(digits) <= 15:
        raise ValidationError("bad_phone", field=field, value=s)
    if len(digits) == 11 and digits.startswith("1") and digits[1] not in "3456789":
        raise ValidationError("bad_phone", field=field, value=s)
    mainland = _mainland(digits, plus)
    if mainland:
        return mainland
    return ("+" if plus else "") + digits


_MOBILE = re.compile(r"1[3-9]\d{9}")


def _mainland(digits: str, plus: bool) -> str | None:
    """A mainland China number written with its country code, as dialled at home:
    +86 / 0086 / 86 before an 11-digit mobile gives the mobile (13800000013);
    +86 / 0086 before a landline gives 0 + area code + number (+86 10 8888 8888
    -> 01088888888; +86 0755... keeps its 0). None when there is no country code
    or the rest is not clearly a mainland number (then it is kept as typed)."""
    if plus and digits.startswith("86"):
        rest = digits[2:]
    elif not plus and digits.startswith("0086"):
        rest = digits[4:]
    elif (
        not plus and len(digits) == 13 and digits.startswith("86") and _MOBILE.fullmatch(digits[2:])
    ):
        return digits[2:]  # 8613800000013: a mobile with the country code, no +
    else:
        return None
    if _MOBILE.fullmatch(rest):
        return rest
    if rest.startswith("0") and 10 <= len(rest) <= 12:  # +86 0755 1234 5678
        return rest
    if not rest.startswith(("0", "1")) or rest.startswith("10"):  # area code 10, 2x, 3xx-9xx
        if 9 <= len(rest) <= 11:
            return "0" + rest
    return None


LEVELS = ("passerby", "acquaintance", "friend", "confidant")
LEVEL_NAMES_ZH = {"passerby": "过客", "acquaintance": "熟人", "friend": "朋友", "confidant": "知己"}
LEVEL_NAMES_EN = {
    "passerby": "passer-by",
    "acquaintance": "acquaintance",
    "friend": "friend",
    "confidant": "confidant",
}
_LEVEL_WORDS = {
    "passerby": [
        "过客",
        "passerby",
        "passer-by",
        "passer by",
        "新客",
        "新客户",
        "路人",
        "陌生",
        "0",
    ],
    "acquaintance": ["熟人", "acquaintance", "老客户", "老客", "认识", "熟客", "1"],
    "friend": ["朋友", "friend", "好朋友", "好友", "老朋友", "2"],
    "confidant": ["知己", "confidant", "知心", "挚友", "铁杆", "闺蜜", "兄弟", "死党", "3"],
}


def parse_level(value: object, field: str = "level") -> str:
    """The stored level code from 过客/熟人/朋友/知己, English, or loose words (好朋友, 老客户)."""
    typed = normalize(value)
    s = typed.lower()
    if not s:
        return "passerby"
    for level, words in _LEVEL_WORDS.items():
        if s in words:
            return level
    for level in reversed(LEVELS):  # longest-standing first: 好朋友 -> friend
        if any(w in s for w in _LEVEL_WORDS[level] if not w.isdigit() and len(w) > 1):
            return level
    raise ValidationError("bad_level", field=field, value=typed[:40])


def level_name(level: str, lang: str = "zh") -> str:
    return (LEVEL_NAMES_ZH if lang.startswith("zh") else LEVEL_NAMES_EN).get(level, level)


# -- cells a spreadsheet would run as formulas (OWASP "CSV injection") ---------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def formula_risky(text: str) -> bool:
    """Would a spreadsheet take this text for a formula? (It starts with = + - @,
    a tab or a carriage return, and is not a plain number like -12.5.)"""
    return bool(text) and text[0] in FORMULA_START and not _PLAIN_NUMBER.fullmatch(text)


def formula_safe(value: object) -> object:
    """A CSV cell a spreadsheet shows as typed: risky text gets a leading ' (so
    ``=1+1`` is written ``'=1+1``); numbers and other text are returned as they are."""
    if type(value) is str and value and value[0] in FORMULA_START and formula_risky(value):
        return "'" + value
    return value


def unquote_formula(text: str) -> str:
    """The text ``formula_safe`` was given: a ' before a risky start is dropped
    (``'=1+1`` -> ``=1+1``), so a CSV we wrote reads back as the book had it."""
    if len(text) > 1 and text[0] == "'" and formula_risky(text[1:]):
        return text[1:]
    return text


def as_written(value: object) -> str | None:
    """Free text a person wrote (notes), exactly as typed: only the blanks around it
    go. Never NFKC: full-width ，。！（） are the writer's own punctuation. None if empty."""
    if value is None:
        return None
    s = str(value)[:10_000].strip()
    return s or None
