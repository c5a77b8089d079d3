"""Offices the document's person held: start and end dates, predecessor, successor, who they served
under and who appointed them (claims about a term: ``subject_table = 'terms'``).

Each rule reads one shape of sentence; the office is a recognised office
(``build.claims.extract.reading``) and the person is the clause's subject
("He", "Serrano", "Mr. Serrano Salgado"): a date in a clause about someone else
is never read ("after Minister Lenin Lara resigned in 2013" gives no date of his).

=====================  ================================================================
rule                   reads
=====================  ================================================================
term_from_to           "He was Minister of the Interior from 13 May 2011 to 15 November
                       2016", "served as X between A and B", "was a member of X between
                       A and B", "became X from A to B"
term_served_between    "He then served between November 2009 and April 2010 as X"
term_dates_first       "From 2011 to 2016, he served as X"
term_made_serving      "he was made X, serving between A and B"
term_tenure            "Serrano's tenure as X, from 2011 to 2016", "During his tenure as
                       X (2012–2016)", "His most influential role came as X from A to B"
term_participle        "Serving as Ecuador's Interior Minister from 2012 to 2016, Serrano ..."
term_same_capacity     "He served in this capacity between A and B" (the office the
                       sentence before gave him)
term_held_until        "He held the position until August 2006" (likewise)
term_start             "was appointed X on A", "was made X in A", "became X in A", "took
                       office as X", "In A, Serrano was designated X", "in A when he was
                       appointed X", "resumed his position as X" (another holding),
                       "was elected President of the National Assembly on A" (a body
                       electing its presiding officer; an election by voters is an
                       election, ``elections``)
term_end               "resigned as X on A", "In A, Serrano resigned as X", "his term of
                       office as X ended in A", "his X, which ended in A", "until the
                       end of his X in A"
term_its_head          "member of the National Assembly ... became its president in A"
term_successor         "He was succeeded by Y" (the office of the sentence, else of the
                       sentence before)
term_predecessor       "succeeded Y as X", "replaced Y as X", "... X after the
                       resignation of Y", "... X after Y resigned"
term_served_under      "Under President Y, he became X", "was appointed X under
                       President Y", "got his first post under President Y when he was
                       made X" (only a president or prime minister; "under" is never an
                       appointment)
term_appointed_by      "was designated X by President Y"
=====================  ================================================================
"""

from __future__ import annotations

import re

from .context import Context
from .patterns import Finding, compile_pattern, is_name, span
from .reading import Reading

ART = r"(?:(?:the|an?) )?"
POSSESSOR = r"(?:[A-Z]\w*'s )?"  # "Ecuador's Interior Minister"
ROLE = r"(?:was|served as|acted as|worked as|became|held the (?:post|position|office) of)"
START = (r"(?:was (?:appointed|named|made|designated|elected|sworn in)(?: as)?|became|took office as"
         r"|assumed (?:the )?(?:office|post|position) of|took control as"
         r"|(?:resumed|returned to) (?:his|her) (?:position|post|role|office) as|returned as"
         r"|served (?:a stint |briefly )?as)")
END = (r"(?:resigned (?:as|from (?:the )?(?:post|office|position) of)|stepped down as"
       r"|left (?:the )?(?:post|office) of|was (?:dismissed|removed|ousted) as)")
_ANOTHER_HOLDING = re.compile(r"resumed|returned")
# A presiding officer is elected by the body itself and takes office at once; anyone else elected
# by voters is read as an election (build.claims.extract.elections), not as the start of a term.
_PRESIDING = re.compile(r"^(?:the )?(?:President|Speaker|Chair|Chairman|Chairwoman|Vice[- ]President) of (?:the )?.*"
                        r"\b(?:Assembly|Congress|Parliament|Senate|Council|Chamber|Court)\b", re.I)

_FROM_TO = [compile_pattern(t) for t in (
    rf"{{SUBJ}} {{ADV}}{ROLE} {ART}{POSSESSOR}{{OFFICE:office}},? {{FROMTO:start:end}}",
    rf"{{POSS}} (?:tenure|term|time|mandate|service) as {ART}{POSSESSOR}{{OFFICE:office}},? {{FROMTO:start:end}}",
    rf"{{POSS}} (?:[\w-]+ ){{0,2}}(?:role|post|position|job) came as {ART}{{OFFICE:office}},? {{FROMTO:start:end}}",
)]
_SERVED_BETWEEN = compile_pattern(rf"{{SUBJ}} {{ADV}}served {{FROMTO:start:end}} as {ART}{{OFFICE:office}}")
_DATES_FIRST = compile_pattern(rf"^{{FROMTO:start:end}}, {{SUBJ}} {{ADV}}(?:served as|was) {ART}{{OFFICE:office}}")
_MADE_SERVING = compile_pattern(
    rf"{{SUBJ}} {{ADV}}(?:was (?:made|appointed|named)|became) {ART}{{OFFICE:office}}, serving {{FROMTO:start:end}}")
