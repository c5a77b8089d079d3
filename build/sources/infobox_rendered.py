"""The infobox of a rendered page, as its plain text prints it.

::

    José Serrano | |                               <- name row (block "caption")
    ---|---|                                       <- the table rule
    Serrano in 2017 | |                            <- image caption (optional)
    3rd President of the National Assembly | |     <- an office: opens block "1"
    In office 14 May 2017 – 9 March 2018 | |       <- term_start, term_end
    Preceded by | Gabriela Rivadeneira |
    Member of the National Assembly | |            <- block "2"
    Incumbent | |                                  <- ongoing
    Assumed office | |                             <- a label whose value is
    14 May 2021 | |                                   on the next row
    Personal details | |                           <- block "personal"
    Born | |
    19 November 1970 (age 55)                      <- value lines without "|"
    Cuenca, Ecuador |
    Political party | PAIS Alliance |

A row is ``Label | value | ...``.  A value may run over lines, each line an
item of a list (``Children | Mateo`` then ``Clara |``; ``Born | |`` then the
date and ``Cuenca, Ecuador |``): a row whose line gives a value without
closing it with "|", or a label-only row, takes the following lines that read
like a value (short, not a sentence) until one closes with a lone "|"; a line
that is only a bracketed remark ("(2007–2013)") stays with the item above.
After a closed value, a line without "|" is a new row when its value follows
("Residence" then "Carondelet Palace (Official) |") or a term is printed under
it (an office); otherwise the infobox has ended and the article starts.  A row with
a label and no value is, by what follows it: an office (a term row, or an
office field like "Preceded by", comes next), the image caption (before any
office), a group heading (inside personal details) or an office whose dates
are not given.  Labels the build has no key for are kept with key None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .infobox import Collector, add_life_event, add_value, split_term
from .sentences import trim_span
from .textlines import Line

TABLE_RULE = re.compile(r"\|?\s*-{3,}\s*(?:\|\s*-{3,}\s*)*\|?")
_TERM_LABEL = re.compile(r"(?P<kind>in office|assumed office|took office)\b[\s:]*(?P<rest>.*)", re.I | re.S)

# Labels as printed (lower case, "(s)" and a trailing colon dropped) -> key.
LABELS = {
    "preceded by": "predecessor", "succeeded by": "successor",
    "president": "served_under", "prime minister": "served_under", "premier": "served_under",
    "constituency": "constituency",
    "born": "born", "died": "died",
    "alma mater": "alma_mater", "education": None,
    "political party": "political_party", "party": "political_party",
    "spouse": "spouse", "children": "children", "residence": "residence",
    "website": "website", "signature": "signature", "occupation": "occupation", "profession": "occupation",
}
OFFICE_FIELDS = {"predecessor", "successor", "served_under", "constituency"}
PERSONAL_FIELDS = {"born", "died", "alma_mater", "political_party", "spouse", "children", "residence",
                   "website", "signature", "occupation"}
_MAX_VALUE_WORDS = 12  # a continuation line is a value, not a sentence of the article


# eq=False, repr=False: nothing compares or prints these, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class _Row:
    label: tuple[int, int]
    values: list[tuple[int, int]] = field(default_factory=list)
    line: int = 0
    # Its value may go on over the next lines: its line gave a value without closing it with "|"
    # ("Children | Ana"), or a line without "|" already continued it.  A line "X |" closes it.
    open: bool = False


def find_infobox(content: list[Line]) -> int | None:
    """Index in ``content`` (non-blank lines after the title) of the first row after the rule, or None."""
    for rule_at in (0, 1):
        if len(content) > rule_at and TABLE_RULE.fullmatch(content[rule_at].text) and \
                (rule_at == 0 or "|" in content[0].text):
            return rule_at + 1
    return None


def infobox_start(content: list[Line]) -> int | None:
    """Where the infobox begins in ``content`` (non-blank lines after the title): its name row, or
    its table rule when it has no name row.  None when no infobox opens before the article does.

    A copied page often prints lines between the title and the infobox ("From Wikipedia, the free
    encyclopedia", "Jump to navigation", a hatnote, a naming-customs note, the honorific above the
    name, maintenance notices): the first table rule within ``MAX_LINES_BEFORE_INFOBOX`` lines,
    before any section heading ("[edit]") or paragraph of prose, opens the infobox; what comes
    before it is the page's, not the infobox's.
    """
    for index, line in enumerate(content[:MAX_LINES_BEFORE_INFOBOX + 2]):
        if "[edit]" in line.text or len(line.text.split()) > _MAX_NOTE_WORDS:
            return None  # the article has begun: a table further down is none of the infobox
        if TABLE_RULE.fullmatch(line.text):
            above = content[index - 1] if index else None
            if above is None or "|" not in above.text:
                return index  # the rule right under the title, or under a name printed without "|"
            _, *rest = above.text.split("|")
            # The infobox's name row is a label alone ("José Serrano | |"); a table of the article
            # has a header of several columns ("Year | Votes |").
            return index - 1 if not any(cell.strip() for cell in rest) else None
    return None


# Lines a copied page prints between its title and the infobox: the site's lines, hatnotes, notices
# of a few lines each; never a paragraph of the article (longer than any of them).
MAX_LINES_BEFORE_INFOBOX = 40
_MAX_NOTE_WORDS = 60


def parse_rendered_infobox(source_id: str, text: str, content: list[Line]) -> tuple[list[dict], int]:
    """Fields of the infobox at the top of ``content``, and how many lines it took (0: none)."""
    first = find_infobox(content)
    if first is None:
        return [], 0
    box = Collector(source_id, text)
    if first == 2:  # the name row above the rule
        name = _cells(text, content[0])[0]
        box.add("caption", "name", "name", *name)
    rows, used = _rows(text, content, first)
    _interpret(box, text, rows)
    return box.fields, used


def _cells(text: str, line: Line) -> list[tuple[int, int]]:
    cells, pos = [], line.start
    for part in line.text.split("|"):
        cells.append(trim_span(text, pos, pos + len(part)))
        pos += len(part) + 1
    return cells


def _reads_like_value(line: Line) -> bool:
    words = line.text.split()
    sentence = line.text.rstrip().endswith(".") and len(words) >= 6
    return len(words) <= _MAX_VALUE_WORDS and not sentence


# A line that is only a bracketed remark ("(2007–2013)", "(Official)", "(age 46)") belongs to the
# value item above it; the page's hidden ISO copy of a date ("(1970-11-19)") opens the date instead.
_REMARK = re.compile(r"\((?!\d{4}(?:-\d{2}){0,2}\))[^()]*\)")


def _is_closing(line: Line) -> bool:
    """"X |": one cell closed by the row's "|", the last line of a value that ran over lines."""
    return line.text.endswith("|") and line.text.count("|") == 1 and len(line.text) > 1


