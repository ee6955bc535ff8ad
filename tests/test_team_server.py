"""The team book on PostgreSQL (issue 17): the same report byte for byte as
SQLite, concurrent importers, row-level security per team, the server schema's
version. Runs against the throwaway server of tests/pg_support.py (skipped,
with the reason, where PostgreSQL is not installed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import psycopg
import pytest

from salesbook.cli import main
from salesbook.cli.demo import build_demo
from salesbook.errors import BookError
from salesbook.excel.summary import write_summary
from salesbook.store.book import open_book
from salesbook.team import import_summary, open_team, revert_summary, team_report
from salesbook.team_server import grant_head_office, grant_manager, redact

TODAY = date(2026, 3, 2)
REPS = ("小王", "老李", "阿芳")


@pytest.fixture(scope="module")
def summaries(tmp_path_factory):
    """Three reps' summaries (小王 twice: 02-20 and 03-02); 老李 shares a phone with 小王."""
    d = tmp_path_factory.mktemp("server")
    out = {}
    phone = None
    for seed, rep in enumerate(REPS, 1):
        db = d / f"{seed}.db"
        build_demo(db, customers=40, seed=seed, today=TODAY)
        book = open_book(db)
        if phone is None:
            phone = book.conn.execute(
                "SELECT phone FROM customers WHERE archived_at IS NULL AND phone IS NOT NULL LIMIT 1"
            ).fetchone()[0]
        elif rep == "老李":
            with book.transaction() as conn:
                conn.execute(
                    "UPDATE customers SET phone = ? WHERE id = (SELECT MIN(id) FROM customers)",
                    (phone,),
                )
        if rep == "小王":
            write_summary(book, d / "wang-old.xlsx", rep=rep, on=date(2026, 2, 20), today=TODAY)
        write_summary(book, d / f"{seed}.xlsx", rep=rep, on=TODAY, today=TODAY)
        book.close()
        out[rep] = d / f"{seed}.xlsx"
    out["小王-old"] = d / "wang-old.xlsx"
    return out


def report_json(team) -> str:
    return json.dumps(team_report(team, TODAY).to_json(), ensure_ascii=False, sort_keys=True)


def test_report_json_is_byte_identical_on_both_backends(summaries, tmp_path, pg_url, capsys):
    files = [str(summaries[k]) for k in ("小王-old", "老李", "阿芳", "小王")]
    outs = []
    for target in (str(tmp_path / "team.db"), pg_url):
        assert main(["--lang", "zh", "team", "import", *files[:3], "--team", target]) == 0
        assert main(["--lang", "zh", "team", "import", files[3], "--team", target]) == 0
        assert "替换" in capsys.readouterr().out  # 小王's newer summary replaced the older one
        assert main(["--lang", "en", "team", "report", target, "--format", "json", "--on",
                     TODAY.isoformat()]) == 0  # fmt: skip
        outs.append(capsys.readouterr().out)
    sqlite_out, pg_out = outs
    data = json.loads(pg_out)
    assert {r["rep"] for r in data["reps"]} == set(REPS)
    assert data["conflicts"] and data["due"] and data["top_customers"]
    assert pg_out == sqlite_out
    # revert works on the server too, and the report follows
    assert main(["--lang", "en", "team", "revert", "小王", "--team", pg_url]) == 0
    assert "2026-02-20" in capsys.readouterr().out
    with open_team(pg_url, create=False) as team:
        assert {r.rep: r.as_of for r in team_report(team, TODAY).reps}["小王"] == "2026-02-20"


def test_two_managers_import_at_once_both_land(summaries, pg_url):
    with open_team(pg_url):
        pass  # set up the schema first
    results, errors = {}, []

    def run(rep):
        try:
            with open_team(pg_url) as team:
                results[rep] = import_summary(team, summaries[rep]).status
        except Exception as exc:  # pragma: no cover - reported by the assert
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(rep,)) for rep in REPS]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors and results == dict.fromkeys(REPS, "imported")
    with open_team(pg_url) as team:
        assert {r.rep for r in team_report(team, TODAY).reps} == set(REPS)


def test_same_summary_twice_at_once_lands_once(summaries, pg_url):
    with open_team(pg_url):
        pass
    barrier = threading.Barrier(4)
    statuses = []

    def run():
        with open_team(pg_url) as team:
            barrier.wait()
            statuses.append(import_summary(team, summaries["阿芳"]).status)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(statuses) == ["imported", "older", "older", "older"]
    with open_team(pg_url) as team:
        n = team_report(team, TODAY).reps[0].customers
        assert team.conn.execute("SELECT COUNT(*) FROM reps").fetchone()[0] == 1
        assert team.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == n
        assert team.conn.execute("SELECT COUNT(*) FROM replaced").fetchone()[0] == 0


