"""Can the window open here? Asked before Qt is loaded.

Without a display (or one that does not answer), or without the system libraries Qt's xcb platform plugin
needs (a fresh Debian lacks libxcb-icccm4 and libxcb-keysyms1), Qt aborts with
its own message (which blames xcb-cursor0 whatever is missing) and exit code
134. ``window_problem()`` finds that out first and says it in one line in the
user's language, with the apt line that fixes it. Imports nothing from Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

from salesbook.i18n import t

# What Qt's own libraries (QtGui, QtWidgets, any platform) load from the system:
# (soname, Debian package).
QT_LIBS = (
    ("libGL.so.1", "libgl1"),
    ("libEGL.so.1", "libegl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libfreetype.so.6", "libfreetype6"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libX11.so.6", "libx11-6"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
)
# What the xcb platform plugin (plugins/platforms/libqxcb.so and libQt6XcbQpa)
# loads besides those: its NEEDED entries, as `readelf -d` lists them (PySide6 6.11).
XCB_LIBS = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
)
# Platforms that need no display server (tests, screenshots, remote).
HEADLESS = ("offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")


def loadable(soname: str) -> bool:
    """True when the dynamic loader finds and loads ``soname`` (as Qt would)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def x_display_answers(display: str) -> bool:
    """True when the X server at ``display`` accepts a connection (libxcb, as Qt connects)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # reported as a missing library instead
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.c_void_p)
    xcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    xcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(conn) == 0
    finally:
        xcb.xcb_disconnect(conn)


def _platform(env: Mapping[str, str]) -> str:
    """The platform Qt will try first: xcb, wayland, or a headless one."""
    requested = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()
    if requested:
        return requested
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return "wayland"
    return "xcb"


def window_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    can_load: Callable[[str], bool] = loadable,
    can_connect: Callable[[str], bool] = x_display_answers,
) -> str | None:
    """One line saying why the window cannot open here (in the process
    language), or None when it can (or when this is not Linux, where Qt
    brings what it needs)."""
    env = os.environ if env is None else env
    if not (platform or sys.platform).startswith("linux"):
        return None
    qpa = _platform(env)
    needed = list(QT_LIBS)
    if qpa not in HEADLESS:
        if qpa == "wayland" and not env.get("WAYLAND_DISPLAY"):
            return t("window_no_display", variable="WAYLAND_DISPLAY")
        if qpa == "xcb" and not env.get("DISPLAY"):
            return t("window_no_display", variable="DISPLAY")
        if qpa == "xcb":
            needed += XCB_LIBS
    missing = [(lib, pkg) for lib, pkg in needed if not can_load(lib)]
    if missing:
        return t(
            "window_missing_libs",
            libs=", ".join(lib for lib, _ in missing),
            packages=" ".join(dict.fromkeys(pkg for _, pkg in missing)),
        )
    if qpa == "xcb" and not can_connect(env["DISPLAY"]):
        return t("window_display_unreachable", display=env["DISPLAY"])
    return None
