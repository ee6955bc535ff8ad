"""Spreadsheets in and out.

* ``read``    the raw grid of a .csv/.xlsx/.xls/.ods file, safely (caps, zip-bomb,
  XML-entity, password and truncation checks); encodings detected for CSV.
* ``columns`` what each import kind needs, header synonyms (EN/ZH), header-row
  detection and the column mapping.
* ``rows``    turning one spreadsheet row into clean fields (or problems).
* ``write``   streaming .xlsx export (book, due list, visit plan).
* ``summary`` the rep's summary workbook for the manager (format in README).

The import itself (matching, modes, undo) is ``salesbook.excel.importer``; the
manager's team book is ``salesbook.team``.
"""