KILLED = """
import sys, time
import salesbook.team as team_mod
from salesbook.team import import_summary, open_team

flag, url, path = sys.argv[1:]
real = team_mod._insert

def slow_insert(conn, table, rows):
    real(conn, table, rows)
    if table == "customers":  # half-way: the old summary archived, the new customers in
        open(flag, "w").close()
        time.sleep(120)

team_mod._insert = slow_insert
import_summary(open_team(url), path)
"""


def test_importer_killed_half_way_leaves_the_previous_summary_whole(summaries, pg_url, tmp_path):
    with open_team(pg_url) as team:
        assert import_summary(team, summaries["小王-old"]).status == "imported"
        before = report_json(team)
    flag = tmp_path / "half-way"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(flag), pg_url, str(summaries["小王"])], env=env
    )
    try:
        for _ in range(600):
            if flag.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert flag.exists(), "the importer never got half-way"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with open_team(pg_url) as team:
        assert report_json(team) == before
        assert team.conn.execute("SELECT COUNT(*) FROM replaced").fetchone()[0] == 0
        # and the newer one still goes in afterwards
        assert import_summary(team, summaries["小王"]).status == "replaced"


def test_a_manager_sees_only_their_team(summaries, pg_cluster, pg_url):
    db = pg_url.split("/")[3].split("?")[0]
    for role in ("mgr_north", "mgr_south", "head_office"):
        pg_cluster.create_role(role)
    with open_team(pg_url) as team:  # the database's owner sets it up
        grant_manager(team.conn.raw, "mgr_north", "north")
        grant_head_office(team.conn.raw, "head_office")
    assert (
        main(["--lang", "en", "team", "grant", "mgr_south", "--team", pg_url, "--name", "south"])
        == 0
    )
    assert main(["--lang", "en", "team", "grant", "nobody", "--team", pg_url, "--name", "x"]) == 1
    north, south = pg_cluster.url(db, "mgr_north"), pg_cluster.url(db, "mgr_south")
    with open_team(north) as team:
        assert import_summary(team, summaries["小王-old"]).status == "imported"
        assert import_summary(team, summaries["小王"]).status == "replaced"
        assert import_summary(team, summaries["老李"]).status == "imported"
    with open_team(south) as team:
        assert import_summary(team, summaries["阿芳"]).status == "imported"
        # the north's rep, imported by the south: refused, nothing changed
        res = import_summary(team, summaries["老李"])
        assert res.status == "failed" and "别的团队" in res.message("zh")
        assert "another team" in res.message("en")
        assert [r.rep for r in team_report(team, TODAY).reps] == ["阿芳"]
    north_uids = {r[0] for r in psycopg.connect(north).execute("SELECT book_uid FROM reps")}
    assert len(north_uids) == 2
    # a plain SQL client logged in as the south's manager cannot read the north's customers
    with psycopg.connect(south) as conn:
        seen = conn.execute("SELECT DISTINCT book_uid FROM customers").fetchall()
        assert len(seen) == 1 and seen[0][0] not in north_uids
        for t in ("customers", "due", "receivables", "reps"):
            n = conn.execute(
                f"SELECT COUNT(*) FROM {t} WHERE book_uid = ANY(%s)", (list(north_uids),)
            ).fetchone()[0]
            assert n == 0, t
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(  # nor write a row for the north
                "INSERT INTO reps (book_uid, rep, period_end, file, imported_at, team)"
                " VALUES ('x', 'x', '2026-01-01', 'x', 'x', 'north')"
            )
    # head office reads every team
    with psycopg.connect(pg_cluster.url(db, "head_office")) as conn:
        assert conn.execute("SELECT COUNT(*) FROM reps").fetchone()[0] == 3
    with open_team(pg_cluster.url(db, "head_office")) as team:
        assert {r.rep for r in team_report(team, TODAY).reps} == set(REPS)
        before = report_json(team)
        assert import_summary(team, summaries["小王-old"]).status == "older"
        with pytest.raises(BookError, match="read"):  # head office reads, never writes
            revert_summary(team, "小王")
        assert report_json(team) == before


