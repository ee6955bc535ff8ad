"""The manager's summary and team book (salesbook.excel.summary, salesbook.team)."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest

from salesbook.cli import main
from salesbook.cli.demo import build_demo
from salesbook.excel.read import FileProblem
from salesbook.excel.summary import FORMAT, read_summary, write_summary
from salesbook.store.book import open_book
from salesbook.team import import_summaries, open_team, team_report

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """Two reps' books; rep B shares one customer (same phone) with rep A."""
    d = tmp_path_factory.mktemp("team")
    a, b = d / "a.db", d / "b.db"
    build_demo(a, customers=40, seed=1, today=TODAY)
    build_demo(b, customers=30, seed=2, today=TODAY)
    ba = open_book(a)
    phone = ba.conn.execute(
        "SELECT phone FROM customers WHERE archived_at IS NULL LIMIT 1"
    ).fetchone()[0]
    ba.close()
    bb = open_book(b)
    with bb.transaction() as conn:
        conn.execute(
            "UPDATE customers SET phone = ? WHERE id = (SELECT MIN(id) FROM customers)", (phone,)
        )
    bb.close()
    return a, b, phone


def summary(db, path, rep, on=TODAY):
    book = open_book(db)
    try:
        return write_summary(book, path, rep=rep, on=on)
    finally:
        book.close()