def _add_piece(row: _Row, span: tuple[int, int], text: str) -> None:
    """One more line of a row's value: a new item, or the bracketed remark of the item above."""
    if row.values and _REMARK.fullmatch(text[span[0]:span[1]]):
        row.values[-1] = (row.values[-1][0], span[1])
    else:
        row.values.append(span)


def _awaits_value(text: str, row: _Row) -> bool:
    """A known field printed with no value ("Residence |"), or a birth or death given only its date
    ("Born | 1 May 1970 (age 55) |"): the next line "X |" is its value, or its place."""
    key = _label_key(text[slice(*row.label)])
    return (not row.values and key[0]) or (key[1] in ("born", "died") and len(row.values) == 1)


def _rows(text: str, content: list[Line], i: int) -> tuple[list[_Row], int]:
    """The rows from ``content[i]`` to the infobox's end, and the index of the first line after it.

    A value may run over several lines, each an item of a list (two children, a party per period):
    ``Label | A`` then ``B |``, or ``Label | |`` then lines ``A``, ``B |``.  The line ending with a
    lone "|" closes it; a line after that is a new row (a label whose value is on the next line,
    "Residence" then "Carondelet Palace (Official) |"), or the article, never more of the value.
    """
    rows: list[_Row] = []
    while i < len(content):
        line = content[i]
        last = rows[-1] if rows else None
        if "|" in line.text:
            if not TABLE_RULE.fullmatch(line.text):
                label, *rest = _cells(text, line)
                values = [cell for cell in rest if cell[0] < cell[1]]
                if last and last.open and not values:
                    _add_piece(last, label, text)  # "Cuenca, Ecuador |" closes a value that ran over lines
                    last.open = False
                elif last and not values and _is_closing(line) and _awaits_value(text, last) and \
                        not _label_key(text[slice(*label)])[0]:
                    last.values.append(label)  # "Residence |" then "Carondelet Palace (Official) |"
                elif label[0] < label[1] or values:
                    rows.append(_Row(label, values, line.no, open=bool(values) and not line.text.endswith("|")))
        elif _TERM_LABEL.fullmatch(line.text) or line.text.lower() in ("incumbent", "personal details") or \
                (last is None or _heads_term(content, i)) and _reads_like_value(line):
            # A row printed without its "| |": a term label, a heading, the caption at the top, or an
            # office, known by the term printed under it.
            rows.append(_Row((line.start, line.end), [], line.no))
        elif last and (last.open or not last.values) and _reads_like_value(line):
            _add_piece(last, (line.start, line.end), text)
            last.open = True
        elif last and _reads_like_value(line) and _opens_row(text, content, i):
            rows.append(_Row((line.start, line.end), [], line.no, open=True))  # its value is on the next line
        else:
            break
        i += 1
    return rows, i


