"""The manager's team book: many reps' summaries combined in one SQLite file,
or in a PostgreSQL database (a ``postgresql://`` URL; ``team_server``: the
same code path and SQL over both, row-level security per team on the server).

``open_team(path)`` opens (or creates) a team book. ``import_summaries(team,
paths, progress=None)`` reads each summary workbook (``salesbook export
summary``; format in README) and stores it keyed by its book uuid: a newer
summary from the same rep *replaces* that rep's data, an older or equal one
is skipped with a note, and each file is its own transaction (a bad file
changes nothing and the others still go in). A summary that lacks a sheet or
column the report needs (``excel.summary.REQUIRED_COLUMNS``) or has a cell it
cannot use is refused naming the file, sheet, row and column; one that would
leave the rep with under half the customers is not imported unless ``force``
(status ``shrink``). Every replaced summary is kept (tables ``replaced``,
``replaced_*``): ``revert_summary(team, rep)`` brings the last one back and
keeps the current one in its place. ``team_report(team, on=None)``
returns per-rep figures (customers, due this week, overdue, receivables,
pyramid vs the 100:50:10:4 guideline, top customers by value), the team-wide
due list and the conflicts: a customer (same uid, or same phone) listed under
two reps is reported, never merged silently.

The desktop's Team window uses the same calls (``progress(done, total, file)``
may raise to cancel between files).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from .errors import BookError, SalesbookError
from .excel.export import KIND, STATUS
from .excel.summary import read_summary
from .records.relationship import guideline_for
from .rules.text import LEVELS, fen_to_str, normalize, parse_level
from .store.book import now_iso

log = logging.getLogger(__name__)

TEAM_FORMAT = "salesbook-team"
TEAM_VERSION = (
    3  # 2: the replaced summaries are kept (replaced, replaced_*); 3: due.product, due.runout_date
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS team_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reps (
    book_uid TEXT PRIMARY KEY,
    rep TEXT NOT NULL,
    period_start TEXT,
    period_end TEXT NOT NULL,
    generated_at TEXT,
    salesbook_version TEXT,
    format_version INTEGER,
    file TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    customers INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS customers (
    book_uid TEXT NOT NULL REFERENCES reps(book_uid) ON DELETE CASCADE,
    customer_uid TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT,
    area TEXT,
    level TEXT NOT NULL,
    household_size INTEGER,
    balance_fen INTEGER NOT NULL DEFAULT 0,
    spend_fen INTEGER NOT NULL DEFAULT 0,
    period_spend_fen INTEGER NOT NULL DEFAULT 0,
    deliveries INTEGER NOT NULL DEFAULT 0,
    last_delivery TEXT,
    last_contact TEXT,
    value_fen INTEGER,
    value_tier TEXT,
    PRIMARY KEY (book_uid, customer_uid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS customers_uid ON customers(customer_uid);
CREATE INDEX IF NOT EXISTS customers_phone ON customers(phone);
CREATE TABLE IF NOT EXISTS due (
    book_uid TEXT NOT NULL REFERENCES reps(book_uid) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    customer_uid TEXT,
    customer TEXT NOT NULL,
    phone TEXT,
    area TEXT,
    what TEXT,
    due_date TEXT NOT NULL,
    amount_fen INTEGER,
    product TEXT,
    runout_date TEXT
);
CREATE INDEX IF NOT EXISTS due_book ON due(book_uid, due_date);
CREATE INDEX IF NOT EXISTS due_date ON due(due_date);
CREATE TABLE IF NOT EXISTS receivables (
    book_uid TEXT NOT NULL REFERENCES reps(book_uid) ON DELETE CASCADE,
    customer_uid TEXT,
    customer TEXT NOT NULL,
    phone TEXT,
    balance_fen INTEGER NOT NULL,
    oldest_unpaid TEXT,
    collect_date TEXT
);
CREATE INDEX IF NOT EXISTS receivables_book ON receivables(book_uid);
"""
# Each table's columns in order: a replaced summary is copied row for row into
# replaced / replaced_* (untyped columns keep every value exactly as it was).
_COLS = {
    "reps": "book_uid, rep, period_start, period_end, generated_at, salesbook_version, format_version,"
    " file, imported_at, customers",
    "customers": "book_uid, customer_uid, name, phone, area, level, household_size, balance_fen,"
    " spend_fen, period_spend_fen, deliveries, last_delivery, last_contact, value_fen, value_tier",
    "due": "book_uid, kind, status, customer_uid, customer, phone, area, what, due_date, amount_fen,"
    " product, runout_date",
    "receivables": "book_uid, customer_uid, customer, phone, balance_fen, oldest_unpaid, collect_date",
}
_CHILDREN = ("customers", "due", "receivables")
_SCHEMA += f"""
CREATE TABLE IF NOT EXISTS replaced (version INTEGER PRIMARY KEY, replaced_at TEXT NOT NULL, {_COLS["reps"]});
CREATE INDEX IF NOT EXISTS replaced_book ON replaced(book_uid, version);
""" + "".join(
    f"CREATE TABLE IF NOT EXISTS replaced_{t} (version INTEGER NOT NULL REFERENCES replaced(version)"
    f" ON DELETE CASCADE, {_COLS[t]});\n"
    f"CREATE INDEX IF NOT EXISTS replaced_{t}_version ON replaced_{t}(version);\n"
    for t in _CHILDREN
)


