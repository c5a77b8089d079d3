"""An infobox template (``{{Infobox officeholder}}``, ``{{Infobox person}}``...) rendered as rows, read as fields.

::

    {{Infobox officeholder                        Marta Quispe Andrade
    | name        = Marta Quispe Andrade          Prefect of Azuay
    | office1     = [[Prefect of Azuay]]          In office: 14 May 2019 – 14 May 2023
    | term_start1 = {{Start date|2019|5|14|df=y}} Preceded by: Carlos Vélez
    | term_end1   = {{End date|2023|5|14|df=y}}   President: Lenín Moreno
    | predecessor1 = [[Carlos Vélez]]             Member of the National Assembly
    | president1  = [[Lenín Moreno]]              Assumed office: 14 May 2023
    | office2     = Member of the [[National Assembly (Ecuador)|National Assembly]]
    | term_start2 = {{Start date|2023|5|14|df=y}} Personal details
    | birth_date  = {{birth date and age|1975|3|3|df=y}}     Born: 3 March 1975
    | party       = [[PAIS Alliance]]             Political party: PAIS Alliance
    }}

The fields are those of the rendered pages (``build.sources.infobox``): block ``caption`` (name,
caption, image), ``"1"``, ``"2"``... for the numbered offices (a parameter's trailing number; an
office parameter without one is office 1), ``personal`` for the rest; ``key`` in the same
vocabulary, so the same claims follow (``build.claims.infobox``); ``label`` the parameter's name
as written (``term_start1``); ``value`` the rendered value, its span in the rendered text.

A page shows an office's two dates on one row ("In office: start – end"), or "Assumed office:
start" when no end is given (the field ``ongoing`` is those words).  A date parameter whose value
is no date ("2017?") is kept with key None, like any parameter the build has no key for.  A value
listing several items (``<br>``, ``{{ubl}}``, ``{{plainlist}}``) gives one field per item where the
key holds several values (parties, spouses, alma mater, occupations), else one field.  A citation
mark after a value ("[3]") is shown in the row and left out of the field.
"""

from __future__ import annotations

from ..common.dates import is_date
from .infobox import REPEATABLE, life_event
from .wikitext_pieces import trimmed
from .wikitext_templates import parameters

# parameter name without its number -> field key
KEYS = {
    "office": "office", "title": "office", "term_start": "term_start", "term_end": "term_end",
    "predecessor": "predecessor", "successor": "successor",
    "president": "served_under", "primeminister": "served_under", "prime_minister": "served_under",
    "premier": "served_under", "governor": "served_under", "monarch": "served_under",
    "constituency": "constituency",
    "birth_name": "birth_name", "birth_date": "birth_date", "birth_place": "birth_place",
    "death_date": "death_date", "death_place": "death_place", "alma_mater": "alma_mater",
    "party": "political_party", "otherparty": "political_party", "spouse": "spouse", "children": "children",
    "residence": "residence", "website": "website", "signature": "signature", "occupation": "occupation",
    "profession": "occupation", "name": "name", "caption": "caption", "image": "image",
}
# Parameters of an office that may come without a number (then office 1), beyond those with a key.
OFFICE_PARAMETERS = frozenset({"office", "title", "term_start", "term_end", "predecessor", "successor", "president",
                               "primeminister", "prime_minister", "premier", "governor", "monarch", "constituency",
                               "order", "deputy", "vicepresident", "appointer", "nominator", "majority", "alongside",
                               "leader", "status", "parliament", "assembly", "chancellor", "lieutenant"})
