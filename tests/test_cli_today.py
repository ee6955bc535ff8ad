"""What the window can do, the command line can do: snooze, elsewhere, and the
small words that tell a rep what happened (issue 12, part 8)."""

from __future__ import annotations

import re

from conftest import TODAY, table_rows

from salesbook.records.customers import distinct_prefixes

ON = TODAY.isoformat()


def _items(path, customer_id) -> list[tuple]:
    from salesbook.records.due import due_items
    from salesbook.store.book import open_book

    with open_book(path) as b:
        return [(i.kind, i.product) for i in due_items(b, TODAY, within=60)
                if i.customer_id == customer_id]  # fmt: skip


def test_snooze_a_product_for_days_and_until_a_date(seeded, run_cli):
    seeded.book.close()
    wang = seeded.wang.id
    assert ("resupply", "大米") in _items(seeded.path, wang)
    r = run_cli(
        "snooze",
        "王建国",
        "--product",
        "大米",
        "--days",
        "7",
        "--on",
        ON,
        book=seeded.path,
        lang="zh",
    )
    assert r.code == 0, r
    assert r.out.strip() == "已推迟：王建国 的补货（大米），2026-03-27 再提醒"
    assert table_rows(seeded.path, "SELECT kind, until FROM snoozes") == [
        ("resupply", "2026-03-27")
    ]
    r = run_cli(
        "snooze",
        "王建国",
        "--kind",
        "collect",
        "--until",
        "2026-04-01",
        "--on",
        ON,
        book=seeded.path,
    )
    assert r.code == 0 and "back on 2026-04-01" in r.out, r
    assert sorted(table_rows(seeded.path, "SELECT kind FROM snoozes")) == [
        ("collect",),
        ("resupply",),
    ]


def test_snooze_without_a_kind_puts_off_every_reminder_of_the_customer(seeded, run_cli):
    seeded.book.close()
    r = run_cli("snooze", "13912345678", "--days", "3", "--on", ON, book=seeded.path)
    assert r.code == 0, r
    kinds = {k for (k,) in table_rows(seeded.path, "SELECT kind FROM snoozes")}
    assert kinds == {"resupply", "collect", "follow_up"}


def test_snooze_refuses_what_it_cannot_do_and_changes_nothing(seeded, run_cli):
    before = seeded.snapshot()
    seeded.book.close()
    for args, words in (
        (["snooze", "王建国"], "--days"),
        (["snooze", "王建国", "--days", "3", "--until", "2026-04-01"], "--days"),
        (["snooze", "王建国", "--days", "0"], "greater than 0"),
        (["snooze", "王建国", "--until", "2026-03-01", "--on", ON], "not after today"),
        (["snooze", "王建国", "--kind", "collect", "--product", "大米", "--days", "2"], "resupply"),
    ):
        r = run_cli(*args, book=seeded.path)
        assert r.code == 1 and words in r.err and "Traceback" not in r.err, (args, r)
    from salesbook.store.book import open_book

    with open_book(seeded.path) as b:
        seeded.book = b
        assert seeded.snapshot() == before


def test_bought_elsewhere_restocks_the_forecast_and_owes_nothing(seeded, run_cli):
    seeded.book.close()
    owed = table_rows(
        seeded.path, f"SELECT balance_fen FROM customer_state WHERE customer_id = {seeded.wang.id}"
    )
    runout = table_rows(
        seeded.path, f"SELECT runout_date FROM supply WHERE customer_id = {seeded.wang.id}"
    )
    r = run_cli("elsewhere", "王建国", "大米", "10", "--date", ON, book=seeded.path, lang="zh")
    assert r.code == 0, r
    assert r.out.startswith("已记录：王建国 在别处买了 大米 10kg，欠款不变；预计 ")
    assert (
        table_rows(
            seeded.path,
            f"SELECT balance_fen FROM customer_state WHERE customer_id = {seeded.wang.id}",
        )
        == owed
    )
    assert (
        table_rows(
            seeded.path, f"SELECT runout_date FROM supply WHERE customer_id = {seeded.wang.id}"
        )
        > runout
    )
    assert table_rows(
        seeded.path, "SELECT source, amount_fen FROM deliveries ORDER BY id DESC LIMIT 1"
    ) == [("elsewhere", 0)]


