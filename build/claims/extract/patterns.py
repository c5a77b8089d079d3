"""What every pattern family shares: the pattern language, what a reading yields, and names.

A pattern is written over a sentence's skeleton (``build.claims.extract.reading``)
with placeholders:

========================  =====================================================
``{DATE:start}``          a recognised date, captured as ``start``
``{OFFICE:office}``       a recognised office
``{SUBJ}``                the document's person as a clause's subject: a name
                          or alias of theirs, or "he"/"she"
``{POSS}``                their possessive: "Serrano's", "his", "her"
``{NAME:who}``            another person named with a title ("President
                          Alfredo Palacio", "Minister Lenin Lara") or two to
                          four capitalised words ("Diego Fuentes")
``{ADV}``                 an optional adverb ("also", "then", "briefly")
``{FROMTO:start:end}``    "from A to B", "from A until B", "between A and B",
                          "(A–B)"
========================  =====================================================

A name may be captured in several alternatives of one pattern; ``span(m, name)``
finds whichever took part.  A space in a pattern is one space: the reading has
made every whitespace run one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .reading import FILL, SIGILS

_DATE = f"{SIGILS['date']}{FILL}*"
_OFFICE = f"{SIGILS['office']}{FILL}*"
_SELF = f"{SIGILS['self']}{FILL}*"
TITLES = ("President", "Prime Minister", "Vice President", "Minister", "Governor", "Mayor", "Judge", "Senator",
          "Councilor", "Councillor", "General", "Dr.", "Mr.", "Mrs.", "Ms.")
_TITLE = "(?:" + "|".join(re.escape(t) for t in TITLES) + ")"
NAME_WORD = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü'-]+"
# A person: a title and a name, or two to four name words ("de", "del" inside).
NAME = (rf"(?:(?:the )?(?:new |former |then-)?{_TITLE} {NAME_WORD}(?: (?:de |del |la )?{NAME_WORD}){{0,3}}"
        rf"|{NAME_WORD}(?: (?:de |del |la )?{NAME_WORD}){{1,3}})(?![\w-])")
_TITLE_PREFIX = re.compile(rf"^(?:the )?(?:new |former |then-)?{_TITLE} ")

_PLACEHOLDER = re.compile(r"\{(DATE|OFFICE|SUBJ|POSS|NAME|ADV|SELF|FROMTO)(?::(\w+))?(?::(\w+))?\}")


def compile_pattern(template: str, flags: int = 0) -> re.Pattern:
    """The template (module docstring) as a regular expression over a skeleton."""
    used: dict[str, int] = {}

    def named(name: str | None, body: str) -> str:
        if name is None:
            return f"(?:{body})"
        used[name] = used.get(name, 0) + 1
        label = name if used[name] == 1 else f"{name}__{used[name]}"
        return f"(?P<{label}>{body})"

    def expand(match: re.Match) -> str:
        kind, first, second = match.groups()
        if kind == "DATE":
            return named(first, _DATE)
        if kind == "OFFICE":
            return named(first, _OFFICE)
        if kind == "SELF":
            return named(first, _SELF)
        if kind == "SUBJ":  # never the end of another word ("the", "this")
            return named(first, f"{_SELF}|(?<!\\w)(?:[Hh]e|[Ss]he)")
        if kind == "POSS":
            return named(first, f"{_SELF}'s|(?<!\\w)(?:[Hh]is|[Hh]er)")
        if kind == "NAME":
            return named(first, NAME)
        if kind == "ADV":
            # "temporary" is a common misspelling of the adverb ("Serrano temporary took control as ...").
            return r"(?:(?:also|then|later|again|subsequently|previously|first|temporary|\w+ly) )?"
        if kind == "FROMTO":
            a, b = first or "start", second or "end"
            return ("(?:" + f"[Ff]rom {named(a, _DATE)} (?:to|until|till|through) {named(b, _DATE)}"
                    f"|[Bb]etween {named(a, _DATE)} and {named(b, _DATE)}"
                    f"|\\({named(a, _DATE)} ?[–-] ?{named(b, _DATE)}\\))")
        raise AssertionError(kind)

    return re.compile(_PLACEHOLDER.sub(expand, template), flags)


def span(match: re.Match, name: str) -> tuple[int, int] | None:
    """The span of group ``name`` in whichever alternative captured it; None if none did."""
    for label in (name, *(f"{name}__{n}" for n in range(2, 6))):
        try:
            if match.start(label) >= 0:
                return match.span(label)
        except IndexError:
            return None
    return None


def person_name(words: str) -> str:
    """'President Alfredo Palacio' -> 'Alfredo Palacio': the name a provisional person is given."""
    return _TITLE_PREFIX.sub("", words)


def is_name(words: str) -> bool:
    """A titled name, or at least two name words: one capitalised word alone is too often not a person."""
    return bool(_TITLE_PREFIX.match(words)) or len(words.split()) >= 2


class Finding(NamedTuple):
    """One value a pattern read: what it is about, which property, where its value is.

    ``value`` is a span of the reading's flat string; ``subject`` names the
    subject: an office (terms: a vocabulary id, or the words for a provisional
    office), an award, an event or an indicator id, or None for the person.
    ``entity_value``: for a property whose values are entities, (vocabulary,
    id or None, the words a provisional entry is named with).
    """
    rule: str
    reading: object
    table: str  # terms | persons | awards | events | indicators
    subject: tuple[str | None, str] | None  # (vocabulary id or None, words) for terms, awards; id for others
    property: str
    value: tuple[int, int]
    entry: dict = {}  # what a curated entry would add: period, unit, qualifier, normalized, item, note
    entity_value: tuple[str, str | None, str] | None = None
    new_holding: bool = False  # "resumed his position as ...": another holding of the office
    offset: int = 0  # where the sentence starts in its source (set by read_source)

    def source_span(self) -> tuple[int, int]:
        """The value's span in the source text."""
        start, end = self.reading.to_sentence(*self.value)
        return self.offset + start, self.offset + end

    def quote_span(self) -> tuple[int, int]:
        """The sentence's span in the source text: the claim's quote."""
        return self.offset, self.offset + len(self.reading.sentence)
