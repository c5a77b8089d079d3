"""Curated claims: ``data/claims/*.yml``, one file per source.

Each entry names its subject through a vocabulary (``term: Interior Minister``,
``award: Medalla de Oro``, ...), a property, the value as written and a verbatim
``quote``.  The build anchors the quote to its span in the source, finds the
value inside it, normalizes the value by the property's type and refuses
anything it cannot verify, naming the file, the entry's line and the problem.
"""

from pathlib import Path

from . import anchor
from .claim_values import normalize_value
from .documents import ParsedSource
from .errors import BuildError
from .properties import ATTRIBUTIONS, PROPERTIES, SUBJECT_KEYS
from .vocabularies import Vocabulary
from .yamlio import entry_label, load_yaml

REQUIRED = ("id", "property", "value", "quote")
OPTIONAL = ("holding", "section", "occurrence", "value_occurrence", "attributed_to", "period", "unit",
            "year", "normalized", "item", "qualifier", "note")
ALLOWED = set(REQUIRED) | set(OPTIONAL) | set(SUBJECT_KEYS)


def load_curated_claims(data_dir: Path, parsed: dict[str, ParsedSource],
                        vocabularies: dict[str, Vocabulary]) -> list[dict]:
    claims, seen = [], {}
    for path in sorted((data_dir / "claims").glob("*.yml")):
        display = f"{data_dir.name}/claims/{path.name}"
        document = load_yaml(path, display)
        if not isinstance(document, dict) or "source" not in document or not isinstance(document.get("claims"), list):
            raise BuildError(display, "expected a mapping with 'source' and a 'claims' list")
        source = parsed.get(document["source"])
        if source is None:
            raise BuildError(display, f"source {document['source']!r} is not in data/sources.yml")
        for index, entry in enumerate(document["claims"]):
            label = entry_label(entry, index)
            claim = CuratedEntry(display, label, entry, source, vocabularies).claim()
            if claim["id"] in seen:
                raise BuildError(display, f"duplicate claim id {claim['id']!r} (first in {seen[claim['id']]})", label)
            seen[claim["id"]] = f"{display} {label}"
            claims.append(claim)
    return claims


