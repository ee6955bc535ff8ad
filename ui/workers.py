"""Work off the GUI thread.

* ``BookSession``: the open book and the ONE thread that touches it. Every
  call on the book goes through ``session.call(fn, *args, done=...)``: ``fn``
  runs on the book thread as ``fn(book, *args)``, in the order submitted, and
  ``done(result)`` / ``error(exc)`` run back on the GUI thread. A ``key``
  coalesces calls (search-as-you-type): a call is skipped if a newer one with
  the same key was submitted before it started, and a stale result is dropped.
* ``run_aux``: the same for work that does not touch the book (drawing a
  chart, importing matplotlib), on a second single thread.
* ``Progress``: a cancellable long job (demo generation) with a progress
  dialog that appears when the job takes more than a second.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel."""


class _Skipped:
    pass


SKIPPED = _Skipped()


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class _Relay(QObject):
    """Carries results from a worker thread back to the GUI thread (queued)."""

    finished = Signal(
        int, int, object
    )  # job id, 1 = ok / 0 = failed, result (no bool: PySide refcounts)
    progressed = Signal(int, int, int)


class _Job(QRunnable):
    def __init__(
        self, runner: Runner, job_id: int, fn: Callable, args: tuple, kwargs: dict, raw: bool
    ):
        super().__init__()
        self.setAutoDelete(True)
        self.runner, self.job_id, self.fn, self.args, self.kwargs = runner, job_id, fn, args, kwargs
        self.raw = raw

    def run(self) -> None:
        runner = self.runner
        if runner._is_stale(self.job_id):
            runner._relay.finished.emit(self.job_id, 1, SKIPPED)
            return
        try:
            prefix = () if self.raw else runner._prefix()
            result = self.fn(*prefix, *self.args, **self.kwargs)
            ok = 1
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            if not isinstance(exc, Exception):
                raise
            exc.__ui_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            result, ok = exc, 0
        runner._relay.finished.emit(self.job_id, ok, result)


