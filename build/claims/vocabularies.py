"""Controlled vocabularies: persons, offices, organizations, awards, indicators, events.

Each file under ``data/vocabularies/`` lists entries with an ``id``, a ``name``
and ``aliases``, checked against a declared schema (``build.common.inputs``).  A
mention in a source resolves to an entry when it equals the name or an alias
after folding case, accents, quote styles and spacing (an office also without
a leading ordinal: "3rd President of the National Assembly").  An alias
claimed by two entries is an error: it would make resolution ambiguous.

Curated claims are strict: a name that resolves to nothing is an error (a typo
until proven otherwise).  Automatic extraction (infobox values, IPU case
headers) is not: a name the vocabulary lacks becomes a *provisional* entry with
a stable slug id, the name as written and the source that first named it
(``resolve_or_provisional``).  Adding the name as an alias of an entry later
merges it, because the mention then resolves before a provisional entry is made.
"""

# No ``from __future__ import annotations``: see build.common.inputs.

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator

from ..common.cache import content_key
from ..common.errors import BuildError
from ..common.executors import LOCAL
from ..common.inputs import IsoDate, Slug, Strict, validate, validate_file
from ..common.lazy_re import LazyPattern
from ..common.regular_files import UnreadableFile, read_regular_file
from ..common.yamlio import MAX_BYTES, entry_label, load_yaml

Name = Annotated[str, Field(min_length=1, max_length=300)]
ShortText = Annotated[str, Field(min_length=1, max_length=2000)] | None


class Entry(Strict):
    id: Slug
    name: Name
    aliases: list[Name] | None = Field(default=None, max_length=200)

    @field_validator("name", "aliases")
    @classmethod
    def _has_words(cls, value):
        for name in [value] if isinstance(value, str) else (value or []):
            if not fold(name):
                raise ValueError(f"{name!r} has no letters or digits, so it would match any empty mention")
        return value


class Person(Entry):
    pass


# When a body or an office existed (Wikidata's inception and dissolution): a year, month or day as
# ISO 8601 at that precision ("2008"), with a note saying where it is known from.  Reference knowledge
# the curator adds, not a statement of the sources: the row and the finding that reads it say so.
Existence = IsoDate | None


class Office(Entry):
    branch: ShortText = None
    jurisdiction: ShortText = None
    body: Slug | None = None  # the organization (legislature, ministry) whose office it is
    inception: Existence = None
    dissolution: Existence = None
    existence_note: ShortText = None


class Organization(Entry):
    country: ShortText = None
    inception: Existence = None
    dissolution: Existence = None
    existence_note: ShortText = None


class Award(Entry):
    conferred_by: Slug | None = None
    country: ShortText = None


class Indicator(Entry):
    description: ShortText = None


class Event(Entry):
    # For the consistency rules: an election seats someone in an office; a candidacy is for an election.
    kind: Literal["election", "candidacy"] | None = None
    seats: Slug | None = None  # an office id
    election: Slug | None = None  # an event id


# The top level of each file: one key, the list named after its table; any other key is refused.
class PersonsFile(Strict):
    persons: list


class OfficesFile(Strict):
    offices: list


class OrganizationsFile(Strict):
    organizations: list


class AwardsFile(Strict):
    awards: list


class IndicatorsFile(Strict):
    indicators: list


class EventsFile(Strict):
    events: list


# table name -> (file, its top level, the schema of one entry)
VOCABULARIES = {
    "persons": ("persons.yml", PersonsFile, Person),
    "offices": ("offices.yml", OfficesFile, Office),
    "organizations": ("organizations.yml", OrganizationsFile, Organization),
    "awards": ("awards.yml", AwardsFile, Award),
    "indicators": ("indicators.yml", IndicatorsFile, Indicator),
    "events": ("events.yml", EventsFile, Event),
}
# Which vocabularies automatic extraction may extend with provisional entries.
PROVISIONAL_TABLES = ("persons", "offices", "awards")

