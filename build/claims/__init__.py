"""Stage 3, claims: every statement a source makes, one row each.

In: the parsed sources, the revision pairs, ``data/vocabularies/`` and
``data/claims/``.  Out: claims as dicts (``collect``): curated ones (``curated``),
infobox claims (``infobox``), claims carried into other revisions
(``carried``), claims the rules read from the prose (``extract``), the dates
the References print (``references``); each with its
subject (``subjects``, through the ``vocabularies``), property (``properties``),
value normalized (``values``), exact quote and span.  Writes no table:
``tables.record`` writes ``claims`` and the vocabularies' tables.
"""
