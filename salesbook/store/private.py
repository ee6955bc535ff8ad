"""Only the rep reads the book: owner-only modes for the files Salesbook writes.

The book holds names, phones, addresses and debts (personal information under
China's PIPL). On Linux and macOS the book, its -wal/-shm, the lock file, the
backups folder, every backup and every export are created readable by their
owner only (files 0600, folders 0700), and an existing book's files get those
modes when it is opened, if this user owns them. Explicit modes, never
``os.umask`` (process-wide, racy with the window's threads). On Windows the
user's profile folders are already private: these are no-ops there.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"


def restrict(path: str | Path) -> None:
    """Take group and other access away from a file or folder this user owns
    (0644 -> 0600, 0755 -> 0700; a read-only 0444 book stays read-only: 0400).
    Best effort: anything else is left alone."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        st = os.stat(path)
        if st.st_uid != os.getuid():
            return
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o077:
            os.chmod(path, mode & ~0o077)


def create_file(path: str | Path) -> None:
    """Create an empty file readable by its owner only (OSError if it exists)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)


def open_write(path: str | Path):
    """``open(path, 'wb')`` for a new or replaced file, created owner-only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        return os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        raise


def make_dir(path: str | Path) -> None:
    """``mkdir -p`` where every folder this creates is owner-only (0700)."""
    p = Path(path)
    if p.is_dir():
        return
    if not p.parent.is_dir():
        make_dir(p.parent)
    with contextlib.suppress(FileExistsError):
        p.mkdir(mode=DIR_MODE)
