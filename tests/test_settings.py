"""Domain settings kept in the book (salesbook.records.settings)."""

from __future__ import annotations

from datetime import date

import pytest

from salesbook.errors import ValidationError
from salesbook.records.due import due_items
from salesbook.records.settings import set_setting
from salesbook.store.book import DEFAULT_SETTINGS, open_book


def test_defaults(book):
    s = book.settings()
    assert s["lead_days"] == 3
    assert s["cadence_days"] == {"passerby": 0, "acquaintance": 60, "friend": 30, "confidant": 14}
    assert set(DEFAULT_SETTINGS) <= set(s)


def test_settings_are_kept_in_the_book(tmp_path):
    path = tmp_path / "b.db"
    b = open_book(path)
    set_setting(b, "lead_days", "5")
    set_setting(b, "cadence_days", "知己=7，朋友=21")
    b.close()
    b = open_book(path)
    assert b.setting("lead_days") == 5
    assert b.setting("cadence_days")["confidant"] == 7
    assert b.setting("cadence_days")["friend"] == 21
    assert b.setting("cadence_days")["acquaintance"] == 60
    b.close()


def test_lead_days_moves_every_remind_date(seeded):
    b = seeded.book
    sql = "SELECT runout_date, remind_date FROM supply WHERE customer_id = ?"
    assert b.conn.execute(sql, (seeded.wang.id,)).fetchone() == ("2026-03-30", "2026-03-27")
    set_setting(b, "lead_days", 10)
    assert b.conn.execute(sql, (seeded.wang.id,)).fetchone() == ("2026-03-30", "2026-03-20")
    assert any(i.customer == "王建国" for i in due_items(b, date(2026, 3, 20), kinds=["resupply"]))


def test_customer_lead_days_wins_over_the_setting(seeded):
    from salesbook.records.customers import update_customer

    b = seeded.book
    update_customer(b, seeded.wang.id, lead_days=1)
    set_setting(b, "lead_days", 10)
    sql = "SELECT remind_date FROM supply WHERE customer_id = ?"
    assert b.conn.execute(sql, (seeded.wang.id,)).fetchone()[0] == "2026-03-29"


def test_at_risk_days_changes_resupply_status(seeded):
    b = seeded.book
    on = date(2026, 4, 8)  # 9 days after 王建国's rice ran out
    (item,) = [i for i in due_items(b, on, kinds=["resupply"]) if i.customer == "王建国"]
    assert item.status == "overdue"
    set_setting(b, "at_risk_days", 7)
    (item,) = [i for i in due_items(b, on, kinds=["resupply"]) if i.customer == "王建国"]
    assert item.status == "at_risk"


def test_prior_weight_refreshes_the_forecast(seeded):
    b = seeded.book
    sql = "SELECT rate FROM supply WHERE customer_id = ? AND product_id = ?"
    before = b.conn.execute(sql, (seeded.wang.id, seeded.rice.id)).fetchone()[0]
    set_setting(b, "prior_weight_days", 730)
    after = b.conn.execute(sql, (seeded.wang.id, seeded.rice.id)).fetchone()[0]
    assert after != before
    assert abs(after - 0.45) < abs(before - 0.45)  # closer to the prior (3 x 0.15)


@pytest.mark.parametrize(
    "key, value",
    [
        ("lead_days", "-1"),
        ("lead_days", "61"),
        ("lead_days", "abc"),
        ("capacity", "0"),
        ("at_risk_days", "0"),
        ("cadence_days", "朋友=abc"),
        ("cadence_days", "朋友=999"),
        ("cadence_days", "敌人=10"),
        ("cadence_days", "nothing"),
        ("no_such_setting", "1"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(seeded, key, value):
    before = seeded.snapshot()
    with pytest.raises(ValidationError):
        set_setting(seeded.book, key, value)
    assert seeded.snapshot() == before
    other = open_book(seeded.path)
    assert seeded.book.settings() == other.settings()
    other.close()


def test_cadence_as_dict(book):
    set_setting(book, "cadence_days", {"friend": 45, "熟人": 90})
    assert book.setting("cadence_days") == {
        "passerby": 0, "acquaintance": 90, "friend": 45, "confidant": 14,
    }  # fmt: skip
