"""One sentence made ready for the patterns: its words on one line, its names and dates found once.

A ``Reading`` of a sentence holds three strings of the same length, so that a
position in any of them is a position in the others:

* ``flat``: the sentence's words, each run of whitespace made one space and each
  inline mark ("[1]", "[edit]", "[citation needed]") made one ``BREAK``
  character (a place no name or value runs across: "Cuenca, Ecuador[1] He is"
  ends the place at the mark); curly apostrophes are straight.
* ``skeleton``: ``flat`` with every recognised date, office and name of the
  document's person replaced by a sigil and filler characters of the same length
  ("He was \\ue002\\ue000\\ue000... from \\ue001\\ue000..."), so a pattern reads
  ``{SUBJ} was {OFFICE} from {DATE:start}`` and never looks inside a name.
* the source text itself, reached through ``raw(start, end)``: every span a
  pattern finds maps back to the exact characters of the source (``to_source``).

What is recognised, in order (a later kind never takes characters an earlier one took):

1. dates: "13 May 2011", "November 19, 1970", "May 2012", "mid-2016", "2016";
2. the document's person: the name and aliases of its ``about`` entry
   ("José Serrano", "Serrano", "Mr. Serrano Salgado");
3. offices: a name or alias of ``data/vocabularies/offices.yml`` ("Speaker",
   "parliamentary mandate"), or a title's shape: a head word ("Minister",
   "President", "member", "Secretary"...) with "of"/"for" and capitalised words
   ("Minister of Justice, Human Rights, and Religious Affairs", "member of the
   National Assembly of Ecuador"), or capitalised words before "Minister" ("Interior
   Minister").  A longer candidate that the vocabulary knows wins ("Subsecretary of
   Mines in the Ministry of Mines and Petroleum"); "in the ..." and a bracketed
   acronym join a title only when the vocabulary knows the whole, and a title the
   vocabulary does not know that begins with one it knows is that one ("Minister of
   the Interior Juan Pérez": a name follows).

Other people, organizations, awards and measures are read by the pattern
families that need them, at the place the pattern expects one.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import NamedTuple

from ...common.text import INLINE_MARK
from ...common.dates import MONTHS

BREAK = "\x00"  # an inline mark: no name or value runs across it
FILL = "\ue000"
SIGILS = {"date": "\ue001", "office": "\ue002", "self": "\ue003"}
KIND_OF_SIGIL = {sigil: kind for kind, sigil in SIGILS.items()}

_MARK = re.compile(INLINE_MARK)
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'"})

_MONTH = "(?:" + "|".join(name.capitalize() for name in MONTHS) + ")"
# Dates, longest forms first; a bare year only 1800-2099 and never part of a longer number.
DATE = re.compile(
    rf"\b\d{{1,2}} {_MONTH} \d{{4}}\b"
    rf"|\b{_MONTH} \d{{1,2}}, ?\d{{4}}\b"
    rf"|\b(?:[Ee]arly|[Mm]id|[Ll]ate)[- ](?:{_MONTH} )?\d{{4}}\b"
    rf"|\b{_MONTH} \d{{4}}\b"
    r"|(?<![\w.,$/-])(?:18|19|20)\d\d(?![\w%]|[.,]\d)")

# A capitalised word: "Interior", "O'Higgins", "Castellón"; never a possessive ("Ecuador's").
CAP = r"[A-ZÁÉÍÓÚÑÜ](?:[\w-]|'(?!s\b))*"
_CAPS = rf"{CAP}(?: {CAP})*"
# Head words of a title.  Case-blind in the first letter: "alternate president of the ...", "member of the ...".
HEADS = ("Alternate President", "Vice President", "Vice-President", "President", "Prime Minister",
         "Deputy Minister", "Minister", "Subsecretary", "Undersecretary", "Under-Secretary", "Vice Minister",
         "Secretary General", "Secretary", "Governor", "Mayor", "Member", "Speaker", "Ambassador", "Director",
         "Chairman", "Chairwoman", "Chair", "Prefect", "Senator", "Deputy", "Attorney General", "Comptroller",
         "Commissioner", "Head", "Superintendent", "Chancellor", "Councillor", "Councilor")
_HEAD = "(?:" + "|".join(f"[{h[0]}{h[0].lower()}]{re.escape(h[1:])}" for h in
                         sorted(HEADS, key=len, reverse=True)) + ")"
# Words that join capitalised words inside one name: "Justice, Human Rights, and Religious Affairs",
# "Mines and Petroleum", "Universidad San Francisco de Quito".
_JOIN = r"(?:, and |, | and | of the | of | for the | for | de | del | y )"
OFFICE_SHAPES = re.compile(
    rf"\b{_HEAD} (?:of|for) (?:the )?{_CAPS}(?:{_JOIN}{_CAPS})*(?: in the {_CAPS}(?:{_JOIN}{_CAPS})*)?(?: \([A-Z][\w-]*\))?"
    rf"|\b(?:{CAP} ){{1,2}}(?:Minister|Secretary)\b")
# Where a shaped title may be cut short when the vocabulary does not know the whole.
_OPTIONAL_TAILS = (re.compile(r" \([A-Z][\w-]*\)$"), re.compile(r" in the .*$"))


class Entity(NamedTuple):
    kind: str  # date | office | self
    start: int  # in the flat string
    end: int
    text: str  # the flat words
    entity: str | None = None  # office: the vocabulary id when the vocabulary knows it


class Reading:
    """A sentence ``text[start:end]`` of a source, read once (see the module docstring)."""

    def __init__(self, text: str, start: int, end: int, vocabularies, about: str | None, section: str | None = None,
                 paragraph: int = 0):
        self.text, self.start, self.end, self.section, self.paragraph = text, start, end, section, paragraph
        self.vocabularies, self.about = vocabularies, about
        chars, positions = [], []
        raw = text[start:end]
        for piece in _pieces(raw):
            kind, piece_start, piece_end = piece
            if kind == "mark":
                chars.append(BREAK)
                positions.append(start + piece_start)
            elif kind == "space":
                chars.append(" ")
                positions.append(start + piece_start)
            else:
                chars.extend(raw[piece_start:piece_end])
                positions.extend(range(start + piece_start, start + piece_end))
        self.flat = "".join(chars).translate(_QUOTES)
        self._positions = positions
        self.entities = self._recognise()
        skeleton = list(self.flat)
        for entity in self.entities:
            skeleton[entity.start] = SIGILS[entity.kind]
            skeleton[entity.start + 1:entity.end] = FILL * (entity.end - entity.start - 1)
        self.skeleton = "".join(skeleton)
        self._at = {entity.start: entity for entity in self.entities}

    # --- positions --------------------------------------------------------------------------

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """A span of the flat string as a span of the source text (its first to its last character)."""
        return self._positions[start], self._positions[end - 1] + 1

    def raw(self, start: int, end: int) -> str:
        """The source's exact characters for a span of the flat string."""
        source_start, source_end = self.to_source(start, end)
        return self.text[source_start:source_end]

    def entity_at(self, start: int) -> Entity | None:
        return self._at.get(start)

    @cached_property
    def lower(self) -> str:
        lowered = self.flat.lower()
        return lowered if len(lowered) == len(self.flat) else "".join(
            c.lower() if len(c.lower()) == 1 else c for c in self.flat)

    # --- recognition --------------------------------------------------------------------------

    def _recognise(self) -> list[Entity]:
        taken = [False] * len(self.flat)
        found: list[Entity] = []

        def take(kind, start, end, entity=None):
            if start >= end or any(taken[start:end]):
                return False
            taken[start:end] = [True] * (end - start)
            found.append(Entity(kind, start, end, self.flat[start:end], entity))
            return True

        for match in DATE.finditer(self.flat):
            take("date", *match.span())
        for start, end in self._self_mentions():
            take("self", start, end)
        for start, end, office in self._offices(taken):
            take("office", start, end, office)
        return sorted(found, key=lambda e: e.start)

    def _offices(self, taken) -> list[tuple[int, int, str | None]]:
        offices = self.vocabularies["offices"]
        candidates = [(start, end, entity) for start, end, entity in vocabulary_mentions(self, "offices")]
        for match in OFFICE_SHAPES.finditer(self.flat):
            start, end = match.span()
            if any(taken[start:end]):  # a date inside ("... Assembly in May 2017"): the title ends before it
                end = start + len(self.flat[start:next(i for i in range(start, end) if taken[i])].rstrip(" ,"))
            words = self.flat[start:end]
            entity = offices.resolve(words)
            if entity is None:
                for tail in _OPTIONAL_TAILS:  # the longer reading is the vocabulary's to make
                    cut = tail.search(words)
                    if cut:
                        words = words[:cut.start()]
                        entity = offices.resolve(words)
                        if entity is not None:
                            break
            if entity is None:  # "Minister of the Interior Juan Pérez": the longest known title it begins with
                parts = words.split(" ")
                for size in range(len(parts) - 1, 1, -1):
                    entity = offices.resolve(" ".join(parts[:size]))
                    if entity is not None:
                        words = " ".join(parts[:size])
                        break
            if len(words.split()) >= 2:
                candidates.append((start, start + len(words), entity))
        # Longest first; at equal length the vocabulary's reading.
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2] is None, c[0]))
        return candidates

    def _self_mentions(self) -> list[tuple[int, int]]:
        if self.about is None:
            return []
        return sorted(((start, end) for start, end, entity in vocabulary_mentions(self, "persons")
                       if entity == self.about), key=lambda span: (span[0] - span[1], span[0]))


