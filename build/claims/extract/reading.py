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
from typing import NamedTuple

from ...common.text import INLINE_MARK
from ...common.dates import MONTHS

BREAK = "\x00"  # an inline mark: no name or value runs across it
FILL = "\ue000"
SIGILS = {"date": "\ue001", "office": "\ue002", "self": "\ue003"}

_MARK = re.compile(INLINE_MARK)
_SPACE = re.compile(r"\s+")
def _straight(text: str) -> str:
    """Curly apostrophes straight (str.replace: far quicker than str.translate with a table)."""
    return text.replace("’", "'").replace("‘", "'") if "’" in text or "‘" in text else text

_MONTH = "(?:" + "|".join(name.capitalize() for name in MONTHS) + ")"
# Dates.  Every date holds a four-digit year, so the years are found first (a pattern that starts with a
# digit is quick to scan for) and the words before each one are looked at: "13 May ", "November 19, ",
# "May ", "mid-", or none (a bare year 1800-2099 that is not part of a longer number or code).
_YEAR = re.compile(r"\d{4}")
_BEFORE_YEAR = re.compile(
    rf"(?:\b\d{{1,2}} {_MONTH} |\b{_MONTH} \d{{1,2}}, ?|\b(?:[Ee]arly|[Mm]id|[Ll]ate)[- ](?:{_MONTH} )?|\b{_MONTH} )$")
_AFTER_YEAR = re.compile(r"[\w%]|[.,]\d|-\d\d(?!\d)")  # "20165", "2016%", "2016.5", "2016-03-27"


def dates(flat: str) -> list[tuple[int, int]]:
    """The spans of the dates in a flat sentence, in order."""
    found = []
    for year in _YEAR.finditer(flat):
        start, end = year.span()
        if _AFTER_YEAR.match(flat, end) or not ("1800" <= year.group() <= "2099"):
            continue
        before = _BEFORE_YEAR.search(flat, max(0, start - 24), start)
        if before is not None:
            found.append((before.start(), end))
            continue
        previous = flat[start - 1] if start else " "
        if previous.isalnum() or previous in "_.,$/":
            continue
        if previous == "-" and not flat[max(0, start - 5):start - 1].isdigit():  # "2012-2016" has two years
            continue
        found.append((start, end))
    return found


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
# Tried only where a head word is (found in the same pass over the words as the vocabularies' names).
_TITLE_OF = re.compile(
    rf"{_HEAD} (?:of|for) (?:the )?{_CAPS}(?:{_JOIN}{_CAPS})*(?: in the {_CAPS}(?:{_JOIN}{_CAPS})*)?(?: \([A-Z][\w-]*\))?")
_CAPS_MINISTER = re.compile(rf"(?:{CAP} ){{1,2}}(?:Minister|Secretary)\b")
HEAD_WORDS = frozenset(h.split()[0].split("-")[0].lower() for h in HEADS)
# Where a shaped title may be cut short when the vocabulary does not know the whole.
_OPTIONAL_TAILS = (re.compile(r" \([A-Z][\w-]*\)$"), re.compile(r" in the .*$"))


class Entity(NamedTuple):
    kind: str  # date | office | self
    start: int  # in the flat string
    end: int
    text: str  # the flat words
    entity: str | None = None  # office: the vocabulary id when the vocabulary knows it


class Placed(NamedTuple):
    """What a finding keeps of its reading once read: the sentence and where each flat character stands in
    it, so that its spans map back to the source (``Reading.to_sentence``, ``Reading.raw``).  Small and
    free of the vocabularies, so findings travel between processes and into the cache."""
    sentence: str
    positions: list[int] | None

    def to_sentence(self, start: int, end: int) -> tuple[int, int]:
        if self.positions is None:
            return start, end
        return self.positions[start], self.positions[end - 1] + 1

    def raw(self, start: int, end: int) -> str:
        sentence_start, sentence_end = self.to_sentence(start, end)
        return self.sentence[sentence_start:sentence_end]