_PARTICIPLE = compile_pattern(
    rf"^(?:Serving|Having served|Working) as {ART}{POSSESSOR}{{OFFICE:office}} {{FROMTO:start:end}}, ?{{SUBJ}}")
_SAME_CAPACITY = compile_pattern(
    r"{SUBJ} {ADV}(?:served|remained|continued) in (?:this|that|the same) (?:capacity|position|post|role) "
    r"{FROMTO:start:end}")
_HELD_UNTIL = compile_pattern(
    r"{SUBJ} {ADV}(?:held|kept|retained|remained in) (?:the|this|that|his|her) (?:position|post|office|job|role) "
    r"(?:until|till) {DATE:end}")
_STARTS = [compile_pattern(t) for t in (
    rf"(?:{{SUBJ}}|(?<=[\w\ue000]) and) {{ADV}}(?P<verb>{START}) {ART}{POSSESSOR}{{OFFICE:office}},? (?:in|on) {{DATE:start}}",
    rf"(?:^|, )(?:[Ii]n|[Oo]n) {{DATE:start}},? {{SUBJ}} {{ADV}}(?P<verb>{START}) {ART}{POSSESSOR}{{OFFICE:office}}",
    rf"\b(?:[Ii]n|[Oo]n) {{DATE:start}},? when {{SUBJ}} {{ADV}}(?P<verb>{START}) {ART}{POSSESSOR}{{OFFICE:office}}",
)]
_ENDS = [compile_pattern(t) for t in (
    rf"{{SUBJ}} {{ADV}}{END} {ART}{POSSESSOR}{{OFFICE:office}},? (?:in|on) {{DATE:end}}",
    rf"(?:^|, )(?:[Ii]n|[Oo]n) {{DATE:end}},? {{SUBJ}} {{ADV}}{END} {ART}{POSSESSOR}{{OFFICE:office}}",
    rf"{{POSS}} (?:term(?: of office)?|tenure|mandate|time) as {ART}{{OFFICE:office}} ended(?: [a-z]+){{0,3}} (?:in|on) {{DATE:end}}",
    r"{POSS} {OFFICE:office},? which ended (?:in|on) {DATE:end}",
    r"\bthe end of {POSS} {OFFICE:office} (?:in|on) {DATE:end}",
)]
_ITS_HEAD = compile_pattern(
    r"(?:became|was elected) its (?P<head>president|speaker|chair|chairman|vice[- ]president) (?:in|on) {DATE:start}")
_HELD = compile_pattern(rf"{{SUBJ}} {{ADV}}(?:{ROLE}|{START}|{END}) {ART}{POSSESSOR}{{OFFICE:office}}")
_SUCCESSOR = compile_pattern(rf"{{SUBJ}} was succeeded (?:as {ART}{{OFFICE:office}} )?by {{NAME:who}}")
_PREDECESSORS = [compile_pattern(t) for t in (
    rf"{{SUBJ}} {{ADV}}(?:succeeded|replaced) {{NAME:who}} as {ART}{{OFFICE:office}}",
    r"{OFFICE:office},? (?:after the resignation of|replacing|succeeding) {NAME:who}",
    r"{OFFICE:office},? after {NAME:who} (?:resigned|stepped down)",
)]
_UNDER = [compile_pattern(t) for t in (
    rf"^Under {{NAME:who}}, {{SUBJ}} {{ADV}}(?:{ROLE}|{START}) {ART}{{OFFICE:office}}",
    rf"(?:{ROLE}|{START}) {ART}{{OFFICE:office}},? under {{NAME:who}}",
    rf"\bpost under {{NAME:who}},? when {{SUBJ}} {{ADV}}{START} {ART}{{OFFICE:office}}",
)]
_APPOINTED_BY = compile_pattern(
    rf"was (?:appointed|designated|named)(?: as)? {ART}{{OFFICE:office}},? (?:(?:in|on) {{DATE}} )?by {{NAME:who}}")
_ENDING = re.compile(r"resign|stepped|left|dismiss|removed|ousted|ended|end of")
_BEFORE_HIM = re.compile(r"succeed|replac|resign|stepped")
_ANAPHORA = re.compile(r"capacity|position|post\b|office\b|job\b|role\b|succeeded")
_HEAD_OF_STATE = re.compile(r"^(?:the )?(?:new |former |then-)?(?:President|Prime Minister) ")


