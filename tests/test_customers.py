"""Customers (salesbook.records.customers): add, edit, archive, find, search."""

from __future__ import annotations

from datetime import date

import pytest

from salesbook.errors import Ambiguous, NotFound, ValidationError
from salesbook.records.customers import (
    add_customer,
    archive_customer,
    areas,
    count_customers,
    find_customer,
    get_customer,
    initials,
    search_customers,
    update_customer,
)
from salesbook.records.due import due_items
from salesbook.records.relationship import history

ON = date(2026, 3, 20)


def test_add_customer_reads_fields_as_people_type_them(book):
    c = add_customer(
        book,
        name="  王建国 ",
        phone="１３９-1234-5678",
        household_size="三口人",
        pay_cycle="每月10号",
        level="老客户",
        lead_days="5",
        area="东城片区",
        notes="",
    )
    assert (c.name, c.phone, c.household_size, c.pay_cycle, c.level, c.lead_days) == (
        "王建国", "13912345678", 3, "monthly:10", "acquaintance", 5,
    )  # fmt: skip
    assert c.notes is None
    assert c.archived_at is None
    assert len(c.uid) == 32
    # the starting level is in the history
    assert [(h.from_level, h.to_level) for h in history(book, c.id)] == [(None, "acquaintance")]
    # and the customer has derived state (balance 0, a follow-up date)
    state = book.conn.execute(
        "SELECT balance_fen, follow_up_date FROM customer_state WHERE customer_id = ?", (c.id,)
    ).fetchone()
    assert state[0] == 0 and state[1]


@pytest.mark.parametrize(
    "fields, key, field",
    [
        ({"name": ""}, "required", "name"),
        ({"name": "   "}, "required", "name"),
        ({"phone": "13912345678"}, "required", "name"),
        ({"name": "x" * 101}, "too_large", "name"),
        ({"name": "王", "household_size": "0"}, "not_positive", "household_size"),
        ({"name": "王", "household_size": "-3"}, "not_positive", "household_size"),
        ({"name": "王", "household_size": "很多"}, "bad_number", "household_size"),
        ({"name": "王", "household_size": "600"}, "too_large", "household_size"),
        ({"name": "王", "phone": "12ab"}, "bad_phone", "phone"),
        ({"name": "王", "pay_cycle": "40"}, "bad_pay_day", "pay_day"),
        ({"name": "王", "level": "敌人"}, "bad_level", "level"),
        ({"name": "王", "lead_days": "99"}, "bad_number", "lead_days"),
    ],
)
def test_bad_customer_fields_are_refused_and_nothing_is_written(book, fields, key, field):
    with pytest.raises(ValidationError) as err:
        add_customer(book, **fields)
    assert err.value.key == key
    assert err.value.field == field
    assert book.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
    assert book.conn.execute("SELECT COUNT(*) FROM level_history").fetchone()[0] == 0


def test_a_phone_belongs_to_one_customer(seeded):
    before = seeded.snapshot()
    with pytest.raises(ValidationError) as err:
        add_customer(seeded.book, name="另一个人", phone="13912345678")
    assert err.value.key == "duplicate_phone"
    assert "王建国" in err.value.message("zh")
    assert seeded.snapshot() == before
    with pytest.raises(ValidationError):
        update_customer(seeded.book, seeded.li.id, phone="139 1234 5678")
    assert seeded.snapshot() == before


def test_edit_customer_fields(seeded):
    b = seeded.book
    c = update_customer(
        b, seeded.wang.id, address="人民路 14 号", notes="下午在家", area="西城片区"
    )
    assert (c.address, c.notes, c.area) == ("人民路 14 号", "下午在家", "西城片区")
    assert c.name == "王建国" and c.household_size == 3  # untouched fields stay


def test_edit_household_size_reforecasts(seeded):
    b = seeded.book
    sql = "SELECT prior_rate, runout_date FROM supply WHERE customer_id = ? AND product_id = ?"
    prior_before, runout_before = b.conn.execute(sql, (seeded.li.id, seeded.rice.id)).fetchone()
    update_customer(b, seeded.li.id, household_size="四口人")
    prior_after, runout_after = b.conn.execute(sql, (seeded.li.id, seeded.rice.id)).fetchone()
    assert prior_before == pytest.approx(0.30)
    assert prior_after == pytest.approx(0.60)
    assert runout_after < runout_before  # more mouths: the rice runs out sooner