class CuratedEntry:
    """One YAML entry on its way to a claim row; every check raises BuildError."""

    def __init__(self, display, label, entry, source: ParsedSource, vocabularies):
        self.display, self.label, self.entry = display, label, entry
        self.source, self.vocabularies = source, vocabularies

    def fail(self, problem: str):
        raise BuildError(self.display, problem, self.label)

    def claim(self) -> dict:
        entry = self.entry
        if not isinstance(entry, dict):
            self.fail("expected a mapping of keys")
        unknown = sorted(set(entry) - ALLOWED)
        if unknown:
            self.fail(f"unknown key {', '.join(map(str, unknown))} (allowed: {', '.join(sorted(ALLOWED))})")
        missing = [key for key in REQUIRED if entry.get(key) in (None, "")]
        if missing:
            self.fail(f"missing required key {', '.join(missing)}")
        table, subject_id = self.subject()
        prop = PROPERTIES[table].get(entry["property"])
        if prop is None:
            self.fail(f"property {entry['property']!r} is not known for {table} "
                      f"(known: {', '.join(PROPERTIES[table])})")
        start, end = self.anchor_quote(str(entry["quote"]))
        value_raw = str(entry["value"])
        value_start, value_end = self.anchor_value(value_raw, start, end)
        try:
            value = normalize_value(prop, value_raw, entry, self.vocabularies)
        except ValueError as error:
            self.fail(str(error))
        if table == "awards" and entry["property"] == "name" and value["value"] != subject_id:
            self.fail(f"names award {value['value']!r}, but the entry's subject is {subject_id!r}")
        if table == "indicators" and entry.get("period") in (None, ""):
            self.fail("a figure needs a 'period' (the year or span it is for)")
        text = self.source.source.text
        return {
            "id": str(entry["id"]),
            "source_id": self.source.source.id,
            "subject_table": table,
            "subject_id": subject_id,
            "property": entry["property"],
            **value,
            "value_raw": text[value_start:value_end],
            "period": None if entry.get("period") is None else str(entry["period"]),
            "qualifier": entry.get("qualifier"),
            "item": self.item(prop, value),
            "char_start": start,
            "char_end": end,
            "quote": text[start:end],
            "value_start": value_start,
            "value_end": value_end,
            "section": self.source.section_at(start, end),
            "attributed_to": self.attribution(start, end),
            "method": "curated",
            "note": entry.get("note"),
            "curated_in": f"{self.display}:{getattr(entry, 'line', 0)}",
        }

    def subject(self) -> tuple[str, str]:
        keys = [key for key in SUBJECT_KEYS if key in self.entry]
        if len(keys) != 1:
            self.fail(f"name exactly one subject with one of: {', '.join(SUBJECT_KEYS)}")
        key = keys[0]
        table = SUBJECT_KEYS[key]
        if table == "terms":
            office = self.vocabularies["offices"].require(self.entry[key], self.display, self.label)
            holding = self.entry.get("holding", 1)
            if not isinstance(holding, int) or holding < 1:
                self.fail(f"holding must be a whole number from 1, not {holding!r}")
            return table, f"{office}-{holding}"
        if "holding" in self.entry:
            self.fail("'holding' applies only to a term")
        return table, self.vocabularies[table].require(self.entry[key], self.display, self.label)

    def anchor_quote(self, quote: str) -> tuple[int, int]:
        text = self.source.source.text
        matches = anchor.find_all(text, quote)
        if not matches:
            closest = anchor.closest_passage(text, quote)
            self.fail(f"quote not found in source {self.source.source.id}: {quote!r}; closest passage: {closest!r}")
        section = self.entry.get("section")
        if section is not None:
            matches = [m for m in matches if (self.source.section_at(*m) or "").startswith(str(section))]
            if not matches:
                self.fail(f"quote {quote!r} does not occur in section {section!r}")
        occurrence = self.entry.get("occurrence")
        if occurrence is not None:
            if not isinstance(occurrence, int) or not 1 <= occurrence <= len(matches):
                self.fail(f"occurrence {occurrence!r} out of range: the quote occurs {len(matches)} times")
            return matches[occurrence - 1]
        if len(matches) > 1:
            places = ", ".join(f"{self.source.section_at(*m)} at {m[0]}" for m in matches)
            self.fail(f"quote {quote!r} occurs {len(matches)} times ({places}); "
                      "add 'section' or 'occurrence' to say which")
        return matches[0]

    def anchor_value(self, value_raw: str, start: int, end: int) -> tuple[int, int]:
        matches = anchor.find_all(self.source.source.text, value_raw, start, end)
        if not matches:
            self.fail(f"value {value_raw!r} does not occur in its quote")
        which = self.entry.get("value_occurrence", 1)
        if not isinstance(which, int) or not 1 <= which <= len(matches):
            self.fail(f"value_occurrence {which!r} out of range: the value occurs {len(matches)} times in the quote")
        return matches[which - 1]

    def attribution(self, start: int, end: int) -> str:
        given = self.entry.get("attributed_to")
        if given is not None:
            if given not in ATTRIBUTIONS:
                self.fail(f"attributed_to {given!r} is not one of {', '.join(ATTRIBUTIONS)}")
            return given
        return default_attribution(self.source, start, end)

    def item(self, prop, value: dict) -> str | None:
        if not prop.multi_valued:
            return None
        from .compare import normalize_text
        return str(self.entry.get("item") or normalize_text(value["value"]))


def default_attribution(source: ParsedSource, start: int, end: int) -> str:
    """Who speaks, when the entry does not say: the IPU paragraph's speaker, or the article."""
    paragraphs = getattr(source.document, "paragraphs", None)
    if paragraphs is None:
        return "article"
    for paragraph in paragraphs:
        if paragraph["char_start"] <= start and end <= paragraph["char_end"]:
            return paragraph["attributed_to"]
    return "committee"
