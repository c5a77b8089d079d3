"""Parse a decision of the IPU Committee on the Human Rights of Parliamentarians.

The input is text extracted from the IPU's PDF.  The parts, in the order they
usually come (every part but the case header and the numbered paragraphs is
optional, because the IPU's layout changed over the years)::

    Ecuador                                        <- the country (skipped)
     ECU-92 – José Serrano Salgado                 <- case header: id and person(s)
    ECU-COLL-02 – 17 parliamentarians              <- a collective case, then
    - Ms. Ana Pérez                                   optionally the persons, one
    - Mr. Luis Mora, Ms. Eva Ruiz                     or several per line
    Decision adopted by consensus by the IPU Governing Council at its
    211th session (Geneva, 26 October 2022)        <- adoption (may wrap)
    Case ECU-92                                    <- the side box: "Label: value"
    Victim: Opposition member of parliament (male)    lines, each value possibly
    Recent IPU decision: March 2022                   wrapped; kept out of the
    ...                                               summary wherever it lands
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

Case ids: ``ECU-92``, collective ``ECU-COLL-02``, and the older ``PHI/08``, after "Case", "CASE No." or
"CASE N°" where the archive prints one.  A Governing Council resolution reads the same way: its
preamble ("The Governing Council of the Inter-Parliamentary Union,") is the decision's preamble, its
clauses ("Referring to ...,", "Considering that ...,") the summary.  Operative paragraphs printed
without numbers open with a bullet ("- Thanks ...", "• Urges ...") or with their verb after a line
ending a clause ("Decides ..."): they are numbered in order, and their spans start after the bullet.
In the summary, a paragraph ends at a blank line, at page furniture, or where
a line opens a new statement after a line that ended a sentence: a printed
number, "The complainant", "The (...) authorities / delegation / government",
"According to", "Considering", "Recalling" ...; who it is attributed to is
read from each paragraph's opening words.  Page furniture ("- 2 -",
"CL/215/11(b)-R.1", both on one line, a running "Inter-Parliamentary Union") stays in the text
but in no span.  Without "A. Summary", the blocks before paragraph 1 are the summary; without
"B. Decision", paragraph 1 starts the decision.  A numbered line out of
sequence ("(5. above)", a year at a line's start) continues the paragraph
before it rather than failing.

Operative phrase (``operative_verb``): the words that open a decision
paragraph before the first word of its object or clause, as the IPU prints
them in italics: the verb, the adverbs around it ("Once again urges", "Notes
further"), a particle or fixed noun of the verb ("Calls on", "Takes note"), a
copula's predicate ("Is deeply concerned", "Is appalled") and a "to"-infinitive
with its "-ing" words ("Decides to continue examining").  It stops at the
object ("Requests the ...", "Expresses deep concern ..." gives "Expresses"), at
a preposition ("Notes with ...") and at punctuation ("Concludes, therefore,").

Lines are hard-wrapped, may carry trailing spaces, and "blank" lines may hold
spaces.  Line endings may be LF, CRLF or CR.

Every span is ``(char_start, char_end)``: 0-based, end-exclusive ``str``
indices (code points) into the *raw* text passed in, starting at the first
and ending after the last non-whitespace character they cover.

Reflow invariant, exact for every paragraph ``p``::

    " ".join(raw_without_number(text, p).split()) == p["text"]

and for a violation or side-box field ``v`` the same with
``text[v["char_start"]:v["char_end"]]`` and ``v["value"]``.

Only a text with no case header or no decision paragraph raises
``LayoutError``; it never returns a partial or empty result.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from dataclasses import dataclass, field

from ..common.dates import DateError, parse_date
from ..common.errors import LayoutError
from ..common.lazy_re import LazyPattern
from .sentences import Sentence, split_sentences

# Two or three capital letters (the country), then the number: ECU-92,
# EC-07, ECU-COLL-02, and the older PHI/08, EC/01, ECU/01.
CASE_ID = r"[A-Z]{2,3}-COLL-\d+|[A-Z]{2,3}-\d+|[A-Z]{2,3}/\d+"
# The word "Case" and its number sign in any letter case and form the archive prints ("CASE No. EC/01 -
# NAME", "CASE N° EC/02 - NAME", "Case Nº", "Case N.", "Case no"); the id itself as printed.
_CASE_HEADER = re.compile(rf"^\s*(?:(?i:case)\s+(?:(?i:n\s?[o°º]|n)\.?\s*)?)?(?P<id>{CASE_ID})\s*[-–—:]\s*"
                          r"(?P<persons>\S.*?)\s*$")
_VIOLATIONS_HEADING = re.compile(r"^\s*Alleged human rights violations?\s*:?\s*$", re.I)
_SUMMARY_HEADING = re.compile(r"^\s*A\.\s*Summary\b", re.I)
_DECISION_HEADING = re.compile(r"^\s*B\.\s*Decision\b", re.I)

# PDF extraction turns Symbol/Wingdings bullets into private-use code points
# (U+F0FC here, U+F0B7 and U+F0A7 elsewhere); real Unicode bullets are
# accepted too.  The glyph is kept out of the violation's value and span.
_BULLET = re.compile(r"^\s*[\ue000-\uf8ff\u2022\u2023\u2043\u25aa\u25cf\u25e6\u2713\u2714*-]\s*(?=\S)")

# A decision paragraph starts only at a line opening with its printed number.
# At most three digits: a wrapped line opening with a year ("2021. The ...")
# must not be taken for paragraph 2021.
_NUMBERED = re.compile(r"^\s*(\d{1,3})\.(?=\s|$)")

# PDF page furniture: running headers and footers printed between pages.
# A page number ("- 2 -", "2", "Page 2 of 5", "2/5") or a document symbol
# ("CL/215/11(b)-R.1") alone on a line is always furniture; a running title
# ("Inter-Parliamentary Union") alone on a line only where it cannot be a
# wrapped line of a sentence: after a line ending a sentence, or next to other
# furniture.
# A page's header or footer may print several of them on one line ("- 2 - CL/194/11(b)-R.1").
_FURNITURE_TOKEN = (r"(?:[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}|[Pp]age\s+\d{1,3}(?:\s+of\s+\d{1,3})?|\d{1,3}\s*/\s*\d{1,3}"
                    r"|[A-Z]{2,6}(?:/[\w.()-]+){2,})")
_PAGE_FURNITURE = re.compile(rf"^\s*{_FURNITURE_TOKEN}(?:\s+{_FURNITURE_TOKEN})*\s*$")
_RUNNING_TITLE = re.compile(r"^\s*Inter-Parliamentary Union\s*$")
_ENDS_SENTENCE = re.compile(r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bNo)[.!?;:][\"'”’)]*\s*$")

# "Decision adopted unanimously by the IPU Governing Council at its 203rd
# session (Geneva, 18 October 2018)"; read from the reflowed lines.
_ADOPTED = LazyPattern(
    r"(?P<what>Decision|Resolution) adopted (?:(?P<how>unanimously|by consensus|by a majority|by vote) )?"
    r"by the (?P<by>.+?) at its (?P<session>\d+)(?:st|nd|rd|th) session\s*"
    r"\((?P<place>[^,()]+),\s*(?P<date>[^()]+?)\)", re.I)

# The side box printed beside the first page: label -> key.
_BOX_LABELS = [
    (re.compile(rf"^\s*Case\s+(?:No\.?\s*)?(?={CASE_ID}\s*$)", re.I), "case"),
    (re.compile(r"^\s*(?=[A-Z][\w .'’-]{1,60}:\s*Parliament\s+(?:not\s+)?affiliated)", re.I), "parliament"),
    (re.compile(r"^\s*(?:Alleged\s+)?Victims?(?:\(s\))?\s*:", re.I), "victim"),
    (re.compile(r"^\s*Qualified complainants?(?:\(s\))?\s*:", re.I), "qualified_complainant"),
    (re.compile(r"^\s*Complainants?(?:\(s\))?\s*:", re.I), "complainant"),
    (re.compile(r"^\s*(?:Date of )?submission of (?:the )?complaint\s*:", re.I), "submission_of_complaint"),
    (re.compile(r"^\s*Recent IPU decisions?(?:\(s\))?\s*:", re.I), "recent_ipu_decision"),
    (re.compile(r"^\s*IPU missions?(?:\(s\))?\s*:", re.I), "ipu_mission"),
    (re.compile(r"^\s*Recent Committee hearings?(?:\(s\))?\s*:", re.I), "recent_committee_hearing"),
    (re.compile(r"^\s*Recent follow-up\s*:", re.I), "recent_follow_up"),
    (re.compile(r"^\s*[-•]?\s*Communications? from the authorities\s*:", re.I), "communication_from_authorities"),
    (re.compile(r"^\s*[-•]?\s*Communications? from the complainants?\s*:", re.I), "communication_from_complainant"),
    (re.compile(r"^\s*[-•]?\s*Communications? addressed to the authorities\s*:", re.I),
     "communication_to_authorities"),
    (re.compile(r"^\s*[-•]?\s*Communications? addressed to the complainants?\s*:", re.I),
     "communication_to_complainant"),
]

# The subject of every numbered paragraph, printed just before paragraph 1.
_PREAMBLE = LazyPattern(r"^The (?:Committee on the Human Rights of Parliamentarians|Governing Council"
                        r"(?: of the Inter-Parliamentary Union)?|IPU Governing Council)\b[^.]{0,80}$")

# The same subject printed on its own (over one to three lines), before unnumbered paragraphs.
_PREAMBLE_OPENING = re.compile(r"^\s*The (?:Committee on the Human Rights of|Governing Council|IPU Governing Council)\b")
_PREAMBLE_WHOLE = LazyPattern(r"The (?:Committee on the Human Rights of Parliamentarians|Governing Council"
                              r"(?: of the Inter-Parliamentary Union)?|IPU Governing Council)\s*[,:]?")

# Operative paragraphs printed without their numbers open with their operative verb (after adverbs:
# "Once again urges"), behind a bullet ("- Thanks ...", "• Urges ...") or, with no bullet, on a line
# that follows the end of a clause.  A bullet before anything else is an item of a list ("Recalling
# the following information on file: - Mr. X was ..."), not a paragraph.  The verbs the IPU's decisions
# and resolutions open with:
_OPERATIVE_BULLET = re.compile(r"^\s*[-–—•*\u2022\u2023\u2043\u25aa\u25cf\u25e6\ue000-\uf8ff]\s*(?=[A-Z])")
_OPERATIVE_VERBS = frozenset(
    "accepts acknowledges adopts affirms agrees appeals appreciates approves asks authorises authorizes awaits "
    "believes calls commends concludes concurs condemns confirms congratulates considers decides declares deems "
    "demands denounces deplores doubts draws emphasises emphasizes encourages endorses entrusts expects expresses "
    "fails fears feels finds hopes highlights insists invites is laments looks mandates notes observes points "
    "praises questions reaffirms recalls recognises recognizes recommends refers regrets reiterates rejects "
    "remains reminds renews requests reserves resolves shares stresses suggests supports takes thanks trusts "
    "underlines underscores understands urges welcomes wishes wonders".split())
_ENDS_CLAUSE = re.compile(r"[.;:,][\"'”’)]*\s*$")


def _is_adverb(word: str) -> bool:
    word = word.lower()
    return word in _ADVERBS or (len(word) > 4 and word.endswith("ly") and word not in ("only", "family"))


def _operative_opening(content: str, after_clause: bool) -> int | None:
    """Where an unnumbered operative paragraph's text starts in the line (after its bullet), or None."""
    bullet = _OPERATIVE_BULLET.match(content)
    start = bullet.end() if bullet else len(content) - len(content.lstrip())
    words = content[start:].split()
    if not (bullet or after_clause) or not words or not words[0][:1].isupper():
        return None
    i = 0
    while i < len(words) - 1 and _is_adverb(words[i].rstrip(",")):
        i += 1
    return start if words[i].rstrip(",;:").lower() in _OPERATIVE_VERBS else None


