"""Awards conferred on the document's person: the award's name, who conferred it and when.

=================  =====================================================================
rule               reads
=================  =====================================================================
award_passive      "On December 6, 2014, José Serrano was awarded the "María Verónica
                   Cordovez" Merit Award by the Municipality of ...", "In September
                   2016, José Serrano was honored with the Gold Medal of the Castellón
                   Local Police", "Serrano was also awarded the Medalla Estrella by the
                   National Police of Colombia in November 2016", "... was honored by the
                   U.S. Drug Enforcement Administration (DEA)" (no award named: the award
                   the vocabulary says that body confers)
award_active       "On 27 April 2015, the Embassy of Chile in Ecuador awarded Interior
                   Minister José Serrano the Orden Bernardo O'Higgins", "the Local Police
                   of Castellón, Spain, presented him with the Medalla de Oro", "The
                   Municipality of ... has awarded the merit award "..." to the Minister
                   of the Interior, José Serrano Salgado", "the DEA honored Ecuador's
                   Interior Minister, José Serrano Salgado"
award_received     "He received the National Order of Merit ... by the Government of Ecuador"
award_including    "... earned him recognition, including the prestigious Drug
                   Enforcement Administration recognition in 2016"
=================  =====================================================================

The award is a name or alias of ``data/vocabularies/awards.yml`` or has an
award's shape (capitalised words with "Medal", "Order", "Cross", "Award",
"Prize", "Medalla", "Orden"...; an unknown one becomes provisional); the body
that conferred it is a name or alias of ``organizations.yml`` (an unknown body
is not read: an award's grantor is named the way the vocabulary names it).
"The Gold Medal of the Castellón Local Police" names its grantor too.
"""

from __future__ import annotations

import re

from .context import Context
from .patterns import Finding, compile_pattern, span
from .reading import FILL, Reading

_AWARD_WORD = r"(?:Medal|Medalla|Order|Orden|Cross|Cruz|Award|Prize|Premio|Decoration|Condecoración|Star|Estrella)"
_AWARD_SHAPE = re.compile(
    rf"(?:\"[^\"]{{2,60}}\" )?(?:[A-Z][\w'-]* )*{_AWARD_WORD}\b(?:(?: (?:of|del?|y|in the degree of)(?: the)?)?"
    rf"(?: [A-Z\"][\w'\"-]*)+)*")
_SIGIL_A, _SIGIL_G = "\ue004", "\ue005"
_AWARD = f"(?P<award>{_SIGIL_A}{FILL}*)"
_ORG = f"(?P<org>{_SIGIL_G}{FILL}*)"
_DATE_INTRO = r"(?:(?:[Oo]n|[Ii]n) {DATE:date}, )?"
_WHEN = r"(?: in [A-Z][\w]+)?(?:,? (?:in|on) {DATE:date})?"
_OBJECT = r"(?:[A-Z]\w*'s )?(?:[^.;:]{0,60}?,? )?(?:{SELF}|him|her)(?!\w)"
_PATTERNS = [("award_passive", compile_pattern(t)) for t in (
    rf"{_DATE_INTRO}{{SUBJ}}(?:, [^,]+,)? was (?:also )?(?:awarded|honou?red with|presented with|given|granted|"
    rf"decorated with) (?:the )?{_AWARD}(?: by (?:the )?{_ORG})?{_WHEN}",
    rf"{_DATE_INTRO}{{SUBJ}}(?:, [^,]+,)? was (?:also )?(?:honou?red|decorated|recogni[sz]ed) by (?:the )?{_ORG}{_WHEN}",
)] + [("award_active", compile_pattern(t)) for t in (
    rf"{_DATE_INTRO}(?:[Tt]he )?{_ORG},? (?:\w+ )?(?:has |had )?(?:awarded|presented|conferred|bestowed) "
    rf"{_OBJECT},? (?:with )?(?:the )?{_AWARD}",
    rf"{_DATE_INTRO}(?:[Tt]he )?{_ORG},? (?:\w+ )?(?:has |had )?(?:awarded|presented|conferred|bestowed) "
    rf"(?:the )?{_AWARD} (?:on |to ){_OBJECT}",
    rf"{_DATE_INTRO}(?:[Tt]he )?{_ORG},? (?:\w+ )?(?:has |had )?(?:honou?red|decorated) {_OBJECT}",
)] + [("award_received", compile_pattern(t)) for t in (
    rf"{_DATE_INTRO}{{SUBJ}} {{ADV}}received (?:the )?{_AWARD}(?: (?:by|from) (?:the )?{_ORG})?{_WHEN}",
)] + [("award_including", compile_pattern(t)) for t in (
    rf"\bearned (?:him|her) (?:[\w-]+ ){{0,3}}recognition, including (?:the )?(?:\w+ )?{_AWARD} in {{DATE:date}}",
)]