def test_deliver_says_why_there_is_no_forecast_yet(seeded, run_cli):
    seeded.book.close()
    r = run_cli("deliver", "孙丽", "大米", "5", "--date", ON, book=seeded.path, lang="zh")
    assert r.code == 0, r
    first, second = r.out.strip().splitlines()
    assert first == "已记录：孙丽 大米 5kg，¥30.00" and "?" not in r.out
    assert second.startswith("还无法预计用完日：孙丽 没有家庭人数")
    assert "salesbook customer edit 孙丽 --household-size" in second


def test_customers_says_when_it_stops_at_the_limit(seeded, run_cli):
    seeded.book.close()
    r = run_cli("customers", "--limit", "4", book=seeded.path, lang="zh")
    assert r.code == 0 and r.out.rstrip().endswith("（前 4 位，共 6 位；--limit 可显示更多）"), r
    r = run_cli("customers", "--limit", "6", book=seeded.path)
    assert "first" not in r.out


def test_ambiguous_names_show_a_prefix_that_tells_them_apart(tmp_path, run_cli):
    book = tmp_path / "demo.db"
    assert run_cli("demo", str(book), "--customers", "300", "--today", ON).code == 0
    uids = [u for (u,) in table_rows(book, "SELECT uid FROM customers")]
    assert len({u[:8] for u in uids}) == len(uids)  # they look like random uids now
    assert not any(u.startswith("00000000") for u in uids)
    name = table_rows(book, "SELECT name FROM customers GROUP BY name HAVING COUNT(*) > 1 LIMIT 1")[
        0
    ][0]
    r = run_cli("deliver", name, "大米", "1", book=book)
    shown = re.findall(r"\[([0-9a-f]+)\]", r.err)
    assert r.code == 1 and len(shown) >= 2, r
    r = run_cli("customer", "show", shown[1], book=book)  # typing what the hint shows works
    assert r.code == 0 and name in r.out, r


def test_distinct_prefixes_grow_past_a_shared_start():
    uids = ["00000000000100aa", "00000000000200bb", "ffffffff00000000"]
    assert distinct_prefixes(uids) == {uids[0]: "000000000001", uids[1]: "000000000002",
                                       uids[2]: "ffffffff"}  # fmt: skip


def test_click_usage_errors_come_in_the_chosen_language(tmp_path, run_cli):
    r = run_cli("--book", str(tmp_path), "due", lang="zh")  # a folder, not a book
    assert r.code == 2 and "错误：'--book' 的值无效" in r.err and "是一个文件夹" in r.err, r
    assert "Error" not in r.err and "directory" not in r.err
    r = run_cli("due", "--kind", "x", lang="zh")
    assert "不是可选值之一" in r.err and "用法：" in r.err, r
    r = run_cli("due", "--kind", "x", lang="en")
    assert "is not one of" in r.err and "Usage:" in r.err, r


def test_export_refuses_a_name_that_is_not_xlsx(seeded, run_cli, tmp_path):
    seeded.book.close()
    for kind in ("due", "plan", "book"):
        r = run_cli("export", kind, tmp_path / f"{kind}.csv", book=seeded.path, lang="zh")
        assert r.code == 1 and "请以 .xlsx 结尾" in r.err and "--format csv" in r.err, r
        assert not (tmp_path / f"{kind}.csv").exists()
    assert run_cli("export", "due", tmp_path / "due.XLSX", book=seeded.path).code == 0


def test_a_missing_window_is_one_line_in_the_users_language(run_cli, monkeypatch):
    import importlib

    real = importlib.import_module

    def no_qt(name, *a, **k):
        if name.startswith("ui."):
            raise ImportError("No module named 'PySide6'")
        return real(name, *a, **k)

    monkeypatch.setattr(importlib, "import_module", no_qt)
    r = run_cli(lang="zh")  # `salesbook` alone opens the window
    assert r.code == 1 and r.err.startswith("无法打开窗口：No module named 'PySide6'"), r
    assert "Usage" not in r.err and "Traceback" not in r.err