def test_summary_workbook_format(books, tmp_path):
    a, _, _ = books
    out = tmp_path / "a.xlsx"
    summary(a, out, "小王")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["说明", "客户", "待办", "应收", "关系金字塔"]
    meta = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}
    book = open_book(a)
    assert meta["format"] == FORMAT and meta["format_version"] == 1 and meta["rep"] == "小王"
    assert meta["book_uid"] == book.uid and meta["period_end"] == "2026-03-02"
    assert meta["period_start"] == "2026-02-01" and meta["salesbook_version"]
    n = book.conn.execute("SELECT COUNT(*) FROM customers WHERE archived_at IS NULL").fetchone()[0]
    book.close()
    assert meta["customers"] == n and wb["客户"].max_row == n + 1
    headers = [c.value for c in wb["客户"][1]]
    assert headers[:5] == ["姓名", "电话", "片区", "关系", "家庭人数"] and headers[-1] == "唯一编号"
    pyr = list(wb["关系金字塔"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in pyr] == ["知己", "朋友", "熟人", "过客"] and sum(r[1] for r in pyr) == n
    s = read_summary(out)
    assert len(s.customers) == n and s.meta["rep"] == "小王"


def test_team_import_replace_older_and_conflicts(books, tmp_path, team_target):
    a, b, phone = books
    summary(a, tmp_path / "a1.xlsx", "小王", on=date(2026, 2, 20))
    summary(a, tmp_path / "a2.xlsx", "小王", on=TODAY)
    summary(b, tmp_path / "b.xlsx", "老李")
    team = open_team(team_target)
    res = import_summaries(team, [tmp_path / "a1.xlsx", tmp_path / "b.xlsx"])
    assert [r.status for r in res] == ["imported", "imported"]
    n_a1 = team.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    res = import_summaries(team, [tmp_path / "a2.xlsx", tmp_path / "a1.xlsx"])
    assert [r.status for r in res] == ["replaced", "older"]
    assert "不比" in res[1].message("zh")
    assert team.conn.execute("SELECT COUNT(*) FROM reps").fetchone()[0] == 2
    assert (
        team.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == n_a1
    )  # replaced, not doubled
    assert (
        team.conn.execute("SELECT period_end FROM reps WHERE rep='小王'").fetchone()[0]
        == "2026-03-02"
    )
    report = team_report(team)
    assert report.on == "2026-03-02"
    reps = {r.rep: r for r in report.reps}
    assert set(reps) == {"小王", "老李"}
    w = reps["小王"]
    assert w.customers == sum(w.pyramid.values()) and w.receivables_fen >= 0
    assert set(w.guideline) == {"passerby", "acquaintance", "friend", "confidant"}
    assert (
        w.overdue
        == team.conn.execute(
            "SELECT COUNT(*) FROM due d JOIN reps r USING (book_uid) WHERE r.rep='小王' AND due_date < '2026-03-02'"
        ).fetchone()[0]
    )
    assert [c for c in report.conflicts if c.by == "phone" and c.key == phone]
    conflict = next(c for c in report.conflicts if c.key == phone)
    assert {e["rep"] for e in conflict.entries} == {"小王", "老李"}
    assert report.top_customers and report.due
    assert report.due == sorted(report.due, key=lambda d: (d["due_date"], d["rep"], d["customer"]))
    data = report.to_json()
    json.dumps(data, ensure_ascii=False)
    assert data["reps"][0]["receivables"].count(".") == 1
    team.close()


def test_not_a_summary_is_refused(books, tmp_path, team_target):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(tmp_path / "x.xlsx")
    team = open_team(team_target)
    (res,) = import_summaries(team, [tmp_path / "x.xlsx"])
    assert res.status == "failed" and isinstance(res.error, FileProblem)
    assert "x.xlsx" in res.message("zh")
    assert team.conn.execute("SELECT COUNT(*) FROM reps").fetchone()[0] == 0
    rep_book = open_book(tmp_path / "rep.db")
    rep_book.close()
    from salesbook.errors import BookError

    with pytest.raises(BookError):
        open_team(tmp_path / "rep.db")


def test_cli_summary_team_import_and_report(books, tmp_path, capsys, team_target):
    a, b, _ = books
    for db, rep in ((a, "小王"), (b, "老李")):
        out = str(tmp_path / f"{rep}.xlsx")
        assert main(["--lang", "zh", "--book", str(db), "export", "summary", out, "--rep", rep,
                     "--on", TODAY.isoformat()]) == 0  # fmt: skip
    team = team_target
    capsys.readouterr()
    assert main(["--lang", "zh", "team", "import", str(tmp_path / "小王.xlsx"), str(tmp_path / "老李.xlsx"),
                 "--team", team]) == 0  # fmt: skip
    assert "已导入 小王 的汇总" in capsys.readouterr().out
    assert main(["--lang", "zh", "team", "report", team]) == 0
    out = capsys.readouterr().out
    assert "小王" in out and "老李" in out and "冲突" in out
    assert main(["--lang", "en", "team", "report", team, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["rep"] for r in data["reps"]} == {"小王", "老李"}
    xlsx = str(tmp_path / "report.xlsx")
    assert main(["--lang", "zh", "team", "report", team, "--format", "xlsx", "-o", xlsx]) == 0
    assert openpyxl.load_workbook(xlsx, read_only=True).sheetnames == [
        "团队",
        "待办",
        "重点客户",
        "冲突",
    ]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04garbage")
    assert main(["--lang", "en", "team", "import", str(bad), "--team", team]) == 1
    assert "bad.xlsx" in capsys.readouterr().err


def test_team_top_customers_follow_value_name_uid_and_book_order(books, tmp_path, team_target):
    """The team-wide top customers (gathered from each rep's own top) are the first
    of every rep's customers in the one order: value, then name, uid, book uid."""
    a, b, _ = books
    summary(a, tmp_path / "a.xlsx", "小王")
    summary(b, tmp_path / "b.xlsx", "老李")
    with open_team(team_target) as team:
        assert [r.status for r in import_summaries(team, [tmp_path / "a.xlsx", tmp_path / "b.xlsx"])] == [
            "imported", "imported"]  # fmt: skip
        with team.transaction():  # ties across the reps: same value, same name, same uid
            team.conn.execute(
                "UPDATE customers SET customer_uid = 'same' WHERE (book_uid, customer_uid) IN"
                " (SELECT book_uid, MIN(customer_uid) FROM customers GROUP BY book_uid)"
            )
            team.conn.execute(
                "UPDATE customers SET value_fen = 99999900, name = '同名'"
                " WHERE SUBSTR(customer_uid, 1, 1) IN ('1', '2', 's')"
            )
            team.conn.execute("UPDATE customers SET value_fen = NULL, spend_fen = 99999900"
                              " WHERE customer_uid LIKE '3%'")  # fmt: skip
        for n in (1, 3, 7, 40):
            want = [tuple(r) for r in team.conn.execute(
                "SELECT p.rep, c.customer_uid FROM customers c JOIN reps p ON p.book_uid = c.book_uid"
                " ORDER BY COALESCE(c.value_fen, c.spend_fen) DESC, c.name, c.customer_uid, c.book_uid"
                " LIMIT ?", (n,))]  # fmt: skip
            got = [
                (t["rep"], t["customer_uid"]) for t in team_report(team, TODAY, top=n).top_customers
            ]
            assert got == want
        assert len({r for r, _ in want}) == 2 and len({u for _, u in want}) < len(want)


def test_a_reps_rows_need_their_rep(books, tmp_path, team_target):
    """Each customer, due item and receivable belongs to a rep in the team book (a
    foreign key on SQLite; on the server, checked once per statement): a row of no
    rep is refused, a rep's book uid is not changed under its rows, and deleting a
    rep deletes its rows."""
    a, b, _ = books
    summary(a, tmp_path / "a.xlsx", "小王")
    summary(b, tmp_path / "b.xlsx", "老李")
    with open_team(team_target) as team:
        import_summaries(team, [tmp_path / "a.xlsx", tmp_path / "b.xlsx"])
        conn = team.conn

        def count(table: str) -> int:
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

        before = {t: count(t) for t in ("reps", "customers", "due", "receivables")}
        wang, li = (conn.execute("SELECT book_uid FROM reps WHERE rep = ?", (r,)).fetchone()[0]
                    for r in ("小王", "老李"))  # fmt: skip
        for sql, params in [
            ("INSERT INTO customers (book_uid, customer_uid, name, level) VALUES (?, 'x', 'x', 'friend')",
             ("no-such-book",)),
            ("INSERT INTO due (book_uid, kind, status, customer, due_date) SELECT ?, kind, status,"
             " customer, due_date FROM due", ("no-such-book",)),
            ("INSERT INTO receivables (book_uid, customer, balance_fen) VALUES (?, 'x', 1)", ("nope",)),
            ("UPDATE customers SET book_uid = ? WHERE book_uid = ?", ("nope", wang)),
            ("UPDATE reps SET book_uid = ? WHERE book_uid = ?", ("nope", wang)),
        ]:  # fmt: skip
            with pytest.raises(Exception, match="(?i)foreign key"), team.transaction():
                conn.execute(sql, params)
        assert {t: count(t) for t in before} == before
        with team.transaction():  # a rep and its rows in one statement each: fine
            conn.execute(
                "INSERT INTO reps (book_uid, rep, period_end, file, imported_at, customers)"
                " VALUES ('new', '新人', '2026-03-02', 'f', '2026-03-02', 1)"
            )
            conn.execute("INSERT INTO customers (book_uid, customer_uid, name, level)"
                         " VALUES ('new', 'x', 'x', 'friend')")  # fmt: skip
        with team.transaction():
            conn.execute("DELETE FROM reps WHERE book_uid IN (?, 'new')", (wang,))
        assert count("reps") == 1
        for t in ("customers", "due", "receivables"):
            left = {r[0] for r in conn.execute(f"SELECT DISTINCT book_uid FROM {t}")}
            assert left == {li}, t


def test_a_failed_vacuum_after_the_imports_does_not_hide_them(books, tmp_path, team_target):
    """The vacuum after a batch only helps the report: every summary is committed
    by then, so its failure (a timeout, a cancel) is logged and the results stand."""
    a, _b, _phone = books
    summary(a, tmp_path / "a.xlsx", "小王")
    with open_team(team_target) as team:

        def fail() -> None:
            raise RuntimeError("canceling statement due to statement timeout")

        team.conn.tidy = fail
        (res,) = import_summaries(team, [tmp_path / "a.xlsx"])
        assert res.status == "imported"
        assert [r.rep for r in team_report(team, TODAY).reps] == ["小王"]
