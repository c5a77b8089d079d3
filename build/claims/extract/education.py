"""Degrees of the document's person: the degree, its field and the institution (claims about the person:
``degree`` and ``degree_subject`` with the institution as item, ``alma_mater``).

=========  ======================================================================
rule       reads
=========  ======================================================================
degree     "José Serrano holds a Master's degree in Social Intervention in Knowledge
           Societies from the University of La Rioja, a post-graduate degree in
           Project Management from the Universidad San Francisco de Quito, and an MBA
           from the European Business School", "He also earned a Doctorate in
           Jurisprudence and Law from the University of Azuay", "he has a ...
           degree ... from ...", "graduated with a ... from ..."
=========  ======================================================================

The sentence's subject is the person; each degree of a list ("..., a ... from
..., and an ... from ...") is read, and the list ends at the first item that is
not a degree from an institution.  An institution has a school word
("University", "Universidad", "College", "School", "Institute"...).
"""

from __future__ import annotations

import re

from .context import Context
from .patterns import Finding, compile_pattern
from .reading import Reading

DEGREE = (r"(?P<degree>(?:[Mm]aster's|[Bb]achelor's|[Pp]ost-?graduate|[Uu]ndergraduate|[Dd]octoral|[Ll]aw) degree"
          r"|[Dd]octorate|[Pp]h\.? ?D\.?|MBA|LL\.?M\.?|[Dd]iploma|[Ll]icentiate|[Dd]egree"
          r"|(?:[Mm]aster|[Bb]achelor|[Dd]octor) of (?:[A-Z][\w-]*)(?: (?:and |in )?[A-Z][\w-]*)*)")
_SCHOOL = r"(?:University|Universidad|Universidade|Université|College|School|Institute|Instituto|Academy|Escuela|Polytechnic)"
INSTITUTION = (rf"(?P<school>(?:[A-Z][\w'-]* ){{0,4}}{_SCHOOL}(?: (?:of |de |del |la |the )*[A-Z][\w'-]*)*)")
_ITEM = rf"(?:an? |the )?{DEGREE}(?: in (?P<field>[^,;]{{2,120}}?))? (?:from|at|by) (?:the )?{INSTITUTION}"
_FIRST = compile_pattern(
    rf"{{SUBJ}} {{ADV}}(?:holds|has|had|earned|received|obtained|completed|got|graduated with) {_ITEM}")
# The next item of a list; a citation mark between items ("La Rioja,[3] a post-graduate") is no word.
_NEXT = re.compile(rf"[,\x00 ]*(?:and )?(?:(?:he|she) (?:also )?(?:holds|has|earned|received|obtained) )?{_ITEM}")


_GATE = ("degree", "doctor", "master", "bachelor", "mba", "ph", "ll", "diploma", "licentiate")


def read_education(reading: Reading, context: Context, vocabularies) -> list[Finding]:
    if not any(word in reading.lower for word in _GATE):
        return []
    found: list[Finding] = []
    skeleton = reading.skeleton
    for match in _FIRST.finditer(skeleton):
        found += _degree(reading, match, 0)
        position = match.end()
        while (following := _NEXT.match(skeleton, position)) is not None:
            found += _degree(reading, following, 0)
            position = following.end()
    return found


def _degree(reading: Reading, match, shift: int) -> list[Finding]:
    degree = (match.start("degree") + shift, match.end("degree") + shift)
    school = (match.start("school") + shift, match.end("school") + shift)
    school_words = reading.flat[school[0]:school[1]]
    degree_words = reading.flat[degree[0]:degree[1]]
    normalized = degree_words if degree_words.isupper() else degree_words[0].lower() + degree_words[1:]
    found = [Finding("degree", reading, "persons", None, "degree", degree,
                     entry={"normalized": normalized, "item": school_words}),
             Finding("degree", reading, "persons", None, "alma_mater", school)]
    if match.group("field"):
        field = (match.start("field") + shift, match.end("field") + shift)
        found.append(Finding("degree", reading, "persons", None, "degree_subject", field,
                             entry={"item": school_words}))
    return found