# "17 parliamentarians", "Five members of parliament": a collective case.
_COUNTED = re.compile(r"^(?:\d+|[A-Za-z]+(?:-[a-z]+)?)\s+(?:other\s+)?(?:parliamentarians|members of parliament|MPs|"
                      r"(?:former\s+)?(?:members|legislators|senators|deputies))\b", re.I)
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sen|Senator|Hon)\.?\s+")

# Operative phrase rule (see _operative_verb): the words before the first word
# of the verb's object or clause.  Adverbs from this closed list, or ending in
# "-ly", are part of it wherever they stand ("Once again urges", "Notes
# further", "Is deeply concerned").
_ADVERBS = frozenset(
    "also further furthermore again once moreover therefore however "
    "nevertheless still strongly firmly sincerely urgently".split()
)
# A copula takes its predicate ("Is appalled", "Remains convinced").
_COPULAS = frozenset("is are remains remain was were becomes".split())
# Words that belong to the verb itself rather than to its object: a particle
# ("Calls on", "Calls upon"), the noun of a fixed phrase ("Takes note").
_PARTICLES = {
    "calls": {"on", "upon", "for"}, "call": {"on", "upon", "for"},
    "takes": {"note"}, "take": {"note"},
    "looks": {"forward"}, "look": {"forward"},
}

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
# A summary paragraph in the Committee's own voice ("The Committee notes ...", "The Committee on the
# Human Rights of Parliamentarians considers ..."); one that opens with none of these speakers is the
# summary's own account of the case (attributed to "summary"), not a finding of the Committee.
_BY_COMMITTEE = re.compile(r"^(?:according to )?the committee\b", re.I)


