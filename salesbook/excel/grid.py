"""What every spreadsheet reader returns or raises (read.py, fods.py): a sheet
as a grid of cells, the problem a file can have, a column's letter."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SalesbookError


class FileProblem(SalesbookError):
    """A file that cannot be read as it is: the message says why and what to do."""


@dataclass
class Grid:
    """One sheet: ``rows[i]`` is sheet row ``i + 1`` (blank rows kept, so numbers match)."""

    sheet: str
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    encoding: str | None = None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
