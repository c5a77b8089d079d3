"""Stage 7, publish: the record in others' formats, and in place atomically.

In: the staged database.  Out: ``static/exports/`` (``exports``: a Data
Package, Popolo JSON (``popolo``), Web Annotations (``annotations``)), and
``serrano.db`` with ``inspect-data.json`` renamed into place only when every
step succeeded (``files``).  Writes no table.
"""