# eq=False, repr=False: nothing compares or prints these, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class IpuDecision:
    """One parsed decision; see the module docstring for spans and invariants.

    ``persons``: ``{"name", "char_start", "char_end"}`` per person the case
    concerns (one for an individual case).  ``adoption``: ``{"text", "what",
    "how", "by", "session", "place", "date_raw", "date", "char_start",
    "char_end"}`` or None.  ``side_box``: ``{"key", "label", "value",
    "char_start", "char_end"}`` per field.  ``violations``: ``{"value",
    "char_start", "char_end"}`` per bullet.  ``paragraphs``: in document
    order, ``{"part": "summary" | "decision", "number", "operative_verb" (None
    in the summary), "attributed_to" ("complainant" | "authorities" |
    "committee" | "summary": the summary's own account, in no party's voice), "text", "char_start", "char_end"}``; a decision paragraph cut
    by page furniture continues in a piece of the same number with
    ``"piece": 2`` (3, ...), no number printed and no operative phrase.
    """

    source_id: str
    case_id: str
    case_id_start: int
    case_id_end: int
    person: str  # the header's words after the case id, as printed
    person_start: int
    person_end: int
    collective: bool = False
    persons: list[dict] = field(default_factory=list)
    adoption: dict | None = None
    side_box: list[dict] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    paragraphs: list[dict] = field(default_factory=list)
    # "The Committee on the Human Rights of Parliamentarians" before paragraph
    # 1: the grammatical subject of every decision paragraph, not a paragraph.
    decision_preamble: str | None = None
    decision_preamble_start: int | None = None
    decision_preamble_end: int | None = None
    # Each summary and decision paragraph cut into sentences, in document order.
    sentences: list[Sentence] = field(default_factory=list)