class TeamBook:
    """A team book on either backend: ``conn`` is a ``team_server`` backend
    (``execute`` with ``?`` placeholders, ``insert_many``, ``transaction``)."""

    def __init__(self, conn, path: str):
        self.conn = conn
        self.path = path  # the file, or the server URL without password

    @property
    def server(self) -> bool:
        return self.conn.kind == "pg"

    def transaction(self, lock: str | None = None):
        return self.conn.transaction(lock)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> TeamBook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_team(path: str | Path, create: bool = True) -> TeamBook:
    """Open (or create) a team book: a SQLite file, or a ``postgresql://`` URL
    (``salesbook.team_server``: the server schema is migrated, a newer one is
    refused). A Salesbook rep book or another file is refused."""
    from .team_server import SqliteBackend, is_server_url

    p = str(path)
    if is_server_url(p):
        return _open_server(p, create)
    if p != ":memory:" and not Path(p).exists() and not create:
        raise BookError("book_missing", path=p)
    if p != ":memory:":  # every rep's customers: readable by the manager only (0600)
        from .store import private

        with contextlib.suppress(OSError):
            if not Path(p).exists():
                private.create_file(p)
        private.restrict(p)
    try:
        conn = sqlite3.connect(p, isolation_level=None, check_same_thread=False, timeout=5)
        conn.execute("PRAGMA foreign_keys = ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BookError("team_not_team", path=p) from exc
    if tables and "team_meta" not in tables:
        conn.close()
        raise BookError("team_not_team", path=p)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > TEAM_VERSION:
        conn.close()
        raise BookError("book_too_new", path=p, version=version, known=TEAM_VERSION)
    if version < TEAM_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        for stmt in _SCHEMA.split(";"):
            if stmt.strip():
                conn.execute(stmt)
        for table in ("due", "replaced_due"):  # 2 -> 3: what the report words a due item from
            have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            for col in ("product", "runout_date"):
                if col not in have:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {col} TEXT")
        conn.execute("INSERT OR REPLACE INTO team_meta VALUES ('format', ?)", (TEAM_FORMAT,))
        conn.execute("INSERT OR IGNORE INTO team_meta VALUES ('created_at', ?)", (now_iso(),))
        conn.execute(f"PRAGMA user_version = {TEAM_VERSION}")
        conn.execute("COMMIT")
    if p != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return TeamBook(SqliteBackend(conn), p)


def _open_server(url: str, create: bool) -> TeamBook:
    from .team_server import PgBackend, connect, migrate, redact

    conn = connect(url)
    try:
        migrate(conn, url, create=create)
    except BaseException:
        conn.close()
        raise
    return TeamBook(PgBackend(conn), redact(url))


# -- import ------------------------------------------------------------------


@dataclass
class TeamImport:
    file: str
    rep: str = ""
    book_uid: str = ""
    on: str = ""
    customers: int = 0
    status: str = "imported"  # imported | replaced | older | shrink (not imported) | failed
    error: SalesbookError | None = None
    have: str = ""
    before: int = 0  # customers of the summary it replaces (or would replace)
    conflicts: list = field(
        default_factory=list
    )  # Conflicts of this rep's customers, said at import

    def conflict_message(self, lang: str | None = None, show: int = 5) -> str:
        """One line naming the customers of this summary that another rep also has ("" if none)."""
        from .i18n import t

        if not self.conflicts:
            return ""
        parts = []
        for c in self.conflicts[:show]:
            mine = next((e for e in c.entries if e["book_uid"] == self.book_uid), c.entries[0])
            others = "、".join(
                sorted({e["rep"] for e in c.entries if e["book_uid"] != self.book_uid})
            )
            by = t("team_by_phone" if c.by == "phone" else "team_by_uid", lang=lang)
            parts.append(t("team_conflict_one", lang=lang, name=mine["name"], others=others, by=by))
        sep = "; " if (lang or "") == "en" else "；"
        who = sep.join(parts)
        if len(self.conflicts) > show:
            who += sep + t("team_conflict_more", lang=lang, n=len(self.conflicts) - show)
        return t(
            "team_conflicts_at_import", lang=lang, file=self.file, n=len(self.conflicts), who=who
        )

    def message(self, lang: str | None = None) -> str:
        from .i18n import t

        if self.error is not None:
            return self.error.message(lang)
        if self.status == "older":
            return t(
                "team_older", lang=lang, file=self.file, rep=self.rep, on=self.on, have=self.have
            )
        if self.status == "shrink":
            return t("team_shrink", lang=lang, file=self.file, rep=self.rep, on=self.on,
                     customers=self.customers, before=self.before, gone=self.before - self.customers)  # fmt: skip
        key = "team_replaced" if self.status == "replaced" else "team_imported"
        return t(key, lang=lang, rep=self.rep, file=self.file, customers=self.customers, on=self.on)


def _fen(v) -> int | None:
    if v is None or v == "":
        return None
    if isinstance(v, int | float):
        return int((Decimal(repr(float(v))) * 100).to_integral_value())
    from .rules.text import parse_money_fen

    try:
        return parse_money_fen(v)
    except SalesbookError:
        return None


def _int(v) -> int | None:
    if v is None or v == "":
        return None
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return None


def _day(v) -> str | None:
    if v is None or v == "":
        return None
    from .rules.text import parse_date  # dates, datetimes and text alike

    try:
        return parse_date(v).isoformat()
    except SalesbookError:
        return None


def _text(v) -> str | None:
    if isinstance(v, float) and v == int(v):
        v = int(v)
    s = normalize(v)
    return s or None


def _level(v) -> str:
    try:
        return parse_level(v)
    except SalesbookError:
        return "passerby"


_KIND_CODES = {name: code for code, pair in KIND.items() for name in (*pair, code)}
_STATUS_CODES = {name: code for code, pair in STATUS.items() for name in (*pair, code)}


def import_summaries(team: TeamBook, paths, progress=None, force: bool = False) -> list[TeamImport]:
    """Import summary workbooks; returns one TeamImport per file (see the module doc)."""
    out = []
    paths = list(paths)
    for n, path in enumerate(paths, 1):
        out.append(import_summary(team, path, force=force))
        if progress:
            progress(n, len(paths), str(path))
    if any(r.status in ("imported", "replaced") for r in out):
        # a server's tables that grew a lot: vacuumed for the report. Only a help:
        # every summary is committed by now, so a vacuum that fails (a timeout, a
        # cancel, an old server) must not hide what was imported.
        try:
            team.conn.tidy()
        except Exception:  # noqa: BLE001 - psycopg's errors; the imports stand
            log.warning("team book: vacuum after the imports failed", exc_info=True)
    return out


def _money_fen(v) -> int | None:
    """A money cell in fen; None when blank; ValueError when it is not money."""
    if v is None or v == "":
        return None
    fen = _fen(v)
    if fen is None:
        raise ValueError(v)
    return fen


_MEMO_TYPES = frozenset((str, float, date))  # never equal to a value of another of them
_MISS = object()


def _memo(convert):
    """``convert`` of one cell, remembered per value for text, numbers and dates
    (a value ``convert`` refuses is not remembered: it raises each time)."""
    cache: dict = {}

    def get(v):
        if type(v) not in _MEMO_TYPES:
            return convert(v)
        out = cache.get(v, _MISS)
        if out is _MISS:
            out = cache[v] = convert(v)
        return out

    return get


def _uid(v) -> str | None:
    """A uid cell as ``_text`` (unique: not remembered), in lower case; None when blank."""
    if type(v) is str and v.isascii():  # NFKC leaves ASCII as it is
        return v[:10_000].strip().lower() or None
    return (_text(v) or "").lower() or None


def _phone(v) -> str | None:
    """A phone cell as ``_text`` (mostly unique: not remembered)."""
    if type(v) is str and v.isascii():
        return v[:10_000].strip() or None
    return _text(v)


class _Rows:
    """Turns a summary's records into team-book rows; a cell the report cannot
    use is a FileProblem that names the file, sheet, row and column."""

    def __init__(self, summary, lang: str):
        from .excel.summary import SHEETS

        self.file, self.lang = summary.file, lang
        self.sheets = {k: v[1] if lang == "en" else v[0] for k, v in SHEETS.items()}
        # one summary repeats its areas, levels, dates and amounts: each cell value
        # is converted once (a 2,000-customer summary has some 60,000 cells)
        self.as_text, self.as_day = _memo(_text), _memo(_day)
        self.as_int, self.as_level, self.as_fen = _memo(_int), _memo(_level), _memo(_money_fen)

    def problem(self, sheet: str, rec: dict, key: str, value, why: str):
        from .excel.read import FileProblem
        from .excel.summary import ROW, column_label

        return FileProblem(f"team_cell_{why}", file=self.file, sheet=self.sheets[sheet], row=rec.get(ROW),
                           column=f"“{column_label(sheet, key, self.lang)}”({key})",
                           value="" if value is None else str(value))  # fmt: skip

    def money(self, sheet: str, rec: dict, key: str, required: bool = False) -> int | None:
        v = rec.get(key)
        try:
            fen = self.as_fen(v)
        except ValueError:
            raise self.problem(sheet, rec, key, v, "money") from None
        if fen is None and required:
            raise self.problem(sheet, rec, key, v, "blank")
        return fen

    def text(self, sheet: str, rec: dict, key: str) -> str:
        v = self.as_text(rec.get(key))
        if not v:
            raise self.problem(sheet, rec, key, rec.get(key), "blank")
        return v

    def day(self, sheet: str, rec: dict, key: str) -> str:
        v = self.as_day(rec.get(key))
        if not v:
            raise self.problem(sheet, rec, key, rec.get(key), "date")
        return v


def _summary_rows(s, book_uid: str) -> tuple[list, list, list]:
    """(customers, due, receivables) rows of a summary, checked (see ``_Rows``)."""
    from .excel.read import FileProblem

    lang = "en" if str(s.meta.get("lang") or "").strip().lower() == "en" else "zh"
    rows = _Rows(s, lang)
    text, day, num, level = rows.as_text, rows.as_day, rows.as_int, rows.as_level
    need_text, need_day, money = rows.text, rows.day, rows.money
    cust_rows, seen = [], set()
    for c in s.customers:
        uid = _uid(c.get("customer_uid"))
        if not uid:
            raise rows.problem("customers", c, "customer_uid", c.get("customer_uid"), "blank")
        if uid in seen:
            raise rows.problem("customers", c, "customer_uid", uid, "duplicate")
        seen.add(uid)
        cust_rows.append((
            book_uid, uid, need_text("customers", c, "name"), _phone(c.get("phone")), text(c.get("area")),
            level(c.get("level")), num(c.get("household_size")),
            money("customers", c, "balance", required=True),
            money("customers", c, "spend_total", required=True),
            money("customers", c, "spend_period") or 0,
            num(c.get("deliveries")) or 0, day(c.get("last_delivery")), day(c.get("last_contact")),
            money("customers", c, "value"), text(c.get("value_tier")),
        ))  # fmt: skip
    stated = _int(s.meta.get("customers"))
    if stated is not None and stated != len(cust_rows):
        raise FileProblem("team_count_mismatch", file=s.file, stated=stated, rows=len(cust_rows),
                          sheet=rows.sheets["customers"])  # fmt: skip
    due_rows = []
    for d in s.due:
        kind = need_text("due", d, "kind")
        status = need_text("due", d, "status")
        due_rows.append((
            book_uid, _KIND_CODES.get(kind, kind), _STATUS_CODES.get(status, status),
            _uid(d.get("customer_uid")), need_text("due", d, "customer"),
            _phone(d.get("phone")), text(d.get("area")), text(d.get("what")), need_day("due", d, "due_date"),
            money("due", d, "amount"), text(d.get("product")), day(d.get("runout_date")),
        ))  # fmt: skip
    rec_rows = [
        (book_uid, _uid(r.get("customer_uid")), text(r.get("customer")),
         _phone(r.get("phone")), money("receivables", r, "balance") or 0, day(r.get("oldest_unpaid")),
         day(r.get("collect_date")))
        for r in s.receivables if text(r.get("customer"))
    ]  # fmt: skip
    return cust_rows, due_rows, rec_rows


def _insert(conn, table: str, rows: list) -> None:
    conn.insert_many(table, _COLS[table], rows)


def _archive(conn, book_uid: str) -> int | None:
    """Keep the rep's current summary in ``replaced``; returns its version (None: nothing there)."""
    row = conn.execute(
        f"INSERT INTO replaced (replaced_at, {_COLS['reps']}) SELECT ?, {_COLS['reps']} FROM reps"
        " WHERE book_uid = ? RETURNING version",
        (now_iso(), book_uid),
    ).fetchone()
    if row is None:
        return None
    version = row[0]
    order = {"customers": "customer_uid", "due": conn.rowid, "receivables": conn.rowid}
    for t in _CHILDREN:
        conn.execute(
            f"INSERT INTO replaced_{t} (version, {_COLS[t]}) SELECT ?, {_COLS[t]} FROM {t}"
            f" WHERE book_uid = ? ORDER BY {order[t]}",
            (version, book_uid),
        )
    _delete_current(conn, book_uid)
    return version


def _delete_current(conn, book_uid: str) -> None:
    for table in ("due", "receivables", "customers", "reps"):
        conn.execute(f"DELETE FROM {table} WHERE book_uid = ?", (book_uid,))


def import_summary(team: TeamBook, path, force: bool = False) -> TeamImport:
    """Import one summary (one transaction). A summary with far fewer customers
    than the one it would replace (under half) is not imported unless ``force``
    (status ``shrink``), nor one not newer than the one there (``older``);
    ``force`` imports either. The summary it replaces is kept (``revert_summary``)."""
    name = Path(path).name
    res = TeamImport(name)
    have: list = []

    def newer(meta: dict) -> bool:
        old = team.conn.execute(
            "SELECT period_end, generated_at FROM reps WHERE book_uid = ?",
            (str(_text(meta.get("book_uid")) or "").lower(),),
        ).fetchone()
        on = _day(meta.get("period_end")) or ""
        if old is not None and (on, str(meta.get("generated_at") or "")) <= (old[0], old[1] or ""):
            have.append(old[0])
            return False
        return True

    try:
        s = read_summary(path, newer_than=None if force else newer)
    except SalesbookError as exc:
        res.status, res.error = "failed", exc
        return res
    if not s.complete:  # not newer than what the team book has: skipped after its 说明 sheet
        res.rep, res.on = str(_text(s.meta.get("rep")) or ""), _day(s.meta.get("period_end")) or ""
        res.status, res.have = "older", have[0]
        return res
    meta = s.meta
    res.rep = str(_text(meta.get("rep")) or "")
    res.book_uid = str(_text(meta.get("book_uid")) or "").lower()
    res.on = _day(meta.get("period_end")) or ""
    if not res.on:
        from .excel.read import FileProblem

        res.status, res.error = (
            "failed",
            FileProblem("team_bad_summary", file=name, detail="period_end"),
        )
        return res
    try:
        cust_rows, due_rows, rec_rows = _summary_rows(s, res.book_uid)
    except SalesbookError as exc:
        res.status, res.error = "failed", exc
        return res
    res.customers = len(cust_rows)
    generated = str(meta.get("generated_at") or "")
    from .team_server import retryable

    try:
        for attempt in range(5):
            try:
                return _store_summary(
                    team, res, meta, path, generated, force, cust_rows, due_rows, rec_rows
                )
            except Exception as exc:
                if attempt == 4 or not retryable(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))  # a deadlock or serialization failure: again
    except Exception as exc:
        if not _other_team(exc):
            raise
        res.status, res.error = (
            "failed",
            BookError("team_server_other_team", file=name, rep=res.rep),
        )
        return res


