"""The visit plan (salesbook.records.plan): one stop per customer, urgent first, by area, capacity."""

from __future__ import annotations

from datetime import date

import pytest

from salesbook.errors import ValidationError
from salesbook.records.customers import add_customer
from salesbook.records.deliveries import record_delivery
from salesbook.records.plan import carried_over, visit_plan
from salesbook.records.products import add_product
from salesbook.records.settings import set_setting

ON = date(2026, 3, 10)


@pytest.fixture
def route(book):
    """Five households eating 1 kg a day, paid at the door, in three areas.

    Run-outs: A1 3/3, B1 3/5, C1 3/7, A2 3/9, C2 3/10 (all due on 3/10)."""
    rice = add_product(book, name="大米", unit="kg", price=6, per_person_daily=1)
    ids = {}
    for name, area, qty in [("A1", "A区", 2), ("A2", "A区", 8), ("B1", "B区", 4),
                            ("C1", "C区", 6), ("C2", "C区", 9)]:  # fmt: skip
        c = add_customer(book, name=name, area=area, household_size=1)
        record_delivery(book, c.id, rice.id, qty, on="2026-03-01", paid=True)
        ids[name] = c.id
    return book, rice, ids


def names(plan):
    return [s.customer for s in plan.stops]


def test_most_urgent_first_grouped_by_area(route):
    b, _, _ = route
    (plan,) = visit_plan(b, ON, capacity=10)
    assert plan.day == ON
    assert names(plan) == ["A1", "A2", "B1", "C1", "C2"]
    assert [(area, [s.customer for s in stops]) for area, stops in plan.by_area()] == [
        ("A区", ["A1", "A2"]),
        ("B区", ["B1"]),
        ("C区", ["C1", "C2"]),
    ]


def test_capacity_and_carry_over_to_the_next_day(route):
    b, _, _ = route
    day1, day2 = visit_plan(b, ON, capacity=3, days=2)
    assert names(day1) == ["A1", "B1", "C1"]  # the three most urgent
    assert day2.day == date(2026, 3, 11)
    assert names(day2) == ["A2", "C2"]  # the rest, carried over
    assert carried_over(b, ON, capacity=3) == 2
    assert carried_over(b, ON, capacity=10) == 0


def test_no_customer_twice_across_days(route):
    b, _, _ = route
    plans = visit_plan(b, ON, capacity=2, days=4)
    seen = [s.customer_id for p in plans for s in p.stops]
    assert len(seen) == len(set(seen)) == 5
    assert [len(p.stops) for p in plans] == [2, 2, 1, 0]


def test_capacity_defaults_to_the_books_setting(route):
    b, _, _ = route
    set_setting(b, "capacity", 4)
    (plan,) = visit_plan(b, ON)
    assert len(plan.stops) == 4


def test_capacity_must_be_positive(route):
    b, _, _ = route
    with pytest.raises(ValidationError):
        visit_plan(b, ON, capacity=0)


def test_one_stop_combines_resupply_collect_and_follow_up(book):
    rice = add_product(book, name="大米", per_person_daily=0.5, price=6)
    oil = add_product(book, name="食用油", per_person_daily=0.05, price=16)
    c = add_customer(
        book, name="王建国", area="东城", household_size=2, pay_cycle="15", level="知己",
        on="2026-02-01",
    )  # fmt: skip
    record_delivery(book, c.id, rice.id, 10, on="2026-03-01")
    record_delivery(book, c.id, oil.id, 1, on="2026-03-01")
    (plan,) = visit_plan(book, date(2026, 3, 20), capacity=5)
    (stop,) = plan.stops
    kinds = sorted(r.kind for r in stop.reasons)
    assert kinds == ["collect", "follow_up", "resupply", "resupply"]
    assert stop.amount_fen == 7600
    assert stop.status == "overdue"
    j = plan.to_json()
    assert j["date"] == "2026-03-20"
    assert j["areas"][0]["area"] == "东城"
    assert len(j["areas"][0]["stops"][0]["reasons"]) == 4


def test_empty_day(book):
    (plan,) = visit_plan(book, ON, capacity=5)
    assert plan.stops == [] and plan.by_area() == []


