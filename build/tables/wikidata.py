"""``wikidata_properties``: how the record's properties map to Wikidata's (``build.claims.wikidata``)."""

from ..claims.wikidata import wikidata_rows
from .bulk import insert_rows


def add_wikidata_properties(db) -> None:
    insert_rows(db, "wikidata_properties", wikidata_rows())
