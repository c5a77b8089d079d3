"""Stage 5, coverage: what the claims leave unread.

In: the parsed sources, the claims, the curated marks.  Out: each sentence
claimed, marked (``marks``) or unaccounted (``accounting``), each date and
figure in the texts (``mentions``) covered or not; ``suggest`` prints YAML
stubs for what is left (``make suggest``).  Writes no table:
``tables.coverage`` and ``tables.mentions`` write ``sentences``,
``sentence_claims``, ``mark_reasons`` and ``mentions``.
"""
