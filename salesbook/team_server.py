"""The team book's two backends: a SQLite file or a PostgreSQL database.

``salesbook.team`` runs one code path over either. What differs is here:

- ``SqliteBackend`` / ``PgBackend``: ``execute`` (``?`` placeholders on both;
  the PostgreSQL one turns them into psycopg's ``%s``), ``insert_many`` (COPY
  on PostgreSQL), ``transaction(lock=key)`` (``BEGIN IMMEDIATE`` on SQLite; on
  PostgreSQL READ COMMITTED plus a transaction-scoped advisory lock on the
  summary's book uid, so the same summary imported twice at once goes in once
  and different reps go in side by side), ``rowid`` (the insertion order
  column) and ``kind``.
- The server schema: versioned migrations (``PG_MIGRATIONS``, recorded in
  ``team_meta.schema_version``), row-level security keyed by team (a manager's
  role sees and imports only their team's reps; a head office role reads every
  team; see ``grant_manager`` / ``grant_head_office``), text columns in the
  "C" collation so the report sorts byte for byte as SQLite does. Where SQLite
  has foreign keys from a rep's rows to ``reps``, the server checks them once
  per statement (triggers of migration 4: the same refusals and the same lock
  on the rep, without a lock taken for each of a summary's thousands of rows).

The password is never part of a URL we keep: libpq reads ``~/.pgpass`` or
``PGPASSWORD``. Connections ask for TLS when the server offers it
(``sslmode=prefer`` unless the URL says otherwise).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import zlib
from urllib.parse import urlsplit, urlunsplit

from .errors import BookError

SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(target) -> bool:
    """True when ``target`` names a PostgreSQL team book (a postgresql:// URL)."""
    return isinstance(target, str) and target.lower().startswith(SERVER_SCHEMES)


def redact(url: str) -> str:
    """The URL without its password (for messages and settings)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=user + host))


def has_password(url: str) -> bool:
    return urlsplit(url).password is not None


class SqliteBackend:
    kind = "sqlite"
    rowid = "rowid"

    def __init__(self, conn: sqlite3.Connection):
        self.raw = conn

    def execute(self, sql: str, params=()):
        return self.raw.execute(sql, params)

    def executemany(self, sql: str, rows):
        return self.raw.executemany(sql, rows)

    def insert_many(self, table: str, cols: str, rows: list) -> None:
        marks = ", ".join("?" * len(cols.split(",")))
        self.raw.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)

    def tidy(self) -> None:
        """After a batch of imports: nothing to do on SQLite."""

    @contextlib.contextmanager
    def transaction(self, lock: str | None = None):
        self.raw.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.raw.execute("ROLLBACK")
            raise
        self.raw.execute("COMMIT")

    def close(self) -> None:
        self.raw.close()


_QMARK = re.compile(r"\?")


def _pg_sql(sql: str) -> str:
    return _QMARK.sub("%s", sql.replace("%", "%%"))


TIDY_MIN_ROWS = 1000  # PgBackend.tidy: rows inserted since the last vacuum (autovacuum's threshold)


class PgBackend:
    kind = "pg"
    rowid = "ctid"  # the insertion order of a table only ever inserted into and deleted from

    def __init__(self, conn):
        self.raw = conn

    def execute(self, sql: str, params=()):
        return self.raw.execute(_pg_sql(sql), params or None)

    def executemany(self, sql: str, rows):
        cur = self.raw.cursor()
        cur.executemany(_pg_sql(sql), rows)
        return cur

    def insert_many(self, table: str, cols: str, rows: list) -> None:
        if not rows:
            return
        # COPY into a session's temporary table, then one INSERT ... SELECT:
        # COPY straight into a table with row-level security is not allowed.
        tmp = f"salesbook_in_{table}"
        self.raw.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {tmp} AS SELECT {cols} FROM {table} WITH NO DATA"
        )
        with self.raw.cursor().copy(f"COPY {tmp} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # the team once per statement (a column default would run per row)
        self.raw.execute(
            f"INSERT INTO {table} ({cols}, team)"
            f" SELECT {cols}, (SELECT salesbook_team_default()) FROM {tmp}"
        )
        self.raw.execute(f"TRUNCATE {tmp}")

    def tidy(self) -> None:
        """After a batch of imports: ``VACUUM (ANALYZE)`` the customers and due
        tables when they grew by more than a fifth since last vacuumed (autovacuum's
        own rule; it may come a minute later), so the report that follows reads
        the conflict keys from the index alone and plans with statistics. Only a
        role that owns them may (the database's owner); others leave it to autovacuum."""
        from psycopg import sql

        if self.raw.info.server_version >= 150000:  # this session's counts, now
            self.raw.execute("SELECT pg_stat_force_next_flush()")
        grown = self.raw.execute(
            "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
            " WHERE s.relid IN ('customers'::regclass, 'due'::regclass)"
            " AND pg_has_role(c.relowner, 'USAGE')"
            " AND s.n_ins_since_vacuum > %s + 0.2 * GREATEST(s.n_live_tup - s.n_ins_since_vacuum, 0)",
            (TIDY_MIN_ROWS,),
        ).fetchall()
        for (table,) in grown:
            self.raw.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))

    @contextlib.contextmanager
    def transaction(self, lock: str | None = None):
        """One transaction (READ COMMITTED); ``lock`` takes a transaction-scoped
        advisory lock on that key first (others with the same key wait)."""
        with self.raw.transaction():
            if lock is not None:
                self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_id(lock),))
            yield self

    def close(self) -> None:
        self.raw.close()