class _Line(NamedTuple):
    number: int  # 1-based, for messages
    start: int  # offset of the line's first character in the text
    content: str  # without its line terminator

    @property
    def blank(self) -> bool:
        return not self.content.strip()

    @property
    def stripped(self) -> str:
        return self.content.strip()


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


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of non-blank lines."""
    blocks: list[list[_Line]] = [[]]
    for line in lines:
        if line.blank:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    return [block for block in blocks if block]


def parse_ipu_decision(source_id: str, text: str) -> IpuDecision:
    """Parse the text of one IPU Committee decision; raise LayoutError if unrecognised."""

    def fail(problem: str) -> LayoutError:
        return LayoutError(source_id, problem)

    lines = _lines(text)
    if not any(not line.blank for line in lines):
        raise fail("empty text: case header like 'ECU-92 – Name' expected at line 1")
    # Page furniture reads as a blank line everywhere (it ends a summary
    # paragraph, a side-box value, a list); in the decision part it cuts the
    # paragraph it interrupts (see _decision_part).
    furniture = _page_furniture(lines)
    lines = [line._replace(content="") if line.number in furniture else line for line in lines]

    decision_i = _find(lines, _DECISION_HEADING)
    first_numbered = _first_paragraph_one(lines, (decision_i + 1) if decision_i is not None else 0)
    numbered = first_numbered is not None
    # Without any numbered paragraph: the operative paragraphs printed with a bullet or opening
    # with their verb ("- Thanks ...", "Decides ..."), after "B. Decision" or the preamble.
    first_operative = first_numbered if numbered else _first_unnumbered(lines, decision_i, furniture)
    end_of_front = decision_i if decision_i is not None else first_operative
    if end_of_front is None:
        raise fail("decision paragraphs expected, none found: numbered ('1. Notes ...'), or bulleted or "
                   "opening with their verb ('- Notes ...', 'Decides ...') after 'B. Decision' or 'The Governing "
                   "Council of the Inter-Parliamentary Union,'")
    header_i = _find(lines, _CASE_HEADER, 0, end_of_front)
    if header_i is None:
        raise fail(f"case header like 'ECU-92 – Name' expected before line {lines[end_of_front].number}, not found")

    header = lines[header_i]
    match = _CASE_HEADER.match(header.content)
    decision = IpuDecision(
        source_id=source_id,
        case_id=match.group("id"),
        case_id_start=header.start + match.start("id"),
        case_id_end=header.start + match.end("id"),
        person=match.group("persons"),
        person_start=header.start + match.start("persons"),
        person_end=header.start + match.end("persons"),
    )
    front = lines[header_i + 1: end_of_front]
    box_lines = _side_box(decision, front, text)
    taken = set(box_lines)
    adoption_lines = _adoption(decision, front, text, taken)
    taken |= adoption_lines
    taken |= _persons(decision, front, text, taken)
    summary_i = _find(lines, _SUMMARY_HEADING, header_i + 1, end_of_front)
    violations_end = summary_i if summary_i is not None else end_of_front
    taken |= _violations(decision, lines, header_i, violations_end, text, taken)
    summary_start = summary_i + 1 if summary_i is not None else header_i + 1
    decision.paragraphs = _summary([line for line in lines[summary_start:end_of_front] if line.number not in taken],
                                   text)
    if decision_i is None:
        # Without "B. Decision", "The Committee on ..." closes what came before paragraph 1
        # (or, in older decisions, opens it: "The Governing Council ..., Considering ...").
        for index in (-1, 0):
            if decision.paragraphs and _PREAMBLE.match(decision.paragraphs[index]["text"]):
                preamble = decision.paragraphs.pop(index)
                decision.decision_preamble = preamble["text"]
                decision.decision_preamble_start = preamble["char_start"]
                decision.decision_preamble_end = preamble["char_end"]
                for number, paragraph in enumerate(decision.paragraphs, 1):
                    paragraph["number"] = number
                break
    _decision_part(decision, lines, (decision_i + 1) if decision_i is not None else first_operative, text, fail,
                   furniture, numbered)
    decision.sentences = [Sentence(start, end, f"{p['part']} {p['number']}") for p in decision.paragraphs
                          for start, end in split_sentences(text, p["char_start"], p["char_end"])]
    return decision


def _page_furniture(lines: list[_Line]) -> set[int]:
    """Line numbers of page furniture (see ``_PAGE_FURNITURE``)."""
    found = {line.number for line in lines if _PAGE_FURNITURE.match(line.content)}
    filled = [line for line in lines if not line.blank]
    for i, line in enumerate(filled):
        if not _RUNNING_TITLE.match(line.content):
            continue
        before = filled[i - 1] if i else None
        after = filled[i + 1] if i + 1 < len(filled) else None
        if before is None or before.number in found or _ENDS_SENTENCE.search(before.content) \
                or (after is not None and after.number in found):
            found.add(line.number)
    return found


def _first_unnumbered(lines: list[_Line], decision_i: int | None, furniture: set[int]) -> int | None:
    """The line opening the first operative paragraph of a decision printed without numbers: after
    "B. Decision", or after the preamble ("The Governing Council of the Inter-Parliamentary Union,"),
    the first line with a bullet or an operative verb first (``_operative_opening``); None if none."""
    if decision_i is not None:
        start = decision_i + 1
    else:
        start = next((end for i in range(len(lines)) if (end := _preamble_end(lines, i)) is not None), None)
        if start is None:
            return None
    after_clause = True  # right after the heading or the preamble
    for i in range(start, len(lines)):
        line = lines[i]
        if line.blank or line.number in furniture:
            continue
        if _operative_opening(line.content, after_clause) is not None:
            return i
        after_clause = bool(_ENDS_CLAUSE.search(line.content))
    return None


def _preamble_end(lines: list[_Line], i: int) -> int | None:
    """Index after the preamble when it opens at line ``i`` ("The Committee on the Human Rights of
    Parliamentarians", "The Governing Council of the Inter-Parliamentary Union," over one to three
    lines); None when no whole preamble opens there."""
    if not _PREAMBLE_OPENING.match(lines[i].content):
        return None
    words = []
    for j in range(i, min(i + 3, len(lines))):
        words.append(lines[j].stripped)
        if _PREAMBLE_WHOLE.fullmatch(_reflow(" ".join(words))):
            return j + 1
    return None


def _first_paragraph_one(lines: list[_Line], start: int) -> int | None:
    for i in range(start, len(lines)):
        numbered = _NUMBERED.match(lines[i].content)
        if numbered and int(numbered.group(1)) == 1:
            return i
    return None


# --- the front matter: side box, adoption, persons, violations -----------------

def _box_key(line: _Line) -> tuple[str, int] | None:
    for pattern, key in _BOX_LABELS:
        match = pattern.match(line.content)
        if match:
            return key, match.end()
    return None


def _side_box(decision: IpuDecision, front: list[_Line], text: str) -> set[int]:
    """Fields of the side box, wherever extraction put its lines; returns their line numbers."""
    fields: list[tuple[str, _Line, int, list[_Line]]] = []  # key, label line, value start, lines
    taken: set[int] = set()
    open_field = False
    for line in front:
        found = _box_key(line)
        if found:
            key, value_at = found
            fields.append((key, line, line.start + value_at, [line]))
            taken.add(line.number)
            open_field = True
        elif line.blank:
            open_field = False  # a wrapped value never crosses a blank line
        elif open_field and fields and _continues_box(line) and not _opens_prose(fields[-1][3][-1], line):
            fields[-1][3].append(line)
            taken.add(line.number)
        else:
            open_field = False
    for key, label_line, value_start, group in fields:
        start, end = _block_span(group, value_start)
        start = min(max(start, value_start), end)
        while start < end and text[start].isspace():
            start += 1
        label_end = value_start
        label = _reflow(text[label_line.start:label_end]).rstrip(":").strip(" -•")
        if key == "case":
            label, start = "Case", value_start
        elif key == "parliament":
            label = "Parliament"
        decision.side_box.append({"key": key, "label": label or key, "value": _reflow(text[start:end]),
                                  "char_start": start, "char_end": end})
    return taken


def _opens_prose(previous: _Line, line: _Line) -> bool:
    """After a value that looks complete ("Letter from the Speaker (February 2023)"), a line of
    prose opening with a capital is the summary's, not more of the value: a PDF's text may print
    the summary right under the side box, with no blank line between them."""
    return bool(re.search(r"[.)]\s*$", previous.content)) and line.stripped[:1].isupper() and \
        len(line.stripped.split()) > 6


def _continues_box(line: _Line) -> bool:
    """A wrapped side-box value: short, and not the opening of a part or a paragraph."""
    content = line.stripped
    return (len(content.split()) <= 14 and not _NUMBERED.match(line.content)
            and not any(p.match(line.content) for p in (_SUMMARY_HEADING, _DECISION_HEADING, _VIOLATIONS_HEADING))
            and not re.match(r"^(?:Decision|Resolution) adopted\b", content, re.I))


def _adoption(decision: IpuDecision, front: list[_Line], text: str, taken: set[int]) -> set[int]:
    """The "Decision adopted ... session (Place, date)" sentence, which may wrap over lines."""
    for i, line in enumerate(front):
        if line.number in taken or not re.match(r"^\s*(?:Decision|Resolution) adopted\b", line.content, re.I):
            continue
        group = [line]
        for following in front[i + 1: i + 4]:
            if _ADOPTED.search(_reflow(" ".join(l.content for l in group))) or following.blank:
                break
            group.append(following)
        reflowed = _reflow(" ".join(l.content for l in group))
        match = _ADOPTED.search(reflowed)
        if not match:
            return set()
        start, _ = _block_span(group)
        end = _locate_end(text, start, match.group(0))
        date = None
        try:
            date = parse_date(match.group("date")).value
        except DateError:
            pass  # "2-4 May 2022": kept as written, no single date read
        decision.adoption = {
            "text": match.group(0), "what": match.group("what"), "how": match.group("how"),
            "by": match.group("by"), "session": int(match.group("session")), "place": match.group("place").strip(),
            "date_raw": match.group("date").strip(), "date": date, "char_start": start, "char_end": end,
        }
        return {l.number for l in group}
    return set()


def _locate_end(text: str, start: int, reflowed: str) -> int:
    """Where ``reflowed`` (whitespace collapsed) ends in ``text`` from ``start``."""
    position, words = start, reflowed.split()
    for word in words:
        position = text.index(word, position) + len(word)
    return position


def _persons(decision: IpuDecision, front: list[_Line], text: str, taken: set[int]) -> set[int]:
    """The persons a case concerns: the header's name, or, for a collective case, the list under
    the header (before or after the adoption sentence) and the names in the side box's "Victims:"."""
    counted = _COUNTED.match(decision.person) or "-COLL-" in decision.case_id
    decision.collective = bool(counted)
    if not counted:
        name_start = decision.person_start + len(_HONORIFIC.match(decision.person).group(0)) \
            if _HONORIFIC.match(decision.person) else decision.person_start
        decision.persons = [{"name": text[name_start:decision.person_end], "char_start": name_start,
                             "char_end": decision.person_end}]
        return set()
    used: set[int] = set()
    for line in front:
        if line.number in taken:
            continue  # the adoption sentence or the side box, printed before the list
        if _box_key(line) or _VIOLATIONS_HEADING.match(line.content) or _SUMMARY_HEADING.match(line.content):
            break
        if line.blank:
            if decision.persons:
                break
            continue
        names = _names_on(line, text)
        if names is None:
            break
        decision.persons += names
        used.add(line.number)
    # "Victims: Ms. A, Mr. B and Mr. C" in the side box; a description there
    # ("six opposition members of parliament") names nobody.
    for box_field in decision.side_box:
        if box_field["key"] != "victim":
            continue
        known = {person["name"] for person in decision.persons}
        for person in _split_names(text, box_field["char_start"], box_field["char_end"]) or []:
            if person["name"] not in known:
                decision.persons.append(person)
                known.add(person["name"])
    return used


