"""``revision_changes`` (what changed between consecutive revisions) and
``claims_to_review`` (claims a later revision did not simply carry)."""

from .bulk import insert_rows
from .revisions import Carried, RevisionPair, change_rows


def add_revision_tables(db, pairs: list[RevisionPair], carried: Carried) -> None:
    insert_rows(db, "revision_changes", change_rows(pairs))
    insert_rows(db, "claims_to_review", carried.reviews)
