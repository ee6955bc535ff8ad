"""Errors the user can see. Each carries a message key and its parameters so
the CLI and the window can show it in the user's language (see i18n.py)."""

from __future__ import annotations


class SalesbookError(Exception):
    """An error with a translatable message: ``key`` names it in i18n.MESSAGES."""

    exit_code = 1

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self, lang: str | None = None) -> str:
        from .i18n import t

        return t(self.key, lang=lang, **self.params)

    def __str__(self) -> str:  # English for logs and test output
        return self.message("en")


class BookError(SalesbookError):
    """The book file cannot be opened or used (corrupt, too new, read-only...)."""


class ValidationError(SalesbookError):
    """A field a user typed is not acceptable. ``field`` names it."""

    def __init__(self, key: str, field: str | None = None, **params):
        super().__init__(key, field=field or "", **params)
        self.field = field


class NotFound(SalesbookError):
    """A customer/product named by the user does not exist."""


class Ambiguous(SalesbookError):
    """A name matches several records; ``candidates`` lists them."""

    def __init__(self, key: str, candidates: list, **params):
        super().__init__(key, **params)
        self.candidates = candidates


class ImportFailed(SalesbookError):
    """An import found bad rows; ``problems`` lists them and nothing was written."""

    def __init__(self, problems: list, file: str = ""):
        super().__init__("import_failed", count=len(problems), file=file)
        self.problems = problems
