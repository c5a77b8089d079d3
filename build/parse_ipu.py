"""Parse a decision of the IPU Committee on the Human Rights of Parliamentarians.

The input is text extracted from the Committee's PDF, laid out like this::

     ECU-92 – José Serrano Salgado                 <- case header
    Alleged human rights violations
    \\uf0fc Threats, acts of intimidation          <- one bullet per violation
    A. Summary of the case
    <paragraphs separated by blank lines>
    B. Decision
    The Committee on the Human Rights of Parliamentarians     <- preamble
    1. Thanks the Ecuadorian delegation ... with the
    <blank line>
    members of the Committee ...                   <- still paragraph 1
    2. Notes that ...

Lines are hard-wrapped, may carry trailing spaces, and "blank" lines may hold
spaces.  Line endings may be LF, CRLF or CR.

Every span is ``(char_start, char_end)``: 0-based, end-exclusive ``str``
indices (code points) into the *raw* text passed in, so a reader can cite the
exact source characters.  Spans start at the first and end after the last
non-whitespace character they cover.

Reflow invariant, exact for every paragraph ``p`` of ``parse_ipu_decision(sid,
text)``::

    " ".join(raw_without_number(text, p).split()) == p["text"]

where ``raw_without_number`` is ``text[p["char_start"]:p["char_end"]]`` with,
for a decision paragraph, its leading printed number ("1.") cut off.  For a
violation ``v`` the same holds with ``text[v["char_start"]:v["char_end"]]`` and
``v["value"]``.

Anything this module cannot recognise raises ``LayoutError`` saying what was
expected where; it never returns a partial or empty result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build.errors import LayoutError

# "ECU-92 – José Serrano Salgado": three-letter country code, case number, a
# dash of any kind, then the person (or persons) as printed.
_CASE_HEADER = re.compile(r"^\s*([A-Z]{3}-\d+)\s*[-–—]\s*(\S.*?)\s*$")
_VIOLATIONS_HEADING = re.compile(r"^\s*Alleged human rights violations?\s*$", re.I)
_SUMMARY_HEADING = re.compile(r"^\s*A\.\s*Summary\b", re.I)
_DECISION_HEADING = re.compile(r"^\s*B\.\s*Decision\b", re.I)

# PDF extraction turns Symbol/Wingdings bullets into private-use code points
# (U+F0FC here, U+F0B7 and U+F0A7 elsewhere); real Unicode bullets are
# accepted too.  The glyph is kept out of the violation's value and span.
_BULLET = re.compile(r"^\s*[\ue000-\uf8ff\u2022\u2023\u2043\u25aa\u25cf\u25e6\u2713\u2714]\s*(?=\S)")

# A decision paragraph starts only at a line opening with its printed number.
# At most three digits: a wrapped line opening with a year ("2021. The ...")
# must not be taken for paragraph 2021.
_NUMBERED = re.compile(r"^\s*(\d{1,3})\.(?=\s|$)")

# Operative verb rule: the verb word plus any adverbs from this closed list
# directly before or after it ("Notes further", "Once again urges"), stopping
# at the first other word or at punctuation ("Concludes, therefore," gives
# "Concludes"; "Notes with deep concern" gives "Notes").
_ADVERBS = frozenset(
    "also further furthermore again once moreover therefore however "
    "nevertheless still strongly firmly sincerely urgently".split()
)

# Who a summary paragraph reports is read from its opening words only (the
# grammatical source of the statement), not from any later mention.
_BY_COMPLAINANT = re.compile(
    r"^(?:according to |in the view of |as reported by )?the complainants?\b", re.I
)
_BY_AUTHORITIES = re.compile(
    r"^(?:according to |in (?:its|their) [^,]{0,60}, )?"
    r"the (?:[\w-]+ ){0,3}?(?:authorities|delegation|government)\b",
    re.I,
)


@dataclass
class IpuDecision:
    """One parsed decision; see the module docstring for spans and invariants.

    ``violations``: ``{"value", "char_start", "char_end"}`` per bullet.
    ``paragraphs``: in document order, ``{"part": "summary" | "decision",
    "number", "operative_verb" (None in the summary), "attributed_to"
    ("complainant" | "authorities" | "committee"), "text", "char_start",
    "char_end"}``.
    """

    source_id: str
    case_id: str
    case_id_start: int
    case_id_end: int
    person: str
    person_start: int
    person_end: int
    violations: list[dict] = field(default_factory=list)
    paragraphs: list[dict] = field(default_factory=list)
    # "The Committee on the Human Rights of Parliamentarians" before paragraph
    # 1: the grammatical subject of every decision paragraph, not a paragraph.
    decision_preamble: str | None = None
    decision_preamble_start: int | None = None
    decision_preamble_end: int | None = None


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based, for messages
    start: int  # offset of the line's first character in the text
    content: str  # without its line terminator

    @property
    def blank(self) -> bool:
        return not self.content.strip()


def _lines(text: str) -> list[_Line]:
    lines, offset = [], 0
    # keepends=True so offsets stay exact whatever the line terminators are.
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        lines.append(_Line(number, offset, (raw.splitlines() or [""])[0]))
        offset += len(raw)
    return lines


def _reflow(raw: str) -> str:
    return " ".join(raw.split())


def _block_span(lines: list[_Line], first_start: int | None = None) -> tuple[int, int]:
    """Span from the first to the last non-space character of ``lines``.

    ``first_start`` overrides where the block begins (after a bullet, at a
    paragraph number) on the first line.
    """
    filled = [line for line in lines if not line.blank]
    first = filled[0]
    if first_start is None:
        first_start = first.start + len(first.content) - len(first.content.lstrip())
    last = filled[-1]
    return first_start, last.start + len(last.content.rstrip())


def _find(lines: list[_Line], pattern: re.Pattern, start: int = 0, stop: int | None = None):
    """Index of the first line in ``lines[start:stop]`` matching, else None."""
    for i in range(start, len(lines) if stop is None else stop):
        if pattern.search(lines[i].content):
            return i
    return None


def _quote(line: _Line) -> str:
    return repr(line.content.strip()[:60])


def parse_ipu_decision(source_id: str, text: str) -> IpuDecision:
    """Parse the text of one IPU Committee decision; raise LayoutError if unrecognised."""

    def fail(problem: str) -> LayoutError:
        return LayoutError(source_id, problem)

    lines = _lines(text)
    if not any(not line.blank for line in lines):
        raise fail("empty text: case header like 'ECU-92 – Name' expected at line 1")

    summary_i = _find(lines, _SUMMARY_HEADING)
    header_i = _find(lines, _CASE_HEADER, 0, summary_i)
    if header_i is None:
        where = f"before 'A. Summary' at line {lines[summary_i].number}" if summary_i is not None else "anywhere"
        raise fail(f"case header like 'ECU-92 – Name' expected {where}, not found")
    if summary_i is None:
        raise fail(f"'A. Summary of the case' expected after the case header at line {lines[header_i].number}, not found")
    decision_i = _find(lines, _DECISION_HEADING, summary_i + 1)
    if decision_i is None:
        raise fail(f"'B. Decision' expected after 'A. Summary' at line {lines[summary_i].number}, not found")

    header = lines[header_i]
    match = _CASE_HEADER.match(header.content)
    decision = IpuDecision(
        source_id=source_id,
        case_id=match.group(1),
        case_id_start=header.start + match.start(1),
        case_id_end=header.start + match.end(1),
        person=match.group(2),
        person_start=header.start + match.start(2),
        person_end=header.start + match.end(2),
    )
    decision.violations = _violations(lines, header_i, summary_i, text, fail)
    decision.paragraphs = _summary(lines, summary_i, decision_i, text, fail)
    _decision_part(decision, lines, decision_i, text, fail)
    return decision


def _violations(lines, header_i, summary_i, text, fail) -> list[dict]:
    heading_i = _find(lines, _VIOLATIONS_HEADING, header_i + 1, summary_i)
    if heading_i is None:
        raise fail(
            f"'Alleged human rights violations' expected between line {lines[header_i].number} "
            f"and line {lines[summary_i].number}, not found"
        )
    # Each bullet starts a violation; non-bullet lines after it are its
    # wrapped continuation (a blank line does not end it, as in part B).
    groups: list[tuple[int, list[_Line]]] = []
    for line in lines[heading_i + 1 : summary_i]:
        if line.blank:
            continue
        bullet = _BULLET.match(line.content)
        if bullet:
            groups.append((line.start + bullet.end(), [line]))
        elif groups:
            groups[-1][1].append(line)
        else:
            raise fail(f"violation bullet expected at line {line.number}, found {_quote(line)}")
    if not groups:
        raise fail(
            f"violation bullet expected between line {lines[heading_i].number} "
            f"and line {lines[summary_i].number}, none found"
        )
    violations = []
    for value_start, group in groups:
        start, end = _block_span(group, value_start)
        violations.append({"value": _reflow(text[start:end]), "char_start": start, "char_end": end})
    return violations


def _attribution(reflowed: str) -> str:
    if _BY_COMPLAINANT.match(reflowed):
        return "complainant"
    if _BY_AUTHORITIES.match(reflowed):
        return "authorities"
    return "committee"


def _summary(lines, summary_i, decision_i, text, fail) -> list[dict]:
    # In part A a blank (or whitespace-only) line ends a paragraph.
    blocks: list[list[_Line]] = [[]]
    for line in lines[summary_i + 1 : decision_i]:
        if line.blank:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    blocks = [block for block in blocks if block]
    if not blocks:
        raise fail(
            f"summary paragraph expected between 'A. Summary' at line {lines[summary_i].number} "
            f"and 'B. Decision' at line {lines[decision_i].number}, none found"
        )
    paragraphs = []
    for number, block in enumerate(blocks, start=1):
        start, end = _block_span(block)
        reflowed = _reflow(text[start:end])
        paragraphs.append(
            {
                "part": "summary",
                "number": number,
                "operative_verb": None,
                "attributed_to": _attribution(reflowed),
                "text": reflowed,
                "char_start": start,
                "char_end": end,
            }
        )
    return paragraphs


def _operative_verb(reflowed: str) -> str:
    # Punctuation ends the phrase, so only the words before it are candidates.
    words = re.split(r"[,;:.()]", reflowed, maxsplit=1)[0].split()
    i = 0
    while i < len(words) - 1 and words[i].lower() in _ADVERBS:
        i += 1  # leading adverbs: "Once again urges"
    i += 1  # the verb itself
    while i < len(words) and words[i].lower() in _ADVERBS:
        i += 1  # trailing adverbs: "Notes further"
    return " ".join(words[:i])


def _decision_part(decision: IpuDecision, lines, decision_i, text, fail) -> None:
    # In part B only a numbered line starts a paragraph: PDF extraction puts a
    # blank line inside paragraphs (after the line holding the number).
    preamble: list[_Line] = []
    groups: list[tuple[int, int, list[_Line]]] = []  # (number, start, lines)
    for line in lines[decision_i + 1 :]:
        numbered = _NUMBERED.match(line.content)
        if numbered:
            expected = len(groups) + 1
            found = int(numbered.group(1))
            if found != expected:
                raise fail(f"decision paragraph {expected} expected at line {line.number}, found {found}")
            groups.append((found, line.start + numbered.start(1), [line]))
        elif groups:
            groups[-1][2].append(line)
        elif not line.blank:
            preamble.append(line)
    if not groups:
        raise fail(
            f"numbered decision paragraph 1 expected after 'B. Decision' at line "
            f"{lines[decision_i].number}, none found"
        )
    if preamble:
        start, end = _block_span(preamble)
        decision.decision_preamble = _reflow(text[start:end])
        decision.decision_preamble_start, decision.decision_preamble_end = start, end

    for number, number_start, group in groups:
        start, end = _block_span(group, number_start)
        reflowed = _reflow(raw_without_number(text, {"part": "decision", "char_start": start, "char_end": end}))
        if not reflowed:
            raise fail(f"text of decision paragraph {number} expected after line {group[0].number}, none found")
        decision.paragraphs.append(
            {
                "part": "decision",
                "number": number,
                "operative_verb": _operative_verb(reflowed),
                "attributed_to": "committee",
                "text": reflowed,
                "char_start": start,
                "char_end": end,
            }
        )


def raw_without_number(text: str, paragraph: dict) -> str:
    """The paragraph's raw source slice, minus a decision paragraph's "N." prefix.

    ``" ".join(raw_without_number(text, p).split()) == p["text"]`` holds exactly.
    """
    raw = text[paragraph["char_start"] : paragraph["char_end"]]
    if paragraph["part"] == "decision":
        raw = raw[re.match(r"\d+\.", raw).end() :]
    return raw
