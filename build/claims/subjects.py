"""Whose fact a claim states: the subject model, in one place.

Every claim is about a *subject*: a row of one of the record's tables.  Facts
belong to people, so the subjects of four tables are per person:

=============  =====================================  ===========================
table          subject                                id
=============  =====================================  ===========================
persons        the person                             ``<person>``
terms          a person holding an office (Nth time)  ``<person>-<office>-<N>``
awards         an award conferred on a person         ``<person>-<award>``
events         an event in a person's life            ``<person>-<event>``
indicators     a figure (not a person's)              ``<indicator>``
=============  =====================================  ===========================

A claim carries the parts as columns (``person_id``, ``entity_id``,
``holding``) so nothing ever parses an id back.  Two claims can only be
compared when their subject ids are equal, so claims about two people never
meet in a conflict.
"""

from __future__ import annotations

from typing import NamedTuple

PER_PERSON = ("persons", "terms", "awards", "events")


class Subject(NamedTuple):
    table: str
    entity: str  # the vocabulary id: the person, office, award, event or indicator
    person: str | None = None  # whose fact; None for an indicator
    holding: int | None = None  # terms only: the person's Nth holding of the office

    @property
    def id(self) -> str:
        if self.table == "terms":
            return f"{self.person}-{self.entity}-{self.holding}"
        if self.table in ("awards", "events"):
            return f"{self.person}-{self.entity}"
        return self.entity

    def columns(self) -> dict:
        """The claim columns that name this subject."""
        return {"subject_table": self.table, "subject_id": self.id, "person_id": self.person,
                "entity_id": self.entity, "holding": self.holding}


def person_subject(person: str) -> Subject:
    return Subject("persons", person, person)