def _other_team(exc: Exception) -> bool:
    """True when the server refused a summary whose book uid is another team's
    (row-level security hides that rep; the unique key still holds)."""
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(exc, psycopg.errors.UniqueViolation | psycopg.errors.InsufficientPrivilege)


def _store_summary(team, res, meta, path, generated, force, cust_rows, due_rows, rec_rows):
    """The import's one transaction; the summary's book uid is locked while it runs."""
    conn = team.conn
    res.status, res.before = "imported", 0  # (again, when a retry runs it twice)
    with team.transaction(lock=res.book_uid):
        old = conn.execute(
            "SELECT period_end, generated_at, customers FROM reps WHERE book_uid = ?",
            (res.book_uid,),
        ).fetchone()
        if old is not None:
            if (res.on, generated) <= (old[0], old[1] or "") and not force:
                res.status, res.have = "older", old[0]
                return res
            res.before = old[2] or 0
            if res.customers * 2 < res.before and not force:
                res.status = "shrink"
                return res
            res.status = "replaced"
            _archive(conn, res.book_uid)
        _insert(conn, "reps", [(
            res.book_uid, res.rep, _day(meta.get("period_start")), res.on, generated,
            _text(meta.get("salesbook_version")), _int(meta.get("format_version")), str(path), now_iso(),
            res.customers,
        )])  # fmt: skip
        _insert(conn, "customers", cust_rows)
        _insert(conn, "due", due_rows)
        _insert(conn, "receivables", rec_rows)
    res.conflicts = conflicts(team, book_uid=res.book_uid)
    return res