_LIST_ITEM = LazyPattern(rf"^\s*(?:[-•*\u2022\ue000-\uf8ff]\s*|\d{{1,3}}[.)]\s+)?(?:(?:{CASE_ID})\s*[-–—:]\s*)?")
# Lower-case words a name may hold ("Ana de la Torre", "Ali bin Omar").
_NAME_PARTICLES = frozenset("de del della la las los y e van von der den da das do dos di du le bin binti al el".split())


def _names_on(line: _Line, text: str) -> list[dict] | None:
    """Names listed on one line ("- Ms. Ana Pérez", "Mr. A, Ms. B and Mr. C"), or None if it is prose."""
    lead = _LIST_ITEM.match(line.content).end()
    body = line.content[lead:].rstrip()
    if not body or body.endswith(".") and len(body.split()) > 6 or len(body.split()) > 40:
        return None
    return _split_names(text, line.start + lead, line.start + lead + len(body))


def _split_names(text: str, start: int, end: int) -> list[dict] | None:
    """Names in ``text[start:end]``, separated by commas, semicolons or "and", possibly wrapped over
    lines; None unless every piece is a name.

    A name drops its honorific ("Ms.") and a trailing "(Mr.)"; its span is exact
    and its ``name`` is that span reflowed (a name wrapped over two lines has
    one space where the line broke).
    """
    names = []
    for piece in re.finditer(r"(?:(?!\s+and\s)[^,;])+", text[start:end]):
        raw = piece.group()
        lead = len(raw) - len(raw.lstrip())
        raw = raw.strip()
        if not raw:
            continue
        if raw.lower().startswith("and "):
            lead, raw = lead + 4 + (len(raw[4:]) - len(raw[4:].lstrip())), raw[4:].lstrip()
        honorific = _HONORIFIC.match(raw)
        skip = honorific.end() if honorific else 0
        name = re.sub(r"\s*\((?:Mr|Mrs|Ms)\.?\)$", "", raw[skip:]).rstrip()
        if name.endswith(".") and len(name.split()[-1]) > 2:
            name = name[:-1]  # the sentence's full stop, not an initial
        if not _looks_like_name(name):
            return None
        name_start = start + piece.start() + lead + skip
        names.append({"name": _reflow(name), "char_start": name_start, "char_end": name_start + len(name)})
    return names or None