def read_awards(reading: Reading, context: Context, vocabularies) -> list[Finding]:
    skeleton, awards, organizations = _mark(reading, vocabularies)
    if not awards and not organizations:
        return []
    found: list[Finding] = []
    seen: set[tuple[str, tuple[int, int]]] = set()

    def add(rule, award, prop, place, entity_value=None):
        if place is not None and (prop, place) not in seen:
            seen.add((prop, place))
            found.append(Finding(rule, reading, "awards", award, prop, place, entity_value=entity_value))

    for rule, pattern in _PATTERNS:
        for match in pattern.finditer(skeleton):
            org = span(match, "org")
            org_id = organizations[org[0]][0] if org else None
            where = span(match, "award")
            if where is not None:
                award_id, words = awards[where[0]]
                if words.lower().startswith("the "):  # the award's name, without the article before it
                    where, words = (where[0] + 4, where[1]), words[4:]
                award = (award_id, words)
                add(rule, award, "name", where, ("awards", award_id, words))
                granted_in = _grantor_in_name(reading, where, vocabularies)
                if org is None and granted_in is not None:
                    org, org_id = granted_in
            elif org_id is not None:  # honoured by a body: the award the vocabulary says it confers
                conferred = [entry["id"] for entry in vocabularies["awards"].having("conferred_by", org_id)
                             if not entry.get("provisional")]
                if len(conferred) != 1:
                    continue
                award = (conferred[0], vocabularies["awards"].name(conferred[0]))
            else:
                continue
            add(rule, award, "date", span(match, "date"))
            if org is not None:
                if reading.flat[org[0]:org[1]].lower().startswith("the "):  # the body's name, without the article
                    org = (org[0] + 4, org[1])
                add(rule, award, "conferred_by", org, ("organizations", org_id, reading.flat[org[0]:org[1]]))
    return found


# Only a sentence with one of these words can state an award (a cheap test before any pattern).
_GATE = ("award", "honor", "honour", "medal", "decorat", "conferr", "recogni", "present", "received", "order",
         "orden", "prize", "cross", "cruz")


def _mark(reading: Reading, vocabularies):
    """The skeleton with awards and organizations marked; {start: (id or None, words)} for each."""
    flat = reading.flat
    lower = reading.lower
    if not any(word in lower for word in _GATE):
        return reading.skeleton, None, None
    taken = [(e.start, e.end) for e in reading.entities]
    pieces: list[tuple[int, int, str]] = []
    awards, organizations = {}, {}
    candidates = [(s, e, "a", a) for s, e, a in reading.mentions("awards")]
    for match in _AWARD_SHAPE.finditer(flat.replace("“", '"').replace("”", '"')):
        words = match.group().strip()
        candidates.append((match.start(), match.start() + len(words), "a", vocabularies["awards"].resolve(words)))
    candidates += [(s, e, "g", g) for s, e, g in reading.mentions("organizations")]
    # Longest first; at equal length what a vocabulary names before a guess by shape ("Red Cross of Ecuador" is
    # the organization the vocabulary knows, not an award because it holds "Cross").
    for start, end, kind, entity in sorted(candidates, key=lambda c: (c[0] - c[1], c[3] is None, c[2] != "a", c[0])):
        if start >= end or any(a < end and start < b for a, b in taken):
            continue
        taken.append((start, end))
        sigil = _SIGIL_A if kind == "a" else _SIGIL_G
        pieces.append((start, end, sigil))
        (awards if kind == "a" else organizations)[start] = (entity, flat[start:end])
    if not pieces:
        return reading.skeleton, awards, organizations
    skeleton = reading.skeleton
    for start, end, sigil in pieces:
        skeleton = skeleton[:start] + sigil + FILL * (end - start - 1) + skeleton[end:]
    return skeleton, awards, organizations


_OF_ORG = re.compile(r" of (?:the )?(.+)$")


def _grantor_in_name(reading: Reading, where, vocabularies):
    """'the Gold Medal of the Castellón Local Police': the body named after 'of', if the vocabulary knows it."""
    words = reading.flat[where[0]:where[1]]
    match = _OF_ORG.search(words)
    if match is None:
        return None
    org = vocabularies["organizations"].resolve(match.group(1))
    if org is None:
        return None
    start = where[0] + match.start(1)
    return (start, where[1]), org
