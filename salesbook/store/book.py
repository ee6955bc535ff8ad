"""The book: one SQLite file per rep, opened through one path.

``open_book(path)`` applies pending migrations (each in a transaction and
recorded), turns on foreign keys and WAL, runs a quick integrity check and
refuses a book written by a newer Salesbook. ``Book.transaction()`` is the
one way to write: every user action is one transaction, nested calls become
savepoints, and any exception rolls the whole action back.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..errors import BookError
from . import backup, lock, private, undo
from .migrations import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)

# Domain settings live in the book. Values are JSON.
DEFAULT_SETTINGS: dict[str, object] = {
    "lead_days": 3,  # remind this many days before run-out
    "at_risk_days": 14,  # this many days past run-out: probably buying elsewhere
    # days between contacts per level; 0 = no follow-up reminders (passers-by by default)
    "cadence_days": {"passerby": 0, "acquaintance": 60, "friend": 30, "confidant": 14},
    "capacity": 12,  # visit plan: stops per day
    "collect_overdue_days": 7,  # a collection this late is at risk
    "prior_weight_days": 45,  # how many days of history the prior is worth
    # customer value (value.py): see value.py's module doc for why these defaults
    "value_margin_pct": 15,  # gross margin on what we sell, % of the price
    "value_discount_pct": 10,  # yearly discount rate for future profit, %
    "value_retention_pct": 80,  # chance a customer is still ours a year later, %
    "tier_platinum_pct": 1,  # value pyramid: top 1% platinum 铂金
    "tier_gold_pct": 4,  # next 4% gold 黄金
    "tier_iron_pct": 15,  # next 15% iron 钢铁; the rest lead 铅
}


def new_uid() -> str:
    return uuid.uuid4().hex


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def local_day(stamp: str) -> str:
    """The user's local calendar day (ISO) of a stored UTC time stamp: a
    customer added at 07:30 in Beijing was added that day, not the day before."""
    try:
        return datetime.fromisoformat(stamp).astimezone().date().isoformat()
    except ValueError:
        return stamp[:10]


def default_book_path() -> Path:
    """Where the rep's own book lives: the user data folder (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("salesbook", appauthor=False)) / "salesbook.db"