def test_a_managers_temporary_tables_do_not_stand_in_for_the_real_ones(
    summaries, pg_cluster, pg_url
):
    """Row-level security and the rep checks run functions as the database's
    owner; a manager's TEMP TABLE of the same name (team_members, reps,
    customers) must not replace the real one inside them (found in review: the
    south's manager made itself head office and read and deleted the north's
    customers)."""
    db = pg_url.split("/")[3].split("?")[0]
    for role in ("mgr_n", "mgr_s"):
        pg_cluster.create_role(role)
    with open_team(pg_url) as team:
        grant_manager(team.conn.raw, "mgr_n", "north")
        grant_manager(team.conn.raw, "mgr_s", "south")
    with open_team(pg_cluster.url(db, "mgr_n")) as team:
        assert import_summary(team, summaries["老李"]).status == "imported"
    with psycopg.connect(pg_cluster.url(db, "mgr_s"), autocommit=True) as conn:
        conn.execute("CREATE TEMP TABLE team_members (role name, team text, head_office boolean)")
        conn.execute("INSERT INTO team_members VALUES (session_user, 'north', true)")
        assert conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0
        assert conn.execute("DELETE FROM customers").rowcount == 0
        conn.execute("CREATE TEMP TABLE reps (book_uid text, team text)")
        conn.execute("INSERT INTO reps VALUES ('ghost', 'south')")
        with pytest.raises(psycopg.errors.Error):  # no rep 'ghost' in the real reps
            conn.execute(
                "INSERT INTO public.customers (book_uid, customer_uid, name, team)"
                " VALUES ('ghost', 'c1', 'x', 'south')"
            )
    with psycopg.connect(pg_url) as conn:  # the north's customers all there
        assert conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0] > 0


