"""What both infobox layouts share: the field vocabulary and how values are cut.

An infobox field is ``{block, key, label, value, char_start, char_end}``:

* ``block``: ``"caption"`` (the picture's caption and the like), ``"1"``,
  ``"2"``... for office blocks in document order, ``"personal"`` for personal
  details;
* ``key``: the field in one vocabulary for both layouts (``KEYS``), or None for
  a label the build has no name for.  Such a field is kept, with its label, and
  makes no claim; it never fails the build;
* ``label``: the label as written ("Preceded by", "Term Start2");
* ``value`` == ``text[char_start:char_end]``, trimmed.

Values that hold several facts are cut here, by span: a term "14 May 2017 –
9 March 2018" into start and end, a "Born" value into name, date and place, an
alma mater run-on into institutions.
"""

from __future__ import annotations

import re

from ..common.dates import is_date
from ..common.errors import LayoutError
from ..common.lazy_re import LazyPattern
from .sentences import trim_span

OFFICE_KEYS = ("office", "term_start", "term_end", "ongoing", "predecessor", "successor", "served_under",
               "constituency")
PERSONAL_KEYS = ("birth_name", "birth_date", "birth_place", "death_date", "death_place", "alma_mater",
                 "political_party", "spouse", "children", "residence", "website", "signature", "occupation")
CAPTION_KEYS = ("caption", "image", "name")
KEYS = OFFICE_KEYS + PERSONAL_KEYS + CAPTION_KEYS
# Keys that may repeat in one block, each occurrence its own value.
REPEATABLE = ("alma_mater", "political_party", "spouse", "occupation")


# What an infobox prints as the predecessor or successor where there was none: the office was new
# ("Position established", "Office created", "New constituency"), ended ("Position abolished"), left
# empty ("Vacant"), or the holder followed themselves ("Himself").  Kept as printed, no claim.
NO_HOLDER = LazyPattern(
    r"(?:(?:Position|Office|Post|Seat|Constituency|Title|Party|District|Ministry|Portfolio)\s+"
    r"(?:newly\s+)?(?:established|created|abolished|disestablished|dissolved|merged|vacant)"
    r"|(?:Newly\s+)?(?:established|created|abolished)|New\s+(?:office|position|post|seat|constituency|creation)"
    r"|Inaugural\s+(?:holder|office\s?holder)|First\s+holder|None|Vacant|Vacancy|Himself|Herself|Themselves"
    r"|N/?A|[-\u2013\u2014])(?:\s*\([^()]*\))?\.?", re.I)


class Collector:
    """Collects fields in document order and remembers where each block starts."""

    def __init__(self, source_id: str, text: str):
        self.source_id, self.text = source_id, text
        self.fields: list[dict] = []

    def add(self, block: str, key: str | None, label: str, start: int, end: int) -> None:
        start, end = trim_span(self.text, start, end)
        if key in ("predecessor", "successor") and NO_HOLDER.fullmatch(self.text[start:end]):
            key = None  # "Position established": printed where there was no one; never a person
        if start < end:
            self.fields.append({"block": block, "key": key, "label": label, "value": self.text[start:end],
                                "char_start": start, "char_end": end})


# --- terms -----------------------------------------------------------------------

# The words that end a term that has not ended.
ONGOING_WORDS = LazyPattern(r"(?i)present|incumbent|current|now")
# Separators between a term's two dates, tried in order: the dashes (with the other dash-like
# characters and the replacement character a copy may leave for one), a bare hyphen only between two
# years ("2013-2017"), since it is also inside ISO dates; last, only the spaces a copy left where it
# lost the dash ("28 July 2011  9 November 2012"): there both sides must still read as dates.
_RANGE_SEPARATORS = (re.compile(r"\s*[\u2010-\u2015\u2212\ufffd]\s*"), re.compile(r"\s+-\s+"),
                     re.compile(r"\s+to\s+", re.I), re.compile(r"(?<=\b\d{4})-(?=\d{4}\b)"), re.compile(r"\s+"))


def split_term(text: str, start: int, end: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None, tuple[int, int] | None]:
    """A term value as written -> spans of (start date, end date, ongoing word).

    "14 May 2017 – 9 March 2018" gives both dates; "14 May 2021 – present"
    gives a start and the word "present"; "14 May 2017" alone gives a start.
    Anything else gives (None, None, None): the field is kept, no date is read.
    """
    value = text[start:end]
    if is_date(value):
        return (start, end), None, None
    for separator in _RANGE_SEPARATORS:
        for match in separator.finditer(value):
            left = trim_span(text, start, start + match.start())
            right = trim_span(text, start + match.end(), end)
            if not is_date(text[slice(*left)]):
                continue
            if is_date(text[slice(*right)]):
                return left, right, None
            if ONGOING_WORDS.fullmatch(text[slice(*right)]):
                return left, None, right
    return None, None, None


# --- born / died -------------------------------------------------------------------

# A date at the start of a piece, before "(age 54)", "(aged 80)" or a place.
_DATE_AT_START = re.compile(
    r"(?:\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|[A-Z][a-z]+\s+\d{4}|\d{4})(?![\w-])")
