"""Relationship levels (salesbook.records.relationship): history, cadence, contact, suggestions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from salesbook.errors import NotFound, ValidationError
from salesbook.records.contacts import log_contact
from salesbook.records.customers import add_customer, get_customer
from salesbook.records.deliveries import record_delivery
from salesbook.records.payments import record_payment
from salesbook.records.products import add_product
from salesbook.records.relationship import (
    cadence_days,
    dismiss_suggestion,
    guideline_for,
    history,
    pyramid,
    set_level,
    suggestions,
)
from salesbook.records.settings import set_setting


def follow_up(b, customer_id):
    return b.conn.execute(
        "SELECT last_contact_date, follow_up_date FROM customer_state WHERE customer_id = ?",
        (customer_id,),
    ).fetchone()


def test_set_level_records_history_with_date_and_reason(seeded):
    b = seeded.book
    old, new = set_level(b, seeded.wang.id, "好朋友", reason="介绍了两位邻居", on=date(2026, 3, 18))
    assert (old, new) == ("acquaintance", "friend")
    assert get_customer(b, seeded.wang.id).level == "friend"
    h = history(b, seeded.wang.id)
    assert [(x.from_level, x.to_level) for x in h] == [
        (None, "acquaintance"),
        ("acquaintance", "friend"),
    ]
    assert (h[-1].date, h[-1].reason) == ("2026-03-18", "介绍了两位邻居")


def test_same_level_is_refused_and_nothing_recorded(seeded):
    before = seeded.snapshot()
    with pytest.raises(ValidationError) as err:
        set_level(seeded.book, seeded.wang.id, "熟人")
    assert err.value.key == "same_level"
    assert "熟人" in err.value.message("zh")
    assert seeded.snapshot() == before


def test_bad_level_and_unknown_customer(seeded):
    before = seeded.snapshot()
    with pytest.raises(ValidationError):
        set_level(seeded.book, seeded.wang.id, "仇人")
    with pytest.raises(NotFound):
        set_level(seeded.book, 999, "朋友")
    assert seeded.snapshot() == before


def test_cadence_per_level_sets_the_follow_up_date(seeded):
    b, wang = seeded.book, seeded.wang
    assert cadence_days(b, "acquaintance") == 60
    assert follow_up(b, wang.id) == ("2026-03-09", "2026-05-08")  # 60 days after the last delivery
    set_level(b, wang.id, "知己", on=date(2026, 3, 10))
    assert follow_up(b, wang.id) == ("2026-03-09", "2026-03-23")  # confidant: 14 days
    set_level(b, wang.id, "朋友", on=date(2026, 3, 11))
    assert follow_up(b, wang.id)[1] == "2026-04-08"
    set_level(b, wang.id, "过客", on=date(2026, 3, 12))
    assert follow_up(b, wang.id)[1] is None  # passers-by are not followed up


def test_changed_cadence_setting_moves_follow_ups(seeded):
    b, zhao = seeded.book, seeded.zhao
    assert follow_up(b, zhao.id) == ("2026-03-01", "2026-03-31")
    set_setting(b, "cadence_days", "朋友=10")
    assert follow_up(b, zhao.id) == ("2026-03-01", "2026-03-11")


@pytest.mark.parametrize("how", ["delivery", "payment", "visit", "call", "message"])
def test_any_delivery_payment_or_contact_counts_as_contact(seeded, how):
    b, zhao = seeded.book, seeded.zhao
    day = "2026-03-15"
    if how == "delivery":
        record_delivery(b, zhao.id, seeded.rice.id, 5, on=day)
    elif how == "payment":
        record_payment(b, zhao.id, 10, on=day)
    else:
        log_contact(b, zhao.id, on=day, kind=how)
    assert follow_up(b, zhao.id) == ("2026-03-15", "2026-04-14")


def _regular_buyer(b, level: str, n: int, every: int = 20, start=date(2025, 1, 1)):
    rice = b.conn.execute("SELECT id FROM products").fetchone() or (
        add_product(b, name="大米", price=6, per_person_daily=0.15).id,
    )
    c = add_customer(b, name=f"{level}{n}", household_size=3, level=level, on="2024-12-01")
    for i in range(n):
        record_delivery(b, c.id, rice[0], 10, on=start + timedelta(days=every * i), paid=True)
    return c


def test_suggestion_with_reason_never_changes_the_level(book):
    c = _regular_buyer(book, "passerby", 3)
    on = date(2025, 3, 1)
    (s,) = suggestions(book, on)
    assert (s.customer_id, s.from_level, s.to_level) == (c.id, "passerby", "acquaintance")
    assert s.reason("zh") == "已买过 3 次，认识 59 天"
    assert s.reason("en") == "3 purchases over 59 days"
    assert get_customer(book, c.id).level == "passerby"
    assert len(history(book, c.id)) == 1


def test_no_suggestion_too_early(book):
    _regular_buyer(book, "passerby", 2)
    assert suggestions(book, date(2025, 3, 1)) == []


def test_acquaintance_to_friend_needs_contact_or_many_purchases(book):
    c = _regular_buyer(book, "acquaintance", 10)  # 10 buys over 180 days
    on = date(2025, 7, 1)
    assert suggestions(book, on) == []
    log_contact(book, c.id, on="2025-05-01")
    log_contact(book, c.id, on="2025-06-01", kind="call")
    (s,) = suggestions(book, on)
    assert s.to_level == "friend"
    assert "2" in s.reason("en")


def test_dismissed_suggestion_is_not_repeated(book):
    c = _regular_buyer(book, "passerby", 3)
    on = date(2025, 3, 1)
    dismiss_suggestion(book, c.id, "acquaintance", on)
    assert suggestions(book, on) == []
    assert suggestions(book, on + timedelta(days=60)) == []
    assert get_customer(book, c.id).level == "passerby"


def test_dismissals_reset_when_the_level_changes(book):
    c = _regular_buyer(book, "acquaintance", 13)  # 12+ purchases over 240 days
    on = date(2025, 9, 10)
    assert [s.to_level for s in suggestions(book, on)] == ["friend"]
    dismiss_suggestion(book, c.id, "friend", on)
    assert suggestions(book, on) == []
    set_level(book, c.id, "过客", reason="搬走了", on=on)
    assert [s.to_level for s in suggestions(book, on)] == ["acquaintance"]
    set_level(book, c.id, "熟人", reason="又回来了", on=on)
    assert [s.to_level for s in suggestions(book, on)] == ["friend"]


def test_pyramid_against_the_guideline(seeded):
    counts = pyramid(seeded.book)
    assert counts == {"passerby": 4, "acquaintance": 1, "friend": 1, "confidant": 0}
    g = guideline_for(164)
    assert g == {"passerby": 100, "acquaintance": 50, "friend": 10, "confidant": 4}
    assert guideline_for(0)["friend"] == 0
