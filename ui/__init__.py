"""The desktop window (PySide6) over the salesbook core. Entry point: ui.app.run()."""

from __future__ import annotations


def _guard_emit_refcount() -> None:
    """PySide6 6.12.0 returns ``True`` from ``Signal.emit()`` without a new
    reference: every emit from Python takes one reference from ``True`` until
    Python aborts ("bool_dealloc"). pyproject excludes that version; if it is
    installed anyway, give the reference back after each emit."""
    import ctypes
    import sys

    from PySide6.QtCore import QObject, Signal, SignalInstance

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(3):
        probe.ping.emit()
    if sys.getrefcount(True) >= before:
        return
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    original = SignalInstance.emit

    def emit(self, *args):
        result = original(self, *args)
        if result is True or result is False:
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
        return result

    SignalInstance.emit = emit


_guard_emit_refcount()
