"""Claims read from the prose by rules, with no curator: ``method = 'extracted'``.

Every sentence of every source is read once (``reading``) by six pattern
families, one module each: offices held (``offices``), birth and death
(``life``), elections and candidacies (``elections``), awards (``awards``),
degrees (``education``) and figures of known measures (``figures``).  A family
returns what it read as ``Finding``s; this module turns them into claims with
the guarantees of a curated claim: the sentence as the exact quote and span,
the value as written (``value_raw``, its span inside the quote), the value
normalized by the property's type, qualifiers and units kept, and the rule that
read it (``rule``).  ``reviewed`` is 0: no curator has read it.

Precision first: each rule reads one plain shape of sentence about the
document's person, and a sentence no rule reads stays unaccounted.

Curated claims stay the authority.  A finding whose value lies in the words a
curated (or carried) claim already reads as the same property is not published:
it is kept in ``extraction_reviews`` as ``superseded`` by that claim (with
whether the two values agree).  A curator rejects one with its id under
``rejections:`` in the source's curated file (``build.claims.curated``); it is
kept there as ``rejected`` with the reason.  To accept one, paste the stub
``make suggest`` prints for it: the curated claim then reads the same words.

Names resolve through the vocabularies (a person, award or body the document
links resolves by the linked page's title first, where the parser gives
links); an office, award or person the vocabularies do not know becomes a
provisional entry, as infobox values do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...common.cache import content_key, sha256_text
from ...common.errors import BuildError
from ...common.executors import LOCAL
from ...common.text import normalize_text
from ...sources.documents import ParsedSource, entry_key
from ...sources.ipu import IpuDecision
from ...sources.wikipedia import is_navigation_section, is_references_section
from ..curated import default_attribution
from ..infobox import choose_holding
from ..claim import Claim
from ..properties import PROPERTIES
from ..subjects import Subject, person_subject
from ..values import normalize_value
from .awards import read_awards
from .context import Context
from .education import read_education
from .elections import read_elections
from .figures import read_figures
from .life import read_life
from .offices import read_offices
from .patterns import Finding, person_name
from .reading import Reading

FAMILIES = (read_offices, read_life, read_elections, read_awards, read_education, read_figures)


@dataclass(eq=False, repr=False)
class Extracted:
    claims: list[dict] = field(default_factory=list)  # published: method 'extracted'
    reviews: list[dict] = field(default_factory=list)  # rows of extraction_reviews: superseded or rejected


def read_source(item: ParsedSource, vocabularies) -> list[Finding]:
    """Every finding of every family in one source, in document order."""
    found: list[Finding] = []
    text, about = item.source.text, item.source.about
    for paragraph in paragraphs(item):
        context = Context()
        for sentence in paragraph:
            words = text[sentence.start:sentence.end]
            if _DIGIT.search(words) is None and _MAY_STATE.isdisjoint(_SPLIT_WORDS.findall(words.lower())):
                continue  # no digit and no word any rule needs: nothing to read
            key = (words, about, context.held_office, context.last_range)
            cached = _READ.get(key)
            if cached is None:
                before = (context.held_office, context.last_range)
                reading = Reading(words, vocabularies, about)
                findings = [f for family in FAMILIES for f in family(reading, context, vocabularies)]
                if len(_READ) >= _READ_LIMIT:
                    _READ.clear()
                _READ[key] = cached = (findings, (context.held_office, context.last_range))
                context.held_office, context.last_range = before
            findings, (context.held_office, context.last_range) = cached
            found += [f._replace(offset=sentence.start) for f in findings]
    return found


# The same sentence with the same context reads the same (a revision repeats most of the one before):
# read once per build.  Bounded, so a huge corpus of distinct sentences does not keep every reading.
_READ: dict[tuple, tuple] = {}
_READ_LIMIT = 50_000
_READ_ENTRIES = 0  # how many vocabulary entries there were when _READ was last cleared (``_findings_now``)
# A sentence with no digit (no date, no figure) can still name a successor, a degree or an award, or name
# an office a later sentence refers to; one with none of these words states nothing the rules read.
# (A set of words, not a pattern: a long alternation is slow to scan for, a set is one lookup a word.)
_DIGIT = re.compile(r"\d")
_MAY_STATE = frozenset("""
    succeeded succeeding successor replaced replacing under appointed designated named elected election
    candidate candidacy pre-candidate degree doctorate doctor master bachelor mba diploma licentiate awarded award
    honored honoured honor honour medal medalla decorated conferred recognition recognized presented received
    order orden prize cruz cross made became served serving minister president secretary subsecretary member
    speaker governor mayor ambassador director head held kept position capacity post office mandate tenure
    born died resigned congressman senator deputy chairman chair prefect commissioner""".split())
_SPLIT_WORDS = re.compile(r"[\w-]+")


def paragraphs(item: ParsedSource) -> list[list]:
    """The source's prose sentences grouped by paragraph (what a sentence may refer back to).

    An article's References are data (build.sources.references), except text a
    rendering glued after a citation; "See also" and its like are links.  An IPU
    decision's paragraph is its ``section`` ('summary 3').
    """
    document = item.document
    if isinstance(document, IpuDecision):
        groups: dict = {}
        for sentence in item.sentences:
            groups.setdefault(sentence.section, []).append(sentence)
        return list(groups.values())
    bounds = [(p["char_start"], p["char_end"]) for p in item.passages if p["kind"] == "paragraph"]
    citation_ends = [(r["char_start"], r["char_end"], r.get("citation_end", r["char_end"]))
                     for r in item.references]
    groups, index = {}, 0
    for sentence in item.sentences:
        section = sentence.section
        if is_navigation_section(section):
            continue
        if is_references_section(section) and not any(
                start <= sentence.start < end and sentence.start >= cited for start, end, cited in citation_ends):
            continue
        while index < len(bounds) and bounds[index][1] <= sentence.start:
            index += 1
        groups.setdefault(index, []).append(sentence)
    return list(groups.values())


def extract_claims(parsed: list[ParsedSource], vocabularies, authority: list[dict],
                   rejections: dict[str, dict] | None = None, known_starts: dict | None = None,
                   work=LOCAL, vocabularies_key: str | None = None) -> Extracted:
    """The extracted claims of every source, less what curated and carried claims (``authority``) already
    read and what a curator rejected (``rejections``: claim id -> {reason, rejected_in, source}).

    Each source's reading (``findings_of_source``) runs on ``work``'s executor and is kept in its cache
    under the source's content, its person, the vocabulary files (``vocabularies_key``; none: nothing
    kept) and the provisional entries made so far, which a reading may resolve names to.  Readings are
    made for every source at once against the provisional entries there are when extraction starts;
    the claims are then made source by source, in order, and a claim may make a provisional entry: a
    source read after one was made is read again here, against the entries there then are, exactly as
    a build that reads the sources one after the other."""
    global _READ_ENTRIES
    rejections = rejections or {}
    _READ.clear()  # readings depend on the vocabularies: one build's only
    _READ_ENTRIES = _entry_count(vocabularies)
    read_by: dict[str, list[dict]] = {}
    for claim in authority:
        read_by.setdefault(claim["source_id"], []).append(claim)
    out = Extracted()
    produced: set[str] = set()
    entries = _entry_count(vocabularies)
    state = _provisional_state(vocabularies)
    keys = [_findings_key(item, vocabularies_key, state) for item in parsed]
    read_at_start = work.map(findings_of_source, vocabularies, parsed, keys)
    for item, findings in zip(parsed, read_at_start):
        if _entry_count(vocabularies) != entries:  # provisional entries were made since: read again
            findings = _findings_now(item, vocabularies, work, vocabularies_key)
        holdings = _holdings(item, findings, vocabularies, known_starts or {})
        for finding, holding in zip(findings, holdings):
            start, end = finding.source_span()
            claim_id = f"{item.source.id}-x-{finding.property.replace('_', '-')}-{start}"
            produced.add(claim_id)
            over = _read_by_authority(read_by.get(item.source.id, ()), finding.property, start, end)
            rejected = rejections.get(claim_id)
            if rejected is not None and rejected["source"] != item.source.id:
                rejected = None  # another source's file cannot reject it: reported below
            if over is None and rejected is None:
                claim = _claim(item, finding, holding, claim_id, vocabularies)
                if claim is not None:
                    out.claims.append(claim)
                continue
            out.reviews.append(_review(item, finding, claim_id, over, rejected, vocabularies))
    for claim_id, rejection in rejections.items():
        if not claim_id.startswith(f"{rejection['source']}-x-") or claim_id not in produced:
            raise BuildError(rejection["file"], f"no extracted claim of {rejection['source']} has the id "
                                                f"{claim_id!r} (make suggest SOURCE={rejection['source']} lists them)",
                             rejection["label"])
    return out


def findings_of_source(vocabularies, item: ParsedSource) -> list[Finding]:
    """The per-document step of extraction: what the rules read in one source, each finding keeping only
    the placement of its sentence (``Placed``), so that it can be sent between processes and cached."""
    return [finding._replace(reading=finding.reading.placed()) for finding in _unique(read_source(item, vocabularies))]


def _findings_now(item: ParsedSource, vocabularies, work, vocabularies_key) -> list[Finding]:
    """A source read against the provisional entries there are now (see ``extract_claims``)."""
    global _READ_ENTRIES
    if _READ_ENTRIES != (count := _entry_count(vocabularies)):
        _READ.clear()  # the memo's readings were made against other entries
        _READ_ENTRIES = count
    key = _findings_key(item, vocabularies_key, _provisional_state(vocabularies))
    hit, findings = work.cache.get(key) if key is not None else (False, None)
    if not hit:
        findings = findings_of_source(vocabularies, item)
        if key is not None:
            work.cache.put(key, findings)
    return findings


def _findings_key(item: ParsedSource, vocabularies_key: str | None, state: str) -> str | None:
    if vocabularies_key is None:
        return None
    return content_key("findings", entry_key(item.source), item.source.id, item.source.about, vocabularies_key, state)


def _entry_count(vocabularies) -> int:
    """Entries are only ever added (a provisional one), so an unchanged count is an unchanged vocabulary."""
    return sum(len(vocabulary.entries) for vocabulary in vocabularies.values())


def _provisional_state(vocabularies) -> str:
    """The provisional entries made so far, as a hash (part of a reading's cache key)."""
    return sha256_text(repr([(table, entity, entry["name"]) for table, vocabulary in sorted(vocabularies.items())
                             for entity, entry in vocabulary.entries.items() if entry.get("provisional")]))


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per (property, value span): two rules reading the same words for the same property agree."""
    seen, out = set(), []
    for finding in findings:
        key = (finding.property, finding.source_span())
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def _read_by_authority(claims, prop: str, start: int, end: int) -> dict | None:
    for claim in claims:
        if claim["property"] == prop and claim["value_start"] < end and start < claim["value_end"]:
            return claim
    return None


# --- holdings ------------------------------------------------------------------------------------------

def _office_key(office) -> str:
    entity, words = office
    return entity or normalize_text(words)


def _holdings(item: ParsedSource, findings: list[Finding], vocabularies, known_starts) -> list[int | None]:
    """Which holding of its office each term finding is about.

    "resumed his position as ..." is another holding than the one before; where the curated claims know
    the person's holdings of the office, a sentence's start date picks the nearest (``choose_holding``),
    and its other findings follow it; otherwise the office's latest holding in the document, from 1.
    """
    person = item.source.about
    latest: dict[str, int] = {}
    by_sentence: dict[tuple, int] = {}
    out: list[int | None] = []
    for finding in findings:
        if finding.table != "terms":
            out.append(None)
            continue
        key = _office_key(finding.subject)
        sentence = (finding.offset, key)
        if sentence in by_sentence:
            out.append(by_sentence[sentence])
            continue
        entity = finding.subject[0] or vocabularies["offices"].resolve(finding.subject[1])
        known = known_starts.get((person, entity), {}) if entity else {}
        if finding.new_holding:
            holding = max([latest.get(key, 0), *known]) + 1
        elif known and finding.property == "start_date":
            holding = choose_holding(known, finding.reading.raw(*finding.value))
        else:
            holding = latest.get(key, 1)
        latest[key] = max(latest.get(key, 0), holding) if not finding.new_holding else holding
        by_sentence[sentence] = holding
        out.append(holding)
    return out


# --- claims ----------------------------------------------------------------------------------------------

def _subject(item: ParsedSource, finding: Finding, holding, vocabularies) -> Subject | None:
    person = item.source.about
    if finding.table == "indicators":
        return Subject("indicators", finding.subject[0])
    if person is None:
        return None
    if finding.table == "persons":
        return person_subject(person)
    entity, words = finding.subject
    if entity is None:
        table = "offices" if finding.table == "terms" else finding.table
        entity = vocabularies[table].resolve_or_provisional(words, item.source.id)
    return Subject(finding.table, entity, person, holding if finding.table == "terms" else None)


def linked_title(item: ParsedSource, start: int, end: int) -> str | None:
    """The page a link over these words points to, where the document's parser gives links (a MediaWiki
    export does: ``links`` of {char_start, char_end, target}); None otherwise."""
    for link in getattr(item.document, "links", None) or ():
        get = link.get if isinstance(link, dict) else lambda key, default=None: getattr(link, key, default)
        if get("char_start") is not None and get("char_start") <= start and end <= get("char_end", -1):
            return get("target") or get("title")
    return None


def _entity_value(item: ParsedSource, finding: Finding, vocabularies) -> dict | None:
    table, entity, words = finding.entity_value
    vocabulary = vocabularies[table]
    if entity is None:  # the linked page's title first: "President Correa" linked to "Rafael Correa"
        target = linked_title(item, *finding.source_span())
        entity = vocabulary.resolve(target) if target else None
    if entity is None:
        entity = vocabulary.resolve(words)
    if entity is None and table == "persons":
        entity = vocabulary.resolve(person_name(words)) or vocabulary.resolve_or_provisional(person_name(words),
                                                                                               item.source.id)
    elif entity is None and table == "awards":
        entity = vocabulary.resolve_or_provisional(words, item.source.id)
    if entity is None:  # an organization the vocabulary does not know: not read (see awards.py)
        return None
    return {"value_type": "entity", "value_label": vocabulary.name(entity), "unit": None, "precision": None,
            "date_start": None, "date_end": None, "inferred": None, "qualifier": None, "value": entity}


def _claim(item: ParsedSource, finding: Finding, holding, claim_id: str, vocabularies) -> dict | None:

    start, end = finding.source_span()
    text = item.source.text
    value_raw = text[start:end]
    if finding.entity_value is not None:
        if finding.entity_value[0] == "organizations" and finding.entity_value[1] is None \
                and vocabularies["organizations"].resolve(finding.entity_value[2]) is None:
            return None
        value = _entity_value(item, finding, vocabularies)
        if value is None:
            return None
    else:
        table = finding.table
        prop = PROPERTIES[table][finding.property]
        try:
            value = normalize_value(prop, value_raw, finding.entry, vocabularies)
        except ValueError:  # a date or figure the value parsers refuse: not read, never guessed
            return None
    subject = _subject(item, finding, holding, vocabularies)
    if subject is None:
        return None
    prop = PROPERTIES[subject.table][finding.property]
    if subject.table == "awards" and finding.property == "name" and value["value"] != subject.entity:
        return None
    quote_start, quote_end = finding.quote_span()
    item_key = None
    if prop.multi_valued:
        item_key = finding.entry.get("item") or normalize_text(value["value"])
    return Claim({
        "id": claim_id,
        "source_id": item.source.id,
        **subject.columns(),
        "property": finding.property,
        **value,
        "value_raw": value_raw,
        "period": finding.entry.get("period"),
        "item": item_key,
        "char_start": quote_start,
        "char_end": quote_end,
        "quote": text[quote_start:quote_end],
        "value_start": start,
        "value_end": end,
        "section": item.section_at(quote_start, quote_end),
        "attributed_to": default_attribution(item, quote_start, quote_end),
        "method": "extracted",
        "rule": finding.rule,
        "reviewed": 0,
        "note": None,
        "curated_in": None,
    })


def _review(item: ParsedSource, finding: Finding, claim_id: str, over: dict | None, rejected: dict | None,
            vocabularies) -> dict:

    start, end = finding.source_span()
    subject = finding.subject
    words = (subject[1] or vocabularies[_VOCABULARY[finding.table]].name(subject[0])) if subject else None
    row = {"id": claim_id, "source_id": item.source.id, "rule": finding.rule, "subject_table": finding.table,
           "subject_words": words, "property": finding.property, "value_raw": item.source.text[start:end],
           "char_start": finding.offset, "char_end": finding.quote_span()[1], "value_start": start, "value_end": end,
           "status": "rejected" if rejected else "superseded", "claim_id": None, "same_value": None,
           "reason": None, "reviewed_in": None}
    if rejected:
        row.update(reason=rejected["reason"], reviewed_in=f"{rejected['file']} {rejected['label']}")
    else:
        row.update(claim_id=over["id"], same_value=int(_same_value(item, finding, over, vocabularies)))
    return row


_VOCABULARY = {"terms": "offices", "awards": "awards", "events": "events", "indicators": "indicators",
               "persons": "persons"}


def _same_value(item, finding: Finding, claim: dict, vocabularies) -> bool:
    """Whether the extraction would have given the curated claim's value (for the curator's confidence)."""
    start, end = finding.source_span()
    raw = item.source.text[start:end]
    if finding.entity_value is not None:
        table, entity, words = finding.entity_value
        entity = entity or vocabularies[table].resolve(words) or vocabularies[table].resolve(person_name(words))
        return entity == claim["value"]
    try:
        value = normalize_value(PROPERTIES[claim["subject_table"]][finding.property], raw, finding.entry, vocabularies)
    except (ValueError, KeyError):
        return False
    same = value["value"] == claim["value"] or normalize_text(value["value"]) == normalize_text(claim["value"])
    return same and value.get("unit") == claim.get("unit")