class Reading:
    """A sentence's words, read once (see the module docstring).

    Positions are the sentence's own (0 at its first character): the same words read the same way
    wherever they stand, so a sentence that recurs (an unchanged sentence in the next revision) is read
    once (``build.claims.extract.read_source``); a claim adds the sentence's start in its source.
    """

    def __init__(self, sentence: str, vocabularies, about: str | None):
        self.sentence, self.vocabularies, self.about = sentence, vocabularies, about
        if _NEEDS_FLATTENING.search(sentence) is None:  # most sentences: one space between words, no marks
            self.flat, self._positions = _straight(sentence), None
        else:
            self.flat, self._positions = _flatten(sentence, 0)
        self.lower = _lower(self.flat)
        self._mentions: dict[str, list] | None = None
        self._heads: list[tuple[int, str]] = []  # (position, word) of the head words of titles
        self.entities = self._recognise()
        if self.entities:
            pieces, position = [], 0
            for entity in self.entities:
                pieces += [self.flat[position:entity.start], SIGILS[entity.kind], FILL * (entity.end - entity.start - 1)]
                position = entity.end
            pieces.append(self.flat[position:])
            self.skeleton = "".join(pieces)
        else:
            self.skeleton = self.flat
        self._at = {entity.start: entity for entity in self.entities}
        self._placed: Placed | None = None

    # --- positions --------------------------------------------------------------------------

    def placed(self) -> Placed:
        """What a finding keeps of this reading (``Placed``)."""
        if self._placed is None:
            self._placed = Placed(self.sentence, self._positions)
        return self._placed

    def to_sentence(self, start: int, end: int) -> tuple[int, int]:
        """A span of the flat string as a span of the sentence as written (its first to its last character)."""
        return self.placed().to_sentence(start, end)

    def raw(self, start: int, end: int) -> str:
        """The exact characters as written for a span of the flat string."""
        return self.placed().raw(start, end)

    def entity_at(self, start: int) -> Entity | None:
        return self._at.get(start)

    def mentions(self, table: str) -> list[tuple[int, int, str]]:
        """Where the names and aliases of one vocabulary occur in the sentence (``all_mentions``)."""
        if self._mentions is None:
            self._mentions, self._heads = all_mentions(self)
        return self._mentions[table]

    # --- recognition --------------------------------------------------------------------------

    def _recognise(self) -> list[Entity]:
        taken: list[tuple[int, int]] = []
        found: list[Entity] = []

        def take(kind, start, end, entity=None):
            if start >= end or any(a < end and start < b for a, b in taken):
                return False
            taken.append((start, end))
            found.append(Entity(kind, start, end, self.flat[start:end], entity))
            return True

        for start, end in dates(self.flat):
            take("date", start, end)
        for start, end in self._self_mentions():
            take("self", start, end)
        for start, end, office in self._offices(taken):
            take("office", start, end, office)
        return sorted(found, key=lambda e: e.start)

    def _offices(self, taken) -> list[tuple[int, int, str | None]]:
        offices = self.vocabularies["offices"]
        candidates = list(self.mentions("offices"))
        for match in self._office_shapes():
            start, end = match.span()
            inside = [a for a, b in taken if start <= a < end]
            if inside:  # a date or a name inside ("... Assembly in May 2017"): the title ends before it
                end = start + len(self.flat[start:min(inside)].rstrip(" ,"))
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

    def _office_shapes(self) -> list[re.Match]:
        """Titles by their shape (module docstring, 3), tried at the head words only."""
        self.mentions("offices")  # finds the head words too
        found, flat = [], self.flat
        for position, word in self._heads:
            if (match := _TITLE_OF.match(flat, position)) is not None:
                found.append(match)
            if word in ("minister", "secretary"):
                for before in (p for p, _ in self._words_before(position)):
                    if (match := _CAPS_MINISTER.match(flat, before)) is not None and match.end() > position:
                        found.append(match)
                        break
        return found

    def _words_before(self, position: int) -> list[tuple[int, str]]:
        """The two words before ``position`` (farthest first)."""
        starts = [m.start() for m in _WORDS.finditer(self.flat, max(0, position - 60), position)]
        return [(p, "") for p in starts[-2:]]

    def _self_mentions(self) -> list[tuple[int, int]]:
        if self.about is None:
            return []
        return sorted(((start, end) for start, end, entity in self.mentions("persons")
                       if entity == self.about), key=lambda span: (span[0] - span[1], span[0]))