def test_edit_pay_cycle_moves_collection_date(seeded):
    b = seeded.book
    sql = "SELECT collect_date FROM customer_state WHERE customer_id = ?"
    assert b.conn.execute(sql, (seeded.wang.id,)).fetchone()[0] == "2026-03-10"
    update_customer(b, seeded.wang.id, pay_cycle="20日")
    assert b.conn.execute(sql, (seeded.wang.id,)).fetchone()[0] == "2026-03-20"


def test_edit_level_records_history_with_reason(seeded):
    b = seeded.book
    update_customer(b, seeded.wang.id, level="朋友", reason="帮忙介绍了邻居")
    last = history(b, seeded.wang.id)[-1]
    assert (last.from_level, last.to_level, last.reason) == (
        "acquaintance",
        "friend",
        "帮忙介绍了邻居",
    )


def test_edit_with_bad_value_changes_nothing(seeded):
    before = seeded.snapshot()
    with pytest.raises(ValidationError):
        update_customer(seeded.book, seeded.wang.id, name="", area="x")
    with pytest.raises(ValidationError):
        update_customer(seeded.book, seeded.wang.id, area="x", household_size="0")
    assert seeded.snapshot() == before


def test_edit_unknown_customer(book):
    with pytest.raises(NotFound):
        update_customer(book, 12345, name="x")


def test_archive_hides_from_lists_and_due_items_and_restore_brings_back(seeded):
    b = seeded.book
    assert any(i.customer_id == seeded.wang.id for i in due_items(b, ON))
    c = archive_customer(b, seeded.wang.id)
    assert c.archived_at
    assert "王建国" not in [r.name for r in search_customers(b)]
    assert "王建国" in [r.name for r in search_customers(b, include_archived=True)]
    assert not any(i.customer_id == seeded.wang.id for i in due_items(b, ON))
    with pytest.raises(NotFound):
        find_customer(b, "王建国")
    assert find_customer(b, "王建国", include_archived=True).id == seeded.wang.id
    # history is kept
    assert (
        b.conn.execute(
            "SELECT COUNT(*) FROM deliveries WHERE customer_id = ?", (seeded.wang.id,)
        ).fetchone()[0]
        == 4
    )
    archive_customer(b, seeded.wang.id, restore=True)
    assert get_customer(b, seeded.wang.id).archived_at is None
    assert any(i.customer_id == seeded.wang.id for i in due_items(b, ON))


# ---------------------------------------------------------------- find


def test_find_by_uid_prefix_phone_and_name(seeded):
    b, wang = seeded.book, seeded.wang
    assert find_customer(b, wang.uid).id == wang.id
    assert find_customer(b, wang.uid.upper()).id == wang.id
    assert find_customer(b, wang.uid[:8]).id == wang.id
    assert find_customer(b, "139 1234 5678").id == wang.id
    assert find_customer(b, "１３９１２３４５６７８").id == wang.id
    assert find_customer(b, "王建国").id == wang.id
    assert find_customer(b, " 王建国 ").id == wang.id


def test_ambiguous_name_lists_the_candidates(seeded):
    with pytest.raises(Ambiguous) as err:
        find_customer(seeded.book, "张伟")
    assert {c.id for c in err.value.candidates} == {seeded.zhang1.id, seeded.zhang2.id}
    msg = err.value.message("en")
    assert "13700000001" in msg and "13700000002" in msg
    # the phone picks one
    assert find_customer(seeded.book, "13700000002").id == seeded.zhang2.id


@pytest.mark.parametrize("query", ["王建", "nobody", "13999999999", "", "______", "%%%%%%"])
def test_not_found(seeded, query):
    with pytest.raises(NotFound) as err:
        find_customer(seeded.book, query)
    assert err.value.key == "customer_not_found"


def test_wildcards_do_not_pick_the_only_customer(book):
    add_customer(book, name="唯一的客户")
    for query in ("______", "%%%%%%", "%"):
        with pytest.raises(NotFound):
            find_customer(book, query)


# ---------------------------------------------------------------- search


