"""Curated claims: ``data/claims/*.yml`` (or ``.yaml``), one file per source.

Each entry names its subject through a vocabulary (``term: Interior Minister``,
``award: Medalla de Oro``, ...), a property, the value as written and a verbatim
``quote``.  A term, award or event belongs to the source's ``about`` person
unless the entry names another with ``about:``.  The entry is checked against
``CuratedClaim`` (types, required and unknown keys), then the build anchors
the quote to its span in the source, finds the value inside it at token
boundaries, normalizes the value by the property's type and refuses anything
it cannot verify, naming the file, the entry's line and the problem.

Dates the words do not write out: ``year: 2025`` completes "On 10 September"
(a day and month); ``resolved: 2024-08`` (with a ``note`` saying from what it
is counted) gives the date a relative expression means ("A month later", the
value as written).  Either way the row's ``inferred`` says so.  The file may
also hold ``marks:`` (``build.coverage.marks``).
"""

# No ``from __future__ import annotations``: see build.common.inputs.

import datetime
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StrictFloat, StrictInt, StrictStr

from ..sources import anchor
from .values import normalize_value
from ..common.dates import MONTHS
from ..sources.documents import ParsedSource, entry_key
from ..common.errors import BuildError
from ..common.inputs import MAX_TEXT, Slug, Strict, validate, validate_file
from ..common.text import normalize_text
from .periods import period_stated
from .claim import Claim
from .properties import ATTRIBUTIONS, PROPERTIES, SUBJECT_KEYS
from .sharing import share_equal_values
from .subjects import Subject, person_subject
from .vocabularies import Vocabulary
from ..common.yamlio import entry_label, load_yaml, parse_yaml_text, read_yaml_text
from ..common.cache import content_key, sha256_text
from ..common.executors import LOCAL, Failure

Name = Annotated[StrictStr, Field(min_length=1, max_length=300)]
Words = Annotated[StrictStr, Field(min_length=1, max_length=MAX_TEXT)]
Count = Annotated[StrictInt, Field(ge=1, le=10_000)]
Scalar = Annotated[StrictStr, Field(min_length=1, max_length=MAX_TEXT)] | StrictInt | StrictFloat | datetime.date


class CuratedClaim(Strict):
    id: Slug
    property: Annotated[StrictStr, Field(min_length=1, max_length=80)]
    value: Scalar
    quote: Words
    term: Name | None = None
    person: Name | None = None
    award: Name | None = None
    indicator: Name | None = None
    event: Name | None = None
    about: Name | None = None
    holding: Count | None = None
    section: Name | None = None
    occurrence: Count | None = None
    value_occurrence: Count | None = None
    attributed_to: Literal[ATTRIBUTIONS] | None = None  # type: ignore[valid-type]
    period: Name | StrictInt | None = None
    # The sentence a period not stated in the quote was read from (a quote of it, anchored like any).
    period_from: Words | None = None
    # What the reading takes beyond the words, said in a sentence; shown in the row's ``inferred``.
    inferred: Words | None = None
    # A figure the sentence credits to a term of the source's person (an office name): the figure's
    # period is then checked against the term's dates (rule credited_within_term).
    credited_to: Name | None = None
    unit: Name | None = None
    year: Annotated[StrictInt, Field(ge=1, le=9999)] | None = None
    normalized: Words | None = None
    item: Name | None = None
    qualifier: Name | None = None
    resolved: Name | datetime.date | None = None
    note: Words | None = None


class CuratedFile(Strict):
    source: Slug
    claims: Annotated[list[dict], Field(max_length=100_000)]
    # Sentences no claim should read, each with a reason: checked by build.coverage.marks.
    marks: Annotated[list, Field(max_length=100_000)] | None = None
    # Extracted claims a curator read and refused (build.claims.extract), each with its reason.
    rejections: Annotated[list, Field(max_length=100_000)] | None = None


