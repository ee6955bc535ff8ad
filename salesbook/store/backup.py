"""Automatic backups of the book: consistent, compressed, kept with retention.

A backup is a consistent snapshot taken through SQLite (the online backup API
from a separate read connection, so it holds exactly what was committed; never
a file copy of a live WAL book), checked (``quick_check``), compressed with
zstd (gzip when the zstandard package is missing) and renamed into place only
when complete, so a crash leaves either a whole backup or none.

Where: for a book at ``P``: ``P.parent / "backups" / P.stem /``, one file per
backup named ``YYYYMMDD-HHMMSS_<reason>.db.zst`` (local time) plus a small
``.json`` beside it (counts, schema, check result). The id is the time part.

When (see ``book.py``): on close if anything changed (and the newest backup
is older than ``close_gap_minutes``, 5), every ``every_minutes`` (30) of use
(after a commit), and always before a migration, an import, a revert, a
restore or a bulk delete (``before(book, reason)``).

Retention (``Retention``, configurable per book): the last 10, the newest of
each of the last 7 days, of each of the last 4 weeks and of each of the last
12 months. Manual backups and the copies a restore keeps are never pruned.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BookError, NotFound, SalesbookError, ValidationError
from . import private

if TYPE_CHECKING:
    from .book import Book

try:  # zstd: several times faster than gzip at a better ratio
    import zstandard as _zstd
except ImportError:  # pragma: no cover - depends on the installation
    _zstd = None

_ID_FORMAT = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(\d{8}-\d{6}(?:-\d+)?)_([a-z0-9-]+)\.db\.(zst|gz)$")
KEEP_ALWAYS = frozenset({"manual", "before-restore", "damaged"})
_CHUNK = 1 << 20


class BackupFailed(SalesbookError):
    """A backup could not be written (disk full, folder not writable...)."""


class CorruptBook(BookError):
    """A damaged book (key 'book_corrupt') with a good backup to offer: ``backup``.
    The message names it and the command that restores it."""

    def __init__(self, path: str, detail: str, good: BackupInfo):
        super().__init__(
            "book_corrupt", path=path, detail=detail, backup=good.id,
            when=good.created.strftime("%Y-%m-%d %H:%M"),
        )  # fmt: skip
        self.backup = good

    def message(self, lang: str | None = None) -> str:
        from ..i18n import t

        return t("book_corrupt_restore", lang=lang, **self.params)


# -- settings -------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    """How many backups to keep, and how often to make one while the book is in use."""

    last: int = 10  # the newest N, whatever their age
    daily: int = 7  # the newest of each of the last N days
    weekly: int = 4  # ... of each of the last N weeks
    monthly: int = 12  # ... of each of the last N months
    every_minutes: int = 30  # an automatic backup at most this often while in use
    close_gap_minutes: int = 5  # no close backup when the newest backup is younger than this

    def __post_init__(self) -> None:
        limits = {"last": (1, 1000), "daily": (0, 366), "weekly": (0, 520), "monthly": (0, 1200),
                  "every_minutes": (1, 1440), "close_gap_minutes": (0, 1440)}  # fmt: skip
        for f in fields(self):
            value = getattr(self, f.name)
            lo, hi = limits[f.name]
            if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
                raise ValidationError("bad_number", field=f"backup_{f.name}", value=str(value))


SETTING_KEY = "backup_retention"


def retention(book: Book) -> Retention:
    """The book's retention (defaults where not set)."""
    row = book.conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING_KEY,)).fetchone()
    if not row:
        return Retention()
    try:
        data = json.loads(row[0])
        known = {f.name for f in fields(Retention)}
        return Retention(**{k: v for k, v in data.items() if k in known})
    except (ValueError, TypeError, SalesbookError):
        return Retention()