CAPTION_PARAMETERS = frozenset({"name", "caption", "image"})
# How a page labels a row (parameters not listed: their name, "_" as a space).
LABELS = {
    "predecessor": "Preceded by", "successor": "Succeeded by", "president": "President",
    "primeminister": "Prime Minister", "prime_minister": "Prime Minister", "premier": "Premier",
    "governor": "Governor", "monarch": "Monarch", "vicepresident": "Vice President", "deputy": "Deputy",
    "constituency": "Constituency", "birth_name": "Birth name", "birth_date": "Born", "birth_place": "Place of birth",
    "death_date": "Died", "death_place": "Place of death", "party": "Political party",
    "otherparty": "Other political affiliations", "alma_mater": "Alma mater", "spouse": "Spouse",
    "children": "Children", "residence": "Residence", "website": "Website", "signature": "Signature",
    "occupation": "Occupation", "profession": "Profession", "image": "Image", "caption": "Caption",
    "nationality": "Nationality", "relations": "Relations", "parents": "Parents", "education": "Education",
    "religion": "Religion", "appointer": "Appointed by", "nominator": "Nominated by",
}
# Parameters that only lay the box out.
LAYOUT = frozenset({"image_size", "imagesize", "alt", "upright", "image_upright", "signature_alt", "smallimage",
                    "landscape", "embed", "module", "child", "caption_align", "honorific_prefix",
                    "honorific_suffix", "honorific-prefix", "honorific-suffix", "native_name_lang", "footnotes"})
ONGOING_WORDS = ("present", "incumbent", "current")


def _split_name(name: str) -> tuple[str, str]:
    """'term_start1' -> ('term_start', '1'); 'office' -> ('office', '')."""
    base = name.rstrip("0123456789")
    return base.rstrip("_ ") or name, name[len(base):]


def infobox_entries(template, inline) -> list[tuple]:
    """The infobox's parameters with a value, as (name, base, number, pieces, (parameter at, value at)),
    offsets from the template's start: the same for every revision whose infobox is unchanged."""
    named, _ = parameters(template, 0)
    entries = []
    for name, (value, at, parameter_at) in named.items():
        if name.isdigit() or not str(value).strip():
            continue
        base, number = _split_name(name)
        if base in LAYOUT:
            continue
        pieces = trimmed(inline.inline(value, at, breaks=True))
        if any(piece[0].strip() for piece in pieces):
            entries.append((name, base, number, pieces, (parameter_at, at)))
    return entries


def render_infobox(entries: list[tuple], offset: int, page) -> list[dict]:
    """Write the infobox (``infobox_entries``, its template at ``offset``) into ``page``
    (``build.sources.wikitext_render._Page``) as rows; its fields."""
    blocks: dict[str, list] = {"caption": []}
    offices: dict[int, list] = {}
    personal: list = []
    for name, base, number, pieces, (parameter_at, at) in entries:
        pieces = page.resolve(pieces, offset)
        entry = (name, base, pieces, (parameter_at + offset, at + offset))
        if base in CAPTION_PARAMETERS and not number:
            blocks["caption"].append(entry)
        elif number or base in OFFICE_PARAMETERS:
            offices.setdefault(int(number or 1), []).append(entry)
        else:
            personal.append(entry)

    box = _Box(page, offset)
    for name, base, pieces, at in blocks["caption"]:
        box.row("caption", None if base == "name" else LABELS.get(base), base, name, pieces, at)
    for number in sorted(offices):
        block = str(number)
        entries = {base: (name, pieces, at) for name, base, pieces, at in offices[number]}
        if "office" in entries or "title" in entries:
            name, pieces, at = entries.get("office") or entries["title"]
            order = entries.get("order")
            box.office(block, name, pieces, at, order)
        box.term(block, entries.get("term_start"), entries.get("term_end"))
        for name, base, pieces, at in offices[number]:
            if base not in ("office", "title", "order", "term_start", "term_end"):
                box.row(block, LABELS.get(base) or base.replace("_", " ").capitalize(), base, name, pieces, at)
    if personal:
        box.line("Personal details", offset, offset)
        for name, base, pieces, at in personal:
            box.row("personal", LABELS.get(base) or base.replace("_", " ").capitalize(), base, name, pieces, at)
    return box.fields