def _pieces(raw: str):
    """(kind, start, end) over ``raw``: 'mark' (an inline mark), 'space' (a whitespace run), 'text'."""
    position = 0
    marks = [(m.start(), m.end()) for m in _MARK.finditer(raw)]
    for mark_start, mark_end in marks + [(len(raw), len(raw))]:
        for run in _SPACE.finditer(raw, position, mark_start):
            if run.start() > position:
                yield "text", position, run.start()
            yield "space", run.start(), run.end()
            position = run.end()
        if mark_start > position:
            yield "text", position, mark_start
        if mark_end > mark_start:
            yield "mark", mark_start, mark_end
        position = mark_end


# --- the vocabularies' names, found in a sentence ------------------------------------------------

_INDEXES: dict[int, tuple[int, dict]] = {}
_WORD = re.compile(r"[\w\"“”'(]")


def _index(vocabulary) -> dict[str, list[tuple[str, str]]]:
    """First word -> [(name as matched, lower case, quotes straight; entity id)], longest first.

    Made once per vocabulary (its file entries: provisional entries are found by shape)."""
    cached = _INDEXES.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    index: dict[str, list[tuple[str, str]]] = {}
    for entity, entry in vocabulary.entries.items():
        if entry.get("provisional"):
            continue
        for name in [entry["name"], *entry.get("aliases", [])]:
            words = " ".join(str(name).split()).translate(_QUOTES).lower()
            if words:
                index.setdefault(words.split(" ")[0], []).append((words, entity))
    for names in index.values():
        names.sort(key=lambda item: -len(item[0]))
    _INDEXES[id(vocabulary)] = (vocabulary, index)
    return index


def vocabulary_mentions(reading: Reading, table: str, lower: str | None = None) -> list[tuple[int, int, str]]:
    """Every place a name or alias of a vocabulary occurs in the sentence as whole words: (start, end, id).

    Compared in lower case with straight quotes; curly double quotes match straight ones."""
    index = _index(reading.vocabularies[table])
    text = lower if lower is not None else reading.lower
    text = text.replace("“", '"').replace("”", '"')
    found = []
    for match in re.finditer(r"(?<![\w\"'])[\w\"'(][^\s\x00,;]*", text):
        token = match.group()
        names = (index.get(token) or index.get(token.rstrip(",.;:)")) or index.get(token.split("'")[0])
                 or index.get(token.split(",")[0]) or ())
        for words, entity in names:
            end = match.start() + len(words)
            if text.startswith(words, match.start()) and (end == len(text) or not text[end].isalnum()):
                found.append((match.start(), end, entity))
                break
    return found
