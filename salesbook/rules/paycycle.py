"""Pay cycles: when a customer has money. Pure functions.

A pay cycle is stored in the book as a short text:

* ``none``                 pays on delivery
* ``monthly:D``            monthly on day D (31 = the last day of a short month)
* ``twice:D1,D2``          twice monthly
* ``weekly:W``             weekly on weekday W (0 = Monday ... 6 = Sunday)
* ``biweekly:YYYY-MM-DD``  every two weeks from an anchor payday

``parse_pay_cycle`` also reads what people write: ``10``, ``每月10号``,
``20日``, ``月底``, ``5,20``, ``每月5号和20号``, ``每周五``, ``双周 2026-01-02``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import ValidationError

KINDS = ("none", "monthly", "twice", "weekly", "biweekly")

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_WEEKDAYS_EN = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip


@dataclass(frozen=True)
class PayCycle:
    kind: str = "none"
    days: tuple[int, ...] = ()  # monthly / twice: days of month 1..31
    weekday: int | None = None  # weekly: 0..6
    anchor: date | None = None  # biweekly: one payday

    def encode(self) -> str:
        if self.kind == "monthly":
            return f"monthly:{self.days[0]}"
        if self.kind == "twice":
            return f"twice:{self.days[0]},{self.days[1]}"
        if self.kind == "weekly":
            return f"weekly:{self.weekday}"
        if self.kind == "biweekly":
            return f"biweekly:{self.anchor.isoformat()}"  # type: ignore[union-attr]
        return "none"

    def describe(self, lang: str = "zh") -> str:
        zh = lang.startswith("zh")
        if self.kind == "monthly":
            d = self.days[0]
            if d >= 31:
                return "每月月底" if zh else "monthly, last day"
            return f"每月{d}日" if zh else f"monthly on day {d}"
        if self.kind == "twice":
            a, b = self.days
            b_txt = ("月底" if zh else "last day") if b >= 31 else (f"{b}日" if zh else str(b))
            return f"每月{a}日和{b_txt}" if zh else f"twice monthly: {a} and {b_txt}"
        if self.kind == "weekly":
            names = "一二三四五六日"
            eng = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            return f"每周{names[self.weekday]}" if zh else f"weekly on {eng[self.weekday]}"  # type: ignore[index]
        if self.kind == "biweekly":
            a = self.anchor.isoformat()  # type: ignore[union-attr]
            return f"每两周（自{a}）" if zh else f"every two weeks from {a}"
        return "货到付款" if zh else "pays on delivery"


NONE = PayCycle()


def decode(text: str | None) -> PayCycle:
    """Read the stored form (see the module doc). Unknown text means ``none``."""
    if not text or text == "none":
        return NONE
    try:
        kind, _, arg = text.partition(":")
        if kind == "monthly":
            return PayCycle("monthly", (int(arg),))
        if kind == "twice":
            a, b = (int(x) for x in arg.split(","))
            return PayCycle("twice", (a, b))
        if kind == "weekly":
            return PayCycle("weekly", weekday=int(arg))
        if kind == "biweekly":
            return PayCycle("biweekly", anchor=date.fromisoformat(arg))
    except (ValueError, TypeError):
        pass
    return NONE


def _day_in_month(year: int, month: int, day: int) -> date:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last))


def next_payday(cycle: PayCycle, on_or_after: date) -> date:
    """The first payday on or after ``on_or_after``. With no cycle the customer
    pays on delivery, so the day itself."""
    d = on_or_after
    if cycle.kind in ("monthly", "twice"):
        days = sorted(cycle.days)
        y, m = d.year, d.month
        for _ in range(3):
            for day in days:
                candidate = _day_in_month(y, m, day)
                if candidate >= d:
                    return candidate
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        raise AssertionError("unreachable")  # pragma: no cover
    if cycle.kind == "weekly":
        return d + timedelta(days=(cycle.weekday - d.weekday()) % 7)  # type: ignore[operator]
    if cycle.kind == "biweekly":
        offset = (d - cycle.anchor).days % 14  # type: ignore[operator]
        return d if offset == 0 else d + timedelta(days=14 - offset)
    return d


def _cn_int(text: str) -> int:
    from .text import parse_int

    return parse_int(text)


def parse_pay_cycle(text: str | int | None) -> PayCycle:
    """Read a pay cycle as people write it. Raises ValidationError('bad_pay_day')."""
    if text is None:
        return NONE
    if isinstance(text, int | float) and not isinstance(text, bool):
        if not (isinstance(text, int) or text == text and abs(text) < 100):  # NaN, inf
            raise ValidationError("bad_pay_day", field="pay_day", value=str(text))
        day = int(text)
        if day != text or not 1 <= day <= 31:
            raise ValidationError("bad_pay_day", field="pay_day", value=str(text))
        return PayCycle("monthly", (day,))
    from .text import normalize

    raw = str(text)
    s = normalize(raw).strip().lower()
    if s in ("", "none", "无", "没有", "货到付款", "现结", "现付", "-"):
        return NONE
    decoded = decode(s)
    if decoded is not NONE or s == "none":
        if decoded.kind != "none" and _valid(decoded):
            return decoded
    s = s.replace(" ", "")
    # biweekly with an anchor
    m = re.search(r"(双周|两周|每两周|biweekly|every2weeks?)\D*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})", s)
    if m:
        from .text import parse_date

        return PayCycle("biweekly", anchor=parse_date(m.group(2)))
    # weekly
    m = re.fullmatch(r"(每周|周|星期|礼拜|每星期|每礼拜)([一二三四五六日天七])", s)
    if m:
        return PayCycle("weekly", weekday=_WEEKDAYS[m.group(2)])
    m = re.fullmatch(r"weekly[:\s]*([a-z]{3})[a-z]*", s)
    if m and m.group(1) in _WEEKDAYS_EN:
        return PayCycle("weekly", weekday=_WEEKDAYS_EN[m.group(1)])
    # month end
    s = s.replace("月底", "31号").replace("月末", "31号").replace("lastday", "31")
    s = re.sub(r"^(每月|每个月|月|monthly)", "", s)
    parts = [p for p in re.split(r"[,，、和及与&/]|and", s) if p]
    days: list[int] = []
    for p in parts:
        p = re.sub(r"(号|日|th|st|nd|rd)$", "", p)
        try:
            days.append(_cn_int(p))
        except ValidationError:
            raise ValidationError("bad_pay_day", field="pay_day", value=raw) from None
    if not days or len(days) > 2 or any(not 1 <= d <= 31 for d in days):
        raise ValidationError("bad_pay_day", field="pay_day", value=raw)
    if len(days) == 1:
        return PayCycle("monthly", (days[0],))
    a, b = sorted(days)
    if a == b:
        return PayCycle("monthly", (a,))
    return PayCycle("twice", (a, b))


def _valid(c: PayCycle) -> bool:
    if c.kind in ("monthly", "twice"):
        return all(1 <= d <= 31 for d in c.days)
    if c.kind == "weekly":
        return c.weekday is not None and 0 <= c.weekday <= 6
    return True
