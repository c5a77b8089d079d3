"""Controlled vocabularies: persons, offices, organizations, awards, indicators, events.

Each file under ``data/vocabularies/`` lists entries with an ``id``, a ``name``
and ``aliases``.  A mention in a source resolves to an entry when it equals the
name or an alias after folding case, accents, quote styles and spacing; a
mention that resolves to nothing is an error, never a new entity.  An alias
claimed by two entries is an error too: it would make resolution ambiguous.
"""

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError
from .yamlio import entry_label, load_yaml

# table name -> (file, extra keys each entry may carry)
VOCABULARIES = {
    "persons": ("persons.yml", ()),
    "offices": ("offices.yml", ("branch", "jurisdiction")),
    "organizations": ("organizations.yml", ("country",)),
    "awards": ("awards.yml", ("conferred_by", "country")),
    "indicators": ("indicators.yml", ("description",)),
    "events": ("events.yml", ()),
}


def fold(mention: str) -> str:
    """The form in which names and aliases are compared."""
    text = unicodedata.normalize("NFKD", str(mention))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.casefold().split()).strip(" .,;:")


@dataclass
class Vocabulary:
    table: str
    display: str  # the file as errors name it
    entries: dict[str, dict] = field(default_factory=dict)  # id -> entry
    _by_alias: dict[str, str] = field(default_factory=dict)

    def resolve(self, mention: str) -> str | None:
        return self._by_alias.get(fold(mention))

    def require(self, mention: str, where: str, entry: str | None = None) -> str:
        found = self.resolve(mention)
        if found is None:
            raise BuildError(where, f"{mention!r} matches no entry in {self.display} (add it, or an alias)", entry)
        return found

    def name(self, entity_id: str) -> str:
        return self.entries[entity_id]["name"]


def load_vocabularies(data_dir: Path) -> dict[str, Vocabulary]:
    vocabularies = {}
    for table, (file_name, extra_keys) in VOCABULARIES.items():
        display = f"{data_dir.name}/vocabularies/{file_name}"
        document = load_yaml(data_dir / "vocabularies" / file_name, display)
        if not isinstance(document, dict) or not isinstance(document.get(table), list):
            raise BuildError(display, f"expected a mapping with a '{table}' list")
        vocabulary = Vocabulary(table, display)
        allowed = {"id", "name", "aliases", *extra_keys}
        for index, entry in enumerate(document[table]):
            label = entry_label(entry, index)
            if not isinstance(entry, dict) or "id" not in entry or "name" not in entry:
                raise BuildError(display, "each entry needs an id and a name", label)
            unknown = sorted(set(entry) - allowed)
            if unknown:
                raise BuildError(display, f"unknown key {', '.join(unknown)}", label)
            if entry["id"] in vocabulary.entries:
                raise BuildError(display, f"duplicate id {entry['id']!r}", label)
            vocabulary.entries[entry["id"]] = entry
            for alias in [entry["name"], *(entry.get("aliases") or [])]:
                owner = vocabulary._by_alias.setdefault(fold(alias), entry["id"])
                if owner != entry["id"]:
                    raise BuildError(display, f"alias {alias!r} is claimed by both {owner!r} and {entry['id']!r}", label)
        vocabularies[table] = vocabulary
    _check_cross_references(vocabularies)
    return vocabularies


def _check_cross_references(vocabularies: dict[str, Vocabulary]) -> None:
    awards = vocabularies["awards"]
    for award in awards.entries.values():
        conferrer = award.get("conferred_by")
        if conferrer and conferrer not in vocabularies["organizations"].entries:
            raise BuildError(awards.display, f"conferred_by {conferrer!r} is not an id in organizations.yml",
                             f"entry (id {award['id']})")
