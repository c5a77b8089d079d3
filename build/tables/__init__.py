"""Stage 6, tables: the database, declared once and written table by table.

In: what the stages before computed.  Out: ``serrano.db``'s tables, each
declared in ``schema`` and written by one ``add_<table>`` function
(``sources``, ``documents``, ``record``, ``facts``, ``findings``, ``agreement``,
``revisions``, ``coverage``, ``segments``, ``mentions``, ``wikidata``), then the
indexes the pages need (``indexes``).  The only stage that writes tables.
"""
