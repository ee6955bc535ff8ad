"""The command line end to end on temporary books (salesbook.cli.main, in-process)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from test_due import JSON_KEYS

from salesbook.records.customers import initials
from salesbook.store.book import SCHEMA_VERSION

ON = "2026-03-20"


def no_traceback(r) -> None:
    assert "Traceback" not in r.err and "Traceback" not in r.out, r


def one_line_error(r, code: int = 1) -> str:
    """A bad-input failure: exit code, exactly one line on stderr, nothing on stdout."""
    no_traceback(r)
    assert r.code == code, r
    assert r.err.strip() and "\n" not in r.err.strip(), r
    assert r.out == "", r
    return r.err.strip()


# ---------------------------------------------------------------- demo


def test_demo_then_use_it(tmp_path, run_cli):
    path = tmp_path / "demo.db"
    r = run_cli("demo", path, "--customers", 40, "--seed", 3, "--today", "2026-11-23")
    assert r.code == 0, r
    assert "40 customers" in r.out and str(path) in r.out
    r = run_cli("customers", "--limit", 5, "--format", "json", book=path)
    assert r.code == 0, r
    rows = json.loads(r.out)
    assert len(rows) == 5
    name = rows[0]["customer"]
    r = run_cli(
        "customers", "--search", initials(name), "--format", "json", "--limit", 100, book=path
    )
    assert name in [x["customer"] for x in json.loads(r.out)]
    r = run_cli("due", "--on", "2026-11-23", "--format", "json", book=path)
    assert r.code == 0 and json.loads(r.out), r
    r = run_cli("plan", "--on", "2026-11-23", "--capacity", 5, book=path)
    assert r.code == 0, r
    assert len(r.out.strip().splitlines()) == 2 + 5  # header, rule, five stops
    # a demo never overwrites
    before = path.read_bytes()
    r = run_cli("demo", path, "--customers", 10)
    assert "already exists" in one_line_error(r)
    r = run_cli("demo", path, "--customers", 10, lang="zh")
    assert "已存在" in one_line_error(r)
    assert path.read_bytes() == before


# ---------------------------------------------------------------- a day's work


def test_a_reps_day_end_to_end(tmp_path, run_cli):
    book = tmp_path / "book.db"

    def ok(*args, lang="en"):
        r = run_cli(*args, book=book, lang=lang)
        no_traceback(r)
        assert r.code == 0, r
        return r.out

    assert "New book created" in ok("new", str(book))
    ok("product", "add", "大米", "--unit", "kg", "--price", "6", "--per-person-daily", "0.15")
    out = ok("customer", "add", "--name", "王建国", "--phone", "139 1234 5678", "--household-size",
             "三口人", "--pay-day", "每月10号", "--area", "东城片区", "--level", "熟人")  # fmt: skip
    assert "王建国" in out
    ok("customer", "add", "--name", "李秀英", "--phone", "13800000002", "--area", "西城片区")
    rows = json.loads(ok("customers", "--search", "wjg", "--format", "json"))
    assert [r["customer"] for r in rows] == ["王建国"]
    assert rows[0]["phone"] == "13912345678" and rows[0]["level"] == "acquaintance"
    assert "王建国" in ok("customers", "--search", "1391234")
    ok("customer", "edit", "王建国", "--address", "人民路 12 号", "--notes", "下午在家")

    out = ok("deliver", "王建国", "大米", "10", "--date", "2026-03-01")
    assert "Recorded" in out and "¥60.00" in out and "2026-03-" in out
    out = ok("pay", "13912345678", "30", "--date", "2026-03-10")
    assert "still owed ¥30.00" in out
    out = ok("contact", "王建国", "--kind", "call", "--note", "聊了家常", "--date", "2026-03-12")
    assert "call" in out
    out = ok("level", "set", "王建国", "朋友", "--reason", "介绍了邻居")
    assert "acquaintance -> friend" in out

    items = json.loads(ok("due", "--on", ON, "--within", "30", "--format", "json"))
    assert {(i["kind"], i["customer"]) for i in items} >= {
        ("resupply", "王建国"), ("collect", "王建国"), ("follow_up", "王建国"),
    }  # fmt: skip
    collect = next(i for i in items if i["kind"] == "collect")
    assert collect["amount"] == "30.00" and collect["due_date"] == "2026-03-10"
    assert collect["status"] == "at_risk" and collect["days_left"] == -10

    card = ok("customer", "show", "王建国", "--on", ON)
    assert "人民路 12 号" in card and "¥30.00" in card and "friend" in card
    card = json.loads(ok("customer", "show", "王建国", "--on", ON, "--format", "json"))
    assert card["customer"]["address"] == "人民路 12 号"
    assert [h["to_level"] for h in card["level_history"]] == ["acquaintance", "friend"]
    assert card["level_history"][-1]["reason"] == "介绍了邻居"

    out = ok("customer", "archive", "王建国")
    assert "archived" in out.lower()
    assert "王建国" not in ok("customers")
    assert json.loads(ok("due", "--on", ON, "--within", "30", "--format", "json")) == []
    ok("customer", "archive", "王建国", "--restore")
    assert "王建国" in ok("customers")

    # what other tools see
    conn = sqlite3.connect(book)
    assert conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == 1
    assert conn.execute("SELECT amount_fen FROM payments").fetchall() == [(3000,)]
    conn.close()


def test_chinese_output(seeded, run_cli):
    r = run_cli("pay", "王建国", "60", "--date", "2026-03-12", book=seeded.path, lang="zh")
    assert r.code == 0 and "已收款：王建国 ¥60.00，尚欠 ¥0.00" in r.out, r
    r = run_cli("due", "--on", ON, "--within", "10", book=seeded.path, lang="zh")
    assert "补货" in r.out and "客户" in r.out, r


# ---------------------------------------------------------------- due and plan formats


def test_due_formats(seeded, run_cli):
    p = seeded.path
    items = json.loads(run_cli("due", "--on", ON, "--within", "10", "--format", "json", book=p).out)
    assert items and all(list(i) == JSON_KEYS for i in items)
    wang = next(i for i in items if i["kind"] == "collect")
    assert (wang["customer"], wang["amount"], wang["phone"]) == ("王建国", "60.00", "13912345678")

    r = run_cli("due", "--on", ON, "--within", "10", "--format", "csv", book=p)
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert list(rows[0]) == JSON_KEYS
    assert [(x["kind"], x["customer"]) for x in rows] == [(i["kind"], i["customer"]) for i in items]
    assert rows[0]["product"] == "" or rows[0]["kind"] == "resupply"

    r = run_cli("due", "--on", ON, "--within", "10", book=p)
    lines = r.out.strip().splitlines()
    assert "customer" in lines[0] and set(lines[1]) <= {"-", " "}
    assert len(lines) == 2 + len(items)


def test_due_with_nothing_due(book, run_cli):
    r = run_cli("due", "--on", ON, book=book.path)
    assert r.code == 0 and r.out.strip() == "Nothing due"
    r = run_cli("due", "--on", ON, "--format", "json", book=book.path)
    assert json.loads(r.out) == []
    r = run_cli("due", "--on", ON, "--format", "csv", book=book.path)
    assert r.out.strip().split(",") == JSON_KEYS  # the header is there even with no rows


def test_due_within_and_kind(seeded, run_cli):
    p = seeded.path

    def due(*args):
        return json.loads(run_cli("due", "--on", ON, "--format", "json", *args, book=p).out)

    assert [i["kind"] for i in due()] == ["collect"]
    assert {i["kind"] for i in due("--within", "14")} == {"collect", "resupply", "follow_up"}
    assert {i["kind"] for i in due("--within", "14", "--kind", "resupply")} == {"resupply"}
    both = due("--within", "14", "--kind", "resupply", "--kind", "follow_up")
    assert {i["kind"] for i in both} == {"resupply", "follow_up"}
    assert all(i["due_date"] <= "2026-04-03" for i in due("--within", "14"))


def test_follow_up_text_counts_days_from_the_chosen_date(seeded, run_cli):
    r = run_cli("due", "--on", "2026-04-05", "--kind", "follow_up", book=seeded.path)
    assert "赵敏" in r.out and "no contact for 35 days" in r.out, r


def test_plan_formats(seeded, run_cli):
    p = seeded.path
    r = run_cli("plan", "--on", "2026-03-31", "--capacity", "2", "--format", "json", book=p)
    (day,) = json.loads(r.out)
    assert day["date"] == "2026-03-31"
    stops = [s for a in day["areas"] for s in a["stops"]]
    assert len(stops) == 2
    assert all(set(s) == {"customer_uid", "customer", "phone", "area", "level", "status", "reasons",
                          "complaints", "delivery_note", "last_delivery_note"} for s in stops)  # fmt: skip
    assert all(s["complaints"] == [] for s in stops)
    assert all(list(x) == JSON_KEYS for s in stops for x in s["reasons"])

    r = run_cli(
        "plan", "--on", "2026-03-31", "--capacity", "2", "--days", "2", "--format", "csv", book=p
    )
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert [x["date"] for x in rows][:2] == ["2026-03-31"] * 2
    assert {x["date"] for x in rows} == {"2026-03-31", "2026-04-01"}
    assert len({x["customer_uid"] for x in rows}) == len(rows)

    r = run_cli("plan", "--on", "2026-03-31", book=p)
    assert r.code == 0 and "王建国" in r.out


def test_customers_balance_keeps_its_sign(seeded, run_cli):
    run_cli("pay", "李秀英", "10", "--date", "2026-03-01", book=seeded.path)
    rows = json.loads(
        run_cli("customers", "--search", "李秀英", "--format", "json", book=seeded.path).out
    )
    assert rows[0]["balance"] == "-10.00"
    rows = json.loads(
        run_cli("customers", "--search", "wjg", "--format", "json", book=seeded.path).out
    )
    assert rows[0]["balance"] == "60.00"


def test_settings_command(seeded, run_cli):
    r = run_cli("settings", book=seeded.path)
    assert r.code == 0 and "lead_days = 3" in r.out
    r = run_cli("settings", "lead_days", "5", book=seeded.path)
    assert r.code == 0 and "lead_days = 5" in r.out
    r = run_cli("settings", "cadence_days", "朋友=20", book=seeded.path)
    assert '"friend": 20' in r.out
    before = seeded.snapshot()
    assert "lead days" in one_line_error(run_cli("settings", "lead_days", "abc", book=seeded.path))
    one_line_error(run_cli("settings", "no_such", "1", book=seeded.path))
    assert seeded.snapshot() == before


def test_level_pyramid_and_suggest(seeded, run_cli):
    r = run_cli("level", "pyramid", "--format", "json", book=seeded.path)
    counts = {x["level"]: x["count"] for x in json.loads(r.out)}
    assert counts == {"passerby": 4, "acquaintance": 1, "friend": 1, "confidant": 0}
    r = run_cli("level", "suggest", "--on", ON, book=seeded.path)
    assert r.code == 0, r


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "args, en, zh",
    [
        (
            ["deliver", "王建国", "大米", "10", "--date", "2026-02-30"],
            "not a real date",
            "不存在的日期",
        ),
        (["deliver", "王建国", "大米", "10", "--date", "昨天"], "not a valid date", "不是有效日期"),
        (["deliver", "王建国", "大米", "0"], "quantity must be greater than 0", "数量必须大于 0"),
        (["deliver", "王建国", "大米", "-1"], "quantity must be greater than 0", "数量必须大于 0"),
        (["deliver", "王建国", "大米", "很多"], "not a valid number", "不是有效的数字"),
        (["deliver", "王建国", "大米", "10", "--price", "-3"], "greater than 0", "大于 0"),
        (["deliver", "钱多多", "大米", "10"], "No customer matches", "找不到客户"),
        (["deliver", "王建国", "可乐", "10"], "No product named", "找不到商品"),
        (["pay", "王建国", "0"], "amount must be greater than 0", "金额必须大于 0"),
        (["pay", "王建国", "-5"], "amount must be greater than 0", "金额必须大于 0"),
        (["pay", "王建国", "abc"], "not a valid number", "不是有效的数字"),
        (["contact", "钱多多"], "No customer matches", "找不到客户"),
        (["level", "set", "王建国", "熟人"], "already", "已经是"),
        (["level", "set", "王建国", "仇人"], "not a level", "无法识别"),
        (["customer", "add", "--name", ""], "name is required", "姓名不能为空"),
        (["customer", "add", "--name", "x", "--household-size", "0"], "greater than 0", "家庭人数"),
        (
            ["customer", "add", "--name", "x", "--household-size", "-3"],
            "greater than 0",
            "家庭人数",
        ),
        (["customer", "add", "--name", "x", "--phone", "12ab"], "not a valid phone", "电话"),
        (["customer", "add", "--name", "x", "--phone", "13912345678"], "already belongs", "已属于"),
        (["customer", "add", "--name", "x", "--pay-day", "40"], "not understood", "发薪日"),
        (["customer", "edit", "钱多多", "--area", "x"], "No customer matches", "找不到客户"),
        (["due", "--on", "2026-13-01"], "not a real date", "不存在的日期"),
        (["customers", "--level", "敌人"], "not a level", "无法识别"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_changes_nothing(seeded, run_cli, args, en, zh):
    before = seeded.snapshot()
    assert en in one_line_error(run_cli(*args, book=seeded.path, lang="en"))
    assert zh in one_line_error(run_cli(*args, book=seeded.path, lang="zh"))
    assert seeded.snapshot() == before


def test_ambiguous_name_lists_candidates_and_changes_nothing(seeded, run_cli):
    before = seeded.snapshot()
    for args in (["deliver", "张伟", "大米", "10"], ["pay", "张伟", "5"], ["contact", "张伟"],
                 ["level", "set", "张伟", "朋友"], ["customer", "edit", "张伟", "--area", "x"]):  # fmt: skip
        msg = one_line_error(run_cli(*args, book=seeded.path))
        assert "13700000001" in msg and "13700000002" in msg, msg
        assert "南湖新村" in msg
    msg = one_line_error(run_cli("deliver", "张伟", "大米", "10", book=seeded.path, lang="zh"))
    assert "对应多个客户" in msg
    assert seeded.snapshot() == before
    # the phone picks one
    r = run_cli("deliver", "13700000002", "大米", "10", "--date", ON, book=seeded.path)
    assert r.code == 0 and "张伟" in r.out


@pytest.mark.parametrize(
    "args",
    [
        ["deliver"],
        ["deliver", "王建国", "大米"],
        ["nosuchcommand"],
        ["due", "--format", "xml"],
        ["due", "--within", "-1"],
        ["due", "--kind", "coffee"],
        ["plan", "--capacity", "0"],
        ["contact", "王建国", "--kind", "fax"],
        ["deliver", "王建国", "大米", "1", "--pirce", "3"],
        ["customers", "--limit", "many"],
    ],
)
def test_usage_errors_exit_2(seeded, run_cli, args):
    before = seeded.snapshot()
    r = run_cli(*args, book=seeded.path)
    no_traceback(r)
    assert r.code == 2, r
    assert "Error" in r.err
    assert seeded.snapshot() == before


def test_not_a_book(tmp_path, run_cli):
    path = tmp_path / "customers.csv"
    path.write_text("name,phone\n王建国,13912345678\n", encoding="utf-8")
    msg = one_line_error(run_cli("due", book=path))
    assert "is not a Salesbook book" in msg
    msg = one_line_error(run_cli("due", book=path, lang="zh"))
    assert "不是销售台账的账本文件" in msg
    assert path.read_text(encoding="utf-8") == "name,phone\n王建国,13912345678\n"


def test_book_from_a_newer_salesbook(tmp_path, run_cli):
    path = tmp_path / "new.db"
    run_cli("customers", book=path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    msg = one_line_error(run_cli("customer", "add", "--name", "王建国", book=path))
    assert "newer Salesbook" in msg
    msg = one_line_error(run_cli("due", book=path, lang="zh"))
    assert "更新版本" in msg
    assert path.read_bytes() == before


def test_unexpected_errors_are_one_line_too(seeded, run_cli, monkeypatch):
    import salesbook.records.due

    def broken(*a, **k):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(salesbook.records.due, "due_items", broken)
    monkeypatch.delenv("SALESBOOK_DEBUG", raising=False)
    msg = one_line_error(run_cli("due", book=seeded.path))
    assert "ZeroDivisionError" in msg


def test_empty_lists_say_what_is_empty(book, run_cli):
    r = run_cli("customers", "--search", "nobody", book=book.path)
    assert r.code == 0 and r.out.strip() == "No customers found"
    r = run_cli("customers", "--search", "nobody", book=book.path, lang="zh")
    assert r.out.strip() == "没有找到客户"
    r = run_cli("plan", "--on", ON, "--format", "csv", book=book.path)
    assert r.out.strip() == "date,stop,area,customer_uid,customer,phone,status,what"


def test_default_book_lives_in_the_user_data_folder(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default = tmp_path / "data" / "salesbook" / "salesbook.db"
    r = run_cli("customer", "add", "--name", "王建国")  # no book yet: said, nothing made
    assert r.code == 1 and f"salesbook new {default}" in r.err, r
    assert not (tmp_path / "data").exists()
    assert run_cli("new", str(default)).code == 0  # the default book's folder is made
    r = run_cli("customer", "add", "--name", "王建国")
    assert r.code == 0, r
    assert default.exists()
    r = run_cli("customers", "--search", "wjg")
    assert "王建国" in r.out


def test_installed_command(tmp_path):
    """The console script itself: exit codes and no traceback through the real entry point."""
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "salesbook"
    if not exe.exists():
        pytest.skip("salesbook console script not installed")
    book = tmp_path / "b.db"
    env = {"PATH": "/usr/bin:/bin", "SALESBOOK_LANG": "en", "HOME": str(tmp_path)}
    missing = subprocess.run([exe, "--book", book, "due"], capture_output=True, text=True, env=env)
    assert missing.returncode == 1 and missing.stdout == "", missing
    assert missing.stderr.strip() == f"No book at {book}; create it with `salesbook new {book}`"
    assert not book.exists()
    made = subprocess.run([exe, "new", book], capture_output=True, text=True, env=env)
    assert made.returncode == 0 and book.exists(), made
    ok = subprocess.run([exe, "--book", book, "due"], capture_output=True, text=True, env=env)
    assert ok.returncode == 0 and ok.stdout.strip() == "Nothing due", ok
    bad = subprocess.run([exe, "--book", book, "--lang", "zh", "pay", "nobody", "5"],
                         capture_output=True, text=True, env=env)  # fmt: skip
    assert bad.returncode == 1 and bad.stderr.strip() == "找不到客户：nobody", bad
    usage = subprocess.run([exe, "--book", book, "due", "--within", "x"], capture_output=True,
                           text=True, env=env)  # fmt: skip
    assert usage.returncode == 2 and "Traceback" not in usage.stderr, usage


def test_customer_card_speaks_one_language(seeded, run_cli):
    en = run_cli("customer", "show", "王建国", "--on", ON, book=seeded.path).out
    assert "pay: monthly on day 10" in en and "每月" not in en
    zh = run_cli("customer", "show", "王建国", "--on", ON, book=seeded.path, lang="zh").out
    assert "发薪：每月10日" in zh


def test_collect_text_on_payday_before_and_after(seeded, run_cli):
    def what(on, lang="en"):
        r = run_cli(
            "due", "--on", on, "--kind", "collect", "--within", "3", book=seeded.path, lang=lang
        )
        return r.out.strip().splitlines()[-1]

    seeded.book.conn.execute(
        "UPDATE customers SET pay_cycle = 'monthly:20'"
    )  # behind the book's back
    from salesbook.records import supply

    with seeded.book.transaction():
        supply.refresh_all(seeded.book)
    assert "payday 2026-03-20" in what("2026-03-18")
    assert "payday today" in what("2026-03-20")
    assert "今天发薪" in what("2026-03-20", "zh")
    assert "payday passed" in what("2026-03-21")


def test_deliver_paid_with_price_by_uid(seeded, run_cli):
    uid = seeded.zhao.uid
    r = run_cli("deliver", uid, "食用油", "2", "--price", "15.5", "--paid", "--date", ON,
                "--note", "顺便带的", book=seeded.path)  # fmt: skip
    assert r.code == 0 and "赵敏" in r.out and "¥31.00" in r.out, r
    rows = seeded.book.conn.execute(
        "SELECT d.unit_price_fen, d.amount_fen, d.note, p.amount_fen, p.date FROM deliveries d"
        " JOIN payments p ON p.customer_id = d.customer_id WHERE d.customer_id = ?",
        (seeded.zhao.id,),
    ).fetchall()
    assert rows == [(1550, 3100, "顺便带的", 3100, ON)]
    r = run_cli("customers", "--search", "zm", "--format", "json", book=seeded.path)
    assert json.loads(r.out)[0]["balance"] == "0.00"
    r = run_cli("pay", uid[:8], "5", "--date", ON, book=seeded.path)  # a uid prefix works too
    assert r.code == 0 and "赵敏" in r.out, r


def test_demo_bad_arguments_write_nothing(tmp_path, run_cli):
    path = tmp_path / "d.db"
    assert "not a real date" in one_line_error(run_cli("demo", path, "--today", "2026-02-30"))
    r = run_cli("demo", path, "--customers", "0")
    assert r.code == 2 and "Traceback" not in r.err, r
    assert not path.exists()


def test_due_json_is_utf8_whatever_the_console(tmp_path):
    """A Chinese Windows pipe encodes text as GBK: the JSON contract stays UTF-8."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from salesbook.records.customers import add_customer
    from salesbook.records.deliveries import record_delivery
    from salesbook.records.products import add_product
    from salesbook.store.book import open_book

    path = tmp_path / "book.db"
    b = open_book(path)
    rice = add_product(b, name="大米", unit="kg", price=6, per_person_daily=1)
    c = add_customer(b, name="米铺 🍚", household_size=1)
    record_delivery(b, c.id, rice.id, 2, on="2026-03-01", paid=True)
    b.close()
    env = dict(os.environ, PYTHONIOENCODING="gbk")
    out = subprocess.run(
        [str(Path(sys.executable).parent / "salesbook"), "--book", str(path), "due", "--on",
         "2026-03-10", "--format", "json"],
        env=env, capture_output=True, check=True,
    ).stdout  # fmt: skip
    (item,) = json.loads(out.decode("utf-8"))
    assert item["customer"] == "米铺 🍚"


def test_a_mistyped_book_is_refused_not_created(tmp_path, run_cli):
    nope = tmp_path / "nope.db"
    for args in (("due",), ("customers",), ("pay", "王建国", "5"), ("check",)):
        r = run_cli(*args, book=nope)
        assert r.code == 1 and r.out == "", r
        assert r.err.strip() == f"No book at {nope}; create it with `salesbook new {nope}`"
    r = run_cli("due", book=nope, lang="zh")
    assert r.err.strip() == f"没有找到账本：{nope}。新建账本：salesbook new {nope}"
    assert list(tmp_path.iterdir()) == []
    # new: creates it, once; never in a folder that does not exist
    assert run_cli("new", nope).code == 0 and nope.exists()
    r = run_cli("new", nope)
    assert r.code == 1 and "already exists" in r.err
    deep = tmp_path / "typo" / "b.db"
    for args in (("new", deep), ("demo", deep, "--customers", "3")):
        r = run_cli(*args)
        assert r.code == 1 and f"The folder {deep.parent} does not exist" in r.err, r
    assert not (tmp_path / "typo").exists()
    assert run_cli("due", book=nope).out.strip() == "Nothing due"
