"""Salesbook (销售台账): a field sales rep's customer book.

The package is the whole product without a window: the book (SQLite), the
rules (consumption, run-out, pay cycles, relationships), import/export and
the command line. It never imports Qt.
"""

__version__ = "0.1.0"
