"""Stage 1, sources: what the documents are, and what they say where.

In: ``data/sources.yml`` and the files under ``data/sources/``.  Out: the
``Source`` entries (pinned by sha256), and a ``ParsedSource`` per source
(``documents``): the document model every later stage reads, with the
sentences split once, the passages, infobox fields, references and citation
marks of an article (``wikipedia``), the paragraphs, side box and adoption of
an IPU decision (``ipu``), each with its exact span.  ``anchor`` finds a quoted
passage in a text.  Writes no table: ``tables.sources`` and ``tables.documents``
write ``sources``, ``documents``, ``passages``, ``infobox_fields``,
``references``, ``citations`` and the IPU tables.
"""