def _looks_like_name(name: str) -> bool:
    """One to six words, each capitalised or a name particle, no digits, not a count of people."""
    words = name.split()
    return (0 < len(words) <= 6 and words[0][:1].isupper() and not _COUNTED.match(name)
            and not any(ch.isdigit() for ch in name)
            and all(word[:1].isupper() or word in _NAME_PARTICLES for word in words))


def _violations(decision: IpuDecision, lines, header_i, stop, text, taken) -> set[int]:
    heading_i = _find(lines, _VIOLATIONS_HEADING, header_i + 1, stop)
    if heading_i is None:
        return set()
    region = [line for line in lines[heading_i + 1: stop] if line.number not in taken]
    # The list ends at its first blank line after a violation that is followed by a non-bullet block.
    groups: list[tuple[int, list[_Line]]] = []
    bulleted = any(_BULLET.match(line.content) for line in region)
    used = {lines[heading_i].number}
    for block in _blocks(region):
        if groups and not _BULLET.match(block[0].content) and bulleted:
            break  # prose after the list: the summary, when it has no heading
        for line in block:
            bullet = _BULLET.match(line.content)
            if bullet or not bulleted:
                groups.append((line.start + bullet.end() if bullet else None, [line]))
            elif groups:
                groups[-1][1].append(line)
            used.add(line.number)
        if not bulleted:
            break  # without bullets, one line per violation, up to the first blank line
    for value_start, group in groups:
        start, end = _block_span(group, value_start)
        decision.violations.append({"value": _reflow(text[start:end]), "char_start": start, "char_end": end})
    return used


# --- the summary -------------------------------------------------------------------

def _attribution(reflowed: str) -> str:
    if _BY_COMPLAINANT.match(reflowed):
        return "complainant"
    if _BY_AUTHORITIES.match(reflowed):
        return "authorities"
    if _BY_COMMITTEE.match(reflowed):
        return "committee"
    return "summary"


def _summary(region: list[_Line], text) -> list[dict]:
    # In the summary a blank (or whitespace-only) line, or page furniture, ends
    # a paragraph; so does a line opening a new statement after a line that
    # ended a sentence (``_new_statement``), for extractions that lost the
    # blank lines.
    paragraphs = []
    pieces = [piece for block in _blocks(region) for piece in _statements(block)]
    for number, block in enumerate(pieces, start=1):
        start, end = _block_span(block)
        reflowed = _reflow(text[start:end])
        paragraphs.append({"part": "summary", "number": number, "operative_verb": None,
                           "attributed_to": _attribution(re.sub(r"^\d{1,3}\.\s*", "", reflowed)), "text": reflowed,
                           "char_start": start, "char_end": end})
    return paragraphs


# How the IPU opens a statement in a summary: a printed number, who reports it
# ("The complainant", "The authorities", "According to ..."), or the clauses
# of older resolutions ("Considering that", "Recalling", ...).  Capitalised:
# a wrapped line opening with "the authorities" continues a sentence.
_NEW_STATEMENT = re.compile(
    r"^\s*(?:\d{1,3}\.\s"
    r"|(?:According to|In the view of|As reported by|Considering|Referring to|Recalling|Noting|Taking into account"
    r"|Bearing in mind|Having)\b"
    r"|The complainants?\b|The (?:[\w-]+ ){0,3}?(?:authorities|delegation|[Gg]overnment)\b)")