def test_initials():
    assert initials("王建国") == "wjg"
    assert initials("李秀英") == "lxy"


@pytest.mark.parametrize(
    "query, names",
    [
        ("wjg", ["王建国"]),
        ("WJG", ["王建国"]),
        ("wangjianguo", ["王建国"]),
        ("王", ["王建国"]),
        ("建国", ["王建国"]),
        ("1391234", ["王建国"]),
        ("zw", ["张伟", "张伟"]),
        ("1370000000", ["张伟", "张伟"]),
        ("%", []),
        ("_", []),
    ],
)
def test_search_by_name_phone_or_pinyin(seeded, query, names):
    assert [r.name for r in search_customers(seeded.book, query)] == names
    assert count_customers(seeded.book, query) == len(names)


def test_search_filters_sort_and_page(seeded):
    b = seeded.book
    east = search_customers(b, area="东城片区")
    assert sorted(r.name for r in east) == ["张伟", "王建国"]
    assert [r.name for r in search_customers(b, level="friend")] == ["赵敏"]
    owing = search_customers(b, status="owing")
    assert [(r.name, r.balance_fen) for r in owing] == [("王建国", 6000)]
    by_balance = search_customers(b, order_by="balance", descending=True, limit=1)
    assert by_balance[0].name == "王建国"
    page1 = search_customers(b, order_by="id", limit=2)
    page2 = search_customers(b, order_by="id", limit=2, offset=2)
    assert [r.id for r in page1 + page2] == [
        c.id for c in (seeded.wang, seeded.li, seeded.zhang1, seeded.zhang2)
    ]
    assert areas(b) == sorted({"东城片区", "西城片区", "南湖新村"})


def test_search_key_follows_a_rename(seeded):
    update_customer(seeded.book, seeded.sun.id, name="钱多多")
    assert [r.name for r in search_customers(seeded.book, "qdd")] == ["钱多多"]
    assert search_customers(seeded.book, "sl") == []


def test_restoring_cannot_duplicate_a_phone(seeded):
    b = seeded.book
    archive_customer(b, seeded.li.id)
    add_customer(b, name="新李", phone="13800000002")  # the number was given to someone else
    with pytest.raises(ValidationError) as err:
        archive_customer(b, seeded.li.id, restore=True)
    assert err.value.key == "duplicate_phone"
    assert get_customer(b, seeded.li.id).archived_at is not None


def test_list_is_in_pinyin_order(seeded):
    names = [r.name for r in search_customers(seeded.book)]
    assert names == ["李秀英", "孙丽", "王建国", "张伟", "张伟", "赵敏"]
    assert [r.name for r in search_customers(seeded.book, descending=True)][0] == "赵敏"


def test_status_filter_follows_the_books_at_risk_days(book):
    """overdue / at_risk in the customer list use the at_risk_days setting, like Today."""
    from salesbook.records.deliveries import record_delivery
    from salesbook.records.products import add_product
    from salesbook.records.settings import set_setting

    rice = add_product(book, name="大米", unit="kg", price=6, per_person_daily=1)
    runouts = {"早": 5, "晚": 10}  # 1 kg a day from 3/1: run out 3/6 and 3/11
    for name, qty in runouts.items():
        c = add_customer(book, name=name, household_size=1)
        record_delivery(book, c.id, rice.id, qty, on="2026-03-01", paid=True)
    on = ON.isoformat()  # 3/20: 14 and 9 days past run-out

    def listed(status):
        found = sorted(r.name for r in search_customers(book, status=status, on=on))
        assert count_customers(book, status=status, on=on) == len(found)
        today = sorted(
            i.customer for i in due_items(book, ON, kinds=["resupply"]) if i.status == status
        )
        assert found == today  # the customer list and Today agree
        return found

    assert (listed("at_risk"), listed("overdue")) == (["早"], ["晚"])  # the default: 14 days
    set_setting(book, "at_risk_days", 7)
    assert (listed("at_risk"), listed("overdue")) == (["早", "晚"], [])
    set_setting(book, "at_risk_days", 30)
    assert (listed("at_risk"), listed("overdue")) == ([], ["早", "晚"])


# ---------------------------------------------------------------- surnames


