"""One writer per book: an advisory lock on a sidecar file ``<book>.lock``.

The operating system holds the lock (``fcntl.flock`` on Linux/macOS,
``msvcrt.locking`` on Windows) and drops it when the process ends, however it
ends, so a crash never leaves a stale lock behind. The file also records who
holds it (pid, host, since) so the second Salesbook can say who has the book.

Within one process the lock is shared and counted: opening the same book
twice in one process (a CLI call inside a test, a second view) is SQLite's
business, not a second writer.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_WIN_OFFSET = 1 << 30  # Windows: lock a byte far past the text so the text stays readable


@dataclass(frozen=True)
class LockOwner:
    """Who holds a book: process id, host name and since when (ISO, UTC)."""

    pid: int | None
    host: str
    since: str


def lock_path(book_path: str | Path) -> Path:
    p = Path(book_path)
    return p.with_name(p.name + ".lock")


def _key(book_path: str | Path) -> str:
    return os.path.normcase(os.path.realpath(str(book_path)))


class _Held:
    def __init__(self, file, path: Path):
        self.file = file
        self.path = path
        self.count = 1


_held: dict[str, _Held] = {}
_guard = threading.Lock()


class BookLock:
    """A held lock; ``release()`` (or leaving the ``with`` block) lets it go."""

    def __init__(self, key: str | None):
        self._key = key

    @property
    def held(self) -> bool:
        return self._key is not None

    def release(self) -> None:
        key, self._key = self._key, None
        if key is None:
            return
        with _guard:
            entry = _held.get(key)
            if entry is None:
                return
            entry.count -= 1
            if entry.count > 0:
                return
            del _held[key]
        _unlock_and_close(entry)

    def __enter__(self) -> BookLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


class Locked(Exception):
    """The book is held by another process (``owner`` says which)."""

    def __init__(self, owner: LockOwner):
        super().__init__(f"locked by pid {owner.pid} on {owner.host}")
        self.owner = owner


def acquire(book_path: str | Path) -> BookLock:
    """Take the book's lock without waiting.

    Returns a BookLock (already held by this process: counted). Raises
    ``Locked`` when another process holds it. When the lock file cannot be
    created (read-only folder) the returned lock is not held (``held`` False):
    nothing can be written there anyway and SQLite will say so.
    """
    key = _key(book_path)
    with _guard:
        entry = _held.get(key)
        if entry is not None:
            entry.count += 1
            return BookLock(key)
        path = lock_path(book_path)
        while True:
            try:
                f = _open_lock_file(path)  # held open for the life of the lock
            except OSError:
                return BookLock(None)
            got = _try_lock(f)
            if got is None:  # the file system cannot lock (some network drives)
                f.close()
                return BookLock(None)
            if not got:
                owner = _read_owner(f)
                f.close()
                raise Locked(owner)
            if _same_file(f, path):
                break
            # Someone removed the lock file between our open and lock: try again.
            _unlock(f)
            f.close()
        _write_owner(f)
        _held[key] = _Held(f, path)
        return BookLock(key)


def owner_of(book_path: str | Path) -> LockOwner | None:
    """Who holds the book now, or None when nobody (or this process) does."""
    key = _key(book_path)
    with _guard:
        if key in _held:
            return None
    path = lock_path(book_path)
    if not path.exists():
        return None
    try:
        f = _open_lock_file(path)
    except OSError:
        return None
    try:
        got = _try_lock(f)
        if got:
            _unlock(f)
        return None if got in (True, None) else _read_owner(f)
    finally:
        f.close()


def refuse_book_file(path: str | Path) -> None:
    """Raise BookError('book_file_not_a_sheet') when ``path`` is a book this
    process has open, or its -wal/-shm/-journal: reading it with anything but
    SQLite (a spreadsheet reader) would drop SQLite's locks on it (issue 16)."""
    real = _key(path)
    with _guard:
        held = [k for k in _held if real in (k, k + "-wal", k + "-shm", k + "-journal")]
    if held:
        from ..errors import BookError

        raise BookError("book_file_not_a_sheet", path=str(path))


def held_here(book_path: str | Path) -> bool:
    """True if this process has the book open (holds its lock)."""
    with _guard:
        return _key(book_path) in _held


# -- the platform part --------------------------------------------------------


def _open_lock_file(path: Path):
    """Open (or create) the lock file for reading and writing, owner-only (0600:
    it names the process and host that have the book)."""
    from . import private

    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, private.FILE_MODE)
    try:
        f = os.fdopen(fd, "r+b")
    except BaseException:
        os.close(fd)
        raise
    private.restrict(path)
    return f


_HELD_ERRNOS = {
    errno.EACCES,
    errno.EAGAIN,
    errno.EWOULDBLOCK,
    getattr(errno, "EDEADLOCK", errno.EDEADLK),
}


def _try_lock(f) -> bool | None:
    """True: locked; False: another process holds it; None: cannot lock here."""
    try:
        if sys.platform == "win32":
            import msvcrt

            f.seek(_WIN_OFFSET)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        return False if exc.errno in _HELD_ERRNOS else None


def _unlock(f) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            f.seek(_WIN_OFFSET)
            msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _same_file(f, path: Path) -> bool:
    if sys.platform == "win32":
        return True  # an open file cannot be removed on Windows
    try:
        a, b = os.fstat(f.fileno()), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _write_owner(f) -> None:
    text = json.dumps(
        {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "app": "salesbook",
        }
    ).encode()
    with contextlib.suppress(OSError):
        f.seek(0)
        f.truncate()
        f.write(text)
        f.flush()


def _read_owner(f) -> LockOwner:
    try:
        f.seek(0)
        data = json.loads(f.read(4096).decode("utf-8", "replace") or "{}")
        pid = data.get("pid")
        return LockOwner(
            int(pid) if pid is not None else None,
            str(data.get("host", "")),
            str(data.get("since", "")),
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return LockOwner(None, "", "")


def _unlock_and_close(entry: _Held) -> None:
    f = entry.file
    if sys.platform != "win32":
        # Remove while still holding the lock; a process that opened the old
        # file meanwhile sees it is gone (_same_file) and tries again.
        with contextlib.suppress(OSError):
            entry.path.unlink()
    _unlock(f)
    with contextlib.suppress(OSError):
        f.close()
    if sys.platform == "win32":
        with contextlib.suppress(OSError):
            entry.path.unlink()
