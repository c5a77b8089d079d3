"""Claims read automatically from Wikipedia infoboxes, with no curated data.

Every office block gives its term's office, start, end, predecessor, successor
and appointing president; personal details give birth date, birth place and
alma mater.  A new revision added to the manifest gets these claims at once.
"""

from .claim_values import normalize_value
from .compare import normalize_text
from .dates import interval
from .documents import ParsedSource
from .errors import BuildError
from .properties import PROPERTIES, RECORD_SUBJECT

TERM_KEYS = {"office": "office", "term_start": "start_date", "term_end": "end_date",
             "predecessor": "predecessor", "successor": "successor", "president": "appointed_by"}
PERSONAL_KEYS = {"birth_date": "birth_date", "birth_place": "birth_place", "alma_mater": "alma_mater"}


def infobox_claims(item: ParsedSource, vocabularies, known_starts: dict[str, dict[int, list]]) -> list[dict]:
    """``known_starts``: office id -> holding -> start-date intervals other claims give.

    It decides which holding of an office a block describes (see ``choose_holding``).
    """
    where = f"source {item.source.id}"
    fields = getattr(item.document, "infobox_fields", [])
    blocks: dict[str, list[dict]] = {}
    for field in fields:
        blocks.setdefault(field["block"], []).append(field)
    claims = []
    for block, block_fields in blocks.items():
        if block == "personal":
            subject_table, subject_id, keys = "persons", RECORD_SUBJECT, PERSONAL_KEYS
        else:
            office_field = next((f for f in block_fields if f["key"] == "office"), None)
            if office_field is None:
                raise BuildError(where, f"infobox block {block} names no office")
            office = vocabularies["offices"].resolve(office_field["value"])
            if office is None:
                raise BuildError(where, f"infobox block {block}: office {office_field['value']!r} matches no entry "
                                        f"in {vocabularies['offices'].display} (add it, or an alias)")
            start = next((f for f in block_fields if f["key"] == "term_start"), None)
            holding = choose_holding(known_starts.get(office, {}), start and start["value"], where, block)
            subject_table, subject_id, keys = "terms", f"{office}-{holding}", TERM_KEYS
        counts: dict[str, int] = {}
        for field in block_fields:
            prop_name = keys.get(field["key"])
            if prop_name is None:
                raise BuildError(where, f"infobox block {block}: key {field['key']!r} does not belong in this block")
            counts[field["key"]] = counts.get(field["key"], 0) + 1
            suffix = f"-{counts[field['key']]}" if PROPERTIES[subject_table][prop_name].multi_valued else ""
            claims.append(_claim(item, vocabularies, field, block, subject_table, subject_id, prop_name, suffix))
    return claims


def _claim(item, vocabularies, field, block, subject_table, subject_id, prop_name, suffix) -> dict:
    prop = PROPERTIES[subject_table][prop_name]
    try:
        value = normalize_value(prop, field["value"], {}, vocabularies)
    except ValueError as error:
        raise BuildError(f"source {item.source.id}", f"infobox block {block}, {field['key']}: {error}")
    return {
        "id": f"{item.source.id}-infobox-{block}-{field['key'].replace('_', '-')}{suffix}",
        "source_id": item.source.id,
        "subject_table": subject_table,
        "subject_id": subject_id,
        "property": prop_name,
        **value,
        "value_raw": field["value"],
        "period": None,
        "qualifier": None,
        "item": normalize_text(value["value"]) if prop.multi_valued else None,
        "char_start": field["char_start"],
        "char_end": field["char_end"],
        "quote": field["value"],
        "value_start": field["char_start"],
        "value_end": field["char_end"],
        "section": "infobox",
        "attributed_to": "article",
        "method": "infobox",
        "note": None,
        "curated_in": None,
    }


def choose_holding(holdings: dict[int, list], start_raw: str | None, where: str, block: str) -> int:
    """Which holding of an office an infobox block describes.

    Rule: the holding whose start date, as the curated claims give it, lies
    nearest the block's start date (0 days when the intervals overlap); with no
    curated holdings, or no start date in the block, holding 1.
    """
    if not holdings or not start_raw:
        return 1
    from .dates import DateError, parse_date
    try:
        date = parse_date(start_raw)
    except DateError as error:
        raise BuildError(where, f"infobox block {block}, term_start: {error}")

    def gap(intervals):
        return min(max((lo - date.end).days, (date.start - hi).days, 0) for lo, hi in intervals)

    return min(sorted(holdings), key=lambda holding: gap(holdings[holding]))


def known_start_intervals(claims: list[dict]) -> dict[str, dict[int, list]]:
    """From curated claims: office id -> holding -> start-date intervals."""
    starts: dict[str, dict[int, list]] = {}
    for claim in claims:
        if claim["subject_table"] == "terms" and claim["property"] == "start_date":
            office, _, holding = claim["subject_id"].rpartition("-")
            starts.setdefault(office, {}).setdefault(int(holding), []).append(
                interval(claim["value"], claim["precision"]))
    return starts
