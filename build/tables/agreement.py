"""``document_agreement``: the pairs of documents and how often they agree (``build.compare.agreement``)."""

from ..compare.agreement import agreement_rows
from .bulk import insert_rows


def add_document_agreement(db, facts: list[tuple], document_of: dict[str, str]) -> None:
    insert_rows(db, "document_agreement", agreement_rows(facts, document_of))