class _Box:
    def __init__(self, page, offset: int):
        self.page, self.builder, self.offset = page, page.builder, offset
        self.fields: list[dict] = []
        self.rows = 0

    def line(self, label: str, w0: int, w1: int) -> None:
        self.builder.put("\n\n" if not self.rows else "\n", "added", self.offset, self.offset)
        self.builder.put(label, "added", w0, w1)
        self.rows += 1

    def _open(self, label: str | None, at: tuple[int, int], name: str) -> None:
        self.builder.put("\n\n" if not self.rows else "\n", "added", self.offset, self.offset)
        self.rows += 1
        if label:
            self.builder.put(f"{label}: ", "added", *at)  # the parameter's name, "=" included

    def _write(self, pieces: list[tuple]) -> tuple[int, int] | None:
        """Write pieces; the span of the value without citation marks or the whitespace around."""
        starts = self.page.write(pieces)
        words = [(piece[0], start) for piece, start in zip(pieces, starts)
                 if piece[0].strip() and (piece[4] is None or piece[4][0] != "mark")]
        if not words:
            return None
        (first, first_at), (last, last_at) = words[0], words[-1]
        return first_at + len(first) - len(first.lstrip()), last_at + len(last.rstrip())

    def _add(self, block: str, key: str | None, label: str, span: tuple[int, int] | None) -> None:
        if span is not None and span[0] < span[1]:
            self.fields.append({"block": block, "key": key, "label": label, "value": None,
                                "char_start": span[0], "char_end": span[1]})

    def row(self, block: str, label: str | None, base: str, name: str, pieces: list[tuple], at: tuple[int, int]) -> None:
        self._open(label, at, name)
        key = KEYS.get(base)
        items = _items(pieces)
        if key in REPEATABLE:
            for n, item in enumerate(items):
                if n:
                    self.builder.put("; ", "added", at[1], at[1])
                self._add(block, key, name, self._write(item))
            return
        span_start = span_end = None
        for n, item in enumerate(items):
            if n:
                previous = items[n - 1][-1][0].rstrip()
                self.builder.put(" " if previous.endswith((",", ";", ":")) else ", ", "added", at[1], at[1])
            span = self._write(item)
            if span:
                span_start = span[0] if span_start is None else span_start
                span_end = span[1]
        if span_start is None:
            return
        if key in ("birth_date", "death_date"):
            self.fields.append(self._date_field(block, key, name, span_start, span_end))
            return
        self._add(block, key, name, (span_start, span_end))

    def _date_field(self, block, key, name, start, end) -> dict:
        """A birth or death date: the date at the start of the value ("3 March 1975 (age 50)"), else no key."""
        text = "".join(self.builder.parts)
        date = life_event(text, [(start, end)]).get("date")
        if date is None:
            return {"block": block, "key": None, "label": name, "value": None, "char_start": start, "char_end": end}
        return {"block": block, "key": key, "label": name, "value": None, "char_start": date[0], "char_end": date[1]}

    def office(self, block: str, name: str, pieces: list[tuple], at: tuple[int, int], order) -> None:
        self._open(None, at, name)
        if order is not None:
            self._write(order[1])
            self.builder.put(" ", "added", at[1], at[1])
        self._add(block, "office", name, self._write(pieces))

    def term(self, block: str, start, end) -> None:
        if start is None and end is None:
            return
        end_text = "".join(piece[0] for piece in end[1]).strip().lower() if end else ""
        ongoing_end = end is not None and end_text in ONGOING_WORDS
        label = "In office" if end is not None else "Assumed office"
        self.builder.put("\n\n" if not self.rows else "\n", "added", self.offset, self.offset)
        self.rows += 1
        label_at = self.builder.put(label, "added", *(start or end)[2])
        self.builder.put(": ", "added", *(start or end)[2])
        if end is None:
            self._add(block, "ongoing", start[0], (label_at, label_at + len(label)))
        if start is not None:
            span = self._write(start[1])
            self._add(block, "term_start" if span and is_date(self._text(span)) else None, start[0], span)
        if end is not None:
            self.builder.put(" – ", "added", *end[2])
            span = self._write(end[1])
            if ongoing_end:
                self._add(block, "ongoing", end[0], span)
            else:
                self._add(block, "term_end" if span and is_date(self._text(span)) else None, end[0], span)

    def _text(self, span: tuple[int, int]) -> str:
        return "".join(self.builder.parts)[span[0]:span[1]]


def _items(pieces: list[tuple]) -> list[list[tuple]]:
    """A value cut at its list breaks (<br>, list items), each item without the whitespace around."""
    items, current = [], []
    for piece in pieces:
        if piece[4] == ("break",):
            items.append(current)
            current = []
        else:
            current.append(piece)
    items.append(current)
    return [item for item in (trimmed(i) for i in items) if any(p[0].strip() for p in item)]