_ORDINAL = LazyPattern(r"^\d+(?:st|nd|rd|th)\s+")
# A seat in an assembly named with its constituency is the membership of that assembly: the office is
# "member of the national assembly", whatever province it is for (the words stay in the claim's value_raw).
_CONSTITUENCY = LazyPattern(r"^(member of .+?) for [^,]+$")


@functools.lru_cache(maxsize=1 << 16)
def fold(mention: str) -> str:
    """The form in which names and aliases are compared (cached: the same names recur thousands of times)."""
    text = unicodedata.normalize("NFKD", str(mention))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.casefold().split()).strip(" .,;:")


def slugify(name: str) -> str:
    """'Gabriela Rivadeneira' -> 'gabriela-rivadeneira'; the id of a provisional entry."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-") or "unnamed"


# eq=False, repr=False: nothing compares or prints these, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class Vocabulary:
    table: str
    display: str  # the file as errors name it
    entries: dict[str, dict] = field(default_factory=dict)  # id -> entry (provisional ones included)
    _by_alias: dict[str, str] = field(default_factory=dict)
    strip_ordinal: bool = False  # offices: "3rd President of ..." is "President of ..."
    # key -> (how many entries it was built from, value -> entries): see ``having``
    _by_value: dict[str, tuple[int, dict]] = field(default_factory=dict)

    def resolve(self, mention: str) -> str | None:
        key = fold(mention)
        found = self._by_alias.get(key)
        if found is None and self.strip_ordinal:
            key = _ORDINAL.sub("", key)
            found = self._by_alias.get(key)
            if found is None and (seat := _CONSTITUENCY.match(key)):
                found = self._by_alias.get(seat.group(1))  # "Member of the National Assembly for Azuay"
        return found

    def require(self, mention: str, where: str, entry: str | None = None) -> str:
        found = self.resolve(mention)
        if found is None or self.entries[found].get("provisional"):
            raise BuildError(where, f"{mention!r} matches no entry in {self.display} (add it, or an alias)", entry)
        return found

    def resolve_or_provisional(self, mention: str, source_id: str) -> str:
        """The entry a name resolves to; failing that, a provisional entry made for it (see module doc)."""
        found = self.resolve(mention)
        if found is not None:
            return found
        name = " ".join(str(mention).split())
        base = slugify(name)
        entity, n = base, 1
        while entity in self.entries:  # an id already used by another name
            n += 1
            entity = f"{base}-{n}"
        self.entries[entity] = {"id": entity, "name": name, "aliases": [], "provisional": True,
                                "first_source_id": source_id}
        self._by_alias[fold(name)] = entity
        return entity

    def name(self, entity_id: str) -> str:
        return self.entries[entity_id]["name"]

    def having(self, key: str, value) -> list[dict]:
        """The entries whose ``key`` (a field holding one id or word: ``seats``, ``conferred_by``) is
        ``value``, provisional ones included, in file order.

        Extraction asks this of every sentence naming an office or a body ("the election that seats
        this office", "the award this body confers").  A scan of every entry each time grew with the
        vocabularies, that is with the corpus times the corpus: at 1,000 times the seeds, 8.4 s of the
        25 s that extraction took in one process, and ten times more per sentence at 10,000x.  So each
        key is indexed once, and again when entries were added since: they only ever are (a
        provisional one), so the count tells."""
        built = self._by_value.get(key)
        if built is None or built[0] != len(self.entries):
            by_value: dict = {}
            for entry in self.entries.values():
                by_value.setdefault(entry.get(key), []).append(entry)
            built = self._by_value[key] = (len(self.entries), by_value)
        return built[1].get(value, [])

    def is_provisional(self, entity_id: str) -> bool:
        return bool(self.entries.get(entity_id, {}).get("provisional"))

    def provisional(self) -> list[dict]:
        return [entry for entry in self.entries.values() if entry.get("provisional")]


def vocabularies_key(data_dir: Path) -> str | None:
    """The vocabulary files' contents as one hash: part of the cache key of every output that names
    entities (``build.common.cache``).  None when a file cannot be read as the loader reads it (then
    nothing is cached, and the loader reports why)."""
    digest = hashlib.sha256()
    for file_name, _, _ in VOCABULARIES.values():
        try:
            raw = read_regular_file(data_dir / "vocabularies" / file_name, MAX_BYTES)
        except (UnreadableFile, OSError):
            return None
        digest.update(file_name.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()


def load_vocabularies(data_dir: Path, work=LOCAL) -> dict[str, Vocabulary]:
    """The six vocabularies, checked; kept in ``work``'s cache under the files' contents
    (``vocabularies_key``), as parsing and checking them grows with the corpus (0.5 s at 100x)."""
    files = vocabularies_key(data_dir) if work.cache.enabled else None
    key = content_key("vocabularies", files) if files is not None else None
    hit, vocabularies = work.cache.get(key) if key is not None else (False, None)
    if not hit:
        vocabularies = _read_vocabularies(data_dir)
        if key is not None:
            work.cache.put(key, vocabularies)
    return vocabularies


def _read_vocabularies(data_dir: Path) -> dict[str, Vocabulary]:
    vocabularies = {}
    for table, (file_name, file_schema, schema) in VOCABULARIES.items():
        display = f"{data_dir.name}/vocabularies/{file_name}"
        document = load_yaml(data_dir / "vocabularies" / file_name, display)
        if not isinstance(document, dict):
            raise BuildError(display, f"expected a mapping with a '{table}' list")
        validate_file(file_schema, document, display)  # an unknown top-level key; the list missing or no list
        vocabulary = Vocabulary(table, display, strip_ordinal=table == "offices")
        for index, raw in enumerate(document[table]):
            label = entry_label(raw, index)
            if not isinstance(raw, dict):
                raise BuildError(display, "expected a mapping of keys", label)
            entry = validate(schema, raw, display, label).model_dump()
            entry["aliases"] = entry["aliases"] or []
            if entry["id"] in vocabulary.entries:
                raise BuildError(display, f"duplicate id {entry['id']!r}", label)
            vocabulary.entries[entry["id"]] = entry
            for alias in [entry["name"], *entry["aliases"]]:
                owner = vocabulary._by_alias.setdefault(fold(alias), entry["id"])
                if owner != entry["id"]:
                    raise BuildError(display, f"alias {alias!r} is claimed by both {owner!r} and {entry['id']!r}", label)
        vocabularies[table] = vocabulary
    _check_cross_references(vocabularies)
    return vocabularies


def _check_cross_references(vocabularies: dict[str, Vocabulary]) -> None:
    events = vocabularies["events"]
    for event in events.entries.values():
        for key, table in (("seats", "offices"), ("election", "events")):
            if event.get(key) and event[key] not in vocabularies[table].entries:
                raise BuildError(events.display, f"{key} {event[key]!r} is not an id in {table}.yml",
                                 f"entry (id {event['id']})")
    offices = vocabularies["offices"]
    for office in offices.entries.values():
        if office.get("body") and office["body"] not in vocabularies["organizations"].entries:
            raise BuildError(offices.display, f"body {office['body']!r} is not an id in organizations.yml",
                             f"entry (id {office['id']})")
    for table in ("offices", "organizations"):
        for entry in vocabularies[table].entries.values():
            if (entry.get("inception") or entry.get("dissolution")) and not entry.get("existence_note"):
                raise BuildError(vocabularies[table].display, "inception or dissolution needs an "
                                 "'existence_note' saying where it is known from", f"entry (id {entry['id']})")
    awards = vocabularies["awards"]
    for award in awards.entries.values():
        conferrer = award.get("conferred_by")
        if conferrer and conferrer not in vocabularies["organizations"].entries:
            raise BuildError(awards.display, f"conferred_by {conferrer!r} is not an id in organizations.yml",
                             f"entry (id {award['id']})")