class Book:
    """An open book. Use ``open_book`` to get one."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path
        self._db = None
        self._depth = 0
        self._settings_cache: dict[str, object] | None = None
        self.lock: lock.BookLock | None = None  # this process's hold on the book (lock.py)
        self.in_use_by: lock.LockOwner | None = None  # another Salesbook has it: read-only here
        self.refused_write = False  # a write was refused because of in_use_by
        self.auto_backup = path != ":memory:"  # backups on close and while in use (backup.py)
        self.last_backup_error: Exception | None = None
        self.pending_check = False  # the big book's daily quick_check, due before the first write
        self._closed = False

    @property
    def db(self):
        """The book as a ``sqlite_utils.Database`` (bulk upserts; imported lazily:
        sqlite-utils pulls in pandas when present, which costs a second at start-up)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    # -- transactions -------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action: BEGIN IMMEDIATE ... COMMIT, or savepoint when nested."""
        conn = self.conn
        if self._depth == 0:
            if self.in_use_by is not None:
                self.refused_write = True
                raise BookError("book_in_use", path=self.path, pid=self.in_use_by.pid or "?")
            if self.pending_check:
                self.run_pending_check()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise _io_error(exc, self.path) from exc
            self._depth = 1
            try:
                yield conn
            except BaseException as exc:
                self._depth = 0
                with contextlib.suppress(sqlite3.Error):  # a full disk may have rolled back already
                    conn.execute("ROLLBACK")
                self._settings_cache = None
                if isinstance(exc, sqlite3.OperationalError) and _is_io(exc):
                    raise _io_error(exc, self.path) from exc  # disk full, read-only: say so
                raise
            self._depth = 0
            try:
                undo.seal(self)  # group what this action changed into one undo step
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                self._settings_cache = None
                if isinstance(exc, sqlite3.Error):
                    raise _io_error(exc, self.path) from exc
                raise
            backup.after_commit(self)  # counts the change; a backup every 30 minutes of use
        else:
            name = f"sp{self._depth}"
            conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield conn
            except BaseException:
                self._depth -= 1
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                self._settings_cache = None
                raise
            self._depth -= 1
            conn.execute(f"RELEASE {name}")

    def run_pending_check(self, conn: sqlite3.Connection | None = None) -> None:
        """The daily whole-book quick_check a big book's opening left for later
        (``_check_plan``): run before the first write (``transaction``), or by
        the window on a reader connection (``conn``) after start-up. A corrupt
        book raises BookError('book_corrupt') naming its newest good backup, and
        nothing is written."""
        if not self.pending_check:
            return
        try:
            _check(conn or self.conn, self.path, "quick_check")
        except BookError as exc:
            raise _offer_backup(exc, self.path) from exc
        self.pending_check = False
        _record_check(self.path)

    # -- settings -----------------------------------------------------
    def settings(self) -> dict[str, object]:
        """All domain settings, defaults filled in."""
        if self._settings_cache is None:
            values = dict(DEFAULT_SETTINGS)
            for key, value in self.conn.execute("SELECT key, value FROM settings"):
                values[key] = json.loads(value)
            cad = dict(DEFAULT_SETTINGS["cadence_days"])  # type: ignore[arg-type]
            cad.update(values.get("cadence_days") or {})  # type: ignore[arg-type]
            values["cadence_days"] = cad
            self._settings_cache = values
        return dict(self._settings_cache)

    def setting(self, key: str):
        return self.settings()[key]

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM book_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def uid(self) -> str:
        return self.meta("uid") or ""

    def close(self) -> None:
        """Back up if anything changed (backup.on_close), close, release the lock."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.in_use_by is None:
                try:
                    backup.on_close(self)
                except Exception as exc:  # noqa: BLE001 - closing must not fail for a backup
                    self.last_backup_error = exc
                if not self.pending_check:  # no write (statistics) before the day's check
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("PRAGMA optimize")
            self.conn.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _is_io(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(
        w in text
        for w in ("readonly", "read-only", "full", "locked", "busy", "disk i/o", "malformed")
    )


def _io_error(exc: sqlite3.Error, path: str) -> BookError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return BookError("book_readonly", path=path)
    if "locked" in text or "busy" in text:
        return BookError("book_locked", path=path)
    if "full" in text:
        return BookError("disk_full", path=path)
    if "malformed" in text or "corrupt" in text:
        return BookError("book_corrupt", path=path, detail=str(exc))
    return BookError("book_io", path=path, detail=str(exc))


def open_book(
    path: str | Path, *, create: bool = True, check: str = "quick", exclusive: bool = False
) -> Book:
    """Open (and create or migrate) the book at ``path``. ``":memory:"`` works too.

    Raises BookError with a clear key when the file is not a Salesbook book,
    is corrupt (key ``book_corrupt``; its ``.backup`` and message name the newest
    good backup when there is one), or was written by a newer Salesbook.
    ``check``: quick | full | none. A missing book is created only with
    ``create`` (else ``book_missing``), and only in a folder that exists (the
    default book's own folder is made when missing): ``book_folder_missing``.

    A book open in another Salesbook process (lock.py) opens read-only here,
    at the SQLite level (``mode=ro``): this process can never checkpoint or
    delete the WAL the other one writes into, even if that process lost its
    SQLite locks. ``book.in_use_by`` says who has it and every write raises
    BookError('book_in_use'). With ``exclusive`` that error is raised at once.

    On Linux and macOS a new book is created owner-only (0600, so are the
    -wal/-shm SQLite makes beside it) and an existing book's files lose group
    and other access (private.py)."""
    path_s = str(path)
    held: lock.BookLock | None = None
    in_use_by: lock.LockOwner | None = None
    if path_s != ":memory:":
        p = Path(path_s)
        if not p.exists():
            if not create:
                raise BookError("book_missing", path=path_s)
            _make_folder(p)
        elif p.is_dir():
            raise BookError("book_not_a_book", path=path_s)
        try:
            held = lock.acquire(p)
        except lock.Locked as exc:
            if exclusive:
                raise BookError("book_in_use", path=path_s, pid=exc.owner.pid or "?") from exc
            in_use_by = exc.owner
        if in_use_by is None:
            try:
                _private_files(p)
            except OSError as exc:
                if held is not None:
                    held.release()
                raise _os_error(exc, path_s) from exc
    try:
        if in_use_by is not None:
            conn = sqlite3.connect(
                "file:" + backup._uri_path(Path(path_s)) + "?mode=ro",
                uri=True, isolation_level=None, check_same_thread=False, timeout=5,
            )  # fmt: skip
            _no_checkpoint_on_close(conn)
        else:
            conn = sqlite3.connect(path_s, isolation_level=None, check_same_thread=False, timeout=5)
    except sqlite3.Error as exc:
        if held is not None:
            held.release()
        raise BookError("book_io", path=path_s, detail=str(exc)) from exc
    try:
        deferred = _prepare(conn, path_s, check, in_use_by)
    except BaseException as exc:
        conn.close()
        if held is not None:
            held.release()
        if isinstance(exc, BookError) and exc.key == "book_corrupt" and path_s != ":memory:":
            raise _offer_backup(exc, path_s) from exc
        raise
    book = Book(conn, path_s)
    book.lock = held
    book.in_use_by = in_use_by
    book.pending_check = deferred
    if in_use_by is not None:
        conn.execute("PRAGMA query_only = ON")
    backup.attach(book)
    undo.attach(book)
    return book


def _make_folder(p: Path) -> None:
    """A new book goes in a folder that exists: a mistyped path must not grow
    folders. Only the default book's own data folder is made (owner-only)."""
    if p.parent.is_dir():
        return
    if p.absolute() != default_book_path().absolute():
        raise BookError("book_folder_missing", path=str(p), folder=str(p.parent))
    try:
        private.make_dir(p.parent)
    except OSError as exc:
        raise BookError("book_io", path=str(p), detail=str(exc)) from exc


def _private_files(p: Path) -> None:
    """Create a new book owner-only (an empty file is an empty SQLite book, and
    SQLite gives the -wal/-shm it makes the book's mode), or take group and
    other access away from an existing book's files (private.py)."""
    if not private.POSIX:
        return
    if not p.exists():
        with contextlib.suppress(FileExistsError):
            private.create_file(p)
        return
    for suffix in ("", "-wal", "-shm"):
        private.restrict(str(p) + suffix)


def _os_error(exc: OSError, path: str) -> BookError:
    if isinstance(exc, PermissionError):
        return BookError("book_readonly", path=path)
    return BookError("book_io", path=path, detail=exc.strerror or str(exc))


def _no_checkpoint_on_close(conn: sqlite3.Connection) -> None:
    """A read-only connection cannot checkpoint anyway (its file is open
    read-only); say so to SQLite too where Python can (3.12+)."""
    op = getattr(sqlite3, "SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE", None)
    if op is not None and hasattr(conn, "setconfig"):
        with contextlib.suppress(sqlite3.Error):
            conn.setconfig(op, True)


def _offer_backup(exc: BookError, path: str) -> BookError:
    """A corrupt book: name the newest backup that passes its check, if any."""
    try:
        good = backup.newest_good_backup(path)
    except Exception:  # noqa: BLE001 - the corrupt-book message must still come through
        good = None
    if good is None:
        return exc
    return backup.CorruptBook(path, str(exc.params.get("detail", "")), good)


def _prepare(
    conn: sqlite3.Connection, path: str, check: str, in_use_by: lock.LockOwner | None = None
) -> bool:
    """Set the connection up, check and migrate the book. True when the whole
    book's daily quick_check was left for before the first write (_check_plan)."""
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")  # REPLACE deletes reach the undo log
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:  # no SQLite header: some other file (xlsx, text...)
        text = str(exc).lower()
        if "unable to open" in text or "readonly" in text:  # a WAL book on a read-only drive
            raise BookError("book_readonly", path=path) from exc
        key = "book_not_a_book" if "not a database" in text else "book_corrupt"
        raise BookError(key, path=path, detail=str(exc)) from exc
    if tables and "migrations" not in tables:
        raise BookError("book_not_a_book", path=path)
    if version > SCHEMA_VERSION:
        raise BookError("book_too_new", path=path, version=version, known=SCHEMA_VERSION)
    deferred = False
    if check != "none" and tables:
        pragma, recorded, deferred = _check_plan(conn, path, check)
        if deferred and in_use_by is not None:  # it will never write: check it all now
            pragma, deferred = "quick_check", False
        _check(conn, path, pragma)
        if recorded and in_use_by is None:
            _record_check(path)
    if path != ":memory:" and in_use_by is None:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise _io_error(exc, path) from exc
        if mode.lower() != "wal" and not _is_readonly(conn):
            raise BookError("book_io", path=path, detail=f"journal_mode={mode}")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("PRAGMA temp_store = MEMORY")
    if version != SCHEMA_VERSION and in_use_by is not None:
        raise BookError("book_in_use", path=path, pid=in_use_by.pid or "?")
    _migrate(conn, path, version)
    return deferred


def _check(conn: sqlite3.Connection, path: str, pragma: str) -> None:
    """Run an integrity check (``quick_check``, ``quick_check(migrations)``,
    ``integrity_check``); BookError('book_corrupt') unless the book is sound."""
    try:
        result = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        raise BookError("book_corrupt", path=path, detail=str(exc)) from exc
    if result != ["ok"]:
        raise BookError("book_corrupt", path=path, detail="; ".join(result[:3]))


BIG_BOOK_BYTES = 64 * 1024 * 1024  # a quick_check of a book this size takes ~0.1 s
CHECK_EVERY_SECONDS = 24 * 3600


def _check_stamp(path: str) -> Path:
    return Path(path).with_name(Path(path).name + ".checked")


def _check_plan(conn: sqlite3.Connection, path: str, check: str) -> tuple[str, bool, bool]:
    """Which integrity check to run on open, whether to record it, and whether
    the whole book's check is left for before the first write.

    ``full``: integrity_check. ``quick``: quick_check of the whole book, except
    for a big book (over 64 MiB, where it takes seconds) that was closed cleanly
    (no leftover WAL): it gets a quick_check of its small core tables on open,
    and its whole quick_check runs once a day, not in a view's way: before the
    day's first write (``Book.transaction``), or on the window's reader after
    start-up. An unclean shutdown still checks the whole book on open."""
    if check == "full":
        return "integrity_check", True, False
    if path == ":memory:":
        return "quick_check", False, False
    p = Path(path)
    try:
        size = p.stat().st_size
        wal = Path(path + "-wal")
        unclean = wal.exists() and wal.stat().st_size > 0
        stamp = _check_stamp(path)
        fresh = stamp.exists() and time.time() - stamp.stat().st_mtime < CHECK_EVERY_SECONDS
    except OSError:
        return "quick_check", False, False
    if size <= BIG_BOOK_BYTES:
        return "quick_check", False, False
    if unclean:
        return "quick_check", True, False
    return "quick_check(migrations)", False, not fresh


def _record_check(path: str) -> None:
    with contextlib.suppress(OSError), private.open_write(_check_stamp(path)) as f:
        f.write((now_iso() + "\n").encode())


def _is_readonly(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True


def _migrate(conn: sqlite3.Connection, path: str, version: int) -> None:
    if version == SCHEMA_VERSION:
        return
    if version > 0:
        backup.before_migration(conn, path, version)  # raises BackupFailed: nothing changed
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations ("
            "id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)"
        )
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise _io_error(exc, path) from exc
    for index, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        try:
            conn.execute("BEGIN IMMEDIATE")
            undo.drop_triggers(conn)  # so a migration may alter the logged tables freely
            migration(conn)
            undo.install_triggers(conn)  # from the live columns (none before m0002_undo)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (migration.__name__, now_iso()),
            )
            if index == 1:
                conn.execute(
                    "INSERT INTO book_meta (key, value) VALUES ('uid', ?), ('created_at', ?)",
                    (new_uid(), now_iso()),
                )
            conn.execute(f"PRAGMA user_version = {index}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise BookError(
                "migration_failed", path=path, name=migration.__name__, detail=str(exc)
            ) from exc