# -- bringing a replaced summary back ------------------------------------------


@dataclass
class Reverted:
    """What ``revert_summary`` did: the rep's summary as of ``on`` (``customers``)
    is back; the one as of ``was_on`` (``was_customers``) is kept in its place."""

    rep: str
    book_uid: str
    on: str
    customers: int
    was_on: str
    was_customers: int

    def message(self, lang: str | None = None) -> str:
        from .i18n import t

        return t("team_reverted", lang=lang, **asdict(self))


def find_rep(team: TeamBook, who: str) -> str:
    """The book uid of a rep named ``who`` (or of the book uid ``who``). Raises
    ValidationError when there is none, or several reps of that name."""
    from .errors import ValidationError

    key = normalize(who)
    rows = team.conn.execute(
        "SELECT book_uid, rep FROM reps WHERE book_uid = ? OR rep = ? ORDER BY book_uid",
        (key.lower(), key),
    ).fetchall()
    if not rows:
        names = (
            "、".join(r[0] for r in team.conn.execute("SELECT rep FROM reps ORDER BY rep")) or "-"
        )
        raise ValidationError("team_rep_unknown", field="rep", value=who, reps=names)
    if len(rows) > 1:
        raise ValidationError("team_rep_ambiguous", field="rep", value=who,
                              uids="、".join(r[0] for r in rows))  # fmt: skip
    return rows[0][0]


