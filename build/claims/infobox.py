"""Claims read automatically from Wikipedia infoboxes, with no curated data.

Every fact belongs to the source's ``about`` person.  Each office block gives
that person's term: office, start, end, whether it is ongoing, predecessor,
successor, who the holder served under; personal details give birth and
death, alma mater, party and the like.  A new revision added to the manifest
gets these claims at once.

A value read from a MediaWiki export that is a link is named by the page it
links to when the vocabularies know that page ("[[Gabriela Rivadeneira|Rivadeneira]]"), by
its shown text otherwise.  A value naming a person or an office the vocabularies lack becomes a
provisional entry (``Vocabulary.resolve_or_provisional``): automatic
extraction never stops on a missing name.  Fields with no key, and keys with
no property (a website, a signature), make no claim; they stay in
``infobox_fields``.  A block that names no office makes no term claims.
"""

from __future__ import annotations

from collections import Counter

from .values import normalize_value
from ..common.text import normalize_text
from ..common.dates import DateError, interval, parse_date
from ..sources.documents import ParsedSource
from ..common.errors import BuildError
from .claim import Claim
from .properties import PROPERTIES
from .subjects import Subject, person_subject

TERM_PROPERTIES = {"office": "office", "term_start": "start_date", "term_end": "end_date", "ongoing": "ongoing",
                   "predecessor": "predecessor", "successor": "successor", "served_under": "served_under",
                   "constituency": "constituency"}
PERSONAL_PROPERTIES = {key: key for key in PROPERTIES["persons"]}


def infobox_claims(item: ParsedSource, vocabularies, known_starts: dict[tuple, dict[int, list]]) -> list[dict]:
    """``known_starts``: (person, office) -> holding -> start-date intervals other claims give.

    It decides which holding of an office a block describes (see ``choose_holding``).
    """
    person = item.source.about
    fields = item.infobox_fields
    if person is None or not fields:
        return []
    blocks: dict[str, list[dict]] = {}
    for field in fields:
        blocks.setdefault(field["block"], []).append(field)
    offices: dict[str, str] = {}  # block -> office id
    starts: dict[str, str | None] = {}  # block -> its start date as printed
    for block, block_fields in blocks.items():
        office_field = next((f for f in block_fields if f["key"] == "office"), None)
        if block not in ("personal", "caption") and office_field is not None:
            offices[block] = vocabularies["offices"].resolve_or_provisional(
                mention(item, vocabularies["offices"], office_field), item.source.id)
            starts[block] = next((f["value"] for f in block_fields if f["key"] == "term_start"), None)
    holding_of = {}
    for office in dict.fromkeys(offices.values()):
        same = [block for block in offices if offices[block] == office]
        holding_of.update(zip(same, choose_holdings(known_starts.get((person, office), {}),
                                                    [starts[block] for block in same])))
    claims = []
    for block, block_fields in blocks.items():
        if block == "personal":
            subject, properties = person_subject(person), PERSONAL_PROPERTIES
        elif block not in offices:
            continue  # the caption, or dates with no office: nothing to attach them to
        else:
            subject, properties = Subject("terms", offices[block], person, holding_of[block]), TERM_PROPERTIES
        counts: dict[str, int] = {}
        # A key the block gives with several values is a list the page prints (two children, a
        # president per period): each value is its own item, never a dispute of the page with itself.
        # Not dates (two start dates in one block do disagree), nor a fixed value said twice
        # ("Incumbent" and "Assumed office" both say the term is ongoing).
        listed = Counter(field["key"] for field in {(f["key"], f["value"]): f for f in block_fields}.values())
        for field in block_fields:
            prop_name = properties.get(field["key"])
            if prop_name is None:
                continue
            counts[field["key"]] = counts.get(field["key"], 0) + 1
            suffix = f"-{counts[field['key']]}" if counts[field["key"]] > 1 or \
                PROPERTIES[subject.table][prop_name].multi_valued else ""
            prop = PROPERTIES[subject.table][prop_name]
            in_list = listed[field["key"]] > 1 and prop.value_type in ("text", "entity") and prop.fixed_value is None
            claims.append(_claim(item, vocabularies, field, block, subject, prop_name, suffix, in_list))
    return claims


