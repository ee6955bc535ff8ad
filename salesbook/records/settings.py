"""Domain settings kept in the book (lead days, cadences, thresholds).

``set_setting`` validates a value as typed and keeps the derived state true
in the same transaction (new lead days move every remind date, a new cadence
moves every follow-up date)."""

from __future__ import annotations

import json

from ..errors import ValidationError
from ..rules.text import LEVELS, parse_int, parse_level
from ..store.book import DEFAULT_SETTINGS, Book
from . import supply

LIMITS = {
    "lead_days": (0, 60),
    "at_risk_days": (1, 365),
    "capacity": (1, 500),
    "collect_overdue_days": (1, 365),
    "prior_weight_days": (0, 730),
    "value_margin_pct": (1, 100),
    "value_discount_pct": (0, 50),
    "value_retention_pct": (0, 95),
    "tier_platinum_pct": (0, 20),
    "tier_gold_pct": (0, 30),
    "tier_iron_pct": (0, 50),
}


def set_setting(book: Book, key: str, value: object) -> None:
    """Set one setting (one transaction). ``cadence_days`` takes a dict or
    'level=days' text (朋友=30; 0 = no follow-up reminders); others take an integer."""
    if key not in DEFAULT_SETTINGS:
        raise ValidationError("bad_kind", field="setting", value=key)
    if key == "cadence_days":
        current = dict(book.setting("cadence_days"))  # type: ignore[arg-type]
        if isinstance(value, dict):
            pairs = value.items()
        else:
            pairs = [
                part.split("=", 1)
                for part in str(value).replace("，", ",").split(",")
                if "=" in part
            ]
            if not pairs:
                raise ValidationError("bad_number", field="cadence_days", value=str(value))
        for level, days in pairs:
            lv = parse_level(level)
            n = parse_int(days, field="cadence_days")
            if not 0 <= n <= 730:
                raise ValidationError("bad_number", field="cadence_days", value=str(days))
            current[lv] = n
        stored: object = {lv: current[lv] for lv in LEVELS}
    else:
        n = parse_int(value, field=key)
        lo, hi = LIMITS[key]
        if not lo <= n <= hi:
            raise ValidationError("bad_number", field=key, value=str(value))
        stored = n
    with book.transaction() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(stored)),
        )
        book._settings_cache = None
        if key == "lead_days":
            supply.update_remind_dates(book)
        elif key == "cadence_days":
            supply.refresh_customers_state_all(book)
        elif key == "prior_weight_days":
            supply.refresh_all(book)
