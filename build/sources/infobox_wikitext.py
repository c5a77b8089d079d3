"""The infobox of the wiki-like text form: ``- Key: value`` lines.

::

    - Office1: 3rd President of the National Assembly
    - Term Start1: 14 May 2017          <- numbered keys: office block 1
    - Predecessor1: Gabriela Rivadeneira
    - Birth Place: Cuenca, Ecuador      <- unnumbered keys: personal details
    - Image: Serrano 2017.jpg           <- picture keys: block "caption"

An office key without a number belongs to block 1.  A key the build has no
name for is kept with key None, in its numbered block or, unnumbered, in the
personal details; it never fails the build.
"""

from __future__ import annotations

import re

from .infobox import Collector, add_value, life_event, split_term
from .sentences import trim_span
from .textlines import Line

ROW = re.compile(r"-\s+(?P<key>[^:]{1,80}?)\s*:\s*(?P<value>.*)")
_KEY = re.compile(r"(?P<name>[A-Za-z][A-Za-z _()'-]*?)\s*(?P<number>\d*)")

NAMES = {
    "office": "office", "term start": "term_start", "term end": "term_end",
    "predecessor": "predecessor", "successor": "successor",
    "president": "served_under", "prime minister": "served_under", "constituency": "constituency",
    "birth place": "birth_place", "birth date": "birth_date", "birth name": "birth_name",
    "death place": "death_place", "death date": "death_date",
    "alma mater": "alma_mater", "party": "political_party", "political party": "political_party",
    "spouse": "spouse", "children": "children", "residence": "residence", "website": "website",
    "signature": "signature", "occupation": "occupation", "profession": "occupation",
    "image": "image", "caption": "caption", "name": "name",
}
OFFICE = {"office", "term_start", "term_end", "predecessor", "successor", "served_under", "constituency"}
CAPTION = {"image", "caption", "name"}


def is_row(line: Line) -> bool:
    return bool(ROW.fullmatch(line.text))


def parse_wikitext_infobox(source_id: str, text: str, rows: list[Line]) -> list[dict]:
    box = Collector(source_id, text)
    for row in rows:
        match = ROW.fullmatch(row.text)
        raw_key = match["key"]
        parts = _KEY.fullmatch(raw_key)
        name = " ".join(parts["name"].lower().replace("(s)", "").split()) if parts else raw_key.lower()
        key = NAMES.get(name)
        number = parts["number"] if parts else ""
        start, end = trim_span(text, row.start + match.start("value"), row.start + match.end("value"))
        if start == end:
            continue  # "- Successor2:" with nothing after it says nothing
        if key in CAPTION:
            block = "caption"
        elif number or key in OFFICE:
            block = str(int(number or 1))
        else:
            block = "personal"
        if key == "term_end" and re.fullmatch(r"(?i)present|incumbent", text[start:end]):
            key = "ongoing"
        if key in ("birth_date", "death_date"):
            date = life_event(text, [(start, end)]).get("date")  # "19 November 1970 (age 55)"
            box.add(block, key if date else None, raw_key, *(date or (start, end)))
        elif key in ("term_start", "term_end"):
            date, _, _ = split_term(text, start, end)
            box.add(block, key if date else None, raw_key, start, end)
        else:
            add_value(box, block, key, raw_key, start, end, comma_separated=True)
    return box.fields