_NEEDS_FLATTENING = re.compile(rf"\s\s|[\t\n\r\f\v\u00a0\u2028\u2029\u3000\u2000-\u200a]|{INLINE_MARK}")


def _flatten(raw: str, start: int) -> tuple[str, list[int]]:
    """The flat string of a sentence with whitespace runs or inline marks, and each character's source offset."""
    chars, positions = [], []
    for kind, piece_start, piece_end in _pieces(raw):
        if kind == "mark":
            chars.append(BREAK)
            positions.append(start + piece_start)
        elif kind == "space":
            chars.append(" ")
            positions.append(start + piece_start)
        else:
            chars.append(raw[piece_start:piece_end])
            positions.extend(range(start + piece_start, start + piece_end))
    return _straight("".join(chars)), positions


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


def _lower(flat: str) -> str:
    """Lower case, one character for one (so positions hold); curly double quotes straight."""
    lowered = flat.lower()
    if len(lowered) != len(flat):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in flat)
    return lowered.replace("“", '"').replace("”", '"')


# --- the vocabularies' names, found in a sentence ------------------------------------------------

# One index of every vocabulary's names, made once per set of vocabularies: a word tree (each name's words
# in order, the punctuation between them checked at the end), so a sentence's words are walked once,
# whichever vocabularies the families ask about, however many names the vocabularies hold.
_INDEXES: dict[int, tuple[object, dict]] = {}
_WORDS = re.compile(r"\w+")
TABLES = ("offices", "persons", "awards", "organizations", "indicators", "events")
_END = ""  # the key of a tree node's names (never a word)


def _index(vocabularies) -> dict:
    """The word tree of the files' names and aliases (provisional entries are found by shape): each node maps a
    word to the next node, and ``_END`` to the names ending there: (name in lower case with straight quotes,
    where its first word starts in it, table, id)."""
    cached = _INDEXES.get(id(vocabularies))
    if cached is not None and cached[0] is vocabularies:
        return cached[1]
    root: dict = {}
    for table in TABLES:
        for entity, entry in vocabularies[table].entries.items():
            if entry.get("provisional"):
                continue
            for name in [entry["name"], *entry.get("aliases", [])]:
                words = _lower(_straight(" ".join(str(name).split())))
                tokens = list(_WORDS.finditer(words))
                if not tokens:
                    continue
                node = root
                for token in tokens:
                    node = node.setdefault(token.group(), {})
                node.setdefault(_END, []).append((words, tokens[0].start(), table, entity))
    _INDEXES.clear()  # one set of vocabularies per build
    _INDEXES[id(vocabularies)] = (vocabularies, root)
    return root


def all_mentions(reading: Reading) -> tuple[dict[str, list[tuple[int, int, str]]], list[tuple[int, str]]]:
    """Every place a name or alias of a vocabulary occurs in the sentence as whole words: table -> [(start, end,
    id)], the longest name at each place of each table, compared in lower case with straight quotes; and the
    (position, word) of each head word of a title (``HEAD_WORDS``), found in the same pass."""
    root = _index(reading.vocabularies)
    text = reading.lower
    found: dict[str, list[tuple[int, int, str]]] = {table: [] for table in TABLES}
    heads: list[tuple[int, str]] = []
    tokens = [(m.start(), m.group()) for m in _WORDS.finditer(text)]
    after: dict[str, int] = {}
    for i, (position, word) in enumerate(tokens):
        if word in HEAD_WORDS:
            heads.append((position, word))
        node = root.get(word)
        if node is None:
            continue
        best: dict[str, tuple[int, int, str]] = {}  # table -> the longest name starting here
        j = i
        while node is not None:
            for words, offset, table, entity in node.get(_END, ()):
                start = position - offset
                end = start + len(words)
                if start >= after.get(table, 0) and start >= 0 and text.startswith(words, start) \
                        and (end == len(text) or not text[end].isalnum()) \
                        and (start == 0 or not text[start - 1].isalnum()) \
                        and (table not in best or end > best[table][1]):
                    best[table] = (start, end, entity)
            j += 1
            node = node.get(tokens[j][1]) if j < len(tokens) else None
        for table, mention in best.items():
            found[table].append(mention)
            after[table] = mention[1]
    return found, heads