def retryable(exc: BaseException) -> bool:
    """True for a server error that a second try of the same transaction may
    not meet (serialization failure, deadlock); the transaction was rolled back."""
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(exc, psycopg.errors.SerializationFailure | psycopg.errors.DeadlockDetected)


def _lock_id(key: str) -> int:
    """A stable 63-bit advisory lock id for ``key`` (the same in every process)."""
    return (0x5A1E5B00C << 24) ^ zlib.crc32(key.encode())


# -- the server schema ---------------------------------------------------------

_T = 'TEXT COLLATE "C"'  # byte order, as SQLite's BINARY: the same report on both backends
_TEAM = f"team {_T} NOT NULL DEFAULT salesbook_team_default()"

_COLS_DDL = {
    "reps": f"book_uid {_T} NOT NULL, rep {_T} NOT NULL, period_start {_T}, period_end {_T} NOT NULL,"
    f" generated_at {_T}, salesbook_version {_T}, format_version INTEGER, file {_T} NOT NULL,"
    f" imported_at {_T} NOT NULL, customers INTEGER NOT NULL DEFAULT 0",
    "customers": f"book_uid {_T} NOT NULL, customer_uid {_T} NOT NULL, name {_T} NOT NULL, phone {_T},"
    f" area {_T}, level {_T} NOT NULL, household_size INTEGER, balance_fen BIGINT NOT NULL DEFAULT 0,"
    " spend_fen BIGINT NOT NULL DEFAULT 0, period_spend_fen BIGINT NOT NULL DEFAULT 0,"
    f" deliveries INTEGER NOT NULL DEFAULT 0, last_delivery {_T}, last_contact {_T}, value_fen BIGINT,"
    f" value_tier {_T}",
    "due": f"book_uid {_T} NOT NULL, kind {_T} NOT NULL, status {_T} NOT NULL, customer_uid {_T},"
    f" customer {_T} NOT NULL, phone {_T}, area {_T}, what {_T}, due_date {_T} NOT NULL, amount_fen BIGINT",
    "receivables": f"book_uid {_T} NOT NULL, customer_uid {_T}, customer {_T}, phone {_T},"
    f" balance_fen BIGINT NOT NULL, oldest_unpaid {_T}, collect_date {_T}",
}
_DATA_TABLES = (
    "reps",
    "customers",
    "due",
    "receivables",
    "replaced",
    "replaced_customers",
    "replaced_due",
    "replaced_receivables",
)

