"""Consistency across facts: the checks a careful fact-checker runs, declared once.

A conflict is two values for one fact.  A *finding* is facts that cannot all
be true together, each of which looks fine alone: a term that ends before it
starts, an election years before the term it seated, an award given to "the
Minister of the Interior" on a date outside his term.  Like Wikidata's
property constraints, each rule is declared once (``RULES``: a name, a
plain-language description, a severity and the facts it reads) and run over
every person's facts; its findings name the claims involved and each claim's
role.

Dates are intervals (a claim's ``date_start`` .. ``date_end``), and a rule
fires only when the facts cannot be reconciled at the precision they have: a
term "from May 2012" may still have started before "13 May 2012", so near
misses stay silent.  Severities: ``error`` (the facts cannot all be true),
``warning`` (possible, but implausible enough to check) and ``review`` (a
source's own evidence, such as a cited article's date, does not match the
fact it supports).

Findings are computed from the claims and the resolved record, never typed in;
their ids derive from the rule and the subject, so rebuilding gives the same
ids.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

SEVERITIES = ("error", "warning", "review")


class Rule(NamedTuple):
    name: str
    description: str
    severity: str
    reads: str  # the facts it reads, for the README and the about page
    check: Callable  # (Facts) -> list[Finding]


# eq=False, repr=False: nothing compares or prints these, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class Finding:
    rule: str
    subject: str  # what it is about, for the id: a term, a person, an event
    summary: str
    claims: list[tuple[dict, str]] = field(default_factory=list)  # (claim, role)
    person_id: str | None = None
    severity: str = ""
    id: str = ""


def day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def span(claim: dict) -> tuple[datetime.date, datetime.date]:
    """The days a date claim allows."""
    return day(claim["date_start"]), day(claim["date_end"])


def distinct_spans(claims) -> dict[tuple[datetime.date, datetime.date], list[dict]]:
    """Date claims grouped by the days they allow, in the order first seen.

    Rules compare values, not claims: 1,000 revisions of one article repeat one
    date 1,000 times, and comparing every start claim with every end claim was
    a million comparisons per term (19 s of a 60 s build).  A finding still
    names every claim stating the values it is about, and its summary every
    witness (``Witnesses.describe``).
    """
    groups: dict[tuple[str, str], list[dict]] = {}
    for claim in claims:
        groups.setdefault((claim["date_start"], claim["date_end"]), []).append(claim)
    return {(day(start), day(end)): members for (start, end), members in groups.items()}


def certainly_after(later, earlier) -> list[tuple[list[dict], list[dict]]]:
    """Pairs (claims of one value of ``later``, claims of one value of ``earlier``) where the first
    value certainly comes after the second (its first possible day is past the other's last), in the
    order the values were first seen: the date claims ``later`` should not exceed ``earlier``."""
    later, earlier = distinct_spans(later), distinct_spans(earlier)
    return [(later[a], earlier[b]) for a in later for b in earlier if a[0] > b[1]]


def finding_id(rule: str, subject: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{rule}-{subject}".lower()).strip("-")


def run_rules(facts, rules) -> list[Finding]:
    """Every rule (``build.compare.rules.RULES``) over the facts; findings in a stable order with unique ids."""
    found, seen = [], {}
    for rule in rules:
        for finding in rule.check(facts):
            finding.severity = rule.severity
            base = finding_id(rule.name, finding.subject)
            seen[base] = seen.get(base, 0) + 1
            finding.id = base if seen[base] == 1 else f"{base}-{seen[base]}"
            found.append(finding)
    return found
