"""A manager's team book never loses a rep (issue 16 part 3): a broken summary
is refused naming what is missing, a summary that would drop most of a rep's
customers needs --force, every replaced summary is kept (team revert), and
``export summary --on D`` is the book as of D."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest

from salesbook.cli import main
from salesbook.cli.demo import build_demo
from salesbook.excel.summary import read_summary, write_summary
from salesbook.store.book import open_book
from salesbook.team import import_summary, open_team, revert_summary, team_report

TODAY = date(2026, 3, 2)
PAST = date(2025, 12, 31)


@pytest.fixture(scope="module")
def rep_book(tmp_path_factory):
    db = tmp_path_factory.mktemp("trust") / "zhao.db"
    build_demo(db, customers=40, seed=7, today=TODAY)
    return db


def summary(db, path, on=TODAY, rep="赵丽"):
    book = open_book(db)
    try:
        write_summary(book, path, rep=rep, on=on, today=TODAY)
    finally:
        book.close()
    return path


def edited(src, dst, change, later: str = "2026-03-09"):
    """A copy of the summary ``src`` changed by ``change(workbook)``, dated
    ``later`` (so it is newer than ``src``)."""
    wb = openpyxl.load_workbook(src)
    change(wb)
    for row in wb["说明"].iter_rows():
        if row[0].value == "period_end":
            row[1].value = later
    wb.save(dst)
    return dst


def drop_column(header: str):
    def change(wb):
        ws = wb["客户"]
        ws.delete_cols([c.value for c in ws[1]].index(header) + 1)

    return change


def report_json(team) -> str:
    return json.dumps(team_report(team, TODAY).to_json(), ensure_ascii=False, sort_keys=True)


@pytest.fixture
def team_with_good(rep_book, tmp_path, team_target):
    """A team book with one good summary in it, on SQLite and on PostgreSQL."""
    good = summary(rep_book, tmp_path / "good.xlsx")
    team = open_team(team_target)
    assert import_summary(team, good).status == "imported"
    yield team, good
    team.close()


@pytest.mark.parametrize(
    ("change", "names"),
    [
        (drop_column("唯一编号"), ["客户", "唯一编号", "customer_uid"]),
        (drop_column("姓名"), ["客户", "姓名", "name"]),
        (drop_column("欠款"), ["客户", "欠款", "balance"]),
        (lambda wb: setattr(wb["客户"], "title", "客户名单"), ["客户", "客户名单"]),
    ],
    ids=["no-uid", "no-name", "no-owed", "renamed-sheet"],
)
def test_broken_summary_is_refused_and_changes_nothing(team_with_good, tmp_path, change, names):
    team, good = team_with_good
    before = report_json(team)
    bad = edited(good, tmp_path / "bad.xlsx", change)
    res = import_summary(team, bad)
    assert res.status == "failed"
    text = res.message("zh")
    assert "bad.xlsx" in text and all(n in text for n in names), text
    assert "bad.xlsx" in res.message("en")
    assert report_json(team) == before  # nothing replaced with "0 个客户"
    assert team.conn.execute("SELECT COUNT(*) FROM replaced").fetchone()[0] == 0


def test_missing_owed_column_never_reads_as_zero(team_with_good, tmp_path):
    team, good = team_with_good
    owed = team_report(team, TODAY).reps[0].receivables_fen
    assert owed > 0
    bad = edited(good, tmp_path / "no-owed.xlsx", drop_column("欠款"))
    with pytest.raises(Exception, match="balance"):
        read_summary(bad)
    import_summary(team, bad)
    assert team_report(team, TODAY).reps[0].receivables_fen == owed


def test_a_bad_cell_names_its_row(team_with_good, tmp_path):
    team, good = team_with_good

    def blank_name_and_bad_money(wb):
        wb["客户"]["A5"].value = None

    res = import_summary(team, edited(good, tmp_path / "b.xlsx", blank_name_and_bad_money))
    assert res.status == "failed" and "第 5 行" in res.message("zh") and "姓名" in res.message("zh")

    def text_owed(wb):
        wb["客户"]["F3"].value = "很多"

    res = import_summary(team, edited(good, tmp_path / "c.xlsx", text_owed))
    assert res.status == "failed" and "row 3" in res.message("en") and "很多" in res.message("en")


def test_rows_cut_from_the_customers_sheet_are_refused(team_with_good, tmp_path):
    team, good = team_with_good
    res = import_summary(
        team, edited(good, tmp_path / "cut.xlsx", lambda wb: wb["客户"].delete_rows(3, 5))
    )
    assert res.status == "failed" and "cut.xlsx" in res.message("zh")
    assert "说明" in res.message("zh")


def keep_rows(n: int):
    def change(wb):
        ws = wb["客户"]
        ws.delete_rows(n + 2, ws.max_row)
        for row in wb["说明"].iter_rows():
            if row[0].value == "customers":
                row[1].value = n

    return change


def test_shrinking_below_half_needs_force(team_with_good, tmp_path, capsys):
    team, good = team_with_good
    n = team_report(team, TODAY).reps[0].customers
    small = edited(good, tmp_path / "small.xlsx", keep_rows(n // 2 - 1))
    before = report_json(team)
    res = import_summary(team, small)
    assert res.status == "shrink" and res.before == n and res.customers == n // 2 - 1
    text = res.message("zh")
    assert "--force" in text and f"去掉 {n - n // 2 + 1} 个客户" in text
    assert report_json(team) == before
    # the CLI: refused (exit 1), then accepted with --force
    path = team.path
    team.close()
    capsys.readouterr()
    assert main(["--lang", "zh", "team", "import", str(small), "--team", path]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["--lang", "zh", "team", "import", str(small), "--team", path, "--force"]) == 0
    assert "已用更新的汇总替换" in capsys.readouterr().out
    with open_team(path) as t:
        assert team_report(t, TODAY).reps[0].customers == n // 2 - 1
    # half or more goes in without --force
    team2 = open_team(tmp_path / "t2.db")
    import_summary(team2, good)
    half = edited(good, tmp_path / "half.xlsx", keep_rows((n + 1) // 2))
    assert import_summary(team2, half).status == "replaced"
    team2.close()


def test_revert_brings_back_the_previous_summary_exactly(team_with_good, tmp_path, capsys):
    team, good = team_with_good
    before = report_json(team)
    small = edited(good, tmp_path / "small.xlsx", keep_rows(3))
    assert import_summary(team, small, force=True).status == "replaced"
    after = report_json(team)
    assert after != before
    back = revert_summary(team, "赵丽")
    assert back.customers > 3 and back.was_customers == 3
    assert report_json(team) == before
    # reverting is not lossy: the summary it took down comes back the same way
    revert_summary(team, back.book_uid)
    assert report_json(team) == after
    path = team.path
    team.close()
    capsys.readouterr()
    assert main(["--lang", "zh", "team", "revert", "赵丽", "--team", path]) == 0
    assert "已找回 赵丽 之前的汇总" in capsys.readouterr().out
    with open_team(path) as t:
        assert report_json(t) == before
    assert main(["--lang", "en", "team", "revert", "王五", "--team", path]) == 1
    assert "王五" in capsys.readouterr().err


def test_revert_with_nothing_replaced_says_so(team_with_good):
    team, _ = team_with_good
    from salesbook.errors import ValidationError

    before = report_json(team)
    with pytest.raises(ValidationError) as exc:
        revert_summary(team, "赵丽")
    assert "赵丽" in exc.value.message("zh")
    assert report_json(team) == before


def test_a_version_1_team_book_upgrades_and_keeps_its_reps(team_with_good, tmp_path, rep_book):
    team, good = team_with_good
    if team.server:
        pytest.skip("a version 1 team book is a SQLite file")
    before = report_json(team)
    path = team.path
    team.close()
    conn = sqlite3.connect(path)
    for t in ("replaced_customers", "replaced_due", "replaced_receivables", "replaced"):
        conn.execute(f"DROP TABLE {t}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with open_team(path) as t:
        assert report_json(t) == before
        newer = edited(good, tmp_path / "newer.xlsx", lambda wb: None)
        assert import_summary(t, newer).status == "replaced"
        revert_summary(t, "赵丽")
        assert report_json(t) == before


# -- export summary --on D ------------------------------------------------------------


def owed_on(db, day: date) -> dict[str, int]:
    """What each active customer owed at the end of ``day``, straight from the ledger."""
    conn = sqlite3.connect(db)
    d = day.isoformat()
    rows = conn.execute(
        "SELECT c.uid, COALESCE((SELECT SUM(amount_fen) FROM deliveries x WHERE x.customer_id = c.id"
        " AND x.deleted_at IS NULL AND x.source = 'us' AND x.date <= :d), 0)"
        " - COALESCE((SELECT SUM(amount_fen) FROM payments x WHERE x.customer_id = c.id"
        " AND x.deleted_at IS NULL AND x.date <= :d), 0),"
        " (SELECT MAX(date) FROM deliveries x WHERE x.customer_id = c.id AND x.deleted_at IS NULL"
        " AND x.source = 'us' AND x.date <= :d)"
        " FROM customers c WHERE c.archived_at IS NULL AND EXISTS (SELECT 1 FROM deliveries x"
        " WHERE x.customer_id = c.id AND x.date <= :d)",
        {"d": d},
    ).fetchall()
    conn.close()
    return {r[0]: (r[1], r[2]) for r in rows}


def sheet(path, name):
    wb = openpyxl.load_workbook(path)
    return [list(r) for r in wb[name].iter_rows(min_row=2, values_only=True)]


def day_text(v):
    return v.date().isoformat() if hasattr(v, "date") else v


def test_summary_on_a_past_day_is_the_book_as_of_that_day(rep_book, tmp_path):
    now = summary(rep_book, tmp_path / "now.xlsx")
    past = summary(rep_book, tmp_path / "past.xlsx", on=PAST)
    want = owed_on(rep_book, PAST)
    got = {
        r[-1]: (int(Decimal(str(r[5])) * 100), day_text(r[9])) for r in sheet(past, "客户") if r[8]
    }
    assert got == want and sum(v[0] for v in want.values()) > 0
    now_owed = sum(int(Decimal(str(r[5])) * 100) for r in sheet(now, "客户"))
    assert now_owed != sum(v[0] for v in want.values())  # the past balance, not today's
    for r in sheet(past, "客户"):
        assert r[9] is None or day_text(r[9]) <= PAST.isoformat()  # last delivery
        assert r[10] is None or day_text(r[10]) <= PAST.isoformat()  # last contact
    assert all(day_text(r[4]) <= PAST.isoformat() for r in sheet(past, "应收"))  # oldest unpaid
    assert sum(int(Decimal(str(r[3])) * 100) for r in sheet(past, "应收")) == sum(
        v[0] for v in want.values() if v[0] > 0
    )
    # the due list is the one of that week: nothing due after PAST + 6 days
    assert sheet(past, "待办") and all(
        day_text(r[6]) <= (PAST + timedelta(days=6)).isoformat() for r in sheet(past, "待办")
    )
    # the book itself is untouched by a past summary
    book = open_book(rep_book)
    assert book.conn.execute("SELECT COUNT(*) FROM sqlite_temp_master").fetchone()[0] == 0
    book.close()
    assert sheet(summary(rep_book, tmp_path / "again.xlsx"), "客户") == sheet(now, "客户")


def test_as_of_today_recomputed_equals_the_maintained_state(rep_book, tmp_path, monkeypatch):
    """The as-of path (history shadowed, state recomputed) gives what the
    maintained tables give when nothing is dated later."""
    from salesbook.insight import as_of

    plain = summary(rep_book, tmp_path / "plain.xlsx")
    monkeypatch.setattr(as_of, "changed_after", lambda book, day: True)
    shadowed = summary(rep_book, tmp_path / "shadowed.xlsx")
    for name in ("客户", "待办", "应收", "关系金字塔"):
        assert sheet(shadowed, name) == sheet(plain, name), name


def test_summary_on_a_future_day_is_refused(rep_book, tmp_path, capsys):
    from salesbook.errors import ValidationError

    book = open_book(rep_book)
    with pytest.raises(ValidationError) as exc:
        write_summary(
            book, tmp_path / "f.xlsx", rep="赵丽", on=TODAY + timedelta(days=1), today=TODAY
        )
    book.close()
    assert "2026-03-03" in exc.value.message("zh") and not (tmp_path / "f.xlsx").exists()
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    out = tmp_path / "future.xlsx"
    code = main(["--lang", "en", "--book", str(rep_book), "export", "summary", str(out),
                 "--rep", "赵丽", "--on", tomorrow])  # fmt: skip
    assert code == 1 and not out.exists()
    err = capsys.readouterr().err
    assert tomorrow in err and "future" in err and "Traceback" not in err


def test_round_trip_export_import_report_is_stable(rep_book, tmp_path, capsys):
    """export summary -> team import -> team report --format json; a second
    export of the same day replaces the first and the report does not move."""
    team = str(tmp_path / "team.db")

    def export_import(name):
        out = str(tmp_path / name)
        assert main(["--lang", "zh", "--book", str(rep_book), "export", "summary", out, "--rep", "赵丽",
                     "--on", TODAY.isoformat()]) == 0  # fmt: skip
        assert main(["--lang", "zh", "team", "import", out, "--team", team]) == 0
        capsys.readouterr()
        assert main(["--lang", "en", "team", "report", team, "--format", "json"]) == 0
        return json.loads(capsys.readouterr().out)

    first = export_import("s1.xlsx")
    book = open_book(rep_book)
    owed = book.conn.execute(
        "SELECT SUM(balance_fen) FROM customer_state cs JOIN customers c ON c.id = cs.customer_id"
        " WHERE c.archived_at IS NULL"
    ).fetchone()[0]
    n = book.conn.execute("SELECT COUNT(*) FROM customers WHERE archived_at IS NULL").fetchone()[0]
    book.close()
    (rep,) = first["reps"]
    assert rep["customers"] == n and Decimal(rep["receivables"]) * 100 == owed
    import time

    time.sleep(1.1)  # generated_at has whole seconds: the second one is newer
    assert export_import("s2.xlsx") == first


def test_force_puts_an_older_summary_back(team_with_good, rep_book, tmp_path, capsys):
    """A team book where a bad newer summary went in (as older versions allowed,
    with no history to revert to): --force imports the good, older one again."""
    team, good = team_with_good
    before = report_json(team)
    path = team.path
    bad = edited(good, tmp_path / "bad.xlsx", keep_rows(2))
    assert import_summary(team, bad, force=True).status == "replaced"
    team.conn.execute("DELETE FROM replaced")  # what a team book of the old version looks like
    team.close()
    capsys.readouterr()
    assert main(["--lang", "zh", "team", "import", str(good), "--team", path]) == 0
    out = capsys.readouterr().out
    assert "不比团队账本里已有的" in out and "--force" in out
    assert main(["--lang", "zh", "team", "import", str(good), "--team", path, "--force"]) == 0
    with open_team(path) as t:
        assert report_json(t) == before
        assert revert_summary(t, "赵丽").customers == 2  # and the bad one is kept, too


def test_past_summary_keeps_the_level_and_customers_of_that_day(rep_book, tmp_path):
    import shutil

    from salesbook.records.customers import archive_customer
    from salesbook.records.relationship import set_level

    db = tmp_path / "copy.db"
    shutil.copy(rep_book, db)
    book = open_book(db)
    (a, a_uid, a_level), (b, b_uid, _) = book.conn.execute(
        "SELECT c.id, c.uid, c.level FROM customers c WHERE c.archived_at IS NULL AND c.level != 'confidant'"
        " AND EXISTS (SELECT 1 FROM deliveries d WHERE d.customer_id = c.id AND d.date <= ?)"
        " ORDER BY c.id LIMIT 2",
        (PAST.isoformat(),),
    ).fetchall()
    set_level(book, a, "confidant", reason="test", on=TODAY)
    archive_customer(book, b)
    book.close()
    past = {r[-1]: r for r in sheet(summary(db, tmp_path / "past.xlsx", on=PAST), "客户")}
    book = open_book(db)
    write_summary(book, tmp_path / "now.xlsx", rep="赵丽", on=date.today())  # after the changes
    book.close()
    now = {r[-1]: r for r in sheet(tmp_path / "now.xlsx", "客户")}
    from salesbook.rules.text import LEVEL_NAMES_ZH

    assert past[a_uid][3] == LEVEL_NAMES_ZH[a_level] and now[a_uid][3] == "知己"
    assert b_uid in past  # archived after PAST: still a customer then
    assert b_uid not in now