def _statements(block: list[_Line]) -> list[list[_Line]]:
    """A block of lines cut where a line opens a new statement after a line ending a sentence, or a
    resolution's clause ("Considering that ...,") after a line ending one; a preamble line ("The
    Governing Council of the Inter-Parliamentary Union,") is a piece of its own."""
    pieces = [[block[0]]]
    for previous, line in zip(block, block[1:]):
        if _ENDS_SENTENCE.search(previous.content) and _NEW_STATEMENT.match(line.content) or \
                previous.content.rstrip().endswith(",") and _PREAMBULAR.match(line.content) or \
                _PREAMBLE_WHOLE.fullmatch(_reflow(previous.content)) or _PREAMBLE_WHOLE.fullmatch(_reflow(line.content)):
            pieces.append([line])
        else:
            pieces[-1].append(line)
    return pieces


# The clauses of a resolution's preamble, each ending with a comma: "Referring to the case of ...,",
# "Considering that ...,", "Bearing in mind ...,".
_PREAMBULAR = LazyPattern(
    r"^\s*(?:Referring|Recalling|Considering|Noting|Taking into account|Taking note|Bearing in mind|Having|Mindful"
    r"|Reaffirming|Aware|Deeply concerned|Concerned|Expressing|Welcoming|Regretting|Convinced|Stressing"
    r"|Emphasi[sz]ing|Observing|Acknowledging|Reiterating|Recognizing|Recognising|Underlining)\b")


# --- the decision ----------------------------------------------------------------------

def _operative_verb(reflowed: str) -> str:
    """The operative phrase: the words that open the paragraph before the first word of its object.

    The phrase is the verb with the adverbs around it, a particle or fixed noun
    of the verb (``_PARTICLES``: "Calls on", "Takes note"), a copula's predicate
    ("Is deeply concerned", "Is appalled") and a "to"-infinitive with the
    "-ing" words after it ("Decides to continue examining").  It stops at the
    first other word, which opens the object or clause ("the", "that", "its",
    "deep concern", "with"), and at punctuation ("Concludes, therefore," gives
    "Concludes").
    """
    words = re.split(r"[,;:.()]", reflowed, maxsplit=1)[0].split()
    adverb = _is_adverb

    i = 0
    while i < len(words) - 1 and adverb(words[i]):
        i += 1  # leading adverbs: "Once again urges"
    if i >= len(words):
        return " ".join(words)
    verb = words[i].lower()
    i += 1  # the verb itself
    predicate_taken = verb not in _COPULAS
    while i < len(words):
        word = words[i].lower()
        if adverb(word):
            i += 1
        elif not predicate_taken and re.fullmatch(r"[a-z-]+(?:ed|en|ful|ous|ive|ant|ent|ing)", word):
            predicate_taken = True  # "Is appalled", "Remains confident"
            i += 1
        elif word in _PARTICLES.get(verb, ()):
            verb = ""  # one particle per verb
            i += 1
        elif word == "to" and i + 1 < len(words) and words[i + 1].islower() and \
                words[i + 1] not in _NOT_INFINITIVE:
            i += 2  # "Decides to continue", then its "-ing" words: "examining"
            while i < len(words) and words[i].endswith("ing"):
                i += 1
            break
        else:
            break
    return " ".join(words[:i])


# After "to", a word that cannot be an infinitive: the object has begun ("Urges ... to the").
_NOT_INFINITIVE = frozenset("the a an its his her their this that these those all any".split())


# What may follow the last decision paragraph and is none of it: the footnotes the PDF prints at the end
# ("(1) Servicio Bolivariano ...": a number in brackets and a capital, after a line ending in a full stop,
# so a list inside a paragraph, "Urges: (1) to release ...", stays in it) and an annex ("Annex", "Annex I").
_ANNEX = LazyPattern(r"\s*(?:Annex|Appendix)(?:\s+[IVXLC\d]+)?\s*:?\s*$")
_BACK_MATTER = re.compile(r"\s*\(\d{1,3}\)\s+[A-Z]|" + _ANNEX.pattern)