def previous_summaries(team: TeamBook) -> dict[str, dict]:
    """Per book uid with a replaced summary kept: the latest one's ``on``,
    ``customers``, ``file``, and ``count`` (how many are kept)."""
    return {
        r[0]: {"on": r[1], "customers": r[2], "file": r[3], "count": r[4]}
        for r in team.conn.execute(
            "SELECT book_uid, period_end, customers, file, n FROM (SELECT *, COUNT(*) OVER w AS n,"
            " ROW_NUMBER() OVER (w ORDER BY version DESC) AS k FROM replaced"
            " WINDOW w AS (PARTITION BY book_uid)) AS latest WHERE k = 1"
        )
    }


def revert_summary(team: TeamBook, who: str) -> Reverted:
    """Bring back the rep's summary that the current one replaced (one
    transaction); the current one is kept, so reverting again brings it back.
    On a server, a role that may only read (head office) is refused (BookError)."""
    try:
        return _revert(team, who)
    except Exception as exc:
        if not _other_team(exc):
            raise
        raise BookError("team_server_read_only", path=team.path) from exc


def _revert(team: TeamBook, who: str) -> Reverted:
    from .errors import ValidationError

    conn = team.conn
    with team.transaction():
        book_uid = find_rep(team, who)
        rep, was_on, was_n = conn.execute(
            "SELECT rep, period_end, customers FROM reps WHERE book_uid = ?", (book_uid,)
        ).fetchone()
        last = conn.execute(
            "SELECT MAX(version) FROM replaced WHERE book_uid = ?", (book_uid,)
        ).fetchone()[0]
        if last is None:
            raise ValidationError("team_revert_nothing", field="rep", value=who, rep=rep)
        _archive(conn, book_uid)
        conn.execute(
            f"INSERT INTO reps ({_COLS['reps']}) SELECT {_COLS['reps']} FROM replaced WHERE version = ?",
            (last,),
        )
        for t in _CHILDREN:
            conn.execute(
                f"INSERT INTO {t} ({_COLS[t]}) SELECT {_COLS[t]} FROM replaced_{t} WHERE version = ?"
                f" ORDER BY {conn.rowid}",
                (last,),
            )
            conn.execute(f"DELETE FROM replaced_{t} WHERE version = ?", (last,))
        conn.execute("DELETE FROM replaced WHERE version = ?", (last,))
        rep, on, n = conn.execute(
            "SELECT rep, period_end, customers FROM reps WHERE book_uid = ?", (book_uid,)
        ).fetchone()
    return Reverted(rep, book_uid, on, n, was_on, was_n)