@pytest.mark.parametrize(
    "name, pinyin, ini",
    [
        ("王建国", "wangjianguo", "wjg"),
        ("曾伟", "zengwei", "zw"),  # not ceng (曾经)
        ("单丽", "shanli", "sl"),
        ("解明", "xieming", "xm"),
        ("仇军", "qiujun", "qj"),
        ("朴敏", "piaomin", "pm"),
        ("区华", "ouhua", "oh"),
        ("查勇", "zhayong", "zy"),
        ("盖伟", "gewei", "gw"),
        ("覃芳", "qinfang", "qf"),
        ("翟平", "zhaiping", "zp"),
        ("乐平", "yueping", "yp"),
        ("尉迟恭", "yuchigong", "ycg"),  # the compound surname
        ("尉明", "weiming", "wm"),  # a single 尉 is Wèi
        ("曾经理", "zengjingli", "zjl"),  # Manager Zeng, not 曾经 + 理
        ("查明", "zhaming", "zm"),  # a two-character name is a person
        ("解放路小卖部", "jiefangluxiaomaibu", "jflxmb"),  # a shop named after the road
        ("区政府食堂", "quzhengfushitang", "qzfst"),
        ("Tom的店", "tomdedian", "tdd"),
    ],
)
def test_surnames_are_read_as_surnames(name, pinyin, ini):
    from salesbook.records.customers import full_pinyin, sort_key

    assert (full_pinyin(name), initials(name)) == (pinyin, ini)
    assert sort_key(name) == f"{pinyin} {name}"


def test_surname_search_and_sort(book):
    for name in ("王建国", "曾伟", "张伟", "赵敏", "李秀英", "乐平", "曹操"):
        add_customer(book, name=name)
    assert [r.name for r in search_customers(book, "wjg")] == ["王建国"]
    assert [r.name for r in search_customers(book, "zw")] == ["曾伟", "张伟"]
    assert [r.name for r in search_customers(book, "zengwei")] == ["曾伟"]
    assert search_customers(book, "cengwei") == []
    # 乐: both readings find the family, it sorts under yue
    assert [r.name for r in search_customers(book, "yp")] == ["乐平"]
    assert [r.name for r in search_customers(book, "leping")] == ["乐平"]
    names = [r.name for r in search_customers(book)]
    assert names == ["曹操", "李秀英", "王建国", "乐平", "曾伟", "张伟", "赵敏"]  # 曾 among the z


def test_migration_rebuilds_the_surname_keys(tmp_path):
    """A book written with the old keys (曾伟 under ceng) is fixed when opened;
    other customers' keys are left alone."""
    from salesbook.store.book import open_book
    from salesbook.store.migrations import m0005_surname_pinyin

    b = open_book(tmp_path / "old.db")
    zeng = add_customer(b, name="曾伟", phone="13900000001")
    wang = add_customer(b, name="王建国")
    with b.transaction() as conn:
        conn.execute("UPDATE customers SET search_key = '曾伟 13900000001 cw cengwei',"
                     " sort_key = 'cengwei 曾伟' WHERE id = ?", (zeng.id,))  # fmt: skip
        conn.execute("UPDATE customers SET sort_key = 'untouched' WHERE id = ?", (wang.id,))
    assert [r.name for r in search_customers(b, "zw")] == []
    with b.transaction() as conn:
        m0005_surname_pinyin(conn)
    keys = dict(b.conn.execute("SELECT name, search_key || ' | ' || sort_key FROM customers"))
    assert keys["曾伟"] == "曾伟 13900000001 zw zengwei | zengwei 曾伟"
    assert keys["王建国"].endswith("| untouched")
    assert [r.name for r in search_customers(b, "zw")] == ["曾伟"]
    assert [r.name for r in search_customers(b, "13900000001")] == ["曾伟"]
    b.close()


@pytest.mark.parametrize(
    "runout, status",
    [(None, None), ("2026-03-21", None), ("2026-03-20", "overdue"), ("2026-03-07", "overdue"),
     ("2026-03-06", "at_risk"), ("2025-12-01", "at_risk")],
)  # fmt: skip
def test_runout_status_follows_today(runout, status):
    from salesbook.records.customers import runout_status

    assert runout_status(runout, ON, 14) == status
    assert runout_status(runout, ON.isoformat(), 14) == status