# The page's machine-readable copy of the date, which a rendered page prints before the date itself:
# "(1975-03-02) 2 March 1975 (age 51)".  The date read is the one written for readers.
_HIDDEN_ISO_DATE = re.compile(r"\(\d{4}(?:-\d{2}){0,2}\)\s*")
# What may follow the date in its piece before a place: the age, "(age 54)" or "(aged 80)".
_AGE = re.compile(r"[\s;,]*(?:\(\s*aged?\s+\d+\s*\)[\s;,]*)?")


def life_event(text: str, pieces: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The pieces of a Born or Died value -> spans of 'name', 'date', 'place'.

    The pieces are the value's cells or lines.  The one opening with a date
    (after the page's hidden ISO copy of it, when printed) is the date (its
    "(age 54)" left out).  Pieces after it, and what follows the age on its own
    line ("4 July 2024 (aged 49) Quito, Ecuador"), are the place; pieces before
    it are the name when a place follows the date, otherwise the place
    ("Born | Cuenca, Ecuador | 19 November 1970").  With no date, a lone piece
    is the place.
    """
    dated = None
    for index, (s, e) in enumerate(pieces):
        hidden = _HIDDEN_ISO_DATE.match(text, s, e)
        start = hidden.end() if hidden else s
        match = _DATE_AT_START.match(text, start, e)
        if match and is_date(match.group()):
            dated = index, (start, match.end())
            break
    found: dict[str, tuple[int, int]] = {}
    if dated is None:
        if pieces:
            found["place"] = (pieces[0][0], pieces[-1][1])
        return found
    index, date_span = dated
    found["date"] = date_span
    rest = trim_span(text, _AGE.match(text, date_span[1], pieces[index][1]).end(), pieces[index][1])
    after = [p for p in pieces[index + 1:]]
    if rest[0] < rest[1]:
        after.insert(0, rest)  # "19 November 1970 Cuenca, Ecuador" on one line
    before = pieces[:index]
    if after:
        found["place"] = (after[0][0], after[-1][1])
        if before:
            found["name"] = (before[0][0], before[-1][1])
    elif before:
        found["place"] = (before[0][0], before[-1][1])
    return found


# --- alma mater ----------------------------------------------------------------------

# The rendered page jams list items together ("Universidad San Francisco de
# Quito Universidad del Azuay"), so when a value *begins* with one of these
# head words, every later occurrence of that same word starts another
# institution.  A value not beginning with one ("Pontificia Universidad
# Católica", "Harvard University") is one institution.  The wikitext separates
# institutions with commas, so it is split there first (a name containing a
# comma, "University of California, Berkeley", would be split too).
_INSTITUTION_HEADS = frozenset(
    "Universidad Universidade University Universität Université Università "
    "Escuela Colegio Instituto Institut Institute".split()
)


def institutions(text: str, start: int, end: int, comma_separated: bool) -> list[tuple[int, int]]:
    pieces, pos = [], start
    if comma_separated:
        for match in re.finditer(",", text[start:end]):
            pieces.append(trim_span(text, pos, start + match.start()))
            pos = start + match.end()
    pieces.append(trim_span(text, pos, end))
    spans = []
    for s, e in pieces:
        value = text[s:e]
        head = value.split(None, 1)[0] if value else ""
        cuts = [s]
        if head in _INSTITUTION_HEADS:
            cuts += [s + m.start() for m in re.finditer(rf"(?<=\s){re.escape(head)}\b", value)]
        cuts.append(e)
        spans += [trim_span(text, a, b) for a, b in zip(cuts, cuts[1:])]
    return [span for span in spans if span[0] < span[1]]


def add_life_event(box: Collector, block: str, label: str, prefix: str, pieces: list[tuple[int, int]]) -> None:
    """Born/Died pieces -> birth_name/birth_date/birth_place (or death_...) fields."""
    parts = life_event(box.text, pieces)
    for part, span in sorted(parts.items(), key=lambda item: item[1]):  # in document order
        box.add(block, f"{prefix}_{part}", label, *span)


# --- parties and spouses --------------------------------------------------------------

# The rendered page jams a person's parties (or spouses) together, each followed by the period it
# held: "Revolución Ciudadana (since 2018) PAIS Alliance (2006–2018)", "Ana Pérez (m. 1995; div. 2004)
# María Ruiz (m. 2006)".  Each such closing period ends one value (kept with its period, as printed).
_HELD_FOR = LazyPattern(r"\((?:(?:since|from|until|till|to|before|after|m\.|div\.|died|d\.)\s*)?\d{4}[^()\n]{0,40}\)",
                        re.I)
SPLIT_AFTER_PERIOD = ("political_party", "spouse")


def periods_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start] + [m.end() for m in _HELD_FOR.finditer(text, start, end)] + [end]
    spans = [trim_span(text, a, b) for a, b in zip(cuts, cuts[1:])]
    return [span for span in spans if span[0] < span[1]]


def add_value(box: Collector, block: str, key: str | None, label: str, start: int, end: int,
              comma_separated: bool) -> None:
    """One labelled value, cut by what its key holds."""
    if key == "alma_mater":
        for s, e in institutions(box.text, start, end, comma_separated):
            box.add(block, key, label, s, e)
    elif key in SPLIT_AFTER_PERIOD:
        for s, e in periods_split(box.text, start, end):
            box.add(block, key, label, s, e)
    else:
        box.add(block, key, label, start, end)


def no_structure(source_id: str, line: int, problem: str) -> LayoutError:
    return LayoutError(source_id, f"line {line}: {problem}")