def read_offices(reading: Reading, context: Context, vocabularies) -> list[Finding]:
    skeleton = reading.skeleton
    if "\ue002" not in skeleton:  # no office named: only "held the position until ..." may still refer to one
        if context.held_office is None or not _ANAPHORA.search(skeleton):
            return []
    found: list[Finding] = []

    def office_at(match, name="office"):
        start, end = span(match, name)
        entity = reading.entity_at(start)
        return entity.entity, entity.text

    def term(rule, office, prop, value_span, new_holding=False):
        found.append(Finding(rule, reading, "terms", office, prop, value_span, new_holding=new_holding))

    def dates(rule, match, office, new_holding=False):
        for prop, name in (("start_date", "start"), ("end_date", "end")):
            place = span(match, name)
            if place is not None:
                term(rule, office, prop, place, new_holding)

    # Each group of patterns only where the words it needs are (a cheap test before a scan of the sentence).
    dated = "\ue001" in skeleton
    spans = dated and ("rom " in skeleton or "etween " in skeleton or "(\ue001" in skeleton)
    for pattern in _FROM_TO if spans else ():
        for match in pattern.finditer(skeleton):
            dates("term_from_to" if pattern is _FROM_TO[0] else "term_tenure", match, office_at(match))
    for rule, pattern in (("term_served_between", _SERVED_BETWEEN), ("term_dates_first", _DATES_FIRST),
                          ("term_made_serving", _MADE_SERVING), ("term_participle", _PARTICIPLE)) if spans else ():
        for match in pattern.finditer(skeleton):
            dates(rule, match, office_at(match))
    if context.held_office is not None and dated:
        for rule, pattern in (("term_same_capacity", _SAME_CAPACITY), ("term_held_until", _HELD_UNTIL)):
            for match in pattern.finditer(skeleton):
                dates(rule, match, context.held_office)
    for pattern in _STARTS if dated else ():
        for match in pattern.finditer(skeleton):
            office = office_at(match)
            verb = match.group("verb")
            if "elected" in verb and not _elected_by_the_body(office, vocabularies):
                continue
            term("term_start", office, "start_date", span(match, "start"), bool(_ANOTHER_HOLDING.search(verb)))
    for pattern in _ENDS if dated and _ENDING.search(skeleton) else ():
        for match in pattern.finditer(skeleton):
            term("term_end", office_at(match), "end_date", span(match, "end"))
    for match in _ITS_HEAD.finditer(skeleton) if " its " in skeleton else ():
        office = _its_head(reading, match, vocabularies)
        if office is not None:
            term("term_its_head", office, "start_date", span(match, "start"))

    held = [office_at(match) for match in _HELD.finditer(skeleton)]
    for match in _SUCCESSOR.finditer(skeleton) if "succeeded by" in skeleton else ():
        office = office_at(match) if span(match, "office") else (held[-1] if held else context.held_office)
        _person(found, reading, "term_successor", office, "successor", match)
    for pattern in _PREDECESSORS if _BEFORE_HIM.search(skeleton) else ():
        for match in pattern.finditer(skeleton):
            if held or pattern is _PREDECESSORS[0]:
                _person(found, reading, "term_predecessor", office_at(match), "predecessor", match)
    for pattern in _UNDER if "nder " in skeleton else ():
        for match in pattern.finditer(skeleton):
            if _HEAD_OF_STATE.match(match.group("who")):
                _person(found, reading, "term_served_under", office_at(match), "served_under", match)
    for match in _APPOINTED_BY.finditer(skeleton) if " by " in skeleton else ():
        if _HEAD_OF_STATE.match(match.group("who")):
            _person(found, reading, "term_appointed_by", office_at(match), "appointed_by", match)
    if held:
        context.held_office = held[-1]
    return found


def _person(found, reading, rule, office, prop, match) -> None:
    if office is None:
        return
    who_start, who_end = span(match, "who")
    words = reading.flat[who_start:who_end]
    if not is_name(words):
        return
    found.append(Finding(rule, reading, "terms", office, prop, (who_start, who_end),
                         entity_value=("persons", None, words)))


def _elected_by_the_body(office, vocabularies) -> bool:
    """Whether "was elected <office>" starts a term: a presiding officer of an assembly, court or council,
    and no election in the vocabulary seats that office (then it is an election: elections.py)."""
    entity, words = office
    elections = vocabularies["events"].having("seats", entity) if entity is not None else []
    if any(e.get("kind") == "election" for e in elections):
        return False
    name = vocabularies["offices"].name(entity) if entity is not None else words
    return bool(_PRESIDING.match(name))


_OF_PART = re.compile(r"\b(?:of|for) (the .+|[A-Z].+)$")


def _its_head(reading: Reading, match, vocabularies):
    """'member of the National Assembly ... became its president': the president of the National Assembly."""
    before = [e for e in reading.entities if e.kind == "office" and e.end <= match.start()]
    if not before:
        return None
    body = _OF_PART.search(before[-1].text)
    if body is None:
        return None
    words = f"{match.group('head').capitalize()} of {body.group(1)}"
    return vocabularies["offices"].resolve(words), words