def _heads_term(content: list[Line], i: int) -> bool:
    """The line before a term label ("In office", "Assumed office", "Incumbent") names the office."""
    following = content[i + 1].text if i + 1 < len(content) else ""
    return bool(_TERM_LABEL.match(following)) or following.lower().startswith("incumbent")


def _opens_row(text: str, content: list[Line], i: int) -> bool:
    """A line without "|" after a closed row is a label when its value follows: it names a known
    field, or the next line is a value closed by "|"."""
    following = content[i + 1] if i + 1 < len(content) else None
    return _label_key(content[i].text)[0] or (following is not None and _is_closing(following))


def _label_key(label: str) -> tuple[bool, str | None]:
    """(whether the label is known, its key)."""
    name = " ".join(label.lower().replace("(s)", "").rstrip(":").split())
    return name in LABELS, LABELS.get(name)


def _is_term(text: str, row: _Row) -> bool:
    return bool(_TERM_LABEL.fullmatch(text[slice(*row.label)]))


def _opens_office(text: str, rows: list[_Row], index: int) -> bool:
    """A label-only row is an office when a term row or an office field follows it."""
    if index + 1 >= len(rows):
        return False
    following = rows[index + 1]
    label = text[slice(*following.label)]
    return _is_term(text, following) or label.strip().lower() == "incumbent" or \
        _label_key(label)[1] in OFFICE_FIELDS


def _interpret(box: Collector, text: str, rows: list[_Row]) -> None:
    block, offices, pending = None, 0, None  # pending: a term label still waiting for its dates
    in_office = lambda: block not in (None, "personal", "caption")  # noqa: E731
    for index, row in enumerate(rows):
        label = text[slice(*row.label)]
        known, key = _label_key(label)
        term = _TERM_LABEL.fullmatch(label)
        if pending is not None and not row.values and split_term(text, *row.label) != (None, None, None):
            _add_term(box, block, pending, row.label)  # "Assumed office | |" then "14 May 2021 | |"
            pending = None
            continue
        pending = None
        if term:
            if not in_office():
                box.add(block or "caption", None, label, *row.label)
                continue
            kind = term["kind"]
            if kind.lower() != "in office":
                box.add(block, "ongoing", label, row.label[0], row.label[0] + len(kind))
            rest = trim_span(text, row.label[0] + term.start("rest"), row.label[1])
            dates = rest if rest[0] < rest[1] else (row.values[0] if row.values else None)
            if dates is None:
                pending = label
            else:
                _add_term(box, block, label, dates)
            continue
        if not row.values and label.strip().lower() == "incumbent":
            box.add(block if in_office() else (block or "caption"), "ongoing" if in_office() else None, label,
                    *row.label)
            continue
        if not row.values and label.strip().lower() == "personal details":
            block = "personal"
            continue
        if key in ("born", "died"):
            add_life_event(box, "personal", label, "birth" if key == "born" else "death", row.values)
        elif key in PERSONAL_FIELDS:
            # A label with no text value (a signature image) is kept as printed.
            for value in row.values or [row.label]:
                add_value(box, "personal", key if row.values else None, label, *value, comma_separated=False)
        elif key in OFFICE_FIELDS:
            for value in row.values:
                box.add(block if in_office() else (block or "caption"), key if in_office() else None, label, *value)
        elif not row.values and not known:
            if _opens_office(text, rows, index) or in_office():
                offices += 1
                block = str(offices)
                box.add(block, "office", label, *row.label)
            elif block is None:
                box.add("caption", "caption", label, *row.label)
            else:  # a group heading inside personal details ("Military service")
                box.add(block, None, label, *row.label)
        else:
            for value in row.values or [row.label]:
                box.add(block or "caption", None, label, *value)


def _add_term(box: Collector, block: str, label: str, dates: tuple[int, int]) -> None:
    start, end, ongoing = split_term(box.text, *dates)
    if start is None:
        box.add(block, None, label, *dates)  # dates the build cannot read: kept, no claim
        return
    box.add(block, "term_start", label, *start)
    if end is not None:
        box.add(block, "term_end", label, *end)
    if ongoing is not None:
        box.add(block, "ongoing", label, *ongoing)