def test_a_customer_comes_back_for_what_fell_due_later(book):
    """Planned Monday for rice, the same customer is planned again on the day
    the oil falls due (review finding: a multi-day plan dropped them)."""
    rice = add_product(book, name="大米", per_person_daily=1, price=6)
    oil = add_product(book, name="食用油", per_person_daily=1, price=16)
    c = add_customer(book, name="汤志刚", area="东城", household_size=1)
    record_delivery(book, c.id, rice.id, 9, on="2026-03-01", paid=True)  # runs out 3/10
    record_delivery(book, c.id, oil.id, 18, on="2026-03-01", paid=True)  # runs out 3/19
    plans = visit_plan(book, ON, capacity=5, days=14)
    visits = [(p.day.isoformat(), [r.product for r in s.reasons]) for p in plans for s in p.stops]
    assert visits[0] == ("2026-03-10", ["大米"])
    assert [v for v in visits[1:] if "食用油" in v[1]]  # the oil gets its own trip later
    planned = [(r.kind, r.product) for p in plans for s in p.stops for r in s.reasons]
    assert len(planned) == len(set(planned))  # and no item twice


def test_a_stop_takes_what_falls_due_within_a_few_days(book):
    rice = add_product(book, name="大米", per_person_daily=1, price=6)
    oil = add_product(book, name="食用油", per_person_daily=1, price=16)
    c = add_customer(book, name="汤志刚", area="东城", household_size=1)
    record_delivery(book, c.id, rice.id, 9, on="2026-03-01", paid=True)  # runs out 3/10
    record_delivery(book, c.id, oil.id, 14, on="2026-03-01", paid=True)  # remind 3/12
    day1, day2 = visit_plan(book, ON, capacity=5, days=2)
    (stop,) = day1.stops
    assert [r.product for r in stop.reasons] == ["大米", "食用油"]  # one trip for both
    assert stop.status == "overdue"  # the rice decides; the oil (upcoming) rides along
    assert day2.stops == []
    (alone,) = visit_plan(book, ON, capacity=5, combine_days=0)
    assert [r.product for r in alone.stops[0].reasons] == ["大米"]


def test_an_open_complaint_is_the_first_reason_to_visit(route):
    """Respond fast: a complaint left open is the strongest sign a customer is
    about to leave. It makes a stop even with nothing due, and comes first."""
    from salesbook.records.complaints import add_complaint, resolve_complaint

    b, rice, ids = route
    quiet = add_customer(b, name="D1", area="D区", household_size=1)  # nothing due
    late = add_complaint(b, quiet.id, on="2026-03-02", what="送晚了", product_id=rice.id)
    add_complaint(b, ids["C2"], on="2026-03-08", what="米里有虫")
    (plan,) = visit_plan(b, ON, capacity=3)
    assert names(plan) == ["D1", "C2", "A1"]  # the complaints, longest open first; then A1
    d1, c2 = plan.stops[0], next(s for s in plan.stops if s.customer == "C2")
    assert (d1.reasons, [k.what for k in d1.complaints], d1.status) == ([], ["送晚了"], "overdue")
    assert [r.kind for r in c2.reasons] == ["resupply"] and c2.status == "overdue"
    assert d1.to_json()["complaints"] == [
        {"date": "2026-03-02", "what": "送晚了", "product": "大米"}
    ]
    assert d1.complaints[0].describe(ON) == "投诉未处理：送晚了（大米，8天）"
    assert d1.complaints[0].describe(ON, "en") == "open complaint: 送晚了 (大米, 8 days)"
    assert carried_over(b, ON, capacity=3) == 3  # 6 stops, 3 fit
    # planned once over several days; a complaint put right is no reason any more
    days = visit_plan(b, ON, capacity=3, days=3)
    assert sum(len(s.complaints) for p in days for s in p.stops) == 2
    resolve_complaint(b, late.id, how="道歉并补送", on="2026-03-09")
    (plan,) = visit_plan(b, ON, capacity=10)
    assert "D1" not in names(plan) and names(plan)[0] == "C2"
    # a complaint makes the stop overdue whatever its items say: A2's rice,
    # reminded on 3/6, rides along on 3/4 as upcoming
    add_complaint(b, ids["A2"], on="2026-03-01", what="少送了一袋")
    (a2,) = [s for s in visit_plan(b, date(2026, 3, 4), capacity=10)[0].stops if s.customer == "A2"]
    assert [r.status for r in a2.reasons] == ["upcoming"] and a2.status == "overdue"
