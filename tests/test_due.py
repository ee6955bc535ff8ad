"""The Today list (salesbook.records.due): resupply, collect, follow-up; statuses, filters, snoozes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from salesbook.errors import ValidationError
from salesbook.records import due
from salesbook.records.contacts import log_contact
from salesbook.records.customers import add_customer, archive_customer
from salesbook.records.deliveries import record_delivery
from salesbook.records.due import KINDS, counts, due_items, snooze
from salesbook.records.payments import record_payment
from salesbook.records.products import add_product
from salesbook.records.settings import set_setting

JSON_KEYS = [
    "kind",
    "customer_uid",
    "customer",
    "phone",
    "area",
    "product",
    "runout_date",
    "due_date",
    "status",
    "days_left",
    "amount",
    "level",
    "last_contact",
]


@pytest.fixture
def one(book):
    """One friend who eats 1 kg of rice a day, got 10 kg on 3/1, unpaid, paid on the 15th.

    rice runs out 3/11 (remind 3/8); collect on 3/15; follow up (friend, 30 days) 3/31."""
    rice = add_product(book, name="大米", unit="kg", price="12.34", per_person_daily="0.5")
    c = add_customer(
        book, name="王建国", phone="13912345678", area="东城片区", household_size=2,
        pay_cycle="15", level="朋友", on="2026-02-01",
    )  # fmt: skip
    record_delivery(book, c.id, rice.id, 10, on="2026-03-01")  # 10 kg at 1 kg/day
    return book, c, rice


def kinds_on(b, on, within=0):
    return {(i.kind, i.status, i.days_left) for i in due_items(b, date.fromisoformat(on), within)}


def test_resupply_statuses(one):
    b, c, rice = one
    items = due_items(b, date(2026, 3, 5), within=0, kinds=["resupply"])
    assert items == []  # reminded on 3/8
    (item,) = due_items(b, date(2026, 3, 5), within=3, kinds=["resupply"])
    assert (item.status, item.runout_date, item.due_date, item.days_left) == (
        "upcoming", "2026-03-11", "2026-03-08", 6,
    )  # fmt: skip
    assert item.product == "大米" and item.amount is None
    status = {
        "2026-03-08": ("due", 3),
        "2026-03-10": ("due", 1),
        "2026-03-11": ("overdue", 0),
        "2026-03-24": ("overdue", -13),
        "2026-03-25": ("at_risk", -14),
        "2026-06-01": ("at_risk", -82),
    }
    for on, (st, left) in status.items():
        (item,) = due_items(b, date.fromisoformat(on), kinds=["resupply"])
        assert (item.status, item.days_left) == (st, left), on


def test_collect_statuses(one):
    b, c, rice = one
    assert due_items(b, date(2026, 3, 10), kinds=["collect"]) == []
    (item,) = due_items(b, date(2026, 3, 10), within=5, kinds=["collect"])
    assert (item.status, item.due_date, item.days_left) == ("upcoming", "2026-03-15", 5)
    assert item.amount == "123.40"  # 10 x 12.34, as a string in yuan
    assert item.product is None and item.runout_date is None
    for on, st in {
        "2026-03-15": "due",
        "2026-03-16": "overdue",
        "2026-03-21": "overdue",
        "2026-03-22": "at_risk",  # collect_overdue_days = 7
    }.items():
        (item,) = due_items(b, date.fromisoformat(on), kinds=["collect"])
        assert item.status == st, on


def test_collect_at_risk_follows_its_setting(one):
    b, c, rice = one
    set_setting(b, "collect_overdue_days", 30)
    (item,) = due_items(b, date(2026, 3, 22), kinds=["collect"])
    assert item.status == "overdue"
    (item,) = due_items(b, date(2026, 4, 14), kinds=["collect"])
    assert item.status == "at_risk"


def test_follow_up_statuses(one):
    b, c, rice = one
    assert due_items(b, date(2026, 3, 30), kinds=["follow_up"]) == []
    for on, st in {
        "2026-03-31": "due",
        "2026-04-01": "overdue",
        "2026-04-29": "overdue",
        "2026-04-30": "at_risk",  # a whole cadence (30 days) late
    }.items():
        (item,) = due_items(b, date.fromisoformat(on), kinds=["follow_up"])
        assert (item.status, item.due_date, item.last_contact) == (st, "2026-03-31", "2026-03-01")


def test_paying_and_contacting_clear_items(one):
    b, c, rice = one
    on = date(2026, 3, 31)
    assert {i.kind for i in due_items(b, on)} == set(KINDS)
    record_payment(b, c.id, "123.40", on="2026-03-16")
    log_contact(b, c.id, on="2026-03-30", kind="call")
    assert {i.kind for i in due_items(b, on)} == {"resupply"}
    record_delivery(b, c.id, rice.id, 10, on="2026-03-31", paid=True)
    assert due_items(b, on) == []


def test_within_lists_everything_up_to_the_horizon_plus_all_overdue(seeded):
    b = seeded.book
    on = date(2026, 3, 20)
    now = due_items(b, on)
    later = due_items(b, on, within=10)
    assert {(i.kind, i.customer_uid, i.product) for i in now} <= {
        (i.kind, i.customer_uid, i.product) for i in later
    }
    horizon = "2026-03-30"
    assert all(i.due_date <= horizon for i in later)
    assert any(i.status == "upcoming" for i in later)
    assert all(i.status != "upcoming" for i in now)
    assert [(i.kind, i.status) for i in now] == [("collect", "at_risk")]  # 10 days past payday


def test_kind_filter_and_bad_arguments(seeded):
    b = seeded.book
    on = date(2026, 3, 20)
    for kind in KINDS:
        assert {i.kind for i in due_items(b, on, within=30, kinds=[kind])} == {kind}
    assert counts(due_items(b, on, within=30)) == {
        k: len(due_items(b, on, within=30, kinds=[k])) for k in KINDS
    }
    with pytest.raises(ValidationError):
        due_items(b, on, kinds=["coffee"])
    with pytest.raises(ValidationError):
        due_items(b, on, within=-1)


def test_json_contract_has_exactly_the_documented_keys(one):
    b, c, rice = one
    items = due_items(b, date(2026, 4, 1))
    assert {i.kind for i in items} == set(KINDS)
    for item in items:
        j = item.to_json()
        assert list(j) == JSON_KEYS
        assert j["customer_uid"] == c.uid and j["customer"] == "王建国"
        assert j["phone"] == "13912345678" and j["area"] == "东城片区" and j["level"] == "friend"
        assert isinstance(j["days_left"], int)
        assert j["last_contact"] == "2026-03-01"
        if j["kind"] == "collect":
            assert j["amount"] == "123.40"
        else:
            assert j["amount"] is None
        if j["kind"] == "resupply":
            assert (j["product"], j["runout_date"]) == ("大米", "2026-03-11")
        else:
            assert j["product"] is None and j["runout_date"] is None


def test_contract_keys_are_published():
    assert list(due.JSON_KEYS) == JSON_KEYS


def test_most_urgent_first(seeded):
    items = due_items(seeded.book, date(2026, 3, 20), within=14)
    order = {"overdue": 0, "due": 1, "at_risk": 2, "upcoming": 3}
    ranks = [order[i.status] for i in items]
    assert ranks == sorted(ranks)
    upcoming = [i.days_left for i in items if i.status == "upcoming"]
    assert upcoming == sorted(upcoming)


def test_snooze_hides_until_the_date(one):
    b, c, rice = one
    on = date(2026, 3, 16)
    assert {i.kind for i in due_items(b, on)} == {"resupply", "collect"}
    snooze(b, c.id, "collect", date(2026, 3, 18))
    assert {i.kind for i in due_items(b, on)} == {"resupply"}
    assert {i.kind for i in due_items(b, date(2026, 3, 17))} == {"resupply"}
    assert "collect" in {i.kind for i in due_items(b, date(2026, 3, 18))}  # back on that day
    snooze(b, c.id, "resupply", date(2026, 3, 18), product_id=rice.id)
    assert due_items(b, on) == []


def test_snooze_resupply_without_product_hides_every_product(one):
    b, c, rice = one
    oil = add_product(b, name="食用油", per_person_daily=0.05)
    record_delivery(b, c.id, oil.id, 1, on="2026-03-01")
    on = date(2026, 3, 16)
    assert len(due_items(b, on, kinds=["resupply"])) == 2
    snooze(b, c.id, "resupply", date(2026, 3, 20))
    assert due_items(b, on, kinds=["resupply"]) == []


def test_snooze_bad_kind(one):
    b, c, rice = one
    with pytest.raises(ValidationError):
        snooze(b, c.id, "nap", date(2026, 3, 18))


def test_archived_customer_has_nothing_due(one):
    b, c, rice = one
    archive_customer(b, c.id)
    assert due_items(b, date(2026, 4, 1)) == []


def test_no_prediction_no_resupply_item(book):
    rice = add_product(book, name="大米")  # no per-person rate
    c = add_customer(book, name="孙丽")  # no household size
    record_delivery(book, c.id, rice.id, 10, on="2026-03-01", paid=True)
    assert due_items(book, date(2026, 12, 31), kinds=["resupply"]) == []


def test_passer_by_gets_no_follow_up(book):
    add_customer(book, name="路人甲", on="2025-01-01")
    assert due_items(book, date(2026, 12, 31), kinds=["follow_up"]) == []


def test_lead_days_per_customer(one):
    b, c, rice = one
    from salesbook.records.customers import update_customer

    update_customer(b, c.id, lead_days=7)
    (item,) = due_items(b, date(2026, 3, 4), kinds=["resupply"])
    assert item.due_date == "2026-03-04"


# -- the list as keys (what the Today window reads), against the whole list ------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from salesbook.cli.demo import build_demo
    from salesbook.store.book import open_book

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, customers=250, today=date(2026, 11, 23))
    b = open_book(path)
    yield b
    b.close()


def _expected_status(item, on, settings) -> str:
    """The documented rule, in Python (due.py's module doc), to check the SQL against."""
    from datetime import timedelta

    from salesbook.rules.forecast import supply_status

    if item.kind == "resupply":
        runout, remind = date.fromisoformat(item.runout_date), date.fromisoformat(item.due_date)
        return supply_status(runout, remind, on, settings["at_risk_days"])
    act = date.fromisoformat(item.due_date)
    late = (
        settings["collect_overdue_days"]
        if item.kind == "collect"
        else settings["cadence_days"].get(item.level) or 1
    )
    if act > on:
        return "upcoming"
    if act == on:
        return "due"
    return "at_risk" if on >= act + timedelta(days=late) else "overdue"


@pytest.mark.parametrize(
    ("on", "within"), [("2026-11-23", 0), ("2026-11-23", 7), ("2026-12-20", 0)]
)
def test_statuses_and_order_follow_the_rule(demo, on, within):
    on = date.fromisoformat(on)
    items = due_items(demo, on, within=within)
    assert len(items) > 100
    settings = demo.settings()
    for i in items:
        assert i.status == _expected_status(i, on, settings), i
        left = i.runout_date if i.kind == "resupply" else i.due_date
        assert i.days_left == (date.fromisoformat(left) - on).days
    # most urgent first, as urgency_key says (then the ids, for a stable order)
    key = lambda i: (*due.urgency_key(i), i.customer_id, i.product_id or 0)  # noqa: E731
    assert items == sorted(items, key=key)
    assert {i.status for i in items} >= {"overdue", "due", "at_risk"}


def test_records_are_the_json_contract_of_the_items(demo):
    on = date(2026, 11, 23)
    for within, kinds in ((0, None), (7, None), (3, ["collect", "follow_up"])):
        items = due_items(demo, on, within=within, kinds=kinds)
        records = due.due_records(demo, on, within=within, kinds=kinds)
        assert records == [i.to_json() for i in items] and len(records) > 10
        assert json.loads(due.due_json(demo, on, within=within, kinds=kinds)) == records
    assert due.due_json(demo, date(2020, 1, 1), kinds=["collect"]) == "[]"


def test_the_list_of_keys_is_the_whole_list_in_the_same_order(demo):
    on = date(2026, 11, 23)
    items = due_items(demo, on, within=2)
    listed = due.due_list(demo, on, within=2, head=5)
    for kind in KINDS:
        of_kind = [i for i in items if i.kind == kind]
        assert listed.keys[kind] == [
            due.item_key(i.customer_id, kind, i.product_id) for i in of_kind
        ]
        assert listed.head[kind] == of_kind[:5]
        assert due.fetch_items(demo, listed.keys[kind], on) == of_kind
        assert {due.key_kind(k) for k in listed.keys[kind]} <= {kind}
    assert listed.counts() == counts(items) and len(listed) == len(items)
    assert listed.owed_fen == sum(i.amount_fen for i in items if i.kind == "collect") > 0
    only = due.due_list(demo, on, kinds=["collect"])
    assert list(only.keys) == ["collect"] and only.head == {"collect": []}


def test_an_item_gone_since_the_list_was_made_is_left_out(one):
    b, c, rice = one
    on = date(2026, 3, 16)
    listed = due.due_list(b, on)
    assert listed.counts() == {"resupply": 1, "collect": 1, "follow_up": 0}
    record_payment(b, c.id, "123.40", on="2026-03-16")  # the collection is settled
    keys = listed.keys["resupply"] + listed.keys["collect"]
    (item,) = due.fetch_items(b, keys, on)
    assert item.kind == "resupply" and item.status == "overdue"
    with pytest.raises(ValidationError):
        due.due_list(b, on, within=-1)


def test_today_list_is_one_row_per_customer_with_win_back_apart(demo):
    """The window's lists: the same items as due_items, in the same order, a
    customer's items of a kind in one row (where their most urgent one is), the
    resupply items at risk in win back; the JSON contract unchanged."""
    on = date(2026, 11, 23)
    items = due_items(demo, on, within=2)
    listed = due.today_list(demo, on, within=2, head=5)
    assert set(listed.rows) == set(due.TABS)

    def grouped(of):
        rows: dict[int, list] = {}
        for i in of:
            rows.setdefault(i.customer_id, []).append(i)
        return list(rows.values())

    expected = {
        "resupply": grouped([i for i in items if i.kind == "resupply" and i.status != "at_risk"]),
        "winback": grouped([i for i in items if i.kind == "resupply" and i.status == "at_risk"]),
        "collect": grouped([i for i in items if i.kind == "collect"]),
        "follow_up": grouped([i for i in items if i.kind == "follow_up"]),
    }
    for tab, rows in expected.items():
        assert rows, tab
        assert listed.rows[tab] == [
            tuple(due.item_key(i.customer_id, i.kind, i.product_id) for i in r) for r in rows
        ]
        built = due.fetch_rows(demo, listed.rows[tab], on, tab)
        assert [r.items for r in built] == rows and {r.tab for r in built} == {tab}
        assert [r.items for r in listed.built[tab].values()] == rows[:5]
        assert listed.customers()[tab] == len(rows)
        assert listed.items()[tab] == sum(len(r) for r in rows)
    assert any(len(r) > 1 for r in expected["resupply"])  # a customer's products in one row
    assert len(listed) == len(items)
    assert listed.owed_fen == sum(i.amount_fen for i in items if i.kind == "collect")
    assert listed.cadence and all(d > 0 for d in listed.cadence.values())
    # the rows in view far down are built too (a reload keeps the rep's place)
    far = due.today_list(demo, on, within=2, head=2, spans={"resupply": (40, 43)})
    assert sorted(far.built["resupply"]) == [0, 1, 40, 41, 42]
    assert far.built["resupply"][41].items == expected["resupply"][41]


def test_a_row_gone_since_the_list_was_made_is_none(one):
    b, c, rice = one
    on = date(2026, 3, 16)
    listed = due.today_list(b, on)
    assert listed.customers() == {"resupply": 1, "winback": 0, "collect": 1, "follow_up": 0}
    record_payment(b, c.id, "123.40", on="2026-03-16")
    assert due.fetch_rows(b, listed.rows["collect"], on, "collect") == [None]
    (row,) = due.fetch_rows(b, listed.rows["resupply"], on)
    assert row.customer_id == c.id and row.status == "overdue"


def test_at_risk_resupply_moves_to_win_back(one):
    b, c, rice = one
    settings = b.settings()
    runout = date(2026, 3, 11)  # 10 kg from 3/1 at 1 kg a day
    late = date.fromordinal(runout.toordinal() + int(settings["at_risk_days"]))
    assert due.today_list(b, late).customers()["winback"] == 1
    assert due.today_list(b, late).customers()["resupply"] == 0
    before = date.fromordinal(late.toordinal() - 1)
    assert due.today_list(b, before).customers()["resupply"] == 1
    assert due.today_list(b, before).customers()["winback"] == 0


def test_upgrade_gives_the_list_its_day_numbers(tmp_path, old_book):
    from salesbook.store import migrations
    from salesbook.store.book import open_book

    path = tmp_path / "old.db"
    with old_book(path, migrations.m0009_agenda_days) as b:
        rice = add_product(b, name="大米", unit="kg", price="6", per_person_daily="0.5")
        c = add_customer(b, name="李四", household_size=2, pay_cycle="15", level="朋友")
        record_delivery(b, c.id, rice.id, 10, on="2026-03-01")
        with b.transaction() as conn:  # what a v8 book holds: no day numbers
            conn.execute("UPDATE agenda SET act_day = NULL, left_day = NULL, customer_sort = NULL")
        b.close()
    b = open_book(path)
    try:
        rows = b.conn.execute(
            "SELECT kind, due_date, runout_date, act_day, left_day, customer_sort FROM agenda"
        )
        for kind, due_s, runout, act, left, sort in rows:
            assert sort == "lisi 李四"
            assert act == date.fromisoformat(due_s).toordinal()
            assert left == date.fromisoformat(runout if kind == "resupply" else due_s).toordinal()
        names = {
            r[0] for r in b.conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'agenda'")
        }
        assert {"agenda_keys", "agenda_items"} <= names and "agenda_due" not in names
        assert {i.kind for i in due_items(b, date(2026, 3, 16))} == {"resupply", "collect"}
    finally:
        b.close()


def test_item_keys_cannot_collide(one):
    b, c, rice = one
    key = due.item_key(c.id, "resupply", (1 << 24) - 1)
    assert due.key_kind(key) == "resupply" and key >> 28 == c.id
    with b.transaction() as conn:  # no book gets near: ids are given one by one
        conn.execute("INSERT INTO products (id, uid, name, unit, unit_price_fen, created_at)"
                     " VALUES (?, 'x', '巨量', 'kg', 1, 'x')", (1 << 24,))  # fmt: skip
    with pytest.raises(ValidationError):
        due.due_list(b, date(2026, 3, 16))
    assert len(due_items(b, date(2026, 3, 16))) == 2  # the whole list still works


def test_names_due_the_same_day_come_in_pinyin_order(book):
    """张 comes before 李 in code points, after it for a Chinese reader (li < zhang)."""
    rice = add_product(book, name="大米", unit="kg", price="6", per_person_daily="0.5")
    for name in ("张三", "李四", "王五", "艾米"):
        c = add_customer(book, name=name, household_size=2, on="2026-02-01")
        record_delivery(book, c.id, rice.id, 10, on="2026-03-01", paid=True)
    on = date(2026, 3, 12)
    names = [i.customer for i in due_items(book, on, kinds=["resupply"])]
    assert names == ["艾米", "李四", "王五", "张三"]
    listed = due.due_list(book, on, kinds=["resupply"], head=10)
    assert [i.customer for i in listed.head["resupply"]] == names
    assert [r["customer"] for r in json.loads(due.due_json(book, on, kinds=["resupply"]))] == names


def test_a_book_at_v9_gets_the_pinyin_sort_key_on_upgrade(tmp_path, old_book):
    """Books upgraded by the first version of m0009 had no customer_sort (m0010)."""
    from salesbook.store import migrations
    from salesbook.store.book import open_book

    path = tmp_path / "v9.db"
    with old_book(path, migrations.m0010_agenda_customer_sort) as b:
        rice = add_product(b, name="大米", unit="kg", price="6", per_person_daily="0.5")
        for name in ("张三", "李四"):
            c = add_customer(b, name=name, household_size=2, on="2026-02-01")
            record_delivery(b, c.id, rice.id, 10, on="2026-03-01", paid=True)
        with b.transaction() as conn:  # as that version left it
            conn.execute("ALTER TABLE agenda DROP COLUMN customer_sort")
        b.close()
    b = open_book(path)
    try:
        on = date(2026, 3, 12)
        assert [i.customer for i in due_items(b, on, kinds=["resupply"])] == ["李四", "张三"]
        sorts = {r[0] for r in b.conn.execute("SELECT customer_sort FROM agenda")}
        assert sorts == {"lisi 李四", "zhangsan 张三"}
        record_delivery(b, c.id, rice.id, 10, on="2026-03-12")  # writes work again
    finally:
        b.close()
