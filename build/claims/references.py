"""The dates a rendered article's References print, as claims about each reference.

``build.sources.references`` reads each reference (title, publisher, dates, with
their spans); here each publication or archive date becomes a claim whose
subject is the reference, so a reader can set the date a work was published
against the sentence that cites it.
"""

from __future__ import annotations

from ..common.dates import parse_date
from .claim import Claim
from .vocabularies import Vocabulary
DATE_PROPERTIES = {"published": "when the cited work was published, as the reference prints it",
                   "archived": "when the cited page was archived (\"Archived 2016-03-27 at the Wayback Machine\")"}


def reference_vocabulary(parsed) -> Vocabulary:
    """The references as a vocabulary of one build: how a claim about one is named (its title)."""
    entries = {}
    for item in parsed:
        for reference in item.references:
            reference_id = f"{item.source.id}-ref-{reference['number']}"
            entries[reference_id] = {"id": reference_id,
                                     "name": reference.get("title") or f"reference {reference['number']}"}
    return Vocabulary("references", "the References of the rendered articles", entries)


def reference_claims(parsed) -> list[dict]:
    """One claim per date a reference prints: subject the reference, property ``published`` or
    ``archived``, the date's exact span as its value and the citation as its quote.  No other
    source speaks of a reference, so they meet no other claim; each is a fact of its own."""
    claims = []
    for item in parsed:
        text, source_id = item.source.text, item.source.id
        for reference in item.references:
            reference_id = f"{source_id}-ref-{reference['number']}"
            start = reference["char_start"]
            end = reference["citation_end"]
            while end > start and text[end - 1].isspace():
                end -= 1
            for prop in DATE_PROPERTIES:
                raw = reference.get(prop)
                if raw is None:
                    continue
                date = parse_date(raw)
                claim = {
                    "id": f"{reference_id}-{prop}", "source_id": source_id, "subject_table": "references",
                    "subject_id": reference_id, "reference_id": reference_id,
                    "person_id": None, "entity_id": reference_id, "holding": None, "property": prop,
                    "value_raw": raw, "value": date.value, "value_type": "date", "value_label": raw,
                    "unit": None, "precision": date.precision, "period": None, "qualifier": None, "item": None,
                    "date_start": date.start.isoformat(), "date_end": date.end.isoformat(), "inferred": None,
                    "char_start": start, "char_end": end, "quote": text[start:end],
                    "value_start": reference[f"{prop}_start"], "value_end": reference[f"{prop}_end"],
                    "section": item.section_at(start, end), "attributed_to": "article", "method": "reference",
                    "note": None, "curated_in": None,
                }
                claims.append(Claim(claim))
    return claims
