"""Stage 4, compare: claims of one fact set against each other, and facts against facts.

In: the claims, the parsed sources.  Out: comparisons and conflicts per fact
(``verdicts``, ``conflicts``), the resolved record (``record``, ``resolve``),
documents as witnesses (``witnesses``, ``agreement``), and the consistency
findings (``consistency`` runs the ``rules`` over ``rule_facts``).  Writes no
table: ``tables.record``, ``tables.facts``, ``tables.findings`` and
``tables.agreement`` write ``persons``, ``terms``, ``source_conflicts``,
``facts``, ``consistency_findings``, ``document_agreement``...
"""
