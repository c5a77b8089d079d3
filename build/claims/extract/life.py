"""Birth and death of the document's person: dates and places (claims about the person).

=============  ====================================================================
rule           reads
=============  ====================================================================
born_lead      "José Serrano Salgado (born 19 November 1970)", "(born 19 November
               1970 in Cuenca)", "(19 November 1970 – 3 May 2020)" (a lifespan)
born           "José Serrano, born on November 19, 1970, in Cuenca, Ecuador",
               "He was born 19 November 1970 in Cuenca, Ecuador", "was born in
               Cuenca on ..."
died           "He died on 3 May 2020 in Quito", "(died 3 May 2020)"
=============  ====================================================================

The person is the clause's subject (one of their names, or "he"/"she" right
before "was born"): "his father, born in 1940 in Loja" reads nothing.  A place is
capitalised words, with commas between them ("Cuenca, Ecuador"), ending at the
first word that is not capitalised or at a citation mark.
"""

from __future__ import annotations

from .context import Context
from .patterns import Finding, compile_pattern, span
from .reading import CAP, Reading

PLACE = rf"(?P<place>{CAP}(?: {CAP})*(?:, {CAP}(?: {CAP})*){{0,2}})(?![\w-])"
_ON = "(?:on )?"
_BORN = [compile_pattern(t) for t in (
    rf"^{{SELF}} \((?:born|b\.) {_ON}{{DATE:birth}}(?:,? in {PLACE})?\)",
    r"^{SELF} \({DATE:birth} ?[–-] ?{DATE:death}\)",
    rf"^{{SUBJ}},? (?:was )?born {_ON}{{DATE:birth}},? in {PLACE}",
    rf"^{{SUBJ}},? (?:was )?born in {PLACE},? on {{DATE:birth}}",
    rf"^{{SUBJ}},? (?:was )?born {_ON}{{DATE:birth}}",
)]
_DIED = [compile_pattern(t) for t in (
    rf"^{{SUBJ}} died {_ON}{{DATE:death}}(?:,? in {PLACE})?",
    r"^{SELF} \([^)]*\bdied {DATE:death}\)",
)]


def read_life(reading: Reading, context: Context, vocabularies) -> list[Finding]:
    if "born" not in reading.lower and "died" not in reading.lower:
        return []
    found: list[Finding] = []
    taken: set[tuple[int, int]] = set()
    skeleton = reading.skeleton.lstrip("\x00 ")
    shift = len(reading.skeleton) - len(skeleton)
    for rules, patterns in ((("born_lead", "born_lead", "born", "born", "born"), _BORN), (("died", "died"), _DIED)):
        for rule, pattern in zip(rules, patterns):
            match = pattern.search(skeleton)
            if match is None:
                continue
            for prop, name in (("birth_date", "birth"), ("death_date", "death")):
                where = span(match, name)
                if where is not None:
                    place = (where[0] + shift, where[1] + shift)
                    if (prop, place) not in taken:
                        taken.add((prop, place))
                        found.append(Finding(rule, reading, "persons", None, prop, place))
            where = span(match, "place")
            if where is not None:
                prop = "death_place" if pattern in _DIED else "birth_place"
                place = (where[0] + shift, where[1] + shift)
                if (prop, place) not in taken:
                    taken.add((prop, place))
                    found.append(Finding(rule, reading, "persons", None, prop, place))
    return found
