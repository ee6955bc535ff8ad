"""Messages ready to send (issue 15): per kind and level, zh and en, filled
from the book; the rep's templates and their checks; the CLI and the plan file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import TODAY

from salesbook.errors import ValidationError
from salesbook.insight import message_templates as tpl
from salesbook.insight import messages
from salesbook.records.contacts import list_contacts
from salesbook.records.customers import get_customer, update_customer
from salesbook.records.deliveries import record_delivery
from salesbook.rules.text import LEVELS


def _runout(book, cid, pid) -> date:
    row = book.conn.execute(
        "SELECT runout_date FROM supply WHERE customer_id = ? AND product_id = ?", (cid, pid)
    ).fetchone()
    return date.fromisoformat(row[0])


def test_every_default_template_is_valid_and_uses_its_values():
    for (kind, level, lang), text in tpl.DEFAULTS.items():
        assert tpl.check_template(kind, level, lang, text) == text
        # every placeholder the kind has is said (a resupply names product and date)
        keys = {key for _lit, key in tpl._parts(kind, level, lang, text) if key}
        assert keys == set(tpl.KIND_VALUES[kind]), (kind, level, lang)
    assert len(tpl.DEFAULTS) == 3 * len(LEVELS) * 2


def test_resupply_message_names_product_and_runout_in_zh_and_en(seeded):
    b, wang, rice = seeded.book, seeded.wang, seeded.rice
    update_customer(b, wang.id, address_as="王哥")
    on = TODAY
    runout = _runout(b, wang.id, rice.id)
    assert runout > on + timedelta(days=1)
    zh = messages.compose(b, wang.id, on, kind="resupply", lang="zh")
    assert zh.kind == "resupply"
    assert zh.text.startswith("王哥您好")  # 熟人: polite, the form of address first
    assert "大米" in zh.text and f"{runout.month}月{runout.day}日" in zh.text
    en = messages.compose(b, wang.id, on, kind="resupply", lang="en")
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert en.text.startswith("Hi 王哥")
    assert f"{months[runout.month - 1]} {runout.day}" in en.text and "大米" in en.text


def test_collect_message_says_amount_and_next_payday(seeded):
    b, wang = seeded.book, seeded.wang
    msg = messages.compose(b, wang.id, TODAY, kind="collect", lang="zh")
    # owes the fourth bag of rice: 10 kg x 6.00; paid on the 10th, next one 4月10日
    assert "¥60.00" in msg.text and "4月10日" in msg.text
    assert msg.text.startswith("王建国您好")  # no 称呼 set: the name
    en = messages.compose(b, wang.id, TODAY, kind="collect", lang="en")
    assert "¥60.00" in en.text and "Apr 10" in en.text


def test_tone_follows_the_level_and_a_confidant_is_never_pressed_for_money(seeded):
    b, wang = seeded.book, seeded.wang
    texts = {}
    for level in LEVELS:
        update_customer(b, wang.id, level=level, reason="test")
        texts[level] = messages.compose(b, wang.id, TODAY, kind="collect", lang="zh").text
    assert "您好" in texts["passerby"] and "谢谢" in texts["passerby"]
    assert "不急" in texts["confidant"] or "不着急" in texts["confidant"]
    assert "请结" not in texts["confidant"] and "结清" not in texts["confidant"]
    assert len(set(texts.values())) == 4


def test_follow_up_is_a_check_in_without_money_or_products(seeded):
    b, zhao = seeded.book, seeded.zhao
    msg = messages.compose(b, zhao.id, TODAY, kind="follow_up", lang="zh")
    assert msg.text.startswith("赵敏，")  # 朋友: warmer, no 您好
    assert "¥" not in msg.text and "大米" not in msg.text


def test_without_kind_the_most_urgent_item_and_the_rest_listed(seeded):
    b, wang = seeded.book, seeded.wang
    msg = messages.compose(b, wang.id, TODAY, lang="zh")
    # the collection is overdue (payday 3-10 passed): it comes first; rice is upcoming
    assert msg.kind == "collect"
    assert [i.kind for i in msg.items] == ["collect"]
    # nothing due at all: a check-in
    sun = seeded.sun
    assert messages.compose(b, sun.id, TODAY, lang="zh").kind == "follow_up"


def test_several_products_due_go_in_one_message(seeded):
    b, li = seeded.book, seeded.li
    on = max(_runout(b, li.id, seeded.rice.id), _runout(b, li.id, seeded.oil.id))
    msg = messages.compose(b, li.id, on, kind="resupply", lang="zh")
    assert "大米、食用油" in msg.text or "食用油、大米" in msg.text
    # the first ran out already: a past date would read oddly, it is out about now
    assert "这几天就用完了" in msg.text
    en = messages.compose(b, li.id, on, kind="resupply", lang="en")
    assert " and " in en.text and "by now" in en.text
    first = min(_runout(b, li.id, seeded.rice.id), _runout(b, li.id, seeded.oil.id))
    assert first < on
    today = messages.compose(b, li.id, first, kind="resupply", lang="zh")
    assert "今天就用完了" in today.text
    assert (
        "tomorrow"
        in messages.compose(b, li.id, first - timedelta(days=1), kind="resupply", lang="en").text
    )


def test_nothing_to_say_is_a_clear_message(seeded):
    b = seeded.book
    with pytest.raises(ValidationError) as exc:
        messages.compose(b, seeded.sun.id, TODAY, kind="resupply", lang="zh")
    assert "孙丽" in exc.value.message("zh") and "预计用完" in exc.value.message("zh")
    with pytest.raises(ValidationError) as exc:
        messages.compose(b, seeded.li.id, TODAY, kind="collect", lang="en")
    assert "owes nothing" in exc.value.message("en")


def test_rep_template_is_used_with_english_aliases(seeded):
    b, wang = seeded.book, seeded.wang
    update_customer(b, wang.id, address_as="王哥")
    tpl.set_template(b, "collect", "acquaintance", "{address_as}: {owed} by {payday}?", "en")
    msg = messages.compose(b, wang.id, TODAY, kind="collect", lang="en")
    assert msg.text == "王哥: ¥60.00 by Apr 10?"
    # the zh template of the same kind and level is untouched
    assert messages.compose(b, wang.id, TODAY, kind="collect", lang="zh").text.startswith(
        "王哥您好"
    )
    rows = {(t.kind, t.level, t.lang): t for t in tpl.templates(b)}
    assert rows["collect", "acquaintance", "en"].custom
    assert not rows["collect", "acquaintance", "zh"].custom
    assert tpl.reset_templates(b, "collect") == 1
    assert not tpl.templates(b, "en")[0].custom


@pytest.mark.parametrize(
    ("text", "key", "shown"),
    [
        ("   ", "template_empty", "回访·朋友·中文"),
        ("{称呼}，{名字}好", "template_unknown_placeholder", "{名字}"),
        ("{称呼}，欠{欠款}", "template_wrong_placeholder", "{欠款}"),
        ("{称呼，你好", "template_braces", "回访·朋友·中文"),
        ("{称呼.__class__}", "template_unknown_placeholder", "{称呼.__class__}"),
        ("{称呼:>10}", "template_unknown_placeholder", "{称呼:>10}"),
    ],
)
def test_bad_templates_are_refused_naming_template_and_placeholder(seeded, text, key, shown):
    b = seeded.book
    before = seeded.snapshot()
    with pytest.raises(ValidationError) as exc:
        tpl.set_template(b, "follow_up", "friend", text, "zh")
    assert exc.value.key == key
    msg = exc.value.message("zh")
    assert shown in msg and "回访·朋友·中文" in msg
    assert seeded.snapshot() == before


def test_literal_braces_are_kept():
    text = tpl.fill("follow_up", "friend", "zh", "{{笑}} {称呼}", {"address_as": "老王"})
    assert text == "{笑} 老王"


def test_log_sent_is_a_message_contact(seeded):
    b, wang = seeded.book, seeded.wang
    msg = messages.compose(b, wang.id, TODAY, lang="zh")
    messages.log_sent(b, wang.id, TODAY, msg.text)
    c = list_contacts(b, wang.id)[0]
    # the note is the message as sent (full-width ，。 kept, as every note now)
    assert (c.kind, c.note, c.date) == ("message", msg.text, TODAY.isoformat())


def test_address_as_and_delivery_note_kept_and_checked(seeded):
    b, wang = seeded.book, seeded.wang
    update_customer(b, wang.id, address_as=" 王哥 ", delivery_note="旧米倒出来放在上面")
    c = get_customer(b, wang.id)
    assert (c.address_as, c.delivery_note) == ("王哥", "旧米倒出来放在上面")
    with pytest.raises(ValidationError) as exc:
        update_customer(b, wang.id, address_as="王" * 21)
    assert exc.value.field == "address_as" and "称呼" in exc.value.message("zh")


# -- the CLI ------------------------------------------------------------------


def test_cli_message_prints_and_logs_only_when_sent(seeded, run_cli):
    p = seeded.path
    seeded.book.close()
    r = run_cli("customer", "edit", "王建国", "--address-as", "王哥", book=p)
    assert r.code == 0, r
    r = run_cli("message", "王建国", "--kind", "resupply", "--on", TODAY.isoformat(), book=p,
                lang="zh")  # fmt: skip
    assert r.code == 0, r
    assert "王建国（王哥）" in r.out and "王哥您好" in r.out and "大米" in r.out
    assert "收款" in r.out  # the overdue collection is mentioned as also due
    from conftest import table_rows

    assert table_rows(p, "SELECT COUNT(*) FROM contacts WHERE kind = 'message'") == [(0,)]
    r = run_cli("message", "王建国", "--sent", "--on", TODAY.isoformat(), book=p, lang="zh")
    assert r.code == 0, r
    rows = table_rows(p, "SELECT note FROM contacts WHERE kind = 'message'")
    assert len(rows) == 1 and "¥60.00" in rows[0][0]


def test_cli_product_picks_resupply(seeded, run_cli):
    p = seeded.path
    seeded.book.close()
    r = run_cli("message", "李秀英", "--product", "食用油", "--on", TODAY.isoformat(), book=p)
    assert r.code == 0, r
    assert "食用油" in r.out and "大米" not in r.out
    r = run_cli("message", "李秀英", "--product", "桶装水", book=p, lang="zh")
    assert r.code == 1 and "李秀英 没有桶装水的预计用完日期" in r.err
    r = run_cli("message", "--plan", "--out", p.parent / "no" / "x.txt", book=p, lang="zh")
    assert r.code == 1 and "无法写入" in r.err and "x.txt" in r.err


def test_cli_template_set_list_reset_and_errors(seeded, run_cli):
    p = seeded.path
    seeded.book.close()
    r = run_cli("template", "set", "follow_up", "朋友", "{称呼}，{欠款}", book=p, lang="zh")
    assert r.code == 1 and "{欠款}" in r.err and "回访·朋友·中文" in r.err
    r = run_cli("template", "set", "follow_up", "朋友", "{称呼}，周末来喝茶？", book=p, lang="zh")
    assert r.code == 0, r
    r = run_cli("message", "赵敏", "--kind", "follow_up", book=p, lang="zh")
    assert "赵敏，周末来喝茶？" in r.out
    r = run_cli("template", "list", "--in", "zh", "--format", "json", book=p)
    import json

    rows = json.loads(r.out)
    assert len(rows) == 12 and sum(x["custom"] for x in rows) == 1
    r = run_cli("template", "reset", book=p)
    assert r.code == 0 and "1" in r.out


def test_cli_message_plan_file(seeded, run_cli, tmp_path):
    p = seeded.path
    b = seeded.book
    update_customer(b, seeded.wang.id, address_as="王哥", delivery_note="放门口，别敲门")
    record_delivery(b, seeded.wang.id, seeded.oil.id, 2, on="2026-03-15", note="下次带小瓶的")
    b.close()
    out = tmp_path / "plan.txt"
    r = run_cli("message", "--plan", "--on", "2026-04-10", "--out", out, book=p, lang="zh")
    assert r.code == 0, r
    text = out.read_text(encoding="utf-8")
    assert text.startswith("拜访计划 · 消息 · 2026年4月10日")
    blocks = [blk for blk in text.split("\n\n")[1:] if blk.strip()]
    assert blocks and all(blk.lstrip()[0].isdigit() for blk in blocks)
    wang = next(blk for blk in blocks if "王建国（王哥）" in blk)
    assert "139" in wang and "东城片区" in wang
    assert "送货习惯：放门口，别敲门" in wang and "下次带小瓶的" in wang
    assert "王哥" in wang.splitlines()[-1]  # the message itself
    assert str(len(blocks)) in r.out
    r = run_cli("message", "--plan", "王建国", book=p)
    assert r.code == 2


def test_a_book_at_v10_upgrades_and_keeps_its_customers(tmp_path, old_book):
    from salesbook.records.customers import add_customer
    from salesbook.store import migrations
    from salesbook.store.book import open_book

    path = tmp_path / "v10.db"
    with old_book(path, migrations.m0012_reach_messages) as b:
        cid = add_customer(b, name="王建国", phone="13912345678").id
        b.close()
    b = open_book(path)
    try:
        c = get_customer(b, cid)
        assert (c.name, c.address_as, c.delivery_note) == ("王建国", None, None)
        update_customer(b, cid, address_as="王哥")
        tpl.set_template(b, "follow_up", "passerby", "{称呼}，好久不见", "zh")
        assert messages.compose(b, cid, TODAY, kind="follow_up", lang="zh").text == "王哥，好久不见"
    finally:
        b.close()


# -- the workbooks ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_address_and_habits_round_trip_through_the_book_export(seeded, tmp_path, lang):
    import openpyxl

    from salesbook.excel.export import export_book
    from salesbook.excel.importer import import_file
    from salesbook.store.book import open_book

    b = seeded.book
    update_customer(b, seeded.wang.id, address_as="王哥", delivery_note="放门口，别敲门")
    out = tmp_path / "book.xlsx"
    export_book(b, out, TODAY, lang=lang)
    sheet = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    heads = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    assert ("称呼" if lang == "zh" else "Address as") in heads
    fresh = open_book(tmp_path / "fresh.db")
    try:
        import_file(fresh, "customers", out, sheet=1)
        got = fresh.conn.execute(
            "SELECT address_as, delivery_note FROM customers WHERE uid = ?", (seeded.wang.uid,)
        ).fetchall()
        assert got == [("王哥", "放门口，别敲门")]
    finally:
        fresh.close()


def test_plan_export_carries_the_delivery_notes(seeded, tmp_path):
    import openpyxl

    from salesbook.excel.export import export_plan

    b = seeded.book
    update_customer(b, seeded.wang.id, delivery_note="放门口，别敲门")
    record_delivery(b, seeded.wang.id, seeded.oil.id, 2, on="2026-03-15", note="下次带小瓶的")
    export_plan(b, tmp_path / "plan.xlsx", date(2026, 4, 10))
    ws = openpyxl.load_workbook(tmp_path / "plan.xlsx").worksheets[0]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert any("送货习惯：放门口，别敲门" in c and "下次带小瓶的" in c for c in cells)


def test_templates_and_address_travel_with_a_backup(seeded):
    from salesbook.store.backup import create_backup, restore_backup
    from salesbook.store.book import open_book

    b, p = seeded.book, seeded.path
    tpl.set_template(b, "follow_up", "friend", "{称呼}，周末喝茶？", "zh")
    update_customer(b, seeded.zhao.id, address_as="敏姐")
    info = create_backup(b, reason="manual")
    tpl.reset_templates(b)
    update_customer(b, seeded.zhao.id, address_as="")
    b.close()
    restore_backup(p, info.id)
    b = open_book(p)
    try:
        msg = messages.compose(b, seeded.zhao.id, TODAY, kind="follow_up", lang="zh")
        assert msg.text == "敏姐，周末喝茶？"
    finally:
        b.close()
