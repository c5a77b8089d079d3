"""Stage 2, revisions: what changed between consecutive versions of a document.

In: the parsed sources.  Out: ``RevisionPair``s (``pairs``), each with its
changes, sentence by sentence and infobox field by field (``align``,
``fields``, ``words``); ``carry`` re-anchors a span of one revision in the next.
Writes no table: ``tables.revisions`` writes ``revision_changes``.
"""
