"""Complaints (salesbook.records.complaints): log, resolve, list, Today, follow-up; the CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest

from salesbook.errors import NotFound, ValidationError
from salesbook.records import complaints as cp
from salesbook.records.contacts import log_contact

ON = date(2026, 3, 20)


def test_log_resolve_and_list(seeded):
    b = seeded.book
    k = cp.add_complaint(
        b, seeded.wang.id, on="2026-03-10", what="米里有虫", product_id=seeded.rice.id
    )
    assert k.is_open and k.product == "大米" and k.customer == "王建国" and k.days_open(ON) == 10
    assert [x.id for x in cp.open_complaints(b)] == [k.id]
    assert cp.open_count(b, seeded.wang.id) == 1
    done = cp.resolve_complaint(b, k.id, how="上门换了一袋新米", on="2026-03-12")
    assert not done.is_open and done.resolution == "上门换了一袋新米" and done.days_open(ON) == 2
    assert cp.open_complaints(b) == []
    k2 = cp.add_complaint(b, seeded.li.id, on="2026-03-15", what="送晚了")
    listed = cp.list_complaints(b)
    assert [x.id for x in listed] == [k2.id, k.id]  # open first
    assert [x.id for x in cp.list_complaints(b, seeded.wang.id)] == [k.id]
    assert [x.id for x in cp.list_complaints(b, open_only=True)] == [k2.id]
    assert cp.find_complaint(b, f"#{k.id}").id == k.id
    assert cp.find_complaint(b, k.uid[:8]).id == k.id


def test_a_resolved_complaint_suggests_a_visit_until_one_is_made(seeded):
    b = seeded.book
    k = cp.add_complaint(b, seeded.wang.id, on="2026-03-01", what="油的瓶子漏了")
    assert cp.follow_ups(b, ON) == []  # still open: it shows as open, not as a follow-up
    log_contact(b, seeded.wang.id, on="2026-03-09", kind="call")  # before it was put right
    cp.resolve_complaint(b, k.id, how="退了钱", on="2026-03-10")
    (f,) = cp.follow_ups(b, ON)
    assert f.complaint.id == k.id and f.visit_by == "2026-03-24"  # FOLLOW_UP_DAYS = 14
    assert "回访" in f.reason("zh") and "visit" in f.reason("en")
    assert [x.complaint.id for x in cp.follow_ups(b, date(2026, 3, 24))] == [k.id]
    assert cp.follow_ups(b, date(2026, 3, 25)) == []  # the window passed
    assert cp.follow_ups(b, date(2026, 3, 9)) == []  # not resolved yet on that day
    log_contact(b, seeded.wang.id, on="2026-03-18", kind="visit", note="回访")
    assert cp.follow_ups(b, ON) == []


def test_a_contact_on_the_day_it_was_resolved_counts_as_the_follow_up(seeded):
    b = seeded.book
    k = cp.add_complaint(b, seeded.wang.id, on="2026-03-15", what="送晚了")
    cp.resolve_complaint(b, k.id, how="道歉，下次提前送", on="2026-03-20")
    assert [f.complaint.id for f in cp.follow_ups(b, ON)] == [k.id]
    log_contact(b, seeded.wang.id, on="2026-03-20", kind="call")
    assert cp.follow_ups(b, ON) == []


def test_for_today_and_log_follow_up(seeded):
    b = seeded.book
    old = cp.add_complaint(b, seeded.li.id, on="2026-03-01", what="油的瓶子漏了")
    new = cp.add_complaint(b, seeded.wang.id, on="2026-03-18", what="米里有虫")
    later = cp.add_complaint(b, seeded.zhao.id, on="2026-03-25", what="水不干净")
    today = cp.for_today(b, ON)
    assert [k.id for k in today.open] == [old.id, new.id]  # longest open first; not yet 3/25's
    assert today.follow_ups == [] and len(today) == 2
    assert [k.id for k in cp.open_complaints(b)] == [old.id, new.id, later.id]
    # not resolved yet: no follow-up to log, and the book is unchanged
    before = seeded.snapshot()
    with pytest.raises(ValidationError) as e:
        cp.log_follow_up(b, old.id, on=ON)
    assert "not resolved" in e.value.message("en") and seeded.snapshot() == before
    cp.resolve_complaint(b, old.id, how="换了一瓶", on="2026-03-19")
    today = cp.for_today(b, ON)
    assert [k.id for k in today.open] == [new.id]
    assert [f.complaint.id for f in today.follow_ups] == [old.id] and len(today) == 2
    with pytest.raises(ValidationError) as e:  # a follow-up before it was put right
        cp.log_follow_up(b, old.id, on="2026-03-18")
    assert e.value.field == "date" and "2026-03-19" in e.value.message("zh")
    assert seeded.count("contacts") == len(before["contacts"])
    contact = cp.log_follow_up(b, old.id, on=ON)
    assert (contact.customer_id, contact.date, contact.kind) == (
        seeded.li.id,
        "2026-03-20",
        "visit",
    )
    assert "油的瓶子漏了" in contact.note
    assert cp.for_today(b, ON).follow_ups == []


@pytest.mark.parametrize(
    "call, error",
    [
        (
            lambda s: cp.add_complaint(s.book, s.wang.id, on="2026-03-10", what="  "),
            ValidationError,
        ),
        (lambda s: cp.add_complaint(s.book, s.wang.id, on="2026-02-30", what="x"), ValidationError),
        (lambda s: cp.add_complaint(s.book, 999, on="2026-03-10", what="x"), NotFound),
        (
            lambda s: cp.add_complaint(s.book, s.wang.id, on="2026-03-10", what="x", product_id=99),
            NotFound,
        ),
        (lambda s: cp.resolve_complaint(s.book, 999, how="x", on="2026-03-10"), NotFound),
    ],
)
def test_bad_input_leaves_the_book_unchanged(seeded, call, error):
    before = seeded.snapshot()
    with pytest.raises(error):
        call(seeded)
    assert seeded.snapshot() == before


def test_resolving_twice_or_before_the_complaint_is_refused(seeded):
    b = seeded.book
    k = cp.add_complaint(b, seeded.wang.id, on="2026-03-10", what="米里有虫")
    with pytest.raises(ValidationError) as e:
        cp.resolve_complaint(b, k.id, how="换了", on="2026-03-09")
    assert "2026-03-10" in e.value.message("en")
    with pytest.raises(ValidationError):
        cp.resolve_complaint(b, k.id, how="", on="2026-03-11")
    cp.resolve_complaint(b, k.id, how="换了", on="2026-03-11")
    before = seeded.snapshot()
    with pytest.raises(ValidationError) as e:
        cp.resolve_complaint(b, k.id, how="again", on="2026-03-12")
    assert "already resolved" in e.value.message("en") and "已于" in e.value.message("zh")
    assert seeded.snapshot() == before


def test_cli_complaints(seeded, run_cli):
    path = seeded.path
    seeded.book.close()
    r = run_cli(
        "complaint",
        "add",
        "王建国",
        "米里有虫",
        "--product",
        "大米",
        "--date",
        "2026-03-10",
        book=path,
    )
    assert r.code == 0 and "#1" in r.out, r
    r = run_cli("complaint", "list", "--open", "--on", "2026-03-20", "--format", "json", book=path)
    rows = json.loads(r.out)
    assert rows[0]["what"] == "米里有虫" and rows[0]["open"] and rows[0]["days_open"] == 10
    r = run_cli("complaint", "list", book=path, lang="zh")
    assert "未解决" in r.out and "米里有虫" in r.out
    r = run_cli("risk", "--on", "2026-03-20", "--format", "json", book=path)
    risky = {x["customer"]: x for x in json.loads(r.out)}
    assert risky["王建国"]["open_complaints"] == 1 and risky["王建国"]["reason_key"] == "complaint"
    r = run_cli("complaint", "resolve", "1", "换了新米", "--date", "2026-03-12", book=path)
    assert r.code == 0 and "follow-up" in r.out, r
    r = run_cli("complaint", "resolve", "1", "again", book=path)
    assert r.code == 1 and r.out == "" and "already resolved" in r.err, r
    r = run_cli("complaint", "add", "王建国", "", book=path)
    assert r.code == 1 and "Say what" in r.err, r
    r = run_cli("complaint", "list", "--open", book=path)
    assert r.code == 0 and "No complaints" in r.out
    r = run_cli("risk", "--top", "3", "--on", "2026-03-20", book=path, lang="zh")
    assert r.code == 0 and "风险" in r.out


def test_complaints_are_not_due_items(seeded, run_cli):
    """The `due --format json` contract keeps its 13 keys and three kinds."""
    from salesbook.records.due import JSON_KEYS

    k = cp.add_complaint(seeded.book, seeded.li.id, on="2026-03-01", what="送晚了")
    cp.add_complaint(seeded.book, seeded.wang.id, on="2026-03-02", what="米里有虫")
    cp.resolve_complaint(seeded.book, k.id, how="道歉", on="2026-03-15")
    assert len(cp.for_today(seeded.book, ON)) == 2
    seeded.book.close()
    r = run_cli(
        "due", "--on", ON.isoformat(), "--within", "30", "--format", "json", book=seeded.path
    )
    items = json.loads(r.out)
    assert items and all(tuple(i) == JSON_KEYS for i in items)
    assert {i["kind"] for i in items} <= {"resupply", "collect", "follow_up"}


def test_a_customers_complaints_open_first_then_newest(seeded):
    """What the customer detail lists: every complaint of that customer, open
    ones first, then the ones put right, newest first; nobody else's."""
    b = seeded.book
    old = cp.add_complaint(b, seeded.wang.id, on="2026-02-01", what="送错了油")
    cp.resolve_complaint(b, old.id, how="换了", on="2026-02-02")
    newer = cp.add_complaint(b, seeded.wang.id, on="2026-03-01", what="水桶漏水")
    cp.resolve_complaint(b, newer.id, how="换了新桶", on="2026-03-03")
    still = cp.add_complaint(b, seeded.wang.id, on="2026-02-20", what="米里有虫")
    cp.add_complaint(b, seeded.li.id, on="2026-03-05", what="送晚了")
    listed = cp.list_complaints(b, seeded.wang.id)
    assert [(k.what, k.is_open) for k in listed] == [
        ("米里有虫", True), ("水桶漏水", False), ("送错了油", False)]  # fmt: skip
    assert listed[1].resolution == "换了新桶" and listed[1].resolved_date == "2026-03-03"
    assert still.id == listed[0].id


def test_open_complaint_count_is_the_length_of_the_open_list(seeded):
    from salesbook.records.customers import archive_customer

    b = seeded.book
    assert cp.open_complaint_count(b) == 0
    cp.add_complaint(b, seeded.wang.id, on="2026-03-10", what="米里有虫")
    k = cp.add_complaint(b, seeded.li.id, on="2026-03-15", what="送晚了")
    cp.add_complaint(b, seeded.zhao.id, on="2026-03-18", what="态度不好")
    cp.add_complaint(b, seeded.sun.id, on="2026-03-12", what="少送了一桶")
    cp.resolve_complaint(b, k.id, how="道歉", on="2026-03-16")
    archive_customer(b, seeded.sun.id)  # an archived customer's complaint does not count
    for on in (None, date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 17), ON):
        assert cp.open_complaint_count(b, on) == len(cp.open_complaints(b, on))
    assert cp.open_complaint_count(b, ON) == 2
    assert cp.open_complaint_count(b, date(2026, 3, 17)) == 1