class Runner(QObject):
    """One worker thread; jobs run in submission order."""

    failed = Signal(object)  # errors nobody handled: the window shows them

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self._relay = _Relay()
        self._relay.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple] = {}
        self._latest: dict[str, int] = {}
        self._key_of: dict[int, str] = {}
        self._lock = threading.Lock()

    def _prefix(self) -> tuple:
        return ()

    def submit(
        self,
        fn: Callable,
        *args: Any,
        done: Callable[[Any], None] | None = None,
        error: Callable[[Exception], None] | None = None,
        key: str | None = None,
        owner: QObject | None = None,
        progress: Callable[[int, int], None] | None = None,
        _raw: bool = False,
        **kwargs: Any,
    ) -> int:
        """Run ``fn(*args, **kwargs)`` on the worker thread; ``done``/``error``
        are called on the GUI thread unless ``owner`` was deleted meanwhile."""
        job_id = next(self._ids)
        with self._lock:
            if key:
                self._latest[key] = job_id
                self._key_of[job_id] = key
        self._pending[job_id] = (done, error, owner, progress)
        self._pool.start(_Job(self, job_id, fn, args, kwargs, _raw))
        return job_id

    def report(self, job_id: int, done: int, total: int) -> None:
        """From a job: tell the GUI thread how far it got."""
        self._relay.progressed.emit(job_id, done, total)

    def _is_stale(self, job_id: int) -> bool:
        with self._lock:
            key = self._key_of.get(job_id)
            return bool(key) and self._latest.get(key) != job_id

    def _progressed(self, job_id: int, done: int, total: int) -> None:
        entry = self._pending.get(job_id)
        if entry and entry[3] and _alive(entry[2]):
            entry[3](done, total)

    def _finished(self, job_id: int, ok: int, result: object) -> None:
        done, error, owner, _progress = self._pending.pop(job_id, (None, None, None, None))
        with self._lock:
            key = self._key_of.pop(job_id, None)
            stale = bool(key) and self._latest.get(key) != job_id
        if result is SKIPPED or stale or not _alive(owner):
            return
        if ok:
            if done:
                done(result)
        elif error:
            error(result)  # type: ignore[arg-type]
        elif not isinstance(result, Cancelled):
            self.failed.emit(result)

    def idle(self) -> bool:
        return not self._pending

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every job ran (tests, shutdown); results are delivered later."""
        return self._pool.waitForDone(msecs)


def _alive(owner: QObject | None) -> bool:
    return owner is None or shiboken6.isValid(owner)


class BookSession(Runner):
    """The open book and its thread. ``book`` is only touched on that thread."""

    opened = Signal(object)  # BookSession, on the GUI thread
    closed = Signal()
    monthly_stored = Signal(object)  # names of the monthly jobs just stored (store/monthly.py)
    # the month's jobs start this long after a book opens (None: not at all)
    monthly_after_ms: int | None = 5000

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.book = None
        self.path: Path | None = None
        self.is_demo = False

    def _prefix(self) -> tuple:
        if self.book is None:
            from salesbook.errors import BookError

            raise BookError("book_missing", path=str(self.path or ""))
        return (self.book,)

    @property
    def is_open(self) -> bool:
        return self.book is not None

    def call(self, fn: Callable, *args: Any, **kwargs: Any) -> int:
        """``fn(book, *args, **kwargs)`` on the book thread (see the module doc)."""
        return self.submit(fn, *args, **kwargs)

    @staticmethod
    def _open_file(path: str | Path, create: bool):
        """What ``open`` opens (on the book thread): a rep's book."""
        from salesbook.store.book import open_book

        return open_book(path, create=create)

    def open(
        self,
        path: str | Path,
        *,
        create: bool = True,
        done: Callable[[Any], None] | None = None,
        error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Close the current book (if any) and open ``path`` on the book thread."""

        def _open():
            old, self.book = self.book, None
            if old is not None:
                old.close()
            book = self._open_file(path, create)
            self.book = book
            return book

        def _done(_book):
            self.path = Path(str(path))
            self.opened.emit(self)
            if done:
                done(self)
            if self.monthly_after_ms is not None:
                QTimer.singleShot(self.monthly_after_ms, self, self.start_monthly)

        self.submit(_open, done=_done, error=error, _raw=True)

    def start_monthly(self, today=None) -> None:
        """The month's jobs off the user's path (see salesbook/store/monthly.py): which
        are due is asked on the book thread; their heavy part runs on a thread
        of its own over a read-only connection, so views keep the book thread;
        the results are stored back on the book thread (a short transaction)."""
        from datetime import date

        from salesbook.errors import SalesbookError
        from salesbook.store import monthly
        from salesbook.store.book import Book

        day = today or date.today()

        def _due(book):
            if not isinstance(book, Book) or book.path == ":memory:" or book.in_use_by:
                return None
            return book.path, [j.name for j in monthly.due(book, day)], book

        def _compute(path: str, names: list[str], book) -> None:
            try:
                reader = monthly.open_reader(path)
                try:
                    if book.pending_check:  # a big book's daily check (store/book.py)
                        try:
                            book.run_pending_check(reader.conn)
                        except SalesbookError as exc:  # damaged: say so now, name a backup
                            self.failed.emit(exc)
                            return
                    results = monthly.compute_due(reader, day, names) if names else []
                finally:
                    monthly.close_reader(reader)
            except Exception:  # noqa: BLE001 - tried again when the book next opens
                log.exception("monthly jobs")  # a corrupt book: its first write says so
                return
            if not results:
                return

            def _store(book):
                return monthly.store_results(book, day, results) if book.path == path else []

            try:
                self.call(_store, done=lambda names: names and self.monthly_stored.emit(names))
            except RuntimeError:  # the window closed meanwhile: the next opening tries again
                return

        def _start(found):
            if found and (found[1] or found[2].pending_check):
                threading.Thread(target=_compute, args=found, daemon=True).start()

        self.call(_due, done=_start, error=lambda _exc: None)

    def close(self, wait: bool = True) -> None:
        """Close the book on its thread (waits for the queue to drain)."""

        def _close():
            old, self.book = self.book, None
            if old is not None:
                old.close()

        self.submit(_close, _raw=True)
        if wait:
            self.wait()
        self.closed.emit()


class AuxRunner(Runner):
    """A second thread for work that does not touch the book (charts, imports of
    heavy modules, demo generation)."""


_aux: AuxRunner | None = None


def aux() -> AuxRunner:
    global _aux
    if _aux is None or not shiboken6.isValid(_aux):
        _aux = AuxRunner()
    return _aux


class Progress(QObject):
    """A cancellable long job: ``fn(progress, *args)`` runs on ``runner``;
    ``progress(done, total)`` updates a dialog that shows after a second and
    raises Cancelled once the user pressed Cancel."""

    def __init__(
        self,
        parent: QWidget | None,
        runner: Runner,
        label: str,
        fn: Callable,
        *args: Any,
        done: Callable[[Any], None] | None = None,
        error: Callable[[Exception], None] | None = None,
        cancel_text: str | None = None,
    ):
        super().__init__(parent)
        self.token = CancelToken()
        self.dialog = QProgressDialog(label, cancel_text or "", 0, 100, parent)
        self.dialog.setWindowTitle(label)
        self.dialog.setMinimumDuration(1000)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.canceled.connect(self.token.cancel)
        self.dialog.setValue(0)
        self._done, self._error = done, error
        job_ref: list[int] = []

        def _progress(n: int, total: int) -> None:
            if self.token.cancelled:
                raise Cancelled()
            if job_ref:
                runner.report(job_ref[0], n, total)

        job_ref.append(
            runner.submit(
                fn, _progress, *args, done=self._finish, error=self._fail, progress=self._update
            )
        )

    def _update(self, n: int, total: int) -> None:
        if shiboken6.isValid(self.dialog):
            self.dialog.setMaximum(max(1, total))
            self.dialog.setValue(min(n, total))

    def _close(self) -> None:
        if shiboken6.isValid(self.dialog):
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()

    def _finish(self, result: Any) -> None:
        self._close()
        if self._done:
            self._done(result)
        self.deleteLater()

    def _fail(self, exc: Exception) -> None:
        self._close()
        if self._error:
            self._error(exc)
        self.deleteLater()


def later(msecs: int, fn: Callable[[], None]) -> None:
    QTimer.singleShot(msecs, fn)