# -- the report --------------------------------------------------------------


@dataclass
class RepFigures:
    rep: str
    book_uid: str
    as_of: str
    customers: int
    due_this_week: int
    overdue: int
    receivables_fen: int
    owing_customers: int
    pyramid: dict[str, int]
    guideline: dict[str, float]
    top_customers: list[dict]


@dataclass
class Conflict:
    """One customer under two or more reps: matched by uid or by phone."""

    by: str  # uid | phone
    key: str
    entries: list[dict]  # rep, book_uid, customer_uid, name, phone


@dataclass
class TeamReport:
    on: str
    week_end: str = ""  # "this week" and the due list: ``on`` .. ``week_end`` (7 days), overdue too
    reps: list[RepFigures] = field(default_factory=list)
    due: list[dict] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    top_customers: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    # per book uid, the latest replaced summary kept (``previous_summaries``); not in the JSON
    previous: dict[str, dict] = field(default_factory=dict)

    def to_json(self) -> dict:
        d = asdict(self)
        d.pop("seconds")
        d.pop("previous")
        for r in d["reps"]:
            r["receivables"] = fen_to_str(r.pop("receivables_fen"))
            for t in r["top_customers"]:
                t.pop("value_fen"), t.pop("spend_fen")
        for t in d["top_customers"]:
            t.pop("value_fen"), t.pop("spend_fen")
        for item in d["due"]:
            item["amount"] = (
                fen_to_str(item.pop("amount_fen")) if item.get("amount_fen") is not None else None
            )
            item.pop("amount_fen", None)
        return d


def team_report(
    team: TeamBook,
    on: date | None = None,
    top: int = 5,
    due_limit: int = 500,
    lang: str | None = None,
) -> TeamReport:
    """Per-rep figures, the team-wide due list and the conflicts (see the module doc).

    ``on`` (default: the latest summary date) sets "this week" (``on`` .. ``on + 6``)
    and "overdue" (due before ``on``). ``top`` customers per rep and for the team.
    Each due item's ``what`` is worded in ``lang`` (default: the current language)
    from its kind, product, dates and amount, whatever language the rep wrote in."""
    from .i18n import current_language

    lang = lang or current_language()
    started = time.perf_counter()
    conn = team.conn
    if on is None:
        latest = conn.execute("SELECT MAX(period_end) FROM reps").fetchone()[0]
        on = date.fromisoformat(latest) if latest else date.today()
    on_s, week = on.isoformat(), (on + timedelta(days=6)).isoformat()
    report = TeamReport(on_s, week)
    # per rep in two grouped queries (not four queries a rep: 300 reps on a server)
    dues = {
        r[0]: (int(r[1]), int(r[2]))
        for r in conn.execute(
            "SELECT book_uid, COUNT(*) FILTER (WHERE due_date BETWEEN ? AND ?),"
            " COUNT(*) FILTER (WHERE due_date < ?) FROM due GROUP BY book_uid",
            (on_s, week, on_s),
        )
    }
    owed: dict[str, tuple[int, int]] = {}
    levels: dict[str, dict[str, int]] = {}
    for book_uid, level, count, rep_owed, owing in conn.execute(  # one pass over the customers
        "SELECT book_uid, level, COUNT(*), COALESCE(SUM(balance_fen), 0),"
        " COUNT(*) FILTER (WHERE balance_fen > 0) FROM customers GROUP BY book_uid, level"
    ):
        levels.setdefault(book_uid, {})[level] = int(count)
        had = owed.get(book_uid, (0, 0))
        owed[book_uid] = (had[0] + int(rep_owed), had[1] + int(owing))
    for book_uid, rep, as_of, n in conn.execute(
        "SELECT book_uid, rep, period_end, customers FROM reps ORDER BY rep, book_uid"
    ).fetchall():
        due_week, overdue = dues.get(book_uid, (0, 0))
        rep_owed, owing = owed.get(book_uid, (0, 0))
        pyr = dict.fromkeys(LEVELS, 0)
        pyr.update(levels.get(book_uid, {}))
        guide = {k: round(v, 1) for k, v in guideline_for(sum(pyr.values())).items()}
        tops = _top(conn, top, book_uid)
        report.reps.append(
            RepFigures(
                rep, book_uid, as_of, int(n), due_week, overdue, rep_owed, owing, pyr, guide, tops
            )
        )
    # the team's top customers are among the reps' own tops (one order: value,
    # name, uid, book uid; str order is the byte order both backends sort by)
    report.top_customers = [dict(t) for _, t in sorted(
        ((-t["value_fen"], t["name"], t["customer_uid"], r.book_uid), t)
        for r in report.reps for t in r.top_customers)][:top]  # fmt: skip
    report.due = [
        {"rep": r[0], "kind": r[1], "status": r[2], "customer_uid": r[3], "customer": r[4], "phone": r[5],
         "area": r[6], "what": due_words(r[1], r[10], r[11], r[8], r[9], r[12], on, lang),
         "due_date": r[8], "amount_fen": r[9]}
        for r in conn.execute(
            "SELECT p.rep, d.kind, d.status, d.customer_uid, d.customer, d.phone, d.area, d.what, d.due_date,"
            " d.amount_fen, d.product, d.runout_date, c.last_contact"
            " FROM due d JOIN reps p ON p.book_uid = d.book_uid"
            " LEFT JOIN customers c ON c.book_uid = d.book_uid AND c.customer_uid = d.customer_uid"
            " WHERE d.due_date <= ?"
            " ORDER BY d.due_date, p.rep, d.customer, d.kind, d.what, d.customer_uid, d.book_uid LIMIT ?",
            (week, due_limit),
        )
    ]  # fmt: skip
    report.conflicts = conflicts(team)
    report.previous = previous_summaries(team)
    report.seconds = time.perf_counter() - started
    return report