def set_retention(book: Book, **changes: object) -> Retention:
    """Change some of the retention numbers (values as typed). Returns the new policy."""
    from ..rules.text import parse_int

    current = asdict(retention(book))
    for key, value in changes.items():
        if value is None:
            continue
        if key not in current:
            raise ValidationError("bad_kind", field="setting", value=key)
        current[key] = parse_int(value, field=f"backup_{key}")
    policy = Retention(**current)
    with book.transaction() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (SETTING_KEY, json.dumps(asdict(policy))),
        )
        book._settings_cache = None
    book._backup_every = policy.every_minutes * 60  # type: ignore[attr-defined]
    return policy


# -- where and what --------------------------------------------------------------------

REASON_NAMES = {
    "manual": ("手动", "manual"),
    "close": ("关闭时", "on close"),
    "auto": ("定时", "periodic"),
    "before-restore": ("恢复前的旧账本", "book replaced by a restore"),
    "damaged": ("损坏的旧账本", "damaged book kept"),
    "before-import": ("导入前", "before import"),
    "before-revert": ("撤回导入前", "before revert"),
    "before-bulk-delete": ("批量删除前", "before bulk delete"),
}


def reason_text(reason: str, lang: str | None = None) -> str:
    """Why a backup was made, in the user's language."""
    from ..i18n import current_language

    zh = (lang or current_language()).startswith("zh")
    if reason in REASON_NAMES:
        return REASON_NAMES[reason][0 if zh else 1]
    if reason.startswith("before-upgrade"):
        return "升级前" if zh else "before upgrade"
    return reason


def backups_dir(book_path: str | Path) -> Path:
    """The folder holding a book's backups: beside the book, backups/<book stem>/."""
    p = Path(book_path)
    return p.parent / "backups" / p.stem


@dataclass(frozen=True)
class BackupInfo:
    """One backup file. ``created`` is local time; ``size`` compressed bytes."""

    id: str
    path: Path
    created: datetime
    reason: str
    size: int
    meta: dict

    @property
    def ok(self) -> bool:
        """False for a copy kept of a damaged book (never offered for restore)."""
        return bool(self.meta.get("ok", True))

    @property
    def meta_path(self) -> Path:
        return _meta_path(self.path)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "created": self.created.isoformat(timespec="seconds"),
            "reason": self.reason,
            "size": self.size,
            "file": str(self.path),
            "ok": self.ok,
            **{k: self.meta.get(k) for k in ("customers", "deliveries", "raw_size", "schema")},
        }


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name.split(".db.")[0] + ".json")


def list_backups(book_path: str | Path) -> list[BackupInfo]:
    """The book's backups, newest first."""
    folder = backups_dir(book_path)
    if not folder.is_dir():
        return []
    items = []
    for entry in folder.iterdir():
        m = _NAME.match(entry.name)
        if not m:
            continue
        try:
            created = datetime.strptime(m.group(1)[:15], _ID_FORMAT)
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        meta: dict = {}
        with contextlib.suppress(OSError, ValueError):
            meta = json.loads(_meta_path(entry).read_text("utf-8"))
        items.append(BackupInfo(m.group(1), entry, created, m.group(2), size, meta))
    items.sort(key=lambda b: (b.created, _seq(b.id)), reverse=True)
    return items


def _seq(backup_id: str) -> int:
    parts = backup_id.split("-")
    return int(parts[2]) if len(parts) > 2 else 0


def find_backup(book_path: str | Path, query: str) -> BackupInfo:
    """A backup by id, unique id prefix, file name, or 'latest' (newest good one)."""
    items = list_backups(book_path)
    q = str(query).strip()
    if q.lower() in ("latest", "newest", "last", "最新"):
        for b in items:
            if b.ok:
                return b
        raise NotFound("backup_not_found", query=q)
    exact = [b for b in items if b.id == q or b.path.name == q]
    if len(exact) == 1:
        return exact[0]
    prefix = [b for b in items if q and b.id.startswith(q)]
    if len(prefix) == 1:
        return prefix[0]
    raise NotFound("backup_not_found", query=q)


# -- making one ---------------------------------------------------------------------------


def _reason(text: str) -> str:
    s = re.sub(r"[^a-z0-9-]+", "-", str(text).lower()).strip("-")[:30]
    return s or "manual"


