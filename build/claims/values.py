"""Normalize a claim's value by its property's type.

Returns the claim columns that describe the value: ``value`` (normalized),
``value_type``, ``value_label`` (an entity's name), ``unit``, ``precision`` and,
for dates, ``date_start`` / ``date_end`` (the interval the value stands for).
Raises ``ValueError`` with a readable message on anything it cannot read.
"""

import re

from ..common.dates import human, parse_date
from ..common.numbers import human_number, normalize_unit, parse_number, qualifier_kind
from .properties import Property


def normalize_value(prop: Property, raw: str, entry: dict, vocabularies) -> dict:
    columns = {"value_type": prop.value_type, "value_label": None, "unit": None, "precision": None,
               "date_start": None, "date_end": None, "inferred": None, "qualifier": None}
    stated = entry.get("qualifier")
    if stated is not None and prop.value_type != "number":
        raise ValueError(f"qualifier {stated!r} applies only to a figure; this property's values are "
                         f"{prop.value_type}s")
    if entry.get("resolved") is not None and prop.value_type != "date":
        raise ValueError("'resolved' applies only to a date (a relative date such as 'A month later')")
    if prop.value_type == "date" and entry.get("resolved") is not None:
        # "A month later": the words give no date of their own; the curator states the date
        # they mean (ISO 8601, at the precision the text allows) and the row says so.
        if entry.get("year") is not None:
            raise ValueError("give either 'year' (a date missing its year) or 'resolved' (a relative date), not both")
        resolved = entry["resolved"]
        resolved = resolved.isoformat() if hasattr(resolved, "isoformat") else str(resolved)
        if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", resolved):
            raise ValueError(f"resolved {resolved!r} must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD")
        date = parse_date(resolved)
        columns.update(value=date.value, precision=date.precision, value_label=raw,
                       date_start=date.start.isoformat(), date_end=date.end.isoformat(),
                       inferred=f"relative date '{raw}' resolved to {date.value} by the curator (see the note)")
        return columns
    if prop.value_type == "date":
        text = raw
        if entry.get("year") is not None:
            # "On 10 September" in a paragraph about 2025: the curator states the
            # year and the row says it was inferred.
            text = f"{raw} {entry['year']}"
            columns["inferred"] = f"year {entry['year']} inferred from the surrounding text"
        date = parse_date(text)
        columns.update(value=date.value, precision=date.precision, value_label=raw,
                       date_start=date.start.isoformat(), date_end=date.end.isoformat())
        if date.qualifier:
            columns["inferred"] = f"'{date.qualifier}' read as the whole year (no finer date is stated)"
        return columns
    if prop.value_type == "number":
        number = parse_number(raw)
        unit = number.unit
        qualifier = number.qualifier
        if stated is not None:
            qualifier_kind(stated)  # an unknown qualifier is refused here, with the known list
            stated = " ".join(str(stated).lower().split())
            if qualifier is not None and qualifier != stated:
                raise ValueError(f"qualifier {stated!r} contradicts the qualifier written in the value ({qualifier!r})")
            qualifier = stated
        columns["qualifier"] = qualifier
        if entry.get("unit") is not None:
            stated = normalize_unit(str(entry["unit"]))
            if unit is not None and unit != stated:
                raise ValueError(f"unit {entry['unit']!r} contradicts the unit written in the value ({unit!r})")
            if unit is None:
                columns["inferred"] = f"unit '{stated}' implied by the sentence, not written next to the figure"
            unit = stated
        columns.update(value=number.value, unit=unit, value_label=raw)
        return columns
    if prop.value_type == "entity":
        vocabulary = vocabularies[prop.vocabulary]
        entity = vocabulary.resolve(raw)
        if entity is None:
            raise ValueError(f"{raw!r} matches no entry in {vocabulary.display} (add it, or an alias)")
        columns.update(value=entity, value_label=vocabulary.name(entity))
        return columns
    if prop.fixed_value is not None:
        columns.update(value=prop.fixed_value, value_label=raw)
        return columns
    normalized = entry.get("normalized")
    value = " ".join(str(normalized if normalized is not None else raw).split())
    if not any(char.isalnum() for char in value):
        raise ValueError(f"value {value!r} has no letters or digits: nothing to compare with other claims")
    columns.update(value=value, value_label=raw)
    return columns


def display_value(claim: dict) -> str:
    """The normalized value as a sentence gives it: '13 May 2011', 'approximately 20 percent', a name."""
    if claim["value_type"] == "number":
        return " ".join(part for part in (claim.get("qualifier"), human_number(claim["value"]), claim["unit"]) if part)
    if claim["value_type"] == "entity":
        return claim["value_label"]
    if claim["value_type"] == "date":
        return human(claim["value"])
    return claim["value"]