class Rejection(Strict):
    id: Slug  # an extracted claim's id, as the claims table and make suggest show it
    reason: Words


def curated_files(data_dir: Path) -> list[Path]:
    folder = data_dir / "claims"
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])


def load_curated_claims(data_dir: Path, parsed: dict[str, ParsedSource], vocabularies: dict[str, Vocabulary],
                        rejections: dict[str, dict] | None = None, work=LOCAL,
                        vocabularies_key: str | None = None) -> tuple[list[dict], set[str]]:
    """The curated claims, and the sources that have a curated file (even an empty one).

    ``rejections``, when given, is filled with the file's ``rejections:`` entries: extracted claim id ->
    {reason, source, file, label}; build.claims.extract refuses an id it did not produce.

    Each file is read on ``work``'s executor (``curated_file``) and kept in its cache under the file's
    text, its source's content and ``about``, and the vocabularies (``vocabularies_key``: without one,
    nothing is kept); then the files are joined in order here (ids unique across files, a rejection
    given once).  A file whose reading failed is read again here, in order, exactly as one build
    process reads them all, so a build reports the same first error however it ran."""
    files, items, keys = [], [], []
    for path in curated_files(data_dir):
        display = f"{data_dir.name}/claims/{path.name}"
        try:
            text = read_yaml_text(path, display)
        except BuildError:
            text = None  # reported in order, below
        hint = _named_source(text) if text is not None else None
        files.append((path, display))
        items.append((display, text, hint, parsed.get(hint)))
        keys.append(None if text is None or vocabularies_key is None or hint not in parsed else
                    content_key("curated", display, sha256_text(text), vocabularies_key, entry_key(parsed[hint].source),
                                hint, parsed[hint].source.about))
    read = work.map(curated_file, vocabularies, items, keys, failures=True)
    claims, seen, sources = [], {}, set()
    for (path, display), item, result in zip(files, items, read):
        if isinstance(result, Failure) or result["source"] != item[2]:
            result = _read_in_order(path, display, parsed, vocabularies, seen, rejections)
        sources.add(result["source"])
        for claim, label in result["claims"]:
            if claim["id"] in seen:
                raise BuildError(display, f"duplicate claim id {claim['id']!r} (first in {seen[claim['id']]})", label)
            seen[claim["id"]] = f"{display} {label}"
            claims.append(claim)
        if rejections is not None:
            for rejected, reason, label in result["rejections"]:
                if rejected in rejections:
                    raise BuildError(display, f"extracted claim {rejected!r} is rejected twice "
                                              f"(first in {rejections[rejected]['file']})", label)
                rejections[rejected] = {"reason": reason, "source": result["source"], "file": display, "label": label}
    return claims, sources


# The ``source:`` line of a curated file, read without parsing it: which source its claims anchor in, so
# that the file and that one source go to a worker together.  Only a hint: the worker parses the file,
# and a file that names another source (or says it otherwise) is read again here.
_SOURCE_LINE = re.compile(r"^source:[ \t]*([\"']?)([a-z0-9][a-z0-9-]*)\1[ \t]*(?:#.*)?$", re.M)


def _named_source(text: str) -> str | None:
    found = _SOURCE_LINE.search(text)
    return found.group(2) if found else None


def curated_file(vocabularies, item: tuple) -> dict:
    """The per-document step of curated claims: one file's claims (each with its entry's label), its
    rejections, and the source it names.  ``item``: (display, text, the source the file's ``source:`` line
    names, that source parsed or None).  Raises BuildError on the file's first problem."""
    display, text, hint, source = item
    if text is None:
        raise BuildError(display, "the file could not be read")  # read again in order, with its real error
    document = parse_yaml_text(text, display)
    if not isinstance(document, dict):
        raise BuildError(display, "expected a mapping with 'source' and a 'claims' list")
    curated = validate_file(CuratedFile, document, display)
    if curated.source != hint:
        return {"source": curated.source, "claims": [], "rejections": []}  # not the hinted source: read in order
    if source is None:
        raise BuildError(display, f"source {curated.source!r} is not in data/sources.yml")
    claims = _claims_of(document, display, source, vocabularies, ids={})
    share_equal_values(claim for claim, _label in claims)  # before the claims are pickled: see build.claims.sharing
    rejections = _rejections_of(document, display, taken={})
    return {"source": curated.source, "claims": claims, "rejections": rejections}