_V1 = (
    f"""
CREATE TABLE team_members (role NAME PRIMARY KEY, team {_T}, head_office BOOLEAN NOT NULL DEFAULT false);
CREATE FUNCTION salesbook_team() RETURNS TEXT LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public AS $$ SELECT team FROM team_members WHERE role = session_user $$;
CREATE FUNCTION salesbook_head_office() RETURNS BOOLEAN LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public AS $$
  SELECT COALESCE((SELECT head_office FROM team_members WHERE role = session_user), false) $$;
CREATE FUNCTION salesbook_team_default() RETURNS TEXT LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public AS $$ SELECT COALESCE(salesbook_team(), '') $$;
CREATE TABLE reps ({_COLS_DDL["reps"]}, {_TEAM}, PRIMARY KEY (book_uid));
CREATE INDEX reps_team ON reps(team);
CREATE TABLE customers ({_COLS_DDL["customers"]}, {_TEAM},
  PRIMARY KEY (book_uid, customer_uid), FOREIGN KEY (book_uid) REFERENCES reps(book_uid) ON DELETE CASCADE);
CREATE INDEX customers_uid ON customers(customer_uid);
CREATE INDEX customers_phone ON customers(phone);
CREATE TABLE due ({_COLS_DDL["due"]}, {_TEAM},
  FOREIGN KEY (book_uid) REFERENCES reps(book_uid) ON DELETE CASCADE);
CREATE INDEX due_book ON due(book_uid, due_date);
CREATE INDEX due_date ON due(due_date);
CREATE TABLE receivables ({_COLS_DDL["receivables"]}, {_TEAM},
  FOREIGN KEY (book_uid) REFERENCES reps(book_uid) ON DELETE CASCADE);
CREATE INDEX receivables_book ON receivables(book_uid);
CREATE TABLE replaced (version BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  replaced_at {_T} NOT NULL, {_COLS_DDL["reps"]}, {_TEAM});
CREATE INDEX replaced_book ON replaced(book_uid, version);
"""
    + "".join(
        f"CREATE TABLE replaced_{t} (version BIGINT NOT NULL REFERENCES replaced(version) ON DELETE CASCADE,"
        f" {_COLS_DDL[t].replace(' NOT NULL', '').replace(' DEFAULT 0', '')}, {_TEAM});\n"
        f"CREATE INDEX replaced_{t}_version ON replaced_{t}(version);\n"
        for t in ("customers", "due", "receivables")
    )
    + "".join(
        # Row-level security: a manager's role sees and writes only rows of its
        # team; head office reads every team. (SELECT f()) runs once per query.
        f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;\n"
        f"CREATE POLICY {t}_team ON {t} USING (team = (SELECT salesbook_team()))"
        f" WITH CHECK (team = (SELECT salesbook_team()));\n"
        f"CREATE POLICY {t}_head_office ON {t} FOR SELECT USING ((SELECT salesbook_head_office()));\n"
        for t in _DATA_TABLES
    )
)