def _new_id(folder: Path, now: datetime) -> str:
    base = now.strftime(_ID_FORMAT)
    taken = {m.group(1) for e in folder.iterdir() if (m := _NAME.match(e.name))}
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _source_path(source: Book | str | Path) -> tuple[Path, Book | None]:
    if isinstance(source, str | Path):
        return Path(source), None
    return Path(source.path), source


def create_backup(
    source: Book | str | Path,
    reason: str = "manual",
    *,
    now: datetime | None = None,
    prune: bool = True,
    allow_damaged: bool = False,
    method: str = "backup",
) -> BackupInfo:
    """Write a consistent, checked, compressed backup of the book (an open
    Book or a path). Returns it. Raises BackupFailed (disk full, folder not
    writable), or BookError('book_corrupt') when the book fails its check
    (unless ``allow_damaged``: then the copy is kept, marked not ok).

    ``method`` 'backup' (SQLite online backup API) or 'vacuum' (VACUUM INTO:
    slower, smaller)."""
    path, book = _source_path(source)
    if str(path) == ":memory:":
        raise BackupFailed("backup_failed", detail=":memory:")
    folder = backups_dir(path)
    now = now or datetime.now()
    reason = _reason(reason)
    try:
        private.make_dir(folder)
        private.restrict(folder.parent)  # backups/ and backups/<book>/: owner-only (0700)
        private.restrict(folder)
        _clean_temp(folder)
        bid = _new_id(folder, now)
    except OSError as exc:
        raise BackupFailed("backup_failed", detail=_os_detail(exc)) from exc
    tag = f".{bid}.{os.getpid()}"
    snap = folder / f"{tag}.snap"
    part = folder / f"{tag}.part"
    final = folder / f"{bid}_{reason}.db.{'zst' if _zstd else 'gz'}"
    started = time.perf_counter()
    try:
        _snapshot(path, snap, method)
        meta = _inspect(snap)
        if not meta["ok"] and not allow_damaged:
            raise BookError("book_corrupt", path=str(path), detail=meta.get("detail", ""))
        meta.update(raw_size=snap.stat().st_size, book=str(path), reason=reason, method=method)
        _compress(snap, part)
        meta["seconds"] = round(time.perf_counter() - started, 3)
        meta_tmp = folder / f"{tag}.json.part"
        _write_private(meta_tmp, json.dumps(meta, ensure_ascii=False, indent=1))
        os.replace(meta_tmp, _meta_path(final))
        os.replace(part, final)
        _fsync_dir(folder)
    except sqlite3.DatabaseError as exc:
        _unlink(snap, part, folder / f"{tag}.json.part")
        if allow_damaged:
            return _raw_copy(path, folder, bid, now)
        text = str(exc).lower()
        if "full" in text:
            raise BackupFailed("backup_failed", detail=str(exc)) from exc
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            raise BookError("book_corrupt", path=str(path), detail=str(exc)) from exc
        raise BackupFailed("backup_failed", detail=str(exc)) from exc
    except OSError as exc:
        _unlink(snap, part, folder / f"{tag}.json.part", final, _meta_path(final))
        raise BackupFailed("backup_failed", detail=_os_detail(exc)) from exc
    except BaseException:
        _unlink(snap, part, folder / f"{tag}.json.part", final, _meta_path(final))
        raise
    _unlink(snap)
    info = BackupInfo(bid, final, now.replace(microsecond=0), reason, final.stat().st_size, meta)
    if book is not None:
        _mark(book, info)
    if prune:
        policy = retention(book) if book is not None else Retention()
        with contextlib.suppress(OSError):
            prune_backups(path, policy, now=now)
    return info


def _write_private(path: Path, text: str) -> None:
    with private.open_write(path) as f:
        f.write(text.encode("utf-8"))


