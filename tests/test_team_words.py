"""The team report keeps its word (issue 13 part 5): --top N, the manager's
language whatever the reps wrote, years on dates of another year, conflicts
said at import, one 7-day week."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from salesbook.cli import main
from salesbook.cli.demo import build_demo
from salesbook.store.book import open_book

TODAY = date(2026, 1, 5)  # a week that starts days after the new year: items of 2025 are overdue


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """Two reps' summaries (one written in English, one in Chinese) that share a phone."""
    d = tmp_path_factory.mktemp("words")
    a, b = d / "a.db", d / "b.db"
    build_demo(a, customers=40, seed=1, today=TODAY)
    build_demo(b, customers=30, seed=2, today=TODAY)
    ba = open_book(a)
    phone = ba.conn.execute(
        "SELECT phone FROM customers WHERE phone IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    ba.close()
    bb = open_book(b)
    with bb.transaction() as conn:
        conn.execute(
            "UPDATE customers SET phone = ? WHERE id = (SELECT MIN(id) FROM customers)", (phone,)
        )
    bb.close()
    for db, rep, lang in ((a, "小王", "en"), (b, "老李", "zh")):
        assert main(["--lang", lang, "--book", str(db), "export", "summary", str(d / f"{rep}.xlsx"),
                     "--rep", rep, "--on", TODAY.isoformat()]) == 0  # fmt: skip
    return d, phone


def _import(d, capsys, lang="zh"):
    team = d / f"team-{lang}.db"
    team.unlink(missing_ok=True)
    capsys.readouterr()
    assert main(["--lang", lang, "team", "import", str(d / "小王.xlsx"), str(d / "老李.xlsx"),
                 "--team", str(team)]) == 0  # fmt: skip
    return team, capsys.readouterr()


@pytest.mark.parametrize("top", [1, 2, 5])
def test_top_n_lists_n_customers(team, capsys, top):
    d, _ = team
    path, _ = _import(d, capsys)
    assert (
        main(["--lang", "en", "team", "report", str(path), "--format", "json", "--top", str(top)])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert len(data["top_customers"]) == top
    assert all(len(r["top_customers"]) == top for r in data["reps"])
    assert main(["--lang", "zh", "team", "report", str(path), "--top", str(top)]) == 0
    out = capsys.readouterr().out
    table = out.split("重点客户", 1)[1].split("全队待办", 1)[0]
    assert sum(1 for line in table.splitlines() if "小王" in line or "老李" in line) == top


def test_report_words_are_the_managers_language_with_years(team, capsys):
    d, _ = team
    path, _ = _import(d, capsys)
    assert main(["--lang", "zh", "team", "report", str(path), "--format", "json"]) == 0
    due = json.loads(capsys.readouterr().out)["due"]
    whats = [x["what"] for x in due]
    assert whats and not [w for w in whats if re.search(r"ran out|runs out|owes|payday|contact", w)]
    # 小王 wrote in English: his items are in Chinese here too
    assert [x for x in due if x["rep"] == "小王" and "用完" in x["what"]]
    last_year = [x for x in due if x["kind"] == "resupply" and "2025年" in x["what"]]
    assert last_year and all("已于2025年" in x["what"] for x in last_year)
    assert not [w for w in whats if re.search(r"(?<!年)12月\d+日", w)]  # December means last year
    assert main(["--lang", "en", "team", "report", str(path), "--format", "json"]) == 0
    whats = [x["what"] for x in json.loads(capsys.readouterr().out)["due"]]
    assert not [w for w in whats if re.search(r"用完|欠款|发薪|联系", w)]
    assert [w for w in whats if re.search(r"ran out Dec \d+, 2025", w)]


def test_conflicts_are_said_at_import(team, capsys):
    d, _ = team
    _, out = _import(d, capsys)
    assert "也在其他业务员名下" in out.err and "小王" in out.err and "电话相同" in out.err
    _, out = _import(d, capsys, "en")
    assert "also listed under another rep" in out.err and "same phone" in out.err


def test_this_week_and_the_due_list_say_the_same_window(team, capsys):
    d, _ = team
    path, _ = _import(d, capsys)
    assert main(["--lang", "zh", "team", "report", str(path)]) == 0
    out = capsys.readouterr().out
    assert "本周 = 2026-01-05 至 2026-01-11" in out
    assert "全队待办（本周 2026-01-05 至 2026-01-11，含逾期" in out
    assert "后 6 天" not in out and "起 7 天" not in out


def test_a_team_book_of_version_2_is_upgraded_and_its_old_items_still_worded(
    team, capsys, tmp_path
):
    import sqlite3

    from salesbook.team import open_team, team_report

    d, _ = team
    path, _ = _import(d, capsys)
    conn = sqlite3.connect(path)
    for table in ("due", "replaced_due"):  # as version 2 left it: no product, no run-out
        conn.execute(f"ALTER TABLE {table} DROP COLUMN product")
        conn.execute(f"ALTER TABLE {table} DROP COLUMN runout_date")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with open_team(path, create=False) as t:
        assert t.conn.execute("PRAGMA user_version").fetchone()[0] == 3
        report = team_report(t, lang="zh")
    resupply = [x["what"] for x in report.due if x["kind"] == "resupply"]
    assert resupply and all(w.startswith("该补货了（提醒日 ") for w in resupply)
