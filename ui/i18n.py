"""Languages of the window: Chinese (Simplified) first, English too.

Every text on screen goes through Qt's ``tr()`` (``self.tr`` in widgets,
``QCoreApplication.translate(context, ...)`` elsewhere). The source strings
are English; ``resources/translations/salesbook_zh_CN.ts`` holds the Chinese
and ``salesbook_en.ts`` the English plural forms. ``bench/translations.py``
runs lupdate/lrelease (the .qm files are what ships).

Which language: ``--lang`` > ``SALESBOOK_LANG`` > the choice saved in the
settings dialog > the system locale (Chinese, or an unknown "C" locale, gives
Chinese; anything else English).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QSettings, QTranslator

from salesbook import i18n as core_i18n
from salesbook.rules.text import level_name

LANGS = ("zh", "en")
TRANSLATIONS = Path(__file__).resolve().parent / "resources" / "translations"
_translators: list[QTranslator] = []
_current = "zh"


def system_language() -> str:
    loc = QLocale.system()
    if loc.language() in (QLocale.Language.Chinese, QLocale.Language.C):
        return "zh"
    return "en"


def preferred_language(cli_lang: str | None = None) -> str:
    """The language to start in (see the module doc)."""
    for choice in (cli_lang, os.environ.get("SALESBOOK_LANG"), QSettings().value("language")):
        if choice:
            return "en" if str(choice).lower().startswith("en") else "zh"
    return system_language()


def save_language(lang: str) -> None:
    QSettings().setValue("language", lang)


def current() -> str:
    return _current


def install(lang: str) -> str:
    """Load the translators for ``lang`` ('zh' or 'en') into the application,
    and set the core's message language and the default locale to match."""
    global _current
    lang = "en" if lang.startswith("en") else "zh"
    app = QCoreApplication.instance()
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if lang == "zh":
        files = [(TRANSLATIONS, "salesbook_zh_CN"), (qt_dir, "qtbase_zh_CN")]
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        files = [(TRANSLATIONS, "salesbook_en")]
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    for folder, name in files:
        tr = QTranslator(app)
        if tr.load(name, str(folder)):
            app.installTranslator(tr)
            _translators.append(tr)
    core_i18n.set_language(lang)
    _current = lang
    return lang


def uninstall() -> None:
    """Back to the state before any ``install``: no translators (the source
    text shows), the system locale, the core's language from the environment.
    Tests call it after each test so that no language leaks into the next."""
    global _current
    app = QCoreApplication.instance()
    for old in _translators:
        if app is not None:
            app.removeTranslator(old)
    _translators.clear()
    QLocale.setDefault(QLocale.system())
    core_i18n.set_language(None)
    _current = "zh"


# -- words the whole window shares -------------------------------------------


def level(code: str) -> str:
    """过客/熟人/朋友/知己 or passer-by/acquaintance/friend/confidant."""
    return level_name(code, _current)


def status(code: str | None) -> str:
    names = {
        "upcoming": QCoreApplication.translate("Names", "upcoming"),
        "due": QCoreApplication.translate("Names", "due"),
        "overdue": QCoreApplication.translate("Names", "overdue"),
        "at_risk": QCoreApplication.translate("Names", "at risk"),
    }
    return names.get(code or "", "")


def kind(code: str) -> str:
    names = {
        "resupply": QCoreApplication.translate("Names", "Resupply"),
        "collect": QCoreApplication.translate("Names", "Collect"),
        "follow_up": QCoreApplication.translate("Names", "Follow up"),
    }
    return names.get(code, code)


def contact_kind(code: str) -> str:
    names = {
        "visit": QCoreApplication.translate("Names", "visit"),
        "call": QCoreApplication.translate("Names", "call"),
        "message": QCoreApplication.translate("Names", "message"),
    }
    return names.get(code, code)


def money(fen: int | None) -> str:
    """¥1,234.50 (integer fen in, never float)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}¥{yuan:,}.{cents:02d}"


def phone(number: str | None) -> str:
    """139 1234 5678 for a mainland mobile number; other numbers as stored."""
    if not number:
        return ""
    if len(number) == 11 and number.isdigit() and number.startswith("1"):
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    return number


def search_text(text: str) -> str:
    """What was typed in a search box, with the spaces and dashes inside a phone
    number dropped (numbers are shown as 139 1234 5678 but stored as digits)."""
    return re.sub(r"(?<=\d)[\s-]+(?=\d)", "", text.strip())


def short_date(value: str | date | None) -> str:
    """Mar 8 / 3月8日."""
    if not value:
        return ""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    fmt = QCoreApplication.translate("Names", "MMM d")
    return QLocale().toString(QDate(d.year, d.month, d.day), fmt)


def list_date(value: str | date | None, today: str | date | None = None) -> str:
    """A date in a list: Mar 8 / 3月8日 in ``today``'s year (default this year),
    else Mar 8, 2025 / 2025年3月8日."""
    if not value:
        return ""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    ref = date.fromisoformat(today) if isinstance(today, str) else (today or date.today())
    if d.year == ref.year:
        return short_date(d)
    fmt = QCoreApplication.translate("Names", "MMM d, yyyy")
    return QLocale().toString(QDate(d.year, d.month, d.day), fmt)


def long_date(value: str | date | None) -> str:
    """Monday, Mar 8, 2026 / 2026年3月8日 星期一."""
    if not value:
        return ""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    fmt = QCoreApplication.translate("Names", "dddd, MMM d, yyyy")
    return QLocale().toString(QDate(d.year, d.month, d.day), fmt)


def error_text(exc: BaseException) -> str:
    """A user-facing message for an error from the core, in the window's language."""
    from salesbook.errors import SalesbookError

    if isinstance(exc, SalesbookError):
        return exc.message(_current)
    return core_i18n.t("unexpected", lang=_current, detail=f"{type(exc).__name__}: {exc}")
