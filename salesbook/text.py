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

from .errors import ValidationError

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_MAX_TEXT = 200  # longer than any value a person types in one cell


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
        raise ValidationError("bad_number", field=field, value=str(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or value != int(value):
            raise ValidationError("bad_number", field=field, value=str(value))
        return int(value)
    s = normalize(value)
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
        raise ValidationError("bad_number", field=field, value=str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError("bad_number", field=field, value=str(value))
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError("bad_number", field=field, value=str(value))
        return value
    s = normalize(value)
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


def parse_quantity(value: object, field: str = "quantity") -> float:
    """A positive quantity (units of the product)."""
    d = parse_decimal(value, field)
    if d <= 0:
        raise ValidationError("not_positive", field=field, value=str(value))
    if d > 1_000_000:
        raise ValidationError("too_large", field=field, value=str(value))
    return float(d)


def parse_money_fen(value: object, field: str = "amount", allow_zero: bool = True) -> int:
    """Yuan as typed ('12.5', '¥1,200', 12) -> integer fen (1250). Never float money."""
    d = parse_decimal(value, field)
    if d < 0 or (d == 0 and not allow_zero):
        raise ValidationError("not_positive", field=field, value=str(value))
    if d > Decimal(10) ** 11:  # numbers and floats skip parse_decimal's text bound
        raise ValidationError("too_large", field=field, value=str(value))
    fen = (d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if fen > 10**13:
        raise ValidationError("too_large", field=field, value=str(value))
    if fen == 0 and not allow_zero:  # 0.001 yuan rounds to nothing
        raise ValidationError("not_positive", field=field, value=str(value))
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
            raise ValidationError("bad_date", field=field, value=str(value))
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
            raise ValidationError("bad_phone", field=field, value=str(value))
        if value == int(value):
            value = int(value)
    s = normalize(value)
    if not s:
        return None
    if len(s) > 40:
        raise ValidationError("bad_phone", field=field, value=s[:20] + "…")
    s = re.sub(r"^(\+?\d+)\.0+$", r"\1", s)  # 13912345678.0: a spreadsheet number as text
    plus = s.startswith("+")
    digits = re.sub(r"[\s\-()（）.]", "", s.lstrip("+"))
    if not digits.isascii() or not digits.isdigit() or not 5 <= len(digits) <= 15:
        raise ValidationError("bad_phone", field=field, value=s)
    if len(digits) == 11 and digits.startswith("1") and digits[1] not in "3456789":
        raise ValidationError("bad_phone", field=field, value=s)
    return ("+" if plus else "") + digits


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
    s = normalize(value).lower()
    if not s:
        return "passerby"
    for level, words in _LEVEL_WORDS.items():
        if s in words:
            return level
    for level in reversed(LEVELS):  # longest-standing first: 好朋友 -> friend
        if any(w in s for w in _LEVEL_WORDS[level] if not w.isdigit() and len(w) > 1):
            return level
    raise ValidationError("bad_level", field=field, value=s[:40])


def level_name(level: str, lang: str = "zh") -> str:
    return (LEVEL_NAMES_ZH if lang.startswith("zh") else LEVEL_NAMES_EN).get(level, level)


def as_typed(value: object) -> str | None:
    """Free text a person wrote (notes), exactly as typed: only the blanks around it
    go. Never NFKC: full-width ，。！（） are the writer's own punctuation. None if empty."""
    if value is None:
        return None
    s = str(value)[:10_000].strip()
    return s or None
