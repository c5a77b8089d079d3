"""What the consistency rules read: each person's terms, life dates, events and dated
sentences, gathered once from the claims (``Facts``), so each rule is a short function."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..common.dates import DateError, parse_date
from ..sources.sentences import strip_marks


# eq=False, repr=False: nothing compares or prints these dataclasses, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class Term:
    id: str
    person: str
    office: str
    holding: int
    name: str
    claims: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))  # property -> claims

    def dates(self, prop: str) -> list[dict]:
        return [c for c in self.claims.get(prop, []) if c["value_type"] == "date" and "/" not in c["value"]]


@dataclass(eq=False, repr=False)
class Event:
    id: str
    person: str
    entity: str
    name: str
    entry: dict  # the vocabulary entry: kind, seats, election
    claims: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def dates(self) -> list[dict]:
        return [c for c in self.claims.get("date", []) if c["value_type"] == "date" and "/" not in c["value"]]


@dataclass(eq=False, repr=False)
class CitedDate:
    """A date claim in a sentence that cites a reference which carries its own publication date."""
    claim: dict
    reference_id: str
    reference_number: int
    reference_text: str
    reference_title: str  # as the reference prints it (its text when no title was read)
    published: object  # a DateValue
    published_start: int  # span of the date in the reference
    published_end: int


class Facts:
    def __init__(self, record, parsed=(), witnesses=None):
        self.record = record
        self.vocabularies = record.vocabularies
        self.witnesses = witnesses or record.witnesses
        self.terms: list[Term] = []
        self.events: list[Event] = []
        self.life: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self.dated: dict[str, list[dict]] = defaultdict(list)  # person -> award and event date claims
        for (table, subject), claims in sorted(record.about.items()):
            first = claims[0]
            if table == "terms":
                term = Term(subject, first["person_id"], first["entity_id"], first["holding"],
                            self.vocabularies["offices"].name(first["entity_id"]))
                for claim in claims:
                    term.claims[claim["property"]].append(claim)
                self.terms.append(term)
            elif table == "events":
                event = Event(subject, first["person_id"], first["entity_id"],
                              self.vocabularies["events"].name(first["entity_id"]),
                              self.vocabularies["events"].entries[first["entity_id"]])
                for claim in claims:
                    event.claims[claim["property"]].append(claim)
                self.events.append(event)
            elif table == "persons":
                for claim in claims:
                    if claim["property"] in ("birth_date", "death_date") and claim["value_type"] == "date":
                        self.life[subject][claim["property"]].append(claim)
            if table in ("awards", "events"):
                self.dated[first["person_id"]] += [c for c in claims if c["property"] == "date"
                                                   and c["value_type"] == "date" and "/" not in c["value"]]
        self.terms_of: dict[tuple, list[Term]] = defaultdict(list)
        for term in self.terms:
            self.terms_of[(term.person, term.office)].append(term)
        # Figures (indicator values), each with its claims; the person a source is about (figures belong
        # to no one, but a finding about them is shown with the person whose document states them).
        self.figures: dict[str, list[dict]] = {
            subject: [c for c in claims if c["property"] == "value" and c["value_type"] == "number"]
            for (table, subject), claims in sorted(record.about.items()) if table == "indicators"}
        self.term_by_id = {term.id: term for term in self.terms}
        self.about = {item.source.id: item.source.about for item in parsed}
        self.claim_by_id = {claim["id"]: claim for claim in record.claims}
        self.texts = {item.source.id: item.source.text for item in parsed}
        self.sentences = {item.source.id: sorted((s.start, s.end) for s in item.sentences) for item in parsed}
        self.cited = list(_cited_dates(parsed, record.claims))

    def person_name(self, person: str) -> str:
        return self.vocabularies["persons"].name(person)

    def where(self, claims) -> str:
        """Which documents and revisions state these claims, for a summary."""
        return self.witnesses.describe(claims)

    def sentence_of(self, claim: dict) -> str:
        """The sentence holding a claim's value (its quote when no sentence does: an infobox field)."""
        text = self.texts.get(claim["source_id"])
        for start, end in self.sentences.get(claim["source_id"], []):
            if start <= claim["value_start"] and claim["value_end"] <= end:
                return text[start:end]
        return claim["quote"]

    def subject_label(self, claim: dict) -> str:
        table, entity = claim["subject_table"], claim["entity_id"]
        vocabulary = {"terms": "offices"}.get(table, table)
        name = self.vocabularies[vocabulary].name(entity)
        return f"{self.person_name(claim['person_id'])}'s term as {name}" if table == "terms" else name


# A reference's own date: "16 May 2017.", "23 February 2017..", "Archived 2016-03-27"
# is an archive date, not the article's, so only a date that ends the reference counts.
_REFERENCE_DATE = re.compile(r"(\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},\s+\d{4}|\d{4}-\d{2}-\d{2})\.{1,2}")


def reference_date(text: str) -> tuple[object, int, int] | None:
    """The publication date printed in a reference ('"Title". 16 May 2017.'), with its span, or None."""
    found = None
    for match in _REFERENCE_DATE.finditer(text):
        if text[max(0, match.start() - 9):match.start()].rstrip().lower().endswith("archived"):
            continue
        try:
            found = (parse_date(match.group(1)), match.start(1), match.end(1))
        except DateError:
            continue
        break  # the first date after the title is the article's
    return found


def _cited_dates(parsed, claims):
    """Date claims and the references cited right after their value: the first run of citation marks
    following the value in its sentence ("in 2014 and became its president in May 2017.[5][6]")."""
    by_source = defaultdict(list)
    for claim in claims:
        if claim["value_type"] == "date" and "/" not in claim["value"] and claim["method"] != "infobox":
            by_source[claim["source_id"]].append(claim)
    for item in parsed:
        if not item.references:  # a decision, or an article printing none
            continue
        references = {r["number"]: r for r in item.references}
        marks = sorted(item.citations, key=lambda c: c["char_start"])
        for claim in by_source.get(item.source.id, []):
            sentence = next((s for s in item.sentences
                             if s.start <= claim["value_start"] and claim["value_end"] <= s.end), None)
            if sentence is None:
                continue
            following = [m for m in marks if claim["value_end"] <= m["char_start"] <= sentence.end]
            run = following[:1]
            for mark in following[1:]:
                if mark["char_start"] == run[-1]["char_end"]:  # [5][6]: marks side by side cite together
                    run.append(mark)
            for mark in run:
                reference = references.get(mark["number"])
                dated = reference and reference_date(reference["text"])
                if not dated:
                    continue
                published, start, end = dated
                yield CitedDate(claim, f"{item.source.id}-ref-{mark['number']}", mark["number"],
                                strip_marks(reference["text"]), reference.get("title") or strip_marks(reference["text"]),
                                published, reference["char_start"] + start, reference["char_start"] + end)
