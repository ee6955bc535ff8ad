"""The core assembled at start-up: the modules that register what the book
file calls up (store/hooks.py; store/monthly.py's jobs) are imported here,
once. The command line, the window and the tests import this module before
they open a book.

excel.importer: undo reverts an import through it. insight.risk, insight.value
and records.forecast_fit: the monthly jobs. records.customers, deliveries,
payments, supply: undo, the trash and the migrations' rebuilds."""

from .excel import importer  # noqa: F401
from .insight import risk, value  # noqa: F401
from .records import customers, deliveries, forecast_fit, payments, supply  # noqa: F401