def due_words(kind: str, product, runout, due_date: str, amount_fen, last_contact, on: date,
              lang: str) -> str:  # fmt: skip
    """A team due item in the report's language, from its data (never the rep's own
    words): 大米 已于2025年12月20日用完 / owes ¥480.00, payday passed / 35天未联系."""
    from types import SimpleNamespace

    from .excel.export import day_text, describe

    due = date.fromisoformat(due_date)
    if kind == "resupply" and not (product and runout):  # a summary from before 0.x: no product
        d = day_text(due, on, lang)
        return f"resupply due (remind on {d})" if lang == "en" else f"该补货了（提醒日 {d}）"
    until = date.fromisoformat(runout) if kind == "resupply" else due
    item = SimpleNamespace(kind=kind, product=product, runout_date=runout, due_date=due_date,
                           days_left=(until - on).days, amount_fen=amount_fen, amount=None,
                           last_contact=last_contact)  # fmt: skip
    if kind == "collect" and amount_fen is None:
        item.amount_fen = 0
    return describe(item, on, lang)


def _top(conn, n: int, book_uid: str | None) -> list[dict]:
    where = "WHERE c.book_uid = ?" if book_uid else ""
    params = (book_uid, n) if book_uid else (n,)
    return [
        {"rep": r[0], "customer_uid": r[1], "name": r[2], "area": r[3], "level": r[4],
         "value": fen_to_str(r[5]), "value_source": r[6], "spend_total": fen_to_str(r[7]),
         "value_fen": r[5], "spend_fen": r[7]}
        for r in conn.execute(
            "SELECT p.rep, c.customer_uid, c.name, c.area, c.level, COALESCE(c.value_fen, c.spend_fen),"
            " CASE WHEN c.value_fen IS NULL THEN 'spend' ELSE 'value' END, c.spend_fen"
            f" FROM customers c JOIN reps p ON p.book_uid = c.book_uid {where}"
            " ORDER BY COALESCE(c.value_fen, c.spend_fen) DESC, c.name, c.customer_uid, c.book_uid LIMIT ?",
            params,
        )
    ]  # fmt: skip


def conflicts(team: TeamBook, limit: int = 1000, book_uid: str | None = None) -> list[Conflict]:
    """Customers listed under two or more reps (same uid, or same phone); with
    ``book_uid``, only those of that rep's book."""
    conn = team.conn
    out: list[Conflict] = []
    seen: set[tuple[str, str]] = set()
    for by, col in (("uid", "customer_uid"), ("phone", "phone")):
        if book_uid:
            # the rep's own keys, each looked up in the (key, book_uid) index: not a
            # scan of every rep's customers at each import. A subquery per key, not
            # EXISTS: a server that has not analysed the table yet would plan EXISTS
            # as a hash join over every customer, at each import (sorted and made
            # distinct here: an ORDER BY would walk the whole key index instead)
            keys = sorted({r[0] for r in conn.execute(
                f"SELECT c.{col} FROM customers c WHERE c.book_uid = ? AND c.{col} != ''"
                f" AND (SELECT o.book_uid FROM customers o WHERE o.{col} = c.{col}"
                f" AND o.book_uid <> c.book_uid LIMIT 1) IS NOT NULL",
                (book_uid,),
            )})[:limit]  # fmt: skip
        else:
            keys = [r[0] for r in conn.execute(
                f"SELECT {col} FROM customers WHERE {col} IS NOT NULL AND {col} != ''"
                f" GROUP BY {col} HAVING MIN(book_uid) <> MAX(book_uid) ORDER BY {col} LIMIT ?",
                (limit,),
            )]  # fmt: skip
        for key in keys:
            entries = [
                {"rep": r[0], "book_uid": r[1], "customer_uid": r[2], "name": r[3], "phone": r[4]}
                for r in conn.execute(
                    "SELECT p.rep, c.book_uid, c.customer_uid, c.name, c.phone FROM customers c"
                    f" JOIN reps p ON p.book_uid = c.book_uid WHERE c.{col} = ?"
                    " ORDER BY p.rep, c.book_uid, c.customer_uid",
                    (key,),
                )
            ]
            ident = tuple(sorted(f"{e['book_uid']}:{e['customer_uid']}" for e in entries))
            if (by, "|".join(ident)) in seen or ("uid", "|".join(ident)) in seen:
                continue
            seen.add((by, "|".join(ident)))
            out.append(Conflict(by, key, entries))
    return out