def _claims_of(document: dict, display: str, source: ParsedSource, vocabularies, ids: dict) -> list[tuple]:
    """A file's claims with their entries' labels; ``ids`` (claim id -> where it was first) grows with them."""
    claims = []
    for index, raw in enumerate(document["claims"]):  # the loaded entries, which know their lines
        label = entry_label(raw, index)
        claim = CuratedEntry(display, label, raw, source, vocabularies).claim()
        if claim["id"] in ids:
            raise BuildError(display, f"duplicate claim id {claim['id']!r} (first in {ids[claim['id']]})", label)
        ids[claim["id"]] = f"{display} {label}"
        claims.append((claim, label))
    return claims


def _rejections_of(document: dict, display: str, taken: dict) -> list[tuple]:
    """A file's rejections (id, reason, label); ``taken`` (rejected id -> {"file": ...}) grows with them."""
    found = []
    for index, raw in enumerate(document.get("rejections") or []):
        label = "rejection " + entry_label(raw, index).removeprefix("entry ")
        if not isinstance(raw, dict):
            raise BuildError(display, "expected a mapping with 'id' and 'reason'", label)
        rejection = validate(Rejection, raw, display, label)
        if rejection.id in taken:
            raise BuildError(display, f"extracted claim {rejection.id!r} is rejected twice "
                                      f"(first in {taken[rejection.id]['file']})", label)
        taken[rejection.id] = {"file": display}
        found.append((rejection.id, rejection.reason, label))
    return found


def _read_in_order(path: Path, display: str, parsed: dict[str, ParsedSource], vocabularies,
                   seen: dict, rejections: dict | None) -> dict:
    """One file read here, against the ids and rejections of the files before it: the reading of a build
    in one process, which raises the file's first problem in the order that reading meets it."""
    document = load_yaml(path, display)
    if not isinstance(document, dict):
        raise BuildError(display, "expected a mapping with 'source' and a 'claims' list")
    curated = validate_file(CuratedFile, document, display)
    source = parsed.get(curated.source)
    if source is None:
        raise BuildError(display, f"source {curated.source!r} is not in data/sources.yml")
    claims = _claims_of(document, display, source, vocabularies, ids=dict(seen))
    found = [] if rejections is None else _rejections_of(document, display, taken=dict(rejections))
    return {"source": curated.source, "claims": claims, "rejections": found}


