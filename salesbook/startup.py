"""The core assembled at start-up: the modules that register what the book
file calls up (store/hooks.py) are imported here, once. The command line, the
window and the tests import this module before they open a book."""

from .excel import importer  # noqa: F401 - undo reverts an import through it
from .records import customers, deliveries, payments, supply  # noqa: F401 - undo, trash, migrations