def _decision_part(decision: IpuDecision, lines, first_i, text, fail, furniture: set[int] = frozenset(),
                   numbered: bool = True) -> None:
    # Only a numbered line starts a paragraph: PDF extraction puts a blank
    # line inside paragraphs (after the line holding the number).  Footnotes
    # and an annex after the last paragraph end the part (``_BACK_MATTER``).  A number
    # out of sequence is text of the paragraph before it.  Page furniture
    # (a blank line by now) cuts the paragraph it interrupts: its text after
    # the page break is a continuation piece of the same number ("piece": 2,
    # 3, ...; no "N." and no operative phrase), so no span holds furniture.
    preamble: list[_Line] = []
    groups: list[tuple[int, int | None, list[_Line], int]] = []  # (number, start, lines, piece)
    # Printed without numbers (``numbered`` False), a paragraph opens at a bullet or an operative verb
    # (``_operative_opening``; once the first is bulleted, only at a bullet) and takes the next number.
    page_break = False
    last_content = ""
    bulleted = False
    for line in lines[first_i:]:
        # Printed without numbers, "2." may still follow where only paragraph 1 lost its own.
        number_match = _NUMBERED.match(line.content) if numbered or groups else None
        if number_match and not _starts_paragraph(line.content, number_match, groups[-1][0] if groups else 0):
            number_match = None
        opening = None
        if not numbered and not line.blank and line.number not in furniture and not number_match:
            opening = _operative_opening(line.content, not groups or page_break or bool(_ENDS_CLAUSE.search(last_content)))
            if opening is not None and bulleted and not _OPERATIVE_BULLET.match(line.content):
                opening = None
        if groups and _BACK_MATTER.match(line.content) and (
                _ANNEX.match(line.content) or re.search(r"\.[\"'”’)]*\s*$", last_content)):
            break  # the footnotes "(1) ..." or an "Annex" after the last paragraph: no paragraph's text
        if not line.blank and line.number not in furniture:
            last_content = line.content
        if line.number in furniture:
            page_break = bool(groups)
        elif number_match:
            groups.append((int(number_match.group(1)), line.start + number_match.start(1), [line], 1))
            page_break = False
        elif opening is not None:
            bulleted = bulleted or not groups and bool(_OPERATIVE_BULLET.match(line.content))
            groups.append(((groups[-1][0] if groups else 0) + 1, line.start + opening, [line], 1))
            page_break = False
        elif groups and page_break and not line.blank:
            number, _, _, piece = groups[-1]
            groups.append((number, None, [line], piece + 1))
            page_break = False
        elif groups:
            groups[-1][2].append(line)
        elif not line.blank:
            preamble.append(line)
    if not groups:
        raise fail(f"decision paragraph 1 ('1. Notes ...', or '- Notes ...') expected after line "
                   f"{lines[first_i - 1].number}, none found")
    if preamble:
        start, end = _block_span(preamble)
        decision.decision_preamble = _reflow(text[start:end])
        decision.decision_preamble_start, decision.decision_preamble_end = start, end

    for number, number_start, group, piece in groups:
        start, end = _block_span(group, number_start)
        paragraph = {"part": "decision", "number": number, "char_start": start, "char_end": end}
        if piece > 1:
            paragraph["piece"] = piece
        reflowed = _reflow(raw_without_number(text, paragraph))
        decision.paragraphs.append(
            {
                "part": "decision",
                "number": number,
                "operative_verb": _operative_verb(reflowed) if reflowed and piece == 1 else None,
                "operative_phrases": operative_phrases(text, start, end, opening=piece == 1),
                "attributed_to": "committee",
                "text": reflowed,
                "char_start": start,
                "char_end": end,
                **({"piece": piece} if piece > 1 else {}),
            }
        )


# A later operative phrase in a paragraph opens a clause after ";" or ":" ("...; considers in this regard
# that", "...; acknowledges, however, that"), or after "and" ("... devoid of purpose and decides not to
# examine the case").  After "and" a copula or a verb that is as often a plain verb of the object's
# sentence ("is", "remains", "finds", "takes"...) is not read as one: precision first.
_CLAUSE_OPENING = re.compile(r"(?:[;:]|\band\b)\s+")
_NOT_AFTER_AND = frozenset("is remains fails fears feels finds looks points refers shares questions doubts draws "
                           "expects agrees asks believes understands supports takes wonders".split())


def operative_phrases(text: str, start: int, end: int, opening: bool = True) -> list[dict]:
    """Every operative phrase of a decision paragraph (``text[start:end]``), with its span: the one that
    opens it (when ``opening``: not a piece continued after a page break) and each later one."""
    found = []
    if opening:
        numbered = re.match(r"\s*(?:\d{1,3}\.)?\s*(?:[-–—•*\u2022]\s*)?", text[start:end])
        at = start + numbered.end()
        phrase = _operative_verb(_reflow(text[at:end]))
        span = _phrase_span(text, at, end, phrase)
        if span:
            found.append({"phrase": phrase, "char_start": span[0], "char_end": span[1]})
    for clause in _CLAUSE_OPENING.finditer(text, start, end):
        words = text[clause.end():end].split()
        i = 0
        while i < len(words) - 1 and _is_adverb(words[i].rstrip(",")):
            i += 1
        if not words or not words[i][:1].islower():
            continue
        verb = words[i].rstrip(",;:")
        if verb not in _OPERATIVE_VERBS or (clause.group(0).lstrip()[:3] == "and" and verb in _NOT_AFTER_AND):
            continue
        phrase = _operative_verb(_reflow(text[clause.end():end]))
        span = _phrase_span(text, clause.end(), end, phrase)
        if span:
            found.append({"phrase": phrase, "char_start": span[0], "char_end": span[1]})
    return found


def _phrase_span(text: str, at: int, end: int, phrase: str) -> tuple[int, int] | None:
    """Where ``phrase`` (words joined by one space) stands from ``at``, across any line breaks."""
    if not phrase:
        return None
    match = re.compile(r"\s+".join(map(re.escape, phrase.split()))).match(text, at, end)
    return (match.start(), match.end()) if match else None


def _starts_paragraph(content: str, numbered: re.Match, previous: int) -> bool:
    """The next number, or the one after it when extraction lost a paragraph's number, opening a
    sentence (an operative verb); any other number at a line's start is text of the paragraph."""
    number = int(numbered.group(1))
    rest = content[numbered.end():].lstrip()
    return number == previous + 1 or (number == previous + 2 and previous > 0 and rest[:1].isupper())


def raw_without_number(text: str, paragraph: dict) -> str:
    """The paragraph's raw source slice, minus a decision paragraph's "N." prefix.

    ``" ".join(raw_without_number(text, p).split()) == p["text"]`` holds exactly.
    """
    raw = text[paragraph["char_start"] : paragraph["char_end"]]
    # A continuation piece after a page break (``"piece"`` > 1) has no number.
    numbered = re.match(r"\d+\.", raw) if paragraph["part"] == "decision" and paragraph.get("piece", 1) == 1 else None
    if numbered:
        raw = raw[numbered.end() :]
    return raw
