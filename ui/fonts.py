"""The Chinese font Salesbook carries, so the window and the charts show Chinese
on a machine without any CJK font (a fresh Debian has only DejaVu).

``ui/resources/fonts/SalesbookSansSC-Regular.otf`` is a subset of Noto Sans CJK
SC (GB 2312 and the characters common in names, SIL Open Font License, see
OFL.txt beside it), made by ``bench/make_font.py``. Qt gets it with
``install_qt_fonts`` (at app start) and matplotlib by path in
``ui.charts.setup_matplotlib``; neither depends on the system's font caches.
"""

from __future__ import annotations

import sys
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent / "resources" / "fonts"
BUNDLED_FONT = FONTS_DIR / "SalesbookSansSC-Regular.otf"
BUNDLED_FAMILY = "Salesbook Sans SC"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")

_qt_registered: list[str] = []  # the families Qt got, once per process


def bundled_fonts() -> list[Path]:
    """The font files in ui/resources/fonts (the bundled Chinese font first)."""
    if not FONTS_DIR.is_dir():
        return []
    found = sorted(p for p in FONTS_DIR.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    return sorted(found, key=lambda p: p != BUNDLED_FONT)


def install_qt_fonts(app) -> list[str]:
    """Register the bundled fonts with Qt (once) and make the Chinese one the
    application font's fallback for characters the UI font lacks (after the
    system's own Chinese UI font on Windows and macOS). Returns the families added."""
    from PySide6.QtGui import QFont, QFontDatabase

    if not _qt_registered:
        for path in bundled_fonts():
            font_id = QFontDatabase.addApplicationFont(str(path))
            _qt_registered.extend(QFontDatabase.applicationFontFamilies(font_id))
        _qt_registered.append("")  # registered, even if nothing was found
    families = [f for f in _qt_registered if f]
    f = QFont(app.font())
    current = list(f.families()) or [f.family()]
    if sys.platform == "win32":
        current = ["Microsoft YaHei UI", "Microsoft YaHei"] + [
            c for c in current if "YaHei" not in c
        ]
    elif sys.platform == "darwin" and "PingFang SC" not in current:
        current.append("PingFang SC")
    wanted = current + [fam for fam in families if fam not in current]
    if wanted != list(f.families()):
        f.setFamilies(wanted)
        app.setFont(f)
    return families