# Each migration: (version, SQL). Applied in order, each in its own
# transaction, recorded in team_meta.schema_version.
_V2 = """
CREATE INDEX customers_top_rep ON customers (book_uid, (COALESCE(value_fen, spend_fen)) DESC, name, customer_uid);
CREATE INDEX customers_top ON customers ((COALESCE(value_fen, spend_fen)) DESC, name, customer_uid, book_uid);
"""  # the report's top customers, per rep and team-wide, read from an index
_V3 = f"""
ALTER TABLE due ADD COLUMN product {_T}, ADD COLUMN runout_date {_T};
ALTER TABLE replaced_due ADD COLUMN product {_T}, ADD COLUMN runout_date {_T};
"""  # the team report words each due item from its data (team book v3: product, run-out)
_V4 = """
DROP INDEX customers_uid;
DROP INDEX customers_phone;
CREATE INDEX customers_uid_book ON customers (customer_uid, book_uid);
CREATE INDEX customers_phone_book ON customers (phone, book_uid);
DROP INDEX customers_top;
CREATE FUNCTION salesbook_rows_have_rep() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public AS $$
DECLARE missing TEXT;
BEGIN
  PERFORM 1 FROM reps WHERE book_uid = ANY (ARRAY(SELECT DISTINCT book_uid FROM new_rows))
    FOR KEY SHARE;
  SELECT n.book_uid INTO missing FROM new_rows n
    WHERE NOT EXISTS (SELECT 1 FROM reps r WHERE r.book_uid = n.book_uid) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%_book_uid_fkey"',
      TG_TABLE_NAME, TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation',
      DETAIL = format('Key (book_uid)=(%s) is not present in table "reps".', missing);
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION salesbook_rep_gone() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public AS $$
DECLARE gone TEXT[];
BEGIN
  gone := ARRAY(SELECT book_uid FROM old_rows);  -- by index, whatever the statistics
  DELETE FROM due WHERE book_uid = ANY (gone);
  DELETE FROM receivables WHERE book_uid = ANY (gone);
  DELETE FROM customers WHERE book_uid = ANY (gone);
  RETURN NULL;
END $$;
CREATE TRIGGER reps_gone AFTER DELETE ON reps REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION salesbook_rep_gone();
CREATE FUNCTION salesbook_rep_key_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'update on table "reps" violates foreign key constraint: its rows keep its book_uid'
    USING ERRCODE = 'foreign_key_violation';
END $$;
CREATE TRIGGER reps_key_kept BEFORE UPDATE OF book_uid ON reps FOR EACH ROW
  WHEN (OLD.book_uid IS DISTINCT FROM NEW.book_uid) EXECUTE FUNCTION salesbook_rep_key_kept();
""" + "".join(
    f"ALTER TABLE {t} DROP CONSTRAINT {t}_book_uid_fkey;\n"
    f"CREATE TRIGGER {t}_rep_in AFTER INSERT ON {t} REFERENCING NEW TABLE AS new_rows"
    f" FOR EACH STATEMENT EXECUTE FUNCTION salesbook_rows_have_rep();\n"
    f"CREATE TRIGGER {t}_rep_up AFTER UPDATE ON {t} REFERENCING NEW TABLE AS new_rows"
    f" FOR EACH STATEMENT EXECUTE FUNCTION salesbook_rows_have_rep();\n"
    for t in ("customers", "due", "receivables")
)
# The conflicts by uid / phone read from the index alone (the report's GROUP BY in
# key order; an import's check of its own keys, one index probe each); the team's
# top customers come from the reps' own tops (customers_top_rep), one index less to
# keep. And each rep's rows still need their rep (a foreign key's guarantees: a row
# of no rep is refused, the rep is locked FOR KEY SHARE while its rows go in, deleting
# a rep deletes its rows), checked once per statement instead of once per row: the
# per-row check locked the rep's row for each of a summary's ~4,700 rows, and
# importers at once queued on the page their reps' rows share (a third of the
# server's CPU at 4 importers).
_V5 = "".join(
    f"ALTER FUNCTION {f}() SET search_path = pg_catalog, public, pg_temp;\n"
    for f in ("salesbook_team", "salesbook_head_office", "salesbook_team_default",
              "salesbook_rows_have_rep", "salesbook_rep_gone")
)  # fmt: skip
# The functions that run as the database's owner (SECURITY DEFINER: who is a
# manager of which team, a rep's rows checked and deleted) name their tables
# without a schema; with ``search_path = public`` PostgreSQL still looks in the
# caller's temporary schema first, so a manager's TEMP TABLE team_members (or
# reps, customers) stood in for the real one: another team's rows read and
# deleted. pg_temp named last closes that (PostgreSQL's advice for such functions).
PG_MIGRATIONS: list[tuple[int, str]] = [(1, _V1), (2, _V2), (3, _V3), (4, _V4), (5, _V5)]
PG_SCHEMA_VERSION = PG_MIGRATIONS[-1][0]