class CuratedEntry:
    """One YAML entry on its way to a claim row; every check raises BuildError."""

    def __init__(self, display, label, raw, source: ParsedSource, vocabularies):
        self.display, self.label, self.source, self.vocabularies = display, label, source, vocabularies
        self.line = getattr(raw, "line", 0)
        if not isinstance(raw, dict):
            self.fail("expected a mapping of keys")
        self.entry = validate(CuratedClaim, raw, display, label)

    def fail(self, problem: str):
        raise BuildError(self.display, problem, self.label)

    def claim(self) -> dict:
        entry = self.entry
        subject = self.subject()
        prop = PROPERTIES[subject.table].get(entry.property)
        if prop is None:
            self.fail(f"property {entry.property!r} is not known for {subject.table} "
                      f"(known: {', '.join(PROPERTIES[subject.table])})")
        if entry.resolved is not None and entry.note is None:
            self.fail("a 'resolved' date needs a 'note' saying what the relative date is counted from")
        start, end = self.anchor_quote(entry.quote)
        value_raw = _as_text(entry.value)
        value_start, value_end = self.anchor_value(value_raw, start, end)
        try:
            value = normalize_value(prop, value_raw, entry.model_dump(), self.vocabularies)
        except ValueError as error:
            self.fail(str(error))
        if subject.table == "awards" and entry.property == "name" and value["value"] != subject.entity:
            self.fail(f"names award {value['value']!r}, but the entry's subject is {subject.entity!r}")
        if subject.table == "indicators" and entry.period is None:
            self.fail("a figure needs a 'period' (the year or span it is for)")
        text = self.source.source.text
        claim = {
            "id": entry.id,
            "source_id": self.source.source.id,
            **subject.columns(),
            "property": entry.property,
            **value,
            "value_raw": text[value_start:value_end],
            "period": None if entry.period is None else str(entry.period),
            "item": self.item(prop, value),
            "char_start": start,
            "char_end": end,
            "quote": text[start:end],
            "value_start": value_start,
            "value_end": value_end,
            "section": self.source.section_at(start, end),
            "attributed_to": self.attribution(start, end),
            "method": "curated",
            "note": entry.note,
            "curated_in": f"{self.display}:{self.line}",
        }
        claim.update(self.period_inference(claim))
        if entry.credited_to is not None:
            if subject.table != "indicators":
                self.fail("'credited_to' applies only to a figure (an indicator)")
            office = self.require("offices", entry.credited_to)
            claim["credited_term_id"] = Subject("terms", office, self.person(), 1).id
        if entry.inferred is not None:
            claim["inferred"] = "; ".join(filter(None, [claim["inferred"], entry.inferred]))
        return Claim(claim)

    def period_inference(self, claim: dict) -> dict:
        """A period the quote does not state is a reader's inference: ``inferred`` says so, with the
        sentence it was read from (``period_from``) and that sentence's span."""
        entry, text = self.entry, self.source.source.text
        columns = {"inferred_from_start": None, "inferred_from_end": None}
        if claim["period"] is None or period_stated(text, claim):
            if entry.period_from is not None:
                self.fail("'period_from' is for a period the quote does not state; this quote states it")
            return columns
        said = f"period {claim['period']!r} is not stated in the quote"
        if entry.period_from is None:
            said += ": the curator's reading (see the note)"
        else:
            matches = anchor.find_all(text, entry.period_from)
            if len(matches) != 1:
                self.fail(f"period_from {entry.period_from!r} occurs {len(matches)} times in source "
                          f"{self.source.source.id}; quote one sentence that occurs once")
            start, end = matches[0]
            columns.update(inferred_from_start=start, inferred_from_end=end)
            said += f"; read from: “{' '.join(text[start:end].split())}”"
        columns["inferred"] = "; ".join(filter(None, [claim.get("inferred"), said]))
        return columns

    def subject(self) -> Subject:
        entry = self.entry
        named = [key for key in SUBJECT_KEYS if getattr(entry, key) is not None]
        if len(named) != 1:
            self.fail(f"name exactly one subject with one of: {', '.join(SUBJECT_KEYS)}")
        key = named[0]
        table = SUBJECT_KEYS[key]
        mention = getattr(entry, key)
        if entry.holding is not None and table != "terms":
            self.fail("'holding' applies only to a term")
        if table == "persons":
            if entry.about is not None:
                self.fail("'about' names whose term, award or event it is; a person is its own subject")
            return person_subject(self.require("persons", mention))
        if table == "indicators":
            if entry.about is not None:
                self.fail("'about' does not apply to a figure")
            return Subject("indicators", self.require("indicators", mention))
        entity = self.require(table if table != "terms" else "offices", mention)
        return Subject(table, entity, self.person(), entry.holding or 1 if table == "terms" else None)

    def person(self) -> str:
        """Whose term, award or event: the entry's ``about``, else the source's."""
        if self.entry.about is not None:
            return self.require("persons", self.entry.about)
        if self.source.source.about is None:
            self.fail(f"source {self.source.source.id} is about no one person: say whose it is with 'about'")
        return self.source.source.about

    def require(self, table: str, mention: str) -> str:
        return self.vocabularies[table].require(mention, self.display, self.label)

    def anchor_quote(self, quote: str) -> tuple[int, int]:
        text = self.source.source.text
        matches = anchor.find_all(text, quote)
        if not matches:
            closest = anchor.closest_passage(text, quote)
            self.fail(f"quote not found in source {self.source.source.id}: {quote!r}; closest passage: {closest!r}")
        section = self.entry.section
        if section is not None:
            matches = [m for m in matches if (self.source.section_at(*m) or "").startswith(section)]
            if not matches:
                self.fail(f"quote {quote!r} does not occur in section {section!r}")
        occurrence = self.entry.occurrence
        if occurrence is not None:
            if occurrence > len(matches):
                self.fail(f"occurrence {occurrence!r} out of range: the quote occurs {len(matches)} times")
            return matches[occurrence - 1]
        if len(matches) > 1:
            places = ", ".join(f"{self.source.section_at(*m)} at {m[0]}" for m in matches)
            self.fail(f"quote {quote!r} occurs {len(matches)} times ({places}); "
                      "add 'section' or 'occurrence' to say which")
        return matches[0]

    def anchor_value(self, value_raw: str, start: int, end: int) -> tuple[int, int]:
        text = self.source.source.text
        matches = [m for m in anchor.find_all(text, value_raw, start, end)
                   if anchor.at_token_boundaries(text, *m) and not inside_longer_date(text, *m)]
        if not matches:
            inside = anchor.find_all(text, value_raw, start, end)
            if inside:
                self.fail(f"value {value_raw!r} occurs in its quote only inside a longer word, number or date "
                          f"({text[max(start, inside[0][0] - 8):min(end, inside[0][1] + 8)]!r}): quote the whole "
                          "value as written")
            self.fail(f"value {value_raw!r} does not occur in its quote")
        which = self.entry.value_occurrence or 1
        if which > len(matches):
            self.fail(f"value_occurrence {which!r} out of range: the value occurs {len(matches)} times in the quote")
        return matches[which - 1]

    def attribution(self, start: int, end: int) -> str:
        if self.entry.attributed_to is not None:
            return self.entry.attributed_to
        return default_attribution(self.source, start, end)

    def item(self, prop, value: dict) -> str | None:
        if not prop.multi_valued:
            return None
        return self.entry.item or normalize_text(value["value"])


_DAY_BEFORE = re.compile(r"\b\d{1,2}\s+$")
_MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\s+$", re.I)
_STARTS_WITH_MONTH = re.compile(r"(?:" + "|".join(MONTHS) + r")\b", re.I)


def inside_longer_date(text: str, start: int, end: int) -> bool:
    """'May 2011' in '13 May 2011', '2011' in 'May 2011': a date cut out of a more precise one."""
    before = text[max(0, start - 12):start]
    value = text[start:end]
    if _STARTS_WITH_MONTH.match(value) and _DAY_BEFORE.search(before):
        return True
    return bool(re.fullmatch(r"\d{4}", value) and _MONTH_BEFORE.search(before))


def _as_text(value) -> str:
    """YAML reads ``2016`` as a number and ``2016-10-05`` as a date; both are the words as written."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def default_attribution(source: ParsedSource, start: int, end: int) -> str:
    """Who speaks, when the entry does not say: the IPU paragraph's speaker, or the article."""
    paragraphs = getattr(source.document, "paragraphs", None)
    if paragraphs is None:
        return "article"
    for paragraph in paragraphs:
        if paragraph["char_start"] <= start and end <= paragraph["char_end"]:
            return paragraph["attributed_to"]
    return "committee"