def _claim(item, vocabularies, field, block, subject: Subject, prop_name, suffix, in_list: bool = False) -> dict:
    prop = PROPERTIES[subject.table][prop_name]
    raw = named = field["value"]
    if prop.value_type == "entity":  # automatic: an unknown name is provisional, never an error
        named = mention(item, vocabularies[prop.vocabulary], field)
        vocabularies[prop.vocabulary].resolve_or_provisional(named, item.source.id)
    try:
        value = normalize_value(prop, named, {}, vocabularies)
    except ValueError as error:
        raise BuildError(f"source {item.source.id}", f"infobox block {block}, {field['label']}: {error}")
    return Claim({
        "id": f"{item.source.id}-infobox-{block}-{field['key'].replace('_', '-')}{suffix}",
        "source_id": item.source.id,
        **subject.columns(),
        "property": prop_name,
        **value,
        "value_raw": raw,
        "period": None,
        "item": normalize_text(value["value"]) if prop.multi_valued or in_list else None,
        "char_start": field["char_start"],
        "char_end": field["char_end"],
        "quote": raw,
        "value_start": field["char_start"],
        "value_end": field["char_end"],
        "section": "infobox",
        "attributed_to": "article",
        "method": "infobox",
        "note": None,
        "curated_in": None,
    })


def mention(item: ParsedSource, vocabulary, field: dict) -> str:
    """The name to resolve a field's value by: the page its link names (a MediaWiki export's "[[Lenín
    Moreno|Moreno]]") when the vocabulary knows that page's title as a name or alias, else the
    value as shown (which also names a provisional entry: the page's title may carry a
    disambiguation, "Carlos Vélez (politician)", that no reader would call the person)."""
    target = item.link_at(field["char_start"], field["char_end"])
    if target is not None and vocabulary.resolve(target) is not None:
        return target
    return field["value"]


def choose_holding(holdings: dict[int, list], start_raw: str | None) -> int:
    """Which of the person's holdings of an office an infobox block describes.

    Rule: the holding whose start date, as the curated claims give it, lies
    nearest the block's start date (0 days when the intervals overlap); with no
    curated holdings, or no readable start date in the block, holding 1.
    """
    date = _readable_date(start_raw)
    if not holdings or date is None:
        return 1
    return min(sorted(holdings), key=lambda holding: _gap(date, holdings[holding]))


def choose_holdings(holdings: dict[int, list], starts_raw: list[str | None]) -> list[int]:
    """The holdings of the blocks one infobox gives to one office, in the blocks' order.

    One block: ``choose_holding``.  Several blocks of the same office are several holdings, never one:
    taken in the order of their start dates (a block without a readable one last), each gets the
    nearest holding the curated claims know that no earlier block took, else the next number after
    every holding taken or known.  With no curated holdings they are 1, 2, ... in date order, as a
    holding's number counts the person's holdings of the office.
    """
    if len(starts_raw) == 1:
        return [choose_holding(holdings, starts_raw[0])]
    dates = [_readable_date(raw) for raw in starts_raw]
    order = sorted(range(len(dates)), key=lambda i: (dates[i] is None, dates[i].start if dates[i] else 0, i))
    chosen: dict[int, int] = {}
    for i in order:
        free = [h for h in sorted(holdings) if h not in chosen.values()]
        if free and dates[i] is not None:
            chosen[i] = min(free, key=lambda h: _gap(dates[i], holdings[h]))
        else:
            chosen[i] = max([0, *holdings, *chosen.values()]) + 1
    return [chosen[i] for i in range(len(dates))]


def _readable_date(raw: str | None):
    try:
        return parse_date(raw) if raw else None
    except DateError:
        return None


def _gap(date, intervals) -> int:
    """Days between a date and the nearest of some intervals (0 when they overlap)."""
    return min(max((lo - date.end).days, (date.start - hi).days, 0) for lo, hi in intervals)


def known_start_intervals(claims: list[dict]) -> dict[tuple, dict[int, list]]:
    """From curated claims: (person, office) -> holding -> start-date intervals."""
    starts: dict[tuple, dict[int, list]] = {}
    for claim in claims:
        if claim["subject_table"] == "terms" and claim["property"] == "start_date":
            starts.setdefault((claim["person_id"], claim["entity_id"]), {}).setdefault(claim["holding"], []).append(
                interval(claim["value"], claim["precision"]))
    return starts
