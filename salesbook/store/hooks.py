"""What the layers above register for the book file to call.

The book file (this package) never imports the records built on it. Where it
must run today's code of a higher layer (undo recomputing the forecast of the
customers it touched, undo reverting an import, the trash archiving a
customer, a migration rebuilding derived state), the module that owns that
code registers it here when it is imported, under a name; the store asks for
it by that name. ``salesbook.startup`` imports every registering module once
at start-up (the command line, the window and the tests import it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_provided: dict[str, Callable[..., Any]] = {}


def provide(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """Register ``fn`` under ``name`` (a later registration replaces it)."""
    _provided[name] = fn
    return fn


def need(name: str) -> Callable[..., Any]:
    """The function registered under ``name``; a missing one is a wiring error
    (salesbook.startup was not imported), never a silent skip."""
    try:
        return _provided[name]
    except KeyError:
        raise RuntimeError(
            f"{name!r} is not registered: import salesbook.startup at start-up"
        ) from None