def write_report_xlsx(report: TeamReport, path, lang: str = "zh") -> None:
    """The report as a workbook: 团队 (per rep), 待办, 重点客户, 冲突."""
    from .excel.write import Col, new_workbook, save_workbook, write_sheet
    from .rules.text import LEVEL_NAMES_EN, LEVEL_NAMES_ZH

    en = lang == "en"
    levels = LEVEL_NAMES_EN if en else LEVEL_NAMES_ZH
    wb = new_workbook(path)
    cols = [Col("业务员", "Rep"), Col("截至", "As of", "date"), Col("客户数", "Customers", "int"),
            Col("本周到期", "Due this week", "int"), Col("逾期", "Overdue", "int"),
            Col("应收", "Receivables", "money"), Col("欠款客户", "Owing", "int")]  # fmt: skip
    for k in reversed(LEVELS):
        cols.append(Col(f"{levels[k]}", levels[k], "int"))
        cols.append(Col(f"{levels[k]}参考", f"{levels[k]} guideline", "num"))
    rows = []
    for r in report.reps:
        row = [
            r.rep,
            r.as_of,
            r.customers,
            r.due_this_week,
            r.overdue,
            r.receivables_fen,
            r.owing_customers,
        ]
        for k in reversed(LEVELS):
            row += [r.pyramid[k], r.guideline[k]]
        rows.append(row)
    title = (f"Team report as of {report.on} (this week: {report.on} to {report.week_end})" if en
             else f"团队报告（截至 {report.on}；本周 {report.on} 至 {report.week_end}）")  # fmt: skip
    write_sheet(wb, "Team" if en else "团队", cols, rows, lang, title_line=title, printable=True)
    kinds = {k: v[1] if en else v[0] for k, v in KIND.items()}
    status = {k: v[1] if en else v[0] for k, v in STATUS.items()}
    dcols = [Col("日期", "Date", "date"), Col("业务员", "Rep"), Col("类型", "Kind"), Col("状态", "Status"),
             Col("客户", "Customer"), Col("电话", "Phone"), Col("片区", "Area"), Col("事项", "What", "wrap", width=34),
             Col("欠款", "Owed", "money")]  # fmt: skip
    write_sheet(wb, "Due" if en else "待办", dcols, [
        (d["due_date"], d["rep"], kinds.get(d["kind"], d["kind"]), status.get(d["status"], d["status"]),
         d["customer"], d["phone"], d["area"], d["what"], d["amount_fen"]) for d in report.due
    ], lang, title_line=(f"Team due list: this week, {report.on} to {report.week_end}, and overdue" if en
                         else f"全队待办：本周 {report.on} 至 {report.week_end}，含逾期"), printable=True)  # fmt: skip
    tcols = [Col("业务员", "Rep"), Col("客户", "Customer"), Col("片区", "Area"), Col("关系", "Level"),
             Col("价值", "Value", "money"), Col("依据", "Based on"), Col("累计消费", "Total spend", "money")]  # fmt: skip
    basis = {"value": "Value" if en else "客户价值", "spend": "Total spend" if en else "累计消费"}
    write_sheet(wb, "Top customers" if en else "重点客户", tcols, [
        (t["rep"], t["name"], t["area"], levels.get(t["level"], t["level"]), t["value_fen"],
         basis[t["value_source"]], t["spend_fen"]) for t in report.top_customers
    ], lang)  # fmt: skip
    ccols = [Col("依据", "Matched by"), Col("键", "Key"), Col("业务员", "Rep"), Col("客户", "Customer"),
             Col("电话", "Phone"), Col("客户唯一编号", "Customer uid", width=34)]  # fmt: skip
    write_sheet(wb, "Conflicts" if en else "冲突", ccols, [
        ({"uid": "Customer uid" if en else "客户唯一编号", "phone": "Phone" if en else "电话"}.get(c.by, c.by),
         c.key, e["rep"], e["name"], e["phone"], e["customer_uid"]) for c in report.conflicts
        for e in c.entries
    ], lang)  # fmt: skip
    save_workbook(wb, path)