def test_a_newer_server_schema_is_refused(pg_url, capsys):
    with open_team(pg_url) as team:
        team.conn.execute("UPDATE team_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(BookError) as err:
        open_team(pg_url)
    assert "99" in err.value.message("en") and "newer Salesbook" in err.value.message("en")
    assert main(["--lang", "zh", "team", "report", pg_url]) == 1
    assert "更新版本" in capsys.readouterr().err


def test_unreachable_server_message_has_no_password(pg_cluster):
    url = f"postgresql://someone:s3cret@/nodb?host={pg_cluster.sock}&port=1"
    assert "s3cret" not in redact(url)
    with pytest.raises(BookError) as err:
        open_team(url)
    text = err.value.message("en")
    assert "s3cret" not in text and "pgpass" in text


def test_a_manager_cannot_set_up_the_server_and_is_told_so(pg_cluster, pg_url):
    db = pg_url.split("/")[3].split("?")[0]
    pg_cluster.create_role("mgr_early")
    with pytest.raises(BookError) as err:
        open_team(pg_cluster.url(db, "mgr_early"))
    assert err.value.key == "team_server_not_set_up" and "administrator" in err.value.message("en")
    with psycopg.connect(pg_url) as conn:  # nothing was left behind
        assert conn.execute("SELECT to_regclass('reps')").fetchone()[0] is None


def test_a_version_1_server_schema_is_migrated(summaries, pg_url):
    from salesbook.team_server import PG_SCHEMA_VERSION

    def figures(team) -> dict:  # the report but the due items' words (v3 words them from data)
        out = json.loads(report_json(team))
        for d in out["due"]:
            d.pop("what")
        return out

    with open_team(pg_url) as team:
        assert import_summary(team, summaries["阿芳"]).status == "imported"
        before = figures(team)
        team.conn.execute("DROP INDEX customers_top_rep")
        _as_v3(team, top=False)
        for t in ("due", "replaced_due"):  # as a version 1 server made them
            team.conn.execute(f"ALTER TABLE {t} DROP COLUMN product, DROP COLUMN runout_date")
        team.conn.execute("UPDATE team_meta SET value = '1' WHERE key = 'schema_version'")
    with open_team(pg_url) as team:
        version = team.conn.execute("SELECT value FROM team_meta WHERE key = 'schema_version'")
        assert int(version.fetchone()[0]) == PG_SCHEMA_VERSION == 5
        assert team.conn.execute("SELECT to_regclass('customers_top_rep')").fetchone()[0]
        assert figures(team) == before


def _as_v3(team, top: bool = True) -> None:
    """The conflict keys' indexes and the rows' foreign keys as a version 1-3 server
    made them (``top``: and the team-wide top customers' index of version 2)."""
    team.conn.execute("DROP INDEX customers_uid_book")
    team.conn.execute("DROP INDEX customers_phone_book")
    team.conn.execute("CREATE INDEX customers_uid ON customers(customer_uid)")
    team.conn.execute("CREATE INDEX customers_phone ON customers(phone)")
    if top:
        team.conn.execute(
            "CREATE INDEX customers_top ON customers"
            " ((COALESCE(value_fen, spend_fen)) DESC, name, customer_uid, book_uid)"
        )
    team.conn.execute("DROP TRIGGER reps_gone ON reps")
    team.conn.execute("DROP TRIGGER reps_key_kept ON reps")
    for t in ("customers", "due", "receivables"):
        team.conn.execute(f"DROP TRIGGER {t}_rep_in ON {t}")
        team.conn.execute(f"DROP TRIGGER {t}_rep_up ON {t}")
        team.conn.execute(f"ALTER TABLE {t} ADD FOREIGN KEY (book_uid) REFERENCES reps(book_uid)"
                          " ON DELETE CASCADE")  # fmt: skip
    for f in ("salesbook_rows_have_rep", "salesbook_rep_gone", "salesbook_rep_key_kept"):
        team.conn.execute(f"DROP FUNCTION {f}()")


def test_a_version_3_server_schema_gets_the_conflict_indexes(summaries, pg_url):
    """Migration 4 replaces the (customer_uid) and (phone) indexes by (key, book_uid)
    ones on a team book with data: the report, conflicts included, is unchanged."""
    from salesbook.team_server import PG_SCHEMA_VERSION

    def indexes(team) -> set[str]:
        return {r[0] for r in team.conn.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'customers'")}  # fmt: skip

    with open_team(pg_url) as team:
        for rep in REPS:  # 老李 shares a phone with 小王
            assert import_summary(team, summaries[rep]).status == "imported"
        before = report_json(team)
        assert json.loads(before)["conflicts"]
        _as_v3(team)
        team.conn.execute("UPDATE team_meta SET value = '3' WHERE key = 'schema_version'")
    with open_team(pg_url) as team:
        version = team.conn.execute("SELECT value FROM team_meta WHERE key = 'schema_version'")
        assert int(version.fetchone()[0]) == PG_SCHEMA_VERSION == 5
        have = indexes(team)
        assert {"customers_uid_book", "customers_phone_book"} <= have
        assert not {"customers_uid", "customers_phone", "customers_top"} & have
        assert report_json(team) == before
        assert not team.conn.execute(  # the rows' rep checked once per statement instead
            "SELECT 1 FROM pg_constraint WHERE contype = 'f' AND conrelid = 'customers'::regclass"
        ).fetchone()
        with pytest.raises(psycopg.errors.ForeignKeyViolation), team.transaction():
            team.conn.execute("INSERT INTO customers (book_uid, customer_uid, name, level)"
                              " VALUES ('no-such-book', 'x', 'x', 'friend')")  # fmt: skip
        again = import_summary(team, summaries["老李"], force=True)
        assert again.status == "replaced" and again.conflicts  # the import's own check too


def test_an_import_batch_that_grew_the_tables_vacuums_them_as_owner(
    summaries, pg_cluster, pg_url, monkeypatch
):
    """The report after a big import reads the conflict keys from the index alone:
    the owner's import vacuums and analyses the tables it grew (a manager's leaves
    them to autovacuum: VACUUM is the owner's)."""
    from salesbook import team_server
    from salesbook.team import import_summaries

    monkeypatch.setattr(team_server, "TIDY_MIN_ROWS", 10)  # (these summaries have 40 customers)
    db = pg_url.split("/")[3].split("?")[0]
    pg_cluster.create_role("mgr_vac")
    with open_team(pg_url) as team:
        grant_manager(team.conn.raw, "mgr_vac", "华北")
    with open_team(pg_cluster.url(db, "mgr_vac")) as team:
        assert import_summaries(team, [summaries["阿芳"]])[0].status == "imported"

    def vacuumed() -> set[str]:
        with psycopg.connect(pg_url) as conn:
            return {r[0] for r in conn.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL"
                " AND last_analyze IS NOT NULL")}  # fmt: skip

    assert not vacuumed() & {"customers", "due"}
    with open_team(pg_url) as team:
        assert import_summaries(team, [summaries["老李"]])[0].status == "imported"
    assert {"customers", "due"} <= vacuumed()