def connect(url: str):
    """A psycopg connection to the team book at ``url`` (autocommit; our
    transactions are explicit). Raises BookError when psycopg is missing or the
    server cannot be reached (the message names the URL without password)."""
    try:
        import psycopg
    except ImportError as exc:
        raise BookError("team_server_no_driver", path=redact(url)) from exc
    kwargs = {} if "sslmode=" in url else {"sslmode": "prefer"}
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10, **kwargs)
    except psycopg.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BookError("team_server_unreachable", path=redact(url), detail=detail) from exc


def schema_version(conn) -> int | None:
    """The server schema's version; None when the database has no team book yet."""
    exists = conn.execute("SELECT to_regclass('team_meta') IS NOT NULL").fetchone()[0]
    if not exists:
        return None
    row = conn.execute("SELECT value FROM team_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def migrate(conn, url: str, create: bool = True) -> int:
    """Bring the server schema up to ``PG_SCHEMA_VERSION`` (each migration one
    transaction; one migrator at a time). A newer schema is refused."""
    import psycopg

    from .store.book import now_iso

    version = schema_version(conn)
    if version is not None and version > PG_SCHEMA_VERSION:
        raise BookError("team_server_too_new", path=redact(url), version=version,
                        known=PG_SCHEMA_VERSION)  # fmt: skip
    if version == PG_SCHEMA_VERSION:
        return version
    if version is None:
        tables = conn.execute(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename IN ('reps', 'customers')"
        ).fetchone()[0]
        if tables:
            raise BookError("team_not_team", path=redact(url))
        if not create:
            raise BookError("team_server_empty", path=redact(url))
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_id("salesbook-migrate"),))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS team_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            conn.execute(
                "INSERT INTO team_meta VALUES ('format', 'salesbook-team'), ('created_at', %s)"
                " ON CONFLICT (key) DO NOTHING",
                (now_iso(),),
            )
            conn.execute("GRANT SELECT ON team_meta TO PUBLIC")
        for v, sql in PG_MIGRATIONS:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_id("salesbook-migrate"),))
                now = schema_version(conn) or 0
                if now >= v:
                    continue
                conn.execute(sql)
                conn.execute(
                    "INSERT INTO team_meta VALUES ('schema_version', %s)"
                    " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    (str(v),),
                )
    except psycopg.errors.InsufficientPrivilege as exc:
        raise BookError("team_server_not_set_up", path=redact(url)) from exc
    return PG_SCHEMA_VERSION


def grant_manager(conn, role: str, team: str) -> None:
    """Let PostgreSQL role ``role`` (which must exist) import and read team ``team`` only."""
    from psycopg import sql

    with conn.transaction():
        conn.execute(
            "INSERT INTO team_members (role, team, head_office) VALUES (%s, %s, false)"
            " ON CONFLICT (role) DO UPDATE SET team = EXCLUDED.team, head_office = false",
            (role, team),
        )
        ident = sql.Identifier(role)
        for t in _DATA_TABLES:
            conn.execute(
                sql.SQL("GRANT SELECT, INSERT, DELETE ON {} TO {}").format(sql.Identifier(t), ident)
            )
        conn.execute(sql.SQL("GRANT USAGE ON SEQUENCE replaced_version_seq TO {}").format(ident))


def grant_head_office(conn, role: str) -> None:
    """Let PostgreSQL role ``role`` read every team's rows (it imports nothing)."""
    from psycopg import sql

    with conn.transaction():
        conn.execute(
            "INSERT INTO team_members (role, team, head_office) VALUES (%s, NULL, true)"
            " ON CONFLICT (role) DO UPDATE SET team = NULL, head_office = true",
            (role,),
        )
        for t in _DATA_TABLES:
            conn.execute(
                sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(t), sql.Identifier(role))
            )