def _os_detail(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _unlink(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()


def _clean_temp(folder: Path) -> None:
    """Remove leftovers of a backup cut short (a crash) more than an hour ago."""
    cutoff = time.time() - 3600
    for entry in folder.iterdir():
        if entry.name.startswith(".") and entry.name.endswith((".snap", ".part")):
            with contextlib.suppress(OSError):
                if entry.stat().st_mtime < cutoff:
                    entry.unlink()


def _connect_ro(path: Path) -> sqlite3.Connection:
    uri = "file:" + _uri_path(path) + "?mode=ro"
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10)


def _uri_path(path: Path) -> str:
    """An absolute path for a file: URI ('/C:/x' on Windows, percent-encoded)."""
    from urllib.parse import quote

    text = str(Path(path).absolute()).replace("\\", "/")
    if not text.startswith("/"):
        text = "/" + text  # file:/C:/... is how SQLite reads a Windows drive path
    return quote(text, safe="/:")


def _snapshot(path: Path, dest: Path, method: str) -> None:
    """A consistent copy of what is committed in the book at ``path``, through
    a fresh read connection (never an open writer's uncommitted pages)."""
    if not path.exists():
        raise OSError(2, "book file not found", str(path))
    private.create_file(dest)  # owner-only before SQLite writes the copy into it
    src = _connect_ro(path)
    try:
        if method == "vacuum":
            src.execute("VACUUM INTO ?", (str(dest),))
        else:
            dst = sqlite3.connect(str(dest), isolation_level=None)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
    finally:
        src.close()


def _inspect(db: Path) -> dict:
    """Check a snapshot and read what the Backups list shows about it."""
    conn = sqlite3.connect(str(db), isolation_level=None)
    try:
        try:
            result = [r[0] for r in conn.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as exc:
            return {"ok": False, "detail": str(exc)}
        meta: dict = {"ok": result == ["ok"]}
        if not meta["ok"]:
            meta["detail"] = "; ".join(result[:3])
            return meta
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "migrations" not in tables:
            return {"ok": False, "detail": "not a Salesbook book"}
        meta["schema"] = conn.execute("PRAGMA user_version").fetchone()[0]
        for table in ("customers", "deliveries", "payments", "contacts"):
            if table in tables:
                meta[table] = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        if "book_meta" in tables:
            row = conn.execute("SELECT value FROM book_meta WHERE key = 'uid'").fetchone()
            meta["uid"] = row[0] if row else None
        if "undo_actions" in tables:
            meta["actions"] = conn.execute("SELECT MAX(id) FROM undo_actions").fetchone()[0]
        return meta
    finally:
        conn.close()


def _compress(src: Path, dest: Path) -> None:
    with open(src, "rb") as fin, private.open_write(dest) as fout:
        if _zstd is not None:
            _zstd.ZstdCompressor(level=1, write_checksum=True).copy_stream(
                fin, fout, read_size=_CHUNK
            )
        else:
            with gzip.GzipFile(fileobj=fout, mode="wb", compresslevel=6, mtime=0) as gz:
                shutil.copyfileobj(fin, gz, _CHUNK)
        fout.flush()
        os.fsync(fout.fileno())


def _decompress(src: Path, dest: Path) -> None:
    """Unpack a backup (its checksum is verified on the way)."""
    with open(src, "rb") as fin, private.open_write(dest) as fout:
        if src.name.endswith(".zst"):
            if _zstd is None:
                raise BookError("backup_needs_zstd", path=str(src))
            _zstd.ZstdDecompressor().copy_stream(fin, fout, read_size=_CHUNK)
        else:
            with gzip.GzipFile(fileobj=fin, mode="rb") as gz:
                shutil.copyfileobj(gz, fout, _CHUNK)
        fout.flush()
        os.fsync(fout.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _raw_copy(path: Path, folder: Path, bid: str, now: datetime) -> BackupInfo:
    """Last resort for a book SQLite cannot read: keep its bytes as they are."""
    final = folder / f"{bid}_damaged.db.{'zst' if _zstd else 'gz'}"
    part = folder / f".{bid}.{os.getpid()}.raw.part"
    try:
        _compress(path, part)
        meta = {
            "ok": False,
            "detail": "raw copy of a damaged book",
            "raw_size": path.stat().st_size,
        }
        wal = Path(str(path) + "-wal")
        if wal.exists() and wal.stat().st_size:
            wal_copy = folder / f"{bid}_damaged.wal.{'zst' if _zstd else 'gz'}"
            _compress(wal, wal_copy)
            meta["wal"] = wal_copy.name
        _write_private(_meta_path(final), json.dumps(meta))
        os.replace(part, final)
    except OSError as exc:
        _unlink(part)
        raise BackupFailed("backup_failed", detail=_os_detail(exc)) from exc
    return BackupInfo(bid, final, now.replace(microsecond=0), "damaged", final.stat().st_size, meta)


# -- retention --------------------------------------------------------------------------------


def plan_retention(items: list[tuple[str, datetime]], now: datetime, policy: Retention) -> set[str]:
    """Which backups to keep: ids of the newest ``last``, plus the newest of each
    of the last ``daily`` days, ``weekly`` ISO weeks and ``monthly`` months
    (counted back from ``now``). Pure."""
    ordered = sorted(items, key=lambda x: (x[1], x[0]), reverse=True)
    keep = {bid for bid, _ in ordered[: policy.last]}
    today = now.date()
    days = {today - timedelta(days=i) for i in range(policy.daily)}
    weeks = {(today - timedelta(weeks=i)).isocalendar()[:2] for i in range(policy.weekly)}
    months = set()
    y, m = today.year, today.month
    for _ in range(policy.monthly):
        months.add((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    seen_day, seen_week, seen_month = set(), set(), set()
    for bid, when in ordered:  # newest first: the first one seen in a bucket is its newest
        d = when.date()
        if d in days and d not in seen_day:
            seen_day.add(d)
            keep.add(bid)
        w = d.isocalendar()[:2]
        if w in weeks and w not in seen_week:
            seen_week.add(w)
            keep.add(bid)
        mo = (d.year, d.month)
        if mo in months and mo not in seen_month:
            seen_month.add(mo)
            keep.add(bid)
    return keep


def prune_backups(
    book_path: str | Path, policy: Retention, *, now: datetime | None = None
) -> list[BackupInfo]:
    """Delete automatic backups the policy does not keep. Returns what was deleted."""
    items = [b for b in list_backups(book_path) if b.reason not in KEEP_ALWAYS and b.ok]
    keep = plan_retention([(b.id, b.created) for b in items], now or datetime.now(), policy)
    removed = []
    for b in items:
        if b.id not in keep:
            _unlink(b.path, b.meta_path)
            removed.append(b)
    return removed


# -- checking and restoring ---------------------------------------------------------------------


def verify_backup(info: BackupInfo) -> bool:
    """Unpack a backup to a temporary file and check it: True if it is a whole,
    healthy Salesbook book."""
    if not info.ok:
        return False
    with tempfile.TemporaryDirectory(prefix="salesbook-verify-") as tmp:
        db = Path(tmp) / "check.db"
        try:
            _decompress(info.path, db)
            return bool(_inspect(db).get("ok"))
        except (OSError, EOFError, sqlite3.Error, SalesbookError, ValueError):
            return False
        except Exception as exc:  # zstd raises its own ZstdError
            if _is_unpack_error(exc):
                return False
            raise


def _is_unpack_error(exc: BaseException) -> bool:
    if isinstance(exc, EOFError | gzip.BadGzipFile | ValueError):
        return True
    return _zstd is not None and isinstance(exc, _zstd.ZstdError)


def newest_good_backup(book_path: str | Path, *, limit: int = 20) -> BackupInfo | None:
    """The newest backup that unpacks and passes its check, or None."""
    for info in list_backups(book_path)[:limit]:
        if info.ok and verify_backup(info):
            return info
    return None


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    safety: BackupInfo | None  # the copy kept of the book that was replaced


def restore_backup(book_path: str | Path, query: str) -> RestoreResult:
    """Replace the book with a backup (by id, prefix or 'latest'). A copy of
    the book it replaces is kept first (as a backup, reason 'before-restore',
    or 'damaged' when it cannot be read). The book must not be open: raises
    BookError('book_in_use' / 'book_open_here'). Crash-safe: the old book
    stays until the checked new one is renamed over it."""
    from . import lock
    from .migrations import MIGRATIONS

    SCHEMA_VERSION = len(MIGRATIONS)  # as book.py (backups are built on the book, not it on them)

    path = Path(book_path)
    info = find_backup(path, query)
    if not info.ok:
        raise BookError("backup_damaged", id=info.id)
    if lock.held_here(path):
        raise BookError("book_open_here", path=str(path))
    try:
        held = lock.acquire(path)
    except lock.Locked as exc:
        raise BookError("book_in_use", path=str(path), pid=exc.owner.pid or "?") from exc
    tmp = path.with_name(f".{path.name}.restore-{os.getpid()}.tmp")
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _decompress(info.path, tmp)
        except OSError as exc:
            raise BackupFailed("backup_failed", detail=_os_detail(exc)) from exc
        except Exception as exc:
            if _is_unpack_error(exc):
                raise BookError("backup_damaged", id=info.id) from exc
            raise
        meta = _inspect(tmp)
        if not meta.get("ok"):
            raise BookError("backup_damaged", id=info.id)
        if meta.get("schema", 0) > SCHEMA_VERSION:
            raise BookError(
                "book_too_new", path=str(info.path), version=meta["schema"], known=SCHEMA_VERSION
            )
        safety = None
        if path.exists():
            safety = create_backup(path, "before-restore", prune=False, allow_damaged=True)
            _checkpoint(path)
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
        return RestoreResult(info, safety)
    finally:
        _unlink(tmp)
        held.release()


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the book file before it is replaced (best effort)."""
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=5)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()


# -- the automatic triggers (called by book.py and other rooms) ----------------------------------


def _mark(book: Book, info: BackupInfo | None, changes: int | None = None) -> None:
    """Remember the state of the book at its last backup (committed changes, as
    now or as ``changes`` when the backup began; clock)."""
    if changes is None:
        changes = getattr(book, "_committed_changes", 0)
    book._backup_changes = changes  # type: ignore[attr-defined]
    book._backup_clock = time.monotonic()  # type: ignore[attr-defined]
    book._backup_last = info  # type: ignore[attr-defined]


def attach(book: Book) -> None:
    """Start the backup clock of a freshly opened book."""
    book._committed_changes = 0  # type: ignore[attr-defined]
    book._backup_every = retention(book).every_minutes * 60  # type: ignore[attr-defined]
    _mark(book, None)


def _changed(book: Book) -> bool:
    """Anything committed through this Book since its last backup (or since it was opened)?"""
    return getattr(book, "_committed_changes", 0) != getattr(book, "_backup_changes", 0)


def _auto(book: Book) -> bool:
    return bool(getattr(book, "auto_backup", False)) and book.path != ":memory:"


def before(book: Book, reason: str) -> BackupInfo | None:
    """A backup right before a risky step (import, revert, bulk delete...).
    Call it outside the step's transaction. If this Book already made a
    backup and nothing changed since, that one is returned. Raises
    BackupFailed (then do not go on with the step). None for ':memory:'."""
    return before_started(book, reason).wait()


class PendingBackup:
    """A safety backup being made on a thread of its own (``before_started``)
    while the step it guards reads and writes inside its transaction: the
    backup reads through its own connection, so it holds what was committed
    before the step, never the step's own uncommitted writes. The step calls
    ``wait()`` before it commits: a backup that failed (disk full, a damaged
    book) raises there, the step rolls back and nothing is written, exactly
    as when the backup is made first (``before``). As a context manager it
    lets a backup still running when the step failed finish on the way out."""

    def __init__(self, book: Book | None, reason: str | None = None):
        self.book = book
        self.info: BackupInfo | None = None
        self.waited = 0.0  # seconds the step spent waiting for it
        self._error: BaseException | None = None
        self._thread = None
        if book is not None and reason is not None:
            import threading

            self._changes = getattr(book, "_committed_changes", 0)
            self._thread = threading.Thread(
                target=self._run, args=(str(book.path), f"before-{_reason(reason)}"), daemon=True
            )
            self._thread.start()

    @classmethod
    def made(cls, info: BackupInfo | None) -> PendingBackup:
        """One already there (or none needed: ':memory:', a dry run): nothing to wait for."""
        done = cls(None)
        done.info = info
        return done

    def _run(self, path: str, reason: str) -> None:
        try:  # the path, not the Book: nothing here may touch the step's connection
            self.info = create_backup(path, reason, prune=False)
        except BaseException as exc:  # noqa: BLE001 - raised in wait(), on the step's thread
            self._error = exc

    def wait(self) -> BackupInfo | None:
        """Block until the backup is written; raise its error (BackupFailed,
        BookError('book_corrupt')). Call it before the step commits."""
        thread, self._thread = self._thread, None
        if thread is not None:
            started = time.perf_counter()
            thread.join()
            self.waited += time.perf_counter() - started
            if self._error is None:  # this Book's state as it was when the backup began
                _mark(self.book, self.info, self._changes)
                with contextlib.suppress(OSError):
                    prune_backups(self.book.path, retention(self.book))
        if self._error is not None:
            raise self._error
        return self.info

    def __enter__(self) -> PendingBackup:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is not None:  # the step failed: its own error is the one to see
            with contextlib.suppress(Exception):
                self.wait()


def before_started(book: Book, reason: str) -> PendingBackup:
    """``before``, made beside the step instead of ahead of it (an import of a
    big book: its backup takes a second of the second core). The same checks
    and refusals as ``before`` come at once; the backup itself is the
    returned PendingBackup, whose ``wait()`` the step calls before it commits."""
    if book.path == ":memory:":
        return PendingBackup.made(None)
    held = getattr(book, "in_use_by", None)
    if held is not None:  # opened read-only beside its holder: the step will not write
        raise BookError("book_in_use", path=book.path, pid=held.pid or "?")
    last = getattr(book, "_backup_last", None)
    if last is not None and not _changed(book) and last.path.exists():
        return PendingBackup.made(last)
    if book.conn.in_transaction:
        raise RuntimeError("a safety backup must be started outside a transaction")
    return PendingBackup(book, reason)


def before_migration(conn: sqlite3.Connection, path: str, version: int) -> None:
    """Called by the migration runner before it upgrades an existing book."""
    if path == ":memory:":
        return
    create_backup(path, f"before-upgrade-v{version}")


def on_close(book: Book) -> None:
    """Back up a book being closed if anything changed since its last backup,
    unless the newest backup is younger than ``close_gap_minutes`` (a run of
    short CLI calls on a big book should not make a backup each).
    Never raises: a failure is kept in ``book.last_backup_error``."""
    if not _auto(book) or not _changed(book):
        return
    policy = retention(book)
    if policy.close_gap_minutes:
        items = list_backups(book.path)
        if items and datetime.now() - items[0].created < timedelta(
            minutes=policy.close_gap_minutes
        ):
            return
    _safely(book, "close")


def after_commit(book: Book) -> None:
    """Called by Book.transaction after each COMMIT: counts committed changes
    and, every ``every_minutes`` of use, makes a backup if anything changed."""
    book._committed_changes = book.conn.total_changes  # type: ignore[attr-defined]
    clock = getattr(book, "_backup_clock", None)
    if clock is None or not _auto(book):
        return
    if time.monotonic() - clock < getattr(book, "_backup_every", 1800) or not _changed(book):
        return
    _safely(book, "auto")


def _safely(book: Book, reason: str) -> None:
    try:
        create_backup(book, reason)
        book.last_backup_error = None  # type: ignore[attr-defined]
    except (SalesbookError, OSError, sqlite3.Error) as exc:
        book.last_backup_error = exc  # type: ignore[attr-defined]
        book._backup_clock = time.monotonic()  # type: ignore[attr-defined] # try again later
